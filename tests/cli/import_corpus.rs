//! The test corpus of issue 14: a changelog of the project's own for each
//! style that real projects write, with invented entries for an invented
//! invoicing service. Each entry names its version, e.g. `(2.3.0)`, so that
//! an entry that lands in another release is seen. For each file: the tally
//! (versions found, entries imported and reported), what `--dry-run` says,
//! which release folders are written and what each holds, and that the
//! result passes `check`.
//!
//! The counts are those a person reading the file would give: every list
//! entry of a released version is a change, except those that are not
//! changes at all (authors, closed issues, links to older changelogs, an
//! empty bullet), which are reported. Where a style's section names are not
//! among the forms milepost knows, the test maps them with `--section`, as a
//! user would.

use std::fs;

use toml_edit::{DocumentMut, Item};

use crate::import::{fixture, import_exit};
use crate::support::RegistryTest;

/// The date an imported release is planned for.
#[derive(Clone, Copy)]
enum Planned {
    On(&'static str),
    /// The heading has no date: no `planned`.
    Undated,
    /// A date in a form the test does not pin down (written apart from the
    /// heading, ambiguous like `05.01.2024`, or none but a CalVer version).
    Unasserted,
}

use Planned::{On, Unasserted, Undated};

/// One release folder the import must write.
struct Release {
    /// `releases/<folder>`: the version as milepost reads it.
    folder: &'static str,
    /// The version as the changelog writes it: every entry of this release,
    /// and no other, says `(<tag>)` in its summary or details.
    tag: &'static str,
    planned: Planned,
    /// Changes with the public audience, and internal ones.
    public: usize,
    internal: usize,
}

const fn release(
    folder: &'static str,
    tag: &'static str,
    planned: Planned,
    public: usize,
    internal: usize,
) -> Release {
    Release {
        folder,
        tag,
        planned,
        public,
        internal,
    }
}

/// A fixture and what importing it must give.
struct Corpus<'a> {
    file: &'static str,
    /// Options besides `--owner`, `--dry-run` and `--partial`.
    args: &'static [&'static str],
    /// Version headings found (Unreleased aside).
    versions: usize,
    /// Entries imported as changes, and entries reported instead.
    imported: usize,
    reported: usize,
    /// Entries under Unreleased, left out by design.
    unreleased: usize,
    /// Whether every title is the default `Release <version>` (false where
    /// the heading has text besides the version and the date whose reading
    /// the test leaves open).
    default_titles: bool,
    releases: &'a [Release],
}

impl Corpus<'_> {
    fn tally(&self, verb: &str) -> String {
        let mut tally = format!(
            "{} of {} entries {verb} from {} of {} versions; {} reported",
            self.imported,
            self.imported + self.reported,
            self.releases.len(),
            self.versions,
            self.reported
        );
        if self.unreleased > 0 {
            tally.push_str(&format!(
                "; {} unreleased entries not imported",
                self.unreleased
            ));
        }
        tally.push('\n');
        tally
    }
}

fn release_folders(test: &RegistryTest) -> Vec<String> {
    let mut folders: Vec<String> = fs::read_dir(test.path().join("releases"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    folders.sort();
    folders
}

fn text<'a>(table: &'a toml_edit::Table, key: &str) -> Option<&'a str> {
    table.get(key).and_then(Item::as_str)
}

/// Imports `corpus.file` into the `base` registry, first with `--dry-run`,
/// then for real (with `--partial` when entries are reported), and checks
/// everything it wrote.
fn assert_imports(corpus: &Corpus<'_>) {
    let file = fixture(corpus.file);
    let name = corpus.file;
    let test = RegistryTest::new("base");
    let before = release_folders(&test);
    let entries: usize = corpus.releases.iter().map(|r| r.public + r.internal).sum();
    assert_eq!(entries, corpus.imported, "{name}: the table adds up");

    // A dry run writes nothing; it fails like the real run would without --partial.
    let mut args = corpus.args.to_vec();
    args.push("--dry-run");
    let code = i32::from(corpus.reported > 0);
    let (stdout, stderr) = import_exit(&test, &file, &args, code);
    assert_eq!(
        stdout,
        corpus.tally("would be imported"),
        "{name}:\n{stderr}"
    );
    assert_eq!(release_folders(&test), before, "{name}: the dry run wrote");

    let mut args = corpus.args.to_vec();
    if corpus.reported > 0 {
        args.push("--partial");
    }
    let (stdout, stderr) = import_exit(&test, &file, &args, 0);
    assert_eq!(stdout, corpus.tally("imported"), "{name}:\n{stderr}");

    let mut expected = before;
    expected.extend(corpus.releases.iter().map(|r| r.folder.to_string()));
    expected.sort();
    assert_eq!(release_folders(&test), expected, "{name}:\n{stderr}");

    for release in corpus.releases {
        let at = format!("{name}: releases/{}", release.folder);
        let dir = test.path().join("releases").join(release.folder);
        let toml = fs::read_to_string(dir.join("release.toml")).unwrap();
        let doc: DocumentMut = toml.parse().unwrap_or_else(|e| panic!("{at}: {e}"));
        assert_eq!(doc["version"].as_str(), Some(release.folder), "{at}");
        if corpus.default_titles {
            assert_eq!(
                doc["title"].as_str(),
                Some(format!("Release {}", release.folder).as_str()),
                "{at}"
            );
        }
        let planned = doc
            .get("planned")
            .and_then(Item::as_datetime)
            .map(ToString::to_string);
        match release.planned {
            On(date) => assert_eq!(planned.as_deref(), Some(date), "{at}"),
            Undated => assert_eq!(planned, None, "{at}"),
            Unasserted => {}
        }
        let notes = fs::read_to_string(dir.join("notes.md")).unwrap();
        let own = format!("({})", release.tag);
        let (mut public, mut internal) = (0, 0);
        let changes = doc.get("changes").and_then(Item::as_array_of_tables);
        for change in changes.into_iter().flat_map(|a| a.iter()) {
            let summary = text(change, "summary").unwrap_or_default();
            let whole = format!("{summary}\n{}", text(change, "details").unwrap_or_default());
            assert!(
                whole.contains(&own),
                "{at}: `{summary}` is not an entry of it"
            );
            for other in corpus.releases.iter().filter(|r| r.tag != release.tag) {
                let theirs = format!("({})", other.tag);
                assert!(
                    !whole.contains(&theirs),
                    "{at}: `{summary}` belongs to {}",
                    other.tag
                );
            }
            if text(change, "audience") == Some("internal") {
                internal += 1;
                assert!(
                    !notes.contains(summary),
                    "{at}: the internal `{summary}` is in notes.md"
                );
            } else {
                public += 1;
            }
        }
        assert_eq!(
            (public, internal),
            (release.public, release.internal),
            "{at}: (public, internal) changes\n{toml}"
        );
    }
    test.check().assert_errors(&[]).assert_warnings(&[]);
}

/// Keep a Changelog 1.1.0 to the letter (olivierlacan/keep-a-changelog):
/// the six kinds, `[YANKED]`, lower-case `[unreleased]` link definitions.
#[test]
fn keep_a_changelog() {
    assert_imports(&Corpus {
        file: "keepachangelog.md",
        args: &[],
        versions: 4,
        imported: 12,
        reported: 0,
        unreleased: 1,
        default_titles: true,
        releases: &[
            release("2.3.0", "2.3.0", On("2024-05-02"), 7, 0),
            release("2.2.1", "2.2.1", On("2024-03-18"), 2, 0),
            release("2.2.0", "2.2.0", On("2024-02-29"), 1, 0),
            release("2.1.0", "2.1.0", On("2023-12-04"), 2, 0),
        ],
    });
}

/// conventional-changelog's standard-version: patch releases at `###`, the
/// level of their own sections, minor ones at `##`; compare links, scopes in
/// bold, `⚠ BREAKING CHANGES` with a lazily wrapped line.
#[test]
fn standard_version() {
    assert_imports(&Corpus {
        file: "standard-version.md",
        args: &[],
        versions: 5,
        imported: 11,
        reported: 0,
        unreleased: 0,
        default_titles: true,
        releases: &[
            release("3.1.1", "3.1.1", On("2024-04-09"), 2, 0),
            release("3.1.0", "3.1.0", On("2024-03-27"), 3, 0),
            release("3.0.0", "3.0.0", On("2024-02-12"), 3, 0),
            release("2.9.1", "2.9.1", On("2024-01-20"), 1, 0),
            release("2.9.0", "2.9.0", On("2024-01-08"), 2, 0),
        ],
    });
}

/// googleapis/release-please: `Performance Improvements`, `Miscellaneous
/// Chores`, `Code Refactoring`, and workspace `Dependencies` as nested lists.
#[test]
fn release_please() {
    assert_imports(&Corpus {
        file: "release-please.md",
        args: &[],
        versions: 4,
        imported: 11,
        reported: 0,
        unreleased: 0,
        default_titles: true,
        releases: &[
            release("4.2.0", "4.2.0", On("2024-06-03"), 4, 1),
            release("4.1.1", "4.1.1", On("2024-05-21"), 1, 1),
            release("4.1.0", "4.1.0", On("2024-05-02"), 2, 1),
            release("4.0.0", "4.0.0", On("2024-04-15"), 0, 1),
        ],
    });
}

/// orhun/git-cliff: `[unreleased]` in lower case, emoji sections, some with
/// the `<!-- 0 -->` ordering comment, `*(scope)*` entries, `[**breaking**]`.
#[test]
fn git_cliff() {
    assert_imports(&Corpus {
        file: "git-cliff.md",
        args: &[],
        versions: 3,
        imported: 10,
        reported: 0,
        unreleased: 1,
        default_titles: true,
        releases: &[
            release("0.7.0", "0.7.0", On("2024-06-10"), 3, 1),
            release("0.6.1", "0.6.1", On("2024-05-28"), 2, 1),
            release("0.6.0", "0.6.0", On("2024-05-01"), 3, 0),
        ],
    });
}

/// twisted/towncrier: setext headings with the project's name before the
/// version, a PEP 440 release candidate, `Bugfixes`, `Deprecations and
/// Removals`, entries of two paragraphs, "No significant changes."
#[test]
fn towncrier() {
    assert_imports(&Corpus {
        file: "towncrier.md",
        args: &[],
        versions: 4,
        imported: 7,
        reported: 0,
        unreleased: 0,
        default_titles: false,
        releases: &[
            release("24.8.0-rc.1", "24.8.0rc1", On("2024-08-19"), 4, 0),
            release("24.7.1", "24.7.1", On("2024-07-31"), 1, 0),
            release("24.7.0", "24.7.0", On("2024-07-02"), 0, 0),
            release("24.6.0", "24.6.0", Undated, 2, 0),
        ],
    });
}

/// BurntSushi/ripgrep: setext versions under a `TBD` one, plain-text labels
/// (`Bug fixes:`, `Feature enhancements:`, `**BREAKING CHANGES**:`),
/// highlights as bullets in the prose, entries wrapped after their link.
#[test]
fn ripgrep() {
    assert_imports(&Corpus {
        file: "ripgrep.md",
        args: &[],
        versions: 3,
        imported: 10,
        reported: 0,
        unreleased: 1,
        default_titles: true,
        releases: &[
            release("3.4.0", "3.4.0", On("2024-04-02"), 6, 0),
            release("3.3.1", "3.3.1", Undated, 1, 0),
            release("3.3.0", "3.3.0", On("2024-02-14"), 3, 0),
        ],
    });
}

/// tokio-rs/tokio: versions at `#` with `March 1st, 2024`, sections at `###`
/// (no `##`), `Internal Changes`, link definitions after every version.
#[test]
fn tokio() {
    assert_imports(&Corpus {
        file: "tokio.md",
        args: &[],
        versions: 4,
        imported: 11,
        reported: 0,
        unreleased: 0,
        default_titles: true,
        releases: &[
            release("2.7.0", "2.7.0", On("2024-03-01"), 4, 2),
            release("2.6.1", "2.6.1", On("2024-02-09"), 1, 0),
            release("2.6.0", "2.6.0", On("2024-01-22"), 3, 0),
            release("2.5.0", "2.5.0", On("2023-12-08"), 1, 0),
        ],
    });
}

/// hashicorp/terraform: `1.9.0 (Unreleased)`, upper-case plain labels
/// (`NEW FEATURES:`, `ENHANCEMENTS:`, `BUG FIXES:`), `-rc1`, and links to
/// older changelogs under `Previous Releases`, which are reported.
#[test]
fn terraform() {
    assert_imports(&Corpus {
        file: "terraform.md",
        args: &[],
        versions: 4,
        imported: 10,
        reported: 2,
        unreleased: 1,
        default_titles: true,
        releases: &[
            release("1.8.2", "1.8.2", On("2024-04-24"), 2, 0),
            release("1.8.1", "1.8.1", On("2024-04-17"), 2, 0),
            release("1.8.0", "1.8.0", On("2024-04-10"), 5, 0),
            release("1.8.0-rc1", "1.8.0-rc1", On("2024-03-27"), 1, 0),
        ],
    });
}

/// changesets/changesets: the package's name as the title, versions without
/// dates (one in a quote below the heading), `Major`/`Minor`/`Patch
/// Changes` mapped with `--section`, commit hashes before the text,
/// `Updated dependencies` with the packages nested, a code block in an entry.
#[test]
fn changesets() {
    assert_imports(&Corpus {
        file: "changesets.md",
        args: &[
            "--section",
            "Major Changes=changed",
            "--section",
            "Minor Changes=added",
            "--section",
            "Patch Changes=fixed",
        ],
        versions: 4,
        imported: 10,
        reported: 0,
        unreleased: 0,
        default_titles: true,
        releases: &[
            release("5.2.0", "5.2.0", Undated, 4, 0),
            release("5.1.1", "5.1.1", Undated, 1, 0),
            release("5.1.0", "5.1.0", Unasserted, 3, 0),
            release("5.0.0", "5.0.0", Undated, 2, 0),
        ],
    });
}

/// open-telemetry/opentelemetry-python: `Version 1.25.0/0.46b0 (date)`,
/// PEP 440 versions, entries directly under the version with the pull
/// request wrapped onto the next line, an old `Released <date>` line.
#[test]
fn opentelemetry() {
    assert_imports(&Corpus {
        file: "opentelemetry.md",
        args: &[],
        versions: 4,
        imported: 6,
        reported: 0,
        unreleased: 1,
        default_titles: false,
        releases: &[
            release("1.25.0", "1.25.0", On("2024-05-30"), 2, 0),
            release("1.24.0", "1.24.0", On("2024-04-09"), 1, 0),
            release("1.13.0-rc.1", "1.13.0rc1", On("2022-09-26"), 2, 0),
            release("0.17.0-beta.0", "0.17b0", Unasserted, 1, 0),
        ],
    });
}

/// prometheus/prometheus: `2.52.0 / 2024-05-07`, `## unreleased`, the kind
/// in each entry (`* [BUGFIX] …`) rather than in sections, prose first.
#[test]
fn prometheus() {
    assert_imports(&Corpus {
        file: "prometheus.md",
        args: &[],
        versions: 4,
        imported: 8,
        reported: 0,
        unreleased: 1,
        default_titles: true,
        releases: &[
            release("2.52.0", "2.52.0", On("2024-05-07"), 4, 0),
            release("2.51.1", "2.51.1", On("2024-04-18"), 1, 0),
            release("2.51.0-rc.0", "2.51.0-rc.0", On("2024-04-02"), 1, 0),
            release("2.50.0", "2.50.0", On("2024-03-11"), 2, 0),
        ],
    });
}

/// sphinx-doc/sphinx: setext `Release 7.3.2 (released May 14, 2024)` and
/// `(in development)`, every section written even when empty, `Features
/// added`/`Bugs fixed`/`Incompatible changes` mapped with `--section`,
/// `Dependencies` and `Testing` internal, "Patch by" lines.
#[test]
fn sphinx() {
    assert_imports(&Corpus {
        file: "sphinx.md",
        args: &[
            "--section",
            "Features added=added",
            "--section",
            "Bugs fixed=fixed",
            "--section",
            "Incompatible changes=changed",
        ],
        versions: 2,
        imported: 8,
        reported: 0,
        unreleased: 1,
        default_titles: true,
        releases: &[
            release("7.3.2", "7.3.2", On("2024-05-14"), 1, 0),
            release("7.3.0", "7.3.0", On("2024-04-20"), 5, 2),
        ],
    });
}

/// github-changelog-generator: `[v0.14.0](tree-url) (date)`, `Full
/// Changelog` links, bold labels with the colon inside, mapped with
/// `--section` (`Closed issues` are not changes: reported), escaped `\#`.
#[test]
fn github_changelog_generator() {
    assert_imports(&Corpus {
        file: "github-changelog-generator.md",
        args: &[
            "--section",
            "Implemented enhancements=added",
            "--section",
            "Fixed bugs=fixed",
            "--section",
            "Merged pull requests=changed",
        ],
        versions: 3,
        imported: 7,
        reported: 1,
        unreleased: 1,
        default_titles: true,
        releases: &[
            release("0.14.0", "0.14.0", On("2024-03-02"), 4, 0),
            release("0.13.1", "0.13.1", On("2024-02-10"), 1, 0),
            release("0.13.0", "0.13.0", On("2024-01-25"), 2, 0),
        ],
    });
}

/// frinyvonnick/gitmoji-changelog: `<a name>` anchors above each version,
/// emoji at the start of entries, `Breaking changes`, `Miscellaneous`
/// (mapped with `--section`) with its `siblings` indented four spaces.
#[test]
fn gitmoji_changelog() {
    assert_imports(&Corpus {
        file: "gitmoji.md",
        args: &["--section", "Miscellaneous=changed"],
        versions: 3,
        imported: 10,
        reported: 0,
        unreleased: 0,
        default_titles: true,
        releases: &[
            release("2.3.0", "2.3.0", On("2024-05-06"), 6, 0),
            release("2.2.1", "2.2.1", On("2024-04-22"), 2, 0),
            release("2.2.0", "2.2.0", On("2024-04-02"), 2, 0),
        ],
    });
}

/// intuit/auto: `# v6.2.0 (Tue Apr 16 2024)`, emoji sections at `####`,
/// `Enhancement`, `Internal`, `Dependency Updates`, a package's entries
/// nested under its name, `Authors: N` (prose: neither imported nor
/// reported), `---` between.
#[test]
fn auto() {
    assert_imports(&Corpus {
        file: "auto.md",
        args: &[],
        versions: 3,
        imported: 8,
        reported: 0,
        unreleased: 0,
        default_titles: true,
        releases: &[
            release("6.2.0", "6.2.0", On("2024-04-16"), 3, 1),
            release("6.1.1", "6.1.1", On("2024-04-03"), 1, 1),
            release("6.1.0", "6.1.0", On("2024-03-18"), 2, 0),
        ],
    });
}

/// yt-dlp/yt-dlp: zero-padded CalVer versions at `###`, bullets directly
/// under them with sub-bullets at four spaces, and list items inside an
/// HTML comment at the top, which are not entries.
#[test]
fn calver() {
    assert_imports(&Corpus {
        file: "calver.md",
        args: &[],
        versions: 3,
        imported: 6,
        reported: 0,
        unreleased: 0,
        default_titles: true,
        releases: &[
            release("2024.3.10", "2024.03.10", Unasserted, 3, 0),
            release("2024.2.28", "2024.02.28", Unasserted, 2, 0),
            release("2024.1.5", "2024.01.05", Unasserted, 1, 0),
        ],
    });
}

/// A changelog kept by hand, as stalwartlabs/webadmin and cryptomator/hub
/// keep theirs: a section at the versions' level (`## Added`), empty
/// sections, a `05.01.2024` date, a version with only a compare link, an
/// empty bullet (reported) and a version written twice (merged).
#[test]
fn kept_by_hand() {
    assert_imports(&Corpus {
        file: "hand-kept.md",
        args: &[],
        versions: 3,
        imported: 6,
        reported: 1,
        unreleased: 0,
        default_titles: true,
        releases: &[
            release("0.9.3", "0.9.3", Unasserted, 3, 0),
            release("0.9.2", "0.9.2", Undated, 1, 0),
            release("0.9.1", "0.9.1", On("2023-11-20"), 2, 0),
        ],
    });
}
