//! Rules that span a file and its neighbours: folder names, required
//! documents, and times that must come in order.

use jiff::Timestamp;

use crate::diagnostic::Diagnostic;
use crate::files::ReleaseStatus;
use crate::model::calendar::Window;
use crate::model::rules::Limit;
use crate::model::{Doc, Registry, Release};

use super::deploy_doc::{self, Gap};

pub fn check(registry: &Registry) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let required_sections = &registry.policy().deploy_doc_sections;
    for release in &registry.releases {
        folder_name(release, &mut out);
        customer_notes(release, &mut out);
        deploy_doc(release, required_sections, &mut out);
    }
    time_order(registry, &mut out);
    resolved_incidents(registry, &mut out);
    durations(registry, &mut out);
    environment_ids(registry, &mut out);
    out
}

/// An environment's id is its file's name, and it must be one the policies
/// and freeze windows can name: `PROD.toml` or a look-alike letter beside
/// `prod.toml` must not pass as a new environment that no rule names.
fn environment_ids(registry: &Registry, out: &mut Vec<Diagnostic>) {
    for (id, doc) in &registry.environments {
        let mut chars = id.chars();
        let well_formed = chars
            .next()
            .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
        if !well_formed {
            out.push(
                Diagnostic::whole_file(
                    crate::diagnostic::Severity::Error,
                    doc.source.path.clone(),
                    "environment-id",
                    format!(
                        "`{}` is not an environment id: ids are lowercase ASCII letters, digits, `-` and `_`",
                        crate::text::for_terminal(id)
                    ),
                )
                .with_help("rename the file, e.g. environments/prod.toml"),
            );
        }
    }
}

/// Every duration of the policies can be used by its rule: a soak or a triage
/// time that cannot be computed is an error here, not a rule switched off.
fn durations(registry: &Registry, out: &mut Vec<Diagnostic>) {
    let Some(settings) = &registry.settings else {
        return;
    };
    let policy = &settings.data.policy;
    let mut fields: Vec<(String, &str)> = policy
        .environments
        .iter()
        .filter_map(|(env, p)| {
            let soak = p.soak.as_deref()?;
            Some((
                crate::parse::pointer_child(
                    &crate::parse::pointer_child("/policy/environments", env),
                    "soak",
                ),
                soak,
            ))
        })
        .collect();
    if let Some(triage) = policy.incidents.triage_within.as_deref() {
        fields.push(("/policy/incidents/triage_within".to_string(), triage));
    }
    for (pointer, text) in fields {
        if let Limit::Unusable { .. } = Limit::read(text) {
            out.push(
                settings
                    .error_at(
                        &pointer,
                        "duration",
                        format!("`{text}` is not a duration milepost can use"),
                    )
                    .with_help("write it like 30m, 24h, 3d, 1d12h or 2w, at most 100 years"),
            );
        }
    }
}

/// A resolved incident says why it happened and what will keep it from
/// happening again.
fn resolved_incidents(registry: &Registry, out: &mut Vec<Diagnostic>) {
    for incident in registry.incidents.values() {
        let d = &incident.data;
        if d.status != crate::files::IncidentStatus::Resolved {
            continue;
        }
        if d.root_cause.as_deref().is_none_or(|c| c.trim().is_empty()) {
            out.push(
                incident
                    .error_at(
                        "/status",
                        "incident-incomplete",
                        "resolved, but without a `root_cause`",
                    )
                    .with_help(
                        "write what caused it in `root_cause`, so that it does not happen again",
                    ),
            );
        }
        if d.follow_ups.is_empty() {
            out.push(
                incident
                    .error_at("/status", "incident-incomplete", "resolved, but without a follow-up")
                    .with_help("add [[follow_ups]] with a title and an owner: what keeps it from happening again"),
            );
        }
    }
}

fn folder_name(release: &Release, out: &mut Vec<Diagnostic>) {
    if release.folder != release.id() {
        out.push(
            release
                .doc
                .error_at(
                    "/version",
                    "folder-name",
                    format!(
                        "version `{}` does not match its folder `releases/{}`",
                        release.id(),
                        release.folder
                    ),
                )
                .with_help("rename the folder or fix the version so that they are equal"),
        );
    }
}

fn customer_notes(release: &Release, out: &mut Vec<Diagnostic>) {
    if !release.doc.data.customer_facing {
        return;
    }
    let blank = release
        .notes
        .as_ref()
        .is_none_or(|notes| notes.text.trim().is_empty());
    if blank {
        let what = if release.notes.is_some() {
            "is empty"
        } else {
            "is missing"
        };
        out.push(
            release
                .doc
                .error_at(
                    "/customer_facing",
                    "notes-missing",
                    format!(
                        "customer-facing release, but releases/{}/notes.md {what}",
                        release.folder
                    ),
                )
                .with_label("customers are told about this release")
                .with_help(
                    "write the customer-facing notes in notes.md, or set `customer_facing = false`",
                ),
        );
    }
}

fn deploy_doc(release: &Release, required: &[String], out: &mut Vec<Diagnostic>) {
    let status = release.doc.data.status;
    if !matches!(status, ReleaseStatus::Ready | ReleaseStatus::Approved) {
        return;
    }
    let text = release.deploy.as_ref().map(|d| d.text.as_str());
    for gap in deploy_doc::gaps(text, required) {
        let problem = match (&release.deploy, gap) {
            (None, _) | (_, Gap::NoDoc) => release
                .doc
                .error_at(
                    "/status",
                    "deploy-doc",
                    format!(
                        "release is {}, but releases/{}/deploy.md is missing",
                        status.as_str(),
                        release.folder
                    ),
                )
                .with_help(format!(
                    "write a deploy.md with the sections {}",
                    required
                        .iter()
                        .map(|s| format!("`## {s}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            (Some(doc), Gap::NoSection(name)) => Diagnostic::error(
                doc,
                0..0,
                "deploy-doc",
                format!("deploy doc has no `{name}` section"),
            )
            .with_help(format!("add a `## {name}` heading with its content")),
            (Some(doc), Gap::Empty(name, span)) => Diagnostic::error(
                doc,
                span,
                "deploy-doc",
                format!("section `{name}` is empty"),
            )
            .with_label("nothing under this heading")
            .with_help(format!(
                "say what to do for `{name}`; a reviewer needs it before the release is {}",
                status.as_str()
            )),
        };
        out.push(problem);
    }
}

/// `later` must not be before `earlier`.
fn in_order<T>(
    doc: &Doc<T>,
    (earlier_name, earlier): (&str, Timestamp),
    (later_pointer, later): (&str, Option<Timestamp>),
    out: &mut Vec<Diagnostic>,
) {
    let Some(later) = later else { return };
    if later < earlier {
        let later_name = later_pointer.rsplit('/').next().unwrap_or(later_pointer);
        out.push(
            doc.error_at(
                later_pointer,
                "time-order",
                format!("`{later_name}` ({later}) is before `{earlier_name}` ({earlier})"),
            )
            .with_help("check the dates; times are in UTC unless they carry an offset"),
        );
    }
}

fn time_order(registry: &Registry, out: &mut Vec<Diagnostic>) {
    for incident in registry.incidents.values() {
        let d = &incident.data;
        let detected = ("detected_at", d.detected_at);
        in_order(incident, detected, ("/triaged_at", d.triaged_at), out);
        in_order(incident, detected, ("/mitigated_at", d.mitigated_at), out);
        in_order(incident, detected, ("/resolved_at", d.resolved_at), out);
    }
    if let Some(calendar) = &registry.calendar {
        for (i, freeze) in calendar.data.freeze.iter().enumerate() {
            match Window::from_freeze(freeze) {
                Ok(Window::Once { start, end }) if end <= start => out.push(
                    calendar
                        .error_at(&format!("/freeze/{i}/end"), "time-order", format!("freeze `{}` ends before it starts", freeze.name))
                        .with_help("`end` must be after `start`"),
                ),
                Ok(_) => {}
                Err(err) => out.push(
                    calendar
                        .error_at(&format!("/freeze/{i}/{}", err.field), "freeze-window", format!("freeze `{}`: {}", freeze.name, err.message))
                        .with_help("one-off: start = 2024-11-28T00:00:00Z, end = 2024-12-02T00:00:00Z; recurring: every = \"week\", from = \"Fri 18:00\", to = \"Mon 07:00\", time_zone = \"Europe/Berlin\""),
                ),
            }
        }
        for (i, event) in calendar.data.event.iter().enumerate() {
            in_order(
                calendar,
                ("at", event.at),
                (&format!("/event/{i}/end"), event.end),
                out,
            );
        }
    }
    for release in &registry.releases {
        for (i, approval) in release.doc.data.approvals.iter().enumerate() {
            if release.doc.data.approvals[..i]
                .iter()
                .any(|a| a.by == approval.by)
            {
                out.push(release.doc.warning_at(
                    &format!("/approvals/{i}/by"),
                    "duplicate-approval",
                    format!(
                        "`{}` approved this release twice; it counts once",
                        approval.by
                    ),
                ));
            }
        }
    }
}
