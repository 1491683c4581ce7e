//! The delivery-metrics page: headline figures and weekly charts over one
//! window, so that the figures are what the charts add up to.

use jiff::{SignedDuration, Timestamp};
use serde::Serialize;

use super::Ctx;
use crate::model::metrics::{Metrics, metrics, weekly};
use crate::site::Page;
use crate::site::charts::{BarChart, number};
use crate::site::render::TemplateError;
use crate::site::view::When;

/// The window of the page: thirteen whole weeks (a quarter) before `now`.
const WEEKS: usize = 13;

#[derive(Serialize)]
struct Figure {
    label: &'static str,
    value: String,
}

#[derive(Serialize)]
struct ChartView {
    id: &'static str,
    title: &'static str,
    unit: &'static str,
    html: String,
    rows: Vec<(String, String)>,
}

#[derive(Serialize)]
struct MetricsBody {
    since: When,
    until: When,
    weeks: usize,
    figures: Vec<Figure>,
    charts: Vec<ChartView>,
}

/// A duration given in hours, in the unit people would say it in:
/// minutes under an hour, hours under three days, days beyond.
pub fn duration_text(hours: f64) -> String {
    if !hours.is_finite() {
        return "no data".to_string();
    }
    if hours < 1.0 {
        format!("{} min", number((hours * 60.0).round()))
    } else if hours < 72.0 {
        format!("{} h", number((hours * 10.0).round() / 10.0))
    } else {
        format!("{} days", number((hours / 24.0 * 10.0).round() / 10.0))
    }
}

/// The unit a series of durations is charted in: the one its largest
/// value reads best in, so that the axis needs no conversion.
fn duration_unit(series: &[Option<f64>]) -> (&'static str, f64) {
    let max = series.iter().flatten().copied().fold(0.0_f64, f64::max);
    if max >= 72.0 {
        ("days", 1.0 / 24.0)
    } else if max > 0.0 && max < 1.0 {
        ("minutes", 60.0)
    } else {
        ("hours", 1.0)
    }
}

type Pick = fn(&Metrics) -> Option<f64>;

struct Series {
    id: &'static str,
    title: &'static str,
    pick: Pick,
    kind: Unit,
}

enum Unit {
    Count(&'static str),
    Percent,
    Duration,
}

const SERIES: [Series; 4] = [
    Series {
        id: "deploys",
        title: "Production deploys per week",
        pick: |m| Some(m.production_deploys as f64),
        kind: Unit::Count("deploys"),
    },
    Series {
        id: "lead-time",
        title: "Lead time, median per week",
        pick: |m| m.lead_time_median_hours,
        kind: Unit::Duration,
    },
    Series {
        id: "failure-rate",
        title: "Change failure rate per week",
        pick: |m| m.change_failure_rate.map(|r| (r * 100.0).round()),
        kind: Unit::Percent,
    },
    Series {
        id: "restore",
        title: "Time to restore, median per week",
        pick: |m| m.time_to_restore_median_hours,
        kind: Unit::Duration,
    },
];

fn figures(summary: &Metrics) -> Vec<Figure> {
    let or_none = |value: Option<String>| value.unwrap_or_else(|| "no data".to_string());
    vec![
        Figure {
            label: "Production deploys",
            value: summary.production_deploys.to_string(),
        },
        Figure {
            label: "Deploys per week",
            value: or_none(summary.deploys_per_week.map(number)),
        },
        Figure {
            label: "Lead time (median)",
            value: or_none(summary.lead_time_median_hours.map(duration_text)),
        },
        Figure {
            label: "Change failure rate",
            value: or_none(
                summary
                    .change_failure_rate
                    .map(|r| format!("{}%", number((r * 100.0).round()))),
            ),
        },
        Figure {
            label: "Time to restore (median)",
            value: or_none(summary.time_to_restore_median_hours.map(duration_text)),
        },
    ]
}

fn chart(series: &Series, weeks: &[Metrics], categories: &[String]) -> ChartView {
    let raw: Vec<Option<f64>> = weeks.iter().map(series.pick).collect();
    let (unit, factor, whole) = match series.kind {
        Unit::Count(unit) => (unit, 1.0, true),
        Unit::Percent => ("%", 1.0, false),
        Unit::Duration => {
            let (unit, factor) = duration_unit(&raw);
            (unit, factor, false)
        }
    };
    let values: Vec<Option<f64>> = raw
        .iter()
        .map(|v| v.map(|v| (v * factor * 100.0).round() / 100.0))
        .collect();
    let html = BarChart {
        title: series.title,
        unit,
        categories,
        values: &values,
        whole,
    }
    .html();
    let rows = categories
        .iter()
        .zip(&values)
        .map(|(week, value)| (week.clone(), value.map_or_else(|| "—".to_string(), number)))
        .collect();
    ChartView {
        id: series.id,
        title: series.title,
        unit,
        html,
        rows,
    }
}

/// The start of the page's window: `WEEKS` weeks before `now`.
fn window_start(now: Timestamp) -> Timestamp {
    now.checked_sub(SignedDuration::from_hours(24 * 7 * WEEKS as i64))
        .unwrap_or(now)
}

pub(super) fn metrics_page(ctx: &Ctx<'_>) -> Result<Vec<Page>, TemplateError> {
    let (registry, history, now) = (ctx.input.registry, ctx.input.history, ctx.input.now);
    let summary = metrics(registry, history, window_start(now), now);
    let weeks = weekly(registry, history, now, WEEKS);
    let categories: Vec<String> = weeks
        .iter()
        .map(|w| w.since.strftime("%-d %b").to_string())
        .collect();
    let charts = SERIES
        .iter()
        .map(|series| chart(series, &weeks, &categories))
        .collect();
    let body = MetricsBody {
        since: When::of(summary.since),
        until: When::of(summary.until),
        weeks: WEEKS,
        figures: figures(&summary),
        charts,
    };
    Ok(vec![ctx.page(
        "metrics/index.html".into(),
        "internal/metrics.html",
        "../",
        "metrics",
        ctx.title("delivery metrics"),
        &body,
    )?])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_in_the_unit_people_use() {
        assert_eq!(duration_text(0.25), "15 min");
        assert_eq!(duration_text(0.999), "60 min");
        assert_eq!(duration_text(1.0), "1 h");
        assert_eq!(duration_text(26.516), "26.5 h");
        assert_eq!(duration_text(71.9), "71.9 h");
        assert_eq!(duration_text(72.0), "3 days");
        assert_eq!(duration_text(24.0 * 400.0), "400 days");
        assert_eq!(duration_text(f64::INFINITY), "no data");
    }

    #[test]
    fn a_series_is_charted_in_the_unit_of_its_largest_value() {
        assert_eq!(duration_unit(&[Some(0.5), None]).0, "minutes");
        assert_eq!(duration_unit(&[Some(0.5), Some(30.0)]).0, "hours");
        assert_eq!(duration_unit(&[None]).0, "hours");
        assert_eq!(duration_unit(&[Some(100.0)]), ("days", 1.0 / 24.0));
    }
}
