//! Source files as read from the registry, and the mapping from byte offsets
//! (which the parsers give us) to the line and column that people see.

use std::ops::Range;
use std::path::PathBuf;

/// A text file of the registry, with its path relative to the registry root.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the registry root, with `/` separators on every platform.
    pub path: String,
    /// Absolute path on disk, for messages that need it.
    pub disk_path: PathBuf,
    pub text: String,
    line_starts: Vec<usize>,
}

/// A one-based line and column; columns count characters, as rustc does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl SourceFile {
    pub fn new(path: impl Into<String>, disk_path: PathBuf, text: String) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SourceFile {
            path: path.into(),
            disk_path,
            text,
            line_starts,
        }
    }

    /// The position of a byte offset; offsets past the end clamp to the end.
    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let start = self.line_starts[line];
        let column = self
            .text
            .get(start..offset)
            .map_or(1, |before| before.chars().count() + 1);
        Position {
            line: line + 1,
            column,
        }
    }

    /// A span that is safe to slice the text with: inside it and on char boundaries.
    pub fn clamp(&self, span: Range<usize>) -> Range<usize> {
        let mut start = span.start.min(self.text.len());
        let mut end = span.end.clamp(start, self.text.len());
        while !self.text.is_char_boundary(start) {
            start -= 1;
        }
        while !self.text.is_char_boundary(end) {
            end += 1;
        }
        start..end
    }

    /// Whether the file holds nothing but whitespace and comments.
    pub fn is_blank(&self) -> bool {
        self.text
            .lines()
            .map(str::trim)
            .all(|line| line.is_empty() || line.starts_with('#'))
    }
}

#[cfg(test)]
mod tests;
