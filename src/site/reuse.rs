//! Incremental builds: what each page of the previous build was rendered
//! from, so that a page whose template and context are unchanged is linked
//! from the previous site instead of being rendered and written again.
//!
//! A page is a pure function of its template set and its context, so the
//! fingerprint of a page is a keyed 128-bit hash of the milepost binary, the
//! templates, the template's name and the serialized context. The previous
//! file is taken only when the cache says it was written with that
//! fingerprint and the file on disk is still the one written (same length,
//! modification time and inode): a file changed by hand is rendered again.
//!
//! The cache lives in the repository's `.git/milepost/`, never in the work
//! tree; without a Git repository every build is a full build. The key is
//! random per cache, so that whoever writes the registry cannot aim for a
//! collision.

use std::collections::HashMap;
use std::fs;
use std::hash::{BuildHasher, Hasher};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;
use siphasher::sip128::{Hasher128, SipHasher13};

use super::pipeline::Site;

/// The first line of a cache file; another format is ignored.
const HEADER: &str = "milepost site cache 1";

/// What a page was rendered from.
pub type Fingerprint = u128;

/// What the previous build wrote, and the key its fingerprints were made with.
pub struct Memo {
    key: (u64, u64),
    /// The binary and the template set: a new milepost or a changed template
    /// renders every page again.
    base: Fingerprint,
    /// The previous site, as it is on disk (the folder `build` replaces).
    site: PathBuf,
    previous: Previous,
}

/// The previous build's files, by site and path.
type Previous = HashMap<(Site, String), Written>;

/// One file of a build, as the cache records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Written {
    fingerprint: Fingerprint,
    len: u64,
    modified: i128,
    inode: u64,
}

impl Memo {
    /// The memo of the site at `site` (the build's target), from the cache
    /// in `cache_dir`; a missing or unreadable cache gives an empty one.
    pub fn load(cache_dir: &Path, site: &Path, templates: &[(String, String)]) -> Memo {
        let text = fs::read_to_string(cache_file(cache_dir, site)).unwrap_or_default();
        let (key, previous) = parse(&text, site).unwrap_or_else(|| (random_key(), HashMap::new()));
        let mut base = SipHasher13::new_with_keys(key.0, key.1);
        base.write(binary_identity().as_bytes());
        for (name, text) in templates {
            base.write(name.as_bytes());
            base.write_u8(0);
            base.write(text.as_bytes());
            base.write_u8(0);
        }
        Memo {
            key,
            base: base.finish128().as_u128(),
            site: site.to_path_buf(),
            previous,
        }
    }

    /// The fingerprint of rendering `template` with `context`.
    pub fn fingerprint(&self, template: &str, context: &impl Serialize) -> Fingerprint {
        let mut hasher = HashWriter(SipHasher13::new_with_keys(self.key.0, self.key.1));
        hasher.0.write(&self.base.to_le_bytes());
        hasher.0.write(template.as_bytes());
        hasher.0.write_u8(0);
        // A context that cannot be serialized gets a fingerprint of its
        // own, which no previous page has: the page is rendered and the
        // renderer reports the error.
        if serde_json::to_writer(&mut hasher, context).is_err() {
            return random_key().0 as u128;
        }
        hasher.0.finish128().as_u128()
    }

    /// The inode of the previous build's `path` of `site`, if it was
    /// rendered from `fingerprint` and is still on disk as it was written.
    pub fn unchanged(&self, site: Site, path: &str, fingerprint: Fingerprint) -> Option<u64> {
        let written = self.previous.get(&(site, path.to_string()))?;
        (written.fingerprint == fingerprint
            && stat(&self.site.join(folder(site)).join(path))
                .is_some_and(|now| now == (written.len, written.modified, written.inode)))
        .then_some(written.inode)
    }

    /// Records the site now at `site` (after the swap): `pages` are
    /// `(site, path, fingerprint)`. Written to a temporary file and renamed,
    /// so that a concurrent build reads a whole cache or none.
    pub fn save(
        &self,
        cache_dir: &Path,
        pages: impl Iterator<Item = (Site, String, Fingerprint)>,
    ) -> io::Result<()> {
        let mut text = format!(
            "{HEADER}\n{:016x}{:016x}\n{}\n",
            self.key.0,
            self.key.1,
            escape(&self.site.to_string_lossy())
        );
        for (site, path, fingerprint) in pages {
            if path.contains(['\t', '\n']) {
                continue;
            }
            if let Some((len, modified, inode)) = stat(&self.site.join(folder(site)).join(&path)) {
                text.push_str(&format!(
                    "{}\t{path}\t{fingerprint:032x}\t{len}\t{modified}\t{inode}\n",
                    folder(site)
                ));
            }
        }
        fs::create_dir_all(cache_dir)?;
        let file = cache_file(cache_dir, &self.site);
        let staging = file.with_extension(format!("new-{}", std::process::id()));
        fs::write(&staging, text)?;
        fs::rename(&staging, &file).inspect_err(|_| {
            let _ = fs::remove_file(&staging);
        })
    }
}

/// The subfolder of the build's target that holds `site`.
pub fn folder(site: Site) -> &'static str {
    match site {
        Site::Public => "public",
        Site::Internal => "internal",
    }
}

fn site_of(folder: &str) -> Option<Site> {
    match folder {
        "public" => Some(Site::Public),
        "internal" => Some(Site::Internal),
        _ => None,
    }
}

/// One cache per target folder, named by a hash of its path.
fn cache_file(cache_dir: &Path, site: &Path) -> PathBuf {
    let mut hasher = SipHasher13::new_with_keys(0, 0);
    hasher.write(site.as_os_str().as_encoded_bytes());
    cache_dir.join(format!("site-{:016x}.cache", hasher.finish()))
}

/// Paths are stored on one line.
fn escape(text: &str) -> String {
    text.replace(['\n', '\r', '\t'], " ")
}

fn parse(text: &str, site: &Path) -> Option<((u64, u64), Previous)> {
    let mut lines = text.lines();
    if lines.next()? != HEADER {
        return None;
    }
    let key = lines.next()?;
    let key = (
        u64::from_str_radix(key.get(..16)?, 16).ok()?,
        u64::from_str_radix(key.get(16..)?, 16).ok()?,
    );
    if lines.next()? != escape(&site.to_string_lossy()) {
        return None;
    }
    let mut previous = HashMap::new();
    for line in lines {
        let mut fields = line.split('\t');
        let (Some(folder), Some(path), Some(fingerprint), Some(len), Some(modified), Some(inode)) = (
            fields.next(),
            fields.next(),
            fields.next(),
            fields.next(),
            fields.next(),
            fields.next(),
        ) else {
            return None;
        };
        let written = Written {
            fingerprint: u128::from_str_radix(fingerprint, 16).ok()?,
            len: len.parse().ok()?,
            modified: modified.parse().ok()?,
            inode: inode.parse().ok()?,
        };
        previous.insert((site_of(folder)?, path.to_string()), written);
    }
    Some((key, previous))
}

/// Length, modification time (ns since the epoch) and inode of a regular
/// file (not followed through links).
fn stat(path: &Path) -> Option<(u64, i128, u64)> {
    let meta = fs::symlink_metadata(path).ok()?;
    if !meta.is_file() {
        return None;
    }
    let modified = meta.modified().ok()?;
    let nanos = match modified.duration_since(std::time::UNIX_EPOCH) {
        Ok(after) => after.as_nanos() as i128,
        Err(before) => -(before.duration().as_nanos() as i128),
    };
    Some((meta.len(), nanos, inode(&meta)))
}

#[cfg(unix)]
pub fn inode(meta: &fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::ino(meta)
}

#[cfg(not(unix))]
pub fn inode(_: &fs::Metadata) -> u64 {
    0
}

/// A fresh random key (the standard library seeds its hash maps randomly).
fn random_key() -> (u64, u64) {
    let state = std::hash::RandomState::new();
    (state.hash_one(1u8), state.hash_one(2u8))
}

/// This build of milepost: its version, and its executable's size and
/// modification time, so that a rebuilt binary does not trust pages an
/// older one rendered.
fn binary_identity() -> String {
    let exe = std::env::current_exe()
        .ok()
        .and_then(|exe| stat_followed(&exe))
        .unwrap_or_default();
    format!("{} {exe}", env!("MILEPOST_VERSION"))
}

fn stat_followed(path: &Path) -> Option<String> {
    let meta = fs::metadata(path).ok()?;
    let modified = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    Some(format!("{} {}", meta.len(), modified.as_nanos()))
}

struct HashWriter(SipHasher13);

impl Write for HashWriter {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.write(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests;
