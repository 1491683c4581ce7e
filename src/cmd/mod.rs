//! One file per subcommand; each is a thin wrapper over the library stages.

pub mod check;
pub mod init;
pub mod schema;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::cli::{Cli, Command};

/// How a command ended, mapped to the exit codes DESIGN.md promises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// 0: done (warnings allowed)
    Success,
    /// 1: the registry has errors
    Problems,
}

impl From<Outcome> for ExitCode {
    fn from(outcome: Outcome) -> Self {
        match outcome {
            Outcome::Success => ExitCode::SUCCESS,
            Outcome::Problems => ExitCode::from(1),
        }
    }
}

/// Runs a parsed command line. `Err` means milepost could not do its work (exit 2).
pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    let cwd = match &cli.dir {
        Some(dir) => dir.clone(),
        None => PathBuf::from("."),
    };
    match cli.command {
        Command::Init(args) => init::run(&cwd, &args),
        Command::Check(args) => check::run(&cwd, &args),
        Command::Schema(args) => schema::run(&cwd, &args),
    }
}

/// A path given on the command line, taken relative to `-C DIR`.
pub(crate) fn resolve(cwd: &Path, path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        cwd.join(path)
    }
}
