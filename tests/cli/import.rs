//! `milepost import changelog` on real projects' changelogs: every entry is
//! imported or reported, and the result passes `check`.

use std::fs;
use std::path::{Path, PathBuf};

use crate::support::RegistryTest;

/// A real project's changelog from `../shared/testdata`, which CI always
/// has and a user's clone does not: then the test says so on the terminal
/// (past the test harness's capture) and checks nothing. The shapes these
/// files exercise are also in the project's own `tests/fixtures/changelogs/`.
fn testdata(name: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/testdata/changelogs");
    if dir.is_dir() {
        return Some(dir.join(name));
    }
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "note: ../shared/testdata is absent: skipped the import test of {name}"
    );
    None
}

/// Top-level list items per `###` section, counted independently of the importer:
/// (items in kinds of change, items under Unreleased, items elsewhere).
fn count_items(text: &str) -> (usize, usize, usize) {
    let kinds = [
        "added",
        "changed",
        "deprecated",
        "removed",
        "fixed",
        "fixes",
        "security",
        "breaking change",
        "breaking changes",
        "internal",
    ];
    let (mut known, mut unreleased, mut other) = (0, 0, 0);
    let mut in_unreleased = false;
    let mut known_section = false;
    let mut fence = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fence = !fence;
        }
        if fence {
            continue;
        }
        if let Some(title) = line.strip_prefix("## ") {
            in_unreleased = title.to_lowercase().contains("unreleased");
            known_section = false;
        } else if let Some(title) = line.strip_prefix("### ") {
            known_section = kinds.contains(&title.trim().to_lowercase().as_str());
        } else if line.starts_with("- ") || line.starts_with("* ") {
            match (in_unreleased, known_section) {
                (true, _) => unreleased += 1,
                (false, true) => known += 1,
                (false, false) => other += 1,
            }
        }
    }
    (known, unreleased, other)
}

fn import(test: &RegistryTest, file: &Path, extra: &[&str]) -> (String, String) {
    import_exit(test, file, extra, 0)
}

pub(crate) fn import_exit(
    test: &RegistryTest,
    file: &Path,
    extra: &[&str],
    code: i32,
) -> (String, String) {
    let mut cmd = test.cmd();
    cmd.args(["import", "changelog"])
        .arg(file)
        .args(["--owner", "alice"])
        .args(extra);
    let out = cmd.output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(code),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn gitui_changelog_imports_whole() {
    let Some(file) = testdata("gitui.md") else {
        return;
    };
    let text = fs::read_to_string(&file).unwrap();
    let (known, unreleased, other) = count_items(&text);
    let test = RegistryTest::new("base");
    // The two entries under `Key binding notes` are reported, so the run needs --partial.
    let (_, stderr) = import_exit(&test, &file, &[], 1);
    assert!(
        stderr.ends_with(
            "error: 2 entries not imported, so nothing was written; the notes above say why (--partial to import the rest)\n"
        ),
        "{stderr}"
    );
    assert!(!test.path().join("releases/0.20.0").exists());
    let (stdout, stderr) = import(&test, &file, &["--partial"]);
    // Entries directly under a version, outside any section, are imported as changes.
    assert_eq!(
        stdout,
        format!(
            "{} of {} entries imported from 45 of 45 versions; 2 reported; {unreleased} unreleased entries not imported\n",
            known + other - 2,
            known + other
        )
    );
    assert_eq!(
        stderr
            .matches("is not imported: not a kind of change")
            .count(),
        2
    );
    assert_eq!(
        stderr
            .matches("an Unreleased entry has no version yet and is not imported")
            .count(),
        unreleased
    );
    assert!(
        other > 0
            && stderr
                .matches("is not a kind of change; its text is kept in notes.md only")
                .count()
                == 2,
        "{stderr}"
    );
    assert!(
        stderr.contains(":423: version 0.20 is read as 0.20.0"),
        "{stderr}"
    );
    test.check().assert_errors(&[]).assert_warnings(&[]);
    // Build metadata is a valid version; the free text and sub-headings are kept as notes.
    let release = fs::read_to_string(test.path().join("releases/0.26.0+1/release.toml")).unwrap();
    assert!(release.starts_with("version = \"0.26.0+1\"\n"));
    let notes = fs::read_to_string(test.path().join("releases/0.26.3/notes.md")).unwrap();
    assert!(notes.contains("#### Theme file format"), "{notes}");
    let notes = fs::read_to_string(test.path().join("releases/0.28.0/notes.md")).unwrap();
    assert!(
        notes.starts_with("**discard changes on checkout**\n![discard-changes-on-checkout]"),
        "{notes}"
    );
    let titled = fs::read_to_string(test.path().join("releases/0.20.0/release.toml")).unwrap();
    assert!(titled.contains("title = \"Tag Annotations\""), "{titled}");
}

#[test]
fn keep_a_changelog_imports_whole_and_leaves_existing_releases() {
    let Some(file) = testdata("keep-a-changelog.md") else {
        return;
    };
    let text = fs::read_to_string(&file).unwrap();
    let (known, _, other) = count_items(&text);
    assert_eq!(other, 0);
    let test = RegistryTest::new("base");
    let before = fs::read(test.path().join("releases/1.0.0/release.toml")).unwrap();
    let (stdout, stderr) = import(&test, &file, &["--partial"]);
    // 1.0.0 and 1.1.0 exist in the fixture: left alone and reported, with their entries.
    let skipped: usize = ["## [1.0.0]", "## [1.1.0]"]
        .iter()
        .map(|h| {
            let section = text.split(h).nth(1).unwrap();
            let section = &section[..section.find("\n## ").unwrap()];
            count_items(&format!("## x\n{section}")).0
        })
        .sum();
    assert_eq!(
        stdout,
        format!(
            "{} of {known} entries imported from 14 of 16 versions; {skipped} reported\n",
            known - skipped
        )
    );
    assert!(
        stderr.contains(
            ":124: releases/1.1.0 exists already and differs; left as it is, with its 5 entries"
        ),
        "{stderr}"
    );
    assert_eq!(
        fs::read(test.path().join("releases/1.0.0/release.toml")).unwrap(),
        before
    );
    test.check().assert_errors(&[]).assert_warnings(&[]);
}

#[test]
fn dry_run_writes_nothing() {
    let test = RegistryTest::new("base");
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/changelogs/shapes.md");
    let (stdout, _) = import(&test, &file, &["--dry-run"]);
    assert!(
        stdout
            == "11 of 11 entries would be imported from 3 of 3 versions; 0 reported; 2 unreleased entries not imported\n",
        "{stdout}"
    );
    let releases: Vec<_> = fs::read_dir(test.path().join("releases"))
        .unwrap()
        .collect();
    assert_eq!(releases.len(), 2);
}

#[test]
fn yanked_versions_become_withdrawn_releases() {
    let test = RegistryTest::new("base");
    test.write(
        "CHANGES.md",
        "# Changelog\n\n## [2.0.1] - 2024-07-01 [YANKED]\n\n### Fixed\n\n- Oops\n",
    );
    let (stdout, _) = import(&test, &test.path().join("CHANGES.md"), &[]);
    assert_eq!(
        stdout,
        "1 of 1 entries imported from 1 of 1 versions; 0 reported\n"
    );
    let release = fs::read_to_string(test.path().join("releases/2.0.1/release.toml")).unwrap();
    assert_eq!(
        release,
        "version = \"2.0.1\"\ntitle = \"Release 2.0.1\"\nstatus = \"withdrawn\"\nowner = \"alice\"\nplanned = 2024-07-01\ncustomer_facing = true\n\n[[changes]]\nkind = \"fixed\"\nsummary = \"Oops\"\n"
    );
    test.check().assert_errors(&[]);
}

/// The shapes the real changelogs have, in a file of the project's own:
/// both spellings of Unreleased, `### Fixes` and `### Breaking Changes`,
/// `####` sub-headings and free paragraphs, images and bold lines before the
/// first list, `*` and `-` bullets, wrapped entries, build metadata, a
/// two-part version, and link references at the end.
#[test]
fn every_shape_of_the_real_changelogs_imports() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/changelogs/shapes.md");
    let test = RegistryTest::new("base");
    let (stdout, stderr) = import(&test, &file, &[]);
    assert_eq!(
        stdout,
        "11 of 11 entries imported from 3 of 3 versions; 0 reported; 2 unreleased entries not imported\n"
    );
    let at = file.display();
    assert_eq!(
        stderr,
        format!(
            "note: {at}:9: an Unreleased entry has no version yet and is not imported\n\
             note: {at}:13: an Unreleased entry has no version yet and is not imported\n\
             note: {at}:67: version 0.20 is read as 0.20.0\n"
        )
    );
    let release = fs::read_to_string(test.path().join("releases/2.1.0/release.toml")).unwrap();
    let summaries: Vec<&str> = release
        .lines()
        .filter_map(|l| l.strip_prefix("summary = "))
        .collect();
    assert_eq!(
        summaries,
        [
            "\"Saved searches, which can be run again from the sidebar (wrapped entry)\"",
            "\"Export to CSV\"",
            "\"Login loop on Safari\"",
            "\"Breaking: The `--legacy` flag is gone\"",
            "\"Faster start\"",
            "\"The v1 API\"",
            "\"The old dashboard\"",
            "\"Escape titles in feeds\"",
            "\"Crash on empty input\"",
        ]
    );
    let notes = fs::read_to_string(test.path().join("releases/2.1.0/notes.md")).unwrap();
    assert!(
        notes.starts_with("**Highlights of this release**\n\n![screenshot](docs/shot.png)\n"),
        "{notes}"
    );
    assert!(notes.contains("#### Migration notes\n"), "{notes}");
    let build = fs::read_to_string(test.path().join("releases/0.26.0+1/notes.md")).unwrap();
    assert!(
        build.contains("Some free paragraph about this build."),
        "{build}"
    );
    assert!(test.path().join("releases/0.20.0/release.toml").is_file());
    test.check().assert_errors(&[]).assert_warnings(&[]);
}

/// Internal sections are work customers never see: whatever their heading
/// looks like, their text must not reach notes.md, the public site, its
/// feeds or a customer announcement, and their entries are kept as internal
/// changes.
#[test]
fn internal_sections_never_reach_public_output() {
    use crate::repo::{ALICE, BOB, TestRepo};
    const NOW: &str = "2024-07-01T00:00:00Z";
    let canaries = [
        "CANARY-IMPORT-INTERNAL",
        "CANARY-IMPORT-DETAIL",
        "CANARY-IMPORT-SUBHEADING",
        "CANARY-IMPORT-CHORE",
        "CANARY-IMPORT-CI",
        "CANARY-IMPORT-DEPS",
    ];
    let repo = TestRepo::new("");
    repo.write(
        "CHANGELOG.md",
        "# Changelog\n\n## [3.0.0] - 2024-06-05\n\n### Added\n\n- Public search\n\n\
         ### Internal\n\n- CANARY-IMPORT-INTERNAL\n  - CANARY-IMPORT-DETAIL\n\n\
         #### CANARY-IMPORT-SUBHEADING\n\nFree text.\n\n\
         ### 🧹 Chores\n\n- CANARY-IMPORT-CHORE\n\n### [CI]\n\n* CANARY-IMPORT-CI\n\n\
         ### dependencies:\n\n- CANARY-IMPORT-DEPS\n\n### Fixed\n\n- Public fix\n",
    );
    let out = repo.milepost(&["import", "changelog", "CHANGELOG.md", "--owner", "alice"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let release = fs::read_to_string(repo.registry().join("releases/3.0.0/release.toml")).unwrap();
    for canary in [
        "CANARY-IMPORT-INTERNAL",
        "CANARY-IMPORT-CHORE",
        "CANARY-IMPORT-CI",
        "CANARY-IMPORT-DEPS",
    ] {
        assert!(
            release.contains(&format!(
                "[[changes]]\nkind = \"changed\"\nsummary = \"{canary}\"\naudience = \"internal\"\n"
            )),
            "{release}"
        );
    }
    assert!(
        release.contains("details = \"- CANARY-IMPORT-DETAIL\""),
        "{release}"
    );
    let notes = fs::read_to_string(repo.registry().join("releases/3.0.0/notes.md")).unwrap();
    assert_eq!(
        notes,
        "### Added\n\n- Public search\n\n### Fixed\n\n- Public fix\n"
    );
    repo.commit(ALICE, "2024-06-05T09:00:00Z", "Import");
    repo.deploy("uat", "3.0.0", None, ALICE, "2024-06-05T10:00:00Z");
    repo.deploy("prod", "3.0.0", None, BOB, "2024-06-07T11:00:00Z");
    let site = repo.path().join("site");
    let built = repo.milepost(&["build", "--out", site.to_str().unwrap(), "--now", NOW]);
    assert_eq!(
        built.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let public = site.join("public");
    assert!(public.join("releases/3.0.0/index.html").is_file());
    assert_no_canary_in(&public, &canaries);
    let announce = repo.milepost(&["announce", "3.0.0", "--audience", "customers", "--now", NOW]);
    assert_eq!(
        announce.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&announce.stderr)
    );
    let text = String::from_utf8(announce.stdout).unwrap();
    assert!(
        text.contains("Public search") && text.contains("Public fix"),
        "{text}"
    );
    for canary in canaries {
        assert!(!text.contains(canary), "the announcement contains {canary}");
    }
    // The canaries are real: the internal site shows the internal changes.
    let internal = fs::read_to_string(site.join("internal/releases/3.0.0/index.html")).unwrap();
    assert!(internal.contains("CANARY-IMPORT-INTERNAL"), "{internal}");
}

pub(crate) fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/changelogs")
        .join(name)
}

/// Each style of changelog of `tests/fixtures/changelogs/`: the tally, and
/// whether the run needs `--partial`.
#[test]
fn every_style_ends_with_a_tally() {
    for (name, tally, complete) in [
        (
            "setext.md",
            "5 of 5 entries imported from 3 of 3 versions; 0 reported; 2 unreleased entries not imported\n",
            true,
        ),
        (
            "levels.md",
            "11 of 12 entries imported from 5 of 5 versions; 1 reported\n",
            false,
        ),
        (
            "misplaced.md",
            "4 of 5 entries imported from 3 of 3 versions; 1 reported\n",
            false,
        ),
    ] {
        let test = RegistryTest::new("base");
        let file = fixture(name);
        if !complete {
            let (stdout, stderr) = import_exit(&test, &file, &[], 1);
            assert_eq!(
                stdout,
                tally.replace(" imported from", " would be imported from"),
                "{name}"
            );
            assert!(
                stderr.contains("so nothing was written"),
                "{name}: {stderr}"
            );
            assert_eq!(
                fs::read_dir(test.path().join("releases")).unwrap().count(),
                2,
                "{name}"
            );
        }
        let (stdout, _) = import(&test, &file, &["--partial"]);
        assert_eq!(stdout, tally, "{name}");
        test.check().assert_errors(&[]);
    }
}

#[test]
fn a_changelog_without_versions_imports_nothing_and_fails() {
    let test = RegistryTest::new("base");
    test.write("CHANGES.md", "# Changelog\n\n- A list before any version\n");
    let (stdout, stderr) = import_exit(&test, &test.path().join("CHANGES.md"), &[], 1);
    assert_eq!(
        stdout,
        "0 of 1 entries would be imported from 0 of 0 versions; 1 reported\n"
    );
    assert!(stderr.ends_with("error: nothing imported, so nothing was written; the notes above say why (--partial to import the rest)\n"), "{stderr}");
    let (stdout, _) = import(&test, &test.path().join("CHANGES.md"), &["--partial"]);
    assert_eq!(
        stdout,
        "0 of 1 entries imported from 0 of 0 versions; 1 reported\n"
    );
}

#[test]
fn importing_the_same_file_again_changes_nothing() {
    let test = RegistryTest::new("base");
    let file = fixture("setext.md");
    let (first, _) = import(&test, &file, &[]);
    assert_eq!(
        first,
        "5 of 5 entries imported from 3 of 3 versions; 0 reported; 2 unreleased entries not imported\n"
    );
    let before = crate::support::tree(&test.path().join("releases"));
    let (again, stderr) = import(&test, &file, &[]);
    assert_eq!(
        again,
        "0 of 5 entries imported from 0 of 3 versions; 0 reported; 3 versions (5 entries) were imported before and are unchanged; 2 unreleased entries not imported\n"
    );
    assert!(!stderr.contains("exists already"), "{stderr}");
    assert_eq!(crate::support::tree(&test.path().join("releases")), before);
    // A release edited since is the user's: left alone, and said.
    test.write(
        "releases/4.1.0/notes.md",
        "- Quieter fan, as the support team wrote it\n",
    );
    let (stdout, stderr) = import_exit(&test, &file, &[], 1);
    assert_eq!(
        stdout,
        "0 of 5 entries would be imported from 0 of 3 versions; 1 reported; 2 versions (4 entries) were imported before and are unchanged; 2 unreleased entries not imported\n"
    );
    assert!(
        stderr.contains(
            "releases/4.1.0 exists already and differs; left as it is, with its 1 entries"
        ),
        "{stderr}"
    );
    assert_eq!(
        fs::read_to_string(test.path().join("releases/4.1.0/notes.md")).unwrap(),
        "- Quieter fan, as the support team wrote it\n"
    );
}

#[test]
fn the_users_section_mapping_names_what_milepost_does_not_know() {
    let test = RegistryTest::new("base");
    test.write(
        "CHANGES.md",
        "## 3.0.0 - 2024-02-01\n### Housekeeping\n- CANARY-HOUSEKEEPING\n### Speed\n- Faster boards\n### Shout-outs\n- Thanks, Sam\n",
    );
    let file = test.path().join("CHANGES.md");
    let (stdout, stderr) = import_exit(&test, &file, &["--dry-run"], 1);
    assert_eq!(
        stdout,
        "0 of 3 entries would be imported from 1 of 1 versions; 3 reported\n"
    );
    assert_eq!(
        stderr
            .matches("is not a kind of change; its text is kept")
            .count(),
        3,
        "{stderr}"
    );
    let (stdout, stderr) = import(
        &test,
        &file,
        &[
            "--section",
            "Housekeeping=internal",
            "--section",
            "speed=changed",
            "--section",
            "Shout-outs=prose",
        ],
    );
    assert_eq!(
        stdout,
        "2 of 2 entries imported from 1 of 1 versions; 0 reported\n"
    );
    assert_eq!(stderr, "");
    let release = fs::read_to_string(test.path().join("releases/3.0.0/release.toml")).unwrap();
    assert!(
        release.ends_with("[[changes]]\nkind = \"changed\"\nsummary = \"CANARY-HOUSEKEEPING\"\naudience = \"internal\"\n\n[[changes]]\nkind = \"changed\"\nsummary = \"Faster boards\"\n"),
        "{release}"
    );
    let notes = fs::read_to_string(test.path().join("releases/3.0.0/notes.md")).unwrap();
    assert_eq!(
        notes,
        "### Speed\n- Faster boards\n### Shout-outs\n- Thanks, Sam\n"
    );
    test.check().assert_errors(&[]).assert_warnings(&[]);
    // A mapping milepost cannot read is refused before anything is read.
    let out = test
        .cmd()
        .args([
            "import",
            "changelog",
            "CHANGES.md",
            "--section",
            "Speed=faster",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("`faster` in `Speed=faster` is not one of added, changed, deprecated, removed, fixed, security, breaking, internal or prose"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn what_would_not_pass_check_is_not_written() {
    let test = RegistryTest::new("base");
    test.write(
        "CHANGES.md",
        "## 3.1.0\n- A bell \u{7} in the text\n## 3.0.0\n- Fine\n",
    );
    let file = test.path().join("CHANGES.md");
    let (stdout, stderr) = import_exit(&test, &file, &[], 1);
    assert_eq!(
        stdout,
        "1 of 2 entries would be imported from 1 of 2 versions; 1 reported\n"
    );
    assert!(
        stderr.contains("CHANGES.md:1: 3.1.0 is not imported, with its 1 entries: `check` would say releases/3.1.0/release.toml:"),
        "{stderr}"
    );
    let (stdout, _) = import(&test, &file, &["--partial"]);
    assert_eq!(
        stdout,
        "1 of 2 entries imported from 1 of 2 versions; 1 reported\n"
    );
    assert!(!test.path().join("releases/3.1.0").exists());
    test.check().assert_errors(&[]).assert_warnings(&[]);
}

#[test]
fn help_lists_the_recognised_forms_and_the_mapping() {
    let out = crate::support::milepost()
        .args(["help", "import", "changelog"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let help = String::from_utf8(out.stdout).unwrap();
    for expected in [
        "--section <TITLE=KIND>",
        "security, breaking, internal or prose",
        "Version 1.2.3/0.43b0",
        "05.01.2024 (day.month.year), 01/05/2024 (month/day/year)",
        "2024.01.15 -> 2024.1.15; 1.4.0b1 -> 1.4.0-beta.1",
        "audience = \"internal\", never in notes.md",
    ] {
        assert!(help.contains(expected), "{expected}\n{help}");
    }
}

#[test]
fn a_version_without_text_names_the_file_not_where_it_was() {
    let test = RegistryTest::new("base");
    test.write("docs/CHANGES.md", "## 3.1.0\n- A change\n## 3.0.0\n");
    let (stdout, _) = import(&test, &test.path().join("docs/CHANGES.md"), &[]);
    assert_eq!(
        stdout,
        "1 of 1 entries imported from 2 of 2 versions; 0 reported\n"
    );
    // notes.md is public: no path of the importer's machine in it.
    assert_eq!(
        fs::read_to_string(test.path().join("releases/3.0.0/notes.md")).unwrap(),
        "Imported from CHANGES.md; this version had no text there.\n"
    );
}

/// No file of the built public site (both feeds among them) contains any
/// of `canaries`, compared in upper case.
pub(crate) fn assert_no_canary_in(public: &Path, canaries: &[&str]) {
    let mut seen = Vec::new();
    for entry in walkdir::WalkDir::new(public) {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(public)
            .unwrap()
            .display()
            .to_string();
        let content = String::from_utf8_lossy(&fs::read(entry.path()).unwrap()).to_uppercase();
        for canary in canaries {
            assert!(!content.contains(canary), "public/{rel} contains {canary}");
        }
        seen.push(rel);
    }
    assert!(
        seen.iter().any(|p| p == "feed.xml") && seen.iter().any(|p| p == "feed.json"),
        "{seen:?}"
    );
}
