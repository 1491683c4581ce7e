//! The deployment history: every commit on the first-parent line that changes
//! an environment file's `release` (or its `deployed_at`) is a deploy event.

mod cache;
pub mod edits;
mod env_file;
mod renames;
mod walk;

pub use env_file::{EnvValues, read_env_values};
pub use renames::{renames, with_renames};

use std::cmp::Ordering;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::git::{GitError, GitRepo};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DeployKind {
    /// A different release than before (or the first one).
    Deploy,
    /// Back to a release that ran on the environment before, lower in
    /// SemVer precedence than the one it replaces.
    Rollback,
    /// The same version again.
    Redeploy,
}

impl DeployKind {
    /// What replacing `previous` by `release` is, for a caller that does not
    /// know whether `release` ran on the environment before: a lower version
    /// is taken for a rollback, which whoever judges it must still confirm
    /// (see [`DeployKind::classify`]).
    pub fn of(previous: Option<&str>, release: &str) -> DeployKind {
        DeployKind::classify(previous, release, true)
    }

    /// What replacing `previous` by `release` is, where `ran_before` says
    /// whether `release` ran on that environment before. Only going back to
    /// a release that ran there is a rollback: a lower version that never
    /// ran there has not been tried there, and is a deploy like any other.
    pub fn classify(previous: Option<&str>, release: &str, ran_before: bool) -> DeployKind {
        let Some(previous) = previous else {
            return DeployKind::Deploy;
        };
        if previous == release {
            return DeployKind::Redeploy;
        }
        if !ran_before {
            return DeployKind::Deploy;
        }
        match (
            semver::Version::parse(previous),
            semver::Version::parse(release),
        ) {
            // SemVer precedence ignores build metadata: another build of the
            // same version is a deploy to be judged like any, never a rollback.
            (Ok(old), Ok(new)) => match new.cmp_precedence(&old) {
                Ordering::Less => DeployKind::Rollback,
                Ordering::Equal | Ordering::Greater => DeployKind::Deploy,
            },
            _ => DeployKind::Deploy,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            DeployKind::Deploy => "deploy",
            DeployKind::Rollback => "rollback",
            DeployKind::Redeploy => "redeploy",
        }
    }
}

/// One deploy, in the JSON shape DESIGN.md fixes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeployEvent {
    pub environment: String,
    pub release: String,
    pub previous: Option<String>,
    pub kind: DeployKind,
    pub at: Timestamp,
    pub author: String,
    pub commit: String,
    /// When the deploy entered the record, if later than `at` (a
    /// `deployed_at` from before its commit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorded_at: Option<Timestamp>,
}

/// An environment file deleted: that environment's history ends there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removal {
    pub environment: String,
    /// The release it ran when it was removed, if known.
    pub last_release: Option<String>,
    pub at: Timestamp,
    pub author: String,
    pub commit: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct History {
    /// Oldest first.
    pub events: Vec<DeployEvent>,
    pub removals: Vec<Removal>,
    /// Things the walk could not read (invalid files in old commits), each
    /// naming the commit.
    pub warnings: Vec<String>,
}

/// Lookups over a history that stay fast for tens of thousands of events:
/// build it once, ask it many times.
pub struct HistoryIndex<'a> {
    ran: std::collections::HashSet<(&'a str, &'a str)>,
    last: std::collections::HashMap<(&'a str, &'a str), &'a DeployEvent>,
    by_release: std::collections::HashMap<&'a str, Vec<&'a DeployEvent>>,
}

impl<'a> HistoryIndex<'a> {
    pub fn new(history: &'a History) -> HistoryIndex<'a> {
        let mut index = HistoryIndex {
            ran: Default::default(),
            last: Default::default(),
            by_release: Default::default(),
        };
        for event in &history.events {
            let key = (event.environment.as_str(), event.release.as_str());
            index.ran.insert(key);
            index.last.insert(key, event);
            index
                .by_release
                .entry(event.release.as_str())
                .or_default()
                .push(event);
        }
        index
    }

    /// Whether `release` ever ran on `env`.
    pub fn has_run(&self, env: &str, release: &str) -> bool {
        self.ran.contains(&(env, release))
    }

    /// The last event that set `env` to `release`: since when and by whom it runs there.
    pub fn current(&self, env: &str, release: &str) -> Option<&'a DeployEvent> {
        self.last.get(&(env, release)).copied()
    }

    /// The events of one release, oldest first.
    pub fn of_release(&self, release: &str) -> &[&'a DeployEvent] {
        self.by_release.get(release).map_or(&[], Vec::as_slice)
    }
}

/// How to walk: which revision, and whether to use the cache.
#[derive(Debug, Clone, Default)]
pub struct WalkOptions {
    /// Revision to start from (default HEAD).
    pub rev: Option<String>,
    /// Read and write the cache in `.git/milepost/`.
    pub use_cache: bool,
}

/// The history of the registry at `repo`'s prefix, using and refreshing the cache.
///
/// In a shallow clone whose first-parent line is cut off, this is
/// [`GitError::Shallow`]: a history that starts at the boundary would be a
/// wrong answer, not a short one.
pub fn load(
    repo: &GitRepo,
    options: &WalkOptions,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<History, GitError> {
    let tip = repo.resolve(options.rev.as_deref())?;
    let Some(tip) = tip else {
        return Ok(History::default());
    };
    // A shallow clone is walked in full every time: only the walk sees
    // whether it crosses the boundary, and a cache (restored by CI from a
    // full clone, say) must never answer for it.
    let use_cache = options.use_cache && !repo.is_shallow();
    let cached = if use_cache { cache::read(repo) } else { None };
    // A pull request's base is usually a little behind the cached tip:
    // its history is the cached one without the commits after it.
    let at_head = repo.resolve(None)? == Some(tip);
    if let Some(cached) = &cached
        && !at_head
        && let Some(mut history) = before_descendant(repo, cached, tip)?
    {
        label_kinds(&mut history.events);
        return Ok(history);
    }
    let (mut history, state) = walk::walk_from(repo, tip, cached, progress)?;
    label_kinds(&mut history.events);
    // The cache holds the history at HEAD, which nearly every run asks
    // for; a look at another revision (a pull request's merge base, an old
    // tag) reads it when it can but does not replace it.
    if use_cache && at_head {
        cache::write(repo, tip, &history, &state);
    }
    Ok(history)
}

/// How far back from the cached tip a revision is looked for on its
/// first-parent line: a pull request is rarely more commits behind.
const DESCENDANT_REACH: usize = 10_000;

/// The history at `tip` when `tip` is on the first-parent line of the
/// cached tip: the cached history without what the later commits recorded.
/// Each event depends only on the commits before it, so this is what a walk
/// to `tip` finds. `None` when `tip` is not within reach.
fn before_descendant(
    repo: &GitRepo,
    (history, state): &(History, walk::WalkState),
    tip: git2::Oid,
) -> Result<Option<History>, GitError> {
    let Some(mut id) = state.tip else {
        return Ok(None);
    };
    let mut later = std::collections::HashSet::new();
    while id != tip {
        if later.len() >= DESCENDANT_REACH {
            return Ok(None);
        }
        let Some(parent) = repo.commit(id)?.parent else {
            return Ok(None);
        };
        later.insert(id.to_string());
        id = parent;
    }
    let shorts: Vec<String> = later
        .iter()
        .filter_map(|hex| git2::Oid::from_str(hex).ok())
        .map(crate::git::short_hex)
        .collect();
    Ok(Some(History {
        events: history
            .events
            .iter()
            .filter(|e| !later.contains(&e.commit))
            .cloned()
            .collect(),
        removals: history
            .removals
            .iter()
            .filter(|r| !later.contains(&r.commit))
            .cloned()
            .collect(),
        warnings: history
            .warnings
            .iter()
            .filter(|w| !shorts.iter().any(|s| w.contains(s.as_str())))
            .cloned()
            .collect(),
    }))
}

/// Sets each event's kind from its line: a lower version is a rollback only
/// when it ran on that environment earlier. Pure, so that it applies alike
/// to walked, cached and renamed histories.
pub(crate) fn label_kinds(events: &mut [DeployEvent]) {
    let kinds: Vec<DeployKind> = {
        let mut ran: std::collections::HashSet<(&str, &str)> = Default::default();
        events
            .iter()
            .map(|event| {
                let key = (event.environment.as_str(), event.release.as_str());
                let ran_before = !ran.insert(key);
                DeployKind::classify(event.previous.as_deref(), &event.release, ran_before)
            })
            .collect()
    };
    for (event, kind) in events.iter_mut().zip(kinds) {
        event.kind = kind;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_follow_semver_order() {
        assert_eq!(DeployKind::of(None, "1.0.0"), DeployKind::Deploy);
        assert_eq!(DeployKind::of(Some("1.0.0"), "1.1.0"), DeployKind::Deploy);
        assert_eq!(
            DeployKind::of(Some("1.10.0"), "1.9.0"),
            DeployKind::Rollback
        );
        assert_eq!(DeployKind::of(Some("2.0.0"), "2.0.0"), DeployKind::Redeploy);
        assert_eq!(
            DeployKind::of(Some("2.0.0-rc.1"), "2.0.0"),
            DeployKind::Deploy
        );
        assert_eq!(
            DeployKind::of(Some("2.0.0"), "2.0.0-rc.1"),
            DeployKind::Rollback
        );
        assert_eq!(DeployKind::of(Some("next"), "prev"), DeployKind::Deploy);
    }

    #[test]
    fn a_rollback_needs_the_release_to_have_run_there() {
        use DeployKind::{Deploy, Redeploy, Rollback};
        assert_eq!(DeployKind::classify(Some("1.1.0"), "1.0.0", true), Rollback);
        assert_eq!(DeployKind::classify(Some("1.1.0"), "1.0.0", false), Deploy);
        assert_eq!(DeployKind::classify(Some("1.0.0"), "1.1.0", true), Deploy);
        assert_eq!(DeployKind::classify(Some("1.0.0"), "1.0.0", true), Redeploy);
        assert_eq!(
            DeployKind::classify(Some("1.0.0"), "1.0.0", false),
            Redeploy
        );
        assert_eq!(DeployKind::classify(None, "1.0.0", true), Deploy);
        assert_eq!(
            DeployKind::classify(Some("1.0.0+b2"), "1.0.0+b1", true),
            Deploy
        );
    }

    fn event(env: &str, release: &str, previous: Option<&str>) -> DeployEvent {
        DeployEvent {
            environment: env.to_string(),
            release: release.to_string(),
            previous: previous.map(str::to_string),
            kind: DeployKind::Rollback,
            at: Timestamp::UNIX_EPOCH,
            author: String::new(),
            commit: String::new(),
            recorded_at: None,
        }
    }

    #[test]
    fn kinds_are_judged_per_environment_line() {
        let mut events = vec![
            event("uat", "1.0.0", None),
            event("prod", "1.1.0", None),
            // 1.0.0 ran on uat, not on prod.
            event("prod", "1.0.0", Some("1.1.0")),
            event("prod", "1.1.0", Some("1.0.0")),
            event("prod", "1.0.0", Some("1.1.0")),
            event("prod", "1.0.0", Some("1.0.0")),
        ];
        label_kinds(&mut events);
        let kinds: Vec<&str> = events.iter().map(|e| e.kind.as_str()).collect();
        assert_eq!(
            kinds,
            [
                "deploy", "deploy", "deploy", "deploy", "rollback", "redeploy"
            ]
        );
    }
}
