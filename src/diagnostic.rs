//! Problems found in a registry: plain data that every stage produces and the
//! report module prints. Stages collect them and never stop at the first one.

use std::ops::Range;

use serde::Serialize;

use crate::source::{Position, SourceFile};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem, anchored to a file and, where known, a span in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the registry root.
    pub file: String,
    /// Byte span in the file's text, when the problem is inside the file.
    pub span: Option<Range<usize>>,
    pub position: Position,
    /// A short stable code, e.g. `schema` or `unknown-person`.
    pub code: &'static str,
    pub message: String,
    /// Text under the caret.
    pub label: Option<String>,
    /// What to do about it.
    pub help: Option<String>,
    /// What the reader should know about where it points (e.g. that the
    /// field is missing, so the file as a whole is meant).
    pub note: Option<String>,
    /// The lines the span covers, so that reports need not keep every file.
    pub excerpt: Option<Excerpt>,
}

/// The source lines around a span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excerpt {
    /// One-based number of the first line of `text`.
    pub first_line: usize,
    pub text: String,
    /// The span, relative to `text`.
    pub span: Range<usize>,
}

impl Excerpt {
    fn of(file: &SourceFile, span: &Range<usize>) -> Excerpt {
        let text = &file.text;
        let start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
        let end = text[span.end..]
            .find('\n')
            .map_or(text.len(), |i| span.end + i);
        Excerpt {
            first_line: file.position(start).line,
            text: text[start..end].to_string(),
            span: span.start - start..span.end - start,
        }
    }
}

impl Diagnostic {
    /// A problem at a span of a file that was read.
    pub fn at(
        severity: Severity,
        file: &SourceFile,
        span: Range<usize>,
        code: &'static str,
        message: impl Into<String>,
    ) -> Self {
        let span = file.clamp(span);
        Diagnostic {
            severity,
            file: file.path.clone(),
            position: file.position(span.start),
            excerpt: Some(Excerpt::of(file, &span)),
            span: Some(span),
            code,
            message: message.into(),
            label: None,
            help: None,
            note: None,
        }
    }

    /// A problem with a file as a whole (it could not be read, it is missing...).
    pub fn whole_file(
        severity: Severity,
        file: impl Into<String>,
        code: &'static str,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity,
            file: file.into(),
            span: None,
            position: Position { line: 1, column: 1 },
            code,
            message: message.into(),
            label: None,
            help: None,
            note: None,
            excerpt: None,
        }
    }

    pub fn error(
        file: &SourceFile,
        span: Range<usize>,
        code: &'static str,
        message: impl Into<String>,
    ) -> Self {
        Self::at(Severity::Error, file, span, code, message)
    }

    pub fn warning(
        file: &SourceFile,
        span: Range<usize>,
        code: &'static str,
        message: impl Into<String>,
    ) -> Self {
        Self::at(Severity::Warning, file, span, code, message)
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    fn sort_key(&self) -> (&str, Position, Severity, &str, &str) {
        (
            &self.file,
            self.position,
            self.severity,
            self.code,
            &self.message,
        )
    }
}

/// Sorts by file, then line and column, and drops exact repeats (two checks
/// that reach the same conclusion about the same place).
pub fn sort(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diagnostics.dedup();
}

pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(|d| d.severity == Severity::Error)
}

/// "did you mean" for a misspelt name, if one of the candidates is close.
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|candidate| (strsim::jaro_winkler(name, candidate), candidate))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_finds_typos_only() {
        let fields = ["owner", "title", "status"];
        assert_eq!(closest("ownr", fields), Some("owner"));
        assert_eq!(closest("titel", fields), Some("title"));
        assert_eq!(closest("zzz", fields), None);
    }
}
