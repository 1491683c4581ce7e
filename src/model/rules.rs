//! The policies as the rules use them, read once: durations as seconds,
//! approver teams as the people in them, freeze windows prepared. A value
//! that cannot be read stays here as `Unusable` with its text, so that a
//! rule meeting it says it cannot judge instead of passing.

use std::collections::{BTreeMap, BTreeSet};

use super::calendar::{Window, WindowError, parse_duration};
use crate::files::{Freeze, Policy, TeamsFile};

/// The longest duration a policy may name: longer ones overflow the time
/// arithmetic of the rules, and no team means them.
pub const MAX_DURATION_SECONDS: i64 = 100 * 366 * 86_400;

/// A policy duration such as `24h`, as written and as seconds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Limit {
    Usable {
        text: String,
        seconds: i64,
    },
    /// Unparsable or beyond [`MAX_DURATION_SECONDS`] (validation reports it).
    Unusable {
        text: String,
    },
}

impl Limit {
    pub fn read(text: &str) -> Limit {
        match parse_duration(text).filter(|s| *s <= MAX_DURATION_SECONDS) {
            Some(seconds) => Limit::Usable {
                text: text.to_string(),
                seconds,
            },
            None => Limit::Unusable {
                text: text.to_string(),
            },
        }
    }

    pub fn text(&self) -> &str {
        match self {
            Limit::Usable { text, .. } | Limit::Unusable { text } => text,
        }
    }
}

/// What a deploy to one environment needs.
#[derive(Debug, Clone, Default)]
pub struct EnvRules {
    /// Environments the release must have run on first.
    pub after: Vec<String>,
    pub soak: Option<Limit>,
    pub approvals: usize,
    pub approver_teams: Vec<String>,
    /// The people whose approval counts: members of `approver_teams`, or
    /// everyone in teams.toml when it names none.
    pub approvers: BTreeSet<String>,
    /// Environments where a passed verification must be recorded first.
    pub verified_on: Vec<String>,
}

impl EnvRules {
    /// " from ops or sre", or "" when any person may approve.
    pub fn teams_phrase(&self) -> String {
        if self.approver_teams.is_empty() {
            String::new()
        } else {
            format!(" from {}", self.approver_teams.join(" or "))
        }
    }
}

/// A freeze window of calendar.toml, ready to be asked about a time.
#[derive(Debug, Clone)]
pub struct FreezeRule {
    pub name: String,
    /// `None`: every environment.
    pub environments: Option<Vec<String>>,
    /// Broken windows are reported on calendar.toml; a rule meeting one says so.
    pub window: Result<Window, WindowError>,
}

impl FreezeRule {
    pub fn applies_to(&self, env: &str) -> bool {
        self.environments
            .as_ref()
            .is_none_or(|envs| envs.iter().any(|e| e == env))
    }
}

/// Every rule of the registry, read once.
#[derive(Debug, Clone)]
pub struct Rules {
    environments: BTreeMap<String, EnvRules>,
    /// For an environment without a policy: no requirements, anyone approves.
    unruled: EnvRules,
    pub triage_within: Option<Limit>,
    pub deploy_doc_sections: Vec<String>,
    pub freezes: Vec<FreezeRule>,
    /// The production-tier environments, where only approved releases go.
    pub production: BTreeSet<String>,
}

impl Default for Rules {
    fn default() -> Rules {
        Rules::new(&Policy::default(), None, &[])
    }
}

impl Rules {
    pub fn new(policy: &Policy, teams: Option<&TeamsFile>, freezes: &[Freeze]) -> Rules {
        let approvers = |approver_teams: &[String]| -> BTreeSet<String> {
            let Some(teams) = teams else {
                return BTreeSet::new();
            };
            teams
                .people
                .iter()
                .filter(|(_, person)| {
                    approver_teams.is_empty()
                        || person.teams.iter().any(|t| approver_teams.contains(t))
                })
                .map(|(id, _)| id.clone())
                .collect()
        };
        let environments = policy
            .environments
            .iter()
            .map(|(env, p)| {
                let rules = EnvRules {
                    after: p.after.clone(),
                    soak: p.soak.as_deref().map(Limit::read),
                    approvals: usize::try_from(p.approvals.unwrap_or(0)).unwrap_or(usize::MAX),
                    approver_teams: p.approver_teams.clone(),
                    approvers: approvers(&p.approver_teams),
                    verified_on: p.verified_on.clone(),
                };
                (env.clone(), rules)
            })
            .collect();
        Rules {
            environments,
            unruled: EnvRules {
                approvers: approvers(&[]),
                ..EnvRules::default()
            },
            triage_within: policy.incidents.triage_within.as_deref().map(Limit::read),
            deploy_doc_sections: policy.deploy_doc_sections.clone(),
            freezes: freezes
                .iter()
                .map(|f| FreezeRule {
                    name: f.name.clone(),
                    environments: f.environments.clone(),
                    window: Window::from_freeze(f),
                })
                .collect(),
            production: BTreeSet::new(),
        }
    }

    /// Gives `env`, which these rules do not know, the strictest of the
    /// rules of `claimed` (the environments it replaces or stands beside):
    /// a pull request cannot escape a policy by adding or renaming an
    /// environment.
    pub fn adopt(&mut self, env: &str, claimed: &[String]) {
        if claimed.is_empty() || self.environments.contains_key(env) {
            return;
        }
        let sources: Vec<EnvRules> = claimed.iter().map(|c| self.of(c).clone()).collect();
        let mut merged = EnvRules::default();
        for (i, source) in sources.iter().enumerate() {
            for up in &source.after {
                if !merged.after.contains(up) {
                    merged.after.push(up.clone());
                }
            }
            merged.soak = match (merged.soak.take(), &source.soak) {
                (Some(Limit::Unusable { text }), _) => Some(Limit::Unusable { text }),
                (_, Some(unusable @ Limit::Unusable { .. })) => Some(unusable.clone()),
                (Some(Limit::Usable { text, seconds }), Some(Limit::Usable { seconds: s, .. }))
                    if seconds >= *s =>
                {
                    Some(Limit::Usable { text, seconds })
                }
                (mine, None) => mine,
                (_, theirs) => theirs.clone(),
            };
            for env in &source.verified_on {
                if !merged.verified_on.contains(env) {
                    merged.verified_on.push(env.clone());
                }
            }
            merged.approvals = merged.approvals.max(source.approvals);
            for team in &source.approver_teams {
                if !merged.approver_teams.contains(team) {
                    merged.approver_teams.push(team.clone());
                }
            }
            merged.approvers = if i == 0 {
                source.approvers.clone()
            } else {
                merged
                    .approvers
                    .intersection(&source.approvers)
                    .cloned()
                    .collect()
            };
        }
        self.environments.insert(env.to_string(), merged);
        for freeze in &mut self.freezes {
            if let Some(envs) = &mut freeze.environments
                && claimed.iter().any(|c| envs.contains(c))
            {
                envs.push(env.to_string());
            }
        }
        if claimed.iter().any(|c| self.production.contains(c)) {
            self.production.insert(env.to_string());
        }
    }

    /// The rules of deploys to `env` (none when its policy says nothing).
    pub fn of(&self, env: &str) -> &EnvRules {
        self.environments.get(env).unwrap_or(&self.unruled)
    }

    /// The environments that have a policy, by id.
    pub fn environments(&self) -> impl Iterator<Item = (&str, &EnvRules)> {
        self.environments.iter().map(|(id, r)| (id.as_str(), r))
    }
}
