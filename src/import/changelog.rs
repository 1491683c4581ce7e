//! Keep a Changelog (https://keepachangelog.com) → releases. Line by line, so
//! that everything it does not understand can be reported with its line:
//! nothing is dropped silently. Every version's whole section is also kept
//! as its notes.md.

mod date;
mod heading;
mod version;

use crate::files::ChangeKind;
use heading::{Line, Title};

/// One version of the changelog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedRelease {
    pub version: String,
    /// Line of the version's heading.
    pub line: usize,
    pub date: Option<String>,
    pub title: Option<String>,
    pub yanked: bool,
    pub changes: Vec<ImportedChange>,
    /// The section's Markdown as written, heading excluded.
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedChange {
    pub kind: ChangeKind,
    pub internal: bool,
    pub summary: String,
    /// Nested list items and wrapped paragraphs under the entry.
    pub details: Option<String>,
    pub line: usize,
}

/// Something the import could not take as it was, and what it did instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub line: usize,
    pub message: String,
}

#[derive(Debug, Default)]
pub struct Changelog {
    pub releases: Vec<ImportedRelease>,
    pub notes: Vec<Note>,
    /// Version headings found, whether imported or not (Unreleased aside).
    pub versions: usize,
    /// Entries of versions that are not imported, each one among `notes`.
    pub reported_entries: usize,
    /// Entries under Unreleased, which has no version to import them as.
    pub unreleased_entries: usize,
}

/// `### 🐛 Bug Fixes:`, `### [Fixed]`, `**Added**` → `bug fixes`, `fixed`, `added`:
/// decoration around the name says nothing about the kind.
fn section_name(title: &str) -> String {
    let t = title.trim_matches(|c: char| !c.is_alphanumeric());
    t.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The kind of change a section's entries are, whether they are internal,
/// and whether they break something.
fn section_kind(title: &str) -> Option<(ChangeKind, bool, bool)> {
    Some(match section_name(title).as_str() {
        "added" | "add" | "new" | "features" | "feature" | "new features" => {
            (ChangeKind::Added, false, false)
        }
        "changed" | "changes" | "change" | "improvements" | "performance" => {
            (ChangeKind::Changed, false, false)
        }
        "deprecated" | "deprecations" => (ChangeKind::Deprecated, false, false),
        "removed" | "removals" => (ChangeKind::Removed, false, false),
        "fixed" | "fixes" | "fix" | "bug fixes" | "bugfixes" | "bug fix" => {
            (ChangeKind::Fixed, false, false)
        }
        "security" => (ChangeKind::Security, false, false),
        "breaking change" | "breaking changes" | "breaking" => (ChangeKind::Changed, false, true),
        // Work customers never see: its entries are internal changes, and its
        // text never reaches notes.md, which is published.
        "internal" | "chore" | "chores" | "refactor" | "refactoring" | "ci" | "build" | "tests"
        | "test" | "dependencies" | "deps" => (ChangeKind::Changed, true, false),
        _ => return None,
    })
}

/// `- x`, `* x`, `+ x`, `1. x`, `1) x` → (indent, `x`).
fn list_marker(line: &str) -> Option<(usize, &str)> {
    let indent = line.len() - line.trim_start().len();
    let rest = line.trim_start();
    for marker in ["- ", "* ", "+ "] {
        if let Some(text) = rest.strip_prefix(marker) {
            return Some((indent, text));
        }
    }
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    let after = &rest[digits..];
    if (1..10).contains(&digits)
        && let Some(text) = after
            .strip_prefix(". ")
            .or_else(|| after.strip_prefix(") "))
    {
        return Some((indent, text));
    }
    None
}

/// One markdown line of an entry, joined: `text` wraps onto the summary.
fn join(into: &mut String, text: &str) {
    let text = text.trim();
    if text.is_empty() {
        return;
    }
    if !into.is_empty() {
        into.push(' ');
    }
    into.push_str(text);
}

/// Where the line being read is.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Place {
    /// Before the first version heading.
    Before,
    Unreleased,
    Release,
    /// Under a version heading that is not imported, and why.
    Skipped(String),
}

/// The section of a release the line is in.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Section {
    /// No section heading yet: entries directly under the version.
    Top,
    Kind(ChangeKind, bool, bool),
    /// A section that is not a kind of change.
    Other(String),
}

impl Section {
    fn internal(&self) -> bool {
        matches!(self, Section::Kind(_, true, _))
    }
}

/// The heading level that carries versions: the one of `#`, `##` and `###`
/// where most headings read as versions (the shallower one on a tie);
/// `##`, as Keep a Changelog has it, when none do.
fn version_level(lines: &[Line<'_>]) -> usize {
    let mut counts = [0usize; 4];
    for line in lines {
        if let Line::Heading(level @ 1..=3, text) = line
            && is_version(text)
        {
            counts[*level] += 1;
        }
    }
    (1..=3)
        .filter(|l| counts[*l] > 0)
        .max_by_key(|l| (counts[*l], std::cmp::Reverse(*l)))
        .unwrap_or(2)
}

fn is_version(text: &str) -> bool {
    match heading::parse_title(text) {
        Title::Unreleased => true,
        Title::Version(h) => version::normalize(&h.raw_version).is_some(),
        Title::NotVersion => false,
    }
}

/// `**Added**` or `**Fixed:**` alone on its line: a section's label.
fn bold_label(line: &str) -> Option<&str> {
    let t = line.trim();
    let inner = t
        .strip_prefix("**")
        .and_then(|t| t.strip_suffix("**"))
        .or_else(|| t.strip_prefix("__").and_then(|t| t.strip_suffix("__")))?;
    (!inner.contains('*')).then_some(inner)
}

struct Parser {
    out: Changelog,
    current: Option<ImportedRelease>,
    place: Place,
    section: Section,
    entry: Option<ImportedChange>,
    seen_versions: Vec<String>,
    blank_before: bool,
    /// Whether the last heading went into notes.md (for its setext underline).
    heading_kept: bool,
}

impl Parser {
    fn note(&mut self, line: usize, message: impl Into<String>) {
        self.out.notes.push(Note {
            line,
            message: message.into(),
        });
    }

    fn finish_entry(&mut self) {
        if let (Some(e), Some(r)) = (self.entry.take(), self.current.as_mut()) {
            r.changes.push(e);
        }
    }

    fn finish_release(&mut self) {
        self.finish_entry();
        if let Some(r) = self.current.take() {
            self.out.releases.push(r);
        }
        self.section = Section::Top;
    }

    fn keep(&mut self, line: &str) {
        if let (Some(r), false) = (self.current.as_mut(), self.section.internal()) {
            r.notes.push_str(line);
            r.notes.push('\n');
        }
    }

    fn version_heading(&mut self, number: usize, level: usize, title: &str) {
        self.finish_release();
        self.place = match heading::parse_title(title) {
            Title::Unreleased => Place::Unreleased,
            Title::NotVersion => {
                let text = format!("`{} {}`", "#".repeat(level), title.trim());
                self.note(
                    number,
                    format!("{text} is not a version heading; its section is skipped"),
                );
                Place::Skipped(format!("{text} is not a version"))
            }
            Title::Version(h) => {
                self.out.versions += 1;
                self.release(number, h)
            }
        };
    }

    fn release(&mut self, number: usize, h: heading::VersionHeading) -> Place {
        let Some(version) = version::normalize(&h.raw_version) else {
            self.note(
                number,
                format!(
                    "`{}` is not a version milepost can read; this section is skipped",
                    h.raw_version
                ),
            );
            return Place::Skipped(format!("`{}` is not a version", h.raw_version));
        };
        if version != h.raw_version {
            self.note(
                number,
                format!("version {} is read as {version}", h.raw_version),
            );
        }
        if let Some(bad) = &h.unreadable_date {
            self.note(
                number,
                format!("`{bad}` is not a date milepost can read; {version} has no date"),
            );
        }
        if self.seen_versions.contains(&version) {
            self.note(
                number,
                format!("version {version} appears twice; this one is skipped"),
            );
            return Place::Skipped(format!("version {version} appears twice"));
        }
        self.seen_versions.push(version.clone());
        self.current = Some(ImportedRelease {
            version,
            line: number,
            date: h.date,
            title: h.title,
            yanked: h.yanked,
            changes: Vec::new(),
            notes: String::new(),
        });
        Place::Release
    }

    /// A heading below the versions' level: a section, a sub-heading, or a
    /// version at the wrong level, whose entries must not join this release.
    fn section_heading(
        &mut self,
        number: usize,
        level: usize,
        version_level: usize,
        text: &str,
        line: &str,
    ) {
        self.finish_entry();
        self.heading_kept = false;
        let kind = section_kind(text);
        if kind.is_none() && is_version(text) && !matches!(self.place, Place::Before) {
            self.finish_release();
            self.out.versions += 1;
            let what = format!("`{} {}`", "#".repeat(level), text.trim());
            self.note(
                number,
                format!(
                    "{what} is a version below the versions' level (`{}`); its section is skipped",
                    "#".repeat(version_level)
                ),
            );
            self.place = Place::Skipped(format!("{what} is below the versions' level"));
            return;
        }
        match kind {
            Some((kind, internal, breaking)) => {
                self.section = Section::Kind(kind, internal, breaking)
            }
            None if level == version_level + 1 => {
                if self.place == Place::Release {
                    self.note(
                        number,
                        format!(
                            "section `{}` is not a kind of change; its text is kept in notes.md only",
                            text.trim()
                        ),
                    );
                }
                self.section = Section::Other(text.trim().to_string());
            }
            // A sub-heading: the section goes on.
            None => {}
        }
        if self.place == Place::Release && !self.section.internal() {
            self.keep(line);
            self.heading_kept = true;
        }
    }

    fn text_line(&mut self, number: usize, line: &str) {
        let top_entry = list_marker(line).is_some_and(|(indent, _)| indent == 0);
        match &self.place {
            Place::Release => {}
            Place::Unreleased => {
                if top_entry {
                    self.out.unreleased_entries += 1;
                    self.note(
                        number,
                        "an Unreleased entry has no version yet and is not imported",
                    );
                }
                return;
            }
            Place::Before => {
                if top_entry {
                    self.out.reported_entries += 1;
                    self.note(
                        number,
                        "a list entry before the first version is not imported",
                    );
                }
                return;
            }
            Place::Skipped(why) => {
                if top_entry {
                    let message = format!("an entry is not imported: {why}");
                    self.out.reported_entries += 1;
                    self.note(number, message);
                }
                return;
            }
        }
        if let Some((kind, internal, breaking)) = bold_label(line).and_then(section_kind) {
            self.finish_entry();
            self.section = Section::Kind(kind, internal, breaking);
            self.keep(line);
            return;
        }
        self.keep(line);
        let trimmed = line.trim();
        if trimmed.is_empty() {
            self.blank_before = true;
            return;
        }
        let indent = line.len() - line.trim_start().len();
        let kind = match &self.section {
            Section::Top => Some((ChangeKind::Changed, false, false)),
            Section::Kind(kind, internal, breaking) => Some((*kind, *internal, *breaking)),
            Section::Other(_) => None,
        };
        match (list_marker(line), kind) {
            (Some((0, text)), Some((kind, internal, breaking))) => {
                self.finish_entry();
                let mut summary = String::new();
                if breaking {
                    summary.push_str(crate::files::BREAKING_LABEL);
                }
                join(&mut summary, text);
                self.entry = Some(ImportedChange {
                    kind,
                    internal,
                    summary,
                    details: None,
                    line: number,
                });
            }
            (Some((0, _)), None) => {
                self.finish_entry();
                let title = match &self.section {
                    Section::Other(title) => title.clone(),
                    _ => String::new(),
                };
                self.out.reported_entries += 1;
                self.note(
                    number,
                    format!("an entry under `{title}` is not imported: not a kind of change"),
                );
            }
            (Some((indent, text)), _) if indent > 0 && self.entry.is_some() => {
                if let Some(e) = self.entry.as_mut() {
                    let details = e.details.get_or_insert_with(String::new);
                    if !details.is_empty() {
                        details.push('\n');
                    }
                    details.push_str(&format!(
                        "{}- {}",
                        " ".repeat(indent.saturating_sub(2)),
                        text.trim()
                    ));
                }
            }
            // A wrapped line, or an indented paragraph of the entry.
            (None, _) if self.entry.is_some() && (!self.blank_before || indent > 0) => {
                let blank_before = self.blank_before;
                if let Some(e) = self.entry.as_mut() {
                    match &mut e.details {
                        Some(details) => join(details, trimmed),
                        None if blank_before => e.details = Some(trimmed.to_string()),
                        None => join(&mut e.summary, trimmed),
                    }
                }
            }
            // Free text: notes.md only.
            _ => self.finish_entry(),
        }
        self.blank_before = false;
    }
}

pub fn parse(text: &str) -> Changelog {
    let lines: Vec<&str> = text.lines().collect();
    let kinds = heading::classify(&lines);
    let version_level = version_level(&kinds);
    let mut p = Parser {
        out: Changelog::default(),
        current: None,
        place: Place::Before,
        section: Section::Top,
        entry: None,
        seen_versions: Vec::new(),
        blank_before: false,
        heading_kept: false,
    };
    for (i, (line, kind)) in lines.iter().zip(&kinds).enumerate() {
        let number = i + 1;
        match *kind {
            Line::Heading(level, title) if level == version_level => {
                p.version_heading(number, level, title);
            }
            Line::Heading(level, _) if level < version_level => p.finish_entry(),
            Line::Heading(level, title) => {
                p.section_heading(number, level, version_level, title, line);
            }
            Line::Underline => {
                if p.heading_kept {
                    p.keep(line);
                }
            }
            Line::Fenced => {
                if p.place == Place::Release {
                    p.finish_entry();
                    p.keep(line);
                }
            }
            Line::Text => p.text_line(number, line),
        }
        if !matches!(kind, Line::Underline | Line::Heading(..)) {
            p.heading_kept = false;
        }
    }
    p.finish_release();
    let mut out = p.out;
    for release in &mut out.releases {
        release.notes = release.notes.trim_matches('\n').to_string();
        if !release.notes.is_empty() {
            release.notes.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests;
