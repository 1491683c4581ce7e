//! The template engine, wrapped: built-in templates (compiled into the
//! binary) with the registry's own `site-templates/` laid over them by name.

use std::path::Path;

use serde::Serialize;
use tera::{Context, Tera};

use super::Page;
use super::pipeline::Site;
use super::reuse::Memo;

/// The built-in templates: (name, text). Each is also registered as
/// `builtin/<name>`, so that an override can extend the original and replace
/// one block.
pub const BUILTIN: &[(&str, &str)] = &[
    ("style.css", include_str!("../../site-templates/style.css")),
    (
        "public/base.html",
        include_str!("../../site-templates/public/base.html"),
    ),
    (
        "public/index.html",
        include_str!("../../site-templates/public/index.html"),
    ),
    (
        "public/release.html",
        include_str!("../../site-templates/public/release.html"),
    ),
    (
        "public/macros.html",
        include_str!("../../site-templates/public/macros.html"),
    ),
    (
        "public/archive.html",
        include_str!("../../site-templates/public/archive.html"),
    ),
    (
        "public/subscribe.html",
        include_str!("../../site-templates/public/subscribe.html"),
    ),
    (
        "public/status.html",
        include_str!("../../site-templates/public/status.html"),
    ),
    (
        "public/404.html",
        include_str!("../../site-templates/public/404.html"),
    ),
    (
        "public/feed.xml",
        include_str!("../../site-templates/public/feed.xml"),
    ),
    (
        "public/sitemap.xml",
        include_str!("../../site-templates/public/sitemap.xml"),
    ),
    (
        "internal/base.html",
        include_str!("../../site-templates/internal/base.html"),
    ),
    (
        "internal/macros.html",
        include_str!("../../site-templates/internal/macros.html"),
    ),
    (
        "internal/index.html",
        include_str!("../../site-templates/internal/index.html"),
    ),
    (
        "internal/releases.html",
        include_str!("../../site-templates/internal/releases.html"),
    ),
    (
        "internal/release.html",
        include_str!("../../site-templates/internal/release.html"),
    ),
    (
        "internal/environment.html",
        include_str!("../../site-templates/internal/environment.html"),
    ),
    (
        "internal/history.html",
        include_str!("../../site-templates/internal/history.html"),
    ),
    (
        "internal/calendar.html",
        include_str!("../../site-templates/internal/calendar.html"),
    ),
    (
        "internal/incidents.html",
        include_str!("../../site-templates/internal/incidents.html"),
    ),
    (
        "internal/incident.html",
        include_str!("../../site-templates/internal/incident.html"),
    ),
    (
        "internal/metrics.html",
        include_str!("../../site-templates/internal/metrics.html"),
    ),
    (
        "announce/customers.md",
        include_str!("../../site-templates/announce/customers.md"),
    ),
    (
        "announce/internal.md",
        include_str!("../../site-templates/announce/internal.md"),
    ),
];

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct TemplateError(pub String);

pub struct Renderer {
    tera: Tera,
    /// Every template by name, as registered: what a page's fingerprint is made of.
    sources: Vec<(String, String)>,
    /// The previous build, in incremental builds.
    memo: Option<Memo>,
}

impl Renderer {
    /// The built-ins, with `overrides` ((name relative to site-templates/,
    /// text)) replacing those of the same name.
    pub fn new(overrides: &[(String, String)]) -> Result<Renderer, TemplateError> {
        let mut templates: Vec<(String, String)> = Vec::new();
        for (name, text) in BUILTIN {
            templates.push((format!("builtin/{name}"), (*text).to_string()));
            if !overrides.iter().any(|(o, _)| o == name) {
                templates.push(((*name).to_string(), (*text).to_string()));
            }
        }
        templates.extend(overrides.iter().cloned());
        let mut tera = Tera::default();
        tera.set_escape_fn(escape_html);
        // Templates come from the registry, which anyone with a pull request
        // can change, and the site they render is public: they must not see
        // the process environment (CI secrets). Tera 1's only builtin that
        // reaches outside the templates and their context is `get_env`
        // (`include`/`import`/`extends` name loaded templates only, no files).
        tera.register_function("get_env", refuse_get_env);
        tera.register_filter("web_url", web_url);
        tera.add_raw_templates(templates.clone())
            .map_err(|err| TemplateError(describe(&err)))?;
        Ok(Renderer {
            tera,
            sources: templates,
            memo: None,
        })
    }

    /// Renders incrementally from now on: pages the previous build at
    /// `site` wrote from the same template and context are reused (see
    /// [`super::reuse`]), with the cache kept in `cache_dir`.
    pub fn remember(&mut self, cache_dir: &Path, site: &Path) {
        self.memo = Some(Memo::load(cache_dir, site, &self.sources));
    }

    /// Renders every page from now on.
    pub fn forget(&mut self) {
        self.memo = None;
    }

    pub fn memo(&self) -> Option<&Memo> {
        self.memo.as_ref()
    }

    /// The page at `path` of `site`, rendered from `template` — or, in an
    /// incremental build, the previous build's file when nothing it was
    /// rendered from has changed.
    pub fn page(
        &self,
        site: Site,
        path: String,
        template: &str,
        context: &impl Serialize,
    ) -> Result<Page, TemplateError> {
        let Some(memo) = &self.memo else {
            return Ok(Page::html(path, self.render(template, context)?));
        };
        let fingerprint = memo.fingerprint(template, context);
        if let Some(inode) = memo.unchanged(site, &path, fingerprint) {
            return Ok(Page::unchanged(path, fingerprint, inode));
        }
        let mut page = Page::html(path, self.render(template, context)?);
        page.fingerprint = Some(fingerprint);
        Ok(page)
    }

    pub fn render(
        &self,
        template: &str,
        context: &impl Serialize,
    ) -> Result<String, TemplateError> {
        let context =
            Context::from_serialize(context).map_err(|err| TemplateError(describe(&err)))?;
        self.tera
            .render(template, &context)
            .map_err(|err| TemplateError(describe(&err)))
    }
}

fn refuse_get_env(_: &std::collections::HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
    Err(tera::Error::msg(
        "`get_env` is disabled: templates may not read the environment, whose secrets would reach the site",
    ))
}

/// `{{ x | web_url }}`: the address if it is http(s), else nothing, so
/// that a template cannot turn a `javascript:` value into a link.
fn web_url(
    value: &tera::Value,
    _: &std::collections::HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    Ok(match value.as_str() {
        Some(url) if crate::text::is_web_url(url) => value.clone(),
        _ => tera::Value::String(String::new()),
    })
}

/// HTML and XML escaping of text and attribute values. (Tera's own also
/// escapes `/`, which makes every address harder to read for no gain.)
/// Characters that XML 1.0 forbids (most control characters, U+FFFE,
/// U+FFFF) become U+FFFD: `check` refuses them in one-line fields, and this
/// keeps a feed well-formed whatever got through.
pub fn escape_html(text: &str) -> String {
    if !text.contains(['&', '<', '>', '"', '\'']) && !text.chars().any(crate::text::illegal_in_xml)
    {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if crate::text::illegal_in_xml(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// A tera error with its causes: the parse error underneath names the line.
fn describe(err: &tera::Error) -> String {
    let mut text = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        text.push_str(&format!("\n  {cause}"));
        source = cause.source();
    }
    text
}
