//! One-line fields hold no control characters. A CR/LF in a title would
//! become a new e-mail header, an escape sequence in a name would drive the
//! terminal of whoever runs `milepost status`, and U+0001 makes a feed
//! unreadable. Writers escape them too; this says where they are.

use crate::diagnostic::Diagnostic;
use crate::model::{Doc, Registry};
use crate::text::first_control;

pub fn check(registry: &Registry) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if let Some(doc) = &registry.settings {
        let d = &doc.data;
        let mut fields = vec![
            ("/product/name".to_string(), Some(d.product.name.as_str())),
            (
                "/product/description".into(),
                d.product.description.as_deref(),
            ),
            ("/product/url".into(), d.product.url.as_deref()),
            ("/site/title".into(), Some(d.site.title.as_str())),
            ("/site/base_url".into(), Some(d.site.base_url.as_str())),
            ("/site/description".into(), d.site.description.as_deref()),
            ("/site/language".into(), d.site.language.as_deref()),
            ("/site/favicon".into(), d.site.favicon.as_deref()),
            ("/links/tickets".into(), d.links.tickets.as_deref()),
            ("/links/commits".into(), d.links.commits.as_deref()),
        ];
        for (who, recipients) in [
            ("customers", &d.announce.customers),
            ("internal", &d.announce.internal),
        ] {
            fields.push((format!("/announce/{who}/from"), recipients.from.as_deref()));
            for (i, to) in recipients.to.iter().enumerate() {
                fields.push((format!("/announce/{who}/to/{i}"), Some(to.as_str())));
            }
        }
        for (i, section) in d.policy.deploy_doc_sections.iter().enumerate() {
            fields.push((
                format!("/policy/deploy_doc_sections/{i}"),
                Some(section.as_str()),
            ));
        }
        report(doc, fields, &mut out);
    }
    if let Some(doc) = &registry.teams {
        let mut fields = Vec::new();
        for (id, team) in &doc.data.teams {
            fields.push((format!("/teams/{id}/name"), Some(team.name.as_str())));
            fields.push((
                format!("/teams/{id}/description"),
                team.description.as_deref(),
            ));
            fields.push((format!("/teams/{id}/channel"), team.channel.as_deref()));
        }
        for (id, person) in &doc.data.people {
            fields.push((format!("/people/{id}/name"), Some(person.name.as_str())));
            fields.push((format!("/people/{id}/email"), person.email.as_deref()));
            fields.push((format!("/people/{id}/github"), person.github.as_deref()));
        }
        report(doc, fields, &mut out);
    }
    if let Some(doc) = &registry.calendar {
        let mut fields = Vec::new();
        for (i, freeze) in doc.data.freeze.iter().enumerate() {
            fields.push((format!("/freeze/{i}/name"), Some(freeze.name.as_str())));
            fields.push((format!("/freeze/{i}/reason"), freeze.reason.as_deref()));
        }
        for (i, event) in doc.data.event.iter().enumerate() {
            fields.push((format!("/event/{i}/name"), Some(event.name.as_str())));
        }
        report(doc, fields, &mut out);
    }
    for doc in registry.environments.values() {
        let d = &doc.data;
        let fields = vec![
            ("/name".to_string(), Some(d.name.as_str())),
            ("/url".into(), d.url.as_deref()),
            ("/release".into(), d.release.as_deref()),
        ];
        report(doc, fields, &mut out);
    }
    for release in &registry.releases {
        let doc = &release.doc;
        let d = &doc.data;
        let mut fields = vec![
            ("/title".to_string(), Some(d.title.as_str())),
            ("/summary".into(), d.summary.as_deref()),
            ("/owner".into(), Some(d.owner.as_str())),
        ];
        for (name, version) in &d.components {
            fields.push((format!("/components/{name}"), Some(version.as_str())));
        }
        for (i, change) in d.changes.iter().enumerate() {
            fields.push((
                format!("/changes/{i}/summary"),
                Some(change.summary.as_str()),
            ));
            for (j, ticket) in change.tickets.iter().enumerate() {
                fields.push((format!("/changes/{i}/tickets/{j}"), Some(ticket.as_str())));
            }
        }
        if let Some(exception) = &d.freeze_exception {
            fields.push((
                "/freeze_exception/reason".into(),
                Some(exception.reason.as_str()),
            ));
        }
        report(doc, fields, &mut out);
        for (i, verification) in d.verifications.iter().enumerate() {
            if let Some(notes) = &verification.notes {
                report_notes(doc, &format!("/verifications/{i}/notes"), notes, &mut out);
            }
        }
    }
    for doc in registry.incidents.values() {
        let d = &doc.data;
        let mut fields = vec![
            ("/title".to_string(), Some(d.title.as_str())),
            ("/owner".into(), d.owner.as_deref()),
        ];
        for (i, follow_up) in d.follow_ups.iter().enumerate() {
            fields.push((
                format!("/follow_ups/{i}/title"),
                Some(follow_up.title.as_str()),
            ));
            fields.push((
                format!("/follow_ups/{i}/ticket"),
                follow_up.ticket.as_deref(),
            ));
        }
        report(doc, fields, &mut out);
    }
    out
}

/// Notes may span lines, so line breaks (LF, or CRLF as a Windows editor
/// writes them) and tabs are text there; a lone CR, an escape or any other
/// control character would rewrite what a terminal or a page shows.
fn report_notes<T>(doc: &Doc<T>, pointer: &str, notes: &str, out: &mut Vec<Diagnostic>) {
    let mut chars = notes.chars().peekable();
    while let Some(c) = chars.next() {
        let allowed = match c {
            '\n' | '\t' => true,
            '\r' => chars.peek() == Some(&'\n'),
            _ => !crate::text::is_control(c),
        };
        if allowed {
            continue;
        }
        let field = pointer.trim_start_matches('/').replace('/', ".");
        out.push(
            doc.error_at(
                pointer,
                "control-character",
                format!(
                    "`{field}` holds the control character U+{:04X}; notes may hold line breaks and tabs, nothing else of the kind",
                    u32::from(c)
                ),
            )
            .with_help("remove it (an escape sequence or a lone carriage return would rewrite what a terminal shows)"),
        );
        return;
    }
}

fn report<T>(doc: &Doc<T>, fields: Vec<(String, Option<&str>)>, out: &mut Vec<Diagnostic>) {
    for (pointer, value) in fields {
        let Some(c) = value.and_then(first_control) else {
            continue;
        };
        let field = pointer.trim_start_matches('/').replace('/', ".");
        out.push(
            doc.error_at(
                &pointer,
                "control-character",
                format!(
                    "`{field}` holds the control character U+{:04X}; it must be one line of plain text",
                    u32::from(c)
                ),
            )
            .with_help("remove it (a line break, tab or escape sequence has no place in a title or a name)"),
        );
    }
}
