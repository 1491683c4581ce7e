//! The customer-facing site. This module decides what customers may see, and
//! it is a security boundary: only published releases, only their public
//! changes and notes.md, only environments marked `public`. Nothing else of
//! the registry is passed to its templates.

use std::collections::HashSet;

use serde::Serialize;

mod anchors;

use super::head::{Head, release_description};
use super::markdown::{self, Placement};
use super::pipeline::Site;
use super::render::{Renderer, TemplateError};
use super::routes::{self, Route};
use super::view::{Link, When, kind_label, release_href};
use super::{Page, SiteInput, SiteMeta, assets};
use crate::files::{Audience, BREAKING_LABEL};
use crate::history::HistoryIndex;
use crate::model::Release;

pub use crate::model::publication::Published;

mod archive;
pub mod feeds;
mod search;

/// What the public may read, at the input's time.
pub fn published<'a>(input: &SiteInput<'a>) -> Vec<Published<'a>> {
    crate::model::publication::published(input.registry, input.history, input.now)
}

#[derive(Clone, Serialize)]
struct PublicChange {
    /// The `id` of its `<li>`, from its kind and words (see [`anchors`]).
    id: String,
    /// As written in release.toml: one line of Markdown.
    summary: String,
    /// The summary as inline HTML (code, emphasis, links; never a block),
    /// sanitized: print it with `| safe`.
    summary_html: String,
}

#[derive(Clone, Serialize)]
struct ChangeGroup {
    id: &'static str,
    label: &'static str,
    changes: Vec<PublicChange>,
}

#[derive(Serialize)]
struct ReleaseBody {
    version: String,
    title: String,
    summary: Option<String>,
    released: When,
    notes_html: String,
    groups: Vec<ChangeGroup>,
    /// notes.md already lists every change of `groups` (see
    /// `notes_list_changes`): the built-in page then shows the notes alone.
    changes_in_notes: bool,
    newer: Option<Link>,
    older: Option<Link>,
}

#[derive(Serialize)]
struct PublicEnvironment {
    name: String,
    release: Option<String>,
    release_href: Option<String>,
    since: Option<When>,
    url: Option<String>,
}

/// Only `audience = "public"` changes, grouped in Keep a Changelog order.
fn public_groups(release: &Release) -> Vec<ChangeGroup> {
    let changes: Vec<_> = release
        .doc
        .data
        .changes
        .iter()
        .filter(|c| c.audience == Audience::Public)
        .collect();
    // Ids are given in the order the file lists the changes, before they
    // are grouped, so that the same words keep the same id wherever they move.
    let mut ids = anchors::ChangeIds::default();
    let mut changes: Vec<_> = changes
        .into_iter()
        .map(|c| (ids.id(c.kind.as_str(), &c.summary), c))
        .collect();
    changes.sort_by_key(|(_, c)| c.kind);
    let mut groups: Vec<ChangeGroup> = Vec::new();
    for (id, change) in changes {
        let entry = PublicChange {
            id,
            summary: change.summary.clone(),
            summary_html: markdown::render_inline(&change.summary),
        };
        match groups.last_mut() {
            Some(group) if group.id == change.kind.as_str() => group.changes.push(entry),
            _ => groups.push(ChangeGroup {
                id: change.kind.as_str(),
                label: kind_label(change.kind),
                changes: vec![entry],
            }),
        }
    }
    groups
}

/// Whether notes.md already lists every public change, so that the release
/// page and the feeds show the notes alone instead of each change twice.
///
/// The rule: notes.md has text, the release has public changes, and the
/// summary of each, read as plain text (Markdown markup dropped, whitespace
/// collapsed, case ignored), is the whole text of one block of the notes: a
/// list item (without its nested lists), a paragraph, a heading or a table
/// cell. A summary that starts with `Breaking:` (as import writes the
/// entries of a breaking-changes section) also matches without it.
///
/// A release imported from a changelog has the changelog's section as its
/// notes, so its entries match exactly. Hand-written notes that tell the
/// story in their own words do not, and the page keeps the changes under
/// them. Whole blocks rather than words found anywhere, so that a short
/// summary ("Reports") is not hidden because the notes use the word, and a
/// change the notes leave out is never hidden.
fn notes_list_changes(release: &Release) -> bool {
    let Some(notes) = &release.notes else {
        return false;
    };
    let summaries: Vec<&str> = release
        .doc
        .data
        .changes
        .iter()
        .filter(|c| c.audience == Audience::Public)
        .map(|c| c.summary.as_str())
        .collect();
    lists_every(&notes.text, &summaries)
}

/// The rule of [`notes_list_changes`], on the texts.
fn lists_every(notes: &str, summaries: &[&str]) -> bool {
    let blocks: HashSet<String> = markdown::block_texts(notes)
        .into_iter()
        .map(|b| b.to_lowercase())
        .collect();
    if blocks.is_empty() || summaries.is_empty() {
        return false;
    }
    let label = BREAKING_LABEL.to_lowercase();
    summaries.iter().all(|summary| {
        let text = markdown::inline_plain_text(summary).to_lowercase();
        blocks.contains(&text)
            || text
                .strip_prefix(&label)
                .is_some_and(|rest| blocks.contains(rest.trim_start()))
    })
}

fn counts(groups: &[ChangeGroup]) -> String {
    groups
        .iter()
        .map(|g| format!("{} {}", g.changes.len(), g.label.to_lowercase()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn notes_html(release: &Release) -> String {
    release
        .notes
        .as_ref()
        .map(|notes| {
            markdown::render(
                &notes.text,
                Placement {
                    top_heading: 3,
                    id_prefix: "notes-",
                },
            )
        })
        .unwrap_or_default()
}

/// The body of `release`'s public page as HTML, without the page around
/// it: its notes, then its public changes unless the notes list them. What
/// a pull request's review previews; the same parts the page shows.
pub fn release_body_html(release: &Release) -> String {
    let mut out = notes_html(release);
    if notes_list_changes(release) {
        return out;
    }
    for group in public_groups(release) {
        out.push_str(&format!("<h3>{}</h3>\n<ul>\n", group.label));
        for change in group.changes {
            out.push_str(&format!("<li>{}</li>\n", change.summary_html));
        }
        out.push_str("</ul>\n");
    }
    out
}

/// A published release's parts, rendered once for its page and the feeds.
struct Rendered<'a> {
    published: &'a Published<'a>,
    notes_html: String,
    groups: Vec<ChangeGroup>,
    changes_in_notes: bool,
}

impl<'a> Rendered<'a> {
    fn of(published: &'a Published<'a>) -> Rendered<'a> {
        Rendered {
            published,
            notes_html: notes_html(published.release),
            groups: public_groups(published.release),
            changes_in_notes: notes_list_changes(published.release),
        }
    }
}

fn release_pages(
    rendered: &[Rendered<'_>],
    published: &[Published<'_>],
    meta: &SiteMeta,
    renderer: &Renderer,
) -> Result<Vec<Page>, TemplateError> {
    use rayon::prelude::*;
    rendered
        .par_iter()
        .enumerate()
        .map(|(i, r)| release_page(i, r, published, meta, renderer))
        .collect()
}

/// The page of the `i`-th published release (newest first).
fn release_page(
    i: usize,
    r: &Rendered<'_>,
    published: &[Published<'_>],
    meta: &SiteMeta,
    renderer: &Renderer,
) -> Result<Page, TemplateError> {
    let data = &r.published.release.doc.data;
    let link = |q: &Published<'_>| Link {
        text: q.release.id().to_string(),
        href: release_href(q.release.id()),
    };
    let body = ReleaseBody {
        version: data.version.clone(),
        title: data.title.clone(),
        summary: data.summary.clone(),
        released: When::of(r.published.reached_production),
        notes_html: r.notes_html.clone(),
        groups: r.groups.clone(),
        changes_in_notes: r.changes_in_notes,
        newer: i.checked_sub(1).and_then(|n| published.get(n)).map(link),
        older: published.get(i + 1).map(link),
    };
    let title = format!("{} {}: {}", meta.site.product, data.version, data.title);
    let path = format!("releases/{}/index.html", data.version);
    let notes = r.published.release.notes.as_ref().map(|n| n.text.as_str());
    let head = Head::of(&meta.site.base_url, &path)
        .article(release_description(data.summary.as_deref(), notes));
    renderer.page(
        Site::Public,
        path,
        "public/release.html",
        &meta
            .page("../../", "releases", title, &body)
            .with_head(head),
    )
}

/// What every page of the public site is made from; the Markdown of the
/// published releases is rendered once, when a page first needs it.
struct Ctx<'a> {
    input: &'a SiteInput<'a>,
    index: &'a HistoryIndex<'a>,
    meta: &'a SiteMeta,
    renderer: &'a Renderer,
    published: &'a [Published<'a>],
    rendered: std::sync::OnceLock<Vec<Rendered<'a>>>,
}

impl<'a> Ctx<'a> {
    fn new(
        input: &'a SiteInput<'a>,
        index: &'a HistoryIndex<'a>,
        meta: &'a SiteMeta,
        renderer: &'a Renderer,
        published: &'a [Published<'a>],
    ) -> Ctx<'a> {
        Ctx {
            input,
            index,
            meta,
            renderer,
            published,
            rendered: std::sync::OnceLock::new(),
        }
    }

    fn rendered(&self) -> &[Rendered<'a>] {
        use rayon::prelude::*;
        self.rendered
            .get_or_init(|| self.published.par_iter().map(Rendered::of).collect())
    }
}

/// Every address of the public site.
fn routes<'a>() -> [Route<Ctx<'a>>; 5] {
    [
        Route {
            patterns: &["releases/{}/index.html"],
            all: |ctx| release_pages(ctx.rendered(), ctx.published, ctx.meta, ctx.renderer),
            one: Some(release_one),
        },
        Route {
            patterns: &["archive/{}/index.html"],
            all: |ctx| archive::archive_pages(ctx.rendered(), ctx.meta, ctx.renderer),
            one: Some(|ctx, year| {
                archive::archive_one(ctx.rendered(), year, ctx.meta, ctx.renderer)
            }),
        },
        Route {
            patterns: &[
                "index.html",
                "status/index.html",
                "subscribe/index.html",
                "404.html",
                "feed.xml",
                "feed.json",
                "sitemap.xml",
                "style.css",
                "filter.js",
            ],
            all: |ctx| {
                listing_pages(
                    ctx.input,
                    ctx.index,
                    ctx.rendered(),
                    ctx.published,
                    ctx.meta,
                    ctx.renderer,
                )
            },
            one: None,
        },
        Route {
            patterns: &["robots.txt", "favicon.svg", "favicon.png", "favicon.ico"],
            all: |ctx| {
                Ok(vec![
                    assets::robots_txt(&ctx.meta.site.base_url),
                    assets::favicon_page(ctx.input.registry),
                ])
            },
            one: None,
        },
        // Only a published release's files: the rest of its folder is as
        // private as its notes.
        Route {
            patterns: &["releases/*/*"],
            all: |ctx| {
                Ok(assets::attachment_pages(
                    ctx.published.iter().map(|p| p.release),
                ))
            },
            one: None,
        },
    ]
}

/// The page of one published release, rendered alone.
fn release_one(ctx: &Ctx<'_>, version: &str) -> Result<Option<Page>, TemplateError> {
    let Some(i) = ctx.published.iter().position(|p| p.release.id() == version) else {
        return Ok(None);
    };
    let r = Rendered::of(&ctx.published[i]);
    release_page(i, &r, ctx.published, ctx.meta, ctx.renderer).map(Some)
}

/// One file of the public site, rendered alone (for `serve`, which renders
/// what is asked for); `None` if the site has no such file.
pub fn page(
    input: &SiteInput<'_>,
    index: &HistoryIndex<'_>,
    meta: &SiteMeta,
    renderer: &Renderer,
    path: &str,
) -> Result<Option<Page>, TemplateError> {
    let published = published(input);
    let ctx = Ctx::new(input, index, meta, renderer, &published);
    routes::render_one(&routes(), &ctx, path)
}

/// The index, status, 404, feeds, sitemap and stylesheet.
fn listing_pages(
    input: &SiteInput<'_>,
    index: &HistoryIndex<'_>,
    rendered: &[Rendered<'_>],
    published: &[Published<'_>],
    meta: &SiteMeta,
    renderer: &Renderer,
) -> Result<Vec<Page>, TemplateError> {
    let mut pages = Vec::new();
    let environments = public_environments(input, index, published);
    let has_status = !environments.is_empty();
    pages.push(archive::index_page(rendered, has_status, meta, renderer)?);
    if has_status {
        let title = format!("{}: versions now live", meta.site.product);
        let html = renderer.render(
            "public/status.html",
            &meta
                .page("../", "status", title, &StatusBody { environments })
                .with_head(Head::of(&meta.site.base_url, "status/index.html")),
        )?;
        pages.push(Page::html("status/index.html", html));
    }
    let style = renderer.render("style.css", &Empty {})?;
    pages.push(not_found_page(&style, meta, renderer)?);
    let subscribe = SubscribeBody {
        feed_entries: feeds::feed_entries(input),
    };
    let html = renderer.render(
        "public/subscribe.html",
        &meta
            .page(
                "../",
                "subscribe",
                format!("Subscribe to {}", meta.site.title),
                &subscribe,
            )
            .with_head(Head::of(&meta.site.base_url, "subscribe/index.html")),
    )?;
    pages.push(Page::html("subscribe/index.html", html));
    pages.push(Page::bytes("filter.js", FILTER_JS.as_bytes().to_vec()));
    let entries = feeds::entries(input, rendered, meta);
    pages.push(feeds::feed_xml(&entries, meta, renderer)?);
    pages.push(feeds::feed_json(&entries, meta));
    pages.push(sitemap(published, rendered, meta, renderer, has_status)?);
    pages.push(Page::bytes("style.css", style.into_bytes()));
    Ok(pages)
}

#[derive(Serialize)]
struct NotFoundBody<'a> {
    /// The site's stylesheet, for the page's own `<style>`.
    inline_css: &'a str,
}

/// A server answers every missing address with this page, at whatever
/// depth it was asked for, and a reader may open it from disk: no relative
/// address can work in all those places. Its links start from `base_url`
/// (from its path on the host when it has no host) and its styles are in
/// the page itself.
fn not_found_page(
    style: &str,
    meta: &SiteMeta,
    renderer: &Renderer,
) -> Result<Page, TemplateError> {
    let root = if crate::text::is_web_url(&meta.site.base_url) {
        meta.site.base_url.clone()
    } else {
        url_path(&meta.site.base_url)
    };
    let body = NotFoundBody { inline_css: style };
    let html = renderer.render(
        "public/404.html",
        &meta.page(&root, "", "Page not found".to_string(), &body),
    )?;
    Ok(Page::html("404.html", html))
}

/// Every file of the public site.
pub fn pages(
    input: &SiteInput<'_>,
    index: &HistoryIndex<'_>,
    meta: &SiteMeta,
    renderer: &Renderer,
) -> Result<Vec<Page>, TemplateError> {
    let published = published(input);
    let ctx = Ctx::new(input, index, meta, renderer, &published);
    // Both routes need the rendered Markdown: render it before they split.
    ctx.rendered();
    routes::render_all(&routes(), &ctx)
}

#[derive(Serialize)]
struct Empty {}

/// `https://host/notes/` → `/notes/`.
fn url_path(base_url: &str) -> String {
    let after_scheme = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    match after_scheme.find('/') {
        Some(i) => after_scheme[i..].to_string(),
        None => "/".to_string(),
    }
}

/// The filter of the release lists: progressive enhancement, served as a
/// file of the site (never inline), with no network and no framework.
const FILTER_JS: &str = include_str!("../../site-templates/public/filter.js");

#[derive(Serialize)]
struct SubscribeBody {
    feed_entries: usize,
}

#[derive(Serialize)]
struct StatusBody {
    environments: Vec<PublicEnvironment>,
}

fn public_environments(
    input: &SiteInput<'_>,
    index: &HistoryIndex<'_>,
    published: &[Published<'_>],
) -> Vec<PublicEnvironment> {
    let published: std::collections::HashSet<&str> =
        published.iter().map(|p| p.release.id()).collect();
    crate::model::status::environment_order(input.registry)
        .into_iter()
        .filter_map(|id| {
            let doc = input.registry.environments.get(id)?;
            if !doc.data.public {
                return None;
            }
            // A release that is not published yet is not named.
            let release = doc
                .data
                .release
                .clone()
                .filter(|r| published.contains(r.as_str()));
            let since = release
                .as_deref()
                .and_then(|r| index.current(id, r))
                .map(|e| When::of(e.at));
            Some(PublicEnvironment {
                name: doc.data.name.clone(),
                release_href: release.as_deref().map(release_href),
                release,
                since,
                url: doc.data.url.clone().filter(|u| crate::text::is_web_url(u)),
            })
        })
        .collect()
}

#[derive(Serialize)]
struct SitemapBody {
    urls: Vec<SitemapUrl>,
}

#[derive(Serialize)]
struct SitemapUrl {
    loc: String,
    lastmod: Option<String>,
}

fn sitemap(
    published: &[Published<'_>],
    rendered: &[Rendered<'_>],
    meta: &SiteMeta,
    renderer: &Renderer,
    has_status: bool,
) -> Result<Page, TemplateError> {
    let base = &meta.site.base_url;
    let mut urls = vec![SitemapUrl {
        loc: base.clone(),
        lastmod: published
            .first()
            .map(|p| When::of(p.reached_production).iso),
    }];
    if has_status {
        urls.push(SitemapUrl {
            loc: format!("{base}status/"),
            lastmod: None,
        });
    }
    urls.push(SitemapUrl {
        loc: format!("{base}subscribe/"),
        lastmod: None,
    });
    for (path, lastmod) in archive::sitemap_entries(rendered) {
        urls.push(SitemapUrl {
            loc: format!("{base}{path}"),
            lastmod: Some(lastmod),
        });
    }
    for p in published {
        urls.push(SitemapUrl {
            loc: format!("{base}releases/{}/", p.release.id()),
            lastmod: Some(When::of(p.reached_production).iso),
        });
    }
    let xml = renderer.render(
        "public/sitemap.xml",
        &meta.page("", "", String::new(), &SitemapBody { urls }),
    )?;
    let xml = crate::text::xml_safe(&xml).into_owned();
    Ok(Page::bytes("sitemap.xml", xml.into_bytes()))
}

#[cfg(test)]
mod tests;
