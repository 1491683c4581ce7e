//! Editing commands run side by side (two people, a script, CI): each one
//! either lands or fails loudly; none is lost to another.

use std::process::{Command, Stdio};

use crate::support::RegistryTest;

const NOW: &str = "2024-06-20T00:00:00Z";
const PEOPLE: usize = 12;

fn registry_with_people() -> RegistryTest {
    let test = RegistryTest::new("base");
    let mut teams = String::from(
        "[teams.ops]\nname = \"Operations\"\n\n[teams.platform]\nname = \"Platform\"\n\n[people.alice]\nname = \"Alice Ng\"\nemail = \"alice@fixture.example\"\nteams = [\"platform\"]\n",
    );
    for i in 0..PEOPLE {
        teams.push_str(&format!(
            "\n[people.p{i}]\nname = \"Person {i}\"\nteams = [\"ops\"]\n"
        ));
    }
    test.write("teams.toml", teams);
    test
}

/// Starts every command at once, then waits for all: (exit code, stdout, stderr).
fn all_at_once(test: &RegistryTest, commands: &[Vec<String>]) -> Vec<(i32, String, String)> {
    let children: Vec<_> = commands
        .iter()
        .map(|args| {
            Command::new(env!("CARGO_BIN_EXE_milepost"))
                .arg("-C")
                .arg(test.path())
                .args(args)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    children
        .into_iter()
        .map(|child| {
            let out = child.wait_with_output().unwrap();
            (
                out.status.code().unwrap(),
                String::from_utf8(out.stdout).unwrap(),
                String::from_utf8(out.stderr).unwrap(),
            )
        })
        .collect()
}

#[test]
fn approvals_given_at_the_same_time_all_land() {
    let test = registry_with_people();
    let commands: Vec<Vec<String>> = (0..PEOPLE)
        .map(|i| {
            ["approve", "1.1.0", "--by", &format!("p{i}"), "--now", NOW]
                .map(String::from)
                .to_vec()
        })
        .collect();
    let results = all_at_once(&test, &commands);
    let text = std::fs::read_to_string(test.path().join("releases/1.1.0/release.toml")).unwrap();
    let recorded: Vec<usize> = (0..PEOPLE)
        .filter(|i| text.contains(&format!("by = \"p{i}\"")))
        .collect();
    for (i, (code, out, err)) in results.iter().enumerate() {
        // Every call that says it approved is in the file; none is lost.
        if *code == 0 {
            assert!(out.contains("approved"), "{out}");
            assert!(
                recorded.contains(&i),
                "p{i} was told it approved, but it is not in the file:\n{text}"
            );
        } else {
            assert!(err.contains("error"), "p{i} failed without a word");
        }
    }
    // With the lock they all wait their turn and land.
    assert_eq!(recorded.len(), PEOPLE, "{results:#?}\n{text}");
    assert!(text.parse::<toml_edit::DocumentMut>().is_ok());
}

#[test]
fn a_release_created_twice_at_once_exists_once() {
    let test = registry_with_people();
    let commands: Vec<Vec<String>> = (0..6)
        .map(|i| {
            [
                "new",
                "3.0.0",
                "--owner",
                "alice",
                "--title",
                &format!("Take {i}"),
            ]
            .map(String::from)
            .to_vec()
        })
        .collect();
    let results = all_at_once(&test, &commands);
    let created = results.iter().filter(|r| r.0 == 0).count();
    assert_eq!(created, 1, "{results:#?}");
    for (code, _, err) in &results {
        if *code != 0 {
            assert!(err.contains("already exists"), "{err}");
        }
    }
    let leftovers: Vec<_> = std::fs::read_dir(test.path().join("releases"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
