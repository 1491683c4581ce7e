use super::*;

const SAMPLE: &str = "# Changelog\n\nIntro.\n\n## [Unreleased]\n\n### Added\n- Not yet\n\n## [1.1.0] - 2024-02-01 - Spring\n\n**Highlights**\n\n### Added\n- Parquet\n  export, wrapped\n  - nested detail\n* Star bullet\n\n### Fixes\n- A crash\n\n### Key binding notes\n- ctrl+k\n\n#### Sub heading\nFree text.\n\n## 1.0 (2024-01-01)\n### Breaking Changes\n- Dropped X\n\n## [0.9.0] - 2023-12-01 [YANKED]\n\n[1.1.0]: https://example.com/compare\n";

#[test]
fn reads_versions_sections_entries_and_reports_the_rest() {
    let log = parse(SAMPLE);
    let versions: Vec<(&str, Option<&str>, Option<&str>, bool)> = log
        .releases
        .iter()
        .map(|r| {
            (
                r.version.as_str(),
                r.date.as_deref(),
                r.title.as_deref(),
                r.yanked,
            )
        })
        .collect();
    assert_eq!(
        versions,
        [
            ("1.1.0", Some("2024-02-01"), Some("Spring"), false),
            ("1.0.0", Some("2024-01-01"), None, false),
            ("0.9.0", Some("2023-12-01"), None, true),
        ]
    );
    let first = &log.releases[0];
    let changes: Vec<(ChangeKind, &str, Option<&str>)> = first
        .changes
        .iter()
        .map(|c| (c.kind, c.summary.as_str(), c.details.as_deref()))
        .collect();
    assert_eq!(
        changes,
        [
            (
                ChangeKind::Added,
                "Parquet export, wrapped",
                Some("- nested detail")
            ),
            (ChangeKind::Added, "Star bullet", None),
            (ChangeKind::Fixed, "A crash", None),
        ]
    );
    assert_eq!(log.releases[1].changes[0].summary, "Breaking: Dropped X");
    assert!(
        first
            .notes
            .starts_with("**Highlights**\n\n### Added\n- Parquet\n"),
        "{}",
        first.notes
    );
    assert!(first.notes.contains("#### Sub heading\nFree text.\n"));
    let notes: Vec<(usize, &str)> = log
        .notes
        .iter()
        .map(|n| (line(&n.at), n.message.as_str()))
        .collect();
    assert_eq!(
        notes,
        [
            (
                8,
                "an Unreleased entry has no version yet and is not imported"
            ),
            (
                23,
                "section `Key binding notes` is not a kind of change; its text is kept in notes.md only"
            ),
            (
                24,
                "an entry under `Key binding notes` is not imported: not a kind of change"
            ),
            (29, "version 1.0 is read as 1.0.0"),
        ]
    );
}

#[test]
fn headings_inside_code_fences_are_text() {
    let log = parse("## [1.0.0] - 2024-01-01\n### Added\n- a\n```\n## 2.0.0\n```\n");
    assert_eq!(log.releases.len(), 1);
    assert!(log.releases[0].notes.contains("## 2.0.0"));
}

#[test]
fn duplicate_and_unreadable_versions_are_reported() {
    let log = parse("## [1.0.0]\n## [soon]\n## Thanks\n## [next]\n- later\n## TBD\n- later\n");
    let notes: Vec<&str> = log.notes.iter().map(|n| n.message.as_str()).collect();
    assert_eq!(
        notes,
        [
            "`## [soon]` is not a version heading; its section is skipped",
            "`## Thanks` is not a version heading; its section is skipped",
            "an Unreleased entry has no version yet and is not imported",
            "an Unreleased entry has no version yet and is not imported",
        ]
    );
}

#[test]
fn a_duplicated_version_keeps_the_text_of_both_sections() {
    let log = parse(
        "## 2.0.0\n### Added\n- Two\n## 1.0.0 - 2024-01-01\n### Added\n- First\n\
         ## 0.9.0\n- Nine\n## [1.0.0] - 2024-01-03 - Late\n### Fixed\n- Second\n",
    );
    use ChangeKind::*;
    assert_eq!(
        summary(&log),
        [
            ("2.0.0", None, None, false, vec![(Added, false, "Two")]),
            (
                "1.0.0",
                Some("2024-01-01"),
                Some("Late"),
                false,
                vec![(Added, false, "First"), (Fixed, false, "Second")]
            ),
            ("0.9.0", None, None, false, vec![(Changed, false, "Nine")]),
        ]
    );
    assert_eq!(
        log.releases[1].notes,
        "### Added\n- First\n\n### Fixed\n- Second\n"
    );
    assert_eq!(
        notes(&log),
        [(
            9,
            "version 1.0.0 appears twice (also line 4); its sections are merged into one release"
        )]
    );
    assert_eq!((log.versions, log.reported_entries), (3, 0));
}

#[test]
fn empty_bullets_are_reported_and_a_marker_alone_can_carry_text_below() {
    let log =
        parse("## 1.0.0\n### Fixed\n- \n-\n  Wrapped under the marker\n*\n1.\n- Kept\n* * *\n");
    assert_eq!(
        summary(&log)[0].4,
        [
            (ChangeKind::Fixed, false, "Wrapped under the marker"),
            (ChangeKind::Fixed, false, "Kept")
        ]
    );
    assert_eq!(
        notes(&log),
        [
            (3, "an empty entry is not imported"),
            (6, "an empty entry is not imported"),
            (7, "an empty entry is not imported"),
        ]
    );
    assert_eq!(log.reported_entries, 3);
}

#[test]
fn details_keep_their_markdown() {
    let log = parse(
        "## 1.0.0\n### Added\n\
         1. Export to `CSV`\n   wrapped onto the summary\n\n   A paragraph of detail\n   on two lines.\n\n\
         \x20  1. first step\n   2. second step\n      - deeper\n\n   ```toml\n   [export]\n\n   format = \"csv\"\n   ```\n\
         2. Next entry\n```\nnot an entry's code\n```\n- Last\n",
    );
    let changes = &log.releases[0].changes;
    assert_eq!(changes.len(), 3);
    assert_eq!(
        changes[0].summary,
        "Export to `CSV` wrapped onto the summary"
    );
    assert_eq!(
        changes[0].details.as_deref(),
        Some(
            "A paragraph of detail\non two lines.\n\n1. first step\n2. second step\n   - deeper\n\n```toml\n[export]\n\nformat = \"csv\"\n```"
        )
    );
    assert_eq!(
        (changes[1].summary.as_str(), changes[1].details.as_deref()),
        ("Next entry", None)
    );
    assert_eq!(changes[2].summary, "Last");
    assert!(
        log.releases[0]
            .notes
            .contains("```\nnot an entry's code\n```\n")
    );
}

#[test]
fn reference_links_are_resolved_and_their_definitions_copied() {
    let log = parse(
        "## 1.1.0\n### Fixed\n- Crash on export ([#12])\n  - see [the guide][guide]\n\
         ## 1.0.0\n- Plain [#13]\n\n[#12]: https://example.com/pull/12\n\
         [#13]: https://example.com/pull/13\n[guide]: https://example.com/guide\n\
         [1.1.0]: https://example.com/compare/v1.0.0...v1.1.0\n",
    );
    let first = &log.releases[0];
    assert_eq!(
        first.changes[0].summary,
        "Crash on export ([#12](https://example.com/pull/12))"
    );
    assert_eq!(
        first.changes[0].details.as_deref(),
        Some("- see [the guide](https://example.com/guide)")
    );
    assert_eq!(
        first.notes,
        "### Fixed\n- Crash on export ([#12])\n  - see [the guide][guide]\n\n\
         [#12]: https://example.com/pull/12\n[guide]: https://example.com/guide\n"
    );
    // The definitions at the end are not the last release's text.
    assert_eq!(
        log.releases[1].notes,
        "- Plain [#13]\n\n[#13]: https://example.com/pull/13\n"
    );
    assert_eq!(
        log.releases[1].changes[0].summary,
        "Plain [#13](https://example.com/pull/13)"
    );
}

#[test]
fn plain_and_bold_labels_prose_sections_and_the_users_mapping() {
    let text = "# 3.0.0 (2024-02-01)\n\nFEATURES:\n\n* Boards\n\nBUG FIXES:\n* Tooltip\n**Security**:\n- Tokens\n\n\
                Platform support:\n- CANARY-PLATFORM\nNot a label:\n\n\
                ## New Contributors\n* @sam made a first contribution\n\n## Housekeeping\n- Bumped the linter\n\n\
                ## Performance\n- Faster boards\n";
    let log = parse(text);
    use ChangeKind::*;
    assert_eq!(
        summary(&log)[0].4,
        [
            (Added, false, "Boards"),
            (Fixed, false, "Tooltip"),
            (Security, false, "Tokens"),
            (Changed, false, "Faster boards"),
        ]
    );
    assert_eq!(
        notes(&log),
        [
            (
                12,
                "section `Platform support` is not a kind of change; its text is kept in notes.md only"
            ),
            (
                13,
                "an entry under `Platform support` is not imported: not a kind of change"
            ),
            (
                19,
                "section `Housekeeping` is not a kind of change; its text is kept in notes.md only"
            ),
            (
                20,
                "an entry under `Housekeeping` is not imported: not a kind of change"
            ),
        ]
    );
    let mut mapping = Mapping::default();
    mapping.add("platform support=prose").unwrap();
    mapping.add("Housekeeping=internal").unwrap();
    mapping.add("Performance=fixed").unwrap();
    let log = parse_with(text, &mapping);
    assert_eq!(
        summary(&log)[0].4[3..],
        [
            (Changed, true, "Bumped the linter"),
            (Fixed, false, "Faster boards")
        ]
    );
    assert!(log.notes.is_empty(), "{:?}", log.notes);
    assert!(!log.releases[0].notes.contains("linter"));
    assert!(
        log.releases[0]
            .notes
            .contains("@sam made a first contribution")
    );
}

#[test]
fn version_words_calver_and_dates_read_two_ways() {
    let log = parse(
        "## Version 1.2.3/0.43b0 (2024-03-01)\n- a\n## 2024.01.15\n- b\n## 1.0.0 - 05.01.2024\n- c\n## Release v0.9.0\n- d\n",
    );
    let heads: Vec<(&str, Option<&str>)> =
        summary(&log).into_iter().map(|(v, d, ..)| (v, d)).collect();
    assert_eq!(
        heads,
        [
            ("1.2.3", Some("2024-03-01")),
            ("2024.1.15", None),
            ("1.0.0", Some("2024-01-05")),
            ("0.9.0", None),
        ]
    );
    assert_eq!(
        notes(&log),
        [
            (1, "version 1.2.3/0.43b0 is read as 1.2.3"),
            (3, "version 2024.01.15 is read as 2024.1.15"),
            (
                5,
                "`05.01.2024` could be read two ways; it is read as day.month.year: 2024-01-05"
            ),
        ]
    );
}

#[test]
fn a_release_body_is_read_as_one_version() {
    let body = parse_body(
        "Highlights first.\n\n## What's Changed\n* Add boards by @sam in https://example.com/pull/1\n\
         ## 🐛 Bug Fixes\n* Fix 2.0.0 crash\n## New Contributors\n* @sam made a first contribution\n\
         ## v2.0.0 notes\n- unsorted\n\n**Full Changelog**: https://example.com/compare\n",
        &Mapping::default(),
    );
    let changes: Vec<(ChangeKind, &str)> = body
        .changes
        .iter()
        .map(|c| (c.kind, c.summary.as_str()))
        .collect();
    assert_eq!(
        changes,
        [
            (
                ChangeKind::Changed,
                "Add boards by @sam in https://example.com/pull/1"
            ),
            (ChangeKind::Fixed, "Fix 2.0.0 crash"),
        ]
    );
    assert!(
        body.notes
            .starts_with("Highlights first.\n\n## What's Changed\n")
    );
    assert!(
        body.notes
            .ends_with("**Full Changelog**: https://example.com/compare\n")
    );
    let notes: Vec<(usize, &str)> = body
        .notes_about
        .iter()
        .map(|n| (line(&n.at), n.message.as_str()))
        .collect();
    assert_eq!(
        notes,
        [
            (
                9,
                "section `v2.0.0 notes` is not a kind of change; its text is kept in notes.md only"
            ),
            (
                10,
                "an entry under `v2.0.0 notes` is not imported: not a kind of change"
            ),
        ]
    );
    assert_eq!(body.reported_entries, 1);
}

#[test]
fn a_heading_after_an_internal_section_keeps_its_blank_line() {
    let body = parse_body(
        "- a\n### Chores\n- CANARY\n\n### Fixed\n- b\n",
        &Mapping::default(),
    );
    assert_eq!(body.notes, "- a\n\n### Fixed\n- b\n");
}

/// (version, date, title, yanked, [(kind, internal, summary)]) of every release.
type Summary<'a> = (
    &'a str,
    Option<&'a str>,
    Option<&'a str>,
    bool,
    Vec<(ChangeKind, bool, &'a str)>,
);

fn summary(log: &Changelog) -> Vec<Summary<'_>> {
    log.releases
        .iter()
        .map(|r| {
            (
                r.version.as_str(),
                r.date.as_deref(),
                r.title.as_deref(),
                r.yanked,
                r.changes
                    .iter()
                    .map(|c| (c.kind, c.internal, c.summary.as_str()))
                    .collect(),
            )
        })
        .collect()
}

fn notes(log: &Changelog) -> Vec<(usize, &str)> {
    log.notes
        .iter()
        .map(|n| (line(&n.at), n.message.as_str()))
        .collect()
}

#[test]
fn setext_headings_carry_versions_and_sections() {
    let log = parse(include_str!("../../../tests/fixtures/changelogs/setext.md"));
    use ChangeKind::*;
    assert_eq!(
        summary(&log),
        [
            (
                "4.2.0",
                Some("2024-10-16"),
                None,
                false,
                vec![
                    (Added, false, "Dimmer schedules"),
                    (Fixed, false, "Flicker at dawn"),
                    (Fixed, false, "Wrong colour temperature after restart"),
                ]
            ),
            (
                "4.1.0",
                Some("2023-10-16"),
                None,
                false,
                vec![(Changed, false, "Quieter fan")]
            ),
            (
                "4.0.0",
                Some("2023-01-02"),
                None,
                false,
                vec![(Changed, false, "First light")]
            ),
        ]
    );
    assert_eq!(
        notes(&log),
        [
            (
                9,
                "an Unreleased entry has no version yet and is not imported"
            ),
            (
                14,
                "an Unreleased entry has no version yet and is not imported"
            ),
            (36, "version 4.0 is read as 4.0.0"),
        ]
    );
    assert_eq!(
        (log.versions, log.reported_entries, log.unreleased_entries),
        (3, 0, 2)
    );
    // The thematic break under 1.1.0 stays text; the setext underline of a section is kept.
    assert_eq!(log.releases[1].notes, "- Quieter fan\n\n---\n");
    assert!(
        log.releases[0]
            .notes
            .starts_with("### Features\n\n- Dimmer schedules\n"),
        "{}",
        log.releases[0].notes
    );
}

#[test]
fn versions_at_the_top_level_with_every_section_form() {
    let log = parse(include_str!("../../../tests/fixtures/changelogs/levels.md"));
    use ChangeKind::*;
    assert_eq!(
        summary(&log),
        [
            (
                "2.0.0",
                Some("2024-01-02"),
                None,
                false,
                vec![
                    (Changed, false, "Bullet directly under the version"),
                    (Changed, false, "Breaking: Config moved to `kettle.toml`"),
                    (Fixed, false, "Boils twice"),
                    (Fixed, false, "Deeper section heading"),
                    (Changed, false, "Faster pour"),
                    (Added, false, "Tea timer"),
                    (Changed, true, "CANARY-LEVELS-CHORE"),
                ]
            ),
            (
                "1.5.0",
                Some("2023-11-05"),
                None,
                false,
                vec![
                    (Deprecated, false, "The old spout"),
                    (Changed, true, "CANARY-LEVELS-REFACTOR"),
                ]
            ),
            (
                "1.4.0-beta.1",
                None,
                None,
                false,
                vec![(Added, false, "Beta lid")]
            ),
            ("1.12.0-rc.2", None, None, false, vec![]),
            (
                "1.3.0",
                Some("2023-06-01"),
                None,
                true,
                vec![(Fixed, false, "Fixed while yanked")]
            ),
        ]
    );
    assert_eq!(
        notes(&log),
        [
            (31, "version 1.5 is read as 1.5.0"),
            (41, "version 1.4.0b1 is read as 1.4.0-beta.1"),
            (
                41,
                "`2023-13-40` is not a date milepost can read; 1.4.0-beta.1 has no date"
            ),
            (47, "version 1.12.0rc2 is read as 1.12.0-rc.2"),
            (
                49,
                "section `Notes of the editor` is not a kind of change; its text is kept in notes.md only"
            ),
            (
                51,
                "an entry under `Notes of the editor` is not imported: not a kind of change"
            ),
        ]
    );
    assert_eq!(
        (log.versions, log.reported_entries, log.unreleased_entries),
        (5, 1, 0)
    );
    let public: String = log.releases.iter().map(|r| r.notes.as_str()).collect();
    assert!(
        !public.contains("CANARY") && !public.contains("Chores") && !public.contains("Refactoring"),
        "{public}"
    );
    assert!(
        log.releases[0]
            .notes
            .ends_with("## Performance\n\n- Faster pour\n\n**Added**\n\n- Tea timer\n"),
        "{}",
        log.releases[0].notes
    );
}

/// conventional-changelog writes patch releases one level below the others
/// (`### [9.3.2](url) (date)` between `## [9.4.0]` and `## [9.3.0]`): such
/// a heading is a release of its own, never a section of the one above.
#[test]
fn a_version_below_the_versions_level_is_a_release_of_its_own() {
    let log = parse(include_str!(
        "../../../tests/fixtures/changelogs/misplaced.md"
    ));
    use ChangeKind::*;
    assert_eq!(
        summary(&log),
        [
            (
                "3.1.0",
                Some("2024-05-06"),
                None,
                false,
                vec![(Added, false, "Picnic mode")]
            ),
            (
                "3.0.9",
                Some("2024-05-01"),
                None,
                false,
                vec![
                    (Changed, false, "Under a version at the wrong level"),
                    (Fixed, false, "Still under the misplaced version")
                ]
            ),
            (
                "3.0.0",
                Some("2024-04-01"),
                None,
                false,
                vec![(Removed, false, "The old basket")]
            ),
        ]
    );
    // With words after it, a version is a sub-heading's title.
    assert_eq!(
        notes(&log),
        [
            (
                23,
                "section `3.0 upgrade notes` is not a kind of change; its text is kept in notes.md only"
            ),
            (
                25,
                "an entry under `3.0 upgrade notes` is not imported: not a kind of change"
            ),
        ]
    );
    assert_eq!((log.versions, log.reported_entries), (3, 1));
}

#[test]
fn patch_releases_outnumbering_the_minor_ones_do_not_take_their_level() {
    let log = parse(
        "# Changelog\n\n## [2.0.0](u) (2024-03-01)\n### Features\n* two\n\
         ### [1.0.2](u) (2024-02-02)\n### Bug Fixes\n* patch two\n\
         ### [1.0.1](u) (2024-02-01)\n### Bug Fixes\n* patch one\n\
         ## [1.0.0](u) (2024-01-01)\n### Features\n* one\n## New Contributors\n* @sam\n",
    );
    use ChangeKind::*;
    let got: Vec<_> = summary(&log)
        .into_iter()
        .map(|(v, _, _, _, c)| (v, c))
        .collect();
    assert_eq!(
        got,
        [
            ("2.0.0", vec![(Added, false, "two")]),
            ("1.0.2", vec![(Fixed, false, "patch two")]),
            ("1.0.1", vec![(Fixed, false, "patch one")]),
            ("1.0.0", vec![(Added, false, "one")]),
        ]
    );
    assert!(log.notes.is_empty(), "{:?}", log.notes);
    assert!(
        log.releases[3]
            .notes
            .ends_with("## New Contributors\n* @sam\n")
    );
}

#[test]
fn heading_forms_of_versions() {
    let log = parse(
        "## [Unreleased](https://example.com/compare)\n- a\n## 1.2.3 - TBD\n- b\n\
         ## [1.2.2](https://example.com/compare/v1.2.1...v1.2.2) (2024-01-02)\n- c\n\
         ## v1.2.1 - 2024-01-01 - Quiet\n- d\n## 1.2.0 (2023-12-01) [YANKED]\n- e\n",
    );
    let heads: Vec<(&str, Option<&str>, Option<&str>, bool)> = summary(&log)
        .into_iter()
        .map(|(v, d, t, y, _)| (v, d, t, y))
        .collect();
    assert_eq!(
        heads,
        [
            ("1.2.2", Some("2024-01-02"), None, false),
            ("1.2.1", Some("2024-01-01"), Some("Quiet"), false),
            ("1.2.0", Some("2023-12-01"), None, true),
        ]
    );
    assert_eq!(log.unreleased_entries, 2);
}

#[test]
fn many_duplicated_versions_merge_into_one_release() {
    let text: String = (0..5000)
        .map(|i| format!("## 1.0.0\n- entry {i}\n"))
        .collect();
    let log = parse(&text);
    assert_eq!(log.releases.len(), 1);
    assert_eq!(log.releases[0].changes.len(), 5000);
    assert_eq!(log.versions, 1);
    assert_eq!(log.notes.len(), 4999);
}

fn line(at: &Location) -> usize {
    match at {
        Location::Line(line) => *line,
        other => panic!("not a line: {other:?}"),
    }
}
