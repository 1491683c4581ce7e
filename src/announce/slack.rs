//! An announcement as the JSON body of a Slack incoming-webhook message,
//! within Slack's limits (50 blocks, 3,000 characters of section text):
//! long text is split, never cut, and what does not fit is counted in a
//! last block that links to the full notes.

use serde_json::json;

use super::Announcement;

/// Slack refuses a message with more blocks than this.
const MAX_BLOCKS: usize = 50;
/// Slack's limit for a section's text is 3,000 characters; a little room is
/// kept for the separators.
const SECTION_CHARS: usize = 2900;
/// A header block's text may hold 150 characters.
const HEADER_CHARS: usize = 150;

/// Slack's text escaping: `&`, `<` and `>` only.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Markdown → Slack's mrkdwn: headings in bold, `- ` items as bullets,
/// `**bold**` as `*bold*`.
fn mrkdwn(markdown: &str) -> String {
    markdown
        .lines()
        .map(|line| {
            let line = escape(line);
            if let Some(heading) = line
                .strip_prefix("## ")
                .or_else(|| line.strip_prefix("### "))
            {
                format!("*{heading}*")
            } else if let Some(item) = line.strip_prefix("- ") {
                format!("• {}", item.replace("**", "*"))
            } else {
                line.replace("**", "*")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `text` in pieces of at most `limit` characters, cut at line breaks where
/// possible, else between characters; nothing is dropped.
fn split_long(text: &str, limit: usize) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut current = String::new();
    let mut current_len = 0;
    for line in text.split('\n') {
        let mut rest: Vec<char> = line.chars().collect();
        let sep = usize::from(!current.is_empty());
        if current_len + sep + rest.len() <= limit {
            if sep == 1 {
                current.push('\n');
            }
            current.extend(rest);
            current_len += sep + line.chars().count();
            continue;
        }
        if !current.is_empty() {
            pieces.push(std::mem::take(&mut current));
        }
        while rest.len() > limit {
            pieces.push(rest.drain(..limit).collect());
        }
        current_len = rest.len();
        current = rest.into_iter().collect();
    }
    if !current.is_empty() {
        pieces.push(current);
    }
    pieces
}

/// The mrkdwn text in section-sized chunks: paragraphs packed together,
/// long ones split.
fn chunks(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut chunk = String::new();
    for paragraph in text.split("\n\n") {
        for piece in split_long(paragraph, SECTION_CHARS) {
            let len = chunk.chars().count();
            if !chunk.is_empty() && len + 2 + piece.chars().count() > SECTION_CHARS {
                out.push(std::mem::take(&mut chunk));
            }
            if !chunk.is_empty() {
                chunk.push_str("\n\n");
            }
            chunk.push_str(&piece);
        }
    }
    if !chunk.is_empty() {
        out.push(chunk);
    }
    out
}

fn section(text: String) -> serde_json::Value {
    json!({"type": "section", "text": {"type": "mrkdwn", "text": text}})
}

pub fn slack(announcement: &Announcement) -> String {
    // The first line (`# title`) becomes the header block.
    let body = announcement
        .markdown
        .split_once('\n')
        .map_or("", |(_, rest)| rest)
        .trim();
    let subject = crate::text::one_line(&announcement.subject);
    let mut blocks = vec![json!({
        "type": "header",
        "text": {"type": "plain_text", "text": subject.chars().take(HEADER_CHARS).collect::<String>()}
    })];
    let mut sections = chunks(&mrkdwn(body));
    // The header, the sections, and if they do not all fit, one block that
    // says what was left out.
    if sections.len() + 1 > MAX_BLOCKS {
        let left_out = sections.split_off(MAX_BLOCKS - 2);
        let changes: usize = left_out
            .iter()
            .flat_map(|s| s.lines())
            .filter(|l| l.starts_with("• "))
            .count();
        let mut note = format!(
            "_This message is too long for Slack: {changes} more change{} left out._",
            if changes == 1 { " is" } else { "s are" }
        );
        if !announcement.url.is_empty() {
            note.push_str(&format!(" Read everything: {}", escape(&announcement.url)));
        }
        sections.push(note);
    }
    blocks.extend(sections.into_iter().map(section));
    let message = json!({ "text": escape(&subject), "blocks": blocks });
    let mut out = serde_json::to_string_pretty(&message).unwrap_or_default();
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_split_and_nothing_is_lost() {
        let long = "x".repeat(7000);
        let pieces = split_long(&long, SECTION_CHARS);
        assert_eq!(pieces.len(), 3);
        assert_eq!(pieces.concat(), long);
        let lines = format!("{}\n{}", "a".repeat(2000), "b".repeat(2000));
        assert_eq!(
            split_long(&lines, SECTION_CHARS),
            ["a".repeat(2000), "b".repeat(2000)]
        );
    }
}
