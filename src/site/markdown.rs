//! Markdown → safe HTML. pulldown-cmark renders (tables, footnotes,
//! strikethrough, task lists, heading anchors); documents that carry raw HTML
//! go through ammonia, and every link and image address is checked for a safe
//! scheme in all documents, so that no script reaches a page.

use std::collections::HashSet;
use std::sync::OnceLock;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

/// How a document is placed in a page.
#[derive(Debug, Clone, Copy)]
pub struct Placement {
    /// The level the document's top headings become (a page's `h1` is its
    /// title, so embedded documents start at 2 or 3).
    pub top_heading: u8,
    /// Prefix of the heading ids, so that two documents on one page cannot clash.
    pub id_prefix: &'static str,
}

/// Renders Markdown to HTML that is safe to embed as is.
pub fn render(markdown: &str, placement: Placement) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS;
    let events: Vec<Event<'_>> = Parser::new_ext(markdown, options).collect();
    let shift = heading_shift(&events, placement.top_heading);
    let mut has_raw_html = false;
    let mut ids = HashSet::new();
    let mut out_events = Vec::with_capacity(events.len());
    let mut i = 0;
    while i < events.len() {
        let event = events[i].clone();
        let event = match event {
            Event::Html(_) | Event::InlineHtml(_) => {
                has_raw_html = true;
                event
            }
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                let text = heading_text(&events[i + 1..]);
                let base = match id {
                    Some(id) => slug(&id),
                    None => slug(&text),
                };
                let id = unique(&mut ids, &format!("{}{base}", placement.id_prefix));
                Event::Start(Tag::Heading {
                    level: shifted(level, shift),
                    id: Some(CowStr::from(id)),
                    classes,
                    attrs,
                })
            }
            Event::End(TagEnd::Heading(level)) => {
                Event::End(TagEnd::Heading(shifted(level, shift)))
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Link {
                link_type,
                dest_url: safe_url(dest_url),
                title,
                id,
            }),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Image {
                link_type,
                dest_url: safe_url(dest_url),
                title,
                id,
            }),
            other => other,
        };
        out_events.push(event);
        i += 1;
    }
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, out_events.into_iter());
    if has_raw_html {
        sanitizer().clean(&out).to_string()
    } else {
        out
    }
}

/// How far to move headings so that the document's highest becomes `top`.
fn heading_shift(events: &[Event<'_>], top: u8) -> i8 {
    let highest = events
        .iter()
        .filter_map(|e| match e {
            Event::Start(Tag::Heading { level, .. }) => Some(*level as u8),
            _ => None,
        })
        .min();
    highest.map_or(0, |h| top as i8 - h as i8)
}

fn shifted(level: HeadingLevel, shift: i8) -> HeadingLevel {
    let n = (level as i8 + shift).clamp(1, 6);
    HeadingLevel::try_from(n as usize).unwrap_or(HeadingLevel::H6)
}

fn heading_text(events: &[Event<'_>]) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            _ => {}
        }
    }
    text
}

/// `Rollback & recovery` → `rollback-recovery`.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let trimmed = out.trim_end_matches('-');
    if trimmed.is_empty() {
        "section".to_string()
    } else {
        trimmed.to_string()
    }
}

fn unique(seen: &mut HashSet<String>, id: &str) -> String {
    let mut candidate = id.to_string();
    let mut n = 1;
    while !seen.insert(candidate.clone()) {
        n += 1;
        candidate = format!("{id}-{n}");
    }
    candidate
}

/// Addresses with a scheme other than http, https or mailto (javascript:,
/// data:, vbscript:...) become `#`.
fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    let lower: String = url
        .trim_start()
        .chars()
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    let scheme = lower
        .split_once(':')
        .map(|(s, _)| s)
        .filter(|s| !s.contains(['/', '?', '#']));
    match scheme {
        None | Some("http" | "https" | "mailto") => url,
        Some(_) => CowStr::Borrowed("#"),
    }
}

fn sanitizer() -> &'static ammonia::Builder<'static> {
    static BUILDER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(|| {
        let mut builder = ammonia::Builder::default();
        builder
            .url_schemes(["http", "https", "mailto"].into_iter().collect())
            .add_tags(["input"])
            .add_tag_attributes("input", ["type", "checked", "disabled"])
            .add_generic_attributes(["id", "class"])
            .link_rel(Some("noopener noreferrer"));
        for h in ["h1", "h2", "h3", "h4", "h5", "h6"] {
            builder.add_tag_attributes(h, ["id"]);
        }
        builder
    })
}

#[cfg(test)]
mod tests {
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
}
