//! The verifications of a release as its internal page lists them.

use serde::Serialize;

use super::super::labels::Labels;
use super::super::view::{When, person_name};
use crate::files::Verification;
use crate::model::Registry;

/// One `[[verifications]]` entry; `notes` is plain text (the template
/// escapes it and keeps its line breaks).
#[derive(Debug, Clone, Serialize)]
pub struct VerificationRow {
    pub environment: String,
    pub by: String,
    pub when: When,
    pub passed: bool,
    pub result: &'static str,
    pub notes: Option<String>,
}

/// Newest first, as the deploys are.
pub fn verification_rows(
    registry: &Registry,
    labels: &Labels,
    list: &[Verification],
) -> Vec<VerificationRow> {
    let mut sorted: Vec<&Verification> = list.iter().collect();
    sorted.sort_by_key(|v| std::cmp::Reverse(v.at));
    sorted
        .into_iter()
        .map(|v| VerificationRow {
            environment: labels.env(&v.environment),
            by: person_name(registry, &v.by),
            when: labels.when(v.at),
            passed: v.result == crate::files::VerificationResult::Passed,
            result: v.result.as_str(),
            notes: v.notes.clone(),
        })
        .collect()
}
