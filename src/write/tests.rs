use super::*;

fn page(path: &str, text: &str) -> Page {
    Page::bytes(path, text.as_bytes().to_vec())
}

#[test]
fn replaces_the_whole_folder() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("_site");
    write_atomically(
        &target,
        &[(
            "public",
            &[page("index.html", "one"), page("old/index.html", "x")],
        )],
    )
    .unwrap();
    write_atomically(&target, &[("public", &[page("index.html", "two")])]).unwrap();
    assert_eq!(
        fs::read_to_string(target.join("public/index.html")).unwrap(),
        "two"
    );
    assert!(!target.join("public/old").exists(), "a stale page survived");
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers, vec![std::ffi::OsString::from("_site")]);
}

#[test]
fn a_failed_write_leaves_the_old_site() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("_site");
    write_atomically(&target, &[("public", &[page("index.html", "good")])]).unwrap();
    // A page whose folder is a file cannot be written.
    let bad = [page("a", "file"), page("a/b.html", "under a file")];
    assert!(write_atomically(&target, &[("public", &bad)]).is_err());
    assert_eq!(
        fs::read_to_string(target.join("public/index.html")).unwrap(),
        "good"
    );
}
