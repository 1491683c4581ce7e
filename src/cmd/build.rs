use std::path::Path;
use std::time::Instant;

use crate::cli::BuildArgs;
use crate::load::find_root;
use crate::output::print;
use crate::site::pipeline::{BuildFailure, build_sites};
use crate::write::write_atomically;

use super::{Outcome, history_or_empty, resolve};

pub fn run(cwd: &Path, args: &BuildArgs) -> anyhow::Result<Outcome> {
    let started = Instant::now();
    let root = find_root(cwd)?;
    let out = match &args.out {
        Some(out) => resolve(cwd, out),
        None => root.join("_site"),
    };
    let history = history_or_empty(&root)?;
    let now = args.now.unwrap_or_else(jiff::Timestamp::now);
    let sites = match build_sites(&root, history, now) {
        Ok(sites) => sites,
        Err(failure) => {
            eprint!("{}", failure.describe());
            let what = match failure {
                BuildFailure::Registry(_) => "the registry has errors",
                BuildFailure::Template(_) => "a template failed",
            };
            eprintln!(
                "error: {what}; the site in {} was left as it was",
                out.display()
            );
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
