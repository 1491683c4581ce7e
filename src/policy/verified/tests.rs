use super::*;

fn at(text: &str) -> Timestamp {
    text.parse().unwrap_or_default()
}

fn v(env: &str, when: &str, result: VerificationResult) -> Verification {
    Verification {
        environment: env.to_string(),
        by: "bob".to_string(),
        at: at(when),
        result,
        notes: None,
    }
}

use VerificationResult::{Failed, Passed};

const DEPLOYED: &str = "2024-06-02T10:00:00Z";
const UNTIL: &str = "2024-06-04T10:00:00Z";

fn of(list: &[Verification]) -> Standing<'_> {
    standing(list, "uat", at(DEPLOYED), at(UNTIL))
}

#[test]
fn a_pass_after_the_deploy_counts() {
    let list = [v("uat", "2024-06-02T11:00:00Z", Passed)];
    assert_eq!(of(&list), Standing::Passed(&list[0]));
}

#[test]
fn a_pass_before_the_release_reached_the_environment_does_not() {
    let list = [
        v("uat", "2024-06-01T11:00:00Z", Passed),
        v("uat", DEPLOYED, Passed),
    ];
    assert_eq!(
        of(&list),
        Standing::Unverified {
            too_early: 2,
            too_late: 0
        }
    );
}

#[test]
fn a_pass_after_the_judged_deploy_does_not() {
    let list = [v("uat", "2024-06-05T11:00:00Z", Passed)];
    assert_eq!(
        of(&list),
        Standing::Unverified {
            too_early: 0,
            too_late: 1
        }
    );
}

#[test]
fn a_failure_after_a_pass_overrides_it() {
    let list = [
        v("uat", "2024-06-02T11:00:00Z", Passed),
        v("uat", "2024-06-02T12:00:00Z", Failed),
    ];
    assert_eq!(of(&list), Standing::Failed(&list[1]));
}

#[test]
fn a_pass_after_a_failure_lifts_it() {
    let list = [
        v("uat", "2024-06-02T12:00:00Z", Passed),
        v("uat", "2024-06-02T11:00:00Z", Failed),
    ];
    assert_eq!(of(&list), Standing::Passed(&list[0]));
}

#[test]
fn at_the_same_instant_a_failure_wins() {
    let list = [
        v("uat", "2024-06-02T11:00:00Z", Passed),
        v("uat", "2024-06-02T11:00:00Z", Failed),
        v("uat", "2024-06-02T11:00:00Z", Passed),
    ];
    assert_eq!(of(&list), Standing::Failed(&list[1]));
}

#[test]
fn other_environments_do_not_count() {
    let list = [v("demo", "2024-06-02T11:00:00Z", Passed)];
    assert_eq!(
        of(&list),
        Standing::Unverified {
            too_early: 0,
            too_late: 0
        }
    );
}

#[test]
fn a_failure_during_a_run_marks_it() {
    let list = [v("prod", "2024-06-03T11:00:00Z", Failed)];
    let start = at("2024-06-03T10:00:00Z");
    assert!(failed_during(&list, "prod", start, None));
    assert!(failed_during(
        &list,
        "prod",
        start,
        Some(at("2024-06-03T12:00:00Z"))
    ));
    // The next deploy had replaced it: the failure is that one's.
    assert!(!failed_during(
        &list,
        "prod",
        start,
        Some(at("2024-06-03T11:00:00Z"))
    ));
    assert!(!failed_during(&list, "uat", start, None));
    let passed = [v("prod", "2024-06-03T11:00:00Z", Passed)];
    assert!(!failed_during(&passed, "prod", start, None));
}
