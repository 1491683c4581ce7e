//! Judging a registry: each file against its schema, then the registry as a
//! whole (references, folder names, required documents, time order).

mod assets;
mod deploy_doc;
mod files;
mod links;
mod references;
mod rules;
mod text;

pub use assets::svg_problem;
pub use deploy_doc::{
    DeployDocSection, Gap as DeployDocGap, gaps as deploy_doc_gaps, sections as deploy_doc_sections,
};
pub use files::ParseCache;

use crate::diagnostic::{self, Diagnostic};
use crate::load::LoadedRegistry;
use crate::model::Registry;

/// The typed registry and every problem found on the way.
#[derive(Debug, Default)]
pub struct Checked {
    pub registry: Registry,
    /// Sorted by file, line and column.
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses and validates everything that was loaded.
pub fn check(loaded: LoadedRegistry) -> Checked {
    check_cached(loaded, None)
}

/// As [`check`], parsing again only the files whose text changed since the
/// cache saw them.
pub fn check_cached(loaded: LoadedRegistry, cache: Option<&ParseCache>) -> Checked {
    let (registry, mut diagnostics) = files::assemble(loaded, cache);
    diagnostics.extend(references::check(&registry));
    diagnostics.extend(rules::check(&registry));
    diagnostics.extend(links::check(&registry));
    diagnostics.extend(text::check(&registry));
    diagnostics.extend(assets::check(&registry));
    diagnostics.extend(crate::probe::check(&registry));
    crate::probe::redact_secrets(&registry, &mut diagnostics);
    diagnostic::sort(&mut diagnostics);
    Checked {
        registry,
        diagnostics,
    }
}
