use std::path::Path;

use crate::cli::FmtArgs;
use crate::edit::fmt::format_toml;
use crate::edit::{Spelling, replace_if_unchanged};

use crate::load::{FileKind, find_root, load};
use crate::output::print;
use crate::schema::SchemaKind;
use anyhow::Context;

use super::Outcome;

fn schema_of(kind: &FileKind) -> Option<SchemaKind> {
    Some(match kind {
        FileKind::Settings => SchemaKind::Settings,
        FileKind::Teams => SchemaKind::Teams,
        FileKind::Calendar => SchemaKind::Calendar,
        FileKind::Environment { .. } => SchemaKind::Environment,
        FileKind::Release { .. } => SchemaKind::Release,
        FileKind::Incident { .. } => SchemaKind::Incident,
        _ => return None,
    })
}

pub fn run(cwd: &Path, args: &FmtArgs) -> anyhow::Result<Outcome> {
    let root = find_root(cwd)?;
    let loaded = load(&root);
    let mut files = loaded.files;
    files.sort_by(|a, b| a.1.path.cmp(&b.1.path));
    let mut changed = Vec::new();
    let mut broken = 0;
    for (kind, file) in &files {
        let Some(schema) = schema_of(kind) else {
            continue;
        };
        // The file as it is on disk, so that its BOM and CRLF line ends are kept.
        let raw = std::fs::read_to_string(&file.disk_path)
            .with_context(|| format!("cannot read {}", file.path))?;
        let (spelling, text) = Spelling::split(&raw);
        match format_toml(schema, &text).map(|f| spelling.apply(&f)) {
            Ok(formatted) if formatted != raw => {
                if !args.check {
                    // Only over the text formatted: an edit made meanwhile is not lost.
                    replace_if_unchanged(&file.disk_path, &raw, &formatted)?;
                }
                changed.push(file.path.clone());
            }
            Ok(_) => {}
            Err(err) => {
                // Never rewrite what does not parse.
                let at = err.span().map_or(0, |s| s.start);
                let pos = crate::source::SourceFile::new(
                    file.path.clone(),
                    file.disk_path.clone(),
                    text.clone(),
                )
                .position(at);
                eprintln!(
                    "error: {}:{}:{}: {}; not formatted",
                    file.path,
                    pos.line,
                    pos.column,
                    err.message().trim_end()
                );
                broken += 1;
            }
        }
    }
    let mut text = String::new();
    for path in &changed {
        text.push_str(&format!(
            "{}{path}\n",
            if args.check {
                "would format "
            } else {
                "formatted "
            }
        ));
    }
    print(&text)?;
    Ok(if broken > 0 || (args.check && !changed.is_empty()) {
        Outcome::Problems
    } else {
        Outcome::Success
    })
}
