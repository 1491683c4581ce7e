//! `milepost verify`, `status --live` and `build --live` against HTTP
//! servers started by the test on 127.0.0.1: never the internet.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::repo::{ALICE, TestRepo};
use crate::support::{NOW, RegistryTest};

/// What the test server does with a request.
#[derive(Clone)]
enum Reply {
    /// 200 with this body.
    Body(&'static str),
    Status(u16, &'static str),
    /// 302 to this Location.
    Redirect(String),
    /// Accepts, reads the request, then says nothing for a long time.
    Hang,
    /// Headers, then one byte of a long body every 100 ms.
    Drip,
    /// A 200 with this many bytes of body.
    Big(usize),
    /// Waits (at most 5 s) until this many requests are in progress, then answers.
    AfterPeers(usize, &'static str),
}

#[derive(Debug, Clone)]
struct Seen {
    path: String,
    /// Lowercased names.
    headers: Vec<(String, String)>,
}

struct Server {
    addr: SocketAddr,
    seen: Arc<Mutex<Vec<Seen>>>,
    most_at_once: Arc<AtomicUsize>,
}

impl Server {
    /// A server on a free port; `route` picks the reply by path.
    fn start(route: impl Fn(&str) -> Reply + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let active = Arc::new(AtomicUsize::new(0));
        let most_at_once = Arc::new(AtomicUsize::new(0));
        let route = Arc::new(route);
        let server = Server {
            addr,
            seen: seen.clone(),
            most_at_once: most_at_once.clone(),
        };
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let (seen, active, most, route) = (
                    seen.clone(),
                    active.clone(),
                    most_at_once.clone(),
                    route.clone(),
                );
                std::thread::spawn(move || {
                    let now = active.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    handle(stream, &seen, &active, &*route);
                    active.fetch_sub(1, Ordering::SeqCst);
                });
            }
        });
        server
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

fn handle(
    mut stream: TcpStream,
    seen: &Mutex<Vec<Seen>>,
    active: &AtomicUsize,
    route: &dyn Fn(&str) -> Reply,
) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut first = String::new();
    if reader.read_line(&mut first).is_err() || !first.starts_with("GET ") {
        // Not HTTP (a TLS handshake): answered as a plain server would.
        let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n");
        return;
    }
    let path = first.split(' ').nth(1).unwrap_or("").to_string();
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        if let Some((name, value)) = line.trim_end().split_once(':') {
            headers.push((name.to_ascii_lowercase(), value.trim().to_string()));
        }
    }
    seen.lock().unwrap().push(Seen {
        path: path.clone(),
        headers,
    });
    let answer = |stream: &mut TcpStream, status: u16, extra: &str, body: &[u8]| {
        let head = format!(
            "HTTP/1.1 {status} X\r\ncontent-length: {}\r\nconnection: close\r\n{extra}\r\n",
            body.len()
        );
        let _ = stream.write_all(head.as_bytes());
        let _ = stream.write_all(body);
    };
    match route(&path) {
        Reply::Body(body) => answer(&mut stream, 200, "", body.as_bytes()),
        Reply::Status(code, body) => answer(&mut stream, code, "", body.as_bytes()),
        Reply::Redirect(to) => answer(&mut stream, 302, &format!("location: {to}\r\n"), b""),
        Reply::Hang => {
            let _ = reader.read(&mut [0; 1]);
            std::thread::sleep(Duration::from_secs(20));
        }
        Reply::Drip => {
            let _ = stream.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 300\r\n\r\n");
            for _ in 0..300 {
                if stream.write_all(b"7").is_err() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
        }
        Reply::Big(n) => answer(&mut stream, 200, "", "9".repeat(n).as_bytes()),
        Reply::AfterPeers(n, body) => {
            let started = Instant::now();
            while active.load(Ordering::SeqCst) < n && started.elapsed() < Duration::from_secs(5) {
                std::thread::sleep(Duration::from_millis(10));
            }
            answer(&mut stream, 200, "", body.as_bytes());
        }
    }
}

/// `environments/<id>.toml` with `release` and a probe of these lines.
fn env_file(tier: &str, release: &str, probe: &str) -> String {
    format!("name = \"E\"\ntier = \"{tier}\"\nrelease = \"{release}\"\n\n[probe]\n{probe}\n")
}

/// The base fixture with only `uat`, whose probe has `probe` as its lines.
fn registry_with_uat(probe: &str) -> RegistryTest {
    let test = RegistryTest::new("base");
    test.write("environments/uat.toml", env_file("staging", "1.1.0", probe));
    test
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// The test servers are local: a proxy of the machine must not be asked.
fn without_proxies(cmd: &mut assert_cmd::Command) {
    for var in [
        "http_proxy",
        "HTTP_PROXY",
        "https_proxy",
        "HTTPS_PROXY",
        "all_proxy",
        "ALL_PROXY",
    ] {
        cmd.env_remove(var);
    }
}

fn verify(test: &RegistryTest, args: &[&str], vars: &[(&str, &str)]) -> Run {
    let mut cmd = test.cmd();
    without_proxies(&mut cmd);
    cmd.env_remove("UAT_TOKEN");
    for (name, value) in vars {
        cmd.env(name, value);
    }
    let out = cmd.arg("verify").args(args).output().unwrap();
    Run {
        code: out.status.code().unwrap(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn verify_json(test: &RegistryTest, args: &[&str]) -> (i32, Value) {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let run = verify(test, &all, &[]);
    let json = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\n{}", run.stdout, run.stderr));
    (run.code, json)
}

/// The one environment's result.
fn only(json: &Value) -> &Value {
    let all = json["environments"].as_array().unwrap();
    assert_eq!(all.len(), 1, "{json}");
    &all[0]
}

fn json_probe(server: &Server, path: &str) -> String {
    format!(
        "url = \"{}\"\njson_pointer = \"/version\"\ntimeout = \"1s\"",
        server.url(path)
    )
}

#[test]
fn in_sync_json_is_exact_and_exits_0() {
    let server = Server::start(|_| Reply::Body(r#"{"version": "1.1.0", "commit": "abc"}"#));
    let test = registry_with_uat(&json_probe(&server, "/version"));
    let (code, json) = verify_json(&test, &[]);
    assert_eq!(
        json,
        json!({"environments": [{
            "environment": "uat",
            "url": server.url("/version"),
            "release": "1.1.0",
            "live": "1.1.0",
            "state": "in-sync",
            "reason": null,
            "at": NOW,
        }]})
    );
    assert_eq!(code, 0);
}

#[test]
fn drift_exits_1_and_says_both_releases() {
    let server = Server::start(|_| Reply::Body(r#"{"version": "v1.0.0"}"#));
    let test = registry_with_uat(&json_probe(&server, "/version"));
    let run = verify(&test, &[], &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "ENV  REGISTRY  LIVE    STATE\nuat  1.1.0     v1.0.0  drift\n1 drift (asked 2026-12-01 12:00 UTC)\n"
    );
    assert_eq!(run.stderr, "");
}

#[test]
fn a_v_before_the_live_version_is_still_in_sync() {
    let server = Server::start(|_| Reply::Body("release v1.1.0 (build 77)\n"));
    let test = registry_with_uat(&format!(
        "url = \"{}\"\nregex = 'release (\\S+)'",
        server.url("/")
    ));
    let (code, json) = verify_json(&test, &[]);
    assert_eq!(only(&json)["state"], "in-sync");
    assert_eq!(only(&json)["live"], "v1.1.0");
    assert_eq!(code, 0);
}

fn unreachable_reason(reply: Reply, probe_lines: impl Fn(&Server) -> String) -> String {
    let server = Server::start(move |_| reply.clone());
    let test = registry_with_uat(&probe_lines(&server));
    let (code, json) = verify_json(&test, &[]);
    let result = only(&json);
    assert_eq!(result["state"], "unreachable", "{json}");
    assert_eq!(result["live"], Value::Null);
    assert_eq!(code, 2);
    result["reason"].as_str().unwrap().to_string()
}

#[test]
fn an_http_error_is_unreachable_with_its_status() {
    let reason = unreachable_reason(Reply::Status(500, "oops"), |s| json_probe(s, "/version"));
    assert_eq!(reason, "HTTP 500 Internal Server Error");
}

#[test]
fn a_server_that_hangs_is_cut_at_the_timeout() {
    let reason = unreachable_reason(Reply::Hang, |s| json_probe(s, "/version"));
    assert_eq!(reason, "timeout: no whole answer within 1s");
}

#[test]
fn a_slow_drip_is_cut_at_the_timeout_of_the_whole_request() {
    // 300 bytes at one per 100 ms would take 30 s; each read is quick, so
    // only a deadline for the whole request stops it.
    let reason = unreachable_reason(Reply::Drip, |s| {
        format!("url = \"{}\"\nplain = true\ntimeout = \"1s\"", s.url("/"))
    });
    assert_eq!(reason, "timeout: no whole answer within 1s");
}

#[test]
fn invalid_json_is_an_unreadable_answer() {
    let reason = unreachable_reason(Reply::Body("<html>1.1.0</html>"), |s| {
        json_probe(s, "/version")
    });
    assert_eq!(reason, "unreadable answer: not JSON (line 1, column 1)");
}

#[test]
fn a_regex_that_matches_nothing_is_an_unreadable_answer() {
    let reason = unreachable_reason(Reply::Body("hello"), |s| {
        format!("url = \"{}\"\nregex = 'version=(\\d+)'", s.url("/"))
    });
    assert_eq!(reason, "unreadable answer: the regex matches nothing");
}

#[test]
fn an_oversized_answer_is_refused() {
    let reason = unreachable_reason(Reply::Big(65 * 1024), |s| {
        format!("url = \"{}\"\nplain = true", s.url("/"))
    });
    assert_eq!(reason, "answer too large: more than 64 KiB");
}

#[test]
fn hostile_versions_never_reach_the_output() {
    let server = Server::start(|_| Reply::Body("1.1.0\u{1b}[2J\u{1b}]0;pwned\u{7}"));
    let test = registry_with_uat(&format!("url = \"{}\"\nplain = true", server.url("/")));
    let run = verify(&test, &[], &[]);
    assert_eq!(run.code, 2);
    assert!(!run.stdout.contains('\u{1b}'), "{:?}", run.stdout);
    assert!(
        run.stdout.contains(
            "unreachable: unreadable answer: the version has control or invisible characters"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn a_redirect_to_another_host_is_not_followed_nor_given_the_headers() {
    let other = Server::start(|_| Reply::Body("1.1.0"));
    let to = other.url("/stolen");
    let server = Server::start(move |_| Reply::Redirect(to.clone()));
    let test = registry_with_uat(&format!(
        "url = \"{}\"\nplain = true\nheaders = {{ Authorization = \"env:UAT_TOKEN\" }}",
        server.url("/version")
    ));
    let run = verify(
        &test,
        &["--format", "json"],
        &[("UAT_TOKEN", "Bearer s3cret")],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        only(&json)["reason"],
        format!(
            "redirected to another host (http://{}); a probe follows redirects only on its own host",
            other.addr
        )
    );
    assert!(other.seen().is_empty(), "the other host was asked");
    assert_eq!(
        server.seen()[0]
            .headers
            .iter()
            .find(|(n, _)| n == "authorization")
            .map(|(_, v)| v.as_str()),
        Some("Bearer s3cret")
    );
    assert!(!run.stdout.contains("s3cret") && !run.stderr.contains("s3cret"));
}

#[test]
fn a_redirect_on_the_same_host_is_followed() {
    let server = Server::start(|path| match path {
        "/old" => Reply::Redirect("/new".to_string()),
        _ => Reply::Body("1.1.0"),
    });
    let test = registry_with_uat(&format!("url = \"{}\"\nplain = true", server.url("/old")));
    let (code, json) = verify_json(&test, &[]);
    assert_eq!(only(&json)["state"], "in-sync", "{json}");
    assert_eq!(code, 0);
    let paths: Vec<String> = server.seen().into_iter().map(|s| s.path).collect();
    assert_eq!(paths, ["/old", "/new"]);
}

#[test]
fn a_missing_environment_variable_is_named_and_nothing_is_sent() {
    let server = Server::start(|_| Reply::Body("1.1.0"));
    let test = registry_with_uat(&format!(
        "url = \"{}\"\nplain = true\nheaders = {{ Authorization = \"env:UAT_TOKEN\" }}",
        server.url("/")
    ));
    let run = verify(&test, &[], &[]);
    assert_eq!(run.code, 2);
    assert!(
        run.stdout
            .contains("unreachable: environment variable UAT_TOKEN is not set"),
        "{}",
        run.stdout
    );
    assert_eq!(run.stderr, "error: 1 environment could not be asked\n");
    assert!(server.seen().is_empty());
}

#[test]
fn a_header_value_with_a_line_break_is_not_sent() {
    let server = Server::start(|_| Reply::Body("1.1.0"));
    let test = registry_with_uat(&format!(
        "url = \"{}\"\nplain = true\nheaders = {{ Authorization = \"env:UAT_TOKEN\" }}",
        server.url("/")
    ));
    let run = verify(&test, &[], &[("UAT_TOKEN", "x\r\nX-Evil: 1")]);
    assert_eq!(run.code, 2);
    assert!(
        run.stdout
            .contains("environment variable UAT_TOKEN cannot be sent in a header")
    );
    assert!(!run.stdout.contains("Evil"));
    assert!(server.seen().is_empty());
}

#[test]
fn environments_are_asked_in_parallel() {
    // Each answer waits until all three requests are in progress: asked one
    // after the other, the first would wait in vain and the count stay at one.
    let server = Server::start(|_| Reply::AfterPeers(3, "1.1.0"));
    let test = RegistryTest::new("base");
    for (id, tier) in [("uat", "staging"), ("demo", "demo"), ("prod", "production")] {
        test.write(
            &format!("environments/{id}.toml"),
            env_file(
                tier,
                "1.1.0",
                &format!(
                    "url = \"{}\"\nplain = true\ntimeout = \"10s\"",
                    server.url(&format!("/{id}"))
                ),
            ),
        );
    }
    let (code, json) = verify_json(&test, &[]);
    assert_eq!(server.most_at_once.load(Ordering::SeqCst), 3);
    let states: Vec<(&str, &str)> = json["environments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["environment"].as_str().unwrap(),
                r["state"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        states,
        [("demo", "in-sync"), ("prod", "in-sync"), ("uat", "in-sync")]
    );
    assert_eq!(code, 0);
}

#[test]
fn env_picks_environments_and_timeout_replaces_the_probes() {
    let server = Server::start(|path| match path {
        "/uat" => Reply::Hang,
        _ => Reply::Body("1.0.0"),
    });
    let test = RegistryTest::new("base");
    test.write(
        "environments/uat.toml",
        env_file(
            "staging",
            "1.1.0",
            &format!(
                "url = \"{}\"\nplain = true\ntimeout = \"1m\"",
                server.url("/uat")
            ),
        ),
    );
    test.write(
        "environments/prod.toml",
        env_file(
            "production",
            "1.0.0",
            &format!("url = \"{}\"\nplain = true", server.url("/prod")),
        ),
    );
    let (code, json) = verify_json(&test, &["--env", "prod"]);
    assert_eq!(only(&json)["environment"], "prod");
    assert_eq!(code, 0);
    let (code, json) = verify_json(&test, &["--env", "uat", "--timeout", "300ms"]);
    assert_eq!(
        only(&json)["reason"],
        "timeout: no whole answer within 300ms"
    );
    assert_eq!(code, 2);
}

#[test]
fn drift_and_unreachable_together_exit_2() {
    let server = Server::start(|path| match path {
        "/uat" => Reply::Status(503, ""),
        _ => Reply::Body("0.9.0"),
    });
    let test = RegistryTest::new("base");
    test.write(
        "environments/uat.toml",
        env_file(
            "staging",
            "1.1.0",
            &format!("url = \"{}\"\nplain = true", server.url("/uat")),
        ),
    );
    test.write(
        "environments/prod.toml",
        env_file(
            "production",
            "1.0.0",
            &format!("url = \"{}\"\nplain = true", server.url("/prod")),
        ),
    );
    let run = verify(&test, &[], &[]);
    assert_eq!(
        run.stdout,
        "ENV   REGISTRY  LIVE   STATE\n\
         prod  1.0.0     0.9.0  drift\n\
         uat   1.1.0     -      unreachable: HTTP 503 Service Unavailable\n\
         1 drift, 1 unreachable (asked 2026-12-01 12:00 UTC)\n"
    );
    assert_eq!(run.code, 2);
}

#[test]
fn a_refused_connection_is_unreachable() {
    // A port that was free a moment ago: nothing listens there.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let test = registry_with_uat(&format!("url = \"http://127.0.0.1:{port}/\"\nplain = true"));
    let (code, json) = verify_json(&test, &[]);
    assert_eq!(only(&json)["reason"], "connection refused");
    assert_eq!(code, 2);
}

#[test]
fn what_cannot_be_asked_is_exit_2_with_a_message() {
    let test = RegistryTest::new("base");
    let run = verify(&test, &[], &[]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("no environment has a [probe]"),
        "{}",
        run.stderr
    );
    let run = verify(&test, &["--env", "uatt"], &[]);
    assert_eq!(
        run.stderr,
        "error: no environment `uatt` (did you mean `uat`?)\n"
    );
    let run = verify(&test, &["--env", "uat"], &[]);
    assert_eq!(
        run.stderr,
        "error: environment `uat` has no [probe]: add one to environments/uat.toml to ask what runs there\n"
    );
    let run = verify(&test, &["--timeout", "5m"], &[]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("longer than a probe may take"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_probe_with_errors_is_not_asked() {
    let server = Server::start(|_| Reply::Body("1.1.0"));
    let test = registry_with_uat(&format!("url = \"{}\"\nregex = '(a)(b)'", server.url("/")));
    let run = verify(&test, &["--format", "json"], &[]);
    assert_eq!(run.code, 2);
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        only(&json)["reason"],
        "its [probe] has errors; `milepost check` shows them in environments/uat.toml"
    );
    assert!(server.seen().is_empty());
}

// --- check: the [probe] table ---

fn probe_errors(probe: &str) -> Vec<(String, u64)> {
    let test = registry_with_uat(probe);
    let run = test.check();
    run.json["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                format!(
                    "{}: {}",
                    e["code"].as_str().unwrap(),
                    e["message"].as_str().unwrap()
                ),
                e["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn a_good_probe_passes_check() {
    for probe in [
        "url = \"https://uat.acme.example/version\"\njson_pointer = \"/version\"",
        "url = \"http://127.0.0.1:8631/\"\nregex = 'release (?P<v>\\S+)'\ntimeout = \"1m\"",
        "url = \"https://uat.acme.example/v\"\nplain = true\ntimeout = \"500ms\"\nheaders = { Authorization = \"env:UAT_TOKEN\", X-Api-Key = \"env:_K2\" }",
    ] {
        assert_eq!(probe_errors(probe), [], "{probe}");
    }
}

#[test]
fn check_refuses_bad_probes_at_their_line() {
    // The probe's lines start at line 5 of the file.
    let cases: &[(&str, &[(&str, u64)])] = &[
        (
            "url = \"javascript:alert(1)\"\nplain = true",
            &[("url-scheme", 6)],
        ),
        (
            "url = \"https://uat.acme.example/\"",
            &[("probe: the probe does not say how to read the answer", 6)],
        ),
        (
            "url = \"https://uat.acme.example/\"\nplain = true\nregex = '(x)'",
            &[(
                "probe: `plain` and `regex` both say how to read the answer",
                7,
            )],
        ),
        (
            "url = \"https://uat.acme.example/\"\nregex = '(unclosed'",
            &[("probe: the regular expression does not compile", 7)],
        ),
        (
            "url = \"https://uat.acme.example/\"\nregex = 'no group'",
            &[(
                "probe: the regular expression has 0 groups; it needs exactly one, around the version",
                7,
            )],
        ),
        (
            "url = \"https://uat.acme.example/\"\nplain = true\ntimeout = \"5m\"",
            &[(
                "probe: `5m` is longer than a probe may take (at most 60s)",
                8,
            )],
        ),
        (
            "url = \"https://uat.acme.example/\"\nplain = true\ntimeout = \"0s\"",
            &[("probe: `0s` is no time at all", 8)],
        ),
        (
            "url = \"https://uat.acme.example/\"\nplain = true\ntimeout = \"99999999999999m\"",
            &[("probe: `99999999999999m` is not a timeout", 8)],
        ),
        (
            "url = \"https://uat.acme.example/\"\nplain = true\nheaders = { Host = \"env:H\" }",
            &[("probe: milepost sets `Host` itself", 8)],
        ),
        (
            "url = \"https://uat.acme.example/\"\nplain = false",
            &[("schema", 7)],
        ),
    ];
    for (probe, expected) in cases {
        let errors = probe_errors(probe);
        assert_eq!(errors.len(), expected.len(), "{probe}: {errors:?}");
        for ((message, line), (want, want_line)) in errors.iter().zip(expected.iter()) {
            assert!(
                message.starts_with(want) || message.contains(want),
                "{probe}: {message}"
            );
            if *want_line > 0 {
                assert_eq!(line, want_line, "{probe}: {message}");
            }
        }
    }
}

#[test]
fn two_readers_are_refused_on_the_second() {
    let errors =
        probe_errors("url = \"https://uat.acme.example/\"\njson_pointer = \"/v\"\nregex = '(x)'");
    assert_eq!(
        errors,
        [(
            "probe: `regex` and `json_pointer` both say how to read the answer".to_string(),
            8
        )]
    );
}

#[test]
fn literal_secrets_are_refused_and_never_repeated() {
    let test = registry_with_uat(
        "url = \"https://user:hunter2@uat.acme.example/\"\nplain = true\nheaders = { Authorization = \"Bearer sk_live_123\" }",
    );
    let run = test.check();
    let codes: Vec<(&str, u64)> = run.json["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["code"].as_str().unwrap(), e["line"].as_u64().unwrap()))
        .collect();
    assert_eq!(codes, [("probe-secret", 6), ("probe-secret", 8)]);
    let text = run.json.to_string();
    assert!(
        !text.contains("hunter2") && !text.contains("sk_live"),
        "{text}"
    );
    let (code, human) = test.check_human();
    assert_eq!(code, 1);
    assert!(
        !human.contains("hunter2") && !human.contains("sk_live"),
        "{human}"
    );
    assert!(human.contains("Authorization = \"(hidden)\""), "{human}");
    assert!(
        human.contains("header `Authorization` is not `env:NAME`"),
        "{human}"
    );
    let out = test
        .cmd()
        .args(["check", "--format", "github"])
        .output()
        .unwrap();
    let github = String::from_utf8(out.stdout).unwrap();
    assert!(
        !github.contains("hunter2") && !github.contains("sk_live"),
        "{github}"
    );
}

#[test]
fn control_characters_in_probe_fields_are_refused() {
    for probe in [
        "url = \"https://uat.acme.example/\\u001b[2J\"\nplain = true",
        "url = \"https://uat.acme.example/\"\njson_pointer = \"/v\\r\\nX\"\ntimeout = \"1s\\n\"",
    ] {
        let test = registry_with_uat(probe);
        let run = test.check();
        assert_eq!(run.code, 1, "{probe}");
        let (_, human) = test.check_human();
        assert!(!human.contains('\u{1b}'), "{human}");
    }
}

// --- status --live and build --live ---

fn live_repo(server: &Server) -> TestRepo {
    let repo = TestRepo::new("");
    repo.write(
        "environments/uat.toml",
        &env_file(
            "staging",
            "1.1.0",
            &format!("url = \"{}\"\nplain = true", server.url("/uat")),
        ),
    );
    repo.write(
        "environments/prod.toml",
        "name = \"prod\"\ntier = \"production\"\nrelease = \"1.0.0\"\n",
    );
    repo.commit(ALICE, "2024-06-02T10:00:00Z", "Deploy");
    repo
}

fn live_cmd(repo: &TestRepo, args: &[&str]) -> std::process::Output {
    let mut cmd = crate::support::milepost();
    without_proxies(&mut cmd);
    cmd.arg("-C")
        .arg(repo.registry())
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn status_live_adds_the_live_column() {
    let server = Server::start(|_| Reply::Body("1.0.5"));
    let repo = live_repo(&server);
    let out = live_cmd(&repo, &["status", "--live"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].ends_with("PENDING  LIVE"), "{text}");
    let uat = lines.iter().find(|l| l.starts_with("uat ")).unwrap();
    assert!(uat.ends_with("1.0.5 (drift)"), "{text}");
    let prod = lines.iter().find(|l| l.starts_with("prod ")).unwrap();
    assert!(prod.ends_with(" -"), "{text}");
    assert_eq!(lines.last(), Some(&"live: asked 2026-12-01 12:00 UTC"));

    let out = live_cmd(&repo, &["status", "--live", "--format", "json"]);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let envs = json["environments"].as_array().unwrap();
    let uat = envs.iter().find(|e| e["id"] == "uat").unwrap();
    assert_eq!(uat["live"]["live"], "1.0.5");
    assert_eq!(uat["live"]["state"], "drift");
    assert_eq!(uat["live"]["at"], NOW);
    let prod = envs.iter().find(|e| e["id"] == "prod").unwrap();
    assert_eq!(prod["live"], Value::Null);

    // Without --live nothing is asked and the shape is as before.
    let asked = server.seen().len();
    let out = live_cmd(&repo, &["status", "--format", "json"]);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(json["environments"][0].get("live").is_none());
    assert_eq!(server.seen().len(), asked);
}

#[test]
fn build_live_shows_the_answers_on_the_dashboard_with_their_time() {
    let server = Server::start(|_| Reply::Body("<script>alert(1)</script>"));
    let repo = live_repo(&server);
    let out_dir = tempfile::tempdir().unwrap();
    let out = live_cmd(
        &repo,
        &[
            "build",
            "--live",
            "--now",
            "2026-12-01T12:00:00Z",
            "--out",
            out_dir.path().to_str().unwrap(),
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = std::fs::read_to_string(out_dir.path().join("internal/index.html")).unwrap();
    assert!(
        html.contains("Running (asked <time datetime=\"2026-12-01T12:00:00Z\">"),
        "{html}"
    );
    // The answer is taken as a version, escaped: here it is not even one.
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(html.contains("<code>&lt;script&gt;alert(1)&lt;&#x2F;script&gt;</code> <span class=\"bad\">drift</span>")
        || html.contains("&lt;script&gt;"), "{html}");
    assert!(html.contains("no probe"), "{html}");
    let public = std::fs::read_dir(out_dir.path().join("public"))
        .unwrap()
        .count();
    assert!(public > 0);
    assert!(
        !std::fs::read_to_string(out_dir.path().join("public/index.html"))
            .unwrap()
            .contains("Running")
    );

    // Without --live the dashboard is as it always was, and nothing is asked.
    let asked = server.seen().len();
    let plain = tempfile::tempdir().unwrap();
    let out = live_cmd(
        &repo,
        &[
            "build",
            "--now",
            "2026-12-01T12:00:00Z",
            "--out",
            plain.path().to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    let html = std::fs::read_to_string(plain.path().join("internal/index.html")).unwrap();
    assert!(!html.contains("Running"));
    assert_eq!(server.seen().len(), asked);
}

#[test]
fn build_live_shows_why_an_environment_is_unreachable() {
    let server = Server::start(|_| Reply::Status(500, ""));
    let repo = live_repo(&server);
    let out_dir = tempfile::tempdir().unwrap();
    let out = live_cmd(
        &repo,
        &["build", "--live", "--out", out_dir.path().to_str().unwrap()],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = std::fs::read_to_string(out_dir.path().join("internal/index.html")).unwrap();
    assert!(
        html.contains("<span class=\"bad\">unreachable</span>: HTTP 500 Internal Server Error"),
        "{html}"
    );
}

#[test]
fn every_report_of_the_file_hides_its_secrets() {
    // Two literal values on one line, a header milepost refuses beside them,
    // and an address with a password that the schema refuses for its scheme:
    // whatever is reported about that line shows none of them.
    let test = registry_with_uat(
        "url = \"ftp://user:hunter2@uat.acme.example/\"\nplain = true\nheaders = { A = \"sk_live_one\", Host = \"env:H\", B = \"sk_live_two\" }",
    );
    let run = test.check();
    let mut codes: Vec<&str> = run.json["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    codes.sort_unstable();
    assert_eq!(
        codes,
        ["probe", "probe-secret", "probe-secret", "url-scheme"]
    );
    let (_, human) = test.check_human();
    for secret in ["hunter2", "sk_live"] {
        assert!(!human.contains(secret), "{human}");
        assert!(!run.json.to_string().contains(secret));
    }
    assert!(
        human.contains("headers = { A = \"(hidden)\", Host = \"env:H\", B = \"(hidden)\" }"),
        "{human}"
    );
}

#[test]
fn https_to_a_server_without_tls_is_a_tls_failure() {
    let reason = unreachable_reason(Reply::Body("1.1.0"), |s| {
        format!(
            "url = \"https://{}/\"\nplain = true\ntimeout = \"2s\"",
            s.addr
        )
    });
    assert!(reason.starts_with("TLS: "), "{reason}");
}

#[test]
fn headers_over_plain_http_to_another_machine_are_a_warning() {
    let test = registry_with_uat(
        "url = \"http://uat.acme.example/v\"\nplain = true\nheaders = { Authorization = \"env:UAT_TOKEN\" }",
    );
    test.check()
        .assert_errors(&[])
        .assert_warnings(&["environments/uat.toml:6:7 probe"]);
    let local = registry_with_uat(
        "url = \"http://127.0.0.1:8631/v\"\nplain = true\nheaders = { Authorization = \"env:UAT_TOKEN\" }",
    );
    local.check().assert_errors(&[]).assert_warnings(&[]);
}

#[test]
fn an_environment_file_that_cannot_be_read_is_named() {
    let test = RegistryTest::new("base");
    test.write("environments/uat.toml", "name = \"UAT\"\ntier = 5\n");
    let run = verify(&test, &["--env", "uat"], &[]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .ends_with("error: environments/uat.toml has errors; `milepost check` shows them\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn record_writes_each_answer_as_a_verification() {
    use crate::repo::BOB;
    let server = Server::start(|seen| {
        if seen.starts_with("/uat") {
            Reply::Body(r#"{"version": "1.1.0"}"#)
        } else {
            Reply::Body(r#"{"version": "0.9.0"}"#)
        }
    });
    let repo = TestRepo::new("");
    repo.deploy("uat", "1.0.0", None, ALICE, "2026-11-02T10:00:00Z");
    repo.deploy("prod", "1.0.0", None, BOB, "2026-11-03T10:00:00Z");
    repo.deploy("uat", "1.1.0", None, ALICE, "2026-11-04T10:00:00Z");
    for (env, tier, release) in [("uat", "staging", "1.1.0"), ("prod", "production", "1.0.0")] {
        let probe = json_probe(&server, &format!("/{env}"));
        repo.write(
            &format!("environments/{env}.toml"),
            &env_file(tier, release, &probe),
        );
    }
    repo.commit(BOB, "2026-11-05T10:00:00Z", "Probes");
    let mut cmd = crate::support::milepost();
    without_proxies(&mut cmd);
    let out = cmd
        .current_dir(repo.registry())
        .args(["verify", "--record", "--by", "bob", "--now", NOW])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "drift on prod");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout
            .contains("uat: recorded a passed verification of 1.1.0 (releases/1.1.0/release.toml)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("prod: recorded a failed verification of 1.0.0"),
        "{stdout}"
    );
    let uat = std::fs::read_to_string(repo.registry().join("releases/1.1.0/release.toml")).unwrap();
    assert!(uat.ends_with(&format!(
        "\n[[verifications]]\nenvironment = \"uat\"\nby = \"bob\"\nat = {NOW}\nresult = \"passed\"\nnotes = \"milepost verify: {} answered 1.1.0\"\n",
        server.url("/uat")
    )), "{uat}");
    let prod =
        std::fs::read_to_string(repo.registry().join("releases/1.0.0/release.toml")).unwrap();
    assert!(prod.contains("result = \"failed\""), "{prod}");
    assert!(prod.contains("answered 0.9.0, not 1.0.0"), "{prod}");

    // --record needs --by.
    let out = crate::support::milepost()
        .current_dir(repo.registry())
        .args(["verify", "--record"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
