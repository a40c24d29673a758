//! The fuzz run of issue 13: the generators and checks of `tests/fuzz.rs` for as long as
//! asked, on one thread. Reports panics (each input saved) and the slowest note per
//! megabyte through the note pipeline (decode → front matter → infer → links → Markdown
//! with highlighting and references → search index).
//!
//!     cargo run --release --example fuzz -- --minutes 10 [--seed N] [--out target/fuzz]
//!
//! A note must take under 1 s per MB. Small notes are dominated by fixed costs (the
//! search index's files, the archive's indexes), so the per-MB figure is reported for
//! notes of at least 4 KiB, and the slowest note in absolute time beside it.

#[path = "../tests/fuzz_support/mod.rs"]
mod fuzz_support;

use clap::Parser;
use fuzz_support::{check_all, mutated, pipeline, random_text, CORPUS, FUZZ_SCALE, WORLD};
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngSeed, TestRunner};
use std::collections::BTreeMap;
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};

// As in the `minutes` binary, so the figures are the build's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "support/cpu.rs"]
mod cpu;
use cpu::thread_cpu as now;

#[derive(Parser)]
struct Args {
    /// How long to run.
    #[arg(long, default_value_t = 1.0)]
    minutes: f64,
    /// The generators' seed (default: from the clock; printed, to replay a run).
    #[arg(long)]
    seed: Option<u64>,
    /// Where panicking and slow inputs are saved.
    #[arg(long, default_value = "target/fuzz")]
    out: PathBuf,
    /// Instead of fuzzing, run the checks on these saved inputs and time each (and the
    /// same input repeated 4 times, to see whether the cost grows faster than the size).
    #[arg(long, num_args = 1..)]
    replay: Vec<PathBuf>,
    /// The note's path in a replay (inference reads it: team, date, repository).
    #[arg(long, default_value = "fuzz/2021-03-04-replay.md")]
    rel: String,
}

/// Notes smaller than this are left out of the per-MB figure (fixed costs dominate).
const PER_MB_FLOOR: usize = 4 * 1024;

/// The last panic's message and place, caught by the hook instead of printed.
static LAST_PANIC: Mutex<Option<String>> = Mutex::new(None);

#[derive(Default)]
struct Slowest {
    seconds_per_mb: f64,
    time: Duration,
    bytes: usize,
    rel: String,
    input: Vec<u8>,
}

impl Slowest {
    fn new(time: Duration, rel: &str, input: &[u8]) -> Slowest {
        Slowest {
            seconds_per_mb: time.as_secs_f64() / mb(input.len()),
            time,
            bytes: input.len(),
            rel: rel.to_string(),
            input: input.to_vec(),
        }
    }

    fn line(&self) -> String {
        format!(
            "{:.3} s/MB ({:.2} ms for {} bytes, from {})",
            self.seconds_per_mb,
            self.time.as_secs_f64() * 1000.0,
            self.bytes,
            self.rel
        )
    }
}

fn mb(bytes: usize) -> f64 {
    bytes.max(1) as f64 / (1024.0 * 1024.0)
}

#[derive(Default)]
struct Stats {
    cases: u64,
    bytes: u64,
    pipeline_time: Duration,
    largest: usize,
    panics: BTreeMap<String, u32>,
    per_mb: Slowest,
    absolute: Slowest,
}

impl Stats {
    fn run(&mut self, rel: &str, input: &[u8], out: &std::path::Path) {
        self.cases += 1;
        self.bytes += input.len() as u64;
        self.largest = self.largest.max(input.len());
        // Checks first (their properties), then the pipeline alone, timed.
        let checked = std::panic::catch_unwind(AssertUnwindSafe(|| check_all(rel, input)));
        let start = now();
        let piped = checked
            .is_ok()
            .then(|| std::panic::catch_unwind(AssertUnwindSafe(|| pipeline(rel, input))));
        let mut time = now() - start;
        // The kernel charges CPU time in scheduler ticks (4 ms here), so one run of a
        // small note reads as 0 or 4 ms; and page faults under memory pressure from other
        // processes are charged to this thread too. A note that may be the slowest is run
        // again, in rounds of at least 100 ms, three times, and timed by the best round.
        let candidate = time.as_secs_f64() / mb(input.len()) > 0.5 * self.per_mb.seconds_per_mb
            || time >= self.absolute.time / 2;
        if checked.is_ok() && matches!(piped, Some(Ok(_))) && candidate {
            time = (0..3)
                .map(|_| {
                    let (mut runs, start) = (0u32, now());
                    while runs == 0 || now() - start < Duration::from_millis(100) {
                        pipeline(rel, input);
                        runs += 1;
                    }
                    (now() - start) / runs
                })
                .min()
                .expect("three rounds");
        }
        if checked.is_err() || matches!(piped, Some(Err(_))) {
            let message = LAST_PANIC
                .lock()
                .unwrap()
                .take()
                .unwrap_or_else(|| "a panic".into());
            let seen = self.panics.entry(message.clone()).or_default();
            *seen += 1;
            if *seen == 1 {
                let file = out.join(format!("panic-{}.md", self.panics.len()));
                std::fs::write(&file, input).expect("write the input");
                // The path matters too: inference reads team, date and repository from it.
                std::fs::write(file.with_extension("rel"), rel).expect("write the path");
                eprintln!(
                    "PANIC: {message}\n  input ({} bytes) saved to {}",
                    input.len(),
                    file.display()
                );
            }
            return;
        }
        self.pipeline_time += time;
        let per_mb = time.as_secs_f64() / mb(input.len());
        if input.len() >= PER_MB_FLOOR && per_mb > self.per_mb.seconds_per_mb {
            self.per_mb = Slowest::new(time, rel, input);
        }
        if time > self.absolute.time || self.absolute.input.is_empty() {
            self.absolute = Slowest::new(time, rel, input);
        }
    }

    fn report(&self, label: &str, elapsed: Duration) {
        println!(
            "{label}: {} notes, {:.1} MB in {:.0} s (pipeline {:.2} MB/s); largest {} bytes; panics: {}",
            self.cases,
            self.bytes as f64 / (1024.0 * 1024.0),
            elapsed.as_secs_f64(),
            self.bytes as f64 / (1024.0 * 1024.0) / self.pipeline_time.as_secs_f64().max(1e-9),
            self.largest,
            self.panics.values().sum::<u32>(),
        );
        println!(
            "  slowest per MB (notes >= {PER_MB_FLOOR} bytes): {}",
            self.per_mb.line()
        );
        println!("  slowest note: {}", self.absolute.line());
    }
}

fn main() {
    let args = Args::parse();
    // One thread, and every stage on it (the search index uses rayon): this thread's CPU
    // time is then the note's whole cost, and the machine's other cores stay free.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a one-thread pool");
    let code = pool.install(|| run(args));
    std::process::exit(code);
}

fn replay(paths: &[PathBuf], rel: &str, out: &std::path::Path) -> i32 {
    let _ = &*WORLD;
    let mut failed = 0;
    for path in paths {
        let input = std::fs::read(path).expect("read the input");
        for times in [1, 4] {
            let mut stats = Stats::default();
            stats.run(rel, &input.repeat(times), out);
            println!(
                "{} x{times}: {}{}",
                path.display(),
                stats.absolute.line(),
                if stats.panics.is_empty() {
                    ""
                } else {
                    "; PANIC"
                }
            );
            failed += stats.panics.len() as i32;
            if times == 1 && stats.panics.is_empty() {
                // What the note became: a slow note that makes a huge page or index
                // is slow for another reason than one that makes a small one.
                let o = pipeline(rel, &input);
                println!(
                    "  html {} bytes, search index {} files, {} bytes",
                    o.html_bytes, o.search_files, o.search_bytes
                );
            }
        }
    }
    failed.min(1)
}

fn run(args: Args) -> i32 {
    std::fs::create_dir_all(&args.out).expect("create the output folder");
    std::panic::set_hook(Box::new(|info| {
        *LAST_PANIC.lock().unwrap() = Some(info.to_string());
    }));
    if !args.replay.is_empty() {
        return replay(&args.replay, &args.rel, &args.out);
    }
    let seed = args.seed.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_secs())
    });
    let started = Instant::now();
    // Load the corpus and the highlighter before anything is timed.
    let _ = &*WORLD;
    println!(
        "seed {seed}; {} real notes; {:.1} minutes",
        CORPUS.len(),
        args.minutes
    );

    // The real notes as they are: the baseline.
    let mut baseline = Stats::default();
    for note in CORPUS.iter() {
        baseline.run(&note.rel, &note.bytes, &args.out);
    }
    baseline.report("real notes", started.elapsed());
    println!("  (times are CPU time of the one thread that runs every stage)");

    let mut runner = TestRunner::new(Config {
        rng_seed: RngSeed::Fixed(seed),
        ..Config::default()
    });
    let random = random_text(4000);
    let mutated = mutated(FUZZ_SCALE);
    let budget = Duration::from_secs_f64(args.minutes * 60.0);
    let fuzz_start = Instant::now();
    let mut stats = Stats::default();
    let mut next_report = Duration::from_secs(60);
    let mut i = 0u64;
    while fuzz_start.elapsed() < budget {
        i += 1;
        // One random text for every three mutated notes: the real notes' shapes
        // (front matter, lists, tables, code) reach deeper into each stage.
        let (rel, input) = if i.is_multiple_of(4) {
            let text = random.new_tree(&mut runner).expect("a value").current();
            ("fuzz/2021-03-04-random.md".to_string(), text.into_bytes())
        } else {
            mutated
                .new_tree(&mut runner)
                .expect("a value")
                .current()
                .apply(&CORPUS)
        };
        stats.run(&rel, &input, &args.out);
        if fuzz_start.elapsed() >= next_report {
            stats.report("so far", fuzz_start.elapsed());
            next_report += Duration::from_secs(60);
        }
    }
    stats.report("fuzzed notes", fuzz_start.elapsed());
    for (slowest, name) in [
        (&stats.per_mb, "slowest-per-mb.md"),
        (&stats.absolute, "slowest.md"),
    ] {
        if !slowest.input.is_empty() {
            std::fs::write(args.out.join(name), &slowest.input).expect("write the input");
        }
    }
    println!("inputs saved in {}", args.out.display());
    let worst = stats
        .per_mb
        .seconds_per_mb
        .max(baseline.per_mb.seconds_per_mb);
    let panics: u32 = stats.panics.values().chain(baseline.panics.values()).sum();
    if panics > 0 || worst > 1.0 {
        println!("FAIL: {panics} panics; slowest {worst:.3} s/MB (limit 1 s/MB)");
        return 1;
    }
    println!("ok: no panic; slowest {worst:.3} s/MB (limit 1 s/MB)");
    0
}
