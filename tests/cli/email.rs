//! `announce --format email`, read back by a real parser (Python's `email`
//! package, strict policy): the headers are exactly the ones milepost
//! meant, whatever the release's title, the product's name or the notes hold.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::Value;

use crate::repo::{ALICE, BOB, TestRepo};

const NOW: &str = "2024-07-01T00:00:00Z";
const ADDRESSES: &str = "\n[announce.customers]\nfrom = \"Fixture Releases <releases@fixture.example>\"\nto = [\"customers@lists.fixture.example\"]\n\n[announce.internal]\nto = [\"team@fixture.example\", \"Support <support@fixture.example>\"]\n";

fn deployed() -> TestRepo {
    let repo = TestRepo::new("");
    let settings = std::fs::read_to_string(repo.registry().join("milepost.toml")).unwrap();
    repo.write("milepost.toml", &format!("{settings}{ADDRESSES}"));
    repo.commit(ALICE, "2024-06-01T09:00:00Z", "Announcement addresses");
    repo.deploy("uat", "1.0.0", None, ALICE, "2024-06-02T10:00:00Z");
    repo.deploy("prod", "1.0.0", None, BOB, "2024-06-03T11:00:00Z");
    repo
}

fn email(repo: &TestRepo, extra: &[&str]) -> (i32, Vec<u8>, String) {
    let mut args = vec!["announce", "1.0.0", "--format", "email", "--now", NOW];
    if !extra.contains(&"--audience") {
        args.extend(["--audience", "customers"]);
    }
    args.extend_from_slice(extra);
    let out = repo.milepost(&args);
    (
        out.status.code().unwrap(),
        out.stdout,
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// The message as Python's strict parser reads it; panics on any defect.
pub fn parsed(message: &[u8]) -> Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cli/email/parse.py");
    let mut child = Command::new("python3")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(message).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "the parser refused the message: {}\n{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(message)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn header_names(json: &Value) -> Vec<String> {
    json["headers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h[0].as_str().unwrap().to_string())
        .collect()
}

fn header(json: &Value, name: &str) -> String {
    json["headers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h[0] == name)
        .map(|h| h[1].as_str().unwrap().to_string())
        .unwrap_or_else(|| panic!("no {name} header"))
}

const EXPECTED_HEADERS: [&str; 7] = [
    "From",
    "To",
    "Subject",
    "Date",
    "Message-ID",
    "MIME-Version",
    "Content-Type",
];

#[track_caller]
fn assert_exact_headers(json: &Value) {
    let mut names = header_names(json);
    names.sort();
    let mut expected = EXPECTED_HEADERS.map(String::from).to_vec();
    expected.sort();
    assert_eq!(names, expected, "{json:#}");
    assert!(
        json["longest_header_line"].as_u64().unwrap() <= 78,
        "{json:#}"
    );
    assert!(
        json["longest_encoded_word"].as_u64().unwrap() <= 75,
        "{json:#}"
    );
    assert_eq!(json["ascii"], true);
    assert_eq!(json["multipart"], "multipart/alternative");
}

#[test]
fn the_message_has_the_configured_addresses_and_valid_headers() {
    let repo = deployed();
    let checked = repo.milepost(&["check", "--now", NOW]);
    assert_eq!(checked.status.code(), Some(0), "{checked:?}");
    let (code, out, err) = email(&repo, &[]);
    assert_eq!(code, 0, "{err}");
    let json = parsed(&out);
    assert_exact_headers(&json);
    assert_eq!(
        header(&json, "From"),
        "Fixture Releases <releases@fixture.example>"
    );
    assert_eq!(header(&json, "To"), "customers@lists.fixture.example");
    assert_eq!(header(&json, "Subject"), "Fixture Cloud 1.0.0: First");
    assert_eq!(header(&json, "Date"), "Mon, 01 Jul 2024 00:00:00 +0000");
    assert_eq!(
        json["message_id"],
        "<milepost.customers.1.0.0.1719792000@releases.fixture.example>"
    );
    let parts = json["parts"].as_array().unwrap();
    assert_eq!(parts.len(), 2);
    assert_eq!(parts[0]["type"], "text/plain");
    assert!(
        parts[0]["content"]
            .as_str()
            .unwrap()
            .starts_with("# Fixture Cloud 1.0.0: First\n")
    );
    assert_eq!(parts[1]["type"], "text/html");
    assert!(
        parts[1]["content"]
            .as_str()
            .unwrap()
            .contains("<h1 id=\"fixture-cloud-1-0-0-first\">")
    );

    let (code, out, err) = email(&repo, &["--audience", "internal"]);
    assert_eq!(code, 0, "{err}");
    let json = parsed(&out);
    assert_exact_headers(&json);
    // No sender configured for the team: the site's host.
    assert_eq!(
        header(&json, "From"),
        "Fixture Cloud <releases@releases.fixture.example>"
    );
    assert_eq!(
        header(&json, "To"),
        "team@fixture.example, Support <support@fixture.example>"
    );
}

#[test]
fn flags_name_the_addresses_and_bad_ones_are_refused() {
    let repo = deployed();
    let (code, out, _) = email(
        &repo,
        &[
            "--from",
            "ops@fixture.example",
            "--to",
            "a@x.example",
            "--to",
            "B <b@x.example>",
        ],
    );
    assert_eq!(code, 0);
    let json = parsed(&out);
    assert_eq!(header(&json, "From"), "ops@fixture.example");
    assert_eq!(header(&json, "To"), "a@x.example, B <b@x.example>");
    for bad in [
        "a@x.example>, victim@evil.example",
        "a@x.example\r\nBcc: victim@evil.example",
        "Na\"me <a@x.example>",
        "not an address",
    ] {
        let (code, out, err) = email(&repo, &["--to", bad]);
        assert_eq!((code, out.as_slice()), (2, b"".as_slice()), "{bad:?}");
        assert!(err.contains("is not an e-mail address"), "{err}");
    }
}

#[test]
fn check_refuses_addresses_that_are_not_addresses() {
    let repo = deployed();
    let settings = std::fs::read_to_string(repo.registry().join("milepost.toml")).unwrap();
    repo.write(
        "milepost.toml",
        &settings.replace(
            "\"customers@lists.fixture.example\"",
            "\"a@x.example>, victim@evil.example\", \"b@x.example\\r\\nBcc: v@evil.example\"",
        ),
    );
    let out = repo.milepost(&["check", "--format", "json", "--now", NOW]);
    assert_eq!(out.status.code(), Some(1));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<&str> = json["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"schema") && codes.contains(&"control-character"),
        "{json:#}"
    );
}

#[test]
fn without_recipients_it_says_so() {
    let repo = TestRepo::new("");
    repo.deploy("uat", "1.0.0", None, ALICE, "2024-06-02T10:00:00Z");
    repo.deploy("prod", "1.0.0", None, BOB, "2024-06-03T11:00:00Z");
    let (code, out, err) = email(&repo, &[]);
    assert_eq!((code, out.as_slice()), (2, b"".as_slice()));
    assert_eq!(
        err,
        "error: the e-mail has no recipients: set `to = [\"...\"]` under [announce.customers] in milepost.toml, or pass --to ADDRESS\n"
    );
}

#[test]
fn line_breaks_in_titles_and_names_never_become_headers() {
    let repo = deployed();
    let settings = std::fs::read_to_string(repo.registry().join("milepost.toml")).unwrap();
    repo.write(
        "milepost.toml",
        &settings.replace(
            "name = \"Fixture Cloud\"",
            "name = \"Fixture\\r\\nBcc: victim@evil.example\\r\\nX-Injected: 1\"",
        ),
    );
    let release =
        std::fs::read_to_string(repo.registry().join("releases/1.0.0/release.toml")).unwrap();
    repo.write(
        "releases/1.0.0/release.toml",
        &release.replace(
            "\"First\"",
            "\"First\\nBcc: victim2@evil.example\\r\\n\\r\\nbody\"",
        ),
    );
    // `announce` refuses a registry with errors: nobody is told anything
    // that `check` would not pass.
    for audience in ["customers", "internal"] {
        let (code, out, err) = email(&repo, &["--audience", audience]);
        assert_eq!(code, 1, "{err}");
        assert!(out.is_empty());
        assert!(err.contains("error[control-character]"), "{err}");
        assert!(
            err.ends_with(
                "error: not announced: the registry has errors (`milepost check` shows them)\n"
            ),
            "{err}"
        );
    }
    // And should such text reach the e-mail writer anyway, it stays text.
    use milepost::announce::{Reader, Request, compose, email as write_email, envelope, site_host};
    let checked = milepost::check_registry(&repo.registry());
    let git = milepost::git::GitRepo::discover(&repo.registry()).unwrap();
    let history = milepost::history::load(&git, &Default::default(), &mut |_, _| {}).unwrap();
    let renderer = milepost::site::Renderer::new(&[]).unwrap();
    let now: jiff::Timestamp = NOW.parse().unwrap();
    let meta = milepost::site::SiteMeta::new(&checked.registry);
    let host = site_host(&meta.site.base_url);
    for reader in [Reader::Customers, Reader::Internal] {
        let request = Request {
            version: "1.0.0",
            reader,
            now,
            draft: false,
        };
        let announcement = compose(&checked.registry, &history, &renderer, &request).unwrap();
        let settings = checked.registry.settings.as_ref().map(|s| &s.data);
        let envelope = envelope(settings, reader, (None, &[]), &host).unwrap();
        let message = write_email(&announcement, &envelope, reader, now, &host);
        let json = parsed(message.as_bytes());
        assert_exact_headers(&json);
        let subject = header(&json, "Subject");
        assert!(
            !subject.contains('\n') && !subject.contains('\r'),
            "{subject:?}"
        );
        assert!(
            subject.contains("Bcc: victim2@evil.example"),
            "kept as text: {subject}"
        );
    }
}

#[test]
fn a_long_non_ascii_title_is_folded_into_short_encoded_words() {
    let repo = deployed();
    let title = "Déploiement — ".repeat(22); // ~300 characters, most of them not ASCII
    let release =
        std::fs::read_to_string(repo.registry().join("releases/1.0.0/release.toml")).unwrap();
    repo.write(
        "releases/1.0.0/release.toml",
        &release.replace("\"First\"", &format!("\"{}\"", title.trim_end())),
    );
    let (code, out, err) = email(&repo, &[]);
    assert_eq!(code, 0, "{err}");
    let json = parsed(&out);
    assert_exact_headers(&json);
    assert_eq!(
        header(&json, "Subject"),
        format!("Fixture Cloud 1.0.0: {}", title.trim_end())
    );
}

#[test]
fn notes_cannot_add_a_mime_part() {
    let repo = deployed();
    // Whatever boundary the notes guess, they stay text of the first part.
    let mut notes = String::from("Release notes.\n\n");
    for guess in ["milepost-customers-1719792000", "_", "=_boundary", ""] {
        notes.push_str(&format!(
            "--{guess}\r\nContent-Type: text/html\r\n\r\n<script>alert(1)</script>\r\n--{guess}--\r\n"
        ));
    }
    repo.write("releases/1.0.0/notes.md", &notes);
    let (code, out, err) = email(&repo, &[]);
    assert_eq!(code, 0, "{err}");
    let json = parsed(&out);
    let parts = json["parts"].as_array().unwrap();
    assert_eq!(parts.len(), 2, "{json:#}");
    assert!(
        parts[0]["content"]
            .as_str()
            .unwrap()
            .contains("<script>alert(1)</script>")
    );
    assert!(!parts[1]["content"].as_str().unwrap().contains("<script>"));
}
