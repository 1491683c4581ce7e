//! Why a pending promotion cannot go yet, in a few words per rule: "freeze
//! *Peak season* until …", "approvals 0/1 from ops", "soak on UAT ends …".
//! The rules themselves decide (the same judgement `check` and `deploy`
//! use); this only words what they found.

use serde::Serialize;

use super::labels::Labels;
use super::view::When;
use crate::judgement::Proposals;
use crate::policy::hold::Hold;

/// One rule that holds a deploy back, as the page prints it:
/// `{lead} <em>{name}</em> {rest} <time>{when}</time>`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct HoldView {
    /// The rule's code, as `check` reports it.
    pub rule: &'static str,
    pub lead: String,
    pub name: Option<String>,
    pub rest: Option<String>,
    pub when: Option<When>,
}

fn view(hold: &Hold, labels: &Labels) -> HoldView {
    let plain = |rule, lead: String| HoldView {
        rule,
        lead,
        name: None,
        rest: None,
        when: None,
    };
    match hold {
        Hold::Withdrawn => plain("withdrawn", "withdrawn".to_string()),
        Hold::NotApproved { status } => plain(
            "not-approved",
            format!("not approved (status {})", status.as_str()),
        ),
        Hold::NotRunOn { env } => {
            plain("promotion-order", format!("not yet on {}", labels.env(env)))
        }
        Hold::Soak { on, ends } => match ends {
            Some(ends) => HoldView {
                when: Some(labels.when(*ends)),
                ..plain("soak", format!("soak on {} ends", labels.env(on)))
            },
            None => plain(
                "soak",
                format!("soak on {}: it no longer runs there", labels.env(on)),
            ),
        },
        Hold::Approvals { have, need, teams } => {
            let from = if teams.is_empty() {
                String::new()
            } else {
                format!(" from {}", teams.join(" or "))
            };
            plain("approvals", format!("approvals {have}/{need}{from}"))
        }
        Hold::NotVerified { on, failed: false } => {
            plain("verified-on", format!("not verified on {}", labels.env(on)))
        }
        Hold::NotVerified { on, failed: true } => plain(
            "verified-on",
            format!("verification on {} failed", labels.env(on)),
        ),
        Hold::Freeze { name, until } => HoldView {
            rule: "freeze",
            lead: "freeze".to_string(),
            name: Some(name.clone()),
            rest: Some("until".to_string()),
            when: Some(labels.when(*until)),
        },
        Hold::Unjudged { rule } => plain("unjudged", format!("cannot be judged: {rule}")),
    }
}

/// What holds `release` back from `env` now; empty when it may go.
pub fn holds(
    proposals: &Proposals<'_>,
    labels: &Labels,
    release: &str,
    env: &str,
) -> Vec<HoldView> {
    proposals
        .judge_held(release, env)
        .iter()
        .map(|held| view(&held.hold, labels))
        .collect()
}
