use std::path::Path;

use crate::cli::NewArgs;
use crate::edit::new::{NewRelease, new_release};
use crate::load::find_root;
use crate::output::print;

use super::{Outcome, edit_outcome};

pub fn run(cwd: &Path, args: &NewArgs) -> anyhow::Result<Outcome> {
    let root = find_root(cwd)?;
    let checked = crate::check_registry(&root);
    if let Some(owner) = &args.owner {
        crate::names::person(&checked.registry, owner)?;
    }
    let request = NewRelease {
        version: &args.version,
        title: args.title.as_deref(),
        owner: args.owner.as_deref(),
        git_email: crate::git::GitRepo::discover(&root)
            .ok()
            .and_then(|r| r.user_email()),
    };
    let written = match edit_outcome(new_release(&root, &checked.registry, &request))? {
        Ok(written) => written,
        Err(outcome) => return Ok(outcome),
    };
    let mut text = format!("created release {}:\n", args.version);
    for file in written {
        text.push_str(&format!("  {file}\n"));
    }
    text.push_str("next: describe the changes, write the notes and the deploy doc, then set status = \"ready\"\n");
    print(&text)?;
    Ok(Outcome::Success)
}
