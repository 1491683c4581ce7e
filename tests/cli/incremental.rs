//! Incremental builds: a rebuild links the pages whose template and context
//! are unchanged from the previous build, and its result is the full build's.

use std::fs;
use std::path::Path;

use crate::site::{NOW, build, deployed_repo, files};

fn stdout(output: &std::process::Output) -> String {
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).unwrap()
}

/// The count in "built … (N unchanged, … ms)".
fn unchanged(output: &std::process::Output) -> usize {
    let text = stdout(output);
    let (_, rest) = text.split_once(" (").unwrap();
    rest.split_once(" unchanged").unwrap().0.parse().unwrap()
}

fn assert_same_sites(a: &Path, b: &Path) {
    let (a, b) = (files(a), files(b));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(bytes == &b[path], "{path} differs from the full build");
    }
}

#[test]
fn a_rebuild_after_a_change_is_the_full_build() {
    let repo = deployed_repo();
    let out = repo.path().join("out");
    assert_eq!(
        unchanged(&build(&repo, &out, NOW)),
        0,
        "the first build renders all"
    );
    let again = build(&repo, &out, NOW);
    let reused = unchanged(&again);
    // The release pages of both sites and every internal page.
    assert!(reused >= 15, "nothing changed, yet only {reused} reused");
    assert_eq!(unchanged(&build(&repo, &out, NOW)), reused);

    let notes = "releases/1.0.0/notes.md";
    let old = fs::read_to_string(repo.registry().join(notes)).unwrap();
    repo.write(
        notes,
        &format!("{old}\nParquet exports now keep time zones.\n"),
    );
    let after = build(&repo, &out, NOW);
    // Its page on each site shows the notes; nothing else does.
    assert_eq!(unchanged(&after), reused - 2);
    let page = fs::read_to_string(out.join("public/releases/1.0.0/index.html")).unwrap();
    assert!(page.contains("Parquet exports now keep time zones."));

    // Byte for byte what a build with no previous site makes.
    let full = repo.path().join("full");
    assert_eq!(unchanged(&build(&repo, &full, NOW)), 0);
    assert_same_sites(&out, &full);

    // Another time: every internal page says when it was generated.
    let later = build(&repo, &out, "2024-07-02T00:00:00Z");
    let full_later = repo.path().join("full-later");
    build(&repo, &full_later, "2024-07-02T00:00:00Z");
    assert!(
        unchanged(&later) > 0,
        "public pages do not depend on the hour"
    );
    assert_same_sites(&out, &full_later);
}

#[test]
fn a_page_changed_by_hand_is_rendered_again() {
    let repo = deployed_repo();
    let out = repo.path().join("out");
    build(&repo, &out, NOW);
    let page = out.join("public/releases/1.0.0/index.html");
    let good = fs::read(&page).unwrap();
    // The same length, so only the modification time tells.
    let mut bad = good.clone();
    bad[0] = b'X';
    std::thread::sleep(std::time::Duration::from_millis(20));
    fs::write(&page, &bad).unwrap();
    build(&repo, &out, NOW);
    assert!(fs::read(&page).unwrap() == good, "the edited page was kept");
    // Replaced by another file (another inode, same bytes and time are unlikely).
    fs::remove_file(&page).unwrap();
    fs::write(&page, b"gone").unwrap();
    build(&repo, &out, NOW);
    assert!(fs::read(&page).unwrap() == good);
}

#[test]
fn a_changed_template_renders_the_pages_again() {
    let repo = deployed_repo();
    let out = repo.path().join("out");
    build(&repo, &out, NOW);
    repo.write(
        "site-templates/public/release.html",
        "{% extends \"builtin/public/release.html\" %}{% block content %}<p>Changed</p>{{ super() }}{% endblock content %}",
    );
    stdout(&build(&repo, &out, NOW));
    let page = fs::read_to_string(out.join("public/releases/1.0.0/index.html")).unwrap();
    assert!(page.contains("<p>Changed</p>"));
    let full = repo.path().join("full");
    build(&repo, &full, NOW);
    assert_same_sites(&out, &full);
}

#[cfg(unix)]
#[test]
fn the_new_site_shares_files_only_with_the_replaced_one_in_the_trash() {
    use std::collections::HashSet;
    use std::os::unix::fs::MetadataExt;
    let inodes = |dir: &Path| -> Vec<(String, u64, u64)> {
        walkdir::WalkDir::new(dir)
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let meta = e.metadata().unwrap();
                (e.path().display().to_string(), meta.ino(), meta.nlink())
            })
            .collect()
    };
    let repo = deployed_repo();
    let out = repo.path().join("out");
    let trash = repo.path().join(".git/milepost/trash");
    for _ in 0..3 {
        build(&repo, &out, NOW);
    }
    assert!(unchanged(&build(&repo, &out, NOW)) > 0);
    // The site each build replaced waits there; the next builds empty it
    // (and wait for that when more than two wait).
    let waiting = fs::read_dir(&trash).unwrap().count();
    assert!((1..=2).contains(&waiting), "{waiting} sites in the trash");
    let kept: HashSet<u64> = inodes(&trash).into_iter().map(|(_, ino, _)| ino).collect();
    for (path, ino, links) in inodes(&out) {
        assert!(
            links == 1 || (links == 2 && kept.contains(&ino)),
            "{path} is linked elsewhere"
        );
    }
    // The cache is in the repository's .git, not beside the site.
    let cache: Vec<_> = fs::read_dir(repo.path().join(".git/milepost"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("site-"))
        .collect();
    assert_eq!(cache.len(), 1, "{cache:?}");
    let names: Vec<_> = fs::read_dir(repo.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !names
            .iter()
            .any(|n| n.contains("cache") || n.contains(".old")),
        "{names:?}"
    );
}
