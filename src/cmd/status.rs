use std::path::Path;

use serde::Serialize;

use crate::cli::{OutputFormat, StatusArgs};
use crate::load::find_root;
use crate::output::print;
use crate::status::{EnvironmentStatus, status};

use super::{Outcome, human_time, open_history, table};
use crate::site::view::author_name;

pub fn run(cwd: &Path, args: &StatusArgs) -> anyhow::Result<Outcome> {
    let root = find_root(cwd)?;
    let (repo, history) = open_history(&root, &args.rev)?;
    let checked = crate::check_registry(&root);
    let errors = checked
        .diagnostics
        .iter()
        .filter(|d| d.severity == crate::diagnostic::Severity::Error)
        .count();
    if errors > 0 {
        eprintln!("warning: the registry has {errors} error(s); `milepost check` shows them");
    }
    // Uncommitted changes only mean something when reading the checked-out commit.
    let modified = |rel: &str| args.rev.rev.is_none() && repo.is_modified(rel);
    let environments = status(&checked.registry, &history, &modified);
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
                env.pending.join(", ")
            },
        ]);
    }
    table(&rows)
}
