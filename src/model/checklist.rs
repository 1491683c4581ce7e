//! What makes a release acceptable, item by item, and what is missing: the
//! checklist on the internal release page.

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Severity};
use crate::files::{ReleaseStatus, Tier};
use crate::history::HistoryIndex;
use crate::model::{Registry, Release};
use crate::validate::deploy_doc_sections;

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct CheckItem {
    pub ok: bool,
    pub label: String,
    pub detail: String,
}

fn item(ok: bool, label: impl Into<String>, detail: impl Into<String>) -> CheckItem {
    CheckItem {
        ok,
        label: label.into(),
        detail: detail.into(),
    }
}

pub fn checklist(
    registry: &Registry,
    history: &HistoryIndex<'_>,
    release: &Release,
    diagnostics: &[Diagnostic],
) -> Vec<CheckItem> {
    let data = &release.doc.data;
    let mut items = Vec::new();

    let owner = registry
        .teams
        .as_ref()
        .and_then(|t| t.data.people.get(&data.owner));
    items.push(match owner {
        Some(person) => item(true, "Owner", format!("{} is responsible", person.name)),
        None => item(
            false,
            "Owner",
            format!("`{}` is not a person in teams.toml", data.owner),
        ),
    });

    if data.customer_facing {
        let written = release
            .notes
            .as_ref()
            .is_some_and(|n| !n.text.trim().is_empty());
        items.push(item(
            written,
            "Customer notes",
            if written {
                "notes.md is written"
            } else {
                "customer-facing, but notes.md is missing or empty"
            },
        ));
    }

    let required = registry.policy().deploy_doc_sections;
    match &release.deploy {
        None => items.push(item(false, "Deploy doc", "deploy.md is missing")),
        Some(doc) => {
            let sections = deploy_doc_sections(&doc.text);
            for name in &required {
                let found = sections.iter().find(|s| s.title.eq_ignore_ascii_case(name));
                items.push(match found {
                    Some(s) if s.has_content => {
                        item(true, format!("Deploy doc: {name}"), "written")
                    }
                    Some(_) => item(false, format!("Deploy doc: {name}"), "the section is empty"),
                    None => item(false, format!("Deploy doc: {name}"), "no such section"),
                });
            }
        }
    }

    let policy = registry.policy();
    for (env, rules) in &policy.environments {
        let needed = rules.approvals.unwrap_or(0) as usize;
        if needed > 0 {
            let approvers: Vec<&String> = data
                .approvals
                .iter()
                .map(|a| &a.by)
                .filter(|by| *by != &data.owner)
                .filter(|by| {
                    rules.approver_teams.is_empty()
                        || registry
                            .teams
                            .as_ref()
                            .and_then(|t| t.data.people.get(*by))
                            .is_some_and(|p| {
                                p.teams.iter().any(|t| rules.approver_teams.contains(t))
                            })
                })
                .collect();
            let mut distinct = approvers.clone();
            distinct.sort();
            distinct.dedup();
            let from = if rules.approver_teams.is_empty() {
                String::new()
            } else {
                format!(" from {}", rules.approver_teams.join(" or "))
            };
            items.push(item(
                distinct.len() >= needed,
                format!("Approvals for {env}"),
                format!("{} of {needed}{from}", distinct.len()),
            ));
        }
        for up in &rules.after {
            let ran = history.has_run(up, release.id());
            items.push(item(
                ran,
                format!("Promotion to {env}"),
                if ran {
                    format!("ran on {up} first")
                } else {
                    format!("has not run on {up} yet")
                },
            ));
        }
    }

    let production = registry
        .environments
        .values()
        .any(|d| d.data.tier == Tier::Production);
    if production {
        let approved = data.status == ReleaseStatus::Approved;
        items.push(item(
            approved,
            "Status",
            if approved {
                "approved".to_string()
            } else {
                format!(
                    "{}: only approved releases may reach production",
                    data.status.as_str()
                )
            },
        ));
    }

    let folder = format!("releases/{}/", release.folder);
    for d in diagnostics
        .iter()
        .filter(|d| d.file.starts_with(&folder) && d.severity == Severity::Error)
    {
        items.push(item(
            false,
            format!("`check`: {}", d.code),
            format!("{}:{}: {}", d.file, d.position.line, d.message),
        ));
    }
    items
}
