//! One rule a function; each returns the problems of one deploy event.

use std::collections::{BTreeSet, HashMap};

use jiff::Timestamp;

use super::hold::{Checks, Held, Hold};
use super::verified::{Standing, standing};
use super::{Timeline, Verdict};
use crate::diagnostic::{Diagnostic, Severity};
use crate::files::ReleaseStatus;
use crate::history::{DeployEvent, DeployKind};
use crate::model::calendar::{format_duration, human_time};
use crate::model::rules::{EnvRules, FreezeRule, Limit, Rules};
use crate::model::{Registry, Release};

/// From when to when a release ran on an environment; `None`: it still
/// runs. `proposed`: the run has not begun yet (a pull request, an
/// uncommitted change), so it counts for nothing proposed at the same moment.
#[derive(Debug, Clone, Copy)]
struct Span {
    start: Timestamp,
    end: Option<Timestamp>,
    proposed: bool,
    /// When the run entered the record: later than `start` for a deploy
    /// recorded after the fact (`deployed_at`).
    recorded: Timestamp,
}

impl Span {
    /// When the run began, as a deploy judged as `verdict` may count it: a
    /// past deploy is judged by the record as written; a proposed one only
    /// by what was on record, so an early `deployed_at` buys no soak time.
    fn start_for(&self, verdict: Verdict) -> Timestamp {
        match verdict {
            Verdict::Proposed => self.recorded,
            Verdict::Past | Verdict::Skip => self.start,
        }
    }
}

/// When each release ran on each environment, built once for all the
/// events of a timeline (so that judging stays linear in its length).
pub struct Runs<'a> {
    /// (environment, release) → the spans it ran there, by time.
    spans: HashMap<(&'a str, &'a str), Vec<Span>>,
}

impl<'a> Runs<'a> {
    pub fn new(timeline: &'a Timeline) -> Runs<'a> {
        let mut by_env: HashMap<&str, Vec<(&DeployEvent, bool)>> = HashMap::new();
        for (event, verdict) in timeline.events.iter().zip(&timeline.verdicts) {
            by_env
                .entry(event.environment.as_str())
                .or_default()
                .push((event, *verdict == Verdict::Proposed));
        }
        let mut spans: HashMap<(&str, &str), Vec<Span>> = HashMap::new();
        for (env, mut events) in by_env {
            // Stable: events at the same time keep their order.
            events.sort_by_key(|(e, _)| e.at);
            for (i, (event, proposed)) in events.iter().enumerate() {
                let end = events.get(i + 1).map(|(next, _)| next.at);
                spans
                    .entry((env, event.release.as_str()))
                    .or_default()
                    .push(Span {
                        start: event.at,
                        end,
                        proposed: *proposed,
                        recorded: event.recorded_at.map_or(event.at, |r| r.max(event.at)),
                    });
            }
        }
        Runs { spans }
    }

    /// Whether `release` ran on `env` by `until`: a run proposed for that
    /// same moment has not happened yet, so a pull request cannot promote
    /// a release through an environment in the same breath.
    fn ran_by(&self, env: &str, release: &str, until: Timestamp, verdict: Verdict) -> bool {
        self.spans.get(&(env, release)).is_some_and(|s| {
            s.iter().any(|span| {
                let start = span.start_for(verdict);
                start < until || (start == until && !span.proposed)
            })
        })
    }

    /// When the latest run of `release` on `env` that counts by `until` (as
    /// [`Runs::ran_by`] counts it) began; `None` if none does.
    fn latest_start(
        &self,
        env: &str,
        release: &str,
        until: Timestamp,
        verdict: Verdict,
    ) -> Option<Timestamp> {
        self.spans
            .get(&(env, release))?
            .iter()
            .filter(|span| {
                let start = span.start_for(verdict);
                start < until || (start == until && !span.proposed)
            })
            .map(|span| span.start)
            .max()
    }

    /// Whether `release` ran on `env` before `at` (a run that started then is
    /// the event being judged, not an earlier one).
    pub fn ran_before(&self, env: &str, release: &str, at: Timestamp) -> bool {
        self.spans
            .get(&(env, release))
            .is_some_and(|s| s.iter().any(|span| span.start < at))
    }

    /// Whether `release` is what runs on `env` at `at`.
    fn runs_at(&self, env: &str, release: &str, at: Timestamp) -> bool {
        self.spans.get(&(env, release)).is_some_and(|s| {
            s.iter()
                .any(|span| span.start <= at && span.end.is_none_or(|end| at < end))
        })
    }

    /// How long `release` ran on `env` before `until`, in seconds; `None` if
    /// it had not run there.
    fn run_time(
        &self,
        env: &str,
        release: &str,
        until: Timestamp,
        verdict: Verdict,
    ) -> Option<i64> {
        let spans = self.spans.get(&(env, release))?;
        let mut total = None;
        for span in spans {
            let start = span.start_for(verdict);
            if start > until {
                continue;
            }
            let end = span.end.map_or(until, |e| e.min(until));
            *total.get_or_insert(0) += (end.as_second() - start.as_second()).max(0);
        }
        total
    }
}

/// The problems of one deploy, judged as `verdict` says (a `Past` deploy's
/// release status is not judged: it may have changed since).
pub fn judge_event(
    registry: &Registry,
    rules: &Rules,
    runs: &Runs<'_>,
    event: &DeployEvent,
    verdict: Verdict,
) -> Vec<Diagnostic> {
    judge_event_held(registry, rules, runs, event, verdict)
        .into_iter()
        .map(|held| held.diagnostic)
        .collect()
}

/// As [`judge_event`], each problem with the rule behind it.
pub fn judge_event_held(
    registry: &Registry,
    rules: &Rules,
    runs: &Runs<'_>,
    event: &DeployEvent,
    verdict: Verdict,
) -> Vec<Held> {
    judge_event_checks(registry, rules, runs, event, verdict, false).into_held()
}

/// Every rule's verdict on one deploy, in the order they are applied; with
/// `record`, the rules it keeps say how (what `review` shows).
pub fn judge_event_checks(
    registry: &Registry,
    rules: &Rules,
    runs: &Runs<'_>,
    event: &DeployEvent,
    verdict: Verdict,
    record: bool,
) -> Checks {
    let ctx = Context {
        registry,
        runs,
        verdict,
        event,
        release: registry.release(&event.release),
        rules: rules.of(&event.environment),
        freezes: &rules.freezes,
        production: registry.is_production(&event.environment)
            || rules.production.contains(&event.environment),
    };
    let mut out = Checks::new(record);
    if verdict == Verdict::Proposed {
        status(&ctx, &mut out);
    }
    // Going back to a release that already ran here is how incidents end;
    // the promotion rules were met when it first arrived. Only that is a
    // rollback: a lower version that never ran here, or a withdrawn one, is
    // judged as the deploy it is.
    if is_real_rollback(&ctx) {
        out.keep("rollback", || {
            format!(
                "back to {}, which ran on {} before: the promotion rules were met when it first arrived",
                event.release, event.environment
            )
        });
        return out;
    }
    if event.kind != DeployKind::Redeploy {
        promotion_order(&ctx, &mut out);
        soak(&ctx, &mut out);
        approvals(&ctx, &mut out);
        verified(&ctx, &mut out);
    }
    freeze(&ctx, &mut out);
    out
}

fn is_real_rollback(ctx: &Context<'_>) -> bool {
    let event = ctx.event;
    event.kind == DeployKind::Rollback
        && ctx
            .runs
            .ran_before(&event.environment, &event.release, event.at)
        && ctx
            .release
            .is_none_or(|r| r.doc.data.status != ReleaseStatus::Withdrawn)
}

struct Context<'a> {
    registry: &'a Registry,
    runs: &'a Runs<'a>,
    verdict: Verdict,
    event: &'a DeployEvent,
    release: Option<&'a Release>,
    rules: &'a EnvRules,
    freezes: &'a [FreezeRule],
    /// Production-tier by the registry's files or by the rules judged by
    /// (a pull request cannot lower an environment's tier to pass).
    production: bool,
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
        match self.verdict {
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

    fn approvers(&self) -> &BTreeSet<String> {
        &self.rules.approvers
    }

    fn teams_phrase(&self) -> String {
        self.rules.teams_phrase()
    }
}

fn status(ctx: &Context<'_>, out: &mut Checks) {
    let Some(release) = ctx.release else { return };
    let status = release.doc.data.status;
    if status == ReleaseStatus::Withdrawn {
        out.push(Held {
            hold: Hold::Withdrawn,
            diagnostic: ctx
                .problem("withdrawn", "the release is withdrawn".to_string())
                .with_help(format!(
                    "{} says status = \"withdrawn\"; deploy another release",
                    ctx.release_file()
                )),
        });
        return;
    }
    if ctx.production && status != ReleaseStatus::Approved && !is_real_rollback(ctx) {
        out.push(Held {
            hold: Hold::NotApproved { status },
            diagnostic: ctx
                .problem(
                    "not-approved",
                    format!(
                        "only approved releases may reach production, and this one is {status}"
                    ),
                )
                .with_help(format!(
                    "set status = \"approved\" in {} once it is",
                    ctx.release_file()
                )),
        });
        return;
    }
    out.keep("status", || format!("{} is {status}", ctx.event.release));
}

fn promotion_order(ctx: &Context<'_>, out: &mut Checks) {
    for up in &ctx.rules.after {
        let ran = ctx
            .runs
            .ran_by(up, &ctx.event.release, ctx.event.at, ctx.verdict);
        if ran {
            out.keep("promotion-order", || {
                format!("{} ran on {up} first", ctx.event.release)
            });
        } else {
            out.push(Held {
                hold: Hold::NotRunOn { env: up.clone() },
                diagnostic: ctx
                    .problem(
                        "promotion-order",
                        format!("{} has not run on {up} yet", ctx.event.release),
                    )
                    .with_help(format!(
                        "deploy it to {up} first: {} comes after {}",
                        ctx.event.environment,
                        ctx.rules.after.join(", ")
                    )),
            });
        }
    }
}

fn soak(ctx: &Context<'_>, out: &mut Checks) {
    let (soak, needed) = match &ctx.rules.soak {
        None => return,
        Some(Limit::Usable { text, seconds }) => (text.as_str(), *seconds),
        Some(Limit::Unusable { text }) => {
            // `check` reports the value on milepost.toml; the deploy cannot pass unjudged.
            out.push(Held {
                hold: Hold::Unjudged {
                    rule: format!("soak `{text}`"),
                },
                diagnostic: ctx.problem(
                    "soak",
                    format!(
                        "the soak time `{text}` cannot be computed, so this deploy cannot be judged"
                    ),
                )
                .with_help(format!(
                    "fix policy.environments.{}.soak in milepost.toml",
                    ctx.event.environment
                )),
            });
            return;
        }
    };
    for up in &ctx.rules.after {
        // Never ran there: promotion_order has said so.
        let Some(ran) = ctx
            .runs
            .run_time(up, &ctx.event.release, ctx.event.at, ctx.verdict)
        else {
            continue;
        };
        if ran >= needed {
            out.keep("soak", || {
                format!(
                    "{} ran on {up} for {}; {} needs {soak}",
                    ctx.event.release,
                    format_duration(ran),
                    ctx.event.environment
                )
            });
        } else {
            // Still running there: it has soaked enough once the rest has passed.
            let still_runs = ctx.runs.runs_at(up, &ctx.event.release, ctx.event.at);
            let ends = still_runs
                .then(|| {
                    ctx.event
                        .at
                        .checked_add(jiff::SignedDuration::from_secs(needed - ran))
                        .ok()
                })
                .flatten();
            let help = match ends {
                Some(ready) => format!(
                    "it has soaked on {up} for {soak} at {}; deploy then",
                    human_time(ready)
                ),
                None => format!(
                    "it no longer runs on {up}: deploy it there again and let it soak for {soak}"
                ),
            };
            out.push(Held {
                hold: Hold::Soak {
                    on: up.clone(),
                    ends,
                },
                diagnostic: ctx
                    .problem(
                        "soak",
                        format!(
                            "{} ran on {up} for {}, and {} needs {soak}",
                            ctx.event.release,
                            format_duration(ran),
                            ctx.event.environment
                        ),
                    )
                    .with_help(help),
            });
        }
    }
}

fn approvals(ctx: &Context<'_>, out: &mut Checks) {
    let needed = ctx.rules.approvals;
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
                ctx.rules.approver_teams.join(" or ")
            ));
        } else if approval.at > ctx.event.at {
            not_counted.push(format!("{} approved after the deploy", approval.by));
        } else {
            counted.insert(approval.by.clone());
        }
    }
    if counted.len() >= needed {
        out.keep("approvals", || {
            format!(
                "{} of {needed}{}: {}",
                counted.len(),
                ctx.teams_phrase(),
                counted.iter().cloned().collect::<Vec<_>>().join(", ")
            )
        });
    } else {
        let can: Vec<&String> = approvers
            .iter()
            .filter(|p| *p != owner && !counted.contains(*p))
            .collect();
        let mut help = match can.len() {
            0 => format!(
                "no one{} but the owner can approve it: add an approver to teams.toml",
                ctx.teams_phrase()
            ),
            _ => format!(
                "{} more before the deploy, from {} (`milepost approve {} --by PERSON`)",
                needed - counted.len(),
                can.iter()
                    .map(|p| p.as_str())
                    .collect::<Vec<_>>()
                    .join(" or "),
                ctx.event.release
            ),
        };
        if !not_counted.is_empty() {
            help.push_str(&format!("; not counted: {}", not_counted.join(", ")));
        }
        out.push(Held {
            hold: Hold::Approvals {
                have: counted.len(),
                need: needed,
                teams: ctx.rules.approver_teams.clone(),
            },
            diagnostic: ctx
                .problem(
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
        });
    }
}

/// `verified_on`: a passed verification on each of those environments,
/// decided as [`super::verified`] says.
fn verified(ctx: &Context<'_>, out: &mut Checks) {
    let event = ctx.event;
    let release = &event.release;
    let verifications = ctx
        .release
        .map_or(&[][..], |r| r.doc.data.verifications.as_slice());
    let record = |on: &str| format!("`milepost verified {release} --on {on} --by PERSON`");
    for on in &ctx.rules.verified_on {
        let deployed = ctx.runs.latest_start(on, release, event.at, ctx.verdict);
        let (what, help, failed) = match deployed {
            None => (
                format!("{release} has not run on {on}, so it has not been verified there"),
                format!(
                    "{} needs a passed verification on {on} first: deploy it there, check that it works, then record it with {}",
                    event.environment,
                    record(on)
                ),
                false,
            ),
            Some(deployed) => match standing(verifications, on, deployed, event.at) {
                Standing::Passed(v) => {
                    out.keep("verified-on", || {
                        format!("verified on {on} by {} ({})", v.by, human_time(v.at))
                    });
                    continue;
                }
                Standing::Failed(v) => (
                    format!(
                        "the latest verification of {release} on {on} failed ({}, {})",
                        v.by,
                        human_time(v.at)
                    ),
                    format!(
                        "fix what failed and verify it again: a passed verification later than the failed one lets it go ({})",
                        record(on)
                    ),
                    true,
                ),
                Standing::Unverified {
                    too_early,
                    too_late,
                } => {
                    let mut help = format!(
                        "check on {on} that it works, then record it with {}",
                        record(on)
                    );
                    let mut not_counted = Vec::new();
                    if too_early > 0 {
                        not_counted.push(format!(
                            "{too_early} from before its deploy there on {}",
                            human_time(deployed)
                        ));
                    }
                    if too_late > 0 {
                        not_counted.push(format!("{too_late} from after this deploy"));
                    }
                    if !not_counted.is_empty() {
                        help.push_str(&format!("; not counted: {}", not_counted.join(", ")));
                    }
                    (
                        format!(
                            "{release} has no passed verification on {on} since it was deployed there"
                        ),
                        help,
                        false,
                    )
                }
            },
        };
        out.push(Held {
            hold: Hold::NotVerified {
                on: on.clone(),
                failed,
            },
            diagnostic: ctx.problem("verified-on", what).with_help(help),
        });
    }
}

fn freeze(ctx: &Context<'_>, out: &mut Checks) {
    let env = &ctx.event.environment;
    let mut waived = Vec::new();
    for freeze in ctx.freezes.iter().filter(|f| f.applies_to(env)) {
        let window = match &freeze.window {
            Ok(window) => window,
            Err(broken) => {
                // Reported on calendar.toml itself; the deploy cannot pass unjudged.
                out.push(Held {
                    hold: Hold::Unjudged {
                        rule: format!("freeze \"{}\"", freeze.name),
                    },
                    diagnostic: ctx
                        .problem(
                            "freeze",
                            format!(
                                "the freeze window \"{}\" cannot be read ({}), so this deploy cannot be judged",
                                freeze.name, broken.message
                            ),
                        )
                        .with_help("fix the window in calendar.toml"),
                });
                continue;
            }
        };
        let Some(opens) = window.opens_after(ctx.event.at) else {
            continue;
        };
        let until = format!(
            "inside the freeze window \"{}\" (until {})",
            freeze.name,
            human_time(opens)
        );
        let frozen = || Hold::Freeze {
            name: freeze.name.clone(),
            until: opens,
        };
        let exception = ctx
            .release
            .and_then(|r| r.doc.data.freeze_exception.as_ref());
        match exception {
            // The owner cannot waive a freeze for their own release, as
            // they cannot approve it.
            Some(exception)
                if ctx.approvers().contains(&exception.approved_by)
                    && ctx
                        .release
                        .is_none_or(|r| r.doc.data.owner != exception.approved_by) =>
            {
                waived.push(format!(
                    "inside the freeze window \"{}\", waived by {}",
                    freeze.name, exception.approved_by
                ));
            }
            Some(exception) => {
                let who = if ctx.approvers().contains(&exception.approved_by) {
                    "the release's owner, who cannot waive a freeze for it".to_string()
                } else {
                    format!("who is not an approver{} for {env}", ctx.teams_phrase())
                };
                out.push(Held {
                    hold: frozen(),
                    diagnostic: ctx.problem("freeze", until.clone()).with_help(format!(
                        "the freeze_exception in {} is approved by {}, {who}",
                        ctx.release_file(),
                        exception.approved_by,
                    )),
                });
            }
            None => out.push(Held {
                hold: frozen(),
                diagnostic: ctx.problem("freeze", until).with_help(format!(
                    "wait until {}, or add freeze_exception = {{ reason = \"...\", approved_by = \"...\" }} to {} with an approver{}",
                    human_time(opens),
                    ctx.release_file(),
                    ctx.teams_phrase()
                )),
            }),
        }
    }
    if !out.holds_by("freeze") {
        out.keep("freeze", || {
            if waived.is_empty() {
                format!("no freeze window on {env} at {}", human_time(ctx.event.at))
            } else {
                waived.join("; ")
            }
        });
    }
}
