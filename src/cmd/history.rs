use std::path::Path;

use serde::Serialize;

use crate::cli::{HistoryArgs, OutputFormat};
use crate::history::{DeployEvent, Removal};
use crate::load::find_root;
use crate::output::print;

use super::{Outcome, human_time, judged, table};
use crate::judgement::HistoryNeed;
use crate::site::view::author_name;

pub fn run(cwd: &Path, args: &HistoryArgs) -> anyhow::Result<Outcome> {
    let root = find_root(cwd)?;
    let judgement = judged(&root, None, HistoryNeed::Required, args.rev.rev.clone())?;
    let history = &judgement.history;
    if let Some(env) = &args.env
        && !history.events.iter().any(|e| &e.environment == env)
    {
        crate::names::environment_in_history(&judgement.registry, history, env)?;
    }
    let wanted = |env: &str, at: jiff::Timestamp| {
        args.env.as_deref().is_none_or(|e| e == env) && args.since.is_none_or(|since| at >= since)
    };
    let mut events: Vec<&DeployEvent> = history
        .events
        .iter()
        .filter(|e| wanted(&e.environment, e.at))
        .collect();
    // Newest first; events of one commit keep their order.
    events.reverse();
    events.sort_by_key(|e| std::cmp::Reverse(e.at));
    let removals: Vec<&Removal> = history
        .removals
        .iter()
        .filter(|r| wanted(&r.environment, r.at))
        .collect();
    let text = match args.format {
        OutputFormat::Json => json(&events),
        OutputFormat::Human => human(&events, &removals),
    };
    print(&text)?;
    Ok(Outcome::Success)
}

fn json(events: &[&DeployEvent]) -> String {
    #[derive(Serialize)]
    struct Shape<'a>(&'a [&'a DeployEvent]);
    let mut out = serde_json::to_string_pretty(&Shape(events)).unwrap_or_else(|_| "[]".to_string());
    out.push('\n');
    out
}

fn human(events: &[&DeployEvent], removals: &[&Removal]) -> String {
    if events.is_empty() && removals.is_empty() {
        return "no deploys recorded\n".to_string();
    }
    let mut rows: Vec<(jiff::Timestamp, Vec<String>)> = events
        .iter()
        .map(|e| {
            let change = match &e.previous {
                Some(previous) => format!("{previous} -> {}", e.release),
                None => e.release.clone(),
            };
            (
                e.at,
                vec![
                    human_time(e.at),
                    e.environment.clone(),
                    e.kind.as_str().to_string(),
                    change,
                    author_name(&e.author),
                    e.commit.chars().take(10).collect(),
                ],
            )
        })
        .collect();
    for r in removals {
        let what = match &r.last_release {
            Some(release) => format!("environment removed (ran {release})"),
            None => "environment removed".to_string(),
        };
        rows.push((
            r.at,
            vec![
                human_time(r.at),
                r.environment.clone(),
                "removed".to_string(),
                what,
                author_name(&r.author),
                r.commit.chars().take(10).collect(),
            ],
        ));
    }
    rows.sort_by_key(|row| std::cmp::Reverse(row.0));
    let mut table_rows = vec![
        ["WHEN", "ENV", "KIND", "RELEASE", "BY", "COMMIT"]
            .map(String::from)
            .to_vec(),
    ];
    table_rows.extend(rows.into_iter().map(|(_, row)| row));
    table(&table_rows)
}
