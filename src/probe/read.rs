//! The version in a probe's answer. The answer comes from outside: what is
//! read from it is short, one line and free of control characters, or it is
//! refused with a reason that does not repeat it.

/// Longer "versions" are refused: no release is named like that, and the
/// text ends up in tables, pages and JSON.
pub const MAX_VERSION_LEN: usize = 64;

/// How the version is read from the answer.
#[derive(Debug, Clone)]
pub enum Reader {
    /// The answer is JSON; the version is the string or number there.
    JsonPointer(String),
    /// The one group of the expression, matched in the answer's text.
    Regex(regex::Regex),
    /// The whole answer, trimmed.
    Plain,
}

impl Reader {
    /// The version in `answer`, or why none could be read.
    pub fn read(&self, answer: &[u8]) -> Result<String, String> {
        let found = match self {
            Reader::JsonPointer(pointer) => {
                let value: serde_json::Value = serde_json::from_slice(answer).map_err(|err| {
                    format!(
                        "unreadable answer: not JSON (line {}, column {})",
                        err.line(),
                        err.column()
                    )
                })?;
                match value.pointer(pointer) {
                    None => return Err(format!("unreadable answer: nothing at {pointer}")),
                    Some(serde_json::Value::String(text)) => text.clone(),
                    Some(serde_json::Value::Number(n)) => n.to_string(),
                    Some(_) => {
                        return Err(format!(
                            "unreadable answer: the value at {pointer} is not a string"
                        ));
                    }
                }
            }
            Reader::Regex(re) => {
                let text = text(answer)?;
                let group = re.captures(text).and_then(|c| c.get(1));
                match group {
                    Some(group) => group.as_str().to_string(),
                    None => return Err("unreadable answer: the regex matches nothing".to_string()),
                }
            }
            Reader::Plain => text(answer)?.to_string(),
        };
        clean(&found)
    }
}

fn text(answer: &[u8]) -> Result<&str, String> {
    std::str::from_utf8(answer).map_err(|_| "unreadable answer: not UTF-8 text".to_string())
}

/// Characters that change how text around them is shown without being
/// seen: a version holding one could read as another.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

fn clean(found: &str) -> Result<String, String> {
    let version = found.trim();
    if version.is_empty() {
        return Err("unreadable answer: the version is empty".to_string());
    }
    if version.chars().count() > MAX_VERSION_LEN {
        return Err(format!(
            "unreadable answer: the version is longer than {MAX_VERSION_LEN} characters"
        ));
    }
    if version
        .chars()
        .any(|c| crate::text::is_control(c) || is_invisible(c))
    {
        return Err(
            "unreadable answer: the version has control or invisible characters".to_string(),
        );
    }
    Ok(version.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pointer(p: &str) -> Reader {
        Reader::JsonPointer(p.to_string())
    }

    #[test]
    fn json_strings_and_numbers_are_versions() {
        assert_eq!(
            pointer("/version").read(br#"{"version": " 2.4.1 "}"#),
            Ok("2.4.1".to_string())
        );
        assert_eq!(pointer("/v").read(br#"{"v": 7}"#), Ok("7".to_string()));
        assert_eq!(
            pointer("/a/0").read(br#"{"a": ["1.0.0"]}"#),
            Ok("1.0.0".to_string())
        );
    }

    #[test]
    fn unreadable_answers_say_why_without_repeating_them() {
        let err = pointer("/version")
            .read(b"<html>secret</html>")
            .unwrap_err();
        assert_eq!(err, "unreadable answer: not JSON (line 1, column 1)");
        let err = pointer("/version")
            .read(br#"{"version": {"x": 1}}"#)
            .unwrap_err();
        assert!(err.contains("not a string"), "{err}");
        let err = pointer("/nope").read(br#"{}"#).unwrap_err();
        assert_eq!(err, "unreadable answer: nothing at /nope");
        let re = Reader::Regex(regex::Regex::new("release (\\S+)").unwrap());
        assert_eq!(
            re.read(b"nothing here").unwrap_err(),
            "unreadable answer: the regex matches nothing"
        );
        assert_eq!(
            Reader::Plain.read(&[0xff, 0xfe]).unwrap_err(),
            "unreadable answer: not UTF-8 text"
        );
    }

    #[test]
    fn hostile_versions_are_refused() {
        for body in [
            "2.4.1\u{1b}[2J",
            "2.4.1\r\nX-Injected: 1",
            "2.4.\u{202E}1",
            "",
            "   ",
        ] {
            assert!(Reader::Plain.read(body.as_bytes()).is_err(), "{body:?}");
        }
        let long = "1".repeat(MAX_VERSION_LEN + 1);
        assert!(Reader::Plain.read(long.as_bytes()).is_err());
        let ok = "1".repeat(MAX_VERSION_LEN);
        assert_eq!(Reader::Plain.read(ok.as_bytes()), Ok(ok));
    }

    #[test]
    fn deeply_nested_json_is_an_error_not_a_crash() {
        let body = "[".repeat(100_000);
        assert!(pointer("/0").read(body.as_bytes()).is_err());
    }
}
