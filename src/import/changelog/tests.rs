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
        .map(|n| (n.line, n.message.as_str()))
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
    let log = parse("## [1.0.0]\n## [1.0.0]\n## [next]\n## Thanks\n");
    let notes: Vec<&str> = log.notes.iter().map(|n| n.message.as_str()).collect();
    assert_eq!(
        notes,
        [
            "version 1.0.0 appears twice; this one is skipped",
            "`## [next]` is not a version heading; its section is skipped",
            "`## Thanks` is not a version heading; its section is skipped"
        ]
    );
}
