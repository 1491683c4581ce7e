use std::path::Path;

use crate::cli::ApproveArgs;
use crate::edit::approve::{ApproveRequest, approve};
use crate::load::find_root;
use crate::output::print;

use super::{Outcome, edit_outcome, judged};
use crate::judgement::HistoryNeed;

pub fn run(cwd: &Path, args: &ApproveArgs) -> anyhow::Result<Outcome> {
    let root = find_root(cwd)?;
    let judgement = judged(&root, args.now, HistoryNeed::Optional, None)?;
    crate::names::release(&judgement.registry, &args.version)?;
    crate::names::person(&judgement.registry, &args.by)?;
    let request = ApproveRequest {
        version: &args.version,
        by: &args.by,
        now: judgement.now,
        force: args.force,
    };
    let file = match edit_outcome(approve(
        &root,
        &judgement.registry,
        &judgement.history,
        &request,
    ))? {
        Ok(file) => file,
        Err(outcome) => return Ok(outcome),
    };
    print(&format!("{} approved {} ({file})\n", args.by, args.version))?;
    Ok(Outcome::Success)
}
