//! `minutes serve`, end to end: the real binary on a free port, a fixture archive in a
//! temporary folder, a client listening to the reload stream, and every assertion made
//! over HTTP after the change's reload message arrived (or, for what the message does not
//! promise, by polling with a deadline).

mod common;
use common::webdriver::Browser;
use common::TestArchive;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Long enough for a debug build on a busy two-core machine; only ever reached on failure.
const DEADLINE: Duration = Duration::from_secs(60);

const NOTE_A: &str = "content/core/2023/2023-01-10--core-sync.md";
const NOTE_B: &str = "content/core/2023/2023-02-14--core-sync.md";
const NOTE_W: &str = "content/web/2023-02-20--web-call.md";

fn fixture() -> TestArchive {
    let a = TestArchive::new();
    a.file(
        NOTE_A,
        "# Core sync\n\nWe talked about the release train.\n\nAttendees: @alice, @bob\n",
    )
    .file(
        NOTE_B,
        "---\ntags: [design]\n---\n# Core sync\n\nThe design review of the parser.\n",
    )
    .file(NOTE_W, "# Web call\n\nThe new landing page.\n")
    .file("secret.txt", "TOPSECRET in the archive root\n");
    a
}

/// A running `minutes serve`, killed on drop.
struct Preview {
    child: Child,
    port: u16,
    events: mpsc::Receiver<(String, Value)>,
    /// The server's terminal output after the line saying where it serves.
    log: mpsc::Receiver<String>,
}

impl Preview {
    fn start(root: &Path) -> Preview {
        Preview::start_with(root, &[])
    }

    fn start_with(root: &Path, flags: &[&str]) -> Preview {
        let mut child = Command::new(env!("CARGO_BIN_EXE_minutes"))
            .args(["serve", root.to_str().unwrap(), "--port", "0"])
            .env_remove("GITHUB_REPOSITORY")
            .args(flags)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("minutes serve starts");
        let (tx, rx) = mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let port = loop {
            let line = rx
                .recv_timeout(DEADLINE)
                .expect("the server says where it serves");
            if let Some(rest) = line.split("serving at http://127.0.0.1:").nth(1) {
                break rest
                    .split('/')
                    .next()
                    .unwrap()
                    .parse::<u16>()
                    .expect("a port");
            }
        };
        // Keep draining stderr so the server never blocks on a full pipe.
        let (log_tx, log) = mpsc::channel();
        std::thread::spawn(move || {
            while let Ok(line) = rx.recv() {
                let _ = log_tx.send(line);
            }
        });
        let events = listen(port);
        let p = Preview {
            child,
            port,
            events,
            log,
        };
        let (kind, _) = p.next_event();
        assert_eq!(kind, "status", "the stream starts with the current status");
        p
    }

    fn next_event(&self) -> (String, Value) {
        self.events
            .recv_timeout(DEADLINE)
            .expect("an event on the reload stream")
    }

    /// The next `reload` message.
    fn reload(&self) -> Value {
        loop {
            let (kind, data) = self.next_event();
            if kind == "reload" {
                return data;
            }
        }
    }

    fn get(&self, path: &str) -> (u16, String) {
        http_get(self.port, path)
    }

    fn page(&self, path: &str) -> String {
        let (status, body) = self.get(path);
        assert_eq!(status, 200, "GET {path}: {body}");
        body
    }
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Reads the server-sent events of `/__minutes/events` on a thread: (event, data).
fn listen(port: u16) -> mpsc::Receiver<(String, Value)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connects");
    write!(
        stream,
        "GET /__minutes/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let reader = BufReader::new(stream);
        let mut kind = String::new();
        for line in reader.lines().map_while(Result::ok) {
            // Chunked transfer: the SSE lines arrive between chunk sizes.
            if let Some(k) = line.strip_prefix("event: ") {
                kind = k.to_string();
            } else if let Some(d) = line.strip_prefix("data: ") {
                if let Ok(v) = serde_json::from_str(d) {
                    if tx.send((std::mem::take(&mut kind), v)).is_err() {
                        return;
                    }
                }
            }
        }
    });
    rx
}

/// A raw HTTP/1.1 GET: the path is sent exactly as given (no client-side normalising of
/// `..`), so traversal attempts reach the server as an attacker would send them.
fn http_get(port: u16, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connects");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in {text:?}"));
    let body = text
        .split_once("\r\n\r\n")
        .map_or(String::new(), |(_, b)| b.to_string());
    (status, body)
}

/// Polls `f` until it holds; fails at [`DEADLINE`].
fn eventually(what: &str, mut f: impl FnMut() -> bool) {
    let start = Instant::now();
    while !f() {
        assert!(start.elapsed() < DEADLINE, "timed out waiting until {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn paths(msg: &Value) -> Vec<String> {
    msg["paths"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_string())
        .collect()
}

fn errors(msg: &Value) -> Vec<Value> {
    msg["errors"].as_array().unwrap().clone()
}

#[test]
fn editing_a_note_updates_its_page_and_the_pages_that_list_it() {
    let a = fixture();
    let p = Preview::start(a.root());
    let note = "/core/2023/2023-01-10--core-sync/";
    assert!(!p.page(note).contains("Quetzal"));
    a.file(
        NOTE_A,
        "# Core sync\n\nQuetzal migration planning.\n\nAttendees: @alice, @bob\n",
    );
    let msg = p.reload();
    // The note, and its newer neighbour whose page links to it.
    assert_eq!(paths(&msg), vec![note, "/core/2023/2023-02-14--core-sync/"]);
    assert_eq!(msg["indexes"], false, "only the body changed");
    assert!(errors(&msg).is_empty());
    assert!(p.page(note).contains("Quetzal migration planning"));
    // The summary is on every list that shows the note.
    for list in ["/teams/core/", "/archive/2023/01/", "/", "/archive/2023/"] {
        assert!(p.page(list).contains("Quetzal"), "{list} is stale");
    }
    // Its neighbour's page is untouched but still served.
    assert!(p
        .page("/core/2023/2023-02-14--core-sync/")
        .contains("design review"));
}

#[test]
fn a_new_note_appears_in_its_team_and_month_and_a_deleted_one_disappears() {
    let a = fixture();
    let p = Preview::start(a.root());
    let rel = "content/web/2023-03-07--web-call.md";
    a.file(rel, "# Web call: pricing page\n\nWombat copy review.\n");
    let msg = p.reload();
    assert_eq!(paths(&msg), vec!["/web/2023-03-07--web-call/"]);
    assert!(p
        .page("/web/2023-03-07--web-call/")
        .contains("Wombat copy review"));
    assert!(p.page("/teams/web/").contains("pricing page"));
    assert!(p.page("/archive/2023/03/").contains("pricing page"));
    assert!(p.page("/atom.xml").contains("pricing page"));

    std::fs::remove_file(a.root().join(rel)).unwrap();
    let msg = p.reload();
    assert_eq!(paths(&msg), vec!["/web/2023-03-07--web-call/"]);
    let (status, body) = p.get("/web/2023-03-07--web-call/");
    assert_eq!(status, 404);
    assert!(body.contains("Page not found"), "the site's own 404 page");
    assert!(!p.page("/teams/web/").contains("pricing page"));
    assert_eq!(p.get("/archive/2023/03/").0, 404, "the month is empty");
    assert!(!p.page("/archive/2023/").contains("pricing page"));
    assert!(!p.page("/").contains("pricing page"));
}

#[test]
fn a_renamed_note_moves() {
    let a = fixture();
    let p = Preview::start(a.root());
    std::fs::rename(
        a.root().join(NOTE_W),
        a.root().join("content/web/2023-02-21--web-call.md"),
    )
    .unwrap();
    let msg = p.reload();
    assert_eq!(
        paths(&msg),
        vec!["/web/2023-02-20--web-call/", "/web/2023-02-21--web-call/"]
    );
    assert_eq!(p.get("/web/2023-02-20--web-call/").0, 404);
    assert!(p
        .page("/web/2023-02-21--web-call/")
        .contains("landing page"));
    let team = p.page("/teams/web/");
    assert!(team.contains("/web/2023-02-21--web-call/"));
    assert!(!team.contains("/web/2023-02-20--web-call/"));
}

#[test]
fn renaming_then_deleting_a_folder_moves_then_removes_its_notes() {
    let a = fixture();
    let p = Preview::start(a.root());
    std::fs::rename(a.root().join("content/web"), a.root().join("content/site")).unwrap();
    p.reload();
    eventually("the renamed folder's note is served", || {
        p.get("/site/2023-02-20--web-call/").0 == 200
    });
    assert_eq!(p.get("/web/2023-02-20--web-call/").0, 404);
    assert!(p.page("/teams/site/").contains("Web call"));
    assert_eq!(p.get("/teams/web/").0, 404);

    std::fs::remove_dir_all(a.root().join("content/site")).unwrap();
    p.reload();
    eventually("the deleted folder's note is gone", || {
        p.get("/site/2023-02-20--web-call/").0 == 404
    });
    assert_eq!(p.get("/teams/site/").0, 404);
    assert!(!p.page("/archive/2023/02/").contains("Web call"));
    assert!(p.page("/archive/2023/02/").contains("design review"));
}

#[test]
fn a_template_override_change_rerenders_the_pages_that_use_it() {
    let a = fixture();
    a.file(
        "themes/default/templates/teams.html",
        "{% extends \"base.html\" %}{% block content %}<p>Team list, first draft</p>{% endblock content %}",
    );
    let p = Preview::start(a.root());
    assert!(p.page("/teams/").contains("first draft"));
    a.file(
        "themes/default/templates/teams.html",
        "{% extends \"base.html\" %}{% block content %}<p>Team list, second draft</p>{% endblock content %}",
    );
    let msg = p.reload();
    assert_eq!(paths(&msg), vec!["*"]);
    let teams = p.page("/teams/");
    assert!(teams.contains("second draft") && !teams.contains("first draft"));

    // A template that does not parse: an error on the overlay, the last good theme served.
    a.file(
        "themes/default/templates/teams.html",
        "{% extends \"base.html\" %}\n{% block content %}{% if %}{% endblock content %}",
    );
    let msg = p.reload();
    let errs = errors(&msg);
    assert_eq!(errs.len(), 1, "{msg}");
    assert_eq!(errs[0]["path"], "themes/default/templates/teams.html");
    assert_eq!(errs[0]["line"], 2);
    assert!(p.page("/teams/").contains("second draft"));
}

#[test]
fn broken_front_matter_reaches_the_overlay_until_fixed() {
    let a = fixture();
    let p = Preview::start(a.root());
    a.file(
        NOTE_B,
        "---\ntags: [design\n---\n# Core sync\n\nThe design review of the parser.\n",
    );
    let msg = p.reload();
    let errs = errors(&msg);
    assert_eq!(errs.len(), 1, "{msg}");
    assert_eq!(errs[0]["path"], NOTE_B);
    assert!(errs[0]["line"].as_u64().unwrap() >= 2, "{msg}");
    assert!(!errs[0]["message"].as_str().unwrap().is_empty());
    // The server keeps serving, the note included.
    assert!(p
        .page("/core/2023/2023-02-14--core-sync/")
        .contains("design review"));
    // A browser that connects now is told at once.
    let late = listen(p.port);
    let (kind, status) = late.recv_timeout(DEADLINE).unwrap();
    assert_eq!(kind, "status");
    assert_eq!(errors(&status).len(), 1);

    a.file(
        NOTE_B,
        "---\ntags: [design]\n---\n# Core sync\n\nThe design review of the parser.\n",
    );
    let msg = p.reload();
    assert!(errors(&msg).is_empty(), "{msg}");
}

#[test]
fn an_atomic_save_is_one_rebuild() {
    let a = fixture();
    let p = Preview::start(a.root());
    let dir = a.root().join("content/core/2023");
    let note = dir.join("2023-01-10--core-sync.md");
    let marker = |text: &str| {
        // A second, unrelated change: the next message must be about it, not a second
        // rebuild of the save before it.
        a.file(NOTE_W, &format!("# Web call\n\n{text}\n"));
        let msg = p.reload();
        assert_eq!(paths(&msg), vec!["/web/2023-02-20--web-call/"], "{msg}");
    };

    // Write a temporary file, rename it over the note (most editors).
    let tmp = dir.join(".2023-01-10--core-sync.md.tmp.1234");
    std::fs::write(&tmp, "# Core sync\n\nSaved atomically.\n").unwrap();
    std::fs::rename(&tmp, &note).unwrap();
    let msg = p.reload();
    assert!(paths(&msg).contains(&"/core/2023/2023-01-10--core-sync/".to_string()));
    marker("First marker.");
    assert!(p
        .page("/core/2023/2023-01-10--core-sync/")
        .contains("Saved atomically"));

    // Vim: probe file `4913`, the note renamed to a backup, a new file, the backup deleted.
    let probe = dir.join("4913");
    std::fs::write(&probe, "").unwrap();
    std::fs::remove_file(&probe).unwrap();
    let backup = dir.join("2023-01-10--core-sync.md~");
    std::fs::rename(&note, &backup).unwrap();
    std::fs::write(&note, "# Core sync\n\nSaved by vim.\n").unwrap();
    std::fs::remove_file(&backup).unwrap();
    let msg = p.reload();
    assert!(paths(&msg).contains(&"/core/2023/2023-01-10--core-sync/".to_string()));
    marker("Second marker.");
    assert!(p
        .page("/core/2023/2023-01-10--core-sync/")
        .contains("Saved by vim"));
}

#[test]
fn nothing_outside_the_site_is_reachable() {
    let a = fixture();
    std::fs::create_dir_all(a.root().join("themes/default/static")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        a.root().join("secret.txt"),
        a.root().join("themes/default/static/leak.txt"),
    )
    .unwrap();
    let p = Preview::start(a.root());
    for path in [
        "/../secret.txt",
        "/../../../../etc/passwd",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/..%2fsecret.txt",
        "/assets/..%2f..%2fsecret.txt",
        "/assets/%2e%2e/%2e%2e/secret.txt",
        "/secret.txt",
        "/minutes.toml",
        "/content/core/2023/2023-01-10--core-sync.md",
        "/assets/leak.txt",
        "/..\\secret.txt",
    ] {
        let (status, body) = p.get(path);
        assert!(status == 400 || status == 404, "{path}: {status}");
        assert!(!body.contains("TOPSECRET"), "{path} leaked a file");
        assert!(!body.contains("root:"), "{path} leaked /etc/passwd");
        assert!(
            !body.contains("# Core sync"),
            "{path} leaked a note's source"
        );
    }
    let (status, body) = p.get("/no/such/page/");
    assert_eq!(status, 404);
    assert!(body.contains("Page not found"));
    assert!(
        body.contains("/__minutes/live-reload.js"),
        "the 404 page reloads too"
    );
}

#[test]
fn a_config_change_reloads_everything_and_a_broken_config_is_reported() {
    let a = fixture();
    a.file("minutes.toml", "title = \"Lumen notes\"\n");
    let p = Preview::start(a.root());
    assert!(p.page("/").contains("Lumen notes"));
    a.file("minutes.toml", "title = \"Photon notes\"\n");
    let msg = p.reload();
    assert_eq!(paths(&msg), vec!["*"]);
    assert!(p.page("/").contains("Photon notes"));
    assert!(p.page("/teams/core/").contains("Photon notes"));

    a.file(
        "minutes.toml",
        "title = \"Photon notes\"\ntitel = \"typo\"\n",
    );
    let msg = p.reload();
    let errs = errors(&msg);
    assert_eq!(errs.len(), 1, "{msg}");
    assert_eq!(errs[0]["path"], "minutes.toml");
    assert_eq!(errs[0]["line"], 2);
    assert!(p.page("/").contains("Photon notes"), "the last good config");

    a.file("minutes.toml", "title = \"Quasar notes\"\n");
    let msg = p.reload();
    assert!(errors(&msg).is_empty(), "{msg}");
    assert!(p.page("/").contains("Quasar notes"));
}

#[test]
fn polling_sees_every_save() {
    let a = fixture();
    let p = Preview::start_with(a.root(), &["--poll"]);
    a.file(NOTE_W, "# Web call\n\nPolled pangolin.\n");
    let msg = p.reload();
    assert_eq!(paths(&msg), vec!["/web/2023-02-20--web-call/"]);
    assert!(p
        .page("/web/2023-02-20--web-call/")
        .contains("Polled pangolin"));
    // Regression: notify's PollWatcher compares whole seconds, so a second save in the
    // same second as the first was never seen.
    a.file(NOTE_W, "# Web call\n\nPolled porcupine.\n");
    p.reload();
    assert!(p
        .page("/web/2023-02-20--web-call/")
        .contains("Polled porcupine"));
}

/// Regression: with the notes at the archive root, each top folder was watched twice and
/// inotify then reported nothing.
#[test]
fn an_archive_without_a_content_folder_is_watched() {
    let a = TestArchive::new();
    a.file("core/2023-01-10--core-sync.md", "# Core sync\n\nFirst.\n");
    let p = Preview::start(a.root());
    a.file("core/2023-01-10--core-sync.md", "# Core sync\n\nSecond.\n");
    let msg = p.reload();
    assert_eq!(paths(&msg), vec!["/core/2023-01-10--core-sync/"]);
    assert!(p.page("/core/2023-01-10--core-sync/").contains("Second."));
}

/// The live-reload script in headless Chromium: the page reloads itself after an edit,
/// shows an overlay for broken front matter, and drops it once the note is fixed.
#[test]
fn the_browser_reloads_and_shows_errors_over_the_page() {
    if !common::webdriver::browser_present("the_browser_reloads_and_shows_errors_over_the_page") {
        return;
    }
    let a = fixture();
    let p = Preview::start(a.root());
    let b = Browser::start();
    b.goto(&format!(
        "http://127.0.0.1:{}/core/2023/2023-01-10--core-sync/",
        p.port
    ));
    let connected = "return window.__minutes !== undefined";
    b.wait_for("the page's reload stream", connected, json!([]));
    b.run("window.__old = true;", json!([]));
    a.file(NOTE_A, "# Core sync\n\nCapybara census.\n");
    b.wait_for(
        "the page to reload with the edit",
        "return !window.__old && document.body.innerText.includes('Capybara census')",
        json!([]),
    );

    a.file(
        NOTE_A,
        "---\ntitle: [oops\n---\n# Core sync\n\nCapybara census.\n",
    );
    let overlay = b.wait_for(
        "the error overlay",
        "const e = document.getElementById('minutes-errors'); return e && e.textContent",
        json!([]),
    );
    let overlay = overlay.as_str().unwrap();
    assert!(overlay.contains(&format!("{NOTE_A}:")), "{overlay}");

    a.file(NOTE_A, "# Core sync\n\nCapybara census, fixed.\n");
    b.wait_for(
        "the overlay to go after the fix",
        "return window.__minutes && window.__minutes.errors.length === 0
             && !document.getElementById('minutes-errors')
             && document.body.innerText.includes('census, fixed')",
        json!([]),
    );
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let a = fixture();
    let out = Command::new(env!("CARGO_BIN_EXE_minutes"))
        .args(["serve", a.root().to_str().unwrap(), "--port", &port])
        .env_remove("GITHUB_REPOSITORY")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("already in use"), "{stderr}");
}

/// A GET that gives up after `timeout` instead of waiting for ever: (status, body).
fn http_get_within(port: u16, path: &str, timeout: Duration) -> Result<(u16, String), String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    stream.set_read_timeout(Some(timeout)).unwrap();
    stream.set_write_timeout(Some(timeout)).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .map_err(|e| e.to_string())?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("no status in {text:?}"))?;
    let body = text
        .split_once("\r\n\r\n")
        .map_or(String::new(), |(_, b)| b.to_string());
    Ok((status, body))
}

/// Whether the server closed `stream` (end of file or reset) within the deadline.
fn closed_by_server(stream: &TcpStream) -> bool {
    stream.set_read_timeout(Some(DEADLINE)).unwrap();
    let mut byte = [0u8; 1];
    match (&*stream).read(&mut byte) {
        Ok(0) => true,
        Ok(_) => false,
        Err(e) => !matches!(
            e.kind(),
            std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
        ),
    }
}

/// Issue 13: `serve` kept every idle connection open for ever, so 1,100 of them under a
/// 1,024-file limit left no descriptor to accept a browser's request with, and every
/// request timed out.
#[test]
fn idle_connections_do_not_stop_a_request_and_are_closed_after_the_idle_timeout() {
    let a = fixture();
    let p = Preview::start_with(a.root(), &["--idle-timeout", "2"]);
    let idle: Vec<TcpStream> = (0..2000)
        .map(|_| TcpStream::connect(("127.0.0.1", p.port)).expect("an idle connection"))
        .collect();
    let (status, body) =
        http_get_within(p.port, "/", Duration::from_secs(10)).expect("answered while 2,000 idle");
    assert_eq!(status, 200, "{body}");
    for (i, s) in idle.iter().enumerate() {
        assert!(closed_by_server(s), "idle connection {i} still open");
    }
    // The reload stream is a response being written, not an idle connection: it stays.
    a.file(NOTE_W, "# Web call\n\nThe new landing page, again.\n");
    let msg = p.reload();
    assert!(paths(&msg).iter().any(|u| u.contains("web")), "{msg}");
}

/// Past `--max-connections`, a new connection is closed at once rather than held; once
/// idle ones time out, requests are answered again.
#[test]
fn connections_over_the_cap_are_closed_at_once_and_service_resumes() {
    let a = fixture();
    let p = Preview::start_with(
        a.root(),
        &["--idle-timeout", "1", "--max-connections", "100"],
    );
    // The reload stream holds one of the hundred.
    let held: Vec<TcpStream> = (0..99)
        .map(|_| TcpStream::connect(("127.0.0.1", p.port)).expect("connects"))
        .collect();
    let extra = TcpStream::connect(("127.0.0.1", p.port)).expect("connects");
    assert!(
        closed_by_server(&extra),
        "a connection over the cap is closed"
    );
    let mut answered = None;
    eventually("a request is answered after the idle ones time out", || {
        answered = http_get_within(p.port, "/", Duration::from_secs(10)).ok();
        answered.is_some()
    });
    assert_eq!(answered.unwrap().0, 200);
    drop(held);
}

/// Issue 13: the site thread applied a batch before answering anything, so re-rendering
/// one huge note blocked every request until it was done. Now the batch's notes render on
/// a worker while requests are answered from the site as it was, and a page fetched after
/// the reload message shows the rebuild.
#[test]
fn while_a_huge_note_is_rebuilt_other_pages_are_answered() {
    let a = fixture();
    let huge = "content/core/2023/2023-03-01--huge.md";
    let body = "word #1 @x ".repeat(4 << 20 >> 4);
    a.file(huge, &format!("# Huge\n\nFirst version.\n\n{body}\n"));
    let p = Preview::start(a.root());
    let url = "/core/2023/2023-03-01--huge/";
    assert!(p.page(url).contains("First version."));
    a.file(huge, &format!("# Huge\n\nSecond version.\n\n{body}\n"));
    loop {
        let line = p
            .log
            .recv_timeout(DEADLINE)
            .expect("the server says it is rendering");
        if line.starts_with("rendering changed notes") {
            break;
        }
    }
    // Answered while the huge note renders: other pages, and the note as it was.
    let (status, body_w) = http_get_within(p.port, "/web/2023-02-20--web-call/", DEADLINE)
        .expect("another page is answered");
    assert_eq!(status, 200, "{body_w}");
    let before = p.page(url);
    assert!(before.contains("First version."), "served as it was");
    p.reload();
    assert!(p.page(url).contains("Second version."));
}
