use crate::diagnostic::{Diagnostic, Severity};

/// GitHub workflow commands, one line per diagnostic. `prefix` is the
/// registry's folder inside the repository ("" at its root), because GitHub
/// places annotations by repository path.
pub fn github(diagnostics: &[Diagnostic], prefix: &str) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut message = format!("{} [{}]", d.message, d.code);
        if let Some(note) = &d.note {
            message.push_str(&format!("\nnote: {note}"));
        }
        if let Some(help) = &d.help {
            message.push_str(&format!("\nhelp: {help}"));
        }
        // A field missing from the file is a problem of the whole file.
        let place = if d.span.is_none() && d.note.is_some() {
            String::new()
        } else {
            format!(",line={},col={}", d.position.line, d.position.column)
        };
        out.push_str(&format!(
            "::{command} file={}{place},title={}::{}\n",
            escape_property(&format!("{prefix}{}", d.file)),
            escape_property(&format!("milepost {}", d.code)),
            escape_data(&message),
        ));
    }
    out
}

/// Workflow-command escaping, as the runner's toolkit does it. Other control
/// characters (an escape sequence, NUL) would reach the job log as they are:
/// they are written as visible escapes instead.
fn escape_data(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            '\t' => out.push('\t'),
            c if crate::text::is_control(c) => {
                out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_the_runner_would_misread() {
        let d = Diagnostic::whole_file(Severity::Error, "a,b.toml", "schema", "50% bad\nreally");
        assert_eq!(
            github(&[d], "reg/"),
            "::error file=reg/a%2Cb.toml,line=1,col=1,title=milepost schema::50%25 bad%0Areally [schema]\n"
        );
    }

    #[test]
    fn control_characters_reach_the_log_as_visible_escapes() {
        let d = Diagnostic::whole_file(
            Severity::Error,
            "a.toml",
            "schema",
            "x\u{1b}[31m\0\u{2028}y",
        );
        assert_eq!(
            github(&[d], ""),
            "::error file=a.toml,line=1,col=1,title=milepost schema::x\\u{1b}[31m\\u{0}\\u{2028}y [schema]\n"
        );
    }
}
