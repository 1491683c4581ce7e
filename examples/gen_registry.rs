//! Writes a large synthetic registry, for benchmarks:
//!
//!     cargo run --release --example gen_registry -- OUT [RELEASES] [ENVIRONMENTS] [INCIDENTS] [--git]
//!
//! Defaults: 10,000 releases, 20 environments, 2,000 incidents. With `--git`,
//! OUT becomes a Git repository whose history deploys every release to the
//! production environment in turn (so that `build` publishes them all). The
//! output is deterministic, so that measurements can be compared across runs.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

#[path = "synthetic/notes.rs"]
mod notes;
use notes::notes;

const KINDS: [&str; 6] = [
    "added",
    "changed",
    "deprecated",
    "removed",
    "fixed",
    "security",
];
const TIERS: [&str; 4] = ["development", "staging", "demo", "production"];
const TEAMS: usize = 10;
const PEOPLE: usize = 50;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let git = args.iter().any(|a| a == "--git");
    args.retain(|a| a != "--git");
    let Some(out) = args.first().map(PathBuf::from) else {
        return Err("usage: gen_registry OUT [RELEASES] [ENVIRONMENTS] [INCIDENTS]".into());
    };
    let number = |i: usize, default: usize| -> Result<usize, Box<dyn std::error::Error>> {
        Ok(match args.get(i) {
            Some(text) => text.parse()?,
            None => default,
        })
    };
    let releases = number(1, 10_000)?;
    let environments = number(2, 20)?.max(1);
    let incidents = number(3, 2_000)?;
    if out.join("milepost.toml").exists() {
        fs::remove_dir_all(&out)?;
    }
    generate(&out, releases, environments, incidents)?;
    if git {
        deploy_history(&out, releases, environments)?;
    }
    println!(
        "wrote {} with {releases} releases, {environments} environments, {incidents} incidents",
        out.display()
    );
    Ok(())
}

/// The version of the i-th release: 1.0.0, 1.0.1, ... 1.0.9, 1.1.0, ...
pub fn version(i: usize) -> String {
    format!("{}.{}.{}", 1 + i / 100, (i / 10) % 10, i % 10)
}

fn env_id(i: usize) -> String {
    format!("env{i:02}")
}

fn write(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::write(path, text)
}

fn generate(
    out: &Path,
    releases: usize,
    environments: usize,
    incidents: usize,
) -> std::io::Result<()> {
    let prod = env_id(environments - 1);
    let before_prod = env_id(environments.saturating_sub(2));
    write(
        &out.join("milepost.toml"),
        &format!(
            "[product]\nname = \"Synthetic\"\n\n[site]\ntitle = \"Synthetic release notes\"\n\
             base_url = \"https://releases.synthetic.example/\"\n\n[policy]\n\
             deploy_doc_sections = [\"Steps\", \"Rollback\", \"Verification\"]\n\n\
             [policy.environments.{prod}]\nafter = [\"{before_prod}\"]\nsoak = \"24h\"\napprovals = 1\n\
             approver_teams = [\"team0\"]\n"
        ),
    )?;
    let mut teams = String::new();
    for t in 0..TEAMS {
        writeln!(teams, "[teams.team{t}]\nname = \"Team {t}\"\n").ok();
    }
    for p in 0..PEOPLE {
        writeln!(
            teams,
            "[people.person{p}]\nname = \"Person {p}\"\nemail = \"person{p}@synthetic.example\"\nteams = [\"team{}\"]\n",
            p % TEAMS
        )
        .ok();
    }
    write(&out.join("teams.toml"), &teams)?;
    write(
        &out.join("calendar.toml"),
        "[[freeze]]\nname = \"Year end\"\nstart = 2025-12-20T00:00:00Z\nend = 2026-01-04T00:00:00Z\n\n\
         [[event]]\nname = \"Launch\"\nkind = \"marketing\"\nat = 2026-03-01T16:00:00Z\nrelease = \"1.0.0\"\n",
    )?;
    for e in 0..environments {
        let tier = TIERS[(e * TIERS.len() / environments).min(TIERS.len() - 1)];
        let tier = if e == environments - 1 {
            "production"
        } else {
            tier
        };
        let deployed = version(
            releases
                .saturating_sub(1 + e)
                .min(releases.saturating_sub(1)),
        );
        let release = if releases > 0 {
            format!("release = \"{deployed}\"\n")
        } else {
            String::new()
        };
        write(
            &out.join(format!("environments/{}.toml", env_id(e))),
            &format!(
                "name = \"Environment {e}\"\ntier = \"{tier}\"\nurl = \"https://env{e}.synthetic.example/\"\n{release}"
            ),
        )?;
    }
    for r in 0..releases {
        let v = version(r);
        let dir = out.join(format!("releases/{v}"));
        let mut text = format!(
            "version = \"{v}\"\ntitle = \"Release {v}\"\nstatus = \"approved\"\nowner = \"person{}\"\n\
             teams = [\"team{}\"]\nplanned = 2026-01-{:02}\nrisk = \"low\"\ncustomer_facing = true\n\
             publish_at = 2026-01-{:02}T12:00:00Z\ncomponents = {{ api = \"{v}\", web = \"{v}\" }}\n",
            r % PEOPLE,
            r % TEAMS,
            1 + r % 28,
            1 + r % 28
        );
        for c in 0..4 {
            let audience = if c == 3 { "internal" } else { "public" };
            writeln!(
                text,
                "\n[[changes]]\nkind = \"{}\"\nsummary = \"Change {c} of release {v}\"\naudience = \"{audience}\"\ntickets = [\"SYN-{}\"]",
                KINDS[(r + c) % KINDS.len()],
                r * 4 + c
            )
            .ok();
        }
        writeln!(
            text,
            "\n[[approvals]]\nby = \"person{}\"\nat = 2026-01-01T10:00:00Z",
            (r + 1) % PEOPLE
        )
        .ok();
        write(&dir.join("release.toml"), &text)?;
        write(&dir.join("notes.md"), &notes(&v, r))?;
        write(
            &dir.join("internal.md"),
            &format!("Support notes for {v}.\n"),
        )?;
        write(
            &dir.join("deploy.md"),
            &format!(
                "# Deploying {v}\n\n## Steps\n\n1. `deploy {v}`\n\n## Rollback\n\n1. `deploy previous`\n\n## Verification\n\n1. Check the dashboard.\n"
            ),
        )?;
    }
    for i in 0..incidents {
        let release = version(i % releases.max(1));
        write(
            &out.join(format!("incidents/inc-{i:05}.toml")),
            &format!(
                "title = \"Incident {i}\"\nrelease = \"{release}\"\nenvironment = \"{prod}\"\nseverity = \"sev{}\"\n\
                 status = \"resolved\"\ndetected_at = 2026-02-01T09:00:00Z\nresolved_at = 2026-02-01T11:00:00Z\n\
                 root_cause = \"Cause {i}\"\n\n[[follow_ups]]\ntitle = \"Follow-up {i}\"\nowner = \"person{}\"\ndone = {}\n",
                1 + i % 4,
                i % PEOPLE,
                i % 2 == 0
            ),
        )?;
    }
    Ok(())
}

fn git(dir: &Path, args: &[&str]) -> Result<(), Box<dyn std::error::Error>> {
    let status = std::process::Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=Bench",
            "-c",
            "user.email=bench@synthetic.example",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .status()?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("git {args:?} failed").into())
    }
}

/// One commit with every file, then one commit per release that deploys it
/// to production (written with `git fast-import`, which takes seconds).
fn deploy_history(
    out: &Path,
    releases: usize,
    environments: usize,
) -> Result<(), Box<dyn std::error::Error>> {
    git(out, &["init", "-q", "-b", "main"])?;
    git(out, &["add", "-A"])?;
    git(out, &["commit", "-q", "-m", "Synthetic registry"])?;
    let prod = env_id(environments - 1);
    let path = format!("environments/{prod}.toml");
    let mut stream = String::new();
    let start: i64 = 1_767_225_600; // 2026-01-01
    for r in 0..releases {
        let text = format!(
            "name = \"Environment {}\"\ntier = \"production\"\nurl = \"https://env{}.synthetic.example/\"\nrelease = \"{}\"\n",
            environments - 1,
            environments - 1,
            version(r)
        );
        let message = format!("Deploy {} to {prod}\n", version(r));
        let time = start + r as i64 * 60;
        writeln!(stream, "commit refs/heads/main").ok();
        writeln!(
            stream,
            "committer Bench <bench@synthetic.example> {time} +0000"
        )
        .ok();
        writeln!(stream, "data {}\n{message}", message.len()).ok();
        if r == 0 {
            writeln!(stream, "from refs/heads/main^0").ok();
        }
        writeln!(
            stream,
            "M 100644 inline {path}\ndata {}\n{text}",
            text.len()
        )
        .ok();
    }
    let mut child = std::process::Command::new("git")
        .current_dir(out)
        .args(["fast-import", "--quiet"])
        .stdin(std::process::Stdio::piped())
        .spawn()?;
    if let Some(stdin) = child.stdin.as_mut() {
        std::io::Write::write_all(stdin, stream.as_bytes())?;
    }
    if !child.wait()?.success() {
        return Err("git fast-import failed".into());
    }
    git(out, &["reset", "-q", "--hard", "main"])?;
    Ok(())
}
