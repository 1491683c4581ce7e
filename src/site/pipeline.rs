//! From a registry folder to both sites in memory: the stages `build` and
//! `serve` share.

use std::path::Path;

use jiff::Timestamp;

use super::{Page, Renderer, SiteInput, SiteMeta, Sites};
use crate::diagnostic::{Diagnostic, Severity, has_errors};
use crate::history::{History, HistoryIndex};
use crate::load::read_site_templates;
use crate::model::Registry;

/// Why a build did not produce sites.
#[derive(Debug, Clone)]
pub enum BuildFailure {
    /// The registry has errors (or a site template cannot be read).
    Registry(Vec<Diagnostic>),
    /// A template does not parse or does not render.
    Template(String),
}

impl BuildFailure {
    /// The failure as text for people: diagnostics as `check` prints them.
    pub fn describe(&self) -> String {
        match self {
            BuildFailure::Registry(diagnostics) => {
                crate::report::human(diagnostics, crate::report::Style::Plain)
            }
            BuildFailure::Template(message) => format!("error: template: {message}\n"),
        }
    }
}

/// Everything a page is rendered from, owned: what `serve` keeps between
/// requests to render pages as they are asked for.
pub struct Model {
    pub registry: Registry,
    pub history: History,
    pub diagnostics: Vec<Diagnostic>,
    pub renderer: Renderer,
    pub now: Timestamp,
}

/// Which of the two sites.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Site {
    Public,
    Internal,
}

impl Model {
    fn input(&self) -> SiteInput<'_> {
        SiteInput {
            registry: &self.registry,
            history: &self.history,
            diagnostics: &self.diagnostics,
            now: self.now,
        }
    }

    /// Both sites, whole.
    pub fn render_all(&self) -> Result<Sites, BuildFailure> {
        super::render(&self.input(), &self.renderer).map_err(|e| BuildFailure::Template(e.0))
    }

    /// One file of one site; `Ok(None)` if there is no such file.
    pub fn render_page(&self, site: Site, path: &str) -> Result<Option<Page>, BuildFailure> {
        let input = self.input();
        let index = HistoryIndex::new(&self.history);
        let meta = SiteMeta::new(&self.registry);
        let page = match site {
            Site::Public => super::public::page(&input, &index, &meta, &self.renderer, path),
            Site::Internal => super::internal::page(&input, &index, &meta, &self.renderer, path),
        };
        page.map_err(|e| BuildFailure::Template(e.0))
    }
}

/// Loads and checks the registry at `root` and prepares its templates.
pub fn prepare(root: &Path, history: History, now: Timestamp) -> Result<Model, BuildFailure> {
    prepare_loaded(root, crate::load::load(root), history, now, None)
}

/// As [`prepare`], from files already read; with a `cache`, files unchanged
/// since it last saw them are not parsed again.
pub fn prepare_loaded(
    root: &Path,
    loaded: crate::load::LoadedRegistry,
    history: History,
    now: Timestamp,
    cache: Option<&crate::validate::ParseCache>,
) -> Result<Model, BuildFailure> {
    let checked = crate::validate::check_cached(loaded, cache);
    if has_errors(&checked.diagnostics) {
        let errors = checked
            .diagnostics
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        return Err(BuildFailure::Registry(errors));
    }
    let overrides = read_site_templates(root).map_err(|d| BuildFailure::Registry(vec![d]))?;
    let renderer = Renderer::new(&overrides).map_err(|e| BuildFailure::Template(e.0))?;
    Ok(Model {
        registry: checked.registry,
        history,
        diagnostics: checked.diagnostics,
        renderer,
        now,
    })
}

/// Loads, checks and renders the registry at `root` with the given history.
pub fn build_sites(root: &Path, history: History, now: Timestamp) -> Result<Sites, BuildFailure> {
    prepare(root, history, now)?.render_all()
}
