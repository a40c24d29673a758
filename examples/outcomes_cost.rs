//! What decisions and action items (issue 18) cost a build, in CPU time, beside a whole
//! build's CPU time (every thread) measured in the same run:
//!
//! - extraction: the markdown pass with its hook for decisions and action items, less the
//!   same pass without it, plus placing each item and writing its HTML;
//! - following them across meetings (the ledger);
//! - their pages (`/decisions/` with its team and year pages and feeds, `/actions/` and its
//!   group pages, a page per action item);
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
use std::path::PathBuf;
use std::time::Duration;

// As in the `minutes` binary.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "support/cpu.rs"]
mod cpu;
use cpu::{best_by as best, process_cpu, thread_cpu};

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
    // In memory when the machine has a tmpfs, as BENCHMARKS.md's builds are.
    let shm = std::path::Path::new("/dev/shm");
    let out = if shm.is_dir() {
        tempfile::tempdir_in(shm)
    } else {
        tempfile::tempdir()
    }
    .expect("a temporary folder");
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
    // Without and with the hook in turn, and the median of the differences: the hook is a
    // few per cent of the pass, below the drift between runs far apart on this machine.
    render_all(false);
    let (mut md_off, mut md_on) = (Duration::MAX, Duration::MAX);
    let mut diffs = Vec::new();
    let mut rendered = Vec::new();
    for _ in 0..runs {
        let off = best(1, thread_cpu, || render_all(false)).0;
        let (on, r) = best(1, thread_cpu, || render_all(true));
        md_off = md_off.min(off);
        md_on = md_on.min(on);
        diffs.push(on.as_secs_f64() - off.as_secs_f64());
        rendered = r;
    }
    diffs.sort_by(f64::total_cmp);
    let hook = Duration::from_secs_f64(diffs[diffs.len() / 2].max(0.0));
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
    let assets = loaded.setup.assets(&theme).expect("assets").urls;
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
                    | Page::Actions
                    | Page::Action { .. }
                    | Page::ActionsGroup { .. }
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
    let extraction = hook + place;
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
        "markdown pass (one thread): best {:.2} s without, {:.2} s with the hook; differences {:.2?} s",
        secs(md_off),
        secs(md_on),
        diffs
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
