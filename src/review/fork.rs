//! The registry as it was where the pull request left its base: read from
//! the Git objects of that commit, never from the work tree, and validated
//! as `check` would have, so that both sides of the review are the same
//! typed registry.

use std::path::Path;

use crate::git::{GitRepo, ObjectId};
use crate::judgement::base::folder_at;
use crate::load::{LoadedRegistry, MAX_FILE_BYTES, Placement, decode, placement};
use crate::model::Registry;

/// The registry's files at `commit`, typed; an empty registry when the
/// commit had none (the pull request adds it).
pub fn registry_at(repo: &GitRepo, root: &Path, commit: ObjectId) -> anyhow::Result<Registry> {
    let mut loaded = LoadedRegistry {
        root: root.to_path_buf(),
        ..LoadedRegistry::default()
    };
    let Some(top) = folder_at(repo, commit, repo.prefix())? else {
        return Ok(Registry::default());
    };
    let mut wanted: Vec<(String, ObjectId)> = Vec::new();
    for (name, blob) in repo.blobs(top)? {
        wanted.push((name, blob));
    }
    for folder in ["environments", "incidents"] {
        if let Some(tree) = repo.child_tree(top, folder)? {
            for (name, blob) in repo.blobs(tree)? {
                wanted.push((format!("{folder}/{name}"), blob));
            }
        }
    }
    if let Some(releases) = repo.child_tree(top, "releases")? {
        for (version, tree) in repo.trees(releases)? {
            for (name, blob) in repo.blobs(tree)? {
                wanted.push((format!("releases/{version}/{name}"), blob));
            }
        }
    }
    for (rel, blob) in wanted {
        let Placement::Known(kind) = placement(&rel) else {
            continue;
        };
        let bytes = repo.blob(blob)?;
        // Larger files are refused on the branch too; at the base they
        // only make the comparison poorer.
        if bytes.len() as u64 > MAX_FILE_BYTES {
            loaded.unreadable.push(kind);
            continue;
        }
        match decode(&rel, root.join(&rel), bytes) {
            Ok(file) => loaded.files.push((kind, file)),
            Err(_) => loaded.unreadable.push(kind),
        }
    }
    loaded.files.sort_by(|a, b| a.1.path.cmp(&b.1.path));
    Ok(crate::validate::check(loaded).registry)
}
