//! The scripts behind `action.yml`, run as the GitHub runner would run them:
//! inputs in the environment, outputs in the files it names.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::repo::{ALICE, TestRepo};
use crate::support::NOW;

fn script(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("action")
        .join(name)
}

/// `bash action/SCRIPT ARGS` with `env`, and milepost on the PATH.
fn run(name: &str, args: &[&str], env: &[(&str, &str)]) -> Output {
    let bin = Path::new(env!("CARGO_BIN_EXE_milepost")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    Command::new("bash")
        .arg(script(name))
        .args(args)
        .env("PATH", path)
        .env("MILEPOST_NOW", NOW)
        .env("GITHUB_ACTION_PATH", env!("CARGO_MANIFEST_DIR"))
        .env_remove("GITHUB_STEP_SUMMARY")
        .envs(env.iter().copied())
        .output()
        .unwrap()
}

/// A pull request that deploys 1.0.0 to prod before it ran on uat.
fn pull_request() -> (TestRepo, String) {
    let repo = TestRepo::new("ops");
    repo.deploy("uat", "0.9.0", None, ALICE, "2024-06-02T10:00:00Z");
    let base = repo.head();
    repo.deploy("prod", "1.0.0", None, ALICE, "2024-06-03T10:00:00Z");
    (repo, base)
}

#[test]
fn check_annotates_and_exits_as_check_does() {
    let (repo, base) = pull_request();
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("output");
    let registry = repo.registry();
    let out = run(
        "check.sh",
        &[],
        &[
            ("REGISTRY", registry.to_str().unwrap()),
            ("PR_BASE", &base),
            ("GITHUB_OUTPUT", output.to_str().unwrap()),
        ],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("::error file=ops/environments/prod.toml,")
            && stdout.contains("promotion-order"),
        "{stdout}"
    );
    assert_eq!(fs::read_to_string(&output).unwrap(), "exit-code=1\n");
}

#[test]
fn an_explicit_base_wins_and_a_missing_one_is_said() {
    let (repo, base) = pull_request();
    let registry = repo.registry();
    // PR_BASE names no commit of the clone: were it used, the step would stop.
    let out = run(
        "check.sh",
        &[],
        &[
            ("REGISTRY", registry.to_str().unwrap()),
            ("BASE", &base),
            ("PR_BASE", "0123456789abcdef0123456789abcdef01234567"),
        ],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("promotion-order"), "{stdout}");

    let out = run(
        "check.sh",
        &[],
        &[
            ("REGISTRY", registry.to_str().unwrap()),
            ("BASE", "feature;$(id)"),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("fetch-depth: 0"), "{stdout}");
    assert!(!stdout.contains("$(id)"), "{stdout}");
}

#[test]
fn the_summary_gets_the_review_or_a_warning() {
    let (repo, base) = pull_request();
    let dir = tempfile::tempdir().unwrap();
    let summary = dir.path().join("summary.md");
    let registry = repo.registry();
    let out = run(
        "check.sh",
        &[],
        &[
            ("REGISTRY", registry.to_str().unwrap()),
            ("PR_BASE", &base),
            ("GITHUB_STEP_SUMMARY", summary.to_str().unwrap()),
        ],
    );
    // The gate is check's, whatever review says.
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let summary = fs::read_to_string(&summary).unwrap_or_default();
    assert!(
        !summary.is_empty()
            || stdout.contains("::warning title=milepost::milepost review could not run"),
        "{stdout}"
    );
}

/// `install.sh plan`'s outputs for a runner and the action's ref.
fn plan(os: &str, arch: &str, env: &[(&str, &str)]) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("output");
    let mut all = vec![
        ("RUNNER_OS", os),
        ("RUNNER_ARCH", arch),
        ("GITHUB_OUTPUT", output.to_str().unwrap()),
    ];
    all.extend_from_slice(env);
    let out = run("install.sh", &["plan"], &all);
    (
        out.status.code(),
        fs::read_to_string(&output).unwrap_or_default(),
    )
}

#[test]
fn install_plan_picks_the_release_archive_for_the_runner() {
    let (code, outputs) = plan("Linux", "ARM64", &[("ACTION_REF", "v1.2.3")]);
    assert_eq!(code, Some(0));
    assert_eq!(
        outputs,
        "tag=v1.2.3\ntarget=aarch64-unknown-linux-musl\ncache-key=milepost-v1.2.3-aarch64-unknown-linux-musl-Linux-ARM64\n"
    );
    let (_, outputs) = plan(
        "Windows",
        "X64",
        &[("VERSION", "v2.0.0"), ("ACTION_REF", "v1.2.3")],
    );
    assert!(
        outputs.starts_with("tag=v2.0.0\ntarget=x86_64-pc-windows-msvc\n"),
        "{outputs}"
    );
}

#[test]
fn install_plan_builds_from_source_off_a_release_tag() {
    let (code, outputs) = plan("macOS", "X64", &[("ACTION_REF", "main")]);
    assert_eq!(code, Some(0));
    let lines: Vec<&str> = outputs.lines().collect();
    assert_eq!(lines[..2], ["tag=", "target=x86_64-apple-darwin"]);
    assert!(
        lines[2].starts_with("cache-key=milepost-source-"),
        "{outputs}"
    );
    // The key follows the sources: the same sources, the same key.
    assert_eq!(plan("macOS", "X64", &[("ACTION_REF", "main")]).1, outputs);
}

#[test]
fn install_plan_refuses_a_version_that_is_no_tag() {
    let (code, outputs) = plan("Linux", "X64", &[("VERSION", "v1.0.0\necho=pwned")]);
    assert_eq!(code, Some(2));
    assert_eq!(outputs, "");
}

/// A release folder as the release workflow publishes it, with one archive
/// for `target` holding a stand-in binary; `checksum` as its .sha256 says.
fn releases_with(dir: &Path, tag: &str, target: &str, checksum: Option<&str>) -> String {
    let name = format!("milepost-{tag}-{target}");
    let stage = dir.join("stage").join(&name);
    fs::create_dir_all(&stage).unwrap();
    fs::write(stage.join("milepost"), "#!/bin/sh\necho stand-in\n").unwrap();
    let releases = dir.join("releases").join(tag);
    fs::create_dir_all(&releases).unwrap();
    let archive = releases.join(format!("{name}.tar.gz"));
    let status = Command::new("tar")
        .arg("-C")
        .arg(dir.join("stage"))
        .arg("-czf")
        .arg(&archive)
        .arg(&name)
        .status()
        .unwrap();
    assert!(status.success());
    let sum = Command::new("sha256sum").arg(&archive).output().unwrap();
    let sum = String::from_utf8(sum.stdout).unwrap();
    let sum = checksum.map_or(sum.clone(), |c| format!("{c}  {name}.tar.gz\n"));
    fs::write(releases.join(format!("{name}.tar.gz.sha256")), sum).unwrap();
    format!("file://{}", dir.join("releases").display())
}

/// The installer downloads with curl (`file://` here); without it, say so.
fn have_curl() -> bool {
    let found = Command::new("curl").arg("--version").output().is_ok();
    if !found {
        eprintln!("skipped: no `curl` on this machine");
    }
    found
}

#[test]
fn install_takes_the_archive_whose_checksum_matches() {
    if !have_curl() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let target = "x86_64-unknown-linux-musl";
    let releases = releases_with(dir.path(), "v1.2.3", target, None);
    let home = dir.path().join("home");
    let out = run(
        "install.sh",
        &["install"],
        &[
            ("HOME", home.to_str().unwrap()),
            ("TAG", "v1.2.3"),
            ("TARGET", target),
            ("RELEASES", &releases),
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let installed = fs::read_to_string(home.join(".milepost/bin/milepost")).unwrap();
    assert!(installed.contains("stand-in"));
}

#[test]
fn install_refuses_an_archive_whose_checksum_differs() {
    if !have_curl() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let target = "x86_64-unknown-linux-musl";
    let releases = releases_with(dir.path(), "v1.2.3", target, Some(&"0".repeat(64)));
    let home = dir.path().join("home");
    let out = run(
        "install.sh",
        &["install"],
        &[
            ("HOME", home.to_str().unwrap()),
            ("TAG", "v1.2.3"),
            ("TARGET", target),
            ("RELEASES", &releases),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("::error title=milepost::checksum mismatch"),
        "{stdout}"
    );
    assert!(!home.join(".milepost/bin/milepost").exists());
}
