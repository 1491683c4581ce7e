use std::path::Path;

use crate::cli::VerifiedArgs;
use crate::edit::verified::{VerifiedRequest, verified};
use crate::load::find_root;
use crate::output::print;

use super::{Outcome, edit_outcome, judged};
use crate::judgement::HistoryNeed;

pub fn run(cwd: &Path, args: &VerifiedArgs) -> anyhow::Result<Outcome> {
    let root = find_root(cwd)?;
    let judgement = judged(&root, args.now, HistoryNeed::Optional, None)?;
    crate::names::release(&judgement.registry, &args.version)?;
    crate::names::environment(&judgement.registry, &args.on)?;
    crate::names::person(&judgement.registry, &args.by)?;
    let request = VerifiedRequest {
        version: &args.version,
        environment: &args.on,
        by: &args.by,
        now: judgement.now,
        failed: args.failed,
        notes: args.notes.as_deref(),
    };
    let file = match edit_outcome(verified(
        &root,
        &judgement.registry,
        &judgement.history,
        &request,
    ))? {
        Ok(file) => file,
        Err(outcome) => return Ok(outcome),
    };
    let result = if args.failed { "failed" } else { "passed" };
    print(&format!(
        "{} recorded a {result} verification of {} on {} ({file})\n",
        args.by, args.version, args.on
    ))?;
    Ok(Outcome::Success)
}
