use std::path::Path;

use anyhow::Context;

use crate::cli::{CheckArgs, CheckFormat};
use crate::diagnostic::{self, Diagnostic, has_errors};
use crate::git::{GitError, GitRepo};
use crate::load::find_root;
use crate::model::Registry;
use crate::output::{color_wanted, print};
use crate::policy::{self, Timeline};
use crate::report::{self, Style};

use super::Outcome;

pub fn run(cwd: &Path, args: &CheckArgs) -> anyhow::Result<Outcome> {
    let root = find_root(cwd)?;
    let checked = crate::check_registry(&root);
    let mut diagnostics = checked.diagnostics;
    let now = args.now.unwrap_or_else(jiff::Timestamp::now);
    diagnostics.extend(policy::timely::incidents(&checked.registry, now));
    diagnostics.extend(policies(&root, &checked.registry, args)?);
    diagnostic::sort(&mut diagnostics);
    let text = match args.format {
        CheckFormat::Json => report::json(&diagnostics),
        CheckFormat::Github => report::github(&diagnostics, &repository_prefix(&root)),
        CheckFormat::Human => {
            let style = if color_wanted() {
                Style::Colored
            } else {
                Style::Plain
            };
            report::human(&diagnostics, style)
        }
    };
    print(&text)?;
    Ok(if has_errors(&diagnostics) {
        Outcome::Problems
    } else {
        Outcome::Success
    })
}

/// The deploy policies, judged on the history (or, with `--base`, on what
/// the commits since the base add).
fn policies(root: &Path, registry: &Registry, args: &CheckArgs) -> anyhow::Result<Vec<Diagnostic>> {
    let now = args.now.unwrap_or_else(jiff::Timestamp::now);
    let repo = match GitRepo::discover(root) {
        Ok(repo) => repo,
        Err(GitError::NotARepository(_)) if args.base.is_none() => {
            eprintln!(
                "warning: not in a Git repository, so deploys are not judged (the history comes from commits)"
            );
            return Ok(Vec::new());
        }
        Err(err) => return Err(err).context("`--base` judges the deploys of commits"),
    };
    let history = super::load_history(&repo, None)?;
    let timeline = match &args.base {
        None => Timeline::of_history(&history, registry, now),
        Some(base) => {
            let base_id = repo
                .resolve(Some(base))?
                .context("the base revision names no commit")?;
            let new_commits = match repo.resolve(None)? {
                Some(tip) => repo.commits_since(base_id, tip)?,
                None => Default::default(),
            };
            Timeline::of_review(&history, registry, &new_commits, now)
        }
    };
    let mut found = policy::judge(registry, &timeline);
    found.extend(policy::timely::communication(registry, &history, now));
    Ok(found)
}

/// The registry's folder relative to the Git work tree that holds it, with a
/// trailing `/` ("" when it is the work tree's root or not in one).
fn repository_prefix(root: &Path) -> String {
    match GitRepo::discover(root) {
        Ok(repo) if !repo.prefix().is_empty() => format!("{}/", repo.prefix()),
        _ => String::new(),
    }
}
