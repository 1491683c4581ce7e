//! What the filter script of the release lists searches: each card's public
//! text (version, title, summary, public changes, notes.md), folded to lower
//! case on one line. Built from the same parts as the release page, so it
//! can hold nothing the page does not show.

use super::Rendered;
use crate::site::markdown;

/// How much of a release's notes is searched: enough for what a reader
/// types, while a year's archive of long notes stays a page, not a book.
const NOTES_CHARS: usize = 2000;

pub(super) fn text(r: &Rendered<'_>) -> String {
    let data = &r.published.release.doc.data;
    let mut parts: Vec<String> = vec![data.version.clone(), data.title.clone()];
    parts.extend(data.summary.clone());
    // Notes that list every change already hold their summaries.
    let groups = if r.changes_in_notes {
        &[][..]
    } else {
        &r.groups[..]
    };
    for group in groups {
        for change in &group.changes {
            parts.push(markdown::inline_plain_text(&change.summary));
        }
    }
    if let Some(notes) = &r.published.release.notes {
        let notes: String = markdown::block_texts(&notes.text).join(" ");
        parts.push(notes.chars().take(NOTES_CHARS).collect());
    }
    fold(&parts.join(" "))
}

/// Lower case, one space between words, no control characters.
fn fold(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn folding_keeps_words_on_one_line() {
        assert_eq!(fold("  Faster\r\nEXPORTS\u{7}\tnow "), "faster exports now");
    }
}
