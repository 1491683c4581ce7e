//! Git repositories built in the test, with controlled authors and dates,
//! using the git CLI as a person would.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

use crate::support::{copy_dir, fixtures, milepost};

pub struct TestRepo {
    dir: TempDir,
    /// The registry's folder inside the work tree ("" at the top).
    prefix: String,
}

impl TestRepo {
    /// A repository whose first commit holds the `base` fixture (without its
    /// environment files, which the test's deploys add) at `prefix`.
    pub fn new(prefix: &str) -> Self {
        Self::with_init(prefix, &[])
    }

    /// As [`TestRepo::new`], with more `git init` options
    /// (`--object-format=sha256`).
    pub fn with_init(prefix: &str, init_args: &[&str]) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let repo = TestRepo {
            dir,
            prefix: prefix.to_string(),
        };
        let mut init = vec!["init", "-q", "-b", "main"];
        init.extend_from_slice(init_args);
        repo.git(&init);
        let root = repo.registry();
        fs::create_dir_all(&root).unwrap();
        copy_dir(&fixtures().join("base"), &root);
        fs::remove_dir_all(root.join("environments")).unwrap();
        repo.commit(
            "Alice Ng <alice@fixture.example>",
            "2024-06-01T08:00:00Z",
            "Start",
        );
        repo
    }

    /// `git clone ARGS file://<this repository>` in a new temporary folder,
    /// as CI checks a repository out (`--depth 1`, `--single-branch`).
    pub fn clone_with(&self, args: &[&str]) -> TestRepo {
        let clone = TestRepo {
            dir: tempfile::tempdir().unwrap(),
            prefix: self.prefix.clone(),
        };
        let url = format!("file://{}", self.path().display());
        let mut command = vec!["clone", "-q"];
        command.extend_from_slice(args);
        command.extend_from_slice(&[url.as_str(), "."]);
        clone.git(&command);
        clone
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn registry(&self) -> PathBuf {
        if self.prefix.is_empty() {
            self.path().to_path_buf()
        } else {
            self.path().join(&self.prefix)
        }
    }

    pub fn git(&self, args: &[&str]) -> String {
        self.git_env(args, &[])
    }

    pub fn git_env(&self, args: &[&str], env: &[(&str, &str)]) -> String {
        let out = Command::new("git")
            .current_dir(self.path())
            .args([
                "-c",
                "commit.gpgsign=false",
                "-c",
                "core.hooksPath=/dev/null",
            ])
            .args(args)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .envs(env.iter().copied())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Writes a file of the registry (relative to the registry root).
    pub fn write(&self, rel: &str, text: &str) -> &Self {
        let path = self.registry().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
        self
    }

    pub fn remove(&self, rel: &str) -> &Self {
        fs::remove_file(self.registry().join(rel)).unwrap();
        self
    }

    /// Commits everything as `author` ("Name <email>") at `date` (RFC 3339);
    /// returns the commit id.
    pub fn commit(&self, author: &str, date: &str, message: &str) -> String {
        let (name, email) = author.trim_end_matches('>').split_once(" <").unwrap();
        let env = [
            ("GIT_AUTHOR_NAME", name),
            ("GIT_AUTHOR_EMAIL", email),
            ("GIT_AUTHOR_DATE", date),
            ("GIT_COMMITTER_NAME", name),
            ("GIT_COMMITTER_EMAIL", email),
            ("GIT_COMMITTER_DATE", date),
        ];
        self.git(&["add", "-A"]);
        self.git_env(&["commit", "-q", "--allow-empty", "-m", message], &env);
        self.head()
    }

    pub fn head(&self) -> String {
        self.git(&["rev-parse", "HEAD"]).trim().to_string()
    }

    /// Sets an environment's release (and optionally deployed_at) and commits it.
    pub fn deploy(
        &self,
        env: &str,
        release: &str,
        deployed_at: Option<&str>,
        author: &str,
        date: &str,
    ) -> String {
        let tier = match env {
            "prod" => "production",
            "demo" => "demo",
            "dev" => "development",
            _ => "staging",
        };
        let mut text = format!("name = \"{env}\"\ntier = \"{tier}\"\nrelease = \"{release}\"\n");
        if let Some(at) = deployed_at {
            text.push_str(&format!("deployed_at = {at}\n"));
        }
        self.write(&format!("environments/{env}.toml"), &text);
        self.commit(author, date, &format!("Deploy {release} to {env}"))
    }

    pub fn milepost(&self, args: &[&str]) -> std::process::Output {
        milepost()
            .arg("-C")
            .arg(self.registry())
            .args(args)
            .output()
            .unwrap()
    }

    /// `history --format json`, parsed; asserts success.
    pub fn history_json(&self, extra: &[&str]) -> serde_json::Value {
        self.json("history", extra)
    }

    /// `COMMAND --format json EXTRA...`, parsed; asserts success.
    pub fn json(&self, command: &str, extra: &[&str]) -> serde_json::Value {
        let mut args = vec![command, "--format", "json"];
        args.extend_from_slice(extra);
        let out = self.milepost(&args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    }

    pub fn stderr_of(&self, args: &[&str]) -> String {
        String::from_utf8(self.milepost(args).stderr).unwrap()
    }
}

pub const ALICE: &str = "Alice Ng <alice@fixture.example>";
pub const BOB: &str = "Bob Stone <bob@fixture.example>";
