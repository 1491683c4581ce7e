//! Plain-text formatting shared by the pages: dates, people, kinds. Every
//! value here is text; the templates escape it.

use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;

use crate::files::ChangeKind;
use crate::history::{DeployEvent, DeployKind};
use crate::model::Registry;

/// A moment, for people and for machines.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct When {
    /// `23 September 2026, 10:00 UTC`
    pub text: String,
    /// `23 September 2026`
    pub date: String,
    /// RFC 3339, for `<time datetime>`.
    pub iso: String,
}

impl When {
    pub fn of(at: Timestamp) -> When {
        When {
            text: at.strftime("%-d %B %Y, %H:%M UTC").to_string(),
            date: at.strftime("%-d %B %Y").to_string(),
            iso: at.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
        }
    }

    pub fn of_date(date: Date) -> When {
        When {
            text: date.strftime("%-d %B %Y").to_string(),
            date: date.strftime("%-d %B %Y").to_string(),
            iso: date.strftime("%Y-%m-%d").to_string(),
        }
    }
}

/// `September 2026`, the heading of a month's group.
pub fn month_label(at: Timestamp) -> String {
    at.strftime("%B %Y").to_string()
}

pub fn kind_label(kind: ChangeKind) -> &'static str {
    match kind {
        ChangeKind::Added => "Added",
        ChangeKind::Changed => "Changed",
        ChangeKind::Deprecated => "Deprecated",
        ChangeKind::Removed => "Removed",
        ChangeKind::Fixed => "Fixed",
        ChangeKind::Security => "Security",
    }
}

/// A person's name from teams.toml, or the id when they are not there.
pub fn person_name(registry: &Registry, id: &str) -> String {
    registry
        .teams
        .as_ref()
        .and_then(|t| t.data.people.get(id))
        .map_or_else(|| id.to_string(), |p| p.name.clone())
}

/// `Name <email>` → `Name`: the internal site shows names, and the public
/// site shows no people at all.
pub fn author_name(author: &str) -> String {
    author.split(" <").next().unwrap_or(author).to_string()
}

/// A link relative to the site root.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Link {
    pub text: String,
    pub href: String,
}

pub fn release_href(version: &str) -> String {
    format!("releases/{version}/index.html")
}

/// One deploy, as the internal pages list them.
#[derive(Debug, Clone, Serialize)]
pub struct DeployRow {
    pub when: When,
    pub environment: Link,
    pub kind: &'static str,
    pub release: Link,
    pub previous: Option<Link>,
    pub by: String,
    pub commit: String,
    pub commit_short: String,
}

impl DeployRow {
    pub fn of(event: &DeployEvent) -> DeployRow {
        DeployRow {
            when: When::of(event.at),
            environment: Link {
                text: event.environment.clone(),
                href: format!("environments/{}/index.html", event.environment),
            },
            kind: match event.kind {
                DeployKind::Deploy => "deploy",
                DeployKind::Rollback => "rollback",
                DeployKind::Redeploy => "redeploy",
            },
            release: Link {
                text: event.release.clone(),
                href: release_href(&event.release),
            },
            previous: event.previous.as_ref().map(|p| Link {
                text: p.clone(),
                href: release_href(p),
            }),
            by: author_name(&event.author),
            commit: event.commit.clone(),
            commit_short: event.commit.chars().take(10).collect(),
        }
    }
}
