use std::collections::BTreeMap;

use jiff::Timestamp;

use super::*;
use crate::history::{DeployEvent, DeployKind, Removal};

fn at(hour: i64) -> Timestamp {
    Timestamp::from_second(1_717_200_000 + hour * 3600).unwrap()
}

fn event(env: &str, release: &str, previous: Option<&str>, commit: &str, hour: i64) -> DeployEvent {
    DeployEvent {
        environment: env.to_string(),
        release: release.to_string(),
        previous: previous.map(str::to_string),
        kind: DeployKind::of(previous, release),
        at: at(hour),
        author: "A <a@x>".to_string(),
        commit: commit.to_string(),
        recorded_at: None,
    }
}

fn removal(env: &str, last: Option<&str>, commit: &str, hour: i64) -> Removal {
    Removal {
        environment: env.to_string(),
        last_release: last.map(str::to_string),
        at: at(hour),
        author: "A <a@x>".to_string(),
        commit: commit.to_string(),
    }
}

fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

/// `env release <- previous kind commit` of each event, oldest first.
fn lines(history: &History) -> Vec<String> {
    history
        .events
        .iter()
        .map(|e| {
            format!(
                "{} {} <- {} {} {}",
                e.environment,
                e.release,
                e.previous.as_deref().unwrap_or("none"),
                e.kind.as_str(),
                e.commit
            )
        })
        .collect()
}

/// production ran 1.0.0 then 1.1.0; commit c3 renames its file to prod.toml,
/// which runs `release_after_rename`.
fn renamed_in_c3(release_after_rename: &str) -> History {
    History {
        events: vec![
            event("production", "1.0.0", None, "c1", 1),
            event("production", "1.1.0", Some("1.0.0"), "c2", 2),
            event("prod", release_after_rename, None, "c3", 3),
        ],
        removals: vec![removal("production", Some("1.1.0"), "c3", 3)],
        warnings: vec!["commit c1: a warning".to_string()],
    }
}

#[test]
fn a_rename_with_the_same_release_leaves_no_trace() {
    let history = with_renames(renamed_in_c3("1.1.0"), &map(&[("production", "prod")]));
    assert_eq!(
        lines(&history),
        [
            "prod 1.0.0 <- none deploy c1",
            "prod 1.1.0 <- 1.0.0 deploy c2"
        ]
    );
    assert_eq!(history.removals, []);
    assert_eq!(history.warnings, ["commit c1: a warning"]);
}

#[test]
fn a_rename_that_changes_the_release_is_one_deploy_from_the_old_release() {
    let history = with_renames(renamed_in_c3("1.2.0"), &map(&[("production", "prod")]));
    assert_eq!(
        lines(&history),
        [
            "prod 1.0.0 <- none deploy c1",
            "prod 1.1.0 <- 1.0.0 deploy c2",
            "prod 1.2.0 <- 1.1.0 deploy c3"
        ]
    );
    assert_eq!(history.removals, []);
    // Back to a release that ran under the old name: a rollback.
    let back = with_renames(renamed_in_c3("1.0.0"), &map(&[("production", "prod")]));
    assert_eq!(back.events[2].kind, DeployKind::Rollback);
    assert_eq!(back.events[2].previous.as_deref(), Some("1.1.0"));
    // Lower, but it never ran there under either name: a deploy.
    let lower = with_renames(renamed_in_c3("0.9.0"), &map(&[("production", "prod")]));
    assert_eq!(lines(&lower)[2], "prod 0.9.0 <- 1.1.0 deploy c3");
}

#[test]
fn deploys_after_a_rename_are_judged_along_the_whole_line() {
    let mut walked = renamed_in_c3("1.1.0");
    walked
        .events
        .push(event("prod", "1.2.0", Some("1.1.0"), "c4", 4));
    // As the walk saw it, 1.0.0 never ran on prod: a deploy.
    let mut back = event("prod", "1.0.0", Some("1.2.0"), "c5", 5);
    back.kind = DeployKind::Deploy;
    walked.events.push(back);
    walked
        .events
        .push(event("prod", "1.0.0", Some("1.0.0"), "c6", 6));
    let history = with_renames(walked, &map(&[("production", "prod")]));
    assert_eq!(
        lines(&history),
        [
            "prod 1.0.0 <- none deploy c1",
            "prod 1.1.0 <- 1.0.0 deploy c2",
            "prod 1.2.0 <- 1.1.0 deploy c4",
            "prod 1.0.0 <- 1.2.0 rollback c5",
            "prod 1.0.0 <- 1.0.0 redeploy c6"
        ]
    );
}

#[test]
fn a_former_id_that_never_existed_changes_nothing() {
    let mut walked = renamed_in_c3("1.1.0");
    label_kinds(&mut walked.events);
    let history = with_renames(walked.clone(), &map(&[("staging", "uat")]));
    assert_eq!(history, walked);
    assert_eq!(with_renames(walked.clone(), &BTreeMap::new()), walked);
}

#[test]
fn a_removal_in_another_commit_stays_a_removal_under_the_new_name() {
    let walked = History {
        events: vec![
            event("production", "1.0.0", None, "c1", 1),
            event("prod", "1.1.0", None, "c3", 3),
        ],
        removals: vec![removal("production", Some("1.0.0"), "c2", 2)],
        warnings: vec![],
    };
    let history = with_renames(walked, &map(&[("production", "prod")]));
    assert_eq!(
        lines(&history),
        [
            "prod 1.0.0 <- none deploy c1",
            "prod 1.1.0 <- none deploy c3"
        ]
    );
    assert_eq!(history.removals.len(), 1);
    assert_eq!(history.removals[0].environment, "prod");
    assert_eq!(history.removals[0].commit, "c2");
}

#[test]
fn renames_chain_through_every_former_id() {
    // a → b in c2, b → c in c3 (same release), then c goes back to 1.0.0.
    let walked = History {
        events: vec![
            event("a", "1.0.0", None, "c1", 1),
            event("b", "2.0.0", None, "c2", 2),
            event("c", "2.0.0", None, "c3", 3),
            event("c", "1.0.0", Some("2.0.0"), "c4", 4),
        ],
        removals: vec![
            removal("a", Some("1.0.0"), "c2", 2),
            removal("b", Some("2.0.0"), "c3", 3),
        ],
        warnings: vec![],
    };
    let history = with_renames(walked, &map(&[("a", "c"), ("b", "c")]));
    assert_eq!(
        lines(&history),
        [
            "c 1.0.0 <- none deploy c1",
            "c 2.0.0 <- 1.0.0 deploy c2",
            "c 1.0.0 <- 2.0.0 rollback c4"
        ]
    );
    assert_eq!(history.removals, []);
}

#[test]
fn other_environments_are_left_alone() {
    let mut walked = renamed_in_c3("1.1.0");
    walked
        .events
        .insert(1, event("uat", "1.0.0", None, "c1b", 1));
    walked
        .removals
        .push(removal("demo", Some("0.1.0"), "c3", 3));
    let history = with_renames(walked, &map(&[("production", "prod")]));
    assert_eq!(
        lines(&history),
        [
            "prod 1.0.0 <- none deploy c1",
            "uat 1.0.0 <- none deploy c1b",
            "prod 1.1.0 <- 1.0.0 deploy c2"
        ]
    );
    assert_eq!(history.removals.len(), 1);
    assert_eq!(history.removals[0].environment, "demo");
}

#[test]
fn renames_come_from_formerly_and_skip_what_validation_refuses() {
    let prod = vec!["production".to_string(), "live".to_string()];
    let uat = vec![
        "staging".to_string(),
        "live".to_string(),
        "demo".to_string(),
    ];
    let demo: Vec<String> = vec![];
    let found = renames([
        ("prod", prod.as_slice()),
        ("uat", uat.as_slice()),
        ("demo", demo.as_slice()),
    ]);
    // `live` is claimed twice and `demo` is a current id: neither renames.
    assert_eq!(found, map(&[("production", "prod"), ("staging", "uat")]));
    let twice = vec!["production".to_string(), "production".to_string()];
    assert_eq!(
        renames([("prod", twice.as_slice())]),
        map(&[("production", "prod")])
    );
}
