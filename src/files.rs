//! The registry's files as written: serde types that mirror the JSON Schemas
//! in `schema/`. They are filled only from values the schemas accepted.

use std::collections::BTreeMap;

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// `milepost.toml`
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Settings {
    pub product: Product,
    pub site: Site,
    #[serde(default)]
    pub policy: Policy,
    #[serde(default)]
    pub announce: AnnounceSettings,
    #[serde(default)]
    pub links: LinkSettings,
}

/// `[links]`: URL templates that make tickets and commits links on the sites.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct LinkSettings {
    /// With `{id}`, e.g. `https://tracker.example/browse/{id}`.
    pub tickets: Option<String>,
    /// With `{sha}` (the full hash), e.g. `https://git.example/acme/releases/commit/{sha}`.
    pub commits: Option<String>,
}

/// `[announce.customers]` and `[announce.internal]`: who e-mail
/// announcements are from and to.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct AnnounceSettings {
    #[serde(default)]
    pub customers: Recipients,
    #[serde(default)]
    pub internal: Recipients,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct Recipients {
    pub from: Option<String>,
    #[serde(default)]
    pub to: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Product {
    pub name: String,
    pub description: Option<String>,
    pub url: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Site {
    pub title: String,
    pub base_url: String,
    pub description: Option<String>,
    pub language: Option<String>,
    /// The site's icon, relative to the registry (svg, png or ico); a
    /// built-in one without it.
    pub favicon: Option<String>,
    /// How many of the latest published releases the feeds carry.
    pub feed_entries: Option<u32>,
}

impl Site {
    pub const DEFAULT_FEED_ENTRIES: u32 = 30;

    pub fn feed_entries(&self) -> usize {
        self.feed_entries.unwrap_or(Self::DEFAULT_FEED_ENTRIES) as usize
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Policy {
    #[serde(default = "default_deploy_doc_sections")]
    pub deploy_doc_sections: Vec<String>,
    #[serde(default)]
    pub environments: BTreeMap<String, EnvironmentPolicy>,
    #[serde(default)]
    pub incidents: IncidentPolicy,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            deploy_doc_sections: default_deploy_doc_sections(),
            environments: BTreeMap::new(),
            incidents: IncidentPolicy::default(),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct IncidentPolicy {
    /// How long an incident may stay `open` after it was detected.
    pub triage_within: Option<String>,
}

fn default_deploy_doc_sections() -> Vec<String> {
    ["Steps", "Rollback", "Verification"]
        .map(String::from)
        .to_vec()
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct EnvironmentPolicy {
    #[serde(default)]
    pub after: Vec<String>,
    pub soak: Option<String>,
    pub approvals: Option<u32>,
    #[serde(default)]
    pub approver_teams: Vec<String>,
    /// Environments where a passed verification of the release must be
    /// recorded, after its latest deploy there, before it may come here.
    #[serde(default)]
    pub verified_on: Vec<String>,
}

/// `teams.toml`
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct TeamsFile {
    #[serde(default)]
    pub teams: BTreeMap<String, Team>,
    #[serde(default)]
    pub people: BTreeMap<String, Person>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Team {
    pub name: String,
    pub description: Option<String>,
    pub channel: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Person {
    pub name: String,
    pub email: Option<String>,
    #[serde(default)]
    pub teams: Vec<String>,
    pub github: Option<String>,
}

/// `calendar.toml`
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct Calendar {
    #[serde(default)]
    pub freeze: Vec<Freeze>,
    #[serde(default)]
    pub event: Vec<Event>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Freeze {
    pub name: String,
    /// One-off window: `start` and `end`.
    pub start: Option<Timestamp>,
    pub end: Option<Timestamp>,
    /// Recurring window: `every`, `from`, `to` (and `time_zone`).
    pub every: Option<Recurrence>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub time_zone: Option<String>,
    /// `None` means every environment.
    pub environments: Option<Vec<String>>,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Recurrence {
    Week,
    Year,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EventKind {
    Marketing,
    Maintenance,
    Other,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Event {
    pub name: String,
    pub kind: EventKind,
    pub at: Timestamp,
    pub end: Option<Timestamp>,
    pub release: Option<String>,
    pub environments: Option<Vec<String>>,
    pub description: Option<String>,
}

/// `environments/<id>.toml`
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct EnvironmentFile {
    pub name: String,
    pub tier: Tier,
    pub url: Option<String>,
    pub release: Option<String>,
    pub deployed_at: Option<Timestamp>,
    /// Ids this environment had before it was renamed, so that their
    /// history stays its own.
    #[serde(default)]
    pub formerly: Vec<String>,
    #[serde(default)]
    pub public: bool,
    pub description: Option<String>,
    /// How to ask the running system for its version (`milepost verify`).
    pub probe: Option<ProbeFile>,
}

/// `[probe]` of an environment file, as written; `crate::probe` checks it
/// and turns it into what `verify` asks.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct ProbeFile {
    pub url: String,
    pub json_pointer: Option<String>,
    pub regex: Option<String>,
    pub plain: Option<bool>,
    /// Header name → `env:VARIABLE`.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    pub timeout: Option<String>,
}

/// Ordered from the first stop of a release to the last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Tier {
    Development,
    Staging,
    Demo,
    Production,
}

/// `releases/<version>/release.toml`
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct ReleaseFile {
    pub version: String,
    pub title: String,
    pub status: ReleaseStatus,
    pub owner: String,
    #[serde(default)]
    pub teams: Vec<String>,
    pub planned: Option<Date>,
    pub risk: Option<Risk>,
    #[serde(default)]
    pub customer_facing: bool,
    pub publish_at: Option<Timestamp>,
    #[serde(default)]
    pub components: BTreeMap<String, String>,
    pub summary: Option<String>,
    pub freeze_exception: Option<FreezeException>,
    #[serde(default)]
    pub changes: Vec<Change>,
    #[serde(default)]
    pub approvals: Vec<Approval>,
    #[serde(default)]
    pub verifications: Vec<Verification>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ReleaseStatus {
    Draft,
    Ready,
    Approved,
    Withdrawn,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Risk {
    Low,
    Medium,
    High,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Added,
    Changed,
    Deprecated,
    Removed,
    Fixed,
    Security,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    #[default]
    Public,
    Internal,
}

/// What `milepost import` puts before the summary of an entry from a
/// breaking-changes section, since no kind says "breaking" (such a change
/// is not always a removal). The public site knows it, to find the entry
/// in the release's notes, which have it under a heading instead.
pub const BREAKING_LABEL: &str = "Breaking:";

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Change {
    pub kind: ChangeKind,
    pub summary: String,
    #[serde(default)]
    pub audience: Audience,
    #[serde(default)]
    pub tickets: Vec<String>,
    pub details: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct FreezeException {
    pub reason: String,
    pub approved_by: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Approval {
    pub by: String,
    pub at: Timestamp,
    pub comment: Option<String>,
}

/// Someone checked that a deploy of the release worked (`[[verifications]]`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct Verification {
    pub environment: String,
    pub by: String,
    pub at: Timestamp,
    pub result: VerificationResult,
    /// What was checked and what was seen; may span lines.
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum VerificationResult {
    Passed,
    Failed,
}

/// `incidents/<id>.toml`
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct IncidentFile {
    pub title: String,
    pub release: String,
    pub environment: String,
    pub severity: Severity,
    pub status: IncidentStatus,
    pub detected_at: Timestamp,
    pub triaged_at: Option<Timestamp>,
    pub mitigated_at: Option<Timestamp>,
    pub resolved_at: Option<Timestamp>,
    pub root_cause: Option<String>,
    pub summary: Option<String>,
    pub owner: Option<String>,
    #[serde(default)]
    pub follow_ups: Vec<FollowUp>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Sev1,
    Sev2,
    Sev3,
    Sev4,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum IncidentStatus {
    Open,
    Triaged,
    Mitigated,
    Resolved,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct FollowUp {
    pub title: String,
    pub owner: String,
    #[serde(default)]
    pub done: bool,
    pub due: Option<Date>,
    pub ticket: Option<String>,
}

/// Each enum's file spelling, said once: what `serde` reads and writes,
/// what messages, pages and commands show.
macro_rules! spelled {
    ($($kind:ident { $($variant:ident => $text:literal),+ $(,)? })+) => {
        $(
            impl $kind {
                pub const ALL: &'static [$kind] = &[$($kind::$variant),+];

                pub const fn as_str(self) -> &'static str {
                    match self {
                        $($kind::$variant => $text),+
                    }
                }
            }

            impl std::fmt::Display for $kind {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str(self.as_str())
                }
            }
        )+
    };
}

spelled! {
    Recurrence { Week => "week", Year => "year" }
    EventKind { Marketing => "marketing", Maintenance => "maintenance", Other => "other" }
    Tier { Development => "development", Staging => "staging", Demo => "demo", Production => "production" }
    ReleaseStatus { Draft => "draft", Ready => "ready", Approved => "approved", Withdrawn => "withdrawn" }
    Risk { Low => "low", Medium => "medium", High => "high" }
    ChangeKind {
        Added => "added", Changed => "changed", Deprecated => "deprecated",
        Removed => "removed", Fixed => "fixed", Security => "security",
    }
    Audience { Public => "public", Internal => "internal" }
    Severity { Sev1 => "sev1", Sev2 => "sev2", Sev3 => "sev3", Sev4 => "sev4" }
    IncidentStatus { Open => "open", Triaged => "triaged", Mitigated => "mitigated", Resolved => "resolved" }
    VerificationResult { Passed => "passed", Failed => "failed" }
}

#[cfg(test)]
mod spelling_tests {
    use super::*;

    fn agrees<T: Serialize + Copy + std::fmt::Display>(all: &[T]) {
        for value in all {
            let wire = serde_json::to_value(value).unwrap_or_default();
            assert_eq!(wire.as_str(), Some(value.to_string().as_str()));
        }
    }

    #[test]
    fn as_str_is_what_serde_writes() {
        agrees(Recurrence::ALL);
        agrees(EventKind::ALL);
        agrees(Tier::ALL);
        agrees(ReleaseStatus::ALL);
        agrees(Risk::ALL);
        agrees(ChangeKind::ALL);
        agrees(Audience::ALL);
        agrees(Severity::ALL);
        agrees(IncidentStatus::ALL);
        agrees(VerificationResult::ALL);
    }
}
