//! From a registry folder to both sites in memory: the stages `build` and
//! `serve` share.

use std::path::Path;

use jiff::Timestamp;

use super::{Renderer, SiteInput, Sites};
use crate::diagnostic::{Diagnostic, Severity, has_errors};
use crate::history::History;
use crate::load::read_site_templates;

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

/// Loads, checks and renders the registry at `root` with the given history.
pub fn build_sites(root: &Path, history: &History, now: Timestamp) -> Result<Sites, BuildFailure> {
    let checked = crate::check_registry(root);
    if has_errors(&checked.diagnostics) {
        let errors = checked
            .diagnostics
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        return Err(BuildFailure::Registry(errors));
    }
    let overrides = read_site_templates(root).map_err(|d| BuildFailure::Registry(vec![d]))?;
    let input = SiteInput {
        registry: &checked.registry,
        history,
        diagnostics: &checked.diagnostics,
        now,
    };
    let renderer = Renderer::new(&overrides).map_err(|e| BuildFailure::Template(e.0))?;
    super::render(&input, &renderer).map_err(|e| BuildFailure::Template(e.0))
}
