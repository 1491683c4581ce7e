//! When the public files of recently published releases (notes.md, and
//! what customers read of release.toml) last changed after publication:
//! the `updated` of a feed entry.
//!
//! One walk back along the first-parent line from the tip, which stops at
//! the first commit older than the oldest publication asked about: a feed
//! carries only its latest releases, so the walk reads the commits since
//! then, however long the whole history is.

use std::collections::{BTreeMap, HashMap};

use git2::Oid;
use jiff::Timestamp;

use crate::git::{GitError, GitRepo};

/// The files of a release folder customers read from.
const PUBLIC_FILES: [&str; 2] = ["release.toml", "notes.md"];

/// A release to look for: its folder under `releases/` and when it was published.
#[derive(Debug, Clone, Copy)]
pub struct Published<'a> {
    pub folder: &'a str,
    pub at: Timestamp,
}

/// Folder → time of the last commit after its publication (and not after
/// `now`) that changed one of its public files. A folder never edited
/// after publication has no entry.
///
/// Best effort by design: outside Git, in a shallow clone or on an
/// unreadable object the walk ends where it is and keeps what it found,
/// so an entry falls back to its publication time instead of failing the
/// build.
pub fn public_edits(
    repo: Option<&GitRepo>,
    releases: &[Published<'_>],
    now: Timestamp,
) -> BTreeMap<String, Timestamp> {
    let mut found = BTreeMap::new();
    if let Some(repo) = repo {
        // An error only ends the walk: what it found before stays true.
        let _ = walk(repo, releases, now, &mut found);
    }
    found
}

/// The blobs of one folder's public files in one commit.
type Fingerprint = [Option<Oid>; 2];

/// What customers read of a release.toml: its version, title, summary and
/// public changes, one per line. A commit that changes only the rest (an
/// approval, the status, an internal change, the layout) is no edit to
/// them, and must not show in the public feed.
pub fn public_part(bytes: &[u8]) -> Option<String> {
    use toml_edit::{Document, Item, Value};
    let text = std::str::from_utf8(bytes).ok()?;
    let doc = Document::parse(text).ok()?;
    let string = |item: Option<&Item>| match item {
        Some(Item::Value(Value::String(s))) => s.value().clone(),
        _ => String::new(),
    };
    let mut lines = vec![
        string(doc.get("version")),
        string(doc.get("title")),
        string(doc.get("summary")),
    ];
    if let Some(changes) = doc.get("changes").and_then(Item::as_array_of_tables) {
        for change in changes.iter() {
            if string(change.get("audience")) != "internal" {
                lines.push(format!(
                    "{} {}",
                    string(change.get("kind")),
                    string(change.get("summary"))
                ));
            }
        }
    }
    Some(lines.join("\n"))
}

/// Whether one folder's public files differ between two commits.
struct Compare<'r> {
    repo: &'r GitRepo,
    parts: HashMap<Oid, Option<String>>,
}

impl Compare<'_> {
    fn differ(&mut self, new: &Fingerprint, old: Option<&Fingerprint>) -> Result<bool, GitError> {
        // The commit that adds a release (its release.toml) writes it, and
        // does not edit it, even when its deploys are dated before it.
        let Some(old) = old.filter(|old| old[0].is_some()) else {
            return Ok(false);
        };
        if new[1] != old[1] {
            return Ok(true);
        }
        Ok(match (new[0], old[0]) {
            (Some(a), Some(b)) if a != b => self.part(a)? != self.part(b)?,
            (a, b) => a != b,
        })
    }

    fn part(&mut self, blob: Oid) -> Result<Option<String>, GitError> {
        if let Some(part) = self.parts.get(&blob) {
            return Ok(part.clone());
        }
        let part = public_part(&self.repo.blob(blob)?);
        self.parts.insert(blob, part.clone());
        Ok(part)
    }
}

fn walk(
    repo: &GitRepo,
    releases: &[Published<'_>],
    now: Timestamp,
    found: &mut BTreeMap<String, Timestamp>,
) -> Result<(), GitError> {
    let Some(oldest) = releases.iter().map(|r| r.at).min() else {
        return Ok(());
    };
    let Some(tip) = repo.resolve(None)? else {
        return Ok(());
    };
    let published: HashMap<&str, Timestamp> = releases.iter().map(|r| (r.folder, r.at)).collect();
    let releases_path = repo.registry_path("releases");
    let components: Vec<&str> = releases_path.split('/').collect();
    let mut commit = repo.commit(tip)?;
    let mut tree = releases_tree(repo, commit.tree, &components)?;
    let folders: Vec<&str> = published.keys().copied().collect();
    let mut prints = fingerprints(repo, tree, &folders)?;
    let mut compare = Compare {
        repo,
        parts: HashMap::new(),
    };
    loop {
        let at = Timestamp::from_second(commit.time).unwrap_or(Timestamp::UNIX_EPOCH);
        if at <= oldest || found.len() == published.len() {
            return Ok(());
        }
        let Some(parent_id) = commit.parent else {
            // A root commit created its files: that is no edit.
            return Ok(());
        };
        if repo.shallow_boundary().contains(&commit.id) {
            // Without the parent, what this commit changed is unknown.
            return Ok(());
        }
        let parent = repo.commit(parent_id)?;
        let parent_tree = releases_tree(repo, parent.tree, &components)?;
        if parent_tree != tree {
            let parent_prints = fingerprints(repo, parent_tree, &folders)?;
            for (folder, print) in &prints {
                let after_publication = published.get(folder).is_some_and(|p| at > *p);
                if !after_publication || at > now || found.contains_key(*folder) {
                    continue;
                }
                if compare.differ(print, parent_prints.get(folder))? {
                    found.insert(folder.to_string(), at);
                }
            }
            prints = parent_prints;
        }
        tree = parent_tree;
        commit = parent;
    }
}

/// The `releases/` tree of a commit's tree.
fn releases_tree(repo: &GitRepo, root: Oid, components: &[&str]) -> Result<Option<Oid>, GitError> {
    let mut current = Some(root);
    for name in components {
        current = match current {
            Some(tree) => repo.child_tree(tree, name)?,
            None => return Ok(None),
        };
    }
    Ok(current)
}

fn fingerprints<'a>(
    repo: &GitRepo,
    releases: Option<Oid>,
    folders: &[&'a str],
) -> Result<HashMap<&'a str, Fingerprint>, GitError> {
    let mut prints = HashMap::new();
    let Some(releases) = releases else {
        return Ok(prints);
    };
    for (folder, tree) in folders.iter().zip(repo.child_trees(releases, folders)?) {
        let print = match tree {
            Some(tree) => [
                repo.child_blob(tree, PUBLIC_FILES[0])?,
                repo.child_blob(tree, PUBLIC_FILES[1])?,
            ],
            None => [None, None],
        };
        prints.insert(*folder, print);
    }
    Ok(prints)
}

#[cfg(test)]
mod tests {
    use super::public_part;

    const RELEASE: &str = "version = \"1.0.0\"\ntitle = \"First\"\nstatus = \"ready\"\n\
        [[changes]]\nkind = \"added\"\nsummary = \"Exports\"\n\
        [[changes]]\nkind = \"fixed\"\nsummary = \"Secret\"\naudience = \"internal\"\n";

    #[test]
    fn only_what_customers_read_counts_as_an_edit() {
        let part = public_part(RELEASE.as_bytes());
        assert_eq!(part.as_deref(), Some("1.0.0\nFirst\n\nadded Exports"));
        let internal = RELEASE
            .replace("ready", "approved")
            .replace("Secret", "Other")
            + "[[approvals]]\nby = \"bob\"\nat = 2024-06-01T10:00:00Z\n";
        assert_eq!(public_part(internal.as_bytes()), part);
        let reformatted = RELEASE.replace(" = ", "=");
        assert_eq!(public_part(reformatted.as_bytes()), part);
        let reworded = RELEASE.replace("Exports", "Parquet exports");
        assert_ne!(public_part(reworded.as_bytes()), part);
        assert_eq!(public_part(b"\xff not toml"), None);
    }
}
