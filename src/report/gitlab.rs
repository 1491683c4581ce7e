use serde::Serialize;

use crate::diagnostic::{Diagnostic, Severity};

use super::fingerprint::fingerprints;

/// One entry of a GitLab Code Quality report (the subset of the Code Climate
/// format that GitLab reads).
#[derive(Serialize)]
struct Issue<'a> {
    description: String,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: Location,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
}

/// The JSON array GitLab shows in the merge-request widget. `prefix` is the
/// registry's folder inside the repository ("" at its root): GitLab places
/// problems by repository path.
pub fn gitlab(diagnostics: &[Diagnostic], prefix: &str) -> String {
    let issues: Vec<Issue> = diagnostics
        .iter()
        .zip(fingerprints(diagnostics, prefix))
        .map(|(d, fingerprint)| Issue {
            description: description(d),
            check_name: d.code,
            fingerprint,
            severity: match d.severity {
                Severity::Error => "major",
                Severity::Warning => "minor",
            },
            location: Location {
                path: format!("{prefix}{}", d.file),
                lines: Lines {
                    begin: d.position.line,
                },
            },
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&issues).unwrap_or_else(|_| "[]".to_string());
    out.push('\n');
    out
}

/// The widget shows one line per problem: the message, then what to do.
fn description(d: &Diagnostic) -> String {
    let mut text = d.message.clone();
    if let Some(help) = &d.help {
        text.push_str(" (help: ");
        text.push_str(help);
        text.push(')');
    }
    text
}
