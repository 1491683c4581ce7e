//! Every name must point at something that exists: people and teams in
//! teams.toml, environments in environments/, releases in releases/. And an
//! environment's former ids (`formerly`) must name nothing that exists.

use std::collections::BTreeMap;

use crate::diagnostic::{Diagnostic, closest};
use crate::load::FileKind;
use crate::model::{Doc, Registry};
use crate::parse::pointer_child;

#[derive(Clone, Copy)]
enum Target {
    Person,
    Team,
    Environment,
    Release,
}

impl Target {
    fn code(self) -> &'static str {
        match self {
            Target::Person => "unknown-person",
            Target::Team => "unknown-team",
            Target::Environment => "unknown-environment",
            Target::Release => "unknown-release",
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Target::Person => "person",
            Target::Team => "team",
            Target::Environment => "environment",
            Target::Release => "release",
        }
    }

    fn how_to_add(self, id: &str) -> String {
        match self {
            Target::Person => format!("add `[people.{id}]` to teams.toml"),
            Target::Team => format!("add `[teams.{id}]` to teams.toml"),
            Target::Environment => format!("add environments/{id}.toml"),
            Target::Release => format!("add releases/{id}/release.toml (`milepost new {id}`)"),
        }
    }

    fn where_(self) -> &'static str {
        match self {
            Target::Person | Target::Team => "not in teams.toml",
            Target::Environment => "no such file in environments/",
            Target::Release => "no such folder in releases/",
        }
    }
}

struct Resolver<'a> {
    registry: &'a Registry,
    out: Vec<Diagnostic>,
}

impl Resolver<'_> {
    fn candidates(&self, target: Target) -> Vec<&str> {
        let r = self.registry;
        match target {
            Target::Person => r.person_ids().collect(),
            Target::Team => r.team_ids().collect(),
            Target::Environment => r.environments.keys().map(String::as_str).collect(),
            Target::Release => r.releases.iter().map(|rel| rel.id()).collect(),
        }
    }

    /// Whether `id` exists, or might: a file that defines it but could not
    /// be read has been reported already, and guessing would only add noise.
    fn exists(&self, target: Target, id: &str) -> bool {
        let r = self.registry;
        match target {
            Target::Person => r.has_person(id) || r.unusable.contains(&FileKind::Teams),
            Target::Team => r.has_team(id) || r.unusable.contains(&FileKind::Teams),
            Target::Environment => {
                r.environments.contains_key(id)
                    || r.unusable
                        .contains(&FileKind::Environment { id: id.to_string() })
            }
            Target::Release => {
                r.release(id).is_some()
                    || r.unusable.contains(&FileKind::Release {
                        folder: id.to_string(),
                    })
            }
        }
    }

    /// Reports `id` (written at `pointer` in `doc`) unless it exists.
    fn one<T>(&mut self, doc: &Doc<T>, pointer: &str, id: &str, target: Target) {
        if self.exists(target, id) {
            return;
        }
        let candidates = self.candidates(target);
        let help = match closest(id, candidates.iter().copied()) {
            Some(near) => format!("did you mean `{near}`?"),
            None => target.how_to_add(id),
        };
        self.out.push(
            doc.error_at(
                pointer,
                target.code(),
                format!("unknown {} `{id}`", target.noun()),
            )
            .with_label(target.where_())
            .with_help(help),
        );
    }

    fn all<T>(&mut self, doc: &Doc<T>, pointer: &str, ids: &[String], target: Target) {
        for (i, id) in ids.iter().enumerate() {
            self.one(doc, &pointer_child(pointer, &i.to_string()), id, target);
        }
    }
}

pub fn check(registry: &Registry) -> Vec<Diagnostic> {
    let mut r = Resolver {
        registry,
        out: Vec::new(),
    };
    if let Some(teams) = &registry.teams {
        for (id, person) in &teams.data.people {
            r.all(
                teams,
                &format!("/people/{id}/teams"),
                &person.teams,
                Target::Team,
            );
        }
    }
    if let Some(settings) = &registry.settings {
        for (env, policy) in &settings.data.policy.environments {
            let base = pointer_child("/policy/environments", env);
            if !r.exists(Target::Environment, env) {
                let candidates = r.candidates(Target::Environment);
                let help = match closest(env, candidates.iter().copied()) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => Target::Environment.how_to_add(env),
                };
                r.out.push(
                    Diagnostic::error(
                        &settings.source,
                        settings.spans.key(&base),
                        "unknown-environment",
                        format!("policy for unknown environment `{env}`"),
                    )
                    .with_label(Target::Environment.where_())
                    .with_help(help),
                );
            }
            r.all(
                settings,
                &format!("{base}/after"),
                &policy.after,
                Target::Environment,
            );
            r.all(
                settings,
                &format!("{base}/verified_on"),
                &policy.verified_on,
                Target::Environment,
            );
            r.all(
                settings,
                &format!("{base}/approver_teams"),
                &policy.approver_teams,
                Target::Team,
            );
        }
    }
    if let Some(calendar) = &registry.calendar {
        for (i, freeze) in calendar.data.freeze.iter().enumerate() {
            if let Some(envs) = &freeze.environments {
                r.all(
                    calendar,
                    &format!("/freeze/{i}/environments"),
                    envs,
                    Target::Environment,
                );
            }
        }
        for (i, event) in calendar.data.event.iter().enumerate() {
            if let Some(release) = &event.release {
                r.one(
                    calendar,
                    &format!("/event/{i}/release"),
                    release,
                    Target::Release,
                );
            }
            if let Some(envs) = &event.environments {
                r.all(
                    calendar,
                    &format!("/event/{i}/environments"),
                    envs,
                    Target::Environment,
                );
            }
        }
    }
    for env in registry.environments.values() {
        if let Some(release) = &env.data.release {
            r.one(env, "/release", release, Target::Release);
        }
    }
    let former_ids = formerly(&r);
    r.out.extend(former_ids);
    for release in &registry.releases {
        let doc = &release.doc;
        r.one(doc, "/owner", &doc.data.owner, Target::Person);
        r.all(doc, "/teams", &doc.data.teams, Target::Team);
        if let Some(exception) = &doc.data.freeze_exception {
            r.one(
                doc,
                "/freeze_exception/approved_by",
                &exception.approved_by,
                Target::Person,
            );
        }
        for (i, approval) in doc.data.approvals.iter().enumerate() {
            r.one(
                doc,
                &format!("/approvals/{i}/by"),
                &approval.by,
                Target::Person,
            );
        }
        for (i, verification) in doc.data.verifications.iter().enumerate() {
            let base = format!("/verifications/{i}");
            r.one(
                doc,
                &format!("{base}/environment"),
                &verification.environment,
                Target::Environment,
            );
            r.one(doc, &format!("{base}/by"), &verification.by, Target::Person);
        }
    }
    for incident in registry.incidents.values() {
        let data = &incident.data;
        r.one(incident, "/release", &data.release, Target::Release);
        r.one(
            incident,
            "/environment",
            &data.environment,
            Target::Environment,
        );
        if let Some(owner) = &data.owner {
            r.one(incident, "/owner", owner, Target::Person);
        }
        for (i, follow_up) in data.follow_ups.iter().enumerate() {
            r.one(
                incident,
                &format!("/follow_ups/{i}/owner"),
                &follow_up.owner,
                Target::Person,
            );
        }
    }
    r.out
}

/// A former id hands its history to the environment that claims it, so it
/// must be free: not a current environment (whose own history it is), and
/// claimed by one environment only.
fn formerly(r: &Resolver<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut claimed: BTreeMap<&str, &str> = BTreeMap::new();
    for (env, doc) in &r.registry.environments {
        for (i, former) in doc.data.formerly.iter().enumerate() {
            let pointer = pointer_child("/formerly", &i.to_string());
            if former == env {
                out.push(
                    doc.error_at(
                        &pointer,
                        "formerly",
                        format!("`{former}` is {env}'s own id, not a former one"),
                    )
                    .with_label("the id this file has now")
                    .with_help(format!("remove `{former}` from `formerly`")),
                );
                continue;
            }
            if r.exists(Target::Environment, former) {
                out.push(
                    doc.error_at(
                        &pointer,
                        "formerly",
                        format!("`{former}` is a current environment, so it cannot be a former id of {env}"),
                    )
                    .with_label(format!("environments/{former}.toml exists"))
                    .with_help(format!(
                        "a rename removes the old file: delete environments/{former}.toml if {env} replaced it, or remove `{former}` here"
                    )),
                );
                continue;
            }
            match claimed.get(former.as_str()) {
                None => {
                    claimed.insert(former, env);
                }
                Some(first) if first == env => {}
                Some(first) => out.push(
                    doc.error_at(
                        &pointer,
                        "formerly",
                        format!("`{former}` is claimed as a former id by both {first} and {env}"),
                    )
                    .with_label(format!("also in environments/{first}.toml"))
                    .with_help(format!(
                        "the deploys recorded as `{former}` can belong to one environment only; remove it from one of the two"
                    )),
                ),
            }
        }
    }
    out
}
