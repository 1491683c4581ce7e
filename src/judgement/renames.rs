//! What renames say to the people who read `check`: a file that looks like
//! another one renamed without `formerly`, and a pull request that changes
//! whose history counts as whose.

use std::collections::{BTreeMap, HashMap};

use crate::diagnostic::{Diagnostic, Severity};
use crate::history::{DeployEvent, History};
use crate::model::Registry;

/// `former id → current id` as the registry's environment files declare it.
pub(super) fn declared(registry: &Registry) -> BTreeMap<String, String> {
    crate::history::renames(
        registry
            .environments
            .iter()
            .map(|(id, d)| (id.as_str(), d.data.formerly.as_slice())),
    )
}

/// Reviewers must see a pull request change whose history counts as whose.
pub(super) fn renames_changed(
    registry: &Registry,
    base: &BTreeMap<String, String>,
) -> Vec<Diagnostic> {
    let now = declared(registry);
    let mut out = Vec::new();
    for (env, doc) in &registry.environments {
        let claims = |map: &BTreeMap<String, String>| -> Vec<String> {
            map.iter()
                .filter(|(_, to)| *to == env)
                .map(|(from, _)| from.clone())
                .collect()
        };
        let (before, after) = (claims(base), claims(&now));
        if before != after {
            out.push(
                doc.warning_at(
                    "/formerly",
                    "formerly",
                    format!(
                        "this pull request changes the ids whose deploys count as {env}'s (from [{}] to [{}]); its deploys are judged by the history as it was",
                        before.join(", "),
                        after.join(", ")
                    ),
                )
                .with_help("a reviewer should confirm that these really are this environment's former ids"),
            );
        }
    }
    out
}

/// An environment file added in the commit that removed another one, with
/// no `formerly` claiming it: most likely a rename that would cut the old
/// id's history (and unpublish what reached production only there).
pub(super) fn rename_hints(registry: &Registry, history: &History) -> Vec<Diagnostic> {
    let mut first_deploy: HashMap<&str, &DeployEvent> = HashMap::new();
    for e in &history.events {
        first_deploy.entry(e.environment.as_str()).or_insert(e);
    }
    let mut out = Vec::new();
    for removal in &history.removals {
        if registry.environments.contains_key(&removal.environment) {
            continue;
        }
        for (env, doc) in &registry.environments {
            let added_here = first_deploy
                .get(env.as_str())
                .is_some_and(|e| e.commit == removal.commit);
            if added_here {
                let old = &removal.environment;
                out.push(
                    Diagnostic::whole_file(
                        Severity::Warning,
                        doc.source.path.clone(),
                        "renamed-environment",
                        format!(
                            "environments/{old}.toml was removed in the commit that added this file ({})",
                            removal.commit.chars().take(10).collect::<String>()
                        ),
                    )
                    .with_help(format!(
                        "if this is `{old}` renamed, add formerly = [\"{old}\"] so that its deploys stay this environment's history"
                    )),
                );
            }
        }
    }
    out
}
