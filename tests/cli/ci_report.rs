//! `check --format sarif` and `--format gitlab`: the reports code-scanning
//! servers read, checked against the SARIF 2.1.0 schema and GitLab's shape.

use std::fs;
use std::path::Path;

use serde_json::Value;

use crate::support::{RegistryTest, copy_dir, fixtures, milepost};

const NOW: &str = "2024-07-01T00:00:00Z";

/// The registry of fixture `case` in `ops/registry` of a new Git work tree,
/// as in a repository that holds more than the registry.
fn in_subfolder(case: &str) -> tempfile::TempDir {
    let test = RegistryTest::new(case);
    let top = tempfile::tempdir().unwrap();
    let init = std::process::Command::new("git")
        .args(["init", "-q"])
        .arg(top.path())
        .status()
        .unwrap();
    assert!(init.success());
    copy_dir(test.path(), &top.path().join("ops/registry"));
    top
}

fn report(registry: &Path, format: &str) -> (i32, Value, String) {
    let out = milepost()
        .arg("-C")
        .arg(registry)
        .args(["check", "--format", format, "--now", NOW])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let json = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    (out.status.code().unwrap(), json, text)
}

/// The official schema as OASIS publishes it with errata 01 (sarif-spec,
/// sarif-2.1/schema/sarif-schema-2.1.0.json, draft-04), formats checked too.
#[track_caller]
fn assert_valid_sarif(log: &Value) {
    let text = fs::read_to_string(fixtures().join("sarif-schema-2.1.0.json")).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::draft4::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    let errors: Vec<String> = validator
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}\n{log:#}");
}

#[test]
fn sarif_is_valid_and_places_results_by_repository_path() {
    let top = in_subfolder("unknown-field");
    let (code, log, _) = report(&top.path().join("ops/registry"), "sarif");
    assert_eq!(code, 1);
    assert_valid_sarif(&log);
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "milepost");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["promotion-order", "unknown-field"]);
    let (summary, text) = milepost::explain::explanation("unknown-field").unwrap();
    assert_eq!(rules[1]["shortDescription"]["text"], summary);
    assert_eq!(rules[1]["fullDescription"]["text"], text);

    let results = run["results"].as_array().unwrap();
    let places: Vec<String> = results
        .iter()
        .map(|r| {
            let location = &r["locations"][0]["physicalLocation"];
            let region = &location["region"];
            format!(
                "{} {} {}#{} {}:{}-{}:{}",
                r["level"].as_str().unwrap(),
                r["ruleId"].as_str().unwrap(),
                r["ruleIndex"],
                location["artifactLocation"]["uri"].as_str().unwrap(),
                region["startLine"],
                region["startColumn"],
                region["endLine"],
                region["endColumn"],
            )
        })
        .collect();
    assert_eq!(
        places,
        [
            "error promotion-order 0#ops/registry/environments/prod.toml 4:11-4:18",
            "error unknown-field 1#ops/registry/releases/1.0.0/release.toml 4:1-4:5",
            "error unknown-field 1#ops/registry/releases/1.0.0/release.toml 11:1-11:9",
        ]
    );
    assert_eq!(
        results[1]["message"]["text"],
        "unknown field `ownr`\nhelp: did you mean `owner`?"
    );
}

#[test]
fn sarif_of_a_clean_registry_is_valid_and_empty() {
    let test = RegistryTest::new("base");
    let (code, log, _) = report(test.path(), "sarif");
    assert_eq!(code, 0);
    assert_valid_sarif(&log);
    assert_eq!(log["runs"][0]["results"], Value::Array(vec![]));
    assert_eq!(
        log["runs"][0]["tool"]["driver"]["rules"],
        Value::Array(vec![])
    );
}

#[test]
fn warnings_are_sarif_warnings() {
    let test = RegistryTest::new("unexpected-files");
    let (code, log, _) = report(test.path(), "sarif");
    assert_eq!(code, 0);
    assert_valid_sarif(&log);
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 3, "{log:#}");
    assert!(results.iter().all(|r| r["level"] == "warning"), "{log:#}");
    let (_, issues, _) = report(test.path(), "gitlab");
    assert!(
        issues
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["severity"] == "minor"),
        "{issues:#}"
    );
}

#[test]
fn reports_are_the_same_on_every_run() {
    let top = in_subfolder("unknown-field");
    let registry = top.path().join("ops/registry");
    for format in ["sarif", "gitlab"] {
        let (_, _, first) = report(&registry, format);
        let (_, _, second) = report(&registry, format);
        assert_eq!(first, second, "{format}");
    }
}

#[test]
fn gitlab_code_quality_report() {
    let top = in_subfolder("unknown-field");
    let (code, report, text) = report(&top.path().join("ops/registry"), "gitlab");
    assert_eq!(code, 1);
    for issue in report.as_array().unwrap() {
        assert!(issue["fingerprint"].as_str().unwrap().len() >= 16);
    }
    insta::assert_snapshot!(text, @r#"
    [
      {
        "description": "deploying 1.0.0 to prod: 1.0.0 has not run on uat yet (help: deploy it to uat first: prod comes after uat)",
        "check_name": "promotion-order",
        "fingerprint": "788479614c55958c",
        "severity": "major",
        "location": {
          "path": "ops/registry/environments/prod.toml",
          "lines": {
            "begin": 4
          }
        }
      },
      {
        "description": "unknown field `ownr` (help: did you mean `owner`?)",
        "check_name": "unknown-field",
        "fingerprint": "59b67dffbc60161f",
        "severity": "major",
        "location": {
          "path": "ops/registry/releases/1.0.0/release.toml",
          "lines": {
            "begin": 4
          }
        }
      },
      {
        "description": "unknown field `audiense` (help: did you mean `audience`?)",
        "check_name": "unknown-field",
        "fingerprint": "c8fc7e1d690a16ff",
        "severity": "major",
        "location": {
          "path": "ops/registry/releases/1.0.0/release.toml",
          "lines": {
            "begin": 11
          }
        }
      }
    ]
    "#);
}

/// (fingerprint, line) of each issue.
fn fingerprints(report: &Value) -> Vec<(String, u64)> {
    report
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["fingerprint"].as_str().unwrap().to_string(),
                i["location"]["lines"]["begin"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn gitlab_fingerprints_survive_lines_added_above() {
    let test = RegistryTest::new("unknown-field");
    // The same unknown field twice, in two tables: two problems, two fingerprints.
    let path = test.path().join("releases/1.0.0/release.toml");
    let text = fs::read_to_string(&path).unwrap();
    let twice = text.replace(
        "[[approvals]]",
        "[[changes]]\nkind = \"fixed\"\nsummary = \"More\"\naudiense = \"public\"\n\n[[approvals]]",
    );
    fs::write(&path, &twice).unwrap();
    let (_, before, _) = report(test.path(), "gitlab");
    let before = fingerprints(&before);
    let mut unique: Vec<&String> = before.iter().map(|(f, _)| f).collect();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), before.len(), "{before:?}");

    fs::write(&path, format!("# A comment\n# and another\n{twice}")).unwrap();
    let (_, after, _) = report(test.path(), "gitlab");
    let after = fingerprints(&after);
    let shifted: Vec<(String, u64)> = before
        .iter()
        .filter(|(_, line)| after.iter().any(|(_, l)| *l == line + 2))
        .map(|(f, line)| (f.clone(), line + 2))
        .collect();
    // Every problem in release.toml moved two lines down and kept its fingerprint.
    for moved in &shifted {
        assert!(after.contains(moved), "{moved:?} not in {after:?}");
    }
    assert_eq!(shifted.len(), 3, "{before:?} → {after:?}");
}

/// A field name full of CR, LF, escape and NUL characters: quoted TOML keys
/// may hold anything, and the message that names it must stay one result.
#[test]
fn hostile_messages_stay_one_valid_result() {
    let test = RegistryTest::new("base");
    let path = test.path().join("releases/1.0.0/release.toml");
    let text = fs::read_to_string(&path).unwrap();
    fs::write(
        &path,
        format!("\"x\\r\\n::error file=evil::pwned\\u001b[31m\\u0000\\u2028\" = 1\n{text}"),
    )
    .unwrap();
    let (code, log, raw) = report(test.path(), "sarif");
    assert_eq!(code, 1);
    assert_valid_sarif(&log);
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1, "{log:#}");
    let message = results[0]["message"]["text"].as_str().unwrap();
    assert!(message.contains("::error file=evil"), "{message}");
    assert!(!raw.contains('\u{1b}') && !raw.contains('\0') && !raw.contains('\r'));

    let (_, issues, raw) = report(test.path(), "gitlab");
    assert_eq!(issues.as_array().unwrap().len(), 1, "{issues:#}");
    assert_eq!(issues[0]["check_name"], "unknown-field");
    assert!(!raw.contains('\u{1b}') && !raw.contains('\0') && !raw.contains('\r'));
    // The line break is escaped: the whole message is on the description's line.
    let lines: Vec<&str> = raw.lines().filter(|l| l.contains("pwned")).collect();
    assert_eq!(lines.len(), 1, "{raw}");
    assert!(lines[0].contains(r"x\r\n::error"), "{raw}");
}
