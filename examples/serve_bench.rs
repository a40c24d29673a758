//! Benchmark of `minutes serve` (a program that prints figures, not a test):
//!
//!     cargo build --release --bins --examples
//!     target/release/examples/serve_bench [ARCHIVE] [--edits N] [--memory-edits M]
//!
//! Copies ARCHIVE (default `/tmp/minutes-bench/n10000`, left untouched) to a temporary
//! folder, starts the release `minutes serve` on it, listens to the reload stream, then:
//! 1. N body edits of one note (default 20): time from writing the file to the reload
//!    message, and to the edited page fetched over HTTP with the new text;
//! 2. N title edits (swapped in place: no index depends on a title), and N tag edits (a
//!    new topic each time: the archive's indexes are rebuilt from the notes in memory):
//!    the same two times;
//! 3. M successive body edits (default 1,000), each waiting for its reload message, with
//!    the server's resident memory (VmRSS from /proc) every 100 edits and its peak (VmHWM);
//!    after each hundred it pauses 5 s so the search index is rebuilt too.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

fn main() {
    let mut args = std::env::args().skip(1);
    let mut archive = PathBuf::from("/tmp/minutes-bench/n10000");
    let mut edits = 20usize;
    let mut memory_edits = 1000usize;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--edits" => edits = args.next().and_then(|n| n.parse().ok()).expect("--edits N"),
            "--memory-edits" => {
                memory_edits = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .expect("--memory-edits N")
            }
            other => archive = PathBuf::from(other),
        }
    }
    let exe = std::env::current_exe().unwrap();
    let minutes = exe.parent().unwrap().parent().unwrap().join("minutes");
    assert!(
        minutes.is_file(),
        "{} missing: cargo build --release --bins",
        minutes.display()
    );

    let tmp = tempfile::tempdir().unwrap();
    let copy = tmp.path().join(archive.file_name().unwrap());
    let status = Command::new("cp")
        .arg("-r")
        .arg(&archive)
        .arg(&copy)
        .status()
        .unwrap();
    assert!(status.success(), "copying {}", archive.display());
    let note = first_note(&copy);
    let original = std::fs::read_to_string(&note).unwrap();
    println!(
        "archive: {} (copied), note edited: {}",
        archive.display(),
        note.display()
    );
    println!("load average: {}", load_average());

    let started = Instant::now();
    let mut child = Command::new(&minutes)
        .args(["serve", copy.to_str().unwrap(), "--port", "0"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let (tx, rx) = mpsc::channel::<String>();
    let stderr = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let port: u16 = loop {
        let line = rx.recv().expect("serve prints where it serves");
        if let Some(rest) = line.split("serving at http://127.0.0.1:").nth(1) {
            break rest.split('/').next().unwrap().parse().unwrap();
        }
    };
    println!(
        "startup (load, infer, Markdown of every note, graph): {:.1} s, RSS {} MiB",
        started.elapsed().as_secs_f64(),
        rss(pid).0 / 1024
    );
    // The server's own timing lines ("rebuilt … in N ms"), kept for the summary.
    let server_lines = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    {
        let lines = server_lines.clone();
        std::thread::spawn(move || {
            while let Ok(l) = rx.recv() {
                lines.lock().unwrap().push(l);
            }
        });
    }
    let events = listen(port);
    let url = page_url(&copy, &note);

    let body_edit =
        |k: usize| format!("{original}\nBench edit {k}: the parser review moved to Thursday.\n");
    // The title line: in the front matter when it sets one, else the first heading.
    let title_line = original
        .lines()
        .position(|l| l.starts_with("title:"))
        .or_else(|| original.lines().position(|l| l.starts_with("# ")))
        .expect("the note has a title line");
    let title_edit = |k: usize| {
        let mut lines: Vec<String> = original.lines().map(str::to_string).collect();
        lines[title_line] = if lines[title_line].starts_with("title:") {
            format!("title: \"Bench title {k}\"")
        } else {
            format!("# Bench title {k}")
        };
        (lines.join("\n") + "\n", format!("Bench title {k}"))
    };

    let measure = |label: &str, make: &dyn Fn(usize) -> (String, String), base: usize| {
        let mut reload = Vec::new();
        let mut fresh = Vec::new();
        for k in 0..edits {
            let (text, expect) = make(base + k);
            let t0 = Instant::now();
            std::fs::write(&note, text).unwrap();
            wait_reload(&events);
            reload.push(t0.elapsed());
            loop {
                let (status, body) = http_get(port, &url);
                if status == 200 && body.contains(&expect) {
                    break;
                }
                assert!(
                    t0.elapsed() < Duration::from_secs(120),
                    "page never updated"
                );
            }
            fresh.push(t0.elapsed());
            // Let the search index catch up now and then, as it would between edits.
            std::thread::sleep(Duration::from_millis(200));
        }
        println!(
            "{label} ({edits} edits): write → reload message median {:.1} ms (min {:.1}, max {:.1}); write → new page over HTTP median {:.1} ms (max {:.1})",
            ms(median(&mut reload)),
            ms(*reload.iter().min().unwrap()),
            ms(*reload.iter().max().unwrap()),
            ms(median(&mut fresh)),
            ms(*fresh.iter().max().unwrap()),
        );
    };
    measure(
        "body edit",
        &|k| (body_edit(k), format!("Bench edit {k}:")),
        0,
    );
    measure("title edit", &title_edit, 1000);
    // A new topic: the archive's indexes are rebuilt from the notes in memory.
    let tags_line = original
        .lines()
        .position(|l| l.starts_with("tags:"))
        .expect("the note has a tags line");
    let tags_edit = |k: usize| {
        let mut lines: Vec<String> = original.lines().map(str::to_string).collect();
        lines[tags_line] = format!("tags: [bench-topic-{k}]");
        (lines.join("\n") + "\n", format!("bench topic {k}"))
    };
    measure("tags edit", &tags_edit, 2000);
    let timings: Vec<f64> = server_lines
        .lock()
        .unwrap()
        .iter()
        .filter_map(|l| {
            let ms = l.strip_prefix("rebuilt ")?.rsplit_once(" in ")?.1;
            ms.split(' ').next()?.parse().ok()
        })
        .collect();
    println!(
        "server-side rebuild time (its own log) over those edits: {}",
        timings
            .iter()
            .map(|t| format!("{t:.0}"))
            .collect::<Vec<_>>()
            .join(" ")
    );

    println!("memory over {memory_edits} body edits (VmRSS, MiB):");
    let (rss0, _) = rss(pid);
    print!("  before: {}", rss0 / 1024);
    for k in 0..memory_edits {
        std::fs::write(&note, body_edit(10_000 + k)).unwrap();
        wait_reload(&events);
        if (k + 1) % 100 == 0 {
            std::thread::sleep(Duration::from_secs(5));
            print!("  {}: {}", k + 1, rss(pid).0 / 1024);
            std::io::stdout().flush().unwrap();
        }
    }
    let (rss1, hwm) = rss(pid);
    println!();
    println!(
        "  after: {} MiB, peak (VmHWM) {} MiB; load average now: {}",
        rss1 / 1024,
        hwm / 1024,
        load_average()
    );
    let _ = child.kill();
    let _ = child.wait();
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(v: &mut [Duration]) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

/// (VmRSS, VmHWM) in KiB.
fn rss(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next()?.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// The first Markdown note in sorted order, outside hidden folders.
fn first_note(root: &Path) -> PathBuf {
    let mut dirs = vec![root.to_path_buf()];
    let mut found = Vec::new();
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            if p.is_dir() {
                dirs.push(p);
            } else if name.ends_with(".md") {
                found.push(p);
            }
        }
    }
    found.sort();
    found.into_iter().next().expect("a note")
}

/// The note's URL path: its path under the content folder without the extension.
fn page_url(root: &Path, note: &Path) -> String {
    let content = if root.join("content").is_dir() {
        root.join("content")
    } else {
        root.to_path_buf()
    };
    let rel = note.strip_prefix(&content).unwrap().with_extension("");
    format!("/{}/", rel.to_string_lossy())
}

fn wait_reload(events: &mpsc::Receiver<String>) {
    loop {
        let kind = events
            .recv_timeout(Duration::from_secs(120))
            .expect("a reload message");
        if kind == "reload" {
            return;
        }
    }
}

fn listen(port: u16) -> mpsc::Receiver<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "GET /__minutes/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if let Some(kind) = line.strip_prefix("event: ") {
                if tx.send(kind.to_string()).is_err() {
                    return;
                }
            }
        }
    });
    rx
}

fn http_get(port: u16, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
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
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map_or(String::new(), |(_, b)| b.to_string());
    (status, body)
}
