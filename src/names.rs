//! Names given on the command line — environments, releases, people — looked
//! up the same way by every command: an unknown one is a usage error (exit 2)
//! that says what exists and, for a typo, what was meant.

use crate::diagnostic::closest;
use crate::model::Registry;

#[derive(Debug, thiserror::Error)]
#[error("{}", self.message())]
pub struct UnknownName {
    pub kind: &'static str,
    pub name: String,
    pub suggestion: Option<String>,
    pub known: Vec<String>,
    /// Where such names are defined, for the hint.
    pub defined_in: &'static str,
}

impl UnknownName {
    fn message(&self) -> String {
        let mut text = format!("no {} `{}`", self.kind, self.name);
        if let Some(near) = &self.suggestion {
            text.push_str(&format!("; did you mean `{near}`?"));
        }
        if self.known.is_empty() {
            text.push_str(&format!(" ({} defines none yet)", self.defined_in));
        } else {
            text.push_str(&format!(
                " ({}: {})",
                self.defined_in,
                shorten(&self.known).join(", ")
            ));
        }
        text
    }
}

/// At most a line's worth of names: the newest releases matter most, so the
/// tail of a long list is kept.
fn shorten(known: &[String]) -> Vec<String> {
    const MAX: usize = 12;
    if known.len() <= MAX {
        return known.to_vec();
    }
    let mut out = vec![format!("… {} more", known.len() - MAX)];
    out.extend_from_slice(&known[known.len() - MAX..]);
    out
}

fn lookup(
    kind: &'static str,
    defined_in: &'static str,
    name: &str,
    known: Vec<String>,
) -> Result<(), UnknownName> {
    if known.iter().any(|k| k == name) {
        return Ok(());
    }
    let suggestion = closest(name, known.iter().map(String::as_str))
        .map(str::to_string)
        .or_else(|| {
            // `production` for `prod`, `v2.4.1` for `2.4.1`: a name inside the other.
            let lower = name.to_lowercase();
            let lower = lower.trim_start_matches('v');
            known
                .iter()
                .find(|k| !k.is_empty() && (lower.starts_with(k.as_str()) || k.starts_with(lower)))
                .cloned()
        });
    Err(UnknownName {
        kind,
        name: name.to_string(),
        suggestion,
        known,
        defined_in,
    })
}

pub fn environment(registry: &Registry, name: &str) -> Result<(), UnknownName> {
    lookup(
        "environment",
        "environments/",
        name,
        registry.environments.keys().cloned().collect(),
    )
}

/// An environment of the registry, or one that only the history knows
/// (removed since).
pub fn environment_in_history(
    registry: &Registry,
    history: &crate::history::History,
    name: &str,
) -> Result<(), UnknownName> {
    let mut known: Vec<String> = registry.environments.keys().cloned().collect();
    for event in &history.events {
        if !known.contains(&event.environment) {
            known.push(event.environment.clone());
        }
    }
    lookup("environment", "environments/ and the history", name, known)
}

pub fn release(registry: &Registry, version: &str) -> Result<(), NameError> {
    let file = format!("releases/{version}/release.toml");
    if registry.release(version).is_none()
        && !version.contains(['/', '\\'])
        && version != ".."
        && registry.root.join(&file).is_file()
    {
        return Err(NameError::Unreadable(file));
    }
    let known: Vec<String> = registry
        .releases
        .iter()
        .map(|r| r.id().to_string())
        .collect();
    let mut err = match lookup("release", "releases/", version, known) {
        Ok(()) => return Ok(()),
        Err(err) => err,
    };
    // Versions that look alike are different releases: suggest only what the
    // same version written another way (`v2.4.1`, `2.4`) would be.
    let plain = version.trim_start_matches(['v', 'V']);
    let plain = match plain.split('.').count() {
        2 => format!("{plain}.0"),
        _ => plain.to_string(),
    };
    err.suggestion = err.known.iter().find(|k| **k == plain).cloned();
    Err(err.into())
}

/// A release named on the command line that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum NameError {
    #[error(transparent)]
    Unknown(#[from] UnknownName),
    #[error("{0} cannot be read as a release; `milepost check` says why")]
    Unreadable(String),
}

pub fn person(registry: &Registry, id: &str) -> Result<(), UnknownName> {
    lookup(
        "person",
        "teams.toml",
        id,
        registry.person_ids().map(str::to_string).collect(),
    )
}

#[cfg(test)]
mod tests;
