use std::fs;

use crate::support::milepost;

#[test]
fn init_writes_a_registry_that_passes_check() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("acme");
    let out = milepost().arg("init").arg(&target).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("  releases/0.1.0/release.toml\n"),
        "{stdout}"
    );
    assert!(target.join("incidents").is_dir());
    let text = fs::read_to_string(target.join("releases/0.1.0/release.toml")).unwrap();
    assert!(text.starts_with("#:schema ../../schema/release.schema.json\n"));

    let check = milepost()
        .arg("-C")
        .arg(&target)
        .arg("check")
        .output()
        .unwrap();
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    assert_eq!(
        String::from_utf8(check.stdout).unwrap(),
        "no problems found\n"
    );
}

#[test]
fn init_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("teams.toml"), "# mine\n").unwrap();
    let out = milepost()
        .arg("-C")
        .arg(dir.path())
        .arg("init")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("teams.toml already exists"), "{stderr}");
    assert_eq!(
        fs::read_to_string(dir.path().join("teams.toml")).unwrap(),
        "# mine\n"
    );
    // Nothing else was written either.
    assert!(!dir.path().join("milepost.toml").exists());
}
