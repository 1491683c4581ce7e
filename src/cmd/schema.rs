use std::fs;
use std::path::Path;

use anyhow::Context;

use crate::cli::SchemaArgs;
use crate::output::print;
use crate::schema::SchemaKind;

use super::{Outcome, resolve};

pub fn run(cwd: &Path, args: &SchemaArgs) -> anyhow::Result<Outcome> {
    let out = resolve(cwd, &args.out);
    fs::create_dir_all(&out).with_context(|| format!("cannot create folder {}", out.display()))?;
    let mut text = String::new();
    for kind in SchemaKind::ALL {
        let path = out.join(kind.file_name());
        fs::write(&path, kind.text())
            .with_context(|| format!("cannot write {}", path.display()))?;
        text.push_str(&format!("wrote {}\n", path.display()));
    }
    print(&text)?;
    Ok(Outcome::Success)
}
