use std::path::PathBuf;

use super::*;
use crate::parse::parse_toml;

fn check(kind: SchemaKind, text: &str) -> Vec<Diagnostic> {
    let file = SourceFile::new("f.toml", PathBuf::from("f.toml"), text.to_string());
    let parsed = parse_toml(&file).unwrap();
    validate(kind, &file, &parsed)
}

#[test]
fn every_builtin_schema_compiles() {
    for kind in SchemaKind::ALL {
        assert!(compiled(kind).is_ok(), "{}", kind.file_name());
    }
}

#[test]
fn unknown_fields_point_at_the_key_with_a_suggestion() {
    let d = check(
        SchemaKind::Environment,
        "name = \"P\"\ntier = \"production\"\nrelaese = \"1.0.0\"\n",
    );
    assert_eq!(d.len(), 1);
    assert_eq!(
        (d[0].code, d[0].position.line, d[0].position.column),
        ("unknown-field", 3, 1)
    );
    assert_eq!(d[0].help.as_deref(), Some("did you mean `release`?"));
}

#[test]
fn enum_errors_suggest_the_nearest_value() {
    let d = check(SchemaKind::Environment, "name = \"P\"\ntier = \"prod\"\n");
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].position.line, 2);
    assert_eq!(d[0].position.column, 8);
    assert!(
        d[0].message.starts_with("`tier` must be one of"),
        "{}",
        d[0].message
    );
}

#[test]
fn missing_fields_name_the_field() {
    let d = check(SchemaKind::Environment, "tier = \"production\"\n");
    assert_eq!(d[0].message, "missing required field `name`");
}

#[test]
fn date_times_need_an_offset() {
    let d = check(
        SchemaKind::Environment,
        "name = \"P\"\ntier = \"production\"\ndeployed_at = 2024-06-12T15:04:00\n",
    );
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].position.line, 3);
    assert!(d[0].message.contains("time zone"));
}

#[test]
fn paths_read_like_toml() {
    assert_eq!(display_path("/changes/0/kind"), "changes[0].kind");
    assert_eq!(field_name("/changes/0"), "changes");
}
