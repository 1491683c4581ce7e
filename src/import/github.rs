//! GitHub Releases, as `gh` prints them → releases. Each release's body is
//! read as a changelog's version section would be ([`parse_body`]), so the
//! same sections mean the same kinds, and internal ones stay out of
//! notes.md. JSON has no lines to point at: notes name the release's tag
//! and its place in the file instead ([`Location::Release`]).

use std::collections::HashMap;
use std::fmt;

use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};

use super::changelog::heading::{Title, atx, parse_title};
use super::changelog::version::normalize;
use super::changelog::{Changelog, ImportedRelease, Location, Mapping, Note, parse_body};
use crate::text::is_control;

/// One release, as the REST API spells it (`gh api repos/OWNER/REPO/releases`)
/// or as `gh release list --json` / `gh release view --json` do. Other
/// fields are ignored.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize)]
struct RawRelease {
    #[serde(default, alias = "tagName")]
    tag_name: Option<String>,
    #[serde(default)]
    name: Option<String>,
    /// `None`: the file has no `body` at all (`gh release list` prints none);
    /// `Some(None)`: the release has no text (`null`).
    #[serde(default, deserialize_with = "present")]
    body: Option<Option<String>>,
    #[serde(default, alias = "isDraft")]
    draft: bool,
    #[serde(default, alias = "isPrerelease")]
    prerelease: bool,
    #[serde(default, alias = "publishedAt")]
    published_at: Option<String>,
    #[serde(default, alias = "createdAt")]
    created_at: Option<String>,
    #[serde(default)]
    html_url: Option<String>,
    /// The release page in `gh release view --json url`; the REST API's
    /// `url` is its API address, which is no use to a reader.
    #[serde(default)]
    url: Option<String>,
    /// What GitHub answers instead of releases: `{"message": "Not Found", ...}`.
    #[serde(default)]
    message: Option<String>,
}

/// A field that is there, even if `null`, as opposed to a missing one.
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

/// One JSON value at the top of the file: an array of releases (a page; `gh
/// api --paginate` prints them back to back), an array of such arrays (`gh
/// api --paginate --slurp`), or a single release (`gh release view --json`).
struct Page(Vec<RawRelease>);

impl<'de> Deserialize<'de> for Page {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct PageVisitor;
        impl<'de> Visitor<'de> for PageVisitor {
            type Value = Page;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a release or an array of releases")
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Page, A::Error> {
                let mut out = Vec::new();
                while let Some(page) = seq.next_element::<Page>()? {
                    out.extend(page.0);
                }
                Ok(Page(out))
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Page, A::Error> {
                let release =
                    RawRelease::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(Page(vec![release]))
            }
        }
        d.deserialize_any(PageVisitor)
    }
}

/// Why the file cannot be read as GitHub releases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    /// Line and column, from 1, for an error in the JSON itself.
    pub position: Option<(usize, usize)>,
    pub message: String,
}

impl From<serde_json::Error> for ReadError {
    fn from(err: serde_json::Error) -> Self {
        let (line, column) = (err.line(), err.column());
        let text = err.to_string();
        let suffix = format!(" at line {line} column {column}");
        let text = text.strip_suffix(&suffix).unwrap_or(&text);
        ReadError {
            position: (line > 0).then_some((line, column)),
            message: format!("not the JSON of GitHub releases: {text}"),
        }
    }
}

fn releases(text: &str) -> Result<Vec<RawRelease>, ReadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    for page in serde_json::Deserializer::from_str(text).into_iter::<Page>() {
        out.extend(page?.0);
    }
    for (i, release) in out.iter().enumerate() {
        if release.tag_name.is_some() {
            continue;
        }
        let message = match &release.message {
            Some(answer) => format!(
                "GitHub answered `{answer}` instead of listing releases; fetch them again \
                 (gh api repos/OWNER/REPO/releases --paginate > releases.json)"
            ),
            None => format!(
                "release #{} has no `tag_name` (nor `tagName`): not the JSON of GitHub releases",
                i + 1
            ),
        };
        return Err(ReadError {
            position: None,
            message,
        });
    }
    Ok(out)
}

/// The releases in `text`, the JSON `gh` printed, with the user's names for
/// the sections of their bodies.
pub fn parse(text: &str, mapping: &Mapping) -> Result<Changelog, ReadError> {
    let raw = releases(text)?;
    let mut reader = Reader {
        mapping,
        out: Changelog::default(),
        empty: Vec::new(),
        no_text_at_all: !raw.is_empty() && raw.iter().all(|r| r.body.is_none()),
    };
    if reader.no_text_at_all {
        reader.out.notes.push(Note {
            at: Location::File,
            message: "the file holds no release texts (`gh release list` prints none), so each \
                      notes.md says it was imported without its text; \
                      `gh api repos/OWNER/REPO/releases --paginate` includes them"
                .to_string(),
        });
    }
    // Where each release was first seen: `gh api --paginate` repeats a
    // release when another is published between two of its pages.
    let mut seen: HashMap<&RawRelease, usize> = HashMap::new();
    for (i, release) in raw.iter().enumerate() {
        let index = i + 1;
        if let Some(first) = seen.get(release) {
            let tag = release.tag_name.clone().unwrap_or_default();
            reader.out.notes.push(Note {
                at: Location::Release {
                    index,
                    tag,
                    line: None,
                },
                message: format!("the same release as #{first}, which is read once"),
            });
            continue;
        }
        seen.insert(release, index);
        reader.release(index, release);
    }
    Ok(reader.finish())
}

/// Why a release's notes.md has no text of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Empty {
    /// The file did not include the text.
    Absent,
    /// The release has none.
    NoText,
    /// Its text is internal sections only.
    NothingPublic,
}

impl Empty {
    fn notes(self) -> &'static str {
        match self {
            Empty::Absent => {
                "Imported from GitHub Releases without its text (the file did not include it).\n"
            }
            Empty::NoText => "Imported from GitHub Releases, where this release has no text.\n",
            Empty::NothingPublic => {
                "Imported from GitHub Releases, where this release has no text for customers.\n"
            }
        }
    }
}

/// A release's body as it would be imported.
struct Text {
    changes: Vec<super::changelog::ImportedChange>,
    notes: String,
    /// Lines are the body's own.
    notes_about: Vec<Note>,
    reported_entries: usize,
    /// The title of a first heading that repeated the version, if it had one.
    heading_title: Option<String>,
    /// Control characters left out.
    controls: usize,
    empty: Option<Empty>,
}

impl Text {
    fn entries(&self) -> usize {
        self.changes.len() + self.reported_entries
    }
}

struct Reader<'a> {
    mapping: &'a Mapping,
    out: Changelog,
    /// For each of `out.releases`: why its notes.md has no text, if so.
    empty: Vec<Option<Empty>>,
    /// No release has a `body` field: said once for the file.
    no_text_at_all: bool,
}

impl Reader<'_> {
    fn note(&mut self, at: &Location, message: impl Into<String>) {
        self.out.notes.push(Note {
            at: at.clone(),
            message: message.into(),
        });
    }

    fn text(&self, release: &RawRelease, version: Option<&str>) -> Text {
        let body = release
            .body
            .as_ref()
            .map(|body| body.as_deref().unwrap_or_default());
        let Some(body) = body.filter(|b| !b.trim().is_empty()) else {
            return Text {
                changes: Vec::new(),
                notes: String::new(),
                notes_about: Vec::new(),
                reported_entries: 0,
                heading_title: None,
                controls: 0,
                empty: Some(match body {
                    None => Empty::Absent,
                    Some(_) => Empty::NoText,
                }),
            };
        };
        let prepared = prepare(body, version);
        let read = parse_body(&prepared.text, self.mapping);
        let mut notes_about = read.notes_about;
        if let Some(line) = prepared.unclosed_comment {
            notes_about.push(Note {
                at: Location::Line(line),
                message: "an HTML comment that is never closed hides the rest of the text on \
                          GitHub; it is left out of notes.md"
                    .to_string(),
            });
        }
        let empty = read.notes.trim().is_empty().then_some(Empty::NothingPublic);
        let mut changes = read.changes;
        for change in &mut changes {
            // A tab is only a space in Markdown text; `check` allows no
            // control character in a summary.
            change.summary = change.summary.replace('\t', " ");
        }
        Text {
            changes,
            notes: read.notes,
            notes_about,
            reported_entries: read.reported_entries,
            heading_title: prepared.heading_title,
            controls: prepared.controls,
            empty,
        }
    }

    /// The version a release is imported as; `None`, said in a note, for
    /// a draft or a tag that is not a version, whose entries are counted.
    fn version(&mut self, at: &Location, release: &RawRelease) -> Option<String> {
        let tag = release.tag_name.as_deref().unwrap_or_default();
        let raw_version = tag.strip_prefix(['v', 'V']).unwrap_or(tag);
        let version = normalize(raw_version);
        if release.draft {
            let entries = self.text(release, version.as_deref()).entries();
            self.out.drafts += 1;
            self.out.unreleased_entries += entries;
            self.note(
                at,
                format!("a draft, never published: not imported, with its {entries} entries"),
            );
            return None;
        }
        let Some(version) = version else {
            let entries = self.text(release, None).entries();
            self.out.versions += 1;
            self.out.reported_entries += entries;
            self.note(
                at,
                format!(
                    "tag `{tag}` is not a version milepost can read; the release is not \
                     imported, with its {entries} entries"
                ),
            );
            return None;
        };
        if version != raw_version {
            self.note(at, format!("tag {tag} is read as version {version}"));
        }
        if release.prerelease {
            let message = match semver::Version::parse(&version) {
                Ok(v) if v.pre.is_empty() => format!(
                    "a pre-release on GitHub, but {version} is not a pre-release version; \
                     imported as {version}, like any release"
                ),
                _ => format!("a pre-release on GitHub: imported as {version}"),
            };
            self.note(at, message);
        }
        Some(version)
    }

    fn release(&mut self, index: usize, release: &RawRelease) {
        let tag = release.tag_name.clone().unwrap_or_default();
        let at = Location::Release {
            index,
            tag: tag.clone(),
            line: None,
        };
        let Some(version) = self.version(&at, release) else {
            return;
        };
        let (date, publish_at) = self.dates(release, &at);
        let text = self.text(release, Some(&version));
        if text.empty == Some(Empty::Absent) && !self.no_text_at_all {
            self.note(
                &at,
                "the file does not include its text; notes.md says it was imported without it",
            );
        }
        if text.controls > 0 {
            let message = format!(
                "{} control characters are left out of its text",
                text.controls
            );
            self.note(&at, message);
        }
        // The body's notes name their line in it.
        for note in &text.notes_about {
            let line = match note.at {
                Location::Line(line) => Some(line),
                _ => None,
            };
            let at = Location::Release {
                index,
                tag: tag.clone(),
                line,
            };
            self.note(&at, note.message.clone());
        }
        self.out.reported_entries += text.reported_entries;
        let imported = ImportedRelease {
            version: version.clone(),
            at,
            date,
            publish_at,
            title: title(release.name.as_deref(), &version).or(text.heading_title),
            yanked: false,
            origin: origin(release),
            changes: text.changes,
            notes: text.notes,
        };
        match self.out.releases.iter().position(|r| r.version == version) {
            Some(first) => self.merge(first, imported, text.empty),
            None => {
                self.out.versions += 1;
                self.out.releases.push(imported);
                self.empty.push(text.empty);
            }
        }
    }

    /// Two releases of one version (`v1.2.0` and `1.2.0`): one release
    /// with the changes and the text of both, so that nothing is dropped.
    fn merge(&mut self, first: usize, second: ImportedRelease, empty: Option<Empty>) {
        let into = &mut self.out.releases[first];
        let index = match into.at {
            Location::Release { index, .. } => index,
            _ => 0,
        };
        let message = format!(
            "also version {}, as {} (#{index}) is; the two are merged into one release",
            second.version, into.at
        );
        into.date = into.date.take().or(second.date);
        into.publish_at = into.publish_at.take().or(second.publish_at);
        into.title = into.title.take().or(second.title);
        into.origin = into.origin.take().or(second.origin);
        into.changes.extend(second.changes);
        if empty.is_none() {
            if !into.notes.is_empty() {
                into.notes.push('\n');
            }
            into.notes.push_str(&second.notes);
            self.empty[first] = None;
        }
        self.note(&second.at, message);
    }

    /// The day it was published (UTC) and the time, from `published_at`;
    /// the day of `created_at` when the file has no `published_at`.
    fn dates(&mut self, release: &RawRelease, at: &Location) -> (Option<String>, Option<String>) {
        let read = |text: &Option<String>| -> Option<Result<jiff::Timestamp, String>> {
            let text = text.as_deref()?;
            // `gh release list` says `0001-01-01T00:00:00Z` for "never".
            match text.parse::<jiff::Timestamp>() {
                Ok(t) if t.to_zoned_datetime(jiff::tz::TimeZone::UTC).year() <= 1 => None,
                Ok(t) => Some(Ok(t)),
                Err(_) => Some(Err(text.to_string())),
            }
        };
        let day = |t: jiff::Timestamp| {
            t.to_zoned_datetime(jiff::tz::TimeZone::UTC)
                .date()
                .to_string()
        };
        match read(&release.published_at) {
            Some(Ok(t)) => (Some(day(t)), Some(t.to_string())),
            Some(Err(bad)) => {
                self.note(
                    at,
                    format!("`{bad}` is not a time milepost can read; the release has no date"),
                );
                (None, None)
            }
            None => match read(&release.created_at) {
                Some(Ok(t)) => {
                    self.note(at, "no published_at: its planned day is that of created_at");
                    (Some(day(t)), None)
                }
                _ => {
                    self.note(
                        at,
                        "no published_at nor created_at: the release has no date",
                    );
                    (None, None)
                }
            },
        }
    }

    fn finish(mut self) -> Changelog {
        for (release, empty) in self.out.releases.iter_mut().zip(&self.empty) {
            if let Some(empty) = empty {
                release.notes = empty.notes().to_string();
            }
        }
        self.out
    }
}

/// The release's name as its title, unless it only repeats the version
/// (`v1.2.0`, `Release 1.2.0`); `v1.2.0 – Faster exports` → `Faster exports`.
fn title(name: Option<&str>, version: &str) -> Option<String> {
    let name = name?
        .split(|c: char| c.is_whitespace() || is_control(c))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    if name.is_empty() {
        return None;
    }
    match parse_title(&name) {
        Title::Version(h) if normalize(&h.raw_version).as_deref() == Some(version) => h.title,
        _ => Some(name),
    }
}

/// Where deploy.md says the release came from: its page on GitHub.
fn origin(release: &RawRelease) -> Option<String> {
    let page = release.html_url.as_deref().or(release
        .url
        .as_deref()
        .filter(|u| !u.starts_with("https://api.")))?;
    (!page.chars().any(is_control)).then(|| format!("GitHub Releases, {page}"))
}

/// A body made ready to be read as a changelog's section.
#[derive(Debug, PartialEq, Eq)]
struct Prepared {
    text: String,
    controls: usize,
    /// The line of an HTML comment that is never closed.
    unclosed_comment: Option<usize>,
    heading_title: Option<String>,
}

/// GitHub's text, with the line breaks kept where they are so that notes
/// can name lines: `\r\n` and `\r` become `\n`; control characters, which
/// mean nothing in Markdown, are left out; so are HTML comments, which
/// GitHub does not show (`<!-- Release notes generated using configuration
/// … -->`, or a remark meant for the team) and notes.md must not publish;
/// and a first heading that only repeats the version, as release-please
/// writes one (`## [1.2.0](compare-url) (2024-01-02)`).
fn prepare(body: &str, version: Option<&str>) -> Prepared {
    let mut controls = 0;
    let text: String = body
        .replace("\r\n", "\n")
        .chars()
        .map(|c| if c == '\r' { '\n' } else { c })
        .filter(|&c| {
            let drop = is_control(c) && c != '\n' && c != '\t';
            controls += usize::from(drop);
            !drop
        })
        .collect();
    let (text, unclosed_comment) = without_comments(&text);
    let (text, heading_title) = without_version_heading(text, version);
    Prepared {
        text,
        controls,
        unclosed_comment,
        heading_title,
    }
}

/// `text` without its HTML comments outside code, each line break inside
/// one kept; and the line of a comment that is never closed, which hides
/// everything after it.
fn without_comments(text: &str) -> (String, Option<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut in_fence = false;
    let mut comment_from: Option<usize> = None;
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if comment_from.is_none() {
            let trimmed = line.trim_start();
            if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
                in_fence = !in_fence;
            }
            if in_fence || trimmed.starts_with("```") || trimmed.starts_with("~~~") {
                out.push_str(line);
                continue;
            }
        }
        let mut rest = line;
        while !rest.is_empty() {
            if comment_from.is_some() {
                match rest.find("-->") {
                    Some(end) => {
                        rest = &rest[end + 3..];
                        comment_from = None;
                    }
                    None => rest = "",
                }
                continue;
            }
            // Code spans are copied as they are: `<!--` in one is text.
            let next_tick = rest.find('`');
            let next_comment = rest.find("<!--");
            match (next_tick, next_comment) {
                (Some(tick), comment) if comment.is_none_or(|c| tick < c) => {
                    out.push_str(&rest[..tick]);
                    rest = &rest[tick..];
                    let run = rest.len() - rest.trim_start_matches('`').len();
                    let (ticks, after) = rest.split_at(run);
                    match closing_ticks(after, run) {
                        Some(end) => {
                            out.push_str(&rest[..run + end + run]);
                            rest = &rest[run + end + run..];
                        }
                        None => {
                            out.push_str(ticks);
                            rest = after;
                        }
                    }
                }
                (_, Some(comment)) => {
                    out.push_str(&rest[..comment]);
                    rest = &rest[comment + 4..];
                    comment_from = Some(i + 1);
                }
                (_, None) => {
                    out.push_str(rest);
                    rest = "";
                }
            }
        }
    }
    (out, comment_from)
}

/// Where the run of exactly `run` backticks that closes a code span starts in `text`.
fn closing_ticks(text: &str, run: usize) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = text[from..].find('`') {
        let start = from + found;
        let len = text[start..].len() - text[start..].trim_start_matches('`').len();
        if len == run {
            return Some(start);
        }
        from = start + len;
    }
    None
}

/// `text` without a first heading that names `version` (its line left
/// empty, so that lines keep their numbers), and that heading's title.
fn without_version_heading(text: String, version: Option<&str>) -> (String, Option<String>) {
    let Some(version) = version else {
        return (text, None);
    };
    let Some((start, line)) = text
        .split('\n')
        .scan(0, |offset, line| {
            let start = *offset;
            *offset += line.len() + 1;
            Some((start, line))
        })
        .find(|(_, line)| !line.trim().is_empty())
    else {
        return (text, None);
    };
    let Some((_, heading)) = atx(line) else {
        return (text, None);
    };
    let title = match parse_title(heading) {
        Title::Version(h) if normalize(&h.raw_version).as_deref() == Some(version) => h.title,
        _ => return (text, None),
    };
    let end = start + line.len();
    let mut text = text;
    text.replace_range(start..end, "");
    (text, title)
}

#[cfg(test)]
mod tests;
