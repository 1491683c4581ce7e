//! What makes a release acceptable, item by item: the checklist on the
//! internal release page. It is `check`'s judgement arranged per release —
//! an item is missing exactly when `check` reports it — plus what the same
//! rules would say of the steps still ahead (its next deploys, its deploy
//! doc before it is ready), which `check` reports once they are taken.

use serde::Serialize;

use super::Release;
use crate::diagnostic::Diagnostic;
use crate::files::ReleaseStatus;
use crate::judgement::{Judgement, Proposals};
use crate::validate::{DeployDocGap, deploy_doc_gaps};

/// Where an item stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    Done,
    /// `check` reports it now.
    Missing,
    /// Needed for a step not taken yet; `check` reports it when it is.
    Next,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct CheckItem {
    pub state: State,
    /// `state == Done`, for templates.
    pub ok: bool,
    pub label: String,
    pub detail: String,
    /// The findings of `check` behind a missing item, as `file:line: message`.
    pub findings: Vec<String>,
    /// The environment a deploy item is about (its id), so that pages can
    /// name it as they name it elsewhere.
    pub environment: Option<String>,
}

fn item(state: State, label: impl Into<String>, detail: impl Into<String>) -> CheckItem {
    CheckItem {
        state,
        ok: state == State::Done,
        label: label.into(),
        detail: detail.into(),
        findings: Vec::new(),
        environment: None,
    }
}

fn located(d: &Diagnostic) -> String {
    if d.position.line == 0 {
        format!("{}: {}", d.file, d.message)
    } else {
        format!("{}:{}: {}", d.file, d.position.line, d.message)
    }
}

/// An item missing because of `found`, or done with `done` as its detail.
fn from_findings(label: &str, found: &[&Diagnostic], done: impl Into<String>) -> CheckItem {
    if found.is_empty() {
        return item(State::Done, label, done);
    }
    let mut missing = item(
        State::Missing,
        label,
        found
            .iter()
            .map(|d| d.message.as_str())
            .collect::<Vec<_>>()
            .join("; "),
    );
    missing.findings = found.iter().map(|d| located(d)).collect();
    missing
}

/// The checklist of `release`; `proposals` judges its next deploys.
pub fn checklist(
    judgement: &Judgement,
    proposals: &Proposals<'_>,
    release: &Release,
) -> Vec<CheckItem> {
    let registry = &judgement.registry;
    let data = &release.doc.data;
    let in_folder: Vec<&Diagnostic> = judgement.in_release_folder(&release.folder).collect();
    let mut used = vec![false; in_folder.len()];
    let mut take = |pick: &dyn Fn(&Diagnostic) -> bool| -> Vec<&Diagnostic> {
        let mut out = Vec::new();
        for (i, d) in in_folder.iter().enumerate() {
            if !used[i] && pick(d) {
                used[i] = true;
                out.push(*d);
            }
        }
        out
    };
    let mut items = Vec::new();

    let owner_line = release
        .doc
        .source
        .position(release.doc.spans.value("/owner").start)
        .line;
    let owner = take(&|d| d.code == "unknown-person" && d.position.line == owner_line);
    let owner_name = registry
        .teams
        .as_ref()
        .and_then(|t| t.data.people.get(&data.owner))
        .map_or(data.owner.as_str(), |p| p.name.as_str());
    items.push(from_findings(
        "Owner",
        &owner,
        format!("{owner_name} is responsible"),
    ));

    if data.customer_facing {
        let notes = take(&|d| d.code == "notes-missing");
        items.push(from_findings(
            "Customer notes",
            &notes,
            "notes.md is written",
        ));
    }

    let doc = take(&|d| d.code == "deploy-doc");
    let needs_doc = matches!(data.status, ReleaseStatus::Ready | ReleaseStatus::Approved);
    let gaps = deploy_doc_gaps(
        release.deploy.as_ref().map(|d| d.text.as_str()),
        &registry.policy().deploy_doc_sections,
    );
    items.push(if !doc.is_empty() || needs_doc || gaps.is_empty() {
        from_findings("Deploy doc", &doc, "every required section is written")
    } else {
        item(
            State::Next,
            "Deploy doc",
            format!(
                "needed once the release is ready: {}",
                gaps.iter().map(gap_text).collect::<Vec<_>>().join(", ")
            ),
        )
    });

    for &env in proposals.promotion_order() {
        let mut deploy = deploy_item(judgement, proposals, release, env);
        deploy.environment = Some(env.to_string());
        items.push(deploy);
    }

    let rest = take(&|_| true);
    for d in rest {
        let mut other = item(
            State::Missing,
            format!("`check`: {}", d.code),
            d.message.clone(),
        );
        other.findings = vec![located(d)];
        items.push(other);
    }
    items
}

fn gap_text(gap: &DeployDocGap) -> String {
    match gap {
        DeployDocGap::NoDoc => "deploy.md is missing".to_string(),
        DeployDocGap::NoSection(name) => format!("no `{name}` section"),
        DeployDocGap::Empty(name, _) => format!("`{name}` is empty"),
    }
}

/// The deploys of `release` to `env` as `check` judged them; or, where it
/// has not gone yet, what the same rules say of deploying it there now.
fn deploy_item(
    judgement: &Judgement,
    proposals: &Proposals<'_>,
    release: &Release,
    env: &str,
) -> CheckItem {
    let version = release.id();
    if judgement.deployed(version, env) {
        let found: Vec<&Diagnostic> = judgement.findings_for(version, env).collect();
        return from_findings(
            &format!("Deploy to {env}"),
            &found,
            "deployed; every rule held",
        );
    }
    // Where a newer release already runs, going there is no step ahead.
    let running = judgement
        .registry
        .environments
        .get(env)
        .and_then(|d| d.data.release.as_deref());
    if let Some(running) = running {
        let newer = judgement
            .registry
            .release(running)
            .and_then(|r| r.version.as_ref());
        if let (Some(newer), Some(this)) = (newer, release.version.as_ref())
            && newer.cmp_precedence(this).is_ge()
        {
            return item(
                State::Done,
                format!("Deploy to {env}"),
                format!("not needed: {running} runs there"),
            );
        }
    }
    let problems = proposals.judge(version, env);
    if problems.is_empty() {
        return item(State::Done, format!("Deploy to {env}"), "may go there now");
    }
    item(
        State::Next,
        format!("Deploy to {env}"),
        problems
            .iter()
            .map(|d| {
                // The rules say "deploying X to env: ..."; the label says that.
                d.message
                    .split_once(": ")
                    .map_or(d.message.as_str(), |(_, what)| what)
                    .to_string()
            })
            .collect::<Vec<_>>()
            .join("; "),
    )
}
