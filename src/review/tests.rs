use super::markdown::text;

#[test]
fn text_cannot_break_a_table_or_start_markup() {
    assert_eq!(text("a | b"), "a \\| b");
    assert_eq!(
        text("`x` *y* _z_ ~w~ $m$"),
        "\\`x\\` \\*y\\* \\_z\\_ \\~w\\~ \\$m\\$"
    );
    assert_eq!(
        text("[x](javascript:alert(1))"),
        "\\[x\\](javascript:alert(1))"
    );
    assert_eq!(text("![i](https://x)"), "\\!\\[i\\](https:\u{200B}//x)");
}

#[test]
fn text_is_one_line_without_html() {
    assert_eq!(text("a\r\nb\u{2028}c"), "a  b c");
    assert_eq!(
        text("<script>x</script><!-- c -->&amp;"),
        "&lt;script&gt;x&lt;/script&gt;&lt;\\!-- c --&gt;&amp;amp;"
    );
}

#[test]
fn text_pings_no_one_and_links_nothing() {
    assert_eq!(text("@alice @acme/ops"), "@\u{200B}alice @\u{200B}acme/ops");
    assert_eq!(text("bob@acme.example"), "bob@\u{200B}acme.example");
    assert_eq!(text("see www.evil.example"), "see w\u{200B}ww.evil.example");
    assert_eq!(text("http://evil.example"), "http:\u{200B}//evil.example");
    assert_eq!(text("#12 \\"), "\\#12 \\\\");
}
