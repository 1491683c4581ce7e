//! One file per subcommand; each is a thin wrapper over the library stages.

pub mod announce;
pub mod approve;
pub mod build;
pub mod check;
pub mod completions;
pub mod deploy;
pub mod diff;
pub mod explain;
pub mod fmt;
pub mod history;
pub mod import;
pub mod init;
pub mod man;
pub mod metrics;
pub mod new;
pub mod review;
pub mod schema;
pub mod serve;
pub mod status;
pub mod verified;
pub mod verify;

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
        Command::Status(args) => status::run(&cwd, &args),
        Command::History(args) => history::run(&cwd, &args),
        Command::Diff(args) => diff::run(&cwd, &args),
        Command::Explain(args) => explain::run(&args),
        Command::Metrics(args) => metrics::run(&cwd, &args),
        Command::Announce(args) => announce::run(&cwd, &args),
        Command::Build(args) => build::run(&cwd, &args),
        Command::Serve(args) => serve::run(&cwd, &args),
        Command::New(args) => new::run(&cwd, &args),
        Command::Deploy(args) => deploy::run(&cwd, &args),
        Command::Approve(args) => approve::run(&cwd, &args),
        Command::Verified(args) => verified::run(&cwd, &args),
        Command::Fmt(args) => fmt::run(&cwd, &args),
        Command::Import(crate::cli::ImportCommand::Changelog(args)) => {
            import::changelog(&cwd, &args)
        }
        Command::Import(crate::cli::ImportCommand::GithubReleases(args)) => {
            import::github_releases(&cwd, &args)
        }
        Command::Schema(args) => schema::run(&cwd, &args),
        Command::Completions(args) => completions::run(&args),
        Command::Man(args) => man::run(&cwd, &args),
        Command::Review(args) => review::run(&cwd, &args),
        Command::Verify(args) => verify::run(&cwd, &args),
    }
}

/// An error and its causes on one line, each cause said once: many errors
/// already end with their cause's text, and repeating it reads as a stutter.
pub fn error_text(err: &anyhow::Error) -> String {
    let mut text = err.to_string();
    for cause in err.chain().skip(1) {
        let cause = cause.to_string();
        if !text.contains(&cause) {
            text.push_str(": ");
            text.push_str(&cause);
        }
    }
    text
}

/// A path given on the command line, taken relative to `-C DIR`.
pub(crate) fn resolve(cwd: &Path, path: &Path) -> PathBuf {
    if path.is_absolute() || cwd == Path::new(".") {
        path.to_path_buf()
    } else {
        cwd.join(path)
    }
}

/// The one judgement of the registry at `root` (see [`crate::judgement`]).
pub(crate) fn judged(
    root: &Path,
    now: Option<jiff::Timestamp>,
    history: crate::judgement::HistoryNeed,
    rev: Option<String>,
) -> anyhow::Result<crate::judgement::Judgement> {
    let request = crate::judgement::Request {
        now,
        base: None,
        rev,
        history,
        quiet: false,
    };
    crate::judgement::judge(root, &request)
}

/// The history of `repo` up to `rev` (HEAD if `None`), with the cache, a
/// progress bar on a terminal, and its warnings on stderr.
pub(crate) fn load_history(
    repo: &crate::git::GitRepo,
    rev: Option<String>,
) -> anyhow::Result<crate::history::History> {
    let options = crate::history::WalkOptions {
        rev,
        use_cache: true,
    };
    let mut progress = crate::progress::Progress::new("reading history");
    let history = crate::history::load(repo, &options, &mut |done, total| {
        progress.update(done, total)
    })?;
    drop(progress);
    for warning in &history.warnings {
        eprintln!(
            "warning: {}",
            crate::text::for_terminal(&warning.to_string())
        );
    }
    Ok(history)
}

pub(crate) use crate::model::calendar::human_time;

/// Left-aligned columns separated by two spaces. Cells come from the
/// registry and its commits (names, authors, releases): their control
/// characters are shown escaped, never sent to the terminal.
pub(crate) fn table(rows: &[Vec<String>]) -> String {
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|cell| crate::text::for_terminal(cell).into_owned())
                .collect()
        })
        .collect();
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|cell| cell.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if c + 1 < row.len() {
                line.push_str(&" ".repeat(widths[c] - cell.chars().count() + 2));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// An editing command's error: a refusal or an unparsable file is the
/// registry's problem (exit 1); anything else is milepost's (exit 2).
pub(crate) fn edit_outcome<T>(
    result: Result<T, crate::edit::EditError>,
) -> anyhow::Result<Result<T, Outcome>> {
    use crate::edit::EditError;
    match result {
        Ok(value) => Ok(Ok(value)),
        Err(err @ (EditError::Refused(_) | EditError::Parse { .. })) => {
            eprintln!("error: {err}");
            Ok(Err(Outcome::Problems))
        }
        Err(err) => Err(err.into()),
    }
}
