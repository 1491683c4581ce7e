//! Putting a built site on disk, whole or not at all: everything is written
//! to a temporary folder beside the target and swapped in at the end, so a
//! failed build leaves the previous site as it was, and no file of an earlier
//! build survives in the new one.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::site::Page;

#[derive(Debug, thiserror::Error)]
#[error("cannot write {}: {source}", .path.display())]
pub struct WriteError {
    pub path: PathBuf,
    #[source]
    pub source: io::Error,
}

fn at(path: &Path) -> impl FnOnce(io::Error) -> WriteError + '_ {
    move |source| WriteError {
        path: path.to_path_buf(),
        source,
    }
}

/// Replaces `target` by a folder holding `sites` (`(subfolder, pages)`).
pub fn write_atomically(target: &Path, sites: &[(&str, &[Page])]) -> Result<(), WriteError> {
    let parent = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(at(parent))?;
    let name = target
        .file_name()
        .map_or_else(|| "site".into(), |n| n.to_string_lossy().into_owned());
    let staging = parent.join(format!(".{name}.new-{}", std::process::id()));
    let retired = parent.join(format!(".{name}.old-{}", std::process::id()));
    let _ = fs::remove_dir_all(&staging);
    let written = write_all(&staging, sites);
    if let Err(err) = written {
        let _ = fs::remove_dir_all(&staging);
        return Err(err);
    }
    let had_old = target.exists();
    if had_old {
        fs::rename(target, &retired).map_err(at(target))?;
    }
    if let Err(source) = fs::rename(&staging, target) {
        // Put the old site back rather than leave nothing.
        if had_old {
            let _ = fs::rename(&retired, target);
        }
        let _ = fs::remove_dir_all(&staging);
        return Err(WriteError {
            path: target.to_path_buf(),
            source,
        });
    }
    if had_old {
        let _ = fs::remove_dir_all(&retired);
    }
    Ok(())
}

fn write_all(staging: &Path, sites: &[(&str, &[Page])]) -> Result<(), WriteError> {
    use rayon::prelude::*;
    for (folder, pages) in sites {
        let base = staging.join(folder);
        let mut dirs: Vec<PathBuf> = pages
            .iter()
            .filter_map(|p| base.join(&p.path).parent().map(Path::to_path_buf))
            .collect();
        dirs.sort();
        dirs.dedup();
        for dir in &dirs {
            fs::create_dir_all(dir).map_err(at(dir))?;
        }
        pages.par_iter().try_for_each(|page| {
            let path = base.join(&page.path);
            fs::write(&path, &page.bytes).map_err(|source| WriteError { path, source })
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;
