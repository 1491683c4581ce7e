use std::path::Path;

use crate::cli::{MetricsArgs, OutputFormat};
use crate::load::find_root;
use crate::model::metrics::{Metrics, default_since, metrics};
use crate::output::print;

use super::{Outcome, human_time, judged, table};
use crate::judgement::HistoryNeed;

pub fn run(cwd: &Path, args: &MetricsArgs) -> anyhow::Result<Outcome> {
    let root = find_root(cwd)?;
    let judgement = judged(&root, args.now, HistoryNeed::Required, None)?;
    let now = judgement.now;
    let until = args.until.unwrap_or(now);
    let since = args.since.unwrap_or_else(|| default_since(until));
    if since >= until {
        anyhow::bail!("--since must be before --until");
    }
    let m = metrics(&judgement.registry, &judgement.history, since, until);
    let text = match args.format {
        OutputFormat::Json => {
            let mut out = serde_json::to_string_pretty(&m).unwrap_or_else(|_| "{}".to_string());
            out.push('\n');
            out
        }
        OutputFormat::Human => human(&m),
    };
    print(&text)?;
    Ok(Outcome::Success)
}

fn human(m: &Metrics) -> String {
    let figure = |value: Option<f64>, unit: &str| {
        value.map_or_else(|| "-".to_string(), |v| format!("{v}{unit}"))
    };
    let mut out = format!(
        "production, {} to {}\n",
        human_time(m.since),
        human_time(m.until)
    );
    out.push_str(&table(&[
        vec!["deploys".to_string(), m.production_deploys.to_string()],
        vec![
            "deploys per week".to_string(),
            figure(m.deploys_per_week, ""),
        ],
        vec![
            "lead time (median)".to_string(),
            figure(m.lead_time_median_hours, " h"),
        ],
        vec![
            "change failure rate".to_string(),
            figure(m.change_failure_rate.map(|r| (r * 100.0).round()), "%"),
        ],
        vec![
            "time to restore (median)".to_string(),
            figure(m.time_to_restore_median_hours, " h"),
        ],
    ]));
    out
}
