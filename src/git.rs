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
    #[error("unknown revision `{rev}`: {source}")]
    UnknownRevision {
        rev: String,
        #[source]
        source: git2::Error,
    },
    #[error("cannot read the Git repository: {0}")]
    Git(#[from] git2::Error),
}

/// A commit on the first-parent line, as the history needs it.
#[derive(Debug, Clone)]
pub struct CommitInfo {
    pub id: Oid,
    pub tree: Oid,
    /// First parent; `None` for a root commit and at a shallow clone's boundary.
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
}

impl GitRepo {
    /// Finds the repository containing `registry_root`.
    pub fn discover(registry_root: &Path) -> Result<GitRepo, GitError> {
        let repo = Repository::discover(registry_root).map_err(|err| match err.code() {
            ErrorCode::NotFound => GitError::NotARepository(registry_root.to_path_buf()),
            _ => GitError::Git(err),
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
        Ok(GitRepo {
            repo,
            prefix,
            shallow,
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
        match self.repo.revparse_single(spec) {
            Ok(object) => Ok(Some(object.peel_to_commit()?.id())),
            Err(err)
                if rev.is_none()
                    && matches!(err.code(), ErrorCode::UnbornBranch | ErrorCode::NotFound) =>
            {
                Ok(None)
            }
            Err(source) => Err(GitError::UnknownRevision {
                rev: spec.to_string(),
                source,
            }),
        }
    }

    /// The commits reachable from `tip` but not from `base` (what a pull
    /// request adds), as full hex ids.
    pub fn commits_since(&self, base: Oid, tip: Oid) -> Result<HashSet<String>, GitError> {
        let mut walk = self.repo.revwalk()?;
        walk.push(tip)?;
        walk.hide(base)?;
        let mut out = HashSet::new();
        for id in walk {
            out.insert(id?.to_string());
        }
        Ok(out)
    }

    /// The best common ancestor of `a` and `b`: where a branch left its base.
    pub fn merge_base(&self, a: Oid, b: Oid) -> Result<Oid, GitError> {
        Ok(self.repo.merge_base(a, b)?)
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
        let object = odb.read(id)?;
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
        let parent = if self.shallow.contains(&id) {
            None
        } else {
            parent
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
        let object = odb.read(tree)?;
        if object.kind() != ObjectType::Tree {
            return Ok(None);
        }
        Ok(raw::tree_entry(object.data(), name)
            .filter(|(mode, _)| *mode == raw::TREE_MODE)
            .map(|(_, id)| id))
    }

    /// The files directly in a tree: (name, blob id).
    pub fn blobs(&self, tree: Oid) -> Result<Vec<(String, Oid)>, GitError> {
        let tree = self.repo.find_tree(tree)?;
        Ok(tree
            .iter()
            .filter(|entry| entry.kind() == Some(ObjectType::Blob))
            .filter_map(|entry| entry.name().ok().map(|name| (name.to_string(), entry.id())))
            .collect())
    }

    pub fn blob(&self, id: Oid) -> Result<Vec<u8>, GitError> {
        Ok(self.repo.find_blob(id)?.content().to_vec())
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
