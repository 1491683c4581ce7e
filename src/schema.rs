//! The JSON Schemas of the registry's files: built into the binary, applied
//! to parsed files, and their complaints turned into diagnostics that point at
//! the offending key or value.

use std::sync::OnceLock;

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{ValidationError, Validator};
use serde_json::Value;

use crate::diagnostic::{Diagnostic, Severity, closest};
use crate::parse::{ParsedToml, pointer_child};
use crate::source::SourceFile;

/// One schema per kind of TOML file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SchemaKind {
    Settings,
    Teams,
    Calendar,
    Environment,
    Release,
    Incident,
}

impl SchemaKind {
    pub const ALL: [SchemaKind; 6] = [
        SchemaKind::Settings,
        SchemaKind::Teams,
        SchemaKind::Calendar,
        SchemaKind::Environment,
        SchemaKind::Release,
        SchemaKind::Incident,
    ];

    /// The schema's file name in `schema/`.
    pub fn file_name(self) -> &'static str {
        match self {
            SchemaKind::Settings => "milepost.schema.json",
            SchemaKind::Teams => "teams.schema.json",
            SchemaKind::Calendar => "calendar.schema.json",
            SchemaKind::Environment => "environment.schema.json",
            SchemaKind::Release => "release.schema.json",
            SchemaKind::Incident => "incident.schema.json",
        }
    }

    pub fn text(self) -> &'static str {
        match self {
            SchemaKind::Settings => include_str!("../schema/milepost.schema.json"),
            SchemaKind::Teams => include_str!("../schema/teams.schema.json"),
            SchemaKind::Calendar => include_str!("../schema/calendar.schema.json"),
            SchemaKind::Environment => include_str!("../schema/environment.schema.json"),
            SchemaKind::Release => include_str!("../schema/release.schema.json"),
            SchemaKind::Incident => include_str!("../schema/incident.schema.json"),
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

struct Compiled {
    schema: Value,
    validator: Validator,
}

/// Compiled once per process; `Err` only if a built-in schema is broken,
/// which the tests rule out but which must still not crash a user's run.
fn compiled(kind: SchemaKind) -> Result<&'static Compiled, String> {
    static ALL: OnceLock<Vec<Result<Compiled, String>>> = OnceLock::new();
    let all = ALL.get_or_init(|| SchemaKind::ALL.iter().map(|k| compile(*k)).collect());
    match &all[kind.index()] {
        Ok(compiled) => Ok(compiled),
        Err(message) => Err(message.clone()),
    }
}

fn compile(kind: SchemaKind) -> Result<Compiled, String> {
    let schema: Value = serde_json::from_str(kind.text())
        .map_err(|err| format!("built-in schema {} is not JSON: {err}", kind.file_name()))?;
    let validator = jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&schema)
        .map_err(|err| format!("built-in schema {} is invalid: {err}", kind.file_name()))?;
    Ok(Compiled { schema, validator })
}

/// Validates a parsed file against its schema.
pub fn validate(kind: SchemaKind, file: &SourceFile, parsed: &ParsedToml) -> Vec<Diagnostic> {
    let compiled = match compiled(kind) {
        Ok(compiled) => compiled,
        Err(message) => return vec![Diagnostic::error(file, 0..0, "internal", message)],
    };
    let mut out = Vec::new();
    for error in compiled.validator.iter_errors(&parsed.value) {
        translate(&error, &compiled.schema, kind, file, parsed, &mut out);
    }
    out
}

/// The sub-schema at a keyword location, following local `$ref`s.
fn schema_at<'a>(schema: &'a Value, location: &str) -> Option<&'a Value> {
    let mut node = schema;
    for segment in location.split('/').skip(1) {
        let segment = segment.replace("~1", "/").replace("~0", "~");
        node = match node.get(&segment) {
            Some(next) => next,
            None => {
                let target = node.get("$ref")?.as_str()?.strip_prefix('#')?;
                schema.pointer(target)?.get(&segment)?
            }
        };
    }
    Some(node)
}

/// The schema of the object whose keyword failed (drop the keyword itself).
fn parent_schema<'a>(schema: &'a Value, location: &str) -> Option<&'a Value> {
    let parent = location.rsplit_once('/').map_or("", |(p, _)| p);
    schema_at(schema, parent)
}

fn translate(
    error: &ValidationError<'_>,
    schema: &Value,
    kind: SchemaKind,
    file: &SourceFile,
    parsed: &ParsedToml,
    out: &mut Vec<Diagnostic>,
) {
    let pointer = error.instance_path().as_str();
    let location = error.schema_path().as_str();
    let at_value = parsed.spans.value(pointer);
    let field = field_name(pointer);
    let diagnostic = match error.kind() {
        // Said once, by the http(s) pattern of the same field (url-scheme).
        ValidationErrorKind::Format { format }
            if format == "uri"
                && error
                    .instance()
                    .as_str()
                    .is_some_and(|u| !crate::text::is_web_url(u)) =>
        {
            return;
        }
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            let allowed: Vec<&str> = parent_schema(schema, location)
                .and_then(|s| s.get("properties"))
                .and_then(Value::as_object)
                .map(|props| props.keys().map(String::as_str).collect())
                .unwrap_or_default();
            for name in unexpected {
                let span = parsed.spans.key(&pointer_child(pointer, name));
                let mut d = Diagnostic::error(
                    file,
                    span,
                    "unknown-field",
                    format!("unknown field `{name}`"),
                )
                .with_label("not a field of this table");
                d = match closest(name, allowed.iter().copied()) {
                    Some(near) => d.with_help(format!("did you mean `{near}`?")),
                    None if !allowed.is_empty() => {
                        d.with_help(format!("expected one of: {}", allowed.join(", ")))
                    }
                    None => d,
                };
                out.push(d);
            }
            return;
        }
        ValidationErrorKind::Required { property } => {
            let name = property.as_str().unwrap_or_default();
            let span = if pointer.is_empty() {
                0..0
            } else {
                parsed.spans.key(pointer)
            };
            let where_ = if pointer.is_empty() {
                String::new()
            } else {
                format!(" in `{}`", display_path(pointer))
            };
            let message = format!("missing required field `{name}`{where_}");
            // Missing from the top of the file: the file is meant, not its first line.
            let mut d = if pointer.is_empty() {
                Diagnostic::whole_file(Severity::Error, file.path.clone(), "schema", message)
                    .with_note(format!("{} has no `{name}` line", file.path))
            } else {
                Diagnostic::error(file, span, "schema", message)
            };
            if let Some(hint) = property_hint(schema, location, name) {
                d = d.with_help(hint);
            }
            d
        }
        ValidationErrorKind::Type { kind: expected } => {
            let expected = match expected {
                TypeKind::Single(t) => article(&t.to_string()),
                TypeKind::Multiple(set) => set
                    .iter()
                    .map(|t| article(&t.to_string()))
                    .collect::<Vec<_>>()
                    .join(" or "),
            };
            Diagnostic::error(
                file,
                at_value,
                "schema",
                format!(
                    "`{field}` must be {expected}, found {}",
                    describe(error.instance())
                ),
            )
        }
        ValidationErrorKind::Enum { options } => {
            let choices: Vec<&str> = options
                .as_array()
                .map(|a| a.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let found = error.instance();
            let mut d = Diagnostic::error(
                file,
                at_value,
                "schema",
                format!(
                    "`{field}` must be one of {}, found {}",
                    quoted_list(&choices),
                    describe(found)
                ),
            );
            if let Some(near) = found
                .as_str()
                .and_then(|s| closest(s, choices.iter().copied()))
            {
                d = d.with_help(format!("did you mean \"{near}\"?"));
            }
            d
        }
        ValidationErrorKind::Format { format } => {
            let (what, example) = match format.as_str() {
                "date-time" => ("a date and time with a time zone", "2024-06-12T15:04:00Z"),
                "date" => ("a date", "2024-06-12"),
                "email" => ("an e-mail address", "alice@example.com"),
                "uri" => ("an absolute URL", "https://example.com/"),
                other => (other, ""),
            };
            let d = Diagnostic::error(
                file,
                at_value,
                "schema",
                format!(
                    "`{field}` must be {what}, found {}",
                    describe(error.instance())
                ),
            );
            if example.is_empty() {
                d
            } else {
                d.with_help(format!("write it like {example}"))
            }
        }
        ValidationErrorKind::Pattern { .. }
            if kind == SchemaKind::Release && pointer == "/version" =>
        {
            Diagnostic::error(
                file,
                at_value,
                "version",
                format!("{} is not a semantic version", describe(error.instance())),
            )
            .with_help("versions are MAJOR.MINOR.PATCH, such as 2.4.1 or 3.0.0-rc.1")
        }
        ValidationErrorKind::Pattern { pattern } if pattern.starts_with("^[Hh][Tt][Tt][Pp]") => {
            Diagnostic::error(
                file,
                at_value,
                "url-scheme",
                format!(
                    "`{field}` must be an http or https address, found {}",
                    describe(error.instance())
                ),
            )
            .with_help("only http:// and https:// addresses become links; write it like https://example.com/")
        }
        ValidationErrorKind::Pattern { .. } => {
            let examples = parent_schema(schema, location).and_then(examples_of);
            let d = Diagnostic::error(
                file,
                at_value,
                "schema",
                format!(
                    "`{field}` has the wrong form: {}",
                    describe(error.instance())
                ),
            );
            match examples {
                Some(examples) => d.with_help(format!("write it like {examples}")),
                None => d,
            }
        }
        ValidationErrorKind::PropertyNames { error: inner } => {
            let name = inner.instance().as_str().unwrap_or_default().to_string();
            let span = parsed.spans.key(&pointer_child(pointer, &name));
            Diagnostic::error(
                file,
                span,
                "schema",
                format!("`{name}` is not a valid name here"),
            )
            .with_help(
                "ids use lowercase letters, digits, `-` and `_`, such as `prod` or `platform-team`",
            )
        }
        ValidationErrorKind::MinLength { limit: 1 } => Diagnostic::error(
            file,
            at_value,
            "schema",
            format!("`{field}` must not be empty"),
        ),
        ValidationErrorKind::UniqueItems => Diagnostic::error(
            file,
            at_value,
            "schema",
            format!("`{field}` lists the same item twice"),
        ),
        ValidationErrorKind::Minimum { limit } => Diagnostic::error(
            file,
            at_value,
            "schema",
            format!("`{field}` must be at least {limit}"),
        ),
        _ => Diagnostic::error(file, at_value, "schema", format!("`{field}`: {error}")),
    };
    out.push(diagnostic);
}

/// The last key of a pointer, for messages: `/changes/0/kind` → `kind`.
fn field_name(pointer: &str) -> String {
    let last = pointer
        .rsplit('/')
        .find(|s| s.parse::<usize>().is_err())
        .unwrap_or("");
    if last.is_empty() {
        "file".to_string()
    } else {
        last.replace("~1", "/").replace("~0", "~")
    }
}

/// A pointer as people write it in TOML: `/changes/0/kind` → `changes[0].kind`.
pub(crate) fn display_path(pointer: &str) -> String {
    let mut out = String::new();
    for segment in pointer.split('/').skip(1) {
        if segment.parse::<usize>().is_ok() {
            out.push_str(&format!("[{segment}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&segment.replace("~1", "/").replace("~0", "~"));
        }
    }
    out
}

fn property_hint(schema: &Value, location: &str, name: &str) -> Option<String> {
    let property = parent_schema(schema, location)?
        .get("properties")?
        .get(name)?;
    let examples = examples_of(property)?;
    Some(format!("add it, e.g. `{name} = {examples}`"))
}

fn examples_of(schema: &Value) -> Option<String> {
    let first = schema.get("examples")?.as_array()?.first()?;
    match first {
        Value::String(s) if !s.contains('\n') => Some(format!("\"{s}\"")),
        Value::String(_) | Value::Object(_) | Value::Array(_) => None,
        other => Some(other.to_string()),
    }
}

fn article(type_name: &str) -> String {
    match type_name {
        "object" => "a table".to_string(),
        "array" => "an array".to_string(),
        "integer" => "an integer".to_string(),
        other => format!("a {other}"),
    }
}

fn describe(value: &Value) -> String {
    match value {
        Value::Null => "a value TOML cannot hold here".to_string(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("\"{s}\""),
        Value::Array(_) => "an array".to_string(),
        Value::Object(_) => "a table".to_string(),
    }
}

fn quoted_list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("\"{s}\"")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => quoted.concat(),
    }
}

#[cfg(test)]
mod tests;
