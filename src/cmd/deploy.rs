use std::path::Path;

use anyhow::Context;

use crate::cli::DeployArgs;
use crate::edit::deploy::{DeployOutcome, DeployRequest, deploy};
use crate::load::find_root;
use crate::output::print;
use crate::report::{self, Style};

use super::{Outcome, edit_outcome};
use crate::judgement::{Request, judge};

pub fn run(cwd: &Path, args: &DeployArgs) -> anyhow::Result<Outcome> {
    let root = find_root(cwd)?;
    let judgement = judge(
        &root,
        &Request {
            now: args.now,
            ..Request::default()
        },
    )?;
    crate::names::release(&judgement.registry, &args.version)?;
    crate::names::environment(&judgement.registry, &args.to)?;
    let request = DeployRequest {
        version: &args.version,
        environment: &args.to,
        force: args.force,
    };
    let outcome = match edit_outcome(deploy(&root, &judgement, &request))? {
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
