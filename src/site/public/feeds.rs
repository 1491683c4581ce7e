//! The feeds (Atom and JSON Feed): the latest `[site] feed_entries`
//! published releases, each dated when it was published and when its
//! public files last changed after that.

use std::path::Path;

use jiff::Timestamp;
use serde::Serialize;

use super::{ChangeGroup, Rendered};
use crate::judgement::Judgement;
use crate::site::assets;
use crate::site::head::page_url;
use crate::site::render::{Renderer, TemplateError};
use crate::site::view::When;
use crate::site::{Page, PublicEdits, SiteInput, SiteMeta};

/// How many releases the feeds carry, from the registry's settings.
pub fn feed_entries(input: &SiteInput<'_>) -> usize {
    limit(input.registry)
}

fn limit(registry: &crate::model::Registry) -> usize {
    registry
        .settings
        .as_ref()
        .map_or(crate::files::Site::DEFAULT_FEED_ENTRIES as usize, |s| {
            s.data.site.feed_entries()
        })
}

/// When the releases the feeds carry were edited after publication, read
/// from the registry's Git history (none outside Git).
pub fn public_edits(root: &Path, judgement: &Judgement) -> PublicEdits {
    let published = crate::model::publication::published(
        &judgement.registry,
        &judgement.history,
        judgement.now,
    );
    let wanted: Vec<crate::history::edits::Published<'_>> = published
        .iter()
        .take(limit(&judgement.registry))
        .map(|p| crate::history::edits::Published {
            folder: &p.release.folder,
            at: p.published_at(),
        })
        .collect();
    let repo = crate::git::GitRepo::discover(root).ok();
    crate::history::edits::public_edits(repo.as_ref(), &wanted, judgement.now)
}

#[derive(Serialize)]
pub(super) struct FeedEntry {
    id: String,
    title: String,
    /// When the release was published.
    published: String,
    /// When its public files last changed, or `published`.
    updated: String,
    url: String,
    summary: String,
    content_html: String,
}

/// The feeds' entries, newest first: `rendered` is every published release.
pub(super) fn entries(
    input: &SiteInput<'_>,
    rendered: &[Rendered<'_>],
    meta: &SiteMeta,
) -> Vec<FeedEntry> {
    rendered
        .iter()
        .take(feed_entries(input))
        .map(|r| {
            let data = &r.published.release.doc.data;
            let url = format!("{}releases/{}/", meta.site.base_url, data.version);
            let mut content = r.notes_html.clone();
            // The same rule as the release page: no change twice.
            let groups: &[ChangeGroup] = if r.changes_in_notes { &[] } else { &r.groups };
            for group in groups {
                content.push_str(&format!("<h3>{}</h3><ul>", group.label));
                for change in &group.changes {
                    content.push_str(&format!("<li>{}</li>", change.summary_html));
                }
                content.push_str("</ul>");
            }
            // A reader shows the entry away from its page: the notes' images
            // and links must not depend on where they are read.
            let page = format!("releases/{}/", data.version);
            if let Some(page) = page_url(&meta.site.base_url, &page) {
                content = assets::absolute_urls(&content, &page);
            }
            let published = r.published.published_at();
            let updated = input
                .public_edits
                .get(&r.published.release.folder)
                .map_or(published, |edited| (*edited).max(published));
            FeedEntry {
                id: url.clone(),
                title: format!("{} {}: {}", meta.site.product, data.version, data.title),
                published: When::of(published).iso,
                updated: When::of(updated).iso,
                url,
                summary: data.summary.clone().unwrap_or_else(|| data.title.clone()),
                content_html: content,
            }
        })
        .collect()
}

#[derive(Serialize)]
struct FeedBody<'a> {
    updated: String,
    entries: &'a [FeedEntry],
}

/// The feed's own time: its latest entry's. RFC 3339 text of one format
/// sorts as the times do.
fn feed_updated(entries: &[FeedEntry]) -> String {
    entries
        .iter()
        .map(|e| e.updated.clone())
        .max()
        .unwrap_or_else(|| When::of(Timestamp::UNIX_EPOCH).iso)
}

pub(super) fn feed_xml(
    entries: &[FeedEntry],
    meta: &SiteMeta,
    renderer: &Renderer,
) -> Result<Page, TemplateError> {
    let body = FeedBody {
        updated: feed_updated(entries),
        entries,
    };
    let xml = renderer.render(
        "public/feed.xml",
        &meta.page("", "", meta.site.title.clone(), &body),
    )?;
    // Markdown rendered into the feed could still hold a character XML
    // forbids; one of them makes the whole feed unreadable.
    let xml = crate::text::xml_safe(&xml).into_owned();
    Ok(Page::bytes("feed.xml", xml.into_bytes()))
}

/// JSON Feed 1.1 (https://jsonfeed.org/version/1.1), the same entries as the Atom feed.
pub(super) fn feed_json(entries: &[FeedEntry], meta: &SiteMeta) -> Page {
    let items: Vec<serde_json::Value> = entries
        .iter()
        .map(|e| {
            serde_json::json!({
                "id": e.id,
                "url": e.url,
                "title": e.title,
                "summary": e.summary,
                "content_html": e.content_html,
                "date_published": e.published,
                "date_modified": e.updated,
            })
        })
        .collect();
    let mut feed = serde_json::json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": meta.site.title,
        "home_page_url": meta.site.base_url,
        "feed_url": format!("{}feed.json", meta.site.base_url),
        "language": meta.site.language,
        "items": items,
    });
    if let Some(description) = &meta.site.description {
        feed["description"] = serde_json::Value::String(description.clone());
    }
    let mut bytes = serde_json::to_vec_pretty(&feed).unwrap_or_default();
    bytes.push(b'\n');
    Page::bytes("feed.json", bytes)
}
