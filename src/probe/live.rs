//! Every probe asked at once, and each answer set beside what the registry
//! says runs there.

use std::time::Duration;

use jiff::Timestamp;
use serde::Serialize;

use crate::model::Registry;

use super::ask::Asker;
use super::spec::probe_of;

/// What an environment was found running.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LiveState {
    /// It runs the release its file names.
    InSync,
    /// It runs another one (or one while its file names none).
    Drift,
    /// It could not be asked, or its answer could not be read (`reason`).
    Unreachable,
}

impl LiveState {
    pub fn as_str(self) -> &'static str {
        match self {
            LiveState::InSync => "in-sync",
            LiveState::Drift => "drift",
            LiveState::Unreachable => "unreachable",
        }
    }
}

/// One environment's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LiveResult {
    pub environment: String,
    /// The probe's address.
    pub url: String,
    /// What the registry says runs there.
    pub release: Option<String>,
    /// What the environment says it runs (checked: short, no control characters).
    pub live: Option<String>,
    pub state: LiveState,
    /// Why it is unreachable.
    pub reason: Option<String>,
    /// When the answer came (or the attempt ended).
    pub at: Timestamp,
}

/// Which environments to ask, and how.
pub struct Options<'a> {
    /// Environment ids; empty: every environment with a probe.
    pub environments: Vec<String>,
    /// Replaces every probe's own timeout.
    pub timeout: Option<Duration>,
    /// The time put on every result, for reproducible output; `None`: the clock.
    pub now: Option<Timestamp>,
    /// Reads an environment variable (header values).
    pub variable: &'a (dyn Fn(&str) -> Option<String> + Sync),
}

/// Asks the probes in parallel: the run takes as long as the slowest probe,
/// not as long as all of them. `Err` names environments that cannot be asked
/// at all (unknown ones, ones without a probe).
pub fn verify(registry: &Registry, options: &Options<'_>) -> Result<Vec<LiveResult>, String> {
    let chosen = chosen(registry, &options.environments)?;
    let asker = Asker::new();
    let results = std::thread::scope(|scope| {
        let handles: Vec<_> = chosen
            .iter()
            .map(|id| {
                let asker = &asker;
                scope.spawn(move || one(registry, id, asker, options))
            })
            .collect();
        handles
            .into_iter()
            .zip(&chosen)
            .map(|(handle, id)| {
                handle.join().unwrap_or_else(|_| LiveResult {
                    environment: id.clone(),
                    url: String::new(),
                    release: None,
                    live: None,
                    state: LiveState::Unreachable,
                    reason: Some("internal error while asking".to_string()),
                    at: stamp(options.now),
                })
            })
            .collect()
    });
    Ok(results)
}

fn chosen(registry: &Registry, asked: &[String]) -> Result<Vec<String>, String> {
    if asked.is_empty() {
        let all: Vec<String> = registry
            .environments
            .iter()
            .filter(|(_, doc)| doc.data.probe.is_some())
            .map(|(id, _)| id.clone())
            .collect();
        if all.is_empty() {
            return Err(
                "no environment has a [probe]: add one to environments/<id>.toml (see `milepost explain probe`)"
                    .to_string(),
            );
        }
        return Ok(all);
    }
    let mut out: Vec<String> = Vec::new();
    for id in asked {
        let shown = crate::text::for_terminal(id);
        let unusable = registry
            .unusable
            .contains(&crate::load::FileKind::Environment { id: id.clone() });
        match registry.environments.get(id) {
            None if unusable => {
                return Err(format!(
                    "environments/{shown}.toml has errors; `milepost check` shows them"
                ));
            }
            None => {
                let hint = crate::diagnostic::closest(
                    id,
                    registry.environments.keys().map(String::as_str),
                )
                .map(|near| format!(" (did you mean `{near}`?)"))
                .unwrap_or_default();
                return Err(format!("no environment `{shown}`{hint}"));
            }
            Some(doc) if doc.data.probe.is_none() => {
                return Err(format!(
                    "environment `{shown}` has no [probe]: add one to {} to ask what runs there",
                    doc.source.path
                ));
            }
            Some(_) if out.contains(id) => {}
            Some(_) => out.push(id.clone()),
        }
    }
    Ok(out)
}

fn one(registry: &Registry, id: &str, asker: &Asker, options: &Options<'_>) -> LiveResult {
    let doc = &registry.environments[id];
    let release = doc.data.release.clone();
    let url = doc
        .data
        .probe
        .as_ref()
        .map(|p| p.url.clone())
        .unwrap_or_default();
    let outcome = match probe_of(doc) {
        None => Err("no [probe]".to_string()),
        Some(Err(_)) => Err(format!(
            "its [probe] has errors; `milepost check` shows them in {}",
            doc.source.path
        )),
        Some(Ok(probe)) => {
            let timeout = options.timeout.unwrap_or(probe.timeout);
            asker
                .ask(&probe, timeout, options.variable)
                .and_then(|answer| probe.reader.read(&answer))
        }
    };
    let at = stamp(options.now);
    match outcome {
        Ok(live) => LiveResult {
            environment: id.to_string(),
            url,
            state: if release.as_deref().is_some_and(|r| same_release(r, &live)) {
                LiveState::InSync
            } else {
                LiveState::Drift
            },
            release,
            live: Some(live),
            reason: None,
            at,
        },
        Err(reason) => LiveResult {
            environment: id.to_string(),
            url,
            release,
            live: None,
            state: LiveState::Unreachable,
            reason: Some(reason),
            at,
        },
    }
}

/// When a result was taken: `now` if given, else the clock to the second
/// (what a reader of the time needs, and a steadier text).
fn stamp(now: Option<Timestamp>) -> Timestamp {
    now.unwrap_or_else(|| {
        let t = Timestamp::now();
        t.round(jiff::Unit::Second).unwrap_or(t)
    })
}

/// The same release: equal as SemVer (a `v` before the live one allowed,
/// as many services print it), else as text.
pub fn same_release(registry: &str, live: &str) -> bool {
    let live = live
        .strip_prefix(['v', 'V'])
        .filter(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
        .unwrap_or(live);
    match (
        semver::Version::parse(registry),
        semver::Version::parse(live),
    ) {
        (Ok(a), Ok(b)) => a == b,
        _ => registry == live,
    }
}

#[cfg(test)]
mod tests {
    use super::same_release;

    #[test]
    fn releases_compare_as_semver_with_an_optional_v() {
        assert!(same_release("2.4.1", "2.4.1"));
        assert!(same_release("2.4.1", "v2.4.1"));
        assert!(!same_release("2.4.1", "2.4.10"));
        assert!(!same_release("2.4.1", "2.4.1-rc.1"));
        assert!(same_release("2024.06", "2024.06"));
        assert!(!same_release("2.4.1", "vv2.4.1"));
    }
}
