use super::*;

fn fetch(rev: &str, shallow: bool) -> String {
    let remotes = ["upstream".to_string(), "origin".to_string()];
    fetch_command_for(rev, &remotes, "origin", shallow)
}

#[test]
fn fetch_hints_create_the_ref_that_was_asked_for() {
    assert_eq!(
        fetch("origin/main", false),
        "git fetch origin main:refs/remotes/origin/main"
    );
    assert_eq!(
        fetch("refs/remotes/upstream/release/2.x", false),
        "git fetch upstream release/2.x:refs/remotes/upstream/release/2.x"
    );
    assert_eq!(fetch("main", true), "git fetch origin main:refs/heads/main");
    assert_eq!(
        fetch("refs/heads/main", false),
        "git fetch origin main:refs/heads/main"
    );
    assert_eq!(fetch("refs/tags/v1.2", false), "git fetch origin tag v1.2");
    let sha = "0123456789abcdef0123456789abcdef01234567";
    assert_eq!(fetch(sha, true), format!("git fetch origin {sha}"));
    // A short id cannot be fetched by itself: it is taken for a branch name.
    assert_eq!(
        fetch("0123456", false),
        "git fetch origin 0123456:refs/heads/0123456"
    );
    // A remote that is not configured is a branch of the default one.
    assert_eq!(
        fetch("fork/main", false),
        "git fetch origin fork/main:refs/heads/fork/main"
    );
}

#[test]
fn revisions_that_name_no_ref_get_the_whole_history_hint() {
    assert_eq!(fetch("HEAD~3", true), "git fetch --unshallow");
    assert_eq!(fetch("HEAD~3", false), "git fetch origin");
    assert_eq!(fetch("main@{1}", false), "git fetch origin");
    assert_eq!(fetch("", true), "git fetch --unshallow");
}

#[test]
fn messages_say_what_is_missing_and_how_to_get_it() {
    let unknown = GitError::UnknownRevision {
        rev: "origin/main".to_string(),
        fetch: Some("git fetch origin main:refs/remotes/origin/main".to_string()),
    };
    assert_eq!(
        unknown.to_string(),
        "unknown revision `origin/main`: it is not in this clone; fetch it with `git fetch origin main:refs/remotes/origin/main` (in GitHub Actions, check out with `actions/checkout` and `fetch-depth: 0`)"
    );
    let shallow = GitError::Shallow {
        commit: "0123456789".to_string(),
    };
    assert!(shallow.to_string().contains("shallow clone"));
    assert!(shallow.to_string().contains("`git fetch --unshallow`"));
    assert!(shallow.to_string().contains("`fetch-depth: 0`"));
}
