//! The public site's lists and feeds: bounded feeds whose entries track
//! edits, the index and its yearly archives, the subscribe page, the data
//! of the filter, and the page of the versions now live.

use std::fs;
use std::path::Path;

use crate::repo::{ALICE, BOB, TestRepo};

fn text(dir: &Path, rel: &str) -> String {
    fs::read_to_string(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn release_toml(version: &str, title: &str, kind: &str, summary: &str) -> String {
    format!(
        "version = \"{version}\"\ntitle = \"{title}\"\nstatus = \"approved\"\nowner = \"alice\"\ncustomer_facing = true\n\
         [[changes]]\nkind = \"{kind}\"\nsummary = \"{summary}\"\n"
    )
}

/// A release folder with every file an approved release needs.
fn write_release(repo: &TestRepo, version: &str, toml: &str) {
    repo.write(&format!("releases/{version}/release.toml"), toml);
    repo.write(&format!("releases/{version}/notes.md"), "Notes.\n");
    repo.write(
        &format!("releases/{version}/deploy.md"),
        "## Steps\n\nx\n\n## Rollback\n\nx\n\n## Verification\n\nx\n",
    );
}

/// Releases `2.0.<i>` for each date, each added and deployed to prod at it.
fn repo_with_releases(dates: &[&str]) -> TestRepo {
    let repo = TestRepo::new("");
    repo.deploy("uat", "1.0.0", None, ALICE, "2023-01-02T10:00:00Z");
    for (i, date) in dates.iter().enumerate() {
        let version = format!("2.0.{i}");
        write_release(
            &repo,
            &version,
            &release_toml(
                &version,
                &format!("Release {i}"),
                "fixed",
                &format!("Fix {i}"),
            ),
        );
        repo.commit(ALICE, date, &format!("Add {version}"));
        repo.deploy("prod", &version, None, BOB, date);
    }
    repo
}

fn build(repo: &TestRepo, out: &Path, now: &str) {
    let result = repo.milepost(&["build", "--out", out.to_str().unwrap(), "--now", now]);
    assert_eq!(
        result.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
}

fn atom(out: &Path) -> atom_syndication::Feed {
    let xml = fs::read(out.join("public/feed.xml")).unwrap();
    atom_syndication::Feed::read_from(&xml[..]).unwrap()
}

fn json_feed(out: &Path) -> serde_json::Value {
    serde_json::from_slice(&fs::read(out.join("public/feed.json")).unwrap()).unwrap()
}

#[test]
fn the_feeds_carry_only_the_latest_feed_entries_releases() {
    let repo = repo_with_releases(&[
        "2024-06-10T10:00:00Z",
        "2024-06-11T10:00:00Z",
        "2024-06-12T10:00:00Z",
    ]);
    let settings = fs::read_to_string(repo.registry().join("milepost.toml")).unwrap();
    repo.write(
        "milepost.toml",
        &settings.replace("[policy]\n", "feed_entries = 2\n\n[policy]\n"),
    );
    repo.commit(ALICE, "2024-06-13T10:00:00Z", "Shorter feeds");
    let out = repo.path().join("site");
    build(&repo, &out, "2024-07-01T00:00:00Z");
    let ids: Vec<String> = atom(&out)
        .entries()
        .iter()
        .map(|e| e.id().to_string())
        .collect();
    assert_eq!(
        ids,
        [
            "https://releases.fixture.example/releases/2.0.2/",
            "https://releases.fixture.example/releases/2.0.1/"
        ]
    );
    assert_eq!(json_feed(&out)["items"].as_array().unwrap().len(), 2);
    // The site itself still lists every release.
    let index = text(&out, "public/index.html");
    assert!(index.contains("releases/2.0.0/index.html"));
    assert!(text(&out, "public/subscribe/index.html").contains("the latest 2 published releases"));
}

#[test]
fn feed_entries_default_to_thirty() {
    let dates: Vec<String> = (0..32)
        .map(|i| format!("2024-06-{:02}T10:00:00Z", i / 2 + 2))
        .collect();
    let dates: Vec<&str> = dates.iter().map(String::as_str).collect();
    let repo = repo_with_releases(&dates);
    let out = repo.path().join("site");
    build(&repo, &out, "2024-07-01T00:00:00Z");
    assert_eq!(atom(&out).entries().len(), 30);
    assert_eq!(json_feed(&out)["items"].as_array().unwrap().len(), 30);
}

#[test]
fn a_bad_feed_entries_is_an_error_at_its_line() {
    for (value, says) in [
        ("0", "`feed_entries` must be at least 1"),
        (
            "100000",
            "`feed_entries`: 100000 is greater than the maximum of 1000",
        ),
        (
            "\"ten\"",
            "`feed_entries` must be an integer, found \"ten\"",
        ),
        (
            "2.5",
            "`feed_entries` must be an integer, found the number 2.5",
        ),
    ] {
        let test = crate::support::RegistryTest::new("base");
        let settings = fs::read_to_string(test.path().join("milepost.toml")).unwrap();
        test.write(
            "milepost.toml",
            settings.replace(
                "[policy]\n",
                &format!("feed_entries = {value}\n\n[policy]\n"),
            ),
        );
        let (code, out) = test.check_human();
        assert_eq!(code, 1, "{value}: {out}");
        assert!(out.contains("milepost.toml:8:"), "{value}: {out}");
        assert!(
            out.contains(&format!("error[schema]: {says}\n")),
            "{value}: {out}"
        );
    }
}

/// 1.0.0 published 3 June 2024 at 11:00; its notes are corrected on 10
/// June, an approval and an internal change are added on 12 June.
fn edited_repo() -> TestRepo {
    let repo = TestRepo::new("");
    repo.deploy("uat", "1.0.0", None, ALICE, "2024-06-02T10:00:00Z");
    repo.deploy("prod", "1.0.0", None, BOB, "2024-06-03T11:00:00Z");
    repo.write(
        "releases/1.0.0/notes.md",
        "Everything, now with a fixed typo.\n",
    );
    repo.commit(
        ALICE,
        "2024-06-10T09:30:00Z",
        "Fix a typo in the notes of 1.0.0",
    );
    let toml = fs::read_to_string(repo.registry().join("releases/1.0.0/release.toml")).unwrap();
    repo.write(
        "releases/1.0.0/release.toml",
        &format!(
            "{toml}\n[[changes]]\nkind = \"fixed\"\nsummary = \"Internal only\"\naudience = \"internal\"\n\n\
             [[approvals]]\nby = \"bob\"\nat = 2024-06-12T10:00:00Z\n"
        ),
    );
    repo.commit(BOB, "2024-06-12T10:00:00Z", "Internal bookkeeping of 1.0.0");
    repo
}

#[test]
fn feed_entries_are_updated_when_their_public_files_change_after_publication() {
    let repo = edited_repo();
    let out = repo.path().join("site");
    build(&repo, &out, "2024-07-01T00:00:00Z");
    let feed = atom(&out);
    let entry = &feed.entries()[0];
    assert_eq!(
        entry.published().map(|p| p.to_rfc3339()).as_deref(),
        Some("2024-06-03T11:00:00+00:00")
    );
    // The notes' correction, not the internal commit after it.
    assert_eq!(entry.updated().to_rfc3339(), "2024-06-10T09:30:00+00:00");
    assert_eq!(feed.updated(), entry.updated());
    let json = json_feed(&out);
    assert_eq!(json["items"][0]["date_published"], "2024-06-03T11:00:00Z");
    assert_eq!(json["items"][0]["date_modified"], "2024-06-10T09:30:00Z");
    // A build that is told it runs before the correction does not see it.
    let early = repo.path().join("early");
    build(&repo, &early, "2024-06-05T00:00:00Z");
    assert_eq!(
        atom(&early).entries()[0].updated().to_rfc3339(),
        "2024-06-03T11:00:00+00:00"
    );
}

#[test]
fn a_change_of_the_public_changes_after_publication_is_an_update() {
    let repo = edited_repo();
    let toml = fs::read_to_string(repo.registry().join("releases/1.0.0/release.toml")).unwrap();
    repo.write(
        "releases/1.0.0/release.toml",
        &toml.replace(
            "summary = \"Everything\"",
            "summary = \"Everything, and more\"",
        ),
    );
    repo.commit(ALICE, "2024-06-14T08:00:00Z", "Reword a change of 1.0.0");
    let out = repo.path().join("site");
    build(&repo, &out, "2024-07-01T00:00:00Z");
    assert_eq!(
        atom(&out).entries()[0].updated().to_rfc3339(),
        "2024-06-14T08:00:00+00:00"
    );
}

#[test]
fn in_a_shallow_clone_the_edits_fall_back_to_publication() {
    let repo = edited_repo();
    let clone = repo.clone_with(&["--depth", "2"]);
    let git = milepost::git::GitRepo::discover(clone.path()).unwrap();
    assert!(git.is_shallow());
    let published: jiff::Timestamp = "2024-06-03T11:00:00Z".parse().unwrap();
    let now: jiff::Timestamp = "2024-07-01T00:00:00Z".parse().unwrap();
    let wanted = [milepost::history::edits::Published {
        folder: "1.0.0",
        at: published,
    }];
    // The clone holds the last two commits: the internal one (no edit) and
    // the notes' correction, whose parent is cut off, so it is not seen.
    let edits = milepost::history::edits::public_edits(Some(&git), &wanted, now);
    assert!(edits.is_empty(), "{edits:?}");
    // Outside Git: nothing, and no failure.
    assert!(milepost::history::edits::public_edits(None, &wanted, now).is_empty());
    // The full repository sees the correction.
    let full = milepost::git::GitRepo::discover(repo.path()).unwrap();
    let edits = milepost::history::edits::public_edits(Some(&full), &wanted, now);
    assert_eq!(
        edits.get("1.0.0").map(ToString::to_string).as_deref(),
        Some("2024-06-10T09:30:00Z")
    );
}

#[test]
fn the_index_shows_the_latest_releases_and_links_yearly_archives() {
    // Two releases in December 2023, then twenty in 2024.
    let mut dates: Vec<String> = vec!["2023-12-01T10:00:00Z".into(), "2023-12-15T10:00:00Z".into()];
    dates.extend((0..20).map(|i| format!("2024-{:02}-10T10:00:00Z", i / 2 + 1)));
    let dates: Vec<&str> = dates.iter().map(String::as_str).collect();
    let repo = repo_with_releases(&dates);
    let out = repo.path().join("site");
    build(&repo, &out, "2024-12-01T00:00:00Z");
    let index = text(&out, "public/index.html");
    assert!(index.contains("releases/2.0.21/index.html"));
    assert!(index.contains("releases/2.0.2/index.html"));
    assert!(!index.contains("releases/2.0.1/index.html"));
    assert!(index.contains("<h2 id=\"2024-10\">October 2024</h2>"));
    assert!(index.contains("<section class=\"month\" aria-labelledby=\"2024-10\">"));
    assert!(index.contains(
        "<a href=\"archive/2024/index.html\">2024</a> <span class=\"meta\">(20 releases)</span>"
    ));
    assert!(index.contains(
        "<a href=\"archive/2023/index.html\">2023</a> <span class=\"meta\">(2 releases)</span>"
    ));
    assert!(index.contains("Every earlier one is in the <a href=\"#archive\">archive by year</a>"));

    let archive = text(&out, "public/archive/2023/index.html");
    assert!(archive.contains("<h1>Releases of 2023</h1>"));
    assert!(archive.contains("<h2 id=\"2023-12\">December 2023</h2>"));
    assert!(archive.contains("href=\"../../releases/2.0.0/index.html\""));
    assert!(archive.contains("href=\"../../releases/2.0.1/index.html\""));
    assert!(!archive.contains("2.0.2/"));
    assert!(
        archive
            .contains("<a href=\"../../archive/2023/index.html\" aria-current=\"page\">2023</a>")
    );
    assert!(archive.contains("<link rel=\"stylesheet\" href=\"../../style.css\">"));
    let archive_2024 = text(&out, "public/archive/2024/index.html");
    assert_eq!(archive_2024.matches("<li class=\"card\"").count(), 20);

    let sitemap = text(&out, "public/sitemap.xml");
    assert!(sitemap.contains("<url><loc>https://releases.fixture.example/archive/2023/</loc><lastmod>2023-12-15T10:00:00Z</lastmod></url>"));
    assert!(sitemap.contains("<url><loc>https://releases.fixture.example/archive/2024/</loc>"));
    assert!(sitemap.contains("<url><loc>https://releases.fixture.example/subscribe/</loc></url>"));

    // A new release later never moves the old ones: 2023 keeps its page.
    write_release(
        &repo,
        "9.0.0",
        &release_toml("9.0.0", "Next", "added", "More"),
    );
    repo.commit(ALICE, "2025-01-05T10:00:00Z", "Add 9.0.0");
    repo.deploy("prod", "9.0.0", None, BOB, "2025-01-05T10:00:00Z");
    let later = repo.path().join("later");
    build(&repo, &later, "2025-02-01T00:00:00Z");
    // Only the list of years grows.
    let months = |page: &str| {
        let start = page.find("<section").unwrap();
        let end = page.rfind("</section>").unwrap();
        page[start..end].to_string()
    };
    assert_eq!(
        months(&text(&later, "public/archive/2023/index.html")),
        months(&archive)
    );
    assert!(later.join("public/archive/2025/index.html").is_file());
}

#[test]
fn the_cards_carry_the_public_kinds_and_text_for_the_filter() {
    let repo = TestRepo::new("");
    repo.deploy("uat", "1.0.0", None, ALICE, "2024-06-02T10:00:00Z");
    repo.write(
        "releases/1.0.0/release.toml",
        "version = \"1.0.0\"\ntitle = \"First\"\nstatus = \"approved\"\nowner = \"alice\"\ncustomer_facing = true\n\
         summary = \"The first one\"\n\
         [[changes]]\nkind = \"added\"\nsummary = \"Exports in `Parquet`\"\n\
         [[changes]]\nkind = \"security\"\nsummary = \"Signed webhooks\"\n\
         [[changes]]\nkind = \"removed\"\nsummary = \"Secret cleanup\"\naudience = \"internal\"\n",
    );
    repo.write(
        "releases/1.0.0/notes.md",
        "# Big\n\nNow with **rail** ETAs.\r\n",
    );
    repo.commit(ALICE, "2024-06-01T09:00:00Z", "1.0.0");
    repo.deploy("prod", "1.0.0", None, BOB, "2024-06-03T11:00:00Z");
    let out = repo.path().join("site");
    build(&repo, &out, "2024-07-01T00:00:00Z");
    let index = text(&out, "public/index.html");
    assert!(
        index.contains("<li class=\"card\" data-kinds=\"added security\" data-search=\"1.0.0 first the first one exports in parquet signed webhooks big now with rail etas.\">"),
        "{index}"
    );
    // The controls come from the script, which is a file of the site.
    assert!(index.contains("<div class=\"filter\" data-filter hidden></div>"));
    assert!(index.contains("<script src=\"filter.js\" defer></script>"));
    let script = text(&out, "public/filter.js");
    assert!(script.contains("aria-live"));
    assert!(!script.contains("fetch(") && !script.contains("http"));
}

#[test]
fn the_subscribe_page_gives_both_feeds_and_every_page_links_them() {
    let repo = TestRepo::new("");
    repo.deploy("uat", "1.0.0", None, ALICE, "2024-06-02T10:00:00Z");
    repo.deploy("prod", "1.0.0", None, BOB, "2024-06-03T11:00:00Z");
    let out = repo.path().join("site");
    build(&repo, &out, "2024-07-01T00:00:00Z");
    let page = text(&out, "public/subscribe/index.html");
    assert!(page.contains("<code class=\"address\">https://releases.fixture.example/feed.xml</code> <a href=\"../feed.xml\">Open the Atom feed</a>"));
    assert!(page.contains("<code class=\"address\">https://releases.fixture.example/feed.json</code> <a href=\"../feed.json\">Open the JSON Feed</a>"));
    assert!(
        page.contains("<a href=\"../subscribe/index.html\" aria-current=\"page\">Subscribe</a>")
    );
    for (rel, root) in [
        ("index.html", ""),
        ("subscribe/index.html", "../"),
        ("archive/2024/index.html", "../../"),
        ("releases/1.0.0/index.html", "../../"),
        // The 404 page is served at any depth: its links start from base_url.
        ("404.html", "https://releases.fixture.example/"),
    ] {
        let html = text(&out, &format!("public/{rel}"));
        assert!(
            html.contains(&format!("<li><a href=\"{root}subscribe/index.html\"")),
            "{rel}"
        );
        assert!(html.contains(&format!("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Fixture Cloud release notes (Atom)\" href=\"{root}feed.xml\">")), "{rel}");
        assert!(html.contains(&format!("<link rel=\"alternate\" type=\"application/feed+json\" title=\"Fixture Cloud release notes (JSON Feed)\" href=\"{root}feed.json\">")), "{rel}");
    }
}

#[test]
fn the_status_page_is_named_for_the_versions_now_live() {
    let repo = TestRepo::new("");
    repo.deploy("uat", "1.0.0", None, ALICE, "2024-06-02T10:00:00Z");
    repo.write(
        "environments/prod.toml",
        "name = \"Production\"\ntier = \"production\"\npublic = true\nrelease = \"1.0.0\"\n",
    );
    repo.commit(BOB, "2024-06-03T11:00:00Z", "Deploy 1.0.0 to prod");
    let out = repo.path().join("site");
    build(&repo, &out, "2024-07-01T00:00:00Z");
    let page = text(&out, "public/status/index.html");
    assert!(
        page.contains(
            "<title>Fixture Cloud: versions now live · Fixture Cloud release notes</title>"
        )
    );
    assert!(page.contains("<h1>Versions now live</h1>"));
    assert!(
        page.contains(
            "<a href=\"../status/index.html\" aria-current=\"page\">Versions now live</a>"
        )
    );
    assert!(page.contains("<table class=\"stack\">"));
    assert!(page.contains(
        "<td data-label=\"Version\"><a href=\"../releases/1.0.0/index.html\">1.0.0</a></td>"
    ));
    assert!(!page.contains(">Status<"));
    assert!(text(&out, "public/index.html").contains(">Versions now live</a>"));
}
