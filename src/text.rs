//! What may be in text that reaches an output: one-line fields, XML,
//! terminals and links. The rules are here once; `check` refuses what breaks
//! them, and every writer still applies them, in case something got through.

use std::borrow::Cow;

/// A character that has no place in a one-line field (a title, a name, a
/// summary): C0 and C1 controls, DEL, and the Unicode line and paragraph
/// separators. A CR/LF in a title would become a new e-mail header; an
/// escape sequence would drive a reviewer's terminal.
pub fn is_control(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')
}

/// The first control character in `text`, for a diagnostic.
pub fn first_control(text: &str) -> Option<char> {
    text.chars().find(|&c| is_control(c))
}

/// Characters that XML 1.0 does not allow at all, not even escaped: a feed
/// holding one is not well-formed, and readers reject the whole feed.
pub fn illegal_in_xml(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
}

/// `text` without the characters XML forbids (each becomes U+FFFD).
pub fn xml_safe(text: &str) -> Cow<'_, str> {
    if text.chars().any(illegal_in_xml) {
        Cow::Owned(
            text.chars()
                .map(|c| if illegal_in_xml(c) { '\u{FFFD}' } else { c })
                .collect(),
        )
    } else {
        Cow::Borrowed(text)
    }
}

/// `text` for one line of a terminal: every control character written as a
/// visible escape (`\u{1b}`), so that names, commit authors and file names
/// from the registry cannot clear the screen, move the cursor or fake lines.
pub fn for_terminal(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if is_control(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Lines for a terminal: [`for_terminal`] on each, the line breaks kept.
pub fn lines_for_terminal(text: &str) -> String {
    text.split('\n')
        .map(for_terminal)
        .collect::<Vec<_>>()
        .join("\n")
}

/// A source excerpt for a terminal: each control character but line breaks
/// and tabs shown as its Unicode picture (ESC as ␛), and `span` (bytes)
/// moved to match.
pub fn control_pictures(
    text: &str,
    span: std::ops::Range<usize>,
) -> (String, std::ops::Range<usize>) {
    let mut out = String::with_capacity(text.len());
    let (mut start, mut end) = (span.start, span.end);
    for (at, c) in text.char_indices() {
        let shown = match c {
            '\n' | '\t' | '\r' => c,
            '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + u32::from(c)).unwrap_or('\u{FFFD}'),
            '\u{7f}' => '\u{2421}',
            c if is_control(c) => '\u{FFFD}',
            c => c,
        };
        let grown = shown.len_utf8() - c.len_utf8();
        if grown > 0 {
            if at < span.start {
                start += grown;
            }
            if at < span.end {
                end += grown;
            }
        }
        out.push(shown);
    }
    (out, start..end.max(start))
}

/// Text on one line: every control character (CR, LF, tab...) becomes a
/// space. For headers and other places where a line break would start
/// something new.
pub fn one_line(text: &str) -> Cow<'_, str> {
    if text.chars().any(is_control) {
        Cow::Owned(
            text.chars()
                .map(|c| if is_control(c) { ' ' } else { c })
                .collect(),
        )
    } else {
        Cow::Borrowed(text)
    }
}

/// Whether `url` is an absolute `http:` or `https:` address: the only kind
/// that becomes a link. (`javascript:`, `data:` and the like run code or
/// hide content when clicked.)
pub fn is_web_url(url: &str) -> bool {
    let Some((scheme, rest)) = url.split_once("://") else {
        return false;
    };
    (scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https"))
        && !rest.is_empty()
        && !url.chars().any(|c| is_control(c) || c.is_whitespace())
}

#[cfg(test)]
mod tests;
