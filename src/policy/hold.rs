//! What stops a deploy, as data: the rule that found the problem says which
//! rule it is and the few values behind it, beside its diagnostic, so that
//! a page can say "freeze *Peak season* until …" in its own words without
//! judging anything again.

use jiff::Timestamp;

use crate::diagnostic::Diagnostic;
use crate::files::ReleaseStatus;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hold {
    Withdrawn,
    /// Production takes only approved releases.
    NotApproved {
        status: ReleaseStatus,
    },
    /// It must run on `env` first.
    NotRunOn {
        env: String,
    },
    /// It has not soaked on `on` long enough; it will have at `ends`, or
    /// (`None`) it no longer runs there and must go there again.
    Soak {
        on: String,
        ends: Option<Timestamp>,
    },
    Approvals {
        have: usize,
        need: usize,
        teams: Vec<String>,
    },
    /// It has no passed verification on `on` since its latest deploy
    /// there; `failed`: the latest one there failed.
    NotVerified {
        on: String,
        failed: bool,
    },
    Freeze {
        name: String,
        until: Timestamp,
    },
    /// A rule whose settings cannot be read (`check` reports them): the
    /// deploy cannot be judged by it.
    Unjudged {
        rule: String,
    },
}

/// One problem of a deploy: which rule and why, and what `check` says.
#[derive(Debug, Clone)]
pub struct Held {
    pub hold: Hold,
    pub diagnostic: Diagnostic,
}

/// A rule a deploy keeps, and what it found: reviewers see every rule a
/// deploy was judged by, not only the ones it breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kept {
    /// The rule, named as its diagnostics' code is (`soak`, `freeze`...).
    pub rule: &'static str,
    pub detail: String,
}

/// One rule's verdict on a deploy, in the order the rules were applied.
#[derive(Debug, Clone)]
pub enum Check {
    Held(Held),
    Kept(Kept),
}

impl Check {
    pub fn rule(&self) -> &'static str {
        match self {
            Check::Held(held) => held.diagnostic.code,
            Check::Kept(kept) => kept.rule,
        }
    }
}

/// Every verdict on one deploy. What a rule kept is written out only when
/// asked for (`record`): judging a long history needs only the problems.
#[derive(Debug, Default)]
pub struct Checks {
    pub checks: Vec<Check>,
    record: bool,
}

impl Checks {
    pub fn new(record: bool) -> Checks {
        Checks {
            checks: Vec::new(),
            record,
        }
    }

    pub fn push(&mut self, held: Held) {
        self.checks.push(Check::Held(held));
    }

    /// `rule` holds for the deploy; `detail` says how.
    pub fn keep(&mut self, rule: &'static str, detail: impl FnOnce() -> String) {
        if self.record {
            self.checks.push(Check::Kept(Kept {
                rule,
                detail: detail(),
            }));
        }
    }

    /// Whether a check of `rule` held the deploy.
    pub fn holds_by(&self, rule: &'static str) -> bool {
        self.checks
            .iter()
            .any(|c| matches!(c, Check::Held(h) if h.diagnostic.code == rule))
    }

    pub fn into_held(self) -> Vec<Held> {
        self.checks
            .into_iter()
            .filter_map(|c| match c {
                Check::Held(held) => Some(held),
                Check::Kept(_) => None,
            })
            .collect()
    }
}
