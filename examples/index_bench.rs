//! Time and size of the search index for an archive, in process: the markdown pass once,
//! then `search::build` several times. Prints wall time and CPU time (user + system, from
//! /proc/self/stat, so other processes on a busy machine do not count) for each.
//!
//!     cargo run --release --example index_bench -- ARCHIVE [RUNS]

use minutes::build::{self, Options};
use minutes::highlight::Highlighter;
use minutes::{markdown, search};
use rayon::prelude::*;
use std::time::{Duration, Instant};

// As in the `minutes` binary.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// CPU time of this process so far (Linux).
fn cpu() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").expect("/proc/self/stat");
    // Fields after the command name (which is in parentheses and may hold spaces).
    let rest = &stat[stat.rfind(')').expect("comm") + 2..];
    let f: Vec<&str> = rest.split(' ').collect();
    let ticks: u64 = f[11].parse::<u64>().unwrap() + f[12].parse::<u64>().unwrap();
    // USER_HZ is 100 on Linux.
    Duration::from_millis(ticks * 10)
}

fn measure<T>(f: impl FnOnce() -> T) -> (T, Duration, Duration) {
    let (w, c) = (Instant::now(), cpu());
    let v = f();
    (v, w.elapsed(), cpu() - c)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let root = args.next().expect("usage: index_bench ARCHIVE [RUNS]");
    let runs: usize = args.next().map_or(5, |r| r.parse().expect("RUNS"));
    let loaded = build::load_archive(&Options {
        root: root.into(),
        ..Default::default()
    })
    .expect("archive loads");
    let a = &loaded.archive;
    let highlighter = Highlighter::new();
    // The index reads text only; references do not change it, so they are left out.
    let opts = markdown::Options {
        highlighter: &highlighter,
        links: None,
        refs: None,
    };
    let (rendered, mw, mc) = measure(|| {
        a.notes
            .par_iter()
            .map(|n| markdown::render(&n.body, &opts))
            .collect::<Vec<_>>()
    });
    println!(
        "markdown: {:.0} ms wall, {:.0} ms CPU ({} notes)",
        mw.as_secs_f64() * 1e3,
        mc.as_secs_f64() * 1e3,
        a.notes.len()
    );
    let docs: Vec<search::Doc> = a
        .listed
        .iter()
        .map(|&i| minutes::engine::search_doc(a, i, &rendered[i]))
        .collect();
    let mut walls = Vec::new();
    let mut cpus = Vec::new();
    let mut files = search::Files::default();
    for _ in 0..runs {
        let (f, w, c) = measure(|| search::build(&docs, "en", &[]));
        walls.push(w);
        cpus.push(c);
        files = f;
    }
    walls.sort();
    cpus.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "search::build: median {:.0} ms wall, {:.0} ms CPU over {runs} runs (min {:.0} / {:.0})",
        ms(walls[runs / 2]),
        ms(cpus[runs / 2]),
        ms(walls[0]),
        ms(cpus[0])
    );
    let size = |prefix: &str| -> (usize, usize) {
        let v: Vec<usize> = files
            .files
            .iter()
            .filter(|(p, _)| p.starts_with(prefix))
            .map(|(_, b)| b.len())
            .collect();
        (v.len(), v.iter().sum())
    };
    for (what, prefix) in [
        ("all", "search/"),
        ("chunks", "search/index/"),
        ("fragments", "search/docs/"),
        ("filters", "search/filters/"),
        ("meta", "search/meta.json"),
    ] {
        let (n, bytes) = size(prefix);
        println!("{what}: {n} files, {:.1} MB", bytes as f64 / 1e6);
    }
}
