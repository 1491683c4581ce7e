//! The two static sites: customer-facing release notes (`public`) and the
//! internal release status (`internal`). Rendering returns the files as data
//! (`Page`s); `crate::write` puts them on disk.

pub mod assets;
pub mod board;
pub mod charts;
pub mod head;
pub mod holds;
pub mod internal;
pub mod labels;
pub mod live;
pub mod markdown;
pub mod pipeline;
pub mod public;
pub mod render;
pub mod reuse;
pub mod routes;
pub mod view;

use jiff::Timestamp;
use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::history::{History, HistoryIndex};
use crate::judgement::Judgement;
use crate::model::Registry;
pub use render::{Renderer, TemplateError};

/// Everything the sites are made from: one judgement of the registry.
pub struct SiteInput<'a> {
    pub judgement: &'a Judgement,
    pub registry: &'a Registry,
    pub history: &'a History,
    /// What `check` found: the internal site shows it.
    pub diagnostics: &'a [Diagnostic],
    pub now: Timestamp,
    /// When the public files of the releases in the feeds last changed
    /// after publication, by release folder (see `history::edits`).
    pub public_edits: &'a PublicEdits,
    /// What `build --live` found running; `None` in every other build.
    pub live: Option<&'a [crate::probe::LiveResult]>,
}

/// Release folder → when its public files last changed after publication.
pub type PublicEdits = std::collections::BTreeMap<String, Timestamp>;

impl<'a> SiteInput<'a> {
    pub fn of(judgement: &'a Judgement, public_edits: &'a PublicEdits) -> SiteInput<'a> {
        SiteInput {
            judgement,
            registry: &judgement.registry,
            history: &judgement.history,
            diagnostics: &judgement.diagnostics,
            now: judgement.now,
            public_edits,
            live: None,
        }
    }
}

/// One file of a site: its path relative to the site's root, and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub path: String,
    pub bytes: Vec<u8>,
    /// What it was rendered from, in incremental builds.
    pub fingerprint: Option<reuse::Fingerprint>,
    /// The previous build's file is this page (and `bytes` is empty): the
    /// writer links it rather than writing it again, if it is still the file
    /// with this inode.
    pub unchanged: Option<u64>,
}

impl Page {
    pub fn html(path: impl Into<String>, html: String) -> Page {
        Page::bytes(path, html.into_bytes())
    }

    pub fn bytes(path: impl Into<String>, bytes: Vec<u8>) -> Page {
        Page {
            path: path.into(),
            bytes,
            fingerprint: None,
            unchanged: None,
        }
    }

    pub fn unchanged(path: impl Into<String>, fingerprint: reuse::Fingerprint, inode: u64) -> Page {
        Page {
            path: path.into(),
            bytes: Vec::new(),
            fingerprint: Some(fingerprint),
            unchanged: Some(inode),
        }
    }
}

/// The registry's site settings, as every page's context has them (`site`).
#[derive(Debug, Clone, Serialize)]
pub struct SiteInfo {
    pub product: String,
    pub title: String,
    pub description: Option<String>,
    /// Ends with `/`.
    pub base_url: String,
    pub language: String,
    /// Some environment is marked `public = true`: the public site has a status page.
    pub has_public_status: bool,
    /// The favicon's file at the root of both sites (`favicon.svg`) and its media type.
    pub favicon: String,
    pub favicon_type: &'static str,
}

pub struct SiteMeta {
    pub site: SiteInfo,
}

/// The context of every page: `site`, `root` (the relative path back to the
/// site's root, such as `../../`), `current` (the navigation entry), `title`,
/// `head` (its address and description, see [`head::Head`]), and the page's
/// own fields beside them.
#[derive(Serialize)]
pub struct PageContext<'a, T: Serialize> {
    pub site: &'a SiteInfo,
    pub root: &'a str,
    pub current: &'a str,
    pub title: String,
    pub head: head::Head,
    #[serde(flatten)]
    pub body: &'a T,
}

impl<T: Serialize> PageContext<'_, T> {
    /// The page's own head; its title stays the page's.
    pub fn with_head(mut self, head: head::Head) -> Self {
        self.head = head::Head {
            title: std::mem::take(&mut self.head.title),
            ..head
        };
        self
    }
}

impl SiteMeta {
    pub fn new(registry: &Registry) -> SiteMeta {
        let settings = registry.settings.as_ref().map(|s| &s.data);
        // `check` accepts only http(s) addresses; anything else (which
        // could only come from a registry with errors) is not linked to.
        let mut base_url = settings
            .map(|s| s.site.base_url.clone())
            .filter(|u| crate::text::is_web_url(u))
            .unwrap_or_else(|| "/".to_string());
        if !base_url.ends_with('/') {
            base_url.push('/');
        }
        let (favicon, favicon_type) = assets::favicon_name(registry);
        SiteMeta {
            site: SiteInfo {
                product: settings.map_or_else(String::new, |s| s.product.name.clone()),
                title: settings.map_or_else(String::new, |s| s.site.title.clone()),
                description: settings.and_then(|s| s.site.description.clone()),
                base_url,
                language: settings
                    .and_then(|s| s.site.language.clone())
                    .unwrap_or_else(|| "en".to_string()),
                has_public_status: registry.environments.values().any(|e| e.data.public),
                favicon,
                favicon_type,
            },
        }
    }

    pub fn page<'a, T: Serialize>(
        &'a self,
        root: &'a str,
        current: &'a str,
        title: String,
        body: &'a T,
    ) -> PageContext<'a, T> {
        PageContext {
            site: &self.site,
            root,
            current,
            head: head::Head::titled(&title),
            title,
            body,
        }
    }
}

/// Both sites, rendered.
pub struct Sites {
    pub public: Vec<Page>,
    pub internal: Vec<Page>,
}

/// Renders both sites. Output depends only on the inputs (and `now`), so
/// that two builds of the same registry are byte-identical.
pub fn render(input: &SiteInput<'_>, renderer: &Renderer) -> Result<Sites, TemplateError> {
    let meta = SiteMeta::new(input.registry);
    let index = HistoryIndex::new(input.history);
    let (public, internal) = rayon::join(
        || public::pages(input, &index, &meta, renderer),
        || internal::pages(input, &index, &meta, renderer),
    );
    let (mut public, mut internal) = (public?, internal?);
    public.sort_by(|a, b| a.path.cmp(&b.path));
    internal.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Sites { public, internal })
}
