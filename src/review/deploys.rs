//! The deploys a pull request makes, each with every rule's verdict. The
//! verdicts are those of the judgement `check --base` prints: the problems
//! are its findings (the base's rules included), and the rules a deploy
//! keeps come from the same rule functions, which say what they checked.
//! No rule is named here, so a new rule shows up on its own.

use serde::Serialize;

use crate::history::DeployKind;
use crate::judgement::Judgement;
use crate::policy::Verdict;
use crate::policy::hold::Check;

#[derive(Debug, Clone, Serialize)]
pub struct DeployReview {
    /// The environment's id.
    pub environment: String,
    /// Its `name`, as the environment file says.
    pub name: String,
    /// What runs there before the pull request merges.
    pub from: Option<String>,
    pub to: String,
    /// `deploy`, `rollback` or `redeploy`.
    pub kind: DeployKind,
    /// Every rule holds.
    pub ok: bool,
    pub rules: Vec<RuleVerdict>,
}

/// One rule's verdict on one deploy.
#[derive(Debug, Clone, Serialize)]
pub struct RuleVerdict {
    /// The rule, named as its diagnostic code (`explain` says more).
    pub rule: String,
    pub ok: bool,
    /// What it found: why it holds the deploy, or what it checked.
    pub reason: String,
    /// What to do about a failure.
    pub help: Option<String>,
    /// About a failure: e.g. that the base's rules found it.
    pub note: Option<String>,
}

pub fn deploys(judgement: &Judgement) -> Vec<DeployReview> {
    let timeline = &judgement.timeline;
    let checks = crate::policy::proposed_checks(&judgement.registry, timeline);
    let mut out = Vec::new();
    for (i, event) in timeline.events.iter().enumerate() {
        if timeline.verdicts[i] != Verdict::Proposed {
            continue;
        }
        let mut order: Vec<&'static str> = Vec::new();
        let mut note = |rule: &'static str| {
            if !order.contains(&rule) {
                order.push(rule);
            }
        };
        let mine: Vec<&Check> = checks
            .iter()
            .filter(|(e, _)| *e == i)
            .map(|(_, c)| c)
            .collect();
        let found: Vec<&crate::diagnostic::Diagnostic> = judgement
            .findings
            .iter()
            .filter(|f| f.event == i)
            .map(|f| &f.diagnostic)
            .collect();
        mine.iter().for_each(|c| note(c.rule()));
        found.iter().for_each(|d| note(d.code));
        let prefix = format!("deploying {} to {}: ", event.release, event.environment);
        let mut rules = Vec::new();
        for rule in order {
            let failed: Vec<_> = found.iter().filter(|d| d.code == rule).collect();
            if failed.is_empty() {
                rules.extend(mine.iter().filter_map(|c| match c {
                    Check::Kept(kept) if kept.rule == rule => Some(RuleVerdict {
                        rule: rule.to_string(),
                        ok: true,
                        reason: kept.detail.clone(),
                        help: None,
                        note: None,
                    }),
                    _ => None,
                }));
                continue;
            }
            rules.extend(failed.into_iter().map(|d| {
                RuleVerdict {
                    rule: rule.to_string(),
                    ok: false,
                    reason: d
                        .message
                        .strip_prefix(&prefix)
                        .unwrap_or(&d.message)
                        .to_string(),
                    help: d.help.clone(),
                    note: d.note.clone(),
                }
            }));
        }
        let name = judgement
            .registry
            .environments
            .get(&event.environment)
            .map_or_else(|| event.environment.clone(), |d| d.data.name.clone());
        out.push(DeployReview {
            environment: event.environment.clone(),
            name,
            from: event.previous.clone(),
            to: event.release.clone(),
            kind: event.kind,
            ok: rules.iter().all(|r| r.ok),
            rules,
        });
    }
    out
}
