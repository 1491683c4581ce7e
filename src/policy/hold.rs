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
