use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use crate::diagnostic::{Diagnostic, Severity};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Plain,
    Colored,
}

/// rustc-style text: the message, `--> file:line:col`, the source line with a
/// caret under the span, then help; and a closing count.
pub fn human(diagnostics: &[Diagnostic], style: Style) -> String {
    let renderer = match style {
        Style::Plain => Renderer::plain(),
        Style::Colored => Renderer::styled(),
    }
    .decor_style(DecorStyle::Ascii);
    let mut out = String::new();
    for d in diagnostics {
        let d = visible(d);
        out.push_str(&renderer.render(&report_of(&d)));
        out.push_str("\n\n");
    }
    out.push_str(&summary(diagnostics));
    out
}

/// The diagnostic with every control character made visible: file names,
/// messages and source lines come from the registry, and an escape sequence
/// in them must not reach the terminal as one.
fn visible(d: &Diagnostic) -> Diagnostic {
    use crate::text::for_terminal;
    let mut d = d.clone();
    d.message = for_terminal(&d.message).into_owned();
    d.file = for_terminal(&d.file).into_owned();
    d.help = d.help.map(|h| for_terminal(&h).into_owned());
    d.label = d.label.map(|l| for_terminal(&l).into_owned());
    if let Some(excerpt) = &mut d.excerpt {
        let (text, span) = crate::text::control_pictures(&excerpt.text, excerpt.span.clone());
        excerpt.text = text;
        excerpt.span = span;
    }
    d
}

fn report_of(d: &Diagnostic) -> Vec<Group<'_>> {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let title = level.primary_title(d.message.as_str()).id(d.code);
    let mut group = match &d.excerpt {
        Some(excerpt) => {
            let mut annotation = AnnotationKind::Primary.span(excerpt.span.clone());
            if let Some(label) = &d.label {
                annotation = annotation.label(label.as_str());
            }
            title.element(
                Snippet::source(excerpt.text.as_str())
                    .line_start(excerpt.first_line)
                    .path(d.file.as_str())
                    .annotation(annotation),
            )
        }
        // A field missing from the file: the file is meant, not its first line.
        None if d.note.is_some() => title.element(Origin::path(d.file.as_str())),
        None => title.element(
            Origin::path(d.file.as_str())
                .line(d.position.line)
                .char_column(d.position.column),
        ),
    };
    if let Some(note) = &d.note {
        group = group.element(Level::NOTE.message(note.as_str()));
    }
    if let Some(help) = &d.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    vec![group]
}

fn summary(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diagnostics.len() - errors;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    match (errors, warnings) {
        (0, 0) => "no problems found\n".to_string(),
        (0, w) => format!("{}, no errors\n", plural(w, "warning")),
        (e, 0) => format!("{}\n", plural(e, "error")),
        (e, w) => format!("{} and {}\n", plural(e, "error"), plural(w, "warning")),
    }
}
