//! A small driver: build a registry from fixtures in a temporary folder, run
//! milepost on it, and look at what it said.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

pub const NOT_IN_GIT: &str = "warning: not in a Git repository, so deploys are not judged (the history comes from commits)\n";

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The time every test runs at unless it says otherwise with `--now`: no
/// test reads the real clock, so the suite passes on any date.
pub const NOW: &str = "2026-12-01T12:00:00Z";

pub fn milepost() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_milepost"));
    cmd.env_remove("NO_COLOR").env("MILEPOST_NOW", NOW);
    cmd
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A registry in a temporary folder.
pub struct RegistryTest {
    dir: TempDir,
}

impl RegistryTest {
    /// The `base` fixture with the files of fixture `case` laid over it.
    pub fn new(case: &str) -> Self {
        let test = Self::standalone("base");
        if case != "base" {
            let overlay = fixtures().join(case);
            assert!(overlay.is_dir(), "no fixture {case}");
            copy_dir(&overlay, test.path());
        }
        test
    }

    /// Fixture `case` alone.
    pub fn standalone(case: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&fixtures().join(case), dir.path());
        RegistryTest { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> &Self {
        let path = self.path().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
        self
    }

    pub fn remove(&self, rel: &str) -> &Self {
        fs::remove_file(self.path().join(rel)).unwrap();
        self
    }

    pub fn cmd(&self) -> Command {
        let mut cmd = milepost();
        cmd.arg("-C").arg(self.path());
        cmd
    }

    /// `check --format json`, with its exit code.
    pub fn check(&self) -> CheckRun {
        let out = self
            .cmd()
            .args(["check", "--format", "json"])
            .output()
            .unwrap();
        // Fixtures are not in a Git repository: check says so once, and judges no deploys.
        assert_eq!(String::from_utf8_lossy(&out.stderr), NOT_IN_GIT);
        let json: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_codes_explained(&json);
        CheckRun {
            code: out.status.code().unwrap(),
            json,
        }
    }

    /// `check` for people, without colour.
    pub fn check_human(&self) -> (i32, String) {
        let out = self.cmd().arg("check").output().unwrap();
        (
            out.status.code().unwrap(),
            String::from_utf8(out.stdout).unwrap(),
        )
    }
}

pub struct CheckRun {
    pub code: i32,
    pub json: Value,
}

impl CheckRun {
    fn entries(&self, key: &str) -> Vec<String> {
        self.json[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                format!(
                    "{}:{}:{} {}",
                    e["file"].as_str().unwrap(),
                    e["line"],
                    e["column"],
                    e["code"].as_str().unwrap()
                )
            })
            .collect()
    }

    /// `file:line:column code` of each error, in the order printed.
    pub fn errors(&self) -> Vec<String> {
        self.entries("errors")
    }

    pub fn warnings(&self) -> Vec<String> {
        self.entries("warnings")
    }

    pub fn messages(&self) -> Vec<String> {
        let all = self.json["errors"].as_array().unwrap().iter();
        all.chain(self.json["warnings"].as_array().unwrap())
            .map(|e| e["message"].as_str().unwrap().to_string())
            .collect()
    }

    pub fn helps(&self) -> Vec<String> {
        let all = self.json["errors"].as_array().unwrap().iter();
        all.chain(self.json["warnings"].as_array().unwrap())
            .filter_map(|e| e["help"].as_str().map(String::from))
            .collect()
    }

    #[track_caller]
    pub fn assert_errors(&self, expected: &[&str]) -> &Self {
        assert_eq!(self.errors(), expected, "full report: {:#}", self.json);
        assert_eq!(self.code, if expected.is_empty() { 0 } else { 1 });
        self
    }

    #[track_caller]
    pub fn assert_warnings(&self, expected: &[&str]) -> &Self {
        assert_eq!(self.warnings(), expected, "full report: {:#}", self.json);
        self
    }
}

/// Every code that `check` prints must be one `milepost explain` knows.
pub fn assert_codes_explained(report: &Value) {
    for key in ["errors", "warnings"] {
        for entry in report[key].as_array().unwrap() {
            let code = entry["code"].as_str().unwrap();
            assert!(
                milepost::explain::explanation(code).is_some(),
                "no explanation for `{code}`"
            );
        }
    }
}

/// Every file below `dir` (but .git), path → bytes.
pub fn tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_entry(|e| e.file_name() != ".git")
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}
