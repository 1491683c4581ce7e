//! `milepost build`: what each site shows, what the public one must never
//! show, and how the output is written.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::repo::{ALICE, BOB, TestRepo};

pub(crate) const NOW: &str = "2024-07-01T00:00:00Z";

/// All files of a built site folder: relative path → bytes.
pub(crate) fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.insert(rel, fs::read(entry.path()).unwrap());
        }
    }
    out
}

pub(crate) fn text(dir: &Path, rel: &str) -> String {
    fs::read_to_string(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// uat and prod run 1.0.0 (reached prod 3 June), uat also 1.1.0.
pub(crate) fn deployed_repo() -> TestRepo {
    let repo = TestRepo::new("");
    repo.deploy("uat", "1.0.0", None, ALICE, "2024-06-02T10:00:00Z");
    repo.deploy("prod", "1.0.0", None, BOB, "2024-06-03T11:00:00Z");
    repo.deploy("uat", "1.1.0", None, ALICE, "2024-06-04T10:00:00Z");
    repo
}

pub(crate) fn build(repo: &TestRepo, out: &Path, now: &str) -> std::process::Output {
    repo.milepost(&["build", "--out", out.to_str().unwrap(), "--now", now])
}

#[test]
fn build_writes_both_sites_at_their_stable_addresses() {
    let repo = deployed_repo();
    let out = repo.path().join("site");
    let result = build(&repo, &out, NOW);
    assert_eq!(
        result.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let public = files(&out.join("public"));
    let public: Vec<&str> = public.keys().map(String::as_str).collect();
    assert_eq!(
        public,
        [
            "404.html",
            "archive/2024/index.html",
            "favicon.svg",
            "feed.json",
            "feed.xml",
            "filter.js",
            "index.html",
            "releases/1.0.0/index.html",
            "robots.txt",
            "sitemap.xml",
            "style.css",
            "subscribe/index.html"
        ]
    );
    let internal = files(&out.join("internal"));
    for page in [
        "index.html",
        "releases/index.html",
        "releases/1.0.0/index.html",
        "releases/1.1.0/index.html",
        "environments/uat/index.html",
        "environments/prod/index.html",
        "history/index.html",
        "calendar/index.html",
        "incidents/index.html",
        "incidents/2024-06-13-export-timeouts/index.html",
    ] {
        assert!(internal.contains_key(page), "internal site lacks {page}");
    }
    assert!(
        String::from_utf8(result.stdout)
            .unwrap()
            .starts_with("built 12 public and ")
    );
}

#[test]
fn a_release_is_published_once_in_production_and_past_publish_at() {
    let repo = deployed_repo();
    let out = repo.path().join("site");
    // 1.1.0 runs on uat only: not published, whatever the date.
    build(&repo, &out, NOW);
    assert!(!out.join("public/releases/1.1.0").exists());
    // In production, but publish_at (12 June 15:00) is still ahead.
    repo.deploy("prod", "1.1.0", None, BOB, "2024-06-10T10:00:00Z");
    build(&repo, &out, "2024-06-12T14:59:59Z");
    assert!(!out.join("public/releases/1.1.0").exists());
    assert!(!text(&out, "public/feed.xml").contains("1.1.0"));
    build(&repo, &out, "2024-06-12T15:00:00Z");
    let page = text(&out, "public/releases/1.1.0/index.html");
    // Released on the day it reached production.
    assert!(
        page.contains("Released <time datetime=\"2024-06-10T10:00:00Z\">10 June 2024</time>"),
        "{page}"
    );
}

/// Notes that do not list the changes: the page shows both, the changes'
/// summaries as inline Markdown.
#[test]
fn public_release_pages_show_public_changes_in_keep_a_changelog_order() {
    let repo = deployed_repo();
    repo.write(
        "releases/1.0.0/release.toml",
        "version = \"1.0.0\"\ntitle = \"First\"\nstatus = \"approved\"\nowner = \"alice\"\ncustomer_facing = true\n\
         [[changes]]\nkind = \"fixed\"\nsummary = \"Fixed a <crash>\"\n\
         [[changes]]\nkind = \"added\"\nsummary = \"Reports in `CSV` and [PDF](https://fixture.example/pdf)\"\n\
         [[changes]]\nkind = \"security\"\nsummary = \"Patched TLS\"\n\
         [[changes]]\nkind = \"added\"\nsummary = \"Hidden\"\naudience = \"internal\"\n\
         [[approvals]]\nby = \"bob\"\nat = 2024-06-01T10:00:00Z\n",
    );
    repo.write(
        "releases/1.0.0/notes.md",
        "# Highlights\n\nReports are **here**.\n\n<script>alert(1)</script>\n",
    );
    repo.commit(ALICE, "2024-06-05T10:00:00Z", "Edit 1.0.0");
    let out = repo.path().join("site");
    build(&repo, &out, NOW);
    let page = text(&out, "public/releases/1.0.0/index.html");
    let start = page.find("<article>").unwrap();
    let end = page.find("</article>").unwrap() + "</article>".len();
    insta::assert_snapshot!(&page[start..end], @r##"
    <article>
    <h1>Fixture Cloud 1.0.0: First</h1>
    <p class="meta">Released <time datetime="2024-06-03T11:00:00Z">3 June 2024</time></p>

    <section class="prose" aria-labelledby="whats-new">
    <h2 id="whats-new">What’s new</h2>
    <h3 id="notes-highlights">Highlights</h3>
    <p>Reports are <strong>here</strong>.</p>


    </section>
    <section class="changes" aria-labelledby="changes">
    <h2 id="changes">Changes</h2>
    <h3 id="added">Added</h3>
    <ul>
    <li id="added-reports-in-csv-and-pdf">Reports in <code>CSV</code> and <a href="https://fixture.example/pdf">PDF</a> <a class="permalink" href="#added-reports-in-csv-and-pdf" aria-label="Link to this change">#</a></li>
    </ul>
    <h3 id="fixed">Fixed</h3>
    <ul>
    <li id="fixed-fixed-a-crash">Fixed a &lt;crash&gt; <a class="permalink" href="#fixed-fixed-a-crash" aria-label="Link to this change">#</a></li>
    </ul>
    <h3 id="security">Security</h3>
    <ul>
    <li id="security-patched-tls">Patched TLS <a class="permalink" href="#security-patched-tls" aria-label="Link to this change">#</a></li>
    </ul>
    </section>
    </article>
    "##);
}

/// A changelog with inline Markdown, nested details and a breaking change,
/// imported and published as 2.0.0.
fn imported_repo() -> TestRepo {
    let repo = TestRepo::new("");
    repo.write(
        "CHANGELOG.md",
        "# Changelog\n\n## [2.0.0] - 2024-06-05\n\n### Added\n\n\
         - Add `--foo` flag ([#12](https://github.com/x/y/pull/12))\n  \
           - works with `--bar`\n  - and with **baz**\n\n\
         ### ⚠ BREAKING CHANGES\n\n- Drop the `v1` API\n\n\
         ### Fixed\n\n- Crash when the *name*\n  is empty\n\n\
         ### Internal\n\n- Move CI to `runner-2`\n",
    );
    let out = repo.milepost(&["import", "changelog", "CHANGELOG.md", "--owner", "alice"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    repo.commit(ALICE, "2024-06-05T09:00:00Z", "Import");
    repo.deploy("uat", "2.0.0", None, ALICE, "2024-06-05T10:00:00Z");
    repo.deploy("prod", "2.0.0", None, BOB, "2024-06-07T11:00:00Z");
    repo
}

/// Notes that list every change (an imported changelog section): the page
/// shows the notes alone, and so do the feeds.
#[test]
fn notes_that_list_the_changes_are_not_followed_by_them_again() {
    let repo = imported_repo();
    let out = repo.path().join("site");
    let result = build(&repo, &out, NOW);
    assert_eq!(
        result.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let page = text(&out, "public/releases/2.0.0/index.html");
    let start = page.find("<article>").unwrap();
    let end = page.find("</article>").unwrap() + "</article>".len();
    insta::assert_snapshot!(&page[start..end], @r#"
    <article>
    <h1>Fixture Cloud 2.0.0: Release 2.0.0</h1>
    <p class="meta">Released <time datetime="2024-06-07T11:00:00Z">7 June 2024</time></p>

    <section class="prose" aria-labelledby="whats-new">
    <h2 id="whats-new">What’s new</h2>
    <h3 id="notes-added">Added</h3>
    <ul>
    <li>Add <code>--foo</code> flag (<a href="https://github.com/x/y/pull/12">#12</a>)
    <ul>
    <li>works with <code>--bar</code></li>
    <li>and with <strong>baz</strong></li>
    </ul>
    </li>
    </ul>
    <h3 id="notes-breaking-changes">⚠ BREAKING CHANGES</h3>
    <ul>
    <li>Drop the <code>v1</code> API</li>
    </ul>
    <h3 id="notes-fixed">Fixed</h3>
    <ul>
    <li>Crash when the <em>name</em>
    is empty</li>
    </ul>

    </section>

    </article>
    "#);
    let feed = text(&out, "public/feed.xml");
    assert_eq!(
        feed.matches("Drop the &lt;code&gt;v1&lt;/code&gt; API")
            .count(),
        1,
        "{feed}"
    );
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("public/feed.json")).unwrap()).unwrap();
    let content = json["items"][0]["content_html"].as_str().unwrap();
    assert_eq!(
        content.matches("<code>--foo</code>").count(),
        1,
        "{content}"
    );
    assert!(!content.contains("<h3>Added</h3>"), "{content}");
    // The index still counts the changes.
    assert!(
        text(&out, "public/index.html").contains("· 1 added, 1 changed, 1 fixed</p>"),
        "{}",
        text(&out, "public/index.html")
    );
}

/// The internal page lists every change, its summary inline and its
/// details as blocks under it.
#[test]
fn the_internal_release_page_renders_summaries_and_details() {
    let repo = imported_repo();
    let out = repo.path().join("site");
    build(&repo, &out, NOW);
    let page = text(&out, "internal/releases/2.0.0/index.html");
    let start = page.find("<section class=\"changes\"").unwrap();
    let end = start + page[start..].find("</section>").unwrap();
    insta::assert_snapshot!(&page[start..end], @r#"
    <section class="changes" aria-labelledby="changes">
    <h2 id="changes">Changes</h2>
    <ul>
    <li><span class="tag">Added</span> Add <code>--foo</code> flag (<a href="https://github.com/x/y/pull/12">#12</a>)
    <div class="prose details">
    <ul>
    <li>works with <code>--bar</code></li>
    <li>and with <strong>baz</strong></li>
    </ul>
    </div></li>
    <li><span class="tag">Changed</span> Breaking: Drop the <code>v1</code> API</li>
    <li><span class="tag">Changed</span> Move CI to <code>runner-2</code> <span class="tag internal">internal</span></li>
    <li><span class="tag">Fixed</span> Crash when the <em>name</em> is empty</li>
    </ul>
    "#);
}

#[test]
fn the_public_index_groups_by_month_newest_first() {
    let repo = deployed_repo();
    repo.deploy("prod", "1.1.0", None, BOB, "2024-07-02T10:00:00Z");
    let out = repo.path().join("site");
    build(&repo, &out, "2024-07-03T00:00:00Z");
    let page = text(&out, "public/index.html");
    let start = page.find("<main").unwrap();
    let end = page.find("</main>").unwrap();
    insta::assert_snapshot!(&page[start..end], @r#"
    <main id="main" class="wrap">

    <h1>Fixture Cloud release notes</h1>

    <div class="filter" data-filter hidden></div>

    <section class="month" aria-labelledby="2024-07">
    <h2 id="2024-07">July 2024</h2>
    <ul class="cards">
    <li class="card" data-kinds="changed" data-search="1.1.0 faster exports exports are faster the first release.">
    <h3><a href="releases/1.1.0/index.html">1.1.0: Faster exports</a></h3>
    <p class="meta">Released <time datetime="2024-07-02T10:00:00Z">2 July 2024</time> · 1 changed</p>

    </li>
    </ul>
    </section>

    <section class="month" aria-labelledby="2024-06">
    <h2 id="2024-06">June 2024</h2>
    <ul class="cards">
    <li class="card" data-kinds="added" data-search="1.0.0 first everything the first release.">
    <h3><a href="releases/1.0.0/index.html">1.0.0: First</a></h3>
    <p class="meta">Released <time datetime="2024-06-03T11:00:00Z">3 June 2024</time> · 1 added</p>

    </li>
    </ul>
    </section>


    <nav class="years" aria-label="Archive by year">
    <h2 id="archive">Archive</h2>
    <ul>
    <li><a href="archive/2024/index.html">2024</a> <span class="meta">(2 releases)</span></li>
    </ul>
    </nav>
    <script src="filter.js" defer></script>
    "#);
}

/// Distinct strings in every internal source; none may reach a public file.
pub const CANARIES: [&str; 17] = [
    "CANARY-POLICY-TEAM",
    "CANARY-INTERNAL-MD",
    "CANARY-DEPLOY-MD",
    "CANARY-INCIDENT-TITLE",
    "CANARY-ROOT-CAUSE",
    "CANARY-FOLLOW-UP",
    "canary-email@fixture.example",
    "CANARY-FREEZE-REASON",
    "CANARY-EVENT-DESCRIPTION",
    "CANARY-APPROVAL-COMMENT",
    "CANARY-INTERNAL-CHANGE",
    "CANARY-CHANGE-DETAILS",
    "CANARY-TICKET-1",
    "CANARY-PRIVATE-ENV",
    "CANARY-UNPUBLISHED-NOTES",
    "CANARY-INTERNAL-RELEASE",
    "CANARY-OWNER-NAME",
];

/// A registry with a canary string in every internal source, where 1.0.0
/// is published.
pub fn canary_repo() -> TestRepo {
    let repo = TestRepo::new("");
    repo.write(
        "teams.toml",
        "[teams.ops]\nname = \"Operations\"\n[teams.platform]\nname = \"Platform\"\n\
         [people.alice]\nname = \"CANARY-OWNER-NAME\"\nemail = \"canary-email@fixture.example\"\nteams = [\"platform\"]\n\
         [people.bob]\nname = \"Bob Stone\"\nemail = \"bob@fixture.example\"\nteams = [\"ops\"]\n\
         [teams.canary-policy-team]\nname = \"Approvers\"\n",
    );
    repo.write(
        "milepost.toml",
        "[product]\nname = \"Fixture Cloud\"\n[site]\ntitle = \"Fixture Cloud release notes\"\nbase_url = \"https://releases.fixture.example/\"\n\
         [policy.environments.prod]\nafter = [\"uat\"]\napprovals = 1\napprover_teams = [\"ops\", \"canary-policy-team\"]\n",
    );
    repo.write(
        "releases/1.0.0/release.toml",
        "version = \"1.0.0\"\ntitle = \"First\"\nstatus = \"approved\"\nowner = \"alice\"\ncustomer_facing = true\n\
         [[changes]]\nkind = \"added\"\nsummary = \"Public change\"\ntickets = [\"CANARY-TICKET-1\"]\ndetails = \"CANARY-CHANGE-DETAILS\"\n\
         [[changes]]\nkind = \"fixed\"\nsummary = \"CANARY-INTERNAL-CHANGE\"\naudience = \"internal\"\n\
         [[approvals]]\nby = \"bob\"\nat = 2024-06-01T10:00:00Z\ncomment = \"CANARY-APPROVAL-COMMENT\"\n",
    );
    repo.write("releases/1.0.0/internal.md", "CANARY-INTERNAL-MD\n");
    repo.write(
        "releases/1.0.0/deploy.md",
        "## Steps\n\nCANARY-DEPLOY-MD\n\n## Rollback\n\nx\n\n## Verification\n\ny\n",
    );
    repo.write("releases/1.1.0/notes.md", "CANARY-UNPUBLISHED-NOTES\n");
    repo.write(
        "releases/1.2.0/release.toml",
        "version = \"1.2.0\"\ntitle = \"CANARY-INTERNAL-RELEASE\"\nstatus = \"draft\"\nowner = \"alice\"\ncustomer_facing = false\n",
    );
    repo.write(
        "incidents/2024-06-13-export-timeouts.toml",
        "title = \"CANARY-INCIDENT-TITLE\"\nrelease = \"1.0.0\"\nenvironment = \"prod\"\nseverity = \"sev2\"\nstatus = \"open\"\n\
         detected_at = 2024-06-13T09:12:00Z\nroot_cause = \"CANARY-ROOT-CAUSE\"\n\
         [[follow_ups]]\ntitle = \"CANARY-FOLLOW-UP\"\nowner = \"bob\"\n",
    );
    repo.write(
        "calendar.toml",
        "[[freeze]]\nname = \"Peak\"\nstart = 2024-11-28T00:00:00Z\nend = 2024-12-02T00:00:00Z\nreason = \"CANARY-FREEZE-REASON\"\n\
         [[event]]\nname = \"Webinar\"\nkind = \"marketing\"\nat = 2024-06-14T16:00:00Z\ndescription = \"CANARY-EVENT-DESCRIPTION\"\n",
    );
    repo.write(
        "environments/secret.toml",
        "name = \"CANARY-PRIVATE-ENV\"\ntier = \"demo\"\nrelease = \"1.0.0\"\n",
    );
    repo.commit(ALICE, "2024-06-01T09:00:00Z", "Canaries");
    repo.deploy("uat", "1.0.0", None, ALICE, "2024-06-02T10:00:00Z");
    repo.write(
        "environments/prod.toml",
        "name = \"Production\"\ntier = \"production\"\npublic = true\nrelease = \"1.0.0\"\n",
    );
    repo.commit(BOB, "2024-06-03T11:00:00Z", "Deploy 1.0.0 to prod");
    repo.deploy("uat", "1.1.0", None, ALICE, "2024-06-04T10:00:00Z");

    repo
}

#[test]
fn nothing_internal_ever_reaches_the_public_site() {
    let repo = canary_repo();
    let out = repo.path().join("site");
    let result = build(&repo, &out, NOW);
    assert_eq!(
        result.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let public = files(&out.join("public"));
    assert!(
        public.contains_key("releases/1.0.0/index.html")
            && public.contains_key("status/index.html")
    );
    for (path, bytes) in &public {
        // Case-insensitive: a template that upper-cases a value must not leak it either.
        let content = String::from_utf8_lossy(bytes).to_uppercase();
        for canary in CANARIES {
            assert!(
                !content.contains(&canary.to_uppercase()),
                "public/{path} contains {canary}"
            );
        }
    }
    // The filter's data is on the cards: the public change is there, so the
    // loop above has looked at what the filter searches.
    let index = String::from_utf8_lossy(&public["index.html"]).into_owned();
    assert!(index.contains("data-kinds=\"added\""), "{index}");
    assert!(
        index.contains("data-search=\"1.0.0 first public change"),
        "{index}"
    );
    assert!(public.contains_key("filter.js") && public.contains_key("archive/2024/index.html"));
    // The canaries are real: the internal site shows every one of them.
    let internal: String = files(&out.join("internal"))
        .values()
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .collect();
    let internal = internal.to_uppercase();
    for canary in CANARIES {
        if canary != "canary-email@fixture.example" && canary != "CANARY-POLICY-TEAM" {
            assert!(
                internal.contains(canary),
                "the internal site lacks {canary}: the test would prove nothing"
            );
        }
    }
}

/// Every `href` and `src` of every page leads to a file of the same site,
/// and every `#fragment` to an element with that id.
pub fn assert_links_resolve(site: &Path) {
    let all = files(site);
    for (path, bytes) in &all {
        if !path.ends_with(".html") || path == "404.html" {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        for attr in ["href=\"", "src=\""] {
            for (i, _) in html.match_indices(attr) {
                let rest = &html[i + attr.len()..];
                let target = &rest[..rest.find('"').unwrap()];
                if target.starts_with("http://")
                    || target.starts_with("https://")
                    || target.starts_with("mailto:")
                {
                    continue;
                }
                let (file, fragment) = target.split_once('#').unwrap_or((target, ""));
                let resolved = if file.is_empty() {
                    path.clone()
                } else {
                    let base = Path::new(path).parent().unwrap_or(Path::new(""));
                    normalize(&base.join(file))
                };
                let page = all
                    .get(&resolved)
                    .unwrap_or_else(|| panic!("{path}: broken link {target}"));
                if !fragment.is_empty() {
                    let page = String::from_utf8_lossy(page);
                    assert!(
                        page.contains(&format!("id=\"{fragment}\"")),
                        "{path}: no #{fragment} in {resolved}"
                    );
                }
            }
        }
    }
}

fn normalize(path: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                assert!(
                    parts.pop().is_some(),
                    "link leaves the site: {}",
                    path.display()
                );
            }
            std::path::Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    parts.join("/")
}

pub(crate) fn example_site() -> PathBuf {
    let dir = tempfile::tempdir().unwrap().keep();
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("example-registry");
    let out = crate::support::milepost()
        .arg("-C")
        .arg(&example)
        .args(["build", "--out"])
        .arg(dir.join("site"))
        .args(["--now", "2026-11-26T00:00:00Z"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir.join("site")
}

#[test]
fn every_link_of_the_example_sites_resolves() {
    let site = example_site();
    assert_links_resolve(&site.join("public"));
    assert_links_resolve(&site.join("internal"));
    // Incidents: the one still mitigating comes before the resolved ones,
    // and the open follow-ups of all of them are listed.
    let incidents = text(&site, "internal/incidents/index.html");
    let mitigated = incidents.find("Rail ETAs several hours early").unwrap();
    let resolved = incidents
        .find("blank labels")
        .or_else(|| incidents.find("ZPL"))
        .unwrap();
    assert!(mitigated < resolved, "open incidents must come first");
    assert!(incidents.contains("<h2 id=\"open-follow-ups\">Follow-ups still open</h2>"));
    // The 404 page is served at any address: its links start from base_url.
    assert!(
        text(&site, "public/404.html").contains(
            "<a href=\"https://releases.tidewater.example/index.html\">release notes</a>"
        )
    );
    fs::remove_dir_all(site.parent().unwrap()).unwrap();
}

#[test]
fn the_feeds_carry_every_required_element() {
    let site = example_site();
    let xml = fs::read(site.join("public/feed.xml")).unwrap();
    let feed = atom_syndication::Feed::read_from(&xml[..]).unwrap();
    assert_eq!(feed.id(), "https://releases.tidewater.example/");
    assert_eq!(feed.title().as_str(), "Tidewater release notes");
    assert!(!feed.authors().is_empty());
    assert!(feed.links().iter().any(|l| l.rel() == "self" && l.href() == "https://releases.tidewater.example/feed.xml"));
    // 3.1.1 is an internal release, 3.3.0 was withdrawn and 3.6.0 is not in production.
    assert_eq!(feed.entries().len(), 11);
    let first = &feed.entries()[0];
    assert_eq!(
        first.id(),
        "https://releases.tidewater.example/releases/3.5.2/"
    );
    assert_eq!(
        first.title().as_str(),
        "Tidewater 3.5.2: Rail ETAs and signed webhooks v2"
    );
    // In production at 08:00, published at its `publish_at`, never edited since.
    assert_eq!(
        first.published().map(|p| p.to_rfc3339()).as_deref(),
        Some("2026-10-21T13:00:00+00:00")
    );
    assert_eq!(first.updated().to_rfc3339(), "2026-10-21T13:00:00+00:00");
    assert_eq!(feed.updated(), first.updated());
    for entry in feed.entries() {
        assert!(entry.links().iter().any(|l| l.rel() == "alternate"));
        assert!(entry.content().is_some_and(|c| c.value().is_some()));
    }
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(site.join("public/feed.json")).unwrap()).unwrap();
    assert_eq!(json["version"], "https://jsonfeed.org/version/1.1");
    let items = json["items"].as_array().unwrap();
    assert_eq!(items.len(), feed.entries().len());
    for (item, entry) in items.iter().zip(feed.entries()) {
        assert_eq!(item["id"], entry.id());
        assert_eq!(item["title"], entry.title().as_str());
    }
    let sitemap = text(&site, "public/sitemap.xml");
    assert!(sitemap.contains("<url><loc>https://releases.tidewater.example/releases/3.5.2/</loc><lastmod>2026-10-21T08:00:00Z</lastmod></url>"));
    fs::remove_dir_all(site.parent().unwrap()).unwrap();
}

#[test]
fn the_same_inputs_give_byte_identical_sites() {
    let repo = deployed_repo();
    let (a, b) = (repo.path().join("a"), repo.path().join("b"));
    build(&repo, &a, NOW);
    build(&repo, &b, NOW);
    assert_eq!(files(&a), files(&b));
}

#[test]
fn a_failed_build_leaves_the_previous_site() {
    let repo = deployed_repo();
    let out = repo.path().join("site");
    build(&repo, &out, NOW);
    let before = files(&out);
    // A broken template override: the error names the template.
    repo.write("site-templates/public/index.html", "{% extends \"builtin/public/index.html\" %}\n{% block content %}{{ oops(\n{% endblock content %}\n");
    let result = build(&repo, &out, NOW);
    assert_eq!(result.status.code(), Some(1));
    let stderr = String::from_utf8(result.stderr).unwrap();
    assert!(stderr.contains("public/index.html"), "{stderr}");
    assert_eq!(files(&out), before);
    // A registry with errors.
    repo.remove("site-templates/public/index.html");
    repo.write("teams.toml", "[people.bob\n");
    let result = build(&repo, &out, NOW);
    assert_eq!(result.status.code(), Some(1));
    assert!(
        String::from_utf8(result.stderr)
            .unwrap()
            .contains("teams.toml:1:12")
    );
    assert_eq!(files(&out), before);
    let leftovers: Vec<_> = fs::read_dir(repo.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with(".site"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_registry_overrides_one_block_of_a_builtin_template() {
    let repo = deployed_repo();
    repo.write(
        "site-templates/public/release.html",
        "{% extends \"builtin/public/release.html\" %}\n{% block content %}<p class=\"custom\">Custom banner</p>{{ super() }}{% endblock content %}\n",
    );
    let out = repo.path().join("site");
    let result = build(&repo, &out, NOW);
    assert_eq!(
        result.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let page = text(&out, "public/releases/1.0.0/index.html");
    assert!(page.contains("<p class=\"custom\">Custom banner</p>"));
    assert!(page.contains("<h1>Fixture Cloud 1.0.0: First</h1>"));
}

#[test]
fn the_internal_release_page_shows_the_checklist() {
    let repo = deployed_repo();
    let out = repo.path().join("site");
    build(&repo, &out, NOW);
    let page = text(&out, "internal/releases/1.1.0/index.html");
    let start = page.find("<ul class=\"checklist\">").unwrap();
    let end = start + page[start..].find("</ul>").unwrap();
    insta::assert_snapshot!(&page[start..end], @r#"
    <ul class="checklist">
    <li><span class="ok">✓ done</span> <strong>Owner</strong>: Alice Ng is responsible</li>
    <li><span class="ok">✓ done</span> <strong>Customer notes</strong>: notes.md is written</li>
    <li><span class="ok">✓ done</span> <strong>Deploy doc</strong>: every required section is written</li>
    <li><span class="ok">✓ done</span> <strong>Deploy to uat</strong>: deployed; every rule held</li>
    <li><span class="next">→ next</span> <strong>Deploy to prod</strong>: only approved releases may reach production, and this one is ready; prod needs 1 approval from ops, and releases/1.1.0/release.toml has 0</li>
    "#);
}

#[test]
fn outside_git_the_build_has_no_history_and_says_so() {
    let test = crate::support::RegistryTest::new("base");
    let out = test.cmd().args(["build", "--now", NOW]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "warning: not in a Git repository, so deploys are not judged (the history comes from commits)\n"
    );
    assert!(test.path().join("_site/public/index.html").is_file());
    assert!(!test.path().join("_site/public/releases").exists());
}

/// `serve` renders pages one at a time: each must be exactly the page that
/// `build` writes.
#[test]
fn pages_rendered_alone_equal_the_built_ones() {
    use milepost::site::pipeline::{Site, prepare};
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("example-registry");
    let repo = milepost::git::GitRepo::discover(&example).unwrap();
    let options = milepost::history::WalkOptions {
        rev: None,
        use_cache: false,
    };
    let history = milepost::history::load(&repo, &options, &mut |_, _| {}).unwrap();
    let now: jiff::Timestamp = "2026-11-26T00:00:00Z".parse().unwrap();
    let judgement = milepost::judgement::Judgement::new(
        milepost::check_registry(&example),
        history,
        milepost::judgement::Deploys::History,
        now,
    );
    let model = prepare(&example, judgement)
        .map_err(|f| f.describe())
        .unwrap();
    let sites = model.render_all().map_err(|f| f.describe()).unwrap();
    for (site, pages) in [
        (Site::Public, &sites.public),
        (Site::Internal, &sites.internal),
    ] {
        for page in pages {
            let alone = model
                .render_page(site, &page.path)
                .map_err(|f| f.describe())
                .unwrap();
            assert_eq!(
                alone.as_ref().map(|p| &p.bytes),
                Some(&page.bytes),
                "{site:?} {}",
                page.path
            );
        }
        assert!(
            model
                .render_page(site, "releases/9.9.9/index.html")
                .map_err(|f| f.describe())
                .unwrap()
                .is_none()
        );
    }
}
