//! The release × environment board of the dashboard, as deploy tools draw
//! it: the newest releases down, the environments across in promotion
//! order, and in each cell whether the release runs there now, ran there
//! before, or never went there.

use std::collections::HashMap;

use jiff::Timestamp;
use serde::Serialize;

use super::labels::Labels;
use super::view::{Link, When, release_href};
use crate::history::History;
use crate::model::Registry;
use crate::model::promotion::promotion_order;

/// How many releases the board shows; the releases index has them all.
pub const BOARD_RELEASES: usize = 15;

#[derive(Debug, Serialize)]
pub struct Board {
    pub environments: Vec<Link>,
    pub rows: Vec<BoardRow>,
    /// Releases in the registry, of which `rows` shows the newest.
    pub total: usize,
}

#[derive(Debug, Serialize)]
pub struct BoardRow {
    pub release: Link,
    pub title: String,
    pub status: &'static str,
    pub cells: Vec<Cell>,
}

#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Cell {
    /// The column's environment, for the phone layout's label.
    pub environment: String,
    pub state: CellState,
    /// `current`: since when; `earlier`: until when (if known).
    pub when: Option<When>,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum CellState {
    Current,
    Earlier,
    Never,
}

/// The last run of each release on each environment: when it began, and
/// when the next deploy there ended it (`None`: it still runs, by the history).
fn last_runs(history: &History) -> HashMap<(&str, &str), (Timestamp, Option<Timestamp>)> {
    let mut runs: HashMap<(&str, &str), (Timestamp, Option<Timestamp>)> = HashMap::new();
    let mut running: HashMap<&str, &str> = HashMap::new();
    for event in &history.events {
        let env = event.environment.as_str();
        if let Some(before) = running.insert(env, event.release.as_str())
            && let Some(run) = runs.get_mut(&(env, before))
        {
            run.1 = Some(event.at);
        }
        runs.insert((env, event.release.as_str()), (event.at, None));
    }
    runs
}

pub fn board(registry: &Registry, history: &History, labels: &Labels) -> Board {
    let environments = promotion_order(registry);
    let runs = last_runs(history);
    // Newest version first; releases whose version is not semver after them.
    let semver = registry.releases.iter().filter(|r| r.version.is_some());
    let other = registry.releases.iter().filter(|r| r.version.is_none());
    let rows = semver
        .rev()
        .chain(other)
        .take(BOARD_RELEASES)
        .map(|release| {
            let version = release.id();
            let cells = environments
                .iter()
                .map(|env| {
                    let runs_now = registry
                        .environments
                        .get(*env)
                        .is_some_and(|d| d.data.release.as_deref() == Some(version));
                    let run = runs.get(&(*env, version));
                    let (state, when) = match (runs_now, run) {
                        (true, run) => (CellState::Current, run.map(|r| labels.when(r.0))),
                        (false, Some(run)) => {
                            (CellState::Earlier, run.1.map(|until| labels.when(until)))
                        }
                        (false, None) => (CellState::Never, None),
                    };
                    Cell {
                        environment: labels.env(env),
                        state,
                        when,
                    }
                })
                .collect();
            BoardRow {
                release: Link {
                    text: version.to_string(),
                    href: release_href(version),
                },
                title: release.doc.data.title.clone(),
                status: release.doc.data.status.as_str(),
                cells,
            }
        })
        .collect();
    Board {
        environments: environments
            .iter()
            .map(|env| labels.env_link(env))
            .collect(),
        rows,
        total: registry.releases.len(),
    }
}
