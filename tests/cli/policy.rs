//! Every policy rule, broken and kept, in both modes: plain `check` judges
//! the history (past deploys are warnings) and uncommitted changes (errors);
//! `check --base REV` judges what the commits since REV add, as errors.

use crate::repo::{ALICE, BOB, TestRepo};

const PROD: &str = "environments/prod.toml:3:11";
const UAT: &str = "environments/uat.toml:3:11";

/// `check --format json` with extra arguments: exit code, and
/// `e|w file:line:col code` for each problem.
fn check(repo: &TestRepo, extra: &[&str]) -> (i32, Vec<String>) {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(extra);
    let out = repo.milepost(&args);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&out.stderr)));
    crate::support::assert_codes_explained(&json);
    let mut found = Vec::new();
    for (key, mark) in [("errors", "e"), ("warnings", "w")] {
        for e in json[key].as_array().unwrap() {
            found.push(format!(
                "{mark} {}:{}:{} {}",
                e["file"].as_str().unwrap(),
                e["line"],
                e["column"],
                e["code"].as_str().unwrap()
            ));
        }
    }
    (out.status.code().unwrap(), found)
}

fn messages(repo: &TestRepo, extra: &[&str]) -> Vec<String> {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(extra);
    let json: serde_json::Value = serde_json::from_slice(&repo.milepost(&args).stdout).unwrap();
    ["errors", "warnings"]
        .iter()
        .flat_map(|k| json[*k].as_array().unwrap().clone())
        .map(|e| {
            format!(
                "{} | {}",
                e["message"].as_str().unwrap(),
                e["help"].as_str().unwrap_or("")
            )
        })
        .collect()
}

fn approve(repo: &TestRepo, version: &str, by: &str, at: &str) {
    let path = repo
        .registry()
        .join(format!("releases/{version}/release.toml"));
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str(&format!("\n[[approvals]]\nby = \"{by}\"\nat = {at}\n"));
    std::fs::write(path, text).unwrap();
}

fn set_status(repo: &TestRepo, version: &str, status: &str) {
    let path = repo
        .registry()
        .join(format!("releases/{version}/release.toml"));
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text
        .lines()
        .map(|l| {
            if l.starts_with("status = ") {
                format!("status = \"{status}\"")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(path, text + "\n").unwrap();
}

// ---- plain check: the history ------------------------------------------------

#[test]
fn a_history_that_keeps_every_rule_is_clean() {
    let repo = TestRepo::new("");
    repo.deploy("uat", "1.0.0", None, ALICE, "2024-06-02T10:00:00Z");
    repo.deploy("prod", "1.0.0", None, BOB, "2024-06-03T11:00:00Z");
    assert_eq!(check(&repo, &[]), (0, vec![]));
}

#[test]
fn promotion_order_broken_in_the_past_is_a_warning() {
    let repo = TestRepo::new("");
    repo.deploy("prod", "1.0.0", None, BOB, "2024-06-03T11:00:00Z");
    repo.deploy("uat", "1.0.0", None, ALICE, "2024-06-04T10:00:00Z");
    assert_eq!(
        check(&repo, &[]),
        (0, vec![format!("w {PROD} promotion-order")])
    );
    let first = repo.git(&["rev-list", "--max-parents=0", "HEAD"]);
    let deploy = repo.git(&["rev-parse", "HEAD~1"]);
    assert_ne!(first, deploy);
    assert_eq!(
        messages(&repo, &[]),
        [format!(
            "deploy of 1.0.0 to prod on 2024-06-03 11:00 UTC (commit {}): 1.0.0 has not run on uat yet | deploy it to uat first: prod comes after uat",
            &deploy[..10]
        )]
    );
}

#[test]
fn soak_broken_in_the_past_is_a_warning() {
    let repo = TestRepo::new("");
    repo.deploy("uat", "1.0.0", None, ALICE, "2024-06-02T10:00:00Z");
    repo.deploy("prod", "1.0.0", None, BOB, "2024-06-02T13:30:00Z");
    assert_eq!(check(&repo, &[]), (0, vec![format!("w {PROD} soak")]));
    assert!(messages(&repo, &[])[0].contains("1.0.0 ran on uat for 3h 30m, and prod needs 24h"));
}

#[test]
fn soak_counts_only_the_time_it_ran() {
    let repo = TestRepo::new("");
    // On uat for 2h, replaced, then back 30h before the prod deploy: 32h in all.
    repo.deploy("uat", "1.0.0", None, ALICE, "2024-06-01T10:00:00Z");
    repo.deploy("uat", "1.1.0", None, ALICE, "2024-06-01T12:00:00Z");
    repo.deploy("uat", "1.0.0", None, ALICE, "2024-06-03T00:00:00Z");
    repo.deploy("prod", "1.0.0", None, BOB, "2024-06-04T06:00:00Z");
    assert_eq!(check(&repo, &[]), (0, vec![]));
    // Only 2h + 20h = 22h: too short.
    let repo = TestRepo::new("");
    repo.deploy("uat", "1.0.0", None, ALICE, "2024-06-01T10:00:00Z");
    repo.deploy("uat", "1.1.0", None, ALICE, "2024-06-01T12:00:00Z");
    repo.deploy("uat", "1.0.0", None, ALICE, "2024-06-03T00:00:00Z");
    repo.deploy("prod", "1.0.0", None, BOB, "2024-06-03T20:00:00Z");
    assert_eq!(check(&repo, &[]), (0, vec![format!("w {PROD} soak")]));
}

#[test]
fn approvals_are_needed_from_the_approver_teams_before_the_deploy() {
    let repo = TestRepo::new("");
    repo.deploy("uat", "1.1.0", None, ALICE, "2024-06-02T10:00:00Z");
    repo.deploy("prod", "1.1.0", None, BOB, "2024-06-03T11:00:00Z");
    assert_eq!(check(&repo, &[]), (0, vec![format!("w {PROD} approvals")]));
    // alice is not in ops, and bob approved after the deploy: neither counts.
    approve(&repo, "1.1.0", "alice", "2024-06-01T09:00:00Z");
    approve(&repo, "1.1.0", "bob", "2024-06-04T09:00:00Z");
    repo.commit(ALICE, "2024-06-05T10:00:00Z", "Late approvals");
    assert_eq!(check(&repo, &[]), (0, vec![format!("w {PROD} approvals")]));
    assert_eq!(
        messages(&repo, &[])[0].split(" | ").nth(1).unwrap(),
        "1 more before the deploy, from bob (`milepost approve 1.1.0 --by PERSON`); not counted: alice is the owner, bob approved after the deploy"
    );
}

#[test]
fn an_approval_in_time_from_ops_counts() {
    let repo = TestRepo::new("");
    approve(&repo, "1.1.0", "bob", "2024-06-02T09:00:00Z");
    repo.commit(BOB, "2024-06-02T09:00:00Z", "Approve 1.1.0");
    repo.deploy("uat", "1.1.0", None, ALICE, "2024-06-02T10:00:00Z");
    repo.deploy("prod", "1.1.0", None, BOB, "2024-06-03T11:00:00Z");
    assert_eq!(check(&repo, &[]), (0, vec![]));
}

#[test]
fn deploys_inside_a_freeze_window() {
    let repo = TestRepo::new("");
    repo.deploy("uat", "1.0.0", None, ALICE, "2024-11-20T10:00:00Z");
    repo.deploy("prod", "1.0.0", None, BOB, "2024-11-29T10:00:00Z");
    assert_eq!(check(&repo, &[]), (0, vec![format!("w {PROD} freeze")]));
    // The freeze names prod only: uat may move.
    repo.deploy("uat", "1.1.0", None, ALICE, "2024-11-30T10:00:00Z");
    assert_eq!(check(&repo, &[]), (0, vec![format!("w {PROD} freeze")]));
}

#[test]
fn a_freeze_exception_needs_an_approver() {
    let repo = TestRepo::new("");
    let path = repo.registry().join("releases/1.0.0/release.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let with = |by: &str| {
        text.replace("customer_facing = true\n", &format!("customer_facing = true\nfreeze_exception = {{ reason = \"Security fix\", approved_by = \"{by}\" }}\n"))
    };
    std::fs::write(&path, with("alice")).unwrap();
    repo.commit(ALICE, "2024-11-19T10:00:00Z", "Exception");
    repo.deploy("uat", "1.0.0", None, ALICE, "2024-11-20T10:00:00Z");
    repo.deploy("prod", "1.0.0", None, BOB, "2024-11-29T10:00:00Z");
    assert_eq!(check(&repo, &[]), (0, vec![format!("w {PROD} freeze")]));
    assert!(
        messages(&repo, &[])[0]
            .contains("approved by alice, who is not an approver from ops for prod")
    );
    std::fs::write(&path, with("bob")).unwrap();
    repo.commit(BOB, "2024-12-05T10:00:00Z", "Exception by ops");
    assert_eq!(check(&repo, &[]), (0, vec![]));
}

#[test]
fn recurring_freeze_windows_in_a_time_zone() {
    let repo = TestRepo::new("");
    repo.write(
        "calendar.toml",
        "[[freeze]]\nname = \"Weekends\"\nevery = \"week\"\nfrom = \"Fri 18:00\"\nto = \"Mon 07:00\"\ntime_zone = \"Europe/Berlin\"\nenvironments = [\"prod\"]\n\n[[freeze]]\nname = \"Year end\"\nevery = \"year\"\nfrom = \"12-20\"\nto = \"01-02\"\n",
    );
    repo.commit(ALICE, "2024-06-01T09:00:00Z", "Freezes");
    repo.deploy("uat", "1.0.0", None, ALICE, "2024-06-10T10:00:00Z");
    // Friday 14 June 2024, 17:30 in Berlin (15:30 UTC): before the weekend.
    repo.deploy("prod", "1.0.0", None, BOB, "2024-06-14T15:30:00Z");
    assert_eq!(check(&repo, &[]), (0, vec![]));
    // Friday 16:30 UTC is 18:30 in Berlin: inside.
    repo.deploy(
        "prod",
        "1.0.0",
        Some("2024-06-14T16:30:00Z"),
        BOB,
        "2024-06-14T16:30:00Z",
    );
    assert_eq!(check(&repo, &[]), (0, vec![format!("w {PROD} freeze")]));
    // 1 January, any environment.
    repo.deploy("uat", "1.1.0", None, ALICE, "2025-01-01T10:00:00Z");
    assert_eq!(
        check(&repo, &[]),
        (
            0,
            vec![format!("w {PROD} freeze"), format!("w {UAT} freeze")]
        )
    );
}

#[test]
fn rollbacks_are_not_held_to_promotion_rules() {
    let repo = TestRepo::new("");
    approve(&repo, "1.1.0", "bob", "2024-06-02T09:00:00Z");
    repo.commit(BOB, "2024-06-02T09:00:00Z", "Approve 1.1.0");
    repo.deploy("uat", "1.0.0", None, ALICE, "2024-06-01T10:00:00Z");
    repo.deploy("prod", "1.0.0", None, BOB, "2024-06-02T11:00:00Z");
    repo.deploy("uat", "1.1.0", None, ALICE, "2024-06-02T12:00:00Z");
    repo.deploy("prod", "1.1.0", None, BOB, "2024-06-03T13:00:00Z");
    // Back to 1.0.0 inside the freeze: an incident does not wait.
    repo.deploy("prod", "1.0.0", None, BOB, "2024-11-29T13:00:00Z");
    assert_eq!(check(&repo, &[]), (0, vec![]));
}

#[test]
fn uncommitted_deploys_are_judged_as_errors_in_plain_check() {
    let repo = TestRepo::new("");
    repo.deploy("uat", "1.1.0", None, ALICE, "2024-06-02T10:00:00Z");
    repo.write(
        "environments/prod.toml",
        "name = \"prod\"\ntier = \"production\"\nrelease = \"1.1.0\"\n",
    );
    assert_eq!(
        check(&repo, &["--now", "2024-06-04T10:00:00Z"]),
        (
            1,
            vec![
                format!("e {PROD} approvals"),
                format!("e {PROD} not-approved")
            ]
        )
    );
}

// ---- check --base: a pull request ---------------------------------------------

/// A repository where uat runs 1.0.0 since 2 June 10:00, and `base` is that commit.
fn review_repo() -> (TestRepo, String) {
    let repo = TestRepo::new("");
    let base = repo.deploy("uat", "1.0.0", None, ALICE, "2024-06-02T10:00:00Z");
    (repo, base)
}

#[test]
fn review_judges_the_new_deploys_as_errors_at_now() {
    let (repo, base) = review_repo();
    repo.deploy("prod", "1.0.0", None, BOB, "2024-06-02T11:00:00Z");
    // Merged an hour after uat got it: too soon.
    assert_eq!(
        check(&repo, &["--base", &base, "--now", "2024-06-02T11:00:00Z"]),
        (1, vec![format!("e {PROD} soak")])
    );
    // A day later the same pull request is fine.
    assert_eq!(
        check(&repo, &["--base", &base, "--now", "2024-06-03T11:00:00Z"]),
        (0, vec![])
    );
}

#[test]
fn review_checks_promotion_order_status_and_approvals() {
    let (repo, base) = review_repo();
    repo.deploy("prod", "1.1.0", None, BOB, "2024-06-03T11:00:00Z");
    assert_eq!(
        check(&repo, &["--base", &base, "--now", "2024-06-03T11:00:00Z"]),
        (
            1,
            vec![
                format!("e {PROD} approvals"),
                format!("e {PROD} not-approved"),
                format!("e {PROD} promotion-order"),
            ]
        )
    );
}

#[test]
fn review_rejects_deploys_in_a_freeze() {
    let (repo, base) = review_repo();
    repo.deploy("prod", "1.0.0", None, BOB, "2024-06-20T11:00:00Z");
    assert_eq!(
        check(&repo, &["--base", &base, "--now", "2024-11-29T12:00:00Z"]),
        (1, vec![format!("e {PROD} freeze")])
    );
    assert_eq!(
        check(&repo, &["--base", &base, "--now", "2024-12-03T12:00:00Z"]),
        (0, vec![])
    );
}

#[test]
fn review_rejects_withdrawn_releases_anywhere() {
    let (repo, _) = review_repo();
    let base = repo.deploy("prod", "1.0.0", None, BOB, "2024-06-03T11:00:00Z");
    set_status(&repo, "1.1.0", "withdrawn");
    repo.deploy("uat", "1.1.0", None, ALICE, "2024-06-03T11:00:00Z");
    assert_eq!(
        check(&repo, &["--base", &base, "--now", "2024-06-03T11:00:00Z"]),
        (1, vec![format!("e {UAT} withdrawn")])
    );
    // In plain check the same deploy is history: its status then is unknown, so it is not judged.
    assert_eq!(check(&repo, &["--now", "2024-06-03T11:00:00Z"]).0, 0);
}

#[test]
fn review_ignores_old_violations() {
    let repo = TestRepo::new("");
    repo.deploy("prod", "1.0.0", None, BOB, "2024-06-02T10:00:00Z");
    let base = repo.deploy("uat", "1.0.0", None, ALICE, "2024-06-02T11:00:00Z");
    assert_eq!(check(&repo, &["--base", &base]), (0, vec![]));
    assert_eq!(
        check(&repo, &[]),
        (0, vec![format!("w {PROD} promotion-order")])
    );
}

#[test]
fn review_sees_uncommitted_changes_too() {
    let (repo, base) = review_repo();
    repo.write(
        "environments/prod.toml",
        "name = \"prod\"\ntier = \"production\"\nrelease = \"1.0.0\"\n",
    );
    assert_eq!(
        check(&repo, &["--base", &base, "--now", "2024-06-02T12:00:00Z"]),
        (1, vec![format!("e {PROD} soak")])
    );
}

#[test]
fn review_needs_a_repository_and_a_known_base() {
    let test = crate::support::RegistryTest::new("base");
    let out = test
        .cmd()
        .args(["check", "--base", "main"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let (repo, _) = review_repo();
    let out = repo.milepost(&["check", "--base", "no-such-branch"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .starts_with("error: unknown revision `no-such-branch`")
    );
}

#[test]
fn github_annotations_land_on_the_release_line() {
    let (repo, base) = review_repo();
    repo.deploy("prod", "1.0.0", None, BOB, "2024-06-02T11:00:00Z");
    let out = repo.milepost(&[
        "check",
        "--base",
        &base,
        "--now",
        "2024-06-02T11:00:00Z",
        "--format",
        "github",
    ]);
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "::error file=environments/prod.toml,line=3,col=11,title=milepost soak::deploying 1.0.0 to prod: 1.0.0 ran on uat for 1h, and prod needs 24h [soak]%0Ahelp: it has soaked on uat for 24h at 2024-06-03 10:00 UTC; deploy then\n"
    );
}

#[test]
fn the_github_workflow_example_runs_the_real_command() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let workflow = std::fs::read_to_string(root.join("examples/ci/github-workflow.yml")).unwrap();
    assert!(workflow.contains("fetch-depth: 0"), "{workflow}");
    assert!(
        workflow
            .lines()
            .any(|l| l.trim().starts_with("- uses: OWNER/milepost@v")),
        "the workflow uses the milepost action: {workflow}"
    );
    // The action's step runs the real command (run as the runner does in `action::`).
    let step = std::fs::read_to_string(root.join("action/check.sh")).unwrap();
    assert!(
        step.contains(r#"milepost "${args[@]}" check "${base_args[@]}" --format github"#),
        "{step}"
    );
    let (repo, base) = review_repo();
    repo.deploy("prod", "1.0.0", None, BOB, "2024-06-02T11:00:00Z");
    let out = repo.milepost(&[
        "check",
        "--base",
        &base,
        "--format",
        "github",
        "--now",
        "2024-06-02T11:00:00Z",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout
            .starts_with("::error file=environments/prod.toml,line=3,col=11,title=milepost soak::"),
        "{stdout}"
    );
}

#[test]
fn the_pre_commit_hook_runs_check() {
    let hooks = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(".pre-commit-hooks.yaml"),
    )
    .unwrap();
    assert!(hooks.contains("- id: milepost-check\n"));
    assert!(hooks.contains("  entry: milepost check\n"));
    assert!(hooks.contains("  pass_filenames: false\n"));
}

#[test]
fn marketing_dates_and_public_notes_follow_the_release() {
    let repo = TestRepo::new("");
    repo.write(
        "calendar.toml",
        "[[event]]\nname = \"Launch webinar\"\nkind = \"marketing\"\nat = 2024-06-10T16:00:00Z\nrelease = \"1.1.0\"\n",
    );
    repo.commit(ALICE, "2024-06-01T09:00:00Z", "Plan the webinar");
    repo.deploy("uat", "1.0.0", None, ALICE, "2024-06-02T10:00:00Z");
    repo.deploy("prod", "1.0.0", None, BOB, "2024-06-03T11:00:00Z");
    // 1.1.0 publishes its notes on 12 June: the webinar on the 10th is early.
    assert_eq!(
        check(&repo, &["--now", "2024-06-05T00:00:00Z"]),
        (
            0,
            vec!["w calendar.toml:4:6 announcement-early".to_string()]
        )
    );
    let messages = messages(&repo, &["--now", "2024-06-05T00:00:00Z"]);
    assert!(messages[0].starts_with("\"Launch webinar\" (2024-06-10T16:00:00Z) talks about 1.1.0 before it can be published: its notes are published only from 2024-06-12T15:00:00Z"), "{messages:?}");
    // 1.0.0 in production with no public change.
    repo.write(
        "releases/1.0.0/release.toml",
        "version = \"1.0.0\"\ntitle = \"First\"\nstatus = \"approved\"\nowner = \"alice\"\ncustomer_facing = true\n\n[[changes]]\nkind = \"added\"\nsummary = \"Internal only\"\naudience = \"internal\"\n\n[[approvals]]\nby = \"bob\"\nat = 2024-06-01T10:00:00Z\n",
    );
    repo.write("calendar.toml", "");
    repo.commit(ALICE, "2024-06-04T09:00:00Z", "Make 1.0.0 internal only");
    assert_eq!(
        check(&repo, &["--now", "2024-06-05T00:00:00Z"]),
        (
            0,
            vec!["w releases/1.0.0/release.toml:5:19 public-notes-missing".to_string()]
        )
    );
}

// ---- check --base judges the pull request, not what it merged in -----------

/// `main` with uat on 1.0.0, and a branch `feature` that deploys 1.0.0 to
/// demo (no policy there).
fn branch_repo() -> TestRepo {
    let repo = TestRepo::new("");
    repo.deploy("uat", "1.0.0", None, ALICE, "2024-06-02T10:00:00Z");
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.deploy("demo", "1.0.0", None, ALICE, "2024-06-03T10:00:00Z");
    repo
}

#[test]
fn updating_the_branch_does_not_blame_it_for_mains_deploys() {
    let repo = branch_repo();
    // Meanwhile main sends 1.1.0 straight to prod, breaking every rule.
    repo.git(&["checkout", "-q", "main"]);
    repo.deploy("prod", "1.1.0", None, BOB, "2024-06-04T10:00:00Z");
    repo.git(&["checkout", "-q", "feature"]);
    repo.git_env(
        &["merge", "-q", "--no-edit", "main"],
        &[
            ("GIT_AUTHOR_NAME", "Alice Ng"),
            ("GIT_AUTHOR_EMAIL", "alice@fixture.example"),
            ("GIT_COMMITTER_NAME", "Alice Ng"),
            ("GIT_COMMITTER_EMAIL", "alice@fixture.example"),
            ("GIT_AUTHOR_DATE", "2024-06-05T10:00:00Z"),
            ("GIT_COMMITTER_DATE", "2024-06-05T10:00:00Z"),
        ],
    );
    // The branch only deploys to demo: that is all `--base main` judges.
    let now = ["--base", "main", "--now", "2024-06-06T10:00:00Z"];
    assert_eq!(check(&repo, &now), (0, vec![]));
    // Plain check still sees main's deploy, as the past deploy it is.
    let (code, found) = check(&repo, &["--now", "2024-06-06T10:00:00Z"]);
    assert_eq!(code, 0);
    assert!(
        found.contains(&format!("w {PROD} promotion-order")),
        "{found:?}"
    );
}

#[test]
fn the_branchs_own_deploys_are_judged() {
    let repo = branch_repo();
    repo.deploy("prod", "1.1.0", None, BOB, "2024-06-04T10:00:00Z");
    assert_eq!(
        check(&repo, &["--base", "main", "--now", "2024-06-06T10:00:00Z"]),
        (
            1,
            vec![
                format!("e {PROD} approvals"),
                format!("e {PROD} not-approved"),
                format!("e {PROD} promotion-order"),
            ]
        )
    );
}

/// Without a soak time, promotion order alone must still hold: a pull
/// request that puts a release on uat and prod at once has not run it on
/// uat first.
#[test]
fn one_pull_request_cannot_promote_through_an_environment() {
    let repo = TestRepo::new("");
    let settings = std::fs::read_to_string(repo.registry().join("milepost.toml")).unwrap();
    repo.write("milepost.toml", &settings.replace("soak = \"24h\"\n", ""));
    let base = repo.commit(ALICE, "2024-06-02T09:00:00Z", "No soak");
    let base = base.trim();
    repo.deploy("uat", "1.0.0", None, ALICE, "2024-06-02T10:00:00Z");
    repo.deploy("prod", "1.0.0", None, BOB, "2024-06-02T10:05:00Z");
    let at = ["--now", "2024-06-03T10:00:00Z"];
    assert_eq!(
        check(&repo, &[&["--base", base][..], &at].concat()),
        (1, vec![format!("e {PROD} promotion-order")])
    );
    // With uat's deploy merged first, the next pull request may promote it.
    let uat = repo.git(&["rev-parse", "HEAD~1"]);
    assert_eq!(
        check(&repo, &[&["--base", uat.trim()][..], &at].concat()),
        (0, vec![])
    );
}

#[test]
fn a_freeze_exception_must_name_a_person() {
    let repo = TestRepo::new("");
    repo.deploy("uat", "1.0.0", None, ALICE, "2024-06-02T10:00:00Z");
    repo.deploy("prod", "1.0.0", None, BOB, "2024-06-03T11:00:00Z");
    let path = repo.registry().join("releases/1.0.0/release.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace(
            "customer_facing = true\n",
            "customer_facing = true\nfreeze_exception = { reason = \"Fix\", approved_by = \"bobb\" }\n",
        ),
    )
    .unwrap();
    let (code, found) = check(&repo, &[]);
    assert_eq!(code, 1);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0] == "e releases/1.0.0/release.toml:7:52 unknown-person",
        "{found:?}"
    );
    assert!(messages(&repo, &[])[0].contains("did you mean `bob`?"));
}

/// A pull request that adds `formerly` cannot borrow the old id's past in
/// the same change: deploying what ran under that id is judged by the
/// history as the base knew it (no "rollback" through a freeze), and
/// reviewers are told that the claim changed.
#[test]
fn a_new_formerly_claim_buys_no_rollback_in_its_own_pull_request() {
    let repo = TestRepo::new("");
    repo.deploy("uat", "1.0.0", None, ALICE, "2024-06-02T10:00:00Z");
    repo.deploy("canary", "1.0.0", None, ALICE, "2024-06-03T10:00:00Z");
    repo.remove("environments/canary.toml");
    repo.commit(ALICE, "2024-06-04T10:00:00Z", "No more canary");
    repo.deploy("uat", "1.1.0", None, ALICE, "2024-06-05T10:00:00Z");
    let base = repo.deploy("prod", "1.1.0", None, BOB, "2024-06-07T10:00:00Z");
    let base = base.trim();
    let prod = |release: &str| {
        format!(
            "name = \"prod\"\ntier = \"production\"\nrelease = \"{release}\"\nformerly = [\"canary\"]\n"
        )
    };
    let in_freeze = ["--base", base, "--now", "2024-11-29T12:00:00Z"];
    // Only the claim: a warning for the reviewer, nothing else.
    repo.write("environments/prod.toml", &prod("1.1.0"));
    repo.commit(BOB, "2024-11-29T09:00:00Z", "prod was canary");
    let (code, found) = check(&repo, &in_freeze);
    assert_eq!(code, 0);
    assert!(
        found.contains(&"w environments/prod.toml:4:12 formerly".to_string()),
        "{found:?}"
    );
    // The claim and a "rollback" to what ran on canary: still a deploy in a freeze.
    repo.write("environments/prod.toml", &prod("1.0.0"));
    let (code, found) = check(&repo, &in_freeze);
    assert_eq!(code, 1, "{found:?}");
    assert!(found.contains(&format!("e {PROD} freeze")), "{found:?}");
}

/// A pull request is held to the rules of its base as well as its own: it
/// cannot loosen a policy, or make its author an approver, and use that in
/// the same change.
#[test]
fn a_pull_request_cannot_loosen_the_rules_it_is_judged_by() {
    // The base: 1.1.0 approved and on uat since 3 June.
    let fresh = || {
        let repo = TestRepo::new("");
        set_status(&repo, "1.1.0", "approved");
        repo.commit(ALICE, "2024-06-02T10:00:00Z", "1.1.0 approved");
        let base = repo.deploy("uat", "1.1.0", None, ALICE, "2024-06-03T10:00:00Z");
        (repo, base.trim().to_string())
    };
    let judged = |repo: &TestRepo, base: &str| {
        repo.deploy("prod", "1.1.0", None, ALICE, "2024-06-05T10:00:00Z");
        check(repo, &["--base", base, "--now", "2024-06-05T11:00:00Z"])
    };

    // Kept: an approval from ops, by the base's rules.
    let (repo, base) = fresh();
    approve(&repo, "1.1.0", "bob", "2024-06-04T10:00:00Z");
    assert_eq!(judged(&repo, &base), (0, vec![]));

    // Broken: no approval, and the policy that asks for one dropped in the same change.
    let (repo, base) = fresh();
    let settings = std::fs::read_to_string(repo.registry().join("milepost.toml")).unwrap();
    repo.write("milepost.toml", &settings.replace("approvals = 1\n", ""));
    assert_eq!(
        judged(&repo, &base),
        (1, vec![format!("e {PROD} approvals")])
    );
    let out = repo.milepost(&[
        "check",
        "--format",
        "json",
        "--base",
        &base,
        "--now",
        "2024-06-05T11:00:00Z",
    ]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        report["errors"][0]["note"],
        "by the rules before this pull request: its own changes to them apply once it has merged"
    );

    // Broken: alice joins ops in the pull request and approves the release.
    let (repo, base) = fresh();
    let teams = std::fs::read_to_string(repo.registry().join("teams.toml")).unwrap();
    repo.write(
        "teams.toml",
        &teams.replace("teams = [\"platform\"]", "teams = [\"platform\", \"ops\"]"),
    );
    let release =
        std::fs::read_to_string(repo.registry().join("releases/1.1.0/release.toml")).unwrap();
    repo.write(
        "releases/1.1.0/release.toml",
        &release.replace("owner = \"alice\"", "owner = \"bob\""),
    );
    approve(&repo, "1.1.0", "alice", "2024-06-04T10:00:00Z");
    assert_eq!(
        judged(&repo, &base),
        (1, vec![format!("e {PROD} approvals")])
    );
}
