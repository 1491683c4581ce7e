//! What a new release manager meets in the first hour: files written on
//! Windows kept as they are, approvals that would not count refused,
//! messages that say what to do next.

use std::fs;

use crate::repo::{ALICE, BOB, TestRepo};
use crate::support::RegistryTest;

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

// ---- files as people wrote them ----------------------------------------------

#[test]
fn deploy_on_a_crlf_file_with_a_bom_changes_one_line_and_commits_at_now() {
    let repo = TestRepo::new("");
    repo.write(
        "environments/uat.toml",
        "\u{feff}# UAT, edited on Windows\r\nname = \"uat\"\r\ntier = \"staging\"\r\nrelease = \"1.0.0\"   # what runs\r\n",
    );
    repo.commit(ALICE, "2024-06-02T10:00:00Z", "uat runs 1.0.0");
    let out = repo.milepost(&[
        "deploy",
        "1.1.0",
        "--to",
        "uat",
        "--commit",
        "--now",
        "2024-06-04T10:00:00Z",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        fs::read_to_string(repo.registry().join("environments/uat.toml")).unwrap(),
        "\u{feff}# UAT, edited on Windows\r\nname = \"uat\"\r\ntier = \"staging\"\r\nrelease = \"1.1.0\"   # what runs\r\n"
    );
    assert_eq!(
        repo.git(&["diff", "--numstat", "HEAD~1", "HEAD"]),
        "1\t1\tenvironments/uat.toml\n"
    );
    // The commit is the deploy record, at the time the deploy was judged for.
    assert_eq!(
        repo.git(&["log", "-1", "--format=%aI %cI"]),
        "2024-06-04T10:00:00Z 2024-06-04T10:00:00Z\n"
    );
    let history = repo.history_json(&[]);
    assert_eq!(history[0]["at"], "2024-06-04T10:00:00Z");
    assert_eq!(history[0]["release"], "1.1.0");
}

#[test]
fn approve_and_fmt_keep_crlf_line_ends() {
    let test = RegistryTest::new("base");
    let path = test.path().join("releases/1.1.0/release.toml");
    let crlf = fs::read_to_string(&path).unwrap().replace('\n', "\r\n");
    test.write("releases/1.1.0/release.toml", &crlf);
    let out = test
        .cmd()
        .args([
            "approve",
            "1.1.0",
            "--by",
            "bob",
            "--now",
            "2024-06-11T10:00:00Z",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let after = fs::read_to_string(&path).unwrap();
    assert_eq!(
        after,
        format!("{crlf}\r\n[[approvals]]\r\nby = \"bob\"\r\nat = 2024-06-11T10:00:00Z\r\n")
    );
    let out = test.cmd().args(["fmt"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let formatted = fs::read_to_string(&path).unwrap();
    assert!(
        !formatted.replace("\r\n", "").contains('\n'),
        "{formatted:?}"
    );
    assert_eq!(
        test.cmd()
            .args(["fmt", "--check"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn a_bom_before_a_markdown_heading_is_not_content() {
    let test = RegistryTest::new("base");
    let deploy = fs::read_to_string(test.path().join("releases/1.1.0/deploy.md")).unwrap();
    test.write("releases/1.1.0/deploy.md", format!("\u{feff}{deploy}"));
    test.write(
        "releases/1.0.0/notes.md",
        "\u{feff}## What is new\n\nEverything.\n",
    );
    test.check().assert_errors(&[]).assert_warnings(&[]);
    let site = tempfile::tempdir().unwrap();
    let out = test
        .cmd()
        .args(["build", "--out"])
        .arg(site.path().join("site"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for entry in walkdir::WalkDir::new(site.path()) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let bytes = fs::read(entry.path()).unwrap();
            let text = String::from_utf8_lossy(&bytes);
            assert!(
                !text.contains('\u{feff}'),
                "BOM in {}",
                entry.path().display()
            );
        }
    }
}

// ---- approvals that would not count -------------------------------------------

#[test]
fn approve_refuses_what_would_not_count_unless_forced() {
    let test = RegistryTest::new("base");
    let release = test.path().join("releases/1.1.0/release.toml");
    let text = fs::read_to_string(&release).unwrap();
    test.write(
        "teams.toml",
        fs::read_to_string(test.path().join("teams.toml")).unwrap()
            + "\n[people.dana]\nname = \"Dana\"\nteams = [\"platform\"]\n",
    );
    let approve = |by: &str, extra: &[&str]| {
        test.cmd()
            .args([
                "approve",
                "1.1.0",
                "--by",
                by,
                "--now",
                "2024-06-11T10:00:00Z",
            ])
            .args(extra)
            .output()
            .unwrap()
    };
    let refused = |out: std::process::Output, says: &str| {
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert!(
            stderr(&out).ends_with(&format!(
                "\nerror: not approved: {says} (--force records it anyway)\n"
            )),
            "{}",
            stderr(&out)
        );
        assert_eq!(
            fs::read_to_string(&release).unwrap(),
            text,
            "a refusal wrote"
        );
    };
    refused(
        approve("alice", &[]),
        "alice owns 1.1.0, and an owner's own approval does not count",
    );
    refused(
        approve("dana", &[]),
        "dana is not an approver where 1.1.0 goes next (prod needs approvers from ops)",
    );
    test.write(
        "releases/1.1.0/release.toml",
        text.replace("\"ready\"", "\"draft\""),
    );
    let draft = fs::read_to_string(&release).unwrap();
    let out = approve("bob", &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("1.1.0 is a draft; set status = \"ready\""),
        "{}",
        stderr(&out)
    );
    assert_eq!(fs::read_to_string(&release).unwrap(), draft);
    test.write(
        "releases/1.1.0/release.toml",
        text.replace("\"ready\"", "\"withdrawn\""),
    );
    assert!(stderr(&approve("bob", &[])).contains("1.1.0 is withdrawn"));

    // Ready again: bob, from ops, counts; --force records what would not.
    test.write("releases/1.1.0/release.toml", &text);
    assert_eq!(approve("bob", &[]).status.code(), Some(0));
    let out = approve("dana", &["--force"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let approved = fs::read_to_string(&release).unwrap();
    assert!(approved.ends_with("[[approvals]]\nby = \"bob\"\nat = 2024-06-11T10:00:00Z\n\n[[approvals]]\nby = \"dana\"\nat = 2024-06-11T10:00:00Z\n"), "{approved}");
}

// ---- messages -------------------------------------------------------------------

#[test]
fn now_without_an_offset_is_refused_and_dates_get_one_help() {
    let test = RegistryTest::new("base");
    let out = test
        .cmd()
        .args(["check", "--now", "2026-03-27T17:45:00"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("error: invalid value '2026-03-27T17:45:00' for '--now <RFC3339>': `2026-03-27T17:45:00` has no UTC offset; write it like 2024-06-12T15:04:00Z or 2024-06-12T17:04:00+02:00\n"),
        "{}",
        stderr(&out)
    );
    let out = test
        .cmd()
        .args(["approve", "1.1.0", "--by", "bob", "--now", "2026-03-27"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "a date is not a time to write into a file"
    );
    let out = test
        .cmd()
        .args(["metrics", "--since", "2026-03-27T10:00"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));

    // Bad dates in files: the same help wherever they are.
    let release = fs::read_to_string(test.path().join("releases/1.1.0/release.toml")).unwrap();
    test.write(
        "releases/1.1.0/release.toml",
        release
            .replace("planned = 2024-06-12", "planned = \"next week\"")
            .replace(
                "publish_at = 2024-06-12T15:00:00Z",
                "publish_at = 2024-06-12",
            ),
    );
    test.write(
        "environments/prod.toml",
        "name = \"Production\"\ntier = \"production\"\nrelease = \"1.0.0\"\ndeployed_at = \"2024-06-12 15:00\"\n",
    );
    let run = test.check();
    let helps: Vec<&str> = run.json["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["help"].as_str().unwrap())
        .collect();
    assert_eq!(
        helps,
        [
            "write it like 2024-06-12T15:04:00Z",
            "write it like 2024-06-12",
            "write it like 2024-06-12T15:04:00Z"
        ]
    );
}

#[test]
fn a_missing_field_points_at_the_file_with_a_note() {
    let test = RegistryTest::new("base");
    test.write(
        "environments/prod.toml",
        "#:schema ../schema/environment.schema.json\nname = \"Production\"\nrelease = \"1.0.0\"\n",
    );
    let (code, text) = test.check_human();
    assert_eq!(code, 1);
    assert_eq!(
        text,
        "error[schema]: missing required field `tier`\n--> environments/prod.toml\n = note: environments/prod.toml has no `tier` line\n = help: add it, e.g. `tier = \"production\"`\n\n1 error\n"
    );
    let out = test
        .cmd()
        .args(["check", "--format", "github"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "::error file=environments/prod.toml,title=milepost schema::missing required field `tier` [schema]%0Anote: environments/prod.toml has no `tier` line%0Ahelp: add it, e.g. `tier = \"production\"`\n"
    );
}

#[test]
fn an_io_error_names_its_cause_once() {
    let test = RegistryTest::new("base");
    let out = test
        .cmd()
        .args(["import", "changelog", "missing.md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let text = stderr(&out);
    assert_eq!(
        text.matches("No such file or directory").count(),
        1,
        "{text}"
    );
    assert!(text.starts_with("error: cannot read "), "{text}");
}

#[test]
fn unknown_environments_are_one_rule_everywhere() {
    let repo = TestRepo::new("");
    repo.deploy("uat", "1.0.0", None, ALICE, "2024-06-02T10:00:00Z");
    repo.deploy("prod", "1.0.0", None, BOB, "2024-06-03T10:00:00Z");
    let says = "error: no environment `produktion`; did you mean `prod`? (environments/";
    for args in [
        vec!["history", "--env", "produktion"],
        vec!["diff", "uat", "produktion"],
        vec!["deploy", "1.1.0", "--to", "produktion"],
    ] {
        let out = repo.milepost(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains(says), "{args:?}: {}", stderr(&out));
    }
    // An environment that exists but has no deploys yet is not an error.
    repo.write(
        "environments/demo.toml",
        "name = \"demo\"\ntier = \"demo\"\n",
    );
    let out = repo.milepost(&["history", "--env", "demo"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn a_soak_too_long_to_compute_is_an_error_not_a_rule_switched_off() {
    let repo = TestRepo::new("");
    let settings = fs::read_to_string(repo.registry().join("milepost.toml")).unwrap();
    repo.write(
        "milepost.toml",
        &(settings.replace("soak = \"24h\"", "soak = \"99999999999999999999h\"")
            + "\n[policy.incidents]\ntriage_within = \"9999999999w\"\n"),
    );
    repo.deploy("uat", "1.0.0", None, ALICE, "2024-06-02T10:00:00Z");
    repo.write(
        "environments/prod.toml",
        "name = \"prod\"\ntier = \"production\"\nrelease = \"1.0.0\"\n",
    );
    let out = repo.milepost(&["check", "--format", "json", "--now", "2024-06-02T11:00:00Z"]);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let errors: Vec<(String, String, u64)> = json["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["file"].as_str().unwrap().to_string(),
                e["code"].as_str().unwrap().to_string(),
                e["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        errors,
        [
            ("environments/prod.toml".to_string(), "soak".to_string(), 3),
            ("milepost.toml".to_string(), "duration".to_string(), 13),
            ("milepost.toml".to_string(), "duration".to_string(), 18),
        ]
    );
}

/// A rollback is exempt from the promotion rules only when the release ran
/// on that environment before: a lower version never deployed there is a
/// deploy like any other.
#[test]
fn only_a_real_rollback_skips_the_promotion_rules() {
    let judge = |history: &[(&str, &str)]| {
        let repo = TestRepo::new("");
        for (day, (env, release)) in (2..).zip(history) {
            repo.deploy(
                env,
                release,
                None,
                BOB,
                &format!("2024-06-{day:02}T10:00:00Z"),
            );
        }
        // The proposed deploy: prod back to 1.0.0, uncommitted.
        repo.write(
            "environments/prod.toml",
            "name = \"prod\"\ntier = \"production\"\nrelease = \"1.0.0\"\n",
        );
        let out = repo.milepost(&["check", "--format", "json", "--now", "2024-06-20T10:00:00Z"]);
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        json["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["code"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    // 1.0.0 ran on prod before 1.1.0: going back is a rollback, nothing to judge.
    assert_eq!(
        judge(&[
            ("uat", "1.0.0"),
            ("prod", "1.0.0"),
            ("uat", "1.1.0"),
            ("prod", "1.1.0")
        ]),
        Vec::<String>::new()
    );
    // 1.0.0 never ran on prod (nor on uat): lower, but a first deploy, judged whole.
    assert_eq!(
        judge(&[("uat", "1.1.0"), ("prod", "1.1.0")]),
        ["promotion-order"]
    );
}

/// A triage time that cannot be computed is reported where it is written,
/// and every open incident says it cannot be judged: no silent pass.
#[test]
fn a_triage_time_too_long_to_compute_leaves_no_incident_unjudged() {
    let repo = TestRepo::new("");
    repo.deploy("uat", "1.0.0", None, ALICE, "2024-06-02T10:00:00Z");
    let settings = fs::read_to_string(repo.registry().join("milepost.toml")).unwrap();
    let incident = "incidents/2024-06-13-export-timeouts.toml";
    let text = fs::read_to_string(repo.registry().join(incident)).unwrap();
    let open = text
        .replace("status = \"resolved\"", "status = \"open\"")
        .replace("resolved_at = 2024-06-13T11:40:00Z\n", "");
    repo.write(incident, &open);
    for (limit, expected) in [
        ("99999999999999999999h", Some("cannot be computed")),
        ("1h", Some("still open")),
        ("52w", None),
    ] {
        repo.write(
            "milepost.toml",
            &format!("{settings}\n[policy.incidents]\ntriage_within = \"{limit}\"\n"),
        );
        let out = repo.milepost(&["check", "--format", "json", "--now", "2024-06-14T00:00:00Z"]);
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let untriaged: Vec<&str> = json["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|w| w["code"] == "untriaged")
            .map(|w| w["message"].as_str().unwrap())
            .collect();
        match expected {
            Some(text) => {
                assert_eq!(untriaged.len(), 1, "{limit}: {json:#}");
                assert!(untriaged[0].contains(text), "{limit}: {untriaged:?}");
            }
            None => assert!(untriaged.is_empty(), "{limit}: {untriaged:?}"),
        }
        let unusable = json["errors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["code"] == "duration");
        assert_eq!(unusable, limit.len() > 5, "{limit}: {json:#}");
    }
}
