use std::path::Path;

use crate::cli::ApproveArgs;
use crate::edit::approve::approve;
use crate::load::find_root;
use crate::output::print;

use super::{Outcome, edit_outcome};

pub fn run(cwd: &Path, args: &ApproveArgs) -> anyhow::Result<Outcome> {
    let root = find_root(cwd)?;
    let checked = crate::check_registry(&root);
    let now = args.now.unwrap_or_else(jiff::Timestamp::now);
    let file = match edit_outcome(approve(
        &root,
        &checked.registry,
        &args.version,
        &args.by,
        now,
    ))? {
        Ok(file) => file,
        Err(outcome) => return Ok(outcome),
    };
    print(&format!("{} approved {} ({file})\n", args.by, args.version))?;
    Ok(Outcome::Success)
}
