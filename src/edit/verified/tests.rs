#![allow(clippy::unwrap_used)]

use super::*;
use crate::files::ReleaseFile;

fn read(text: &str) -> ReleaseFile {
    let file = crate::source::SourceFile::new(
        "release.toml".to_string(),
        "release.toml".into(),
        text.to_string(),
    );
    let parsed = crate::parse::parse_toml(&file).unwrap();
    serde_json::from_value(parsed.value).unwrap()
}

const RELEASE: &str = "# The release record.\nversion = \"1.0.0\"\ntitle = \"First\"   # short\nstatus = \"approved\"\nowner = \"alice\"\n\n[[approvals]]\nby = \"bob\"\nat = 2024-06-01T10:00:00Z\n";

fn record(notes: Option<&str>) -> VerificationRecord<'_> {
    VerificationRecord {
        environment: "uat",
        by: "bob",
        at: "2024-06-02T11:00:00Z".parse().unwrap(),
        result: VerificationResult::Failed,
        notes,
    }
}

fn appended(original: &str, notes: Option<&str>) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("release.toml");
    std::fs::write(&path, original).unwrap();
    append_verification(&path, &record(notes)).unwrap();
    std::fs::read_to_string(&path).unwrap()
}

#[test]
fn appends_after_the_rest_keeping_it() {
    let out = appended(RELEASE, Some("Exports work"));
    assert_eq!(
        out,
        format!(
            "{RELEASE}\n[[verifications]]\nenvironment = \"uat\"\nby = \"bob\"\nat = 2024-06-02T11:00:00Z\nresult = \"failed\"\nnotes = \"Exports work\"\n"
        )
    );
}

#[test]
fn hostile_notes_read_back_exactly() {
    let hostile = [
        "line one\nline two\r\nthree\rfour",
        "\"\"\" closing quotes\n''' and literal ones",
        "esc \u{1b}[2J, bell \u{7}, nul \u{0}, del \u{7f}, c1 \u{85}, sep \u{2028}",
        "back\\slash \\n not a newline, \\u0041",
        "[[verifications]]\nenvironment = \"prod\"\nresult = \"passed\"",
        "<script>alert(1)</script> [x](javascript:alert(1))",
        "",
    ];
    for notes in hostile {
        let out = appended(RELEASE, Some(notes));
        let file = read(&out);
        assert_eq!(file.verifications.len(), 1, "{out}");
        assert_eq!(file.verifications[0].notes.as_deref(), Some(notes), "{out}");
        assert_eq!(file.verifications[0].environment, "uat");
        // One line: nothing in the notes can start a line of its own.
        let line = out.lines().find(|l| l.starts_with("notes = ")).unwrap();
        assert!(out.ends_with(&format!("{line}\n")), "{out}");
        assert_eq!(
            crate::edit::fmt::format_toml(crate::schema::SchemaKind::Release, &out).unwrap(),
            out,
            "`milepost fmt` keeps it as written"
        );
    }
}

#[test]
fn a_crlf_file_stays_crlf_and_its_notes_exact() {
    let crlf = RELEASE.replace('\n', "\r\n");
    let notes = "a\nb\r\nc\rd";
    let out = appended(&crlf, Some(notes));
    assert!(!out.replace("\r\n", "").contains('\n'), "{out:?}");
    let file = read(&out);
    assert_eq!(
        file.verifications[0].notes.as_deref(),
        Some(notes),
        "{out:?}"
    );
}

#[test]
fn a_second_one_follows_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("release.toml");
    std::fs::write(&path, RELEASE).unwrap();
    append_verification(&path, &record(None)).unwrap();
    let mut second = record(None);
    second.result = VerificationResult::Passed;
    append_verification(&path, &second).unwrap();
    let file = read(&std::fs::read_to_string(&path).unwrap());
    let results: Vec<_> = file.verifications.iter().map(|v| v.result).collect();
    assert_eq!(
        results,
        [VerificationResult::Failed, VerificationResult::Passed]
    );
}

#[test]
fn a_file_that_does_not_parse_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("release.toml");
    std::fs::write(&path, "version = \n").unwrap();
    assert!(matches!(
        append_verification(&path, &record(None)),
        Err(EditError::Parse { line: 1, .. })
    ));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "version = \n");
}
