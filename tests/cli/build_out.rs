//! `milepost build --out DIR` replaces DIR whole, so it must never be a
//! folder that milepost did not write: not the registry, not the repository,
//! not the registry's data, not someone's files.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use crate::repo::{ALICE, BOB, TestRepo};

const NOW: &str = "2024-07-01T00:00:00Z";

/// Every file below `dir`, `.git` included, path → bytes.
fn everything(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy();
            (rel.into_owned(), fs::read(e.path()).unwrap_or_default())
        })
        .collect()
}

fn repo() -> TestRepo {
    let repo = TestRepo::new("registry");
    repo.deploy("uat", "1.0.0", None, ALICE, "2024-06-02T10:00:00Z");
    repo.deploy("prod", "1.0.0", None, BOB, "2024-06-03T11:00:00Z");
    repo
}

fn build(repo: &TestRepo, out: &Path) -> (i32, String) {
    let result = repo.milepost(&["build", "--out", out.to_str().unwrap(), "--now", NOW]);
    (
        result.status.code().unwrap(),
        String::from_utf8(result.stderr).unwrap(),
    )
}

#[track_caller]
fn assert_refused(repo: &TestRepo, out: &Path, why: &str) {
    let before = everything(repo.path());
    let (code, err) = build(repo, out);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("refusing to write the site to") && err.contains(why),
        "{err}"
    );
    assert!(err.contains("nothing was changed"), "{err}");
    assert_eq!(
        everything(repo.path()),
        before,
        "{} was touched",
        out.display()
    );
}

#[test]
fn the_registry_and_its_repository_are_never_replaced() {
    let repo = repo();
    let registry = repo.registry();
    assert_refused(&repo, &registry, "it is the registry itself");
    assert_refused(&repo, &registry.join("."), "it is the registry itself");
    assert_refused(&repo, repo.path(), "it contains the registry");
    assert_refused(
        &repo,
        &registry.join("releases/.."),
        "it is the registry itself",
    );
    assert_refused(&repo, &repo.path().join(".git"), ".git");
    assert_refused(&repo, &repo.path().join(".git/site"), ".git");
}

#[test]
fn nothing_is_written_into_the_registry_s_data() {
    let repo = repo();
    let registry = repo.registry();
    for folder in ["releases", "environments", "incidents", "site-templates"] {
        fs::create_dir_all(registry.join(folder)).unwrap();
        assert_refused(&repo, &registry.join(folder), &format!("{folder}/"));
        assert_refused(
            &repo,
            &registry.join(folder).join("site"),
            &format!("{folder}/"),
        );
    }
    // Relative to -C, as a person types it.
    let before = everything(repo.path());
    let out = repo.milepost(&["build", "--out", "releases", "--now", NOW]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(everything(repo.path()), before);
}

#[test]
fn files_and_folders_of_other_people_are_left_alone() {
    let repo = repo();
    let file = repo.path().join("notes.txt");
    fs::write(&file, "mine").unwrap();
    assert_refused(&repo, &file, "it is a file");
    let theirs = repo.path().join("theirs");
    fs::create_dir_all(&theirs).unwrap();
    fs::write(theirs.join("thesis.tex"), "years of work").unwrap();
    assert_refused(&repo, &theirs, "milepost did not write");
    assert_eq!(
        fs::read_to_string(theirs.join("thesis.tex")).unwrap(),
        "years of work"
    );
}

#[test]
fn new_empty_and_own_folders_are_written_and_rewritten() {
    let repo = repo();
    let empty = repo.path().join("empty");
    fs::create_dir_all(&empty).unwrap();
    assert_eq!(build(&repo, &empty).0, 0);
    assert!(empty.join("public/index.html").is_file());
    assert!(empty.join(".milepost-site").is_file());
    // Its own output again, twice.
    assert_eq!(build(&repo, &empty).0, 0);
    let fresh = repo.path().join("a/b/site");
    assert_eq!(build(&repo, &fresh).0, 0);
    assert_eq!(build(&repo, &fresh).0, 0);
    assert!(fresh.join("internal/index.html").is_file());
}

#[test]
fn the_default_site_keeps_working_also_when_an_older_build_wrote_it() {
    let repo = repo();
    let site = repo.registry().join("_site");
    // What builds before the marker left: public/ and internal/ only.
    fs::create_dir_all(site.join("public")).unwrap();
    fs::create_dir_all(site.join("internal")).unwrap();
    fs::write(site.join("public/old.html"), "old").unwrap();
    for _ in 0..2 {
        let out = repo.milepost(&["build", "--now", NOW]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert!(site.join("public/index.html").is_file());
    assert!(!site.join("public/old.html").exists());
}

#[cfg(unix)]
#[test]
fn a_linked_output_folder_has_its_target_updated_and_stays_a_link() {
    let repo = repo();
    let target = repo.path().join("real-site");
    let link = repo.path().join("site-link");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    for _ in 0..2 {
        let (code, err) = build(&repo, &link);
        assert_eq!(code, 0, "{err}");
    }
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(target.join("public/index.html").is_file());
    // A link to the registry's releases is refused like the folder itself.
    let to_releases = repo.path().join("to-releases");
    std::os::unix::fs::symlink(repo.registry().join("releases"), &to_releases).unwrap();
    assert_refused(&repo, &to_releases, "releases/");
}

#[test]
fn staging_folders_of_a_killed_build_are_cleaned_up() {
    let repo = repo();
    let out = repo.path().join("site");
    // A build that was killed: no process has that id.
    let stale = repo.path().join(".site.new-4294967294");
    fs::create_dir_all(stale.join("public")).unwrap();
    fs::write(stale.join(".milepost-site"), "x").unwrap();
    // Not ours: kept.
    let foreign = repo.path().join(".site.new-4294967293");
    fs::create_dir_all(&foreign).unwrap();
    assert_eq!(build(&repo, &out).0, 0);
    assert!(!stale.exists(), "the stale staging folder was left");
    assert!(foreign.exists(), "an unmarked folder was removed");
    let leftovers: Vec<String> = fs::read_dir(repo.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with(".site") && n != ".site.new-4294967293")
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
