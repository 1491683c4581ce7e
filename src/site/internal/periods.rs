//! Long deploy histories, one page a month: `history/index.html` and
//! `environments/<env>/index.html` show the latest months (a short history
//! whole), and
//! `history/<yyyy-mm>/index.html` and `environments/<env>/<yyyy-mm>/index.html`
//! each month, at addresses that stay put as deploys are added.

use std::collections::BTreeMap;

use serde::Serialize;

use super::super::Page;
use super::super::labels::Labels;
use super::super::view::{DeployRow, month_label};
use super::Ctx;
use crate::history::DeployEvent;
use crate::site::render::TemplateError;

/// One month's deploys, newest first.
pub(super) struct Month<'e> {
    /// `2025-03`: the folder of the month's page.
    pub key: String,
    pub label: String,
    pub events: Vec<&'e DeployEvent>,
}

/// The deploys by month (in UTC, as the pages show times), newest month
/// first; within a month, newest first as recorded.
pub(super) fn months<'e>(
    events: impl DoubleEndedIterator<Item = &'e DeployEvent>,
) -> Vec<Month<'e>> {
    let mut by_key: BTreeMap<String, Month<'e>> = BTreeMap::new();
    for event in events.rev() {
        let key = event.at.strftime("%Y-%m").to_string();
        by_key
            .entry(key.clone())
            .or_insert_with(|| Month {
                key,
                label: month_label(event.at),
                events: Vec::new(),
            })
            .events
            .push(event);
    }
    by_key.into_values().rev().collect()
}

/// The main page shows whole months, newest first, until it has this many
/// deploys: all of a short history, the latest weeks of a long one.
pub(super) const LATEST: usize = 100;

/// How many of the newest months the main page shows.
pub(super) fn latest(months: &[Month<'_>]) -> usize {
    let mut count = 0;
    for (i, m) in months.iter().enumerate() {
        count += m.events.len();
        if count >= LATEST {
            return i + 1;
        }
    }
    months.len()
}

/// Whether `key` names a month's page (`2025-03`), before it is looked up.
pub(super) fn is_month_key(key: &str) -> bool {
    let b = key.as_bytes();
    b.len() == 7
        && b[4] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || c.is_ascii_digit())
}

#[derive(Serialize)]
pub(super) struct PeriodLink {
    label: String,
    href: String,
    count: usize,
    current: bool,
}

/// What part of the history a page shows, and the links to every month.
#[derive(Serialize)]
pub(super) struct Periods {
    /// The month shown, on a month's page.
    pub label: Option<String>,
    /// On the main page of a history that has more: the oldest month shown.
    pub since: Option<String>,
    pub links: Vec<PeriodLink>,
    pub total: usize,
    #[serde(skip)]
    shown: std::ops::Range<usize>,
}

impl Periods {
    /// `base` is the folder of the pages, from the site root (`history/`);
    /// `month` the page's month, or `None` for the main page.
    pub fn new(months: &[Month<'_>], base: &str, month: Option<usize>) -> Periods {
        let shown = match month {
            Some(i) => i..i + 1,
            None => 0..latest(months),
        };
        Periods {
            label: month.and_then(|i| months.get(i)).map(|m| m.label.clone()),
            since: match month {
                None if shown.end < months.len() => shown
                    .end
                    .checked_sub(1)
                    .and_then(|i| months.get(i))
                    .map(|m| m.label.clone()),
                _ => None,
            },
            links: months
                .iter()
                .enumerate()
                .map(|(i, m)| PeriodLink {
                    label: m.label.clone(),
                    href: format!("{base}{}/index.html", m.key),
                    count: m.events.len(),
                    current: Some(i) == month,
                })
                .collect(),
            total: months.iter().map(|m| m.events.len()).sum(),
            shown,
        }
    }

    /// The deploys of the page, newest first.
    pub fn rows(&self, months: &[Month<'_>], labels: &Labels) -> Vec<DeployRow> {
        months
            .get(self.shown.clone())
            .unwrap_or_default()
            .iter()
            .flat_map(|m| m.events.iter().map(|e| DeployRow::of(e, labels)))
            .collect()
    }
}

#[derive(Serialize)]
struct HistoryBody {
    deploys: Vec<DeployRow>,
    periods: Periods,
}

/// `history/index.html` (the latest month) and a page for each month.
pub(super) fn history_pages(ctx: &Ctx<'_>) -> Result<Vec<Page>, TemplateError> {
    let months = months(ctx.input.history.events.iter());
    let mut pages = vec![history_page(ctx, &months, None)?];
    for i in 0..months.len() {
        pages.push(history_page(ctx, &months, Some(i))?);
    }
    Ok(pages)
}

pub(super) fn history_one(ctx: &Ctx<'_>, key: &str) -> Result<Option<Page>, TemplateError> {
    if !is_month_key(key) {
        return Ok(None);
    }
    let months = months(ctx.input.history.events.iter());
    match months.iter().position(|m| m.key == key) {
        Some(i) => history_page(ctx, &months, Some(i)).map(Some),
        None => Ok(None),
    }
}

/// The page of month `month`, or with `None` the site's `history/index.html`
/// (showing the latest month).
fn history_page(
    ctx: &Ctx<'_>,
    months: &[Month<'_>],
    month: Option<usize>,
) -> Result<Page, TemplateError> {
    let periods = Periods::new(months, "history/", month);
    let body = HistoryBody {
        deploys: periods.rows(months, &ctx.labels),
        periods,
    };
    let (path, root, title) = match month.and_then(|i| months.get(i)) {
        Some(m) => (
            format!("history/{}/index.html", m.key),
            "../../",
            ctx.title(&format!("deploy history, {}", m.label)),
        ),
        None => (
            "history/index.html".to_string(),
            "../",
            ctx.title("deploy history"),
        ),
    };
    ctx.page(path, "internal/history.html", root, "history", title, &body)
}

#[cfg(test)]
mod tests {
    use super::is_month_key;

    #[test]
    fn month_keys_are_year_dash_month() {
        assert!(is_month_key("2025-03"));
        for key in ["2025-3", "../x", "2025/03", "2025-03x", "abcd-ef", ""] {
            assert!(!is_month_key(key), "{key}");
        }
    }
}
