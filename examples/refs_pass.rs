//! What the GitHub reference pass costs, stage by stage, on one thread, in CPU time (Linux:
//! `/proc/thread-self/schedstat`), so that other load on the machine shifts the figures
//! less. Prints the best of `--runs` runs of each stage.
//!
//!     cargo run --release --example refs_pass -- /tmp/minutes-bench/n10000 [--runs 3]
//!
//! Stages: the markdown pass with and without references (the difference is the scan,
//! the links and the contexts), the graph, the note pages with and without their
//! "Referenced" panel, and the reference pages (rendered, not written).

use minutes::build::{self, Options};
use minutes::highlight::Highlighter;
use minutes::markdown::{self, RefOptions, Rendered};
use minutes::refs::Settings;
use minutes::render::{Page, Renderer};
use minutes::{graph, theme};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

// As in the `minutes` binary.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "support/cpu.rs"]
mod cpu;
use cpu::best;

fn main() {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().expect("usage: refs_pass ARCHIVE [--runs N]"));
    let runs = match (args.next().as_deref(), args.next()) {
        (Some("--runs"), Some(n)) => n.parse().expect("--runs N"),
        _ => 3,
    };
    let loaded = build::load_archive(&Options {
        root: root.clone(),
        ..Options::default()
    })
    .expect("archive loads");
    let archive = &loaded.archive;
    let highlighter = Highlighter::new();
    let settings = Settings::new(&loaded.setup.config);
    let people = minutes::engine::people_urls(archive, &loaded.setup.base_path());
    let render_all = |refs: bool| -> Vec<Rendered> {
        archive
            .notes
            .iter()
            .map(|n| {
                let opts = markdown::Options {
                    highlighter: &highlighter,
                    links: None,
                    refs: refs.then_some(RefOptions {
                        settings: &settings,
                        repo: n.repo(),
                        people: &people,
                    }),
                };
                markdown::render(&n.body, &opts)
            })
            .collect()
    };
    // Warm up syntect and the allocator.
    render_all(false);
    let (md_off, plain) = best(runs, || render_all(false));
    let (md_on, rendered) = best(runs, || render_all(true));
    let (graph_time, graph) = best(runs, || {
        graph::build(archive, rendered.iter().map(|r| r.refs.as_slice()))
    });
    let empty = graph::Graph::default();

    let theme = theme::load(&root, &loaded.setup.config.theme).expect("theme");
    let lines: Vec<&minutes::markdown::SummaryLines> =
        rendered.iter().map(|r| &r.summary_lines).collect();
    let summaries = minutes::excerpts::summaries(&archive.notes, &lines);
    let base = loaded.setup.config.base_path();
    // Asset URLs as `build` names them (`style.css` → `style`), without the hashes.
    let mut assets: BTreeMap<String, String> = theme
        .assets
        .keys()
        .map(String::as_str)
        .chain(["highlight.css"])
        .map(|name| {
            let key = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
            (key.replace(['/', '.'], "_"), format!("{base}assets/{name}"))
        })
        .collect();
    assets.insert("search_index".into(), format!("{base}search/meta.json"));
    let renderer = Renderer::new(
        &theme,
        &loaded.setup.config,
        archive,
        &graph,
        &summaries,
        &base,
        assets.clone(),
    );
    let bare = Renderer::new(
        &theme,
        &loaded.setup.config,
        archive,
        &empty,
        &summaries,
        &base,
        assets.clone(),
    );
    let pages = |r: &Renderer, mds: &[Rendered]| -> usize {
        mds.iter()
            .enumerate()
            .map(|(i, md)| {
                r.note_page(minutes::ids::NoteId::new(i), md)
                    .expect("renders")
                    .bytes
                    .len()
            })
            .sum()
    };
    let (notes_off, bytes_off) = best(runs, || pages(&bare, &plain));
    let (notes_on, bytes_on) = best(runs, || pages(&renderer, &rendered));
    let ref_jobs: Vec<Page> = renderer
        .pages()
        .into_iter()
        .filter(|j| matches!(j, Page::Repos | Page::Repo { .. } | Page::Issue { .. }))
        .collect();
    let (ref_pages, ref_bytes) = best(runs, || {
        ref_jobs
            .iter()
            .map(|j| renderer.render(j).expect("renders").bytes.len())
            .sum::<usize>()
    });

    let hits: usize = rendered.iter().map(|r| r.refs.len()).sum();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{} notes, {hits} references, {} issues in {} repositories; best of {runs}, CPU time of one thread",
        archive.notes.len(),
        graph.issues.len(),
        graph.repos.len()
    );
    println!("| stage | without refs | with refs | added |");
    println!("|---|---:|---:|---:|");
    let row = |name: &str, off: Duration, on: Duration| {
        println!(
            "| {name} | {:.0} ms | {:.0} ms | {:+.0} ms |",
            ms(off),
            ms(on),
            ms(on) - ms(off)
        )
    };
    row("markdown", md_off, md_on);
    row("reference graph", Duration::ZERO, graph_time);
    row("note pages (render)", notes_off, notes_on);
    row(
        &format!("reference pages (render, {} pages)", ref_jobs.len()),
        Duration::ZERO,
        ref_pages,
    );
    println!(
        "note pages: {:.1} MB → {:.1} MB; reference pages: {:.1} MB",
        bytes_off as f64 / 1e6,
        bytes_on as f64 / 1e6,
        ref_bytes as f64 / 1e6
    );
}
