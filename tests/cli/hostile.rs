//! Hostile text in the registry and its history: control characters,
//! CR/LF, escape sequences, `javascript:` addresses, characters XML forbids,
//! templates that reach for secrets, folders linked out of the registry.
//! `check` refuses them where they are written, and every output escapes
//! them anyway.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::repo::{ALICE, BOB, TestRepo};
use crate::support::RegistryTest;

const NOW: &str = "2024-07-01T00:00:00Z";
const ESC: char = '\u{1b}';

/// uat and prod run 1.0.0; uat also 1.1.0.
fn deployed() -> TestRepo {
    let repo = TestRepo::new("");
    repo.deploy("uat", "1.0.0", None, ALICE, "2024-06-02T10:00:00Z");
    repo.deploy("prod", "1.0.0", None, BOB, "2024-06-03T11:00:00Z");
    repo.deploy("uat", "1.1.0", None, ALICE, "2024-06-04T10:00:00Z");
    repo
}

fn build(repo: &TestRepo, out: &Path) -> std::process::Output {
    repo.milepost(&["build", "--out", out.to_str().unwrap(), "--now", NOW])
}

/// Whether Python's XML parser (expat, which enforces XML 1.0) accepts the file.
fn well_formed_xml(path: &Path) -> Result<(), String> {
    let out = Command::new("python3")
        .args([
            "-c",
            "import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])",
        ])
        .arg(path)
        .output()
        .unwrap();
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

// ---- one-line fields ------------------------------------------------------------

#[test]
fn control_characters_in_one_line_fields_are_located_errors() {
    let test = RegistryTest::new("base");
    test.write(
        "milepost.toml",
        fs::read_to_string(test.path().join("milepost.toml"))
            .unwrap()
            .replace(
                "\"Fixture Cloud\"",
                "\"Fixture\\r\\nBcc: victim@evil.example\"",
            ),
    );
    test.write(
        "releases/1.0.0/release.toml",
        fs::read_to_string(test.path().join("releases/1.0.0/release.toml"))
            .unwrap()
            .replace("\"First\"", "\"First\\u001b[2J\"")
            .replace("\"Everything\"", "\"Every\\u0001thing\""),
    );
    test.write(
        "teams.toml",
        fs::read_to_string(test.path().join("teams.toml"))
            .unwrap()
            .replace("\"Bob Stone\"", "\"Bob\\tStone\\u2028\""),
    );
    test.write(
        "environments/prod.toml",
        "name = \"Prod\\u007f\"\ntier = \"production\"\nrelease = \"1.0.0\"\n",
    );
    let run = test.check();
    run.assert_errors(&[
        "environments/prod.toml:1:8 control-character",
        "milepost.toml:2:8 control-character",
        "releases/1.0.0/release.toml:2:9 control-character",
        "releases/1.0.0/release.toml:10:11 control-character",
        "teams.toml:13:8 control-character",
    ]);
    assert!(
        run.messages()
            .iter()
            .any(|m| m == "`product.name` holds the control character U+000D; it must be one line of plain text"),
        "{:?}",
        run.messages()
    );
    let explained = test
        .cmd()
        .args(["explain", "control-character"])
        .output()
        .unwrap();
    assert_eq!(explained.status.code(), Some(0));
    assert!(
        String::from_utf8(explained.stdout)
            .unwrap()
            .contains("e-mail")
    );
}

// ---- terminal -------------------------------------------------------------------

#[test]
fn names_and_authors_cannot_drive_the_terminal() {
    let repo = deployed();
    let eve = "Eve\u{1b}[2J\u{1b}]0;pwned\u{7} <eve@evil.example>";
    repo.deploy("uat", "1.0.0", None, eve, "2024-06-05T10:00:00Z");
    // A release title with an escape, written raw in a past commit's
    // environment file, and as an escape in a release file now.
    repo.write(
        "releases/1.1.0/release.toml",
        &fs::read_to_string(repo.registry().join("releases/1.1.0/release.toml"))
            .unwrap()
            .replace("\"Faster exports\"", "\"Faster\\u001b[31m exports\""),
    );
    for args in [
        vec!["status", "--now", NOW],
        vec!["history"],
        vec!["diff", "uat", "prod"],
        vec!["check", "--now", NOW],
    ] {
        let out = repo.milepost(&args);
        let stdout = String::from_utf8(out.stdout).unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        for (name, text) in [("stdout", &stdout), ("stderr", &stderr)] {
            assert!(
                !text.contains(ESC) && !text.contains('\u{7}'),
                "{args:?} {name} sends an escape sequence: {text:?}"
            );
        }
        if args[0] == "history" {
            assert!(stdout.contains("Eve\\u{1b}[2J"), "{stdout}");
        }
    }
}

#[test]
fn a_raw_escape_in_a_file_is_shown_not_sent() {
    let test = RegistryTest::new("base");
    // Raw control characters are a TOML syntax error: the diagnostic shows the line.
    test.write(
        "releases/1.0.0/release.toml",
        "version = \"1.0.0\"\ntitle = \"First\u{1b}[2J\"\n",
    );
    let (code, out) = test.check_human();
    assert_eq!(code, 1);
    assert!(!out.contains(ESC), "{out:?}");
    assert!(out.contains('\u{241b}'), "the escape is shown as ␛: {out}");
}

// ---- feeds and XML --------------------------------------------------------------

#[test]
fn characters_xml_forbids_never_reach_the_feeds() {
    let repo = deployed();
    repo.write(
        "releases/1.0.0/notes.md",
        "Bell \u{7}, form feed \u{c}, U+0001 \u{1} and U+FFFF \u{ffff}: all gone.\n",
    );
    repo.commit(ALICE, "2024-06-05T10:00:00Z", "Odd notes");
    let out = repo.path().join("site");
    let result = build(&repo, &out);
    assert_eq!(
        result.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    for xml in ["public/feed.xml", "public/sitemap.xml"] {
        well_formed_xml(&out.join(xml)).unwrap_or_else(|e| panic!("{xml}: {e}"));
    }
    let feed = fs::read_to_string(out.join("public/feed.xml")).unwrap();
    assert!(feed.contains("all gone."), "{feed}");
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("public/feed.json")).unwrap()).unwrap();
    assert!(
        json["items"][0]["content_html"]
            .as_str()
            .unwrap()
            .contains("all gone.")
    );
}

#[test]
fn a_title_with_a_control_character_stops_the_build() {
    let repo = deployed();
    let out = repo.path().join("site");
    assert_eq!(build(&repo, &out).status.code(), Some(0));
    let before = fs::read(out.join("public/feed.xml")).unwrap();
    repo.write(
        "releases/1.0.0/release.toml",
        &fs::read_to_string(repo.registry().join("releases/1.0.0/release.toml"))
            .unwrap()
            .replace("\"First\"", "\"First\\u0001\""),
    );
    let result = build(&repo, &out);
    assert_eq!(result.status.code(), Some(1));
    assert!(
        String::from_utf8(result.stderr)
            .unwrap()
            .contains("control-character")
    );
    assert_eq!(fs::read(out.join("public/feed.xml")).unwrap(), before);
    well_formed_xml(&out.join("public/feed.xml")).unwrap();
}

// ---- Markdown in change summaries and details -------------------------------------

/// The start tags of an HTML text, as written between `<` and `>` (text
/// holds `<` only escaped, so every `<` opens a tag).
fn start_tags(html: &str) -> Vec<String> {
    html.split('<')
        .skip(1)
        .filter(|t| !t.starts_with('/') && !t.starts_with('!'))
        .map(|t| t.split('>').next().unwrap_or(t).to_lowercase())
        .collect()
}

/// The attribute names of a start tag's text (`a href="x" title='y z'`):
/// quoted values are skipped, so that a value's words are not taken for names.
fn attribute_names(tag: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = tag.trim_start_matches(|c: char| !c.is_whitespace());
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
            .unwrap_or(rest.len());
        if end == 0 {
            break;
        }
        names.push(rest[..end].to_string());
        rest = rest[end..].trim_start();
        if let Some(value) = rest.strip_prefix('=') {
            let value = value.trim_start();
            rest = match value.chars().next() {
                Some(q @ ('"' | '\'')) => value[1..].split_once(q).map_or("", |(_, after)| after),
                _ => value
                    .split_once(char::is_whitespace)
                    .map_or("", |(_, after)| after),
            };
        }
    }
    names
}

#[test]
fn attribute_names_skip_quoted_values() {
    assert_eq!(
        attribute_names("td data-label=\"running on\" class='a onx' id=b hidden onclick=\"x\""),
        ["data-label", "class", "id", "hidden", "onclick"]
    );
}

/// No script element, no event handler, no `javascript:` address and no
/// `<a>` with `rel` but no `href` (invalid HTML) among the tags of `html`.
fn assert_harmless(name: &str, html: &str) {
    for tag in start_tags(html) {
        let tag_name = tag.split_whitespace().next().unwrap_or("");
        assert!(
            !["script", "iframe", "object", "embed"].contains(&tag_name),
            "{name}: <{tag}>"
        );
        for attr in attribute_names(&tag) {
            assert!(!attr.starts_with("on"), "{name}: <{tag}>");
        }
        assert!(!tag.contains("javascript:"), "{name}: <{tag}>");
        if tag_name == "a" {
            assert!(
                tag.contains("href=\"") || !tag.contains("rel="),
                "{name}: <{tag}>"
            );
        }
    }
}

const HOSTILE_CHANGES: &str = r#"version = "1.0.0"
title = "First"
status = "approved"
owner = "alice"
customer_facing = true

[[changes]]
kind = "added"
summary = '<script>alert(1)</script> in a summary'
details = '''
<script>alert(5)</script>

<img src=x onerror=alert(6)>

[x](javascript:alert(7)) <a href="javascript:alert(8)" hreflang="en">y</a>

- nested <b onmouseover=alert(9)>b</b>
  - `code` and <iframe src="javascript:alert(10)"></iframe>
'''

[[changes]]
kind = "fixed"
summary = '[click](javascript:alert(2)) and <img src=x onerror=alert(3)> ![i](javascript:alert(11))'

[[changes]]
kind = "fixed"
summary = '<a href="JAVASCRIPT:alert(4)">raw</a> <javascript:alert(12)> [y](&#106;avascript:alert(13))'

[[changes]]
kind = "security"
summary = '# Not a heading - <div onclick=alert(14)>x</div>'
audience = "internal"

[[approvals]]
by = "bob"
at = 2024-06-01T10:00:00Z
"#;

#[test]
fn markdown_in_changes_cannot_smuggle_script_into_any_page_or_feed() {
    let repo = deployed();
    repo.write("releases/1.0.0/release.toml", HOSTILE_CHANGES);
    repo.write("releases/1.0.0/notes.md", "Plain notes.\n");
    repo.commit(ALICE, "2024-06-05T10:00:00Z", "Hostile changes");
    let out = repo.path().join("site");
    let result = build(&repo, &out);
    assert_eq!(
        result.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    for site in ["public", "internal"] {
        for entry in walkdir::WalkDir::new(out.join(site)) {
            let entry = entry.unwrap();
            if entry.path().extension().is_some_and(|e| e == "html") {
                let html = fs::read_to_string(entry.path()).unwrap();
                assert_harmless(&entry.path().display().to_string(), &html);
            }
        }
    }
    // The changes are there, as text.
    let page = fs::read_to_string(out.join("public/releases/1.0.0/index.html")).unwrap();
    for item in [
        "<li>&lt;script&gt;alert(1)&lt;/script&gt; in a summary</li>",
        "<li><a href=\"#\">click</a> and &lt;img src=x onerror=alert(3)&gt; i</li>",
    ] {
        assert!(page.contains(item), "{page}");
    }
    let internal = fs::read_to_string(out.join("internal/releases/1.0.0/index.html")).unwrap();
    for text in [
        "<span class=\"tag\">Security</span> # Not a heading - &lt;div onclick=alert(14)&gt;x&lt;/div&gt;",
        "<p><a href=\"#\">x</a> <a>y</a></p>",
    ] {
        assert!(internal.contains(text), "{internal}");
    }
    // Both feeds: the Atom one stays well-formed XML, and the HTML each
    // carries is as harmless as the pages.
    well_formed_xml(&out.join("public/feed.xml")).unwrap();
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("public/feed.json")).unwrap()).unwrap();
    let content = json["items"][0]["content_html"].as_str().unwrap();
    assert!(content.contains("in a summary"), "{content}");
    assert_harmless("feed.json", content);
    let xml = fs::read(out.join("public/feed.xml")).unwrap();
    let feed = atom_syndication::Feed::read_from(&xml[..]).unwrap();
    let atom = feed.entries()[0].content().and_then(|c| c.value());
    assert_eq!(atom, Some(content));
}

#[test]
fn a_line_break_in_a_change_summary_stops_the_build() {
    let repo = deployed();
    let release = fs::read_to_string(repo.registry().join("releases/1.0.0/release.toml")).unwrap();
    let (head, tail) = release.split_once("[[approvals]]").unwrap();
    repo.write(
        "releases/1.0.0/release.toml",
        format!(
            "{head}[[changes]]\nkind = \"fixed\"\nsummary = \"One\\r\\n# Two\\u0007\"\n\n[[approvals]]{tail}"
        )
        .as_str(),
    );
    let out = repo.path().join("site");
    let result = build(&repo, &out);
    assert_eq!(result.status.code(), Some(1));
    let stderr = String::from_utf8(result.stderr).unwrap();
    assert!(stderr.contains("control-character"), "{stderr}");
    assert!(!out.join("public").exists());
}

// ---- addresses ------------------------------------------------------------------

#[test]
fn only_http_addresses_are_accepted() {
    let test = RegistryTest::new("base");
    test.write(
        "environments/prod.toml",
        "name = \"Production\"\ntier = \"production\"\nurl = \"javascript:alert(1)\"\nrelease = \"1.0.0\"\npublic = true\n",
    );
    test.write(
        "milepost.toml",
        fs::read_to_string(test.path().join("milepost.toml"))
            .unwrap()
            .replace(
                "\"https://releases.fixture.example/\"",
                "\"data:text/html,<script>alert(1)</script>\"",
            )
            .replace(
                "name = \"Fixture Cloud\"",
                "name = \"Fixture Cloud\"\nurl = \"JavaScript://%0Aalert(1)\"",
            ),
    );
    let run = test.check();
    run.assert_errors(&[
        "environments/prod.toml:3:7 url-scheme",
        "milepost.toml:3:7 url-scheme",
        "milepost.toml:7:12 url-scheme",
    ]);
    assert!(run.messages().iter().all(|m| m.contains("http or https")));
}

#[test]
fn a_template_cannot_link_to_javascript() {
    // A registry's own template that links a field milepost did not check
    // for a scheme: the web_url filter keeps it from becoming a link.
    let repo = deployed();
    repo.write(
        "site-templates/public/index.html",
        "{% extends \"builtin/public/index.html\" %}{% block content %}<a id=\"x\" href=\"{{ \"javascript:alert(1)\" | web_url }}\">x</a><a id=\"y\" href=\"{{ \"https://ok.example/\" | web_url }}\">y</a>{% endblock content %}",
    );
    let out = repo.path().join("site");
    let result = build(&repo, &out);
    assert_eq!(
        result.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let page = fs::read_to_string(out.join("public/index.html")).unwrap();
    assert!(page.contains("<a id=\"x\" href=\"\">"), "{page}");
    assert!(
        page.contains("<a id=\"y\" href=\"https://ok.example/\">"),
        "{page}"
    );
}

// ---- templates ------------------------------------------------------------------

#[test]
fn templates_cannot_read_the_environment() {
    let repo = deployed();
    repo.write(
        "site-templates/public/index.html",
        "{% extends \"builtin/public/index.html\" %}{% block content %}{{ get_env(name=\"SECRET_TOKEN\", default=\"\") }}{% endblock content %}",
    );
    let out = repo.path().join("site");
    let result = crate::support::milepost()
        .arg("-C")
        .arg(repo.registry())
        .args(["build", "--out"])
        .arg(&out)
        .args(["--now", NOW])
        .env("SECRET_TOKEN", "hunter2-ci-secret")
        .output()
        .unwrap();
    let stderr = String::from_utf8(result.stderr).unwrap();
    assert_eq!(result.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("`get_env` is disabled"), "{stderr}");
    assert!(
        !out.exists()
            || !fs::read_to_string(out.join("public/index.html"))
                .unwrap_or_default()
                .contains("hunter2")
    );
    // Includes name loaded templates only, never files.
    repo.write(
        "site-templates/public/index.html",
        "{% include \"/etc/passwd\" %}",
    );
    let result = build(&repo, &out);
    assert_eq!(result.status.code(), Some(1));
    assert!(!out.join("public/index.html").exists());
}

// ---- folders --------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn folders_linked_out_of_the_registry_are_refused() {
    let elsewhere = tempfile::tempdir().unwrap();
    let test = RegistryTest::new("base");
    for folder in ["releases", "incidents", "site-templates"] {
        let target = elsewhere.path().join(folder);
        fs::create_dir_all(&target).unwrap();
        let inside = test.path().join(folder);
        if inside.exists() {
            crate::support::copy_dir(&inside, &target);
            fs::remove_dir_all(&inside).unwrap();
        }
        if folder == "site-templates" {
            fs::write(target.join("secret.html"), "{{ 1 }}").unwrap();
        }
        std::os::unix::fs::symlink(&target, test.path().join(folder)).unwrap();
    }
    let run = test.check();
    let errors = run.errors();
    assert!(
        errors.contains(&"releases:1:1 symlink".to_string()),
        "{errors:?}"
    );
    assert!(
        errors.contains(&"incidents:1:1 symlink".to_string()),
        "{errors:?}"
    );
    let built = test.cmd().args(["build", "--now", NOW]).output().unwrap();
    assert_ne!(built.status.code(), Some(0));
    assert!(
        String::from_utf8(built.stderr)
            .unwrap()
            .contains("outside the registry")
    );
}
