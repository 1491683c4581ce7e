use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::cli::BuildArgs;
use crate::judgement::{Request, judge};
use crate::load::find_root;
use crate::output::print;
use crate::site::Page;
use crate::site::pipeline::{BuildFailure, Site, prepare};
use crate::write::{Protected, Trash, WriteError, write_site};

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
    let cache_dir = protected.git_dir.as_ref().map(|git| git.join("milepost"));
    let trash = cache_dir.as_ref().map(|dir| dir.join("trash"));
    // The sites earlier builds replaced are removed while this one works.
    let emptying = trash.as_deref().map(Trash::empty);
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
    let mut model = match prepare(&root, judgement) {
        Ok(model) => model,
        Err(failure) => return failed(&failure, &out),
    };
    model.live = live;
    // Incremental: pages rendered from what the previous build rendered
    // them from are linked from it (the cache is in .git, never in the
    // work tree; outside Git every build is whole).
    let target = crate::write::guard::checked_target(&out, &protected)?;
    if let Some(dir) = &cache_dir {
        model.renderer.remember(dir, &target);
    }
    let mut sites = match model.render_all() {
        Ok(sites) => sites,
        Err(failure) => return failed(&failure, &out),
    };
    let mut written = write_site(
        &out,
        &protected,
        &[("public", &sites.public), ("internal", &sites.internal)],
        trash.as_deref(),
    );
    // Another build replaced the site this one meant to reuse pages of:
    // render them all instead.
    if let Err(WriteError::PreviousChanged { .. }) = written {
        model.renderer.forget();
        sites = match model.render_all() {
            Ok(sites) => sites,
            Err(failure) => return failed(&failure, &out),
        };
        written = write_site(
            &out,
            &protected,
            &[("public", &sites.public), ("internal", &sites.internal)],
            trash.as_deref(),
        );
    }
    written?;
    if let (Some(dir), Some(memo)) = (&cache_dir, model.renderer.memo()) {
        let fingerprinted = |site: Site, pages: &[Page]| {
            pages
                .iter()
                .filter_map(move |p| p.fingerprint.map(|f| (site, p.path.clone(), f)))
                .collect::<Vec<_>>()
        };
        let pages = fingerprinted(Site::Public, &sites.public)
            .into_iter()
            .chain(fingerprinted(Site::Internal, &sites.internal));
        if let Err(err) = memo.save(dir, pages) {
            eprintln!(
                "warning: the build cache in {} could not be written ({err}); the next build renders every page",
                dir.display()
            );
        }
    }
    let unchanged = sites
        .public
        .iter()
        .chain(&sites.internal)
        .filter(|p| p.unchanged.is_some())
        .count();
    print(&format!(
        "built {} public and {} internal files in {} ({} unchanged, {} ms)\n",
        sites.public.len(),
        sites.internal.len(),
        out.display(),
        unchanged,
        started.elapsed().as_millis()
    ))?;
    if let Some(emptying) = emptying {
        emptying.finish();
    }
    Ok(Outcome::Success)
}

fn failed(failure: &BuildFailure, out: &Path) -> anyhow::Result<Outcome> {
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
    Ok(Outcome::Problems)
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
