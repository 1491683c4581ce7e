//! When releases reached customers, and which of them the public may read:
//! the one answer the public site, its feeds, announcements and the
//! communication rules share.

use std::collections::HashMap;

use jiff::Timestamp;

use super::{Registry, Release};
use crate::files::ReleaseStatus;
use crate::history::History;

/// When each release first ran on a production-tier environment, by `until`.
pub fn reached_production<'a>(
    registry: &Registry,
    history: &'a History,
    until: Timestamp,
) -> HashMap<&'a str, Timestamp> {
    let mut reached: HashMap<&str, Timestamp> = HashMap::new();
    for e in &history.events {
        if e.at <= until && registry.is_production(&e.environment) {
            let at = reached.entry(e.release.as_str()).or_insert(e.at);
            *at = (*at).min(e.at);
        }
    }
    reached
}

/// A release the public may read, and when it reached production.
#[derive(Clone, Copy)]
pub struct Published<'a> {
    pub release: &'a Release,
    pub reached_production: Timestamp,
}

impl Published<'_> {
    /// When customers could first read it: in production, and past its
    /// `publish_at` if it has one.
    pub fn published_at(&self) -> Timestamp {
        self.release
            .doc
            .data
            .publish_at
            .map_or(self.reached_production, |at| {
                at.max(self.reached_production)
            })
    }
}

/// Customer-facing releases that reached a production-tier environment and
/// whose `publish_at` (if any) has passed, newest first. Internal and
/// withdrawn releases never.
pub fn published<'a>(
    registry: &'a Registry,
    history: &History,
    now: Timestamp,
) -> Vec<Published<'a>> {
    let reached = reached_production(registry, history, now);
    let mut out: Vec<Published<'a>> = registry
        .releases
        .iter()
        .filter(|r| r.doc.data.customer_facing && r.doc.data.status != ReleaseStatus::Withdrawn)
        .filter_map(|release| {
            let reached = *reached.get(release.id())?;
            let publish_at = release.doc.data.publish_at.unwrap_or(reached);
            (publish_at <= now).then_some(Published {
                release,
                reached_production: reached,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        b.reached_production
            .cmp(&a.reached_production)
            .then_with(|| b.release.version.cmp(&a.release.version))
    });
    out
}
