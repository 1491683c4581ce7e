//! The release lists: the index (the latest releases) and one archive page
//! per year at a stable address (`archive/2026/index.html`), both grouped
//! by month under stable anchors (`#2026-10`).
//!
//! The index shows a fixed number of releases rather than a span of time:
//! its size then stays the same whether a product ships twice a year or
//! fifty times a week, and every release keeps one address that never
//! moves, in the archive of the year it was published.

use serde::Serialize;

use super::Rendered;
use super::search;
use crate::site::head::Head;
use crate::site::render::{Renderer, TemplateError};
use crate::site::view::{When, month_label, release_href};
use crate::site::{Page, SiteMeta};

/// How many of the latest releases the index shows.
pub const INDEX_RELEASES: usize = 20;

#[derive(Serialize)]
struct ReleaseCard {
    version: String,
    title: String,
    summary: Option<String>,
    released: When,
    href: String,
    /// e.g. "3 added, 1 fixed"
    counts: String,
    /// The kinds of its public changes, for the filter: `added fixed`.
    kinds: String,
    /// Its public text, folded for the filter's search.
    search: String,
}

#[derive(Serialize)]
struct Month {
    /// `2026-10`: the anchor of the month, the same on every page.
    id: String,
    label: String,
    releases: Vec<ReleaseCard>,
}

#[derive(Serialize, Clone)]
struct YearLink {
    year: i16,
    href: String,
    count: usize,
}

#[derive(Serialize)]
struct IndexBody {
    months: Vec<Month>,
    has_status: bool,
    years: Vec<YearLink>,
    /// How many releases the index shows.
    shown: usize,
    /// Some releases are only in the archives.
    older: bool,
}

#[derive(Serialize)]
struct ArchiveBody {
    year: i16,
    months: Vec<Month>,
    years: Vec<YearLink>,
}

fn year_of(r: &Rendered<'_>) -> i16 {
    jiff::tz::Offset::UTC
        .to_datetime(r.published.reached_production)
        .year()
}

fn card(r: &Rendered<'_>) -> ReleaseCard {
    let data = &r.published.release.doc.data;
    ReleaseCard {
        version: data.version.clone(),
        title: data.title.clone(),
        summary: data.summary.clone(),
        released: When::of(r.published.reached_production),
        href: release_href(&data.version),
        counts: super::counts(&r.groups),
        kinds: r.groups.iter().map(|g| g.id).collect::<Vec<_>>().join(" "),
        search: search::text(r),
    }
}

/// Newest first in, newest first out, one group per calendar month (UTC).
fn months<'r, 'a: 'r>(rendered: impl Iterator<Item = &'r Rendered<'a>>) -> Vec<Month> {
    let mut months: Vec<Month> = Vec::new();
    for r in rendered {
        let at = r.published.reached_production;
        let id = at.strftime("%Y-%m").to_string();
        let card = card(r);
        match months.last_mut() {
            Some(month) if month.id == id => month.releases.push(card),
            _ => months.push(Month {
                id,
                label: month_label(at),
                releases: vec![card],
            }),
        }
    }
    months
}

/// The years that have releases, newest first.
fn years(rendered: &[Rendered<'_>]) -> Vec<YearLink> {
    let mut years: Vec<YearLink> = Vec::new();
    for r in rendered {
        let year = year_of(r);
        match years.last_mut() {
            Some(y) if y.year == year => y.count += 1,
            _ => years.push(YearLink {
                year,
                href: archive_href(year),
                count: 1,
            }),
        }
    }
    years
}

fn archive_href(year: i16) -> String {
    format!("archive/{year}/index.html")
}

pub(super) fn index_page(
    rendered: &[Rendered<'_>],
    has_status: bool,
    meta: &SiteMeta,
    renderer: &Renderer,
) -> Result<Page, TemplateError> {
    let shown = rendered.len().min(INDEX_RELEASES);
    let body = IndexBody {
        months: months(rendered.iter().take(INDEX_RELEASES)),
        has_status,
        years: years(rendered),
        shown,
        older: rendered.len() > shown,
    };
    let html = renderer.render(
        "public/index.html",
        &meta
            .page("", "releases", meta.site.title.clone(), &body)
            .with_head(Head::of(&meta.site.base_url, "index.html")),
    )?;
    Ok(Page::html("index.html", html))
}

/// Every yearly archive page.
pub(super) fn archive_pages(
    rendered: &[Rendered<'_>],
    meta: &SiteMeta,
    renderer: &Renderer,
) -> Result<Vec<Page>, TemplateError> {
    let years = years(rendered);
    years
        .iter()
        .map(|y| archive_page(rendered, y.year, &years, meta, renderer))
        .collect()
}

/// The archive page of `key` (a year), alone; `None` if no release was
/// published that year (or `key` is no year).
pub(super) fn archive_one(
    rendered: &[Rendered<'_>],
    key: &str,
    meta: &SiteMeta,
    renderer: &Renderer,
) -> Result<Option<Page>, TemplateError> {
    let years = years(rendered);
    let Some(year) = years.iter().find(|y| y.year.to_string() == key) else {
        return Ok(None);
    };
    archive_page(rendered, year.year, &years, meta, renderer).map(Some)
}

fn archive_page(
    rendered: &[Rendered<'_>],
    year: i16,
    years: &[YearLink],
    meta: &SiteMeta,
    renderer: &Renderer,
) -> Result<Page, TemplateError> {
    let body = ArchiveBody {
        year,
        months: months(rendered.iter().filter(|r| year_of(r) == year)),
        years: years.to_vec(),
    };
    let title = format!("{} releases of {year}", meta.site.product);
    let html = renderer.render(
        "public/archive.html",
        &meta
            .page("../../", "releases", title, &body)
            .with_head(Head::of(&meta.site.base_url, &archive_href(year))),
    )?;
    Ok(Page::html(archive_href(year), html))
}

/// The archive pages' addresses for the sitemap, with the time of their
/// latest release: (path, lastmod).
pub(super) fn sitemap_entries(rendered: &[Rendered<'_>]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut last_year = None;
    for r in rendered {
        let year = year_of(r);
        if last_year != Some(year) {
            last_year = Some(year);
            out.push((
                format!("archive/{year}/"),
                When::of(r.published.reached_production).iso,
            ));
        }
    }
    out
}
