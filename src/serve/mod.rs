//! `milepost serve`: build into memory, serve both sites on a local address,
//! rebuild on every change, and tell open pages to reload. A failed build
//! keeps the last good pages up, with the problems shown over them.

mod cache;
mod http;
mod watch;

pub use http::{Reply, host_allowed, route};
pub use watch::{ChangeKind, classify};

use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use jiff::Timestamp;
use notify::{RecursiveMode, Watcher};

use crate::load::{LoadedRegistry, load, reload};
use crate::site::pipeline::{BuildFailure, Model, Site, prepare};

pub struct ServeOptions {
    pub root: PathBuf,
    pub address: SocketAddr,
    /// Fixed time for what is published (default: the real time at each build).
    pub now: Option<Timestamp>,
}

/// Open event streams are capped: each holds a thread.
const MAX_EVENT_STREAMS: usize = 64;
const MAX_URL: usize = 4096;
const WORKERS: usize = 4;

/// The last good build, pages rendered from it so far, and why the latest
/// build failed (if it did).
#[derive(Default)]
struct Served {
    model: Option<Arc<Model>>,
    cache: cache::PageCache,
    error: Option<String>,
}

struct Shared {
    served: Mutex<Served>,
    parsed: crate::validate::ParseCache,
    /// The files as last read, so that a save re-reads one file, not all.
    loaded: Mutex<Option<LoadedRegistry>>,
    listeners: Mutex<Vec<Sender<&'static str>>>,
    streams: AtomicUsize,
    /// Whether the registry has been judged once (and its set-up warned about).
    judged_once: AtomicBool,
}

impl Shared {
    /// Tells open pages: "refresh" (swap in the new page) or "reload" (load
    /// it anew: templates or styles changed).
    fn notify(&self, message: &'static str) {
        if let Ok(mut listeners) = self.listeners.lock() {
            listeners.retain(|l| l.send(message).is_ok());
        }
    }

    /// A page of the last good build, rendered when first asked for.
    fn page(&self, site: Site, key: &str) -> Result<Option<Vec<u8>>, String> {
        let model = {
            let served = self
                .served
                .lock()
                .map_err(|_| "internal error".to_string())?;
            if let Some(page) = served.cache.get(site, key) {
                return Ok(Some(page.to_vec()));
            }
            match &served.model {
                Some(model) => Arc::clone(model),
                None => return Ok(None),
            }
        };
        let page = model
            .render_page(site, key)
            .map_err(|f| f.describe())?
            .map(|p| p.bytes);
        if let Ok(mut served) = self.served.lock() {
            // A rebuild in between has its own model: keep only what is current.
            if served
                .model
                .as_ref()
                .is_some_and(|m| Arc::ptr_eq(m, &model))
            {
                served.cache.insert(site, key, page.as_deref());
            }
        }
        Ok(page)
    }
}

/// Loads and checks the registry again; pages are rendered when asked for.
/// `changed` are the files that changed, when that is all that did.
/// Returns the time it took.
fn rebuild(root: &Path, now: Option<Timestamp>, shared: &Shared, changed: &[PathBuf]) -> Duration {
    let started = Instant::now();
    let loaded = {
        let previous = shared.loaded.lock().ok().and_then(|l| l.clone());
        previous
            .and_then(|p| reload(&p, changed))
            .unwrap_or_else(|| load(root))
    };
    if let Ok(mut last) = shared.loaded.lock() {
        *last = Some(loaded.clone());
    }
    let checked = crate::validate::check_cached(loaded, Some(&shared.parsed));
    let request = crate::judgement::Request {
        now,
        quiet: shared.judged_once.swap(true, Ordering::SeqCst),
        ..Default::default()
    };
    let result = crate::judgement::judge_checked(root, checked, &request)
        .map_err(|err| BuildFailure::Unjudged(crate::cmd::error_text(&err)))
        .and_then(|judgement| prepare(root, judgement));
    let took = started.elapsed();
    if let Ok(mut served) = shared.served.lock() {
        match result {
            Ok(model) => {
                served.model = Some(Arc::new(model));
                served.cache.clear();
                served.error = None;
                eprintln!("rebuilt in {} ms", took.as_millis());
            }
            Err(failure) => {
                let text = failure.describe();
                eprint!("{text}");
                eprintln!("the build failed; serving the last good pages");
                served.error = Some(text);
            }
        }
    }
    let looks_changed = changed.is_empty()
        || changed.iter().any(|p| {
            p == root
                || p.strip_prefix(root)
                    .is_ok_and(|rel| rel.starts_with("site-templates"))
        });
    shared.notify(if looks_changed { "reload" } else { "refresh" });
    took
}

/// Serves until the process is stopped. `ready` is told the address once
/// the first build is done and the socket listens.
pub fn serve(options: ServeOptions, ready: impl FnOnce(SocketAddr)) -> anyhow::Result<()> {
    let shared = Arc::new(Shared {
        served: Mutex::new(Served::default()),
        parsed: crate::validate::ParseCache::default(),
        loaded: Mutex::new(None),
        listeners: Mutex::new(Vec::new()),
        streams: AtomicUsize::new(0),
        judged_once: AtomicBool::new(false),
    });
    rebuild(&options.root, options.now, &shared, &[]);
    let server = tiny_http::Server::http(options.address)
        .map_err(|err| anyhow::anyhow!("cannot listen on {}: {err}", options.address))?;
    let address = server.server_addr().to_ip().unwrap_or(options.address);
    let server = Arc::new(server);

    let (events, changes) = channel();
    let mut watcher = notify::recommended_watcher(events)?;
    watcher.watch(&options.root, RecursiveMode::Recursive)?;
    let (root, now, watcher_shared) = (options.root.clone(), options.now, Arc::clone(&shared));
    std::thread::spawn(move || watch_loop(&root, now, &watcher_shared, &changes));

    ready(address);
    let workers: Vec<_> = (0..WORKERS)
        .map(|_| {
            let (server, shared) = (Arc::clone(&server), Arc::clone(&shared));
            std::thread::spawn(move || {
                while let Ok(request) = server.recv() {
                    handle(request, &shared, address);
                }
            })
        })
        .collect();
    for worker in workers {
        let _ = worker.join();
    }
    drop(watcher);
    Ok(())
}

/// How long the files must be quiet before a rebuild: an editor's save is
/// several events (write a temporary file, rename it, change attributes).
const SETTLE: Duration = Duration::from_millis(25);

fn watch_loop(
    root: &Path,
    now: Option<Timestamp>,
    shared: &Shared,
    changes: &Receiver<notify::Result<notify::Event>>,
) {
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let relevant = |event: &notify::Result<notify::Event>| match event {
        // Reading files (our own builds do) is not a change.
        Ok(event) if matches!(event.kind, notify::EventKind::Access(_)) => false,
        Ok(event) => event
            .paths
            .iter()
            .any(|p| classify(&root, None, p) == ChangeKind::Source),
        // A watcher error (a queue overflow) may hide changes: rebuild to be sure.
        Err(_) => true,
    };
    while let Ok(event) = changes.recv() {
        if !relevant(&event) {
            continue;
        }
        // What changed during the settling time; a watcher error means "anything".
        let mut paths: Vec<PathBuf> = Vec::new();
        let mut everything = false;
        let mut note = |event: notify::Result<notify::Event>| match event {
            Ok(event) if matches!(event.kind, notify::EventKind::Access(_)) => {}
            Ok(event) => paths.extend(
                event
                    .paths
                    .into_iter()
                    .filter(|p| classify(&root, None, p) == ChangeKind::Source),
            ),
            Err(_) => everything = true,
        };
        note(event);
        loop {
            match changes.recv_timeout(SETTLE) {
                Ok(event) => note(event),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        paths.sort();
        paths.dedup();
        if everything {
            paths.clear();
            paths.push(root.clone());
        }
        rebuild(&root, now, shared, &paths);
    }
}

fn header(name: &str, value: &str) -> Option<tiny_http::Header> {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()).ok()
}

fn handle(request: tiny_http::Request, shared: &Arc<Shared>, listening: SocketAddr) {
    use tiny_http::Method;
    let host = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str().to_string());
    let reply = if !host_allowed(host.as_deref(), listening) {
        Reply::new(
            421,
            "text/plain; charset=utf-8",
            b"this server answers only requests for its own address (Host)\n".to_vec(),
        )
    } else if !matches!(request.method(), Method::Get | Method::Head) {
        Reply::new(
            405,
            "text/plain; charset=utf-8",
            b"only GET and HEAD\n".to_vec(),
        )
    } else if request.url().len() > MAX_URL {
        Reply::new(
            414,
            "text/plain; charset=utf-8",
            b"address too long\n".to_vec(),
        )
    } else if request.url() == http::EVENTS_PATH {
        return events(request, shared);
    } else {
        let error = shared.served.lock().ok().and_then(|s| s.error.clone());
        route(
            &|site, key| shared.page(site, key),
            error.as_deref(),
            request.url(),
        )
    };
    let mut response = tiny_http::Response::from_data(reply.body).with_status_code(reply.status);
    for h in [
        header("Content-Type", reply.content_type),
        header("Cache-Control", "no-store"),
        header("X-Content-Type-Options", "nosniff"),
        reply
            .location
            .as_deref()
            .and_then(|l| header("Location", l)),
    ]
    .into_iter()
    .flatten()
    {
        response.add_header(h);
    }
    let _ = request.respond(response);
}

/// Holds a slot of the event streams while a page listens.
struct StreamSlot(Arc<Shared>);

impl Drop for StreamSlot {
    fn drop(&mut self) {
        self.0.streams.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A server-sent event stream: `data: reload` after every build. Written by
/// hand on the socket, flushed at once (a buffered response would hold the
/// events back).
fn events(request: tiny_http::Request, shared: &Arc<Shared>) {
    if shared.streams.fetch_add(1, Ordering::SeqCst) >= MAX_EVENT_STREAMS {
        shared.streams.fetch_sub(1, Ordering::SeqCst);
        let _ = request.respond(
            tiny_http::Response::from_string("too many open pages\n").with_status_code(503),
        );
        return;
    }
    let slot = StreamSlot(Arc::clone(shared));
    let (sender, changes) = channel();
    if let Ok(mut listeners) = shared.listeners.lock() {
        listeners.push(sender);
    }
    // Each open page holds its own thread, so that the workers stay free.
    std::thread::spawn(move || {
        let _slot = slot;
        let mut writer = request.into_writer();
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\nretry: 1000\n\n";
        if writer
            .write_all(head.as_bytes())
            .and_then(|()| writer.flush())
            .is_err()
        {
            return;
        }
        loop {
            let message = match changes.recv_timeout(Duration::from_secs(15)) {
                Ok(message) => format!("data: {message}\n\n"),
                // A comment line finds out when the page has gone.
                Err(RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_string(),
                Err(RecvTimeoutError::Disconnected) => return,
            };
            if writer
                .write_all(message.as_bytes())
                .and_then(|()| writer.flush())
                .is_err()
            {
                return;
            }
        }
    });
}
