//! The command line as shells and manuals see it: completions, man pages,
//! `--version`.

use std::path::Path;
use std::process::Command;

use crate::support::milepost;

fn stdout(args: &[&str]) -> String {
    let out = milepost().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// What bash offers after `line` (the word being completed is the last one),
/// with the script `milepost completions bash` prints loaded.
fn bash_completes(line: &str) -> Vec<String> {
    let script = stdout(&["completions", "bash"]);
    let words: Vec<&str> = line.split(' ').collect();
    let driver = format!(
        "{script}\ncomplete -p milepost >/dev/null || exit 3\n\
         COMP_WORDS=({words})\nCOMP_CWORD={cword}\nCOMP_LINE='{line}'\nCOMP_POINT=${{#COMP_LINE}}\n\
         _milepost milepost '{cur}' '{prev}'\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        words = words
            .iter()
            .map(|w| format!("'{w}'"))
            .collect::<Vec<_>>()
            .join(" "),
        cword = words.len() - 1,
        cur = words[words.len() - 1],
        prev = words[words.len().saturating_sub(2)],
    );
    let out = Command::new("bash")
        .args(["--norc", "--noprofile", "-c", &driver])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut words: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|w| w.trim().to_string())
        .filter(|w| !w.is_empty())
        .collect();
    words.sort();
    words
}

#[test]
fn bash_completes_subcommands_and_values() {
    assert_eq!(bash_completes("milepost ch"), ["check"]);
    assert_eq!(bash_completes("milepost com"), ["completions"]);
    assert_eq!(
        bash_completes("milepost check --format "),
        ["github", "gitlab", "human", "json", "sarif"]
    );
    assert_eq!(
        bash_completes("milepost completions "),
        [
            "--help",
            "-C",
            "-h",
            "bash",
            "elvish",
            "fish",
            "powershell",
            "zsh"
        ]
    );
}

#[test]
fn every_shell_gets_a_script() {
    for (shell, mark) in [
        ("bash", "_milepost()"),
        ("zsh", "#compdef milepost"),
        ("fish", "complete -c milepost"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "edit:completion:arg-completer[milepost]"),
    ] {
        let script = stdout(&["completions", shell]);
        assert!(script.contains(mark), "{shell}: {script}");
        assert!(script.contains("check"), "{shell}");
    }
}

#[test]
fn an_unknown_shell_is_a_bad_argument() {
    let out = milepost().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// `man -l` renders `page` with groff's warnings on; what it says on stderr.
fn man_warnings(page: &Path) -> (String, String) {
    let out = Command::new("man")
        .args(["--warnings", "-l"])
        .arg(page)
        .env("MANWIDTH", "80")
        .env("MAN_KEEP_FORMATTING", "")
        // man-db's seccomp sandbox kills its filters when a preloaded library
        // (libfaketime, as `.ci/run` uses) makes calls it does not expect.
        .env("MAN_DISABLE_SECCOMP", "1")
        .env_remove("MANPAGER")
        .env_remove("PAGER")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", page.display());
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn have_man() -> bool {
    let found = Command::new("man").arg("--version").output().is_ok();
    if !found {
        eprintln!("skipped: no `man` on this machine (.ci/run installs man-db)");
    }
    found
}

#[test]
fn man_prints_the_main_page() {
    let page = stdout(&["man"]);
    assert!(page.starts_with(".ie"), "{page}");
    assert!(page.contains(".TH milepost 1"), "{page}");
    assert!(page.contains("milepost\\-check(1)"), "{page}");
    if !have_man() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("milepost.1");
    std::fs::write(&path, page).unwrap();
    let (text, warnings) = man_warnings(&path);
    assert_eq!(warnings, "");
    assert!(text.contains("Release management for SaaS"), "{text}");
}

#[test]
fn man_writes_a_page_per_command_that_man_renders() {
    let dir = tempfile::tempdir().unwrap();
    let out = milepost()
        .arg("-C")
        .arg(dir.path())
        .args(["man", "--out", "man1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let mut pages: Vec<String> = std::fs::read_dir(dir.path().join("man1"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    pages.sort();
    for expected in [
        "milepost.1",
        "milepost-check.1",
        "milepost-completions.1",
        "milepost-import.1",
        "milepost-import-changelog.1",
        "milepost-import-github-releases.1",
        "milepost-man.1",
    ] {
        assert!(
            pages.iter().any(|p| p == expected),
            "{expected} not in {pages:?}"
        );
    }
    assert!(!pages.iter().any(|p| p.contains("help")), "{pages:?}");
    if !have_man() {
        return;
    }
    for page in &pages {
        let (text, warnings) = man_warnings(&dir.path().join("man1").join(page));
        assert_eq!(warnings, "", "{page}");
        assert!(text.contains("NAME"), "{page}: {text}");
    }
    let (check, _) = man_warnings(&dir.path().join("man1/milepost-check.1"));
    assert!(check.contains("--format"), "{check}");
    assert!(check.contains("sarif"), "{check}");
}

/// `milepost 0.1.0 (abcdef0 2026-12-02)` from a Git checkout, `milepost 0.1.0`
/// from a tarball.
#[test]
fn version_names_the_commit_when_built_from_git() {
    let text = stdout(&["--version"]);
    let version = env!("CARGO_PKG_VERSION");
    let line = text.strip_suffix('\n').unwrap();
    let rest = line.strip_prefix(&format!("milepost {version}")).unwrap();
    let manifest = env!("CARGO_MANIFEST_DIR");
    let tracked = Command::new("git")
        .args(["-C", manifest, "ls-files", "--error-unmatch", "Cargo.toml"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !tracked {
        assert_eq!(rest, "", "not built from Git, yet: {line}");
        return;
    }
    let inner = rest.strip_prefix(" (").and_then(|r| r.strip_suffix(')'));
    let (hash, date) = inner
        .and_then(|i| i.split_once(' '))
        .unwrap_or_else(|| panic!("{line}"));
    assert!(
        hash.len() >= 7 && hash.chars().all(|c| c.is_ascii_hexdigit()),
        "{line}"
    );
    assert!(date.parse::<jiff::civil::Date>().is_ok(), "{line}");

    // Built from this checkout: the commit is one of its own.
    let known = Command::new("git")
        .args(["-C", manifest, "cat-file", "-t", hash])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&known.stdout).trim(),
        "commit",
        "{line}"
    );
}
