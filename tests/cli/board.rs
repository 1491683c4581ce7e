//! The internal dashboard and release pages: the release × environment
//! board, what holds a pending promotion back, times with their age,
//! environments by name, ticket and commit links, long pending lists.

use std::fs;
use std::path::Path;

use crate::repo::{ALICE, BOB, TestRepo};

fn build(repo: &TestRepo, now: &str) -> std::path::PathBuf {
    let out = repo.path().join("site");
    let result = repo.milepost(&["build", "--out", out.to_str().unwrap(), "--now", now]);
    assert_eq!(
        result.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    out.join("internal")
}

fn page(site: &Path, rel: &str) -> String {
    fs::read_to_string(site.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The part of `page` from `start` up to the first `end` after it.
fn between<'a>(page: &'a str, start: &str, end: &str) -> &'a str {
    let from = page
        .find(start)
        .unwrap_or_else(|| panic!("no {start:?} in\n{page}"));
    let to = from + page[from..].find(end).unwrap();
    &page[from..to]
}

fn env_file(name: &str, tier: &str, release: &str) -> String {
    format!("name = \"{name}\"\ntier = \"{tier}\"\nrelease = \"{release}\"\n")
}

#[test]
fn the_board_shows_where_each_release_runs_in_promotion_order() {
    let repo = TestRepo::new("");
    // beta sorts before uat by id, but comes after it.
    let settings = fs::read_to_string(repo.registry().join("milepost.toml")).unwrap();
    repo.write(
        "milepost.toml",
        &format!("{settings}\n[policy.environments.beta]\nafter = [\"uat\"]\n"),
    );
    repo.write(
        "environments/uat.toml",
        &env_file("UAT", "staging", "1.0.0"),
    );
    repo.commit(ALICE, "2024-06-02T10:00:00Z", "1.0.0 to uat");
    repo.write(
        "environments/prod.toml",
        &env_file("Production", "production", "1.0.0"),
    );
    repo.commit(BOB, "2024-06-03T11:00:00Z", "1.0.0 to prod");
    repo.write(
        "environments/uat.toml",
        &env_file("UAT", "staging", "1.1.0"),
    );
    repo.commit(ALICE, "2024-06-04T10:00:00Z", "1.1.0 to uat");
    repo.write(
        "environments/beta.toml",
        &env_file("Beta", "staging", "1.1.0"),
    );
    repo.commit(ALICE, "2024-06-05T10:00:00Z", "1.1.0 to beta");
    let site = build(&repo, "2024-07-01T00:00:00Z");
    let index = page(&site, "index.html");
    insta::assert_snapshot!(between(&index, "<table class=\"stack board\">", "</table>"), @r#"
    <table class="stack board">
    <caption>Every release, newest first: ● runs there now, ○ ran there before, — never went there.</caption>
    <thead><tr><th scope="col">Release</th><th scope="col"><a href="environments/uat/index.html">UAT</a></th><th scope="col"><a href="environments/beta/index.html">Beta</a></th><th scope="col"><a href="environments/prod/index.html">Production</a></th></tr></thead>
    <tbody>
    <tr>
    <th scope="row" data-label="Release"><a href="releases/1.1.0/index.html">1.1.0</a> <span class="tag">ready</span></th>
    <td data-label="UAT"><span class="board-current">● current</span> since <time datetime="2024-06-04T10:00:00Z">4 June 2024</time> <span class="ago">(26 days ago)</span></td>
    <td data-label="Beta"><span class="board-current">● current</span> since <time datetime="2024-06-05T10:00:00Z">5 June 2024</time> <span class="ago">(25 days ago)</span></td>
    <td data-label="Production"><span class="board-never">— never</span></td>
    </tr>
    <tr>
    <th scope="row" data-label="Release"><a href="releases/1.0.0/index.html">1.0.0</a> <span class="tag">approved</span></th>
    <td data-label="UAT"><span class="board-earlier">○ earlier</span> until <time datetime="2024-06-04T10:00:00Z">4 June 2024</time> <span class="ago">(26 days ago)</span></td>
    <td data-label="Beta"><span class="board-never">— never</span></td>
    <td data-label="Production"><span class="board-current">● current</span> since <time datetime="2024-06-03T11:00:00Z">3 June 2024</time> <span class="ago">(27 days ago)</span></td>
    </tr>
    </tbody>
    "#);
    // The checklist follows the same order.
    let release = page(&site, "releases/1.1.0/index.html");
    let labels: Vec<&str> = release
        .match_indices("<strong>Deploy to ")
        .map(|(i, _)| &release[i + 18..i + 18 + release[i + 18..].find("</strong>").unwrap()])
        .collect();
    assert_eq!(labels, ["UAT", "Beta", "Production"]);
}

#[test]
fn the_board_shows_the_newest_releases_and_links_to_the_rest() {
    let repo = TestRepo::new("");
    for minor in 2..=17 {
        repo.write(
            &format!("releases/1.{minor}.0/release.toml"),
            &format!("version = \"1.{minor}.0\"\ntitle = \"R{minor}\"\nstatus = \"draft\"\nowner = \"alice\"\n"),
        );
    }
    repo.commit(ALICE, "2024-06-01T09:00:00Z", "Releases");
    repo.deploy("uat", "1.0.0", None, ALICE, "2024-06-02T10:00:00Z");
    repo.deploy("prod", "1.0.0", None, BOB, "2024-06-03T11:00:00Z");
    let index = page(&build(&repo, "2024-07-01T00:00:00Z"), "index.html");
    assert!(index.contains("<caption>The newest 15 of 18 releases, newest first:"));
    assert!(index.contains("<p><a href=\"releases/index.html\">All 18 releases</a></p>"));
    let board = between(&index, "<table class=\"stack board\">", "</table>");
    assert!(board.contains(">1.17.0</a>") && board.contains(">1.3.0</a>"));
    assert!(!board.contains(">1.2.0</a>") && !board.contains(">1.0.0</a>"));
}

/// 1.1.0 (approved) reached uat four hours before `NOW`, inside the Black
/// Friday freeze of prod, without the approval prod needs.
fn held_repo() -> TestRepo {
    let repo = TestRepo::new("");
    let release = repo.registry().join("releases/1.1.0/release.toml");
    let text = fs::read_to_string(&release).unwrap();
    repo.write(
        "releases/1.1.0/release.toml",
        &text.replace("status = \"ready\"", "status = \"approved\""),
    );
    repo.deploy("uat", "1.0.0", None, ALICE, "2024-06-02T10:00:00Z");
    repo.deploy("prod", "1.0.0", None, BOB, "2024-06-03T11:00:00Z");
    repo.deploy("uat", "1.1.0", None, ALICE, "2024-11-28T20:00:00Z");
    repo
}

const HELD_NOW: &str = "2024-11-29T00:00:00Z";

#[test]
fn a_pending_promotion_says_which_rules_hold_it() {
    let repo = held_repo();
    let site = build(&repo, HELD_NOW);
    let index = page(&site, "index.html");
    insta::assert_snapshot!(between(&index, "<td data-label=\"Waiting to be promoted\"><ul", "</td>\n</tr>\n</tbody>"), @r#"
    <td data-label="Waiting to be promoted"><ul class="pending">
    <li><a href="releases/1.1.0/index.html">1.1.0</a>: held by <a class="hold" href="releases/1.1.0/index.html#checklist">soak on uat ends <time datetime="2024-11-29T20:00:00Z">29 November 2024, 20:00 UTC</time> <span class="ago">(in 20 hours)</span></a>; <a class="hold" href="releases/1.1.0/index.html#checklist">approvals 0/1 from ops</a>; <a class="hold" href="releases/1.1.0/index.html#checklist">freeze <em>Black Friday</em> until <time datetime="2024-12-02T00:00:00Z">2 December 2024, 00:00 UTC</time> <span class="ago">(in 3 days)</span></a></li>
    </ul>
    "#);
    let release = page(&site, "releases/1.1.0/index.html");
    insta::assert_snapshot!(between(&release, "<section aria-labelledby=\"waiting\">", "</section>"), @r##"
    <section aria-labelledby="waiting">
    <h2 id="waiting">Waiting to be promoted</h2>
    <ul class="pending">
    <li>To <a href="../../environments/prod/index.html">prod</a>: held by <a class="hold" href="#checklist">soak on uat ends <time datetime="2024-11-29T20:00:00Z">29 November 2024, 20:00 UTC</time> <span class="ago">(in 20 hours)</span></a>; <a class="hold" href="#checklist">approvals 0/1 from ops</a>; <a class="hold" href="#checklist">freeze <em>Black Friday</em> until <time datetime="2024-12-02T00:00:00Z">2 December 2024, 00:00 UTC</time> <span class="ago">(in 3 days)</span></a></li>
    </ul>
    "##);
    // `check` holds the same rules against the same deploy.
    let checklist = between(&release, "<strong>Deploy to prod</strong>", "</li>");
    assert!(checklist.contains("needs 24h"), "{checklist}");
    assert!(checklist.contains("1 approval from ops"), "{checklist}");
    assert!(checklist.contains("Black Friday"), "{checklist}");
    // Once every rule holds, it may go.
    let index = page(&build(&repo, "2024-12-03T00:00:00Z"), "index.html");
    let row = between(
        &index,
        "<td data-label=\"Waiting to be promoted\"><ul",
        "</td>\n</tr>\n</tbody>",
    );
    assert!(row.contains("held by <a class=\"hold\" href=\"releases/1.1.0/index.html#checklist\">approvals 0/1 from ops</a></li>"), "{row}");
}

#[test]
fn every_internal_page_says_when_it_was_generated() {
    let repo = held_repo();
    let site = build(&repo, HELD_NOW);
    let footer = "<p>Generated by milepost from the release registry at <time datetime=\"2024-11-29T00:00:00Z\">29 November 2024, 00:00 UTC</time>.</p>";
    for rel in [
        "index.html",
        "releases/index.html",
        "releases/1.1.0/index.html",
        "history/index.html",
        "calendar/index.html",
        "environments/uat/index.html",
        "incidents/index.html",
        "metrics/index.html",
    ] {
        assert!(page(&site, rel).contains(footer), "{rel}");
    }
    // Times carry their age, from the same `now`.
    let history = page(&site, "history/index.html");
    assert!(history.contains("<td data-label=\"When\"><time datetime=\"2024-11-28T20:00:00Z\">28 November 2024, 20:00 UTC</time> <span class=\"ago\">(4 hours ago)</span></td>"), "{history}");
    assert!(history.contains("<span class=\"ago\">(5 months ago)</span>"));
}

#[test]
fn environments_are_named_alike_on_every_page() {
    let repo = TestRepo::new("");
    repo.write(
        "environments/uat.toml",
        &env_file("Staging", "staging", "1.0.0"),
    );
    repo.write(
        "environments/prod.toml",
        &env_file("Production", "production", "1.0.0"),
    );
    repo.write(
        "environments/eu.toml",
        &env_file("production", "production", "1.0.0"),
    );
    repo.commit(ALICE, "2024-06-02T10:00:00Z", "1.0.0 everywhere");
    let site = build(&repo, "2024-07-01T00:00:00Z");
    let index = page(&site, "index.html");
    for name in ["Staging", "Production (prod)", "production (eu)"] {
        assert!(
            index.contains(&format!("\">{name}</a></th>")),
            "{name}: {index}"
        );
        assert!(
            index.contains(&format!("\">{name}</a></td>")),
            "{name} in recent deploys"
        );
    }
    let release = page(&site, "releases/1.0.0/index.html");
    assert!(
        release.contains("Running on Staging, production (eu), Production (prod)."),
        "{release}"
    );
    assert!(release.contains("<strong>Deploy to Staging</strong>"));
    let releases = page(&site, "releases/index.html");
    assert!(
        releases.contains(
            "<td data-label=\"Running on\">Staging, production (eu), Production (prod)</td>"
        ),
        "{releases}"
    );
    let history = page(&site, "history/index.html");
    assert!(history.contains("<a href=\"../environments/uat/index.html\">Staging</a>"));
}

#[test]
fn tickets_and_commits_link_where_links_says() {
    let repo = TestRepo::new("");
    let settings = fs::read_to_string(repo.registry().join("milepost.toml")).unwrap();
    repo.write(
        "milepost.toml",
        &format!("{settings}\n[links]\ntickets = \"https://tracker.example/browse/{{id}}\"\ncommits = \"https://git.example/acme/releases/commit/{{sha}}\"\n"),
    );
    let release = repo.registry().join("releases/1.1.0/release.toml");
    let text = fs::read_to_string(&release).unwrap();
    repo.write(
        "releases/1.1.0/release.toml",
        &text.replace(
            "summary = \"Exports are faster\"",
            "summary = \"Exports are faster\"\ntickets = [\"FX-12\", \"a b/../?x=<script>\"]",
        ),
    );
    repo.deploy("prod", "1.0.0", None, BOB, "2024-06-03T11:00:00Z");
    let sha = repo.deploy("uat", "1.1.0", None, ALICE, "2024-06-04T10:00:00Z");
    let site = build(&repo, "2024-07-01T00:00:00Z");
    let release = page(&site, "releases/1.1.0/index.html");
    assert!(release.contains("<a class=\"ticket\" href=\"https://tracker.example/browse/FX-12\"><code>FX-12</code></a>"), "{release}");
    assert!(release.contains("<a class=\"ticket\" href=\"https://tracker.example/browse/a%20b%2F..%2F%3Fx%3D%3Cscript%3E\"><code>a b/../?x=&lt;script&gt;</code></a>"), "{release}");
    let commit = format!(
        "<a href=\"https://git.example/acme/releases/commit/{sha}\"><code class=\"commit\" title=\"{sha}\">{}</code></a>",
        &sha[..10]
    );
    for rel in [
        "releases/1.1.0/index.html",
        "history/index.html",
        "environments/uat/index.html",
        "index.html",
    ] {
        assert!(page(&site, rel).contains(&commit), "{rel}");
    }
    // The public site shows neither tickets nor commits.
    let public = fs::read_to_string(
        site.parent()
            .unwrap()
            .join("public/releases/1.1.0/index.html"),
    )
    .unwrap_or_default();
    assert!(!public.contains("FX-12") && !public.contains(&sha[..10]));
}

#[test]
fn link_templates_must_be_web_addresses_with_their_placeholder() {
    let repo = TestRepo::new("");
    let settings = fs::read_to_string(repo.registry().join("milepost.toml")).unwrap();
    repo.write(
        "milepost.toml",
        &format!("{settings}\n[links]\ntickets = \"javascript:alert('{{id}}')\"\ncommits = \"https://git.example/commit/\"\n"),
    );
    repo.deploy("uat", "1.0.0", None, ALICE, "2024-06-02T10:00:00Z");
    repo.deploy("prod", "1.0.0", None, BOB, "2024-06-03T11:00:00Z");
    let out = repo.milepost(&["check", "--now", "2024-07-01T00:00:00Z"]);
    let text = String::from_utf8(out.stdout).unwrap() + &String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("links.tickets `javascript:alert('{id}')` is not an http(s) address: only those become links"), "{text}");
    assert!(text.contains("links.commits `https://git.example/commit/` has no `{sha}`, so every link would go to the same page"), "{text}");
    assert!(text.contains("milepost.toml:18:11"), "{text}");
    assert!(text.contains("milepost.toml:19:11"), "{text}");
}

#[test]
fn long_pending_lists_are_told_by_their_ends() {
    let repo = TestRepo::new("");
    repo.deploy("uat", "1.0.0", None, ALICE, "2024-06-02T10:00:00Z");
    repo.deploy("prod", "1.0.0", None, BOB, "2024-06-03T10:00:00Z");
    for minor in 2..=8 {
        repo.write(
            &format!("releases/1.{minor}.0/release.toml"),
            &format!("version = \"1.{minor}.0\"\ntitle = \"R{minor}\"\nstatus = \"ready\"\nowner = \"alice\"\n"),
        );
        repo.write(
            &format!("releases/1.{minor}.0/deploy.md"),
            "## Steps\n\nDeploy.\n\n## Rollback\n\nBack.\n\n## Verification\n\nLook.\n",
        );
        repo.deploy(
            "uat",
            &format!("1.{minor}.0"),
            None,
            ALICE,
            &format!("2024-06-{:02}T10:00:00Z", minor + 2),
        );
    }
    let out = repo.milepost(&["status"]);
    insta::assert_snapshot!(String::from_utf8(out.stdout).unwrap(), @r"
    ENV   NAME  RELEASE  SINCE                 BY         PENDING
    uat   uat   1.8.0    2024-06-10 10:00 UTC  Alice Ng   -
    prod  prod  1.0.0    2024-06-03 10:00 UTC  Bob Stone  1.2.0 … 1.8.0, 7 releases
    ");
    let json = repo.json("status", &[]);
    assert_eq!(
        json["environments"][1]["pending"],
        serde_json::json!([
            "1.2.0", "1.3.0", "1.4.0", "1.5.0", "1.6.0", "1.7.0", "1.8.0"
        ])
    );
    let index = page(&build(&repo, "2024-07-01T00:00:00Z"), "index.html");
    assert!(index.contains("<p class=\"pending-span\"><a href=\"releases/1.2.0/index.html\">1.2.0</a> … <a href=\"releases/1.8.0/index.html\">1.8.0</a>, 7 releases</p>"), "{index}");
    assert!(!index.contains(">1.5.0</a>: "));
}
