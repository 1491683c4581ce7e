//! The internal site: everything, for the team.

use rayon::prelude::*;
use serde::Serialize;

use super::board::{Board, board};
use super::holds::{HoldView, holds};
use super::labels::{Labels, Ticket};
use super::markdown::{self, Placement};
use super::pipeline::Site;
use super::render::{Renderer, TemplateError};
use super::routes::{self, Route};
use super::view::{DeployRow, Link, When, author_name, kind_label, person_name, release_href};
use super::{Page, SiteInput, SiteMeta};
use crate::diagnostic::Severity;
use crate::files::{Audience, IncidentStatus};
use crate::history::HistoryIndex;
use crate::judgement::Proposals;
use crate::model::checklist::{CheckItem, State, checklist};
use crate::model::promotion::promotion_order;
use crate::model::status::{EnvironmentStatus, PendingSummary, status, summarise_pending};
use crate::model::{Doc, Release};

mod calendar;
mod ics;
mod metrics;
mod periods;
mod verifications;

use calendar::{FreezeRow, freeze_rows};

#[derive(Serialize)]
struct EnvRow {
    id: String,
    href: String,
    name: String,
    tier: &'static str,
    release: Option<Link>,
    since: Option<When>,
    by: Option<String>,
    pending: Vec<Link>,
    /// The pending releases the dashboard shows, with what holds each back:
    /// all of them, or the ends of a long list (`pending_count` says how many).
    pending_shown: Vec<PendingItem>,
    pending_count: usize,
    /// `pending` is told by its ends.
    pending_summarised: bool,
    /// What its probe answered, in a `build --live`.
    live: Option<super::live::LiveCell>,
}

#[derive(Serialize)]
struct PendingItem {
    release: Link,
    /// The release page's checklist, where every rule is spelled out.
    checklist: String,
    holds: Vec<HoldView>,
}

fn env_rows(ctx: &Ctx<'_>) -> Vec<EnvRow> {
    let link = |r: &str| Link {
        text: r.to_string(),
        href: release_href(r),
    };
    let pending_item = |env: &str, r: &str| PendingItem {
        release: link(r),
        checklist: format!("{}#checklist", release_href(r)),
        holds: holds(ctx.proposals(), &ctx.labels, r, env),
    };
    ctx.statuses()
        .iter()
        .map(|s| {
            let summary = summarise_pending(&s.pending);
            let shown: Vec<&str> = match summary {
                PendingSummary::Span { first, last, .. } => vec![first, last],
                PendingSummary::All(all) => all.iter().map(String::as_str).collect(),
            };
            EnvRow {
                href: format!("environments/{}/index.html", s.id),
                release: s.release.as_deref().map(link),
                since: s.since.map(|at| ctx.labels.when(at)),
                by: s.by.as_deref().map(author_name),
                pending_shown: shown.into_iter().map(|r| pending_item(&s.id, r)).collect(),
                pending_count: s.pending.len(),
                pending_summarised: matches!(summary, PendingSummary::Span { .. }),
                pending: s.pending.iter().map(|r| link(r)).collect(),
                tier: s.tier.as_str(),
                name: ctx.labels.env(&s.id),
                live: super::live::cell(ctx.input.live, &s.id, &ctx.labels),
                id: s.id.clone(),
            }
        })
        .collect()
}

#[derive(Serialize)]
struct IncidentRow {
    id: String,
    href: String,
    title: String,
    severity: String,
    status: &'static str,
    release: Link,
    environment: String,
    detected: When,
    open_follow_ups: usize,
}

fn incident_status(status: IncidentStatus) -> &'static str {
    match status {
        IncidentStatus::Open => "open",
        IncidentStatus::Triaged => "triaged",
        IncidentStatus::Mitigated => "mitigated",
        IncidentStatus::Resolved => "resolved",
    }
}

fn incident_row(id: &str, doc: &Doc<crate::files::IncidentFile>) -> IncidentRow {
    let d = &doc.data;
    IncidentRow {
        id: id.to_string(),
        href: format!("incidents/{id}/index.html"),
        title: d.title.clone(),
        severity: format!("{:?}", d.severity).to_lowercase(),
        status: incident_status(d.status),
        release: Link {
            text: d.release.clone(),
            href: release_href(&d.release),
        },
        environment: d.environment.clone(),
        detected: When::of(d.detected_at),
        open_follow_ups: d.follow_ups.iter().filter(|f| !f.done).count(),
    }
}

#[derive(Serialize)]
struct ReleaseRow {
    version: String,
    href: String,
    title: String,
    status: &'static str,
    owner: String,
    running_on: Vec<String>,
}

#[derive(Serialize)]
struct ChangeRow {
    kind: &'static str,
    /// As written in release.toml: one line of Markdown.
    summary: String,
    /// The summary as inline HTML, sanitized: print it with `| safe`.
    summary_html: String,
    internal: bool,
    tickets: Vec<Ticket>,
    /// As written in release.toml (Markdown).
    details: Option<String>,
    /// The details as block HTML (paragraphs, lists, code), sanitized.
    details_html: Option<String>,
}

impl ChangeRow {
    /// The `n`-th change of its release page (from 1): the ids of the
    /// headings and footnotes in its details start with `change-n-`.
    fn of(n: usize, change: &crate::files::Change, labels: &Labels) -> ChangeRow {
        let id_prefix = format!("change-{n}-");
        ChangeRow {
            kind: kind_label(change.kind),
            summary: change.summary.clone(),
            summary_html: markdown::render_inline(&change.summary),
            internal: change.audience == Audience::Internal,
            tickets: change.tickets.iter().map(|t| labels.ticket(t)).collect(),
            details: change.details.clone(),
            details_html: change.details.as_deref().map(|details| {
                markdown::render(
                    details,
                    Placement {
                        top_heading: 3,
                        id_prefix: &id_prefix,
                    },
                )
            }),
        }
    }
}

#[derive(Serialize)]
struct Waiting {
    environment: Link,
    holds: Vec<HoldView>,
}

#[derive(Serialize)]
struct ApprovalRow {
    by: String,
    when: When,
    comment: Option<String>,
}

#[derive(Serialize)]
struct ReleaseDetail {
    version: String,
    title: String,
    status: &'static str,
    owner: String,
    teams: Vec<String>,
    planned: Option<When>,
    risk: Option<String>,
    customer_facing: bool,
    publish_at: Option<When>,
    summary: Option<String>,
    components: Vec<(String, String)>,
    changes: Vec<ChangeRow>,
    approvals: Vec<ApprovalRow>,
    verifications: Vec<verifications::VerificationRow>,
    freeze_exception: Option<String>,
    notes_html: Option<String>,
    internal_html: Option<String>,
    deploy_html: Option<String>,
    deploys: Vec<DeployRow>,
    incidents: Vec<Link>,
    running_on: Vec<String>,
    checklist: Vec<CheckItem>,
    /// The environments it waits to be promoted to, and what holds it back.
    waiting: Vec<Waiting>,
    /// `check` finds nothing to say about it.
    acceptable: bool,
    /// Nothing is left to do, either.
    complete: bool,
}

/// The environments `version` runs on now, by name, in promotion order.
fn running_on(ctx: &Ctx<'_>, version: &str) -> Vec<String> {
    ctx.proposals()
        .promotion_order()
        .iter()
        .filter(|id| {
            ctx.input
                .registry
                .environments
                .get(**id)
                .is_some_and(|d| d.data.release.as_deref() == Some(version))
        })
        .map(|id| ctx.labels.env(id))
        .collect()
}

/// Links to the incidents of each release.
type IncidentLinks<'a> = std::collections::HashMap<&'a str, Vec<Link>>;

fn release_detail(
    ctx: &Ctx<'_>,
    incidents: &IncidentLinks<'_>,
    release: &Release,
) -> ReleaseDetail {
    let (input, index) = (ctx.input, ctx.index);
    let d = &release.doc.data;
    let render = |file: &Option<crate::source::SourceFile>, prefix: &'static str| {
        file.as_ref().map(|f| {
            markdown::render(
                &f.text,
                Placement {
                    top_heading: 3,
                    id_prefix: prefix,
                },
            )
        })
    };
    let mut changes: Vec<&crate::files::Change> = d.changes.iter().collect();
    changes.sort_by_key(|c| c.kind);
    let mut checklist = checklist(input.judgement, ctx.proposals(), release);
    for item in &mut checklist {
        if let Some(env) = &item.environment {
            item.label = format!("Deploy to {}", ctx.labels.env(env));
        }
    }
    ReleaseDetail {
        version: d.version.clone(),
        title: d.title.clone(),
        status: d.status.as_str(),
        owner: person_name(input.registry, &d.owner),
        teams: d.teams.clone(),
        planned: d.planned.map(|p| ctx.labels.date(p)),
        risk: d.risk.map(|r| format!("{r:?}").to_lowercase()),
        customer_facing: d.customer_facing,
        publish_at: d.publish_at.map(|at| ctx.labels.when(at)),
        summary: d.summary.clone(),
        components: d
            .components
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        changes: changes
            .into_iter()
            .enumerate()
            .map(|(i, c)| ChangeRow::of(i + 1, c, &ctx.labels))
            .collect(),
        approvals: d
            .approvals
            .iter()
            .map(|a| ApprovalRow {
                by: person_name(input.registry, &a.by),
                when: ctx.labels.when(a.at),
                comment: a.comment.clone(),
            })
            .collect(),
        verifications: verifications::verification_rows(
            input.registry,
            &ctx.labels,
            &d.verifications,
        ),
        freeze_exception: d.freeze_exception.as_ref().map(|e| {
            format!(
                "{} (approved by {})",
                e.reason,
                person_name(input.registry, &e.approved_by)
            )
        }),
        notes_html: render(&release.notes, "notes-"),
        internal_html: render(&release.internal, "internal-"),
        deploy_html: render(&release.deploy, "deploy-"),
        deploys: index
            .of_release(&d.version)
            .iter()
            .rev()
            .map(|e| DeployRow::of(e, &ctx.labels))
            .collect(),
        incidents: incidents
            .get(d.version.as_str())
            .cloned()
            .unwrap_or_default(),
        running_on: running_on(ctx, &d.version),
        waiting: ctx
            .statuses()
            .iter()
            .filter(|s| s.pending.contains(&d.version))
            .map(|s| Waiting {
                environment: ctx.labels.env_link(&s.id),
                holds: holds(ctx.proposals(), &ctx.labels, &d.version, &s.id),
            })
            .collect(),
        acceptable: checklist.iter().all(|c| c.state != State::Missing),
        complete: checklist.iter().all(|c| c.state == State::Done),
        checklist,
    }
}

#[derive(Serialize)]
struct Empty {}

#[derive(Serialize)]
struct Dashboard {
    environments: Vec<EnvRow>,
    board: Board,
    recent: Vec<DeployRow>,
    open_incidents: Vec<IncidentRow>,
    freezes: Vec<FreezeRow>,
    errors: usize,
    warnings: usize,
    /// When a `build --live` asked the environments.
    live: Option<super::live::LiveBoard>,
}

#[derive(Serialize)]
struct EnvironmentBody<'a> {
    env: &'a EnvRow,
    url: Option<String>,
    description: Option<String>,
    deploys: Vec<DeployRow>,
    periods: periods::Periods,
}

#[derive(Serialize)]
struct FollowUpRow {
    title: String,
    owner: String,
    done: bool,
    due: Option<When>,
    ticket: Option<Ticket>,
}

#[derive(Serialize)]
struct IncidentBody {
    incident: IncidentRow,
    owner: Option<String>,
    summary: Option<String>,
    root_cause: Option<String>,
    triaged: Option<When>,
    mitigated: Option<When>,
    resolved: Option<When>,
    follow_ups: Vec<FollowUpRow>,
}

/// What every part of the internal site is made from.
struct Ctx<'a> {
    input: &'a SiteInput<'a>,
    index: &'a HistoryIndex<'a>,
    meta: &'a SiteMeta,
    renderer: &'a Renderer,
    labels: Labels,
    /// What runs where and what waits, in promotion order; worked out once.
    statuses: std::sync::OnceLock<Vec<EnvironmentStatus>>,
    /// The deploy rules, for the releases' next deploys; prepared when a
    /// release page first needs them.
    proposals: std::sync::OnceLock<Proposals<'a>>,
}

impl<'a> Ctx<'a> {
    fn new(
        input: &'a SiteInput<'a>,
        index: &'a HistoryIndex<'a>,
        meta: &'a SiteMeta,
        renderer: &'a Renderer,
    ) -> Ctx<'a> {
        Ctx {
            input,
            index,
            meta,
            renderer,
            labels: Labels::new(input.registry, input.now),
            statuses: std::sync::OnceLock::new(),
            proposals: std::sync::OnceLock::new(),
        }
    }

    fn statuses(&self) -> &[EnvironmentStatus] {
        self.statuses.get_or_init(|| {
            let registry = self.input.registry;
            let mut all = status(registry, self.input.history, &|_| false);
            let order = promotion_order(registry);
            all.sort_by_key(|s| order.iter().position(|id| *id == s.id));
            all
        })
    }

    fn proposals(&self) -> &Proposals<'a> {
        self.proposals
            .get_or_init(|| self.input.judgement.proposals())
    }
}

impl Ctx<'_> {
    fn title(&self, what: &str) -> String {
        format!("{} — {what}", self.meta.site.product)
    }

    fn page(
        &self,
        path: String,
        template: &str,
        root: &str,
        current: &str,
        title: String,
        body: &impl Serialize,
    ) -> Result<Page, TemplateError> {
        /// Every internal page says when it was made (the footer).
        #[derive(Serialize)]
        struct Stamped<'b, T: Serialize> {
            generated: When,
            #[serde(flatten)]
            body: &'b T,
        }
        let body = Stamped {
            generated: self.labels.when(self.input.now),
            body,
        };
        self.renderer.page(
            Site::Internal,
            path,
            template,
            &self.meta.page(root, current, title, &body),
        )
    }
}

/// Every address of the internal site.
fn routes<'a>() -> [Route<Ctx<'a>>; 12] {
    let fixed = |patterns, all| Route {
        patterns,
        all,
        one: None,
    };
    [
        fixed(&["metrics/index.html"], metrics::metrics_page),
        fixed(&["index.html"], dashboard_page),
        fixed(&["releases/index.html"], releases_index_page),
        Route {
            patterns: &["releases/{}/index.html"],
            all: release_pages,
            one: Some(release_one),
        },
        Route {
            patterns: &[
                "environments/{}/index.html",
                "environments/{}/{}/index.html",
            ],
            all: environment_pages,
            one: Some(environment_one),
        },
        Route {
            patterns: &["history/index.html", "history/{}/index.html"],
            all: periods::history_pages,
            one: Some(periods::history_one),
        },
        fixed(&["calendar/index.html"], calendar::calendar_page),
        fixed(&["calendar.ics"], ics::calendar_ics),
        Route {
            patterns: &["incidents/index.html", "incidents/{}/index.html"],
            all: incident_pages,
            one: Some(incident_one),
        },
        fixed(&["style.css"], stylesheet),
        fixed(&["favicon.svg", "favicon.png", "favicon.ico"], |ctx| {
            Ok(vec![super::assets::favicon_page(ctx.input.registry)])
        }),
        // Every release's files: its notes are shown here before they are published.
        fixed(&["releases/*/*"], |ctx| {
            Ok(super::assets::attachment_pages(
                ctx.input.registry.releases.iter(),
            ))
        }),
    ]
}

/// Every file of the internal site. The parts render in parallel: the big
/// single pages (history, calendar, the release list) beside the many small ones.
pub fn pages(
    input: &SiteInput<'_>,
    index: &HistoryIndex<'_>,
    meta: &SiteMeta,
    renderer: &Renderer,
) -> Result<Vec<Page>, TemplateError> {
    let ctx = Ctx::new(input, index, meta, renderer);
    routes::render_all(&routes(), &ctx)
}

/// One file of the internal site, rendered alone (for `serve`, which renders
/// what is asked for); `None` if the site has no such file.
pub fn page(
    input: &SiteInput<'_>,
    index: &HistoryIndex<'_>,
    meta: &SiteMeta,
    renderer: &Renderer,
    path: &str,
) -> Result<Option<Page>, TemplateError> {
    let ctx = Ctx::new(input, index, meta, renderer);
    routes::render_one(&routes(), &ctx, path)
}

fn release_one(ctx: &Ctx<'_>, folder: &str) -> Result<Option<Page>, TemplateError> {
    match ctx
        .input
        .registry
        .releases
        .iter()
        .find(|r| r.folder == folder)
    {
        Some(release) => release_page(ctx, &incident_links(ctx), release).map(Some),
        None => Ok(None),
    }
}

/// `key` is the environment, or the environment and a month (`prod/2025-03`).
fn environment_one(ctx: &Ctx<'_>, key: &str) -> Result<Option<Page>, TemplateError> {
    let (env, month) = match key.split_once('/') {
        Some((env, month)) => (env, Some(month)),
        None => (key, None),
    };
    let Some(row) = env_rows(ctx).into_iter().find(|row| row.id == env) else {
        return Ok(None);
    };
    let months = env_months(ctx, env);
    let index = match month {
        None => None,
        Some(month) if periods::is_month_key(month) => {
            match months.iter().position(|m| m.key == month) {
                Some(i) => Some(i),
                None => return Ok(None),
            }
        }
        Some(_) => return Ok(None),
    };
    environment_page(ctx, &row, &months, index).map(Some)
}

fn incident_one(ctx: &Ctx<'_>, id: &str) -> Result<Option<Page>, TemplateError> {
    match ctx.input.registry.incidents.get_key_value(id) {
        Some((id, doc)) => incident_page(ctx, id, doc).map(Some),
        None => Ok(None),
    }
}

fn dashboard_page(ctx: &Ctx<'_>) -> Result<Vec<Page>, TemplateError> {
    let (input, registry) = (ctx.input, ctx.input.registry);
    let count = |severity| {
        input
            .diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    };
    let dashboard = Dashboard {
        environments: env_rows(ctx),
        board: board(registry, input.history, &ctx.labels),
        recent: input
            .history
            .events
            .iter()
            .rev()
            .take(10)
            .map(|e| DeployRow::of(e, &ctx.labels))
            .collect(),
        open_incidents: registry
            .incidents
            .iter()
            .filter(|(_, d)| d.data.status != IncidentStatus::Resolved)
            .map(|(id, d)| incident_row(id, d))
            .collect(),
        freezes: freeze_rows(input),
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
        live: super::live::board(input.live, &ctx.labels),
    };
    let title = ctx.title("release status");
    Ok(vec![ctx.page(
        "index.html".into(),
        "internal/index.html",
        "",
        "dashboard",
        title,
        &dashboard,
    )?])
}

fn releases_index_page(ctx: &Ctx<'_>) -> Result<Vec<Page>, TemplateError> {
    #[derive(Serialize)]
    struct ReleasesBody {
        releases: Vec<ReleaseRow>,
    }
    let registry = ctx.input.registry;
    let body = ReleasesBody {
        releases: registry
            .releases
            .iter()
            .rev()
            .map(|r| ReleaseRow {
                version: r.id().to_string(),
                href: release_href(r.id()),
                title: r.doc.data.title.clone(),
                status: r.doc.data.status.as_str(),
                owner: person_name(registry, &r.doc.data.owner),
                running_on: running_on(ctx, r.id()),
            })
            .collect(),
    };
    let title = ctx.title("releases");
    Ok(vec![ctx.page(
        "releases/index.html".into(),
        "internal/releases.html",
        "../",
        "releases",
        title,
        &body,
    )?])
}

fn incident_links<'a>(ctx: &Ctx<'a>) -> IncidentLinks<'a> {
    let mut links: IncidentLinks<'a> = IncidentLinks::new();
    for (id, doc) in &ctx.input.registry.incidents {
        links
            .entry(doc.data.release.as_str())
            .or_default()
            .push(Link {
                text: doc.data.title.clone(),
                href: format!("incidents/{id}/index.html"),
            });
    }
    links
}

fn release_pages(ctx: &Ctx<'_>) -> Result<Vec<Page>, TemplateError> {
    let links = incident_links(ctx);
    ctx.input
        .registry
        .releases
        .par_iter()
        .map(|release| release_page(ctx, &links, release))
        .collect()
}

fn release_page(
    ctx: &Ctx<'_>,
    links: &IncidentLinks<'_>,
    release: &Release,
) -> Result<Page, TemplateError> {
    #[derive(Serialize)]
    struct Body {
        release: ReleaseDetail,
    }
    let body = Body {
        release: release_detail(ctx, links, release),
    };
    let title = ctx.title(&format!("{} {}", release.id(), release.doc.data.title));
    let path = format!("releases/{}/index.html", release.folder);
    ctx.page(
        path,
        "internal/release.html",
        "../../",
        "releases",
        title,
        &body,
    )
}

fn environment_pages(ctx: &Ctx<'_>) -> Result<Vec<Page>, TemplateError> {
    let parts: Vec<Vec<Page>> = env_rows(ctx)
        .into_par_iter()
        .map(|row| {
            let months = env_months(ctx, &row.id);
            let mut pages = vec![environment_page(ctx, &row, &months, None)?];
            for i in 0..months.len() {
                pages.push(environment_page(ctx, &row, &months, Some(i))?);
            }
            Ok(pages)
        })
        .collect::<Result<_, TemplateError>>()?;
    Ok(parts.into_iter().flatten().collect())
}

fn env_months<'e>(ctx: &Ctx<'e>, env: &str) -> Vec<periods::Month<'e>> {
    let events = ctx.input.history.events.iter();
    periods::months(events.filter(|e| e.environment == env))
}

/// The page of an environment with its deploys of month `month`, or with
/// `None` its main page (showing the latest month).
fn environment_page(
    ctx: &Ctx<'_>,
    row: &EnvRow,
    months: &[periods::Month<'_>],
    month: Option<usize>,
) -> Result<Page, TemplateError> {
    let input = ctx.input;
    let doc = input.registry.environments.get(&row.id);
    let base = format!("environments/{}/", row.id);
    let periods = periods::Periods::new(months, &base, month);
    let body = EnvironmentBody {
        url: doc
            .and_then(|d| d.data.url.clone())
            .filter(|u| crate::text::is_web_url(u)),
        description: doc.and_then(|d| d.data.description.clone()),
        deploys: periods.rows(months, &ctx.labels),
        periods,
        env: row,
    };
    let (path, root, title) = match month.and_then(|i| months.get(i)) {
        Some(m) => (
            format!("{base}{}/index.html", m.key),
            "../../../",
            ctx.title(&format!("{}, {}", row.name, m.label)),
        ),
        None => (format!("{base}index.html"), "../../", ctx.title(&row.name)),
    };
    ctx.page(
        path,
        "internal/environment.html",
        root,
        "dashboard",
        title,
        &body,
    )
}

fn incident_pages(ctx: &Ctx<'_>) -> Result<Vec<Page>, TemplateError> {
    let mut pages = vec![incidents_index(ctx)?];
    let incidents: Vec<(&String, &Doc<crate::files::IncidentFile>)> =
        ctx.input.registry.incidents.iter().collect();
    let each: Vec<Page> = incidents
        .par_iter()
        .map(|(id, doc)| incident_page(ctx, id, doc))
        .collect::<Result<_, _>>()?;
    pages.extend(each);
    Ok(pages)
}

fn incidents_index(ctx: &Ctx<'_>) -> Result<Page, TemplateError> {
    #[derive(Serialize)]
    struct OpenFollowUp {
        incident: Link,
        title: String,
        owner: String,
        due: Option<When>,
    }
    #[derive(Serialize)]
    struct IncidentsBody {
        incidents: Vec<IncidentRow>,
        open_follow_ups: Vec<OpenFollowUp>,
    }
    let registry = ctx.input.registry;
    // Open incidents first, then the newest.
    let mut incidents: Vec<(&String, &Doc<crate::files::IncidentFile>)> =
        registry.incidents.iter().collect();
    incidents.sort_by_key(|(id, doc)| {
        (
            doc.data.status == IncidentStatus::Resolved,
            std::cmp::Reverse(doc.data.detected_at),
            (*id).clone(),
        )
    });
    let open_follow_ups = incidents
        .iter()
        .flat_map(|(id, doc)| {
            doc.data
                .follow_ups
                .iter()
                .filter(|f| !f.done)
                .map(move |f| OpenFollowUp {
                    incident: Link {
                        text: doc.data.title.clone(),
                        href: format!("incidents/{id}/index.html"),
                    },
                    title: f.title.clone(),
                    owner: person_name(registry, &f.owner),
                    due: f.due.map(When::of_date),
                })
        })
        .collect();
    let list = IncidentsBody {
        incidents: incidents
            .iter()
            .map(|(id, doc)| incident_row(id, doc))
            .collect(),
        open_follow_ups,
    };
    ctx.page(
        "incidents/index.html".into(),
        "internal/incidents.html",
        "../",
        "incidents",
        ctx.title("incidents"),
        &list,
    )
}

fn incident_page(
    ctx: &Ctx<'_>,
    id: &str,
    doc: &Doc<crate::files::IncidentFile>,
) -> Result<Page, TemplateError> {
    let registry = ctx.input.registry;
    let d = &doc.data;
    let body = IncidentBody {
        incident: incident_row(id, doc),
        owner: d.owner.as_deref().map(|o| person_name(registry, o)),
        summary: d.summary.clone(),
        root_cause: d.root_cause.clone(),
        triaged: d.triaged_at.map(When::of),
        mitigated: d.mitigated_at.map(When::of),
        resolved: d.resolved_at.map(When::of),
        follow_ups: d
            .follow_ups
            .iter()
            .map(|f| FollowUpRow {
                title: f.title.clone(),
                owner: person_name(registry, &f.owner),
                done: f.done,
                due: f.due.map(When::of_date),
                ticket: f.ticket.as_deref().map(|t| ctx.labels.ticket(t)),
            })
            .collect(),
    };
    let path = format!("incidents/{id}/index.html");
    ctx.page(
        path,
        "internal/incident.html",
        "../../",
        "incidents",
        ctx.title(&d.title),
        &body,
    )
}

fn stylesheet(ctx: &Ctx<'_>) -> Result<Vec<Page>, TemplateError> {
    Ok(vec![Page::bytes(
        "style.css",
        ctx.renderer.render("style.css", &Empty {})?.into_bytes(),
    )])
}
