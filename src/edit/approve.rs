//! `milepost approve VERSION --by PERSON`: an `[[approvals]]` entry, appended.

use std::path::Path;

use jiff::Timestamp;
use toml_edit::{ArrayOfTables, Item, Table, value};

use super::{EditError, parse_for_edit, read, write_atomically};
use crate::model::Registry;

pub fn approve(
    root: &Path,
    registry: &Registry,
    version: &str,
    by: &str,
    now: Timestamp,
) -> Result<String, EditError> {
    let release = registry.release(version).ok_or_else(|| {
        EditError::Refused(format!(
            "no release {version} (releases/{version}/release.toml)"
        ))
    })?;
    if !registry.has_person(by) {
        return Err(EditError::Refused(format!(
            "`{by}` is not a person in teams.toml"
        )));
    }
    if release.doc.data.approvals.iter().any(|a| a.by == by) {
        return Err(EditError::Refused(format!(
            "{by} has already approved {version}"
        )));
    }
    let rel = format!("releases/{}/release.toml", release.folder);
    let path = root.join(&rel);
    let text = read(&path)?;
    let mut doc = parse_for_edit(&path, &text)?;
    let at: toml_edit::Datetime = now
        .strftime("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
        .parse()
        .map_err(|_| EditError::Refused(format!("cannot write the time {now}")))?;
    let mut entry = Table::new();
    entry.insert("by", value(by));
    entry.insert("at", value(at));
    match doc.get_mut("approvals") {
        Some(Item::ArrayOfTables(approvals)) => approvals.push(entry),
        Some(_) => {
            return Err(EditError::Refused(format!(
                "{rel}: `approvals` is not a list of [[approvals]] tables"
            )));
        }
        None => {
            let mut approvals = ArrayOfTables::new();
            approvals.push(entry);
            doc.insert("approvals", Item::ArrayOfTables(approvals));
        }
    }
    let mut out = doc.to_string();
    if !out.ends_with('\n') {
        out.push('\n');
    }
    write_atomically(&path, &out)?;
    Ok(rel)
}
