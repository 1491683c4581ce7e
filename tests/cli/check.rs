use std::fs;

use crate::support::RegistryTest;

#[test]
fn a_valid_registry_passes() {
    RegistryTest::new("base")
        .check()
        .assert_errors(&[])
        .assert_warnings(&[]);
    let (code, out) = RegistryTest::new("base").check_human();
    assert_eq!((code, out.as_str()), (0, "no problems found\n"));
}

#[test]
fn the_design_sketches_form_a_valid_registry() {
    RegistryTest::standalone("design-sketches")
        .check()
        .assert_errors(&[])
        .assert_warnings(&[]);
}

#[test]
fn toml_syntax_errors_name_file_line_and_column() {
    RegistryTest::new("syntax-error")
        .check()
        .assert_errors(&["teams.toml:3:12 syntax"]);
}

#[test]
fn duplicate_keys_are_reported_at_the_second_key() {
    let run = RegistryTest::new("duplicate-key").check();
    run.assert_errors(&["environments/prod.toml:4:1 syntax"]);
    assert_eq!(run.messages(), ["invalid TOML: duplicate key"]);
}

#[test]
fn wrong_types_point_at_the_value() {
    let run = RegistryTest::new("wrong-type").check();
    run.assert_errors(&[
        "environments/prod.toml:3:11 schema",
        "environments/prod.toml:4:10 schema",
    ]);
    assert_eq!(
        run.messages(),
        [
            "`release` must be a string, found the number 1.0",
            "`public` must be a boolean, found \"yes\""
        ]
    );
}

#[test]
fn an_empty_file_is_an_error_not_a_crash() {
    RegistryTest::new("empty-file")
        .check()
        .assert_errors(&["environments/prod.toml:1:1 empty"]);
}

#[test]
fn unknown_fields_get_a_did_you_mean() {
    let run = RegistryTest::new("unknown-field").check();
    run.assert_errors(&[
        "releases/1.0.0/release.toml:4:1 unknown-field",
        "releases/1.0.0/release.toml:11:1 unknown-field",
    ]);
    assert_eq!(
        run.helps(),
        ["did you mean `owner`?", "did you mean `audience`?"]
    );
}

#[test]
fn versions_must_be_semver() {
    RegistryTest::new("bad-version")
        .check()
        .assert_errors(&["releases/1.0/release.toml:1:11 version"]);
}

#[test]
fn folder_must_match_version() {
    RegistryTest::new("folder-name")
        .check()
        .assert_errors(&["releases/1.2.0/release.toml:1:11 folder-name"]);
}

#[test]
fn every_name_must_exist() {
    let run = RegistryTest::new("unknown-names").check();
    run.assert_errors(&[
        "environments/demo.toml:3:11 unknown-release",
        "incidents/2024-07-01-outage.toml:2:11 unknown-release",
        "incidents/2024-07-01-outage.toml:3:15 unknown-environment",
        "incidents/2024-07-01-outage.toml:10:9 unknown-person",
        "releases/1.2.0/release.toml:4:9 unknown-person",
        "releases/1.2.0/release.toml:5:22 unknown-team",
        "releases/1.2.0/release.toml:8:6 unknown-person",
    ]);
    assert_eq!(
        run.helps(),
        [
            "add releases/0.9.0/release.toml (`milepost new 0.9.0`)",
            "did you mean `1.0.0`?",
            "did you mean `prod`?",
            "did you mean `bob`?",
            "did you mean `alice`?",
            "add `[teams.billing]` to teams.toml",
            "add `[people.carol]` to teams.toml",
        ]
    );
}

#[test]
fn policies_must_name_existing_environments_and_teams() {
    RegistryTest::new("unknown-policy-refs")
        .check()
        .assert_errors(&[
            "milepost.toml:9:10 unknown-environment",
            "milepost.toml:10:19 unknown-team",
            "milepost.toml:12:22 unknown-environment",
        ]);
}

#[test]
fn customer_facing_releases_need_notes() {
    RegistryTest::new("notes-missing").check().assert_errors(&[
        "releases/1.2.0/release.toml:5:19 notes-missing",
        "releases/1.3.0/release.toml:5:19 notes-missing",
    ]);
}

#[test]
fn ready_and_approved_releases_need_a_complete_deploy_doc() {
    let run = RegistryTest::new("deploy-doc").check();
    run.assert_errors(&[
        "releases/1.1.0/deploy.md:1:1 deploy-doc",
        "releases/1.1.0/deploy.md:3:1 deploy-doc",
        "releases/1.2.0/release.toml:3:10 deploy-doc",
    ]);
    assert_eq!(
        run.messages(),
        [
            "deploy doc has no `Rollback` section",
            "section `Steps` is empty",
            "release is approved, but releases/1.2.0/deploy.md is missing",
        ]
    );
}

#[test]
fn draft_releases_need_no_deploy_doc() {
    let test = RegistryTest::new("base");
    test.remove("releases/1.1.0/deploy.md");
    test.check()
        .assert_errors(&["releases/1.1.0/release.toml:3:10 deploy-doc"]);
    let text = fs::read_to_string(test.path().join("releases/1.1.0/release.toml")).unwrap();
    test.write(
        "releases/1.1.0/release.toml",
        text.replace("\"ready\"", "\"draft\""),
    );
    test.check().assert_errors(&[]);
}

#[test]
fn custom_deploy_doc_sections_are_required() {
    let test = RegistryTest::new("base");
    let text = fs::read_to_string(test.path().join("milepost.toml")).unwrap();
    test.write(
        "milepost.toml",
        text.replace("\"Verification\"]", "\"Verification\", \"Communication\"]"),
    );
    test.check().assert_errors(&[
        "releases/1.0.0/deploy.md:1:1 deploy-doc",
        "releases/1.1.0/deploy.md:1:1 deploy-doc",
    ]);
}

#[test]
fn times_must_come_in_order() {
    RegistryTest::new("time-order").check().assert_errors(&[
        "calendar.toml:4:7 time-order",
        "incidents/2024-06-13-export-timeouts.toml:7:15 time-order",
    ]);
}

#[test]
fn formats_and_ids_are_checked() {
    RegistryTest::new("bad-formats").check().assert_errors(&[
        "calendar.toml:3:8 schema",
        "calendar.toml:4:6 schema",
        "teams.toml:9:9 schema",
        "teams.toml:16:9 schema",
    ]);
}

#[test]
fn unexpected_files_are_warnings() {
    RegistryTest::new("unexpected-files")
        .check()
        .assert_errors(&[])
        .assert_warnings(&[
            "environments/prod.yaml:1:1 unexpected-file",
            "releases/1.0.0/notes.txt:1:1 unexpected-file",
            "releases/README.md:1:1 unexpected-file",
        ]);
}

#[test]
fn markdown_without_release_toml_is_reported() {
    let test = RegistryTest::new("base");
    test.write("releases/2.0.0/notes.md", "Orphan notes\n");
    test.check()
        .assert_errors(&["releases/2.0.0/release.toml:1:1 missing-file"]);
}

#[test]
fn non_utf8_bytes_are_reported_with_their_position() {
    let test = RegistryTest::new("base");
    test.write("environments/prod.toml", b"name = \"Pro\xffduction\"\n");
    test.check()
        .assert_errors(&["environments/prod.toml:1:12 encoding"]);
}

#[test]
fn files_over_10_mib_are_refused() {
    let test = RegistryTest::new("base");
    let mut big = b"name = \"Production\"\ntier = \"production\"\n".to_vec();
    big.resize(10 * 1024 * 1024 + 1, b'\n');
    test.write("environments/prod.toml", big);
    test.check()
        .assert_errors(&["environments/prod.toml:1:1 too-large"]);
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_registry_are_refused() {
    let test = RegistryTest::new("base");
    let outside = tempfile::tempdir().unwrap();
    fs::write(
        outside.path().join("secret.toml"),
        "name = \"x\"\ntier = \"demo\"\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.toml"),
        test.path().join("environments/demo.toml"),
    )
    .unwrap();
    // A link that stays inside is fine, and one that leads nowhere is an
    // error; an environment file may not be a link at all, since its
    // history is read from Git, which stores a link as its target's name.
    std::os::unix::fs::symlink(
        "2024-06-13-export-timeouts.toml",
        test.path().join("incidents/2024-06-14-copy.toml"),
    )
    .unwrap();
    std::os::unix::fs::symlink("missing.toml", test.path().join("incidents/gone.toml")).unwrap();
    std::os::unix::fs::symlink("uat.toml", test.path().join("environments/qa.toml")).unwrap();
    test.check().assert_errors(&[
        "environments/demo.toml:1:1 symlink",
        "environments/qa.toml:1:1 symlink",
        "incidents/gone.toml:1:1 symlink",
    ]);
}

#[test]
fn a_folder_that_is_not_a_registry_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = crate::support::milepost()
        .arg("-C")
        .arg(dir.path())
        .arg("check")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with("error: no milepost.toml in "),
        "{stderr}"
    );
    assert!(
        stderr.ends_with(
            " or any folder above it: this is not a registry (`milepost init` starts one here, `-C DIR` names another)\n"
        ),
        "{stderr}"
    );
}

#[test]
fn bad_arguments_exit_2() {
    let out = RegistryTest::new("base")
        .cmd()
        .args(["check", "--format", "xml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn check_finds_the_registry_from_a_subfolder() {
    let test = RegistryTest::new("unknown-field");
    let out = crate::support::milepost()
        .current_dir(test.path().join("releases/1.0.0"))
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn github_annotations_carry_the_repository_path() {
    let test = RegistryTest::new("unknown-field");
    // The registry lives in a subfolder of a Git work tree.
    let top = tempfile::tempdir().unwrap();
    let init = std::process::Command::new("git")
        .arg("init")
        .arg("-q")
        .arg(top.path())
        .status()
        .unwrap();
    assert!(init.success());
    crate::support::copy_dir(test.path(), &top.path().join("ops/registry"));
    let out = crate::support::milepost()
        .arg("-C")
        .arg(top.path().join("ops/registry"))
        .args([
            "check",
            "--format",
            "github",
            "--now",
            "2024-07-01T00:00:00Z",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    // Nothing is committed yet, so the environment files are deploys in the making.
    insta::assert_snapshot!(String::from_utf8(out.stdout).unwrap(), @r"
    ::error file=ops/registry/environments/prod.toml,line=4,col=11,title=milepost promotion-order::deploying 1.0.0 to prod: 1.0.0 has not run on uat yet [promotion-order]%0Ahelp: deploy it to uat first: prod comes after uat
    ::error file=ops/registry/releases/1.0.0/release.toml,line=4,col=1,title=milepost unknown-field::unknown field `ownr` [unknown-field]%0Ahelp: did you mean `owner`?
    ::error file=ops/registry/releases/1.0.0/release.toml,line=11,col=1,title=milepost unknown-field::unknown field `audiense` [unknown-field]%0Ahelp: did you mean `audience`?
    ");
}

#[test]
fn json_output_has_the_documented_shape() {
    let run = RegistryTest::new("folder-name").check();
    assert_eq!(
        run.json,
        serde_json::json!({
            "errors": [{
                "file": "releases/1.2.0/release.toml",
                "line": 1,
                "column": 11,
                "code": "folder-name",
                "message": "version `1.2.1` does not match its folder `releases/1.2.0`",
                "help": "rename the folder or fix the version so that they are equal"
            }],
            "warnings": []
        })
    );
}

#[test]
fn human_output_reads_like_rustc() {
    let (code, out) = RegistryTest::new("unknown-names").check_human();
    assert_eq!(code, 1);
    insta::assert_snapshot!("human_unknown_names", out);
}

#[test]
fn human_output_for_syntax_and_deploy_doc_problems() {
    let test = RegistryTest::new("deploy-doc");
    crate::support::copy_dir(
        &crate::support::fixtures().join("syntax-error"),
        test.path(),
    );
    let (code, out) = test.check_human();
    assert_eq!(code, 1);
    insta::assert_snapshot!("human_syntax_and_deploy_doc", out);
}

#[test]
fn colour_only_when_asked_and_never_with_no_color() {
    // Not a terminal: plain text even though NO_COLOR is unset.
    let (_, out) = RegistryTest::new("unknown-field").check_human();
    assert!(!out.contains('\u{1b}'));
}

#[test]
fn explain_tells_what_a_code_means() {
    let out = crate::support::milepost()
        .args(["explain", "soak"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("soak: a release did not run long enough on the environment before\n\n"),
        "{text}"
    );
    let out = crate::support::milepost()
        .args(["explain", "soka"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "error: no such code `soka`; did you mean `soak`? (`milepost explain` lists them)\n"
    );
    let out = crate::support::milepost().arg("explain").output().unwrap();
    let list = String::from_utf8(out.stdout).unwrap();
    assert!(
        list.contains(
            "\n  promotion-order       a release skipped an environment it must pass first\n"
        ),
        "{list}"
    );
}

#[test]
fn incidents_are_triaged_and_closed_properly() {
    let test = RegistryTest::new("incident-triage");
    let out = test
        .cmd()
        .args(["check", "--format", "json", "--now", "2024-06-26T12:00:00Z"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    crate::support::assert_codes_explained(&json);
    let found: Vec<String> = ["errors", "warnings"]
        .iter()
        .flat_map(|k| json[*k].as_array().unwrap().clone())
        .map(|e| {
            format!(
                "{}:{} {}",
                e["file"].as_str().unwrap(),
                e["line"],
                e["code"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            // resolved without a root cause, and without a follow-up
            "incidents/2024-06-13-export-timeouts.toml:5 incident-incomplete",
            "incidents/2024-06-13-export-timeouts.toml:5 incident-incomplete",
            // open for six days, with an overdue follow-up
            "incidents/2024-06-20-login-loop.toml:5 untriaged",
            "incidents/2024-06-20-login-loop.toml:11 follow-up-overdue",
        ]
    );
    assert_eq!(out.status.code(), Some(1));
    // A day after detection it is not late yet, and the follow-up not yet due.
    let out = test
        .cmd()
        .args(["check", "--format", "json", "--now", "2024-06-20T20:00:00Z"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["warnings"].as_array().unwrap().len(), 0, "{json:#}");
}
