use crate::cli::ExplainArgs;
use crate::diagnostic::closest;
use crate::explain::{CODES, explanation};
use crate::output::print;

use super::Outcome;

pub fn run(args: &ExplainArgs) -> anyhow::Result<Outcome> {
    let Some(code) = &args.code else {
        let width = CODES.iter().map(|(c, _, _)| c.len()).max().unwrap_or(0);
        let mut text = String::from("codes (milepost explain CODE tells more):\n");
        for (code, summary, _) in CODES {
            text.push_str(&format!("  {code:width$}  {summary}\n"));
        }
        print(&text)?;
        return Ok(Outcome::Success);
    };
    match explanation(code) {
        Some((summary, text)) => {
            print(&format!("{code}: {summary}\n\n{}\n", wrap(text, 78)))?;
            Ok(Outcome::Success)
        }
        None => {
            let near = closest(code, CODES.iter().map(|(c, _, _)| *c));
            let hint = near
                .map(|n| format!("; did you mean `{n}`?"))
                .unwrap_or_default();
            anyhow::bail!("no such code `{code}`{hint} (`milepost explain` lists them)")
        }
    }
}

fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.len() + 1 + word.len() > width {
            out.push_str(&line);
            out.push('\n');
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    out.push_str(&line);
    out
}
