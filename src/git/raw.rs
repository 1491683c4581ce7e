//! Just enough of Git's object formats for the hot loop of the history walk.

use git2::Oid;

pub const TREE_MODE: &[u8] = b"40000";

/// `tree`, first `parent` and committer time from a commit object's header.
pub fn commit_header(data: &[u8]) -> Option<(Oid, Option<Oid>, i64)> {
    let mut tree = None;
    let mut parent = None;
    let mut time = None;
    for line in data.split(|b| *b == b'\n') {
        if line.is_empty() {
            break;
        }
        if let Some(hex) = line.strip_prefix(b"tree ") {
            tree = Oid::from_str(std::str::from_utf8(hex).ok()?).ok();
        } else if let Some(hex) = line.strip_prefix(b"parent ") {
            if parent.is_none() {
                parent = Oid::from_str(std::str::from_utf8(hex).ok()?).ok();
            }
        } else if let Some(rest) = line.strip_prefix(b"committer ") {
            // `Name <email> 1718204640 +0200`: the time follows the last `>`.
            let after = &rest[rest.iter().rposition(|b| *b == b'>')? + 1..];
            let seconds = std::str::from_utf8(after).ok()?.split_whitespace().next()?;
            time = seconds.parse().ok();
        }
    }
    Some((tree?, parent, time?))
}

/// The mode and id of entry `name` in a tree object (`<mode> <name>\0<20-byte id>`...).
pub fn tree_entry<'a>(mut data: &'a [u8], name: &str) -> Option<(&'a [u8], Oid)> {
    while !data.is_empty() {
        let space = data.iter().position(|b| *b == b' ')?;
        let nul = space + data[space..].iter().position(|b| *b == 0)?;
        let id = data.get(nul + 1..nul + 21)?;
        if &data[space + 1..nul] == name.as_bytes() {
            return Some((&data[..space], Oid::from_bytes(id).ok()?));
        }
        data = &data[nul + 21..];
    }
    None
}

/// The entries of a tree object among `names`, in one pass over it.
pub fn tree_entries<'a, 'n>(
    mut data: &'a [u8],
    names: &[&'n str],
) -> std::collections::HashMap<&'n str, (&'a [u8], Oid)> {
    let wanted: std::collections::HashMap<&[u8], &'n str> =
        names.iter().map(|n| (n.as_bytes(), *n)).collect();
    let mut found = std::collections::HashMap::new();
    while !data.is_empty() && found.len() < wanted.len() {
        let Some(space) = data.iter().position(|b| *b == b' ') else {
            break;
        };
        let Some(nul) = data[space..]
            .iter()
            .position(|b| *b == 0)
            .map(|n| space + n)
        else {
            break;
        };
        let Some(id) = data
            .get(nul + 1..nul + 21)
            .and_then(|id| Oid::from_bytes(id).ok())
        else {
            break;
        };
        if let Some(name) = wanted.get(&data[space + 1..nul]) {
            found.insert(*name, (&data[..space], id));
        }
        data = &data[nul + 21..];
    }
    found
}

#[cfg(test)]
mod tests;
