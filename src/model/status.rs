//! What runs where: each environment's release, since when and by whom, and
//! what is waiting to be promoted to it.

use jiff::Timestamp;
use semver::Version;
use serde::Serialize;

use crate::files::{ReleaseStatus, Tier};
use crate::history::{History, HistoryIndex};
use crate::model::Registry;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EnvironmentStatus {
    pub id: String,
    pub name: String,
    pub tier: Tier,
    /// What the environment file says now (in the work tree).
    pub release: Option<String>,
    /// The environment file has changes not yet committed.
    pub uncommitted: bool,
    /// When the release got there (the last event that set it).
    pub since: Option<Timestamp>,
    pub by: Option<String>,
    /// Newer releases that have run on every environment this one comes after.
    pub pending: Vec<String>,
}

/// Environments ordered from development to production, then by id.
pub fn environment_order(registry: &Registry) -> Vec<&str> {
    let mut ids: Vec<(&Tier, &str)> = registry
        .environments
        .iter()
        .map(|(id, doc)| (&doc.data.tier, id.as_str()))
        .collect();
    ids.sort();
    ids.into_iter().map(|(_, id)| id).collect()
}

/// The environments a release must have run on before `env`: the policy's
/// `after`, or else those of the nearest lower tier.
pub fn upstream(registry: &Registry, env: &str) -> Vec<String> {
    let policy = registry.policy();
    if let Some(after) = policy.environments.get(env).map(|p| &p.after)
        && !after.is_empty()
    {
        return after.clone();
    }
    let Some(tier) = registry.environments.get(env).map(|doc| doc.data.tier) else {
        return Vec::new();
    };
    let lower = registry
        .environments
        .values()
        .map(|doc| doc.data.tier)
        .filter(|t| *t < tier)
        .max();
    registry
        .environments
        .iter()
        .filter(|(_, doc)| Some(doc.data.tier) == lower)
        .map(|(id, _)| id.clone())
        .collect()
}

/// `modified` tells whether an environment file has uncommitted changes.
pub fn status(
    registry: &Registry,
    history: &History,
    modified: &dyn Fn(&str) -> bool,
) -> Vec<EnvironmentStatus> {
    let index = HistoryIndex::new(history);
    environment_order(registry)
        .into_iter()
        .filter_map(|id| {
            let doc = registry.environments.get(id)?;
            let release = doc.data.release.clone();
            let event = release.as_deref().and_then(|r| index.current(id, r));
            Some(EnvironmentStatus {
                id: id.to_string(),
                name: doc.data.name.clone(),
                tier: doc.data.tier,
                uncommitted: modified(&format!("environments/{id}.toml")),
                since: event.map(|e| e.at),
                by: event.map(|e| e.author.clone()),
                pending: pending(registry, &index, id),
                release,
            })
        })
        .collect()
}

fn pending(registry: &Registry, history: &HistoryIndex<'_>, env: &str) -> Vec<String> {
    let upstream = upstream(registry, env);
    if upstream.is_empty() {
        return Vec::new();
    }
    let current = registry
        .environments
        .get(env)
        .and_then(|doc| doc.data.release.as_deref())
        .and_then(|r| Version::parse(r).ok());
    let runs_on = |up: &str, release: &str| {
        history.has_run(up, release)
            || registry
                .environments
                .get(up)
                .and_then(|d| d.data.release.as_deref())
                == Some(release)
    };
    registry
        .releases
        .iter()
        // Only what may go there: not a draft, not a withdrawn release.
        .filter(|r| {
            !matches!(
                r.doc.data.status,
                ReleaseStatus::Withdrawn | ReleaseStatus::Draft
            )
        })
        .filter(|r| match (&r.version, &current) {
            (Some(v), Some(current)) => v.cmp_precedence(current).is_gt(),
            (Some(_), None) => true,
            (None, _) => false,
        })
        .filter(|r| upstream.iter().all(|up| runs_on(up, r.id())))
        .map(|r| r.id().to_string())
        .collect()
}

/// Beyond this many, a pending list is told by its ends and its length: a
/// registry months behind has hundreds.
pub const PENDING_LISTED: usize = 5;

/// A pending list as people read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PendingSummary<'a> {
    All(&'a [String]),
    /// Oldest, newest, how many.
    Span {
        first: &'a str,
        last: &'a str,
        count: usize,
    },
}

pub fn summarise_pending(pending: &[String]) -> PendingSummary<'_> {
    match (pending.first(), pending.last()) {
        (Some(first), Some(last)) if pending.len() > PENDING_LISTED => PendingSummary::Span {
            first,
            last,
            count: pending.len(),
        },
        _ => PendingSummary::All(pending),
    }
}

impl std::fmt::Display for PendingSummary<'_> {
    /// `1.1.0, 1.2.0`, or `3.6.0 … 5.99.0, 427 releases`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PendingSummary::All(list) => f.write_str(&list.join(", ")),
            PendingSummary::Span { first, last, count } => {
                write!(f, "{first} … {last}, {count} releases")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_pending_list_is_told_by_its_ends() {
        let few: Vec<String> = (1..=5).map(|n| format!("1.{n}.0")).collect();
        assert_eq!(
            summarise_pending(&few).to_string(),
            "1.1.0, 1.2.0, 1.3.0, 1.4.0, 1.5.0"
        );
        let many: Vec<String> = (6..=432).map(|n| format!("3.{n}.0")).collect();
        assert_eq!(
            summarise_pending(&many).to_string(),
            "3.6.0 … 3.432.0, 427 releases"
        );
        assert_eq!(summarise_pending(&[]).to_string(), "");
    }
}
