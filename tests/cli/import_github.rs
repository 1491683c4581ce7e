//! `milepost import github-releases` on the JSON `gh` prints: every release
//! is imported or reported, internal text never reaches public output, and
//! the result passes `check`. The fixtures are an invented product's
//! releases, in the shapes GitHub and release-please write them.

use std::fs;
use std::path::{Path, PathBuf};

use crate::support::RegistryTest;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/github-releases")
        .join(name)
}

fn import(test: &RegistryTest, file: &Path, extra: &[&str]) -> (String, String) {
    import_exit(test, file, extra, 0)
}

fn import_exit(test: &RegistryTest, file: &Path, extra: &[&str], code: i32) -> (String, String) {
    let out = test
        .cmd()
        .args(["import", "github-releases"])
        .arg(file)
        .args(["--owner", "alice"])
        .args(extra)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(code),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn read(test: &RegistryTest, rel: &str) -> String {
    fs::read_to_string(test.path().join(rel)).unwrap()
}

/// `gh api repos/acme/ledgerline/releases --paginate`: two pages back to
/// back, the second repeating the last release of the first; a draft, a
/// pre-release, a `nightly` tag, generated notes with CRLF line endings,
/// release-please bodies, an empty body and one of prose only.
#[test]
fn rest_api_pages_import_every_release_or_report_it() {
    let test = RegistryTest::new("base");
    let file = fixture("releases.json");
    let at = file.display();
    let notes = format!(
        "note: {at}: release v2.2.0 (#1): a draft, never published: not imported, with its 2 entries\n\
         note: {at}: release v2.1.0-rc.1 (#3): a pre-release on GitHub: imported as 2.1.0-rc.1\n\
         note: {at}: release nightly (#4): tag `nightly` is not a version milepost can read; the release is not imported, with its 1 entries\n\
         note: {at}: release nightly (#5): the same release as #4, which is read once\n\
         note: {at}: release 1.8 (#9): tag 1.8 is read as version 1.8.0\n"
    );
    let (stdout, stderr) = import_exit(&test, &file, &["--dry-run"], 1);
    assert_eq!(
        stdout,
        "13 of 14 entries would be imported from 6 of 7 releases; 1 reported; 1 draft (2 entries) not imported\n"
    );
    assert_eq!(
        stderr,
        format!(
            "{notes}error: 1 entries not imported, so nothing was written; the notes above say why (--partial to import the rest)\n"
        )
    );
    // The entry of `nightly` is left out, so nothing is written without --partial.
    import_exit(&test, &file, &[], 1);
    assert_eq!(
        fs::read_dir(test.path().join("releases")).unwrap().count(),
        2
    );
    let (stdout, stderr) = import(&test, &file, &["--partial"]);
    assert_eq!(
        stdout,
        "13 of 14 entries imported from 6 of 7 releases; 1 reported; 1 draft (2 entries) not imported\n"
    );
    assert_eq!(stderr, notes);
    test.check().assert_errors(&[]).assert_warnings(&[]);
    let mut folders: Vec<String> = fs::read_dir(test.path().join("releases"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    folders.sort();
    assert_eq!(
        folders,
        [
            "1.0.0",
            "1.1.0",
            "1.8.0",
            "1.9.0",
            "2.0.0",
            "2.0.1",
            "2.1.0",
            "2.1.0-rc.1"
        ]
    );
    // release-please: the heading that repeats the version is left out, LF kept.
    assert_eq!(
        read(&test, "releases/2.0.1/release.toml"),
        "version = \"2.0.1\"\ntitle = \"Release 2.0.1\"\nstatus = \"approved\"\nowner = \"alice\"\n\
         planned = 2024-05-14\ncustomer_facing = true\npublish_at = 2024-05-14T16:05:31Z\n\n\
         [[changes]]\nkind = \"fixed\"\nsummary = \"**pdf:** embed the fonts so that invoices print the same everywhere ([#281](https://github.com/acme/ledgerline/issues/281)) ([4e5f6a7](https://github.com/acme/ledgerline/commit/4e5f6a7b8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5))\"\n\n\
         [[changes]]\nkind = \"fixed\"\nsummary = \"**api:** return 404, not 500, for a deleted customer ([#283](https://github.com/acme/ledgerline/issues/283)) ([9a8b7c6](https://github.com/acme/ledgerline/commit/9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b))\"\n"
    );
    assert_eq!(
        read(&test, "releases/2.0.1/notes.md"),
        "### Bug Fixes\n\n\
         * **pdf:** embed the fonts so that invoices print the same everywhere ([#281](https://github.com/acme/ledgerline/issues/281)) ([4e5f6a7](https://github.com/acme/ledgerline/commit/4e5f6a7b8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5))\n\
         * **api:** return 404, not 500, for a deleted customer ([#283](https://github.com/acme/ledgerline/issues/283)) ([9a8b7c6](https://github.com/acme/ledgerline/commit/9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b))\n"
    );
    assert_eq!(
        read(&test, "releases/2.0.1/deploy.md"),
        "# Deploying 2.0.1\n\n## Steps\n\nNot recorded: imported from GitHub Releases, https://github.com/acme/ledgerline/releases/tag/v2.0.1.\n\n\
         ## Rollback\n\nNot recorded: imported from GitHub Releases, https://github.com/acme/ledgerline/releases/tag/v2.0.1.\n\n\
         ## Verification\n\nNot recorded: imported from GitHub Releases, https://github.com/acme/ledgerline/releases/tag/v2.0.1.\n"
    );
    // Generated notes: CRLF made LF, the comments and the Chores left out,
    // the name's title taken, the day of published_at in UTC.
    let release = read(&test, "releases/2.1.0/release.toml");
    assert!(
        release.starts_with(
            "version = \"2.1.0\"\ntitle = \"Multi-currency invoices\"\nstatus = \"approved\"\nowner = \"alice\"\n\
             planned = 2024-06-03\ncustomer_facing = true\npublish_at = 2024-06-03T23:30:12Z\n"
        ),
        "{release}"
    );
    let kinds: Vec<&str> = release
        .lines()
        .filter_map(|l| l.strip_prefix("kind = "))
        .collect();
    assert_eq!(
        kinds,
        [
            "\"added\"",
            "\"added\"",
            "\"fixed\"",
            "\"changed\"",
            "\"changed\""
        ]
    );
    assert!(
        release.contains("summary = \"CANARY-GH-CHORE bump billing-sdk from 4.2.0 to 4.3.1 by @dependabot in https://github.com/acme/ledgerline/pull/293\"\naudience = \"internal\"\n"),
        "{release}"
    );
    assert_eq!(
        read(&test, "releases/2.1.0/notes.md"),
        "Invoices can now be issued in any of 30 currencies. Thanks @mira-ledger!\n\n\
         ![Invoice in EUR and USD](https://github.com/user-attachments/assets/6f1c2a9e-0b7d-4e4c-9a51-3d2f1e0c7b88)\n\n\
         ## What's Changed\n\
         ### 🎉 Features\n\
         * Multi-currency invoices by @mira-ledger in https://github.com/acme/ledgerline/pull/288\n\
         * Show the exchange rate on the PDF by @joost-v in https://github.com/acme/ledgerline/pull/290\n\
         ### 🐛 Bug Fixes\n\
         * Round VAT per line, not per invoice by @sam-k in https://github.com/acme/ledgerline/pull/292\n\n\
         ## New Contributors\n\
         * @sam-k made their first contribution in https://github.com/acme/ledgerline/pull/292\n\n\
         **Full Changelog**: https://github.com/acme/ledgerline/compare/v2.0.1...v2.1.0\n"
    );
    let breaking = read(&test, "releases/2.0.0/release.toml");
    assert!(
        breaking.contains("summary = \"Breaking: **api:** invoice amounts are integers in minor units ([#260](https://github.com/acme/ledgerline/issues/260))\"\n"),
        "{breaking}"
    );
    assert!(!read(&test, "releases/2.0.0/notes.md").contains("CANARY"));
    let rc = read(&test, "releases/2.1.0-rc.1/release.toml");
    assert!(
        rc.starts_with(
            "version = \"2.1.0-rc.1\"\ntitle = \"Release 2.1.0-rc.1\"\nstatus = \"approved\"\n"
        ),
        "{rc}"
    );
    assert_eq!(
        read(&test, "releases/1.9.0/notes.md"),
        "Imported from GitHub Releases, where this release has no text.\n"
    );
    assert_eq!(
        read(&test, "releases/1.8.0/notes.md"),
        "Maintenance release: the service now runs on the Debian 12 base image.\nNo change in behaviour.\n"
    );
    assert!(
        read(&test, "releases/1.8.0/release.toml").contains("title = \"Base image refresh\"\n")
    );
    for folder in &folders {
        for name in ["release.toml", "notes.md", "deploy.md"] {
            let text = read(&test, &format!("releases/{folder}/{name}"));
            assert!(!text.contains('\r'), "{folder}/{name}");
            assert!(!text.contains("CANARY-GH-COMMENT"), "{folder}/{name}");
            assert!(!text.contains("CANARY-GH-DRAFT"), "{folder}/{name}");
        }
    }
}

#[test]
fn importing_the_same_file_again_changes_nothing() {
    let test = RegistryTest::new("base");
    let file = fixture("releases.json");
    import(&test, &file, &["--partial"]);
    let before = crate::support::tree(&test.path().join("releases"));
    let (again, stderr) = import(&test, &file, &["--partial"]);
    assert_eq!(
        again,
        "0 of 14 entries imported from 0 of 7 releases; 1 reported; 6 releases (13 entries) were imported before and are unchanged; 1 draft (2 entries) not imported\n"
    );
    assert!(!stderr.contains("exists already"), "{stderr}");
    assert_eq!(crate::support::tree(&test.path().join("releases")), before);
    // A release edited since is the user's: left alone, and said.
    test.write("releases/2.0.1/notes.md", "Fonts, as support wrote it.\n");
    let (stdout, stderr) = import_exit(&test, &file, &[], 1);
    assert_eq!(
        stdout,
        "0 of 14 entries would be imported from 0 of 7 releases; 3 reported; 5 releases (11 entries) were imported before and are unchanged; 1 draft (2 entries) not imported\n"
    );
    assert!(
        stderr.contains(": release v2.0.1 (#6): releases/2.0.1 exists already and differs; left as it is, with its 2 entries\n"),
        "{stderr}"
    );
}

/// Internal sections, HTML comments and drafts are work customers never
/// see: their text must not reach notes.md, the public site, its feeds or a
/// customer announcement.
#[test]
fn internal_text_never_reaches_public_output() {
    use crate::repo::{ALICE, BOB, TestRepo};
    const NOW: &str = "2024-07-01T00:00:00Z";
    let canaries = [
        "CANARY-GH-CHORE",
        "CANARY-GH-COMMENT",
        "CANARY-GH-MISC",
        "CANARY-GH-DRAFT",
    ];
    let repo = TestRepo::new("");
    let file = fixture("releases.json");
    let out = repo.milepost(&[
        "import",
        "github-releases",
        file.to_str().unwrap(),
        "--owner",
        "alice",
        "--partial",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    repo.commit(ALICE, "2024-06-05T09:00:00Z", "Import");
    repo.deploy("uat", "2.0.0", None, ALICE, "2024-06-05T10:00:00Z");
    repo.deploy("prod", "2.0.0", None, BOB, "2024-06-07T11:00:00Z");
    repo.deploy("uat", "2.1.0", None, ALICE, "2024-06-08T10:00:00Z");
    repo.deploy("prod", "2.1.0", None, BOB, "2024-06-10T11:00:00Z");
    let site = repo.path().join("site");
    let built = repo.milepost(&["build", "--out", site.to_str().unwrap(), "--now", NOW]);
    assert_eq!(
        built.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let public = site.join("public");
    assert!(public.join("releases/2.1.0/index.html").is_file());
    assert!(public.join("releases/2.0.0/index.html").is_file());
    crate::import::assert_no_canary_in(&public, &canaries);
    for (version, public_text) in [
        ("2.1.0", "Round VAT per line"),
        ("2.0.0", "customer portal with payment links"),
    ] {
        let announce =
            repo.milepost(&["announce", version, "--audience", "customers", "--now", NOW]);
        assert_eq!(
            announce.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&announce.stderr)
        );
        let text = String::from_utf8(announce.stdout).unwrap();
        assert!(text.contains(public_text), "{text}");
        for canary in canaries {
            assert!(
                !text.contains(canary),
                "the announcement of {version} contains {canary}"
            );
        }
    }
    // The canaries are real: the internal site shows the internal changes.
    let internal = fs::read_to_string(site.join("internal/releases/2.1.0/index.html")).unwrap();
    assert!(internal.contains("CANARY-GH-CHORE"), "{internal}");
    let internal = fs::read_to_string(site.join("internal/releases/2.0.0/index.html")).unwrap();
    assert!(internal.contains("CANARY-GH-MISC"), "{internal}");
}

/// `gh release list --json tagName,name,isDraft,isPrerelease,publishedAt,createdAt,isLatest`:
/// no bodies, and `0001-01-01T00:00:00Z` for a draft's publishedAt.
#[test]
fn the_release_list_shape_imports_without_text() {
    let test = RegistryTest::new("base");
    let file = fixture("release-list.json");
    let (stdout, stderr) = import(&test, &file, &[]);
    assert_eq!(
        stdout,
        "0 of 0 entries imported from 3 of 3 releases; 0 reported; 1 draft (0 entries) not imported\n"
    );
    let at = file.display();
    assert_eq!(
        stderr,
        format!(
            "note: {at}: the file holds no release texts (`gh release list` prints none), so each notes.md says it was imported without its text; `gh api repos/OWNER/REPO/releases --paginate` includes them\n\
             note: {at}: release v2.2.0 (#1): a draft, never published: not imported, with its 0 entries\n\
             note: {at}: release v2.1.0-rc.1 (#3): a pre-release on GitHub: imported as 2.1.0-rc.1\n"
        )
    );
    assert_eq!(
        read(&test, "releases/2.1.0/release.toml"),
        "version = \"2.1.0\"\ntitle = \"Multi-currency invoices\"\nstatus = \"approved\"\nowner = \"alice\"\n\
         planned = 2024-06-03\ncustomer_facing = true\npublish_at = 2024-06-03T23:30:12Z\n"
    );
    assert_eq!(
        read(&test, "releases/2.1.0/notes.md"),
        "Imported from GitHub Releases without its text (the file did not include it).\n"
    );
    let deploy = read(&test, "releases/2.1.0/deploy.md");
    assert!(
        deploy.contains(&format!(
            "Not recorded: imported from {at} (release v2.1.0).\n"
        )),
        "{deploy}"
    );
    assert!(!test.path().join("releases/2.2.0").exists());
    test.check().assert_errors(&[]).assert_warnings(&[]);
}

/// A team that moved from `3.1.0` to `v3.1.0` tags has two releases of one
/// version: one release, with the changes and text of both.
#[test]
fn two_releases_of_one_version_are_merged() {
    let test = RegistryTest::new("base");
    let file = fixture("tag-scheme-change.json");
    let (stdout, stderr) = import(&test, &file, &[]);
    assert_eq!(
        stdout,
        "2 of 2 entries imported from 1 of 1 releases; 0 reported\n"
    );
    assert_eq!(
        stderr,
        format!(
            "note: {}: release 3.1.0 (#2): also version 3.1.0, as release v3.1.0 (#1) is; the two are merged into one release\n",
            file.display()
        )
    );
    let release = read(&test, "releases/3.1.0/release.toml");
    assert!(
        release.starts_with("version = \"3.1.0\"\ntitle = \"Credit notes\"\nstatus = \"approved\"\nowner = \"alice\"\nplanned = 2024-09-02\n"),
        "{release}"
    );
    assert!(
        release.ends_with("[[changes]]\nkind = \"fixed\"\nsummary = \"Credit notes export as PDF again by @joost-v in https://github.com/acme/ledgerline/pull/340\"\n\n[[changes]]\nkind = \"added\"\nsummary = \"Credit notes, with their own number range\"\n"),
        "{release}"
    );
    assert_eq!(
        read(&test, "releases/3.1.0/notes.md"),
        "## What's Changed\n### Bug Fixes\n* Credit notes export as PDF again by @joost-v in https://github.com/acme/ledgerline/pull/340\n\n### Added\n- Credit notes, with their own number range\n"
    );
    test.check().assert_errors(&[]).assert_warnings(&[]);
}

#[test]
fn the_users_section_mapping_reads_bodies_too() {
    let test = RegistryTest::new("base");
    test.write(
        "releases.json",
        r####"[{"tag_name":"v3.0.0","published_at":"2024-02-01T09:00:00Z","body":"### Housekeeping\r\n- CANARY-HOUSEKEEPING\r\n### Speed\r\n- Faster boards\r\n"}]"####,
    );
    let file = test.path().join("releases.json");
    let (stdout, _) = import_exit(&test, &file, &["--dry-run"], 1);
    assert_eq!(
        stdout,
        "0 of 2 entries would be imported from 1 of 1 releases; 2 reported\n"
    );
    let (stdout, stderr) = import(
        &test,
        &file,
        &[
            "--section",
            "Housekeeping=internal",
            "--section",
            "speed=changed",
        ],
    );
    assert_eq!(
        stdout,
        "2 of 2 entries imported from 1 of 1 releases; 0 reported\n"
    );
    assert_eq!(stderr, "");
    assert_eq!(
        read(&test, "releases/3.0.0/notes.md"),
        "### Speed\n- Faster boards\n"
    );
}

#[test]
fn a_file_that_is_not_releases_is_exit_2_with_its_place() {
    let test = RegistryTest::new("base");
    for (text, message) in [
        (
            "[\n  {\"tag_name\": \"v1.0.0\",\n    \"draft\": false\n  }\n  {\"tag_name\": \"v0.9.0\"}\n]\n",
            "releases.json:5:3: not the JSON of GitHub releases: expected `,` or `]`",
        ),
        (
            "[{\"tag_name\": \"v1.0.0\", \"draft\": \"no\"}]",
            "releases.json:1:37: not the JSON of GitHub releases: invalid type: string \"no\", expected a boolean",
        ),
        (
            "# Changelog\n\n## 1.0.0\n",
            "releases.json:1:1: not the JSON of GitHub releases: expected value",
        ),
        (
            "{\n  \"message\": \"Not Found\",\n  \"documentation_url\": \"https://docs.github.com/rest/releases/releases#list-releases\",\n  \"status\": \"404\"\n}\n",
            "releases.json: GitHub answered `Not Found` instead of listing releases; fetch them again (gh api repos/OWNER/REPO/releases --paginate > releases.json)",
        ),
    ] {
        test.write("releases.json", text);
        let out = test
            .cmd()
            .args([
                "import",
                "github-releases",
                "releases.json",
                "--owner",
                "alice",
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{text}");
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            format!("error: {message}\n"),
            "{text}"
        );
        assert!(out.stdout.is_empty());
    }
    assert_eq!(
        fs::read_dir(test.path().join("releases")).unwrap().count(),
        2
    );
    // An empty list is a file of releases with none in it: nothing imported.
    test.write("releases.json", "[]\n");
    let (stdout, stderr) = import_exit(&test, &test.path().join("releases.json"), &[], 1);
    assert_eq!(
        stdout,
        "0 of 0 entries would be imported from 0 of 0 releases; 0 reported\n"
    );
    assert!(stderr.starts_with("error: nothing imported"), "{stderr}");
}

/// What a body may hold must not break the import, the files it writes or
/// the terminal: control characters, CR line endings, tabs, an unclosed
/// comment, a name on two lines, a tag with an escape sequence, a body of a
/// megabyte, nesting deep enough to overflow a naive parser.
#[test]
fn hostile_releases_break_nothing() {
    let test = RegistryTest::new("base");
    let mut huge = String::from("## What's Changed\r\n");
    while huge.len() < 1_000_000 {
        huge.push_str(&format!(
            "* Item {} <img src=x onerror=alert(1)> by @someone in https://github.com/acme/ledgerline/pull/1\r\n",
            huge.len()
        ));
    }
    let releases = serde_json::json!([
        {
            "tag_name": "v4.0.0",
            "name": "v4.0.0\nSecond line\u{1b}[31m",
            "published_at": "2024-10-01T08:00:00Z",
            "body": "Intro\u{7} with a bell\r\rand a lone CR\r\n\r\n### Fixed\r\n* Tab\there and NUL\u{0} there\r\n* <script>alert(1)</script> @everyone\r\n\r\n<!-- never closed\r\n* CANARY-GH-UNCLOSED\r\n"
        },
        {
            "tag_name": "v3.9.0",
            "published_at": "2024-09-01T08:00:00Z",
            "body": huge
        },
        {
            "tag_name": "\u{1b}]0;pwned\u{7}",
            "published_at": "2024-08-01T08:00:00Z",
            "body": "Nothing"
        }
    ]);
    test.write("releases.json", serde_json::to_string(&releases).unwrap());
    let file = test.path().join("releases.json");
    let started = std::time::Instant::now();
    let (stdout, stderr) = import(&test, &file, &[]);
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
    assert!(
        stdout.ends_with(" entries imported from 2 of 3 releases; 0 reported\n"),
        "{stdout}"
    );
    assert!(
        !stderr.contains('\u{1b}') && !stderr.contains('\u{7}'),
        "{stderr:?}"
    );
    assert!(
        stderr.contains("release \\u{1b}]0;pwned\\u{7} (#3): tag `\\u{1b}]0;pwned\\u{7}` is not a version milepost can read"),
        "{stderr}"
    );
    assert!(
        stderr.contains(": release v4.0.0 (#1): 2 control characters are left out of its text\n"),
        "{stderr}"
    );
    assert!(
        stderr.contains(": release v4.0.0 (#1), line 9 of its text: an HTML comment that is never closed hides the rest of the text on GitHub; it is left out of notes.md\n"),
        "{stderr}"
    );
    let release = read(&test, "releases/4.0.0/release.toml");
    assert!(
        release.contains("title = \"Second line [31m\"\n"),
        "{release}"
    );
    assert!(
        release.contains("summary = \"Tab here and NUL there\"\n"),
        "{release}"
    );
    let notes = read(&test, "releases/4.0.0/notes.md");
    assert_eq!(
        notes,
        "Intro with a bell\n\nand a lone CR\n\n### Fixed\n* Tab\there and NUL there\n* <script>alert(1)</script> @everyone\n"
    );
    test.check().assert_errors(&[]).assert_warnings(&[]);
    let build = test
        .cmd()
        .args(["build", "--out"])
        .arg(test.path().join("site"))
        .output()
        .unwrap();
    assert_eq!(
        build.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    // A JSON nesting attack is a JSON error, not a stack overflow.
    test.write("deep.json", "[".repeat(200_000));
    let out = test
        .cmd()
        .args(["import", "github-releases", "deep.json", "--owner", "alice"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("recursion limit exceeded"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn help_says_what_is_read() {
    let out = crate::support::milepost()
        .args(["help", "import", "github-releases"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let help = String::from_utf8(out.stdout).unwrap();
    for needle in [
        "gh api repos/OWNER/REPO/releases --paginate > releases.json",
        "gh release list --json",
        "tag_name, name, body, draft, prerelease, published_at",
        "A draft was never published: it is not imported, which does not fail the run",
        "--section <TITLE=KIND>",
        "--partial",
    ] {
        assert!(help.contains(needle), "{needle}\n{help}");
    }
}
