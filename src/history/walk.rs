//! Walking the first-parent line from the oldest new commit to the tip,
//! comparing each commit's `environments/` folder with the one before.

use std::collections::BTreeMap;

use git2::Oid;
use jiff::Timestamp;

use super::env_file::{EnvValues, read_env_values};
use super::{DeployEvent, DeployKind, History, Removal};
use crate::git::{CommitInfo, GitError, GitRepo};

/// Where the walk stopped: enough to go on from there without re-reading.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WalkState {
    pub tip: Option<Oid>,
    pub root_tree: Option<Oid>,
    pub envs_tree: Option<Oid>,
    pub files: BTreeMap<String, FileState>,
}

/// An environment file as last seen: its blob, and its last readable values
/// (an unreadable version keeps the values of the one before it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileState {
    pub blob: Oid,
    pub values: EnvValues,
}

/// Brings `cached` (history and state at some earlier tip) up to `tip`.
/// When the cached tip is not on `tip`'s first-parent line (history was
/// rewritten), everything is recomputed.
pub fn walk_from(
    repo: &GitRepo,
    tip: Oid,
    cached: Option<(History, WalkState)>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<(History, WalkState), GitError> {
    let (mut history, mut state) = cached.unwrap_or_default();
    if state.tip == Some(tip) {
        return Ok((history, state));
    }
    let mut chain = Vec::new();
    let mut next = Some(tip);
    let mut reached_cache = state.tip.is_none();
    while let Some(id) = next {
        if Some(id) == state.tip {
            reached_cache = true;
            break;
        }
        let info = repo.commit(id)?;
        if info.parent.is_some() && repo.shallow_boundary().contains(&id) {
            // What ran where before this commit is not in the clone: starting
            // from this commit's files would make every environment look
            // freshly deployed here, and every rule would judge a guess.
            return Err(GitError::Shallow { commit: short(id) });
        }
        next = info.parent;
        chain.push(info);
        if chain.len() % 4096 == 0 {
            progress(chain.len(), 0);
        }
    }
    if !reached_cache {
        history = History::default();
        state = WalkState::default();
    }
    let envs_path = repo.registry_path("environments");
    let components: Vec<&str> = envs_path.split('/').collect();
    // The trees along the path in the commit before: a tree on the path that
    // is unchanged means nothing below it changed, so most commits cost one
    // tree read.
    let mut levels: Vec<Option<Oid>> = Vec::new();
    let total = chain.len();
    for (done, info) in chain.iter().rev().enumerate() {
        if done % 4096 == 0 {
            progress(done, total);
        }

        if state.root_tree == Some(info.tree) {
            continue;
        }
        state.root_tree = Some(info.tree);
        let Some(envs_tree) = trees_along(repo, info.tree, &components, &mut levels)? else {
            continue;
        };
        if envs_tree == state.envs_tree {
            continue;
        }
        state.envs_tree = envs_tree;
        let blobs = match envs_tree {
            Some(tree) => repo.blobs(tree)?,
            None => Vec::new(),
        };
        apply_commit(repo, info, &blobs, &mut history, &mut state)?;
    }
    progress(total, total);
    state.tip = Some(tip);
    Ok((history, state))
}

/// The environments/ tree of the commit tree `root`, or `None` when a tree
/// on the path is the same as in the commit before (so nothing below changed).
fn trees_along(
    repo: &GitRepo,
    root: Oid,
    components: &[&str],
    levels: &mut Vec<Option<Oid>>,
) -> Result<Option<Option<Oid>>, GitError> {
    let mut current = Some(root);
    for (depth, name) in components.iter().enumerate() {
        let next = match current {
            Some(tree) => repo.child_tree(tree, name)?,
            None => None,
        };
        if next.is_some() && levels.get(depth) == Some(&next) {
            return Ok(None);
        }
        levels.truncate(depth);
        levels.push(next);
        current = next;
    }
    Ok(Some(current))
}

/// The events and removals of a commit whose environments/ folder changed;
/// `blobs` are the files in that folder.
fn apply_commit(
    repo: &GitRepo,
    info: &CommitInfo,
    blobs: &[(String, Oid)],
    history: &mut History,
    state: &mut WalkState,
) -> Result<(), GitError> {
    let commit_at = commit_time(info);
    let mut author: Option<String> = None;
    let mut author_of = |id: Oid| -> Result<String, GitError> {
        if author.is_none() {
            author = Some(repo.author(id)?);
        }
        Ok(author.clone().unwrap_or_default())
    };
    let now_present: BTreeMap<&str, Oid> = blobs
        .iter()
        .filter_map(|(name, id)| name.strip_suffix(".toml").map(|env| (env, *id)))
        .collect();
    let removed: Vec<String> = state
        .files
        .keys()
        .filter(|env| !now_present.contains_key(env.as_str()))
        .cloned()
        .collect();
    for env in removed {
        let old = state.files.remove(&env);
        history.removals.push(Removal {
            environment: env,
            last_release: old.and_then(|f| f.values.release),
            at: commit_at,
            author: author_of(info.id)?,
            commit: info.id.to_string(),
        });
    }
    for (env, blob) in now_present {
        let old = state.files.get(env);
        if old.is_some_and(|f| f.blob == blob) {
            continue;
        }
        let values = match read_env_values(&repo.blob(blob)?) {
            Ok(values) => values,
            Err(why) => {
                history.warnings.push(format!(
                    "commit {}: environments/{env}.toml cannot be read ({why}); this version of it is skipped",
                    short(info.id)
                ));
                let kept = old.map(|f| f.values.clone()).unwrap_or_default();
                state
                    .files
                    .insert(env.to_string(), FileState { blob, values: kept });
                continue;
            }
        };
        if let Some(mut event) = event_for(env, old.map(|f| &f.values), &values, info, commit_at) {
            event.author = author_of(info.id)?;
            history.events.push(event);
        }
        state
            .files
            .insert(env.to_string(), FileState { blob, values });
    }
    Ok(())
}

/// The event a changed environment file makes, if any: a new `release`, or a
/// new `deployed_at` with the same release (a redeploy).
fn event_for(
    env: &str,
    old: Option<&EnvValues>,
    new: &EnvValues,
    info: &CommitInfo,
    commit_at: Timestamp,
) -> Option<DeployEvent> {
    let release = new.release.as_deref()?;
    let previous = old.and_then(|o| o.release.clone());
    let release_changed = previous.as_deref() != Some(release);
    // A `deployed_at` left over from an earlier deploy says nothing about this one.
    let backfilled = new
        .deployed_at
        .filter(|at| old.is_none_or(|o| o.deployed_at != Some(*at)));
    if !release_changed && backfilled.is_none() {
        return None;
    }
    Some(DeployEvent {
        environment: env.to_string(),
        release: release.to_string(),
        // Provisional: whether it is a rollback needs the whole line, which
        // `label_kinds` sees after the walk.
        kind: DeployKind::of(previous.as_deref(), release),
        previous,
        at: backfilled.unwrap_or(commit_at),
        // A deploy dated before it was recorded: the gate counts its soak
        // only from the record (see `policy::Runs`).
        recorded_at: backfilled.filter(|at| *at < commit_at).map(|_| commit_at),
        author: String::new(),
        commit: info.id.to_string(),
    })
}

fn commit_time(info: &CommitInfo) -> Timestamp {
    Timestamp::from_second(info.time).unwrap_or(Timestamp::UNIX_EPOCH)
}

fn short(id: Oid) -> String {
    crate::git::short_hex(id)
}
