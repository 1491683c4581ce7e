//! What a page says about itself in its `<head>`: its one address
//! (canonical, the same as in sitemap.xml), a description for search
//! results and link previews (Open Graph), and what kind of page it is.

use serde::Serialize;

/// The `head` of a page's context.
#[derive(Debug, Clone, Serialize)]
pub struct Head {
    /// The page's title as one line (`og:title`, `<title>`).
    pub title: String,
    /// The page's absolute address; `None` without an absolute `base_url`.
    pub canonical: Option<String>,
    /// One line of plain text; the site's description when `None`.
    pub description: Option<String>,
    /// Open Graph's `og:type`: `article` for a release, else `website`.
    pub kind: &'static str,
}

impl Default for Head {
    fn default() -> Head {
        Head {
            title: String::new(),
            canonical: None,
            description: None,
            kind: "website",
        }
    }
}

impl Head {
    pub fn titled(title: &str) -> Head {
        Head {
            title: one_line(title),
            ..Head::default()
        }
    }

    /// The head of the page at `path` (relative to the site's root).
    pub fn of(base_url: &str, path: &str) -> Head {
        Head {
            canonical: page_url(base_url, path),
            ..Head::default()
        }
    }

    pub fn article(mut self, description: Option<String>) -> Head {
        self.kind = "article";
        self.description = description;
        self
    }
}

/// The address a page is known by, as sitemap.xml lists it: a folder's
/// `index.html` by the folder (`releases/2.4.1/`); `None` when the site has
/// no absolute base address to start from.
pub fn page_url(base_url: &str, path: &str) -> Option<String> {
    if !crate::text::is_web_url(base_url) {
        return None;
    }
    let folder = path.strip_suffix("index.html").unwrap_or(path);
    Some(format!("{base_url}{folder}"))
}

/// How long a description may be: what search results show.
const DESCRIPTION_CHARS: usize = 160;

/// A release's description: its summary, else the first paragraph of its
/// notes, as one line of plain text of at most about 160 characters.
pub fn release_description(summary: Option<&str>, notes: Option<&str>) -> Option<String> {
    let text = summary
        .map(one_line)
        .filter(|s| !s.is_empty())
        .or_else(|| notes.and_then(first_paragraph_text).map(|t| one_line(&t)))
        .filter(|s| !s.is_empty())?;
    Some(shorten(&text, DESCRIPTION_CHARS))
}

/// The text of a document's first paragraph that has words, without its
/// markup (raw HTML included) and images (a screenshot's alt text does not
/// describe the release); `None` if it has no such paragraph.
fn first_paragraph_text(markdown: &str) -> Option<String> {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut text = String::new();
    let mut inside = false;
    let mut in_image = 0usize;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Paragraph) => {
                inside = true;
                text.clear();
            }
            Event::End(TagEnd::Paragraph) if inside => {
                if !text.trim().is_empty() {
                    return Some(text);
                }
                inside = false;
            }
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            Event::Text(t) | Event::Code(t) if inside && in_image == 0 => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak if inside => text.push(' '),
            _ => {}
        }
    }
    None
}

/// Control characters (CR/LF among them) become spaces and runs of
/// whitespace one space: a description is one line in an attribute.
pub fn one_line(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// At most `max` characters, cut after the last whole word that fits and
/// marked with `…`.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    let words = match cut.rfind(' ') {
        Some(i) if i > 0 => &cut[..i],
        // One word longer than the whole: cut inside it.
        _ => cut.as_str(),
    };
    format!(
        "{}…",
        words.trim_end_matches(|c: char| c.is_whitespace() || ",;:-".contains(c))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_known_by_its_folder() {
        let base = "https://releases.acme.example/notes/";
        assert_eq!(
            page_url(base, "index.html").as_deref(),
            Some("https://releases.acme.example/notes/")
        );
        assert_eq!(
            page_url(base, "releases/2.4.1/index.html").as_deref(),
            Some("https://releases.acme.example/notes/releases/2.4.1/")
        );
        assert_eq!(page_url("/", "index.html"), None);
    }

    #[test]
    fn the_summary_describes_a_release_else_the_first_paragraph() {
        assert_eq!(
            release_description(Some("Faster\r\nexports\u{1}now"), Some("Other")).as_deref(),
            Some("Faster exports now")
        );
        let notes =
            "# Heading\n\nExports are *much*\nfaster, see [docs](https://x.example).\n\nSecond.";
        assert_eq!(
            release_description(None, Some(notes)).as_deref(),
            Some("Exports are much faster, see docs.")
        );
        assert_eq!(release_description(Some("  "), Some("- a list only")), None);
        assert_eq!(
            release_description(None, Some("![Screenshot](a.png)\n\n<b></b>\n\nThe words."))
                .as_deref(),
            Some("The words.")
        );
        assert_eq!(release_description(None, None), None);
    }

    /// Hostile text in a title or description stays inside its attribute
    /// and on one line, whatever got past `check`.
    #[test]
    fn hostile_text_stays_inside_the_attributes() {
        use crate::site::{Renderer, SiteMeta};
        let renderer = Renderer::new(&[]).unwrap();
        let meta = SiteMeta::new(&crate::model::Registry::default());
        let hostile = "A \"quoted\" <b>title</b>\r\nSet-Cookie: x\u{1}'";
        let head = Head::of("https://r.example/", "releases/1/index.html")
            .article(release_description(Some(hostile), None));
        let html = renderer
            .render(
                "public/base.html",
                &meta
                    .page(
                        "../../",
                        "releases",
                        hostile.to_string(),
                        &serde_json::json!({}),
                    )
                    .with_head(head),
            )
            .unwrap();
        let escaped = "A &quot;quoted&quot; &lt;b&gt;title&lt;/b&gt; Set-Cookie: x &#39;";
        assert!(
            html.contains(&format!(
                "<meta property=\"og:title\" content=\"{escaped}\">"
            )),
            "{html}"
        );
        assert!(html.contains(&format!(
            "<meta name=\"description\" content=\"{escaped}\">"
        )));
        assert!(
            html.contains(&format!("<title>{escaped}</title>")),
            "{html}"
        );
        assert!(!html.contains('\r') && !html.contains('\u{1}'));
    }

    #[test]
    fn long_descriptions_are_cut_at_a_word() {
        let text = "word ".repeat(50);
        let short = shorten(text.trim(), 160);
        assert!(short.chars().count() <= 160, "{short}");
        assert!(short.ends_with("word…"), "{short}");
        let one = "x".repeat(300);
        assert_eq!(shorten(&one, 160).chars().count(), 160);
        assert_eq!(shorten("short", 160), "short");
    }
}
