//! Reference-style links (`[text][label]`, `[text][]`, `[label]`) whose
//! definitions (`[label]: https://…`) sit elsewhere in the changelog, often
//! at its very end. A summary in release.toml stands alone, so its links are
//! resolved into inline ones; a notes.md gets a copy of each definition it uses.

/// `[label]: destination` lines of a changelog, outside code fences.
#[derive(Debug, Default, Clone)]
pub struct Definitions {
    /// (normalised label, destination and title as written, the line as written).
    entries: Vec<(String, String, String)>,
    /// Normalised label → its index in `entries`: changelogs define thousands.
    index: std::collections::HashMap<String, usize>,
}

/// Labels match case-insensitively, with runs of whitespace as one space.
fn normalise(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// `[label]: https://…` → (label, `https://…`).
pub fn definition(line: &str) -> Option<(&str, &str)> {
    let indent = line.len() - line.trim_start().len();
    let rest = line.trim_start().strip_prefix('[')?;
    if indent > 3 {
        return None;
    }
    let end = rest.find("]:")?;
    let label = &rest[..end];
    let destination = rest[end + 2..].trim();
    (!label.trim().is_empty() && !label.contains(['[', ']']) && !destination.is_empty())
        .then_some((label, destination))
}

impl Definitions {
    pub fn read<'a>(lines: impl Iterator<Item = &'a str>) -> Definitions {
        let mut out = Definitions::default();
        for line in lines {
            if let Some((label, destination)) = definition(line) {
                let label = normalise(label);
                // The first definition of a label is the one Markdown uses.
                if !out.index.contains_key(&label) {
                    out.index.insert(label.clone(), out.entries.len());
                    out.entries
                        .push((label, destination.to_string(), line.trim().to_string()));
                }
            }
        }
        out
    }

    fn find(&self, label: &str) -> Option<usize> {
        self.index.get(&normalise(label)).copied()
    }

    /// `text` with its reference links made inline.
    pub fn resolve(&self, text: &str) -> String {
        self.scan(text, 0, &mut |_| {})
    }

    /// The definition lines `text` uses that it does not define itself, in
    /// the order of first use: what to append to a notes.md.
    pub fn used_by(&self, text: &str) -> Vec<&str> {
        let mut used = Vec::new();
        self.scan(text, 0, &mut |i| {
            if !used.contains(&i) {
                used.push(i);
            }
        });
        used.into_iter()
            .map(|i| self.entries[i].2.as_str())
            .collect()
    }

    /// Walks `text` once, skipping code spans and escaped brackets; each
    /// reference found is resolved and its definition's index reported.
    fn scan(&self, text: &str, depth: usize, used: &mut dyn FnMut(usize)) -> String {
        // Links are not nested deeper than an image in a link: beyond
        // that, brackets are text (and a hostile file cannot recurse).
        if self.entries.is_empty() || !text.contains('[') || depth > 3 {
            return text.to_string();
        }
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(at) = rest.find(['`', '[', '\\']) {
            out.push_str(&rest[..at]);
            rest = &rest[at..];
            if rest.starts_with('\\') {
                let len = rest[1..].chars().next().map_or(1, |c| 1 + c.len_utf8());
                out.push_str(&rest[..len]);
                rest = &rest[len..];
            } else if rest.starts_with('`') {
                let len = code_span(rest);
                out.push_str(&rest[..len]);
                rest = &rest[len..];
            } else {
                let (piece, len) = self.bracket(rest, depth, used);
                out.push_str(&piece);
                rest = &rest[len..];
            }
        }
        out.push_str(rest);
        out
    }

    /// `rest` starts with `[`: the link it begins, resolved, and its length.
    fn bracket(&self, rest: &str, depth: usize, used: &mut dyn FnMut(usize)) -> (String, usize) {
        let Some(close) = matching(rest) else {
            // Never closed: the whole run of `[` is text, looked at once.
            let run = rest.len() - rest.trim_start_matches('[').len();
            return (rest[..run].to_string(), run);
        };
        let inner = &rest[1..close];
        let after = &rest[close + 1..];
        let literal = |len: usize| (rest[..len].to_string(), len);
        // An inline link or a definition: as written.
        if after.starts_with('(') || after.starts_with(':') {
            return literal(close + 1);
        }
        let (label, len) = match after
            .strip_prefix('[')
            .and_then(|a| a.find(']').map(|e| (a, e)))
        {
            Some((_, 0)) => (inner, close + 3),
            Some((a, e)) => (&a[..e], close + 2 + e + 1),
            None => (inner, close + 1),
        };
        match self.find(label) {
            Some(i) => {
                used(i);
                let text = self.scan(inner, depth + 1, used);
                (format!("[{text}]({})", self.entries[i].1), len)
            }
            // `[x]` that is not a reference is text; a full reference
            // `[x][y]` to no definition stays as written.
            None => {
                let text = self.scan(inner, depth + 1, used);
                let mut out = format!("[{text}]");
                out.push_str(&rest[close + 1..len]);
                (out, len)
            }
        }
    }
}

/// The length of the code span `text` starts with, or of its opening
/// backticks when they are never closed (then they are text).
fn code_span(text: &str) -> usize {
    let ticks = text.chars().take_while(|c| *c == '`').count();
    let fence = &text[..ticks];
    let mut from = ticks;
    while let Some(at) = text[from..].find(fence) {
        let start = from + at;
        let run = text[start..].chars().take_while(|c| *c == '`').count();
        if run == ticks {
            return start + ticks;
        }
        from = start + run;
    }
    ticks
}

/// The `]` that closes the `[` `text` starts with, nested brackets counted,
/// within a link text's length: a line of a thousand `[` stays linear.
fn matching(text: &str) -> Option<usize> {
    const LONGEST: usize = 1000;
    let mut depth = 0usize;
    let mut escaped = false;
    for (i, c) in text.char_indices().take_while(|(i, _)| *i < LONGEST) {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            '\n' => return None,
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defs() -> Definitions {
        Definitions::read(
            [
                "[#12]: https://example.com/pull/12",
                "[Docs page]: https://example.com/docs \"The docs\"",
                "  [1.2.0]: https://example.com/compare/v1.1.0...v1.2.0",
                "[not a definition] of anything",
                "[#12]: https://example.com/second-definition",
            ]
            .into_iter(),
        )
    }

    #[test]
    fn references_become_inline_links() {
        let d = defs();
        assert_eq!(
            d.resolve("Fix export ([#12]) and see [the docs][docs  PAGE], [Docs page][]."),
            "Fix export ([#12](https://example.com/pull/12)) and see [the docs](https://example.com/docs \"The docs\"), [Docs page](https://example.com/docs \"The docs\")."
        );
        // Not references: inline links, code, escapes, unknown labels, brackets never closed.
        for text in [
            "[#12](https://elsewhere)",
            "`[#12]` in code",
            "\\[#12] escaped",
            "[unknown] and [x][unknown]",
            "[unclosed #12",
            "``a ` [#12] ``",
        ] {
            assert_eq!(d.resolve(text), text);
        }
        assert_eq!(
            d.resolve("![logo][#12]"),
            "![logo](https://example.com/pull/12)"
        );
    }

    #[test]
    fn hostile_brackets_stay_text_quickly() {
        let d = defs();
        let deep = format!("{}#12{}", "[".repeat(50_000), "]".repeat(50_000));
        assert_eq!(d.resolve(&deep).len(), deep.len());
        let open = "[".repeat(200_000);
        assert_eq!(d.resolve(&open), open);
    }

    #[test]
    fn notes_get_the_definitions_they_use_once() {
        let d = defs();
        assert_eq!(
            d.used_by("- [#12] and [Docs page]\n- again [#12]\n- `[1.2.0]`\n"),
            [
                "[#12]: https://example.com/pull/12",
                "[Docs page]: https://example.com/docs \"The docs\""
            ]
        );
        assert!(d.used_by("[#13]").is_empty());
    }
}
