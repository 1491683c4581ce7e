//! The README's walk-through, run line by line as a new user would type it:
//! the test only plays the person at the editor and fixes the clock.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

/// The shell lines between the README's walk-through markers.
fn walkthrough_lines() -> Vec<String> {
    let readme =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let start = readme
        .find("<!-- walk-through")
        .expect("README has a walk-through");
    let end = readme.find("<!-- end of walk-through -->").unwrap();
    readme[start..end]
        .lines()
        .skip(1)
        .filter(|l| !l.starts_with("```") && !l.trim().is_empty())
        .map(str::to_string)
        .collect()
}

/// What the person types in the editor: the release described, ready.
const EDITOR: &str = r#"#!/bin/sh
for file in "$@"; do
  case "$file" in
    */release.toml)
      sed -i 's/^status = "draft" .*/status = "ready"/' "$file"
      printf '\n[[changes]]\nkind = "added"\nsummary = "Save a search and run it again"\naudience = "public"\n' >> "$file" ;;
    */notes.md)
      printf 'Save any search and run it again from the sidebar.\n' > "$file" ;;
    */deploy.md)
      printf '# Deploying 0.2.0\n\n## Steps\n\nRoll out the web tier.\n\n## Rollback\n\nDeploy 0.1.0 again.\n\n## Verification\n\nSave a search and run it.\n' > "$file" ;;
  esac
done
"#;

#[test]
fn the_readme_walkthrough_runs_as_written() {
    let lines = walkthrough_lines();
    assert_eq!(lines.len(), 11, "{lines:?}");
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let bin = dir.path().join("bin");
    let work = dir.path().join("work");
    for d in [&home, &bin, &work] {
        fs::create_dir_all(d).unwrap();
    }
    fs::write(
        home.join(".gitconfig"),
        "[user]\n\tname = Robin Example\n\temail = robin@example.com\n[init]\n\tdefaultBranch = main\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_milepost"), bin.join("milepost")).unwrap();
    let editor = bin.join("editor");
    fs::write(&editor, EDITOR).unwrap();
    fs::set_permissions(&editor, fs::Permissions::from_mode(0o755)).unwrap();

    // Each line, then its exit status, in one shell (so that `cd` holds).
    let mut script = String::new();
    for line in &lines {
        script.push_str(&format!("{line}\necho \"::exit $?\"\n"));
    }
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("bash")
        .arg("-c")
        .arg(&script)
        .current_dir(&work)
        .env_clear()
        .env("PATH", path)
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("EDITOR", &editor)
        .env("MILEPOST_NOW", "2026-12-01T09:00:00Z")
        .env("GIT_AUTHOR_DATE", "2026-12-01T08:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-12-01T08:00:00Z")
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    let codes: Vec<&str> = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("::exit "))
        .collect();
    // Every step works but the deploy to production, which is refused.
    assert_eq!(
        codes,
        ["0", "0", "0", "0", "0", "0", "0", "0", "1", "0", "0"],
        "stdout:\n{stdout}\nstderr:\n{stderr}"
    );
    for said in [
        "initialized a Git repository in acme-releases",
        "you are `robin` in teams.toml (from your Git identity)",
        "created release 0.2.0:\n  releases/0.2.0/release.toml\n",
        "no problems found\n",
        "sam approved 0.2.0 (releases/0.2.0/release.toml)\n",
        "staging now runs 0.2.0 (environments/staging.toml)\ncommitted ",
    ] {
        assert!(
            stdout.contains(said),
            "missing {said:?} in\n{stdout}\n{stderr}"
        );
    }
    for said in [
        "error[soak]: deploying 0.2.0 to prod: 0.2.0 ran on staging for 0m, and prod needs 24h",
        "help: it has soaked on staging for 24h at 2026-12-02 09:00 UTC; deploy then",
        "error[not-approved]: deploying 0.2.0 to prod",
    ] {
        assert!(stderr.contains(said), "missing {said:?} in\n{stderr}");
    }
    let status_line = stdout
        .lines()
        .find(|l| l.starts_with("prod "))
        .unwrap_or_default()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert_eq!(status_line, "prod Production - - - 0.2.0");

    let registry = work.join("acme-releases");
    assert!(registry.join("_site/public/index.html").is_file());
    assert!(registry.join("_site/internal/index.html").is_file());
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .args(args)
            .current_dir(&registry)
            .env("HOME", &home)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    // Two commits (the start, the deploy); the deploy changed one line.
    assert_eq!(git(&["rev-list", "--count", "HEAD"]), "2\n");
    assert_eq!(
        git(&[
            "show",
            "--format=%s|%an|%aI",
            "--stat",
            "--no-color",
            "HEAD"
        ])
        .lines()
        .next(),
        Some("deploy 0.2.0 to staging|Robin Example|2026-12-01T09:00:00Z")
    );
    assert_eq!(
        git(&["diff", "--numstat", "HEAD~1", "HEAD"]),
        "1\t1\tenvironments/staging.toml\n"
    );
    // The built sites are ignored; the release being written is not committed yet.
    assert_eq!(git(&["status", "--porcelain"]), "?? releases/0.2.0/\n");
}
