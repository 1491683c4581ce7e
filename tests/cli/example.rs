use std::fs;
use std::path::Path;

use crate::support::milepost;

fn example() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("example-registry")
}

#[test]
fn the_example_registry_passes_check() {
    let out = milepost()
        .arg("-C")
        .arg(example())
        .arg("check")
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "no problems found\n"
    );
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn every_example_toml_names_its_schema() {
    for entry in walkdir::WalkDir::new(example()) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "toml") {
            let text = fs::read_to_string(entry.path()).unwrap();
            let first = text.lines().next().unwrap_or_default();
            let schema = first.strip_prefix("#:schema ").unwrap_or_else(|| {
                panic!("{} does not start with #:schema", entry.path().display())
            });
            let resolved = entry.path().parent().unwrap().join(schema);
            assert!(
                resolved.is_file(),
                "{} names {schema}, which does not exist",
                entry.path().display()
            );
        }
    }
}

/// The DESIGN.md contract is that real-world test data, when present, is
/// used; say so loudly when it is absent rather than pass silently.
#[test]
fn shared_testdata_is_present_or_the_test_says_so() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/testdata");
    if !shared.is_dir() {
        eprintln!("NOTE: ../shared/testdata is absent; changelog import tests are not run");
    }
}
