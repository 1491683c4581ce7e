use std::ops::Range;

use serde_json::{Map, Number, Value};
use toml_edit::{Document, Item, Table};

use super::spans::{SpanMap, pointer_child};
use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;

/// A TOML file as the JSON value the schemas validate, and where each part was written.
#[derive(Debug, Clone)]
pub struct ParsedToml {
    pub value: Value,
    pub spans: SpanMap,
}

/// Parses a TOML file. Dates and times become strings in RFC 3339 form, which
/// is what editors' schema checkers (taplo) see too, so both agree.
pub fn parse_toml(file: &SourceFile) -> Result<ParsedToml, Diagnostic> {
    let doc = Document::parse(file.text.as_str()).map_err(|err| {
        let span = err.span().unwrap_or(0..0);
        let message = err.message().trim_end().to_string();
        let diagnostic = Diagnostic::error(file, span, "syntax", syntax_message(&message));
        if message.contains("duplicate key") {
            diagnostic.with_help("each key may appear once per table; remove or rename one of them")
        } else {
            diagnostic
        }
    })?;
    let mut spans = SpanMap::default();
    spans.insert(String::new(), None, Some(0..0));
    let value = table_to_json(doc.as_table(), "", &mut spans);
    Ok(ParsedToml { value, spans })
}

fn syntax_message(message: &str) -> String {
    let first = message.lines().next().unwrap_or("invalid TOML");
    format!("invalid TOML: {first}")
}

fn table_to_json(table: &Table, pointer: &str, spans: &mut SpanMap) -> Value {
    let mut map = Map::new();
    for (key, item) in table.iter() {
        let child = pointer_child(pointer, key);
        let key_span = table.key(key).and_then(|k| k.span());
        if let Some(value) = item_to_json(item, &child, key_span, spans) {
            map.insert(key.to_string(), value);
        }
    }
    Value::Object(map)
}

fn item_to_json(
    item: &Item,
    pointer: &str,
    key_span: Option<Range<usize>>,
    spans: &mut SpanMap,
) -> Option<Value> {
    match item {
        Item::None => None,
        Item::Value(value) => Some(value_to_json(value, pointer, key_span, spans)),
        Item::Table(table) => {
            spans.insert(pointer.to_string(), key_span, table.span());
            Some(table_to_json(table, pointer, spans))
        }
        Item::ArrayOfTables(array) => {
            spans.insert(pointer.to_string(), key_span, array.span());
            let items = array
                .iter()
                .enumerate()
                .map(|(i, table)| {
                    let child = pointer_child(pointer, &i.to_string());
                    spans.insert(child.clone(), None, table.span());
                    table_to_json(table, &child, spans)
                })
                .collect();
            Some(Value::Array(items))
        }
    }
}

fn value_to_json(
    value: &toml_edit::Value,
    pointer: &str,
    key_span: Option<Range<usize>>,
    spans: &mut SpanMap,
) -> Value {
    use toml_edit::Value as V;
    spans.insert(pointer.to_string(), key_span, value.span());
    match value {
        V::String(s) => Value::String(s.value().clone()),
        V::Integer(i) => Value::Number((*i.value()).into()),
        // NaN and infinities have no JSON form; null makes the schema report a type error.
        V::Float(f) => Number::from_f64(*f.value()).map_or(Value::Null, Value::Number),
        V::Boolean(b) => Value::Bool(*b.value()),
        V::Datetime(d) => Value::String(d.value().to_string()),
        V::Array(array) => Value::Array(
            array
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    value_to_json(v, &pointer_child(pointer, &i.to_string()), None, spans)
                })
                .collect(),
        ),
        V::InlineTable(table) => {
            let mut map = Map::new();
            for (key, v) in table.iter() {
                let child = pointer_child(pointer, key);
                let key_span = table.key(key).and_then(|k| k.span());
                map.insert(key.to_string(), value_to_json(v, &child, key_span, spans));
            }
            Value::Object(map)
        }
    }
}

#[cfg(test)]
mod tests;
