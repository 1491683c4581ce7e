//! Announcements of a release: for customers (only what the public site may
//! show) or for the team (everything support and operations need), as
//! Markdown, as an e-mail, or as a Slack message.

mod email;
mod slack;

pub use email::{Envelope, EnvelopeError, Mailbox, email, envelope, site_host};
pub use slack::slack;

use jiff::Timestamp;
use serde::Serialize;

use crate::files::Audience;
use crate::history::History;
use crate::model::{Registry, Release};
use crate::site::view::{When, kind_label, person_name};
use crate::site::{Renderer, SiteMeta};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    Customers,
    Internal,
}

/// An announcement: its subject and its text as Markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Announcement {
    /// The release announced.
    pub version: String,
    pub subject: String,
    pub markdown: String,
    /// Where the release notes are, for customers.
    pub url: String,
}

#[derive(Debug, thiserror::Error)]
pub enum AnnounceError {
    #[error("no release {0}")]
    UnknownRelease(String),
    #[error(
        "{0} is not published yet ({1}); customers may not hear of it before (--draft writes it anyway)"
    )]
    NotPublished(String, String),
    #[error("template: {0}")]
    Template(String),
}

#[derive(Serialize)]
struct Change {
    summary: String,
    internal: bool,
    tickets: String,
}

#[derive(Serialize)]
struct Group {
    label: &'static str,
    changes: Vec<Change>,
}

fn groups(release: &Release, reader: Reader) -> Vec<Group> {
    let mut changes: Vec<_> = release
        .doc
        .data
        .changes
        .iter()
        .filter(|c| reader == Reader::Internal || c.audience == Audience::Public)
        .collect();
    changes.sort_by_key(|c| c.kind);
    let mut out: Vec<Group> = Vec::new();
    for change in changes {
        let entry = Change {
            summary: change.summary.clone(),
            internal: change.audience == Audience::Internal,
            tickets: if reader == Reader::Internal {
                change.tickets.join(", ")
            } else {
                String::new()
            },
        };
        match out.last_mut() {
            Some(group) if group.label == kind_label(change.kind) => group.changes.push(entry),
            _ => out.push(Group {
                label: kind_label(change.kind),
                changes: vec![entry],
            }),
        }
    }
    out
}

/// What a customer announcement is made of: public data only.
#[derive(Serialize)]
struct CustomersContext {
    product: String,
    version: String,
    title: String,
    summary: Option<String>,
    released: String,
    notes: String,
    groups: Vec<Group>,
    url: String,
}

#[derive(Serialize)]
struct InternalContext {
    product: String,
    version: String,
    title: String,
    summary: Option<String>,
    status: &'static str,
    risk: Option<String>,
    owner: String,
    owner_email: Option<String>,
    teams: String,
    planned: Option<String>,
    running_on: String,
    production: Option<String>,
    publish_at: Option<String>,
    windows: Vec<String>,
    groups: Vec<Group>,
    incidents: Vec<String>,
    internal_notes: String,
}

pub struct Request<'a> {
    pub version: &'a str,
    pub reader: Reader,
    pub now: Timestamp,
    /// Write a customer announcement even before the release is published.
    pub draft: bool,
}

pub fn compose(
    registry: &Registry,
    history: &History,
    renderer: &Renderer,
    request: &Request<'_>,
) -> Result<Announcement, AnnounceError> {
    let release = registry
        .release(request.version)
        .ok_or_else(|| AnnounceError::UnknownRelease(request.version.to_string()))?;
    let data = &release.doc.data;
    let meta = SiteMeta::new(registry);
    let url = format!("{}releases/{}/", meta.site.base_url, data.version);
    let subject = format!("{} {}: {}", meta.site.product, data.version, data.title);
    let reached = crate::model::publication::reached_production(registry, history, request.now)
        .get(data.version.as_str())
        .copied();
    let markdown = match request.reader {
        Reader::Customers => {
            let is_published = crate::model::publication::published(registry, history, request.now)
                .iter()
                .any(|p| p.release.id() == data.version);
            if !is_published && !request.draft {
                let why = match (reached, data.publish_at) {
                    (None, _) => "it has not reached production".to_string(),
                    (Some(_), Some(at)) if at > request.now => {
                        format!("its notes are published from {at}")
                    }
                    _ => "it is not customer-facing, or withdrawn".to_string(),
                };
                return Err(AnnounceError::NotPublished(data.version.clone(), why));
            }
            let context = CustomersContext {
                product: meta.site.product.clone(),
                version: data.version.clone(),
                title: data.title.clone(),
                summary: data.summary.clone(),
                released: reached.map_or_else(|| "soon".to_string(), |at| When::of(at).date),
                notes: release
                    .notes
                    .as_ref()
                    .map(|n| n.text.trim().to_string())
                    .unwrap_or_default(),
                groups: groups(release, Reader::Customers),
                url: url.clone(),
            };
            renderer
                .render("announce/customers.md", &context)
                .map_err(|e| AnnounceError::Template(e.0))?
        }
        Reader::Internal => {
            let owner = registry
                .teams
                .as_ref()
                .and_then(|t| t.data.people.get(&data.owner));
            let context = InternalContext {
                product: meta.site.product.clone(),
                version: data.version.clone(),
                title: data.title.clone(),
                summary: data.summary.clone(),
                status: data.status.as_str(),
                risk: data.risk.map(|r| format!("{r:?}").to_lowercase()),
                owner: person_name(registry, &data.owner),
                owner_email: owner.and_then(|p| p.email.clone()),
                teams: data.teams.join(", "),
                planned: data.planned.map(|d| When::of_date(d).date),
                running_on: registry
                    .environments
                    .iter()
                    .filter(|(_, d)| d.data.release.as_deref() == Some(data.version.as_str()))
                    .map(|(id, _)| id.clone())
                    .collect::<Vec<_>>()
                    .join(", "),
                production: reached.map(|at| When::of(at).text),
                publish_at: data.publish_at.map(|at| When::of(at).text),
                windows: windows(registry, release, request.now),
                groups: groups(release, Reader::Internal),
                incidents: registry
                    .incidents
                    .values()
                    .filter(|i| i.data.release == data.version)
                    .map(|i| {
                        format!(
                            "{} ({}, {:?})",
                            i.data.title, i.data.environment, i.data.status
                        )
                        .to_lowercase()
                    })
                    .collect(),
                internal_notes: release
                    .internal
                    .as_ref()
                    .map(|n| n.text.trim().to_string())
                    .unwrap_or_default(),
            };
            renderer
                .render("announce/internal.md", &context)
                .map_err(|e| AnnounceError::Template(e.0))?
        }
    };
    Ok(Announcement {
        version: data.version.clone(),
        subject,
        markdown: tidy(&markdown),
        url,
    })
}

/// The release's dates and the freeze windows of the next 30 days.
fn windows(registry: &Registry, release: &Release, now: Timestamp) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(planned) = release.doc.data.planned {
        out.push(format!("Planned for {}", When::of_date(planned).date));
    }
    if let Some(calendar) = &registry.calendar {
        let horizon = now
            .checked_add(jiff::SignedDuration::from_hours(30 * 24))
            .unwrap_or(now);
        for freeze in &calendar.data.freeze {
            let envs = freeze
                .environments
                .as_ref()
                .map_or_else(|| "all environments".to_string(), |e| e.join(", "));
            match (freeze.start, freeze.end) {
                (Some(start), Some(end)) if end > now && start < horizon => {
                    out.push(format!(
                        "Freeze \"{}\" ({envs}): {} to {}",
                        freeze.name,
                        When::of(start).text,
                        When::of(end).text
                    ));
                }
                (None, None) => {
                    let every = match freeze.every {
                        Some(crate::files::Recurrence::Week) => "every week",
                        _ => "every year",
                    };
                    out.push(format!(
                        "Freeze \"{}\" ({envs}): {every}, {} to {} ({})",
                        freeze.name,
                        freeze.from.as_deref().unwrap_or("?"),
                        freeze.to.as_deref().unwrap_or("?"),
                        freeze.time_zone.as_deref().unwrap_or("UTC")
                    ));
                }
                _ => {}
            }
        }
        for event in &calendar.data.event {
            if event.release.as_deref() == Some(release.id()) {
                out.push(format!(
                    "{} ({}): {}",
                    event.name,
                    format!("{:?}", event.kind).to_lowercase(),
                    When::of(event.at).text
                ));
            }
        }
    }
    if out.is_empty() {
        out.push("No dates or freeze windows ahead.".to_string());
    }
    out
}

/// At most one blank line in a row, and one newline at the end.
fn tidy(text: &str) -> String {
    let mut out = String::new();
    let mut blank = 0;
    for line in text.trim().lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}
