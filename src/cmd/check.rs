use std::path::Path;

use crate::cli::{CheckArgs, CheckFormat};
use crate::git::GitRepo;
use crate::judgement::{Request, judge};
use crate::load::find_root;
use crate::output::{color_wanted, print};
use crate::report::{self, Style};

use super::Outcome;

pub fn run(cwd: &Path, args: &CheckArgs) -> anyhow::Result<Outcome> {
    let root = find_root(cwd)?;
    let request = Request {
        now: args.now,
        base: args.base.clone(),
        ..Request::default()
    };
    let judgement = judge(&root, &request)?;
    let diagnostics = &judgement.diagnostics;
    let text = match args.format {
        CheckFormat::Json => report::json(diagnostics),
        CheckFormat::Github => report::github(diagnostics, &repository_prefix(&root)),
        CheckFormat::Sarif => report::sarif(diagnostics, &repository_prefix(&root)),
        CheckFormat::Gitlab => report::gitlab(diagnostics, &repository_prefix(&root)),
        CheckFormat::Human => {
            let style = if color_wanted() {
                Style::Colored
            } else {
                Style::Plain
            };
            report::human(diagnostics, style)
        }
    };
    print(&text)?;
    Ok(if judgement.has_errors() {
        Outcome::Problems
    } else {
        Outcome::Success
    })
}

/// The registry's folder relative to the Git work tree that holds it, with a
/// trailing `/` ("" when it is the work tree's root or not in one).
fn repository_prefix(root: &Path) -> String {
    match GitRepo::discover(root) {
        Ok(repo) if !repo.prefix().is_empty() => format!("{}/", repo.prefix()),
        _ => String::new(),
    }
}
