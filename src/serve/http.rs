//! Answering requests from the sites. Pure: a path in, a response out; the
//! server module does the sockets and renders the pages.

use crate::site::pipeline::Site;
use crate::site::render::escape_html as escape;

/// Where pages come from: `Ok(None)` for no such page, `Err` for a page
/// that failed to render.
pub type Lookup<'a> = dyn Fn(Site, &str) -> Result<Option<Vec<u8>>, String> + 'a;

#[derive(Debug, PartialEq, Eq)]
pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    /// For redirects.
    pub location: Option<String>,
}

impl Reply {
    pub fn new(status: u16, content_type: &'static str, body: Vec<u8>) -> Reply {
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
    // Release attachments keep their names, `Shot.PNG` too.
    let ext = path.rsplit('.').next().map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("xml") => "application/xml; charset=utf-8",
        Some("json") => "application/json; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("ico") => "image/x-icon",
        Some("pdf") => "application/pdf",
        Some("txt") => "text/plain; charset=utf-8",
        Some("ics") => "text/calendar; charset=utf-8",
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

/// The answer to `GET url`. `error` is why the last build failed, if it did.
pub fn route(pages: &Lookup<'_>, error: Option<&str>, url: &str) -> Reply {
    let path = url.split(['?', '#']).next().unwrap_or("");
    if path == "/" || path.is_empty() {
        return Reply::new(
            200,
            "text/html; charset=utf-8",
            inject(&front_page(), error),
        );
    }
    for (prefix, site) in [("/public", Site::Public), ("/internal", Site::Internal)] {
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
        let get = |key: &str| pages(site, key);
        // A folder without its slash (`/public/releases/1.0.0`) is sent to
        // the slash form: the page's relative links resolve only from there.
        let found = match get(&key) {
            Ok(Some(body)) => Ok(Some((key.clone(), body))),
            Ok(None) => match get(&format!("{key}/index.html")) {
                Ok(Some(_)) => {
                    let mut reply = Reply::new(301, "text/plain; charset=utf-8", Vec::new());
                    let query = &url[path.len()..];
                    reply.location = Some(format!("{path}/{query}"));
                    return reply;
                }
                other => other.map(|_| None),
            },
            Err(err) => Err(err),
        };
        return match found {
            Ok(Some((key, body))) => {
                let kind = content_type(&key);
                let body = if kind.starts_with("text/html") {
                    inject(&body, error)
                } else {
                    body
                };
                Reply::new(200, kind, body)
            }
            Ok(None) => match get("404.html") {
                Ok(Some(page)) => Reply::new(404, "text/html; charset=utf-8", inject(&page, error)),
                _ => Reply::not_found(),
            },
            Err(err) => Reply::new(500, "text/plain; charset=utf-8", err.into_bytes()),
        };
    }
    Reply::not_found()
}

/// Whether a request's `Host` names this server: its own address, or
/// `localhost` / a loopback or other IP address with its port. A page on
/// another site that rebinds its own name to 127.0.0.1 sends its own name
/// as Host, and is refused: it cannot read the internal site.
pub fn host_allowed(host: Option<&str>, listening: std::net::SocketAddr) -> bool {
    let Some(host) = host.map(str::trim) else {
        return false;
    };
    if host == listening.to_string() {
        return true;
    }
    let Some((name, port)) = host.rsplit_once(':') else {
        return false;
    };
    if port != listening.port().to_string() {
        return false;
    }
    let name = name.trim_start_matches('[').trim_end_matches(']');
    if name.eq_ignore_ascii_case("localhost") {
        return listening.ip().is_loopback() || listening.ip().is_unspecified();
    }
    // An address typed as numbers cannot be rebound by DNS.
    match name.parse::<std::net::IpAddr>() {
        Ok(ip) => {
            let any = listening.ip().is_unspecified();
            ip == listening.ip() || any || (listening.ip().is_loopback() && ip.is_loopback())
        }
        Err(_) => false,
    }
}

fn front_page() -> Vec<u8> {
    b"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>milepost preview</title>\n</head>\n<body>\n<main>\n<h1>milepost preview</h1>\n<ul>\n<li><a href=\"/public/\">Public site</a>: the release notes customers read</li>\n<li><a href=\"/internal/\">Internal site</a>: release status for the team</li>\n</ul>\n</main>\n</body>\n</html>\n".to_vec()
}

/// Adds the live-reload script (and the error overlay, if the last build
/// failed) before `</body>`. Only served pages get it; built sites never do.
pub fn inject(html: &[u8], error: Option<&str>) -> Vec<u8> {
    // "refresh": fetch the page again and swap its body in (no flash, and
    // far quicker than a navigation); anything else: reload the whole page.
    let mut extra = format!(
        "<script>(function(){{var s=new EventSource('{EVENTS_PATH}');s.onmessage=function(e){{if(e.data!=='refresh'){{location.reload();return;}}fetch(location.href,{{cache:'no-store'}}).then(function(r){{if(!r.ok)throw 0;return r.text();}}).then(function(t){{var d=new DOMParser().parseFromString(t,'text/html');document.title=d.title;document.body.replaceWith(d.body);}}).catch(function(){{location.reload();}});}};}})();</script>\n"
    );
    if let Some(error) = error {
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
mod tests;
