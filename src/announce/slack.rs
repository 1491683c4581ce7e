//! An announcement as the JSON body of a Slack incoming-webhook message.

use serde_json::json;

use super::Announcement;

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

pub fn slack(announcement: &Announcement) -> String {
    // The first line (`# title`) becomes the header block.
    let body = announcement
        .markdown
        .split_once('\n')
        .map_or("", |(_, rest)| rest)
        .trim();
    let mut blocks = vec![json!({
        "type": "header",
        "text": {"type": "plain_text", "text": announcement.subject.chars().take(150).collect::<String>()}
    })];
    // Slack limits a section to 3,000 characters.
    let text = mrkdwn(body);
    let mut chunk = String::new();
    for paragraph in text.split("\n\n") {
        if chunk.len() + paragraph.len() + 2 > 2900 && !chunk.is_empty() {
            blocks.push(json!({"type": "section", "text": {"type": "mrkdwn", "text": chunk}}));
            chunk = String::new();
        }
        if !chunk.is_empty() {
            chunk.push_str("\n\n");
        }
        chunk.push_str(&paragraph.chars().take(2900).collect::<String>());
    }
    if !chunk.is_empty() {
        blocks.push(json!({"type": "section", "text": {"type": "mrkdwn", "text": chunk}}));
    }
    let message = json!({ "text": escape(&announcement.subject), "blocks": blocks });
    let mut out = serde_json::to_string_pretty(&message).unwrap_or_default();
    out.push('\n');
    out
}
