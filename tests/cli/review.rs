//! `milepost review`: the comment a pull request's reviewers read, for
//! each kind of change, its JSON twin, its exit codes, and registry values
//! that try to break out of the Markdown.

use crate::repo::{ALICE, BOB, TestRepo};

const NOW: &str = "2026-12-01T12:00:00Z";

/// `main` with uat and prod on 1.0.0 and 1.1.0 on uat since June 2024,
/// and a branch `pr` checked out from it.
fn main_and_pr() -> TestRepo {
    let repo = TestRepo::new("");
    repo.deploy("uat", "1.0.0", None, ALICE, "2024-06-02T10:00:00Z");
    repo.deploy("prod", "1.0.0", None, BOB, "2024-06-03T11:00:00Z");
    repo.deploy("uat", "1.1.0", None, ALICE, "2024-06-05T10:00:00Z");
    repo.git(&["checkout", "-q", "-b", "pr"]);
    repo
}

fn edit(repo: &TestRepo, rel: &str, from: &str, to: &str) {
    let path = repo.registry().join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} has no {from:?}");
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

fn env_file(name: &str, tier: &str, release: &str) -> String {
    format!("name = \"{name}\"\ntier = \"{tier}\"\nrelease = \"{release}\"\n")
}

const BOB_APPROVES: &str = "\n[[approvals]]\nby = \"bob\"\nat = 2024-06-11T10:00:00Z\n";

/// `review --base main` in markdown (or `format`): (exit code, stdout).
fn review(repo: &TestRepo, format: &str, now: &str) -> (i32, String) {
    let out = repo.milepost(&["review", "--base", "main", "--format", format, "--now", now]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.is_empty(), "{stderr}");
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

#[test]
fn a_deploy_that_keeps_every_rule() {
    let repo = main_and_pr();
    edit(
        &repo,
        "releases/1.1.0/release.toml",
        "status = \"ready\"",
        "status = \"approved\"",
    );
    let release =
        std::fs::read_to_string(repo.registry().join("releases/1.1.0/release.toml")).unwrap();
    repo.write(
        "releases/1.1.0/release.toml",
        &format!("{release}{BOB_APPROVES}"),
    );
    repo.write(
        "environments/prod.toml",
        &env_file("Production", "production", "1.1.0"),
    );
    repo.commit(BOB, "2026-11-30T10:00:00Z", "Deploy 1.1.0 to prod");
    let (code, out) = review(&repo, "markdown", NOW);
    assert_eq!(code, 0);
    insta::assert_snapshot!("review_deploy_keeps_every_rule", out);
}

/// 1.1.0 arrived on uat six hours before now, is still `ready`, has no
/// approval, and the pull request adds a freeze window over now.
fn failing_pr() -> TestRepo {
    let repo = TestRepo::new("");
    repo.deploy("uat", "1.0.0", None, ALICE, "2024-06-02T10:00:00Z");
    repo.deploy("prod", "1.0.0", None, BOB, "2024-06-03T11:00:00Z");
    repo.deploy("uat", "1.1.0", None, ALICE, "2026-12-01T06:00:00Z");
    repo.git(&["checkout", "-q", "-b", "pr"]);
    let calendar = std::fs::read_to_string(repo.registry().join("calendar.toml")).unwrap();
    repo.write(
        "calendar.toml",
        &format!(
            "{calendar}\n[[freeze]]\nname = \"Peak season\"\nstart = 2026-11-27T00:00:00Z\nend = 2026-12-02T00:00:00Z\nenvironments = [\"prod\"]\n"
        ),
    );
    repo.write(
        "environments/prod.toml",
        &env_file("Production", "production", "1.1.0"),
    );
    repo.commit(ALICE, "2026-12-01T11:00:00Z", "Deploy 1.1.0 to prod");
    repo
}

#[test]
fn a_deploy_that_breaks_freeze_soak_approvals_and_status() {
    let (code, out) = review(&failing_pr(), "markdown", NOW);
    assert_eq!(code, 1);
    insta::assert_snapshot!("review_deploy_breaks_rules", out);
}

#[test]
fn a_deploy_out_of_promotion_order() {
    let repo = main_and_pr();
    let release = std::fs::read_to_string(repo.registry().join("releases/1.0.0/release.toml"))
        .unwrap()
        .replace("version = \"1.0.0\"", "version = \"1.2.0\"")
        .replace("title = \"First\"", "title = \"Second\"");
    repo.write("releases/1.2.0/release.toml", &release);
    for doc in ["notes.md", "deploy.md"] {
        let text =
            std::fs::read_to_string(repo.registry().join(format!("releases/1.0.0/{doc}"))).unwrap();
        repo.write(&format!("releases/1.2.0/{doc}"), &text);
    }
    repo.write(
        "environments/prod.toml",
        &env_file("Production", "production", "1.2.0"),
    );
    repo.commit(ALICE, "2026-12-01T11:00:00Z", "1.2.0 straight to prod");
    let (code, out) = review(&repo, "markdown", NOW);
    assert_eq!(code, 1);
    insta::assert_snapshot!("review_promotion_order", out);
}

#[test]
fn the_json_has_the_same_content_as_data() {
    let (code, out) = review(&failing_pr(), "json", NOW);
    assert_eq!(code, 1);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "base",
            "now",
            "ok",
            "errors",
            "warnings",
            "deploys",
            "releases",
            "freezes",
            "incidents",
            "approvers",
            "policies",
            "problems"
        ]
    );
    assert_eq!(json["ok"], false);
    let deploy = &json["deploys"][0];
    assert_eq!(deploy["environment"], "prod");
    assert_eq!(deploy["from"], "1.0.0");
    assert_eq!(deploy["to"], "1.1.0");
    assert_eq!(deploy["kind"], "deploy");
    let verdicts: Vec<String> = deploy["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                "{} {}",
                if r["ok"] == true { "ok" } else { "no" },
                r["rule"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        verdicts,
        [
            "no not-approved",
            "ok promotion-order",
            "no soak",
            "no approvals",
            "no freeze"
        ]
    );
    assert_eq!(json["freezes"][0]["name"], "Peak season");
    assert_eq!(json["freezes"][0]["edit"], "added");
}

/// The verdicts are those of `check --base`: every error it reports on the
/// deploy is a failed rule of the review.
#[test]
fn the_verdicts_are_the_judgement_of_check_base() {
    let repo = failing_pr();
    let check = repo.milepost(&["check", "--base", "main", "--format", "json", "--now", NOW]);
    let check: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    let mut errors: Vec<String> = check["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap().to_string())
        .collect();
    let (_, out) = review(&repo, "json", NOW);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let mut failed: Vec<String> = json["deploys"][0]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["ok"] == false)
        .map(|r| r["rule"].as_str().unwrap().to_string())
        .collect();
    errors.sort();
    failed.sort();
    assert_eq!(errors, failed);
}

#[test]
fn a_release_added() {
    let repo = main_and_pr();
    repo.write(
        "releases/1.2.0/release.toml",
        "version = \"1.2.0\"\ntitle = \"Saved searches\"\nstatus = \"draft\"\nowner = \"alice\"\nrisk = \"medium\"\ncustomer_facing = true\npublish_at = 2026-12-15T09:00:00Z\n\n[[changes]]\nkind = \"added\"\nsummary = \"Saved searches\"\n\n[[changes]]\nkind = \"fixed\"\nsummary = \"Search *index* rebuilds\"\naudience = \"internal\"\n",
    );
    repo.write(
        "releases/1.2.0/notes.md",
        "Keep the searches you run **every day**.\n",
    );
    repo.write(
        "releases/1.2.0/internal.md",
        "Secret rollout plan: never in the preview.\n",
    );
    repo.write(
        "releases/1.2.0/deploy.md",
        "# Deploying 1.2.0\n\n## Steps\n\n1. Deploy.\n\n## Rollback\n",
    );
    repo.commit(ALICE, "2026-11-30T10:00:00Z", "Start 1.2.0");
    let (code, out) = review(&repo, "markdown", NOW);
    assert_eq!(code, 0);
    assert!(!out.contains("Secret rollout") && !out.contains("rebuilds</li>"));
    insta::assert_snapshot!("review_release_added", out);
}

#[test]
fn a_release_changed() {
    let repo = main_and_pr();
    let path = "releases/1.1.0/release.toml";
    edit(&repo, path, "status = \"ready\"", "status = \"approved\"");
    edit(
        &repo,
        path,
        "customer_facing = true",
        "customer_facing = false",
    );
    edit(
        &repo,
        path,
        "summary = \"Exports are faster\"",
        "summary = \"Exports are much faster\"",
    );
    let release = std::fs::read_to_string(repo.registry().join(path)).unwrap();
    repo.write(path, &format!("{release}\n[[changes]]\nkind = \"security\"\nsummary = \"Signed export links\"\n{BOB_APPROVES}"));
    repo.write(
        "releases/1.1.0/deploy.md",
        "# Deploying 1.1.0\n\n## Steps\n\n1. Deploy.\n\n## Verification\n",
    );
    repo.commit(ALICE, "2026-11-30T10:00:00Z", "1.1.0 approved");
    let (code, out) = review(&repo, "markdown", NOW);
    assert_eq!(code, 1, "{out}");
    insta::assert_snapshot!("review_release_changed", out);
}

#[test]
fn a_freeze_added_over_a_planned_release_and_one_moved() {
    let repo = main_and_pr();
    edit(
        &repo,
        "releases/1.1.0/release.toml",
        "planned = 2024-06-12",
        "planned = 2026-12-10",
    );
    repo.commit(ALICE, "2026-11-29T10:00:00Z", "plan 1.1.0");
    repo.git(&["checkout", "-q", "main"]);
    repo.git(&["merge", "-q", "--ff-only", "pr"]);
    repo.git(&["checkout", "-q", "-b", "pr2"]);
    edit(
        &repo,
        "calendar.toml",
        "end = 2024-12-02T00:00:00Z",
        "end = 2024-12-03T00:00:00Z",
    );
    let calendar = std::fs::read_to_string(repo.registry().join("calendar.toml")).unwrap();
    repo.write(
        "calendar.toml",
        &format!(
            "{calendar}\n[[freeze]]\nname = \"Year end\"\nstart = 2026-12-08T00:00:00Z\nend = 2027-01-04T00:00:00Z\n"
        ),
    );
    repo.commit(BOB, "2026-11-30T10:00:00Z", "Year-end freeze");
    let (code, out) = review(&repo, "markdown", NOW);
    assert_eq!(code, 0, "{out}");
    insta::assert_snapshot!("review_calendar", out);
}

#[test]
fn incidents_opened_and_resolved_without_follow_ups() {
    let repo = main_and_pr();
    let old = "incidents/2024-06-13-export-timeouts.toml";
    let text = std::fs::read_to_string(repo.registry().join(old)).unwrap();
    repo.write(
        "incidents/2024-06-13-export-timeouts.toml",
        &text
            .replace("status = \"resolved\"", "status = \"mitigated\"")
            .replace(
                "resolved_at = 2024-06-13T11:40:00Z\n",
                "mitigated_at = 2024-06-13T11:40:00Z\n",
            ),
    );
    repo.commit(ALICE, "2026-11-28T10:00:00Z", "mitigated");
    repo.git(&["checkout", "-q", "main"]);
    repo.git(&["merge", "-q", "--ff-only", "pr"]);
    repo.git(&["checkout", "-q", "-b", "pr2"]);
    repo.write(old, text.split("\n[[follow_ups]]").next().unwrap());
    repo.write(
        "incidents/2026-12-01-slow-search.toml",
        "title = \"Slow search\"\nrelease = \"1.1.0\"\nenvironment = \"uat\"\nseverity = \"sev3\"\nstatus = \"open\"\ndetected_at = 2026-12-01T09:00:00Z\n",
    );
    repo.commit(BOB, "2026-12-01T10:00:00Z", "incidents");
    let (code, out) = review(&repo, "markdown", NOW);
    // `check` refuses an incident resolved without a follow-up.
    assert_eq!(code, 1, "{out}");
    insta::assert_snapshot!("review_incidents", out);
}

#[test]
fn teams_and_policy_changes_that_move_approval_rights() {
    let repo = main_and_pr();
    repo.write(
        "teams.toml",
        "[teams.ops]\nname = \"Operations\"\n\n[teams.platform]\nname = \"Platform\"\n\n[people.alice]\nname = \"Alice Ng\"\nemail = \"alice@fixture.example\"\nteams = [\"platform\"]\n\n[people.bob]\nname = \"Bob Stone\"\nemail = \"bob@fixture.example\"\nteams = [\"platform\"]\n\n[people.carol]\nname = \"Carol Diaz\"\nteams = [\"ops\"]\n",
    );
    edit(&repo, "milepost.toml", "approvals = 1", "approvals = 2");
    edit(&repo, "milepost.toml", "soak = \"24h\"", "soak = \"2h\"");
    repo.commit(ALICE, "2026-11-30T10:00:00Z", "ops changes hands");
    let (code, out) = review(&repo, "markdown", NOW);
    assert_eq!(code, 0, "{out}");
    insta::assert_snapshot!("review_teams_and_policies", out);
}

#[test]
fn nothing_to_review() {
    let repo = main_and_pr();
    let (code, out) = review(&repo, "markdown", NOW);
    assert_eq!(code, 0);
    insta::assert_snapshot!("review_nothing", out);
}

#[test]
fn without_base_it_reviews_the_uncommitted_changes() {
    let repo = main_and_pr();
    repo.write(
        "environments/prod.toml",
        &env_file("Production", "production", "1.1.0"),
    );
    let out = repo.milepost(&["review", "--format", "json", "--now", NOW]);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["base"], "HEAD");
    assert_eq!(json["deploys"][0]["to"], "1.1.0");
}

#[test]
fn an_unknown_base_is_exit_2() {
    let repo = main_and_pr();
    let out = repo.milepost(&["review", "--base", "no-such-branch", "--now", NOW]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
}

#[test]
fn outside_git_is_exit_2() {
    let registry = crate::support::RegistryTest::new("base");
    let out = registry
        .cmd()
        .args(["review", "--now", NOW])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// Values that try to break the table, ping people, run script, hide text
/// in a comment or link elsewhere are printed as the text they are.
#[test]
fn hostile_values_stay_text() {
    let repo = main_and_pr();
    let title = r#"a | b `code` <script>alert(1)</script> @alice @acme/ops [x](javascript:alert(1)) <!-- hidden --> ![i](https://evil.example/t.png) $x$ ~~s~~ www.evil.example"#;
    repo.write(
        "releases/1.2.0/release.toml",
        &format!(
            "version = \"1.2.0\"\ntitle = '{title}'\nstatus = \"draft\"\nowner = \"alice\"\ncustomer_facing = true\n\n[[changes]]\nkind = \"added\"\nsummary = \"line one\\r\\n| --- |\\n# heading @bob\"\n"
        ),
    );
    repo.write(
        "releases/1.2.0/notes.md",
        "Hi @carol <script>alert(1)</script> [click](javascript:alert(1)) <img src=x onerror=alert(1)>\n\n\n    code\n\n    more\n",
    );
    repo.commit(ALICE, "2026-11-30T10:00:00Z", "hostile");
    let (_, out) = review(&repo, "markdown", NOW);
    for bad in [
        "<script",
        "@alice",
        "@acme",
        "@bob",
        "@carol",
        "<!--",
        "onerror",
        "www.evil",
        "https://evil",
        "\r",
        "\n\n\n",
    ] {
        assert!(!out.contains(bad), "{bad:?} in:\n{out}");
    }
    // Brackets are escaped, so no link can be opened.
    assert!(!out.replace("\\]", "").contains("](javascript"), "{out}");
    // Every table row keeps its three cells (four pipes not escaped).
    for line in out.lines().filter(|l| l.starts_with('|')) {
        let cells = line.replace("\\|", "").matches('|').count();
        assert!(cells == 4 || cells == 5, "{line}");
    }
    // The preview is one HTML block: no blank line inside it.
    let preview = out
        .split("<details>")
        .nth(1)
        .unwrap()
        .split("</details>")
        .next()
        .unwrap();
    assert!(!preview.contains("\n\n"), "{preview}");
    insta::assert_snapshot!("review_hostile", out);
}

/// The example registry's last deploys: 3.6.0 reached dev, and the pull
/// request that took it to uat.
#[test]
fn the_example_registrys_last_deploy() {
    let repo = TestRepo::new("");
    for entry in std::fs::read_dir(repo.registry()).unwrap() {
        let path = entry.unwrap().path();
        if path.file_name().is_some_and(|n| n != ".git") {
            if path.is_dir() {
                std::fs::remove_dir_all(path).unwrap();
            } else {
                std::fs::remove_file(path).unwrap();
            }
        }
    }
    let example = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("example-registry");
    crate::support::copy_dir(&example, &repo.registry());
    let uat = std::fs::read_to_string(repo.registry().join("environments/uat.toml")).unwrap();
    let before = uat
        .replace("release = \"3.6.0\"", "release = \"3.5.2\"")
        .replace(
            "deployed_at = 2026-11-16T15:00:00Z",
            "deployed_at = 2026-10-19T14:40:00Z",
        );
    assert_ne!(before, uat);
    repo.write("environments/uat.toml", &before);
    repo.commit(BOB, "2026-11-16T10:00:00Z", "The registry, 3.6.0 on dev");
    repo.git(&["checkout", "-q", "-b", "deploy-uat"]);
    repo.write("environments/uat.toml", &uat);
    repo.commit(BOB, "2026-11-16T15:00:00Z", "Deploy 3.6.0 to uat");
    let (code, out) = review(&repo, "markdown", "2026-11-16T15:05:00Z");
    assert_eq!(code, 0, "{out}");
    insta::assert_snapshot!("review_example_uat", out);
    // And what taking it on to prod would say the next morning.
    repo.write(
        "environments/prod.toml",
        &std::fs::read_to_string(repo.registry().join("environments/prod.toml"))
            .unwrap()
            .replace("release = \"3.5.2\"", "release = \"3.6.0\"")
            .replace("deployed_at = 2026-10-21T08:00:00Z\n", ""),
    );
    let out = repo.milepost(&["review", "--base", "main", "--now", "2026-11-17T09:00:00Z"]);
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!(
        "review_example_prod",
        String::from_utf8(out.stdout).unwrap()
    );
}

/// Going back to a release that ran there is a rollback: the promotion
/// rules are not applied, and the review says why.
#[test]
fn a_rollback() {
    let repo = main_and_pr();
    repo.git(&["checkout", "-q", "main"]);
    edit(
        &repo,
        "releases/1.1.0/release.toml",
        "status = \"ready\"",
        "status = \"approved\"",
    );
    let release =
        std::fs::read_to_string(repo.registry().join("releases/1.1.0/release.toml")).unwrap();
    repo.write(
        "releases/1.1.0/release.toml",
        &format!("{release}{BOB_APPROVES}"),
    );
    repo.commit(BOB, "2024-06-11T11:00:00Z", "approve 1.1.0");
    repo.deploy("prod", "1.1.0", None, BOB, "2024-06-12T11:00:00Z");
    repo.git(&["checkout", "-q", "-b", "back"]);
    repo.write(
        "environments/prod.toml",
        &env_file("prod", "production", "1.0.0"),
    );
    repo.commit(BOB, "2026-12-01T10:00:00Z", "Roll prod back to 1.0.0");
    let (code, out) = review(&repo, "markdown", NOW);
    assert_eq!(code, 0, "{out}");
    insta::assert_snapshot!("review_rollback", out);
}

/// A pull request that drops the approval its own deploy lacks is judged
/// by the rules of its base too: the failure shows, with the note saying so.
#[test]
fn a_pull_request_that_loosens_the_policy_for_its_own_deploy() {
    let repo = main_and_pr();
    edit(
        &repo,
        "releases/1.1.0/release.toml",
        "status = \"ready\"",
        "status = \"approved\"",
    );
    edit(&repo, "milepost.toml", "approvals = 1", "approvals = 0");
    repo.write(
        "environments/prod.toml",
        &env_file("Production", "production", "1.1.0"),
    );
    repo.commit(ALICE, "2026-11-30T10:00:00Z", "no approvals needed");
    let (code, out) = review(&repo, "markdown", NOW);
    assert_eq!(code, 1, "{out}");
    insta::assert_snapshot!("review_base_rules", out);
}
