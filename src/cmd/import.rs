use std::path::Path;

use anyhow::Context;

use crate::cli::{ImportChangelogArgs, ImportGithubArgs, ImportOptions};
use crate::edit::new::resolve_owner;
use crate::import::changelog::{Changelog, Mapping, parse_with};
use crate::import::github;
use crate::import::write::{ImportRequest, Imported, import};
use crate::load::{find_root, load};
use crate::output::print;
use crate::text::for_terminal;

use super::{Outcome, edit_outcome, resolve};

/// What the file holds, which says how to read it and how the tally
/// names what it counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Changelog,
    GithubReleases,
}

pub fn changelog(cwd: &Path, args: &ImportChangelogArgs) -> anyhow::Result<Outcome> {
    run(cwd, &args.file, &args.options, Format::Changelog)
}

pub fn github_releases(cwd: &Path, args: &ImportGithubArgs) -> anyhow::Result<Outcome> {
    run(cwd, &args.file, &args.options, Format::GithubReleases)
}

fn read(format: Format, text: &str, mapping: &Mapping, source: &str) -> anyhow::Result<Changelog> {
    match format {
        Format::Changelog => Ok(parse_with(text, mapping)),
        Format::GithubReleases => github::parse(text, mapping).map_err(|err| match err.position {
            Some((line, column)) => anyhow::anyhow!("{source}:{line}:{column}: {}", err.message),
            None => anyhow::anyhow!("{source}: {}", err.message),
        }),
    }
}

fn run(cwd: &Path, file: &Path, args: &ImportOptions, format: Format) -> anyhow::Result<Outcome> {
    let root = find_root(cwd)?;
    let path = resolve(cwd, file);
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
    let source = file.display().to_string();
    let log = read(format, &text, &mapping, &source)?;
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
        // Tags, titles and texts come from the file: never sent raw to the terminal.
        eprintln!(
            "note: {}: {}",
            for_terminal(&note.at.in_file(&source)),
            for_terminal(&note.message)
        );
    }
    let verb = if args.dry_run || !(complete || args.partial) {
        "would be imported"
    } else {
        "imported"
    };
    print(&format!("{}\n", tally(&imported, &log, format, verb)))?;
    // Unreleased entries and drafts are left out by design: they were not released.
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

/// "12 of 14 entries imported from 3 of 4 versions; 2 reported", what an
/// earlier run of the same import had written already, and what was left
/// out because it was not released.
fn tally(imported: &Imported, log: &Changelog, format: Format, verb: &str) -> String {
    let unit = match format {
        Format::Changelog => "versions",
        Format::GithubReleases => "releases",
    };
    let mut tally = format!(
        "{} of {} entries {verb} from {} of {} {unit}; {} reported",
        imported.changes,
        imported.entries,
        imported.releases.len(),
        imported.versions,
        imported.reported()
    );
    if imported.unchanged > 0 {
        tally.push_str(&format!(
            "; {} {unit} ({} entries) were imported before and are unchanged",
            imported.unchanged, imported.unchanged_changes
        ));
    }
    if log.drafts > 0 {
        let drafts = match log.drafts {
            1 => "1 draft".to_string(),
            n => format!("{n} drafts"),
        };
        tally.push_str(&format!(
            "; {drafts} ({} entries) not imported",
            log.unreleased_entries
        ));
    } else if log.unreleased_entries > 0 {
        tally.push_str(&format!(
            "; {} unreleased entries not imported",
            log.unreleased_entries
        ));
    }
    tally
}
