//! Hostile pull requests: each tries to get a release past `check --base`
//! that the rules should stop, and each must fail (with a kept twin where
//! the same change made honestly passes).

use crate::repo::{ALICE, BOB, TestRepo};

const PROD: &str = "environments/prod.toml";

/// `(exit code, ["e|w file code"])` of `check --base main --now NOW`.
fn gate(repo: &TestRepo, now: &str) -> (i32, Vec<String>) {
    let out = repo.milepost(&["check", "--format", "json", "--base", "main", "--now", now]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&out.stderr)));
    crate::support::assert_codes_explained(&json);
    let mut found = Vec::new();
    for (key, mark) in [("errors", "e"), ("warnings", "w")] {
        for e in json[key].as_array().unwrap() {
            found.push(format!(
                "{mark} {} {}",
                e["file"].as_str().unwrap(),
                e["code"].as_str().unwrap()
            ));
        }
    }
    (out.status.code().unwrap(), found)
}

/// The base fixture on `main` with uat and prod on 1.0.0, and release
/// 1.2.0 approved by bob (ops), never deployed.
fn main_with_1_2_0() -> TestRepo {
    let repo = TestRepo::new("");
    repo.deploy("uat", "1.0.0", None, ALICE, "2024-06-02T10:00:00Z");
    repo.deploy("prod", "1.0.0", None, BOB, "2024-06-03T11:00:00Z");
    let template = std::fs::read_to_string(repo.registry().join("releases/1.0.0/release.toml"))
        .unwrap()
        .replace("version = \"1.0.0\"", "version = \"1.2.0\"");
    repo.write("releases/1.2.0/release.toml", &template);
    for doc in ["notes.md", "deploy.md"] {
        let text =
            std::fs::read_to_string(repo.registry().join(format!("releases/1.0.0/{doc}"))).unwrap();
        repo.write(&format!("releases/1.2.0/{doc}"), &text);
    }
    repo.commit(ALICE, "2024-11-01T00:00:00Z", "1.2.0");
    repo
}

fn env_file(name: &str, tier: &str, release: &str, extra: &str) -> String {
    format!("name = \"{name}\"\ntier = \"{tier}\"\nrelease = \"{release}\"\n{extra}")
}

fn branch(repo: &TestRepo, name: &str) {
    repo.git(&["checkout", "-q", "-b", name]);
}

fn merge_into_main(repo: &TestRepo, branch: &str, at: &str) {
    repo.git(&["checkout", "-q", "main"]);
    repo.git_env(
        &["merge", "-q", "--no-ff", "-m", "merge", branch],
        &[
            ("GIT_AUTHOR_NAME", "Alice Ng"),
            ("GIT_AUTHOR_EMAIL", "alice@fixture.example"),
            ("GIT_COMMITTER_NAME", "Alice Ng"),
            ("GIT_COMMITTER_EMAIL", "alice@fixture.example"),
            ("GIT_AUTHOR_DATE", at),
            ("GIT_COMMITTER_DATE", at),
        ],
    );
}

/// An early `deployed_at` on uat, merged, does not make the release soaked
/// for the pull request that takes it to prod.
#[test]
fn a_backdated_deploy_buys_no_soak() {
    let repo = main_with_1_2_0();
    branch(&repo, "pr1");
    repo.write(
        "environments/uat.toml",
        &env_file(
            "uat",
            "staging",
            "1.2.0",
            "deployed_at = 2024-06-02T11:00:00Z\n",
        ),
    );
    repo.commit(ALICE, "2024-11-20T10:00:00Z", "1.2.0 on uat (says June)");
    assert_eq!(gate(&repo, "2024-11-20T10:00:00Z"), (0, vec![]));
    merge_into_main(&repo, "pr1", "2024-11-20T10:00:00Z");
    branch(&repo, "pr2");
    repo.deploy("prod", "1.2.0", None, BOB, "2024-11-20T10:30:00Z");
    assert_eq!(
        gate(&repo, "2024-11-20T10:30:00Z"),
        (1, vec![format!("e {PROD} soak")])
    );
    // A day after it was recorded, it has soaked.
    assert_eq!(gate(&repo, "2024-11-21T10:30:00Z"), (0, vec![]));
}

/// A `deployed_at` before the deploy it replaces, or after now, is refused.
#[test]
fn a_deployed_at_out_of_order_is_refused() {
    let repo = main_with_1_2_0();
    branch(&repo, "pr");
    for (at, ok) in [
        ("2024-06-02T09:00:00Z", false),
        ("2024-11-21T09:00:00Z", false),
        ("2024-11-20T09:00:00Z", true),
    ] {
        repo.write(
            "environments/uat.toml",
            &env_file("uat", "staging", "1.2.0", &format!("deployed_at = {at}\n")),
        );
        let (code, found) = gate(&repo, "2024-11-20T10:00:00Z");
        if ok {
            assert_eq!((code, found), (0, vec![]), "{at}");
        } else {
            assert_eq!(
                (code, found),
                (1, vec!["e environments/uat.toml deployed-at".to_string()]),
                "{at}"
            );
        }
    }
}

/// Renaming prod and dropping its policy and freeze in the same pull
/// request: the base's rules follow the rename.
#[test]
fn renaming_an_environment_does_not_escape_its_rules() {
    let repo = main_with_1_2_0();
    branch(&repo, "pr");
    repo.remove("environments/prod.toml");
    repo.write(
        "environments/production.toml",
        &env_file(
            "Production",
            "production",
            "1.2.0",
            "formerly = [\"prod\"]\n",
        ),
    );
    let settings = std::fs::read_to_string(repo.registry().join("milepost.toml")).unwrap();
    let cut = settings.find("[policy.environments.prod]").unwrap();
    repo.write("milepost.toml", &settings[..cut]);
    repo.write("calendar.toml", "");
    repo.commit(ALICE, "2024-11-29T10:00:00Z", "prod is production now");
    let (code, found) = gate(&repo, "2024-11-29T12:00:00Z");
    assert_eq!(code, 1, "{found:?}");
    for rule in ["freeze", "promotion-order"] {
        assert!(
            found.contains(&format!("e environments/production.toml {rule}")),
            "{rule}: {found:?}"
        );
    }
    // Without `formerly`, a new production environment is held to the
    // rules of the production environments the base had.
    repo.write(
        "environments/production.toml",
        &env_file("Production", "production", "1.2.0", ""),
    );
    let (code, found) = gate(&repo, "2024-11-29T12:00:00Z");
    assert_eq!(code, 1, "{found:?}");
    assert!(
        found.contains(&"e environments/production.toml freeze".to_string()),
        "{found:?}"
    );
}

/// A new production-tier environment beside prod has prod's rules.
#[test]
fn a_new_production_environment_has_the_rules_of_production() {
    let repo = main_with_1_2_0();
    branch(&repo, "pr");
    repo.write(
        "environments/live.toml",
        &env_file("Live", "production", "1.2.0", ""),
    );
    let (code, found) = gate(&repo, "2024-11-29T12:00:00Z");
    assert_eq!(code, 1, "{found:?}");
    assert!(
        found.contains(&"e environments/live.toml freeze".to_string()),
        "{found:?}"
    );
    assert!(
        found.contains(&"e environments/live.toml promotion-order".to_string()),
        "{found:?}"
    );
    // The same environment as a demo is no production.
    repo.write(
        "environments/live.toml",
        &env_file("Live", "demo", "1.2.0", ""),
    );
    assert_eq!(gate(&repo, "2024-11-29T12:00:00Z"), (0, vec![]));
}

/// Lowering prod's tier in the pull request does not switch off the rule
/// that only approved releases reach production.
#[test]
fn lowering_the_tier_keeps_the_status_rule() {
    let repo = main_with_1_2_0();
    let release = std::fs::read_to_string(repo.registry().join("releases/1.2.0/release.toml"))
        .unwrap()
        .replace("status = \"approved\"", "status = \"ready\"");
    repo.write("releases/1.2.0/release.toml", &release);
    repo.deploy("uat", "1.2.0", None, ALICE, "2024-11-02T10:00:00Z");
    branch(&repo, "pr");
    repo.write(
        "environments/prod.toml",
        &env_file("prod", "staging", "1.2.0", ""),
    );
    assert_eq!(
        gate(&repo, "2024-11-20T12:00:00Z"),
        (1, vec![format!("e {PROD} not-approved")])
    );
}

/// A stale branch is judged against the base branch as it is now: a
/// release withdrawn and a freeze added there since the fork still apply.
#[test]
fn a_stale_branch_meets_the_rules_of_main_now() {
    let repo = main_with_1_2_0();
    repo.deploy("uat", "1.2.0", None, ALICE, "2024-11-02T10:00:00Z");
    branch(&repo, "pr");
    repo.deploy("prod", "1.2.0", None, BOB, "2024-11-10T10:00:00Z");
    repo.git(&["checkout", "-q", "main"]);
    let calendar = std::fs::read_to_string(repo.registry().join("calendar.toml")).unwrap();
    repo.write(
        "calendar.toml",
        &format!("{calendar}\n[[freeze]]\nname = \"Audit\"\nstart = 2024-11-10T00:00:00Z\nend = 2024-11-30T00:00:00Z\n"),
    );
    repo.commit(BOB, "2024-11-09T10:00:00Z", "Audit freeze");
    repo.git(&["checkout", "-q", "pr"]);
    let (code, found) = gate(&repo, "2024-11-12T12:00:00Z");
    assert_eq!((code, found), (1, vec![format!("e {PROD} freeze")]));
}

/// Taking the `release` line away and putting it back is a deploy like
/// any other, judged when it is proposed.
#[test]
fn removing_and_restoring_the_release_line_is_judged() {
    let repo = main_with_1_2_0();
    branch(&repo, "pr1");
    repo.write(
        "environments/prod.toml",
        "name = \"prod\"\ntier = \"production\"\n",
    );
    repo.commit(BOB, "2024-11-20T10:00:00Z", "No release line");
    assert_eq!(gate(&repo, "2024-11-20T12:00:00Z"), (0, vec![]));
    merge_into_main(&repo, "pr1", "2024-11-20T12:00:00Z");
    branch(&repo, "pr2");
    repo.write(
        "environments/prod.toml",
        &env_file("prod", "production", "1.0.0", ""),
    );
    repo.commit(BOB, "2024-11-29T10:00:00Z", "Back");
    assert_eq!(
        gate(&repo, "2024-11-29T12:00:00Z"),
        (1, vec![format!("e {PROD} freeze")])
    );
}

/// The owner cannot waive a freeze for their own release, even from ops.
#[test]
fn the_owner_cannot_waive_a_freeze() {
    let repo = main_with_1_2_0();
    repo.deploy("uat", "1.2.0", None, ALICE, "2024-11-02T10:00:00Z");
    let path = "releases/1.2.0/release.toml";
    let text = std::fs::read_to_string(repo.registry().join(path)).unwrap();
    let with = |owner: &str| {
        text.replace("owner = \"alice\"", &format!("owner = \"{owner}\""))
            .replace(
                "customer_facing = true\n",
                "customer_facing = true\nfreeze_exception = { reason = \"Fix\", approved_by = \"bob\" }\n",
            )
    };
    repo.write(path, &with("alice"));
    repo.commit(ALICE, "2024-11-03T10:00:00Z", "Exception");
    branch(&repo, "pr");
    repo.deploy("prod", "1.2.0", None, BOB, "2024-11-29T10:00:00Z");
    assert_eq!(gate(&repo, "2024-11-29T12:00:00Z"), (0, vec![]));
    repo.write(path, &with("bob"));
    let (code, found) = gate(&repo, "2024-11-29T12:00:00Z");
    assert_eq!(code, 1);
    assert!(found.contains(&format!("e {PROD} freeze")), "{found:?}");
}

/// An environment file turned into a symbolic link (whose Git blob is the
/// target's name) is refused, not read two ways.
#[test]
fn an_environment_file_may_not_become_a_link() {
    let repo = main_with_1_2_0();
    branch(&repo, "pr");
    let uat = repo.registry().join("environments/uat.toml");
    let target = repo.registry().join("environments/release=\"1.2.0\"#");
    std::fs::rename(&uat, &target).unwrap();
    std::os::unix::fs::symlink("release=\"1.2.0\"#", &uat).unwrap();
    repo.commit(ALICE, "2024-11-18T10:00:00Z", "Link");
    let (code, found) = gate(&repo, "2024-11-20T12:00:00Z");
    assert_eq!(code, 1);
    assert!(
        found.contains(&"e environments/uat.toml symlink".to_string()),
        "{found:?}"
    );
}

/// `PROD.toml` or a look-alike beside `prod.toml` is no environment id, and
/// a freeze for an empty list of environments is a mistake, not a no-op.
#[test]
fn ids_that_no_rule_can_name_are_refused() {
    let test = crate::support::RegistryTest::new("base");
    test.write(
        "environments/PROD.toml",
        "name = \"x\"\ntier = \"production\"\n",
    );
    test.write(
        "environments/pr\u{043e}d.toml",
        "name = \"x\"\ntier = \"production\"\n",
    );
    let calendar = std::fs::read_to_string(test.path().join("calendar.toml")).unwrap();
    test.write(
        "calendar.toml",
        calendar.replace("environments = [\"prod\"]", "environments = []"),
    );
    test.check().assert_errors(&[
        "calendar.toml:5:16 schema",
        "environments/PROD.toml:1:1 environment-id",
        "environments/pr\u{043e}d.toml:1:1 environment-id",
    ]);
}
