//! `milepost --version` names the commit it was built from, when it was
//! built from a Git checkout; from a crate tarball it is the version alone.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=MILEPOST_BUILD_COMMIT");
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let text = match commit(&manifest_dir) {
        Some(commit) => format!("{version} ({commit})"),
        None => version,
    };
    println!("cargo:rustc-env=MILEPOST_VERSION={text}");
}

/// `abcdef0 2026-12-02`: the short hash and the commit's day in UTC. Only
/// when this crate's own files are tracked in that repository, so a tarball
/// unpacked inside some other repository does not take that one's commit.
fn commit(dir: &Path) -> Option<String> {
    // Where the sources come without their .git (a Docker build context), the
    // builder may say which commit they are.
    if let Ok(given) = std::env::var("MILEPOST_BUILD_COMMIT") {
        return Some(given).filter(|g| well_formed(g));
    }
    git(dir, &["ls-files", "--error-unmatch", "Cargo.toml"])?;
    // The reflog moves on every commit, also when the branch ref is packed.
    for (dir_arg, file) in [
        ("--git-dir", "HEAD"),
        ("--git-dir", "logs/HEAD"),
        ("--git-common-dir", "packed-refs"),
    ] {
        watch(dir, dir_arg, file);
    }
    if let Some(head_ref) = git(dir, &["symbolic-ref", "-q", "HEAD"]) {
        watch(dir, "--git-common-dir", &head_ref);
    }
    let line = git(
        dir,
        &[
            "log",
            "-1",
            "--format=%h %cd",
            "--abbrev=7",
            "--date=format-local:%Y-%m-%d",
        ],
    )?;
    Some(line).filter(|l| well_formed(l))
}

/// `<hex> YYYY-MM-DD`, so that nothing else reaches `--version`.
fn well_formed(text: &str) -> bool {
    let Some((hash, date)) = text.split_once(' ') else {
        return false;
    };
    (7..=40).contains(&hash.len())
        && hash.chars().all(|c| c.is_ascii_hexdigit())
        && date.len() == 10
        && date.chars().all(|c| c.is_ascii_digit() || c == '-')
}

/// Rebuild when HEAD moves. Only files that exist: one that does not would
/// make cargo run this script on every build.
fn watch(dir: &Path, dir_arg: &str, file: &str) {
    if let Some(git_dir) = git(dir, &["rev-parse", "--path-format=absolute", dir_arg]) {
        let path = Path::new(&git_dir).join(file);
        if path.is_file() {
            println!("cargo:rerun-if-changed={}", path.display());
        }
    }
}

fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("TZ", "UTC")
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8(out.stdout).ok()?;
    Some(text.trim().to_string()).filter(|t| !t.is_empty())
}
