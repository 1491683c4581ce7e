//! The command line, defined once: help, errors and completions come from here.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "milepost",
    version = env!("MILEPOST_VERSION"),
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
        milepost check --format github   (annotations on a pull request)\n  \
        milepost check --base origin/main --format github   (judge a pull request's deploys)\n  \
        milepost check --format sarif > milepost.sarif      (GitHub code scanning)\n  \
        milepost check --format gitlab > gl-code-quality-report.json\n\n\
        Exit status: 0 no errors (warnings allowed), 1 errors found, 2 could not check.")]
    Check(CheckArgs),
    /// Each environment: its release, since when, by whom, and what is waiting to be promoted
    #[command(after_help = "Examples:\n  \
        milepost status\n  \
        milepost status --format json")]
    Status(StatusArgs),
    /// The deploy events derived from the Git history, newest first
    #[command(after_help = "Examples:\n  \
        milepost history\n  \
        milepost history --env prod --since 2024-06-01\n  \
        milepost history --format json")]
    History(HistoryArgs),
    /// The releases on one environment that another does not have yet, with their changes
    #[command(
        after_help = "Example:\n  milepost diff uat prod     what promoting uat to prod would ship"
    )]
    Diff(DiffArgs),
    /// The text that announces a release to customers or to the team
    #[command(after_help = "Examples:\n  \
        milepost announce 2.5.0 --audience customers\n  \
        milepost announce 2.5.0 --audience internal --format slack > message.json\n  \
        milepost announce 2.5.0 --audience customers --format email | sendmail -t")]
    Announce(AnnounceArgs),
    /// Delivery metrics over the production environments: deploys, lead time, failure rate, restore time
    #[command(after_help = "Examples:\n  \
        milepost metrics                       the 90 days before now\n  \
        milepost metrics --since 2026-07-01 --until 2026-10-01 --format json")]
    Metrics(MetricsArgs),
    /// What a diagnostic code means and how to satisfy it
    #[command(
        after_help = "Examples:\n  milepost explain soak\n  milepost explain          (every code)"
    )]
    Explain(ExplainArgs),
    /// Start a release: releases/VERSION/ with release.toml (draft), notes.md and deploy.md
    #[command(
        after_help = "Example:\n  milepost new 2.5.0 --title \"Saved searches\" --owner alice"
    )]
    New(NewArgs),
    /// Set an environment's release (the deploy record), after judging it against the policies
    #[command(after_help = "Examples:\n  \
        milepost deploy 2.5.0 --to uat\n  \
        milepost deploy 2.5.0 --to prod --commit    (and commit the change)\n\n\
        Exit status: 0 written, 1 refused by a policy (nothing written), 2 could not work.")]
    Deploy(DeployArgs),
    /// Record an approval of a release ([[approvals]] with the time)
    #[command(after_help = "Example:\n  milepost approve 2.5.0 --by bob\n\n\
        Exit status: 0 recorded, 1 refused (it would not count; nothing written), 2 could not work.")]
    Approve(ApproveArgs),
    /// Record that a deploy was checked on an environment ([[verifications]], passed or failed)
    #[command(after_help = "Examples:\n  \
        milepost verified 2.5.0 --on uat --by bob --notes \"Exports of 1M rows in 40 s\"\n  \
        milepost verified 2.5.0 --on prod --by bob --failed\n\n\
        Exit status: 0 recorded, 1 refused (nothing written), 2 could not work.")]
    Verified(VerifiedArgs),
    /// Put the registry's TOML files in one canonical layout, keeping every comment
    #[command(
        after_help = "Examples:\n  milepost fmt\n  milepost fmt --check      (in CI: list what would change, exit 1)"
    )]
    Fmt(FmtArgs),
    /// Build, serve both sites on this machine, and rebuild and reload on every change
    #[command(after_help = "Examples:\n  \
        milepost serve                   http://127.0.0.1:4700/ (public: /public/, internal: /internal/)\n  \
        milepost serve --port 8080 --open")]
    Serve(ServeArgs),
    /// Bring existing records into the registry
    #[command(subcommand)]
    Import(ImportCommand),
    /// Render the customer-facing and the internal site into DIR/public and DIR/internal
    #[command(after_help = "Examples:\n  \
        milepost build                   writes _site/public and _site/internal in the registry\n  \
        milepost build --out /srv/releases")]
    Build(BuildArgs),
    /// What a pull request changes, for its reviewers: its deploys with every rule's verdict, its releases, calendar, incidents, teams and policies
    #[command(after_help = "Examples:\n  \
        milepost review --base origin/main >> \"$GITHUB_STEP_SUMMARY\"\n  \
        milepost review --base origin/main --format json\n  \
        milepost review        (the uncommitted changes, against HEAD)\n\n\
        Exit status as `check --base`: 0 every rule holds, 1 errors found, 2 could not review.")]
    Review(ReviewArgs),
    /// Write the JSON Schemas of the registry's files (for editors and other tools)
    #[command(after_help = "Example:\n  milepost schema --out schema")]
    Schema(SchemaArgs),
    /// Print the shell completion script for bash, zsh, fish, PowerShell or Elvish
    #[command(after_help = crate::cmd::completions::HELP)]
    Completions(CompletionsArgs),
    /// Print the man page, or write one page per command into a folder
    #[command(after_help = "Examples:\n  \
        milepost man | man -l -\n  \
        milepost man --out /usr/local/share/man/man1")]
    Man(ManArgs),
    /// Ask each environment's [probe] what really runs there, beside what the registry says
    #[command(after_help = "Examples:\n  \
        milepost verify\n  \
        milepost verify --env uat --env prod --timeout 3s\n  \
        milepost verify --format json\n\n\
        Every environment with a [probe] is asked at once. Exit status: 0 every one runs the\n\
        release its file names, 1 one runs another (drift), 2 one could not be asked or its\n\
        answer could not be read (unreachable; this wins over drift, so 1 means every answer\n\
        came), or milepost could not work.")]
    Verify(VerifyArgs),
}

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// Folder for the new registry (created if needed; default: the current folder)
    pub dir: Option<PathBuf>,
    /// Do not run `git init` when the folder is not inside a Git repository
    #[arg(long)]
    pub no_git: bool,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// How to print the problems
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,
    /// Pull-request mode: judge the deploys the commits since REV add (and
    /// uncommitted ones) as errors, as if made now
    #[arg(long, value_name = "REV", value_parser = clap::builder::NonEmptyStringValueParser::new())]
    pub base: Option<String>,
    /// The current time, for reproducible results (default: the real time)
    #[arg(long, value_name = "RFC3339", env = "MILEPOST_NOW", value_parser = parse_now)]
    pub now: Option<jiff::Timestamp>,
}

#[derive(Debug, clap::Args)]
pub struct ReviewArgs {
    /// The branch the pull request merges into; its deploys are those since
    /// it left REV (default: HEAD, so the uncommitted changes)
    #[arg(long, value_name = "REV", value_parser = clap::builder::NonEmptyStringValueParser::new())]
    pub base: Option<String>,
    /// How to write the review
    #[arg(long, value_enum, default_value_t = ReviewFormat::Markdown)]
    pub format: ReviewFormat,
    /// The current time, for reproducible results (default: the real time)
    #[arg(long, value_name = "RFC3339", env = "MILEPOST_NOW", value_parser = parse_now)]
    pub now: Option<jiff::Timestamp>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReviewFormat {
    /// GitHub-flavoured Markdown, for a pull-request comment or a job summary
    Markdown,
    /// The same, as data
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// For people: rustc-style, with the source line and a caret
    Human,
    /// `{"errors": [...], "warnings": [...]}`
    Json,
    /// GitHub workflow commands, shown as annotations on a pull request
    Github,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers
    Sarif,
    /// A GitLab Code Quality report, shown in the merge-request widget
    Gitlab,
}

/// Where the history is read from.
#[derive(Debug, Clone, clap::Args)]
pub struct RevArgs {
    /// Read the history up to this revision instead of HEAD
    #[arg(long, value_name = "REV", value_parser = clap::builder::NonEmptyStringValueParser::new())]
    pub rev: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// A table for people
    Human,
    /// Stable JSON for scripts
    Json,
}

#[derive(Debug, clap::Args)]
pub struct StatusArgs {
    #[command(flatten)]
    pub rev: RevArgs,
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
    /// Also ask each environment's [probe] what really runs there (a LIVE column)
    #[arg(long)]
    pub live: bool,
    /// The time the live answers are stamped with (default: the real time)
    #[arg(long, value_name = "RFC3339", env = "MILEPOST_NOW", value_parser = parse_now)]
    pub now: Option<jiff::Timestamp>,
}

#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
    /// Only this environment (repeatable; default: every one with a [probe])
    #[arg(long, value_name = "ENV")]
    pub env: Vec<String>,
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
    /// How long each probe may take, instead of its own `timeout` (500ms, 3s, 1m; at most 1m)
    #[arg(long, value_name = "T", value_parser = parse_probe_timeout)]
    pub timeout: Option<std::time::Duration>,
    /// The time the answers are stamped with (default: the real time)
    #[arg(long, value_name = "RFC3339", env = "MILEPOST_NOW", value_parser = parse_now)]
    pub now: Option<jiff::Timestamp>,
    /// Record each answer in its release as a [[verifications]] entry: passed when in
    /// sync, failed on drift (an environment that could not be asked is not recorded)
    #[arg(long, requires = "by")]
    pub record: bool,
    /// Who records the verifications (a person in teams.toml)
    #[arg(long, value_name = "PERSON", requires = "record")]
    pub by: Option<String>,
}

fn parse_probe_timeout(text: &str) -> Result<std::time::Duration, String> {
    crate::probe::parse_timeout(text)
}

#[derive(Debug, clap::Args)]
pub struct HistoryArgs {
    #[command(flatten)]
    pub rev: RevArgs,
    /// Only this environment's events
    #[arg(long, value_name = "ENV")]
    pub env: Option<String>,
    /// Only events at or after this date (2024-06-01) or time (2024-06-01T12:00:00Z)
    #[arg(long, value_name = "DATE", value_parser = parse_time)]
    pub since: Option<jiff::Timestamp>,
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
}

#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The environment that has the releases (e.g. uat)
    pub from: String,
    /// The environment they would be promoted to (e.g. prod)
    pub to: String,
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
}

/// How every time on the command line is written.
const TIME_HELP: &str = "write it like 2024-06-12T15:04:00Z or 2024-06-12T17:04:00+02:00";

/// A date (midnight UTC) or an RFC 3339 time with its offset. A time without
/// an offset is refused: reading it as UTC or as local time would both be a guess.
pub fn parse_time(text: &str) -> Result<jiff::Timestamp, String> {
    if let Ok(ts) = text.parse::<jiff::Timestamp>() {
        return Ok(ts);
    }
    let date_only = text.len() == 10 && text.as_bytes().get(4) == Some(&b'-');
    if date_only && let Ok(date) = text.parse::<jiff::civil::Date>() {
        return date
            .to_zoned_datetime(jiff::tz::TimeZone::UTC)
            .map(|zoned| zoned.timestamp())
            .map_err(|err| format!("`{text}`: {err}"));
    }
    Err(no_time(text, "a date (2024-06-12) or "))
}

/// The current time for `--now` (or `MILEPOST_NOW`): a full RFC 3339 time
/// with its offset, since the rules it feeds are judged to the second.
pub fn parse_now(text: &str) -> Result<jiff::Timestamp, String> {
    text.parse::<jiff::Timestamp>()
        .map_err(|_| no_time(text, ""))
}

fn no_time(text: &str, also: &str) -> String {
    let missing_offset = text.parse::<jiff::civil::DateTime>().is_ok();
    if missing_offset {
        format!("`{text}` has no UTC offset; {TIME_HELP}")
    } else {
        format!("`{text}` is not {also}an RFC 3339 time; {TIME_HELP}")
    }
}

#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// The version, such as 2.5.0
    pub version: String,
    /// The release's title (default: "Release VERSION")
    #[arg(long)]
    pub title: Option<String>,
    /// Who is responsible: a person in teams.toml (default: the one with your Git e-mail)
    #[arg(long, value_name = "PERSON")]
    pub owner: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct DeployArgs {
    /// The release to deploy
    pub version: String,
    /// The environment to deploy it to
    #[arg(long = "to", value_name = "ENV")]
    pub to: String,
    /// Also commit the environment file (with your Git identity)
    #[arg(long)]
    pub commit: bool,
    /// Write it even if a policy says no
    #[arg(long)]
    pub force: bool,
    /// The time of the deploy, for the policies (default: the real time)
    #[arg(long, value_name = "RFC3339", env = "MILEPOST_NOW", value_parser = parse_now)]
    pub now: Option<jiff::Timestamp>,
}

#[derive(Debug, clap::Args)]
pub struct ApproveArgs {
    /// The release to approve
    pub version: String,
    /// Who approves: a person in teams.toml
    #[arg(long, value_name = "PERSON")]
    pub by: String,
    /// Record it even if it would not count (by the owner, by someone who is
    /// not an approver where the release goes next, for a draft)
    #[arg(long)]
    pub force: bool,
    /// The time of the approval (default: the real time)
    #[arg(long, value_name = "RFC3339", env = "MILEPOST_NOW", value_parser = parse_now)]
    pub now: Option<jiff::Timestamp>,
}

#[derive(Debug, clap::Args)]
pub struct VerifiedArgs {
    /// The release that was checked
    pub version: String,
    /// The environment it was checked on
    #[arg(long, value_name = "ENV")]
    pub on: String,
    /// Who checked it: a person in teams.toml
    #[arg(long, value_name = "PERSON")]
    pub by: String,
    /// It did not work (default: it passed)
    #[arg(long)]
    pub failed: bool,
    /// What was checked and what was seen (line breaks allowed)
    #[arg(long, value_name = "TEXT")]
    pub notes: Option<String>,
    /// The time of the check (default: the real time)
    #[arg(long, value_name = "RFC3339", env = "MILEPOST_NOW", value_parser = parse_now)]
    pub now: Option<jiff::Timestamp>,
}

#[derive(Debug, clap::Args)]
pub struct FmtArgs {
    /// Change nothing: list the files that are not formatted, and exit 1 if any
    #[arg(long)]
    pub check: bool,
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// A CHANGELOG.md (Keep a Changelog and the other common styles): one release per version
    #[command(after_help = "Examples:\n  \
        milepost import changelog CHANGELOG.md --owner alice --dry-run\n  \
        milepost import changelog CHANGELOG.md --owner alice --section \"Housekeeping=internal\"\n\n\
        Each version becomes releases/VERSION/ (status approved, or withdrawn if [YANKED]), its\n\
        entries [[changes]], and its public sections notes.md. What cannot be imported as it is\n\
        is reported with its line, and the run ends with a tally; it exits 1 if it leaves an\n\
        entry out or imports nothing, unless --partial. Importing the same file again changes\n\
        nothing.\n\n\
        Recognised:\n  \
        version headings  at #, ## or ### or setext; [1.2.3] - 2024-01-02, 1.2.3 (2024-01-02),\n                    \
        v1.2.3, [1.2.3](url) (date), Version 1.2.3/0.43b0, [YANKED];\n                    \
        [Unreleased], 1.2.3 - TBD, unreleased: not imported\n  \
        versions          semver; 1.5 -> 1.5.0; 2024.01.15 -> 2024.1.15; 1.4.0b1 -> 1.4.0-beta.1\n  \
        dates             2024-01-02, 2024/1/2, October 16, 2024, 16 Oct 2024,\n                    \
        05.01.2024 (day.month.year), 01/05/2024 (month/day/year)\n  \
        sections          Added, Changed, Deprecated, Removed, Fixed, Security and variants\n                    \
        (Features, Bug Fixes, Performance, Other, What's Changed, ...), as headings,\n                    \
        **bold** or PLAIN: labels; Breaking Changes -> changed, \"Breaking:\"\n  \
        internal          Internal, Chore, Refactor, CI, Build, Tests, Dependencies:\n                    \
        audience = \"internal\", never in notes.md\n  \
        prose             New Contributors, Thanks, Credits: text, not entries\n  \
        entries           -, *, + and numbered items; indented text below is details")]
    Changelog(ImportChangelogArgs),
    /// The releases of a GitHub repository, as JSON that `gh` printed: one release per tag
    #[command(after_help = "Examples:\n  \
        gh api repos/OWNER/REPO/releases --paginate > releases.json\n  \
        milepost import github-releases releases.json --owner alice --dry-run\n  \
        milepost import github-releases releases.json --owner alice\n\n\
        What is read: the JSON `gh api repos/OWNER/REPO/releases --paginate` prints (pages of\n\
        releases back to back, or one array with --slurp), or `gh release list --json\n\
        tagName,name,isDraft,isPrerelease,publishedAt,createdAt` (which has no release text). Of\n\
        each release: tag_name, name, body, draft, prerelease, published_at (created_at when it\n\
        is missing) and html_url; the rest is ignored.\n\n\
        Each published release becomes releases/VERSION/ with status approved:\n  \
        version    the tag, as a changelog's versions are read (v1.2.3 -> 1.2.3, 1.5 -> 1.5.0,\n             \
        1.4.0b1 -> 1.4.0-beta.1); a tag that is no version (nightly) is reported\n  \
        title      the name, unless it only repeats the tag\n  \
        planned    the day of published_at, in UTC; publish_at the time itself\n  \
        changes    the body's lists under headings a changelog's sections would have\n             \
        (## What's Changed, ### Features, ### Bug Fixes ...); internal ones (Chores, CI,\n             \
        Dependencies ...) become internal changes, and their text stays out of notes.md\n  \
        notes.md   the body, CRLF line endings made LF, HTML comments left out (GitHub\n             \
        does not show them); a first heading that repeats the version is left out too\n\n\
        A pre-release is imported with its pre-release version (v2.0.0-rc.1 -> 2.0.0-rc.1), and\n\
        said. A draft was never published: it is not imported, which does not fail the run; the\n\
        tally counts drafts apart. Two releases of one version are merged into one, and said;\n\
        the same release twice (pages that overlap) is read once. What cannot be imported as it\n\
        is is reported with the release's tag and place in the file; the run exits 1 if it\n\
        leaves an entry out or imports nothing, unless --partial. A file that is not such JSON\n\
        is exit 2, with the line and column.")]
    GithubReleases(ImportGithubArgs),
}

/// What every import takes besides its file.
#[derive(Debug, clap::Args)]
pub struct ImportOptions {
    /// Owner of the imported releases: a person in teams.toml (default: the one with your Git e-mail)
    #[arg(long, value_name = "PERSON")]
    pub owner: Option<String>,
    /// Write nothing: say what would be imported
    #[arg(long)]
    pub dry_run: bool,
    /// Exit 0 even if entries are left out (reported) or nothing is imported
    #[arg(long)]
    pub partial: bool,
    /// What a section's entries are, for a title milepost does not know: TITLE=KIND, where
    /// KIND is added, changed, deprecated, removed, fixed, security, breaking, internal or
    /// prose (a list that is not changes); repeatable
    #[arg(long, value_name = "TITLE=KIND", value_parser = parse_section)]
    pub section: Vec<String>,
}

#[derive(Debug, clap::Args)]
pub struct ImportChangelogArgs {
    /// The changelog to read
    pub file: PathBuf,
    #[command(flatten)]
    pub options: ImportOptions,
}

#[derive(Debug, clap::Args)]
pub struct ImportGithubArgs {
    /// The JSON file that `gh api repos/OWNER/REPO/releases --paginate` or `gh release list --json ...` printed
    pub file: PathBuf,
    #[command(flatten)]
    pub options: ImportOptions,
}

/// `--section` is checked as the command line is read, before any file.
fn parse_section(spec: &str) -> Result<String, String> {
    crate::import::changelog::Mapping::default().add(spec)?;
    Ok(spec.to_string())
}

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Port to listen on (0: any free port)
    #[arg(long, default_value_t = 4700)]
    pub port: u16,
    /// Address to listen on; anything but the default makes the sites reachable from elsewhere
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Open the preview in the default browser
    #[arg(long)]
    pub open: bool,
    /// The current time: what is published by then (default: the real time)
    #[arg(long, value_name = "RFC3339", env = "MILEPOST_NOW", value_parser = parse_now)]
    pub now: Option<jiff::Timestamp>,
}

#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// Output folder (default: _site in the registry); replaced whole
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// The current time: what is published by then (default: the real time)
    #[arg(long, value_name = "RFC3339", env = "MILEPOST_NOW", value_parser = parse_now)]
    pub now: Option<jiff::Timestamp>,
    /// Ask each environment's [probe] first, and show what runs there on the
    /// internal dashboard, with the time it was asked
    #[arg(long)]
    pub live: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AnnounceAudience {
    /// What customers may read: the public notes and changes
    Customers,
    /// For support and operations: every change, the deploy window, the owner, the risks
    Internal,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AnnounceFormat {
    Markdown,
    /// A complete RFC 5322 message (plain text and HTML)
    Email,
    /// The JSON body of a Slack incoming-webhook message
    Slack,
}

#[derive(Debug, clap::Args)]
pub struct AnnounceArgs {
    /// The release to announce
    pub version: String,
    #[arg(long, value_enum)]
    pub audience: AnnounceAudience,
    #[arg(long, value_enum, default_value_t = AnnounceFormat::Markdown)]
    pub format: AnnounceFormat,
    /// Write a customer announcement even if the release is not published yet
    #[arg(long)]
    pub draft: bool,
    /// E-mail sender, such as "Acme <releases@acme.example>" (default: [announce.AUDIENCE] from, else releases@ the site's host)
    #[arg(long, value_name = "ADDRESS")]
    pub from: Option<String>,
    /// E-mail recipient, repeatable (default: [announce.AUDIENCE] to in milepost.toml; the e-mail needs one)
    #[arg(long, value_name = "ADDRESS")]
    pub to: Vec<String>,
    /// The current time (default: the real time)
    #[arg(long, value_name = "RFC3339", env = "MILEPOST_NOW", value_parser = parse_now)]
    pub now: Option<jiff::Timestamp>,
}

#[derive(Debug, clap::Args)]
pub struct MetricsArgs {
    /// Start of the window (default: 90 days before --until)
    #[arg(long, value_name = "DATE", value_parser = parse_time)]
    pub since: Option<jiff::Timestamp>,
    /// End of the window, excluded (default: --now)
    #[arg(long, value_name = "DATE", value_parser = parse_time)]
    pub until: Option<jiff::Timestamp>,
    /// The current time (default: the real time)
    #[arg(long, value_name = "RFC3339", env = "MILEPOST_NOW", value_parser = parse_now)]
    pub now: Option<jiff::Timestamp>,
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
}

#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// A code from `check`'s output, such as `soak` or `unknown-field`
    pub code: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    /// Folder to write the schemas into
    #[arg(long, value_name = "DIR", default_value = "schema")]
    pub out: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to complete in
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// Write milepost.1 and a page per command (milepost-check.1, ...) into DIR
    /// instead of printing the main page
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}
