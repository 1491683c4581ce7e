//! Which lines of a changelog are headings (ATX `## x` or setext, text
//! underlined with `===` or `---`), code or comments, and what a version
//! heading says.

/// What one line of the changelog is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Line<'a> {
    Text,
    /// Inside a code fence, or the fence itself, or an HTML comment: never
    /// a heading or an entry.
    Fenced,
    Heading(usize, &'a str),
    /// The `===` or `---` under a setext heading.
    Underline,
}

/// Every line's kind. A setext heading is a single line of text under a
/// blank line (or a heading, or the start), so that `---` under a wrapped
/// paragraph or a list stays what it is.
pub fn classify<'a>(lines: &[&'a str]) -> Vec<Line<'a>> {
    let mut out = Vec::with_capacity(lines.len());
    let mut in_fence = false;
    let mut in_comment = false;
    for line in lines {
        let trimmed = line.trim();
        if in_comment {
            // An HTML comment's lines are text for no reader: never entries.
            in_comment = !trimmed.contains("-->");
            out.push(Line::Fenced);
        } else if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
            out.push(Line::Fenced);
        } else if in_fence {
            out.push(Line::Fenced);
        } else if trimmed.starts_with("<!--") {
            in_comment = !trimmed.contains("-->");
            out.push(Line::Fenced);
        } else {
            out.push(atx(line).map_or(Line::Text, |(l, t)| Line::Heading(l, t)));
        }
    }
    for i in 1..lines.len() {
        let Some(level) = underline(lines[i]) else {
            continue;
        };
        let text = lines[i - 1].trim();
        let alone = i < 2 || lines[i - 2].trim().is_empty() || out[i - 2] != Line::Text;
        if out[i] == Line::Text
            && out[i - 1] == Line::Text
            && alone
            && !text.is_empty()
            && super::list_marker(lines[i - 1]).is_none()
            && lines[i - 1].len() - lines[i - 1].trim_start().len() < 4
        {
            out[i - 1] = Line::Heading(level, text);
            out[i] = Line::Underline;
        }
    }
    out
}

/// `### Added` → (3, "Added").
pub fn atx(line: &str) -> Option<(usize, &str)> {
    let level = line.chars().take_while(|c| *c == '#').count();
    if level == 0 || level > 6 {
        return None;
    }
    let rest = &line[level..];
    rest.starts_with(' ')
        .then(|| (level, rest.trim().trim_end_matches('#').trim()))
}

/// `===` → 1, `---` → 2 (two characters at least).
fn underline(line: &str) -> Option<usize> {
    let t = line.trim();
    if line.len() - line.trim_start().len() > 3 || t.len() < 2 {
        return None;
    }
    if t.chars().all(|c| c == '=') {
        Some(1)
    } else if t.chars().all(|c| c == '-') {
        Some(2)
    } else {
        None
    }
}

/// What a heading at the versions' level says.
#[derive(Debug, PartialEq, Eq)]
pub enum Title {
    Unreleased,
    Version(VersionHeading),
    NotVersion,
}

/// `[1.2.3] - 2024-01-02 - Title`, `1.2.3 (2024-01-02)`, `v1.2`,
/// `[1.2.3](https://compare-url) (2024-01-02)`, `[0.0.5] - 2014-08-09 [YANKED]`.
#[derive(Debug, PartialEq, Eq)]
pub struct VersionHeading {
    pub raw_version: String,
    /// ISO 8601.
    pub date: Option<String>,
    /// Text that looks like a date but is not one milepost can read.
    pub unreadable_date: Option<String>,
    /// How a date that could be read two ways was read.
    pub date_note: Option<String>,
    pub title: Option<String>,
    pub yanked: bool,
}

pub fn parse_title(text: &str) -> Title {
    let text = text.trim();
    // `Version 1.2.3`, `Release v1.2.3`: the word says nothing more.
    let text = ["version ", "release "]
        .iter()
        .find_map(|word| {
            text.get(..word.len())
                .filter(|head| head.eq_ignore_ascii_case(word))
                .map(|_| text[word.len()..].trim_start())
        })
        .unwrap_or(text);
    let text = without_product_name(text);
    let (raw, mut rest) = match text.strip_prefix('[') {
        Some(inner) => match inner.find(']') {
            Some(end) => (&inner[..end], &inner[end + 1..]),
            None => return Title::NotVersion,
        },
        None => match text.find(char::is_whitespace) {
            Some(i) => (&text[..i], &text[i..]),
            None => (text, ""),
        },
    };
    // `[1.2.3](https://…)`: the link's target is never the title.
    if let Some(link) = rest.strip_prefix('(') {
        rest = link.find(')').map_or("", |end| &link[end + 1..]);
    }
    let raw = raw.trim();
    if ["unreleased", "tbd", "upcoming", "next", "head"]
        .iter()
        .any(|word| raw.eq_ignore_ascii_case(word))
    {
        return Title::Unreleased;
    }
    let raw = raw.strip_prefix(['v', 'V']).unwrap_or(raw);
    if !raw.starts_with(|c: char| c.is_ascii_digit()) {
        return Title::NotVersion;
    }
    let yanked = rest.to_ascii_uppercase().contains("[YANKED]");
    let mut rest = remove_ignoring_case(rest, "[yanked]");
    let words: Vec<String> = rest
        .split(|c: char| c.is_whitespace() || "()[],".contains(c))
        .map(str::to_ascii_lowercase)
        .collect();
    let unreleased = words.iter().any(|w| w == "tbd" || w == "unreleased")
        || words
            .windows(2)
            .any(|w| w == ["in", "development"] || w == ["not", "released"]);
    if unreleased {
        return Title::Unreleased;
    }
    let date = super::date::find(&rest);
    if let Some(found) = &date {
        rest.replace_range(found.span.clone(), "");
    }
    if date.is_some() {
        // `(released May 14, 2024)`, `(Tue Apr 16 2024)`: words about the date.
        rest = rest
            .split(' ')
            .filter(|w| !is_date_word(w))
            .collect::<Vec<_>>()
            .join(" ");
    }
    let unreadable_date = super::date::looks_like_date(&rest);
    if let Some(bad) = &unreadable_date {
        rest = rest.replacen(bad.as_str(), "", 1);
    }
    let title = rest
        .replace("()", "")
        .trim_matches(|c: char| "-–—:()/|".contains(c) || c.is_whitespace())
        .to_string();
    Title::Version(VersionHeading {
        raw_version: raw.to_string(),
        date_note: date.as_ref().and_then(|d| d.note.clone()),
        date: date.map(|d| d.iso),
        unreadable_date,
        title: (!title.is_empty()).then_some(title),
        yanked,
    })
}

/// `Quillbill 24.8.0rc1 (2024-08-19)`, as towncrier writes it: a single
/// word before the version is the product's name, when nothing but a date
/// follows (`Migrating 2.0 guide` is no release).
fn without_product_name(text: &str) -> &str {
    let mut words = text.splitn(3, ' ');
    let (Some(name), Some(version)) = (words.next(), words.next()) else {
        return text;
    };
    if !words
        .next()
        .is_none_or(|rest| rest.trim_start().starts_with(['(', '-', '–', '—', '[']))
    {
        return text;
    }
    let version = version.strip_prefix(['v', 'V']).unwrap_or(version);
    let named = name
        .chars()
        .all(|c| c.is_alphanumeric() || "-_.".contains(c))
        && name.starts_with(|c: char| c.is_alphabetic())
        && version.starts_with(|c: char| c.is_ascii_digit())
        && version.contains('.');
    if named {
        text[name.len()..].trim_start()
    } else {
        text
    }
}

/// Words that stand around a date in a heading and say nothing else.
fn is_date_word(word: &str) -> bool {
    const WORDS: [&str; 18] = [
        "released",
        "release",
        "on",
        "date",
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
        "sat",
        "sun",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    let w = word
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_ascii_lowercase();
    WORDS.contains(&w.as_str())
}

fn remove_ignoring_case(text: &str, what: &str) -> String {
    match text.to_ascii_lowercase().find(what) {
        Some(at) => format!("{}{}", &text[..at], &text[at + what.len()..]),
        None => text.to_string(),
    }
}
