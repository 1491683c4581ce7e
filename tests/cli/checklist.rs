//! The internal checklist is `check`'s judgement per release: an item is
//! missing exactly when `check` reports something about the release (in
//! its folder, or about one of its deploys), and nothing `check` reports
//! about a release is left off its checklist.

use std::collections::BTreeSet;
use std::path::Path;

use milepost::judgement::{Deploys, Judgement};
use milepost::model::checklist::{State, checklist};

use crate::repo::{ALICE, BOB, TestRepo};

fn judged(root: &Path, now: &str) -> Judgement {
    let history = match milepost::git::GitRepo::discover(root) {
        Ok(repo) => milepost::history::load(&repo, &Default::default(), &mut |_, _| {}).unwrap(),
        Err(_) => Default::default(),
    };
    Judgement::new(
        milepost::check_registry(root),
        history,
        Deploys::History,
        now.parse().unwrap(),
    )
}

fn located(d: &milepost::diagnostic::Diagnostic) -> String {
    if d.position.line == 0 {
        format!("{}: {}", d.file, d.message)
    } else {
        format!("{}:{}: {}", d.file, d.position.line, d.message)
    }
}

/// Asserts the agreement for every release; returns each release's items
/// as `version state label` lines, for exact assertions.
fn assert_agreement(judgement: &Judgement) -> Vec<String> {
    let proposals = judgement.proposals();
    let mut lines = Vec::new();
    for release in &judgement.registry.releases {
        let version = release.id();
        let folder = format!("releases/{}/", release.folder);
        let mut reported: BTreeSet<String> = judgement
            .diagnostics
            .iter()
            .filter(|d| d.file.starts_with(&folder))
            .map(located)
            .collect();
        for env in judgement.registry.environments.keys() {
            reported.extend(judgement.findings_for(version, env).map(located));
        }
        let items = checklist(judgement, &proposals, release);
        let mut shown = BTreeSet::new();
        for item in &items {
            assert_eq!(
                item.state == State::Missing,
                !item.findings.is_empty(),
                "{version}: {item:?}"
            );
            shown.extend(item.findings.iter().cloned());
            lines.push(format!("{version} {:?} {}", item.state, item.label));
        }
        assert_eq!(shown, reported, "{version}");
    }
    lines
}

#[test]
fn the_example_registry_agrees_with_check() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("example-registry");
    let judgement = judged(&example, "2026-11-26T00:00:00Z");
    let lines = assert_agreement(&judgement);
    assert!(!lines.is_empty());
    // `check` passes on the example, so nothing on any checklist is missing.
    assert!(!judgement.has_errors());
    assert!(lines.iter().all(|l| !l.contains(" Missing ")), "{lines:#?}");
}

#[test]
fn broken_rules_show_on_the_checklist_as_check_reports_them() {
    let repo = TestRepo::new("");
    repo.deploy("uat", "1.0.0", None, ALICE, "2024-06-02T10:00:00Z");
    // Straight to prod: no soak, no approval, inside nothing; a past deploy,
    // so `check` warns about it.
    repo.deploy("prod", "1.0.0", None, BOB, "2024-06-02T11:00:00Z");
    // 1.1.0 is ready but its deploy doc lost a section, and its owner is unknown.
    let release = repo.registry().join("releases/1.1.0/release.toml");
    let text = std::fs::read_to_string(&release).unwrap();
    let text = text.replacen("owner = \"alice\"", "owner = \"nobody\"", 1);
    std::fs::write(&release, text).unwrap();
    let doc = repo.registry().join("releases/1.1.0/deploy.md");
    let text = std::fs::read_to_string(&doc).unwrap();
    std::fs::write(&doc, text.replace("## Rollback", "## Undo")).unwrap();
    repo.commit(ALICE, "2024-06-03T10:00:00Z", "Break 1.1.0");

    let judgement = judged(&repo.registry(), "2024-06-10T00:00:00Z");
    let lines = assert_agreement(&judgement);
    let of = |version: &str| -> Vec<&str> {
        lines
            .iter()
            .filter_map(|l| l.strip_prefix(&format!("{version} ")))
            .collect()
    };
    assert_eq!(
        of("1.0.0"),
        [
            "Done Owner",
            "Done Customer notes",
            "Done Deploy doc",
            "Done Deploy to uat",
            "Missing Deploy to prod",
        ]
    );
    assert_eq!(
        of("1.1.0"),
        [
            "Missing Owner",
            "Done Customer notes",
            "Missing Deploy doc",
            "Done Deploy to uat",
            "Next Deploy to prod",
        ]
    );
}
