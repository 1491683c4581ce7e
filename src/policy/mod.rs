//! The checks and balances: each deploy event judged against the policy of
//! its environment, the freeze windows and the release's status.

mod rules;
pub mod timely;

use std::collections::HashSet;

use jiff::Timestamp;

use crate::diagnostic::{Diagnostic, Severity};
use crate::history::{DeployEvent, DeployKind, History};
use crate::model::Registry;

pub use rules::{Runs, judge_event};

/// Which events to judge, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Context only (an older deploy that others build on).
    Skip,
    /// A deploy that happened: breaking a rule is a warning, and the
    /// release's status is not judged (it may have changed since).
    Past,
    /// A deploy about to happen (a pull request, an uncommitted change):
    /// breaking a rule is an error.
    Proposed,
}

/// The deploys to judge: the history, then the proposed ones, in order.
#[derive(Debug, Clone, Default)]
pub struct Timeline {
    pub events: Vec<DeployEvent>,
    pub verdicts: Vec<Verdict>,
}

impl Timeline {
    /// Plain `check`: the whole history as past deploys, then any
    /// uncommitted environment change as a proposed one at `now`.
    pub fn of_history(history: &History, registry: &Registry, now: Timestamp) -> Timeline {
        let mut timeline = Timeline::default();
        for event in &history.events {
            timeline.push(event.clone(), Verdict::Past);
        }
        timeline.add_uncommitted(history, registry, now);
        timeline
    }

    /// `check --base REV`: the deploys of the commits in `new_commits` (the
    /// ones since REV) and uncommitted changes are proposed, as if made at
    /// `now` (a pull request deploys when it merges); older ones are context.
    pub fn of_review(
        history: &History,
        registry: &Registry,
        new_commits: &HashSet<String>,
        now: Timestamp,
    ) -> Timeline {
        let mut timeline = Timeline::default();
        for event in &history.events {
            if new_commits.contains(&event.commit) {
                let mut event = event.clone();
                event.at = now;
                timeline.push(event, Verdict::Proposed);
            } else {
                timeline.push(event.clone(), Verdict::Skip);
            }
        }
        timeline.add_uncommitted(history, registry, now);
        timeline
    }

    fn push(&mut self, event: DeployEvent, verdict: Verdict) {
        self.events.push(event);
        self.verdicts.push(verdict);
    }

    /// An environment file whose `release` differs from the last committed
    /// deploy is a deploy in the making.
    fn add_uncommitted(&mut self, history: &History, registry: &Registry, now: Timestamp) {
        for (env, doc) in &registry.environments {
            let Some(release) = &doc.data.release else {
                continue;
            };
            let committed = history.events.iter().rev().find(|e| &e.environment == env);
            let previous = committed.map(|e| e.release.clone());
            if previous.as_deref() == Some(release.as_str()) {
                continue;
            }
            let event = DeployEvent {
                environment: env.clone(),
                release: release.clone(),
                kind: DeployKind::of(previous.as_deref(), release),
                previous,
                at: now,
                author: String::new(),
                commit: String::new(),
            };
            self.push(event, Verdict::Proposed);
        }
    }
}

/// Judges every event of the timeline that is not `Skip`.
pub fn judge(registry: &Registry, timeline: &Timeline) -> Vec<Diagnostic> {
    let runs = Runs::new(timeline);
    let mut out = Vec::new();
    for (i, verdict) in timeline.verdicts.iter().enumerate() {
        let severity = match verdict {
            Verdict::Skip => continue,
            Verdict::Past => Severity::Warning,
            Verdict::Proposed => Severity::Error,
        };
        for mut diagnostic in judge_event(registry, timeline, &runs, i) {
            diagnostic.severity = severity;
            out.push(diagnostic);
        }
    }
    out
}
