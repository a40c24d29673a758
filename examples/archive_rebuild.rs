//! What rebuilding the archive's indexes costs (`archive::build` over notes already in
//! memory): the step `minutes serve` takes after an edit that moves a note in the
//! indexes (date, team, tags, attendees, a new or deleted note). Prints the median of
//! `--runs` runs.
//!
//!     cargo run --release --example archive_rebuild -- /tmp/minutes-bench/n10000 [--runs 9]

use minutes::archive;
use minutes::build::{self, Options};
use std::time::Instant;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let root = args
        .get(1)
        .expect("usage: archive_rebuild ARCHIVE [--runs N]");
    let runs: usize = args
        .iter()
        .position(|a| a == "--runs")
        .and_then(|i| args.get(i + 1)?.parse().ok())
        .unwrap_or(9);
    let opts = Options {
        root: root.into(),
        ..Options::default()
    };
    let loaded = build::load_archive(&opts).expect("archive loads");
    let notes = loaded.archive.notes.clone();
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let input = notes.clone();
        let start = Instant::now();
        let (a, _) = archive::build(input, &loaded.setup.config);
        times.push(start.elapsed());
        std::hint::black_box(a);
    }
    times.sort();
    println!(
        "{} notes: archive::build median {:.1} ms (min {:.1}, max {:.1}) over {runs} runs",
        notes.len(),
        times[runs / 2].as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3,
        times[runs - 1].as_secs_f64() * 1e3
    );
}
