//! `[probe]` as written → a [`Probe`] that can be asked, or the diagnostics
//! that say why not. `check` and `verify` both go through [`probe_of`], so
//! that a probe `check` accepts is exactly one `verify` can use.

use std::time::Duration;

use crate::diagnostic::Diagnostic;
use crate::files::{EnvironmentFile, ProbeFile};
use crate::model::{Doc, Registry};
use crate::parse::pointer_child;

use super::read::Reader;

/// How long a probe may take when its file does not say.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);
/// The longest a probe may take: `verify` is run by people and CI jobs
/// waiting for it, and an environment that needs longer is not answering.
pub const MAX_TIMEOUT: Duration = Duration::from_secs(60);
/// Longer regular expressions are refused before they are compiled.
const MAX_REGEX_LEN: usize = 1_000;
const MAX_URL_LEN: usize = 2_000;
/// Headers milepost writes itself: set from a file they could make the
/// request mean something else than asking for a version.
const RESERVED_HEADERS: &[&str] = &[
    "host",
    "content-length",
    "transfer-encoding",
    "connection",
    "upgrade",
    "te",
    "trailer",
];

/// A probe ready to be asked.
#[derive(Debug, Clone)]
pub struct Probe {
    pub url: String,
    pub reader: Reader,
    /// (header name, name of the environment variable with its value).
    pub headers: Vec<(String, String)>,
    pub timeout: Duration,
}

/// The environment's probe, or what is wrong with it; `None` without `[probe]`.
pub fn probe_of(doc: &Doc<EnvironmentFile>) -> Option<Result<Probe, Vec<Diagnostic>>> {
    let file = doc.data.probe.as_ref()?;
    let mut problems = Vec::new();
    let url_usable = url(doc, &file.url, &mut problems);
    let reader = reader(doc, file, &mut problems);
    let headers = headers(doc, file, &mut problems);
    let timeout = match &file.timeout {
        None => DEFAULT_TIMEOUT,
        Some(text) => parse_timeout(text).unwrap_or_else(|message| {
            problems.push(
                doc.error_at("/probe/timeout", "probe", message)
                    .with_help("write it like 500ms, 3s or 1m"),
            );
            DEFAULT_TIMEOUT
        }),
    };
    Some(match reader {
        Some(reader) if url_usable && problems.is_empty() => Ok(Probe {
            url: file.url.clone(),
            reader,
            headers,
            timeout,
        }),
        _ => Err(problems),
    })
}

/// Every environment's probe problems, for `check`.
pub fn check(registry: &Registry) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = registry
        .environments
        .values()
        .filter_map(probe_of)
        .filter_map(Result::err)
        .flatten()
        .collect();
    out.extend(
        registry
            .environments
            .values()
            .filter_map(plain_http_headers),
    );
    out
}

/// Headers (tokens, most likely) sent over plain http to another machine
/// can be read by anyone on the way: a warning, since some internal
/// networks are trusted to be private.
fn plain_http_headers(doc: &Doc<EnvironmentFile>) -> Option<Diagnostic> {
    let probe = doc.data.probe.as_ref()?;
    let uri = probe.url.parse::<ureq::http::Uri>().ok()?;
    let plain = uri.scheme_str()?.eq_ignore_ascii_case("http");
    let host = uri.host()?.trim_start_matches('[').trim_end_matches(']');
    let local = host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    (plain && !local && !probe.headers.is_empty()).then(|| {
        doc.warning_at(
            "/probe/url",
            "probe",
            "the probe sends its headers over plain http: anyone on the way can read them",
        )
        .with_help("ask over https")
    })
}

/// `500ms`, `3s`, `1m` or `1m30s`; more than zero and at most [`MAX_TIMEOUT`].
pub fn parse_timeout(text: &str) -> Result<Duration, String> {
    let shown = crate::text::for_terminal(text);
    let bad = || format!("`{shown}` is not a timeout: write it like 500ms, 3s or 1m");
    let mut total: u64 = 0;
    let mut rest = text;
    if rest.is_empty() {
        return Err(bad());
    }
    while !rest.is_empty() {
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        if digits == 0 || digits > 9 {
            return Err(bad());
        }
        let n: u64 = rest[..digits].parse().map_err(|_| bad())?;
        rest = &rest[digits..];
        let (unit_ms, len) = if rest.starts_with("ms") {
            (1, 2)
        } else if rest.starts_with('s') {
            (1_000, 1)
        } else if rest.starts_with('m') {
            (60_000, 1)
        } else {
            return Err(bad());
        };
        rest = &rest[len..];
        total = n
            .checked_mul(unit_ms)
            .and_then(|ms| total.checked_add(ms))
            .ok_or_else(bad)?;
    }
    let duration = Duration::from_millis(total);
    if duration.is_zero() {
        return Err(format!("`{shown}` is no time at all: a probe needs some"));
    }
    if duration > MAX_TIMEOUT {
        return Err(format!(
            "`{shown}` is longer than a probe may take (at most {}s)",
            MAX_TIMEOUT.as_secs()
        ));
    }
    Ok(duration)
}

/// Whether the address may be asked; its problems are added to `problems`,
/// except those the schema reports already.
fn url(doc: &Doc<EnvironmentFile>, text: &str, problems: &mut Vec<Diagnostic>) -> bool {
    // The schema's http(s) pattern refuses other schemes and whitespace
    // (as `url-scheme`); what it lets through is checked here.
    let web = text.split_once("://").is_some_and(|(scheme, _)| {
        scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")
    });
    if !web || text.contains(char::is_whitespace) {
        return false;
    }
    let problem = if text.len() > MAX_URL_LEN {
        format!("the address is longer than {MAX_URL_LEN} bytes")
    } else if crate::text::first_control(text).is_some() {
        "the address has control characters".to_string()
    } else {
        match text.parse::<ureq::http::Uri>() {
            Err(_) => "the address cannot be read as a URL".to_string(),
            Ok(uri) => match uri.authority() {
                Some(authority) if authority.as_str().contains('@') => {
                    // The value is not repeated: it holds a password.
                    problems.push(
                        redacted(doc.error_at(
                            "/probe/url",
                            "probe-secret",
                            "the probe's address holds a user name or password",
                        ))
                        .with_help("send credentials as a header read from an environment variable: headers = { Authorization = \"env:NAME\" }"),
                    );
                    return false;
                }
                Some(authority) if !authority.host().is_empty() => return true,
                _ => "the address names no host".to_string(),
            },
        }
    };
    problems.push(
        doc.error_at("/probe/url", "probe", problem).with_help(
            "write an http or https address, such as \"https://app.acme.example/version\"",
        ),
    );
    false
}

fn reader(
    doc: &Doc<EnvironmentFile>,
    file: &ProbeFile,
    problems: &mut Vec<Diagnostic>,
) -> Option<Reader> {
    if file.plain == Some(false) {
        // The schema says `plain` is only ever `true`; said once, there.
        return None;
    }
    let given: Vec<&str> = [
        ("json_pointer", file.json_pointer.is_some()),
        ("regex", file.regex.is_some()),
        ("plain", file.plain == Some(true)),
    ]
    .into_iter()
    .filter_map(|(key, set)| set.then_some(key))
    .collect();
    match given.as_slice() {
        [] => {
            problems.push(
                doc.error_at(
                    "/probe/url",
                    "probe",
                    "the probe does not say how to read the answer",
                )
                .with_help("add one of json_pointer = \"/version\", regex = \"version: (\\\\S+)\" or plain = true"),
            );
            return None;
        }
        [_] => {}
        [first, others @ ..] => {
            for other in others {
                problems.push(
                    doc.error_at(
                        &pointer_child("/probe", other),
                        "probe",
                        format!("`{other}` and `{first}` both say how to read the answer"),
                    )
                    .with_help("keep one of json_pointer, regex and plain"),
                );
            }
            return None;
        }
    }
    if let Some(pointer) = &file.json_pointer {
        return Some(Reader::JsonPointer(pointer.clone()));
    }
    if let Some(pattern) = &file.regex {
        return regex(doc, pattern, problems).map(Reader::Regex);
    }
    Some(Reader::Plain)
}

fn regex(
    doc: &Doc<EnvironmentFile>,
    pattern: &str,
    problems: &mut Vec<Diagnostic>,
) -> Option<regex::Regex> {
    let mut fail = |message: String| {
        problems.push(
            doc.error_at("/probe/regex", "probe", message)
                .with_help("one group around the version, such as \"release ([0-9][^\\\\s]*)\""),
        );
        None
    };
    if pattern.len() > MAX_REGEX_LEN {
        return fail(format!(
            "the regular expression is longer than {MAX_REGEX_LEN} bytes"
        ));
    }
    let compiled = regex::RegexBuilder::new(pattern)
        .size_limit(1 << 20)
        .build();
    match compiled {
        Err(err) => {
            // The crate's message spans lines with a caret of its own.
            let first = err.to_string();
            let reason = first.lines().last().unwrap_or("").trim();
            fail(format!(
                "the regular expression does not compile: {}",
                crate::text::for_terminal(reason)
            ))
        }
        Ok(re) if re.captures_len() != 2 => fail(format!(
            "the regular expression has {} groups; it needs exactly one, around the version",
            re.captures_len() - 1
        )),
        Ok(re) => Some(re),
    }
}

fn headers(
    doc: &Doc<EnvironmentFile>,
    file: &ProbeFile,
    problems: &mut Vec<Diagnostic>,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for (name, value) in &file.headers {
        let pointer = pointer_child("/probe/headers", name);
        let lower = name.to_ascii_lowercase();
        if RESERVED_HEADERS.contains(&lower.as_str()) {
            problems.push(doc.error_at(
                &pointer,
                "probe",
                format!("milepost sets `{}` itself", crate::text::for_terminal(name)),
            ));
            continue;
        }
        if !seen.insert(lower) {
            problems.push(doc.error_at(
                &pointer,
                "probe",
                format!(
                    "header `{}` is given twice (header names ignore case)",
                    crate::text::for_terminal(name)
                ),
            ));
            continue;
        }
        match value.strip_prefix("env:").filter(|var| is_variable_name(var)) {
            Some(var) => out.push((name.clone(), var.to_string())),
            None => problems.push(
                // Never repeated, not even under the caret: it may be the secret.
                redacted(doc.error_at(
                    &pointer,
                    "probe-secret",
                    format!(
                        "header `{}` is not `env:NAME`: a probe's header values come from environment variables, never from the file",
                        crate::text::for_terminal(name)
                    ),
                ))
                .with_help("write `env:NAME` and set the environment variable NAME where `milepost verify` runs; a real secret that was committed is in the Git history: replace it"),
            ),
        }
    }
    out
}

fn is_variable_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name.len() <= 128
}

/// Labels the diagnostic about a secret; [`redact_secrets`] hides the value.
fn redacted(diagnostic: Diagnostic) -> Diagnostic {
    diagnostic.with_label("value hidden")
}

/// What stands for a hidden value in a report.
const HIDDEN: &str = "\"(hidden)\"";

/// Hides, in every diagnostic of an environment file, the values of its
/// probe that may be secrets (literal header values, an address with a
/// password): in the source line under the caret and in the texts. Any
/// diagnostic may show that line, and reports end up in CI logs.
pub fn redact_secrets(registry: &Registry, diagnostics: &mut [Diagnostic]) {
    for doc in registry.environments.values() {
        let secrets = secret_spans(doc);
        if secrets.is_empty() {
            continue;
        }
        for diagnostic in diagnostics.iter_mut().filter(|d| d.file == doc.source.path) {
            hide(diagnostic, doc, &secrets);
        }
    }
}

/// Byte spans (in the file) of the probe's values that may be secrets.
fn secret_spans(doc: &Doc<EnvironmentFile>) -> Vec<std::ops::Range<usize>> {
    let Some(probe) = &doc.data.probe else {
        return Vec::new();
    };
    let mut out: Vec<std::ops::Range<usize>> = probe
        .headers
        .iter()
        .filter(|(_, value)| !value.strip_prefix("env:").is_some_and(is_variable_name))
        .map(|(name, _)| doc.spans.value(&pointer_child("/probe/headers", name)))
        .collect();
    let authority = probe.url.split_once("://").map_or("", |(_, rest)| {
        rest.split(['/', '?', '#']).next().unwrap_or("")
    });
    if authority.contains('@') {
        out.push(doc.spans.value("/probe/url"));
    }
    out.retain(|span| !span.is_empty());
    out.sort_by_key(|span| std::cmp::Reverse(span.start));
    out
}

fn hide(d: &mut Diagnostic, doc: &Doc<EnvironmentFile>, secrets: &[std::ops::Range<usize>]) {
    for secret in secrets {
        let Some(raw) = doc.source.text.get(secret.clone()) else {
            continue;
        };
        let value = raw.trim_matches(['"', '\'']);
        if value.len() >= 3 {
            for text in [
                Some(&mut d.message),
                d.label.as_mut(),
                d.help.as_mut(),
                d.note.as_mut(),
            ]
            .into_iter()
            .flatten()
            {
                if text.contains(value) {
                    *text = text.replace(value, "(hidden)");
                }
            }
        }
    }
    let (Some(span), Some(excerpt)) = (&d.span, &mut d.excerpt) else {
        return;
    };
    let Some(start) = span.start.checked_sub(excerpt.span.start) else {
        d.excerpt = None;
        return;
    };
    let end = start + excerpt.text.len();
    // From the last secret to the first, so that earlier offsets hold.
    for secret in secrets {
        if secret.end <= start || secret.start >= end {
            continue;
        }
        let inside = secret.start >= start && secret.end <= end;
        let r = secret.start - start.min(secret.start)..secret.end - start.min(secret.end);
        let replaced = inside
            .then(|| {
                let before = excerpt.text.get(..r.start)?;
                let after = excerpt.text.get(r.end..)?;
                Some(format!("{before}{HIDDEN}{after}"))
            })
            .flatten();
        let Some(text) = replaced else {
            // A value over several lines: the lines are not shown at all.
            d.excerpt = None;
            return;
        };
        let moved = |p: usize, is_end: bool| {
            if p <= r.start {
                p
            } else if p >= r.end {
                p - r.len() + HIDDEN.len()
            } else if is_end {
                r.start + HIDDEN.len()
            } else {
                r.start
            }
        };
        excerpt.span = moved(excerpt.span.start, false)..moved(excerpt.span.end, true);
        excerpt.text = text;
    }
}
