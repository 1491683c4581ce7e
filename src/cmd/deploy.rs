use std::path::Path;

use anyhow::Context;

use crate::cli::DeployArgs;
use crate::edit::deploy::{DeployOutcome, DeployRequest, deploy};
use crate::load::find_root;
use crate::output::print;
use crate::report::{self, Style};

use super::{Outcome, edit_outcome, history_or_empty};

pub fn run(cwd: &Path, args: &DeployArgs) -> anyhow::Result<Outcome> {
    let root = find_root(cwd)?;
    let checked = crate::check_registry(&root);
    crate::names::release(&checked.registry, &args.version)?;
    crate::names::environment(&checked.registry, &args.to)?;
    let history = history_or_empty(&root)?;
    let request = DeployRequest {
        version: &args.version,
        environment: &args.to,
        now: args.now.unwrap_or_else(jiff::Timestamp::now),
        force: args.force,
    };
    let outcome = match edit_outcome(deploy(&root, &checked.registry, &history, &request))? {
        Ok(outcome) => outcome,
        Err(outcome) => return Ok(outcome),
    };
    match outcome {
        DeployOutcome::Refused(problems) => {
            eprint!("{}", report::human(&problems, Style::Plain));
            eprintln!(
                "error: not deployed: {} to {} breaks the policies (--force writes it anyway)",
                args.version, args.to
            );
            Ok(Outcome::Problems)
        }
        DeployOutcome::Written { file, problems } => {
            if !problems.is_empty() {
                eprint!("{}", report::human(&problems, Style::Plain));
                eprintln!("warning: written despite the policies (--force)");
            }
            let mut text = format!("{} now runs {} ({file})\n", args.to, args.version);
            if args.commit {
                let repo = crate::git::GitRepo::discover(&root)
                    .context("--commit needs a Git repository")?;
                let message = format!("deploy {} to {}", args.version, args.to);
                let id = repo
                    .commit_file(&file, &message, args.now)
                    .context("cannot commit the deploy")?;
                text.push_str(&format!(
                    "committed {} \"{message}\"\n",
                    &id.to_string()[..10]
                ));
            }
            print(&text)?;
            Ok(Outcome::Success)
        }
    }
}
