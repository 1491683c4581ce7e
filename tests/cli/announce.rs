//! `milepost announce`: the three formats, the boundary of what customers
//! may hear, and no announcement before the release is public.

use crate::repo::{ALICE, BOB, TestRepo};
use crate::site::{CANARIES, canary_repo};

const NOW: &str = "2024-07-01T00:00:00Z";

fn deployed() -> TestRepo {
    let repo = TestRepo::new("");
    repo.deploy("uat", "1.0.0", None, ALICE, "2024-06-02T10:00:00Z");
    repo.deploy("prod", "1.0.0", None, BOB, "2024-06-03T11:00:00Z");
    repo.deploy("uat", "1.1.0", None, ALICE, "2024-06-04T10:00:00Z");
    repo
}

fn announce(repo: &TestRepo, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["announce"];
    all.extend_from_slice(args);
    all.extend(["--now", NOW]);
    let out = repo.milepost(&all);
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn customers_markdown() {
    let (code, out, _) = announce(&deployed(), &["1.0.0", "--audience", "customers"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!(out, @r"
    # Fixture Cloud 1.0.0: First

    Released 3 June 2024.

    The first release.

    ## Added

    - Everything

    Read more: https://releases.fixture.example/releases/1.0.0/
    ");
}

#[test]
fn internal_markdown_has_what_support_needs() {
    let (code, out, _) = announce(&deployed(), &["1.1.0", "--audience", "internal"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!(out, @r#"
    # Fixture Cloud 1.1.0: Faster exports (internal)

    - Status: ready
    - Owner: Alice Ng <alice@fixture.example>
    - Planned: 12 June 2024
    - Runs on: uat
    - Customer notes published from 12 June 2024, 15:00 UTC

    ## Deploy window

    - Planned for 12 June 2024
    - Exports webinar (other): 14 June 2024, 16:00 UTC

    ## Changed

    - Exports are faster

    ## Fixed

    - Worker restarts (internal)

    ## Incidents

    - export timeouts after 1.1.0 (uat, resolved)
    "#);
}

#[test]
fn nothing_is_announced_to_customers_before_it_is_public() {
    let repo = deployed();
    // 1.1.0 is on uat only.
    let (code, out, err) = announce(&repo, &["1.1.0", "--audience", "customers"]);
    assert_eq!((code, out.as_str()), (1, ""));
    assert_eq!(
        err,
        "error: 1.1.0 is not published yet (it has not reached production); customers may not hear of it before (--draft writes it anyway)\n"
    );
    let (code, out, _) = announce(&repo, &["1.1.0", "--audience", "customers", "--draft"]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with("# Fixture Cloud 1.1.0: Faster exports\n\nReleased soon.\n"),
        "{out}"
    );
    // In production, but before publish_at.
    repo.deploy("prod", "1.1.0", None, BOB, "2024-06-10T10:00:00Z");
    let out = repo.milepost(&[
        "announce",
        "1.1.0",
        "--audience",
        "customers",
        "--now",
        "2024-06-11T00:00:00Z",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("its notes are published from 2024-06-12T15:00:00Z")
    );
    assert_eq!(announce(&repo, &["1.1.0", "--audience", "customers"]).0, 0);
}

// The e-mail format has its own module (email.rs), read by a real parser.

#[test]
fn slack_is_a_webhook_body() {
    let (code, out, _) = announce(
        &deployed(),
        &["1.0.0", "--audience", "customers", "--format", "slack"],
    );
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "text": "Fixture Cloud 1.0.0: First",
            "blocks": [
                {"type": "header", "text": {"type": "plain_text", "text": "Fixture Cloud 1.0.0: First"}},
                {"type": "section", "text": {"type": "mrkdwn", "text": "Released 3 June 2024.\n\nThe first release.\n\n*Added*\n\n• Everything\n\nRead more: https://releases.fixture.example/releases/1.0.0/"}}
            ]
        })
    );
}

#[test]
fn customer_announcements_hold_nothing_internal() {
    let repo = canary_repo();
    for format in ["markdown", "email", "slack"] {
        let (code, out, err) = announce(
            &repo,
            &[
                "1.0.0",
                "--audience",
                "customers",
                "--format",
                format,
                "--to",
                "customers@fixture.example",
            ],
        );
        assert_eq!(code, 0, "{err}");
        // The e-mail decoded (its bodies may be encoded), so that no canary hides.
        let text = if format == "email" {
            crate::email::parsed(out.as_bytes()).to_string()
        } else {
            out
        }
        .to_uppercase();
        for canary in CANARIES {
            assert!(
                !text.contains(&canary.to_uppercase()),
                "{format} announcement contains {canary}"
            );
        }
    }
    // The internal one carries them: the canaries are real.
    let (_, internal, _) = announce(&repo, &["1.0.0", "--audience", "internal"]);
    assert!(internal.contains("CANARY-INTERNAL-MD") && internal.contains("CANARY-INTERNAL-CHANGE"));
}

/// Blocks of a Slack message, each section's text.
fn slack_sections(json: &serde_json::Value) -> Vec<String> {
    json["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["type"] == "section")
        .map(|b| b["text"]["text"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn slack_splits_long_paragraphs_instead_of_cutting_them() {
    let repo = deployed();
    // One paragraph of 7,000 characters without a break, then a normal one.
    repo.write(
        "releases/1.0.0/notes.md",
        &format!("{}\n\nThe end.\n", "Q".repeat(7000)),
    );
    let (code, out, err) = announce(
        &repo,
        &["1.0.0", "--audience", "customers", "--format", "slack"],
    );
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let sections = slack_sections(&json);
    assert!(sections.iter().all(|s| s.chars().count() <= 3000));
    let qs: usize = sections.iter().map(|s| s.matches('Q').count()).sum();
    assert_eq!(qs, 7000, "every character is kept");
    assert!(sections.last().unwrap().contains("Read more:"));
}

#[test]
fn slack_stays_within_fifty_blocks_and_counts_what_it_left_out() {
    let repo = deployed();
    let paragraphs: Vec<String> = (0..60)
        .map(|i| format!("{i} {}", "z".repeat(2500)))
        .collect();
    repo.write("releases/1.0.0/notes.md", &paragraphs.join("\n\n"));
    let mut release =
        std::fs::read_to_string(repo.registry().join("releases/1.0.0/release.toml")).unwrap();
    for i in 0..9 {
        release.push_str(&format!(
            "\n[[changes]]\nkind = \"fixed\"\nsummary = \"Fix {i}\"\n"
        ));
    }
    repo.write("releases/1.0.0/release.toml", &release);
    let (code, out, err) = announce(
        &repo,
        &["1.0.0", "--audience", "customers", "--format", "slack"],
    );
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let blocks = json["blocks"].as_array().unwrap();
    assert_eq!(blocks.len(), 50);
    let sections = slack_sections(&json);
    assert!(sections.iter().all(|s| s.chars().count() <= 3000));
    // "Everything" and the nine fixes come after the notes: all ten left out.
    assert_eq!(
        sections.last().unwrap(),
        "_This message is too long for Slack: 10 more changes are left out._ Read everything: https://releases.fixture.example/releases/1.0.0/"
    );
}
