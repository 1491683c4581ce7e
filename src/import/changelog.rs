//! Keep a Changelog (https://keepachangelog.com) → releases. Line by line, so
//! that everything it does not understand can be reported with its line:
//! nothing is dropped silently. Every version's whole section is also kept
//! as its notes.md.

use crate::files::ChangeKind;

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

/// `[1.2.3] - 2024-01-02 - Title`, `1.2.3 (2024-01-02)`, `v1.2`, `[0.0.5] - 2014-08-09 [YANKED]`.
struct VersionHeading {
    raw_version: String,
    date: Option<String>,
    title: Option<String>,
    yanked: bool,
}

fn parse_version_heading(text: &str) -> Option<VersionHeading> {
    let text = text.trim();
    let (raw, rest) = match text.strip_prefix('[') {
        Some(inner) => {
            let end = inner.find(']')?;
            (&inner[..end], &inner[end + 1..])
        }
        None => match text.find(char::is_whitespace) {
            Some(i) => (&text[..i], &text[i..]),
            None => (text, ""),
        },
    };
    let raw = raw.trim().trim_start_matches(['v', 'V']);
    if !raw.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let yanked = rest.to_ascii_uppercase().contains("[YANKED]");
    let rest = rest.replace("[YANKED]", "").replace("[yanked]", "");
    let date = rest
        .split(|c: char| !(c.is_ascii_digit() || c == '-'))
        .find(|w| w.len() == 10 && jiff::civil::Date::strptime("%Y-%m-%d", w).is_ok())
        .map(str::to_string);
    let mut title = rest.clone();
    if let Some(d) = &date {
        title = title.replacen(d.as_str(), "", 1);
    }
    let title = title
        .trim()
        .trim_matches(|c: char| c == '-' || c == '(' || c == ')' || c.is_whitespace())
        .trim();
    Some(VersionHeading {
        raw_version: raw.to_string(),
        date,
        title: (!title.is_empty()).then(|| title.to_string()),
        yanked,
    })
}

/// `0.20` → `0.20.0`; `1` → `1.0.0`; what semver accepts, as it is.
fn normalize_version(raw: &str) -> Option<String> {
    if semver::Version::parse(raw).is_ok() {
        return Some(raw.to_string());
    }
    let parts: Vec<&str> = raw.split('.').collect();
    if parts.len() < 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
    {
        let mut full: Vec<&str> = parts.clone();
        full.resize(3, "0");
        let candidate = full.join(".");
        return semver::Version::parse(&candidate)
            .is_ok()
            .then_some(candidate);
    }
    None
}

fn list_marker(line: &str) -> Option<(usize, &str)> {
    let indent = line.len() - line.trim_start().len();
    let rest = line.trim_start();
    for marker in ["- ", "* ", "+ "] {
        if let Some(text) = rest.strip_prefix(marker) {
            return Some((indent, text));
        }
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

pub fn parse(text: &str) -> Changelog {
    let mut out = Changelog::default();
    let mut current: Option<ImportedRelease> = None;
    let mut section: Option<(ChangeKind, bool, bool)> = None;
    let mut unreleased = false;
    let mut in_fence = false;
    // The entry being read, and whether the last line was blank.
    let mut entry: Option<ImportedChange> = None;
    let mut seen_versions: Vec<String> = Vec::new();
    let mut blank_before = false;

    let finish_entry = |entry: &mut Option<ImportedChange>,
                        current: &mut Option<ImportedRelease>| {
        if let (Some(e), Some(r)) = (entry.take(), current.as_mut()) {
            r.changes.push(e);
        }
    };

    for (i, line) in text.lines().enumerate() {
        let number = i + 1;
        let trimmed = line.trim();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
        }
        let heading = if in_fence { None } else { heading_of(line) };
        match heading {
            Some((2, title)) => {
                finish_entry(&mut entry, &mut current);
                if let Some(r) = current.take() {
                    out.releases.push(r);
                }
                section = None;
                unreleased = false;
                if title
                    .trim()
                    .trim_matches(['[', ']'])
                    .eq_ignore_ascii_case("unreleased")
                {
                    unreleased = true;
                    continue;
                }
                match parse_version_heading(title) {
                    Some(h) => match normalize_version(&h.raw_version) {
                        Some(version) => {
                            if version != h.raw_version {
                                out.notes.push(Note {
                                    line: number,
                                    message: format!(
                                        "version {} is read as {version}",
                                        h.raw_version
                                    ),
                                });
                            }
                            if seen_versions.contains(&version) {
                                out.notes.push(Note {
                                    line: number,
                                    message: format!(
                                        "version {version} appears twice; this one is skipped"
                                    ),
                                });
                                continue;
                            }
                            seen_versions.push(version.clone());
                            current = Some(ImportedRelease {
                                version,
                                line: number,
                                date: h.date,
                                title: h.title,
                                yanked: h.yanked,
                                changes: Vec::new(),
                                notes: String::new(),
                            });
                        }
                        None => out.notes.push(Note {
                            line: number,
                            message: format!(
                                "`{}` is not a version milepost can read; this section is skipped",
                                h.raw_version
                            ),
                        }),
                    },
                    None => out.notes.push(Note {
                        line: number,
                        message: format!(
                            "`## {}` is not a version heading; its section is skipped",
                            title.trim()
                        ),
                    }),
                }
                continue;
            }
            Some((3, title)) if current.is_some() || unreleased => {
                finish_entry(&mut entry, &mut current);
                section = section_kind(title);
                if section.is_none() && current.is_some() {
                    out.notes.push(Note {
                        line: number,
                        message: format!("section `{}` is not a kind of change; its text is kept in notes.md only", title.trim()),
                    });
                }
            }
            Some((1, _)) => {}
            _ => {}
        }
        if unreleased {
            if list_marker(line).is_some_and(|(indent, _)| indent == 0) {
                out.notes.push(Note {
                    line: number,
                    message: "an Unreleased entry has no version yet and is not imported"
                        .to_string(),
                });
            }
            continue;
        }
        let Some(release) = current.as_mut() else {
            if list_marker(line).is_some() {
                out.notes.push(Note {
                    line: number,
                    message: "a list entry before the first version is not imported".to_string(),
                });
            }
            continue;
        };
        // An internal section, its heading included, is never in notes.md:
        // notes.md is published, and the section's entries are internal changes.
        let internal_section = section.is_some_and(|(_, internal, _)| internal);
        if heading.is_none() || heading.is_some_and(|(level, _)| level > 3) {
            if !internal_section {
                release.notes.push_str(line);
                release.notes.push('\n');
            }
        } else if heading.is_some_and(|(level, _)| level == 3) {
            if !internal_section {
                release.notes.push_str(line);
                release.notes.push('\n');
            }
            continue;
        }
        if in_fence || heading.is_some() {
            finish_entry(&mut entry, &mut current);
            continue;
        }
        if trimmed.is_empty() {
            blank_before = true;
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        match (list_marker(line), section) {
            (Some((0, text)), Some((kind, internal, breaking))) => {
                finish_entry(&mut entry, &mut current);
                let mut summary = String::new();
                if breaking {
                    summary.push_str("Breaking:");
                }
                join(&mut summary, text);
                entry = Some(ImportedChange {
                    kind,
                    internal,
                    summary,
                    details: None,
                    line: number,
                });
            }
            (Some((indent, text)), _) if indent > 0 && entry.is_some() => {
                if let Some(e) = entry.as_mut() {
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
            (None, _) if entry.is_some() && (!blank_before || indent > 0) => {
                if let Some(e) = entry.as_mut() {
                    match &mut e.details {
                        Some(details) => join(details, trimmed),
                        None if blank_before => e.details = Some(trimmed.to_string()),
                        None => join(&mut e.summary, trimmed),
                    }
                }
            }
            // Free text, or a list under a heading that is not a kind of change: notes.md only.
            _ => finish_entry(&mut entry, &mut current),
        }
        blank_before = false;
    }
    finish_entry(&mut entry, &mut current);
    if let Some(r) = current.take() {
        out.releases.push(r);
    }
    for release in &mut out.releases {
        release.notes = release.notes.trim_matches('\n').to_string();
        if !release.notes.is_empty() {
            release.notes.push('\n');
        }
    }
    out
}

/// `### Added` → (3, "Added").
fn heading_of(line: &str) -> Option<(usize, &str)> {
    let level = line.chars().take_while(|c| *c == '#').count();
    if level == 0 || level > 6 {
        return None;
    }
    let rest = &line[level..];
    rest.starts_with(' ').then(|| (level, rest.trim()))
}

#[cfg(test)]
mod tests;
