//! Where a site may be written. `build --out DIR` replaces DIR whole, so DIR
//! must be a folder that milepost itself wrote (it carries [`MARKER`]), an
//! empty one, or one that does not exist yet — never the registry, the
//! repository, or anything people keep there.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use super::WriteError;

/// The file every built site carries at its top, so that the next build
/// knows the folder is milepost's to replace.
pub const MARKER: &str = ".milepost-site";

pub const MARKER_TEXT: &str =
    "This folder was written by `milepost build`; every build replaces it whole.\n";

/// The registry's folders that hold what people wrote.
const DATA_FOLDERS: &[&str] = &[
    "releases",
    "environments",
    "incidents",
    "site-templates",
    ".git",
];

/// What a site must never replace or land in.
#[derive(Debug, Clone, Default)]
pub struct Protected {
    /// The registry's folder.
    pub registry: PathBuf,
    /// The work tree of the repository holding the registry, if any.
    pub work_tree: Option<PathBuf>,
    /// The repository's `.git` folder, if any (it may lie elsewhere).
    pub git_dir: Option<PathBuf>,
    /// A folder that older milepost versions wrote without the marker
    /// (the default `_site`): accepted when it holds only `public/` and
    /// `internal/`.
    pub legacy_site: Option<PathBuf>,
}

/// Checks `out` against `protected` and returns the folder to replace: `out`
/// itself, or the folder a symbolic link at `out` points to (the link is
/// kept; its target is updated).
pub fn checked_target(out: &Path, protected: &Protected) -> Result<PathBuf, WriteError> {
    let refuse = |reason: String| WriteError::Refused {
        path: out.to_path_buf(),
        reason,
    };
    let target = real_path(out).map_err(|source| WriteError::Io {
        path: out.to_path_buf(),
        source,
    })?;
    let registry = real_path(&protected.registry).unwrap_or_else(|_| protected.registry.clone());
    if target == registry {
        return Err(refuse("it is the registry itself".into()));
    }
    if registry.starts_with(&target) {
        return Err(refuse("it contains the registry".into()));
    }
    if let Some(tree) = &protected.work_tree {
        let tree = real_path(tree).unwrap_or_else(|_| tree.clone());
        if tree.starts_with(&target) {
            return Err(refuse("it contains the Git repository".into()));
        }
    }
    if let Some(git) = &protected.git_dir {
        let git = real_path(git).unwrap_or_else(|_| git.clone());
        if target.starts_with(&git) || git.starts_with(&target) {
            return Err(refuse(
                "it is inside the Git repository's .git folder".into(),
            ));
        }
    }
    for folder in DATA_FOLDERS {
        if target.starts_with(registry.join(folder)) {
            return Err(refuse(format!(
                "it is inside the registry's {folder}/ folder"
            )));
        }
    }
    match fs::symlink_metadata(&target) {
        Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(target),
        Err(source) => Err(WriteError::Io {
            path: target,
            source,
        }),
        Ok(meta) if !meta.is_dir() => Err(refuse(
            "it is a file, not a folder; milepost replaces only folders it wrote".into(),
        )),
        Ok(_) if is_ours(&target, protected) => Ok(target),
        Ok(_) => Err(refuse(format!(
            "it is a folder that milepost did not write (it has no {MARKER}); \
             name a new or empty folder, or empty this one first"
        ))),
    }
}

/// A folder milepost may replace: empty, marked, or the legacy default site.
fn is_ours(dir: &Path, protected: &Protected) -> bool {
    if dir.join(MARKER).is_file() {
        return true;
    }
    let Ok(entries) = fs::read_dir(dir) else {
        return false;
    };
    let names: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    if names.is_empty() {
        return true;
    }
    let legacy = protected
        .legacy_site
        .as_deref()
        .and_then(|l| real_path(l).ok())
        .is_some_and(|l| l == dir);
    legacy && names.iter().all(|n| n == "public" || n == "internal")
}

/// `path` with every link and `..` resolved, also when its last parts do
/// not exist yet: the nearest existing ancestor is resolved and the rest
/// appended. A link whose target does not exist yet is followed too.
pub fn real_path(path: &Path) -> io::Result<PathBuf> {
    resolve(path, 0)
}

fn resolve(path: &Path, links: usize) -> io::Result<PathBuf> {
    if links > 40 {
        return Err(io::Error::other("too many levels of symbolic links"));
    }
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()?.join(path)
    };
    let mut rest: Vec<std::ffi::OsString> = Vec::new();
    let mut existing = absolute.as_path();
    loop {
        match fs::canonicalize(existing) {
            Ok(real) => return Ok(append(real, &rest)),
            Err(err) if err.kind() == io::ErrorKind::NotFound => {
                if fs::symlink_metadata(existing).is_ok_and(|m| m.file_type().is_symlink()) {
                    // A dangling link: go where it points.
                    let target = fs::read_link(existing)?;
                    let base = existing.parent().unwrap_or(Path::new("/"));
                    return resolve(&append(base.join(target), &rest), links + 1);
                }
                match (existing.parent(), existing.components().next_back()) {
                    (Some(parent), Some(Component::Normal(name))) => {
                        rest.push(name.to_os_string());
                        existing = parent;
                    }
                    (Some(parent), Some(Component::ParentDir)) => {
                        rest.push("..".into());
                        existing = parent;
                    }
                    (Some(parent), Some(Component::CurDir)) => existing = parent,
                    _ => return Err(err),
                }
            }
            Err(err) => return Err(err),
        }
    }
}

/// `base` with `rest` (collected last part first) appended, `..` applied.
fn append(mut base: PathBuf, rest: &[std::ffi::OsString]) -> PathBuf {
    for part in rest.iter().rev() {
        if part == ".." {
            base.pop();
        } else {
            base.push(part);
        }
    }
    base
}
