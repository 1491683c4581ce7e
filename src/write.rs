//! Putting a built site on disk, whole or not at all: everything is written
//! to a temporary folder beside the target and swapped in at the end, so a
//! failed build leaves the previous site as it was, and no file of an earlier
//! build survives in the new one. Only folders that milepost wrote are ever
//! replaced ([`guard`]).

pub mod guard;

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use crate::site::Page;

pub use guard::{MARKER, Protected};

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("cannot write {}: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    /// A file of the previous site that this build meant to keep was
    /// replaced meanwhile (another build swapped in its site): nothing was
    /// changed, and a build that renders every page can go ahead.
    #[error("the previous site changed during the build ({reason}): {}", .path.display())]
    PreviousChanged { path: PathBuf, reason: String },
    /// The target is not milepost's to replace: nothing was touched.
    #[error("refusing to write the site to {}: {reason}; nothing was changed", .path.display())]
    Refused { path: PathBuf, reason: String },
}

fn at(path: &Path) -> impl FnOnce(io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Writes `sites` (`(subfolder, pages)`) as the folder `out`, after
/// [`guard::checked_target`] has said that `out` may be replaced. A link at
/// `out` is kept and its target replaced.
pub fn write_site(
    out: &Path,
    protected: &Protected,
    sites: &[(&str, &[Page])],
    trash: Option<&Path>,
) -> Result<(), WriteError> {
    let target = guard::checked_target(out, protected)?;
    write_atomically_with(&target, sites, trash)
}

/// Replaces `target` by a folder holding `sites` (`(subfolder, pages)`) and
/// the [`MARKER`]. Callers check first that `target` is milepost's.
pub fn write_atomically(target: &Path, sites: &[(&str, &[Page])]) -> Result<(), WriteError> {
    write_atomically_with(target, sites, None)
}

/// As [`write_atomically`]; the replaced site is moved into `trash` (see
/// [`Trash`]) instead of being removed before returning, where it can be.
pub fn write_atomically_with(
    target: &Path,
    sites: &[(&str, &[Page])],
    trash: Option<&Path>,
) -> Result<(), WriteError> {
    let parent = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(at(parent))?;
    let name = target
        .file_name()
        .map_or_else(|| "site".into(), |n| n.to_string_lossy().into_owned());
    remove_stale_staging(parent, &name);
    let staging = parent.join(format!(".{name}.new-{}", std::process::id()));
    let retired = parent.join(format!(".{name}.old-{}", std::process::id()));
    let _ = fs::remove_dir_all(&staging);
    let written = write_all(&staging, target, sites);
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
        return Err(WriteError::Io {
            path: target.to_path_buf(),
            source,
        });
    }
    if had_old && !trash.is_some_and(|trash| Trash::take(trash, &retired)) {
        let _ = fs::remove_dir_all(&retired);
    }
    Ok(())
}

/// Replaced sites waiting to be removed. Removing tens of thousands of
/// files takes seconds on some disks; a build moves the site it replaced
/// here (a rename, when the folder is on the same file system) and the next
/// build empties it on a thread of its own while it renders. The folder is
/// in the repository's `.git/milepost/`, so it is never in a work tree.
pub struct Trash;

impl Trash {
    /// Moves `retired` into `trash`; false if it cannot be (another file
    /// system), and then the caller removes it.
    fn take(trash: &Path, retired: &Path) -> bool {
        if fs::create_dir_all(trash).is_err() {
            return false;
        }
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let name = format!("site-{}-{nanos}", std::process::id());
        fs::rename(retired, trash.join(name)).is_ok()
    }

    /// Removes what earlier builds left in `trash`, oldest first, on a
    /// thread. Only `site-*` folders are removed: nothing else is put there.
    pub fn empty(trash: &Path) -> Emptying {
        let dir = trash.to_path_buf();
        let handle = std::thread::spawn(move || {
            for path in Trash::sites(&dir) {
                let _ = fs::remove_dir_all(&path);
            }
        });
        Emptying {
            trash: trash.to_path_buf(),
            handle,
        }
    }

    /// The replaced sites in `trash`, oldest first (their names end with
    /// the time they were put there).
    fn sites(trash: &Path) -> Vec<PathBuf> {
        let Ok(entries) = fs::read_dir(trash) else {
            return Vec::new();
        };
        let mut sites: Vec<(u128, PathBuf)> = entries
            .filter_map(Result::ok)
            .filter_map(|entry| {
                let name = entry.file_name().to_string_lossy().into_owned();
                let nanos = name
                    .strip_prefix("site-")?
                    .rsplit('-')
                    .next()?
                    .parse()
                    .ok()?;
                let is_dir = fs::symlink_metadata(entry.path()).is_ok_and(|m| m.is_dir());
                is_dir.then(|| (nanos, entry.path()))
            })
            .collect();
        sites.sort();
        sites.into_iter().map(|(_, path)| path).collect()
    }
}

/// A trash being emptied while the build goes on.
pub struct Emptying {
    trash: PathBuf,
    handle: std::thread::JoinHandle<()>,
}

impl Emptying {
    /// At the end of a build: waits for the removal only when the trash
    /// holds more than the site this build replaced and one before it, so
    /// that builds quicker than the disk cannot fill it. Otherwise the rest
    /// is left to the next build (a folder half removed is removed then).
    pub fn finish(self) {
        if self.handle.is_finished() || Trash::sites(&self.trash).len() > 2 {
            let _ = self.handle.join();
        }
    }
}

/// Removes the staging and retired folders (`.NAME.new-PID`, `.NAME.old-PID`)
/// that a killed build left beside `NAME`: only marked ones, and only when
/// their process is gone, so that a build running beside this one keeps its own.
fn remove_stale_staging(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = [".new-", ".old-"].iter().find_map(|kind| {
            file_name
                .strip_prefix(&format!(".{name}{kind}"))
                .and_then(|pid| pid.parse::<u32>().ok())
        }) else {
            continue;
        };
        let path = entry.path();
        let is_dir = fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir());
        if is_dir && path.join(MARKER).is_file() && !process_alive(pid, &path) {
            let _ = fs::remove_dir_all(&path);
        }
    }
}

/// Whether the build that owns a staging folder may still be running.
fn process_alive(pid: u32, staging: &Path) -> bool {
    if pid == std::process::id() {
        return false;
    }
    let proc = Path::new("/proc");
    if proc.join("self").exists() {
        return proc.join(pid.to_string()).exists();
    }
    // Without /proc: a build takes seconds; a day-old staging folder is stale.
    fs::metadata(staging)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_none_or(|age| age.as_secs() < 24 * 3600)
}

/// The previous build's file as the new one: a hard link (no bytes
/// written), or a copy where the file system has none. The file must still
/// be the one the cache vouched for (its inode): a build that swapped in
/// another site meanwhile makes this one fail rather than take its pages.
fn link_or_copy(from: &Path, to: &Path, inode: u64) -> Result<(), WriteError> {
    let changed = |reason: String| WriteError::PreviousChanged {
        path: from.to_path_buf(),
        reason,
    };
    let linked = fs::hard_link(from, to).is_ok();
    if !linked {
        fs::copy(from, to).map_err(|err| changed(err.to_string()))?;
    }
    let now = fs::symlink_metadata(if linked { to } else { from })
        .map(|meta| crate::site::reuse::inode(&meta))
        .map_err(|err| changed(err.to_string()))?;
    if now != inode {
        return Err(changed("another file is in its place".into()));
    }
    Ok(())
}

/// A page path stays inside its site: relative, no `..`.
fn inside(path: &str) -> bool {
    Path::new(path)
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
}

/// Writes every page into `staging`; a page the previous build made
/// unchanged is linked from `previous` (the site being replaced).
fn write_all(staging: &Path, previous: &Path, sites: &[(&str, &[Page])]) -> Result<(), WriteError> {
    use rayon::prelude::*;
    fs::create_dir_all(staging).map_err(at(staging))?;
    // The marker first: a killed build's staging folder is then recognisably ours.
    let marker = staging.join(MARKER);
    fs::write(&marker, guard::MARKER_TEXT).map_err(at(&marker))?;
    for (folder, pages) in sites {
        let base = staging.join(folder);
        if let Some(bad) = pages.iter().find(|p| !inside(&p.path)) {
            return Err(WriteError::Refused {
                path: base.join(&bad.path),
                reason: "a page path leaves the site".into(),
            });
        }
        let mut dirs: Vec<PathBuf> = pages
            .iter()
            .filter_map(|p| base.join(&p.path).parent().map(Path::to_path_buf))
            .collect();
        dirs.sort();
        dirs.dedup();
        for dir in &dirs {
            fs::create_dir_all(dir).map_err(at(dir))?;
        }
        let before = previous.join(folder);
        pages.par_iter().try_for_each(|page| {
            let path = base.join(&page.path);
            if let Some(inode) = page.unchanged {
                return link_or_copy(&before.join(&page.path), &path, inode);
            }
            fs::write(&path, &page.bytes).map_err(|source| WriteError::Io { path, source })
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;
