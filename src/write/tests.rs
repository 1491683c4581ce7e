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

#[test]
fn the_replaced_site_goes_to_the_trash_and_only_sites_are_emptied_from_it() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("_site");
    let trash = dir.path().join("trash");
    write_atomically_with(
        &target,
        &[("public", &[page("index.html", "one")])],
        Some(&trash),
    )
    .unwrap();
    assert!(!trash.exists(), "nothing was replaced");
    write_atomically_with(
        &target,
        &[("public", &[page("index.html", "two")])],
        Some(&trash),
    )
    .unwrap();
    assert_eq!(
        fs::read_to_string(target.join("public/index.html")).unwrap(),
        "two"
    );
    let waiting = Trash::sites(&trash);
    assert_eq!(waiting.len(), 1);
    assert_eq!(
        fs::read_to_string(waiting[0].join("public/index.html")).unwrap(),
        "one"
    );
    fs::create_dir_all(trash.join("keep-me")).unwrap();
    fs::create_dir_all(trash.join("site-1-5")).unwrap();
    let order = Trash::sites(&trash);
    assert_eq!(order.len(), 2);
    assert!(order[0].ends_with("site-1-5"), "oldest first: {order:?}");
    Trash::empty(&trash).handle.join().unwrap();
    assert!(Trash::sites(&trash).is_empty());
    assert!(trash.join("keep-me").exists(), "only sites are removed");
}

#[test]
fn a_page_from_the_previous_site_must_still_be_the_file_vouched_for() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("_site");
    write_atomically(&target, &[("public", &[page("a.html", "one")])]).unwrap();
    let inode = crate::site::reuse::inode(&fs::metadata(target.join("public/a.html")).unwrap());
    let kept = Page::unchanged("a.html", 7, inode);
    write_atomically(&target, &[("public", std::slice::from_ref(&kept))]).unwrap();
    assert_eq!(
        fs::read_to_string(target.join("public/a.html")).unwrap(),
        "one"
    );
    // Another build put another file there meanwhile: refused, site kept.
    let other = Page::unchanged("a.html", 7, inode.wrapping_add(12345));
    let err = write_atomically(&target, &[("public", &[other])]).unwrap_err();
    assert!(matches!(err, WriteError::PreviousChanged { .. }), "{err}");
    assert_eq!(
        fs::read_to_string(target.join("public/a.html")).unwrap(),
        "one"
    );
}
