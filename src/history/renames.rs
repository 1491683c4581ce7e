//! Renamed environments. `formerly = ["production"]` in
//! `environments/prod.toml` says that prod was called production: its
//! history is prod's, and the commit that renamed the file is no deploy.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::{History, label_kinds};

/// Former id → current id, from each environment's (id, `formerly`).
///
/// A former id that is still an environment's id, or that two environments
/// claim, is a mistake that validation reports; here it renames nothing,
/// so that no history is merged on a guess.
pub fn renames<'a, I>(environments: I) -> BTreeMap<String, String>
where
    I: IntoIterator<Item = (&'a str, &'a [String])>,
{
    let environments: Vec<(&str, &[String])> = environments.into_iter().collect();
    let current: BTreeSet<&str> = environments.iter().map(|(id, _)| *id).collect();
    let mut claims: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (id, formerly) in &environments {
        for former in formerly.iter() {
            let claimants = claims.entry(former.as_str()).or_default();
            if !claimants.contains(id) {
                claimants.push(id);
            }
        }
    }
    claims
        .into_iter()
        .filter(|(former, _)| !current.contains(former))
        .filter_map(|(former, claimants)| match claimants.as_slice() {
            [only] => Some((former.to_string(), only.to_string())),
            _ => None,
        })
        .collect()
}

/// `history` with every former id (a key of `renames`) replaced by the
/// current one.
///
/// A commit that removes a former id's file and adds its new file (previous
/// release none) is a rename, not a removal and a first deploy: with the same
/// release it leaves no trace, and with another release it is one deploy
/// from the old release to the new. Kinds are then judged again along the
/// joined line, so that going back to a release that ran under the old name
/// is a rollback.
pub fn with_renames(mut history: History, renames: &BTreeMap<String, String>) -> History {
    if renames.is_empty() {
        return history;
    }
    let current_of =
        |env: &str| -> String { renames.get(env).cloned().unwrap_or_else(|| env.to_string()) };
    let mut by_commit: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, event) in history.events.iter().enumerate() {
        by_commit.entry(event.commit.as_str()).or_default().push(i);
    }
    // (removal index, event index) of each rename commit.
    let mut joins: Vec<(usize, usize)> = Vec::new();
    for (r, removal) in history.removals.iter().enumerate() {
        let Some(current) = renames.get(&removal.environment) else {
            continue;
        };
        // Two old files folded into one in the same commit: only the first
        // continues as the new file's line, the other simply ends.
        let added = by_commit.get(removal.commit.as_str()).and_then(|events| {
            events.iter().copied().find(|&i| {
                let event = &history.events[i];
                event.previous.is_none()
                    && event.environment != removal.environment
                    && &current_of(&event.environment) == current
                    && !joins.iter().any(|&(_, e)| e == i)
            })
        });
        if let Some(e) = added {
            joins.push((r, e));
        }
    }
    drop(by_commit);
    let mut drop_removal = vec![false; history.removals.len()];
    let mut drop_event = vec![false; history.events.len()];
    for (r, e) in joins {
        drop_removal[r] = true;
        let last = history.removals[r].last_release.clone();
        let event = &mut history.events[e];
        if last.as_deref() == Some(event.release.as_str()) {
            drop_event[e] = true;
        } else {
            event.previous = last;
        }
    }
    history.events = keep(history.events, &drop_event);
    history.removals = keep(history.removals, &drop_removal);
    for event in &mut history.events {
        event.environment = current_of(&event.environment);
    }
    for removal in &mut history.removals {
        removal.environment = current_of(&removal.environment);
    }
    label_kinds(&mut history.events);
    history
}

fn keep<T>(items: Vec<T>, dropped: &[bool]) -> Vec<T> {
    items
        .into_iter()
        .zip(dropped)
        .filter(|(_, dropped)| !**dropped)
        .map(|(item, _)| item)
        .collect()
}

#[cfg(test)]
mod tests;
