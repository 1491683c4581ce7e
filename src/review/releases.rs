//! The releases a pull request adds, changes or removes: what changed in
//! their record, whether their deploy doc is complete, and what customers
//! will read of them and from when.

use std::collections::HashSet;

use jiff::Timestamp;
use serde::Serialize;

use crate::files::{Audience, ChangeKind, ReleaseStatus, Risk};
use crate::judgement::Judgement;
use crate::model::{Registry, Release};
use crate::policy::Verdict;
use crate::validate::{DeployDocGap, deploy_doc_gaps};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Edit {
    Added,
    Changed,
    Removed,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReleaseReview {
    pub version: String,
    pub edit: Edit,
    pub title: String,
    /// The owner's id, and their name from teams.toml.
    pub owner: String,
    pub owner_name: String,
    pub risk: Option<Risk>,
    /// Before the pull request (`None` for a new release).
    pub status_before: Option<ReleaseStatus>,
    /// After it (`None` for a removed release).
    pub status: Option<ReleaseStatus>,
    /// The files of the release folder the pull request changes.
    pub files: Vec<String>,
    pub changes_added: Vec<ChangeLine>,
    pub changes_removed: Vec<ChangeLine>,
    pub approvals_added: Vec<ApprovalLine>,
    pub approvals_removed: Vec<ApprovalLine>,
    /// `None` for a removed release.
    pub deploy_doc: Option<DeployDoc>,
    /// `None` for a removed release.
    pub public: Option<Publication>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChangeLine {
    pub kind: ChangeKind,
    pub audience: Audience,
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApprovalLine {
    pub by: String,
    pub name: String,
    pub at: Timestamp,
}

/// The required sections of deploy.md (`[policy] deploy_doc_sections`).
#[derive(Debug, Clone, Serialize)]
pub struct DeployDoc {
    /// Whether the release has a deploy.md at all.
    pub exists: bool,
    pub present: Vec<String>,
    /// Absent, or a heading with nothing under it.
    pub missing: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PublicWhen {
    /// Internal or withdrawn: never on the public site.
    Never,
    /// Customers can read it already.
    Published,
    /// Once it reaches production (and `publish_at` has passed, if set).
    OnProduction,
    /// It is in production; its notes appear at `publish_at`.
    PublishAt,
}

/// What customers will read of a release, and from when.
#[derive(Debug, Clone, Serialize)]
pub struct Publication {
    pub when: PublicWhen,
    /// Since when, or from when, it is public, where known.
    pub at: Option<Timestamp>,
    /// This pull request deploys it to a production environment.
    pub on_merge: bool,
    /// The body of its public page (notes.md, then the public changes), as
    /// the public site renders it, sanitized; `None` when it is never public.
    pub preview_html: Option<String>,
}

pub fn releases(before: &Registry, judgement: &Judgement) -> Vec<ReleaseReview> {
    let after = &judgement.registry;
    let mut out = Vec::new();
    for release in &after.releases {
        let old = before.release(release.id());
        let files = changed_files(old, Some(release));
        if files.is_empty() {
            continue;
        }
        out.push(describe(after, old, release, files, judgement));
    }
    let kept: HashSet<&str> = after.releases.iter().map(Release::id).collect();
    for old in before.releases.iter().filter(|r| !kept.contains(r.id())) {
        let data = &old.doc.data;
        out.push(ReleaseReview {
            version: data.version.clone(),
            edit: Edit::Removed,
            title: data.title.clone(),
            owner: data.owner.clone(),
            owner_name: crate::site::view::person_name(before, &data.owner),
            risk: data.risk,
            status_before: Some(data.status),
            status: None,
            files: changed_files(Some(old), None),
            changes_added: Vec::new(),
            changes_removed: Vec::new(),
            approvals_added: Vec::new(),
            approvals_removed: Vec::new(),
            deploy_doc: None,
            public: None,
        });
    }
    out
}

fn describe(
    after: &Registry,
    old: Option<&Release>,
    release: &Release,
    files: Vec<String>,
    judgement: &Judgement,
) -> ReleaseReview {
    let data = &release.doc.data;
    let no_changes = Vec::new();
    let no_approvals = Vec::new();
    let old_changes = old.map_or(&no_changes, |r| &r.doc.data.changes);
    let old_approvals = old.map_or(&no_approvals, |r| &r.doc.data.approvals);
    let lines = |changes: &[crate::files::Change]| -> Vec<ChangeLine> {
        changes
            .iter()
            .map(|c| ChangeLine {
                kind: c.kind,
                audience: c.audience,
                summary: c.summary.clone(),
            })
            .collect()
    };
    let approvals = |approvals: &[crate::files::Approval]| -> Vec<ApprovalLine> {
        approvals
            .iter()
            .map(|a| ApprovalLine {
                by: a.by.clone(),
                name: crate::site::view::person_name(after, &a.by),
                at: a.at,
            })
            .collect()
    };
    let (changes_added, changes_removed) = difference(lines(old_changes), lines(&data.changes));
    let (approvals_added, approvals_removed) =
        difference(approvals(old_approvals), approvals(&data.approvals));
    ReleaseReview {
        version: data.version.clone(),
        edit: if old.is_some() {
            Edit::Changed
        } else {
            Edit::Added
        },
        title: data.title.clone(),
        owner: data.owner.clone(),
        owner_name: crate::site::view::person_name(after, &data.owner),
        risk: data.risk,
        status_before: old.map(|r| r.doc.data.status),
        status: Some(data.status),
        files,
        changes_added,
        changes_removed,
        approvals_added,
        approvals_removed,
        deploy_doc: Some(deploy_doc(after, release)),
        public: Some(publication(release, judgement)),
    }
}

/// What `after` has that `before` has not, and the other way round, each
/// item matched once (two equal changes are two).
fn difference<T: PartialEq>(before: Vec<T>, after: Vec<T>) -> (Vec<T>, Vec<T>) {
    let mut removed = before;
    let mut added = Vec::new();
    for item in after {
        match removed.iter().position(|r| *r == item) {
            Some(i) => {
                removed.remove(i);
            }
            None => added.push(item),
        }
    }
    (added, removed)
}

/// The files of a release folder that differ between the two sides.
fn changed_files(old: Option<&Release>, new: Option<&Release>) -> Vec<String> {
    let record = |r: Option<&Release>| r.and_then(|r| serde_json::to_value(&r.doc.data).ok());
    let mut out = Vec::new();
    if record(old) != record(new) {
        out.push("release.toml".to_string());
    }
    fn texts(r: &Release) -> [(&'static str, Option<&str>); 3] {
        [
            ("notes.md", r.notes.as_ref()),
            ("internal.md", r.internal.as_ref()),
            ("deploy.md", r.deploy.as_ref()),
        ]
        .map(|(name, file)| (name, file.map(|f| f.text.as_str())))
    }
    let none = [
        ("notes.md", None),
        ("internal.md", None),
        ("deploy.md", None),
    ];
    let old_texts = old.map_or(none, texts);
    let new_texts = new.map_or(none, texts);
    for ((name, a), (_, b)) in old_texts.into_iter().zip(new_texts) {
        if a != b {
            out.push(name.to_string());
        }
    }
    out
}

fn deploy_doc(registry: &Registry, release: &Release) -> DeployDoc {
    let required = &registry.policy().deploy_doc_sections;
    let gaps = deploy_doc_gaps(release.deploy.as_ref().map(|d| d.text.as_str()), required);
    let missing: Vec<String> = required
        .iter()
        .filter(|name| {
            gaps.iter().any(|g| match g {
                DeployDocGap::NoDoc => true,
                DeployDocGap::NoSection(n) | DeployDocGap::Empty(n, _) => n == *name,
            })
        })
        .cloned()
        .collect();
    DeployDoc {
        exists: release.deploy.is_some(),
        present: required
            .iter()
            .filter(|n| !missing.contains(n))
            .cloned()
            .collect(),
        missing,
    }
}

/// When customers read `release`: what ran in production before the pull
/// request (the base's history) and what it deploys there itself.
fn publication(release: &Release, judgement: &Judgement) -> Publication {
    let data = &release.doc.data;
    let registry = &judgement.registry;
    let never = !data.customer_facing || data.status == ReleaseStatus::Withdrawn;
    let timeline = &judgement.timeline;
    let in_production = |verdict: Verdict| {
        timeline
            .events
            .iter()
            .zip(&timeline.verdicts)
            .filter(|(e, v)| {
                **v == verdict
                    && e.release == data.version
                    && registry.is_production(&e.environment)
            })
            .map(|(e, _)| e.at)
            .min()
    };
    let reached = in_production(Verdict::Skip);
    let on_merge = reached.is_none() && in_production(Verdict::Proposed).is_some();
    let (when, at) = match reached {
        _ if never => (PublicWhen::Never, None),
        Some(reached) => {
            let at = data.publish_at.map_or(reached, |p| p.max(reached));
            if at <= judgement.now {
                (PublicWhen::Published, Some(at))
            } else {
                (PublicWhen::PublishAt, Some(at))
            }
        }
        None => (PublicWhen::OnProduction, data.publish_at),
    };
    Publication {
        when,
        at,
        on_merge: on_merge && !never,
        preview_html: (!never).then(|| crate::site::public::release_body_html(release)),
    }
}
