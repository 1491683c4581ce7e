use std::fs;
use std::path::Path;

use crate::support::milepost;

/// `milepost` with a home of its own: a Git identity or none, never the machine's.
fn milepost_at_home(home: &Path, identity: bool) -> assert_cmd::Command {
    fs::create_dir_all(home).unwrap();
    let config = if identity {
        "[user]\n\tname = Jane Doe\n\temail = jane.doe@example.com\n"
    } else {
        ""
    };
    fs::write(home.join(".gitconfig"), config).unwrap();
    let mut cmd = milepost();
    cmd.env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("GIT_CONFIG_NOSYSTEM", "1");
    cmd
}

#[test]
fn init_writes_a_registry_that_passes_check_and_fmt() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("acme");
    let out = milepost_at_home(&dir.path().join("home"), true)
        .arg("init")
        .arg(&target)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.starts_with(&format!(
            "initialized a Git repository in {} (the deploy history is its commits)\n",
            target.display()
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains("  releases/0.1.0/release.toml\n  "),
        "{stdout}"
    );
    assert!(stdout.contains("  .gitignore\n"), "{stdout}");
    assert!(
        stdout.contains("you are `jane-doe` in teams.toml (from your Git identity)"),
        "{stdout}"
    );
    assert!(target.join(".git").is_dir());
    assert_eq!(
        fs::read_to_string(target.join(".gitignore")).unwrap(),
        "_site/\n"
    );
    // Git keeps no empty folders: init makes none.
    for entry in walkdir::WalkDir::new(&target)
        .into_iter()
        .filter_entry(|e| e.file_name() != ".git")
    {
        let entry = entry.unwrap();
        if entry.file_type().is_dir() {
            assert!(
                fs::read_dir(entry.path()).unwrap().next().is_some(),
                "{} is empty",
                entry.path().display()
            );
        }
    }
    let teams = fs::read_to_string(target.join("teams.toml")).unwrap();
    assert!(
        teams.ends_with("[people.jane-doe]\nname = \"Jane Doe\"\nemail = \"jane.doe@example.com\"\nteams = [\"dev\"]\n"),
        "{teams}"
    );
    let text = fs::read_to_string(target.join("releases/0.1.0/release.toml")).unwrap();
    assert!(text.starts_with("#:schema ../../schema/release.schema.json\n"));

    let run = |args: &[&str]| {
        milepost()
            .arg("-C")
            .arg(&target)
            .args(args)
            .output()
            .unwrap()
    };
    let check = run(&["check"]);
    assert_eq!(
        (
            check.status.code(),
            String::from_utf8(check.stdout).unwrap()
        ),
        (Some(0), "no problems found\n".to_string()),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let fmt = run(&["fmt", "--check"]);
    assert_eq!(
        (fmt.status.code(), String::from_utf8(fmt.stdout).unwrap()),
        (Some(0), String::new())
    );
    // The new person owns what `new` makes, found by the Git e-mail.
    let new = run(&["new", "0.2.0"]);
    assert_eq!(
        new.status.code(),
        Some(1),
        "outside the repository's identity"
    );
    let new = milepost_at_home(&dir.path().join("home"), true)
        .arg("-C")
        .arg(&target)
        .args(["new", "0.2.0"])
        .output()
        .unwrap();
    assert_eq!(
        new.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&new.stderr)
    );
    let release = fs::read_to_string(target.join("releases/0.2.0/release.toml")).unwrap();
    assert!(release.contains("owner = \"jane-doe\""), "{release}");
}

#[test]
fn init_without_a_git_identity_says_how_to_add_oneself() {
    let dir = tempfile::tempdir().unwrap();
    let out = milepost_at_home(&dir.path().join("home"), false)
        .arg("init")
        .arg(dir.path().join("acme"))
        .arg("--no-git")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(!stdout.contains("initialized a Git repository"), "{stdout}");
    assert!(
        stdout.contains("no Git identity found (git config user.email): add yourself under [people] in teams.toml\n"),
        "{stdout}"
    );
    assert!(!dir.path().join("acme/.git").exists());
    assert!(
        !fs::read_to_string(dir.path().join("acme/teams.toml"))
            .unwrap()
            .contains("You, from")
    );
}

#[test]
fn init_inside_a_repository_keeps_it_and_its_gitignore() {
    let dir = tempfile::tempdir().unwrap();
    let git = |args: &[&str]| {
        let ok = std::process::Command::new("git")
            .args(args)
            .current_dir(dir.path())
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .status()
            .unwrap();
        assert!(ok.success());
    };
    git(&["init", "-q"]);
    fs::write(dir.path().join(".gitignore"), "target").unwrap();
    fs::create_dir(dir.path().join("registry")).unwrap();
    fs::write(dir.path().join("registry/.gitignore"), "*.log\n").unwrap();
    let out = milepost_at_home(&dir.path().join("home"), true)
        .arg("-C")
        .arg(dir.path().join("registry"))
        .arg("init")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(!stdout.contains("initialized a Git repository"), "{stdout}");
    assert!(stdout.contains("added _site/ to .gitignore"), "{stdout}");
    assert!(!dir.path().join("registry/.git").exists());
    assert_eq!(
        fs::read_to_string(dir.path().join("registry/.gitignore")).unwrap(),
        "*.log\n_site/\n"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join(".gitignore")).unwrap(),
        "target"
    );
}

#[test]
fn init_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("teams.toml"), "# mine\n").unwrap();
    let out = milepost()
        .arg("-C")
        .arg(dir.path())
        .arg("init")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("teams.toml already exists"), "{stderr}");
    assert_eq!(
        fs::read_to_string(dir.path().join("teams.toml")).unwrap(),
        "# mine\n"
    );
    // Nothing else was written either.
    assert!(!dir.path().join("milepost.toml").exists());
}
