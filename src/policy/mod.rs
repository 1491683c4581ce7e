//! The checks and balances: each deploy event judged against the policy of
//! its environment, the freeze windows and the release's status.

pub mod hold;
mod rules;
pub mod timely;
pub mod verified;

use std::collections::{HashMap, HashSet};

use jiff::Timestamp;

use crate::diagnostic::{Diagnostic, Severity};
use crate::history::{DeployEvent, DeployKind, History};
use crate::model::Registry;
use crate::model::rules::Rules;

pub use rules::{Runs, judge_event, judge_event_checks, judge_event_held};

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
        timeline.add_changes(history, registry, now);
        timeline
    }

    /// `check --base REV`: the history of REV as context, then the deploys
    /// the pull request proposes (see `judgement::review`).
    pub fn of_review(base: &History, proposed: &[DeployEvent]) -> Timeline {
        let mut timeline = Timeline::default();
        for event in &base.events {
            timeline.push(event.clone(), Verdict::Skip);
        }
        for event in proposed {
            timeline.push(event.clone(), Verdict::Proposed);
        }
        timeline
    }

    fn push(&mut self, event: DeployEvent, verdict: Verdict) {
        self.events.push(event);
        self.verdicts.push(verdict);
    }

    /// An environment file whose `release` differs from the last deploy of
    /// `history` is a deploy in the making.
    fn add_changes(&mut self, history: &History, registry: &Registry, now: Timestamp) {
        let mut last: HashMap<&str, &DeployEvent> = HashMap::new();
        let mut ran: HashSet<(&str, &str)> = HashSet::new();
        for event in &history.events {
            last.insert(event.environment.as_str(), event);
            ran.insert((event.environment.as_str(), event.release.as_str()));
        }
        for removal in &history.removals {
            if last
                .get(removal.environment.as_str())
                .is_some_and(|e| e.at <= removal.at)
            {
                last.remove(removal.environment.as_str());
            }
        }
        for (env, doc) in &registry.environments {
            let Some(release) = &doc.data.release else {
                continue;
            };
            let previous = last.get(env.as_str()).map(|e| e.release.clone());
            if previous.as_deref() == Some(release.as_str()) {
                continue;
            }
            let ran_before = ran.contains(&(env.as_str(), release.as_str()));
            let event = DeployEvent {
                environment: env.clone(),
                release: release.clone(),
                kind: DeployKind::classify(previous.as_deref(), release, ran_before),
                previous,
                at: now,
                author: String::new(),
                commit: String::new(),
                recorded_at: None,
            };
            self.push(event, Verdict::Proposed);
        }
    }
}

/// A problem of one deploy of the timeline.
#[derive(Debug, Clone)]
pub struct DeployFinding {
    /// Index into the timeline's events.
    pub event: usize,
    pub diagnostic: Diagnostic,
}

/// Judges every event of the timeline that is not `Skip`: a past deploy
/// that broke a rule is a warning, a proposed one an error.
pub fn judge(registry: &Registry, timeline: &Timeline) -> Vec<DeployFinding> {
    judge_by(registry, &registry.rules, timeline)
}

/// As [`judge`], by `rules` rather than the registry's own (a pull
/// request is also judged by the rules of its base).
pub fn judge_by(registry: &Registry, rules: &Rules, timeline: &Timeline) -> Vec<DeployFinding> {
    let runs = Runs::new(timeline);
    let mut out = Vec::new();
    for (i, (event, verdict)) in timeline.events.iter().zip(&timeline.verdicts).enumerate() {
        let severity = match verdict {
            Verdict::Skip => continue,
            Verdict::Past => Severity::Warning,
            Verdict::Proposed => Severity::Error,
        };
        for mut diagnostic in judge_event(registry, rules, &runs, event, *verdict) {
            diagnostic.severity = severity;
            out.push(DeployFinding {
                event: i,
                diagnostic,
            });
        }
    }
    out
}

/// Every rule's verdict on each proposed deploy of the timeline, in the
/// order the rules apply, the kept ones saying how: what a reviewer reads.
/// The problems among them are those [`judge`] finds.
pub fn proposed_checks(registry: &Registry, timeline: &Timeline) -> Vec<(usize, hold::Check)> {
    let runs = Runs::new(timeline);
    let mut out = Vec::new();
    for (i, (event, verdict)) in timeline.events.iter().zip(&timeline.verdicts).enumerate() {
        if *verdict != Verdict::Proposed {
            continue;
        }
        let checks = judge_event_checks(registry, &registry.rules, &runs, event, *verdict, true);
        out.extend(checks.checks.into_iter().map(|c| (i, c)));
    }
    out
}
