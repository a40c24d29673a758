//! What sanitising notes costs beside the markdown pass it is part of, in wall time on
//! one thread, best of `--runs` (the scheduler counts CPU time in ticks, too coarse for a
//! few notes). Prints, per archive, how many notes are sanitised (raw HTML beyond comments
//! and plain tags, or a link to another scheme), the markdown pass over every note
//! (ammonia included), ammonia alone over the sanitised notes' HTML, and the diagnostics
//! scan `build` runs for those notes only.
//!
//!     cargo run --release --example sanitize_cost -- ../shared/corpus/real/* [--runs 3]
//!
//! ammonia's time is measured on each sanitised note's final HTML (already clean): the
//! same parse and serialisation of about the same bytes as in the markdown pass.

use minutes::build::{self, Options};
use minutes::highlight::Highlighter;
use minutes::markdown::{self, RefOptions};
use minutes::refs::Settings;
use minutes::sanitize;
use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

// As in the `minutes` binary.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn best(runs: usize, mut f: impl FnMut()) -> Duration {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut runs = 3;
    if let Some(i) = args.iter().position(|a| a == "--runs") {
        runs = args[i + 1].parse().expect("--runs N");
        args.drain(i..=i + 1);
    }
    if args.is_empty() {
        eprintln!("usage: sanitize_cost ARCHIVE... [--runs N]");
        std::process::exit(2);
    }
    let highlighter = Highlighter::new();
    println!("archive\tnotes\tsanitised\tmarkdown ms\tammonia ms\tdiagnostics ms\tshare");
    for root in args {
        let loaded = build::load_archive(&Options {
            root: PathBuf::from(&root),
            ..Options::default()
        })
        .expect("archive loads");
        let settings = Settings::new(&loaded.setup.config);
        let people = HashMap::new();
        let render = |body: &str, repo: Option<&str>| {
            let opts = markdown::Options {
                highlighter: &highlighter,
                refs: Some(RefOptions {
                    settings: &settings,
                    repo,
                    people: &people,
                }),
                links: None,
            };
            markdown::render(body, &opts)
        };
        let notes = &loaded.archive.notes;
        let mut sanitised = Vec::new();
        for n in notes {
            let md = render(&n.body, n.repo());
            if md.sanitized {
                sanitised.push((n, md.html));
            }
        }
        let markdown = best(runs, || {
            for n in notes {
                std::hint::black_box(render(&n.body, n.repo()));
            }
        });
        let ammonia = best(runs, || {
            for (_, html) in &sanitised {
                std::hint::black_box(sanitize::clean(html));
            }
        });
        let diagnostics = best(runs, || {
            for (n, _) in &sanitised {
                std::hint::black_box(sanitize::diagnostics(&n.source, n.body_line, &n.body));
            }
        });
        println!(
            "{root}\t{}\t{}\t{:.2}\t{:.2}\t{:.2}\t{:.1}%",
            notes.len(),
            sanitised.len(),
            ms(markdown),
            ms(ammonia),
            ms(diagnostics),
            100.0 * (ammonia + diagnostics).as_secs_f64() / markdown.as_secs_f64()
        );
    }
}
