use std::path::Path;

use serde::Serialize;

use crate::cli::{OutputFormat, StatusArgs};
use crate::load::find_root;
use crate::model::status::{EnvironmentStatus, status, summarise_pending};
use crate::output::print;

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
    let text = match args.format {
        OutputFormat::Json => json(&environments),
        OutputFormat::Human => human(&environments),
    };
    print(&text)?;
    Ok(Outcome::Success)
}

fn json(environments: &[EnvironmentStatus]) -> String {
    #[derive(Serialize)]
    struct Shape<'a> {
        environments: &'a [EnvironmentStatus],
    }
    let mut out =
        serde_json::to_string_pretty(&Shape { environments }).unwrap_or_else(|_| "{}".to_string());
    out.push('\n');
    out
}

fn human(environments: &[EnvironmentStatus]) -> String {
    if environments.is_empty() {
        return "no environments: add one in environments/<id>.toml\n".to_string();
    }
    let mut rows = vec![
        ["ENV", "NAME", "RELEASE", "SINCE", "BY", "PENDING"]
            .map(String::from)
            .to_vec(),
    ];
    for env in environments {
        let mut release = env.release.clone().unwrap_or_else(|| "-".to_string());
        if env.uncommitted {
            release.push_str(" (uncommitted)");
        }
        rows.push(vec![
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
        ]);
    }
    table(&rows)
}
