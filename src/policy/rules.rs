//! One rule a function; each returns the problems of one deploy event.

use std::collections::BTreeSet;

use jiff::Timestamp;

use super::{Timeline, Verdict};
use crate::calendar::{Window, format_duration, parse_duration};
use crate::diagnostic::{Diagnostic, Severity};
use crate::files::{EnvironmentPolicy, ReleaseStatus, Tier};
use crate::history::{DeployEvent, DeployKind};
use crate::model::{Registry, Release};

/// The problems of event `index` of the timeline.
pub fn judge_event(registry: &Registry, timeline: &Timeline, index: usize) -> Vec<Diagnostic> {
    let event = &timeline.events[index];
    let ctx = Context {
        registry,
        timeline,
        index,
        event,
        release: registry.release(&event.release),
        policy: registry
            .policy()
            .environments
            .get(&event.environment)
            .cloned()
            .unwrap_or_default(),
    };
    let mut out = Vec::new();
    if timeline.verdicts[index] == Verdict::Proposed {
        status(&ctx, &mut out);
    }
    // Going back to a release that already ran here is how incidents end;
    // the promotion rules were met when it first arrived.
    if event.kind == DeployKind::Rollback {
        return out;
    }
    if event.kind == DeployKind::Deploy {
        promotion_order(&ctx, &mut out);
        soak(&ctx, &mut out);
        approvals(&ctx, &mut out);
    }
    freeze(&ctx, &mut out);
    out
}

struct Context<'a> {
    registry: &'a Registry,
    timeline: &'a Timeline,
    index: usize,
    event: &'a DeployEvent,
    release: Option<&'a Release>,
    policy: EnvironmentPolicy,
}

impl Context<'_> {
    /// A problem with this deploy, on the `release` line of the environment file.
    fn problem(&self, code: &'static str, what: String) -> Diagnostic {
        let env = &self.event.environment;
        let message = format!("{}: {what}", self.describe());
        match self.registry.environments.get(env) {
            Some(doc) => doc.error_at("/release", code, message),
            None => Diagnostic::whole_file(
                Severity::Error,
                format!("environments/{env}.toml"),
                code,
                message,
            ),
        }
    }

    fn describe(&self) -> String {
        let e = self.event;
        match self.timeline.verdicts[self.index] {
            Verdict::Past => format!(
                "deploy of {} to {} on {} (commit {})",
                e.release,
                e.environment,
                e.at.strftime("%Y-%m-%d %H:%M UTC"),
                e.commit.chars().take(10).collect::<String>()
            ),
            _ => format!("deploying {} to {}", e.release, e.environment),
        }
    }

    fn release_file(&self) -> String {
        format!("releases/{}/release.toml", self.event.release)
    }

    /// The people whose approval counts for this environment: members of
    /// the policy's approver teams, or anyone in teams.toml if it names none.
    fn approvers(&self) -> BTreeSet<String> {
        let Some(teams) = &self.registry.teams else {
            return BTreeSet::new();
        };
        teams
            .data
            .people
            .iter()
            .filter(|(_, person)| {
                self.policy.approver_teams.is_empty()
                    || person
                        .teams
                        .iter()
                        .any(|t| self.policy.approver_teams.contains(t))
            })
            .map(|(id, _)| id.clone())
            .collect()
    }

    fn teams_phrase(&self) -> String {
        if self.policy.approver_teams.is_empty() {
            String::new()
        } else {
            format!(" from {}", self.policy.approver_teams.join(" or "))
        }
    }

    /// Earlier events (by time, then order) of environment `env`.
    fn earlier_on<'b>(&'b self, env: &'b str) -> impl Iterator<Item = &'b DeployEvent> + 'b {
        self.timeline.events[..self.index]
            .iter()
            .filter(move |e| e.environment == env && e.at <= self.event.at)
    }
}

fn status(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(release) = ctx.release else { return };
    let status = release.doc.data.status;
    if status == ReleaseStatus::Withdrawn {
        out.push(
            ctx.problem("withdrawn", "the release is withdrawn".to_string())
                .with_help(format!(
                    "{} says status = \"withdrawn\"; deploy another release",
                    ctx.release_file()
                )),
        );
        return;
    }
    let tier = ctx
        .registry
        .environments
        .get(&ctx.event.environment)
        .map(|d| d.data.tier);
    if tier == Some(Tier::Production)
        && status != ReleaseStatus::Approved
        && ctx.event.kind != DeployKind::Rollback
    {
        let status = serde_json::to_value(status).ok();
        let status = status.as_ref().and_then(|s| s.as_str()).unwrap_or("?");
        out.push(
            ctx.problem(
                "not-approved",
                format!("only approved releases may reach production, and this one is {status}"),
            )
            .with_help(format!(
                "set status = \"approved\" in {} once it is",
                ctx.release_file()
            )),
        );
    }
}

fn promotion_order(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for up in &ctx.policy.after {
        let ran = ctx.earlier_on(up).any(|e| e.release == ctx.event.release);
        if !ran {
            out.push(
                ctx.problem(
                    "promotion-order",
                    format!("{} has not run on {up} yet", ctx.event.release),
                )
                .with_help(format!(
                    "deploy it to {up} first: {} comes after {}",
                    ctx.event.environment,
                    ctx.policy.after.join(", ")
                )),
            );
        }
    }
}

/// How long `release` ran on `env` before the event: the sum of the spans
/// from each deploy of it there to the next deploy there.
fn run_time(ctx: &Context<'_>, env: &str) -> Option<i64> {
    let mut events: Vec<&DeployEvent> = ctx.earlier_on(env).collect();
    events.sort_by_key(|e| e.at);
    let mut total: Option<i64> = None;
    for (i, e) in events.iter().enumerate() {
        if e.release != ctx.event.release {
            continue;
        }
        let end: Timestamp = events.get(i + 1).map_or(ctx.event.at, |next| next.at);
        *total.get_or_insert(0) += end.as_second() - e.at.as_second();
    }
    total
}

fn soak(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(soak) = ctx.policy.soak.as_deref() else {
        return;
    };
    let Some(needed) = parse_duration(soak) else {
        return;
    };
    for up in &ctx.policy.after {
        // Never ran there: promotion_order has said so.
        let Some(ran) = run_time(ctx, up) else {
            continue;
        };
        if ran < needed {
            out.push(
                ctx.problem(
                    "soak",
                    format!(
                        "{} ran on {up} for {}, and {} needs {soak}",
                        ctx.event.release,
                        format_duration(ran),
                        ctx.event.environment
                    ),
                )
                .with_help(format!("wait until it has soaked on {up} for {soak}")),
            );
        }
    }
}

fn approvals(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let needed = ctx.policy.approvals.unwrap_or(0) as usize;
    if needed == 0 {
        return;
    }
    let Some(release) = ctx.release else { return };
    let approvers = ctx.approvers();
    let owner = &release.doc.data.owner;
    let mut counted = BTreeSet::new();
    let mut not_counted = Vec::new();
    for approval in &release.doc.data.approvals {
        if &approval.by == owner {
            not_counted.push(format!("{} is the owner", approval.by));
        } else if !approvers.contains(&approval.by) {
            not_counted.push(format!(
                "{} is not in {}",
                approval.by,
                ctx.policy.approver_teams.join(" or ")
            ));
        } else if approval.at > ctx.event.at {
            not_counted.push(format!("{} approved after the deploy", approval.by));
        } else {
            counted.insert(approval.by.clone());
        }
    }
    if counted.len() < needed {
        let mut help = format!("add [[approvals]] to {}", ctx.release_file());
        if !not_counted.is_empty() {
            help.push_str(&format!("; not counted: {}", not_counted.join(", ")));
        }
        out.push(
            ctx.problem(
                "approvals",
                format!(
                    "{} needs {needed} approval{}{}, and {} has {}",
                    ctx.event.environment,
                    if needed == 1 { "" } else { "s" },
                    ctx.teams_phrase(),
                    ctx.release_file(),
                    counted.len()
                ),
            )
            .with_help(help),
        );
    }
}

fn freeze(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(calendar) = &ctx.registry.calendar else {
        return;
    };
    let env = &ctx.event.environment;
    for freeze in &calendar.data.freeze {
        if freeze
            .environments
            .as_ref()
            .is_some_and(|envs| !envs.contains(env))
        {
            continue;
        }
        // Broken windows are reported by `check` on calendar.toml itself.
        let Ok(window) = Window::from_freeze(freeze) else {
            continue;
        };
        if !window.contains(ctx.event.at) {
            continue;
        }
        let exception = ctx
            .release
            .and_then(|r| r.doc.data.freeze_exception.as_ref());
        match exception {
            Some(exception) if ctx.approvers().contains(&exception.approved_by) => {}
            Some(exception) => out.push(
                ctx.problem("freeze", format!("inside the freeze window \"{}\"", freeze.name)).with_help(format!(
                    "the freeze_exception in {} is approved by {}, who is not an approver{} for {env}",
                    ctx.release_file(),
                    exception.approved_by,
                    ctx.teams_phrase()
                )),
            ),
            None => out.push(
                ctx.problem("freeze", format!("inside the freeze window \"{}\"", freeze.name)).with_help(format!(
                    "wait for the freeze to end, or add freeze_exception = {{ reason = \"...\", approved_by = \"...\" }} to {} with an approver{}",
                    ctx.release_file(),
                    ctx.teams_phrase()
                )),
            ),
        }
    }
}
