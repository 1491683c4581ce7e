use serde::Serialize;

use crate::diagnostic::{Diagnostic, Severity};

#[derive(Serialize)]
struct Entry<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    code: &'a str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct Report<'a> {
    errors: Vec<Entry<'a>>,
    warnings: Vec<Entry<'a>>,
}

/// `{"errors": [...], "warnings": [...]}` as DESIGN.md fixes it.
pub fn json(diagnostics: &[Diagnostic]) -> String {
    let entries = |severity| {
        diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .map(|d| Entry {
                file: &d.file,
                line: d.position.line,
                column: d.position.column,
                code: d.code,
                message: &d.message,
                help: d.help.as_deref(),
                note: d.note.as_deref(),
            })
            .collect()
    };
    let report = Report {
        errors: entries(Severity::Error),
        warnings: entries(Severity::Warning),
    };
    let mut out = serde_json::to_string_pretty(&report).unwrap_or_else(|_| "{}".to_string());
    out.push('\n');
    out
}
