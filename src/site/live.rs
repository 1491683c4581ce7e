//! What `build --live` found running, as the dashboard shows it. The probes
//! ran before rendering: their results are plain data in the site's input,
//! and a build without `--live` has none, so that it stays reproducible.

use serde::Serialize;

use super::labels::Labels;
use super::view::When;
use crate::probe::{LiveResult, LiveState};

/// The dashboard's live section: when the environments were asked.
#[derive(Debug, Serialize)]
pub struct LiveBoard {
    pub at: When,
}

/// One environment's answer, for its row.
#[derive(Debug, Serialize)]
pub struct LiveCell {
    /// `in-sync`, `drift` or `unreachable`.
    pub state: &'static str,
    /// What it said it runs (already checked: short, no control characters).
    pub live: Option<String>,
    pub reason: Option<String>,
    pub at: When,
}

/// The section, if the build asked.
pub fn board(live: Option<&[LiveResult]>, labels: &Labels) -> Option<LiveBoard> {
    let at = live?.iter().map(|r| r.at).max()?;
    Some(LiveBoard {
        at: labels.when(at),
    })
}

/// The answer of `env`, if the build asked it.
pub fn cell(live: Option<&[LiveResult]>, env: &str, labels: &Labels) -> Option<LiveCell> {
    let r = live?.iter().find(|r| r.environment == env)?;
    Some(LiveCell {
        state: r.state.as_str(),
        live: r.live.clone(),
        reason: match r.state {
            LiveState::Unreachable => r.reason.clone(),
            _ => None,
        },
        at: labels.when(r.at),
    })
}
