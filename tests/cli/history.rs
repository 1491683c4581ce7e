use std::fs;

use milepost::git::{GitError, GitRepo, ObjectId};
use milepost::history::{self, History, WalkOptions};
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
               "at": "2024-06-04T09:30:00Z", "author": "Bob Stone <bob@fixture.example>", "commit": redeploy,
               // deployed_at dates it before its commit: when it was recorded.
               "recorded_at": "2024-06-04T10:00:00Z"})
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

// ---- incomplete clones ---------------------------------------------------------

/// uat ran 1.0.0, then prod 1.0.0 (after uat), then uat 1.1.0: a registry
/// whose `check` passes.
fn deployed_repo() -> TestRepo {
    let repo = TestRepo::new("");
    repo.deploy("uat", "1.0.0", None, BOB, "2024-06-02T10:00:00Z");
    repo.deploy("prod", "1.0.0", None, BOB, "2024-06-04T10:00:00Z");
    repo.deploy("uat", "1.1.0", None, BOB, "2024-06-05T10:00:00Z");
    repo
}

fn shallow_error(boundary: &str) -> String {
    format!(
        "error: the deploy history is incomplete: this is a shallow clone, and the parents of commit {} were not fetched. Fetch the whole history with `git fetch --unshallow` (in GitHub Actions: `actions/checkout` with `fetch-depth: 0`)\n",
        &boundary[..10]
    )
}

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap()
}

#[test]
fn a_shallow_clone_is_refused_by_every_command_that_reads_the_history() {
    let repo = deployed_repo();
    let clone = repo.clone_with(&["--depth", "1"]);
    let expected = shallow_error(&clone.head());
    let commands: [&[&str]; 6] = [
        &["check"],
        &["check", "--format", "json"],
        &["build"],
        &["status"],
        &["history", "--format", "json"],
        &["metrics"],
    ];
    for command in commands {
        let out = clone.milepost(command);
        assert_eq!(out.status.code(), Some(2), "{command:?}");
        assert_eq!(text(out.stderr), expected, "{command:?}");
        assert_eq!(text(out.stdout), "", "{command:?}");
    }
    assert!(!clone.registry().join("_site").exists());
    // Nothing cached that a later run could take for the truth.
    assert!(!clone.path().join(".git/milepost").exists());
}

#[test]
fn a_cache_from_a_full_clone_cannot_answer_for_a_shallow_one_and_unshallowing_works() {
    let repo = deployed_repo();
    let full = repo.history_json(&[]);
    assert_eq!(full.as_array().unwrap().len(), 3);
    let clone = repo.clone_with(&["--depth", "2"]);
    // CI restoring `.git/milepost` from an earlier full checkout, say.
    fs::create_dir_all(clone.path().join(".git/milepost")).unwrap();
    fs::copy(cache_file(&repo), cache_file(&clone)).unwrap();
    let boundary = clone.git(&["rev-parse", "HEAD~1"]);
    let out = clone.milepost(&["history"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(text(out.stderr), shallow_error(boundary.trim()));

    clone.git(&["fetch", "-q", "--unshallow"]);
    assert_eq!(clone.history_json(&[]), full);
    fs::remove_dir_all(clone.path().join(".git/milepost")).unwrap();
    assert_eq!(clone.history_json(&[]), full);
    let out = clone.milepost(&["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(out.stderr));
}

#[test]
fn a_partial_clone_that_left_out_old_files_says_so() {
    let repo = deployed_repo();
    repo.git(&["config", "uploadpack.allowFilter", "true"]);
    let clone = repo.clone_with(&["--filter=blob:none"]);
    // The first file the walk reads: uat.toml as the first deploy wrote it.
    let first = clone.git(&["rev-parse", "HEAD~2:environments/uat.toml"]);
    let out = clone.milepost(&["history"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(out.stderr),
        format!(
            "error: object {} is not in this clone: it is a partial clone (`git clone --filter=...`), and libgit2 cannot fetch what it left out. Use a full clone (in GitHub Actions: `actions/checkout` without `filter`)\n",
            &first[..10]
        )
    );
}

const FETCH_DEPTH: &str =
    "(in GitHub Actions, check out with `actions/checkout` and `fetch-depth: 0`)";

#[test]
fn a_revision_that_is_not_in_the_clone_says_how_to_fetch_it() {
    let repo = deployed_repo();
    repo.git(&["checkout", "-q", "-b", "feature"]);
    let feature = repo.deploy("prod", "1.1.0", None, ALICE, "2024-06-06T10:00:00Z");
    repo.git(&["checkout", "-q", "main"]);
    let clone = repo.clone_with(&["--single-branch", "--branch", "main"]);
    let fetch_feature = "git fetch origin feature:refs/remotes/origin/feature";
    let cases: [(&[&str], &str, String); 6] = [
        (
            &["history", "--rev", "origin/feature"],
            "origin/feature",
            fetch_feature.to_string(),
        ),
        (
            &["check", "--base", "origin/feature"],
            "origin/feature",
            fetch_feature.to_string(),
        ),
        (
            &["check", "--base", "feature"],
            "feature",
            "git fetch origin feature:refs/heads/feature".to_string(),
        ),
        (
            &["status", "--rev", &feature],
            &feature,
            format!("git fetch origin {feature}"),
        ),
        (
            &["history", "--rev", "refs/tags/v9"],
            "refs/tags/v9",
            "git fetch origin tag v9".to_string(),
        ),
        (
            &["history", "--rev", "HEAD~9"],
            "HEAD~9",
            "git fetch origin".to_string(),
        ),
    ];
    for (args, rev, fetch) in cases {
        let out = clone.milepost(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(
            text(out.stderr),
            format!(
                "error: unknown revision `{rev}`: it is not in this clone; fetch it with `{fetch}` {FETCH_DEPTH}\n"
            ),
            "{args:?}"
        );
    }
    // Doing what it says works.
    let fetch: Vec<&str> = fetch_feature.split(' ').skip(1).collect();
    clone.git(&fetch);
    let events = clone.history_json(&["--rev", "origin/feature"]);
    assert_eq!(events[0]["commit"], feature.as_str());
    let out = clone.milepost(&["check", "--base", "origin/feature"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(out.stderr));
}

#[test]
fn a_revision_unknown_to_a_repository_without_remotes_or_not_a_commit() {
    let repo = deployed_repo();
    let out = repo.milepost(&["history", "--rev", "nope"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(out.stderr),
        "error: unknown revision `nope`: no branch, tag or commit of this repository has that name, and it has no remote to fetch one from\n"
    );
    let out = repo.milepost(&["history", "--rev", "HEAD^{tree}"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(out.stderr),
        "error: `HEAD^{tree}` names a tree, not a commit\n"
    );
}

// ---- pull-request mode: the merge base ------------------------------------------

fn oid(hex: &str) -> ObjectId {
    ObjectId::from_str(hex.trim()).unwrap()
}

fn open(repo: &TestRepo) -> GitRepo {
    match GitRepo::discover(repo.path()) {
        Ok(git) => git,
        Err(err) => panic!("{err}"),
    }
}

#[test]
fn the_merge_base_is_where_a_branch_left_main() {
    let repo = TestRepo::new("");
    let left = repo.deploy("uat", "1.0.0", None, BOB, "2024-06-02T10:00:00Z");
    repo.git(&["checkout", "-q", "-b", "feature"]);
    let feature = repo.deploy("uat", "1.1.0", None, ALICE, "2024-06-03T10:00:00Z");
    repo.git(&["checkout", "-q", "main"]);
    let main = repo.deploy("prod", "1.0.0", None, BOB, "2024-06-04T10:00:00Z");
    repo.git(&["checkout", "-q", "--orphan", "other"]);
    let other = repo.commit(ALICE, "2024-06-05T10:00:00Z", "Unrelated start");
    let git = open(&repo);
    let base = |a: &str, b: &str| git.merge_base(oid(a), oid(b)).map(|id| id.to_string());
    assert_eq!(base(&main, &feature).unwrap(), left);
    assert_eq!(base(&feature, &main).unwrap(), left);
    assert_eq!(base(&left, &main).unwrap(), left);
    assert_eq!(base(&main, &main).unwrap(), main);
    let err = base(&other, &main).unwrap_err();
    assert!(matches!(err, GitError::NoMergeBase { shallow: false, .. }));
    assert_eq!(
        err.to_string(),
        format!(
            "commits {} and {} have no common ancestor, so there is no merge base to compare with",
            &other[..10],
            &main[..10]
        )
    );
}

#[test]
fn a_shallow_clone_without_the_merge_base_says_so() {
    let repo = TestRepo::new("");
    let left = repo.deploy("uat", "1.0.0", None, BOB, "2024-06-02T10:00:00Z");
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.deploy("uat", "1.1.0", None, ALICE, "2024-06-03T10:00:00Z");
    repo.git(&["checkout", "-q", "main"]);
    repo.deploy("prod", "1.0.0", None, BOB, "2024-06-04T10:00:00Z");
    let clone = repo.clone_with(&["--depth", "1", "--no-single-branch"]);
    let main = clone.git(&["rev-parse", "origin/main"]);
    let feature = clone.git(&["rev-parse", "origin/feature"]);
    let err = open(&clone)
        .merge_base(oid(&main), oid(&feature))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "commits {} and {} have no common ancestor, so there is no merge base to compare with; this is a shallow clone, whose common ancestor may not have been fetched: `git fetch --unshallow` brings it (in GitHub Actions: `actions/checkout` with `fetch-depth: 0`)",
            &main[..10],
            &feature[..10]
        )
    );
    clone.git(&["fetch", "-q", "--unshallow"]);
    let found = open(&clone).merge_base(oid(&main), oid(&feature));
    assert_eq!(found.map(|id| id.to_string()).unwrap(), left);
}

fn load(git: &GitRepo, rev: Option<&str>, use_cache: bool) -> History {
    let options = WalkOptions {
        rev: rev.map(str::to_string),
        use_cache,
    };
    match history::load(git, &options, &mut |_, _| {}) {
        Ok(history) => history,
        Err(err) => panic!("{err}"),
    }
}

fn releases(history: &History) -> Vec<String> {
    history
        .events
        .iter()
        .map(|e| format!("{} {} {}", e.environment, e.release, e.author))
        .collect()
}

#[test]
fn loads_of_the_merge_base_and_of_head_alternate_without_mixing_in_the_cache() {
    let repo = TestRepo::new("");
    repo.deploy("uat", "1.0.0", None, BOB, "2024-06-02T10:00:00Z");
    repo.deploy("prod", "1.0.0", None, BOB, "2024-06-03T10:00:00Z");
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.deploy("uat", "1.1.0", None, ALICE, "2024-06-04T10:00:00Z");
    repo.deploy("prod", "1.1.0", None, ALICE, "2024-06-05T10:00:00Z");
    let git = open(&repo);
    let head = git.resolve(None).unwrap().unwrap();
    let main = git.resolve(Some("main")).unwrap().unwrap();
    let base = git.merge_base(main, head).unwrap().to_string();
    assert_eq!(base, main.to_string());
    let at_base = vec![format!("uat 1.0.0 {BOB}"), format!("prod 1.0.0 {BOB}")];
    let mut at_head = at_base.clone();
    at_head.extend([format!("uat 1.1.0 {ALICE}"), format!("prod 1.1.0 {ALICE}")]);
    assert_eq!(releases(&load(&git, Some(&base), false)), at_base);
    assert_eq!(releases(&load(&git, None, false)), at_head);

    // The merge base first, with no cache yet, then back and forth.
    for _ in 0..2 {
        assert_eq!(releases(&load(&git, Some(&base), true)), at_base);
        assert_eq!(releases(&load(&git, None, true)), at_head);
    }
    let cached: serde_json::Value =
        serde_json::from_slice(&fs::read(cache_file(&repo)).unwrap()).unwrap();
    assert_eq!(cached["tip"], head.to_string());

    // A look at the merge base leaves HEAD's cache as it was: the tampered
    // author shows that the next load of HEAD still reads it.
    let tampered = fs::read_to_string(cache_file(&repo))
        .unwrap()
        .replace("Alice Ng", "Cached Person");
    fs::write(cache_file(&repo), tampered).unwrap();
    assert_eq!(releases(&load(&git, Some(&base), true)), at_base);
    let again = releases(&load(&git, None, true));
    assert_eq!(again[2], "uat 1.1.0 Cached Person <alice@fixture.example>");
    // A new commit on the branch extends that cache.
    repo.deploy("uat", "1.2.0", None, BOB, "2024-06-06T10:00:00Z");
    let git = open(&repo);
    let extended = releases(&load(&git, None, true));
    assert_eq!(extended.len(), 5);
    assert_eq!(extended[4], format!("uat 1.2.0 {BOB}"));
    assert_eq!(releases(&load(&git, Some(&base), true)), at_base);
}

// ---- SHA-256 repositories --------------------------------------------------------

#[test]
fn a_sha256_repository_is_refused_with_one_clear_message() {
    let repo = TestRepo::with_init("", &["--object-format=sha256"]);
    repo.deploy("uat", "1.0.0", None, BOB, "2024-06-02T10:00:00Z");
    assert!(matches!(
        GitRepo::discover(repo.path()),
        Err(GitError::Sha256 { .. })
    ));
    let message = format!(
        "SHA-256 Git repositories are not supported yet (libgit2 cannot read them): {} has `extensions.objectformat = sha256`",
        repo.path().join(".git").display()
    );
    for command in ["check", "status", "history", "build", "metrics"] {
        let out = repo.milepost(&[command]);
        assert_eq!(out.status.code(), Some(2), "{command}");
        assert_eq!(text(out.stderr), format!("error: {message}\n"), "{command}");
        assert_eq!(text(out.stdout), "", "{command}");
    }
    assert!(!repo.registry().join("_site").exists());
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

// ---- renamed environments ----------------------------------------------------------

fn check_json(test: &crate::support::RegistryTest) -> (i32, serde_json::Value) {
    let out = test
        .cmd()
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        serde_json::from_slice(&out.stdout).unwrap(),
    )
}

/// `file:line:column code: message (help)` of each error.
fn errors(report: &serde_json::Value) -> Vec<String> {
    report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{}:{}:{} {}: {} ({})",
                e["file"].as_str().unwrap(),
                e["line"],
                e["column"],
                e["code"].as_str().unwrap(),
                e["message"].as_str().unwrap(),
                e["help"].as_str().unwrap_or("-"),
            )
        })
        .collect()
}

#[test]
fn formerly_names_ids_that_no_environment_has_and_only_one_claims() {
    let test = crate::support::RegistryTest::new("base");
    test.write(
        "environments/prod.toml",
        "name = \"Production\"\ntier = \"production\"\nrelease = \"1.0.0\"\nformerly = [\"production\", \"live\"]\n",
    );
    let (code, report) = check_json(&test);
    assert_eq!((code, errors(&report)), (0, vec![]), "{report:#}");

    test.write(
        "environments/prod.toml",
        "name = \"Production\"\ntier = \"production\"\nrelease = \"1.0.0\"\nformerly = [\"production\", \"uat\"]\n",
    );
    test.write(
        "environments/demo.toml",
        "name = \"Demo\"\ntier = \"demo\"\nformerly = [\"production\", \"demo\"]\n",
    );
    let (code, report) = check_json(&test);
    assert_eq!(code, 1);
    assert_eq!(
        errors(&report),
        [
            "environments/demo.toml:3:27 formerly: `demo` is demo's own id, not a former one (remove `demo` from `formerly`)",
            "environments/prod.toml:4:13 formerly: `production` is claimed as a former id by both demo and prod (the deploys recorded as `production` can belong to one environment only; remove it from one of the two)",
            "environments/prod.toml:4:27 formerly: `uat` is a current environment, so it cannot be a former id of prod (a rename removes the old file: delete environments/uat.toml if prod replaced it, or remove `uat` here)",
        ],
        "{report:#}"
    );
    let (_, human) = test.check_human();
    for label in [
        "the id this file has now",
        "also in environments/demo.toml",
        "environments/uat.toml exists",
    ] {
        assert_eq!(human.matches(label).count(), 1, "{label}: {human}");
    }

    test.write(
        "environments/demo.toml",
        "name = \"Demo\"\ntier = \"demo\"\nformerly = \"production\"\n",
    );
    test.write(
        "environments/prod.toml",
        "name = \"Production\"\ntier = \"production\"\nformerly = [\"Live\"]\n",
    );
    let (code, report) = check_json(&test);
    assert_eq!(code, 1);
    let found: Vec<String> = errors(&report)
        .iter()
        .map(|e| e.split_once(':').unwrap().0.to_string() + " " + e.split(' ').nth(1).unwrap())
        .collect();
    assert_eq!(
        found,
        [
            "environments/demo.toml schema:",
            "environments/prod.toml schema:"
        ],
        "{report:#}"
    );
}

// ---- deployed_at ------------------------------------------------------------------

#[test]
fn deployed_at_keeps_its_offset_and_fraction() {
    let repo = TestRepo::new("");
    repo.deploy(
        "prod",
        "1.0.0",
        Some("2024-06-12T17:04:00+02:00"),
        BOB,
        "2024-06-13T10:00:00Z",
    );
    repo.deploy(
        "uat",
        "1.0.0",
        Some("2024-06-12T10:04:00.25-07:30"),
        BOB,
        "2024-06-13T11:00:00Z",
    );
    assert_eq!(
        summary(&repo.history_json(&[])),
        [
            "uat 1.0.0 <- none deploy 2024-06-12T17:34:00.25Z",
            "prod 1.0.0 <- none deploy 2024-06-12T15:04:00Z",
        ]
    );
}

#[test]
fn a_deployed_at_without_offset_is_reported_by_check_and_by_the_walk() {
    let repo = TestRepo::new("");
    repo.deploy("uat", "1.0.0", None, BOB, "2024-06-02T10:00:00Z");
    let local = repo.deploy(
        "uat",
        "1.1.0",
        Some("2024-06-12T17:04:00"),
        BOB,
        "2024-06-13T10:00:00Z",
    );
    let walk_warning = format!(
        "warning: commit {}: environments/uat.toml cannot be read (`deployed_at` has no time zone offset); this version of it is skipped\n",
        &local[..10]
    );
    let out = repo.milepost(&["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(out.stderr), walk_warning);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // (The base fixture without prod.toml adds errors of its own elsewhere.)
    let found: Vec<String> = errors(&report)
        .iter()
        .filter(|e| e.starts_with("environments/"))
        .map(|e| e.split(':').take(3).collect::<Vec<_>>().join(":"))
        .collect();
    assert_eq!(found, ["environments/uat.toml:4:15 schema"], "{report:#}");
    assert_eq!(
        summary(&repo.history_json(&[])),
        ["uat 1.0.0 <- none deploy 2024-06-02T10:00:00Z"]
    );
}

/// Renaming prod.toml keeps prod's history with `formerly`; without it,
/// `check` says the commit looks like a rename, and the releases that
/// reached production only under the old id leave the public site.
#[test]
fn a_renamed_environment_keeps_its_history_and_its_published_releases() {
    let repo = TestRepo::new("");
    repo.deploy("uat", "1.0.0", None, ALICE, "2024-06-02T10:00:00Z");
    repo.deploy("prod", "1.0.0", None, BOB, "2024-06-03T11:00:00Z");
    repo.deploy("uat", "1.1.0", None, ALICE, "2024-06-10T10:00:00Z");
    repo.deploy("prod", "1.1.0", None, BOB, "2024-06-12T11:00:00Z");
    let rename = |formerly: &str| {
        for file in ["milepost.toml", "calendar.toml"] {
            let text = std::fs::read_to_string(repo.registry().join(file)).unwrap();
            let text = text
                .replace("[policy.environments.prod]", "[policy.environments.live]")
                .replace("[\"prod\"]", "[\"live\"]");
            repo.write(file, &text);
        }
        repo.remove("environments/prod.toml");
        repo.write(
            "environments/live.toml",
            &format!("name = \"Live\"\ntier = \"production\"\nrelease = \"1.1.0\"\n{formerly}"),
        );
        repo.commit(BOB, "2024-06-20T09:00:00Z", "Rename prod to live")
    };
    let now = "2024-07-01T00:00:00Z";
    let published = |repo: &TestRepo| -> Vec<String> {
        let out = repo.path().join("out");
        let result = repo.milepost(&["build", "--out", out.to_str().unwrap(), "--now", now]);
        assert_eq!(
            result.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&result.stderr)
        );
        let mut found: Vec<String> = std::fs::read_dir(out.join("public/releases"))
            .map(|dir| {
                dir.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        found.sort();
        found
    };

    // Without `formerly`: a warning on the new file, and 1.0.0 unpublished.
    rename("");
    let out = repo.milepost(&["check", "--format", "json", "--now", now]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let hints: Vec<&serde_json::Value> = report["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["code"] == "renamed-environment")
        .collect();
    assert_eq!(hints.len(), 1, "{report:#}");
    assert_eq!(hints[0]["file"], "environments/live.toml");
    assert!(
        hints[0]["help"]
            .as_str()
            .unwrap()
            .contains("formerly = [\"prod\"]")
    );
    assert_eq!(published(&repo), ["1.1.0"]);

    // With it: the whole history is live's, both releases stay published,
    // and the rename is no deploy.
    repo.write(
        "environments/live.toml",
        "name = \"Live\"\ntier = \"production\"\nrelease = \"1.1.0\"\nformerly = [\"prod\"]\n",
    );
    repo.commit(BOB, "2024-06-20T09:05:00Z", "live was prod");
    let out = repo.milepost(&["check", "--format", "json", "--now", now]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        report["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|w| w["code"] != "renamed-environment"),
        "{report:#}"
    );
    assert_eq!(published(&repo), ["1.0.0", "1.1.0"]);
    let history = repo.history_json(&["--env", "live"]);
    let releases: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["release"].as_str().unwrap())
        .collect();
    assert_eq!(releases, ["1.1.0", "1.0.0"], "{history:#}");
}

/// Builds of one version have the same SemVer precedence: going from
/// `+build.10` to `+build.2` is a deploy of another build, judged by every
/// rule, never a rollback that would skip them.
#[test]
fn another_build_of_the_same_version_is_a_deploy_not_a_rollback() {
    let repo = TestRepo::new("");
    let template =
        std::fs::read_to_string(repo.registry().join("releases/1.0.0/release.toml")).unwrap();
    for build in ["1.0.0+build.10", "1.0.0+build.2"] {
        repo.write(
            &format!("releases/{build}/release.toml"),
            &template.replace("version = \"1.0.0\"", &format!("version = \"{build}\"")),
        );
        for doc in ["notes.md", "deploy.md"] {
            let text =
                std::fs::read_to_string(repo.registry().join(format!("releases/1.0.0/{doc}")))
                    .unwrap();
            repo.write(&format!("releases/{build}/{doc}"), &text);
        }
    }
    repo.commit(ALICE, "2024-06-01T09:00:00Z", "Two builds");
    repo.deploy("uat", "1.0.0+build.10", None, ALICE, "2024-06-02T10:00:00Z");
    let base = repo.deploy("prod", "1.0.0+build.10", None, BOB, "2024-06-03T11:00:00Z");
    repo.deploy("prod", "1.0.0+build.2", None, BOB, "2024-06-04T11:00:00Z");
    let history = repo.history_json(&["--env", "prod"]);
    assert_eq!(history[0]["release"], "1.0.0+build.2");
    assert_eq!(history[0]["kind"], "deploy", "{history:#}");
    // build.2 never ran on uat: the pull request that sends it to prod fails.
    let out = repo.milepost(&[
        "check",
        "--format",
        "json",
        "--base",
        base.trim(),
        "--now",
        "2024-06-05T00:00:00Z",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<&str> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["promotion-order"], "{report:#}");
    // Once it has soaked on uat, the same change passes.
    repo.git(&["reset", "-q", "--hard", base.trim()]);
    repo.deploy("uat", "1.0.0+build.2", None, ALICE, "2024-06-03T12:00:00Z");
    let base = repo.git(&["rev-parse", "HEAD"]);
    repo.deploy("prod", "1.0.0+build.2", None, BOB, "2024-06-05T11:00:00Z");
    let out = repo.milepost(&[
        "check",
        "--format",
        "json",
        "--base",
        base.trim(),
        "--now",
        "2024-06-05T12:00:00Z",
    ]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{report:#}");
}

#[test]
fn an_earlier_revision_read_from_the_cache_is_what_a_walk_finds() {
    let repo = deployed_repo();
    repo.deploy("prod", "1.1.0", None, BOB, "2024-06-06T10:00:00Z");
    // A later commit the walk cannot read: its warning is not the base's.
    repo.write("environments/uat.toml", "name = \"uat\"\ntier = [\n");
    repo.commit(BOB, "2024-06-07T10:00:00Z", "Broken uat file");
    repo.deploy("uat", "1.0.0", None, BOB, "2024-06-08T10:00:00Z");
    let walked: Vec<serde_json::Value> = ["HEAD~1", "HEAD~2", "HEAD~3", "HEAD~4"]
        .iter()
        .map(|rev| {
            let _ = std::fs::remove_dir_all(repo.path().join(".git/milepost"));
            let out = repo.milepost(&["history", "--rev", rev, "--format", "json"]);
            serde_json::from_slice(&out.stdout).unwrap()
        })
        .collect();
    repo.history_json(&[]); // the cache, at HEAD
    assert!(repo.path().join(".git/milepost").exists());
    for (rev, walked) in ["HEAD~1", "HEAD~2", "HEAD~3", "HEAD~4"].iter().zip(&walked) {
        let out = repo.milepost(&["history", "--rev", rev, "--format", "json"]);
        let cached: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(&cached, walked, "history at {rev}");
    }
    assert_eq!(walked[0].as_array().unwrap().len(), 4);
    assert_eq!(walked[3].as_array().unwrap().len(), 2);
    // The warning of the broken commit is in the history at HEAD~1 only.
    let warned = |rev: &str| {
        repo.stderr_of(&["history", "--rev", rev])
            .contains("cannot be read")
    };
    assert!(warned("HEAD~1"));
    assert!(!warned("HEAD~2"));
}
