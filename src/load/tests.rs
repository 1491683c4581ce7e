use std::path::PathBuf;

use proptest::prelude::*;

use super::*;
use crate::validate;

#[test]
fn placement_knows_the_layout() {
    assert_eq!(
        placement("milepost.toml"),
        Placement::Known(FileKind::Settings)
    );
    assert_eq!(
        placement("environments/prod.toml"),
        Placement::Known(FileKind::Environment { id: "prod".into() })
    );
    assert_eq!(
        placement("releases/2.4.1/deploy.md"),
        Placement::Known(FileKind::DeployDoc {
            folder: "2.4.1".into()
        })
    );
    assert!(matches!(
        placement("releases/2.4.1/notes.txt"),
        Placement::Unexpected { .. }
    ));
    assert!(matches!(
        placement("environments/prod.yaml"),
        Placement::Unexpected { .. }
    ));
    assert!(matches!(
        placement("releases/README.md"),
        Placement::Unexpected { .. }
    ));
    assert_eq!(placement("environments/.gitkeep"), Placement::Ignored);
    assert_eq!(placement("README.md"), Placement::Ignored);
    assert_eq!(placement("site-templates/base.html"), Placement::Ignored);
}

#[test]
fn invalid_utf8_is_reported_at_its_position() {
    let d = decode(
        "teams.toml",
        PathBuf::from("teams.toml"),
        b"a = 1\nb = \"\xff\"".to_vec(),
    )
    .unwrap_err();
    assert_eq!(
        (d.code, d.position.line, d.position.column),
        ("encoding", 2, 6)
    );
}

#[test]
fn a_folder_without_settings_is_not_a_registry() {
    let dir = tempfile::tempdir().unwrap();
    let err = find_root(dir.path()).unwrap_err();
    assert!(matches!(err, FindError::NotARegistry(_)), "{err}");
}

#[test]
fn the_registry_is_found_from_below() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("milepost.toml"), "").unwrap();
    fs::create_dir_all(dir.path().join("releases/1.0.0")).unwrap();
    let found = find_root(&dir.path().join("releases/1.0.0")).unwrap();
    assert_eq!(found, fs::canonicalize(dir.path()).unwrap());
}

/// Every kind of file the loader reads, fed arbitrary bytes: problems become
/// diagnostics, never panics.
fn feed(path: &str, bytes: Vec<u8>) {
    let Placement::Known(kind) = placement(path) else {
        panic!("{path} is not a registry file");
    };
    let loaded = match decode(path, PathBuf::from(path), bytes) {
        Ok(file) => LoadedRegistry {
            root: PathBuf::from("/nonexistent"),
            files: vec![(kind, file)],
            unreadable: Vec::new(),
            diagnostics: Vec::new(),
            ..LoadedRegistry::default()
        },
        Err(_) => return,
    };
    let checked = validate::check(loaded);
    for d in &checked.diagnostics {
        assert!(d.position.line >= 1 && d.position.column >= 1);
        // A problem names the file fed in, or its sibling (a deploy.md
        // without release.toml reports the missing release.toml).
        let folder = path.rsplit_once('/').map_or("", |(f, _)| f);
        assert!(d.file == path || d.file.starts_with(folder), "{d:?}");
    }
}

const PATHS: [&str; 8] = [
    "milepost.toml",
    "teams.toml",
    "calendar.toml",
    "environments/prod.toml",
    "releases/1.0.0/release.toml",
    "releases/1.0.0/deploy.md",
    "releases/1.0.0/notes.md",
    "incidents/x.toml",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512), which in 0..PATHS.len()) {
        feed(PATHS[which], bytes);
    }

    #[test]
    fn toml_like_text_never_panics(
        text in "([a-z_]{1,8} = (\"[a-z0-9. -]{0,10}\"|[0-9]{1,4}|true|\\[|\\]|\\{|\\}|2024-06-1[0-9](T10:00:00Z)?|\\[\\[changes\\]\\])\n){0,12}",
        which in 0..PATHS.len(),
    ) {
        feed(PATHS[which], text.into_bytes());
    }
}
