//! `milepost verified VERSION --on ENV --by PERSON`: a `[[verifications]]`
//! entry, appended; [`append_verification`] is the same edit for any
//! command that records one.

use std::path::Path;

use jiff::Timestamp;
use toml_edit::{ArrayOfTables, Item, Table, value};

use super::{EditError, parse_for_edit, update};
use crate::files::VerificationResult;
use crate::history::History;
use crate::model::Registry;

/// One verification, as plain data.
#[derive(Debug, Clone, Copy)]
pub struct VerificationRecord<'a> {
    pub environment: &'a str,
    pub by: &'a str,
    pub at: Timestamp,
    pub result: VerificationResult,
    pub notes: Option<&'a str>,
}

/// Appends `record` to the release file at `path` as a `[[verifications]]`
/// table, keeping every comment and the layout of the rest. Any text is
/// written so that it reads back exactly, whatever it holds.
pub fn append_verification(path: &Path, record: &VerificationRecord<'_>) -> Result<(), EditError> {
    let rel = path.display().to_string();
    let at: toml_edit::Datetime = record
        .at
        .strftime("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
        .parse()
        .map_err(|_| EditError::Refused(format!("cannot write the time {}", record.at)))?;
    // Plain text in toml_edit's own spelling, as `milepost fmt` writes it;
    // text with control characters escaped on one line (see `one_line_string`).
    let notes = match record.notes {
        Some(text) if text.chars().any(crate::text::is_control) => Some(
            one_line_string(text)
                .parse::<toml_edit::Value>()
                .map_err(|_| EditError::Refused("cannot write these notes".to_string()))?,
        ),
        Some(text) => Some(toml_edit::Value::from(text)),
        None => None,
    };
    // Read and changed under the lock: verifications recorded at the same time all land.
    update(path, |text| {
        let mut doc = parse_for_edit(path, text)?;
        let mut entry = Table::new();
        entry.insert("environment", value(record.environment));
        entry.insert("by", value(record.by));
        entry.insert("at", value(at));
        entry.insert("result", value(record.result.as_str()));
        if let Some(notes) = notes {
            entry.insert("notes", Item::Value(notes));
        }
        match doc.get_mut("verifications") {
            Some(Item::ArrayOfTables(list)) => list.push(entry),
            Some(_) => {
                return Err(EditError::Refused(format!(
                    "{rel}: `verifications` is not a list of [[verifications]] tables"
                )));
            }
            None => {
                let mut list = ArrayOfTables::new();
                list.push(entry);
                doc.insert("verifications", Item::ArrayOfTables(list));
            }
        }
        let mut out = doc.to_string();
        if !out.ends_with('\n') {
            out.push('\n');
        }
        Ok(out)
    })
}

/// `text` as a one-line TOML basic string. One line whatever it holds: a
/// multi-line string would take the file's line ends into its value (a
/// CRLF file turns `\n` into `\r\n`), and a `"""` inside could end it.
pub fn one_line_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if crate::text::is_control(c) => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

pub struct VerifiedRequest<'a> {
    pub version: &'a str,
    pub environment: &'a str,
    pub by: &'a str,
    pub now: Timestamp,
    pub failed: bool,
    pub notes: Option<&'a str>,
}

/// Records a manual verification; the file written, relative to `root`.
pub fn verified(
    root: &Path,
    registry: &Registry,
    history: &History,
    request: &VerifiedRequest<'_>,
) -> Result<String, EditError> {
    let (version, env) = (request.version, request.environment);
    let release = registry.release(version).ok_or_else(|| {
        EditError::Refused(format!(
            "no release {version} (releases/{version}/release.toml)"
        ))
    })?;
    if !registry.has_person(request.by) {
        return Err(EditError::Refused(format!(
            "`{}` is not a person in teams.toml",
            request.by
        )));
    }
    let Some(env_file) = registry.environments.get(env) else {
        return Err(EditError::Refused(format!(
            "no environment {env} (environments/{env}.toml)"
        )));
    };
    let deploys: Vec<Timestamp> = history
        .events
        .iter()
        .filter(|e| e.environment == env && e.release == version)
        .map(|e| e.at)
        .collect();
    let runs_there = env_file.data.release.as_deref() == Some(version);
    if deploys.is_empty() && !runs_there {
        return Err(EditError::Refused(format!(
            "{version} has never run on {env}, so there is nothing to verify there; deploy it first"
        )));
    }
    // A check vouches for the run it was made in: one from before the
    // release's first deploy there would count for nothing.
    if let Some(first) = deploys.iter().min()
        && request.now <= *first
    {
        return Err(EditError::Refused(format!(
            "a verification at {} is not later than the deploy of {version} to {env} ({}), so it would count for nothing",
            request.now.strftime("%Y-%m-%dT%H:%M:%SZ"),
            first.strftime("%Y-%m-%dT%H:%M:%SZ")
        )));
    }
    let notes = request.notes.map(|n| n.replace("\r\n", "\n"));
    if let Some(c) = notes.as_deref().and_then(|n| {
        n.chars()
            .find(|&c| c != '\n' && c != '\t' && crate::text::is_control(c))
    }) {
        return Err(EditError::Refused(format!(
            "the notes hold the control character U+{:04X}; they may hold line breaks and tabs, nothing else of the kind",
            u32::from(c)
        )));
    }
    let rel = format!("releases/{}/release.toml", release.folder);
    let record = VerificationRecord {
        environment: env,
        by: request.by,
        at: request.now,
        result: if request.failed {
            VerificationResult::Failed
        } else {
            VerificationResult::Passed
        },
        notes: notes.as_deref().filter(|n| !n.is_empty()),
    };
    append_verification(&root.join(&rel), &record)?;
    Ok(rel)
}

#[cfg(test)]
mod tests;
