use super::*;

fn file(text: &str) -> SourceFile {
    SourceFile::new("x.toml", PathBuf::from("x.toml"), text.to_string())
}

#[test]
fn positions_are_one_based_and_count_characters() {
    let f = file("a = 1\nname = \"é\" x\n");
    assert_eq!(f.position(0), Position { line: 1, column: 1 });
    assert_eq!(f.position(6), Position { line: 2, column: 1 });
    // "é" is two bytes but one column.
    let x = f.text.find(" x").unwrap() + 1;
    assert_eq!(
        f.position(x),
        Position {
            line: 2,
            column: 12
        }
    );
    assert_eq!(f.position(10_000), Position { line: 3, column: 1 });
}

#[test]
fn clamp_keeps_spans_on_char_boundaries() {
    let f = file("é");
    assert_eq!(f.clamp(1..5), 0..2);
}

#[test]
fn blank_means_only_comments_and_space() {
    assert!(file("# just a comment\n\n").is_blank());
    assert!(!file("# c\na = 1").is_blank());
}
