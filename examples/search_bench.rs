//! Search figures in headless Chromium for BENCHMARKS.md: bytes fetched and time from
//! keystroke to rendered results for our index, the same for Pagefind's when the site also
//! holds one (`npx pagefind --site SITE`), and known-item relevance of both engines.
//!
//!     cargo run --release --example search_bench -- SITE [--queries FILE --archive ROOT] [WORDS…]
//!
//! SITE is a built site (served at `/`, so build it with `--base-url http://127.0.0.1:PORT/`
//! or any base whose path is `/`). WORDS are the queries to time (default: one word and
//! three words). With `--queries` (the relevance file of tests/search_relevance.rs) and the
//! archive they are about, each query's expected meeting is looked up in both engines.

// Only part of the browser test's client is needed here.
#[allow(dead_code)]
#[path = "../tests/common/tools.rs"]
mod tools;
#[allow(dead_code)]
#[path = "../tests/common/webdriver.rs"]
mod webdriver;

use minutes::build::{self, Options};
use serde_json::json;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use webdriver::{free_port, Browser};

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    if v.is_empty() {
        return f64::NAN;
    }
    v[v.len() / 2]
}

fn main() {
    let mut args = std::env::args().skip(1);
    let site = PathBuf::from(
        args.next()
            .expect("usage: search_bench SITE [--queries FILE --archive ROOT] [QUERY…]"),
    );
    let mut queries_file = None;
    let mut archive = None;
    let mut timed = Vec::new();
    while let Some(a) = args.next() {
        match a.as_str() {
            "--queries" => queries_file = args.next().map(PathBuf::from),
            "--archive" => archive = args.next().map(PathBuf::from),
            _ => timed.push(a),
        }
    }
    if timed.is_empty() {
        timed = vec!["protocol".into(), "peer routing table".into()];
    }
    let pagefind = site.join("pagefind/pagefind.js").is_file();
    let port = free_port();
    let counter = CountingServer::start(site.clone(), port);
    let root = format!("http://127.0.0.1:{port}/");
    let b = Browser::start();

    println!("| query | engine | index bytes fetched (code) | keystroke → results, typing (median ms) | cold query (ms) | results |");
    println!("|---|---|---|---|---|---|");
    for q in &timed {
        // Cold: a fresh page, the whole query at once (meta, chunks, fragments fetched).
        b.goto(&format!("{root}404.html"));
        b.wait_for("search.js", "return !!window.minutesSearch;", json!([]));
        let code = counter.take();
        b.run(
            "const i = document.getElementById('search-input'); i.value = arguments[0]; i.dispatchEvent(new Event('input'));",
            json!([q]),
        );
        let cold = b.wait_for(
            "cold results",
            "const p = document.getElementById('search-panel'); return p && p.dataset.query === arguments[0] ? {ms: +p.dataset.ms, n: +p.dataset.count, bytes: window.minutesSearch.index.bytes} : null;",
            json!([q]),
        );
        let cold_bytes = counter.take();
        // Typing: a fresh page, one key at a time; each keystroke's time to its results.
        b.goto(&format!("{root}404.html"));
        b.wait_for("search.js", "return !!window.minutesSearch;", json!([]));
        counter.take();
        let input = b.find("#search-input");
        let mut per_key = Vec::new();
        let mut keys = Vec::new();
        let mut typed = String::new();
        for c in q.chars() {
            typed.push(c);
            b.type_into(&input, &c.to_string());
            if typed.trim().is_empty() {
                continue;
            }
            let r = b.wait_for(
                "typed results",
                "const p = document.getElementById('search-panel'); return p && p.dataset.query === arguments[0] ? +p.dataset.ms : null;",
                json!([typed]),
            );
            per_key.push(r.as_f64().unwrap());
            keys.push((
                typed.clone(),
                r.as_f64().unwrap(),
                counter.take().get("search"),
            ));
        }
        if std::env::var_os("SEARCH_BENCH_KEYS").is_some() {
            for (t, ms, bytes) in &keys {
                eprintln!("{t:?}: {ms:.1} ms, {bytes} bytes fetched");
            }
        }
        let typed_bytes: u64 = keys.iter().map(|k| k.2).sum();
        println!(
            "| `{q}` | minutes | {:.1} kB; {:.1} kB typed key by key ({:.1} kB) | {:.1} (max {:.1}) | {:.1} | {} |",
            cold_bytes.get("search") as f64 / 1000.0,
            typed_bytes as f64 / 1000.0,
            code.get("assets/search.js") as f64 / 1000.0,
            median(per_key.clone()),
            per_key.iter().cloned().fold(0.0, f64::max),
            cold["ms"].as_f64().unwrap(),
            cold["n"]
        );
        if pagefind {
            b.goto(&format!("{root}404.html"));
            counter.take();
            let r = pagefind_query(&b, &root, q, 8);
            let got = counter.take();
            let code = got.get("pagefind/pagefind.js")
                + got.get("pagefind/pagefind-worker.js")
                + got.get("pagefind/wasm.");
            println!(
                "| `{q}` | Pagefind | {:.1} kB ({:.1} kB) | — | {:.1} (search + 8 fragments) | {} |",
                (got.get("pagefind") - code) as f64 / 1000.0,
                code as f64 / 1000.0,
                r["ms"].as_f64().unwrap(),
                r["n"]
            );
        }
    }

    let (Some(file), Some(archive)) = (queries_file, archive) else {
        return;
    };
    let loaded = build::load_archive(&Options {
        root: archive,
        ..Default::default()
    })
    .expect("archive loads");
    let url_of: HashMap<&str, &str> = loaded
        .archive
        .notes
        .iter()
        .zip(&loaded.archive.urls)
        .map(|(n, u)| (n.source.as_str(), u.as_str()))
        .collect();
    let notes: std::collections::HashSet<&str> = url_of.values().copied().collect();
    let text = std::fs::read_to_string(file).expect("queries");
    b.goto(&format!("{root}404.html"));
    b.wait_for("search.js", "return !!window.minutesSearch;", json!([]));
    let mut ours = Vec::new();
    let mut theirs = Vec::new();
    println!("\n| query | minutes rank | Pagefind rank |\n|---|---|---|");
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let (q, source) = line.split_once('\t').expect("query<TAB>source");
        let want = url_of[source];
        let hits = b.run_async(
            "const {hits} = await window.minutesSearch.index.search(arguments[0], {typing: true});
             return Promise.all(hits.slice(0, 10).map(async ([doc]) => (await window.minutesSearch.index.fragment(doc)).url));",
            json!([q]),
        );
        let ours_rank = hits
            .as_array()
            .unwrap()
            .iter()
            .position(|u| u == want)
            .map(|r| r + 1);
        ours.push(ours_rank);
        let pf_rank = if pagefind {
            b.goto(&format!("{root}404.html"));
            let r = pagefind_query(&b, &root, q, 30);
            // Only meetings count: Pagefind also indexes team, year and person pages.
            let urls: Vec<String> = r["urls"]
                .as_array()
                .unwrap()
                .iter()
                .map(|u| u.as_str().unwrap().trim_start_matches('/').to_string())
                .filter(|u| notes.contains(u.as_str()))
                .collect();
            let rank = urls.iter().position(|u| u == want).map(|r| r + 1);
            theirs.push(rank);
            rank
        } else {
            None
        };
        let show = |r: Option<usize>| r.map_or("—".to_string(), |r| r.to_string());
        println!(
            "| `{}` | {} | {} |",
            q.replace('|', "\\|"),
            show(ours_rank),
            show(pf_rank)
        );
    }
    let score = |v: &[Option<usize>]| {
        (
            v.iter().filter(|r| **r == Some(1)).count(),
            v.iter().filter(|r| r.is_some_and(|r| r <= 3)).count(),
            v.len(),
        )
    };
    let (f, t, n) = score(&ours);
    println!("\nminutes: {f}/{n} first, {t}/{n} in the top 3");
    if pagefind {
        let (f, t, n) = score(&theirs);
        println!("Pagefind: {f}/{n} first, {t}/{n} in the top 3");
    }
}

/// Runs a query through Pagefind's own browser API on a fresh page: time for the search and
/// the first `fragments` results' data, bytes fetched from `pagefind/`, result URLs.
fn pagefind_query(b: &Browser, root: &str, q: &str, fragments: usize) -> serde_json::Value {
    b.run_async(
        r"const [root, q, n] = arguments;
         const pf = await import(root + 'pagefind/pagefind.js');
         await pf.options({baseUrl: root});
         await pf.init();
         const t0 = performance.now();
         const s = await pf.search(q);
         const data = await Promise.all(s.results.slice(0, n).map(r => r.data()));
         const ms = performance.now() - t0;
         return {ms, n: s.results.length, urls: data.map(d => new URL(d.url, location.href).pathname.slice(new URL(root).pathname.length - 1))};",
        json!([root, q, fragments]),
    )
}

/// Bytes sent per path since the last `take`, from a static server that forbids caching, so
/// each query's fetches are counted as a first visit would make them (no compression).
#[derive(Clone, Default)]
struct CountingServer(Arc<Mutex<Vec<(String, u64)>>>);

struct Sent(Vec<(String, u64)>);

impl Sent {
    /// Bytes sent for paths starting with `prefix` (after the leading `/`).
    fn get(&self, prefix: &str) -> u64 {
        self.0
            .iter()
            .filter(|(p, _)| p.starts_with(prefix))
            .map(|(_, n)| n)
            .sum()
    }
}

impl CountingServer {
    fn start(dir: PathBuf, port: u16) -> CountingServer {
        let listener = TcpListener::bind(("127.0.0.1", port)).expect("bind");
        let sent = CountingServer::default();
        let log = sent.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let dir = dir.clone();
                let log = log.clone();
                std::thread::spawn(move || {
                    let mut reader = BufReader::new(stream.try_clone().expect("stream"));
                    let mut line = String::new();
                    if reader.read_line(&mut line).is_err() {
                        return;
                    }
                    loop {
                        let mut h = String::new();
                        if reader.read_line(&mut h).map_or(true, |n| n == 0) || h == "\r\n" {
                            break;
                        }
                    }
                    let path = line.split(' ').nth(1).unwrap_or("/");
                    let path = path
                        .split(['?', '#'])
                        .next()
                        .unwrap_or("/")
                        .trim_start_matches('/');
                    let mut file = dir.join(path);
                    if file.is_dir() {
                        file = file.join("index.html");
                    }
                    let (status, body) = match std::fs::read(&file) {
                        Ok(b) => ("200 OK", b),
                        Err(_) => (
                            "404 Not Found",
                            std::fs::read(dir.join("404.html")).unwrap_or_default(),
                        ),
                    };
                    let kind = match file.extension().and_then(|e| e.to_str()) {
                        Some("html") => "text/html; charset=utf-8",
                        Some("js") => "text/javascript",
                        Some("css") => "text/css",
                        Some("json") => "application/json",
                        Some("svg") => "image/svg+xml",
                        Some("wasm") => "application/wasm",
                        _ => "application/octet-stream",
                    };
                    log.0
                        .lock()
                        .unwrap()
                        .push((path.to_string(), body.len() as u64));
                    let mut out = stream;
                    let _ = write!(
                        out,
                        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
                        body.len()
                    );
                    let _ = out.write_all(&body);
                });
            }
        });
        sent
    }

    fn take(&self) -> Sent {
        Sent(std::mem::take(&mut *self.0.lock().unwrap()))
    }
}
