//! What a pull request changes in a registry, for the people who review it:
//! the deploys it makes with every rule's verdict (the judgement of
//! `check --base`, nothing judged again), the releases it adds or changes,
//! and the calendar, incident, team and policy changes that alter what
//! later deploys may do. Plain data; [`markdown`] writes the comment.

mod deploys;
mod fork;
pub mod markdown;
mod others;
mod releases;
#[cfg(test)]
mod tests;

use std::path::Path;

use jiff::Timestamp;
use serde::Serialize;

use crate::diagnostic::Severity;
use crate::git::GitRepo;
use crate::judgement::{HistoryNeed, Judgement, Request, judge};

pub use deploys::{DeployReview, RuleVerdict};
pub use others::{ApproverChange, FreezeChange, IncidentChange, PolicyChange};
pub use releases::{ChangeLine, DeployDoc, Publication, ReleaseReview};

/// The review of a pull request. Its JSON is the shape README documents.
#[derive(Debug, Clone, Serialize)]
pub struct Review {
    /// The revision the pull request is judged against, as given.
    pub base: String,
    pub now: Timestamp,
    /// No rule fails and no file has errors: `check --base` passes.
    pub ok: bool,
    pub errors: usize,
    pub warnings: usize,
    pub deploys: Vec<DeployReview>,
    pub releases: Vec<ReleaseReview>,
    pub freezes: Vec<FreezeChange>,
    pub incidents: Vec<IncidentChange>,
    pub approvers: Vec<ApproverChange>,
    pub policies: Vec<PolicyChange>,
    /// The errors that are not about a deploy of this pull request (those
    /// are in `deploys`), as `check` reports them.
    pub problems: Vec<Problem>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    pub file: String,
    pub line: usize,
    pub code: &'static str,
    pub message: String,
}

/// Reviews what the commits since `base` (and the work tree) change, at
/// `now` (the real time without it).
pub fn review(root: &Path, base: &str, now: Option<Timestamp>) -> anyhow::Result<Review> {
    let request = Request {
        now,
        base: Some(base.to_string()),
        history: HistoryNeed::Required,
        ..Request::default()
    };
    let judgement = judge(root, &request)?;
    let repo = GitRepo::discover(root)?;
    let fork = crate::judgement::base::fork(&repo, base)?;
    let before = fork::registry_at(&repo, root, fork.fork)?;
    Ok(assemble(base, &before, &judgement))
}

/// The review of `judgement` (the branch, judged against its base), with
/// `before` the registry where the branch left its base.
fn assemble(base: &str, before: &crate::model::Registry, judgement: &Judgement) -> Review {
    let deploys = deploys::deploys(judgement);
    let in_deploys: std::collections::HashSet<(&str, usize, &str)> = judgement
        .findings
        .iter()
        .filter(|f| judgement.timeline.verdicts[f.event] == crate::policy::Verdict::Proposed)
        .map(|f| {
            (
                f.diagnostic.file.as_str(),
                f.diagnostic.position.line,
                f.diagnostic.message.as_str(),
            )
        })
        .collect();
    let problems = judgement
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .filter(|d| !in_deploys.contains(&(d.file.as_str(), d.position.line, d.message.as_str())))
        .map(|d| Problem {
            file: d.file.clone(),
            line: d.position.line,
            code: d.code,
            message: d.message.clone(),
        })
        .collect();
    let count = |s: Severity| {
        judgement
            .diagnostics
            .iter()
            .filter(|d| d.severity == s)
            .count()
    };
    let after = &judgement.registry;
    Review {
        base: base.to_string(),
        now: judgement.now,
        ok: !judgement.has_errors(),
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
        deploys,
        releases: releases::releases(before, judgement),
        freezes: others::freezes(before, after, judgement),
        incidents: others::incidents(before, after),
        approvers: others::approvers(before, after),
        policies: others::policies(before, after),
        problems,
    }
}
