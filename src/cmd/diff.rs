use std::path::Path;

use crate::cli::{DiffArgs, OutputFormat};
use crate::load::find_root;
use crate::model::promotion::{Promotion, promotion};
use crate::output::print;

use super::Outcome;

pub fn run(cwd: &Path, args: &DiffArgs) -> anyhow::Result<Outcome> {
    let root = find_root(cwd)?;
    let checked = crate::check_registry(&root);
    crate::names::environment(&checked.registry, &args.from)?;
    crate::names::environment(&checked.registry, &args.to)?;
    let promotion = promotion(&checked.registry, &args.from, &args.to)?;
    let text = match args.format {
        OutputFormat::Json => {
            let mut out =
                serde_json::to_string_pretty(&promotion).unwrap_or_else(|_| "{}".to_string());
            out.push('\n');
            out
        }
        OutputFormat::Human => crate::text::lines_for_terminal(&human(&promotion)),
    };
    print(&text)?;
    Ok(Outcome::Success)
}

fn human(p: &Promotion) -> String {
    let on = |env: &str, release: &Option<String>| match release {
        Some(r) => format!("{env} ({r})"),
        None => format!("{env} (nothing deployed)"),
    };
    let mut out = format!(
        "{} -> {}: ",
        on(&p.from, &p.from_release),
        on(&p.to, &p.to_release)
    );
    match p.releases.len() {
        0 => {
            out.push_str("nothing to promote\n");
            return out;
        }
        1 => out.push_str("1 release\n"),
        n => out.push_str(&format!("{n} releases\n")),
    }
    for release in &p.releases {
        let status = release.status;
        out.push_str(&format!(
            "\n{}  {}  [{status}]\n",
            release.version, release.title
        ));
        for group in &release.changes {
            let kind = group.kind;
            out.push_str(&format!("  {kind}\n"));
            for change in &group.changes {
                let mut line = format!("    - {}", change.summary);
                if change.audience == crate::files::Audience::Internal {
                    line.push_str(" (internal)");
                }
                if !change.tickets.is_empty() {
                    line.push_str(&format!(" [{}]", change.tickets.join(", ")));
                }
                out.push_str(&line);
                out.push('\n');
            }
        }
    }
    out
}
