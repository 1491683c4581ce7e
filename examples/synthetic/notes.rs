//! The release notes of the synthetic benchmark data, shared by the
//! generators of the registry and of the equivalent Hugo site.

use std::fmt::Write as _;

const WORDS: [&str; 48] = [
    "export",
    "import",
    "report",
    "dashboard",
    "account",
    "invoice",
    "search",
    "filter",
    "faster",
    "clearer",
    "safer",
    "smaller",
    "now",
    "also",
    "when",
    "every",
    "team",
    "user",
    "shows",
    "keeps",
    "loads",
    "sends",
    "finds",
    "opens",
    "the",
    "a",
    "your",
    "its",
    "with",
    "without",
    "before",
    "after",
    "page",
    "table",
    "chart",
    "file",
    "link",
    "setting",
    "view",
    "list",
    "timeout",
    "retry",
    "limit",
    "region",
    "backup",
    "schedule",
    "token",
    "queue",
];

/// Deterministic words: the same release gets the same text on every run.
struct Words(u64);

impl Words {
    fn word(&mut self) -> &'static str {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        WORDS[(self.0 >> 33) as usize % WORDS.len()]
    }

    fn sentence(&mut self, words: usize) -> String {
        let mut text = String::new();
        for i in 0..words {
            if i > 0 {
                text.push(' ');
            }
            text.push_str(self.word());
        }
        text.push('.');
        text
    }
}

/// About 300 words of release notes, different for each release: a lead
/// paragraph, then sections with lists.
pub fn notes(v: &str, r: usize) -> String {
    let mut words = Words(r as u64);
    let mut text = format!(
        "Release {v} brings **faster** exports and [better docs](https://docs.synthetic.example/). "
    );
    for _ in 0..6 {
        text.push_str(&words.sentence(12));
        text.push(' ');
    }
    text.push_str("\n\n## New\n\n");
    for _ in 0..6 {
        writeln!(text, "- {}", words.sentence(11)).ok();
    }
    text.push_str("\n## Fixed\n\n");
    for _ in 0..6 {
        let name = words.word();
        writeln!(text, "- `{name}`: {}", words.sentence(9)).ok();
    }
    text.push_str("\n## Notes\n\n");
    for _ in 0..6 {
        text.push_str(&words.sentence(12));
        text.push(' ');
    }
    text.push('\n');
    text
}
