//! Answering requests from the sites in memory. Pure: a path in, a response
//! out; the server module does the sockets.

use std::collections::HashMap;

use crate::site::Page;

/// The built sites, by path, ready to serve.
#[derive(Debug, Default)]
pub struct Served {
    pub public: HashMap<String, Vec<u8>>,
    pub internal: HashMap<String, Vec<u8>>,
    /// Why the last build failed, if it did: shown over every page, while
    /// the pages of the last good build are still served.
    pub error: Option<String>,
    /// Counts builds, good or not.
    pub generation: u64,
}

impl Served {
    pub fn set_sites(&mut self, public: Vec<Page>, internal: Vec<Page>) {
        self.public = public.into_iter().map(|p| (p.path, p.bytes)).collect();
        self.internal = internal.into_iter().map(|p| (p.path, p.bytes)).collect();
    }
}

#[derive(Debug, PartialEq, Eq)]
pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    /// For redirects.
    pub location: Option<String>,
}

impl Reply {
    fn new(status: u16, content_type: &'static str, body: Vec<u8>) -> Reply {
        Reply {
            status,
            content_type,
            body,
            location: None,
        }
    }

    fn not_found() -> Reply {
        Reply::new(404, "text/plain; charset=utf-8", b"not found\n".to_vec())
    }
}

pub const EVENTS_PATH: &str = "/__milepost/events";

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next() {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("xml") => "application/xml; charset=utf-8",
        Some("json") => "application/json; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Decodes `%xx` escapes; `None` for malformed escapes or text that is not UTF-8.
fn percent_decode(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// A request path as a key of the sites, or `None` if it tries to leave
/// them (`..`, `.`, backslashes, NUL, empty segments after decoding).
fn safe_key(rest: &str) -> Option<String> {
    let decoded = percent_decode(rest)?;
    if decoded.contains(['\\', '\0']) {
        return None;
    }
    let mut parts = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" => {}
            "." | ".." => return None,
            s => parts.push(s),
        }
    }
    let mut key = parts.join("/");
    if key.is_empty() || decoded.ends_with('/') {
        if !key.is_empty() {
            key.push('/');
        }
        key.push_str("index.html");
    }
    Some(key)
}

/// The answer to `GET url`. `served` is the state of the last build.
pub fn route(served: &Served, url: &str) -> Reply {
    let path = url.split(['?', '#']).next().unwrap_or("");
    if path == "/" || path.is_empty() {
        return Reply::new(
            200,
            "text/html; charset=utf-8",
            inject(&front_page(), served),
        );
    }
    for (prefix, site) in [("/public", &served.public), ("/internal", &served.internal)] {
        let Some(rest) = path.strip_prefix(prefix) else {
            continue;
        };
        if rest.is_empty() {
            let mut reply = Reply::new(301, "text/plain; charset=utf-8", Vec::new());
            reply.location = Some(format!("{prefix}/"));
            return reply;
        }
        if !rest.starts_with('/') {
            continue;
        }
        let Some(key) = safe_key(rest) else {
            return Reply::not_found();
        };
        // A folder without index.html: try it as one (`/public/releases/1.0.0`).
        let found = site.get(&key).map(|b| (key.clone(), b)).or_else(|| {
            let folder = format!("{key}/index.html");
            site.get(&folder).map(|b| (folder, b))
        });
        return match found {
            Some((key, body)) => {
                let kind = content_type(&key);
                let body = if kind.starts_with("text/html") {
                    inject(body, served)
                } else {
                    body.clone()
                };
                Reply::new(200, kind, body)
            }
            None => match site.get("404.html") {
                Some(page) => Reply::new(404, "text/html; charset=utf-8", inject(page, served)),
                None => Reply::not_found(),
            },
        };
    }
    Reply::not_found()
}

fn front_page() -> Vec<u8> {
    b"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>milepost preview</title>\n</head>\n<body>\n<main>\n<h1>milepost preview</h1>\n<ul>\n<li><a href=\"/public/\">Public site</a>: the release notes customers read</li>\n<li><a href=\"/internal/\">Internal site</a>: release status for the team</li>\n</ul>\n</main>\n</body>\n</html>\n".to_vec()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Adds the live-reload script (and the error overlay, if the last build
/// failed) before `</body>`. Only served pages get it; built sites never do.
pub fn inject(html: &[u8], served: &Served) -> Vec<u8> {
    let mut extra = format!(
        "<script>(function(){{var s=new EventSource('{EVENTS_PATH}');s.onmessage=function(){{location.reload();}};}})();</script>\n"
    );
    if let Some(error) = &served.error {
        extra.push_str(&format!(
            "<div id=\"milepost-overlay\" role=\"alert\" style=\"position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;background:#2b0a0a;color:#ffd7d7;padding:1rem;font:14px/1.4 monospace;z-index:2147483647;border-top:4px solid #ff6b6b\"><strong>The last change broke the build; this is the last good page.</strong><pre style=\"white-space:pre-wrap;margin:.5rem 0 0\">{}</pre></div>\n",
            escape(error)
        ));
    }
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(i) => format!("{}{extra}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{extra}").into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn served() -> Served {
        let mut s = Served::default();
        s.set_sites(
            vec![
                Page::bytes("index.html", b"<html><body>home</body></html>".to_vec()),
                Page::bytes("releases/1.0.0/index.html", b"<body>one</body>".to_vec()),
                Page::bytes("style.css", b"body{}".to_vec()),
                Page::bytes("404.html", b"<body>missing</body>".to_vec()),
            ],
            vec![Page::bytes("index.html", b"<body>team</body>".to_vec())],
        );
        s
    }

    #[test]
    fn pages_folders_and_content_types() {
        let s = served();
        let r = route(&s, "/public/releases/1.0.0/");
        assert_eq!(
            (r.status, r.content_type),
            (200, "text/html; charset=utf-8")
        );
        assert!(
            String::from_utf8(r.body)
                .unwrap()
                .starts_with("<body>one<script>")
        );
        assert_eq!(route(&s, "/public/releases/1.0.0").status, 200);
        assert_eq!(
            route(&s, "/public/style.css").content_type,
            "text/css; charset=utf-8"
        );
        assert_eq!(route(&s, "/public/style.css").body, b"body{}");
        assert_eq!(route(&s, "/internal/?x=1").status, 200);
        let redirect = route(&s, "/public");
        assert_eq!(
            (redirect.status, redirect.location.as_deref()),
            (301, Some("/public/"))
        );
        assert!(
            String::from_utf8(route(&s, "/").body)
                .unwrap()
                .contains("href=\"/internal/\"")
        );
    }

    #[test]
    fn traversal_is_never_served() {
        let s = served();
        for url in [
            "/public/../internal/index.html",
            "/public/%2e%2e/internal/index.html",
            "/public/%2E%2E%2Finternal%2Findex.html",
            "/public/releases/..%2f..%2fetc/passwd",
            "/public/./index.html",
            "/public/..\\index.html",
            "/public/%00",
            "/public/%zz",
            "/etc/passwd",
            "/publicx/index.html",
        ] {
            let r = route(&s, url);
            assert!(r.status == 404, "{url} gave {}", r.status);
            assert!(!String::from_utf8_lossy(&r.body).contains("team"), "{url}");
        }
        // Missing pages get the site's 404 page.
        let r = route(&s, "/public/nope.html");
        assert_eq!(r.status, 404);
        assert!(
            String::from_utf8(r.body)
                .unwrap()
                .starts_with("<body>missing")
        );
    }

    #[test]
    fn the_overlay_shows_the_error_escaped() {
        let mut s = served();
        s.error = Some("teams.toml:1:12 <bad>".to_string());
        let body = String::from_utf8(route(&s, "/public/").body).unwrap();
        assert!(body.contains("id=\"milepost-overlay\""));
        assert!(body.contains("teams.toml:1:12 &lt;bad&gt;"));
        assert!(body.contains("home"));
    }
}
