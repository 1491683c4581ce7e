//! What a changelog section's title says its entries are: a kind of change,
//! internal work, or prose that is not a list of changes at all.

use crate::files::ChangeKind;

/// What the entries under a section are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectionClass {
    Changes {
        kind: ChangeKind,
        /// Work customers never see: its entries become internal changes,
        /// and its text never reaches notes.md, which is published.
        internal: bool,
        /// The entries are prefixed "Breaking:", as the kind cannot say it.
        breaking: bool,
    },
    /// Not changes (`New Contributors`, `Thanks`): its list stays text in
    /// notes.md and is neither imported nor reported.
    Prose,
}

const fn changes(kind: ChangeKind) -> SectionClass {
    SectionClass::Changes {
        kind,
        internal: false,
        breaking: false,
    }
}

const INTERNAL: SectionClass = SectionClass::Changes {
    kind: ChangeKind::Changed,
    internal: true,
    breaking: false,
};

/// `### 🐛 Bug Fixes:`, `### [Fixed]`, `**Added**` → `bug fixes`, `fixed`, `added`:
/// decoration around the name says nothing about the kind.
pub fn section_name(title: &str) -> String {
    // `<!-- 0 -->🚀 Features`: git-cliff's comment orders the sections.
    let mut title = title.to_string();
    while let (Some(start), Some(end)) = (title.find("<!--"), title.find("-->")) {
        if end < start {
            break;
        }
        title.replace_range(start..end + 3, " ");
    }
    let t = title.trim_matches(|c: char| !c.is_alphanumeric());
    // `Authors: 2`: a count after the name.
    let t = match t.rsplit_once(':') {
        Some((name, count)) if count.trim().chars().all(|c| c.is_ascii_digit()) => name,
        _ => t,
    };
    let t = t.trim_matches(|c: char| !c.is_alphanumeric());
    t.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

const BREAKING: SectionClass = SectionClass::Changes {
    kind: ChangeKind::Changed,
    internal: false,
    breaking: true,
};

/// The section titles milepost knows, as `section_name` spells them.
const KNOWN: &[(SectionClass, &[&str])] = &[
    (
        changes(ChangeKind::Added),
        &[
            "added",
            "add",
            "new",
            "features",
            "feature",
            "new features",
            "feature enhancements",
            "enhancement",
            "enhancements",
            "what's new",
            "whats new",
        ],
    ),
    (
        changes(ChangeKind::Changed),
        &[
            "changed",
            "changes",
            "change",
            "improvements",
            "performance",
            "performance improvements",
            "other",
            "other changes",
            "misc",
            "miscellaneous",
            "what's changed",
            "whats changed",
            "patch changes",
            "minor changes",
            "major changes",
            "updates",
            "revert",
            "reverts",
        ],
    ),
    (
        changes(ChangeKind::Deprecated),
        &["deprecated", "deprecations", "deprecations and removals"],
    ),
    (
        changes(ChangeKind::Removed),
        &["removed", "removals", "removal"],
    ),
    (
        changes(ChangeKind::Fixed),
        &[
            "fixed",
            "fixes",
            "fix",
            "bug fixes",
            "bugfixes",
            "bug fix",
            "bugs",
        ],
    ),
    (
        changes(ChangeKind::Security),
        &["security", "security fixes"],
    ),
    (
        BREAKING,
        &[
            "breaking change",
            "breaking changes",
            "breaking",
            "backwards incompatible changes",
        ],
    ),
    (
        INTERNAL,
        &[
            "internal",
            "internal changes",
            "chore",
            "chores",
            "refactor",
            "refactoring",
            "ci",
            "build",
            "build system",
            "build process changes",
            "tests",
            "test",
            "testing",
            "dependencies",
            "deps",
            "dependency updates",
            "miscellaneous chores",
            "code refactoring",
            "maintenance",
            "miscellaneous tasks",
            "documentation",
            "docs",
            "styling",
            "style",
        ],
    ),
    (
        SectionClass::Prose,
        &[
            "new contributors",
            "contributors",
            "thanks",
            "acknowledgements",
            "authors",
            "credits",
        ],
    ),
];

fn known(name: &str) -> Option<SectionClass> {
    KNOWN
        .iter()
        .find(|(_, names)| names.contains(&name))
        .map(|(class, _)| *class)
}

/// The user's `--section "Title=kind"` mappings over the known titles.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mapping {
    user: Vec<(String, SectionClass)>,
}

/// What `--section` accepts after `=`.
pub const TARGETS: &str =
    "added, changed, deprecated, removed, fixed, security, breaking, internal or prose";

impl Mapping {
    /// `Performance=changed`, `Housekeeping=internal`, `Shout-outs=prose`.
    pub fn add(&mut self, spec: &str) -> Result<(), String> {
        let Some((title, target)) = spec.rsplit_once('=') else {
            return Err(format!(
                "`{spec}` is not TITLE=KIND (for example \"Performance=changed\")"
            ));
        };
        let name = section_name(title);
        if name.is_empty() {
            return Err(format!("`{spec}` names no section title before `=`"));
        }
        let class = match target.trim().to_ascii_lowercase().as_str() {
            "internal" => INTERNAL,
            "prose" => SectionClass::Prose,
            "breaking" => BREAKING,
            other => match ChangeKind::ALL.iter().find(|k| k.as_str() == other) {
                Some(kind) => changes(*kind),
                None => {
                    return Err(format!(
                        "`{}` in `{spec}` is not one of {TARGETS}",
                        target.trim()
                    ));
                }
            },
        };
        self.user.retain(|(n, _)| *n != name);
        self.user.push((name, class));
        Ok(())
    }

    /// The class of a section title, the user's mapping first.
    pub fn class(&self, title: &str) -> Option<SectionClass> {
        let name = section_name(title);
        self.user
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, c)| *c)
            .or_else(|| known(&name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_in_their_decorations_map_to_kinds() {
        let m = Mapping::default();
        assert_eq!(m.class("🐛 Bug Fixes:"), Some(changes(ChangeKind::Fixed)));
        assert_eq!(m.class("[Fixed]"), Some(changes(ChangeKind::Fixed)));
        assert_eq!(m.class("BUG FIXES:"), Some(changes(ChangeKind::Fixed)));
        assert_eq!(
            m.class("⚠ BREAKING CHANGES")
                .map(|c| matches!(c, SectionClass::Changes { breaking: true, .. })),
            Some(true)
        );
        assert_eq!(m.class("Chores"), Some(INTERNAL));
        assert_eq!(m.class("New Contributors"), Some(SectionClass::Prose));
        assert_eq!(
            m.class("<!-- 0 -->🚀 Features"),
            Some(changes(ChangeKind::Added))
        );
        assert_eq!(m.class("Authors: 2"), Some(SectionClass::Prose));
        assert_eq!(m.class("Key binding notes"), None);
    }

    #[test]
    fn the_users_mapping_comes_first_and_is_checked() {
        let mut m = Mapping::default();
        assert_eq!(m.add("Performance=fixed"), Ok(()));
        assert_eq!(m.add("Housekeeping = internal"), Ok(()));
        assert_eq!(m.add("Key binding notes=prose"), Ok(()));
        assert_eq!(m.class("## Performance"), Some(changes(ChangeKind::Fixed)));
        assert_eq!(m.class("Housekeeping"), Some(INTERNAL));
        assert_eq!(m.class("Key binding notes"), Some(SectionClass::Prose));
        assert_eq!(
            m.add("Performance"),
            Err("`Performance` is not TITLE=KIND (for example \"Performance=changed\")".into())
        );
        assert_eq!(
            m.add("Performance=faster"),
            Err(format!(
                "`faster` in `Performance=faster` is not one of {TARGETS}"
            ))
        );
        assert_eq!(
            m.add("=fixed"),
            Err("`=fixed` names no section title before `=`".into())
        );
    }
}
