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
//! The server is a thread per connection, one request on each
//! (`http.rs`). It binds the loopback address unless told otherwise, and
//! then also refuses requests naming another host, so that a web page
//! cannot reach it through a DNS name that points at 127.0.0.1. It serves
//! a fixed set of routes ([`route`]): nothing from a URL becomes a path on
//! disk.

mod events;
mod html;
mod http;
pub mod route;
mod state;

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, RwLock, mpsc};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use http::{Request, Response, Unread};

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
    /// Requests being answered, each on a thread of its own.
    answering: AtomicUsize,
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
    shared: Arc<Shared>,
    acceptor: Option<JoinHandle<()>>,
}

/// Requests answered at once; more are told to come back (503). An open
/// page's WebSocket is not one of them.
const ANSWERING: usize = 64;

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
        let listener = TcpListener::bind(asked.as_slice()).map_err(|e| ServeError::Bind {
            addr: shown.clone(),
            reason: e.to_string(),
        })?;
        let addr = listener.local_addr().map_err(|e| ServeError::Bind {
            addr: shown,
            reason: e.to_string(),
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
            answering: AtomicUsize::new(0),
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
        let accepting = shared.clone();
        let acceptor = thread::spawn(move || accept(&listener, &accepting));
        let keep_alive = shared.clone();
        thread::spawn(move || {
            while !keep_alive.stop.load(Ordering::Relaxed) {
                thread::sleep(KEEP_ALIVE);
                keep_alive.events.ping();
            }
        });
        Ok(Server {
            addr,
            shared,
            acceptor: Some(acceptor),
        })
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Serves until the process ends.
    pub fn run(mut self) {
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::Relaxed);
        // The acceptor wakes to a connection of our own, and stops.
        let ip = match self.addr.ip() {
            IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
            IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
            ip => ip,
        };
        let woken =
            TcpStream::connect_timeout(&SocketAddr::new(ip, self.addr.port()), http::TIMEOUT);
        if let (Ok(_), Some(acceptor)) = (woken, self.acceptor.take()) {
            let _ = acceptor.join();
        }
        self.shared.events.close();
    }
}

/// One of the [`ANSWERING`] requests answered at once.
struct Slot<'a>(&'a AtomicUsize);

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Takes connections until the server stops, each answered on a thread
/// of its own: a slow client holds up no other.
fn accept(listener: &TcpListener, shared: &Arc<Shared>) {
    for stream in listener.incoming() {
        if shared.stop.load(Ordering::Relaxed) {
            return;
        }
        let Ok(stream) = stream else {
            // The client left before it was taken, or the system is short
            // of descriptors for a moment.
            thread::sleep(Duration::from_millis(10));
            continue;
        };
        let shared = shared.clone();
        if shared.answering.fetch_add(1, Ordering::AcqRel) >= ANSWERING {
            shared.answering.fetch_sub(1, Ordering::AcqRel);
            // Not read: a slow client must not hold up the others here.
            http::turn_away(stream);
            continue;
        }
        let spawned = thread::Builder::new().spawn({
            let shared = shared.clone();
            move || {
                // The slot is given back however the answer ends.
                let _slot = Slot(&shared.answering);
                match Request::read(stream) {
                    Ok(request) => answer(&shared, request),
                    Err(Unread::Malformed(status, stream)) => http::refuse(status, stream),
                    Err(Unread::Gone) => {}
                }
            }
        });
        if spawned.is_err() {
            shared.answering.fetch_sub(1, Ordering::AcqRel);
        }
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

/// Responses one request; an event stream is kept, the rest answered and
/// closed.
fn answer(shared: &Shared, request: Request) {
    if let Some(hosts) = &shared.hosts {
        let host = request.header("Host").map(str::to_ascii_lowercase);
        if !host.is_some_and(|h| hosts.contains(&h)) {
            return request.respond(text(
                403,
                "this preview answers only requests to the loopback address",
            ));
        }
    }
    if !matches!(request.method(), "GET" | "HEAD") {
        let refused = text(405, "only GET and HEAD are served");
        return request.respond(refused.with("Allow", "GET, HEAD"));
    }
    let Some(snapshot) = shared.current() else {
        return request.respond(text(503, "the project is being built"));
    };
    let response = match route::route(request.target()) {
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
            Err(Refusal::NotAWebSocket) => {
                text(426, "this address is a WebSocket for the preview's pages")
                    .with("Upgrade", "websocket")
            }
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
    request.respond(response);
}

fn bytes_response(status: u16, body: Vec<u8>, content_type: &str) -> Response {
    Response::new(status, body)
        .with("Content-Type", content_type)
        .with("Cache-Control", "no-store")
        .with("X-Content-Type-Options", "nosniff")
}

fn page(status: u16, html: String) -> Response {
    bytes_response(status, html.into_bytes(), "text/html; charset=utf-8").with(
        "Content-Security-Policy",
        "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; \
         img-src data:; font-src 'self'; connect-src 'self'",
    )
}

fn text(status: u16, message: &str) -> Response {
    bytes_response(
        status,
        format!("{message}\n").into_bytes(),
        "text/plain; charset=utf-8",
    )
}

/// A file the build wrote, found by the build's record, never by a URL.
fn file(path: &Path, content_type: &str) -> Response {
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
            bytes_response(200, bytes, content_type).with(
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
