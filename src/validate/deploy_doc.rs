//! The structure of a deployment document: its headings and whether each has
//! something under it.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// A heading of a deploy doc and the text that follows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeployDocSection {
    pub title: String,
    pub level: u8,
    /// Where the heading was written.
    pub span: Range<usize>,
    /// Whether anything (text, list, code...) stands between this heading and
    /// the next heading of the same or a higher level.
    pub has_content: bool,
}

/// What a deploy doc lacks of the sections the policy requires.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Gap {
    /// There is no deploy.md at all.
    NoDoc,
    /// No heading with this name.
    NoSection(String),
    /// The heading is there, with nothing under it (where it was written).
    Empty(String, Range<usize>),
}

/// The required sections `doc` (deploy.md's text, if any) lacks: what
/// `check` reports once a release is ready, and what the checklist shows
/// as still to write before that.
pub fn gaps(doc: Option<&str>, required: &[String]) -> Vec<Gap> {
    let Some(doc) = doc else {
        return vec![Gap::NoDoc];
    };
    let sections = sections(doc);
    required
        .iter()
        .filter_map(
            |name| match sections.iter().find(|s| s.title.eq_ignore_ascii_case(name)) {
                None => Some(Gap::NoSection(name.clone())),
                Some(s) if !s.has_content => Some(Gap::Empty(name.clone(), s.span.clone())),
                Some(_) => None,
            },
        )
        .collect()
}

/// The sections of a Markdown document, in order.
pub fn sections(markdown: &str) -> Vec<DeployDocSection> {
    let mut sections: Vec<DeployDocSection> = Vec::new();
    let mut title: Option<(String, u8, Range<usize>)> = None;
    for (event, range) in Parser::new(markdown).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                title = Some((String::new(), level as u8, range));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((text, level, span)) = title.take() {
                    // A heading ends the sections it outranks, and counts as
                    // content of the ones above it.
                    for open in sections.iter_mut().rev() {
                        if open.level < level {
                            open.has_content = true;
                            break;
                        }
                    }
                    sections.push(DeployDocSection {
                        title: text.trim().to_string(),
                        level,
                        span,
                        has_content: false,
                    });
                }
            }
            Event::Text(text) | Event::Code(text) if title.is_some() => {
                if let Some((t, _, _)) = title.as_mut() {
                    t.push_str(&text);
                }
            }
            Event::Start(_)
            | Event::Text(_)
            | Event::Code(_)
            | Event::Html(_)
            | Event::InlineHtml(_)
            | Event::Rule
                if title.is_none() =>
            {
                if let Some(last) = sections.last_mut() {
                    last.has_content = true;
                }
            }
            _ => {}
        }
    }
    sections
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_sections_and_their_content() {
        let doc = "# Deploy 2.4.1\n\n## Steps\n\n1. Run it\n\n## Rollback\n\n## Verification\n\n### Smoke\n\nCheck `x`.\n";
        let found: Vec<(String, bool)> = sections(doc)
            .into_iter()
            .map(|s| (s.title, s.has_content))
            .collect();
        assert_eq!(
            found,
            vec![
                ("Deploy 2.4.1".to_string(), true),
                ("Steps".to_string(), true),
                ("Rollback".to_string(), false),
                ("Verification".to_string(), true),
                ("Smoke".to_string(), true),
            ]
        );
    }

    #[test]
    fn heading_spans_come_from_the_parser() {
        let doc = "intro\n\n## Steps\nx\n";
        let s = &sections(doc)[0];
        assert_eq!(&doc[s.span.clone()].trim_end(), &"## Steps");
    }
}
