//! `milepost deploy VERSION --to ENV`: the environment's `release` line set,
//! after the deploy has been judged against the policies.

use std::path::Path;

use toml_edit::Value;

use super::{EditError, parse_for_edit, replace_value, update};
use crate::diagnostic::Diagnostic;
use crate::judgement::Judgement;

pub struct DeployRequest<'a> {
    pub version: &'a str,
    pub environment: &'a str,
    /// Write even if a policy says no.
    pub force: bool,
}

pub enum DeployOutcome {
    /// The file was written; `problems` are the policy violations that `force` overrode.
    Written {
        file: String,
        problems: Vec<Diagnostic>,
    },
    /// A policy says no; nothing was written.
    Refused(Vec<Diagnostic>),
}

pub fn deploy(
    root: &Path,
    judgement: &Judgement,
    request: &DeployRequest<'_>,
) -> Result<DeployOutcome, EditError> {
    let (version, env) = (request.version, request.environment);
    let registry = &judgement.registry;
    if registry.release(version).is_none() {
        return Err(EditError::Refused(format!(
            "no release {version} (releases/{version}/release.toml)"
        )));
    }
    let Some(doc) = registry.environments.get(env) else {
        return Err(EditError::Refused(format!(
            "no environment {env} (environments/{env}.toml)"
        )));
    };
    if doc.data.release.as_deref() == Some(version) {
        return Err(EditError::Refused(format!("{env} already runs {version}")));
    }
    // The same judgement `check` makes of a proposed deploy.
    let problems = judgement.proposals().judge(version, env);
    if !problems.is_empty() && !request.force {
        return Ok(DeployOutcome::Refused(problems));
    }

    let rel = format!("environments/{env}.toml");
    let path = root.join(&rel);
    // Read and changed under the lock, so that no edit made meanwhile is lost.
    update(&path, |text| {
        let mut doc = parse_for_edit(&path, text)?;
        match doc.get_mut("release") {
            Some(item) => replace_value(item, Value::from(version)),
            None => {
                doc.insert("release", toml_edit::value(version));
            }
        }
        Ok(doc.to_string())
    })?;
    Ok(DeployOutcome::Written {
        file: rel,
        problems,
    })
}
