//! How long `build` takes on one hostile note, by size: the figures behind "every stage
//! is linear in the size of a note" (issue 13). Each note is written into a fresh archive
//! in a temporary folder and built with the library's entry point (`build::run`), output
//! there too; prints seconds and seconds per MB, which should stay roughly flat from 1 to
//! 50 MB.
//!
//!     cargo run --release --example hostile_bench -- [--sizes 1,10,50] [--only line]
//!
//! Kinds: `line` (one line of `word #1 @x `: references every 11 bytes, no sentence end),
//! `paragraphs` (the same in short paragraphs), `links` (a list of broken note and
//! heading links), `quote-blocks` (paragraphs quoted 1,000 deep), `deep-quote` (one quote
//! as deep as the note is long; 1 MB only: every level costs a few hundred bytes of
//! events and HTML, so 50 MB of `>` would need gigabytes whatever the time).

use minutes::build::{self, Options};
use std::fmt::Write as _;
use std::time::Instant;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const MB: usize = 1 << 20;

/// Repeats `unit(i)` until the text reaches `bytes`.
fn fill(bytes: usize, unit: impl Fn(usize) -> String) -> String {
    let mut s = String::from("# Hostile note\n\n");
    let mut i = 0;
    while s.len() < bytes {
        s.push_str(&unit(i));
        i += 1;
    }
    s.push('\n');
    s
}

fn note(kind: &str, bytes: usize) -> String {
    match kind {
        "line" => fill(bytes, |_| "word #1 @x ".into()),
        "paragraphs" => fill(bytes, |_| "word #1 @x and more words. #2 too.\n\n".into()),
        "links" => fill(bytes, |i| {
            let mut s = String::new();
            let _ = writeln!(s, "- [a](missing-{i}.md) and [b](#no-heading-{i})");
            s
        }),
        "quote-blocks" => fill(bytes, |_| {
            format!("{} deep #1\n\nbreak\n\n", ">".repeat(1000))
        }),
        "deep-quote" => format!("{} x\n", ">".repeat(bytes)),
        other => panic!("unknown kind {other}"),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1).cloned())
    };
    let sizes: Vec<usize> = arg("--sizes")
        .unwrap_or_else(|| "1,10,50".into())
        .split(',')
        .map(|s| s.trim().parse().expect("sizes in MB"))
        .collect();
    let only = arg("--only");
    let kinds = ["line", "paragraphs", "links", "quote-blocks", "deep-quote"];
    println!(
        "{:<14} {:>6} {:>9} {:>9} {:>12}",
        "note", "MB", "seconds", "s/MB", "diagnostics"
    );
    for kind in kinds {
        if only.as_deref().is_some_and(|o| o != kind) {
            continue;
        }
        for &size in &sizes {
            if kind == "deep-quote" && size > 1 {
                continue;
            }
            let dir = tempfile::tempdir().expect("temp dir");
            let root = dir.path().join("archive");
            std::fs::create_dir(&root).expect("archive folder");
            let text = note(kind, size * MB);
            let mb = text.len() as f64 / MB as f64;
            std::fs::write(root.join("2024-01-01-hostile.md"), &text).expect("note written");
            drop(text);
            let opts = Options {
                root,
                output: Some(dir.path().join("out")),
                ..Options::default()
            };
            let start = Instant::now();
            let report = build::run(&opts).expect("build runs");
            let secs = start.elapsed().as_secs_f64();
            println!(
                "{kind:<14} {mb:>6.1} {secs:>9.2} {:>9.3} {:>12}",
                secs / mb,
                report.diagnostics.len()
            );
        }
    }
}
