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
        "#:schema ../schema/environment.schema.json\n# About prod\n\n# The name\nname = \"Production\"\ntier = \"production\"\nrelease = \"1.0.0\"   # the deploy line\n"
    );
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
