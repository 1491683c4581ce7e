//! The review as a comment: GitHub-flavoured Markdown that reads the same
//! on GitHub and GitLab (a pull-request comment, `$GITHUB_STEP_SUMMARY`, a
//! merge-request note).
//!
//! Every value from the registry goes through [`text`]: it cannot start a
//! line, end a table cell, open a link, emphasis, math or raw HTML, nor
//! mention a person or team (a title `@acme/ops` must not page anyone).
//! The public-notes preview is the public site's sanitized HTML, kept on
//! one line so that Markdown never reads inside it.

use std::fmt::Write as _;

use crate::files::{Audience, ReleaseStatus};
use crate::history::DeployKind;
use crate::model::calendar::human_time;

use super::releases::{Edit, PublicWhen, ReleaseReview};
use super::{DeployReview, Review};

/// Markdown-safe text: one line, every character Markdown or GitHub gives
/// a meaning written so that it means only itself.
pub fn text(value: &str) -> String {
    let value = crate::text::one_line(value);
    let mut out = String::with_capacity(value.len() + 8);
    let mut rest = value.as_ref();
    while let Some(c) = rest.chars().next() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            // A zero-width space after `@` keeps the text and drops the
            // mention (an escaped `@` would still notify) and the e-mail
            // link; after `:` in `://` and in `www.`, GitHub's links of
            // bare addresses, which escapes do not stop either.
            '@' => out.push_str("@\u{200B}"),
            ':' if rest.starts_with("://") => out.push_str(":\u{200B}"),
            'w' | 'W'
                if rest
                    .get(..4)
                    .is_some_and(|w| w.eq_ignore_ascii_case("www.")) =>
            {
                out.push(c);
                out.push('\u{200B}');
            }
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | '$' | '!' | '#' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// The sanitized HTML of the preview without blank lines: one would end
/// the HTML block and let the rest be read as Markdown. A line break of a
/// code block becomes `&#10;` there. Mentions are broken as in [`text`].
fn html_block(html: &str) -> String {
    let lines: Vec<&str> = html
        .trim()
        .split('\n')
        .map(|l| {
            if l.trim().is_empty() {
                ""
            } else {
                l.trim_end_matches('\r')
            }
        })
        .collect();
    let mut out = lines.join("\n");
    while out.contains("\n\n") {
        out = out.replace("\n\n", "\n&#10;");
    }
    out.replace('@', "@&#8203;")
}

fn mark(ok: bool) -> &'static str {
    if ok { "✓" } else { "✗" }
}

fn kind_word(kind: DeployKind) -> &'static str {
    match kind {
        DeployKind::Deploy => "deploy",
        DeployKind::Rollback => "rollback",
        DeployKind::Redeploy => "redeploy",
    }
}

fn status_word(status: Option<ReleaseStatus>) -> &'static str {
    status.map_or("—", ReleaseStatus::as_str)
}

pub fn render(review: &Review) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## milepost review\n");
    let count = |n: usize, one: &str| match n {
        1 => format!("1 {one}"),
        n => format!("{n} {one}s"),
    };
    let _ = writeln!(
        out,
        "**{} {}** against {}: {}, {}.\n",
        mark(review.ok),
        if review.ok {
            "Every rule holds"
        } else {
            "Rules fail"
        },
        text(&review.base),
        count(review.errors, "error"),
        count(review.warnings, "warning"),
    );
    deploys(&mut out, &review.deploys);
    releases(&mut out, &review.releases, review.now);
    others(&mut out, review);
    problems(&mut out, review);
    let mut out = out.trim_end().to_string();
    out.push('\n');
    out
}

fn deploys(out: &mut String, deploys: &[DeployReview]) {
    let _ = writeln!(out, "### Deploys\n");
    if deploys.is_empty() {
        let _ = writeln!(out, "This pull request deploys nothing.\n");
        return;
    }
    for d in deploys {
        let from = d.from.as_deref().map_or("nothing".to_string(), text);
        let _ = writeln!(
            out,
            "#### {} {} ({}): {from} → {} ({})\n",
            mark(d.ok),
            text(&d.name),
            text(&d.environment),
            text(&d.to),
            kind_word(d.kind),
        );
        if d.rules.is_empty() {
            let _ = writeln!(out, "No rule applies to this deploy.\n");
            continue;
        }
        let _ = writeln!(out, "| | Rule | Verdict |\n| --- | --- | --- |");
        for r in &d.rules {
            let mut verdict = text(&r.reason);
            for extra in [&r.help, &r.note].into_iter().flatten() {
                verdict.push_str("<br>");
                verdict.push_str(&text(extra));
            }
            let _ = writeln!(
                out,
                "| {} | {} | {verdict} |",
                mark(r.ok),
                text(&r.rule.replace('-', " "))
            );
        }
        out.push('\n');
    }
}

fn releases(out: &mut String, releases: &[ReleaseReview], now: jiff::Timestamp) {
    if releases.is_empty() {
        return;
    }
    let _ = writeln!(out, "### Releases\n");
    for r in releases {
        let edit = match r.edit {
            Edit::Added => "Added",
            Edit::Changed => "Changed",
            Edit::Removed => "Removed",
        };
        let _ = writeln!(
            out,
            "#### {edit}: {} — {}\n",
            text(&r.version),
            text(&r.title)
        );
        let status = match (r.status_before, r.status) {
            (Some(a), Some(b)) if a != b => format!("{} → **{}**", a.as_str(), b.as_str()),
            (_, now) => status_word(now.or(r.status_before)).to_string(),
        };
        let _ = writeln!(
            out,
            "| Owner | Risk | Status | Files |\n| --- | --- | --- | --- |\n| {} ({}) | {} | {status} | {} |\n",
            text(&r.owner_name),
            text(&r.owner),
            r.risk.map_or("—", |risk| risk.as_str()),
            text(&r.files.join(", ")),
        );
        if r.edit == Edit::Removed {
            continue;
        }
        change_list(out, "Changes added", &r.changes_added);
        change_list(out, "Changes removed", &r.changes_removed);
        approval_list(out, "Approvals added", &r.approvals_added);
        approval_list(out, "Approvals removed", &r.approvals_removed);
        if let Some(doc) = &r.deploy_doc {
            let mut parts: Vec<String> = doc
                .present
                .iter()
                .map(|s| format!("✓ {}", text(s)))
                .collect();
            parts.extend(doc.missing.iter().map(|s| format!("✗ {}", text(s))));
            let line = if !doc.exists {
                "✗ no deploy.md".to_string()
            } else if parts.is_empty() {
                "no sections required".to_string()
            } else {
                parts.join(", ")
            };
            let _ = writeln!(out, "- **Deploy doc:** {line}");
        }
        if let Some(public) = &r.public {
            // A `publish_at` already past holds nothing back.
            let at = public
                .at
                .filter(|at| public.when == PublicWhen::Published || *at > now)
                .map(human_time);
            let when = match (public.when, at) {
                (PublicWhen::Never, _) => "never public (internal or withdrawn)".to_string(),
                (PublicWhen::Published, Some(at)) => format!("published since {at}"),
                (PublicWhen::PublishAt, Some(at)) => format!("in production; public from {at}"),
                (PublicWhen::OnProduction, Some(at)) if public.on_merge => {
                    format!(
                        "once this pull request merges (it deploys to production), not before {at}"
                    )
                }
                (PublicWhen::OnProduction, _) if public.on_merge => {
                    "once this pull request merges (it deploys to production)".to_string()
                }
                (PublicWhen::OnProduction, Some(at)) => {
                    format!("on reaching production, not before {at}")
                }
                (_, _) => "on reaching production".to_string(),
            };
            let _ = writeln!(out, "- **Public notes:** {when}");
            if let Some(html) = public.preview_html.as_deref() {
                let body = if html.trim().is_empty() {
                    "<p><em>No public notes and no public changes.</em></p>".to_string()
                } else {
                    html_block(html)
                };
                let _ = writeln!(
                    out,
                    "\n<details><summary>Public notes of {} as customers will read them</summary>\n{body}\n</details>",
                    html_text(&r.version)
                );
            }
        }
        out.push('\n');
    }
}

/// A value inside our own HTML: escaped, and without mentions.
fn html_text(value: &str) -> String {
    crate::text::one_line(value)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('@', "@&#8203;")
}

fn change_list(out: &mut String, label: &str, changes: &[super::ChangeLine]) {
    if changes.is_empty() {
        return;
    }
    let mut kinds: Vec<(&str, usize)> = Vec::new();
    for c in changes {
        match kinds.iter_mut().find(|(k, _)| *k == c.kind.as_str()) {
            Some((_, n)) => *n += 1,
            None => kinds.push((c.kind.as_str(), 1)),
        }
    }
    let by_kind: Vec<String> = kinds.iter().map(|(k, n)| format!("{n} {k}")).collect();
    let _ = writeln!(out, "- **{label}:** {}", by_kind.join(", "));
    for c in changes {
        let internal = if c.audience == Audience::Internal {
            " *(internal)*"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "  - {}{internal}: {}",
            c.kind.as_str(),
            text(&c.summary)
        );
    }
}

fn approval_list(out: &mut String, label: &str, approvals: &[super::releases::ApprovalLine]) {
    if approvals.is_empty() {
        return;
    }
    let people: Vec<String> = approvals
        .iter()
        .map(|a| {
            format!(
                "{} ({}) at {}",
                text(&a.name),
                text(&a.by),
                human_time(a.at)
            )
        })
        .collect();
    let _ = writeln!(out, "- **{label}:** {}", people.join("; "));
}

fn others(out: &mut String, review: &Review) {
    if !review.freezes.is_empty() {
        let _ = writeln!(out, "### Calendar\n");
        for f in &review.freezes {
            let envs = f
                .environments
                .as_ref()
                .map_or_else(|| "every environment".to_string(), |e| text(&e.join(", ")));
            let what = match f.edit {
                Edit::Added => format!(
                    "added: {} ({envs})",
                    text(f.window.as_deref().unwrap_or(""))
                ),
                Edit::Changed => format!(
                    "moved: {} → {} ({envs})",
                    text(f.window_before.as_deref().unwrap_or("")),
                    text(f.window.as_deref().unwrap_or(""))
                ),
                Edit::Removed => format!(
                    "removed: {} ({envs})",
                    text(f.window_before.as_deref().unwrap_or(""))
                ),
            };
            let _ = writeln!(out, "- Freeze **{}** {what}", text(&f.name));
            for hit in &f.hits {
                let _ = writeln!(
                    out,
                    "  - ✗ {} is planned for {}, inside it on {}",
                    text(&hit.release),
                    hit.planned,
                    text(&hit.environments.join(", ")),
                );
            }
        }
        out.push('\n');
    }
    if !review.incidents.is_empty() {
        let _ = writeln!(out, "### Incidents\n");
        for i in &review.incidents {
            let what = match i.status_before {
                None => format!("opened ({})", i.status.as_str()),
                Some(before) => format!("{} → {}", before.as_str(), i.status.as_str()),
            };
            let _ = writeln!(
                out,
                "- **{}** ({}, {} on {}): {what}",
                text(&i.title),
                i.severity.as_str(),
                text(&i.release),
                text(&i.environment),
            );
            if i.resolved_without_follow_ups {
                let _ = writeln!(out, "  - ✗ resolved without follow-ups");
            } else if i.follow_ups > 0 {
                let _ = writeln!(
                    out,
                    "  - follow-ups: {} of {} done",
                    i.follow_ups_done, i.follow_ups
                );
            }
        }
        out.push('\n');
    }
    if !review.approvers.is_empty() {
        let _ = writeln!(out, "### Approval rights\n");
        for a in &review.approvers {
            let people = |p: &[super::others::Person]| {
                p.iter()
                    .map(|p| format!("{} ({})", text(&p.name), text(&p.id)))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let mut parts = Vec::new();
            if !a.gained.is_empty() {
                parts.push(format!("**gains** {}", people(&a.gained)));
            }
            if !a.lost.is_empty() {
                parts.push(format!("**loses** {}", people(&a.lost)));
            }
            let _ = writeln!(
                out,
                "- Approvers for {}: {}",
                text(&a.environment),
                parts.join("; ")
            );
        }
        out.push('\n');
    }
    if !review.policies.is_empty() {
        let _ = writeln!(
            out,
            "### Policies\n\n| Setting | Before | After |\n| --- | --- | --- |"
        );
        for p in &review.policies {
            let side = |v: &Option<String>| v.as_deref().map_or("—".to_string(), text);
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                text(&p.setting),
                side(&p.before),
                side(&p.after)
            );
        }
        out.push('\n');
    }
}

fn problems(out: &mut String, review: &Review) {
    if review.problems.is_empty() {
        return;
    }
    let _ = writeln!(out, "### Other errors\n");
    for p in &review.problems {
        let at = if p.line == 0 {
            text(&p.file)
        } else {
            format!("{}:{}", text(&p.file), p.line)
        };
        let _ = writeln!(out, "- {at}: {} ({})", text(&p.message), text(p.code));
    }
    out.push('\n');
}
