use super::*;

fn fmt(kind: SchemaKind, text: &str) -> String {
    let once = format_toml(kind, text).unwrap();
    assert_eq!(format_toml(kind, &once).unwrap(), once, "not idempotent");
    once
}

#[test]
fn orders_keys_as_the_schema_and_keeps_comments() {
    let text = "#:schema ../schema/environment.schema.json\n# About prod\n\nrelease='1.0.0'   # the deploy line\n  tier   =  \"production\"\n\n\n\n# The name\nname=\"Production\"\n";
    assert_eq!(
        fmt(SchemaKind::Environment, text),
        "#:schema ../schema/environment.schema.json\n# About prod\n\nrelease = \"1.0.0\"   # the deploy line\n\n# The name\nname = \"Production\"\ntier = \"production\"\n"
    );
}

#[test]
fn the_release_line_keeps_its_place_among_the_keys() {
    // Every deploy commit changes this line; a reformat must not move it.
    let text = "url = \"https://a.example\"\nrelease = \"1.0.0\"\ntier = \"demo\"\nname = \"A\"\n";
    assert_eq!(
        fmt(SchemaKind::Environment, text),
        "name = \"A\"\nrelease = \"1.0.0\"\ntier = \"demo\"\nurl = \"https://a.example\"\n"
    );
    let text = "name = \"A\"\ntier = \"demo\"\nrelease = \"1.0.0\"\n";
    assert_eq!(fmt(SchemaKind::Environment, text), text);
}

#[test]
fn arrays_and_inline_tables_get_canonical_spacing() {
    let text = "version = \"1.0.0\"\ntitle = 'T'\nstatus = \"draft\"\nowner = \"a\"\nteams=[ 'x','y' ]\ncomponents = {api='1',  web = \"2\"}\n";
    assert_eq!(
        fmt(SchemaKind::Release, text),
        "version = \"1.0.0\"\ntitle = \"T\"\nstatus = \"draft\"\nowner = \"a\"\nteams = [\"x\", \"y\"]\ncomponents = { api = \"1\", web = \"2\" }\n"
    );
}

#[test]
fn tables_of_arrays_are_ordered_inside() {
    let text = "version = \"1.0.0\"\ntitle = \"T\"\nstatus = \"draft\"\nowner = \"a\"\n\n[[changes]]\nsummary = \"S\"  \nkind = \"added\"\n";
    assert_eq!(
        fmt(SchemaKind::Release, text),
        "version = \"1.0.0\"\ntitle = \"T\"\nstatus = \"draft\"\nowner = \"a\"\n\n[[changes]]\nkind = \"added\"\nsummary = \"S\"\n"
    );
}

#[test]
fn multiline_strings_and_comments_in_arrays_are_left_alone() {
    let text = "name = \"\"\"\nTwo\n\n\n\nlines\"\"\"\ntier = \"demo\"\ndescription = [\n  \"a\", # why\n]\n";
    let out = fmt(SchemaKind::Environment, text);
    assert!(out.contains("\"\"\"\nTwo\n\n\n\nlines\"\"\""), "{out}");
    assert!(out.contains("\"a\", # why"), "{out}");
}

#[test]
fn a_file_that_does_not_parse_is_an_error() {
    assert!(format_toml(SchemaKind::Environment, "name = ").is_err());
}

mod idempotence {
    use super::*;
    use proptest::prelude::*;

    /// Lines people write, in every spacing and order: comments, blank
    /// lines, keys known and unknown, tables and arrays of tables.
    const LINES: &[&str] = &[
        "",
        "   ",
        "# a comment",
        "  # indented comment  ",
        "#:schema ../schema/x.schema.json",
        "name = \"A\"",
        "name='B'   # trailing",
        "  tier   =  \"demo\"",
        "release = \"1.0.0\"",
        "release='2.0.0' # deploy line",
        "url = \"https://a.example\"",
        "public = true",
        "version = \"1.0.0\"",
        "title = 'T'",
        "owner=\"a\"",
        "teams=[ 'x','y' ]",
        "teams = [\n  \"x\", # why\n]",
        "components = {api='1',  web = \"2\"}",
        "note = \"\"\"\nTwo\n\n\nlines\"\"\"",
        "zzz = 1",
        "[probe]",
        "[[changes]]",
        "kind = \"added\"",
        "summary = \"S\"  ",
        "[[approvals]]",
        "by = \"bob\"",
        "at = 2024-06-11T10:00:00Z",
        "[policy.environments.prod]",
        "after = [\"uat\"]",
    ];

    fn document() -> impl Strategy<Value = String> {
        (
            proptest::collection::vec(0..LINES.len(), 0..24),
            any::<bool>(),
            any::<bool>(),
        )
            .prop_map(|(picks, crlf, final_newline)| {
                let text: Vec<&str> = picks.into_iter().map(|i| LINES[i]).collect();
                let mut text = text.join("\n");
                if final_newline {
                    text.push('\n');
                }
                if crlf {
                    text.replace('\n', "\r\n")
                } else {
                    text
                }
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]
        #[test]
        fn fmt_twice_is_fmt_once(text in document(), kind in 0..SchemaKind::ALL.len()) {
            let kind = SchemaKind::ALL[kind];
            let (spelling, plain) = crate::edit::Spelling::split(&text);
            if let Ok(once) = format_toml(kind, &plain) {
                let twice = format_toml(kind, &once).expect("formatted text parses");
                prop_assert_eq!(&twice, &once);
                // Nothing people wrote is lost: every comment survives.
                for comment in plain.lines().filter_map(|l| l.find('#').map(|i| l[i..].trim())) {
                    prop_assert!(once.contains(comment), "lost {:?} in {:?}", comment, once);
                }
                // What goes back to disk keeps the file's line ends.
                let written = spelling.apply(&once);
                prop_assert_eq!(written.contains("\r\n"), spelling.crlf);
                // The deploy line is never moved past another key or rewritten.
                if kind == SchemaKind::Environment {
                    let before: Vec<&str> = plain.lines().filter(|l| l.trim_start().starts_with("release")).collect();
                    let after: Vec<&str> = once.lines().filter(|l| l.starts_with("release")).collect();
                    prop_assert_eq!(before.len(), after.len());
                }
            }
        }
    }
}
