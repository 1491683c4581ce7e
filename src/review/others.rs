//! The files beside the releases whose changes alter what may be deployed
//! and what reviewers must answer for: freeze windows, incidents, who may
//! approve, and the policies.

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};
use serde::Serialize;

use crate::files::{Freeze, IncidentStatus, ReleaseStatus, Severity};
use crate::judgement::Judgement;
use crate::model::Registry;

use super::releases::Edit;

#[derive(Debug, Clone, Serialize)]
pub struct FreezeChange {
    pub name: String,
    pub edit: Edit,
    /// The window as written (`None` for a removed one).
    pub window: Option<String>,
    pub window_before: Option<String>,
    /// `None`: every environment.
    pub environments: Option<Vec<String>>,
    /// Releases planned for a day inside the window, not yet in production.
    pub hits: Vec<PlannedHit>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlannedHit {
    pub release: String,
    pub planned: Date,
    /// The production environments the window closes.
    pub environments: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct IncidentChange {
    pub id: String,
    pub title: String,
    pub release: String,
    pub environment: String,
    pub severity: Severity,
    /// `None` for an incident the pull request opens.
    pub status_before: Option<IncidentStatus>,
    pub status: IncidentStatus,
    /// Resolved by this pull request with no follow-up recorded.
    pub resolved_without_follow_ups: bool,
    pub follow_ups: usize,
    pub follow_ups_done: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ApproverChange {
    pub environment: String,
    pub gained: Vec<Person>,
    pub lost: Vec<Person>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Person {
    pub id: String,
    pub name: String,
}

/// One setting of `[policy]` that the pull request changes, by its path
/// (`environments.prod.soak`), each side as TOML would write the value.
#[derive(Debug, Clone, Serialize)]
pub struct PolicyChange {
    pub setting: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

fn freezes_of(registry: &Registry) -> &[Freeze] {
    registry
        .calendar
        .as_ref()
        .map_or(&[], |c| c.data.freeze.as_slice())
}

pub fn freezes(before: &Registry, after: &Registry, judgement: &Judgement) -> Vec<FreezeChange> {
    let old = freezes_of(before);
    let new = freezes_of(after);
    let mut out = Vec::new();
    for freeze in new {
        let was = old.iter().find(|f| f.name == freeze.name);
        let edit = match was {
            None => Edit::Added,
            Some(was) if same(was, freeze) => continue,
            Some(_) => Edit::Changed,
        };
        out.push(FreezeChange {
            name: freeze.name.clone(),
            edit,
            window: Some(window_text(freeze)),
            window_before: was.map(window_text),
            environments: freeze.environments.clone(),
            hits: hits(freeze, judgement),
        });
    }
    for freeze in old.iter().filter(|f| !new.iter().any(|n| n.name == f.name)) {
        out.push(FreezeChange {
            name: freeze.name.clone(),
            edit: Edit::Removed,
            window: None,
            window_before: Some(window_text(freeze)),
            environments: freeze.environments.clone(),
            hits: Vec::new(),
        });
    }
    out
}

fn same(a: &Freeze, b: &Freeze) -> bool {
    serde_json::to_value(a).ok() == serde_json::to_value(b).ok()
}

/// The window in the words of calendar.toml.
fn window_text(freeze: &Freeze) -> String {
    let time = |t: Option<Timestamp>| {
        t.map_or_else(|| "?".to_string(), crate::model::calendar::human_time)
    };
    match freeze.every {
        None => format!("{} to {}", time(freeze.start), time(freeze.end)),
        Some(every) => {
            let mut text = format!(
                "every {every} from {} to {}",
                freeze.from.as_deref().unwrap_or("?"),
                freeze.to.as_deref().unwrap_or("?")
            );
            if let Some(zone) = &freeze.time_zone {
                text.push_str(&format!(" ({zone})"));
            }
            text
        }
    }
}

/// The releases planned for a day that `freeze` (as the registry now reads
/// it) closes for a production environment they do not run on yet.
fn hits(freeze: &Freeze, judgement: &Judgement) -> Vec<PlannedHit> {
    let registry = &judgement.registry;
    let Some(window) = registry
        .rules
        .freezes
        .iter()
        .find(|f| f.name == freeze.name)
        .and_then(|f| f.window.as_ref().ok().map(|w| (f, w)))
    else {
        return Vec::new();
    };
    let (rule, window) = window;
    let mut out = Vec::new();
    for release in &registry.releases {
        let data = &release.doc.data;
        let Some(planned) = data.planned else {
            continue;
        };
        if data.status == ReleaseStatus::Withdrawn {
            continue;
        }
        let Ok(start) =
            jiff::tz::Offset::UTC.to_timestamp(planned.to_datetime(jiff::civil::Time::midnight()))
        else {
            continue;
        };
        let Ok(end) = start.checked_add(24.hours()) else {
            continue;
        };
        let closed = window
            .occurrences_after(start)
            .next()
            .is_some_and(|o| o.start < end);
        if !closed {
            continue;
        }
        // A release that reached an environment (before or in this pull
        // request) has no deploy there left to plan.
        let reached = |env: &str| {
            judgement
                .timeline
                .events
                .iter()
                .any(|e| e.environment == env && e.release == data.version)
        };
        let environments: Vec<String> = registry
            .environments
            .keys()
            .filter(|id| registry.is_production(id) && rule.applies_to(id) && !reached(id))
            .cloned()
            .collect();
        if !environments.is_empty() {
            out.push(PlannedHit {
                release: data.version.clone(),
                planned,
                environments,
            });
        }
    }
    out
}

pub fn incidents(before: &Registry, after: &Registry) -> Vec<IncidentChange> {
    let mut out = Vec::new();
    for (id, doc) in &after.incidents {
        let data = &doc.data;
        let status_before = before.incidents.get(id).map(|d| d.data.status);
        if status_before == Some(data.status) {
            continue;
        }
        let resolved_now = data.status == IncidentStatus::Resolved;
        out.push(IncidentChange {
            id: id.clone(),
            title: data.title.clone(),
            release: data.release.clone(),
            environment: data.environment.clone(),
            severity: data.severity,
            status_before,
            status: data.status,
            resolved_without_follow_ups: resolved_now && data.follow_ups.is_empty(),
            follow_ups: data.follow_ups.len(),
            follow_ups_done: data.follow_ups.iter().filter(|f| f.done).count(),
        });
    }
    out
}

/// Who may now approve deploys to each environment that needs approvals,
/// against who could before: teams.toml and `approver_teams` both move it.
pub fn approvers(before: &Registry, after: &Registry) -> Vec<ApproverChange> {
    let envs: BTreeSet<&str> = before
        .rules
        .environments()
        .chain(after.rules.environments())
        .filter(|(_, r)| r.approvals > 0)
        .map(|(env, _)| env)
        .collect();
    let person = |registry: &Registry, id: &String| Person {
        id: id.clone(),
        name: crate::site::view::person_name(registry, id),
    };
    let mut out = Vec::new();
    for env in envs {
        let old = &before.rules.of(env).approvers;
        let new = &after.rules.of(env).approvers;
        let gained: Vec<Person> = new.difference(old).map(|id| person(after, id)).collect();
        let lost: Vec<Person> = old.difference(new).map(|id| person(before, id)).collect();
        if gained.is_empty() && lost.is_empty() {
            continue;
        }
        out.push(ApproverChange {
            environment: env.to_string(),
            gained,
            lost,
        });
    }
    out
}

pub fn policies(before: &Registry, after: &Registry) -> Vec<PolicyChange> {
    let flat = |registry: &Registry| {
        let mut out = BTreeMap::new();
        if registry.settings.is_some()
            && let Ok(value) = serde_json::to_value(registry.policy())
        {
            flatten("", &value, &mut out);
        }
        out
    };
    let old = flat(before);
    let new = flat(after);
    let settings: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    settings
        .into_iter()
        .filter(|s| old.get(*s) != new.get(*s))
        .map(|s| PolicyChange {
            setting: s.clone(),
            before: old.get(s).cloned(),
            after: new.get(s).cloned(),
        })
        .collect()
}

/// Leaf values by dotted path; lists are leaves, written as TOML arrays.
fn flatten(path: &str, value: &serde_json::Value, out: &mut BTreeMap<String, String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, value) in map {
                let path = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                flatten(&path, value, out);
            }
        }
        serde_json::Value::Null => {}
        other => {
            out.insert(path.to_string(), other.to_string());
        }
    }
}
