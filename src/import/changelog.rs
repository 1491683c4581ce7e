//! Keep a Changelog (https://keepachangelog.com) → releases. Line by line, so
//! that everything it does not understand can be reported with its line:
//! nothing is dropped silently. Every version's whole section is also kept
//! as its notes.md.

mod date;
pub(crate) mod heading;
mod links;
mod section;
pub(crate) mod version;

use crate::files::ChangeKind;
use heading::{Line, Title};
use links::Definitions;
pub use section::{Mapping, SectionClass, TARGETS as SECTION_TARGETS};

/// One release to import: a version of a changelog, or a GitHub release.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportedRelease {
    pub version: String,
    /// Where it was read: the version's heading, or the release in a list.
    pub at: Location,
    pub date: Option<String>,
    /// When its notes went public (RFC 3339), where the source says.
    pub publish_at: Option<String>,
    pub title: Option<String>,
    pub yanked: bool,
    /// What deploy.md names as its origin, instead of the source and `at`.
    pub origin: Option<String>,
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
    pub at: Location,
    pub message: String,
}

/// Where in the source file something is. Notes are sorted by it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Location {
    /// The file as a whole.
    File,
    /// A line of a changelog, from 1.
    Line(usize),
    /// A release in a list of them (GitHub Releases), which has no lines:
    /// its place in the file, from 1, its tag, and a line of its text.
    Release {
        index: usize,
        tag: String,
        line: Option<usize>,
    },
}

impl Default for Location {
    fn default() -> Self {
        Location::Line(1)
    }
}

impl Location {
    /// For a note on the terminal: `CHANGELOG.md:12`, `releases.json:
    /// release v1.2.0 (#3)`, `releases.json: release v1.2.0 (#3), line 4 of its text`.
    pub fn in_file(&self, source: &str) -> String {
        match self {
            Location::File => source.to_string(),
            Location::Line(line) => format!("{source}:{line}"),
            Location::Release { index, tag, line } => {
                let mut at = format!("{source}: release {tag} (#{index})");
                if let Some(line) = line {
                    at.push_str(&format!(", line {line} of its text"));
                }
                at
            }
        }
    }
}

/// `line 12`, `release v1.2.0`: stable from one run to the next (a
/// release's place in the file is not), so that files may name it.
impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Location::File => f.write_str("the file"),
            Location::Line(line) => write!(f, "line {line}"),
            Location::Release { tag, line, .. } => {
                write!(f, "release {tag}")?;
                match line {
                    Some(line) => write!(f, ", line {line} of its text"),
                    None => Ok(()),
                }
            }
        }
    }
}

/// What was read from a changelog, or from a list of GitHub releases.
#[derive(Debug, Default)]
pub struct Changelog {
    pub releases: Vec<ImportedRelease>,
    pub notes: Vec<Note>,
    /// Version headings found, whether imported or not (Unreleased aside).
    pub versions: usize,
    /// Entries of versions that are not imported, each one among `notes`.
    pub reported_entries: usize,
    /// Entries under Unreleased, which has no version to import them as,
    /// or of drafts, which were never published: left out by design.
    pub unreleased_entries: usize,
    /// Draft releases (GitHub Releases), not imported.
    pub drafts: usize,
}

/// One release's text outside a changelog (a GitHub release's body): its
/// changes, its notes.md, and what could not be taken as it was.
#[derive(Debug, Default)]
pub struct Body {
    pub changes: Vec<ImportedChange>,
    pub notes: String,
    /// Lines are the body's own, from 1.
    pub notes_about: Vec<Note>,
    /// Entries left out, each one among `notes_about`.
    pub reported_entries: usize,
}

/// `- x`, `* x`, `+ x`, `1. x`, `1) x` → (indent, `x`); a marker alone is an
/// empty entry. `* * *` and `- - -` are thematic breaks, not entries.
fn list_marker(line: &str) -> Option<(usize, &str)> {
    let indent = line.len() - line.trim_start().len();
    let rest = line.trim();
    if thematic_break(line) {
        return None;
    }
    for marker in ["-", "*", "+"] {
        if rest == marker {
            return Some((indent, ""));
        }
        if let Some(text) = rest.strip_prefix(marker).filter(|t| t.starts_with(' ')) {
            return Some((indent, text.trim_start()));
        }
    }
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    let after = &rest[digits..];
    if (1..10).contains(&digits) && (after == "." || after == ")") {
        return Some((indent, ""));
    }
    if (1..10).contains(&digits)
        && let Some(text) = after
            .strip_prefix(". ")
            .or_else(|| after.strip_prefix(") "))
    {
        return Some((indent, text.trim_start()));
    }
    None
}

/// `---`, `* * *`, `___`: a line across the page, which also ends a list item.
fn thematic_break(line: &str) -> bool {
    let rest = line.trim();
    let Some(first) = rest.chars().next().filter(|c| "-*_".contains(*c)) else {
        return false;
    };
    rest.chars().filter(|c| !c.is_whitespace()).count() >= 3
        && rest.chars().all(|c| c.is_whitespace() || c == first)
}

/// Where an entry's text starts: `- x` → 2, `10. x` → 4.
fn content_indent(line: &str) -> usize {
    let indent = line.len() - line.trim_start().len();
    let rest = line.trim_start();
    let marker = rest.find(char::is_whitespace).unwrap_or(rest.len());
    let gap = rest[marker..].len() - rest[marker..].trim_start().len();
    indent + marker + gap.clamp(1, 4)
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

/// `line` without the first `indent` columns of spaces (fewer if it has fewer).
fn dedent(line: &str, indent: usize) -> &str {
    let spaces = line.len() - line.trim_start_matches(' ').len();
    &line[spaces.min(indent)..]
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
    /// Not changes: its list is text.
    Prose,
    /// A section that is not a kind of change.
    Other(String),
}

impl Section {
    fn internal(&self) -> bool {
        matches!(self, Section::Kind(_, true, _))
    }

    fn of(class: SectionClass) -> Section {
        match class {
            SectionClass::Changes {
                kind,
                internal,
                breaking,
            } => Section::Kind(kind, internal, breaking),
            SectionClass::Prose => Section::Prose,
        }
    }
}

/// What a line is to the list it may be part of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Item<'a> {
    Blank,
    /// A top-level list item and its first line's text.
    Top(&'a str),
    /// A line of the open top-level item: continued text, a nested list, a code block.
    Inside,
    /// Anything else: the open item, if any, is over.
    Outside,
}

/// Follows the top-level list items, so that a nested item or an indented
/// line is never taken for an entry of its own.
#[derive(Debug, Default)]
struct Items {
    /// Indentation of the open top-level item's marker.
    open: Option<usize>,
    blank_before: bool,
    /// Inside a code fence that is part of the open item.
    fence_inside: bool,
}

impl Items {
    fn observe<'a>(&mut self, line: &'a str, fenced: bool) -> Item<'a> {
        let trimmed = line.trim();
        let fence_marker = trimmed.starts_with("```") || trimmed.starts_with("~~~");
        if fenced && self.fence_inside {
            if fence_marker {
                self.fence_inside = false;
            }
            return Item::Inside;
        }
        if trimmed.is_empty() && !fenced {
            self.blank_before = true;
            return Item::Blank;
        }
        let blank_before = std::mem::take(&mut self.blank_before);
        let indent = line.len() - line.trim_start().len();
        let marker = if fenced { None } else { list_marker(line) };
        match self.open {
            Some(at) if indent > at => {
                if fenced && fence_marker {
                    self.fence_inside = true;
                }
                return Item::Inside;
            }
            // A lazy continuation line of the item's paragraph.
            Some(_) if marker.is_none() && !blank_before && !fenced && !thematic_break(line) => {
                return Item::Inside;
            }
            _ => {}
        }
        match marker {
            Some((indent, text)) if indent <= 3 => {
                self.open = Some(indent);
                Item::Top(text)
            }
            _ => {
                self.close();
                Item::Outside
            }
        }
    }

    fn close(&mut self) {
        self.open = None;
        self.fence_inside = false;
    }
}

/// The heading level that carries versions: the shallowest of `#`, `##`
/// and `###` with at least half as many version headings as the level with
/// most (so a lone `# v2` title does not count, and `##` minor releases
/// with more `###` patch releases under them do); `##`, as Keep a
/// Changelog has it, when no heading reads as a version.
fn version_level(lines: &[Line<'_>]) -> usize {
    let mut counts = [0usize; 4];
    for line in lines {
        if let Line::Heading(level @ 1..=3, text) = line
            && is_version(text)
        {
            counts[*level] += 1;
        }
    }
    let most = counts.iter().copied().max().unwrap_or(0);
    (1..=3)
        .find(|l| most > 0 && counts[*l] * 2 >= most)
        .unwrap_or(2)
}

fn is_version(text: &str) -> bool {
    match heading::parse_title(text) {
        Title::Unreleased => true,
        Title::Version(h) => version::normalize(&h.raw_version).is_some(),
        Title::NotVersion => false,
    }
}

/// `**Added**`, `**Fixed:**` or `**Fixed**:` alone on its line: a section's label.
fn bold_label(line: &str) -> Option<&str> {
    let t = line.trim();
    let t = t.strip_suffix(':').unwrap_or(t);
    let inner = t
        .strip_prefix("**")
        .and_then(|t| t.strip_suffix("**"))
        .or_else(|| t.strip_prefix("__").and_then(|t| t.strip_suffix("__")))?;
    (!inner.contains('*')).then_some(inner)
}

/// `BUG FIXES:` or `Feature enhancements:` alone on its line, as some
/// changelogs label their sections without any markup.
fn plain_label(line: &str) -> Option<&str> {
    let t = line.trim();
    let label = t.strip_suffix(':')?;
    let words = label.split_whitespace().count();
    (1..=5).contains(&words).then_some(label)
}

/// An entry being read: its change and where its text starts.
struct Entry {
    change: ImportedChange,
    breaking: bool,
    content_indent: usize,
    details: Vec<String>,
    /// Blank lines seen since the entry's last line: kept only between details.
    pending_blanks: usize,
}

struct Parser {
    out: Changelog,
    mapping: Mapping,
    definitions: Definitions,
    current: Option<ImportedRelease>,
    /// Where a release read again (a duplicated version) goes back to.
    reopened: Option<usize>,
    /// Each version read so far → its index in `out.releases`, which a
    /// release read again keeps.
    seen: std::collections::HashMap<String, usize>,
    place: Place,
    section: Section,
    items: Items,
    entry: Option<Entry>,
    /// Whether the last heading went into notes.md (for its setext underline).
    heading_kept: bool,
    /// Reading one release's body, where a heading naming a version is a
    /// section title like any other.
    in_body: bool,
    /// The line before was blank or a heading: a label may start there.
    fresh: bool,
    /// The level of the current section's heading (none for a label).
    section_level: Option<usize>,
}

impl Parser {
    fn new(mapping: &Mapping, definitions: Definitions) -> Parser {
        Parser {
            out: Changelog::default(),
            mapping: mapping.clone(),
            definitions,
            current: None,
            reopened: None,
            seen: std::collections::HashMap::new(),
            place: Place::Before,
            section: Section::Top,
            items: Items::default(),
            entry: None,
            heading_kept: false,
            in_body: false,
            fresh: true,
            section_level: None,
        }
    }

    fn note(&mut self, line: usize, message: impl Into<String>) {
        self.out.notes.push(Note {
            at: Location::Line(line),
            message: message.into(),
        });
    }

    fn finish_entry(&mut self) {
        let Some(entry) = self.entry.take() else {
            return;
        };
        let mut change = entry.change;
        if change.summary.trim().is_empty() {
            self.out.reported_entries += 1;
            self.note(change.line, "an empty entry is not imported");
            return;
        }
        change.summary = self.definitions.resolve(&change.summary);
        if entry.breaking {
            change.summary = format!("{} {}", crate::files::BREAKING_LABEL, change.summary);
        }
        if !entry.details.is_empty() {
            change.details = Some(self.definitions.resolve(&entry.details.join("\n")));
        }
        if let Some(r) = self.current.as_mut() {
            r.changes.push(change);
        }
    }

    fn finish_release(&mut self) {
        self.finish_entry();
        self.items.close();
        if let Some(r) = self.current.take() {
            match self.reopened.take() {
                Some(at) => self.out.releases.insert(at, r),
                None => self.out.releases.push(r),
            }
        }
        self.section = Section::Top;
        self.section_level = None;
    }

    fn keep(&mut self, line: &str) {
        if let (Some(r), false) = (self.current.as_mut(), self.section.internal()) {
            r.notes.push_str(line);
            r.notes.push('\n');
        }
    }

    /// A heading at the versions' level or above it.
    fn version_heading(
        &mut self,
        number: usize,
        level: usize,
        version_level: usize,
        title: &str,
        line: &str,
    ) {
        let version = match heading::parse_title(title) {
            Title::Version(h) if level == version_level || h.title.is_none() => {
                Some(Title::Version(h))
            }
            Title::Unreleased => Some(Title::Unreleased),
            _ => None,
        };
        if version.is_none()
            && self.place == Place::Release
            && level == version_level
            && self.mapping.class(title).is_some()
        {
            // `## New Contributors` after a release's `###` sections: still that release's.
            self.section_heading(number, level, title, line);
            return;
        }
        self.finish_release();
        self.place = match version {
            Some(Title::Unreleased) => Place::Unreleased,
            Some(Title::Version(h)) => self.release(number, h),
            // The changelog's own title, before any version: nothing to say.
            _ if self.place == Place::Before => Place::Before,
            _ => {
                let text = format!("`{} {}`", "#".repeat(level), title.trim());
                self.note(
                    number,
                    format!("{text} is not a version heading; its section is skipped"),
                );
                Place::Skipped(format!("{text} is not a version"))
            }
        };
    }

    /// A version heading: a new release, or one read before (counted once).
    fn release(&mut self, number: usize, h: heading::VersionHeading) -> Place {
        let Some(version) = version::normalize(&h.raw_version) else {
            self.out.versions += 1;
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
        if let Some(note) = &h.date_note {
            self.note(number, note.clone());
        }
        if let Some(&at) = self.seen.get(&version) {
            // One release, with the text of both sections: nothing is dropped.
            let mut first = self.out.releases.remove(at);
            self.note(
                number,
                format!(
                    "version {version} appears twice (also {}); its sections are merged into one release",
                    first.at
                ),
            );
            first.date = first.date.or(h.date);
            first.title = first.title.or(h.title);
            first.yanked |= h.yanked;
            if !first.notes.is_empty() {
                first.notes.push('\n');
            }
            self.current = Some(first);
            self.reopened = Some(at);
            return Place::Release;
        }
        self.out.versions += 1;
        self.seen.insert(version.clone(), self.out.releases.len());
        self.current = Some(ImportedRelease {
            version,
            at: Location::Line(number),
            date: h.date,
            title: h.title,
            yanked: h.yanked,
            ..ImportedRelease::default()
        });
        Place::Release
    }

    /// A heading below the versions' level: a section, a sub-heading, or a
    /// version at the wrong level, whose entries must not join this release.
    fn section_heading(&mut self, number: usize, level: usize, text: &str, line: &str) {
        self.finish_entry();
        self.items.close();
        self.heading_kept = false;
        let after_internal = self.section.internal();
        let class = self.mapping.class(text);
        // `### [9.3.2](compare-url) (2021-10-17)` under `##` minor versions,
        // as conventional-changelog writes patch releases: a release of its
        // own, never a section of the one above. With words after the
        // version (`### 2.0 migration`), it is a sub-heading.
        if class.is_none() && !self.in_body && is_version(text) {
            let bare = match heading::parse_title(text) {
                Title::Version(h) => h.title.is_none(),
                _ => true,
            };
            if bare {
                self.version_heading(number, level, level, text, line);
                return;
            }
        }
        match class {
            Some(class) => {
                self.section = Section::of(class);
                self.section_level = Some(level);
            }
            // Below a section's heading: a sub-heading, and the section goes on.
            None if self.section_level.is_some_and(|at| level > at) => {}
            // A section of its own, whatever its level, so that its entries
            // never join the section before.
            None => {
                self.section_level = Some(level);
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
        }
        if self.place == Place::Release && !self.section.internal() {
            // The blank line before this heading, if any, went with the
            // internal section left out above it.
            if let (true, Some(r)) = (after_internal, self.current.as_mut())
                && !r.notes.is_empty()
                && !r.notes.ends_with("\n\n")
            {
                r.notes.push('\n');
            }
            self.keep(line);
            self.heading_kept = true;
        }
    }

    /// A line outside any list item that names a section by itself: a
    /// known one anywhere, and an unknown one ending in a colon when it
    /// stands alone after a blank line, so that the entries below it are
    /// reported rather than filed under the section before.
    fn label(&self, line: &str, fresh: bool) -> Option<Section> {
        if line.starts_with(char::is_whitespace) || list_marker(line).is_some() {
            return None;
        }
        let label = bold_label(line).or_else(|| plain_label(line))?;
        match self.mapping.class(label) {
            Some(class) => Some(Section::of(class)),
            None if fresh && (line.trim_end().ends_with(':') || label.ends_with(':')) => {
                Some(Section::Other(
                    label
                        .trim_matches(|c: char| c == '*' || c == '_')
                        .trim()
                        .to_string(),
                ))
            }
            None => None,
        }
    }

    fn text_line(&mut self, number: usize, line: &str, fenced: bool) {
        let fresh = std::mem::replace(&mut self.fresh, line.trim().is_empty() && !fenced);
        // A label ends the list before it, even with no blank line between.
        if self.place == Place::Release
            && !fenced
            && let Some(section) = self.label(line, fresh)
        {
            self.finish_entry();
            self.items.close();
            self.items.blank_before = false;
            if let Section::Other(title) = &section {
                let message = format!(
                    "section `{title}` is not a kind of change; its text is kept in notes.md only"
                );
                self.note(number, message);
            }
            self.section = section;
            self.section_level = None;
            self.keep(line);
            return;
        }
        let item = self.items.observe(line, fenced);
        if self.place != Place::Release {
            if let Item::Top(_) = item {
                self.out_of_release(number);
            }
            return;
        }
        // A definition goes to each notes.md that uses it, not to the one
        // release it happens to be written under.
        if !fenced && item == Item::Outside && links::definition(line).is_some() {
            self.finish_entry();
            return;
        }
        self.keep(line);
        match item {
            Item::Blank => {
                if let Some(e) = self.entry.as_mut() {
                    e.pending_blanks += 1;
                }
            }
            Item::Top(text) => {
                self.finish_entry();
                self.top_entry(number, line, text);
            }
            Item::Inside => {
                if let Some(e) = self.entry.as_mut() {
                    let wrapped = e.details.is_empty()
                        && e.pending_blanks == 0
                        && !fenced
                        && list_marker(line).is_none();
                    if wrapped {
                        join(&mut e.change.summary, line);
                    } else {
                        if !e.details.is_empty() {
                            e.details
                                .extend(std::iter::repeat_n(String::new(), e.pending_blanks));
                        }
                        e.details
                            .push(dedent(line, e.content_indent).trim_end().to_string());
                    }
                    e.pending_blanks = 0;
                }
            }
            // Free text: notes.md only.
            Item::Outside => self.finish_entry(),
        }
    }

    /// A list item under Unreleased, before the first version, or in a
    /// section that is skipped.
    fn out_of_release(&mut self, number: usize) {
        match &self.place {
            Place::Unreleased => {
                self.out.unreleased_entries += 1;
                self.note(
                    number,
                    "an Unreleased entry has no version yet and is not imported",
                );
            }
            Place::Before => {
                self.out.reported_entries += 1;
                self.note(
                    number,
                    "a list entry before the first version is not imported",
                );
            }
            Place::Skipped(why) => {
                let message = format!("an entry is not imported: {why}");
                self.out.reported_entries += 1;
                self.note(number, message);
            }
            Place::Release => {}
        }
    }

    fn top_entry(&mut self, number: usize, line: &str, text: &str) {
        let (kind, internal, breaking) = match &self.section {
            Section::Top => (ChangeKind::Changed, false, false),
            Section::Kind(kind, internal, breaking) => (*kind, *internal, *breaking),
            Section::Prose => return,
            Section::Other(title) => {
                let message =
                    format!("an entry under `{title}` is not imported: not a kind of change");
                self.out.reported_entries += 1;
                self.note(number, message);
                return;
            }
        };
        self.entry = Some(Entry {
            change: ImportedChange {
                kind,
                internal,
                summary: text.trim().to_string(),
                details: None,
                line: number,
            },
            breaking,
            content_indent: content_indent(line),
            details: Vec::new(),
            pending_blanks: 0,
        });
    }

    /// Each release's notes.md: trimmed, with the link definitions it uses.
    fn finish(mut self) -> Changelog {
        self.finish_release();
        let mut out = self.out;
        for release in &mut out.releases {
            let mut notes = release.notes.trim_matches('\n').to_string();
            let used = self.definitions.used_by(&notes);
            if !used.is_empty() {
                notes.push_str("\n\n");
                notes.push_str(&used.join("\n"));
            }
            if !notes.is_empty() {
                notes.push('\n');
            }
            release.notes = notes;
        }
        out
    }
}

/// Every line's kind, and the link definitions outside code fences.
fn read_lines<'a>(lines: &[&'a str]) -> (Vec<Line<'a>>, Definitions) {
    let kinds = heading::classify(lines);
    let definitions = Definitions::read(
        lines
            .iter()
            .zip(&kinds)
            .filter(|(_, k)| **k == Line::Text)
            .map(|(l, _)| *l),
    );
    (kinds, definitions)
}

fn feed(p: &mut Parser, lines: &[&str], kinds: &[Line<'_>], version_level: usize) {
    for (i, (line, kind)) in lines.iter().zip(kinds).enumerate() {
        let number = i + 1;
        match *kind {
            Line::Heading(level, title) if level <= version_level => {
                p.version_heading(number, level, version_level, title, line);
            }
            Line::Heading(level, title) => {
                p.section_heading(number, level, title, line);
            }
            Line::Underline => {
                if p.heading_kept {
                    p.keep(line);
                }
            }
            Line::Fenced => p.text_line(number, line, true),
            Line::Text => p.text_line(number, line, false),
        }
        if !matches!(kind, Line::Underline | Line::Heading(..)) {
            p.heading_kept = false;
        } else {
            p.fresh = true;
        }
    }
}

pub fn parse(text: &str) -> Changelog {
    parse_with(text, &Mapping::default())
}

/// A changelog, with the user's names for sections.
pub fn parse_with(text: &str, mapping: &Mapping) -> Changelog {
    let lines: Vec<&str> = text.lines().collect();
    let (kinds, definitions) = read_lines(&lines);
    let version_level = version_level(&kinds);
    let mut p = Parser::new(mapping, definitions);
    feed(&mut p, &lines, &kinds, version_level);
    p.finish()
}

/// One release's text, read as the section of a version: headings of any
/// level are its sections, bullets before any heading are changes.
pub fn parse_body(text: &str, mapping: &Mapping) -> Body {
    let lines: Vec<&str> = text.lines().collect();
    let (kinds, definitions) = read_lines(&lines);
    let shallowest = kinds
        .iter()
        .filter_map(|k| match k {
            Line::Heading(level, _) => Some(*level),
            _ => None,
        })
        .min()
        .unwrap_or(2);
    let mut p = Parser::new(mapping, definitions);
    p.place = Place::Release;
    p.in_body = true;
    p.current = Some(ImportedRelease::default());
    // No heading can be a version: every one is at least a level below.
    feed(&mut p, &lines, &kinds, shallowest - 1);
    let mut log = p.finish();
    let release = log.releases.pop().unwrap_or_default();
    Body {
        changes: release.changes,
        notes: release.notes,
        notes_about: log.notes,
        reported_entries: log.reported_entries,
    }
}

#[cfg(test)]
mod tests;
