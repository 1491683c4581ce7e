//! Rules that depend on the time: incidents left untriaged, follow-ups past
//! their due date, and communication that runs ahead of the release.

use jiff::{SignedDuration, Timestamp};

use crate::diagnostic::Diagnostic;
use crate::files::{Audience, EventKind, IncidentStatus};
use crate::history::History;
use crate::model::Registry;
use crate::model::rules::Limit;
use crate::parse::pointer_child;

/// Incidents and their follow-ups, at `now`.
pub fn incidents(registry: &Registry, now: Timestamp) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (id, incident) in &registry.incidents {
        let d = &incident.data;
        if d.status == IncidentStatus::Open {
            triage(
                id,
                incident,
                registry.rules.triage_within.as_ref(),
                now,
                &mut out,
            );
        }
        for (i, follow_up) in d.follow_ups.iter().enumerate() {
            let Some(due) = follow_up.due else { continue };
            // Due on a day means done by the end of that day, in UTC; the
            // last representable day can never be overdue.
            let overdue = due
                .tomorrow()
                .and_then(|next| next.to_zoned_datetime(jiff::tz::TimeZone::UTC))
                .is_ok_and(|end| end.timestamp() <= now);
            if overdue && !follow_up.done {
                let pointer = pointer_child(&format!("/follow_ups/{i}"), "due");
                out.push(
                    incident
                        .warning_at(
                            &pointer,
                            "follow-up-overdue",
                            format!(
                                "follow-up \"{}\" was due {due} and is not done",
                                follow_up.title
                            ),
                        )
                        .with_help("do it and set `done = true`, or agree a new `due` date"),
                );
            }
        }
    }
    out
}

/// An open incident past the policy's triage time; a triage time that
/// cannot be read is said, never taken as "no limit".
fn triage(
    id: &str,
    incident: &crate::model::Doc<crate::files::IncidentFile>,
    limit: Option<&Limit>,
    now: Timestamp,
    out: &mut Vec<Diagnostic>,
) {
    let (text, seconds) = match limit {
        None => return,
        Some(Limit::Usable { text, seconds }) => (text, *seconds),
        Some(Limit::Unusable { text }) => {
            out.push(
                incident
                    .warning_at(
                        "/status",
                        "untriaged",
                        format!("incident {id} is open, and the policy's triage time `{text}` cannot be computed, so its triage cannot be judged"),
                    )
                    .with_help("fix policy.incidents.triage_within in milepost.toml"),
            );
            return;
        }
    };
    let waiting = now.duration_since(incident.data.detected_at);
    if waiting > SignedDuration::from_secs(seconds) {
        out.push(
            incident
                .warning_at(
                    "/status",
                    "untriaged",
                    format!(
                        "incident {id} is still open {} after it was detected; the policy says triage within {text}",
                        crate::model::calendar::format_duration(waiting.as_secs())
                    ),
                )
                .with_help("triage it: set status = \"triaged\" and `triaged_at`, with an owner"),
        );
    }
}

/// What customers and marketing hear, against what runs where.
pub fn communication(registry: &Registry, history: &History, now: Timestamp) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let first = crate::model::publication::reached_production(registry, history, now);
    let reached = |release: &str| first.get(release).copied();
    if let Some(calendar) = &registry.calendar {
        for (i, event) in calendar.data.event.iter().enumerate() {
            if event.kind != EventKind::Marketing {
                continue;
            }
            let Some(version) = &event.release else {
                continue;
            };
            let Some(release) = registry.release(version) else {
                continue;
            };
            let publish_at = release.doc.data.publish_at;
            let in_production = reached(version);
            let reason = match (publish_at, in_production) {
                (Some(p), _) if event.at < p => {
                    Some(format!("its notes are published only from {p}"))
                }
                (_, Some(r)) if event.at < r => Some(format!("it reached production only at {r}")),
                (_, None) if event.at <= now => Some("it has not reached production".to_string()),
                _ => None,
            };
            if let Some(reason) = reason {
                out.push(
                    calendar
                        .warning_at(
                            &format!("/event/{i}/at"),
                            "announcement-early",
                            format!("\"{}\" ({}) talks about {version} before it can be published: {reason}", event.name, event.at),
                        )
                        .with_help("move the event, or the release's `publish_at`, so that customers can read the notes by then"),
                );
            }
        }
    }
    for release in &registry.releases {
        let data = &release.doc.data;
        if !data.customer_facing || reached(release.id()).is_none_or(|at| at > now) {
            continue;
        }
        let notes = release
            .notes
            .as_ref()
            .is_some_and(|n| !n.text.trim().is_empty());
        let public_changes = data.changes.iter().any(|c| c.audience == Audience::Public);
        if !notes || !public_changes {
            let missing = if notes {
                "no public change"
            } else {
                "no notes.md"
            };
            out.push(
                release
                    .doc
                    .warning_at("/customer_facing", "public-notes-missing", format!("{} is in production, customer-facing, and has {missing}", release.id()))
                    .with_help("customers read notes.md and the `audience = \"public\"` changes on the release notes site"),
            );
        }
    }
    out
}
