//! milepost: release management for SaaS, as plain text in Git.
//!
//! The stages, each a module that takes and returns plain data:
//! [`load`] (find and read the registry) → [`parse`] (TOML with spans) →
//! [`validate`] (schemas, references and rules → [`diagnostic`]s and the
//! typed [`model`]) → [`history`] (commits → deploy events) →
//! [`judgement`] (every rule over model, history and time, one entry point
//! for every command) → views in [`model`] (status, checklist, metrics...)
//! → [`site`] (one route table → pages) → [`write`](mod@write) (atomic, never outside
//! what milepost owns); [`report`] prints diagnostics as text, JSON or
//! annotations.

pub mod announce;
pub mod cli;
pub mod cmd;
pub mod diagnostic;
pub mod edit;
pub mod explain;
pub mod files;
pub mod git;
pub mod history;
pub mod import;
pub mod init;
pub mod judgement;
pub mod load;
pub mod model;
pub mod names;
pub mod output;
pub mod parse;
pub mod policy;
pub mod probe;
pub mod progress;
pub mod report;
pub mod review;
pub mod schema;
pub mod serve;
pub mod site;
pub mod source;
pub mod text;
pub mod validate;
pub mod write;

use std::path::Path;

/// Loads and validates the registry at `root`.
pub fn check_registry(root: &Path) -> validate::Checked {
    validate::check(load::load(root))
}
