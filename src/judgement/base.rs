//! What the base of a pull request knew: its history, the renames its
//! environment files declared, and its rules. A pull request is judged by
//! them as well as by its own files, so that it cannot change the rules it
//! is judged by in the same change.

use std::collections::BTreeMap;

use anyhow::Context;

use crate::files::{Calendar, Settings, TeamsFile};
use crate::git::{GitRepo, ObjectId};
use crate::history::History;
use crate::model::rules::Rules;

/// The history as it was where the pull request's branch left `base`, and
/// that commit.
pub(super) fn history_at_merge_base(
    repo: &GitRepo,
    base: &str,
) -> anyhow::Result<(ObjectId, History)> {
    let base_id = repo
        .resolve(Some(base))?
        .context("the base revision names no commit")?;
    let Some(head) = repo.resolve(None)? else {
        anyhow::bail!("the repository has no commits, so there is nothing since `{base}`");
    };
    let fork = repo.merge_base(base_id, head)?;
    Ok((
        fork,
        crate::cmd::load_history(repo, Some(fork.to_string()))?,
    ))
}

/// The renames the environment files at `commit` declare (`formerly`).
pub(super) fn formerly_at(
    repo: &GitRepo,
    commit: ObjectId,
) -> anyhow::Result<BTreeMap<String, String>> {
    let mut tree = repo.commit(commit)?.tree;
    for part in repo.registry_path("environments").split('/') {
        match repo.child_tree(tree, part)? {
            Some(child) => tree = child,
            None => return Ok(BTreeMap::new()),
        }
    }
    let mut lists: Vec<(String, Vec<String>)> = Vec::new();
    for (name, blob) in repo.blobs(tree)? {
        let Some(id) = name.strip_suffix(".toml") else {
            continue;
        };
        let text = String::from_utf8_lossy(&repo.blob(blob)?).into_owned();
        // An unreadable file at the base declares nothing.
        let formerly = text
            .parse::<toml_edit::DocumentMut>()
            .ok()
            .and_then(|doc| {
                let list = doc.get("formerly")?.as_array()?;
                Some(
                    list.iter()
                        .filter_map(|v| v.as_str().map(String::from))
                        .collect(),
                )
            })
            .unwrap_or_default();
        lists.push((id.to_string(), formerly));
    }
    Ok(crate::history::renames(
        lists.iter().map(|(id, f)| (id.as_str(), f.as_slice())),
    ))
}

/// The rules of the registry at `commit`: its policies, approver teams and
/// freeze windows; `None` if it had no milepost.toml that can be read.
pub(super) fn rules_at(repo: &GitRepo, commit: ObjectId) -> anyhow::Result<Option<Rules>> {
    let mut tree = repo.commit(commit)?.tree;
    for part in repo.prefix().split('/').filter(|p| !p.is_empty()) {
        match repo.child_tree(tree, part)? {
            Some(child) => tree = child,
            None => return Ok(None),
        }
    }
    let files = repo.blobs(tree)?;
    let read = |name: &str| -> Option<serde_json::Value> {
        let (_, blob) = files.iter().find(|(n, _)| n == name)?;
        let text = String::from_utf8(repo.blob(*blob).ok()?).ok()?;
        let file = crate::source::SourceFile::new(name, std::path::PathBuf::new(), text);
        crate::parse::parse_toml(&file).ok().map(|p| p.value)
    };
    let Some(settings) =
        read("milepost.toml").and_then(|v| serde_json::from_value::<Settings>(v).ok())
    else {
        return Ok(None);
    };
    let teams = read("teams.toml").and_then(|v| serde_json::from_value::<TeamsFile>(v).ok());
    let calendar = read("calendar.toml").and_then(|v| serde_json::from_value::<Calendar>(v).ok());
    Ok(Some(Rules::new(
        &settings.policy,
        teams.as_ref(),
        calendar.as_ref().map_or(&[], |c| c.freeze.as_slice()),
    )))
}
