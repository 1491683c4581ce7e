use std::path::Path;
use std::time::Instant;

use crate::cli::BuildArgs;
use crate::diagnostic::{Severity, has_errors};
use crate::load::{find_root, read_site_templates};
use crate::output::print;
use crate::report::{self, Style};
use crate::site::{self, Renderer, SiteInput};
use crate::write::write_atomically;

use super::{Outcome, history_or_empty, resolve};

pub fn run(cwd: &Path, args: &BuildArgs) -> anyhow::Result<Outcome> {
    let started = Instant::now();
    let root = find_root(cwd)?;
    let out = match &args.out {
        Some(out) => resolve(cwd, out),
        None => root.join("_site"),
    };
    let checked = crate::check_registry(&root);
    if has_errors(&checked.diagnostics) {
        let errors: Vec<_> = checked
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .cloned()
            .collect();
        eprint!("{}", report::human(&errors, Style::Plain));
        eprintln!(
            "error: the registry has errors; the site in {} was left as it was",
            out.display()
        );
        return Ok(Outcome::Problems);
    }
    let history = history_or_empty(&root)?;
    let overrides = match read_site_templates(&root) {
        Ok(overrides) => overrides,
        Err(diagnostic) => {
            eprint!("{}", report::human(&[diagnostic], Style::Plain));
            return Ok(Outcome::Problems);
        }
    };
    let input = SiteInput {
        registry: &checked.registry,
        history: &history,
        diagnostics: &checked.diagnostics,
        now: args.now.unwrap_or_else(jiff::Timestamp::now),
    };
    let sites = match Renderer::new(&overrides).and_then(|renderer| site::render(&input, &renderer))
    {
        Ok(sites) => sites,
        Err(err) => {
            eprintln!("error: template: {err}");
            eprintln!("the site in {} was left as it was", out.display());
            return Ok(Outcome::Problems);
        }
    };
    write_atomically(
        &out,
        &[("public", &sites.public), ("internal", &sites.internal)],
    )?;
    print(&format!(
        "built {} public and {} internal files in {} ({} ms)\n",
        sites.public.len(),
        sites.internal.len(),
        out.display(),
        started.elapsed().as_millis()
    ))?;
    Ok(Outcome::Success)
}
