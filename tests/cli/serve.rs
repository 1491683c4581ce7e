//! `milepost serve` as a person uses it: start it, fetch pages, change files
//! and see the new content, break a file and see the problem over the last
//! good page.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::RegistryTest;

struct Server {
    child: Child,
    address: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(registry: &Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_milepost"))
        .arg("-C")
        .arg(registry)
        .args(["serve", "--port", "0", "--now", "2024-07-01T00:00:00Z"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    // "serving http://127.0.0.1:PORT/ (...)"
    let address = line
        .split_whitespace()
        .nth(1)
        .unwrap()
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string();
    Server { child, address }
}

/// A raw GET: (status, body).
fn get(server: &Server, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(&server.address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        server.address
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response.split_whitespace().nth(1).unwrap().parse().unwrap();
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// Polls until `path` contains `text` (the rebuild runs in the background).
#[track_caller]
fn wait_for(server: &Server, path: &str, text: &str) -> String {
    let start = Instant::now();
    loop {
        let (_, body) = get(server, path);
        if body.contains(text) {
            return body;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "{path} never showed {text:?}; last:\n{body}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn serves_both_sites_and_shows_changes() {
    let test = RegistryTest::new("base");
    let server = start(test.path());
    let (status, body) = get(&server, "/");
    assert_eq!(status, 200);
    assert!(body.contains("<a href=\"/public/\">") && body.contains("<a href=\"/internal/\">"));
    let (status, body) = get(&server, "/internal/releases/1.1.0/");
    assert_eq!(status, 200);
    // Pages are served with the reload script; the built site never has it.
    assert!(body.contains("new EventSource('/__milepost/events')"));
    assert!(!body.contains("milepost-overlay"));

    // An editor's save: a temporary file renamed over the original.
    let notes = test.path().join("releases/1.1.0/notes.md");
    std::fs::write(
        test.path().join("releases/1.1.0/.notes.md.tmp"),
        "Freshly written notes\n",
    )
    .unwrap();
    std::fs::rename(test.path().join("releases/1.1.0/.notes.md.tmp"), &notes).unwrap();
    wait_for(
        &server,
        "/internal/releases/1.1.0/",
        "Freshly written notes",
    );

    // A new release folder appears.
    test.write(
        "releases/1.2.0/release.toml",
        "version = \"1.2.0\"\ntitle = \"Brand new\"\nstatus = \"draft\"\nowner = \"alice\"\n",
    );
    wait_for(&server, "/internal/releases/index.html", "Brand new");
}

#[test]
fn a_broken_file_shows_an_overlay_over_the_last_good_page() {
    let test = RegistryTest::new("base");
    let server = start(test.path());
    wait_for(&server, "/internal/", "Release status");
    test.write("teams.toml", "[people.bob\n");
    let body = wait_for(&server, "/internal/", "milepost-overlay");
    assert!(body.contains("teams.toml:1:12"), "{body}");
    assert!(
        body.contains("Release status"),
        "the last good page is gone"
    );
    // Fixing it clears the overlay.
    let good = std::fs::read_to_string(crate::support::fixtures().join("base/teams.toml")).unwrap();
    test.write("teams.toml", &good);
    let start = Instant::now();
    while get(&server, "/internal/").1.contains("milepost-overlay") {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the overlay stayed"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn nothing_outside_the_sites_is_served() {
    let test = RegistryTest::new("base");
    test.write("secret.txt", "do not serve");
    let server = start(test.path());
    for path in [
        "/public/../secret.txt",
        "/public/%2e%2e/secret.txt",
        "/public/%2e%2e%2fsecret.txt",
        "/public/..%5csecret.txt",
        "/secret.txt",
        "/internal/../../../../etc/passwd",
    ] {
        let (status, body) = get(&server, path);
        assert_eq!(status, 404, "{path}");
        assert!(
            !body.contains("do not serve") && !body.contains("root:"),
            "{path}"
        );
    }
    let (status, _) = get(&server, &format!("/public/{}", "a".repeat(5000)));
    assert_eq!(status, 414);
}

#[test]
fn the_event_stream_announces_rebuilds() {
    let test = RegistryTest::new("base");
    let server = start(test.path());
    let mut stream = TcpStream::connect(&server.address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    write!(
        stream,
        "GET /__milepost/events HTTP/1.1\r\nHost: {}\r\n\r\n",
        server.address
    )
    .unwrap();
    let mut reader = BufReader::new(stream);
    let mut seen = String::new();
    let mut line = String::new();
    // Headers and the retry line first, then a change.
    while !seen.contains("retry: 1000") {
        line.clear();
        reader.read_line(&mut line).unwrap();
        seen.push_str(&line);
    }
    assert!(seen.contains("text/event-stream"), "{seen}");
    test.write("releases/1.1.0/notes.md", "Changed\n");
    // A notes change: the page swaps its body in.
    while !seen.contains("data: refresh") {
        line.clear();
        assert!(reader.read_line(&mut line).unwrap() > 0, "the stream ended");
        seen.push_str(&line);
    }
}

/// A raw request with the given `Host` line (or none): (status, headers and body).
fn get_with_host(server: &Server, path: &str, host: Option<&str>) -> (u16, String) {
    let mut stream = TcpStream::connect(&server.address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let host_line = host.map_or_else(String::new, |h| format!("Host: {h}\r\n"));
    write!(
        stream,
        "GET {path} HTTP/1.1\r\n{host_line}Connection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response.split_whitespace().nth(1).unwrap().parse().unwrap();
    (status, response)
}

#[test]
fn only_requests_for_its_own_address_are_answered() {
    let test = RegistryTest::new("base");
    let server = start(test.path());
    let port = server.address.rsplit(':').next().unwrap().to_string();
    for host in [
        server.address.clone(),
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
    ] {
        assert_eq!(
            get_with_host(&server, "/internal/", Some(&host)).0,
            200,
            "{host}"
        );
    }
    // A page of another site whose name was rebound to 127.0.0.1 sends its own name.
    for host in [
        Some(format!("rebind.evil.example:{port}")),
        Some("rebind.evil.example".to_string()),
        Some(format!("localhost:{}", port.parse::<u32>().unwrap() + 1)),
        Some(format!("localhost.evil.example:{port}")),
        None,
    ] {
        let (status, response) = get_with_host(&server, "/internal/", host.as_deref());
        assert_eq!(status, 421, "{host:?}");
        assert!(!response.contains("Fixture"), "{response}");
        let (status, _) = get_with_host(&server, "/__milepost/events", host.as_deref());
        assert_eq!(status, 421, "{host:?}");
    }
}

#[test]
fn a_release_address_without_its_slash_is_redirected() {
    let test = RegistryTest::new("base");
    let server = start(test.path());
    let (status, response) = get_with_host(
        &server,
        "/internal/releases/1.1.0?tab=1",
        Some(&server.address),
    );
    assert_eq!(status, 301, "{response}");
    assert!(
        response.contains("Location: /internal/releases/1.1.0/?tab=1\r\n"),
        "{response}"
    );
    assert_eq!(get(&server, "/internal/releases/1.1.0/").0, 200);
    // Unknown addresses stay unknown, however many are asked for.
    for i in 0..200 {
        assert_eq!(get(&server, &format!("/public/no-such-page-{i}")).0, 404);
    }
}

#[test]
fn listening_beyond_this_machine_is_announced() {
    let test = RegistryTest::new("base");
    // A documentation address (TEST-NET-1) that no machine has: the warning
    // comes before the attempt to listen, which then fails.
    let out = Command::new(env!("CARGO_BIN_EXE_milepost"))
        .arg("-C")
        .arg(test.path())
        .args([
            "serve",
            "--bind",
            "192.0.2.1",
            "--port",
            "0",
            "--now",
            "2024-07-01T00:00:00Z",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("warning: listening on 192.0.2.1, not only on this machine: anyone who can reach it sees the internal site"),
        "{stderr}"
    );
    assert_eq!(out.status.code(), Some(2), "{stderr}");
}
