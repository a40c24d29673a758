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
#[path = "../tests/common/webdriver.rs"]
mod webdriver;

use minutes::build::{self, Options};
use serde_json::json;
use std::collections::HashMap;
use std::path::PathBuf;
use webdriver::{free_port, serve, Browser};

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
    serve(site.clone(), port);
    let root = format!("http://127.0.0.1:{port}/");
    let b = Browser::start();

    println!("| query | engine | bytes fetched | keystroke → results, typing (median ms) | cold query (ms) | results |");
    println!("|---|---|---|---|---|---|");
    for q in &timed {
        // Cold: a fresh page, the whole query at once (meta, chunks, fragments fetched).
        b.goto(&format!("{root}404.html"));
        b.wait_for("search.js", "return !!window.minutesSearch;", json!([]));
        b.run(
            "const i = document.getElementById('search-input'); i.value = arguments[0]; i.dispatchEvent(new Event('input'));",
            json!([q]),
        );
        let cold = b.wait_for(
            "cold results",
            "const p = document.getElementById('search-panel'); return p && p.dataset.query === arguments[0] ? {ms: +p.dataset.ms, n: +p.dataset.count, bytes: window.minutesSearch.index.bytes} : null;",
            json!([q]),
        );
        // Typing: a fresh page, one key at a time; each keystroke's time to its results.
        b.goto(&format!("{root}404.html"));
        b.wait_for("search.js", "return !!window.minutesSearch;", json!([]));
        let input = b.find("#search-input");
        let mut per_key = Vec::new();
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
        }
        let bytes = b.run("return window.minutesSearch.index.bytes;", json!([]));
        println!(
            "| `{q}` | minutes | {:.1} kB (cold) / {:.1} kB (typed) | {:.1} (max {:.1}) | {:.1} | {} |",
            cold["bytes"].as_f64().unwrap() / 1000.0,
            bytes.as_f64().unwrap() / 1000.0,
            median(per_key.clone()),
            per_key.iter().cloned().fold(0.0, f64::max),
            cold["ms"].as_f64().unwrap(),
            cold["n"]
        );
        if pagefind {
            let r = pagefind_query(&b, &root, q, 8);
            println!(
                "| `{q}` | Pagefind | {:.1} kB (+ {:.1} kB code) | — | {:.1} (search + 8 fragments) | {} |",
                r["bytes"].as_f64().unwrap() / 1000.0,
                r["code"].as_f64().unwrap() / 1000.0,
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
    b.goto(&format!("{root}404.html"));
    b.run_async(
        r"const [root, q, n] = arguments;
         const pf = await import(root + 'pagefind/pagefind.js');
         await pf.options({baseUrl: root});
         await pf.init();
         const t0 = performance.now();
         const s = await pf.search(q);
         const data = await Promise.all(s.results.slice(0, n).map(r => r.data()));
         const ms = performance.now() - t0;
         const pfe = performance.getEntriesByType('resource').filter(e => e.name.includes('/pagefind/'));
         const size = (es) => es.reduce((a, e) => a + (e.decodedBodySize || 0), 0);
         const bytes = size(pfe.filter(e => !/\.(js|wasm)(\?|$)|wasm\./.test(e.name)));
         const code = size(pfe) - bytes;
         return {ms, bytes, code, n: s.results.length, urls: data.map(d => new URL(d.url, location.href).pathname.slice(new URL(root).pathname.length - 1))};",
        json!([root, q, fragments]),
    )
}
