use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::cli::BuildArgs;
use crate::judgement::{Request, judge};
use crate::load::find_root;
use crate::output::print;
use crate::site::pipeline::{BuildFailure, prepare};
use crate::write::{Protected, write_site};

use super::{Outcome, resolve};

pub fn run(cwd: &Path, args: &BuildArgs) -> anyhow::Result<Outcome> {
    let started = Instant::now();
    let root = find_root(cwd)?;
    let default_out = root.join("_site");
    let out = match &args.out {
        Some(out) => resolve(cwd, out),
        None => default_out.clone(),
    };
    let protected = protected(&root, default_out);
    // Refuse a bad --out before the work of a build, and again (in
    // write_site) right before the swap.
    crate::write::guard::checked_target(&out, &protected)?;
    let judgement = judge(
        &root,
        &Request {
            now: args.now,
            ..Request::default()
        },
    )?;
    // Asked before rendering, so that the pages are made from data alone.
    let live = if args.live {
        let registry = &judgement.registry;
        if registry
            .environments
            .values()
            .all(|e| e.data.probe.is_none())
        {
            Some(Vec::new())
        } else {
            Some(super::verify::ask(registry, Vec::new(), None, args.now)?)
        }
    } else {
        None
    };
    let prepared =
        prepare(&root, judgement).map(|model| crate::site::pipeline::Model { live, ..model });
    let sites = match prepared.and_then(|model| model.render_all()) {
        Ok(sites) => sites,
        Err(failure) => {
            eprint!("{}", failure.describe());
            let what = match failure {
                BuildFailure::Registry(_) => "the registry has errors",
                BuildFailure::Template(_) => "a template failed",
                BuildFailure::Unjudged(_) => "the registry could not be judged",
            };
            eprintln!(
                "error: {what}; the site in {} was left as it was",
                out.display()
            );
            return Ok(Outcome::Problems);
        }
    };
    write_site(
        &out,
        &protected,
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

/// What the site may not replace: the registry, its repository and its data.
fn protected(root: &Path, default_out: PathBuf) -> Protected {
    let repo = crate::git::GitRepo::discover(root).ok();
    Protected {
        registry: root.to_path_buf(),
        work_tree: repo
            .as_ref()
            .and_then(|r| r.work_tree().map(Path::to_path_buf)),
        git_dir: repo.as_ref().map(|r| r.git_dir().to_path_buf()),
        legacy_site: Some(default_out),
    }
}
