//! The calendar page: what is coming (freeze windows, maintenance, marketing
//! dates, planned releases) around a marker at the build's `now`, and what
//! has been (events and the latest deploys) folded below it.

use jiff::Timestamp;
use serde::Serialize;

use super::super::labels::Labels;
use super::super::view::{When, author_name, month_label, release_href};
use super::super::{Page, SiteInput};
use super::Ctx;
use crate::files::{EventKind, Freeze, Recurrence, ReleaseStatus};
use crate::history::DeployKind;
use crate::model::calendar::Window;
use crate::site::render::TemplateError;

/// How many deploys the calendar's past shows; the deploy history has all.
pub(super) const RECENT_DEPLOYS: usize = 50;

#[derive(Serialize)]
pub(super) struct FreezeRow {
    name: String,
    when: String,
    /// A one-off window's ends, with their age.
    start: Option<When>,
    end: Option<When>,
    environments: String,
    reason: Option<String>,
    active: bool,
    /// The occurrence in force now, or the next one.
    next: Option<Span>,
}

#[derive(Serialize)]
struct Span {
    start: When,
    end: When,
}

fn freeze_when(f: &Freeze) -> String {
    let zone = f.time_zone.as_deref().unwrap_or("UTC");
    let (from, to) = (
        f.from.as_deref().unwrap_or("?"),
        f.to.as_deref().unwrap_or("?"),
    );
    match (f.start, f.end, f.every) {
        (Some(start), Some(end), _) => {
            format!("{} to {}", When::of(start).text, When::of(end).text)
        }
        (_, _, Some(Recurrence::Week)) => format!("every week, {from} to {to} ({zone})"),
        (_, _, Some(Recurrence::Year)) => format!("every year, {from} to {to} ({zone})"),
        _ => "incomplete".to_string(),
    }
}

pub(super) fn freeze_rows(input: &SiteInput<'_>) -> Vec<FreezeRow> {
    let Some(calendar) = &input.registry.calendar else {
        return Vec::new();
    };
    let labels = Labels::new(input.registry, input.now);
    calendar
        .data
        .freeze
        .iter()
        .map(|f| {
            let window = Window::from_freeze(f).ok();
            let next = window
                .as_ref()
                .and_then(|w| w.occurrences_after(input.now).next());
            FreezeRow {
                name: f.name.clone(),
                when: freeze_when(f),
                start: f.start.map(|at| labels.when(at)),
                end: f.end.map(|at| labels.when(at)),
                environments: f.environments.as_ref().map_or_else(
                    || "all".to_string(),
                    |e| {
                        e.iter()
                            .map(|id| labels.env(id))
                            .collect::<Vec<_>>()
                            .join(", ")
                    },
                ),
                reason: f.reason.clone(),
                active: next.is_some_and(|o| o.start <= input.now),
                next: next.map(|o| Span {
                    start: labels.when(o.start),
                    end: labels.when(o.end),
                }),
            }
        })
        .collect()
}

#[derive(Serialize)]
struct Item {
    when: When,
    until: Option<When>,
    kind: &'static str,
    title: String,
    detail: Option<String>,
    href: Option<String>,
    /// Started before `now` and not over yet.
    ongoing: bool,
}

#[derive(Serialize)]
struct Month {
    label: String,
    items: Vec<Item>,
}

fn event_kind(kind: EventKind) -> &'static str {
    match kind {
        EventKind::Marketing => "marketing",
        EventKind::Maintenance => "maintenance",
        EventKind::Other => "event",
    }
}

/// Everything on the calendar with a start, an end (if it lasts), and
/// whether it is still to come or going on at `now`.
fn entries(input: &SiteInput<'_>) -> Vec<(Timestamp, Timestamp, Item)> {
    let now = input.now;
    let labels = Labels::new(input.registry, now);
    let names = |ids: &[String]| {
        ids.iter()
            .map(|id| labels.env(id))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut out = Vec::new();
    let mut push = |start: Timestamp, end: Option<Timestamp>, item: Item| {
        let end = end.filter(|e| *e > start).unwrap_or(start);
        let ongoing = start <= now && now < end;
        out.push((start, end, Item { ongoing, ..item }));
    };
    if let Some(calendar) = &input.registry.calendar {
        for e in &calendar.data.event {
            let mut detail = e.description.clone();
            if let Some(envs) = &e.environments {
                let envs = format!("environments: {}", names(envs));
                detail = Some(detail.map_or(envs.clone(), |d| format!("{d} ({envs})")));
            }
            push(
                e.at,
                e.end,
                Item {
                    when: labels.when(e.at),
                    until: e.end.filter(|end| *end > e.at).map(|at| labels.when(at)),
                    kind: event_kind(e.kind),
                    title: e.name.clone(),
                    detail,
                    href: e.release.as_deref().map(release_href),
                    ongoing: false,
                },
            );
        }
        for f in &calendar.data.freeze {
            let Ok(window) = Window::from_freeze(f) else {
                continue;
            };
            // A recurring window shows its occurrence in force or next; a
            // one-off one shows itself, even when it is over.
            let occurrence = match window {
                Window::Once { start, end } => Some((start, end)),
                _ => window
                    .occurrences_after(now)
                    .next()
                    .map(|o| (o.start, o.end)),
            };
            let Some((start, end)) = occurrence else {
                continue;
            };
            push(
                start,
                Some(end),
                Item {
                    when: labels.when(start),
                    until: Some(labels.when(end)),
                    kind: "freeze",
                    title: format!("Freeze: {}", f.name),
                    detail: Some(format!(
                        "environments: {}",
                        f.environments
                            .as_ref()
                            .map_or_else(|| "all".to_string(), |e| names(e))
                    )),
                    href: None,
                    ongoing: false,
                },
            );
        }
    }
    for release in &input.registry.releases {
        let d = &release.doc.data;
        let Some(planned) = d.planned else {
            continue;
        };
        if d.status == ReleaseStatus::Withdrawn {
            continue;
        }
        // The whole planned day, in UTC as every time on the site.
        let midnight = |d: jiff::civil::Date| {
            jiff::tz::Offset::UTC
                .to_timestamp(d.to_datetime(jiff::civil::Time::midnight()))
                .ok()
        };
        let Some(start) = midnight(planned) else {
            continue;
        };
        let end = planned.tomorrow().ok().and_then(midnight);
        push(
            start,
            end,
            Item {
                when: labels.date(planned),
                until: None,
                kind: "release",
                title: format!("{} planned: {}", d.version, d.title),
                detail: None,
                href: Some(release_href(&d.version)),
                ongoing: false,
            },
        );
    }
    out
}

fn deploy_item(event: &crate::history::DeployEvent, labels: &Labels) -> Item {
    Item {
        when: labels.when(event.at),
        until: None,
        kind: "deploy",
        title: format!(
            "{} {} to {}",
            event.release,
            match event.kind {
                DeployKind::Deploy => "deployed",
                DeployKind::Rollback => "rolled back",
                DeployKind::Redeploy => "redeployed",
            },
            labels.env(&event.environment)
        ),
        detail: Some(format!("by {}", author_name(&event.author))),
        href: Some(release_href(&event.release)),
        ongoing: false,
    }
}

fn by_month(items: Vec<(Timestamp, Item)>) -> Vec<Month> {
    let mut months: Vec<Month> = Vec::new();
    for (at, item) in items {
        let label = month_label(at);
        match months.last_mut() {
            Some(m) if m.label == label => m.items.push(item),
            _ => months.push(Month {
                label,
                items: vec![item],
            }),
        }
    }
    months
}

#[derive(Serialize)]
struct CalendarBody {
    today: When,
    freezes: Vec<FreezeRow>,
    /// Going on at `now`, oldest start first: before the marker.
    ongoing: Vec<Item>,
    /// Still to come, soonest first: after the marker.
    upcoming: Vec<Item>,
    /// Over, by month, newest first.
    past: Vec<Month>,
    past_count: usize,
    deploys_shown: usize,
    deploys_total: usize,
}

fn body(input: &SiteInput<'_>) -> CalendarBody {
    let now = input.now;
    let (mut ongoing, mut upcoming, mut past) = (Vec::new(), Vec::new(), Vec::new());
    for (start, end, item) in entries(input) {
        if item.ongoing {
            ongoing.push((start, item));
        } else if start > now {
            upcoming.push((start, item));
        } else if end <= now {
            past.push((start, item));
        }
    }
    let deploys = &input.history.events;
    let recent = deploys.iter().rev().take(RECENT_DEPLOYS);
    let labels = Labels::new(input.registry, now);
    past.extend(recent.map(|e| (e.at, deploy_item(e, &labels))));
    let order = |a: &(Timestamp, Item), b: &(Timestamp, Item)| {
        a.0.cmp(&b.0).then_with(|| a.1.title.cmp(&b.1.title))
    };
    ongoing.sort_by(order);
    upcoming.sort_by(order);
    past.sort_by(|a, b| order(b, a));
    CalendarBody {
        today: When::of(now),
        freezes: freeze_rows(input),
        ongoing: ongoing.into_iter().map(|(_, i)| i).collect(),
        upcoming: upcoming.into_iter().map(|(_, i)| i).collect(),
        past_count: past.len(),
        past: by_month(past),
        deploys_shown: deploys.len().min(RECENT_DEPLOYS),
        deploys_total: deploys.len(),
    }
}

pub(super) fn calendar_page(ctx: &Ctx<'_>) -> Result<Vec<Page>, TemplateError> {
    let body = body(ctx.input);
    let title = ctx.title("calendar");
    Ok(vec![ctx.page(
        "calendar/index.html".into(),
        "internal/calendar.html",
        "../",
        "calendar",
        title,
        &body,
    )?])
}
