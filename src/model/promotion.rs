//! What promoting one environment's release to another would ship.

use semver::Version;
use serde::Serialize;

use crate::files::{Change, ChangeKind, ReleaseStatus};
use crate::model::Registry;
use crate::model::status::{environment_order, upstream};

/// The environments in the order releases travel through them: each after
/// those it comes after (the policy's `after`, or the nearest lower tier),
/// otherwise by tier and id. A cycle, which `check` reports, is broken at
/// the lowest environment left.
pub fn promotion_order(registry: &Registry) -> Vec<&str> {
    let mut left = environment_order(registry);
    let before: Vec<Vec<String>> = left.iter().map(|env| upstream(registry, env)).collect();
    let mut waiting: Vec<(&str, Vec<String>)> = left.drain(..).zip(before).collect();
    let mut order: Vec<&str> = Vec::with_capacity(waiting.len());
    while !waiting.is_empty() {
        let ready = waiting
            .iter()
            .position(|(_, ups)| {
                ups.iter().all(|up| {
                    order.contains(&up.as_str()) || !waiting.iter().any(|(env, _)| env == up)
                })
            })
            .unwrap_or(0);
        order.push(waiting.remove(ready).0);
    }
    order
}

#[derive(Debug, Clone, Serialize)]
pub struct Promotion {
    pub from: String,
    pub to: String,
    pub from_release: Option<String>,
    pub to_release: Option<String>,
    /// Oldest first.
    pub releases: Vec<PromotedRelease>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PromotedRelease {
    pub version: String,
    pub title: String,
    pub status: ReleaseStatus,
    pub changes: Vec<ChangeGroup>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChangeGroup {
    pub kind: ChangeKind,
    pub changes: Vec<Change>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PromotionError {
    #[error("unknown environment `{0}`")]
    UnknownEnvironment(String),
    #[error("environment `{0}` has no release")]
    NothingThere(String),
    #[error("environment `{env}` runs `{release}`, which is not a semantic version")]
    NotSemver { env: String, release: String },
}

/// The releases newer than what `to` runs, up to what `from` runs, leaving
/// out withdrawn ones: what the promotion from `from` to `to` ships.
pub fn promotion(registry: &Registry, from: &str, to: &str) -> Result<Promotion, PromotionError> {
    let release_of = |env: &str| -> Result<Option<String>, PromotionError> {
        let doc = registry
            .environments
            .get(env)
            .ok_or_else(|| PromotionError::UnknownEnvironment(env.to_string()))?;
        Ok(doc.data.release.clone())
    };
    let version_of = |env: &str, release: &str| {
        Version::parse(release).map_err(|_| PromotionError::NotSemver {
            env: env.to_string(),
            release: release.to_string(),
        })
    };
    let from_release = release_of(from)?;
    let to_release = release_of(to)?;
    let Some(top) = &from_release else {
        return Err(PromotionError::NothingThere(from.to_string()));
    };
    let top = version_of(from, top)?;
    let bottom = to_release
        .as_deref()
        .map(|r| version_of(to, r))
        .transpose()?;
    let releases = registry
        .releases
        .iter()
        .filter(|r| r.doc.data.status != ReleaseStatus::Withdrawn)
        .filter(|r| {
            r.version
                .as_ref()
                .is_some_and(|v| *v <= top && bottom.as_ref().is_none_or(|b| v > b))
        })
        .map(|r| PromotedRelease {
            version: r.id().to_string(),
            title: r.doc.data.title.clone(),
            status: r.doc.data.status,
            changes: group_by_kind(&r.doc.data.changes),
        })
        .collect();
    Ok(Promotion {
        from: from.to_string(),
        to: to.to_string(),
        from_release,
        to_release,
        releases,
    })
}

fn group_by_kind(changes: &[Change]) -> Vec<ChangeGroup> {
    let mut groups: Vec<ChangeGroup> = Vec::new();
    let mut sorted: Vec<&Change> = changes.iter().collect();
    sorted.sort_by_key(|c| c.kind);
    for change in sorted {
        match groups.last_mut() {
            Some(group) if group.kind == change.kind => group.changes.push(change.clone()),
            _ => groups.push(ChangeGroup {
                kind: change.kind,
                changes: vec![change.clone()],
            }),
        }
    }
    groups
}
