use std::path::Path;

use crate::cli::ApproveArgs;
use crate::edit::approve::{ApproveRequest, approve};
use crate::load::find_root;
use crate::output::print;

use super::{Outcome, edit_outcome, history_or_empty};

pub fn run(cwd: &Path, args: &ApproveArgs) -> anyhow::Result<Outcome> {
    let root = find_root(cwd)?;
    let checked = crate::check_registry(&root);
    crate::names::release(&checked.registry, &args.version)?;
    crate::names::person(&checked.registry, &args.by)?;
    let history = history_or_empty(&root)?;
    let request = ApproveRequest {
        version: &args.version,
        by: &args.by,
        now: args.now.unwrap_or_else(jiff::Timestamp::now),
        force: args.force,
    };
    let file = match edit_outcome(approve(&root, &checked.registry, &history, &request))? {
        Ok(file) => file,
        Err(outcome) => return Ok(outcome),
    };
    print(&format!("{} approved {} ({file})\n", args.by, args.version))?;
    Ok(Outcome::Success)
}
