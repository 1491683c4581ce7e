//! Editing commands run side by side (two people, a script, CI): each
//! read-change-write of a file happens under an exclusive lock of the folder
//! that holds it, so that no edit is lost to another one made at the same
//! time. The lock is the operating system's (`flock`): it goes away with the
//! process, so a killed command never leaves the registry locked.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::EditError;

/// How long to wait for another milepost editing the same folder.
const PATIENCE: Duration = Duration::from_secs(30);

/// Held while a folder's files are read, changed and written.
#[derive(Debug)]
pub struct FolderLock {
    _file: fs::File,
}

impl FolderLock {
    /// Waits (up to 30 s) for the lock of `dir`; an error names the folder.
    pub fn acquire(dir: &Path) -> Result<FolderLock, EditError> {
        let io_error = |source| EditError::Io {
            path: dir.to_path_buf(),
            source,
        };
        let file = open_lockable(dir).map_err(io_error)?;
        let started = Instant::now();
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(FolderLock { _file: file }),
                Err(fs::TryLockError::WouldBlock) if started.elapsed() < PATIENCE => {
                    std::thread::sleep(Duration::from_millis(20));
                }
                Err(fs::TryLockError::WouldBlock) => {
                    return Err(EditError::Busy(dir.to_path_buf()));
                }
                Err(fs::TryLockError::Error(source)) => return Err(io_error(source)),
            }
        }
    }
}

/// The folder itself, where the system can lock a folder: no file is added
/// to the registry.
#[cfg(unix)]
fn open_lockable(dir: &Path) -> io::Result<fs::File> {
    fs::File::open(dir)
}

/// Elsewhere, a lock file in the folder, which stays (an empty hidden file).
#[cfg(not(unix))]
fn open_lockable(dir: &Path) -> io::Result<fs::File> {
    fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join(".milepost.lock"))
}

/// The folder whose lock guards `path`.
pub fn folder_of(path: &Path) -> PathBuf {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf()
}
