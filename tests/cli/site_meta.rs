//! What the public pages say about themselves (title, description,
//! canonical address, Open Graph, favicon, robots.txt), the anchors of
//! their changes, the files published with a release, and the 404 page.

use std::fs;
use std::path::Path;

use crate::repo::{ALICE, BOB, TestRepo};
use crate::site::{NOW, assert_links_resolve, build, deployed_repo, example_site, files, text};
use crate::support::RegistryTest;

const BASE: &str = "https://releases.fixture.example/";

#[track_caller]
fn built(repo: &TestRepo, out: &Path) {
    let result = build(repo, out, NOW);
    assert_eq!(
        result.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
}

/// The value of `<meta {key}="{name}" content="...">` in `html`.
fn meta<'a>(html: &'a str, key: &str, name: &str) -> &'a str {
    let start = format!("<meta {key}=\"{name}\" content=\"");
    let i = html
        .find(&start)
        .unwrap_or_else(|| panic!("no {name} in {html}"))
        + start.len();
    &html[i..i + html[i..].find('"').unwrap()]
}

#[test]
fn a_release_page_names_product_version_and_describes_itself() {
    let repo = deployed_repo();
    repo.write(
        "releases/1.0.0/release.toml",
        r#"version = "1.0.0"
title = "Say \"hi\" <b>&</b>"
summary = "Quotes \" and <tags> & 'apostrophes' stay text"
status = "approved"
owner = "alice"
customer_facing = true

[[changes]]
kind = "added"
summary = "Everything"

[[approvals]]
by = "bob"
at = 2024-06-01T10:00:00Z
"#,
    );
    repo.write("releases/1.0.0/internal.md", "Secret internal paragraph.\n");
    repo.commit(ALICE, "2024-06-05T10:00:00Z", "Hostile title");
    let out = repo.path().join("site");
    built(&repo, &out);
    let page = text(&out, "public/releases/1.0.0/index.html");
    assert!(
        page.contains(
            "<title>Fixture Cloud 1.0.0: Say &quot;hi&quot; &lt;b&gt;&amp;&lt;/b&gt; · Fixture Cloud release notes</title>"
        ),
        "{page}"
    );
    let description = "Quotes &quot; and &lt;tags&gt; &amp; &#39;apostrophes&#39; stay text";
    assert_eq!(meta(&page, "name", "description"), description);
    assert_eq!(meta(&page, "property", "og:description"), description);
    assert_eq!(
        meta(&page, "property", "og:title"),
        "Fixture Cloud 1.0.0: Say &quot;hi&quot; &lt;b&gt;&amp;&lt;/b&gt;"
    );
    assert_eq!(meta(&page, "property", "og:type"), "article");
    assert_eq!(
        meta(&page, "property", "og:site_name"),
        "Fixture Cloud release notes"
    );
    let url = "https://releases.fixture.example/releases/1.0.0/";
    assert_eq!(meta(&page, "property", "og:url"), url);
    assert!(page.contains(&format!("<link rel=\"canonical\" href=\"{url}\">")));
    assert!(!page.contains("Secret internal"));

    // No summary: the first paragraph of the notes, as plain text.
    repo.write(
        "releases/1.0.0/release.toml",
        &fs::read_to_string(repo.path().join("releases/1.0.0/release.toml"))
            .unwrap()
            .replace(
                "summary = \"Quotes \\\" and <tags> & 'apostrophes' stay text\"\n",
                "",
            ),
    );
    repo.write(
        "releases/1.0.0/notes.md",
        &format!(
            "## Overview\n\nExports are **much**\nfaster now: {}\n\nSecond paragraph.\n",
            "word ".repeat(60)
        ),
    );
    repo.commit(ALICE, "2024-06-05T11:00:00Z", "Notes only");
    built(&repo, &out);
    let page = text(&out, "public/releases/1.0.0/index.html");
    let description = meta(&page, "name", "description");
    assert!(
        description.starts_with("Exports are much faster now: word word"),
        "{description}"
    );
    assert!(description.ends_with("word…"), "{description}");
    assert!(description.chars().count() <= 160, "{description}");
    // The index is a website, described by the site's settings (none here).
    let index = text(&out, "public/index.html");
    assert!(index.contains("<title>Fixture Cloud release notes</title>"));
    assert_eq!(meta(&index, "property", "og:type"), "website");
    assert!(!index.contains("name=\"description\""));
}

/// Every address of sitemap.xml is the canonical address of its page, and
/// every page but the 404 is in the sitemap.
#[test]
fn every_page_of_the_sitemap_names_its_address_as_canonical() {
    let site = example_site();
    let public = site.join("public");
    let sitemap = text(&public, "sitemap.xml");
    let settings = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("example-registry/milepost.toml"),
    )
    .unwrap();
    let base = settings
        .lines()
        .find_map(|l| l.strip_prefix("base_url = \""))
        .and_then(|l| l.strip_suffix('"'))
        .unwrap();
    let mut listed = Vec::new();
    for loc in sitemap.split("<loc>").skip(1) {
        let loc = &loc[..loc.find("</loc>").unwrap()];
        let path = format!("{}index.html", loc.strip_prefix(base).unwrap());
        let page = text(&public, &path);
        assert!(
            page.contains(&format!("<link rel=\"canonical\" href=\"{loc}\">")),
            "{path} does not name {loc}"
        );
        listed.push(path);
    }
    for path in files(&public).keys() {
        if path.ends_with(".html") && path != "404.html" {
            assert!(listed.contains(path), "{path} is not in the sitemap");
        }
    }
    assert!(listed.len() > 2);
    assert_eq!(
        text(&public, "robots.txt"),
        format!("User-agent: *\nAllow: /\nSitemap: {base}sitemap.xml\n")
    );
    fs::remove_dir_all(site.parent().unwrap()).unwrap();
}

#[test]
fn both_sites_have_a_favicon_built_in_or_the_registry_s() {
    let repo = deployed_repo();
    let out = repo.path().join("site");
    built(&repo, &out);
    for site in ["public", "internal"] {
        let icon = fs::read(out.join(site).join("favicon.svg")).unwrap();
        assert!(icon.starts_with(b"<svg"), "{site}");
        let page = text(&out, &format!("{site}/releases/1.0.0/index.html"));
        assert!(
            page.contains("<link rel=\"icon\" href=\"../../favicon.svg\" type=\"image/svg+xml\">"),
            "{page}"
        );
    }
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR fake";
    fs::create_dir_all(repo.path().join("assets")).unwrap();
    fs::write(repo.path().join("assets/icon.png"), png).unwrap();
    let settings = fs::read_to_string(repo.path().join("milepost.toml")).unwrap();
    repo.write(
        "milepost.toml",
        &settings.replace(
            "base_url = \"https://releases.fixture.example/\"\n",
            "base_url = \"https://releases.fixture.example/\"\nfavicon = \"assets/icon.png\"\n",
        ),
    );
    repo.commit(ALICE, "2024-06-05T10:00:00Z", "Favicon");
    built(&repo, &out);
    for site in ["public", "internal"] {
        assert_eq!(fs::read(out.join(site).join("favicon.png")).unwrap(), png);
        assert!(!out.join(site).join("favicon.svg").exists());
        assert!(
            text(&out, &format!("{site}/index.html"))
                .contains("<link rel=\"icon\" href=\"favicon.png\" type=\"image/png\">")
        );
    }
    assert_links_resolve(&out.join("public"));
}

#[test]
fn check_refuses_a_favicon_it_cannot_publish() {
    let unsafe_svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>";
    for (favicon, file, expected) in [
        ("assets/missing.png", None, "cannot read assets/missing.png"),
        ("../outside.png", None, "inside the registry"),
        ("assets/icon.gif", Some(&b"GIF89a"[..]), "svg, png, ico"),
        (
            "assets/huge.ico",
            Some(&[0u8; 100 * 1024 + 1][..]),
            "at most 102400 bytes (100 KiB)",
        ),
        (
            "assets/icon.svg",
            Some(unsafe_svg.as_bytes()),
            "event handler (`onload`)",
        ),
    ] {
        let test = RegistryTest::new("base");
        if let Some(bytes) = file {
            test.write(favicon, bytes);
        }
        let settings = fs::read_to_string(test.path().join("milepost.toml")).unwrap();
        test.write(
            "milepost.toml",
            settings.replace("[policy]", &format!("favicon = \"{favicon}\"\n\n[policy]")),
        );
        let run = test.check();
        let errors = run.errors();
        assert_eq!(errors.len(), 1, "{favicon}: {:#}", run.json);
        assert!(
            errors[0] == "milepost.toml:8:11 favicon"
                || errors[0] == "milepost.toml:8:11 unsafe-svg",
            "{favicon}: {errors:?}"
        );
        assert!(
            run.messages().iter().any(|m| m.contains(expected)),
            "{favicon}: {:?}",
            run.messages()
        );
    }
}

#[test]
fn each_change_has_an_id_from_its_words_that_survives_reordering() {
    let release = |changes: &[(&str, &str)]| {
        let mut toml = String::from(
            "version = \"1.0.0\"\ntitle = \"First\"\nstatus = \"approved\"\nowner = \"alice\"\ncustomer_facing = true\n",
        );
        for (kind, summary) in changes {
            toml.push_str(&format!(
                "\n[[changes]]\nkind = \"{kind}\"\nsummary = \"{summary}\"\n"
            ));
        }
        toml.push_str("\n[[approvals]]\nby = \"bob\"\nat = 2024-06-01T10:00:00Z\n");
        toml
    };
    let ids = |page: &str| -> Vec<String> {
        page.match_indices("<li id=\"")
            .map(|(i, _)| {
                let rest = &page[i + 8..];
                rest[..rest.find('"').unwrap()].to_string()
            })
            .collect()
    };
    let repo = deployed_repo();
    let changes = [
        ("added", "Export to `Parquet`"),
        ("fixed", "Export to Parquet"),
        ("fixed", "Export to Parquet"),
        ("added", "Dark mode"),
    ];
    repo.write("releases/1.0.0/release.toml", &release(&changes));
    repo.commit(ALICE, "2024-06-05T10:00:00Z", "Changes");
    let out = repo.path().join("site");
    built(&repo, &out);
    let page = text(&out, "public/releases/1.0.0/index.html");
    assert_eq!(
        ids(&page),
        [
            "added-export-to-parquet",
            "added-dark-mode",
            "fixed-export-to-parquet",
            "fixed-export-to-parquet-2"
        ]
    );
    assert!(page.contains(
        "<a class=\"permalink\" href=\"#added-dark-mode\" aria-label=\"Link to this change\">#</a>"
    ));
    assert_links_resolve(&out.join("public"));
    let mut reordered = changes;
    reordered.reverse();
    repo.write("releases/1.0.0/release.toml", &release(&reordered));
    repo.commit(ALICE, "2024-06-05T11:00:00Z", "Reorder");
    built(&repo, &out);
    let page = text(&out, "public/releases/1.0.0/index.html");
    let mut after = ids(&page);
    after.sort();
    assert_eq!(
        after,
        [
            "added-dark-mode",
            "added-export-to-parquet",
            "fixed-export-to-parquet",
            "fixed-export-to-parquet-2"
        ]
    );
}

/// A tiny valid PNG (1×1, transparent).
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9cc\xf8\x0f\0\x01\x01\x01\0\x18\xdd\x8d\xb0\0\0\0\0IEND\xaeB`\x82";
const PDF: &[u8] = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
const SVG: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 4 4\"><rect width=\"4\" height=\"4\" fill=\"#36c\"/></svg>\n";

#[test]
fn attachments_are_published_with_their_release() {
    let repo = deployed_repo();
    let dir = repo.path().join("releases");
    fs::write(dir.join("1.0.0/export-dialog.png"), PNG).unwrap();
    fs::write(dir.join("1.0.0/spec.pdf"), PDF).unwrap();
    fs::write(dir.join("1.0.0/flow.svg"), SVG).unwrap();
    fs::write(dir.join("1.1.0/plan.png"), PNG).unwrap();
    repo.write(
        "releases/1.0.0/notes.md",
        "The first release.\n\n![The export dialog](export-dialog.png)\n\nRead the [specification](spec.pdf) and see ![the flow](flow.svg).\n",
    );
    repo.write("releases/1.1.0/notes.md", "Faster.\n\n![Plan](plan.png)\n");
    repo.commit(ALICE, "2024-06-05T10:00:00Z", "Attachments");
    let out = repo.path().join("site");
    built(&repo, &out);
    let public = out.join("public");
    assert_eq!(
        fs::read(public.join("releases/1.0.0/export-dialog.png")).unwrap(),
        PNG
    );
    assert_eq!(
        fs::read(public.join("releases/1.0.0/spec.pdf")).unwrap(),
        PDF
    );
    assert_eq!(
        fs::read_to_string(public.join("releases/1.0.0/flow.svg")).unwrap(),
        SVG
    );
    let page = text(&public, "releases/1.0.0/index.html");
    assert!(
        page.contains("<img src=\"export-dialog.png\" alt=\"The export dialog\""),
        "{page}"
    );
    assert!(
        page.contains("<a href=\"spec.pdf\">specification</a>"),
        "{page}"
    );
    // 1.1.0 is not published: neither is its image; the internal site has it.
    assert!(!public.join("releases/1.1.0").exists());
    assert_eq!(
        fs::read(out.join("internal/releases/1.1.0/plan.png")).unwrap(),
        PNG
    );
    assert_eq!(
        fs::read(out.join("internal/releases/1.0.0/spec.pdf")).unwrap(),
        PDF
    );
    assert_links_resolve(&public);
    assert_links_resolve(&out.join("internal"));
    // Feeds are read away from the page: their addresses are absolute.
    let atom = text(&public, "feed.xml");
    assert!(
        atom.contains(&format!(
            "&lt;img src=&quot;{BASE}releases/1.0.0/export-dialog.png&quot;"
        )),
        "{atom}"
    );
    assert!(atom.contains(&format!("href=&quot;{BASE}releases/1.0.0/spec.pdf&quot;")));
    let json: serde_json::Value = serde_json::from_str(&text(&public, "feed.json")).unwrap();
    let content = json["items"][0]["content_html"].as_str().unwrap();
    assert!(
        content.contains(&format!("src=\"{BASE}releases/1.0.0/flow.svg\"")),
        "{content}"
    );
    assert!(!content.contains("src=\"flow.svg\""));
    // Once 1.1.0 is published, its image is too.
    repo.deploy("prod", "1.1.0", None, BOB, "2024-06-13T10:00:00Z");
    built(&repo, &out);
    assert_eq!(
        fs::read(out.join("public/releases/1.1.0/plan.png")).unwrap(),
        PNG
    );
}

#[test]
fn check_flags_other_files_and_refuses_unsafe_attachments() {
    let test = RegistryTest::new("base");
    test.write("releases/1.0.0/shot.png", PNG)
        .write("releases/1.0.0/tool.exe", b"MZ")
        .write("releases/1.0.0/page.html", "<script>alert(1)</script>");
    let run = test.check();
    run.assert_errors(&[]);
    run.assert_warnings(&[
        "releases/1.0.0/page.html:1:1 unexpected-file",
        "releases/1.0.0/tool.exe:1:1 unexpected-file",
    ]);
    let test = RegistryTest::new("base");
    test.write(
        "releases/1.0.0/diagram.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\">\n<rect width=\"1\" height=\"1\"/>\n  <script>alert(document.cookie)</script>\n</svg>\n",
    )
    .write("releases/1.0.0/my shot.png", PNG)
    .write("releases/1.0.0/x.svg", "<svg><foreignObject/></svg>");
    let run = test.check();
    run.assert_errors(&[
        "releases/1.0.0/diagram.svg:3:3 unsafe-svg",
        "releases/1.0.0/my shot.png:1:1 attachment-name",
        "releases/1.0.0/x.svg:1:6 unsafe-svg",
    ]);
    let messages = run.messages();
    assert!(
        messages.iter().any(|m| m.contains("`<script>` element")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("`<foreignobject>` element")),
        "{messages:?}"
    );
    // Read as bytes, but like every file: no link out of the registry, no huge file.
    let test = RegistryTest::new("base");
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("secret.png"), PNG).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.png"),
        test.path().join("releases/1.0.0/leak.png"),
    )
    .unwrap();
    let huge = fs::File::create(test.path().join("releases/1.0.0/huge.pdf")).unwrap();
    huge.set_len(10 * 1024 * 1024 + 1).unwrap();
    test.check().assert_errors(&[
        "releases/1.0.0/huge.pdf:1:1 too-large",
        "releases/1.0.0/leak.png:1:1 symlink",
    ]);
}

#[test]
fn the_404_page_works_at_any_depth_and_from_disk() {
    let repo = deployed_repo();
    let settings = fs::read_to_string(repo.path().join("milepost.toml")).unwrap();
    repo.write(
        "milepost.toml",
        &settings.replace(BASE, "https://acme.example/notes/"),
    );
    repo.commit(ALICE, "2024-06-05T10:00:00Z", "Base path");
    let out = repo.path().join("site");
    built(&repo, &out);
    let page = text(&out, "public/404.html");
    let style = text(&out, "public/style.css");
    assert!(
        page.contains(&format!("<style>\n{style}\n</style>")),
        "{page}"
    );
    assert!(!page.contains("rel=\"stylesheet\""));
    let base = "https://acme.example/notes/";
    let mut links = 0;
    for attr in ["href=\"", "src=\""] {
        for (i, _) in page.match_indices(attr) {
            let target = &page[i + attr.len()..];
            let target = &target[..target.find('"').unwrap()];
            links += 1;
            assert!(
                target.starts_with(base) || target.starts_with('#'),
                "relative link {target} in the 404 page"
            );
        }
    }
    assert!(links >= 3);
    assert!(page.contains(&format!("href=\"{base}index.html\">release notes</a>")));
}
