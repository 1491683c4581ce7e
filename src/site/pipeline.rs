//! From a registry folder to both sites in memory: the stages `build` and
//! `serve` share.

use std::path::Path;

use super::{Page, PublicEdits, Renderer, SiteInput, SiteMeta, Sites};
use crate::diagnostic::Diagnostic;
use crate::history::HistoryIndex;
use crate::judgement::Judgement;
use crate::load::read_site_templates;

/// Why a build did not produce sites.
#[derive(Debug, Clone)]
pub enum BuildFailure {
    /// The registry has errors (or a site template cannot be read).
    Registry(Vec<Diagnostic>),
    /// A template does not parse or does not render.
    Template(String),
    /// The registry could not be judged (its history cannot be read).
    Unjudged(String),
}

impl BuildFailure {
    /// The failure as text for people: diagnostics as `check` prints them.
    pub fn describe(&self) -> String {
        match self {
            BuildFailure::Registry(diagnostics) => {
                crate::report::human(diagnostics, crate::report::Style::Plain)
            }
            BuildFailure::Template(message) => format!("error: template: {message}\n"),
            BuildFailure::Unjudged(message) => format!("error: {message}\n"),
        }
    }
}

/// Everything a page is rendered from, owned: what `serve` keeps between
/// requests to render pages as they are asked for.
pub struct Model {
    pub judgement: Judgement,
    pub renderer: Renderer,
    pub public_edits: PublicEdits,
    /// What the probes answered, when the build asked them (`build --live`).
    pub live: Option<Vec<crate::probe::LiveResult>>,
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
            live: self.live.as_deref(),
            ..SiteInput::of(&self.judgement, &self.public_edits)
        }
    }

    /// Both sites, whole.
    pub fn render_all(&self) -> Result<Sites, BuildFailure> {
        super::render(&self.input(), &self.renderer).map_err(|e| BuildFailure::Template(e.0))
    }

    /// One file of one site; `Ok(None)` if there is no such file.
    pub fn render_page(&self, site: Site, path: &str) -> Result<Option<Page>, BuildFailure> {
        let input = self.input();
        let index = HistoryIndex::new(input.history);
        let meta = SiteMeta::new(input.registry);
        let page = match site {
            Site::Public => super::public::page(&input, &index, &meta, &self.renderer, path),
            Site::Internal => super::internal::page(&input, &index, &meta, &self.renderer, path),
        };
        page.map_err(|e| BuildFailure::Template(e.0))
    }
}

/// A judged registry with its templates, ready to render; a registry whose
/// files have errors is not rendered (what it says cannot be trusted).
pub fn prepare(root: &Path, judgement: Judgement) -> Result<Model, BuildFailure> {
    if !judgement.file_errors.is_empty() {
        return Err(BuildFailure::Registry(judgement.file_errors));
    }
    let overrides = read_site_templates(root).map_err(|d| BuildFailure::Registry(vec![d]))?;
    let renderer = Renderer::new(&overrides).map_err(|e| BuildFailure::Template(e.0))?;
    let public_edits = super::public::feeds::public_edits(root, &judgement);
    Ok(Model {
        judgement,
        renderer,
        public_edits,
        live: None,
    })
}
