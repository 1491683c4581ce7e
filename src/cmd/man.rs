use std::fs;
use std::path::Path;

use anyhow::Context;
use clap::CommandFactory;

use crate::cli::{Cli, ManArgs};
use crate::output::print;

use super::{Outcome, resolve};

pub fn run(cwd: &Path, args: &ManArgs) -> anyhow::Result<Outcome> {
    let mut cli = Cli::command().disable_help_subcommand(true);
    cli.build();
    let Some(out) = &args.out else {
        print(&page(cli)?)?;
        return Ok(Outcome::Success);
    };
    let out = resolve(cwd, out);
    fs::create_dir_all(&out).with_context(|| format!("cannot create folder {}", out.display()))?;
    let mut pages = Vec::new();
    collect(cli, &mut pages);
    let mut text = String::new();
    for command in pages {
        let path = out.join(clap_mangen::Man::new(command.clone()).get_filename());
        fs::write(&path, page(command)?)
            .with_context(|| format!("cannot write {}", path.display()))?;
        text.push_str(&format!("wrote {}\n", path.display()));
    }
    print(&text)?;
    Ok(Outcome::Success)
}

/// The command and every visible subcommand below it, each named in full
/// (`milepost-import-changelog`) as clap names them once built.
fn collect(command: clap::Command, pages: &mut Vec<clap::Command>) {
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        collect(sub.clone(), pages);
    }
    pages.push(command);
}

fn page(command: clap::Command) -> anyhow::Result<String> {
    let mut roff = Vec::new();
    clap_mangen::Man::new(command)
        .render(&mut roff)
        .context("cannot render the man page")?;
    Ok(String::from_utf8_lossy(&roff).into_owned())
}
