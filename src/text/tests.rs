use super::*;

#[test]
fn terminal_text_shows_escapes_instead_of_running_them() {
    assert_eq!(for_terminal("Eve\u{1b}[2J"), "Eve\\u{1b}[2J");
    assert_eq!(
        for_terminal("a\r\nb\tc\u{7f}\u{9b}"),
        "a\\r\\nb\\tc\\u{7f}\\u{9b}"
    );
    assert!(matches!(for_terminal("Zoë Ng"), Cow::Borrowed("Zoë Ng")));
}

#[test]
fn xml_loses_only_what_it_forbids() {
    assert_eq!(
        xml_safe("a\u{1}b\u{FFFF}c\td\ne"),
        "a\u{FFFD}b\u{FFFD}c\td\ne"
    );
}

#[test]
fn only_web_addresses_are_links() {
    for good in ["https://app.example", "HTTP://x.example/a?b#c"] {
        assert!(is_web_url(good), "{good}");
    }
    for bad in [
        "javascript:alert(1)",
        "JaVaScRiPt://alert(1)",
        "data:text/html,<script>",
        "//evil.example",
        "https://",
        "https://a.example/\nx",
        " https://a.example",
        "ftp://a.example",
    ] {
        assert!(!is_web_url(bad), "{bad}");
    }
}

#[test]
fn one_line_fields_lose_their_breaks() {
    assert_eq!(one_line("Hi\r\nBcc: x"), "Hi  Bcc: x");
    assert_eq!(first_control("ok\u{2028}"), Some('\u{2028}'));
}
