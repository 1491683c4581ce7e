use super::*;

const AT_2: Placement = Placement {
    top_heading: 2,
    id_prefix: "",
};

#[test]
fn headings_get_anchors_and_move_under_the_page_title() {
    let html = render("# Faster exports\n\n## Details\n\n## Details\n", AT_2);
    assert_eq!(
        html,
        "<h2 id=\"faster-exports\">Faster exports</h2>\n<h3 id=\"details\">Details</h3>\n<h3 id=\"details-2\">Details</h3>\n"
    );
}

#[test]
fn tables_footnotes_strikethrough_and_task_lists() {
    let html = render(
        "| a |\n|---|\n| b |\n\n~~old~~ new[^1]\n\n[^1]: note\n\n- [x] done\n",
        AT_2,
    );
    assert!(html.contains("<table>"), "{html}");
    assert!(html.contains("<del>old</del>"), "{html}");
    assert!(html.contains("footnote-reference"), "{html}");
    assert!(html.contains("type=\"checkbox\""), "{html}");
}

#[test]
fn scripts_handlers_and_javascript_links_are_removed() {
    let html = render(
        "<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n[click](javascript:alert(3)) [ok](https://example.com/)\n\n<a href=\"JAVASCRIPT:alert(4)\">x</a>\n",
        AT_2,
    );
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("onerror"), "{html}");
    assert!(!html.to_lowercase().contains("javascript:"), "{html}");
    assert!(html.contains("href=\"https://example.com/\""), "{html}");
}

#[test]
fn plain_markdown_cannot_smuggle_script_either() {
    let html = render(
        "[x](javascript:alert(1)) ![y](data:text/html,hi) [z](vbscript:x) [ok](/path:x)",
        AT_2,
    );
    assert!(
        !html.contains("javascript:") && !html.contains("data:") && !html.contains("vbscript:"),
        "{html}"
    );
    assert!(html.contains("href=\"/path:x\""), "{html}");
}

#[test]
fn slugs() {
    assert_eq!(slug("Rollback & recovery!"), "rollback-recovery");
    assert_eq!(slug("Étape 2"), "étape-2");
    assert_eq!(slug("!!!"), "section");
}

#[test]
fn an_unsafe_address_in_raw_html_leaves_a_valid_link() {
    let html = render(
        "<a href=\"javascript:alert(1)\" hreflang=\"en\" title=\"t\">x</a> <a href=\"https://example.com/\">ok</a>\n",
        AT_2,
    );
    // An `<a>` without `href` may have neither `rel` nor `hreflang`.
    assert_eq!(
        html,
        "<p><a title=\"t\">x</a> <a href=\"https://example.com/\">ok</a></p>\n"
    );
}

#[test]
fn footnote_ids_carry_the_documents_prefix() {
    let placement = Placement {
        top_heading: 3,
        id_prefix: "notes-",
    };
    let html = render("Text[^my note].\n\n[^my note]: The note.\n", placement);
    assert!(
        html.contains("<a href=\"#notes-fn-my-note\">1</a>"),
        "{html}"
    );
    assert!(html.contains("id=\"notes-fn-my-note\""), "{html}");
}

#[test]
fn details_render_as_blocks() {
    let placement = Placement {
        top_heading: 3,
        id_prefix: "change-1-",
    };
    let html = render(
        "- a `x`\n  - b\n\nA paragraph.\n\n```sh\nmilepost build\n```\n\n# Why\n",
        placement,
    );
    assert_eq!(
        html,
        "<ul>\n<li>a <code>x</code>\n<ul>\n<li>b</li>\n</ul>\n</li>\n</ul>\n\
         <p>A paragraph.</p>\n\
         <pre tabindex=\"0\"><code class=\"language-sh\">milepost build\n</code></pre>\n\
         <h3 id=\"change-1-why\">Why</h3>\n"
    );
}

// ---- one-line texts (change summaries) -----------------------------------------

#[test]
fn a_summary_renders_its_inline_markdown_without_a_paragraph() {
    assert_eq!(
        render_inline("Add `--foo` flag ([#12](https://github.com/x/y/pull/12))"),
        "Add <code>--foo</code> flag (<a href=\"https://github.com/x/y/pull/12\">#12</a>)"
    );
    assert_eq!(
        render_inline("*Faster* **exports** ~~slow~~ <https://a.example/> <me@a.example>"),
        "<em>Faster</em> <strong>exports</strong> <del>slow</del> \
         <a href=\"https://a.example/\">https://a.example/</a> \
         <a href=\"mailto:me@a.example\">me@a.example</a>"
    );
    assert_eq!(
        render_inline("Fixed a <crash> & more"),
        "Fixed a &lt;crash&gt; &amp; more"
    );
    assert_eq!(render_inline(""), "");
}

#[test]
fn block_syntax_in_a_summary_stays_text() {
    for (summary, html) in [
        ("# Not a heading", "# Not a heading"),
        ("## `code` in it", "## <code>code</code> in it"),
        ("- not a list", "- not a list"),
        ("* not a list", "* not a list"),
        ("+ not a list", "+ not a list"),
        ("1. not a list", "1. not a list"),
        ("12) not a list", "12) not a list"),
        ("> not a quote", "&gt; not a quote"),
        ("---", "---"),
        ("```rust", "```rust"),
        ("~~~", "~~~"),
        ("    indented", "indented"),
        ("[ref]: https://a.example/", "[ref]: https://a.example/"),
        (
            "<div>not a block</div>",
            "&lt;div&gt;not a block&lt;/div&gt;",
        ),
        ("- [x] not a task", "- [x] not a task"),
        ("| a | b |", "| a | b |"),
        (
            "![logo](https://a.example/logo.png) New logo",
            "logo New logo",
        ),
        ("Text[^1] without a footnote", "Text[^1] without a footnote"),
        // What is not a block start is left alone.
        ("2024 was a year", "2024 was a year"),
        ("*starts* with emphasis", "<em>starts</em> with emphasis"),
        ("`code` first", "<code>code</code> first"),
        (
            "[#12](https://a.example/12) first",
            "<a href=\"https://a.example/12\">#12</a> first",
        ),
    ] {
        assert_eq!(render_inline(summary), html, "{summary:?}");
    }
}

#[test]
fn a_summary_is_one_line_whatever_it_holds() {
    assert_eq!(
        render_inline("Fix\r\n# heading\n\n- item"),
        "Fix # heading - item"
    );
    assert_eq!(
        render_inline("a\u{1}b\u{1b}[2Jc\u{7f}d\u{2028}e\tf"),
        "a b [2Jc d e f"
    );
    // A setext underline on a second line makes no heading either.
    assert_eq!(render_inline("Title\n==="), "Title ===");
}

#[test]
fn hostile_summaries_render_as_harmless_text() {
    for (summary, html) in [
        (
            "<script>alert(1)</script>",
            "&lt;script&gt;alert(1)&lt;/script&gt;",
        ),
        (
            "<img src=x onerror=alert(1)>",
            "&lt;img src=x onerror=alert(1)&gt;",
        ),
        ("[x](javascript:alert(1))", "<a href=\"#\">x</a>"),
        ("[x](JaVaScRiPt:alert(1))", "<a href=\"#\">x</a>"),
        ("[x](&#106;avascript:alert(1))", "<a href=\"#\">x</a>"),
        ("[x](data:text/html,hi)", "<a href=\"#\">x</a>"),
        (
            "<javascript:alert(1)>",
            "<a href=\"#\">javascript:alert(1)</a>",
        ),
        ("![x](javascript:alert(1))", "x"),
        (
            "[x](https://a.example/\"onmouseover=\"alert(1))",
            "<a href=\"https://a.example/%22onmouseover=%22alert(1)\">x</a>",
        ),
        (
            "[x](https://a.example/ \"t\\\" onclick=\\\"alert(1)\")",
            "<a href=\"https://a.example/\" title=\"t&quot; onclick=&quot;alert(1)\">x</a>",
        ),
    ] {
        assert_eq!(render_inline(summary), html, "{summary:?}");
    }
}

/// Every tag of a rendered summary is one of the phrasing tags it may
/// write, every address has a safe scheme, and it is one line.
fn assert_phrasing_only(html: &str) {
    assert!(!html.contains('\n') && !html.contains('\r'), "{html:?}");
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let end = rest[start..]
            .find('>')
            .unwrap_or_else(|| panic!("unclosed tag in {html:?}"))
            + start;
        let tag = &rest[start + 1..end];
        let plain = [
            "code", "/code", "em", "/em", "strong", "/strong", "del", "/del", "/a",
        ];
        if !plain.contains(&tag) {
            let href = tag
                .strip_prefix("a href=\"")
                .unwrap_or_else(|| panic!("tag <{tag}> in {html:?}"));
            let (url, after) = href.split_once('"').unwrap();
            let scheme = url.split_once(':').map(|(s, _)| s.to_ascii_lowercase());
            assert!(
                scheme.is_none_or(|s| ["http", "https", "mailto"].contains(&s.as_str())
                    || s.contains(['/', '?', '#'])),
                "unsafe address {url:?} in {html:?}"
            );
            let title = after
                .strip_prefix(" title=\"")
                .and_then(|t| t.strip_suffix('"'));
            assert!(
                after.is_empty() || title.is_some_and(|t| !t.contains('"')),
                "attributes {after:?} in {html:?}"
            );
        }
        rest = &rest[end + 1..];
    }
}

proptest::proptest! {
    #[test]
    fn no_summary_renders_a_block_or_an_unsafe_tag(
        parts in proptest::collection::vec(
            proptest::sample::select(vec![
                "# ", "- ", "1. ", "> ", "```", "~~~", "    ", "\n", "\r\n", "\u{1}", "\u{2028}",
                "[x]", "(javascript:alert(1))", "(https://a.example/)", "[ref]: ", "<script>",
                "</script>", "<img src=x onerror=alert(1)>", "<a href=\"javascript:x\">", "</a>",
                "![i](data:x)", "`", "*", "_", "~~", "\"", "'", "&", "&#106;", "<", ">", "|",
                "\\", "text", " ", "<https://a.example/>", "<javascript:x>", "[^1]", "===",
            ]),
            0..12,
        ),
        noise in ".{0,12}",
    ) {
        let summary = format!("{}{noise}", parts.concat());
        assert_phrasing_only(&render_inline(&summary));
    }
}

#[test]
fn a_summary_as_plain_text() {
    assert_eq!(
        inline_plain_text("Add `--foo`  flag ([#12](https://github.com/x/y/pull/12))"),
        "Add --foo flag (#12)"
    );
    assert_eq!(inline_plain_text("- *one*\nline"), "- one line");
    assert_eq!(inline_plain_text("Support <kbd>"), "Support <kbd>");
}

#[test]
fn the_text_of_each_block() {
    let notes = "# Release\n\nIntro **text**\nwrapped.\n\n\
                 - Add `--foo` flag ([#12](https://a.example/12))\n  - nested one\n  - nested two\n\
                 - Loose?\n\n\
                 1. Numbered\n\n\
                 > Quoted\n\n\
                 | a | b |\n|---|---|\n| cell | `x` |\n\n\
                 ```\ncode  here\n```\n";
    assert_eq!(
        block_texts(notes),
        [
            "Release",
            "Intro text wrapped.",
            "nested one",
            "nested two",
            "Add --foo flag (#12)",
            "Loose?",
            "Numbered",
            "Quoted",
            "a",
            "b",
            "cell",
            "x",
            "code here",
        ]
    );
    // A loose list: each item's text is its paragraph.
    assert_eq!(block_texts("- one\n\n- two\n"), ["one", "two"]);
}

#[test]
fn code_blocks_scroll_by_keyboard_and_keep_no_other_tabindex() {
    let placement = Placement {
        top_heading: 3,
        id_prefix: "notes-",
    };
    // A language that tries to leave its attribute is escaped.
    let html = render("```a\"onmouseover=x\nrun\n```\n", placement);
    assert_eq!(
        html,
        "<pre tabindex=\"0\"><code class=\"language-a&quot;onmouseover=x\">run\n</code></pre>\n"
    );
    // Raw HTML goes through the sanitizer, which keeps only tabindex="0".
    let html = render(
        "<pre tabindex=\"3\">a</pre>\n\n<pre tabindex=\"0\">b</pre>\n\n    indented\n",
        placement,
    );
    assert_eq!(
        html,
        "<pre>a</pre>\n<pre tabindex=\"0\">b</pre>\n<pre tabindex=\"0\"><code>indented\n</code></pre>\n"
    );
}
