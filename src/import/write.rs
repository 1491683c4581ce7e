//! Imported releases → release folders, all or none.

use std::fs;
use std::path::Path;

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, value};

use super::changelog::{Changelog, ImportedRelease, Location, Note};
use crate::diagnostic::Severity;
use crate::edit::EditError;
use crate::edit::new::schema_line;
use crate::load::{LoadedRegistry, Placement, placement};
use crate::model::Registry;
use crate::source::SourceFile;

pub struct ImportRequest<'a> {
    pub owner: &'a str,
    /// The changelog's name, for the deploy docs' note of where they came from.
    pub source: &'a str,
    pub dry_run: bool,
}

#[derive(Debug, Default)]
pub struct Imported {
    pub releases: Vec<String>,
    pub changes: usize,
    /// Versions whose folder holds exactly what the import would write: an
    /// earlier run of the same import, which this one leaves as it is.
    pub unchanged: usize,
    /// Entries of the `unchanged` versions.
    pub unchanged_changes: usize,
    /// Entries of the changelog's versions, imported or not.
    pub entries: usize,
    /// Version headings found.
    pub versions: usize,
    /// What could not be imported as it was.
    pub notes: Vec<Note>,
}

impl Imported {
    /// Entries of versions that were not imported; each is among `notes`.
    pub fn reported(&self) -> usize {
        self.entries - self.changes - self.unchanged_changes
    }

    /// Every entry is in the registry, from this run or an earlier one.
    pub fn complete(&self) -> bool {
        self.reported() == 0 && !(self.releases.is_empty() && self.unchanged == 0)
    }
}

fn release_toml(registry: &Registry, release: &ImportedRelease, owner: &str) -> String {
    let mut doc = DocumentMut::new();
    doc.insert("version", value(release.version.as_str()));
    let title = release
        .title
        .clone()
        .unwrap_or_else(|| format!("Release {}", release.version));
    doc.insert("title", value(title));
    doc.insert(
        "status",
        value(if release.yanked {
            "withdrawn"
        } else {
            "approved"
        }),
    );
    doc.insert("owner", value(owner));
    if let Some(date) = release
        .date
        .as_deref()
        .and_then(|d| d.parse::<toml_edit::Datetime>().ok())
    {
        doc.insert("planned", value(date));
    }
    doc.insert("customer_facing", value(true));
    if let Some(at) = release
        .publish_at
        .as_deref()
        .and_then(|t| t.parse::<toml_edit::Datetime>().ok())
    {
        doc.insert("publish_at", value(at));
    }
    if !release.changes.is_empty() {
        let mut changes = ArrayOfTables::new();
        for change in &release.changes {
            let mut table = Table::new();
            table.insert("kind", value(change.kind.as_str()));
            table.insert("summary", value(change.summary.as_str()));
            if change.internal {
                table.insert("audience", value("internal"));
            }
            if let Some(details) = &change.details {
                table.insert("details", value(details.as_str()));
            }
            changes.push(table);
        }
        doc.insert("changes", Item::ArrayOfTables(changes));
    }
    format!("{}{doc}", schema_line(registry, "release.schema.json"))
}

fn deploy_md(registry: &Registry, release: &ImportedRelease, source: &str) -> String {
    let origin = match &release.origin {
        Some(origin) => origin.clone(),
        None => format!("{source} ({})", release.at),
    };
    let mut text = format!("# Deploying {}\n", release.version);
    for section in &registry.policy().deploy_doc_sections {
        text.push_str(&format!(
            "\n## {section}\n\nNot recorded: imported from {origin}.\n"
        ));
    }
    text
}

/// A release folder's files as the import writes them.
type Folder = (String, Vec<(&'static str, String)>);

fn folder(registry: &Registry, release: &ImportedRelease, request: &ImportRequest<'_>) -> Folder {
    let notes = if release.notes.trim().is_empty() {
        // notes.md is public: the file's name, not where it sat on the
        // importer's machine.
        let name = Path::new(request.source)
            .file_name()
            .map_or(request.source.into(), |n| n.to_string_lossy());
        format!("Imported from {name}; this version had no text there.\n")
    } else {
        release.notes.clone()
    };
    (
        release.version.clone(),
        vec![
            (
                "release.toml",
                release_toml(registry, release, request.owner),
            ),
            ("notes.md", notes),
            ("deploy.md", deploy_md(registry, release, request.source)),
        ],
    )
}

/// Whether `dir` holds exactly the files of `folder`, nothing more or less.
fn holds(dir: &Path, folder: &Folder) -> bool {
    let Ok(listing) = fs::read_dir(dir) else {
        return false;
    };
    let names: Vec<_> = listing.flatten().map(|e| e.file_name()).collect();
    names.len() == folder.1.len()
        && folder.1.iter().all(|(name, text)| {
            fs::read(dir.join(name)).is_ok_and(|bytes| bytes == text.as_bytes())
        })
}

/// The errors `check` would find in each new folder, read together with
/// the registry as it is: what import writes always passes `check`.
fn problems(loaded: &LoadedRegistry, folders: &[Folder]) -> Vec<(String, String)> {
    let mut with = loaded.clone();
    for (version, files) in folders {
        for (name, text) in files {
            let rel = format!("releases/{version}/{name}");
            if let Placement::Known(kind) = placement(&rel) {
                let disk = loaded.root.join(&rel);
                with.files
                    .push((kind, SourceFile::new(rel, disk, text.clone())));
            }
        }
    }
    crate::validate::check(with)
        .diagnostics
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .filter_map(|d| {
            let version = d.file.strip_prefix("releases/")?.split('/').next()?;
            folders.iter().any(|(v, _)| v == version).then(|| {
                let at = match d.position.line {
                    0 => d.file.clone(),
                    line => format!("{}:{line}", d.file),
                };
                (version.to_string(), format!("{at}: {}", d.message))
            })
        })
        .collect()
}

/// Writes a folder per imported release (or, with `dry_run`, only says what
/// it would write). A folder that exists already is left alone: reported
/// when it differs from what the import would write, counted as imported
/// before when it does not (so that importing twice changes nothing).
pub fn import(
    root: &Path,
    loaded: &LoadedRegistry,
    registry: &Registry,
    log: &Changelog,
    request: &ImportRequest<'_>,
) -> Result<Imported, EditError> {
    let mut result = Imported {
        notes: log.notes.clone(),
        versions: log.versions,
        entries: log.reported_entries + log.releases.iter().map(|r| r.changes.len()).sum::<usize>(),
        ..Imported::default()
    };
    let mut folders: Vec<Folder> = Vec::new();
    let mut places: Vec<(Location, usize)> = Vec::new();
    for release in &log.releases {
        let new = folder(registry, release, request);
        let dir = root.join("releases").join(&release.version);
        if fs::symlink_metadata(&dir).is_ok() {
            if holds(&dir, &new) {
                result.unchanged += 1;
                result.unchanged_changes += release.changes.len();
            } else {
                result.notes.push(Note {
                    at: release.at.clone(),
                    message: format!(
                        "releases/{} exists already and differs; left as it is, with its {} entries",
                        release.version,
                        release.changes.len()
                    ),
                });
            }
            continue;
        }
        folders.push(new);
        places.push((release.at.clone(), release.changes.len()));
    }
    let problems = problems(loaded, &folders);
    let mut kept = Vec::new();
    for (new, (at, changes)) in folders.into_iter().zip(places) {
        let found: Vec<&String> = problems
            .iter()
            .filter(|(v, _)| *v == new.0)
            .map(|(_, message)| message)
            .collect();
        if found.is_empty() {
            result.releases.push(new.0.clone());
            result.changes += changes;
            kept.push(new);
            continue;
        }
        for message in found {
            result.notes.push(Note {
                at: at.clone(),
                message: format!(
                    "{} is not imported, with its {changes} entries: `check` would say {message}",
                    new.0
                ),
            });
        }
    }
    result.notes.sort_by(|a, b| a.at.cmp(&b.at));
    if request.dry_run || kept.is_empty() {
        return Ok(result);
    }
    write_all(&root.join("releases"), &kept)?;
    Ok(result)
}

/// Every folder is written under a staging folder first, then moved into
/// place; if a move fails, the ones already moved are taken back.
fn write_all(releases: &Path, folders: &[Folder]) -> Result<(), EditError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| EditError::Io { path, source }
    };
    fs::create_dir_all(releases).map_err(io(releases))?;
    // Under the lock, a release that another command created meanwhile is
    // refused instead of being replaced.
    let _lock = crate::edit::FolderLock::acquire(releases)?;
    if let Some((version, _)) = folders
        .iter()
        .find(|(version, _)| fs::symlink_metadata(releases.join(version)).is_ok())
    {
        return Err(EditError::Refused(format!(
            "releases/{version} was created while importing; nothing was imported, run the import again"
        )));
    }
    let staging = releases.join(format!(".milepost-import-{}", std::process::id()));
    let staged = (|| -> std::io::Result<()> {
        for (version, files) in folders {
            let dir = staging.join(version);
            fs::create_dir_all(&dir)?;
            for (name, text) in files {
                fs::write(dir.join(name), text)?;
            }
        }
        Ok(())
    })();
    if let Err(source) = staged {
        let _ = fs::remove_dir_all(&staging);
        return Err(EditError::Io {
            path: staging,
            source,
        });
    }
    let mut moved: Vec<&String> = Vec::new();
    for (version, _) in folders {
        if let Err(source) = fs::rename(staging.join(version), releases.join(version)) {
            for done in moved {
                let _ = fs::rename(releases.join(done), staging.join(done));
            }
            let _ = fs::remove_dir_all(&staging);
            return Err(EditError::Io {
                path: releases.join(version),
                source,
            });
        }
        moved.push(version);
    }
    let _ = fs::remove_dir_all(&staging);
    Ok(())
}
