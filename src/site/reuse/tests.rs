use super::*;

fn memo(dir: &Path) -> Memo {
    Memo::load(
        &dir.join("cache"),
        &dir.join("site"),
        &[("t".into(), "{{ x }}".into())],
    )
}

#[test]
fn a_page_is_unchanged_only_while_its_file_is_the_one_written() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("site/public/a/index.html");
    fs::create_dir_all(page.parent().unwrap()).unwrap();
    fs::write(&page, "<p>1</p>").unwrap();
    let first = memo(dir.path());
    let fp = first.fingerprint("t", &serde_json::json!({"x": 1}));
    assert!(
        first.unchanged(Site::Public, "a/index.html", fp).is_none(),
        "no cache yet"
    );
    first
        .save(
            &dir.path().join("cache"),
            [(Site::Public, "a/index.html".to_string(), fp)].into_iter(),
        )
        .unwrap();

    let second = memo(dir.path());
    assert_eq!(
        second.fingerprint("t", &serde_json::json!({"x": 1})),
        fp,
        "the key is kept"
    );
    assert!(second.unchanged(Site::Public, "a/index.html", fp).is_some());
    assert!(
        second
            .unchanged(Site::Internal, "a/index.html", fp)
            .is_none(),
        "the other site"
    );
    let other = second.fingerprint("t", &serde_json::json!({"x": 2}));
    assert_ne!(other, fp);
    assert!(
        second
            .unchanged(Site::Public, "a/index.html", other)
            .is_none()
    );

    // Changed by hand (another length): rendered again.
    fs::write(&page, "<p>12</p>").unwrap();
    assert!(
        memo(dir.path())
            .unchanged(Site::Public, "a/index.html", fp)
            .is_none()
    );
}

#[test]
fn another_template_set_or_a_damaged_cache_renders_everything() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("site/internal/index.html");
    fs::create_dir_all(page.parent().unwrap()).unwrap();
    fs::write(&page, "x").unwrap();
    let first = memo(dir.path());
    let fp = first.fingerprint("t", &1);
    first
        .save(
            &dir.path().join("cache"),
            [(Site::Internal, "index.html".to_string(), fp)].into_iter(),
        )
        .unwrap();
    let changed = Memo::load(
        &dir.path().join("cache"),
        &dir.path().join("site"),
        &[("t".into(), "{{ x }}!".into())],
    );
    assert_ne!(changed.fingerprint("t", &1), fp);

    let file = cache_file(&dir.path().join("cache"), &dir.path().join("site"));
    let text = fs::read_to_string(&file).unwrap();
    fs::write(&file, text.replace('\t', " ")).unwrap();
    assert!(
        memo(dir.path())
            .unchanged(Site::Internal, "index.html", fp)
            .is_none()
    );
    fs::write(&file, "\u{0}garbage").unwrap();
    assert!(
        memo(dir.path())
            .unchanged(Site::Internal, "index.html", fp)
            .is_none()
    );
}
