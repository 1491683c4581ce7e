use std::path::PathBuf;

use super::*;

fn parse(text: &str) -> (SourceFile, Result<ParsedToml, Diagnostic>) {
    let file = SourceFile::new("t.toml", PathBuf::from("t.toml"), text.to_string());
    let parsed = parse_toml(&file);
    (file, parsed)
}

#[test]
fn values_and_spans() {
    let text = "title = \"x\"\nplanned = 2024-06-12\n[[changes]]\nkind = \"added\"\ncomponents = { api = \"1.0\" }\n";
    let (file, parsed) = parse(text);
    let parsed = parsed.unwrap();
    assert_eq!(
        parsed.value,
        serde_json::json!({"title": "x", "planned": "2024-06-12",
            "changes": [{"kind": "added", "components": {"api": "1.0"}}]})
    );
    let span = parsed.spans.value("/changes/0/kind");
    assert_eq!(&file.text[span], "\"added\"");
    let span = parsed.spans.key("/changes/0/components/api");
    assert_eq!(&file.text[span], "api");
    assert_eq!(file.position(parsed.spans.value("/planned").start).line, 2);
}

#[test]
fn datetimes_become_rfc3339_strings() {
    let (_, parsed) = parse("at = 2024-06-11T10:00:00Z\n");
    assert_eq!(parsed.unwrap().value["at"], "2024-06-11T10:00:00Z");
}

#[test]
fn syntax_errors_carry_their_position() {
    let (_, parsed) = parse("a = 1\nb = \n");
    let d = parsed.unwrap_err();
    assert_eq!((d.code, d.position.line), ("syntax", 2));
}

#[test]
fn duplicate_keys_are_syntax_errors_with_help() {
    let (_, parsed) = parse("a = 1\na = 2\n");
    let d = parsed.unwrap_err();
    assert_eq!(d.position.line, 2);
    assert!(d.message.contains("duplicate key"), "{}", d.message);
    assert!(d.help.is_some());
}

#[test]
fn missing_spans_fall_back_to_the_parent() {
    let (file, parsed) = parse("[a.b]\nc = 1\n");
    let parsed = parsed.unwrap();
    let span = parsed.spans.value("/a/b/nothing");
    assert_eq!(file.position(span.start).line, 1);
}
