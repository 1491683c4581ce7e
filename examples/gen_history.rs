//! Writes a `git fast-import` stream of a long registry history, for the
//! history benchmark:
//!
//!     cargo run --release --example gen_history -- [COMMITS] | git fast-import
//!
//! The registry sits in `registry/` of a larger repository; one commit in five
//! changes an environment's `release` line, the others change other files.
//! Default: 100,000 commits, 20 environments. Deterministic.

use std::io::{self, BufWriter, Write};

const ENVIRONMENTS: usize = 20;

fn main() -> io::Result<()> {
    let commits: usize = match std::env::args().nth(1) {
        Some(text) => text
            .parse()
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?,
        None => 100_000,
    };
    let mut out = BufWriter::new(io::stdout().lock());
    let start: i64 = 1_600_000_000;
    let mut deploys = 0usize;
    for i in 0..commits {
        let time = start + (i as i64) * 600;
        let mut files: Vec<(String, String)> = Vec::new();
        if i == 0 {
            files.push((
                "registry/milepost.toml".into(),
                "[product]\nname = \"Synthetic\"\n\n[site]\ntitle = \"Synthetic\"\nbase_url = \"https://synthetic.example/\"\n".into(),
            ));
            for e in 0..ENVIRONMENTS {
                files.push((env_path(e), env_file(e, "0.0.1")));
            }
        } else if i % 5 == 0 {
            deploys += 1;
            let e = deploys % ENVIRONMENTS;
            let version = format!(
                "{}.{}.{}",
                1 + deploys / 1000,
                (deploys / 10) % 100,
                deploys % 10
            );
            files.push((env_path(e), env_file(e, &version)));
        } else if i % 5 == 1 {
            files.push((
                format!("registry/releases/{}/notes.md", i % 500),
                format!("Notes, take {i}\n"),
            ));
        } else {
            files.push((
                format!("src/module{}.rs", i % 50),
                format!("// revision {i}\n"),
            ));
        }
        let message = format!("Commit {i}\n");
        writeln!(out, "commit refs/heads/main")?;
        writeln!(
            out,
            "author Person {} <person{}@synthetic.example> {time} +0000",
            i % 7,
            i % 7
        )?;
        writeln!(
            out,
            "committer Person {} <person{}@synthetic.example> {time} +0000",
            i % 7,
            i % 7
        )?;
        writeln!(out, "data {}\n{message}", message.len())?;
        for (path, text) in files {
            writeln!(out, "M 100644 inline {path}\ndata {}\n{text}", text.len())?;
        }
    }
    out.flush()
}

fn env_path(e: usize) -> String {
    format!("registry/environments/env{e:02}.toml")
}

fn env_file(e: usize, release: &str) -> String {
    let tier = if e == ENVIRONMENTS - 1 {
        "production"
    } else {
        "staging"
    };
    format!("name = \"Environment {e}\"\ntier = \"{tier}\"\nrelease = \"{release}\"\n")
}
