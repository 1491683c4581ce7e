//! Markdown → safe HTML. pulldown-cmark renders (tables, footnotes,
//! strikethrough, task lists, heading anchors); documents that carry raw HTML
//! go through ammonia, and every link and image address is checked for a safe
//! scheme in all documents, so that no script reaches a page.
//!
//! Two shapes: [`render`] for documents (notes.md, a change's `details`),
//! and [`render_inline`] for one-line texts (a change's `summary`), which
//! must sit inside an `<li>` or a sentence and so never become blocks.

use std::collections::HashSet;
use std::sync::OnceLock;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

/// How a document is placed in a page.
#[derive(Debug, Clone, Copy)]
pub struct Placement<'a> {
    /// The level the document's top headings become (a page's `h1` is its
    /// title, so embedded documents start at 2 or 3).
    pub top_heading: u8,
    /// Prefix of the heading and footnote ids, so that two documents on one
    /// page cannot clash.
    pub id_prefix: &'a str,
}

/// What documents may use.
const DOCUMENT_OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_FOOTNOTES)
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_TASKLISTS);

/// Renders Markdown to HTML that is safe to embed as is.
pub fn render(markdown: &str, placement: Placement<'_>) -> String {
    let events: Vec<Event<'_>> = Parser::new_ext(markdown, DOCUMENT_OPTIONS).collect();
    let shift = heading_shift(&events, placement.top_heading);
    let has_raw_html = events
        .iter()
        .any(|e| matches!(e, Event::Html(_) | Event::InlineHtml(_)));
    let mut ids = HashSet::new();
    let mut out_events = Vec::with_capacity(events.len());
    for (i, event) in events.iter().enumerate() {
        let event = match event.clone() {
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
            Event::FootnoteReference(label) => {
                Event::FootnoteReference(footnote_id(placement.id_prefix, &label))
            }
            Event::Start(Tag::FootnoteDefinition(label)) => Event::Start(Tag::FootnoteDefinition(
                footnote_id(placement.id_prefix, &label),
            )),
            Event::Start(Tag::CodeBlock(kind)) => Event::Html(code_block_start(&kind).into()),
            Event::End(TagEnd::CodeBlock) => Event::Html("</code></pre>\n".into()),
            other => with_safe_urls(other),
        };
        out_events.push(event);
    }
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, out_events.into_iter());
    if has_raw_html {
        sanitizer().clean(&out).to_string()
    } else {
        out
    }
}

/// pulldown-cmark makes a footnote's label its id (`[^1]` → `id="1"`): two
/// documents on one page would both have `id="1"`, and a label with a space
/// is no id at all.
fn footnote_id(prefix: &str, label: &str) -> CowStr<'static> {
    let label: String = label
        .chars()
        .map(|c| if c.is_whitespace() { '-' } else { c })
        .collect();
    CowStr::from(format!("{prefix}fn-{label}"))
}

/// A link or image whose address has an unsafe scheme gets `#` instead.
/// A code block keeps its lines and scrolls sideways inside itself when a
/// line is longer than the page is wide; `tabindex` lets keyboard users
/// scroll it too.
fn code_block_start(kind: &pulldown_cmark::CodeBlockKind<'_>) -> String {
    let language = match kind {
        pulldown_cmark::CodeBlockKind::Fenced(info) => info.split_whitespace().next(),
        pulldown_cmark::CodeBlockKind::Indented => None,
    };
    match language {
        Some(language) => format!(
            "<pre tabindex=\"0\"><code class=\"language-{}\">",
            super::render::escape_html(language)
        ),
        None => "<pre tabindex=\"0\"><code>".to_string(),
    }
}

fn with_safe_urls(event: Event<'_>) -> Event<'_> {
    match event {
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
    }
}

/// What a one-line text may use: tables and task lists need more lines,
/// and a footnote has nowhere to go.
const INLINE_OPTIONS: Options = Options::ENABLE_STRIKETHROUGH;

/// Renders a one-line Markdown text (a change's summary) to phrasing HTML:
/// code, emphasis, strikethrough and links, never a block and never a `<p>`,
/// so that it fits in an `<li>` or a sentence.
///
/// - Line breaks and other control characters become spaces, and runs of
///   spaces one: it is one line.
/// - Block syntax at its start (`# `, `- `, `1. `, `> `, a code fence, a
///   link definition...) is read as the text it is, as if escaped.
/// - Raw HTML is shown as text, not markup: a summary mentioning `<details>`
///   means the element's name, and a tag there could only unbalance the
///   page.
/// - An image becomes its alt text; a link keeps its text, and its address
///   only when its scheme is safe (otherwise `#`).
///
/// Everything it writes comes from pulldown-cmark's writer, which escapes
/// text and attributes, so no sanitizer pass is needed.
pub fn render_inline(text: &str) -> String {
    let events = inline_events(text);
    let mut out = String::with_capacity(text.len() + text.len() / 2);
    html::push_html(&mut out, events.into_iter().filter_map(phrasing));
    out
}

/// The text a reader sees in a one-line Markdown text: the words of
/// [`render_inline`] without the markup, whitespace collapsed.
pub fn inline_plain_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for event in inline_events(text) {
        push_plain(&mut out, &event);
    }
    collapse_whitespace(&out)
}

/// The events of a one-line text, as one paragraph's content (the paragraph
/// itself left out).
fn inline_events(text: &str) -> Vec<Event<'static>> {
    let line = collapse_whitespace(&crate::text::one_line(text));
    if let Some(events) = one_paragraph(&line) {
        return events;
    }
    one_paragraph(&escape_block_start(&line))
        .unwrap_or_else(|| vec![Event::Text(CowStr::from(line))])
}

/// The content of `line` when Markdown reads it as a single paragraph.
fn one_paragraph(line: &str) -> Option<Vec<Event<'static>>> {
    let mut events: Vec<Event<'static>> = Parser::new_ext(line, INLINE_OPTIONS)
        .map(Event::into_static)
        .collect();
    // A paragraph holds no blocks, so one that opens the text and closes
    // only at its end is all of it.
    let ends = events
        .iter()
        .filter(|e| matches!(e, Event::End(TagEnd::Paragraph)))
        .count();
    let whole = matches!(events.first(), Some(Event::Start(Tag::Paragraph)))
        && matches!(events.last(), Some(Event::End(TagEnd::Paragraph)))
        && ends == 1;
    if !whole {
        return None;
    }
    events.pop();
    events.remove(0);
    Some(events)
}

/// `line` with a backslash before what makes its start a block: the first
/// character when it is punctuation (`#`, `-`, `>`, a fence, `[`...), or the
/// `.`/`)` after a leading number (`1. ` starts a list; a digit cannot be
/// escaped).
fn escape_block_start(line: &str) -> String {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 {
        return match line.as_bytes().get(digits) {
            Some(b'.' | b')') => format!("{}\\{}", &line[..digits], &line[digits..]),
            _ => line.to_string(),
        };
    }
    match line.chars().next() {
        Some(c) if c.is_ascii_punctuation() => format!("\\{line}"),
        _ => line.to_string(),
    }
}

/// An event of a one-line text as phrasing content: raw HTML as text, line
/// breaks as spaces, images as their alt text, addresses checked.
fn phrasing(event: Event<'_>) -> Option<Event<'_>> {
    match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        Event::SoftBreak | Event::HardBreak => Some(Event::Text(CowStr::Borrowed(" "))),
        Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => None,
        other => Some(with_safe_urls(other)),
    }
}

fn push_plain(out: &mut String, event: &Event<'_>) {
    match event {
        Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => out.push_str(t),
        Event::SoftBreak | Event::HardBreak => out.push(' '),
        _ => {}
    }
}

/// Runs of whitespace as one space, none at the ends.
fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The plain text of each block of a document that holds text directly: a
/// paragraph, a heading, a table cell, a code block, and the text of a list
/// item outside its nested lists (a tight item has no paragraph of its own).
/// Whitespace collapsed, empty ones left out, in document order.
pub fn block_texts(markdown: &str) -> Vec<String> {
    let mut open: Vec<String> = Vec::new();
    let mut blocks = Vec::new();
    for event in Parser::new_ext(markdown, DOCUMENT_OPTIONS) {
        match &event {
            Event::Start(tag) if holds_text(tag) => open.push(String::new()),
            Event::End(end) if ends_text_block(*end) => {
                let text = collapse_whitespace(&open.pop().unwrap_or_default());
                if !text.is_empty() {
                    blocks.push(text);
                }
            }
            other => {
                if let Some(current) = open.last_mut() {
                    push_plain(current, other);
                }
            }
        }
    }
    blocks
}

fn holds_text(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Paragraph | Tag::Heading { .. } | Tag::Item | Tag::TableCell | Tag::CodeBlock(_)
    )
}

fn ends_text_block(end: TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::Item
            | TagEnd::TableCell
            | TagEnd::CodeBlock
    )
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
            // ammonia would add `rel` to every `<a>`, also to one whose
            // unsafe `href` it has just dropped, and an `<a>` without
            // `href` may have neither `rel` nor `hreflang`: the page would
            // not be valid HTML. Links from Markdown never had a `rel`, and
            // no `target` is allowed, so `noopener` protected nothing.
            .link_rel(None)
            .rm_tag_attributes("a", ["hreflang"])
            .add_tag_attributes("pre", ["tabindex"])
            // Only the code blocks' own `tabindex="0"`: another value would
            // change the page's focus order.
            .attribute_filter(|element, attribute, value| {
                if element == "pre" && attribute == "tabindex" && value != "0" {
                    None
                } else {
                    Some(value.into())
                }
            });
        for h in ["h1", "h2", "h3", "h4", "h5", "h6"] {
            builder.add_tag_attributes(h, ["id"]);
        }
        builder
    })
}

#[cfg(test)]
mod tests;
