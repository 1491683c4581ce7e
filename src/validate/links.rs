//! The URL templates of `[links]` make links that work: http(s) only, so no
//! `javascript:` address reaches a page, and with their placeholder, or
//! every ticket would link to the same address.

use crate::diagnostic::Diagnostic;
use crate::model::Registry;
use crate::model::links::{
    COMMIT_PLACEHOLDER, TICKET_PLACEHOLDER, TemplateProblem, template_problem,
};
use crate::text::for_terminal;

pub fn check(registry: &Registry) -> Vec<Diagnostic> {
    let Some(settings) = &registry.settings else {
        return Vec::new();
    };
    let links = &settings.data.links;
    let fields = [
        (
            "tickets",
            links.tickets.as_deref(),
            TICKET_PLACEHOLDER,
            "https://tracker.example/browse/{id}",
        ),
        (
            "commits",
            links.commits.as_deref(),
            COMMIT_PLACEHOLDER,
            "https://git.example/acme/releases/commit/{sha}",
        ),
    ];
    let mut out = Vec::new();
    for (field, template, placeholder, example) in fields {
        let Some(template) = template else { continue };
        let Some(problem) = template_problem(template, placeholder) else {
            continue;
        };
        let shown = for_terminal(template);
        let message = match problem {
            TemplateProblem::MissingPlaceholder(p) => {
                format!(
                    "links.{field} `{shown}` has no `{p}`, so every link would go to the same page"
                )
            }
            TemplateProblem::NotWeb => format!(
                "links.{field} `{shown}` is not an http(s) address: only those become links"
            ),
        };
        out.push(
            settings
                .error_at(&format!("/links/{field}"), "link-template", message)
                .with_help(format!("write it like \"{example}\"")),
        );
    }
    out
}
