use super::*;

fn read(text: &str) -> Changelog {
    parse(text, &Mapping::default()).unwrap()
}

/// (where, message) of every note, as the terminal shows them.
fn notes(log: &Changelog) -> Vec<String> {
    log.notes
        .iter()
        .map(|n| format!("{}: {}", n.at.in_file("r.json"), n.message))
        .collect()
}

fn versions(log: &Changelog) -> Vec<&str> {
    log.releases.iter().map(|r| r.version.as_str()).collect()
}

#[test]
fn pages_back_to_back_an_array_of_pages_and_one_release_read_alike() {
    let a = r#"{"tag_name": "v1.1.0", "body": "- b", "published_at": "2024-02-01T10:00:00Z"}"#;
    let b = r#"{"tag_name": "v1.0.0", "body": "- a", "published_at": "2024-01-01T10:00:00Z"}"#;
    for text in [
        format!("[{a},{b}]"),
        format!("[{a}]\n[{b}]"),
        format!("[{a}][{b}]"),
        format!("[[{a}],[{b}]]"),
        format!("{a}\n{b}\n"),
        format!("\u{feff}[{a}][][{b}]"),
    ] {
        let log = read(&text);
        assert_eq!(versions(&log), ["1.1.0", "1.0.0"], "{text}");
        assert_eq!(log.versions, 2);
        assert!(log.notes.is_empty(), "{text}: {:?}", notes(&log));
    }
}

#[test]
fn the_list_shape_reads_in_camel_case() {
    let log = read(
        r#"[{"tagName":"v2.0.0","name":"v2.0.0 - Boards","isDraft":false,"isPrerelease":false,"isLatest":true,"publishedAt":"2024-05-01T23:59:59Z","createdAt":"2024-05-01T20:00:00Z"},
            {"tagName":"v2.1.0","name":"","isDraft":true,"isPrerelease":false,"publishedAt":"0001-01-01T00:00:00Z","createdAt":"2024-05-02T20:00:00Z"}]"#,
    );
    assert_eq!(versions(&log), ["2.0.0"]);
    let r = &log.releases[0];
    assert_eq!(r.title.as_deref(), Some("Boards"));
    assert_eq!(r.date.as_deref(), Some("2024-05-01"));
    assert_eq!(r.publish_at.as_deref(), Some("2024-05-01T23:59:59Z"));
    assert_eq!(
        r.notes,
        "Imported from GitHub Releases without its text (the file did not include it).\n"
    );
    assert_eq!((log.drafts, log.unreleased_entries), (1, 0));
    assert_eq!(
        notes(&log),
        [
            "r.json: the file holds no release texts (`gh release list` prints none), so each notes.md says it was imported without its text; `gh api repos/OWNER/REPO/releases --paginate` includes them",
            "r.json: release v2.1.0 (#2): a draft, never published: not imported, with its 0 entries",
        ]
    );
}

#[test]
fn dates_are_the_day_in_utc() {
    let log = read(
        r#"[{"tag_name":"1.0.0","body":"x","published_at":"2024-03-31T23:30:00-02:00"},
            {"tag_name":"0.9.0","body":"x","published_at":null,"created_at":"2024-03-01T01:00:00Z"},
            {"tag_name":"0.8.0","body":"x","published_at":"last tuesday"}]"#,
    );
    let dates: Vec<(Option<&str>, Option<&str>)> = log
        .releases
        .iter()
        .map(|r| (r.date.as_deref(), r.publish_at.as_deref()))
        .collect();
    assert_eq!(
        dates,
        [
            (Some("2024-04-01"), Some("2024-04-01T01:30:00Z")),
            (Some("2024-03-01"), None),
            (None, None),
        ]
    );
    assert_eq!(
        notes(&log),
        [
            "r.json: release 0.9.0 (#2): no published_at: its planned day is that of created_at",
            "r.json: release 0.8.0 (#3): `last tuesday` is not a time milepost can read; the release has no date",
        ]
    );
}

#[test]
fn a_name_that_repeats_the_tag_is_no_title() {
    let cases = [
        (Some("v1.2.0"), None),
        (Some("Release 1.2.0"), None),
        (Some("1.2 (2024-01-02)"), None),
        (Some("v1.2.0 – Faster exports"), Some("Faster exports")),
        (Some("Faster exports"), Some("Faster exports")),
        (Some("v1.3.0"), Some("v1.3.0")),
        (Some("  Two\nlines\u{1b}[31m "), Some("Two lines [31m")),
        (Some(""), None),
        (None, None),
    ];
    for (name, expected) in cases {
        assert_eq!(title(name, "1.2.0").as_deref(), expected, "{name:?}");
    }
}

#[test]
fn tags_are_read_as_changelog_versions() {
    let log = read(
        r#"[{"tag_name":"v1.5","body":"","published_at":"2024-01-01T00:00:00Z"},{"tag_name":"2.0.0rc1","body":"","published_at":"2024-01-01T00:00:00Z","prerelease":true},
            {"tag_name":"V3.0.0","body":"","published_at":"2024-01-01T00:00:00Z","prerelease":true},{"tag_name":"web-v1.0.0","body":"- one\n- two","published_at":"2024-01-01T00:00:00Z"},
            {"tag_name":"","body":"","published_at":"2024-01-01T00:00:00Z"}]"#,
    );
    assert_eq!(versions(&log), ["1.5.0", "2.0.0-rc.1", "3.0.0"]);
    assert_eq!((log.versions, log.reported_entries), (5, 2));
    assert_eq!(
        notes(&log)[..4],
        [
            "r.json: release v1.5 (#1): tag v1.5 is read as version 1.5.0",
            "r.json: release 2.0.0rc1 (#2): tag 2.0.0rc1 is read as version 2.0.0-rc.1",
            "r.json: release 2.0.0rc1 (#2): a pre-release on GitHub: imported as 2.0.0-rc.1",
            "r.json: release V3.0.0 (#3): a pre-release on GitHub, but 3.0.0 is not a pre-release version; imported as 3.0.0, like any release",
        ]
    );
    assert!(
        notes(&log)[4].ends_with("tag `web-v1.0.0` is not a version milepost can read; the release is not imported, with its 2 entries"),
        "{:?}",
        notes(&log)
    );
}

#[test]
fn two_releases_of_one_version_are_merged_and_a_repeated_one_is_read_once() {
    let a = r####"{"tag_name":"v1.0.0","body":"### Fixed\n- b","published_at":"2024-01-02T00:00:00Z"}"####;
    let log = read(&format!(
        r####"[{a},{{"tag_name":"1.0.0","name":"Launch","body":"### Added\n- a"}}][{a}]"####
    ));
    assert_eq!(versions(&log), ["1.0.0"]);
    assert_eq!(log.versions, 1);
    let r = &log.releases[0];
    let summaries: Vec<&str> = r.changes.iter().map(|c| c.summary.as_str()).collect();
    assert_eq!(summaries, ["b", "a"]);
    assert_eq!(r.notes, "### Fixed\n- b\n\n### Added\n- a\n");
    assert_eq!(r.title.as_deref(), Some("Launch"));
    assert_eq!(r.date.as_deref(), Some("2024-01-02"));
    assert_eq!(
        notes(&log)[1..],
        [
            "r.json: release 1.0.0 (#2): also version 1.0.0, as release v1.0.0 (#1) is; the two are merged into one release",
            "r.json: release v1.0.0 (#3): the same release as #1, which is read once",
        ]
    );
}

#[test]
fn a_body_is_read_as_a_changelog_section_and_its_notes_name_their_lines() {
    let log = read(
        r####"[{"tag_name":"v2.0.0","published_at":"2024-01-02T00:00:00Z","body":"## [2.0.0](https://example.com/compare) (2024-01-02)\r\n\r\n### Features\r\n\r\n* boards\r\n\r\n### Chores\r\n\r\n* CANARY\r\n\r\n### Key binding notes\r\n\r\n* ctrl+k\r\n"}]"####,
    );
    let r = &log.releases[0];
    assert_eq!(
        r.notes,
        "### Features\n\n* boards\n\n### Key binding notes\n\n* ctrl+k\n"
    );
    let changes: Vec<(bool, &str)> = r
        .changes
        .iter()
        .map(|c| (c.internal, c.summary.as_str()))
        .collect();
    assert_eq!(changes, [(false, "boards"), (true, "CANARY")]);
    assert_eq!(log.reported_entries, 1);
    assert_eq!(
        notes(&log),
        [
            "r.json: release v2.0.0 (#1), line 11 of its text: section `Key binding notes` is not a kind of change; its text is kept in notes.md only",
            "r.json: release v2.0.0 (#1), line 13 of its text: an entry under `Key binding notes` is not imported: not a kind of change",
        ]
    );
}

#[test]
fn bodies_without_public_text_say_so() {
    let log = read(
        r####"[{"published_at":"2024-01-01T00:00:00Z","tag_name":"1.2.0","body":null},{"published_at":"2024-01-01T00:00:00Z","tag_name":"1.1.0","body":"  \r\n"},
            {"published_at":"2024-01-01T00:00:00Z","tag_name":"1.0.0","body":"### Chores\n- CANARY"},{"published_at":"2024-01-01T00:00:00Z","tag_name":"0.9.0"}]"####,
    );
    let texts: Vec<&str> = log.releases.iter().map(|r| r.notes.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Imported from GitHub Releases, where this release has no text.\n",
            "Imported from GitHub Releases, where this release has no text.\n",
            "Imported from GitHub Releases, where this release has no text for customers.\n",
            "Imported from GitHub Releases without its text (the file did not include it).\n",
        ]
    );
    assert_eq!(
        notes(&log),
        [
            "r.json: release 0.9.0 (#4): the file does not include its text; notes.md says it was imported without it"
        ]
    );
}

#[test]
fn comments_are_left_out_outside_code() {
    let (text, unclosed) = without_comments(
        "<!-- generated -->\nA <!-- x --> b `<!-- kept -->` c\n<!--\nCANARY\n-->d\n```\n<!-- in a fence -->\n```\n``a `<!--` b`` e",
    );
    assert_eq!(
        text,
        "\nA  b `<!-- kept -->` c\n\n\nd\n```\n<!-- in a fence -->\n```\n``a `<!--` b`` e"
    );
    assert_eq!(unclosed, None);
    assert_eq!(
        without_comments("a\n<!-- never closed\nCANARY"),
        ("a\n\n".to_string(), Some(2))
    );
    assert_eq!(
        without_comments("an ` unmatched tick <!-- x -->"),
        ("an ` unmatched tick ".to_string(), None)
    );
}

#[test]
fn text_is_made_plain_markdown_with_lines_in_place() {
    let p = prepare(
        "## v1.2.0 - Faster\r\nA\rB\u{0}\u{1b}[2J\tC\u{2028}\r\n",
        Some("1.2.0"),
    );
    assert_eq!(
        p,
        Prepared {
            text: "\nA\nB[2J\tC\n".to_string(),
            controls: 3,
            unclosed_comment: None,
            heading_title: Some("Faster".to_string()),
        }
    );
    // Only a first heading that names this very version.
    assert_eq!(prepare("## 1.3.0\n", Some("1.2.0")).text, "## 1.3.0\n");
    assert_eq!(
        prepare("x\n## 1.2.0\n", Some("1.2.0")).text,
        "x\n## 1.2.0\n"
    );
}

#[test]
fn what_is_not_releases_is_an_error_with_its_place() {
    let error = |text: &str| parse(text, &Mapping::default()).unwrap_err();
    let truncated = error("[\n  {\"tag_name\": \"v1.0.0\",\n");
    assert_eq!(truncated.position, Some((3, 0)));
    assert_eq!(
        truncated.message,
        "not the JSON of GitHub releases: EOF while parsing a value"
    );
    let wrong = error("[{\"tag_name\": 3}]");
    assert_eq!(wrong.position, Some((1, 15)));
    assert!(
        wrong
            .message
            .contains("invalid type: integer `3`, expected a string")
    );
    assert_eq!(error("# Changelog\n").position, Some((1, 1)));
    assert_eq!(
        error(r#"{"message": "Not Found", "documentation_url": "https://docs.github.com/rest", "status": "404"}"#),
        ReadError {
            position: None,
            message: "GitHub answered `Not Found` instead of listing releases; fetch them again (gh api repos/OWNER/REPO/releases --paginate > releases.json)".to_string(),
        }
    );
    assert_eq!(
        error("[{\"name\": \"v1\"}]").message,
        "release #1 has no `tag_name` (nor `tagName`): not the JSON of GitHub releases"
    );
    let deep = error(&"[".repeat(100_000));
    assert!(deep.message.contains("recursion limit"), "{deep:?}");
    assert_eq!(read("").releases.len(), 0);
}
