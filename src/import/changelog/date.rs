//! The dates changelogs write: `2024-01-02`, `2024-1-2`, `2024/01/02`,
//! `October 16, 2024`, `16 Oct 2024`, `05.01.2024`, `01/05/2024`.

use std::ops::Range;

use jiff::civil::Date;

/// Words of `text` with their byte ranges, without surrounding punctuation.
fn words(text: &str) -> Vec<(&str, Range<usize>)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        let separator = c.is_whitespace() || "()[],".contains(c);
        match (start, separator) {
            (None, false) => start = Some(i),
            (Some(s), true) => {
                out.push((&text[s..i], s..i));
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// A date found in a heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// ISO 8601.
    pub iso: String,
    /// The bytes it takes in the heading.
    pub span: Range<usize>,
    /// How it was read, when it could be read two ways.
    pub note: Option<String>,
}

/// The first date in `text`.
pub fn find(text: &str) -> Option<Found> {
    let words = words(text);
    for (i, (word, span)) in words.iter().enumerate() {
        if let Some(date) = numeric(word) {
            return Some(Found {
                iso: date.to_string(),
                span: span.clone(),
                note: None,
            });
        }
        if let Some((date, order)) = day_and_month(word) {
            let (day, month) = (date.day(), date.month());
            let note = (day <= 12 && day != month)
                .then(|| format!("`{word}` could be read two ways; it is read as {order}: {date}"));
            return Some(Found {
                iso: date.to_string(),
                span: span.clone(),
                note,
            });
        }
        if let Some([(second, _), (third, end)]) = words
            .get(i + 1..i + 3)
            .map(|w| [w[0].clone(), w[1].clone()])
        {
            let named = match (month(word), month(second)) {
                (Some(m), _) => day(second).and_then(|d| Date::new(year(third)?, m, d).ok()),
                (None, Some(m)) => day(word).and_then(|d| Date::new(year(third)?, m, d).ok()),
                (None, None) => None,
            };
            if let Some(date) = named {
                return Some(Found {
                    iso: date.to_string(),
                    span: span.start..end.end,
                    note: None,
                });
            }
        }
    }
    None
}

/// A word of digits and `-` `/` `.` that is not a date it can read
/// (`2024-13-45`, `24/1/2`), so that it is reported instead of becoming the title.
pub fn looks_like_date(text: &str) -> Option<String> {
    words(text)
        .into_iter()
        .map(|(w, _)| w)
        .find(|w| {
            w.chars().any(|c| c.is_ascii_digit())
                && w.chars().any(|c| "-/.".contains(c))
                && w.chars().all(|c| c.is_ascii_digit() || "-/.".contains(c))
                && w.trim_matches(|c: char| !c.is_ascii_digit()).len() > 3
        })
        .map(str::to_string)
}

/// `2024-01-02`, `2024-1-2`, `2024/01/02`: year first, as no reader can
/// tell 01/02 January from February.
fn numeric(word: &str) -> Option<Date> {
    let parts: Vec<&str> = word.split(['-', '/']).collect();
    let [y, m, d] = parts.as_slice() else {
        return None;
    };
    if y.len() != 4 || m.len() > 2 || d.len() > 2 {
        return None;
    }
    Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok()
}

/// `05.01.2024` (day.month.year, as where dots separate dates) and
/// `01/05/2024` (month/day/year, as where slashes put the year last), with
/// the order it was read in.
fn day_and_month(word: &str) -> Option<(Date, &'static str)> {
    let (separator, order) = if word.contains('.') {
        ('.', "day.month.year")
    } else {
        ('/', "month/day/year")
    };
    let parts: Vec<&str> = word.split(separator).collect();
    let [a, b, y] = parts.as_slice() else {
        return None;
    };
    if y.len() != 4 || a.is_empty() || b.is_empty() || a.len() > 2 || b.len() > 2 {
        return None;
    }
    let (a, b, y): (i8, i8, i16) = (a.parse().ok()?, b.parse().ok()?, y.parse().ok()?);
    let (day, month) = if separator == '.' { (a, b) } else { (b, a) };
    Some((Date::new(y, month, day).ok()?, order))
}

fn month(word: &str) -> Option<i8> {
    const NAMES: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    let w = if w == "sept" { "sep".to_string() } else { w };
    NAMES
        .iter()
        .position(|name| name.starts_with(&w))
        .and_then(|i| i8::try_from(i + 1).ok())
}

/// `16`, `16th`, `1st`.
fn day(word: &str) -> Option<i8> {
    let w = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    (w.len() <= 2).then(|| w.parse().ok()).flatten()
}

fn year(word: &str) -> Option<i16> {
    (word.len() == 4).then(|| word.parse().ok()).flatten()
}

#[cfg(test)]
mod tests {
    use super::{find, looks_like_date};

    #[test]
    fn the_dates_changelogs_write() {
        let read: Vec<Option<String>> = [
            " - 2024-01-02",
            "(2024-1-2)",
            "2024/01/02 - Title",
            "- October 16, 2024",
            "(16 Oct 2024)",
            "Sept. 3rd 2023",
            "- 2024-13-45",
            "- Spring",
            "(25.12.2024)",
            "- 12/25/2024",
        ]
        .iter()
        .map(|t| find(t).map(|d| d.iso))
        .collect();
        let expected = [
            Some("2024-01-02"),
            Some("2024-01-02"),
            Some("2024-01-02"),
            Some("2024-10-16"),
            Some("2024-10-16"),
            Some("2023-09-03"),
            None,
            None,
            Some("2024-12-25"),
            Some("2024-12-25"),
        ]
        .map(|d| d.map(str::to_string));
        assert_eq!(read, expected);
        assert_eq!(
            looks_like_date(" - 2024-13-45"),
            Some("2024-13-45".to_string())
        );
        assert_eq!(looks_like_date(" - 2.0 rewrite"), None);
        let notes: Vec<Option<String>> = ["05.01.2024", "01/05/2024", "25.12.2024", "5.5.2024"]
            .iter()
            .map(|t| find(t).and_then(|d| d.note))
            .collect();
        assert_eq!(
            notes,
            [
                Some(
                    "`05.01.2024` could be read two ways; it is read as day.month.year: 2024-01-05"
                        .to_string()
                ),
                Some(
                    "`01/05/2024` could be read two ways; it is read as month/day/year: 2024-01-05"
                        .to_string()
                ),
                None,
                None,
            ]
        );
    }
}
