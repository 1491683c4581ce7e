use std::path::Path;

use crate::cli::InitArgs;
use crate::output::print;

use super::{Outcome, resolve};

pub fn run(cwd: &Path, args: &InitArgs) -> anyhow::Result<Outcome> {
    let dir = match &args.dir {
        Some(dir) => resolve(cwd, dir),
        None => cwd.to_path_buf(),
    };
    let written = crate::init::init(&dir)?;
    let mut text = format!("created a registry in {} with:\n", dir.display());
    for path in written {
        text.push_str(&format!("  {path}\n"));
    }
    text.push_str("next: edit the files, then run `milepost check`\n");
    print(&text)?;
    Ok(Outcome::Success)
}
