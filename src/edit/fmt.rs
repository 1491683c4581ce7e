//! `milepost fmt`: one canonical layout for the registry's TOML files — keys
//! in the order of the schema, `key = value` spacing, double-quoted strings,
//! at most one blank line in a row — that keeps every comment. Idempotent.

use serde_json::Value as Json;
use toml_edit::{Decor, DocumentMut, Item, RawString, Table, Value};

use crate::schema::SchemaKind;

/// The canonical form of a TOML file's text. `Err` if it does not parse
/// (such a file is never rewritten).
pub fn format_toml(kind: SchemaKind, text: &str) -> Result<String, toml_edit::TomlError> {
    let mut doc: DocumentMut = text.parse()?;
    let schema: Json = serde_json::from_str(kind.text()).unwrap_or(Json::Null);
    // The `release` line stays where people put it: it is the line every
    // deploy commit changes, and a reformat must not make those diffs move.
    let pinned = (kind == SchemaKind::Environment).then_some("release");
    format_table(doc.as_table_mut(), Some(&schema), true, pinned);
    // Comments after the last key: a last line without a newline is still a
    // line, and a blank line before them stays one blank line.
    let trailing = doc.trailing().as_str().map(|t| {
        let whole = if t.ends_with('\n') {
            t.to_string()
        } else {
            format!("{t}\n")
        };
        let normalized = normalize_prefix(&whole);
        let body = normalized.trim_matches('\n');
        match (body.is_empty(), normalized.starts_with('\n')) {
            (true, _) => String::new(),
            (false, true) => format!("\n{body}\n"),
            (false, false) => format!("{body}\n"),
        }
    });
    if let Some(trailing) = trailing {
        doc.set_trailing(trailing);
    }
    // A first [table] gets no blank line above it.
    let mut out = doc.to_string().trim_start_matches('\n').to_string();
    while out.ends_with("\n\n") {
        out.pop();
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    Ok(out)
}

fn child_schema<'a>(schema: Option<&'a Json>, key: &str) -> Option<&'a Json> {
    let schema = schema?;
    schema
        .get("properties")
        .and_then(|p| p.get(key))
        .or_else(|| schema.get("additionalProperties").filter(|s| s.is_object()))
}

/// `pinned` is a key that keeps its place among the values.
fn format_table(table: &mut Table, schema: Option<&Json>, root: bool, pinned: Option<&str>) {
    let order: Vec<String> = schema
        .and_then(|s| s.get("properties"))
        .and_then(Json::as_object)
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default();
    if !order.is_empty() {
        let rank = |key: &str| order.iter().position(|k| k == key).unwrap_or(usize::MAX);
        let current: Vec<String> = table
            .iter()
            .filter(|(_, item)| item.is_value())
            .map(|(key, _)| key.to_string())
            .collect();
        let mut target: Vec<&str> = current
            .iter()
            .map(String::as_str)
            .filter(|k| Some(*k) != pinned)
            .collect();
        target.sort_by_key(|k| rank(k));
        if let Some(pinned) = pinned
            && let Some(at) = current.iter().position(|k| k == pinned)
        {
            target.insert(at.min(target.len()), pinned);
        }
        let place = |key: &str| target.iter().position(|k| *k == key).unwrap_or(usize::MAX);
        // The file's opening comments (`#:schema`...) stay on top whichever key comes first.
        let header = if root { take_header(table) } else { None };
        table.sort_values_by(|k1, _, k2, _| place(k1.get()).cmp(&place(k2.get())));
        if let Some(header) = header
            && let Some((mut key, _)) = table.iter_mut().find(|(_, item)| item.is_value())
        {
            let own = key
                .leaf_decor()
                .prefix()
                .and_then(RawString::as_str)
                .unwrap_or("")
                .to_string();
            key.leaf_decor_mut().set_prefix(format!("{header}{own}"));
        }
    }
    let mut first = root;
    for (mut key, item) in table.iter_mut() {
        let name = key.get().to_string();
        match item {
            Item::Value(value) => {
                normalize_key(key.leaf_decor_mut(), first);
                first = false;
                format_value(value);
            }
            Item::Table(sub) => {
                normalize_block(sub.decor_mut());
                format_table(sub, child_schema(schema, &name), false, None);
            }
            Item::ArrayOfTables(array) => {
                let items = child_schema(schema, &name).and_then(|s| s.get("items"));
                for sub in array.iter_mut() {
                    normalize_block(sub.decor_mut());
                    format_table(sub, items, false, None);
                }
            }
            Item::None => {}
        }
    }
}

/// Takes the opening comment block of the file off the first key: the lines
/// up to the first blank line, or else the `#:schema` lines.
fn take_header(table: &mut Table) -> Option<String> {
    let (mut key, _) = table.iter_mut().find(|(_, item)| item.is_value())?;
    let prefix = key
        .leaf_decor()
        .prefix()
        .and_then(RawString::as_str)?
        .to_string();
    let split = match prefix.find("\n\n") {
        Some(i) => i + 2,
        None => prefix
            .lines()
            .take_while(|l| l.starts_with("#:"))
            .map(|l| l.len() + 1)
            .sum::<usize>()
            .min(prefix.len()),
    };
    if split == 0 {
        return None;
    }
    key.leaf_decor_mut().set_prefix(prefix[split..].to_string());
    Some(prefix[..split].to_string())
}

/// Comment and blank lines before a key or header: no indentation, no
/// trailing spaces, at most one blank line in a row. (The text after the last
/// newline is the indentation of the key itself, and goes.)
fn normalize_prefix(prefix: &str) -> String {
    let lines: Vec<&str> = prefix.split('\n').collect();
    let Some((_, whole_lines)) = lines.split_last() else {
        return String::new();
    };
    let mut out = String::new();
    let mut blank = false;
    for line in whole_lines {
        let line = line.trim();
        if line.is_empty() {
            if !blank {
                out.push('\n');
            }
            blank = true;
            continue;
        }
        blank = false;
        out.push_str(line);
        out.push('\n');
    }
    out
}

fn normalize_key(decor: &mut Decor, first: bool) {
    let prefix = decor
        .prefix()
        .and_then(RawString::as_str)
        .unwrap_or("")
        .to_string();
    let mut prefix = normalize_prefix(&prefix);
    if first {
        prefix = prefix.trim_start_matches('\n').to_string();
    }
    decor.set_prefix(prefix);
    decor.set_suffix(" ");
}

/// A `[table]` header: one blank line before it (and its comments).
fn normalize_block(decor: &mut Decor) {
    let prefix = decor
        .prefix()
        .and_then(RawString::as_str)
        .unwrap_or("")
        .to_string();
    let prefix = normalize_prefix(&prefix);
    decor.set_prefix(format!("\n{}", prefix.trim_start_matches('\n')));
    let suffix = decor
        .suffix()
        .and_then(RawString::as_str)
        .unwrap_or("")
        .trim_end()
        .to_string();
    decor.set_suffix(suffix);
}

fn format_value(value: &mut Value) {
    let suffix = value
        .decor()
        .suffix()
        .and_then(RawString::as_str)
        .unwrap_or("")
        .to_string();
    let suffix = match suffix.find('#') {
        // A comment keeps the spacing people aligned it with.
        Some(_) => suffix.trim_end().to_string(),
        None => String::new(),
    };
    value.decor_mut().set_prefix(" ");
    value.decor_mut().set_suffix(suffix);
    normalize_repr(value);
}

fn normalize_repr(value: &mut Value) {
    match value {
        Value::String(s) => {
            let multiline =
                s.display_repr().starts_with("\"\"\"") || s.display_repr().starts_with("'''");
            // Control characters stay as written: a line break spelled as a
            // multi-line string would take the file's line ends into the
            // value (CRLF files), and an escaped one is visible where a raw
            // one (U+0085, U+2028) would break the line in an editor.
            let controls = s.value().chars().any(crate::text::is_control);
            if !multiline && !controls {
                s.fmt();
            }
        }
        Value::Array(array) => {
            let text = array.to_string();
            if !text.contains('\n') && !text.contains('#') {
                array.fmt();
                for item in array.iter_mut() {
                    normalize_repr(item);
                }
            }
        }
        Value::InlineTable(table) => {
            table.fmt();
            for (_, item) in table.iter_mut() {
                normalize_repr(item);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests;
