use std::path::Path;

use serde::Serialize;

use crate::cli::{OutputFormat, StatusArgs};
use crate::load::find_root;
use crate::model::status::{EnvironmentStatus, status, summarise_pending};
use crate::output::print;
use crate::probe::LiveResult;

use super::{Outcome, human_time, judged, table};
use crate::judgement::HistoryNeed;
use crate::site::view::author_name;

pub fn run(cwd: &Path, args: &StatusArgs) -> anyhow::Result<Outcome> {
    let root = find_root(cwd)?;
    let judgement = judged(&root, None, HistoryNeed::Required, args.rev.rev.clone())?;
    let repo = crate::git::GitRepo::discover(&root)?;
    let errors = judgement.file_errors.len();
    if errors > 0 {
        eprintln!("warning: the registry has {errors} error(s); `milepost check` shows them");
    }
    // Uncommitted changes only mean something when reading the checked-out commit.
    let modified = |rel: &str| args.rev.rev.is_none() && repo.is_modified(rel);
    let environments = status(&judgement.registry, &judgement.history, &modified);
    let live = if args.live {
        Some(live_results(&judgement.registry, args.now)?)
    } else {
        None
    };
    let text = match args.format {
        OutputFormat::Json => json(&environments, live.as_deref()),
        OutputFormat::Human => human(&environments, live.as_deref()),
    };
    print(&text)?;
    Ok(Outcome::Success)
}

/// Every environment with a probe, asked now; none with one is no error here.
fn live_results(
    registry: &crate::model::Registry,
    now: Option<jiff::Timestamp>,
) -> anyhow::Result<Vec<crate::probe::LiveResult>> {
    if registry
        .environments
        .values()
        .all(|e| e.data.probe.is_none())
    {
        return Ok(Vec::new());
    }
    super::verify::ask(registry, Vec::new(), None, now)
}

fn json(environments: &[EnvironmentStatus], live: Option<&[LiveResult]>) -> String {
    #[derive(Serialize)]
    struct Row<'a> {
        #[serde(flatten)]
        status: &'a EnvironmentStatus,
        /// Only with `--live`: `null` for an environment without a probe.
        #[serde(skip_serializing_if = "Option::is_none")]
        live: Option<Option<&'a LiveResult>>,
    }
    #[derive(Serialize)]
    struct Shape<'a> {
        environments: Vec<Row<'a>>,
    }
    let environments = environments
        .iter()
        .map(|status| Row {
            status,
            live: live.map(|all| live_of(all, &status.id)),
        })
        .collect();
    let mut out =
        serde_json::to_string_pretty(&Shape { environments }).unwrap_or_else(|_| "{}".to_string());
    out.push('\n');
    out
}

fn live_of<'a>(all: &'a [LiveResult], env: &str) -> Option<&'a LiveResult> {
    all.iter().find(|r| r.environment == env)
}

fn human(environments: &[EnvironmentStatus], live: Option<&[LiveResult]>) -> String {
    if environments.is_empty() {
        return "no environments: add one in environments/<id>.toml\n".to_string();
    }
    let mut header = ["ENV", "NAME", "RELEASE", "SINCE", "BY", "PENDING"]
        .map(String::from)
        .to_vec();
    if live.is_some() {
        header.push("LIVE".to_string());
    }
    let mut rows = vec![header];
    for env in environments {
        let mut release = env.release.clone().unwrap_or_else(|| "-".to_string());
        if env.uncommitted {
            release.push_str(" (uncommitted)");
        }
        let mut row = vec![
            env.id.clone(),
            env.name.clone(),
            release,
            env.since.map_or_else(|| "-".to_string(), human_time),
            env.by
                .as_deref()
                .map_or_else(|| "-".to_string(), author_name),
            if env.pending.is_empty() {
                "-".to_string()
            } else {
                summarise_pending(&env.pending).to_string()
            },
        ];
        if let Some(all) = live {
            row.push(live_of(all, &env.id).map_or_else(|| "-".to_string(), live_cell));
        }
        rows.push(row);
    }
    let mut out = table(&rows);
    if let Some(at) = live.and_then(|all| all.iter().map(|r| r.at).max()) {
        out.push_str(&format!("live: asked {}\n", human_time(at)));
    }
    out
}

/// `2.4.1 (in-sync)`, `2.4.0 (drift)`, `unreachable: REASON`.
fn live_cell(r: &LiveResult) -> String {
    match &r.live {
        Some(live) => format!("{live} ({})", super::verify::state_text(r)),
        None => super::verify::state_text(r),
    }
}
