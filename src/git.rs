//! The one module that speaks to Git (through git2). It returns our own plain
//! values, so that the rest of milepost does not depend on git2's types.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use git2::{ErrorCode, ObjectType, Oid, Repository, Status};

pub use git2::Oid as ObjectId;

/// The user's Git identity (`user.name`, `user.email`) from the global
/// configuration, for a folder that is not a repository yet.
pub fn global_identity() -> Option<(String, String)> {
    let config = git2::Config::open_default().ok()?;
    let name = config.get_string("user.name").ok()?;
    let email = config.get_string("user.email").ok()?;
    Some((name, email))
}

#[derive(Debug, thiserror::Error)]
pub enum GitError {
    #[error("{} is not inside a Git repository", .0.display())]
    NotARepository(PathBuf),
    /// libgit2 (through git2) reads only SHA-1 repositories; guessing at a
    /// SHA-256 one would fail later with a message about something else.
    #[error(
        "SHA-256 Git repositories are not supported yet (libgit2 cannot read them): {} has `extensions.objectformat = sha256`",
        .git_dir.display()
    )]
    Sha256 { git_dir: PathBuf },
    /// The revision names nothing here: not fetched, or misspelt.
    #[error("unknown revision `{rev}`: {}", unknown_revision_help(.fetch.as_deref()))]
    UnknownRevision {
        rev: String,
        /// The command that would bring it, when there is a remote to ask.
        fetch: Option<String>,
    },
    #[error("`{rev}` cannot be resolved: {source}")]
    BadRevision {
        rev: String,
        #[source]
        source: git2::Error,
    },
    #[error("`{rev}` names a {kind}, not a commit")]
    NotACommit { rev: String, kind: String },
    /// The first-parent walk reached a shallow clone's boundary: what ran
    /// where before it is unknown, and any answer would be a guess.
    #[error(
        "the deploy history is incomplete: this is a shallow clone, and the parents of commit {commit} were not fetched. Fetch the whole history with `git fetch --unshallow` (in GitHub Actions: `actions/checkout` with `fetch-depth: 0`)"
    )]
    Shallow {
        /// The boundary commit, abbreviated as warnings name commits.
        commit: String,
    },
    #[error("commits {a} and {b} have no common ancestor, so there is no merge base to compare with{}", if *.shallow { SHALLOW_MERGE_BASE } else { "" })]
    NoMergeBase { a: String, b: String, shallow: bool },
    /// A partial clone (`git clone --filter=...`) leaves objects on the
    /// server for git to fetch on demand, which libgit2 cannot do.
    #[error(
        "object {object} is not in this clone: it is a partial clone (`git clone --filter=...`), and libgit2 cannot fetch what it left out. Use a full clone (in GitHub Actions: `actions/checkout` without `filter`)"
    )]
    PartialClone { object: String },
    #[error("cannot read the Git repository: {0}")]
    Git(#[from] git2::Error),
}

const FETCH_DEPTH_HINT: &str =
    "in GitHub Actions, check out with `actions/checkout` and `fetch-depth: 0`";

const SHALLOW_MERGE_BASE: &str = "; this is a shallow clone, whose common ancestor may not have been fetched: `git fetch --unshallow` brings it (in GitHub Actions: `actions/checkout` with `fetch-depth: 0`)";

fn unknown_revision_help(fetch: Option<&str>) -> String {
    match fetch {
        Some(fetch) => {
            format!("it is not in this clone; fetch it with `{fetch}` ({FETCH_DEPTH_HINT})")
        }
        None => "no branch, tag or commit of this repository has that name, and it has no remote to fetch one from".to_string(),
    }
}

/// A commit on the first-parent line, as the history needs it.
#[derive(Debug, Clone)]
pub struct CommitInfo {
    pub id: Oid,
    pub tree: Oid,
    /// First parent as the commit records it; `None` for a root commit. At a
    /// shallow clone's boundary it is recorded but not in the clone.
    pub parent: Option<Oid>,
    /// Seconds since the epoch, when the commit was made on this line (committer time).
    pub time: i64,
}

/// The repository that holds a registry, and where the registry sits in it.
pub struct GitRepo {
    repo: Repository,
    /// The registry's folder inside the work tree, `/`-separated, "" at the top.
    prefix: String,
    shallow: HashSet<Oid>,
    /// A partial clone's missing objects were left out on purpose.
    partial: bool,
}

/// Reads objects as git does: without hashing every object again on each
/// read (git checks them in `fsck`, not in `log`; packs carry their own
/// checksums), and without libgit2's object cache, since the walks read
/// each object once. Both cost a fifth of a long history walk.
fn read_like_git() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        git2::opts::strict_hash_verification(false);
        git2::opts::enable_caching(false);
    });
}

impl GitRepo {
    /// Finds the repository containing `registry_root`.
    pub fn discover(registry_root: &Path) -> Result<GitRepo, GitError> {
        read_like_git();
        let repo = Repository::discover(registry_root).map_err(|err| match err.code() {
            ErrorCode::NotFound => GitError::NotARepository(registry_root.to_path_buf()),
            _ => unopenable(registry_root, err),
        })?;
        let prefix = match repo.workdir() {
            Some(workdir) => {
                let workdir = fs::canonicalize(workdir).unwrap_or_else(|_| workdir.to_path_buf());
                let root =
                    fs::canonicalize(registry_root).unwrap_or_else(|_| registry_root.to_path_buf());
                match root.strip_prefix(&workdir) {
                    Ok(rel) => rel
                        .components()
                        .map(|c| c.as_os_str().to_string_lossy().into_owned())
                        .collect::<Vec<_>>()
                        .join("/"),
                    Err(_) => String::new(),
                }
            }
            None => String::new(),
        };
        let shallow = read_shallow(repo.path());
        let partial = is_partial_clone(&repo);
        Ok(GitRepo {
            repo,
            prefix,
            shallow,
            partial,
        })
    }

    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// A repository path inside the registry: `environments` → `reg/environments`.
    pub fn registry_path(&self, rel: &str) -> String {
        if self.prefix.is_empty() {
            rel.to_string()
        } else {
            format!("{}/{rel}", self.prefix)
        }
    }

    /// The work tree, if the repository has one (not bare).
    pub fn work_tree(&self) -> Option<&Path> {
        self.repo.workdir()
    }

    /// The `.git` folder (for caches that must stay out of the work tree).
    pub fn git_dir(&self) -> &Path {
        self.repo.path()
    }

    pub fn is_shallow(&self) -> bool {
        !self.shallow.is_empty()
    }

    /// The commits at a shallow clone's boundary, whose parents are missing.
    pub fn shallow_boundary(&self) -> &HashSet<Oid> {
        &self.shallow
    }

    /// The commit a revision names; `None` for a repository without commits.
    pub fn resolve(&self, rev: Option<&str>) -> Result<Option<Oid>, GitError> {
        let spec = rev.unwrap_or("HEAD");
        let object = match self.repo.revparse_single(spec) {
            Ok(object) => object,
            Err(err)
                if rev.is_none()
                    && matches!(err.code(), ErrorCode::UnbornBranch | ErrorCode::NotFound) =>
            {
                return Ok(None);
            }
            Err(err) if err.code() == ErrorCode::NotFound => {
                return Err(GitError::UnknownRevision {
                    rev: spec.to_string(),
                    fetch: self.fetch_command(spec),
                });
            }
            Err(source) => {
                return Err(GitError::BadRevision {
                    rev: spec.to_string(),
                    source,
                });
            }
        };
        match object.peel_to_commit() {
            Ok(commit) => Ok(Some(commit.id())),
            Err(_) => Err(GitError::NotACommit {
                rev: spec.to_string(),
                kind: object
                    .kind()
                    .map_or("object", |kind| kind.str())
                    .to_string(),
            }),
        }
    }

    /// The `git fetch` that would most likely bring a revision that is not
    /// here: CI checkouts fetch one branch, often one commit deep.
    fn fetch_command(&self, rev: &str) -> Option<String> {
        let names = self.repo.remotes().ok()?;
        // Names that are not UTF-8 could not be typed into the hint anyway.
        let remotes: Vec<String> = names
            .iter()
            .filter_map(|name| name.ok().flatten().map(str::to_string))
            .collect();
        let default = remotes
            .iter()
            .find(|r| r.as_str() == "origin")
            .or(remotes.first())?;
        Some(fetch_command_for(rev, &remotes, default, self.is_shallow()))
    }

    /// The best common ancestor of `a` and `b`: where a pull request's
    /// branch left the branch it will be merged into.
    pub fn merge_base(&self, a: Oid, b: Oid) -> Result<Oid, GitError> {
        match self.repo.merge_base(a, b) {
            Ok(id) => Ok(id),
            Err(err) if err.code() == ErrorCode::NotFound => Err(GitError::NoMergeBase {
                a: short_hex(a),
                b: short_hex(b),
                shallow: self.is_shallow(),
            }),
            Err(err) => Err(err.into()),
        }
    }

    /// The user's e-mail from Git's configuration, if set.
    pub fn user_email(&self) -> Option<String> {
        self.repo.config().ok()?.get_string("user.email").ok()
    }

    /// Makes `dir` a new, empty Git repository.
    pub fn init(dir: &Path) -> Result<(), GitError> {
        Repository::init(dir)?;
        Ok(())
    }

    /// Commits one file of the registry, as it is in the work tree, on top of
    /// HEAD, with the user's Git identity; other changes, staged or not, are
    /// left as they are. Returns the new commit's id.
    /// `at` is the commit's time (author and committer), so that a deploy
    /// recorded with `--now` happened then in the history; `None` is now.
    pub fn commit_file(
        &self,
        rel: &str,
        message: &str,
        at: Option<jiff::Timestamp>,
    ) -> Result<Oid, GitError> {
        let path = self.registry_path(rel);
        let workdir = self
            .repo
            .workdir()
            .ok_or_else(|| git2::Error::from_str("a bare repository has no files to commit"))?;
        let content = fs::read(workdir.join(&path))
            .map_err(|err| git2::Error::from_str(&format!("cannot read {path}: {err}")))?;
        let blob = self.repo.blob(&content)?;
        let signature = self.repo.signature()?;
        let signature = match at {
            Some(at) => git2::Signature::new(
                signature.name().unwrap_or_default(),
                signature.email().unwrap_or_default(),
                &git2::Time::new(at.as_second(), 0),
            )?,
            None => signature,
        };
        let parent = match self.repo.head() {
            Ok(head) => Some(head.peel_to_commit()?),
            Err(err) if matches!(err.code(), ErrorCode::UnbornBranch | ErrorCode::NotFound) => None,
            Err(err) => return Err(err.into()),
        };
        let base = parent.as_ref().map(|c| c.tree()).transpose()?;
        let components: Vec<&str> = path.split('/').collect();
        let tree = self.tree_with(base.as_ref(), &components, blob)?;
        let tree = self.repo.find_tree(tree)?;
        let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
        let id = self.repo.commit(
            Some("HEAD"),
            &signature,
            &signature,
            message,
            &tree,
            &parents,
        )?;
        // The index gets the same content, so that the file shows as committed.
        let mut index = self.repo.index()?;
        index.add_path(Path::new(&path))?;
        index.write()?;
        Ok(id)
    }

    /// `base` with the blob at `path` (created or replaced), as a new tree.
    fn tree_with(
        &self,
        base: Option<&git2::Tree<'_>>,
        path: &[&str],
        blob: Oid,
    ) -> Result<Oid, GitError> {
        let mut builder = self.repo.treebuilder(base)?;
        match path {
            [] => return Err(git2::Error::from_str("empty path").into()),
            [name] => {
                builder.insert(name, blob, 0o100644)?;
            }
            [name, rest @ ..] => {
                let sub = match base.and_then(|t| t.get_name(name)) {
                    Some(entry) if entry.kind() == Some(ObjectType::Tree) => {
                        Some(self.repo.find_tree(entry.id())?)
                    }
                    _ => None,
                };
                let sub = self.tree_with(sub.as_ref(), rest, blob)?;
                builder.insert(name, sub, 0o040000)?;
            }
        }
        Ok(builder.write()?)
    }

    /// The commit's tree, first parent and time. Read from the object
    /// database and only the header lines parsed: on a long walk, building
    /// full commit objects costs more than reading them.
    pub fn commit(&self, id: Oid) -> Result<CommitInfo, GitError> {
        let odb = self.repo.odb()?;
        let object = odb.read(id).map_err(|err| self.missing(id, err))?;
        let header = match object.kind() {
            ObjectType::Commit => raw::commit_header(object.data()),
            _ => None,
        };
        let (tree, parent, time) = match header {
            Some(header) => header,
            None => {
                let commit = self.repo.find_commit(id)?;
                (
                    commit.tree_id(),
                    commit.parent_ids().next(),
                    commit.time().seconds(),
                )
            }
        };
        Ok(CommitInfo {
            id,
            tree,
            parent,
            time,
        })
    }

    /// `Name <email>` of a commit's author. Asked only for the commits that
    /// make events, which keeps the long walk from building strings.
    pub fn author(&self, id: Oid) -> Result<String, GitError> {
        let commit = self.repo.find_commit(id)?;
        let author = commit.author();
        let name = String::from_utf8_lossy(author.name_bytes());
        let email = String::from_utf8_lossy(author.email_bytes());
        Ok(format!("{name} <{email}>"))
    }

    /// The id of the tree named `name` directly inside the tree `tree`.
    pub fn child_tree(&self, tree: Oid, name: &str) -> Result<Option<Oid>, GitError> {
        let odb = self.repo.odb()?;
        let object = odb.read(tree).map_err(|err| self.missing(tree, err))?;
        if object.kind() != ObjectType::Tree {
            return Ok(None);
        }
        Ok(raw::tree_entry(object.data(), name)
            .filter(|(mode, _)| *mode == raw::TREE_MODE)
            .map(|(_, id)| id))
    }

    /// The trees named `names` directly inside the tree `tree`, in the order
    /// of `names`: one read of `tree`, however many names (a `releases/`
    /// tree can hold thousands of entries).
    pub fn child_trees(&self, tree: Oid, names: &[&str]) -> Result<Vec<Option<Oid>>, GitError> {
        let odb = self.repo.odb()?;
        let object = odb.read(tree).map_err(|err| self.missing(tree, err))?;
        if object.kind() != ObjectType::Tree {
            return Ok(vec![None; names.len()]);
        }
        let found = raw::tree_entries(object.data(), names);
        Ok(names
            .iter()
            .map(|name| {
                found
                    .get(name)
                    .filter(|(mode, _)| *mode == raw::TREE_MODE)
                    .map(|(_, id)| *id)
            })
            .collect())
    }

    /// The id of the file (blob) named `name` directly inside the tree `tree`.
    pub fn child_blob(&self, tree: Oid, name: &str) -> Result<Option<Oid>, GitError> {
        let odb = self.repo.odb()?;
        let object = odb.read(tree).map_err(|err| self.missing(tree, err))?;
        if object.kind() != ObjectType::Tree {
            return Ok(None);
        }
        Ok(raw::tree_entry(object.data(), name)
            .filter(|(mode, _)| mode.starts_with(b"100"))
            .map(|(_, id)| id))
    }

    /// The files directly in a tree: (name, blob id).
    pub fn blobs(&self, tree: Oid) -> Result<Vec<(String, Oid)>, GitError> {
        // A symbolic link's blob is its target's name, never content.
        self.entries(tree, |entry| {
            entry.kind() == Some(ObjectType::Blob) && entry.filemode() != 0o120000
        })
    }

    /// The folders directly in a tree: (name, tree id).
    pub fn trees(&self, tree: Oid) -> Result<Vec<(String, Oid)>, GitError> {
        self.entries(tree, |entry| entry.kind() == Some(ObjectType::Tree))
    }

    /// The entries of a tree that `keep` accepts: (name, id).
    fn entries(
        &self,
        tree: Oid,
        keep: impl Fn(&git2::TreeEntry<'_>) -> bool,
    ) -> Result<Vec<(String, Oid)>, GitError> {
        let tree = self
            .repo
            .find_tree(tree)
            .map_err(|err| self.missing(tree, err))?;
        Ok(tree
            .iter()
            .filter(|entry| keep(entry))
            .filter_map(|entry| entry.name().ok().map(|name| (name.to_string(), entry.id())))
            .collect())
    }

    pub fn blob(&self, id: Oid) -> Result<Vec<u8>, GitError> {
        let blob = self
            .repo
            .find_blob(id)
            .map_err(|err| self.missing(id, err))?;
        Ok(blob.content().to_vec())
    }

    /// A failed read of object `id`, explained when the clone is partial.
    fn missing(&self, id: Oid, err: git2::Error) -> GitError {
        if self.partial && err.code() == ErrorCode::NotFound {
            GitError::PartialClone {
                object: short_hex(id),
            }
        } else {
            GitError::Git(err)
        }
    }

    /// Whether a file of the registry differs from HEAD (changed, staged or new).
    pub fn is_modified(&self, rel: &str) -> bool {
        let path = self.registry_path(rel);
        match self.repo.status_file(Path::new(&path)) {
            Ok(status) => {
                !(status.is_empty()
                    || status == Status::CURRENT
                    || status.contains(Status::IGNORED))
            }
            Err(_) => false,
        }
    }
}

mod raw;

/// Why `Repository::discover` failed, in the user's terms where we know them.
fn unopenable(registry_root: &Path, err: git2::Error) -> GitError {
    match sha256_git_dir(registry_root) {
        Some(git_dir) => GitError::Sha256 { git_dir },
        None => GitError::Git(err),
    }
}

/// The `.git` folder above `registry_root`, if its configuration says the
/// repository uses SHA-256 object ids. Read without opening the repository,
/// which is the very thing libgit2 cannot do for such a repository.
fn sha256_git_dir(registry_root: &Path) -> Option<PathBuf> {
    let git_dir =
        Repository::discover_path(registry_root, std::iter::empty::<&std::ffi::OsStr>()).ok()?;
    // A linked worktree's own folder points at the shared one, which holds the config.
    let common = match fs::read_to_string(git_dir.join("commondir")) {
        Ok(text) => git_dir.join(text.trim()),
        Err(_) => git_dir.clone(),
    };
    let config = git2::Config::open(&common.join("config")).ok()?;
    let format = config.get_string("extensions.objectformat").ok()?;
    // Rebuilt from its components to drop libgit2's trailing `/`.
    let git_dir: PathBuf = git_dir.components().collect();
    format.eq_ignore_ascii_case("sha256").then_some(git_dir)
}

/// Revisions such as `HEAD~3` or `main@{1}` name no ref that one could fetch.
fn is_plain_name(rev: &str) -> bool {
    !rev.is_empty()
        && !rev.chars().any(|c| {
            matches!(
                c,
                '~' | '^' | ':' | '@' | '{' | '}' | '*' | '?' | '[' | '\\'
            ) || c.is_whitespace()
        })
}

/// The fetch that creates what `rev` names. Refs are spelt out in full
/// (`origin/main` → `git fetch origin main:refs/remotes/origin/main`): a
/// single-branch clone, as CI makes, would otherwise only set FETCH_HEAD.
fn fetch_command_for(rev: &str, remotes: &[String], default: &str, shallow: bool) -> String {
    if !is_plain_name(rev) {
        return if shallow {
            "git fetch --unshallow".to_string()
        } else {
            format!("git fetch {default}")
        };
    }
    let name = rev.strip_prefix("refs/remotes/").unwrap_or(rev);
    if let Some((remote, branch)) = name.split_once('/')
        && remotes.iter().any(|r| r == remote)
    {
        return format!("git fetch {remote} {branch}:refs/remotes/{remote}/{branch}");
    }
    if let Some(tag) = rev.strip_prefix("refs/tags/") {
        return format!("git fetch {default} tag {tag}");
    }
    if is_commit_id(rev) {
        return format!("git fetch {default} {rev}");
    }
    let branch = rev.strip_prefix("refs/heads/").unwrap_or(rev);
    format!("git fetch {default} {branch}:refs/heads/{branch}")
}

/// A full commit id, which servers let one fetch by itself (a short one
/// they do not).
fn is_commit_id(rev: &str) -> bool {
    matches!(rev.len(), 40 | 64) && rev.chars().all(|c| c.is_ascii_hexdigit())
}

/// The first ten hex digits, as messages and warnings name commits.
pub(crate) fn short_hex(id: Oid) -> String {
    id.to_string().chars().take(10).collect()
}

/// Git marks a partial clone with `remote.<name>.promisor = true` (older
/// versions with `extensions.partialclone = <name>`).
fn is_partial_clone(repo: &Repository) -> bool {
    let Ok(config) = repo.config() else {
        return false;
    };
    if config.get_string("extensions.partialclone").is_ok() {
        return true;
    }
    let Ok(remotes) = repo.remotes() else {
        return false;
    };
    remotes.iter().any(|name| match name {
        Ok(Some(name)) => config
            .get_bool(&format!("remote.{name}.promisor"))
            .unwrap_or(false),
        _ => false,
    })
}

/// `.git/shallow` lists the boundary commits of a shallow clone.
fn read_shallow(git_dir: &Path) -> HashSet<Oid> {
    fs::read_to_string(git_dir.join("shallow"))
        .map(|text| {
            text.lines()
                .filter_map(|line| Oid::from_str(line.trim()).ok())
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests;
