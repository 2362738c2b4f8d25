//! `verbale serve`: a live preview in the browser.
//!
//! The index lists every note; a note's page shows its language versions
//! side by side, page for page, as SVG drawn from the very pages the PDF
//! is written from ([`crate::preview`]). The project is built as `verbale
//! build` builds it and followed as `verbale watch` follows it
//! ([`crate::watch`]): each save rebuilds, and every open page hears of it
//! over a WebSocket and swaps in the new pages, or the diagnostics of a
//! note that no longer builds.
//!
//! The server is tiny_http, a thread per connection. It binds the
//! loopback address unless told otherwise, and then also refuses requests
//! naming another host, so that a web page cannot reach it through a DNS
//! name that points at 127.0.0.1. It serves a fixed set of routes
//! ([`route`]): nothing from a URL becomes a path on disk.

mod events;
mod html;
pub mod route;
mod state;

use std::io::Cursor;
use std::net::{IpAddr, SocketAddr, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock, mpsc};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use tiny_http::{Header, Method, Request, Response};

use crate::build;
use crate::watch;

use events::{Events, Refusal};
use route::{Refused, Route};
use state::Snapshot;

/// How to serve.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Poll the files instead of using the system's notifications.
    pub poll: bool,
    /// Print each rebuild's summary and problems on standard error.
    pub log: bool,
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {reason}")]
    Bind {
        /// What was asked for.
        addr: String,
        /// What the system said.
        reason: String,
    },
    /// The project's files cannot be followed.
    #[error("cannot watch the project: {0}")]
    Watch(String),
}

/// What the threads share.
struct Shared {
    /// The last build; `None` only until the first one is done, before
    /// any request is answered.
    snapshot: RwLock<Option<Arc<Snapshot>>>,
    events: Events,
    stop: AtomicBool,
    /// The `Host` headers accepted; `None` accepts any (bound beyond the
    /// loopback on purpose).
    hosts: Option<Vec<String>>,
    /// The origins of pages that may open the WebSocket: the same hosts.
    origins: Option<Vec<String>>,
    log: bool,
}

impl Shared {
    fn current(&self) -> Option<Arc<Snapshot>> {
        self.snapshot
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

/// A running preview server. Dropping it stops answering requests.
pub struct Server {
    addr: SocketAddr,
    http: Arc<tiny_http::Server>,
    shared: Arc<Shared>,
    workers: Vec<JoinHandle<()>>,
}

/// Threads answering requests; an open page's WebSocket holds none of
/// them.
const WORKERS: usize = 4;

/// How often every page's WebSocket is pinged, so that those of closed
/// pages are noticed and dropped.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

impl Server {
    /// Builds the project in `root` once, listens on `addr` (such as
    /// `127.0.0.1:3000`; port 0 picks a free one) and serves, rebuilding
    /// on every change, until dropped.
    pub fn bind(
        root: impl Into<PathBuf>,
        addr: impl ToSocketAddrs,
        options: Options,
    ) -> Result<Server, ServeError> {
        let root: PathBuf = root.into();
        let asked: Vec<SocketAddr> = addr
            .to_socket_addrs()
            .map_err(|e| ServeError::Bind {
                addr: "the address".into(),
                reason: e.to_string(),
            })?
            .collect();
        let shown = asked
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        let http = tiny_http::Server::http(asked.as_slice()).map_err(|e| ServeError::Bind {
            addr: shown.clone(),
            reason: e.to_string(),
        })?;
        let addr = http.server_addr().to_ip().ok_or_else(|| ServeError::Bind {
            addr: shown,
            reason: "not an IP address".into(),
        })?;
        let hosts = addr.ip().is_loopback().then(|| {
            let port = addr.port();
            vec![
                format!("127.0.0.1:{port}"),
                format!("localhost:{port}"),
                format!("[::1]:{port}"),
                addr.to_string(),
            ]
        });
        let (first_tx, first_rx) = mpsc::channel();
        let shared = Arc::new(Shared {
            snapshot: RwLock::new(None),
            events: Events::default(),
            stop: AtomicBool::new(false),
            origins: hosts
                .as_ref()
                .map(|hosts| hosts.iter().map(|h| format!("http://{h}")).collect()),
            hosts,
            log: options.log,
        });
        spawn_watcher(root, options, shared.clone(), first_tx);
        // Until the first build has run (and the files are followed), a
        // page would show nothing, and a save could go unnoticed.
        match first_rx.recv() {
            Ok(Ok(())) => {}
            Ok(Err(e)) => return Err(ServeError::Watch(e)),
            Err(_) => return Err(ServeError::Watch("the watcher stopped".into())),
        }
        let http = Arc::new(http);
        let mut workers = Vec::new();
        for _ in 0..WORKERS {
            let (http, shared) = (http.clone(), shared.clone());
            workers.push(thread::spawn(move || {
                while let Ok(request) = http.recv() {
                    if shared.stop.load(Ordering::Relaxed) {
                        break;
                    }
                    answer(&shared, request);
                }
            }));
        }
        let keep_alive = shared.clone();
        thread::spawn(move || {
            while !keep_alive.stop.load(Ordering::Relaxed) {
                thread::sleep(KEEP_ALIVE);
                keep_alive.events.ping();
            }
        });
        Ok(Server {
            addr,
            http,
            shared,
            workers,
        })
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Serves until the process ends.
    pub fn run(mut self) {
        for worker in self.workers.drain(..) {
            let _ = worker.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::Relaxed);
        for _ in 0..WORKERS {
            self.http.unblock();
        }
        self.shared.events.close();
    }
}

/// Follows the project's inputs on a thread of its own, building anew on
/// every change; reports the first build (or why watching cannot start)
/// on `first`.
fn spawn_watcher(
    root: PathBuf,
    options: Options,
    shared: Arc<Shared>,
    first: mpsc::Sender<Result<(), String>>,
) {
    thread::spawn(move || {
        let mut generation = 0;
        let say = |line: &str| {
            if shared.log {
                eprintln!("{line}");
            }
        };
        let result = watch::watch(
            &root,
            watch::Options {
                poll: options.poll,
                interval: Duration::from_millis(250),
            },
            || {
                if shared.stop.load(Ordering::Relaxed) {
                    return None;
                }
                let snapshot = Arc::new(Snapshot::build(&root, generation));
                *shared.snapshot.write().unwrap_or_else(|e| e.into_inner()) =
                    Some(snapshot.clone());
                log(&shared, &snapshot);
                let watched = build::watched(&snapshot.project, &snapshot.run);
                if generation > 0 {
                    shared.events.changed(generation);
                }
                let _ = first.send(Ok(()));
                generation += 1;
                Some(watched)
            },
            say,
        );
        if let Err(e) = result {
            let _ = first.send(Err(e.to_string()));
            say(&format!("error: cannot watch the project: {e}"));
        }
    });
}

fn log(shared: &Shared, snapshot: &Snapshot) {
    if !shared.log {
        return;
    }
    for d in &snapshot.run.diagnostics {
        eprintln!("{}", d.short(&snapshot.project.world));
    }
    eprintln!("{}", snapshot.run.summary());
}

/// Answers one request; an event stream is kept, the rest answered and
/// closed.
fn answer(shared: &Shared, request: Request) {
    if let Some(hosts) = &shared.hosts {
        let host = request
            .headers()
            .iter()
            .find(|h| h.field.equiv("Host"))
            .map(|h| h.value.as_str().to_ascii_lowercase());
        if !host.is_some_and(|h| hosts.contains(&h)) {
            return respond(
                request,
                text(
                    403,
                    "this preview answers only requests to the loopback address",
                ),
            );
        }
    }
    if !matches!(request.method(), Method::Get | Method::Head) {
        let refused = text(405, "only GET and HEAD are served");
        return respond(request, with(refused, "Allow", "GET, HEAD"));
    }
    let Some(snapshot) = shared.current() else {
        return respond(request, text(503, "the project is being built"));
    };
    let response = match route::route(request.url()) {
        Err(Refused::BadRequest(why)) => text(400, why),
        Err(Refused::NotFound) => page(
            404,
            html::missing(snapshot.generation, "There is nothing at this address."),
        ),
        Ok(Route::Events) => match events::handshake(&request, shared.origins.as_deref()) {
            Ok(key) => {
                let generation = || shared.current().map_or(0, |s| s.generation);
                return shared.events.subscribe(request, &key, generation);
            }
            Err(Refusal::NotAWebSocket) => with(
                text(426, "this address is a WebSocket for the preview's pages"),
                "Upgrade",
                "websocket",
            ),
            Err(Refusal::ForeignOrigin) => {
                text(403, "only the preview's own pages may follow its changes")
            }
        },
        Ok(Route::Index) => page(200, html::index(&snapshot)),
        Ok(Route::Note(stem)) => match snapshot.note(&stem) {
            Some(note) => page(200, html::note(&snapshot, note)),
            None => page(
                404,
                html::missing(
                    snapshot.generation,
                    &format!("There is no note {stem} in notes/."),
                ),
            ),
        },
        Ok(Route::Pdf(stem)) => match snapshot.note(&stem).and_then(|n| n.pdf()) {
            Some(pdf) => file(pdf, "application/pdf"),
            None => text(404, "this note has no PDF: it was not built"),
        },
        Ok(Route::Font(style)) => match &snapshot.project.fonts {
            Some(fonts) => match snapshot.project.world.read(&fonts.files[style.index()]) {
                Ok(bytes) => bytes_response(200, bytes.to_vec(), "font/ttf"),
                Err(e) => text(404, &e.to_string()),
            },
            None => text(404, "the project's fonts did not load"),
        },
    };
    respond(request, response);
}

type Answer = Response<Cursor<Vec<u8>>>;

fn respond(request: Request, response: Answer) {
    // A client that went away needs no answer.
    let _ = request.respond(response);
}

/// `response` with a header added; every name and value given here is
/// ASCII, which is all a header may hold.
fn with(response: Answer, name: &str, value: &str) -> Answer {
    match Header::from_bytes(name.as_bytes(), value.as_bytes()) {
        Ok(h) => response.with_header(h),
        Err(()) => response,
    }
}

fn bytes_response(status: u16, body: Vec<u8>, content_type: &str) -> Answer {
    // Sized bodies rather than chunked ones, however large: a download
    // then shows its progress.
    let response = Response::from_data(body)
        .with_status_code(status)
        .with_chunked_threshold(usize::MAX);
    let response = with(response, "Content-Type", content_type);
    let response = with(response, "Cache-Control", "no-store");
    with(response, "X-Content-Type-Options", "nosniff")
}

fn page(status: u16, html: String) -> Answer {
    with(
        bytes_response(status, html.into_bytes(), "text/html; charset=utf-8"),
        "Content-Security-Policy",
        "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; \
         img-src data:; font-src 'self'; connect-src 'self'",
    )
}

fn text(status: u16, message: &str) -> Answer {
    bytes_response(
        status,
        format!("{message}\n").into_bytes(),
        "text/plain; charset=utf-8",
    )
}

/// A file the build wrote, found by the build's record, never by a URL.
fn file(path: &Path, content_type: &str) -> Answer {
    match std::fs::read(path) {
        Ok(bytes) => {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let safe: String = name
                .chars()
                .map(|c| {
                    if c.is_ascii_graphic() && c != '"' {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            with(
                bytes_response(200, bytes, content_type),
                "Content-Disposition",
                &format!("inline; filename=\"{safe}\""),
            )
        }
        Err(e) => text(404, &format!("cannot read the PDF: {e}")),
    }
}

/// Whether `host` names only this machine, so that binding it keeps the
/// preview private.
pub fn is_loopback(host: &str) -> bool {
    match host.trim_matches(['[', ']']).parse::<IpAddr>() {
        Ok(ip) => ip.is_loopback(),
        Err(_) => host.eq_ignore_ascii_case("localhost"),
    }
}
