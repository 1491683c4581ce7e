//! The editing commands: what they write, what they keep, and that every
//! refusal leaves the whole tree as it was.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use crate::repo::{ALICE, BOB, TestRepo};
use crate::support::{RegistryTest, tree};

#[track_caller]
/// A refusal by a rule (exit 1) that left the tree as it was.
fn assert_refused(
    out: &std::process::Output,
    before: &BTreeMap<String, Vec<u8>>,
    dir: &Path,
    says: &str,
) {
    assert_refused_with(1, out, before, dir, says);
}

/// A name on the command line that does not exist: a usage error (exit 2),
/// and the tree as it was.
fn assert_unknown(
    out: &std::process::Output,
    before: &BTreeMap<String, Vec<u8>>,
    dir: &Path,
    says: &str,
) {
    assert_refused_with(2, out, before, dir, says);
}

fn assert_refused_with(
    code: i32,
    out: &std::process::Output,
    before: &BTreeMap<String, Vec<u8>>,
    dir: &Path,
    says: &str,
) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(says), "{stderr}");
    assert_eq!(&tree(dir), before, "a refusal changed the tree");
}

// ---- new ----------------------------------------------------------------------

#[test]
fn new_writes_a_draft_that_passes_check() {
    let test = RegistryTest::new("base");
    let out = test
        .cmd()
        .args([
            "new",
            "2.0.0",
            "--title",
            "Saved \"searches\"",
            "--owner",
            "alice",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let release = fs::read_to_string(test.path().join("releases/2.0.0/release.toml")).unwrap();
    assert!(
        release
            .starts_with("version = \"2.0.0\"\ntitle = 'Saved \"searches\"'\nstatus = \"draft\""),
        "{release}"
    );
    let deploy = fs::read_to_string(test.path().join("releases/2.0.0/deploy.md")).unwrap();
    assert_eq!(
        deploy,
        "# Deploying 2.0.0\n\n## Steps\n\n## Rollback\n\n## Verification\n"
    );
    test.check().assert_errors(&[]).assert_warnings(&[]);
}

#[test]
fn new_names_the_schema_like_the_other_files() {
    let dir = tempfile::tempdir().unwrap();
    let init = crate::support::milepost()
        .arg("init")
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(init.status.success());
    let out = crate::support::milepost()
        .arg("-C")
        .arg(dir.path())
        .args(["new", "0.2.0", "--owner", "alex"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let release = fs::read_to_string(dir.path().join("releases/0.2.0/release.toml")).unwrap();
    assert!(
        release.starts_with("#:schema ../../schema/release.schema.json\n"),
        "{release}"
    );
}

#[test]
fn new_refuses_existing_and_invalid_versions_and_unknown_owners() {
    let test = RegistryTest::new("base");
    let before = tree(test.path());
    for (args, says) in [
        (
            vec!["new", "1.0.0", "--owner", "alice"],
            "releases/1.0.0 already exists",
        ),
        (
            vec!["new", "2.0", "--owner", "alice"],
            "`2.0` is not a semantic version",
        ),
        (
            vec!["new", "2.0.0"],
            "error: who owns it? name the owner with --owner PERSON (the people are `alice`, `bob`), or set your Git e-mail (git config user.email) to your email in teams.toml\n",
        ),
    ] {
        let out = test.cmd().args(&args).output().unwrap();
        assert_refused(&out, &before, test.path(), says);
    }
    let out = test
        .cmd()
        .args(["new", "2.0.0", "--owner", "alise"])
        .output()
        .unwrap();
    assert_unknown(
        &out,
        &before,
        test.path(),
        "error: no person `alise`; did you mean `alice`? (teams.toml: alice, bob)\n",
    );
}

#[test]
fn new_takes_the_owner_from_the_git_email() {
    let repo = TestRepo::new("");
    repo.git(&["config", "user.email", "bob@fixture.example"]);
    let out = repo.milepost(&["new", "2.0.0"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let release = fs::read_to_string(repo.registry().join("releases/2.0.0/release.toml")).unwrap();
    assert!(release.contains("\nowner = \"bob\"\n"));
}

// ---- deploy -------------------------------------------------------------------

const UAT: &str = "# UAT: the last stop before production.\nname = \"uat\"\ntier = \"staging\"\n\nrelease = \"1.0.0\"   # set by milepost deploy\n# keep this comment\n";

fn deploy_repo() -> TestRepo {
    let repo = TestRepo::new("");
    repo.write("environments/uat.toml", UAT);
    repo.commit(ALICE, "2024-06-02T10:00:00Z", "uat runs 1.0.0");
    repo.deploy("prod", "1.0.0", None, BOB, "2024-06-03T11:00:00Z");
    repo
}

#[test]
fn deploy_changes_the_release_value_and_nothing_else() {
    let repo = deploy_repo();
    let out = repo.milepost(&[
        "deploy",
        "1.1.0",
        "--to",
        "uat",
        "--now",
        "2024-06-04T10:00:00Z",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "uat now runs 1.1.0 (environments/uat.toml)\n"
    );
    let text = fs::read_to_string(repo.registry().join("environments/uat.toml")).unwrap();
    assert_eq!(
        text,
        UAT.replace("release = \"1.0.0\"", "release = \"1.1.0\"")
    );
}

#[test]
fn deploy_refuses_what_a_policy_forbids_unless_forced() {
    let repo = deploy_repo();
    let before = tree(repo.path());
    // 1.1.0 has not run on uat, is not approved and has no approval.
    let out = repo.milepost(&[
        "deploy",
        "1.1.0",
        "--to",
        "prod",
        "--now",
        "2024-06-04T10:00:00Z",
    ]);
    assert_refused(
        &out,
        &before,
        repo.path(),
        "error[promotion-order]: deploying 1.1.0 to prod: 1.1.0 has not run on uat yet",
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("error[approvals]") && stderr.contains("error[not-approved]"),
        "{stderr}"
    );
    assert!(stderr.ends_with(
        "error: not deployed: 1.1.0 to prod breaks the policies (--force writes it anyway)\n"
    ));
    let out = repo.milepost(&[
        "deploy",
        "1.1.0",
        "--to",
        "prod",
        "--now",
        "2024-06-04T10:00:00Z",
        "--force",
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("warning: written despite the policies (--force)")
    );
    let text = fs::read_to_string(repo.registry().join("environments/prod.toml")).unwrap();
    assert!(text.contains("release = \"1.1.0\""));
}

#[test]
fn deploy_refuses_unknown_names_and_no_op_deploys() {
    let repo = deploy_repo();
    let before = tree(repo.path());
    for (args, says) in [
        (
            vec!["deploy", "9.9.9", "--to", "uat"],
            "error: no release `9.9.9` (releases/: 1.0.0, 1.1.0)\n",
        ),
        (
            vec!["deploy", "1.1.0", "--to", "production"],
            "error: no environment `production`; did you mean `prod`? (environments/: prod, uat)\n",
        ),
        (
            vec!["deploy", "v1.1.0", "--to", "prod"],
            "error: no release `v1.1.0`; did you mean `1.1.0`?",
        ),
    ] {
        assert_unknown(&repo.milepost(&args), &before, repo.path(), says);
    }
    assert_refused(
        &repo.milepost(&["deploy", "1.0.0", "--to", "uat"]),
        &before,
        repo.path(),
        "uat already runs 1.0.0",
    );
}

#[test]
fn deploy_commit_records_only_that_file() {
    let repo = deploy_repo();
    repo.git(&["config", "user.name", "Carol Diaz"]);
    repo.git(&["config", "user.email", "carol@fixture.example"]);
    // Unrelated work in progress, staged and not: it must stay out of the commit.
    repo.write("releases/1.1.0/notes.md", "Work in progress\n");
    repo.git(&["add", "releases/1.1.0/notes.md"]);
    repo.write("releases/1.0.0/notes.md", "Also unfinished\n");
    let out = repo.milepost(&[
        "deploy",
        "1.1.0",
        "--to",
        "uat",
        "--commit",
        "--now",
        "2024-06-04T10:00:00Z",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        repo.git(&["log", "-1", "--format=%an <%ae>|%s"]).trim(),
        "Carol Diaz <carol@fixture.example>|deploy 1.1.0 to uat"
    );
    assert_eq!(
        repo.git(&["show", "--name-only", "--format=", "HEAD"])
            .trim(),
        "environments/uat.toml"
    );
    let mut status: Vec<String> = repo
        .git(&["status", "--porcelain"])
        .lines()
        .map(String::from)
        .collect();
    status.sort();
    assert_eq!(
        status,
        [" M releases/1.0.0/notes.md", "M  releases/1.1.0/notes.md"]
    );
    // And the history sees the deploy.
    let events = repo.history_json(&["--env", "uat"]);
    assert_eq!(events[0]["release"], "1.1.0");
    assert_eq!(events[0]["author"], "Carol Diaz <carol@fixture.example>");
}

// ---- approve ------------------------------------------------------------------

#[test]
fn approve_appends_an_approval_with_the_time() {
    let test = RegistryTest::new("base");
    let path = test.path().join("releases/1.1.0/release.toml");
    let before = fs::read_to_string(&path).unwrap();
    let out = test
        .cmd()
        .args([
            "approve",
            "1.1.0",
            "--by",
            "bob",
            "--now",
            "2024-06-05T09:30:00Z",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let after = fs::read_to_string(&path).unwrap();
    assert_eq!(
        after,
        format!("{before}\n[[approvals]]\nby = \"bob\"\nat = 2024-06-05T09:30:00Z\n")
    );
    test.check().assert_errors(&[]);
}

#[test]
fn approve_refuses_unknown_people_duplicates_and_unknown_releases() {
    let test = RegistryTest::new("base");
    let before = tree(test.path());
    for (args, says) in [
        (
            vec!["approve", "1.1.0", "--by", "zed"],
            "error: no person `zed` (teams.toml: alice, bob)\n",
        ),
        (
            vec!["approve", "3.0.0", "--by", "bob"],
            "error: no release `3.0.0` (releases/: 1.0.0, 1.1.0)\n",
        ),
    ] {
        let out = test.cmd().args(&args).output().unwrap();
        assert_unknown(&out, &before, test.path(), says);
    }
    let out = test
        .cmd()
        .args(["approve", "1.0.0", "--by", "bob"])
        .output()
        .unwrap();
    assert_refused(&out, &before, test.path(), "bob has already approved 1.0.0");
}

#[test]
fn a_file_that_does_not_parse_is_never_rewritten() {
    let test = RegistryTest::new("base");
    test.write(
        "releases/1.1.0/release.toml",
        "version = \"1.1.0\"\ntitle = \n",
    );
    let before = tree(test.path());
    let out = test
        .cmd()
        .args(["approve", "1.1.0", "--by", "bob"])
        .output()
        .unwrap();
    // The release cannot be read: milepost says so rather than that it does not exist.
    assert_unknown(
        &out,
        &before,
        test.path(),
        "error: releases/1.1.0/release.toml cannot be read as a release; `milepost check` says why\n",
    );
    let out = test.cmd().arg("fmt").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("error: releases/1.1.0/release.toml:2:9:")
    );
    assert_eq!(
        tree(test.path())["releases/1.1.0/release.toml"],
        before["releases/1.1.0/release.toml"]
    );
}

// ---- fmt ----------------------------------------------------------------------

const MESSY: &str = "# Production: handle with care.\n\n   release='1.0.0'     # what runs\n tier  =   \"production\"\n\n\n\n# Shown to people\nname=\"Production\"\n";

#[test]
fn fmt_is_canonical_idempotent_and_keeps_comments() {
    let test = RegistryTest::new("base");
    assert_eq!(
        test.cmd().arg("fmt").output().unwrap().status.code(),
        Some(0)
    );
    test.write("environments/prod.toml", MESSY);
    let out = test.cmd().args(["fmt", "--check"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "would format environments/prod.toml\n"
    );
    assert_eq!(
        fs::read_to_string(test.path().join("environments/prod.toml")).unwrap(),
        MESSY
    );

    let out = test.cmd().arg("fmt").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "formatted environments/prod.toml\n"
    );
    assert_eq!(
        fs::read_to_string(test.path().join("environments/prod.toml")).unwrap(),
        "# Production: handle with care.\n\nrelease = \"1.0.0\"     # what runs\n\n# Shown to people\nname = \"Production\"\ntier = \"production\"\n"
    );
    let again = tree(test.path());
    let out = test.cmd().args(["fmt", "--check"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(tree(test.path()), again);
    test.check().assert_errors(&[]);
}

#[test]
fn the_example_registry_is_formatted() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("example-registry");
    let out = crate::support::milepost()
        .arg("-C")
        .arg(&example)
        .args(["fmt", "--check"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "");
    assert_eq!(out.status.code(), Some(0));
}
