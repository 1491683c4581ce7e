//! Recorded verifications and the `verified_on` policy: the rule in both
//! modes, the `verified` command's edit, validation, the sites and metrics.

use std::fs;

use crate::repo::{ALICE, BOB, TestRepo};

const PROD: &str = "environments/prod.toml:3:11";

/// A repository whose prod policy also asks for a passed verification on uat.
fn verified_on_uat() -> TestRepo {
    let repo = TestRepo::new("");
    let path = repo.registry().join("milepost.toml");
    let text = fs::read_to_string(path).unwrap() + "verified_on = [\"uat\"]\n";
    repo.write("milepost.toml", &text);
    // Production exists before anything runs there.
    repo.write(
        "environments/prod.toml",
        "name = \"prod\"\ntier = \"production\"\n",
    );
    repo.commit(ALICE, "2024-06-01T09:00:00Z", "Verify on uat before prod");
    repo
}

fn record(repo: &TestRepo, version: &str, env: &str, at: &str, result: &str) {
    let path = repo
        .registry()
        .join(format!("releases/{version}/release.toml"));
    let mut text = fs::read_to_string(&path).unwrap();
    text.push_str(&format!(
        "\n[[verifications]]\nenvironment = \"{env}\"\nby = \"bob\"\nat = {at}\nresult = \"{result}\"\n"
    ));
    fs::write(path, text).unwrap();
}

/// `check --format json EXTRA`: exit code, `e|w file:line:col code` of each
/// problem, and `message | help` of each.
fn check(repo: &TestRepo, extra: &[&str]) -> (i32, Vec<String>, Vec<String>) {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(extra);
    let out = repo.milepost(&args);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&out.stderr)));
    crate::support::assert_codes_explained(&json);
    let (mut found, mut said) = (Vec::new(), Vec::new());
    for (key, mark) in [("errors", "e"), ("warnings", "w")] {
        for e in json[key].as_array().unwrap() {
            found.push(format!(
                "{mark} {}:{}:{} {}",
                e["file"].as_str().unwrap(),
                e["line"],
                e["column"],
                e["code"].as_str().unwrap()
            ));
            said.push(format!(
                "{} | {}",
                e["message"].as_str().unwrap(),
                e["help"].as_str().unwrap_or("")
            ));
        }
    }
    (out.status.code().unwrap(), found, said)
}

fn codes(repo: &TestRepo, extra: &[&str]) -> (i32, Vec<String>) {
    let (code, found, _) = check(repo, extra);
    (code, found)
}

// ---- the rule over the history: past deploys warn -----------------------------

#[test]
fn a_past_deploy_without_a_verification_warns() {
    let repo = verified_on_uat();
    repo.deploy("uat", "1.0.0", None, ALICE, "2024-06-02T10:00:00Z");
    repo.deploy("prod", "1.0.0", None, BOB, "2024-06-03T11:00:00Z");
    let (code, found, said) = check(&repo, &[]);
    assert_eq!((code, found), (0, vec![format!("w {PROD} verified-on")]));
    let deploy = repo.git(&["rev-parse", "HEAD"]);
    assert_eq!(
        said,
        [format!(
            "deploy of 1.0.0 to prod on 2024-06-03 11:00 UTC (commit {}): 1.0.0 has no passed verification on uat since it was deployed there | check on uat that it works, then record it with `milepost verified 1.0.0 --on uat --by PERSON`",
            &deploy[..10]
        )]
    );
}

#[test]
fn a_passed_verification_between_the_deploys_keeps_the_rule() {
    let repo = verified_on_uat();
    repo.deploy("uat", "1.0.0", None, ALICE, "2024-06-02T10:00:00Z");
    record(&repo, "1.0.0", "uat", "2024-06-02T12:00:00Z", "passed");
    repo.deploy("prod", "1.0.0", None, BOB, "2024-06-03T11:00:00Z");
    assert_eq!(codes(&repo, &[]), (0, vec![]));
}

#[test]
fn a_verification_older_than_the_deploy_there_does_not_count() {
    let repo = verified_on_uat();
    // Verified on a run of uat that ended; the release came back later and
    // that run was never checked.
    repo.deploy("uat", "1.0.0", None, ALICE, "2024-06-02T08:00:00Z");
    record(&repo, "1.0.0", "uat", "2024-06-02T09:00:00Z", "passed");
    repo.deploy("uat", "1.1.0", None, ALICE, "2024-06-02T09:30:00Z");
    repo.deploy("uat", "1.0.0", None, ALICE, "2024-06-02T10:00:00Z");
    repo.deploy("prod", "1.0.0", None, BOB, "2024-06-03T11:00:00Z");
    let (code, found, said) = check(&repo, &[]);
    assert_eq!((code, found), (0, vec![format!("w {PROD} verified-on")]));
    assert!(
        said[0].ends_with("; not counted: 1 from before its deploy there on 2024-06-02 10:00 UTC"),
        "{said:?}"
    );
}

#[test]
fn a_verification_before_the_release_reached_the_environment_does_not_count() {
    let repo = verified_on_uat();
    record(&repo, "1.0.0", "uat", "2024-06-01T12:00:00Z", "passed");
    repo.deploy("uat", "1.0.0", None, ALICE, "2024-06-02T10:00:00Z");
    repo.deploy("prod", "1.0.0", None, BOB, "2024-06-03T11:00:00Z");
    assert_eq!(
        codes(&repo, &[]),
        (0, vec![format!("w {PROD} verified-on")])
    );
}

#[test]
fn a_verification_after_the_deploy_it_should_precede_does_not_count() {
    let repo = verified_on_uat();
    repo.deploy("uat", "1.0.0", None, ALICE, "2024-06-02T10:00:00Z");
    repo.deploy("prod", "1.0.0", None, BOB, "2024-06-03T11:00:00Z");
    record(&repo, "1.0.0", "uat", "2024-06-03T12:00:00Z", "passed");
    let (_, found, said) = check(&repo, &[]);
    assert_eq!(found, [format!("w {PROD} verified-on")]);
    assert!(said[0].ends_with("; not counted: 1 from after this deploy"));
}

#[test]
fn a_failure_after_a_pass_overrides_it_until_it_passes_again() {
    let repo = verified_on_uat();
    repo.deploy("uat", "1.0.0", None, ALICE, "2024-06-02T10:00:00Z");
    record(&repo, "1.0.0", "uat", "2024-06-02T11:00:00Z", "passed");
    record(&repo, "1.0.0", "uat", "2024-06-02T12:00:00Z", "failed");
    repo.deploy("prod", "1.0.0", None, BOB, "2024-06-03T11:00:00Z");
    let (code, found, said) = check(&repo, &[]);
    assert_eq!((code, found), (0, vec![format!("w {PROD} verified-on")]));
    assert!(
        said[0].contains(
            "the latest verification of 1.0.0 on uat failed (bob, 2024-06-02 12:00 UTC) | fix what failed and verify it again"
        ),
        "{said:?}"
    );
    record(&repo, "1.0.0", "uat", "2024-06-02T15:00:00Z", "passed");
    assert_eq!(codes(&repo, &[]), (0, vec![]));
}

#[test]
fn a_release_that_never_ran_there_is_not_verified_there() {
    let repo = verified_on_uat();
    // Policy without `after`: only verified_on asks for uat.
    let path = repo.registry().join("milepost.toml");
    let text = fs::read_to_string(&path)
        .unwrap()
        .replace("after = [\"uat\"]\n", "");
    repo.write("milepost.toml", &text);
    repo.write(
        "environments/uat.toml",
        "name = \"uat\"\ntier = \"staging\"\n",
    );
    repo.commit(ALICE, "2024-06-01T09:30:00Z", "No promotion order");
    repo.deploy("prod", "1.0.0", None, BOB, "2024-06-03T11:00:00Z");
    let (_, found, said) = check(&repo, &[]);
    assert_eq!(found, [format!("w {PROD} verified-on")]);
    assert!(said[0].contains("1.0.0 has not run on uat, so it has not been verified there"));
}

#[test]
fn a_rollback_needs_no_new_verification() {
    let repo = verified_on_uat();
    repo.deploy("uat", "1.0.0", None, ALICE, "2024-06-02T10:00:00Z");
    record(&repo, "1.0.0", "uat", "2024-06-02T11:00:00Z", "passed");
    repo.deploy("prod", "1.0.0", None, BOB, "2024-06-03T11:00:00Z");
    repo.deploy("uat", "1.1.0", None, ALICE, "2024-06-04T10:00:00Z");
    record(&repo, "1.1.0", "uat", "2024-06-04T11:00:00Z", "passed");
    repo.deploy("prod", "1.1.0", None, BOB, "2024-06-05T11:00:00Z");
    repo.deploy("prod", "1.0.0", None, BOB, "2024-06-05T12:00:00Z");
    let (_, found, _) = check(&repo, &[]);
    assert!(
        !found.iter().any(|f| f.ends_with("verified-on")),
        "{found:?}"
    );
}

// ---- proposed deploys fail -----------------------------------------------------

#[test]
fn an_uncommitted_deploy_without_a_verification_fails() {
    let repo = verified_on_uat();
    repo.deploy("uat", "1.0.0", None, ALICE, "2024-06-02T10:00:00Z");
    repo.write(
        "environments/prod.toml",
        "name = \"prod\"\ntier = \"production\"\nrelease = \"1.0.0\"\n",
    );
    let now = ["--now", "2024-06-04T10:00:00Z"];
    assert_eq!(
        codes(&repo, &now),
        (1, vec![format!("e {PROD} verified-on")])
    );
    record(&repo, "1.0.0", "uat", "2024-06-03T10:00:00Z", "passed");
    assert_eq!(codes(&repo, &now), (0, vec![]));
    // A failure recorded since holds it back again.
    record(&repo, "1.0.0", "uat", "2024-06-04T09:00:00Z", "failed");
    assert_eq!(
        codes(&repo, &now),
        (1, vec![format!("e {PROD} verified-on")])
    );
}

#[test]
fn a_pull_request_deploy_without_a_verification_fails() {
    let repo = verified_on_uat();
    let base = repo.deploy("uat", "1.0.0", None, ALICE, "2024-06-02T10:00:00Z");
    repo.deploy("prod", "1.0.0", None, BOB, "2024-06-03T11:00:00Z");
    let args = ["--base", base.as_str(), "--now", "2024-06-03T11:00:00Z"];
    assert_eq!(
        codes(&repo, &args),
        (1, vec![format!("e {PROD} verified-on")])
    );
    // Recorded after "now": not yet.
    record(&repo, "1.0.0", "uat", "2024-06-03T12:00:00Z", "passed");
    assert_eq!(
        codes(&repo, &args),
        (1, vec![format!("e {PROD} verified-on")])
    );
    record(&repo, "1.0.0", "uat", "2024-06-02T12:00:00Z", "passed");
    repo.commit(BOB, "2024-06-03T11:05:00Z", "Verified on uat");
    assert_eq!(codes(&repo, &args), (0, vec![]));
}

#[test]
fn a_pull_request_cannot_drop_the_policy_to_pass() {
    let repo = verified_on_uat();
    let base = repo.deploy("uat", "1.0.0", None, ALICE, "2024-06-02T10:00:00Z");
    let path = repo.registry().join("milepost.toml");
    let text = fs::read_to_string(&path)
        .unwrap()
        .replace("verified_on = [\"uat\"]\n", "");
    repo.write("milepost.toml", &text);
    repo.deploy("prod", "1.0.0", None, BOB, "2024-06-03T11:00:00Z");
    let args = ["--base", base.as_str(), "--now", "2024-06-03T11:00:00Z"];
    assert_eq!(
        codes(&repo, &args),
        (1, vec![format!("e {PROD} verified-on")])
    );
}

// ---- validation ------------------------------------------------------------------

fn append(repo: &TestRepo, text: &str) {
    let release = repo.registry().join("releases/1.0.0/release.toml");
    let mut all = fs::read_to_string(&release).unwrap();
    all.push_str(text);
    fs::write(&release, all).unwrap();
}

#[test]
fn verifications_and_the_policy_name_what_exists() {
    let repo = verified_on_uat();
    let path = repo.registry().join("milepost.toml");
    let text = fs::read_to_string(&path).unwrap().replace(
        "verified_on = [\"uat\"]",
        "verified_on = [\"uat\", \"staging\"]",
    );
    repo.write("milepost.toml", &text);
    repo.deploy("uat", "1.0.0", None, ALICE, "2024-06-02T10:00:00Z");
    append(
        &repo,
        "\n[[verifications]]\nenvironment = \"uatt\"\nby = \"mallory\"\nat = 2024-06-02T11:00:00Z\nresult = \"passed\"\nnotes = \"\"\"\nfine\nreally \\u001B[2J fine\"\"\"\n",
    );
    let (code, found, said) = check(&repo, &[]);
    assert_eq!(code, 1);
    assert_eq!(
        found,
        [
            "e milepost.toml:16:23 unknown-environment",
            "e releases/1.0.0/release.toml:17:15 unknown-environment",
            "e releases/1.0.0/release.toml:18:6 unknown-person",
            "e releases/1.0.0/release.toml:21:9 control-character",
        ],
        "{said:#?}"
    );
    assert!(said[1].contains("did you mean `uat`?"), "{said:?}");
}

#[test]
fn a_verification_needs_a_time_and_a_known_result() {
    let repo = verified_on_uat();
    repo.deploy("uat", "1.0.0", None, ALICE, "2024-06-02T10:00:00Z");
    append(
        &repo,
        "\n[[verifications]]\nenvironment = \"uat\"\nby = \"bob\"\nat = 2024-06-02\nresult = \"ok\"\nnote = \"typo\"\n",
    );
    let (code, found, said) = check(&repo, &[]);
    assert_eq!(code, 1);
    assert_eq!(
        found,
        [
            "e releases/1.0.0/release.toml:19:6 schema",
            "e releases/1.0.0/release.toml:20:10 schema",
            "e releases/1.0.0/release.toml:21:1 unknown-field",
        ],
        "{said:#?}"
    );
}

#[test]
fn multi_line_notes_with_line_breaks_and_tabs_are_fine() {
    let repo = verified_on_uat();
    repo.deploy("uat", "1.0.0", None, ALICE, "2024-06-02T10:00:00Z");
    let release = repo.registry().join("releases/1.0.0/release.toml");
    let mut text = fs::read_to_string(&release).unwrap();
    text.push_str("\n[[verifications]]\nenvironment = \"uat\"\nby = \"bob\"\nat = 2024-06-02T11:00:00Z\nresult = \"passed\"\nnotes = \"\"\"\nExports:\n\t1M rows in 40 s\nLogin: fine\"\"\"\n");
    fs::write(&release, text).unwrap();
    assert_eq!(codes(&repo, &[]), (0, vec![]));
}

#[test]
fn explain_says_what_counts() {
    let out = crate::support::milepost()
        .args(["explain", "verified-on"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for needle in [
        "verified_on",
        "later than the release's latest deploy to that environment",
        "a failed one outweighing a passed one at the same instant",
        "`milepost verified VERSION --on ENV --by PERSON`",
        "a past deploy that broke it is a warning",
        "counts that deploy as failed in the change failure rate of `milepost metrics`",
    ] {
        assert!(text.contains(needle), "{needle}: {text}");
    }
}

// ---- `milepost verified` ---------------------------------------------------------

const COMMENTED: &str = "# 1.0.0: the first release.\nversion = \"1.0.0\"\ntitle = \"First\"      # what customers see\nstatus = \"approved\"\nowner = \"alice\"\nteams = [\"platform\"]\ncustomer_facing = true\n\n[[changes]]\nkind = \"added\"\nsummary = \"Everything\"\n\n# Ops signed off in the change meeting.\n[[approvals]]\nby = \"bob\"\nat = 2024-06-01T10:00:00Z\n";

/// uat runs 1.0.0 since 2 June 10:00; its release file has comments.
fn on_uat() -> TestRepo {
    let repo = verified_on_uat();
    repo.write("releases/1.0.0/release.toml", COMMENTED);
    repo.deploy("uat", "1.0.0", None, ALICE, "2024-06-02T10:00:00Z");
    repo
}

/// The release file is as `milepost fmt` would write it.
fn assert_formatted(text: &str) {
    let formatted =
        milepost::edit::fmt::format_toml(milepost::schema::SchemaKind::Release, text).unwrap();
    assert_eq!(formatted, text);
}

fn release_text(repo: &TestRepo) -> String {
    fs::read_to_string(repo.registry().join("releases/1.0.0/release.toml")).unwrap()
}

#[test]
fn verified_appends_one_entry_and_keeps_the_rest() {
    let repo = on_uat();
    let out = repo.milepost(&[
        "verified",
        "1.0.0",
        "--on",
        "uat",
        "--by",
        "bob",
        "--notes",
        "Smoke tests green",
        "--now",
        "2024-06-02T12:30:00Z",
    ]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "bob recorded a passed verification of 1.0.0 on uat (releases/1.0.0/release.toml)\n"
    );
    assert_eq!(
        release_text(&repo),
        format!(
            "{COMMENTED}\n[[verifications]]\nenvironment = \"uat\"\nby = \"bob\"\nat = 2024-06-02T12:30:00Z\nresult = \"passed\"\nnotes = \"Smoke tests green\"\n"
        )
    );
    let out = repo.milepost(&[
        "verified",
        "1.0.0",
        "--on",
        "uat",
        "--by",
        "alice",
        "--failed",
        "--now",
        "2024-06-02T13:00:00Z",
    ]);
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "alice recorded a failed verification of 1.0.0 on uat (releases/1.0.0/release.toml)\n"
    );
    assert!(release_text(&repo).ends_with(
        "notes = \"Smoke tests green\"\n\n[[verifications]]\nenvironment = \"uat\"\nby = \"alice\"\nat = 2024-06-02T13:00:00Z\nresult = \"failed\"\n"
    ));
    // The file stays formatted, and the failure holds prod back.
    assert_formatted(&release_text(&repo));
    repo.write(
        "environments/prod.toml",
        "name = \"prod\"\ntier = \"production\"\nrelease = \"1.0.0\"\n",
    );
    assert_eq!(
        codes(&repo, &["--now", "2024-06-04T10:00:00Z"]),
        (1, vec![format!("e {PROD} verified-on")])
    );
}

#[test]
fn verified_refuses_unknown_names() {
    let repo = on_uat();
    for (args, says) in [
        (
            ["2.0.0", "--on", "uat", "--by", "bob"],
            "no release `2.0.0`",
        ),
        (
            ["1.0.0", "--on", "uatt", "--by", "bob"],
            "no environment `uatt`; did you mean `uat`?",
        ),
        (
            ["1.0.0", "--on", "uat", "--by", "mallory"],
            "no person `mallory`",
        ),
    ] {
        let mut all = vec!["verified"];
        all.extend_from_slice(&args);
        let out = repo.milepost(&all);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.contains(says), "{stderr}");
        assert_eq!(release_text(&repo), COMMENTED);
    }
}

#[test]
fn verified_refuses_what_would_count_for_nothing() {
    let repo = on_uat();
    for (args, says) in [
        (
            vec!["1.0.0", "--on", "prod", "--by", "bob"],
            "1.0.0 has never run on prod, so there is nothing to verify there; deploy it first",
        ),
        (
            vec![
                "1.0.0",
                "--on",
                "uat",
                "--by",
                "bob",
                "--now",
                "2024-06-02T09:00:00Z",
            ],
            "a verification at 2024-06-02T09:00:00Z is not later than the deploy of 1.0.0 to uat (2024-06-02T10:00:00Z), so it would count for nothing",
        ),
        (
            vec![
                "1.0.0",
                "--on",
                "uat",
                "--by",
                "bob",
                "--notes",
                "ok\u{1b}[2J",
            ],
            "the notes hold the control character U+001B",
        ),
    ] {
        let mut all = vec!["verified"];
        all.extend_from_slice(&args);
        let out = repo.milepost(&all);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.contains(says), "{stderr}");
        assert_eq!(release_text(&repo), COMMENTED);
    }
}

#[test]
fn hostile_notes_are_written_as_toml_that_reads_back() {
    let repo = on_uat();
    let notes = "line one\r\nline two\n\"\"\" and ''' and \\\" inside\n[[verifications]]\nenvironment = \"prod\"\n<script>alert(1)</script>\ttab";
    let out = repo.milepost(&[
        "verified",
        "1.0.0",
        "--on",
        "uat",
        "--by",
        "bob",
        "--notes",
        notes,
        "--now",
        "2024-06-02T12:30:00Z",
    ]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = release_text(&repo);
    let doc: toml_edit::DocumentMut = text.parse().unwrap();
    let list = doc["verifications"].as_array_of_tables().unwrap();
    assert_eq!(list.len(), 1, "{text}");
    let written = list.get(0).unwrap();
    // CRLF from a pasted Windows text becomes one line break.
    assert_eq!(
        written["notes"].as_str(),
        Some(notes.replace("\r\n", "\n").as_str())
    );
    assert_eq!(written["environment"].as_str(), Some("uat"));
    assert_eq!(codes(&repo, &[]).0, 0);
    assert_formatted(&text);
    // The internal page shows the notes as text, never as markup.
    let out = tempfile::tempdir().unwrap();
    let built = crate::site::build(&repo, out.path(), "2024-06-03T00:00:00Z");
    assert!(built.status.success(), "{built:?}");
    let page = fs::read_to_string(out.path().join("internal/releases/1.0.0/index.html")).unwrap();
    assert!(!page.contains("<script>alert(1)"));
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;")
            || page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{page}"
    );
    // Nothing of it reaches the public site.
    for (path, bytes) in crate::support::tree(&out.path().join("public")) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("line two"), "{path}");
    }
}

// ---- the sites ----------------------------------------------------------------

#[test]
fn the_checklist_and_the_dashboard_show_the_hold() {
    let repo = on_uat();
    let out = tempfile::tempdir().unwrap();
    let built = crate::site::build(&repo, out.path(), "2024-06-04T00:00:00Z");
    assert!(built.status.success(), "{built:?}");
    let page = fs::read_to_string(out.path().join("internal/releases/1.0.0/index.html")).unwrap();
    assert!(
        page.contains("<strong>Deploy to prod</strong>: 1.0.0 has no passed verification on uat since it was deployed there</li>"),
        "{page}"
    );
    assert!(page.contains("not verified on uat"), "{page}");
    let index = fs::read_to_string(out.path().join("internal/index.html")).unwrap();
    assert!(index.contains("not verified on uat"), "{index}");

    record(&repo, "1.0.0", "uat", "2024-06-02T12:00:00Z", "failed");
    let built = crate::site::build(&repo, out.path(), "2024-06-04T00:00:00Z");
    assert!(built.status.success(), "{built:?}");
    let page = fs::read_to_string(out.path().join("internal/releases/1.0.0/index.html")).unwrap();
    assert!(page.contains("verification on uat failed"), "{page}");
    assert!(page.contains("<h2 id=\"verifications\">Verifications</h2>"));
    assert!(
        page.contains("<span class=\"bad\">✗ failed</span> on uat, Bob Stone"),
        "{page}"
    );

    record(&repo, "1.0.0", "uat", "2024-06-02T13:00:00Z", "passed");
    let built = crate::site::build(&repo, out.path(), "2024-06-04T00:00:00Z");
    assert!(built.status.success(), "{built:?}");
    let page = fs::read_to_string(out.path().join("internal/releases/1.0.0/index.html")).unwrap();
    assert!(!page.contains("verification on uat"), "{page}");
    assert!(
        page.contains("<strong>Deploy to prod</strong>: may go there now</li>"),
        "{page}"
    );
}

// ---- metrics --------------------------------------------------------------------

fn failure_rate(repo: &TestRepo) -> serde_json::Value {
    repo.json(
        "metrics",
        &["--since", "2024-06-01", "--until", "2024-06-08"],
    )["change_failure_rate"]
        .clone()
}

#[test]
fn a_failed_verification_on_production_counts_the_deploy_as_failed() {
    let repo = verified_on_uat();
    repo.deploy("uat", "1.0.0", None, ALICE, "2024-06-02T10:00:00Z");
    record(&repo, "1.0.0", "uat", "2024-06-02T11:00:00Z", "passed");
    repo.deploy("prod", "1.0.0", None, BOB, "2024-06-03T11:00:00Z");
    repo.deploy("uat", "1.1.0", None, ALICE, "2024-06-04T10:00:00Z");
    repo.deploy("prod", "1.1.0", None, BOB, "2024-06-05T11:00:00Z");
    assert_eq!(failure_rate(&repo), 0.0);
    // Failing on uat is what verification is for: no production failure.
    record(&repo, "1.1.0", "uat", "2024-06-04T11:00:00Z", "failed");
    assert_eq!(failure_rate(&repo), 0.0);
    // A pass on production changes nothing either.
    record(&repo, "1.0.0", "prod", "2024-06-03T12:00:00Z", "passed");
    assert_eq!(failure_rate(&repo), 0.0);
    // A failure on production while 1.0.0 ran there: one deploy of two.
    record(&repo, "1.0.0", "prod", "2024-06-03T13:00:00Z", "failed");
    assert_eq!(failure_rate(&repo), 0.5);
    // One recorded after 1.1.0 replaced it belongs to no deploy of 1.0.0.
    record(&repo, "1.0.0", "prod", "2024-06-06T13:00:00Z", "failed");
    assert_eq!(failure_rate(&repo), 0.5);
}

#[test]
fn deploy_waits_for_the_verification() {
    let repo = on_uat();
    let deploy = [
        "deploy",
        "1.0.0",
        "--to",
        "prod",
        "--now",
        "2024-06-04T10:00:00Z",
    ];
    let out = repo.milepost(&deploy);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let said =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("1.0.0 has no passed verification on uat since it was deployed there"),
        "{said}"
    );
    let verified = [
        "verified",
        "1.0.0",
        "--on",
        "uat",
        "--by",
        "bob",
        "--now",
        "2024-06-03T10:00:00Z",
    ];
    assert_eq!(repo.milepost(&verified).status.code(), Some(0));
    let out = repo.milepost(&deploy);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
}
