//! Where tickets and commits live: the URL templates of milepost.toml's
//! `[links]`, such as `https://tracker.example/browse/{id}`. The value put
//! in is user text (a ticket id may hold `/`, `?` or `<`), so it is
//! percent-encoded whole: it can fill its place in the address and never
//! change the address's structure.

use crate::files::LinkSettings;
use crate::text::is_web_url;

/// The placeholder of each template.
pub const TICKET_PLACEHOLDER: &str = "{id}";
pub const COMMIT_PLACEHOLDER: &str = "{sha}";

/// What is wrong with a template, for `check`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateProblem {
    /// Not an absolute http(s) address once filled in.
    NotWeb,
    MissingPlaceholder(&'static str),
}

/// Whether `template` makes a usable link with `placeholder` filled in.
pub fn template_problem(template: &str, placeholder: &'static str) -> Option<TemplateProblem> {
    if !template.contains(placeholder) {
        return Some(TemplateProblem::MissingPlaceholder(placeholder));
    }
    if !is_web_url(&fill(template, placeholder, "x")) {
        return Some(TemplateProblem::NotWeb);
    }
    None
}

/// Every byte but the unreserved ones of RFC 3986 as `%XX`.
pub fn percent_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn fill(template: &str, placeholder: &str, value: &str) -> String {
    template.replace(placeholder, &percent_encode(value))
}

/// The templates a registry sets, usable ones only: a template `check`
/// reports links nothing.
#[derive(Debug, Clone, Default)]
pub struct LinkTemplates {
    tickets: Option<String>,
    commits: Option<String>,
}

impl LinkTemplates {
    pub fn new(settings: Option<&LinkSettings>) -> LinkTemplates {
        let usable = |template: Option<&String>, placeholder| {
            template
                .filter(|t| template_problem(t, placeholder).is_none())
                .cloned()
        };
        LinkTemplates {
            tickets: settings.and_then(|s| usable(s.tickets.as_ref(), TICKET_PLACEHOLDER)),
            commits: settings.and_then(|s| usable(s.commits.as_ref(), COMMIT_PLACEHOLDER)),
        }
    }

    /// The address of ticket `id`, if tickets have one.
    pub fn ticket(&self, id: &str) -> Option<String> {
        link(self.tickets.as_deref(), TICKET_PLACEHOLDER, id)
    }

    /// The address of commit `sha` (the full hash), if commits have one.
    pub fn commit(&self, sha: &str) -> Option<String> {
        link(self.commits.as_deref(), COMMIT_PLACEHOLDER, sha)
    }
}

fn link(template: Option<&str>, placeholder: &str, value: &str) -> Option<String> {
    if value.is_empty() {
        return None;
    }
    Some(fill(template?, placeholder, value)).filter(|url| is_web_url(url))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn templates() -> LinkTemplates {
        LinkTemplates::new(Some(&LinkSettings {
            tickets: Some("https://tracker.example/browse/{id}".into()),
            commits: Some("https://git.example/acme/releases/commit/{sha}".into()),
        }))
    }

    #[test]
    fn a_ticket_id_cannot_change_the_structure_of_its_address() {
        assert_eq!(
            templates().ticket("a b/../?x=<script>").as_deref(),
            Some("https://tracker.example/browse/a%20b%2F..%2F%3Fx%3D%3Cscript%3E")
        );
        assert_eq!(
            templates().ticket("FX-12").as_deref(),
            Some("https://tracker.example/browse/FX-12")
        );
        assert_eq!(
            templates().ticket("x\r\ny#z").as_deref(),
            Some("https://tracker.example/browse/x%0D%0Ay%23z")
        );
        assert_eq!(templates().ticket(""), None);
    }

    #[test]
    fn commits_link_by_their_full_hash() {
        assert_eq!(
            templates().commit("0123456789abcdef").as_deref(),
            Some("https://git.example/acme/releases/commit/0123456789abcdef")
        );
    }

    #[test]
    fn unusable_templates_link_nothing() {
        let bad = LinkTemplates::new(Some(&LinkSettings {
            tickets: Some("javascript:alert({id})".into()),
            commits: Some("https://git.example/commit/".into()),
        }));
        assert_eq!(bad.ticket("FX-1"), None);
        assert_eq!(bad.commit("abc"), None);
        assert_eq!(LinkTemplates::default().ticket("FX-1"), None);
        assert_eq!(
            template_problem("ftp://x/{id}", TICKET_PLACEHOLDER),
            Some(TemplateProblem::NotWeb)
        );
        assert_eq!(
            template_problem("https://x/", COMMIT_PLACEHOLDER),
            Some(TemplateProblem::MissingPlaceholder("{sha}"))
        );
        assert_eq!(
            template_problem("https://x/{id} y", TICKET_PLACEHOLDER),
            Some(TemplateProblem::NotWeb)
        );
    }
}
