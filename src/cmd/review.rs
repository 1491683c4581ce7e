use std::path::Path;

use crate::cli::{ReviewArgs, ReviewFormat};
use crate::load::find_root;
use crate::output::print;
use crate::review::{markdown, review};

use super::Outcome;

pub fn run(cwd: &Path, args: &ReviewArgs) -> anyhow::Result<Outcome> {
    let root = find_root(cwd)?;
    let base = args.base.as_deref().unwrap_or("HEAD");
    let review = review(&root, base, args.now)?;
    let text = match args.format {
        ReviewFormat::Markdown => markdown::render(&review),
        ReviewFormat::Json => {
            let mut out = serde_json::to_string_pretty(&review)?;
            out.push('\n');
            out
        }
    };
    print(&text)?;
    Ok(if review.ok {
        Outcome::Success
    } else {
        Outcome::Problems
    })
}
