//! Each file on its own: TOML syntax, schema, then typed data.

use rayon::prelude::*;
use semver::Version;
use serde::de::DeserializeOwned;

use crate::diagnostic::Diagnostic;
use crate::load::{FileKind, LoadedRegistry};
use crate::model::{Doc, MarkdownRole, Registry, Release};
use crate::parse::parse_toml;
use crate::schema::{self, SchemaKind};
use crate::source::SourceFile;

#[derive(Clone)]
enum Entry {
    Settings(Doc<crate::files::Settings>),
    Teams(Doc<crate::files::TeamsFile>),
    Calendar(Doc<crate::files::Calendar>),
    Environment(String, Doc<crate::files::EnvironmentFile>),
    Release(Release),
    Incident(String, Doc<crate::files::IncidentFile>),
    Markdown(MarkdownRole, String, SourceFile),
}

/// What a file parsed into, kept by its path and the hash of its text.
type Parsed = (Option<Entry>, Vec<Diagnostic>);

/// Parsed files kept from one check to the next (`serve` checks again on
/// every change): a file whose text is unchanged is not parsed again.
#[derive(Default)]
pub struct ParseCache {
    entries: std::sync::Mutex<std::collections::HashMap<String, (u64, Parsed)>>,
}

fn text_hash(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

impl ParseCache {
    fn parse(&self, kind: FileKind, file: SourceFile) -> Parsed {
        let key = file.path.clone();
        let hash = text_hash(&file.text);
        if let Ok(entries) = self.entries.lock()
            && let Some((cached_hash, parsed)) = entries.get(&key)
            && *cached_hash == hash
        {
            return parsed.clone();
        }
        let parsed = parse_one(kind, file);
        if let Ok(mut entries) = self.entries.lock() {
            entries.insert(key, (hash, parsed.clone()));
        }
        parsed
    }
}

/// Parses every file (in parallel) and gathers the typed registry.
pub fn assemble(loaded: LoadedRegistry, cache: Option<&ParseCache>) -> (Registry, Vec<Diagnostic>) {
    let mut diagnostics = loaded.diagnostics;
    let attachments = loaded.attachments;
    let results: Vec<(FileKind, Option<Entry>, Vec<Diagnostic>)> = loaded
        .files
        .into_par_iter()
        .map(|(kind, file)| {
            let (entry, found) = match cache {
                Some(cache) => cache.parse(kind.clone(), file),
                None => parse_one(kind.clone(), file),
            };
            (kind, entry, found)
        })
        .collect();
    let mut registry = Registry {
        root: loaded.root,
        unusable: loaded.unreadable.into_iter().collect(),
        favicon: loaded.favicon,
        ..Registry::default()
    };
    for (kind, entry, found) in results {
        diagnostics.extend(found);
        match entry {
            Some(Entry::Settings(doc)) => registry.settings = Some(doc),
            Some(Entry::Teams(doc)) => registry.teams = Some(doc),
            Some(Entry::Calendar(doc)) => registry.calendar = Some(doc),
            Some(Entry::Environment(id, doc)) => {
                registry.environments.insert(id, doc);
            }
            Some(Entry::Release(release)) => registry.releases.push(release),
            Some(Entry::Incident(id, doc)) => {
                registry.incidents.insert(id, doc);
            }
            Some(Entry::Markdown(role, folder, file)) => {
                registry.loose_markdown.push((role, folder, file));
            }
            None => {
                registry.unusable.insert(kind);
            }
        }
    }
    // Attachments of a folder without a usable release.toml are not
    // published: that folder's release.toml is reported already.
    for asset in attachments {
        if let Some(release) = registry
            .releases
            .iter_mut()
            .find(|r| r.folder == asset.folder)
        {
            release.attachments.push(asset);
        }
    }
    for release in &mut registry.releases {
        release.attachments.sort_by(|a, b| a.name.cmp(&b.name));
    }
    registry.finish(&mut diagnostics);
    (registry, diagnostics)
}

fn parse_one(kind: FileKind, file: SourceFile) -> (Option<Entry>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let entry = match kind {
        FileKind::Settings => {
            typed(SchemaKind::Settings, file, true, &mut diagnostics).map(Entry::Settings)
        }
        FileKind::Teams => {
            typed(SchemaKind::Teams, file, false, &mut diagnostics).map(Entry::Teams)
        }
        FileKind::Calendar => {
            typed(SchemaKind::Calendar, file, false, &mut diagnostics).map(Entry::Calendar)
        }
        FileKind::Environment { id } => {
            typed(SchemaKind::Environment, file, true, &mut diagnostics)
                .map(|doc| Entry::Environment(id, doc))
        }
        FileKind::Incident { id } => typed(SchemaKind::Incident, file, true, &mut diagnostics)
            .map(|doc| Entry::Incident(id, doc)),
        FileKind::Release { folder } => typed(SchemaKind::Release, file, true, &mut diagnostics)
            .map(|doc: Doc<crate::files::ReleaseFile>| {
                Entry::Release(Release {
                    folder,
                    version: Version::parse(&doc.data.version).ok(),
                    doc,
                    notes: None,
                    internal: None,
                    deploy: None,
                    attachments: Vec::new(),
                })
            }),
        FileKind::Notes { folder } => Some(Entry::Markdown(MarkdownRole::Notes, folder, file)),
        FileKind::InternalNotes { folder } => {
            Some(Entry::Markdown(MarkdownRole::Internal, folder, file))
        }
        FileKind::DeployDoc { folder } => Some(Entry::Markdown(MarkdownRole::Deploy, folder, file)),
    };
    (entry, diagnostics)
}

/// TOML → schema check → typed value. `None` when the file cannot be used;
/// the reasons are in `diagnostics`.
fn typed<T: DeserializeOwned>(
    kind: SchemaKind,
    file: SourceFile,
    must_have_content: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Doc<T>> {
    if must_have_content && file.is_blank() {
        diagnostics.push(
            Diagnostic::error(&file, 0..0, "empty", "file is empty").with_help(format!(
                "see schema/{} for the fields this file needs",
                kind.file_name()
            )),
        );
        return None;
    }
    let parsed = match parse_toml(&file) {
        Ok(parsed) => parsed,
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            return None;
        }
    };
    let schema_errors = schema::validate(kind, &file, &parsed);
    let had_errors = !schema_errors.is_empty();
    diagnostics.extend(schema_errors);
    match serde_json::from_value::<T>(parsed.value) {
        Ok(data) => Some(Doc {
            source: file,
            spans: parsed.spans,
            data,
        }),
        Err(err) => {
            // The schema already said why; a second message would only repeat it.
            if !had_errors {
                diagnostics.push(Diagnostic::error(
                    &file,
                    0..0,
                    "schema",
                    format!("cannot read file: {err}"),
                ));
            }
            None
        }
    }
}
