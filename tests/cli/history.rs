use std::fs;

use serde_json::json;

use crate::repo::{ALICE, BOB, TestRepo};

/// (environment, release, previous, kind, at) of each event, newest first.
fn summary(events: &serde_json::Value) -> Vec<String> {
    events
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{} {} <- {} {} {}",
                e["environment"].as_str().unwrap(),
                e["release"].as_str().unwrap(),
                e["previous"].as_str().unwrap_or("none"),
                e["kind"].as_str().unwrap(),
                e["at"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn deploys_rollbacks_and_redeploys_in_the_documented_shape() {
    let repo = TestRepo::new("");
    let first = repo.deploy("prod", "1.0.0", None, BOB, "2024-06-02T10:00:00Z");
    repo.deploy("prod", "1.1.0", None, BOB, "2024-06-03T10:00:00Z");
    repo.deploy("prod", "1.0.0", None, ALICE, "2024-06-03T12:00:00Z");
    let redeploy = repo.deploy(
        "prod",
        "1.0.0",
        Some("2024-06-04T09:30:00Z"),
        BOB,
        "2024-06-04T10:00:00Z",
    );
    let events = repo.history_json(&[]);
    assert_eq!(
        summary(&events),
        [
            "prod 1.0.0 <- 1.0.0 redeploy 2024-06-04T09:30:00Z",
            "prod 1.0.0 <- 1.1.0 rollback 2024-06-03T12:00:00Z",
            "prod 1.1.0 <- 1.0.0 deploy 2024-06-03T10:00:00Z",
            "prod 1.0.0 <- none deploy 2024-06-02T10:00:00Z",
        ]
    );
    assert_eq!(
        events[0],
        json!({"environment": "prod", "release": "1.0.0", "previous": "1.0.0", "kind": "redeploy",
               "at": "2024-06-04T09:30:00Z", "author": "Bob Stone <bob@fixture.example>", "commit": redeploy})
    );
    assert_eq!(events[3]["commit"], first);
    assert_eq!(events[3]["previous"], serde_json::Value::Null);
}

#[test]
fn deployed_at_is_used_only_when_the_commit_sets_it() {
    let repo = TestRepo::new("");
    repo.deploy(
        "uat",
        "1.0.0",
        Some("2024-06-01T23:00:00Z"),
        BOB,
        "2024-06-05T10:00:00Z",
    );
    // The release changes but the old deployed_at stays: it says nothing about this deploy.
    repo.write("environments/uat.toml", "name = \"uat\"\ntier = \"staging\"\nrelease = \"1.1.0\"\ndeployed_at = 2024-06-01T23:00:00Z\n");
    repo.commit(ALICE, "2024-06-06T10:00:00Z", "Deploy 1.1.0 to uat");
    // A change elsewhere in the file is not a deploy.
    repo.write("environments/uat.toml", "name = \"UAT\"\ntier = \"staging\"\nrelease = \"1.1.0\"\ndeployed_at = 2024-06-01T23:00:00Z\n");
    repo.commit(ALICE, "2024-06-07T10:00:00Z", "Rename uat");
    assert_eq!(
        summary(&repo.history_json(&[])),
        [
            "uat 1.1.0 <- 1.0.0 deploy 2024-06-06T10:00:00Z",
            "uat 1.0.0 <- none deploy 2024-06-01T23:00:00Z",
        ]
    );
}

#[test]
fn a_merged_pull_request_counts_once_on_the_first_parent_line() {
    let repo = TestRepo::new("");
    repo.deploy("uat", "1.0.0", None, BOB, "2024-06-02T10:00:00Z");
    repo.git(&["checkout", "-q", "-b", "promote"]);
    repo.deploy("uat", "1.1.0", None, ALICE, "2024-06-03T10:00:00Z");
    repo.deploy("uat", "1.2.0", None, ALICE, "2024-06-03T11:00:00Z");
    repo.git(&["checkout", "-q", "main"]);
    repo.git_env(
        &[
            "merge",
            "-q",
            "--no-ff",
            "-m",
            "Merge pull request #7",
            "promote",
        ],
        &[
            ("GIT_AUTHOR_NAME", "Bob Stone"),
            ("GIT_AUTHOR_EMAIL", "bob@fixture.example"),
            ("GIT_AUTHOR_DATE", "2024-06-04T09:00:00Z"),
            ("GIT_COMMITTER_NAME", "Bob Stone"),
            ("GIT_COMMITTER_EMAIL", "bob@fixture.example"),
            ("GIT_COMMITTER_DATE", "2024-06-04T09:00:00Z"),
        ],
    );
    let merge = repo.head();
    let events = repo.history_json(&[]);
    assert_eq!(
        summary(&events),
        [
            "uat 1.2.0 <- 1.0.0 deploy 2024-06-04T09:00:00Z",
            "uat 1.0.0 <- none deploy 2024-06-02T10:00:00Z"
        ]
    );
    assert_eq!(events[0]["commit"], merge);
    assert_eq!(events[0]["author"], BOB);
}

#[test]
fn a_registry_in_a_subfolder_sees_only_its_own_environments() {
    let repo = TestRepo::new("ops/registry");
    repo.deploy("prod", "1.0.0", None, BOB, "2024-06-02T10:00:00Z");
    fs::create_dir_all(repo.path().join("other/environments")).unwrap();
    fs::write(
        repo.path().join("other/environments/prod.toml"),
        "release = \"9.9.9\"\n",
    )
    .unwrap();
    repo.commit(ALICE, "2024-06-03T10:00:00Z", "Unrelated");
    assert_eq!(
        summary(&repo.history_json(&[])),
        ["prod 1.0.0 <- none deploy 2024-06-02T10:00:00Z"]
    );
}

#[test]
fn removed_environments_end_their_history() {
    let repo = TestRepo::new("");
    repo.deploy("uat", "1.0.0", None, BOB, "2024-06-02T10:00:00Z");
    repo.remove("environments/uat.toml");
    repo.commit(ALICE, "2024-06-03T10:00:00Z", "Retire uat");
    repo.deploy("uat", "1.1.0", None, BOB, "2024-06-04T10:00:00Z");
    assert_eq!(
        summary(&repo.history_json(&[])),
        [
            "uat 1.1.0 <- none deploy 2024-06-04T10:00:00Z",
            "uat 1.0.0 <- none deploy 2024-06-02T10:00:00Z"
        ]
    );
    let out = repo.milepost(&["history"]);
    let text = String::from_utf8(out.stdout).unwrap();
    let without_commits: Vec<&str> = text
        .lines()
        .skip(1)
        .map(|l| l.rsplit_once("  ").unwrap().0.trim_end())
        .collect();
    assert_eq!(
        without_commits,
        [
            "2024-06-04 10:00 UTC  uat  deploy   1.1.0                            Bob Stone",
            "2024-06-03 10:00 UTC  uat  removed  environment removed (ran 1.0.0)  Alice Ng",
            "2024-06-02 10:00 UTC  uat  deploy   1.0.0                            Bob Stone",
        ]
    );
}

#[test]
fn invalid_toml_in_an_old_commit_is_skipped_with_a_warning() {
    let repo = TestRepo::new("");
    repo.deploy("uat", "1.0.0", None, BOB, "2024-06-02T10:00:00Z");
    repo.write(
        "environments/uat.toml",
        "name = \"uat\"\nrelease = \"1.1.0\n",
    );
    let broken = repo.commit(ALICE, "2024-06-03T10:00:00Z", "Oops");
    repo.deploy("uat", "1.1.0", None, ALICE, "2024-06-03T11:00:00Z");
    assert_eq!(
        summary(&repo.history_json(&[])),
        [
            "uat 1.1.0 <- 1.0.0 deploy 2024-06-03T11:00:00Z",
            "uat 1.0.0 <- none deploy 2024-06-02T10:00:00Z"
        ]
    );
    let stderr = repo.stderr_of(&["history"]);
    assert!(
        stderr.starts_with(&format!(
            "warning: commit {}: environments/uat.toml cannot be read",
            &broken[..10]
        )),
        "{stderr}"
    );
}

#[test]
fn filters_by_environment_and_date() {
    let repo = TestRepo::new("");
    repo.deploy("uat", "1.0.0", None, BOB, "2024-06-02T10:00:00Z");
    repo.deploy("prod", "1.0.0", None, BOB, "2024-06-03T10:00:00Z");
    repo.deploy("uat", "1.1.0", None, BOB, "2024-06-04T10:00:00Z");
    assert_eq!(
        summary(&repo.history_json(&["--env", "uat"])),
        [
            "uat 1.1.0 <- 1.0.0 deploy 2024-06-04T10:00:00Z",
            "uat 1.0.0 <- none deploy 2024-06-02T10:00:00Z"
        ]
    );
    assert_eq!(
        summary(&repo.history_json(&["--since", "2024-06-03"])),
        [
            "uat 1.1.0 <- 1.0.0 deploy 2024-06-04T10:00:00Z",
            "prod 1.0.0 <- none deploy 2024-06-03T10:00:00Z"
        ]
    );
    let old = repo.git(&["rev-parse", "HEAD~1"]);
    assert_eq!(
        summary(&repo.history_json(&["--rev", old.trim()])),
        [
            "prod 1.0.0 <- none deploy 2024-06-03T10:00:00Z",
            "uat 1.0.0 <- none deploy 2024-06-02T10:00:00Z"
        ]
    );
}

#[test]
fn detached_head_works() {
    let repo = TestRepo::new("");
    repo.deploy("uat", "1.0.0", None, BOB, "2024-06-02T10:00:00Z");
    repo.deploy("uat", "1.1.0", None, BOB, "2024-06-03T10:00:00Z");
    repo.git(&["checkout", "-q", "--detach", "HEAD~1"]);
    assert_eq!(
        summary(&repo.history_json(&[])),
        ["uat 1.0.0 <- none deploy 2024-06-02T10:00:00Z"]
    );
}

#[test]
fn an_empty_repository_has_an_empty_history() {
    let dir = tempfile::tempdir().unwrap();
    crate::support::copy_dir(&crate::support::fixtures().join("base"), dir.path());
    let git = std::process::Command::new("git")
        .arg("init")
        .arg("-q")
        .arg(dir.path())
        .status()
        .unwrap();
    assert!(git.success());
    let out = crate::support::milepost()
        .arg("-C")
        .arg(dir.path())
        .args(["history"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "no deploys recorded\n"
    );
    let out = crate::support::milepost()
        .arg("-C")
        .arg(dir.path())
        .args(["history", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "[]\n");
}

#[test]
fn outside_git_history_and_status_fail_with_exit_2() {
    let test = crate::support::RegistryTest::new("base");
    for command in ["history", "status"] {
        let out = test.cmd().arg(command).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{command}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(
            stderr.starts_with("error: the deploy history comes from the registry's Git commits: "),
            "{stderr}"
        );
        assert!(
            stderr
                .trim_end()
                .ends_with("is not inside a Git repository"),
            "{stderr}"
        );
    }
}

#[test]
fn a_shallow_clone_warns_that_history_is_missing() {
    let repo = TestRepo::new("");
    repo.deploy("uat", "1.0.0", None, BOB, "2024-06-02T10:00:00Z");
    repo.deploy("uat", "1.1.0", None, BOB, "2024-06-03T10:00:00Z");
    repo.deploy("uat", "1.2.0", None, BOB, "2024-06-04T10:00:00Z");
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", repo.path().display());
    let status = std::process::Command::new("git")
        .args(["clone", "-q", "--depth", "2", &url])
        .arg(clone.path().join("c"))
        .status()
        .unwrap();
    assert!(status.success());
    let out = crate::support::milepost()
        .arg("-C")
        .arg(clone.path().join("c"))
        .args(["history", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let events: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // The boundary commit only sets the starting point; the commit after it is a real deploy.
    assert_eq!(
        summary(&events),
        ["uat 1.2.0 <- 1.1.0 deploy 2024-06-04T10:00:00Z"]
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("history before this commit is missing (shallow clone"),
        "{stderr}"
    );
}

fn cache_file(repo: &TestRepo) -> std::path::PathBuf {
    repo.path().join(".git/milepost/history-root.json")
}

#[test]
fn the_cache_is_reused_and_extended_by_new_commits() {
    let repo = TestRepo::new("");
    repo.deploy("uat", "1.0.0", None, BOB, "2024-06-02T10:00:00Z");
    repo.history_json(&[]);
    let cache = cache_file(&repo);
    assert!(cache.is_file());
    // Tamper with the cached event: if the next run shows the change, it read the cache.
    let text = fs::read_to_string(&cache).unwrap();
    fs::write(&cache, text.replace("Bob Stone", "Cached Person")).unwrap();
    repo.deploy("uat", "1.1.0", None, ALICE, "2024-06-03T10:00:00Z");
    let events = repo.history_json(&[]);
    assert_eq!(events[0]["author"], ALICE);
    assert_eq!(events[1]["author"], "Cached Person <bob@fixture.example>");
    assert_eq!(events.as_array().unwrap().len(), 2);
    // Nothing in the work tree.
    assert!(repo.git(&["status", "--porcelain"]).is_empty());
}

#[test]
fn a_rewritten_history_rebuilds_the_cache() {
    let repo = TestRepo::new("");
    repo.deploy("uat", "1.0.0", None, BOB, "2024-06-02T10:00:00Z");
    repo.deploy("uat", "1.1.0", None, BOB, "2024-06-03T10:00:00Z");
    repo.history_json(&[]);
    let cache = cache_file(&repo);
    let text = fs::read_to_string(&cache).unwrap();
    fs::write(&cache, text.replace("Bob Stone", "Cached Person")).unwrap();
    // Replace the last deploy: the cached tip is no longer on the line.
    repo.git(&["reset", "-q", "--hard", "HEAD~1"]);
    repo.deploy("uat", "1.2.0", None, ALICE, "2024-06-03T12:00:00Z");
    let events = repo.history_json(&[]);
    assert_eq!(
        summary(&events),
        [
            "uat 1.2.0 <- 1.0.0 deploy 2024-06-03T12:00:00Z",
            "uat 1.0.0 <- none deploy 2024-06-02T10:00:00Z"
        ]
    );
    assert_eq!(events[1]["author"], BOB);
}

#[test]
fn a_corrupt_or_foreign_cache_is_ignored() {
    let repo = TestRepo::new("");
    repo.deploy("uat", "1.0.0", None, BOB, "2024-06-02T10:00:00Z");
    let expected = repo.history_json(&[]);
    let cache = cache_file(&repo);
    for junk in ["{not json", "", "{\"format\": 99}", "[1, 2, 3]"] {
        fs::write(&cache, junk).unwrap();
        assert_eq!(repo.history_json(&[]), expected);
    }
    let text = fs::read_to_string(&cache).unwrap();
    fs::write(
        &cache,
        text.replace("\"registry\":\"\"", "\"registry\":\"elsewhere\""),
    )
    .unwrap();
    assert_eq!(repo.history_json(&[]), expected);
}

// ---- what counts as a rollback ----------------------------------------------------

#[test]
fn only_going_back_to_a_release_that_ran_there_is_a_rollback() {
    let repo = TestRepo::new("");
    repo.deploy("uat", "1.0.0", None, BOB, "2024-06-02T10:00:00Z");
    repo.deploy("prod", "1.1.0", None, BOB, "2024-06-03T10:00:00Z");
    repo.deploy("prod", "1.0.0", None, BOB, "2024-06-04T10:00:00Z");
    repo.deploy("prod", "1.1.0", None, BOB, "2024-06-05T10:00:00Z");
    repo.deploy("prod", "1.0.0", None, BOB, "2024-06-06T10:00:00Z");
    let expected = [
        "prod 1.0.0 <- 1.1.0 rollback 2024-06-06T10:00:00Z",
        "prod 1.1.0 <- 1.0.0 deploy 2024-06-05T10:00:00Z",
        // Lower, but it ran only on uat: prod has never had it.
        "prod 1.0.0 <- 1.1.0 deploy 2024-06-04T10:00:00Z",
        "prod 1.1.0 <- none deploy 2024-06-03T10:00:00Z",
        "uat 1.0.0 <- none deploy 2024-06-02T10:00:00Z",
    ];
    assert_eq!(summary(&repo.history_json(&[])), expected);
    // A cache written before this rule called every lower version a
    // rollback; what it holds is judged again.
    let cache = cache_file(&repo);
    let old = fs::read_to_string(&cache)
        .unwrap()
        .replace("\"kind\":\"deploy\"", "\"kind\":\"rollback\"")
        .replace("Bob Stone", "Cached Person");
    fs::write(&cache, old).unwrap();
    let events = repo.history_json(&[]);
    assert_eq!(summary(&events), expected);
    assert_eq!(events[0]["author"], "Cached Person <bob@fixture.example>");
}
