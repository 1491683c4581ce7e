use serde_json::json;

use crate::repo::{ALICE, BOB, TestRepo};

fn promoted_repo() -> TestRepo {
    let repo = TestRepo::new("");
    repo.write(
        "releases/1.2.0/release.toml",
        "version = \"1.2.0\"\ntitle = \"Next\"\nstatus = \"draft\"\nowner = \"alice\"\n\n[[changes]]\nkind = \"added\"\nsummary = \"Reports\"\ntickets = [\"FX-9\"]\n\n[[changes]]\nkind = \"fixed\"\nsummary = \"Login loop\"\n\n[[changes]]\nkind = \"added\"\nsummary = \"Metrics\"\naudience = \"internal\"\n",
    );
    repo.commit(ALICE, "2024-06-01T09:00:00Z", "Add 1.2.0");
    repo.deploy("uat", "1.0.0", None, ALICE, "2024-06-02T10:00:00Z");
    repo.deploy("prod", "1.0.0", None, BOB, "2024-06-03T10:00:00Z");
    repo.deploy("uat", "1.1.0", None, ALICE, "2024-06-04T10:00:00Z");
    repo.deploy(
        "uat",
        "1.2.0",
        Some("2024-06-05T08:00:00Z"),
        ALICE,
        "2024-06-05T10:00:00Z",
    );
    repo
}

#[test]
fn status_shows_release_since_by_and_pending() {
    let repo = promoted_repo();
    let out = repo.milepost(&["status", "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let status: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        status,
        json!({"environments": [
            {"id": "uat", "name": "uat", "tier": "staging", "release": "1.2.0", "uncommitted": false,
             "since": "2024-06-05T08:00:00Z", "by": ALICE, "pending": []},
            {"id": "prod", "name": "prod", "tier": "production", "release": "1.0.0", "uncommitted": false,
             "since": "2024-06-03T10:00:00Z", "by": BOB, "pending": ["1.1.0"]}
        ]})
    );
}

#[test]
fn pending_lists_only_releases_that_may_go_there() {
    let repo = promoted_repo();
    let pending = |repo: &TestRepo| {
        let out = repo.milepost(&["status", "--format", "json"]);
        let status: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        status["environments"][1]["pending"].clone()
    };
    // 1.2.0 ran on uat but is a draft: it may not go to prod yet.
    assert_eq!(pending(&repo), json!(["1.1.0"]));
    let text =
        std::fs::read_to_string(repo.registry().join("releases/1.2.0/release.toml")).unwrap();
    repo.write(
        "releases/1.2.0/release.toml",
        &text.replace("\"draft\"", "\"ready\""),
    );
    assert_eq!(pending(&repo), json!(["1.1.0", "1.2.0"]));
    repo.write(
        "releases/1.2.0/release.toml",
        &text.replace("\"draft\"", "\"withdrawn\""),
    );
    assert_eq!(pending(&repo), json!(["1.1.0"]));
}

#[test]
fn status_marks_uncommitted_changes() {
    let repo = promoted_repo();
    repo.write(
        "environments/prod.toml",
        "name = \"prod\"\ntier = \"production\"\nrelease = \"1.1.0\"\n",
    );
    let out = repo.milepost(&["status"]);
    let text = String::from_utf8(out.stdout).unwrap();
    insta::assert_snapshot!(text, @r"
    ENV   NAME  RELEASE              SINCE                 BY        PENDING
    uat   uat   1.2.0                2024-06-05 08:00 UTC  Alice Ng  -
    prod  prod  1.1.0 (uncommitted)  -                     -         -
    ");
}

#[test]
fn diff_lists_what_a_promotion_ships() {
    let repo = promoted_repo();
    let out = repo.milepost(&["diff", "uat", "prod"]);
    assert_eq!(out.status.code(), Some(0));
    insta::assert_snapshot!(String::from_utf8(out.stdout).unwrap(), @r"
    uat (1.2.0) -> prod (1.0.0): 2 releases

    1.1.0  Faster exports  [ready]
      changed
        - Exports are faster
      fixed
        - Worker restarts (internal)

    1.2.0  Next  [draft]
      added
        - Reports [FX-9]
        - Metrics (internal)
      fixed
        - Login loop
    ");
    let out = repo.milepost(&["diff", "prod", "uat"]);
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "prod (1.0.0) -> uat (1.2.0): nothing to promote\n"
    );
    let out = repo.milepost(&["diff", "uat", "qa"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "error: no environment `qa` (environments/: prod, uat)\n"
    );
    let out = repo.milepost(&["diff", "uat", "prd"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "error: no environment `prd`; did you mean `prod`? (environments/: prod, uat)\n"
    );
}
