//! Printing diagnostics: for people (rustc style), for programs (JSON) and
//! for pull-request reviewers (GitHub workflow annotations).

mod github;
mod human;
mod json;

pub use github::github;
pub use human::{Style, human};
pub use json::json;
