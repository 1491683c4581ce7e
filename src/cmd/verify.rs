use std::path::Path;

use serde::Serialize;

use crate::cli::{OutputFormat, VerifyArgs};
use crate::load::find_root;
use crate::model::Registry;
use crate::output::print;
use crate::probe::{LiveResult, LiveState, Options};

use super::{Outcome, human_time, table};

pub fn run(cwd: &Path, args: &VerifyArgs) -> anyhow::Result<Outcome> {
    let root = find_root(cwd)?;
    let checked = crate::check_registry(&root);
    let errors = crate::diagnostic::has_errors(&checked.diagnostics);
    if errors {
        eprintln!("warning: the registry has errors; `milepost check` shows them");
    }
    let results = ask(&checked.registry, args.env.clone(), args.timeout, args.now)?;
    let text = match args.format {
        OutputFormat::Json => json(&results),
        OutputFormat::Human => human(&results),
    };
    print(&text)?;
    if let (true, Some(by)) = (args.record, &args.by) {
        let recorded = record(&root, &results, by, args.now)?;
        // JSON on standard output stays one document.
        match args.format {
            OutputFormat::Json => eprint!("{recorded}"),
            OutputFormat::Human => print(&recorded)?,
        }
    }
    let unreachable = count(&results, LiveState::Unreachable);
    if unreachable > 0 {
        anyhow::bail!(
            "{unreachable} environment{} could not be asked",
            if unreachable == 1 { "" } else { "s" }
        );
    }
    Ok(if count(&results, LiveState::Drift) > 0 {
        Outcome::Problems
    } else {
        Outcome::Success
    })
}

/// The probes of `environments` (all with one if empty), asked now.
pub(crate) fn ask(
    registry: &Registry,
    environments: Vec<String>,
    timeout: Option<std::time::Duration>,
    now: Option<jiff::Timestamp>,
) -> anyhow::Result<Vec<LiveResult>> {
    let variable = |name: &str| std::env::var(name).ok();
    let options = Options {
        environments,
        timeout,
        now,
        variable: &variable,
    };
    crate::probe::verify(registry, &options).map_err(anyhow::Error::msg)
}

/// `--record`: each answer as a verification of the release the registry
/// says runs there — passed when the environment runs it, failed when it
/// runs something else. What could not be asked verifies nothing.
fn record(
    root: &Path,
    results: &[LiveResult],
    by: &str,
    now: Option<jiff::Timestamp>,
) -> anyhow::Result<String> {
    use crate::edit::verified::{VerifiedRequest, verified};
    let judgement = super::judged(root, now, crate::judgement::HistoryNeed::Optional, None)?;
    crate::names::person(&judgement.registry, by)?;
    let mut out = String::new();
    for r in results {
        let env = &r.environment;
        let Some(release) = &r.release else {
            out.push_str(&format!(
                "{env}: not recorded: the registry names no release there\n"
            ));
            continue;
        };
        let live = r.live.as_deref().unwrap_or("-");
        let (failed, notes) = match r.state {
            LiveState::InSync => (false, format!("milepost verify: {} answered {live}", r.url)),
            LiveState::Drift => (
                true,
                format!("milepost verify: {} answered {live}, not {release}", r.url),
            ),
            LiveState::Unreachable => {
                let reason = r.reason.as_deref().unwrap_or("unreachable");
                out.push_str(&format!("{env}: not recorded: {reason}\n"));
                continue;
            }
        };
        let request = VerifiedRequest {
            version: release,
            environment: env,
            by,
            now: r.at,
            failed,
            notes: Some(&notes),
        };
        let result = if failed { "failed" } else { "passed" };
        match verified(root, &judgement.registry, &judgement.history, &request) {
            Ok(file) => out.push_str(&format!(
                "{env}: recorded a {result} verification of {release} ({file})\n"
            )),
            Err(err) => out.push_str(&format!("{env}: not recorded: {err}\n")),
        }
    }
    Ok(out)
}

fn count(results: &[LiveResult], state: LiveState) -> usize {
    results.iter().filter(|r| r.state == state).count()
}

fn json(results: &[LiveResult]) -> String {
    #[derive(Serialize)]
    struct Shape<'a> {
        environments: &'a [LiveResult],
    }
    let mut out = serde_json::to_string_pretty(&Shape {
        environments: results,
    })
    .unwrap_or_else(|_| "{}".to_string());
    out.push('\n');
    out
}

fn human(results: &[LiveResult]) -> String {
    let mut rows = vec![
        ["ENV", "REGISTRY", "LIVE", "STATE"]
            .map(String::from)
            .to_vec(),
    ];
    for r in results {
        rows.push(vec![
            r.environment.clone(),
            r.release.clone().unwrap_or_else(|| "-".to_string()),
            r.live.clone().unwrap_or_else(|| "-".to_string()),
            state_text(r),
        ]);
    }
    let mut out = table(&rows);
    let tally = [LiveState::InSync, LiveState::Drift, LiveState::Unreachable]
        .into_iter()
        .filter_map(|s| {
            let n = count(results, s);
            (n > 0).then(|| format!("{n} {}", s.as_str()))
        })
        .collect::<Vec<_>>()
        .join(", ");
    let at = results.iter().map(|r| r.at).max();
    out.push_str(&match at {
        Some(at) => format!("{tally} (asked {})\n", human_time(at)),
        None => format!("{tally}\n"),
    });
    out
}

/// The state for a table cell: `in-sync`, `drift`, `unreachable: REASON`.
pub(crate) fn state_text(r: &LiveResult) -> String {
    match (&r.state, &r.reason) {
        (LiveState::Unreachable, Some(reason)) => format!("unreachable: {reason}"),
        (state, _) => state.as_str().to_string(),
    }
}
