use std::collections::HashMap;

use super::*;

fn pages() -> impl Fn(Site, &str) -> Result<Option<Vec<u8>>, String> {
    let public: HashMap<&str, &[u8]> = HashMap::from([
        ("index.html", &b"<html><body>home</body></html>"[..]),
        ("releases/1.0.0/index.html", b"<body>one</body>"),
        ("style.css", b"body{}"),
        ("404.html", b"<body>missing</body>"),
    ]);
    let internal: HashMap<&str, &[u8]> = HashMap::from([("index.html", &b"<body>team</body>"[..])]);
    move |site, key| {
        let map = if site == Site::Public {
            &public
        } else {
            &internal
        };
        Ok(map.get(key).map(|b| b.to_vec()))
    }
}

#[test]
fn pages_folders_and_content_types() {
    let p = pages();
    let r = route(&p, None, "/public/releases/1.0.0/");
    assert_eq!(
        (r.status, r.content_type),
        (200, "text/html; charset=utf-8")
    );
    assert!(
        String::from_utf8(r.body)
            .unwrap()
            .starts_with("<body>one<script>")
    );
    let to_folder = route(&p, None, "/public/releases/1.0.0?x=1");
    assert_eq!(
        (to_folder.status, to_folder.location.as_deref()),
        (301, Some("/public/releases/1.0.0/?x=1"))
    );
    assert_eq!(
        route(&p, None, "/public/style.css").content_type,
        "text/css; charset=utf-8"
    );
    assert_eq!(route(&p, None, "/public/style.css").body, b"body{}");
    // Calendar apps subscribe to the internal calendar by its type.
    assert_eq!(content_type("calendar.ics"), "text/calendar; charset=utf-8");
    assert_eq!(route(&p, None, "/internal/?x=1").status, 200);
    let redirect = route(&p, None, "/public");
    assert_eq!(
        (redirect.status, redirect.location.as_deref()),
        (301, Some("/public/"))
    );
    assert!(
        String::from_utf8(route(&p, None, "/").body)
            .unwrap()
            .contains("href=\"/internal/\"")
    );
}

#[test]
fn traversal_is_never_served() {
    let p = pages();
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
        let r = route(&p, None, url);
        assert!(r.status == 404, "{url} gave {}", r.status);
        assert!(!String::from_utf8_lossy(&r.body).contains("team"), "{url}");
    }
    // Missing pages get the site's 404 page.
    let r = route(&p, None, "/public/nope.html");
    assert_eq!(r.status, 404);
    assert!(
        String::from_utf8(r.body)
            .unwrap()
            .starts_with("<body>missing")
    );
}

#[test]
fn the_overlay_shows_the_error_escaped() {
    let body =
        String::from_utf8(route(&pages(), Some("teams.toml:1:12 <bad>"), "/public/").body).unwrap();
    assert!(body.contains("id=\"milepost-overlay\""));
    assert!(body.contains("teams.toml:1:12 &lt;bad&gt;"));
    assert!(body.contains("home"));
}

#[test]
fn only_requests_for_this_server_are_answered() {
    let local: std::net::SocketAddr = "127.0.0.1:4700".parse().unwrap();
    for host in [
        "127.0.0.1:4700",
        "localhost:4700",
        "LOCALHOST:4700",
        "[::1]:4700",
    ] {
        assert!(host_allowed(Some(host), local), "{host}");
    }
    for host in [
        None,
        Some("evil.example:4700"),
        Some("evil.example"),
        Some("localhost"),
        Some("localhost:80"),
        Some("127.0.0.1:4701"),
        Some("localhost.evil.example:4700"),
        Some("192.168.1.5:4700"),
    ] {
        assert!(!host_allowed(host, local), "{host:?}");
    }
    let lan: std::net::SocketAddr = "192.168.1.5:4700".parse().unwrap();
    assert!(host_allowed(Some("192.168.1.5:4700"), lan));
    assert!(!host_allowed(Some("localhost:4700"), lan));
    assert!(!host_allowed(Some("rebound.example:4700"), lan));
}
