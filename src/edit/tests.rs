use super::Spelling;

#[test]
fn crlf_and_bom_are_taken_off_and_put_back() {
    let raw = "\u{feff}name = \"A\"\r\nrelease = \"1.0.0\"\r\n";
    let (spelling, text) = Spelling::split(raw);
    assert_eq!(
        spelling,
        Spelling {
            bom: true,
            crlf: true
        }
    );
    assert_eq!(text, "name = \"A\"\nrelease = \"1.0.0\"\n");
    assert_eq!(spelling.apply(&text), raw);
}

#[test]
fn files_that_mix_line_ends_are_edited_as_they_are() {
    let raw = "a = 1\r\nb = 2\n";
    let (spelling, text) = Spelling::split(raw);
    assert_eq!(spelling, Spelling::default());
    assert_eq!(text, raw);
    assert_eq!(spelling.apply(&text), raw);
}
