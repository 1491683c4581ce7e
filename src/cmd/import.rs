use std::path::Path;

use anyhow::Context;

use crate::cli::ImportChangelogArgs;
use crate::edit::new::resolve_owner;
use crate::import::changelog::{Mapping, parse_with};
use crate::import::write::{ImportRequest, Imported, import};
use crate::load::{find_root, load};
use crate::output::print;

use super::{Outcome, edit_outcome, resolve};

pub fn run(cwd: &Path, args: &ImportChangelogArgs) -> anyhow::Result<Outcome> {
    let root = find_root(cwd)?;
    let path = resolve(cwd, &args.file);
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let loaded = load(&root);
    let checked = crate::validate::check(loaded.clone());
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
    let mut mapping = Mapping::default();
    for spec in &args.section {
        mapping
            .add(spec)
            .map_err(|why| anyhow::anyhow!("--section {why}"))?;
    }
    let log = parse_with(&text, &mapping);
    let source = args.file.display().to_string();
    // A first pass writes nothing: a run that would leave entries out writes
    // nothing either, unless --partial says that is what the user wants.
    let mut request = ImportRequest {
        owner: &owner,
        source: &source,
        dry_run: true,
    };
    let run =
        |request: &ImportRequest<'_>| import(&root, &loaded, &checked.registry, &log, request);
    let mut imported = match edit_outcome(run(&request))? {
        Ok(imported) => imported,
        Err(outcome) => return Ok(outcome),
    };
    let complete = imported.complete();
    if !args.dry_run && (complete || args.partial) && !imported.releases.is_empty() {
        request.dry_run = false;
        imported = match edit_outcome(run(&request))? {
            Ok(imported) => imported,
            Err(outcome) => return Ok(outcome),
        };
    }
    for note in &imported.notes {
        eprintln!("note: {source}:{}: {}", note.line, note.message);
    }
    let verb = if args.dry_run || !(complete || args.partial) {
        "would be imported"
    } else {
        "imported"
    };
    let mut tally = tally(&imported, verb);
    if log.unreleased_entries > 0 {
        tally.push_str(&format!(
            "; {} unreleased entries not imported",
            log.unreleased_entries
        ));
    }
    print(&format!("{tally}\n"))?;
    // Unreleased entries are left out by design: they have no version yet.
    let refusal = if imported.releases.is_empty() && imported.unchanged == 0 {
        Some("nothing imported".to_string())
    } else if imported.reported() > 0 {
        Some(format!("{} entries not imported", imported.reported()))
    } else {
        None
    };
    if let (Some(why), false) = (refusal, args.partial) {
        eprintln!(
            "error: {why}, so nothing was written; the notes above say why (--partial to import the rest)"
        );
        return Ok(Outcome::Problems);
    }
    Ok(Outcome::Success)
}

/// "12 of 14 entries imported from 3 of 4 versions; 2 reported", and what
/// an earlier run of the same import had written already.
fn tally(imported: &Imported, verb: &str) -> String {
    let mut tally = format!(
        "{} of {} entries {verb} from {} of {} versions; {} reported",
        imported.changes,
        imported.entries,
        imported.releases.len(),
        imported.versions,
        imported.reported()
    );
    if imported.unchanged > 0 {
        tally.push_str(&format!(
            "; {} versions ({} entries) were imported before and are unchanged",
            imported.unchanged, imported.unchanged_changes
        ));
    }
    tally
}
