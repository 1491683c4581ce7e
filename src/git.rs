//! The one module that speaks to Git (through git2). It returns our own plain
//! values, so that the rest of milepost does not depend on git2's types.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use git2::{ErrorCode, ObjectType, Oid, Repository, Status};

pub use git2::Oid as ObjectId;

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
    /// `Name <email>` of the author.
    pub author: String,
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

    pub fn commit(&self, id: Oid) -> Result<CommitInfo, GitError> {
        let commit = self.repo.find_commit(id)?;
        let parent = if self.shallow.contains(&id) {
            None
        } else {
            commit.parent_ids().next()
        };
        let author = commit.author();
        let name = String::from_utf8_lossy(author.name_bytes()).into_owned();
        let email = String::from_utf8_lossy(author.email_bytes()).into_owned();
        Ok(CommitInfo {
            id,
            tree: commit.tree_id(),
            parent,
            time: commit.time().seconds(),
            author: format!("{name} <{email}>"),
        })
    }

    /// The id of the tree named `name` directly inside the tree `tree`.
    pub fn child_tree(&self, tree: Oid, name: &str) -> Result<Option<Oid>, GitError> {
        let tree = self.repo.find_tree(tree)?;
        Ok(tree
            .get_name(name)
            .filter(|entry| entry.kind() == Some(ObjectType::Tree))
            .map(|entry| entry.id()))
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
