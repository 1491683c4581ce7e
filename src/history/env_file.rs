use jiff::Timestamp;
use toml_edit::{Document, Item};

/// What the history needs of an environment file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EnvValues {
    pub release: Option<String>,
    pub deployed_at: Option<Timestamp>,
}

/// Reads `release` and `deployed_at` from an environment file's text.
/// `Err` says why the file cannot be read (the history walk warns and skips).
pub fn read_env_values(bytes: &[u8]) -> Result<EnvValues, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "not valid UTF-8".to_string())?;
    let doc = Document::parse(text).map_err(|err| err.message().trim_end().to_string())?;
    let release = match doc.get("release") {
        None => None,
        Some(Item::Value(toml_edit::Value::String(s))) => Some(s.value().clone()),
        Some(_) => return Err("`release` is not a string".to_string()),
    };
    let deployed_at = match doc.get("deployed_at") {
        None => None,
        Some(Item::Value(toml_edit::Value::Datetime(d))) => Some(
            d.value()
                .to_string()
                .parse::<Timestamp>()
                .map_err(|_| "`deployed_at` has no time zone offset".to_string())?,
        ),
        Some(Item::Value(toml_edit::Value::String(s))) => Some(
            s.value()
                .parse::<Timestamp>()
                .map_err(|_| "`deployed_at` is not an RFC 3339 time".to_string())?,
        ),
        Some(_) => return Err("`deployed_at` is not a date and time".to_string()),
    };
    Ok(EnvValues {
        release,
        deployed_at,
    })
}

#[cfg(test)]
mod tests;
