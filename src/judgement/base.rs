//! What the base of a pull request knew. A pull request is judged against
//! the branch it merges into as that branch is now (its tip): its history,
//! the rules, tiers and renames its files declare. What the pull request
//! itself changes is what differs from where it left that branch (the merge
//! base), so that merging the branch in does not make its deploys the pull
//! request's.

use std::collections::BTreeMap;

use anyhow::Context;

use crate::files::{Calendar, Settings, TeamsFile, Tier};
use crate::git::{GitRepo, ObjectId};
use crate::history::EnvValues;
use crate::model::rules::Rules;

/// The commits a pull request is judged between.
pub(crate) struct Fork {
    /// The tip of the branch it merges into.
    pub tip: ObjectId,
    /// Where the pull request left that branch.
    pub fork: ObjectId,
}

pub(crate) fn fork(repo: &GitRepo, base: &str) -> anyhow::Result<Fork> {
    let tip = repo
        .resolve(Some(base))?
        .context("the base revision names no commit")?;
    let Some(head) = repo.resolve(None)? else {
        anyhow::bail!("the repository has no commits, so there is nothing since `{base}`");
    };
    let fork = repo.merge_base(tip, head)?;
    Ok(Fork { tip, fork })
}

/// An environment file as a commit has it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct EnvAt {
    pub values: EnvValues,
    pub tier: Option<Tier>,
    pub formerly: Vec<String>,
}

/// The environment files of the registry at `commit`, by id. A file that
/// cannot be read there counts as empty.
pub(super) fn environments_at(
    repo: &GitRepo,
    commit: ObjectId,
) -> anyhow::Result<BTreeMap<String, EnvAt>> {
    let Some(tree) = folder_at(repo, commit, &repo.registry_path("environments"))? else {
        return Ok(BTreeMap::new());
    };
    let mut out = BTreeMap::new();
    for (name, blob) in repo.blobs(tree)? {
        let Some(id) = name.strip_suffix(".toml") else {
            continue;
        };
        let bytes = repo.blob(blob)?;
        let values = crate::history::read_env_values(&bytes).unwrap_or_default();
        let doc = String::from_utf8_lossy(&bytes)
            .parse::<toml_edit::DocumentMut>()
            .ok();
        let field = |key: &str| doc.as_ref().and_then(|d| d.get(key).cloned());
        let tier = field("tier")
            .and_then(|v| v.as_str().map(String::from))
            .and_then(|t| Tier::ALL.iter().copied().find(|x| x.as_str() == t));
        let formerly = field("formerly")
            .and_then(|v| {
                v.as_array().map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(String::from))
                        .collect()
                })
            })
            .unwrap_or_default();
        out.insert(
            id.to_string(),
            EnvAt {
                values,
                tier,
                formerly,
            },
        );
    }
    Ok(out)
}

/// The renames `environments` declare (`formerly`).
pub(super) fn renames_of(environments: &BTreeMap<String, EnvAt>) -> BTreeMap<String, String> {
    crate::history::renames(
        environments
            .iter()
            .map(|(id, e)| (id.as_str(), e.formerly.as_slice())),
    )
}

/// The rules of the registry at `commit`: its policies, approver teams,
/// freeze windows and production tiers; `None` if it had no milepost.toml
/// that can be read.
pub(super) fn rules_at(
    repo: &GitRepo,
    commit: ObjectId,
    environments: &BTreeMap<String, EnvAt>,
) -> anyhow::Result<Option<Rules>> {
    let Some(tree) = folder_at(repo, commit, repo.prefix())? else {
        return Ok(None);
    };
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
    let mut rules = Rules::new(
        &settings.policy,
        teams.as_ref(),
        calendar.as_ref().map_or(&[], |c| c.freeze.as_slice()),
    );
    rules.production = environments
        .iter()
        .filter(|(_, e)| e.tier == Some(Tier::Production))
        .map(|(id, _)| id.clone())
        .collect();
    Ok(Some(rules))
}

/// The tree at `path` (`/`-separated, "" for the top) in `commit`.
pub(crate) fn folder_at(
    repo: &GitRepo,
    commit: ObjectId,
    path: &str,
) -> anyhow::Result<Option<ObjectId>> {
    let mut tree = repo.commit(commit)?.tree;
    for part in path.split('/').filter(|p| !p.is_empty()) {
        match repo.child_tree(tree, part)? {
            Some(child) => tree = child,
            None => return Ok(None),
        }
    }
    Ok(Some(tree))
}
