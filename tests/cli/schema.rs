use std::fs;
use std::path::Path;

use crate::support::milepost;

const NAMES: [&str; 6] = [
    "milepost.schema.json",
    "teams.schema.json",
    "calendar.schema.json",
    "environment.schema.json",
    "release.schema.json",
    "incident.schema.json",
];

#[test]
fn schema_writes_the_builtin_schemas() {
    let dir = tempfile::tempdir().unwrap();
    let out = milepost()
        .arg("-C")
        .arg(dir.path())
        .args(["schema", "--out", "s"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let project = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema");
    for name in NAMES {
        let written = fs::read_to_string(dir.path().join("s").join(name)).unwrap();
        let shipped = fs::read_to_string(project.join(name)).unwrap();
        assert_eq!(written, shipped, "{name}");
        let json: serde_json::Value = serde_json::from_str(&written).unwrap();
        assert_eq!(
            json["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
    }
}
