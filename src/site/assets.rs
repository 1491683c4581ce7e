//! Files of the sites that are not rendered from templates: the favicon,
//! robots.txt, and the images and documents beside a release's notes.

use super::Page;
use crate::load::assets::{ATTACHMENT_TYPES, extension};
use crate::model::{Registry, Release};
use crate::validate::svg_problem;

/// The icon of both sites when the registry names none.
const DEFAULT_FAVICON: &[u8] = include_bytes!("favicon.svg");

/// The favicon's file name on the sites (`favicon.svg`) and its media type.
pub fn favicon_name(registry: &Registry) -> (String, &'static str) {
    let (ext, _) = favicon(registry);
    let media_type = match ext.as_str() {
        "png" => "image/png",
        "ico" => "image/x-icon",
        _ => "image/svg+xml",
    };
    (format!("favicon.{ext}"), media_type)
}

/// The favicon's extension and bytes: the registry's when it names one
/// that can be used, else the built-in one.
fn favicon(registry: &Registry) -> (String, &[u8]) {
    let configured = registry
        .settings
        .as_ref()
        .is_some_and(|s| s.data.site.favicon.is_some());
    if configured
        && let Some(file) = &registry.favicon
        && let Ok(bytes) = &file.bytes
        && let Some(ext) = extension(&file.path)
        && (ext != "svg" || svg_problem(bytes).is_ok())
    {
        return (ext, bytes);
    }
    ("svg".to_string(), DEFAULT_FAVICON)
}

/// The favicon as a file of a site.
pub fn favicon_page(registry: &Registry) -> Page {
    let (name, _) = favicon_name(registry);
    let (_, bytes) = favicon(registry);
    Page::bytes(name, bytes.to_vec())
}

/// Crawlers may read everything and find the pages in the sitemap; without
/// an absolute `base_url` there is no address to give them.
pub fn robots_txt(base_url: &str) -> Page {
    let mut text = String::from("User-agent: *\nAllow: /\n");
    if crate::text::is_web_url(base_url) {
        text.push_str(&format!("Sitemap: {base_url}sitemap.xml\n"));
    }
    Page::bytes("robots.txt", text.into_bytes())
}

/// The attachments of `releases`, at `releases/<version>/<name>` beside
/// the release's page, so that the notes' relative links work. An SVG that
/// could run script is never published (`check` refuses it as well).
pub fn attachment_pages<'a>(releases: impl Iterator<Item = &'a Release>) -> Vec<Page> {
    let mut pages = Vec::new();
    for release in releases {
        for asset in &release.attachments {
            let Some(ext) = extension(&asset.name) else {
                continue;
            };
            let allowed = ATTACHMENT_TYPES.iter().any(|(e, _)| *e == ext);
            if !allowed || (ext == "svg" && svg_problem(&asset.bytes).is_err()) {
                continue;
            }
            pages.push(Page::bytes(
                format!("releases/{}/{}", release.id(), asset.name),
                asset.bytes.to_vec(),
            ));
        }
    }
    pages
}

/// Rendered HTML with its relative `href` and `src` addresses made
/// absolute from `page_url` (the address of the page it was written for),
/// for a feed reader, which shows it away from that page. The HTML is the
/// sanitizer's output: every attribute value in double quotes.
pub fn absolute_urls(html: &str, page_url: &str) -> String {
    let origin_end = page_url
        .find("://")
        .and_then(|i| page_url[i + 3..].find('/').map(|j| i + 3 + j))
        .unwrap_or(page_url.len());
    let origin = &page_url[..origin_end];
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    loop {
        let next = ["href=\"", "src=\""]
            .iter()
            .filter_map(|a| rest.find(a).map(|i| (i, a.len())))
            .min();
        let Some((i, len)) = next else {
            out.push_str(rest);
            return out;
        };
        out.push_str(&rest[..i + len]);
        rest = &rest[i + len..];
        let end = rest.find('"').unwrap_or(rest.len());
        let url = &rest[..end];
        let has_scheme = url
            .split_once(':')
            .is_some_and(|(scheme, _)| !scheme.contains(['/', '?', '#']));
        if has_scheme || url.starts_with("//") {
            out.push_str(url);
        } else if url.starts_with('/') {
            out.push_str(origin);
            out.push_str(url);
        } else {
            out.push_str(page_url);
            out.push_str(url);
        }
        rest = &rest[end..];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_addresses_become_absolute_from_the_page() {
        let page = "https://r.example/notes/releases/2.4.1/";
        let html = r##"<p><img src="shot.png" alt="x"> <a href="spec.pdf">spec</a> <a href="#notes-a">a</a> <a href="https://o.example/">o</a> <a href="mailto:a@b.example">m</a> <a href="/top">t</a> <a href="../2.4.0/">p</a></p>"##;
        assert_eq!(
            absolute_urls(html, page),
            r##"<p><img src="https://r.example/notes/releases/2.4.1/shot.png" alt="x"> <a href="https://r.example/notes/releases/2.4.1/spec.pdf">spec</a> <a href="https://r.example/notes/releases/2.4.1/#notes-a">a</a> <a href="https://o.example/">o</a> <a href="mailto:a@b.example">m</a> <a href="https://r.example/top">t</a> <a href="https://r.example/notes/releases/2.4.1/../2.4.0/">p</a></p>"##
        );
    }

    #[test]
    fn robots_point_at_the_sitemap() {
        let page = robots_txt("https://r.example/notes/");
        assert_eq!(
            String::from_utf8(page.bytes).unwrap(),
            "User-agent: *\nAllow: /\nSitemap: https://r.example/notes/sitemap.xml\n"
        );
        assert!(
            !String::from_utf8(robots_txt("/").bytes)
                .unwrap()
                .contains("Sitemap")
        );
    }
}
