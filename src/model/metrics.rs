//! Delivery metrics from the deploy history and the incidents, over the
//! production-tier environments and a window of time.

use jiff::{SignedDuration, Timestamp};
use serde::Serialize;

use crate::files::IncidentStatus;
use crate::history::{DeployKind, History};
use crate::model::Registry;
use crate::policy::verified::failed_during;

/// The JSON shape of `milepost metrics --format json`; `None` (null) where
/// there is nothing to measure. Figures are rounded to two decimals.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Metrics {
    pub since: Timestamp,
    pub until: Timestamp,
    pub production_deploys: usize,
    pub deploys_per_week: Option<f64>,
    pub lead_time_median_hours: Option<f64>,
    pub change_failure_rate: Option<f64>,
    pub time_to_restore_median_hours: Option<f64>,
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn hours(from: Timestamp, to: Timestamp) -> f64 {
    to.duration_since(from).as_secs_f64() / 3600.0
}

fn median(mut values: Vec<f64>) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let n = values.len();
    let middle = if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    };
    Some(round2(middle))
}

/// The metrics of `[since, until)`.
pub fn metrics(
    registry: &Registry,
    history: &History,
    since: Timestamp,
    until: Timestamp,
) -> Metrics {
    let production = |env: &str| registry.is_production(env);
    let in_window = |at: Timestamp| since <= at && at < until;
    let deploys: Vec<(usize, &crate::history::DeployEvent)> = history
        .events
        .iter()
        .enumerate()
        .filter(|(_, e)| production(&e.environment) && in_window(e.at))
        .collect();

    let weeks = until.duration_since(since).as_secs_f64() / (7.0 * 86_400.0);
    let deploys_per_week = (weeks > 0.0).then(|| round2(deploys.len() as f64 / weeks));

    // Lead time: each release's first production deploy in the window, from
    // its first deploy anywhere.
    let mut lead_times = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for (_, event) in &deploys {
        if seen.contains(&event.release.as_str()) {
            continue;
        }
        seen.push(&event.release);
        if let Some(first) = history
            .events
            .iter()
            .filter(|e| e.release == event.release)
            .map(|e| e.at)
            .min()
        {
            lead_times.push(hours(first, event.at));
        }
    }

    // A deploy failed if the next event on its environment rolls it back,
    // an incident later names its release on a production environment, or
    // a verification of it there failed while it ran (a later pass does not
    // undo that: the change failed once, whatever fixed it).
    let failed = deploys
        .iter()
        .filter(|(i, event)| {
            let next = history.events[i + 1..]
                .iter()
                .find(|e| e.environment == event.environment);
            let rolled_back = next.is_some_and(|next| next.kind == DeployKind::Rollback);
            let verification_failed = registry.release(&event.release).is_some_and(|r| {
                failed_during(
                    &r.doc.data.verifications,
                    &event.environment,
                    event.at,
                    next.map(|n| n.at),
                )
            });
            let incident = registry.incidents.values().any(|inc| {
                inc.data.release == event.release
                    && production(&inc.data.environment)
                    && inc.data.detected_at >= event.at
            });
            rolled_back || incident || verification_failed
        })
        .count();
    let change_failure_rate =
        (!deploys.is_empty()).then(|| round2(failed as f64 / deploys.len() as f64));

    let restores: Vec<f64> = registry
        .incidents
        .values()
        .filter(|inc| {
            inc.data.status == IncidentStatus::Resolved && production(&inc.data.environment)
        })
        .filter(|inc| in_window(inc.data.detected_at))
        .filter_map(|inc| {
            inc.data
                .resolved_at
                .map(|resolved| hours(inc.data.detected_at, resolved))
        })
        .collect();

    Metrics {
        since,
        until,
        production_deploys: deploys.len(),
        deploys_per_week,
        lead_time_median_hours: median(lead_times),
        change_failure_rate,
        time_to_restore_median_hours: median(restores),
    }
}

/// The default window: the 90 days before `now`.
pub fn default_since(now: Timestamp) -> Timestamp {
    now.checked_sub(SignedDuration::from_hours(90 * 24))
        .unwrap_or(now)
}

/// The metrics of each of the `weeks` weeks before `until`, oldest first:
/// the series the internal site's charts draw.
pub fn weekly(
    registry: &Registry,
    history: &History,
    until: Timestamp,
    weeks: usize,
) -> Vec<Metrics> {
    let week = SignedDuration::from_hours(7 * 24);
    (0..weeks)
        .rev()
        .filter_map(|back| {
            let end = until.checked_sub(week * back as i32).ok()?;
            let start = end.checked_sub(week).ok()?;
            Some(metrics(registry, history, start, end))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians() {
        assert_eq!(median(vec![]), None);
        assert_eq!(median(vec![3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(vec![4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(median(vec![1.0 / 3.0]), Some(0.33));
    }
}
