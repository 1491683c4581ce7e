use super::lookup;

fn known(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| n.to_string()).collect()
}

#[test]
fn typos_and_long_forms_get_a_suggestion() {
    let envs = known(&["dev", "prod", "uat"]);
    let err = lookup("environment", "environments/", "produktion", envs.clone()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "no environment `produktion`; did you mean `prod`? (environments/: dev, prod, uat)"
    );
    let err = lookup("environment", "environments/", "production", envs.clone()).unwrap_err();
    assert_eq!(err.suggestion.as_deref(), Some("prod"));
    let err = lookup("environment", "environments/", "prd", envs.clone()).unwrap_err();
    assert_eq!(err.suggestion.as_deref(), Some("prod"));
    assert!(lookup("environment", "environments/", "uat", envs).is_ok());
}

#[test]
fn unknown_names_without_a_near_one_list_what_exists() {
    let err = lookup("person", "teams.toml", "zed", known(&["alice", "bob"])).unwrap_err();
    assert_eq!(err.to_string(), "no person `zed` (teams.toml: alice, bob)");
    let err = lookup("person", "teams.toml", "zed", Vec::new()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "no person `zed` (teams.toml defines none yet)"
    );
}

#[test]
fn long_lists_keep_the_newest() {
    let many: Vec<String> = (0..20).map(|i| format!("1.{i}.0")).collect();
    let err = lookup("release", "releases/", "9.9.9", many).unwrap_err();
    assert!(err.to_string().ends_with("(releases/: … 8 more, 1.8.0, 1.9.0, 1.10.0, 1.11.0, 1.12.0, 1.13.0, 1.14.0, 1.15.0, 1.16.0, 1.17.0, 1.18.0, 1.19.0)"), "{err}");
}
