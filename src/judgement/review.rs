//! What a pull request proposes: each environment file it changes (since it
//! left the branch it merges into) that would change what runs there once
//! merged, as a deploy at `now`; and the `deployed_at` times it claims.

use std::collections::{BTreeMap, HashSet};

use jiff::Timestamp;

use super::base::EnvAt;
use crate::diagnostic::Diagnostic;
use crate::history::{DeployEvent, History};
use crate::model::Registry;

/// The deploys the pull request makes, judged against `base` (the history
/// of the branch it merges into, whose files are `tip`).
pub(super) fn proposals(
    registry: &Registry,
    fork: &BTreeMap<String, EnvAt>,
    tip: &BTreeMap<String, EnvAt>,
    base: &History,
    now: Timestamp,
) -> Vec<DeployEvent> {
    let ran: HashSet<(&str, &str)> = base
        .events
        .iter()
        .map(|e| (e.environment.as_str(), e.release.as_str()))
        .collect();
    let mut out = Vec::new();
    for (env, doc) in &registry.environments {
        let Some(release) = &doc.data.release else {
            continue;
        };
        let mine = (Some(release), doc.data.deployed_at);
        let at_fork = fork.get(env).map(|e| &e.values);
        if at_fork.is_some_and(|v| (v.release.as_ref(), v.deployed_at) == mine) {
            // Not this pull request's change.
            continue;
        }
        let at_tip = tip.get(env).map(|e| &e.values);
        let previous = at_tip.and_then(|v| v.release.clone());
        let same_release = previous.as_deref() == Some(release.as_str());
        let new_time = at_tip.is_none_or(|v| v.deployed_at != doc.data.deployed_at)
            && doc.data.deployed_at.is_some();
        if same_release && !new_time {
            // Merging changes nothing that runs there.
            continue;
        }
        let ran_before = ran.contains(&(env.as_str(), release.as_str()));
        out.push(DeployEvent {
            environment: env.clone(),
            release: release.clone(),
            kind: crate::history::DeployKind::classify(previous.as_deref(), release, ran_before),
            previous,
            at: now,
            author: String::new(),
            commit: String::new(),
            recorded_at: None,
        });
    }
    out
}

/// A `deployed_at` the pull request sets records a deploy that happened
/// outside it. It cannot be later than now, nor earlier than the deploy it
/// replaces on that environment (the history would then lie about the
/// order). Soak time only counts from when a deploy entered the record, so
/// an early `deployed_at` buys none.
pub(super) fn claimed_times(
    registry: &Registry,
    fork: &BTreeMap<String, EnvAt>,
    base: &History,
    now: Timestamp,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (env, doc) in &registry.environments {
        let Some(at) = doc.data.deployed_at else {
            continue;
        };
        if fork
            .get(env)
            .is_some_and(|e| e.values.deployed_at == Some(at))
        {
            continue;
        }
        let last = base
            .events
            .iter()
            .rev()
            .find(|e| &e.environment == env)
            .map(|e| e.at);
        let problem = match last {
            _ if at > now => format!(
                "this pull request records a deploy to {env} at {at}, which is after now ({now})"
            ),
            Some(last) if at < last => format!(
                "this pull request records a deploy to {env} at {at}, before the deploy it replaces ({last})"
            ),
            _ => continue,
        };
        out.push(
            doc.error_at("/deployed_at", "deployed-at", problem)
                .with_help("a deploy is recorded after the one before it: correct `deployed_at`, or leave it out and let the merge date it"),
        );
    }
    out
}
