//! The command line, defined once: help, errors and completions come from here.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "milepost",
    version,
    about = "Release management for SaaS, as plain text in Git",
    long_about = "Release management for SaaS, as plain text in Git.\n\n\
        milepost validates a registry of releases, deploy docs, environments, the calendar and \
        incidents (TOML and Markdown files in a Git repository).",
    after_help = "Examples:\n  \
        milepost init my-registry        start a new registry\n  \
        milepost check                   validate the registry in this folder or above\n  \
        milepost -C example-registry check --format json\n  \
        milepost schema --out schema     write the JSON Schemas for editors"
)]
pub struct Cli {
    /// Run as if started in DIR (the registry is searched from there upward)
    #[arg(short = 'C', id = "change_dir", global = true, value_name = "DIR")]
    pub dir: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new registry with commented example files
    #[command(after_help = "Example:\n  milepost init acme-releases")]
    Init(InitArgs),
    /// Validate every file of the registry and report all problems at once
    #[command(after_help = "Examples:\n  \
        milepost check\n  \
        milepost check --format json\n  \
        milepost check --format github   (annotations on a pull request)\n\n\
        Exit status: 0 no errors (warnings allowed), 1 errors found, 2 could not check.")]
    Check(CheckArgs),
    /// Write the JSON Schemas of the registry's files (for editors and other tools)
    #[command(after_help = "Example:\n  milepost schema --out schema")]
    Schema(SchemaArgs),
}

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// Folder for the new registry (created if needed; default: the current folder)
    pub dir: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// How to print the problems
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// For people: rustc-style, with the source line and a caret
    Human,
    /// `{"errors": [...], "warnings": [...]}`
    Json,
    /// GitHub workflow commands, shown as annotations on a pull request
    Github,
}

#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    /// Folder to write the schemas into
    #[arg(long, value_name = "DIR", default_value = "schema")]
    pub out: PathBuf,
}
