//! What decisions and action items (issue 18) cost a build, in CPU time, beside a whole
//! build's CPU time (every thread) measured in the same run:
//!
//! - extraction: the markdown pass with its hook for decisions and action items, less the
//!   same pass without it, plus placing each item and writing its HTML;
//! - following them across meetings (the ledger);
//! - their pages (`/decisions/` with its team and year pages and feeds, `/actions/`);
//! - their search documents.
//!
//! The stages run on one thread (CPU time from `/proc/thread-self/schedstat`), best of
//! `--runs`; the build's CPU time is the process's (`/proc/self/stat`), best of `--runs`.
//!
//!     cargo run --release --example outcomes_cost -- /tmp/minutes-bench/n10000 [--runs 3]

use minutes::build::{self, Options};
use minutes::highlight::Highlighter;
use minutes::markdown::{self, Rendered};
use minutes::render::{Page, Renderer};
use minutes::{engine, theme};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

// As in the `minutes` binary.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

static START: std::sync::LazyLock<Instant> = std::sync::LazyLock::new(Instant::now);

/// CPU time of this thread; wall time where the kernel does not say.
fn thread_cpu() -> Duration {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .map(Duration::from_nanos)
        .unwrap_or_else(|| START.elapsed())
}

/// CPU time of the whole process (user + system, every thread), in clock ticks of 10 ms.
fn process_cpu() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name, which is in brackets and may hold spaces.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<u64> = rest
        .split_whitespace()
        .filter_map(|x| x.parse().ok())
        .collect();
    // utime and stime are fields 14 and 15 of the line; 11 and 12 after the state.
    let ticks = f.get(10).copied().unwrap_or(0) + f.get(11).copied().unwrap_or(0);
    Duration::from_millis(ticks * 10)
}

fn best<T>(runs: usize, clock: fn() -> Duration, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut out = None;
    for _ in 0..runs {
        let start = clock();
        let v = f();
        best = best.min(clock() - start);
        out = Some(v);
    }
    (best, out.expect("at least one run"))
}

fn main() {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(
        args.next()
            .expect("usage: outcomes_cost ARCHIVE [--runs N]"),
    );
    let runs = match (args.next().as_deref(), args.next()) {
        (Some("--runs"), Some(n)) => n.parse().expect("--runs N"),
        _ => 3,
    };
    let out = tempfile::tempdir().expect("a temporary folder");
    let (build_cpu, report) = best(runs, process_cpu, || {
        build::run(&Options {
            root: root.clone(),
            output: Some(out.path().join("site")),
            ..Options::default()
        })
        .expect("the archive builds")
    });

    let loaded = build::load_archive(&Options {
        root: root.clone(),
        ..Options::default()
    })
    .expect("archive loads");
    let archive = &loaded.archive;
    let highlighter = Highlighter::new();
    let render_all = |outcomes: bool| -> Vec<Rendered> {
        let opts = markdown::Options {
            highlighter: &highlighter,
            links: None,
            refs: None,
        };
        archive
            .notes
            .iter()
            .map(|n| {
                if outcomes {
                    markdown::render(&n.body, &opts)
                } else {
                    markdown::render_without_outcomes(&n.body, &opts)
                }
            })
            .collect()
    };
    render_all(false);
    let (md_off, _) = best(runs, thread_cpu, || render_all(false));
    let (md_on, rendered) = best(runs, thread_cpu, || render_all(true));
    let (place, outcomes) = best(runs, thread_cpu, || {
        archive
            .notes
            .iter()
            .zip(&rendered)
            .map(|(n, r)| {
                let mut found = r.outcomes.clone();
                minutes::outcomes::place(&mut found, n.body_line, &n.extra);
                for o in &mut found {
                    o.html = minutes::outcomes::html::inline_html(&o.text);
                }
                found
            })
            .collect::<Vec<_>>()
    });
    let (follow, ledger) = best(runs, thread_cpu, || {
        engine::outcomes::ledger(archive, outcomes.clone())
    });

    let theme = theme::load(&root, &loaded.setup.config.theme).expect("theme");
    let lines: Vec<&markdown::SummaryLines> = rendered.iter().map(|r| &r.summary_lines).collect();
    let summaries = minutes::excerpts::summaries(&archive.notes, &lines);
    let base = loaded.setup.config.base_path();
    let assets: BTreeMap<String, String> = BTreeMap::new();
    let graph = minutes::graph::Graph::default();
    let renderer = Renderer::new(
        &theme,
        &loaded.setup.config,
        archive,
        &graph,
        &summaries,
        &base,
        assets,
    )
    .with_outcomes(&ledger);
    let jobs: Vec<Page> = renderer
        .pages()
        .into_iter()
        .filter(|p| {
            matches!(
                p,
                Page::Decisions { .. }
                    | Page::DecisionsTeam { .. }
                    | Page::DecisionsYear { .. }
                    | Page::DecisionsFeed { .. }
                    | Page::Actions { .. }
            )
        })
        .collect();
    let (pages, bytes) = best(runs, thread_cpu, || {
        jobs.iter()
            .map(|p| renderer.render(p).expect("renders").bytes.len())
            .sum::<usize>()
    });
    let extras = minutes::titles::extras(archive);
    let (docs, items) = best(runs, thread_cpu, || {
        engine::item_docs(archive, &ledger, &extras)
    });

    let secs = |d: Duration| d.as_secs_f64();
    let share = |d: Duration| 100.0 * secs(d) / secs(build_cpu);
    let extraction = md_on.saturating_sub(md_off) + place;
    println!(
        "archive: {} notes, {} decisions, {} action items ({} search documents); build: {} pages",
        archive.notes.len(),
        ledger.decisions.len(),
        ledger.actions.len(),
        items.len(),
        report.pages
    );
    println!(
        "whole build, CPU of every thread:      {:>7.2} s",
        secs(build_cpu)
    );
    println!(
        "markdown pass (one thread): {:.2} s without, {:.2} s with the hook",
        secs(md_off),
        secs(md_on)
    );
    for (name, d) in [
        ("extraction (hook + placing + HTML)", extraction),
        ("following (the ledger)", follow),
        ("pages (decisions, actions, feeds)", pages),
        ("search documents", docs),
    ] {
        println!(
            "{name:<38} {:>7.3} s  {:>5.1}% of the build",
            secs(d),
            share(d)
        );
    }
    println!("({} pages, {} kB)", jobs.len(), bytes / 1000);
}
