//! `milepost approve VERSION --by PERSON`: an `[[approvals]]` entry, appended.

use std::path::Path;

use jiff::Timestamp;
use toml_edit::{ArrayOfTables, Item, Table, value};

use super::{EditError, parse_for_edit, update};
use crate::files::ReleaseStatus;
use crate::history::History;
use crate::model::{Registry, Release};

pub struct ApproveRequest<'a> {
    pub version: &'a str,
    pub by: &'a str,
    pub now: Timestamp,
    /// Record it even if it would not count.
    pub force: bool,
}

pub fn approve(
    root: &Path,
    registry: &Registry,
    history: &History,
    request: &ApproveRequest<'_>,
) -> Result<String, EditError> {
    let (version, by) = (request.version, request.by);
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
    if !request.force
        && let Some(reason) = why_it_would_not_count(registry, history, release, by)
    {
        return Err(EditError::Refused(format!(
            "not approved: {reason} (--force records it anyway)"
        )));
    }
    let rel = format!("releases/{}/release.toml", release.folder);
    let path = root.join(&rel);
    let at: toml_edit::Datetime = request
        .now
        .strftime("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
        .parse()
        .map_err(|_| EditError::Refused(format!("cannot write the time {}", request.now)))?;
    // Read and changed under the lock: approvals given at the same time all land.
    update(&path, |text| {
        let mut doc = parse_for_edit(&path, text)?;
        let mut entry = Table::new();
        entry.insert("by", value(by));
        entry.insert("at", value(at));
        match doc.get_mut("approvals") {
            Some(Item::ArrayOfTables(approvals)) => {
                let given = approvals
                    .iter()
                    .any(|a| a.get("by").and_then(Item::as_str) == Some(by));
                if given {
                    return Err(EditError::Refused(format!(
                        "{by} has already approved {version}"
                    )));
                }
                approvals.push(entry);
            }
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
        Ok(out)
    })?;
    Ok(rel)
}

/// Why an approval by `by` would not count for any deploy still ahead of
/// the release, judged as the approvals rule judges it; `None` if it counts.
fn why_it_would_not_count(
    registry: &Registry,
    history: &History,
    release: &Release,
    by: &str,
) -> Option<String> {
    let version = release.id();
    match release.doc.data.status {
        ReleaseStatus::Draft => {
            return Some(format!(
                "{version} is a draft; set status = \"ready\" once it is complete, then approve it"
            ));
        }
        ReleaseStatus::Withdrawn => return Some(format!("{version} is withdrawn")),
        ReleaseStatus::Ready | ReleaseStatus::Approved => {}
    }
    if release.doc.data.owner == by {
        return Some(format!(
            "{by} owns {version}, and an owner's own approval does not count"
        ));
    }
    let policy = registry.policy();
    let ahead: Vec<&String> = policy
        .environments
        .iter()
        .filter(|(_, p)| p.approvals.unwrap_or(0) > 0)
        .map(|(env, _)| env)
        .filter(|env| {
            !history
                .events
                .iter()
                .any(|e| &e.environment == *env && e.release == version)
        })
        .collect();
    if ahead.is_empty()
        || ahead
            .iter()
            .any(|env| registry.approvers_of(env).contains(by))
    {
        return None;
    }
    let needed: Vec<String> = ahead
        .iter()
        .map(|env| {
            let teams = &policy.environments[*env].approver_teams;
            format!("{env} needs approvers from {}", teams.join(" or "))
        })
        .collect();
    Some(format!(
        "{by} is not an approver where {version} goes next ({})",
        needed.join("; ")
    ))
}
