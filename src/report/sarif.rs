use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::diagnostic::{Diagnostic, Severity};

use super::fingerprint::fingerprints;

/// A SARIF 2.1.0 log, as GitHub code scanning reads it: one run, a rule per
/// diagnostic code that occurs (with its `milepost explain` text), a result
/// per diagnostic. `prefix` is the registry's folder inside the repository
/// ("" at its root), because results are placed by repository path.
pub fn sarif(diagnostics: &[Diagnostic], prefix: &str) -> String {
    let codes: Vec<&str> = diagnostics
        .iter()
        .map(|d| d.code)
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let index: BTreeMap<&str, usize> = codes.iter().enumerate().map(|(i, c)| (*c, i)).collect();
    let rules: Vec<Value> = codes.iter().map(|code| rule(code)).collect();
    let results: Vec<Value> = diagnostics
        .iter()
        .zip(fingerprints(diagnostics, prefix))
        .map(|(d, fingerprint)| result(d, index.get(d.code).copied(), prefix, &fingerprint))
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "milepost",
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            // Columns count characters, as in every other report.
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut out = serde_json::to_string_pretty(&log).unwrap_or_else(|_| "{}".to_string());
    out.push('\n');
    out
}

fn rule(code: &str) -> Value {
    let (summary, text) = crate::explain::explanation(code).unwrap_or((code, code));
    json!({
        "id": code,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": text},
        "help": {"text": format!("{text}\n\nmilepost explain {code}")},
    })
}

fn result(d: &Diagnostic, rule_index: Option<usize>, prefix: &str, fingerprint: &str) -> Value {
    let mut message = d.message.clone();
    for (label, extra) in [("note", &d.note), ("help", &d.help)] {
        if let Some(extra) = extra {
            message.push_str(&format!("\n{label}: {extra}"));
        }
    }
    let mut result = json!({
        "ruleId": d.code,
        "level": match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        },
        "message": {"text": message},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": uri_path(&format!("{prefix}{}", d.file))},
            "region": region(d),
        }}],
        "partialFingerprints": {"milepost/v1": fingerprint},
    });
    if let (Some(i), Some(object)) = (rule_index, result.as_object_mut()) {
        object.insert("ruleIndex".to_string(), json!(i));
    }
    result
}

/// Where the problem is: its start, and its end when the span is known.
fn region(d: &Diagnostic) -> Value {
    let mut region = json!({
        "startLine": d.position.line,
        "startColumn": d.position.column,
    });
    let end = d.excerpt.as_ref().and_then(|excerpt| {
        let before = excerpt.text.get(..excerpt.span.end)?;
        let lines_before = before.matches('\n').count();
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before.get(line_start..)?.chars().count() + 1;
        Some((excerpt.first_line + lines_before, column))
    });
    if let (Some((line, column)), Some(object)) = (end, region.as_object_mut())
        && (line, column) > (d.position.line, d.position.column)
    {
        object.insert("endLine".to_string(), json!(line));
        object.insert("endColumn".to_string(), json!(column));
    }
    region
}

/// A relative path as a URI reference: each segment percent-encoded, so that
/// a space or a `#` in a folder name cannot change what the URI points to.
fn uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(char::from(byte));
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_uri_references() {
        assert_eq!(uri_path("my reg/a#b.toml"), "my%20reg/a%23b.toml");
        assert_eq!(uri_path("releases/2.4.1/é.md"), "releases/2.4.1/%C3%A9.md");
    }
}
