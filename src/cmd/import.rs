use std::path::Path;

use anyhow::Context;

use crate::cli::ImportChangelogArgs;
use crate::edit::new::resolve_owner;
use crate::import::changelog::parse;
use crate::import::write::{ImportRequest, import};
use crate::load::find_root;
use crate::output::print;

use super::{Outcome, edit_outcome, resolve};

pub fn run(cwd: &Path, args: &ImportChangelogArgs) -> anyhow::Result<Outcome> {
    let root = find_root(cwd)?;
    let path = resolve(cwd, &args.file);
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let checked = crate::check_registry(&root);
    let git_email = crate::git::GitRepo::discover(&root)
        .ok()
        .and_then(|r| r.user_email());
    if let Some(owner) = &args.owner {
        crate::names::person(&checked.registry, owner)?;
    }
    let owner = match edit_outcome(resolve_owner(
        &checked.registry,
        args.owner.as_deref(),
        git_email.as_deref(),
    ))? {
        Ok(owner) => owner,
        Err(outcome) => return Ok(outcome),
    };
    let log = parse(&text);
    let source = args.file.display().to_string();
    let request = ImportRequest {
        owner: &owner,
        source: &source,
        dry_run: args.dry_run,
    };
    let imported = match edit_outcome(import(&root, &checked.registry, &log, &request))? {
        Ok(imported) => imported,
        Err(outcome) => return Ok(outcome),
    };
    for note in &imported.notes {
        eprintln!("note: {source}:{}: {}", note.line, note.message);
    }
    let verb = if args.dry_run {
        "would import"
    } else {
        "imported"
    };
    print(&format!(
        "{verb} {} releases with {} changes{}\n",
        imported.releases.len(),
        imported.changes,
        if imported.notes.is_empty() {
            String::new()
        } else {
            format!("; {} notes above", imported.notes.len())
        }
    ))?;
    Ok(Outcome::Success)
}
