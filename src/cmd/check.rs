use std::path::Path;

use crate::cli::{CheckArgs, CheckFormat};
use crate::diagnostic::has_errors;
use crate::load::find_root;
use crate::output::{color_wanted, print};
use crate::report::{self, Style};

use super::Outcome;

pub fn run(cwd: &Path, args: &CheckArgs) -> anyhow::Result<Outcome> {
    let root = find_root(cwd)?;
    let checked = crate::check_registry(&root);
    let diagnostics = &checked.diagnostics;
    let text = match args.format {
        CheckFormat::Json => report::json(diagnostics),
        CheckFormat::Github => report::github(diagnostics, &repository_prefix(&root)),
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
    Ok(if has_errors(diagnostics) {
        Outcome::Problems
    } else {
        Outcome::Success
    })
}

/// The registry's folder relative to the Git work tree that holds it, with a
/// trailing `/` ("" when it is the work tree's root or not in one).
fn repository_prefix(root: &Path) -> String {
    let Some(top) = root.ancestors().find(|dir| dir.join(".git").exists()) else {
        return String::new();
    };
    match root.strip_prefix(top) {
        Ok(rel) if !rel.as_os_str().is_empty() => {
            let parts: Vec<_> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect();
            format!("{}/", parts.join("/"))
        }
        _ => String::new(),
    }
}
