//! Printing diagnostics: for people (rustc style), for programs (JSON), for
//! pull-request reviewers (GitHub workflow annotations) and for code-scanning
//! servers (SARIF, GitLab Code Quality).

mod fingerprint;
mod github;
mod gitlab;
mod human;
mod json;
mod sarif;

pub use github::github;
pub use gitlab::gitlab;
pub use human::{Style, human};
pub use json::json;
pub use sarif::sarif;
