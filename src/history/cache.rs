//! The history cache in `.git/milepost/`: the events and the walk's state at
//! the tip it reached, so that a rerun reads only the commits since. A cache
//! that is unreadable, foreign or from another format is ignored and rebuilt;
//! a cache that cannot be written is skipped. It is only ever a shortcut:
//! `history::load` keeps it to HEAD's history and never uses it in a
//! shallow clone, where only a walk can tell that history is missing.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::PathBuf;

use git2::Oid;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::History;
use super::env_file::EnvValues;
use super::walk::{FileState, WalkState};
use crate::git::GitRepo;

/// 3: events carry `recorded_at` when `deployed_at` dates them earlier.
const FORMAT: u32 = 3;

#[derive(Serialize, Deserialize)]
struct CacheFile<H> {
    format: u32,
    /// The registry's folder in the repository: the cache's key.
    registry: String,
    /// The shallow boundary when written; a fetch that deepens the clone
    /// invalidates the cache.
    shallow: Vec<String>,
    tip: String,
    root_tree: Option<String>,
    envs_tree: Option<String>,
    files: BTreeMap<String, CachedFile>,
    /// `History` when read, `&History` when written (no copy of every event).
    history: H,
}

#[derive(Serialize, Deserialize)]
struct CachedFile {
    blob: String,
    release: Option<String>,
    deployed_at: Option<Timestamp>,
}

fn path(repo: &GitRepo) -> PathBuf {
    let key: String = match repo.prefix() {
        "" => "root".to_string(),
        prefix => prefix
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect(),
    };
    repo.git_dir()
        .join("milepost")
        .join(format!("history-{key}.json"))
}

fn shallow_ids(repo: &GitRepo) -> Vec<String> {
    let mut ids: Vec<String> = repo.shallow_boundary().iter().map(Oid::to_string).collect();
    ids.sort();
    ids
}

/// The cached history and state, if there is a cache that is ours and sound.
pub fn read(repo: &GitRepo) -> Option<(History, WalkState)> {
    let bytes = fs::read(path(repo)).ok()?;
    let file: CacheFile<History> = serde_json::from_slice(&bytes).ok()?;
    if file.format != FORMAT || file.registry != repo.prefix() || file.shallow != shallow_ids(repo)
    {
        return None;
    }
    let oid = |s: &str| Oid::from_str(s).ok();
    let optional = |s: &Option<String>| match s {
        Some(s) => oid(s).map(Some),
        None => Some(None),
    };
    let mut files = BTreeMap::new();
    for (env, cached) in file.files {
        let state = FileState {
            blob: oid(&cached.blob)?,
            values: EnvValues {
                release: cached.release,
                deployed_at: cached.deployed_at,
            },
        };
        files.insert(env, state);
    }
    let state = WalkState {
        tip: Some(oid(&file.tip)?),
        root_tree: optional(&file.root_tree)?,
        envs_tree: optional(&file.envs_tree)?,
        files,
    };
    Some((file.history, state))
}

/// Saves the history at `tip`; written whole to a temporary file and renamed,
/// so that a reader never sees half a cache.
pub fn write(repo: &GitRepo, tip: Oid, history: &History, state: &WalkState) {
    let file = CacheFile {
        format: FORMAT,
        registry: repo.prefix().to_string(),
        shallow: shallow_ids(repo),
        tip: tip.to_string(),
        root_tree: state.root_tree.map(|o| o.to_string()),
        envs_tree: state.envs_tree.map(|o| o.to_string()),
        files: state
            .files
            .iter()
            .map(|(env, f)| {
                let cached = CachedFile {
                    blob: f.blob.to_string(),
                    release: f.values.release.clone(),
                    deployed_at: f.values.deployed_at,
                };
                (env.clone(), cached)
            })
            .collect(),
        history,
    };
    let target = path(repo);
    let Some(dir) = target.parent() else { return };
    let Ok(json) = serde_json::to_vec(&file) else {
        return;
    };
    let written = fs::create_dir_all(dir)
        .and_then(|()| tempfile_in(dir))
        .and_then(|(tmp_path, mut tmp)| {
            // No fsync: a cache torn by a crash reads as corrupt and is rebuilt.
            tmp.write_all(&json)?;
            fs::rename(&tmp_path, &target)
        });
    // A read-only .git only costs speed next time.
    let _ = written;
}

fn tempfile_in(dir: &std::path::Path) -> std::io::Result<(PathBuf, fs::File)> {
    let path = dir.join(format!(".history-{}.tmp", std::process::id()));
    let file = fs::File::create(&path)?;
    Ok((path, file))
}
