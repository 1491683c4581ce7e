//! Finding the registry and reading its files. This is the only stage of
//! `check` that touches the disk; everything after works on what it returns.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{Position, SourceFile};

pub mod assets;

pub use assets::{Asset, FaviconFile};

/// Files larger than this are refused: no registry file is anywhere near it,
/// and reading a stray multi-gigabyte file would only hurt.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

pub const SETTINGS_FILE: &str = "milepost.toml";

/// What a file of the registry is, from its path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FileKind {
    Settings,
    Teams,
    Calendar,
    Environment { id: String },
    Release { folder: String },
    Notes { folder: String },
    InternalNotes { folder: String },
    DeployDoc { folder: String },
    Incident { id: String },
}

/// Where a path stands in the registry layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placement {
    Known(FileKind),
    /// Inside a folder milepost owns, but not a file it knows: probably a typo.
    Unexpected {
        expected: &'static str,
    },
    /// An image or document beside a release's notes, published with them.
    Attachment {
        folder: String,
        name: String,
    },
    /// Outside milepost's folders (README, site templates...): not its business.
    Ignored,
}

/// Classifies a path relative to the registry root (with `/` separators).
pub fn placement(path: &str) -> Placement {
    let parts: Vec<&str> = path.split('/').collect();
    if parts.last().is_some_and(|name| name.starts_with('.')) {
        return Placement::Ignored;
    }
    match parts.as_slice() {
        ["milepost.toml"] => Placement::Known(FileKind::Settings),
        ["teams.toml"] => Placement::Known(FileKind::Teams),
        ["calendar.toml"] => Placement::Known(FileKind::Calendar),
        ["environments", name] => match name.strip_suffix(".toml") {
            Some(id) if !id.is_empty() => Placement::Known(FileKind::Environment { id: id.into() }),
            _ => Placement::Unexpected {
                expected: "environments/ holds one `<id>.toml` file per environment",
            },
        },
        ["environments", ..] => Placement::Unexpected {
            expected: "environments/ holds one `<id>.toml` file per environment",
        },
        ["incidents", name] => match name.strip_suffix(".toml") {
            Some(id) if !id.is_empty() => Placement::Known(FileKind::Incident { id: id.into() }),
            _ => Placement::Unexpected {
                expected: "incidents/ holds one `<id>.toml` file per incident",
            },
        },
        ["incidents", ..] => Placement::Unexpected {
            expected: "incidents/ holds one `<id>.toml` file per incident",
        },
        ["releases", folder, file] => {
            let folder = (*folder).to_string();
            match *file {
                "release.toml" => Placement::Known(FileKind::Release { folder }),
                "notes.md" => Placement::Known(FileKind::Notes { folder }),
                "internal.md" => Placement::Known(FileKind::InternalNotes { folder }),
                "deploy.md" => Placement::Known(FileKind::DeployDoc { folder }),
                name if assets::is_attachment(name) => Placement::Attachment {
                    folder,
                    name: name.to_string(),
                },
                _ => Placement::Unexpected {
                    expected: "a release folder holds release.toml, notes.md, internal.md, deploy.md and images or documents for the notes (png, jpg, jpeg, gif, svg, webp, pdf)",
                },
            }
        }
        ["releases", ..] => Placement::Unexpected {
            expected: "releases/ holds one folder per release: releases/<version>/release.toml",
        },
        _ => Placement::Ignored,
    }
}

/// A registry's files as read from disk.
#[derive(Debug, Default, Clone)]
pub struct LoadedRegistry {
    pub root: PathBuf,
    pub files: Vec<(FileKind, SourceFile)>,
    /// Known files that could not be read (the reason is in `diagnostics`).
    pub unreadable: Vec<FileKind>,
    /// Problems met while reading: unreadable, too large, not UTF-8, unexpected...
    pub diagnostics: Vec<Diagnostic>,
    /// The release folders' images and documents, as bytes.
    pub attachments: Vec<Asset>,
    /// The file `[site] favicon` names, if it does.
    pub favicon: Option<FaviconFile>,
}

#[derive(Debug, thiserror::Error)]
pub enum FindError {
    #[error("no {SETTINGS_FILE} in {} or any folder above it: this is not a registry (`milepost init` starts one here, `-C DIR` names another)", .0.display())]
    NotARegistry(PathBuf),
    #[error("cannot open folder {}: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

/// The registry that contains `start`: the nearest folder at or above it
/// holding a `milepost.toml`, as cargo finds `Cargo.toml`.
pub fn find_root(start: &Path) -> Result<PathBuf, FindError> {
    let start = fs::canonicalize(start).map_err(|source| FindError::Io {
        path: start.to_path_buf(),
        source,
    })?;
    start
        .ancestors()
        .find(|dir| dir.join(SETTINGS_FILE).is_file())
        .map(Path::to_path_buf)
        .ok_or(FindError::NotARegistry(start))
}

/// The registry as `previous` saw it, with only the files in `changed`
/// read again: what `serve` does after an editor saves a file. `None` when
/// the change is more than edits of known files (a file added, removed or
/// renamed, a folder changed): then only a full [`load`] is right.
pub fn reload(previous: &LoadedRegistry, changed: &[PathBuf]) -> Option<LoadedRegistry> {
    let mut next = LoadedRegistry {
        root: previous.root.clone(),
        files: previous.files.clone(),
        unreadable: previous.unreadable.clone(),
        diagnostics: previous.diagnostics.clone(),
        attachments: previous.attachments.clone(),
        favicon: previous.favicon.clone(),
    };
    // Problems of the last read (unreadable files...) may be gone now. The
    // settings may name another favicon, which only a full load reads.
    if !next.unreadable.is_empty() || !next.diagnostics.is_empty() || next.favicon.is_some() {
        return None;
    }
    for path in changed {
        let rel = relative(&next.root, path)?;
        if rel == SETTINGS_FILE {
            return None;
        }
        let index = next.files.iter().position(|(_, f)| f.path == rel)?;
        if !fs::symlink_metadata(path).is_ok_and(|m| m.is_file()) {
            return None;
        }
        match read_file(&next.root, &rel) {
            Ok(file) => next.files[index].1 = file,
            Err(_) => return None,
        }
    }
    Some(next)
}

/// Reads every file the registry layout names, in parallel.
pub fn load(root: &Path) -> LoadedRegistry {
    let root = fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let mut diagnostics = Vec::new();
    let mut wanted = Vec::new();
    for name in ["milepost.toml", "teams.toml", "calendar.toml"] {
        if fs::symlink_metadata(root.join(name)).is_ok() {
            wanted.push(name.to_string());
        }
    }
    for folder in ["environments", "releases", "incidents"] {
        walk_folder(&root, folder, &mut wanted, &mut diagnostics);
    }

    let read: Vec<_> = wanted
        .par_iter()
        .map(|rel| match placement(rel) {
            Placement::Known(kind) => Some(match read_file(&root, rel) {
                Ok(file) => Ok(Read::Text(kind, file)),
                Err(diagnostic) => Err((Some(kind), diagnostic)),
            }),
            Placement::Attachment { folder, name } => Some(
                assets::read_attachment(&root, rel, folder, name)
                    .map(Read::Binary)
                    .map_err(|d| (None, d)),
            ),
            Placement::Unexpected { expected } => Some(Err((
                None,
                Diagnostic::whole_file(
                    Severity::Warning,
                    rel.as_str(),
                    "unexpected-file",
                    "milepost does not know this file",
                )
                .with_help(expected),
            ))),
            Placement::Ignored => None,
        })
        .collect();
    let mut files = Vec::with_capacity(read.len());
    let mut attachments = Vec::new();
    let mut unreadable = Vec::new();
    for result in read.into_iter().flatten() {
        match result {
            Ok(Read::Text(kind, file)) => files.push((kind, file)),
            Ok(Read::Binary(asset)) => attachments.push(asset),
            Err((kind, diagnostic)) => {
                unreadable.extend(kind);
                diagnostics.push(diagnostic);
            }
        }
    }
    let favicon = files
        .iter()
        .find(|(kind, _)| *kind == FileKind::Settings)
        .and_then(|(_, settings)| assets::read_favicon(&root, &settings.text));
    LoadedRegistry {
        root,
        files,
        unreadable,
        diagnostics,
        attachments,
        favicon,
    }
}

/// One file as read: text to parse, or bytes to publish.
enum Read {
    Text(FileKind, SourceFile),
    Binary(Asset),
}

fn walk_folder(
    root: &Path,
    folder: &str,
    out: &mut Vec<String>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let dir = root.join(folder);
    if !dir.exists() {
        return;
    }
    if let Err(diagnostic) = folder_inside(root, folder) {
        diagnostics.push(diagnostic);
        return;
    }
    // Links are not followed by the walk: each is judged in read_file, so
    // that one pointing outside the registry is refused rather than read.
    for entry in WalkDir::new(&dir).follow_links(false).sort_by_file_name() {
        match entry {
            Ok(entry) if entry.file_type().is_dir() => {}
            Ok(entry) => {
                if let Some(rel) = relative(root, entry.path()) {
                    out.push(rel);
                }
            }
            Err(err) => {
                let path = err
                    .path()
                    .and_then(|p| relative(root, p))
                    .unwrap_or_else(|| folder.to_string());
                diagnostics.push(Diagnostic::whole_file(
                    Severity::Error,
                    path,
                    "io",
                    format!("cannot read folder: {}", io_message(err.io_error())),
                ));
            }
        }
    }
}

/// A top-level folder of the registry that is a link must stay inside it,
/// as a linked file must: the walk follows a linked folder, so its files
/// would otherwise be read from wherever it points.
fn folder_inside(root: &Path, folder: &str) -> Result<(), Diagnostic> {
    let dir = root.join(folder);
    if !fs::symlink_metadata(&dir).is_ok_and(|m| m.file_type().is_symlink()) {
        return Ok(());
    }
    let refuse = |message: String| {
        Diagnostic::whole_file(Severity::Error, folder, "symlink", message)
            .with_help("copy the folder into the registry instead of linking to it")
    };
    match fs::canonicalize(&dir) {
        Ok(target) if target.starts_with(root) => Ok(()),
        Ok(target) => Err(refuse(format!(
            "{folder}/ is a symbolic link to {}, outside the registry; it was not followed",
            target.display()
        ))),
        Err(err) => Err(refuse(format!(
            "{folder}/ is a symbolic link that cannot be resolved: {err}"
        ))),
    }
}

fn io_message(err: Option<&io::Error>) -> String {
    err.map_or_else(
        || "a loop of symbolic links".to_string(),
        ToString::to_string,
    )
}

fn relative(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let parts: Vec<_> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect();
    Some(parts.join("/"))
}

/// Reads one file, refusing links that leave the registry, huge files and
/// text that is not UTF-8.
pub fn read_file(root: &Path, rel: &str) -> Result<SourceFile, Diagnostic> {
    let bytes = read_bytes(root, rel, MAX_FILE_BYTES)?;
    decode(rel, root.join(rel), bytes)
}

/// Reads one file as bytes, refusing links that leave the registry and
/// files larger than `limit`.
pub fn read_bytes(root: &Path, rel: &str, limit: u64) -> Result<Vec<u8>, Diagnostic> {
    let path = root.join(rel);
    let io_error = |err: io::Error| {
        Diagnostic::whole_file(
            Severity::Error,
            rel,
            "io",
            format!("cannot read file: {err}"),
        )
    };
    let link = fs::symlink_metadata(&path).map_err(io_error)?;
    if link.file_type().is_symlink() && rel.starts_with("environments/") {
        // The deploy history reads environment files from Git, where a
        // link is its target's name, not its content: the two would
        // disagree on what runs there.
        return Err(Diagnostic::whole_file(
            Severity::Error,
            rel,
            "symlink",
            "an environment file may not be a symbolic link",
        )
        .with_help("its history is read from Git commits, which store a link as its target's name: make it a regular file"));
    }
    if link.file_type().is_symlink() {
        let target = fs::canonicalize(&path).map_err(|err| {
            Diagnostic::whole_file(
                Severity::Error,
                rel,
                "symlink",
                format!("symbolic link cannot be resolved: {err}"),
            )
        })?;
        if !target.starts_with(root) {
            return Err(Diagnostic::whole_file(
                Severity::Error,
                rel,
                "symlink",
                format!(
                    "symbolic link points outside the registry (to {}); it was not followed",
                    target.display()
                ),
            )
            .with_help("copy the file into the registry instead of linking to it"));
        }
    }
    let meta = fs::metadata(&path).map_err(io_error)?;
    if !meta.is_file() {
        return Err(Diagnostic::whole_file(
            Severity::Warning,
            rel,
            "unexpected-file",
            "expected a file, found a folder or special file",
        ));
    }
    if meta.len() > limit {
        return Err(Diagnostic::whole_file(
            Severity::Error,
            rel,
            "too-large",
            format!(
                "file is {} bytes; this file may be at most {limit} bytes ({})",
                meta.len(),
                assets::human_size(limit)
            ),
        ));
    }
    // The length again after reading: the file may have grown meanwhile.
    let bytes = fs::read(&path).map_err(io_error)?;
    if bytes.len() as u64 > limit {
        return Err(Diagnostic::whole_file(
            Severity::Error,
            rel,
            "too-large",
            format!("file grew past {limit} bytes while it was read"),
        ));
    }
    Ok(bytes)
}

/// Bytes → text; the pure half of [`read_file`].
pub fn decode(rel: &str, disk_path: PathBuf, bytes: Vec<u8>) -> Result<SourceFile, Diagnostic> {
    match String::from_utf8(bytes) {
        // A byte-order mark is how some editors say UTF-8; it is not content
        // (a `## Steps` after it is still a heading).
        Ok(text) => Ok(SourceFile::new(
            rel,
            disk_path,
            match text.strip_prefix('\u{feff}') {
                Some(rest) => rest.to_string(),
                None => text,
            },
        )),
        Err(err) => {
            let valid = err.utf8_error().valid_up_to();
            let prefix = String::from_utf8_lossy(&err.as_bytes()[..valid]).into_owned();
            let at = SourceFile::new(rel, disk_path, prefix).position(valid);
            let mut diagnostic =
                Diagnostic::whole_file(Severity::Error, rel, "encoding", "file is not valid UTF-8")
                    .with_help("save the file as UTF-8");
            diagnostic.position = Position {
                line: at.line,
                column: at.column,
            };
            Err(diagnostic)
        }
    }
}

/// The registry's own templates (`site-templates/**`), as (name relative to
/// that folder, text). They override the built-in ones of the same name.
pub fn read_site_templates(root: &Path) -> Result<Vec<(String, String)>, Diagnostic> {
    let dir = root.join("site-templates");
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    folder_inside(root, "site-templates")?;
    let mut out = Vec::new();
    for entry in WalkDir::new(&dir).follow_links(false).sort_by_file_name() {
        let entry = entry.map_err(|err| {
            Diagnostic::whole_file(
                Severity::Error,
                "site-templates",
                "io",
                format!("cannot read folder: {}", io_message(err.io_error())),
            )
        })?;
        if entry.file_type().is_dir() || entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let Some(rel) = relative(root, entry.path()) else {
            continue;
        };
        let file = read_file(root, &rel)?;
        let name = rel.trim_start_matches("site-templates/").to_string();
        out.push((name, file.text));
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
