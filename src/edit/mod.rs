//! Editing the registry's files the way a careful person would: with
//! toml_edit, so that every comment and blank line people wrote survives;
//! through a temporary file renamed over the target, so that an error never
//! leaves a file half written; never on a file that does not parse; and
//! under a lock, so that edits made at the same time all land or fail loudly.

pub mod approve;
pub mod deploy;
pub mod fmt;
pub mod lock;
pub mod new;
pub mod verified;

pub use lock::FolderLock;

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use toml_edit::DocumentMut;

#[derive(Debug, thiserror::Error)]
pub enum EditError {
    #[error("cannot write {}: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("{}:{line}:{column}: {message}; the file was not changed", .path.display())]
    Parse {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    /// The edit is not allowed (unknown person, existing release...): exit 1.
    #[error("{0}")]
    Refused(String),
    /// Another command holds the folder's lock for too long.
    #[error(
        "another milepost command is editing {} and did not finish within 30 s; nothing was written, run this one again",
        .0.display()
    )]
    Busy(PathBuf),
    /// The file changed since it was read: writing would lose that change.
    #[error(
        "{} changed while milepost was editing it; nothing was written, run the command again",
        .0.display()
    )]
    Changed(PathBuf),
}

/// Parses a TOML file for editing. A file that does not parse is reported
/// and never rewritten.
pub fn parse_for_edit(path: &Path, text: &str) -> Result<DocumentMut, EditError> {
    text.parse::<DocumentMut>().map_err(|err| {
        let offset = err.span().map_or(0, |s| s.start);
        let file = crate::source::SourceFile::new(
            path.display().to_string(),
            path.to_path_buf(),
            text.to_string(),
        );
        let at = file.position(offset);
        EditError::Parse {
            path: path.to_path_buf(),
            line: at.line,
            column: at.column,
            message: err.message().trim_end().to_string(),
        }
    })
}

/// How a file ends its lines and whether it opens with a byte-order mark:
/// what an edit writes back as it found it, so that a deploy's commit changes
/// one line of a Windows-edited file, not all of them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Spelling {
    pub bom: bool,
    /// Every line ends in CRLF. (A file that mixes line ends is edited as it is.)
    pub crlf: bool,
}

impl Spelling {
    /// The file's spelling, and its text with `\n` line ends and no BOM.
    pub fn split(raw: &str) -> (Spelling, String) {
        let (bom, text) = match raw.strip_prefix('\u{feff}') {
            Some(rest) => (true, rest),
            None => (false, raw),
        };
        let lf = text.matches('\n').count();
        let crlf = lf > 0 && text.matches("\r\n").count() == lf;
        let text = if crlf {
            text.replace("\r\n", "\n")
        } else {
            text.to_string()
        };
        (Spelling { bom, crlf }, text)
    }

    /// `text` (with `\n` line ends) spelled as the file was.
    pub fn apply(self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + 3);
        if self.bom {
            out.push('\u{feff}');
        }
        if self.crlf {
            out.push_str(&text.replace('\n', "\r\n"));
        } else {
            out.push_str(text);
        }
        out
    }
}

/// A file's text for editing (`\n` line ends, no BOM) and how to spell it back.
pub fn read(path: &Path) -> Result<(String, Spelling), EditError> {
    let raw = fs::read_to_string(path).map_err(|source| EditError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let (spelling, text) = Spelling::split(&raw);
    Ok((text, spelling))
}

/// Reads `path`, changes its text (`\n` line ends, no BOM) with `change`
/// and writes the result spelled as the file was, all under the folder's
/// lock: an edit made at the same time by another command is read first,
/// never overwritten.
pub fn update(
    path: &Path,
    change: impl FnOnce(&str) -> Result<String, EditError>,
) -> Result<(), EditError> {
    let _lock = FolderLock::acquire(&lock::folder_of(path))?;
    let (text, spelling) = read(path)?;
    let new = change(&text)?;
    write_unlocked(path, &spelling.apply(&new))
}

/// Writes `new` over `path` only if the file still holds exactly `old`
/// (its bytes as read), the text the change was computed from:
/// compare-and-swap under the folder's lock.
pub fn replace_if_unchanged(path: &Path, old: &str, new: &str) -> Result<(), EditError> {
    let _lock = FolderLock::acquire(&lock::folder_of(path))?;
    let now = fs::read_to_string(path).map_err(|source| EditError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    if now != old {
        return Err(EditError::Changed(path.to_path_buf()));
    }
    write_unlocked(path, new)
}

/// Writes `text` to a temporary file beside `path`, then renames it over
/// `path`: readers see the old file or the new one, never half of one.
/// Prefer [`update`] or [`replace_if_unchanged`] for a file read before:
/// they keep edits made at the same time.
pub fn write_atomically(path: &Path, text: &str) -> Result<(), EditError> {
    let _lock = FolderLock::acquire(&lock::folder_of(path))?;
    write_unlocked(path, text)
}

fn write_unlocked(path: &Path, text: &str) -> Result<(), EditError> {
    let io_error = |source| EditError::Io {
        path: path.to_path_buf(),
        source,
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(".{name}.milepost-{}", std::process::id()));
    let result = (|| {
        let mut file = fs::File::create(&tmp)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        if let Ok(meta) = fs::metadata(path) {
            fs::set_permissions(&tmp, meta.permissions())?;
        }
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.map_err(io_error)
}

/// Creates a folder with files in it, whole or not at all: the files are
/// written into a hidden folder beside it, which is then renamed.
pub fn create_folder_atomically(dir: &Path, files: &[(&str, String)]) -> Result<(), EditError> {
    let io_error = |path: &Path| {
        let path = path.to_path_buf();
        move |source| EditError::Io { path, source }
    };
    let parent = dir.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(io_error(parent))?;
    // Checked under the lock: two commands creating the same folder at once
    // cannot both succeed.
    let _lock = FolderLock::acquire(parent)?;
    if fs::symlink_metadata(dir).is_ok() {
        return Err(EditError::Refused(format!(
            "{} already exists",
            dir.display()
        )));
    }
    let name = dir
        .file_name()
        .map_or_else(|| "new".into(), |n| n.to_string_lossy().into_owned());
    let staging = parent.join(format!(".{name}.milepost-{}", std::process::id()));
    let result = (|| {
        fs::create_dir_all(&staging)?;
        for (file, text) in files {
            fs::write(staging.join(file), text)?;
        }
        fs::rename(&staging, dir)
    })();
    if result.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    result.map_err(io_error(dir))
}

/// Replaces a value, keeping the comment and spacing around it.
pub fn replace_value(item: &mut toml_edit::Item, new: toml_edit::Value) {
    match item.as_value_mut() {
        Some(old) => {
            let decor = old.decor().clone();
            *old = new;
            *old.decor_mut() = decor;
        }
        None => *item = toml_edit::Item::Value(new),
    }
}

#[cfg(test)]
mod tests;
