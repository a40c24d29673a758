//! Local preview: serves the site from memory ([`Site`]), watches the archive, updates the
//! site on every change and tells connected browsers to reload.
//!
//! Threads, each with one job, talking over channels (no shared mutable site):
//! - the watcher (notify's debouncer over the native watcher, or our poller) hands over
//!   each batch of changes once its events are [`QUIET`] old, so an editor's save
//!   (temporary file, rename, backup) is one batch;
//! - the site thread owns the [`Site`]: it applies each batch, then answers page requests
//!   in order, so a request made after a reload message always sees that rebuild; while a
//!   batch's notes render (on a scoped worker, `Site::prepare`, through a shared
//!   reference) it answers requests from the site as it was, so one huge note does not
//!   hold up every page;
//! - the search thread rebuilds the search index after each rebuild, on one core, once the
//!   edits pause (the reload does not wait for it);
//! - the HTTP server (axum's router on hyper's HTTP/1 connections, with an idle timeout
//!   and a cap on open connections) forwards page requests to the site thread, streams
//!   rebuild messages as server-sent events and adds the live-reload script to HTML pages.

use crate::build::{Fatal, Options};
use crate::diag::Diagnostic;
use crate::site::Site;
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::stream::{self, Stream, StreamExt};
use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, DebouncedEvent, Debouncer, RecommendedCache};
use serde::Serialize;
use std::collections::HashMap;
use std::collections::{BTreeSet, HashSet};
use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;
use std::time::{Duration, Instant};
use thiserror::Error;
use tokio::sync::{broadcast, oneshot};

/// How old a change must be before the debouncer hands it over.
pub const QUIET: Duration = Duration::from_millis(30);
/// How often the debouncer looks for changes that are old enough.
const TICK: Duration = Duration::from_millis(10);
/// The longest a batch waits while changes keep coming.
const MAX_BATCH: Duration = Duration::from_millis(300);
/// How long edits must pause before the search index is rebuilt.
const SEARCH_QUIET: Duration = Duration::from_millis(300);
/// A batch whose notes take longer than this to render is announced on the terminal.
const SLOW_BATCH: Duration = Duration::from_secs(1);
/// How often `--poll` looks at the files.
const POLL_INTERVAL: Duration = Duration::from_millis(500);
/// Where browsers listen for rebuilds.
pub const EVENTS_PATH: &str = "/__minutes/events";
/// The live-reload client, a file of its own: the default theme's Content-Security-Policy
/// runs no inline script.
pub const LIVE_RELOAD_PATH: &str = "/__minutes/live-reload.js";

#[derive(Debug, Error)]
pub enum ServeError {
    #[error("cannot watch {path}: {source}")]
    Watch {
        path: PathBuf,
        #[source]
        source: notify::Error,
    },
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Fatal(#[from] Fatal),
}

pub struct Settings {
    /// Poll the file system instead of native events (network and container mounts).
    pub poll: bool,
    /// How long a connection may go without sending a whole request head before it is
    /// closed (a new connection, or a kept-alive one between requests).
    pub idle_timeout: Duration,
    /// The most connections open at once; more are closed as soon as they are accepted.
    pub max_connections: usize,
}

/// [`Settings::idle_timeout`] unless told otherwise: a browser sends its request at once,
/// and reconnects when a kept-alive connection is closed.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(10);
/// [`Settings::max_connections`] unless told otherwise (and never more than the
/// open-file limit allows, less [`SPARE_FILES`]).
pub const MAX_CONNECTIONS: usize = 4096;
/// Descriptors kept for everything but connections: the archive's files, the watcher.
const SPARE_FILES: u64 = 128;

/// What the site thread is asked to do.
enum Msg {
    Changes {
        paths: Vec<PathBuf>,
        rescan: bool,
    },
    Get {
        path: String,
        reply: oneshot::Sender<Reply>,
    },
    /// The search thread asks for what the index is built from.
    SearchInput {
        reply: mpsc::Sender<crate::site::SearchInput>,
    },
    Search {
        generation: u64,
        files: crate::search::Files,
    },
    /// The worker has rendered a batch's notes (`Site::prepare`).
    Prepared(crate::site::Prepared),
}

struct Reply {
    status: StatusCode,
    location: Option<String>,
    bytes: Vec<u8>,
    path: String,
    /// A note's page: reloads only for rebuilds that concern it.
    note: bool,
}

/// Sent to browsers on every rebuild (event `reload`) and on connecting (event `status`).
#[derive(Serialize)]
struct Message<'a> {
    /// Changes on every start of the server, so a page reloads after a restart.
    server: &'a str,
    generation: u64,
    paths: &'a [String],
    indexes: bool,
    errors: &'a [Diagnostic],
}

#[derive(Clone)]
struct App {
    site: mpsc::Sender<Msg>,
    events: broadcast::Sender<Arc<str>>,
    status: Arc<Mutex<Arc<str>>>,
}

/// Loads the archive at `opts.root` and serves it on `listener` until the process is
/// stopped; `loaded` is called once the site is ready (to print where it is served).
pub fn run(
    listener: std::net::TcpListener,
    opts: &Options,
    settings: Settings,
    loaded: impl FnOnce(&Site),
) -> Result<(), ServeError> {
    let mut opts = opts.clone();
    opts.root = opts
        .root
        .canonicalize()
        .map_err(|_| Fatal::NoArchive(opts.root.clone()))?;
    let setup = crate::engine::Setup::open(&opts)?;
    let (content, output) = (setup.content, setup.output);
    let (site_tx, site_rx) = mpsc::channel::<Msg>();

    // Watch before loading: an edit made while the archive loads is applied right after.
    let watch_error = |e| ServeError::Watch {
        path: opts.root.clone(),
        source: e,
    };
    let (ev_tx, ev_rx) = mpsc::channel();
    let mut watcher = if settings.poll {
        Source::Poll(Poller::start(ev_tx, POLL_INTERVAL))
    } else {
        let debouncer = notify_debouncer_full::new_debouncer(QUIET, Some(TICK), ev_tx);
        Source::Native(debouncer.map_err(watch_error)?)
    };
    let mut watched = Watched::plan(&opts.root, &content, &output);
    watched.start(&mut watcher)?;
    {
        let site_tx = site_tx.clone();
        std::thread::Builder::new()
            .name("watch".into())
            .spawn(move || watch_thread(ev_rx, watcher, watched, site_tx))?;
    }

    let site = Site::load(&opts)?;
    loaded(&site);

    let (events, _) = broadcast::channel::<Arc<str>>(64);
    let server_id = server_id();
    let errors = site.errors();
    let status: Arc<Mutex<Arc<str>>> =
        Arc::new(Mutex::new(message(&server_id, 0, &[], false, &errors)));

    let (search_tx, search_rx) = mpsc::channel::<u64>();
    search_tx
        .send(1)
        .expect("the search thread is not started yet");
    {
        let site_tx = site_tx.clone();
        std::thread::Builder::new()
            .name("search".into())
            .spawn(move || search_thread(search_rx, site_tx))?;
    }
    {
        let events = events.clone();
        let status = status.clone();
        let own = site_tx.clone();
        std::thread::Builder::new()
            .name("site".into())
            .spawn(move || {
                site_thread(site, (own, site_rx), search_tx, events, status, server_id)
            })?;
    }

    let router = router(App {
        site: site_tx,
        events,
        status,
    });
    let max_connections = settings.max_connections.min(connection_budget());
    let rt = tokio::runtime::Runtime::new()?;
    rt.block_on(async move {
        listener.set_nonblocking(true)?;
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let shutdown = tokio::signal::ctrl_c();
        tokio::select! {
            _ = accept_loop(listener, router, settings.idle_timeout, max_connections) => {}
            _ = shutdown => {}
        }
        Ok::<(), std::io::Error>(())
    })?;
    Ok(())
}

/// The server's routes: the live-reload event stream and script, and every other path
/// from the site.
fn router(app: App) -> axum::Router {
    axum::Router::new()
        .route(EVENTS_PATH, axum::routing::get(events_handler))
        .route(
            LIVE_RELOAD_PATH,
            axum::routing::get(|| async {
                (
                    [
                        (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
                        (header::CACHE_CONTROL, "no-store"),
                    ],
                    LIVE_RELOAD,
                )
            }),
        )
        .fallback(page_handler)
        .with_state(app)
}

/// This run of the server, unique across restarts: a page reloads itself when the id it
/// was served with changes.
fn server_id() -> String {
    format!(
        "{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    )
}

/// How many connections the process's open-file limit leaves room for, after raising its
/// soft limit to the hard one: under the usual soft limit of 1,024, a thousand idle
/// sockets left no descriptor to accept a browser's request with.
fn connection_budget() -> usize {
    #[cfg(unix)]
    {
        use rustix::process::{getrlimit, setrlimit, Resource};
        let mut limit = getrlimit(Resource::Nofile);
        if limit.maximum != limit.current {
            let raised = rustix::process::Rlimit {
                current: limit.maximum,
                maximum: limit.maximum,
            };
            if setrlimit(Resource::Nofile, raised).is_ok() {
                limit = getrlimit(Resource::Nofile);
            }
        }
        match limit.current {
            Some(files) => files.saturating_sub(SPARE_FILES).max(1) as usize,
            None => usize::MAX,
        }
    }
    #[cfg(not(unix))]
    {
        usize::MAX
    }
}

/// Serves connections one task each, as `axum::serve` does, but with what it lacks: a
/// connection that sends no request head within `idle` is closed (hyper's header-read
/// timeout, which also runs between the requests of a kept-alive connection), and past
/// `max` open connections a new one is closed at once, so it neither holds a descriptor
/// nor waits in the backlog; the clients already served keep being served.
async fn accept_loop(
    listener: tokio::net::TcpListener,
    router: axum::Router,
    idle: Duration,
    max: usize,
) {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use hyper_util::service::TowerToHyperService;
    let open = Arc::new(tokio::sync::Semaphore::new(
        max.min(tokio::sync::Semaphore::MAX_PERMITS),
    ));
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // Out of descriptors or a connection reset before it was accepted: the next
            // accept may succeed once a connection closes.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(10)).await;
                continue;
            }
        };
        let Ok(permit) = open.clone().try_acquire_owned() else {
            drop(stream);
            continue;
        };
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(router.clone());
        tokio::spawn(async move {
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(idle)
                .serve_connection(TokioIo::new(stream), service)
                .with_upgrades();
            let _ = connection.await;
            drop(permit);
        });
    }
}

fn message(
    server: &str,
    generation: u64,
    paths: &[String],
    indexes: bool,
    errors: &[Diagnostic],
) -> Arc<str> {
    serde_json::to_string(&Message {
        server,
        generation,
        paths,
        indexes,
        errors,
    })
    .expect("plain data serializes")
    .into()
}

/// Renders a batch's notes on a worker thread (`Site::prepare`) while this thread answers
/// page requests from the site as it was; messages that would change the site wait until
/// the batch is applied. Requests answered meanwhile come before the reload message, so a
/// page fetched after it still reflects the rebuild.
fn prepare_answering(
    site: &mut Site,
    paths: &[PathBuf],
    own: &mpsc::Sender<Msg>,
    rx: &mpsc::Receiver<Msg>,
    later: &mut std::collections::VecDeque<Msg>,
) -> Option<crate::site::Prepared> {
    site.prepare_routes();
    let site: &Site = site;
    std::thread::scope(|scope| {
        let own = own.clone();
        let worker = std::thread::Builder::new()
            .name("prepare".into())
            .spawn_scoped(scope, move || {
                // A panic still ends the wait: the batch is then rendered by `apply`.
                let prepared =
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| site.prepare(paths)))
                        .unwrap_or_default();
                let _ = own.send(Msg::Prepared(prepared));
            });
        if worker.is_err() {
            return None;
        }
        let mut announced = false;
        let slow = Instant::now() + SLOW_BATCH;
        loop {
            let msg = if announced {
                rx.recv().ok()?
            } else {
                match rx.recv_timeout(slow.saturating_duration_since(Instant::now())) {
                    Ok(msg) => msg,
                    Err(RecvTimeoutError::Timeout) => {
                        // Say why the reload is late, and that the site still answers.
                        eprintln!("rendering changed notes; pages are served as they were until it is done");
                        announced = true;
                        continue;
                    }
                    Err(RecvTimeoutError::Disconnected) => return None,
                }
            };
            match msg {
                Msg::Prepared(prepared) => return Some(prepared),
                Msg::Get { path, reply } => {
                    let _ = reply.send(answer_shared(site, path));
                }
                Msg::SearchInput { reply } => {
                    let _ = reply.send(site.search_input());
                }
                other => later.push_back(other),
            }
        }
    })
}

fn site_thread(
    mut site: Site,
    (own, rx): (mpsc::Sender<Msg>, mpsc::Receiver<Msg>),
    search: mpsc::Sender<u64>,
    events: broadcast::Sender<Arc<str>>,
    status: Arc<Mutex<Arc<str>>>,
    server_id: String,
) {
    let mut generation = 0u64;
    let mut search_generation = 1u64;
    let mut search_applied = 0u64;
    let mut shown: BTreeSet<Diagnostic> = site.errors().into_iter().collect();
    // Messages that arrived while a batch was being prepared, in order.
    let mut later = std::collections::VecDeque::new();
    while let Some(msg) = later.pop_front().or_else(|| rx.recv().ok()) {
        match msg {
            Msg::Changes { paths, rescan } => {
                let start = Instant::now();
                let prepared =
                    prepare_answering(&mut site, &paths, &own, &rx, &mut later).unwrap_or_default();
                let Some(rebuilt) = site.apply_prepared(&paths, rescan, prepared) else {
                    continue;
                };
                generation += 1;
                let errors = site.errors();
                let json = message(
                    &server_id,
                    generation,
                    &rebuilt.paths,
                    rebuilt.indexes,
                    &errors,
                );
                if let Ok(mut s) = status.lock() {
                    *s = json.clone();
                }
                let _ = events.send(json);
                let took = start.elapsed();
                // The changed files' problems, and new errors elsewhere (a collision, the
                // theme); the overlay shows all current errors.
                let now: BTreeSet<Diagnostic> = errors.iter().cloned().collect();
                let mut printed: BTreeSet<&Diagnostic> = rebuilt.diagnostics.iter().collect();
                printed.extend(now.difference(&shown));
                for d in printed {
                    eprintln!("{d}");
                }
                shown = now;
                let what = match rebuilt.paths.as_slice() {
                    [p] if p == "*" => "everything".to_string(),
                    [p] => p.clone(),
                    ps => format!("{} notes", ps.len()),
                };
                eprintln!(
                    "rebuilt {what} in {:.1} ms{}",
                    took.as_secs_f64() * 1000.0,
                    if errors.is_empty() {
                        String::new()
                    } else {
                        format!(" ({} errors)", errors.len())
                    }
                );
                search_generation += 1;
                let _ = search.send(search_generation);
            }
            Msg::Get { path, reply } => {
                let _ = reply.send(answer(&mut site, path));
            }
            Msg::SearchInput { reply } => {
                let _ = reply.send(site.search_input());
            }
            Msg::Search {
                generation: g,
                files,
            } => {
                if g > search_applied {
                    search_applied = g;
                    site.set_search(files);
                }
            }
            // Only sent while `prepare_answering` waits for it.
            Msg::Prepared(_) => {}
        }
    }
}

/// The response for `path`, through a shared reference: the site's routes must be made
/// (`Site::prepare_routes`), or every page is not found.
fn answer_shared(site: &Site, path: String) -> Reply {
    let reply = |status, bytes, path: String| Reply {
        status,
        location: None,
        bytes,
        path,
        note: false,
    };
    match site.get_shared(&path) {
        Some(Ok(bytes)) => Reply {
            note: site.is_note_page_shared(&path),
            ..reply(StatusCode::OK, bytes, path)
        },
        Some(Err(d)) => reply(
            StatusCode::INTERNAL_SERVER_ERROR,
            error_page(&d),
            "error.html".into(),
        ),
        None => {
            let folder = format!("{path}/index.html");
            if !path.is_empty() && !path.ends_with('/') && site.has_shared(&folder) {
                return Reply {
                    status: StatusCode::PERMANENT_REDIRECT,
                    location: Some(format!("/{path}/")),
                    ..reply(StatusCode::PERMANENT_REDIRECT, Vec::new(), path)
                };
            }
            match site.not_found() {
                Ok(bytes) => reply(StatusCode::NOT_FOUND, bytes, "404.html".into()),
                Err(d) => reply(StatusCode::NOT_FOUND, error_page(&d), "404.html".into()),
            }
        }
    }
}

/// The response for `path` inside the site (`core/x/index.html`).
fn answer(site: &mut Site, path: String) -> Reply {
    site.prepare_routes();
    answer_shared(site, path)
}

fn error_page(d: &Diagnostic) -> Vec<u8> {
    format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>Template error</title></head><body><h1>Template error</h1><pre>{}</pre></body></html>",
        crate::theme::escape_markup(&d.to_string())
    )
    .into_bytes()
}

fn search_thread(rx: mpsc::Receiver<u64>, site: mpsc::Sender<Msg>) {
    // One core: the other is the site thread's, so a rebuild never waits for the index.
    let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().ok();
    while let Ok(mut generation) = rx.recv() {
        // Only the latest state counts, and only once the edits pause: the input is asked
        // for then, so the site thread does not copy it on every rebuild.
        loop {
            match rx.recv_timeout(SEARCH_QUIET) {
                Ok(newer) => generation = newer,
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        let (reply, input) = mpsc::channel();
        if site.send(Msg::SearchInput { reply }).is_err() {
            return;
        }
        let Ok(input) = input.recv() else { return };
        let files = match &pool {
            Some(pool) => pool.install(|| input.build()),
            None => input.build(),
        };
        drop(input);
        if site.send(Msg::Search { generation, files }).is_err() {
            return;
        }
    }
}

/// What is watched: the archive root and content folders themselves (not recursively:
/// the output folder may be among their children, with one folder per page), every other
/// child folder recursively, and `themes/`.
struct Watched {
    root: PathBuf,
    content: PathBuf,
    output: PathBuf,
    plan: Vec<(PathBuf, RecursiveMode)>,
    done: HashSet<PathBuf>,
}

impl Watched {
    fn plan(root: &Path, content: &Path, output: &Path) -> Watched {
        let mut w = Watched {
            root: root.to_path_buf(),
            content: content.to_path_buf(),
            output: output.to_path_buf(),
            plan: Vec::new(),
            done: HashSet::new(),
        };
        w.plan
            .push((root.to_path_buf(), RecursiveMode::NonRecursive));
        if content != root {
            w.plan
                .push((content.to_path_buf(), RecursiveMode::NonRecursive));
        }
        let mut dirs = vec![root];
        if content != root {
            dirs.push(content);
        }
        for dir in dirs {
            if let Ok(entries) = std::fs::read_dir(dir) {
                let mut children: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
                children.sort();
                for child in children {
                    if w.wanted(&child) {
                        w.plan.push((child, RecursiveMode::Recursive));
                    }
                }
            }
        }
        w
    }

    /// Whether `dir`, a child of the root or the content folder, is watched recursively.
    fn wanted(&self, dir: &Path) -> bool {
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let child_of_root = dir.parent() == Some(self.root.as_path());
        let child_of_content = dir.parent() == Some(self.content.as_path());
        dir.is_dir()
            && (child_of_content || (child_of_root && name == "themes"))
            && !name.starts_with('.')
            && name != "node_modules"
            && name != "target"
            && dir != self.output
            && dir != self.content
            && !self.done.contains(dir)
    }

    fn start(&mut self, watcher: &mut Source) -> Result<(), ServeError> {
        for (path, mode) in std::mem::take(&mut self.plan) {
            // Watching a folder twice makes inotify lose track of it.
            if self.done.contains(&path) {
                continue;
            }
            watcher.watch(&path, mode).map_err(|e| ServeError::Watch {
                path: path.clone(),
                source: e,
            })?;
            self.done.insert(path);
        }
        Ok(())
    }
}

/// What the watch thread watches with. `--poll` is for file systems that send no events
/// (network shares, some containers): notify's debouncer can wrap its `PollWatcher`, but
/// that compares whole seconds (see [`Poller`]), so the poller stays ours; each of its
/// scans is one batch already.
enum Source {
    Native(Debouncer<notify::RecommendedWatcher, RecommendedCache>),
    Poll(Poller),
}

impl Source {
    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        match self {
            Source::Native(w) => w.watch(path, mode),
            Source::Poll(p) => {
                p.watch(path, mode);
                Ok(())
            }
        }
    }
}

/// `--poll`: compares every watched file's modification time (to the nanosecond) and size
/// with the last look. notify's `PollWatcher` compares whole seconds, so a second save
/// within the same second as the first went unseen.
struct Poller {
    state: Arc<Mutex<PollState>>,
}

#[derive(Default)]
struct PollState {
    roots: Vec<(PathBuf, RecursiveMode)>,
    seen: HashMap<PathBuf, (Option<SystemTime>, u64)>,
}

impl PollState {
    fn scan(&self) -> HashMap<PathBuf, (Option<SystemTime>, u64)> {
        let mut seen = HashMap::new();
        for (root, mode) in &self.roots {
            scan_into(root, *mode, &mut seen);
        }
        seen
    }
}

fn scan_into(
    root: &Path,
    mode: RecursiveMode,
    seen: &mut HashMap<PathBuf, (Option<SystemTime>, u64)>,
) {
    let depth = match mode {
        RecursiveMode::Recursive => usize::MAX,
        RecursiveMode::NonRecursive => 1,
    };
    let entries = walkdir::WalkDir::new(root).min_depth(1).max_depth(depth);
    for entry in entries.into_iter().flatten() {
        if let Ok(m) = entry.metadata() {
            // A folder counts when it appears or goes, not when a file in it changes.
            let stamp = if m.is_dir() {
                (None, 0)
            } else {
                (m.modified().ok(), m.len())
            };
            seen.insert(entry.into_path(), stamp);
        }
    }
}

impl Poller {
    fn start(tx: mpsc::Sender<DebounceEventResult>, every: Duration) -> Poller {
        let state = Arc::new(Mutex::new(PollState::default()));
        let shared = state.clone();
        let _ = std::thread::Builder::new()
            .name("poll".into())
            .spawn(move || loop {
                std::thread::sleep(every);
                let changed: Vec<PathBuf> = {
                    let Ok(mut st) = shared.lock() else { return };
                    let now = st.scan();
                    let mut changed: Vec<PathBuf> = now
                        .iter()
                        .filter(|(p, v)| st.seen.get(*p) != Some(v))
                        .map(|(p, _)| p.clone())
                        .collect();
                    changed.extend(st.seen.keys().filter(|p| !now.contains_key(*p)).cloned());
                    st.seen = now;
                    changed
                };
                if changed.is_empty() {
                    continue;
                }
                let at = Instant::now();
                let events = changed
                    .into_iter()
                    .map(|path| {
                        DebouncedEvent::new(notify::Event::new(EventKind::Any).add_path(path), at)
                    })
                    .collect();
                if tx.send(Ok(events)).is_err() {
                    return;
                }
            });
        Poller { state }
    }

    /// Watches `path` from now on: what is there now is the baseline.
    fn watch(&mut self, path: &Path, mode: RecursiveMode) {
        if let Ok(mut st) = self.state.lock() {
            let mut seen = std::mem::take(&mut st.seen);
            scan_into(path, mode, &mut seen);
            st.seen = seen;
            st.roots.push((path.to_path_buf(), mode));
        }
    }
}

fn watch_thread(
    rx: mpsc::Receiver<DebounceEventResult>,
    mut watcher: Source,
    mut watched: Watched,
    site: mpsc::Sender<Msg>,
) {
    loop {
        let Ok(first) = rx.recv() else { return };
        // The debouncer hands over each event once it is `QUIET` old, looking every
        // `TICK`: one save's events (microseconds apart) can straddle two looks, so
        // batches that follow each other a look apart are one batch.
        let start = Instant::now();
        let mut batches = vec![first];
        while let Some(left) = MAX_BATCH.checked_sub(start.elapsed()) {
            match rx.recv_timeout((TICK * 2).min(left)) {
                Ok(b) => batches.push(b),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        let mut paths = BTreeSet::new();
        let mut rescan = false;
        for batch in batches {
            let Ok(events) = batch else {
                rescan = true;
                continue;
            };
            for e in events {
                // Reads (ours included) are not changes.
                if !matches!(e.kind, EventKind::Access(_)) {
                    rescan |= e.need_rescan();
                    paths.extend(e.event.paths);
                }
            }
        }
        // A new folder at the top: watch it too.
        for p in &paths {
            if watched.wanted(p) {
                watched.plan.push((p.clone(), RecursiveMode::Recursive));
            }
        }
        if let Err(e) = watched.start(&mut watcher) {
            eprintln!("warning: {e}");
        }
        if paths.is_empty() && !rescan {
            continue;
        }
        let msg = Msg::Changes {
            paths: paths.into_iter().collect(),
            rescan,
        };
        if site.send(msg).is_err() {
            return;
        }
    }
}

async fn events_handler(
    State(app): State<App>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    // Subscribe before reading the status, so no rebuild falls between the two.
    let rx = app.events.subscribe();
    let status = app
        .status
        .lock()
        .map(|s| s.clone())
        .unwrap_or_else(|e| e.into_inner().clone());
    let first = stream::once(async move { Ok(Event::default().event("status").data(&*status)) });
    let rest = stream::unfold(rx, |mut rx| async move {
        loop {
            match rx.recv().await {
                Ok(msg) => return Some((Ok(Event::default().event("reload").data(&*msg)), rx)),
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    Sse::new(first.chain(rest)).keep_alive(KeepAlive::default())
}

/// `/a%20b/` → `a b/index.html`; `None` for a path that tries to leave the site (`..`,
/// encoded or not), holds a backslash or a NUL, or is not valid percent-encoded UTF-8.
pub fn site_path(url_path: &str) -> Option<String> {
    let decoded = percent_decode(url_path)?;
    let rest = decoded.strip_prefix('/')?;
    if rest.contains(['\\', '\0']) || rest.split('/').any(|s| s == ".." || s == ".") {
        return None;
    }
    if rest.is_empty() || rest.ends_with('/') {
        Some(format!("{rest}index.html"))
    } else {
        Some(rest.to_string())
    }
}

/// Strict percent-decoding: `None` when a `%` is not followed by two hex digits or the
/// bytes are not UTF-8 (the crate's decoder keeps such escapes as written, which would
/// let a malformed request reach a page).
fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let escapes_valid = b
        .iter()
        .enumerate()
        .filter(|(_, &c)| c == b'%')
        .all(|(i, _)| {
            b.get(i + 1..i + 3)
                .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
        });
    if !escapes_valid {
        return None;
    }
    let decoded = percent_encoding::percent_decode_str(s).decode_utf8().ok()?;
    Some(decoded.into_owned())
}

async fn page_handler(State(app): State<App>, uri: Uri) -> Response {
    let Some(path) = site_path(uri.path()) else {
        return (StatusCode::BAD_REQUEST, "bad path\n").into_response();
    };
    let (reply, rx) = oneshot::channel();
    if app.site.send(Msg::Get { path, reply }).is_err() {
        return (StatusCode::SERVICE_UNAVAILABLE, "site stopped\n").into_response();
    }
    let Ok(reply) = rx.await else {
        return (StatusCode::SERVICE_UNAVAILABLE, "site stopped\n").into_response();
    };
    let content_type = content_type(&reply.path);
    let bytes = if content_type.as_bytes().starts_with(b"text/html") {
        with_live_reload(reply.bytes, reply.note)
    } else {
        reply.bytes
    };
    let mut response = (reply.status, bytes).into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&content_type) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Some(location) = reply.location.and_then(|l| HeaderValue::from_str(&l).ok()) {
        headers.insert(header::LOCATION, location);
    }
    response
}

/// The Content-Type for a file of the site, from its extension; text gets `charset=utf-8`
/// (every text file the site has is UTF-8), JSON does not need it.
fn content_type(path: &str) -> std::borrow::Cow<'static, str> {
    let guess = mime_guess::from_path(path).first_raw();
    let mime = match guess {
        // RFC 9239 made text/javascript the one type for scripts; mime_guess still says
        // application/javascript.
        Some("application/javascript") => "text/javascript",
        // RFC 8081's type; mime_guess has the older application/font-woff.
        Some("application/font-woff") => "font/woff",
        Some(m) => m,
        None => "application/octet-stream",
    };
    if mime.starts_with("text/") || mime == "application/xml" {
        format!("{mime}; charset=utf-8").into()
    } else {
        mime.into()
    }
}

/// The live-reload client: listens to [`EVENTS_PATH`], reloads after a server restart and
/// on every rebuild that may concern the page (`NOTE`, set per page: a note's page reloads
/// when it is among the changed paths or when the indexes were rebuilt; other pages on
/// every rebuild), and shows the build's errors over the page until they are fixed.
/// Served at [`LIVE_RELOAD_PATH`]; the page's tag says whether it is a note's
/// (`data-note`).
const LIVE_RELOAD: &str = r#"(() => {
  const NOTE = document.currentScript.dataset.note === "true";
  let server = null;
  const show = (errors) => {
    let box = document.getElementById("minutes-errors");
    if (!errors.length) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("div");
      box.id = "minutes-errors";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:auto 1rem 1rem 1rem;max-height:50vh;overflow:auto;z-index:2147483647;background:#2b0d0d;color:#ffe9e9;border:2px solid #e5484d;border-radius:8px;padding:1rem;font:14px/1.4 ui-monospace,monospace;box-shadow:0 8px 30px rgba(0,0,0,.4)";
      document.body.appendChild(box);
    }
    box.textContent = "";
    const head = document.createElement("strong");
    head.textContent = errors.length === 1 ? "1 error in the archive" : errors.length + " errors in the archive";
    const close = document.createElement("button");
    close.textContent = "×";
    close.setAttribute("aria-label", "Hide");
    close.style.cssText = "float:right;background:none;border:0;color:inherit;font-size:18px;cursor:pointer";
    close.onclick = () => box.remove();
    box.append(close, head);
    for (const e of errors.slice(0, 50)) {
      const line = document.createElement("pre");
      line.style.cssText = "margin:.5rem 0 0;white-space:pre-wrap";
      line.textContent = e.path + ":" + e.line + ":" + e.col + ": " + e.message;
      box.append(line);
    }
  };
  const events = new EventSource("/__minutes/events");
  events.addEventListener("status", (ev) => {
    const s = JSON.parse(ev.data);
    if (server !== null && s.server !== server) { location.reload(); return; }
    server = s.server;
    window.__minutes = s; // what the page was told last, for tests and the curious
    show(s.errors);
  });
  events.addEventListener("reload", (ev) => {
    const s = JSON.parse(ev.data);
    const mine = s.paths.includes("*") || s.paths.includes(location.pathname);
    if (!NOTE || s.indexes || mine) location.reload();
    else show(s.errors);
  });
})();
"#;

/// `html` with the live-reload script before `</body>` (at the end when there is none).
fn with_live_reload(mut html: Vec<u8>, note: bool) -> Vec<u8> {
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    let script = format!("<script src=\"{LIVE_RELOAD_PATH}\" data-note=\"{note}\"></script>\n");
    html.splice(at..at, script.bytes());
    html
}

#[cfg(any(test, feature = "internals"))] // for tests and benchmarks only
/// Serves a built site folder as it is (no watching, no reload script): what the browser
/// tests and `examples/search_bench` use. Unknown paths get the site's `404.html` with
/// status 404; `ServeDir` rejects `..` and encoded traversal.
pub async fn serve_dir(dir: &Path, addr: std::net::SocketAddr) -> std::io::Result<()> {
    use tower_http::services::{ServeDir, ServeFile};
    let service = ServeDir::new(dir)
        .append_index_html_on_directories(true)
        .not_found_service(ServeFile::new(dir.join("404.html")));
    let app = axum::Router::new().fallback_service(service);
    let listener = tokio::net::TcpListener::bind(addr).await?;
    axum::serve(listener, app).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types_as_the_table_had_them() {
        for (path, want) in [
            ("index.html", "text/html; charset=utf-8"),
            ("a/B.HTM", "text/html; charset=utf-8"),
            ("style.css", "text/css; charset=utf-8"),
            ("app.js", "text/javascript; charset=utf-8"),
            ("mod.mjs", "text/javascript; charset=utf-8"),
            ("search/meta.json", "application/json"),
            ("feed.xml", "text/xml; charset=utf-8"),
            ("logo.svg", "image/svg+xml"),
            ("a.png", "image/png"),
            ("a.jpg", "image/jpeg"),
            ("a.jpeg", "image/jpeg"),
            ("a.gif", "image/gif"),
            ("a.webp", "image/webp"),
            ("favicon.ico", "image/x-icon"),
            ("f.woff2", "font/woff2"),
            ("f.woff", "font/woff"),
            ("robots.txt", "text/plain; charset=utf-8"),
            ("search/index.bin", "application/octet-stream"),
            ("no-extension", "application/octet-stream"),
        ] {
            assert_eq!(content_type(path), want, "{path}");
        }
    }

    #[test]
    fn percent_decoding_is_strict() {
        assert_eq!(percent_decode("/a%20b/").as_deref(), Some("/a b/"));
        assert_eq!(percent_decode("/%C3%A9").as_deref(), Some("/é"));
        for bad in ["/%", "/%2", "/%zz", "/%+1", "/%FF", "/a%2"] {
            assert_eq!(percent_decode(bad), None, "{bad}");
        }
    }

    #[test]
    fn paths_cannot_leave_the_site() {
        for bad in [
            "/../etc/passwd",
            "/a/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/assets/..%2f..%2fminutes.toml",
            "/a%5c..%5cb",
            "/%00",
            "/%zz",
            "/%c3",
        ] {
            assert_eq!(site_path(bad), None, "{bad}");
        }
        assert_eq!(site_path("/").as_deref(), Some("index.html"));
        assert_eq!(
            site_path("/core/2022/x/").as_deref(),
            Some("core/2022/x/index.html")
        );
        assert_eq!(site_path("/a%20b/c.css").as_deref(), Some("a b/c.css"));
        assert_eq!(site_path("/..foo/").as_deref(), Some("..foo/index.html"));
    }

    #[test]
    fn the_script_goes_before_the_body_ends() {
        let html = with_live_reload(b"<html><body><p>x</p></BODY></html>".to_vec(), true);
        let html = String::from_utf8(html).unwrap();
        let script = html
            .find("<script src=\"/__minutes/live-reload.js\" data-note=\"true\">")
            .unwrap();
        assert!(script < html.find("</BODY>").unwrap());
        let bare = String::from_utf8(with_live_reload(b"<p>x</p>".to_vec(), false)).unwrap();
        assert!(bare
            .starts_with("<p>x</p><script src=\"/__minutes/live-reload.js\" data-note=\"false\">"));
        assert!(LIVE_RELOAD.contains(EVENTS_PATH));
    }
}
