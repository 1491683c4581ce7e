//! How the internal pages name things, the same on every page: an
//! environment by its name (with its id only when two share a name), a time
//! with how long ago it was, a ticket or commit as a link where `[links]`
//! says where they live.

use std::collections::{BTreeMap, HashMap};

use jiff::Timestamp;
use serde::Serialize;

use super::view::{Link, When};
use crate::model::Registry;
use crate::model::links::LinkTemplates;

/// A ticket id, linked when tickets have an address.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Ticket {
    pub id: String,
    /// Absolute http(s): print with the `web_url` filter.
    pub href: Option<String>,
}

/// A commit: short to read, whole in its link and title.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Commit {
    pub sha: String,
    pub short: String,
    pub href: Option<String>,
}

pub struct Labels {
    pub now: Timestamp,
    /// Environment id → what the pages call it.
    names: BTreeMap<String, String>,
    links: LinkTemplates,
}

impl Labels {
    pub fn new(registry: &Registry, now: Timestamp) -> Labels {
        let mut uses: HashMap<String, usize> = HashMap::new();
        for doc in registry.environments.values() {
            *uses.entry(doc.data.name.to_lowercase()).or_default() += 1;
        }
        let names = registry
            .environments
            .iter()
            .map(|(id, doc)| {
                let name = &doc.data.name;
                let shared = uses.get(&name.to_lowercase()).is_some_and(|n| *n > 1);
                let label = if name.trim().is_empty() {
                    id.clone()
                } else if shared && name != id {
                    format!("{name} ({id})")
                } else {
                    name.clone()
                };
                (id.clone(), label)
            })
            .collect();
        Labels {
            now,
            names,
            links: LinkTemplates::new(registry.settings.as_ref().map(|s| &s.data.links)),
        }
    }

    /// The environment's name; its id when it is gone from the registry.
    pub fn env(&self, id: &str) -> String {
        self.names
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.to_string())
    }

    pub fn env_link(&self, id: &str) -> Link {
        Link {
            text: self.env(id),
            href: format!("environments/{id}/index.html"),
        }
    }

    pub fn when(&self, at: Timestamp) -> When {
        When::at(at, self.now)
    }

    pub fn date(&self, date: jiff::civil::Date) -> When {
        When::at_date(date, self.now)
    }

    pub fn ticket(&self, id: &str) -> Ticket {
        Ticket {
            id: id.to_string(),
            href: self.links.ticket(id),
        }
    }

    pub fn commit(&self, sha: &str) -> Commit {
        Commit {
            sha: sha.to_string(),
            short: sha.chars().take(10).collect(),
            href: self.links.commit(sha),
        }
    }
}
