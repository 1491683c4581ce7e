use std::fs;
use std::path::Path;

use crate::support::milepost;

fn example() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("example-registry")
}

/// The README promises `no problems found` for the example, today and in
/// years: nothing in it may fall due.
#[test]
fn the_example_registry_passes_check_on_any_date() {
    for now in [
        crate::support::NOW,
        "2031-06-30T23:59:59Z",
        "2099-01-01T00:00:00Z",
    ] {
        let out = milepost()
            .arg("-C")
            .arg(example())
            .args(["check", "--now", now])
            .output()
            .unwrap();
        assert_eq!(
            String::from_utf8(out.stdout).unwrap(),
            "no problems found\n",
            "at {now}"
        );
        assert_eq!(out.status.code(), Some(0));
    }
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
