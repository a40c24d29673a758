//! The pipeline: config → load → infer → archive → markdown → search → render → write.
//! Orchestration only; each stage lives in its own module.

use crate::diag::Diagnostic;
use crate::engine::{self, MarkdownStage, NoteLinks, Setup};
use crate::graph;
use crate::load;
use crate::markdown;
use crate::render::{File, Page, Renderer};
use crate::sanitize;
use crate::search;
use crate::write::{Output, WriteError};
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Reads the config, walks and infers: everything `list` and `check` need.
pub use crate::engine::load as load_archive;
pub use crate::engine::{Fatal, Loaded, Options};

/// What a build did.
#[derive(Debug, Default)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    pub notes: usize,
    pub pages: usize,
    pub output: PathBuf,
    pub timings: Vec<Timing>,
}

/// One stage of a build, for `--timings`.
#[derive(Debug)]
pub struct Timing {
    pub stage: &'static str,
    pub time: Duration,
    /// The process's peak resident memory so far, in KiB (Linux; `None` elsewhere): what
    /// says which stage sets the build's peak.
    pub peak_kib: Option<u64>,
}

fn peak_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

impl Report {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// The stages `run` reports, in order (tests/progress.rs holds the two together): the
/// command line shows progress through them.
pub const STAGES: [&str; 10] = [
    "load+infer",
    "links",
    "theme",
    "markdown",
    "ref graph",
    "note pages",
    "search",
    "index pages",
    "ref pages",
    "swap",
];

/// Builds the site and swaps it into the output folder.
pub fn run(opts: &Options) -> Result<Report, Fatal> {
    run_observed(opts, &mut |_| {})
}

/// `run`, telling `on_stage` as each stage ends: the command line draws its progress with
/// it, the library itself prints nothing.
pub fn run_observed(opts: &Options, on_stage: &mut dyn FnMut(&Timing)) -> Result<Report, Fatal> {
    let mut timings = Vec::new();
    let mut clock = Instant::now();
    let mut lap = |stage: &'static str, timings: &mut Vec<Timing>| {
        let timing = Timing {
            stage,
            time: clock.elapsed(),
            peak_kib: peak_kib(),
        };
        on_stage(&timing);
        timings.push(timing);
        clock = Instant::now();
    };

    let Loaded {
        setup,
        mut archive,
        mut diagnostics,
    } = engine::load(opts)?;
    lap("load+infer", &mut timings);

    let theme = setup.theme()?;
    let assets = setup.assets(&theme)?;
    let out = Output::begin(&setup.output, &setup.content)?;
    let base_path = setup.base_path();
    // Each note's source is freed as soon as it is rendered (tens of megabytes at 10,000
    // notes), keeping only what the link check needs from it, its anchors.
    let bodies: Vec<String> = archive
        .notes
        .iter_mut()
        .map(|n| std::mem::take(&mut n.body))
        .collect();
    let note_links = NoteLinks::find(
        &setup.root,
        &setup.content,
        &archive,
        archive
            .notes
            .par_iter()
            .zip(&bodies)
            .map(|(n, b)| (n.source.as_str(), b.as_str())),
        &base_path,
    );
    lap("links", &mut timings);

    // Static assets first: their hashes go into every page's URLs.
    for (name, bytes) in &assets.files {
        out.write(&format!("assets/{name}"), bytes)?;
    }
    // Images and files the notes link to, at their place in the content folder.
    for (source, site_path) in &note_links.rewriter.files {
        match load::read_attachment(&setup.root, source) {
            Ok(bytes) => out.write(site_path, &bytes)?,
            Err(d) => diagnostics.push(d),
        }
    }
    lap("theme", &mut timings);

    // Markdown, in parallel. Each note's HTML waits for its page until the reference
    // graph is built (the page shows how many meetings discussed each issue it cites),
    // so it waits compressed: at 10,000 notes that is ~250 MB of HTML held as ~50 MB,
    // for well under a second of CPU (lz4).
    let stage = MarkdownStage::new(&setup.config, opts.skip_refs);
    let people = engine::people_urls(&archive, &base_path);
    let (mut rendered, (mut packed_html, anchors)): (Vec<markdown::Rendered>, (Vec<_>, Vec<_>)) =
        archive
            .notes
            .par_iter()
            .zip(bodies)
            .map(|(n, body)| {
                let (mut md, removals) = stage.render(n, &body, &people, &note_links.rewriter);
                let ids = engine::anchors(&body, md.toc.iter().map(|t| t.id.clone()));
                drop(body);
                let html = lz4_flex::compress_prepend_size(md.html.as_bytes());
                md.html = String::new();
                // The search index needs the sections only after every page is made.
                md.packed_sections = markdown::pack_sections(&std::mem::take(&mut md.sections));
                (md, (html, (ids, removals)))
            })
            .unzip();
    drop(stage);
    let (anchors, removals): (Vec<_>, Vec<Vec<Diagnostic>>) = anchors.into_iter().unzip();
    diagnostics.extend(removals.into_iter().flatten());
    let linked_files = note_links.rewriter.files.len();
    diagnostics.extend(note_links.check(&archive, anchors));
    lap("markdown", &mut timings);
    // Issue pages need every note's references; note pages only their own.
    let graph = graph::build(&archive, rendered.iter().map(|r| r.refs.as_slice()));
    lap("ref graph", &mut timings);

    // Pages name the index's `meta.json` without its hash (`render::asset_urls`), so note
    // pages can be written before the index exists, and an unchanged page is linked from
    // the old site.
    let summaries: Vec<String> = rendered.iter().map(|r| r.summary.clone()).collect();
    let renderer = Renderer::new(
        &theme,
        &setup.config,
        &archive,
        &graph,
        &summaries,
        &base_path,
        assets.urls.clone(),
    );

    let note_results: Vec<Result<usize, Diagnostic>> = rendered
        .par_iter_mut()
        .zip(packed_html.par_iter_mut())
        .enumerate()
        .map(|(i, (md, packed))| {
            let html = lz4_flex::decompress_size_prepended(&std::mem::take(packed))
                .expect("lz4 data compressed by this build");
            md.html = String::from_utf8(html).expect("HTML compressed from a String");
            let page = renderer.note_page(i, md);
            // Past its page, a note keeps only the section texts the search index needs:
            // its references (~60 MB at 10,000 notes) already live in the graph.
            md.html = String::new();
            md.refs = Vec::new();
            md.toc = Vec::new();
            write_page(&out, &page?)
        })
        .collect();
    drop(packed_html);
    lap("note pages", &mut timings);

    // The search index, from the text the markdown pass collected, once every note's
    // HTML is written and freed.
    let search_docs: Vec<search::Doc> = archive
        .listed
        .iter()
        .map(|&i| engine::search_doc(&archive, i, &rendered[i]))
        .collect();
    // Each file is written as it is made, so the index is never all in memory.
    let index = search::build_with(&search_docs, &setup.config.language, |path, bytes| out.write(path, &bytes))?;
    drop(search_docs);
    let index_files = index.files;
    // The section texts the index was built from are not needed again.
    drop(rendered);
    lap("search", &mut timings);

    let (ref_pages, pages): (Vec<Page>, Vec<Page>) = renderer
        .pages()
        .into_iter()
        .partition(|p| matches!(p, Page::Repos | Page::Repo { .. } | Page::Issue { .. }));
    let mut page_results: Vec<Result<usize, Diagnostic>> = pages
        .par_iter()
        .map(|page| write_page(&out, &renderer.render(page)?))
        .collect();
    lap("index pages", &mut timings);
    page_results.par_extend(
        ref_pages
            .par_iter()
            .map(|page| write_page(&out, &renderer.render(page)?)),
    );
    lap("ref pages", &mut timings);

    let mut pages = assets.files.len() + index_files + linked_files;
    let mut template_errors = Vec::new();
    for r in note_results.into_iter().chain(page_results) {
        match r {
            Ok(n) => pages += n,
            Err(d) => template_errors.push(d),
        }
    }
    // One broken template fails every page that uses it: report it once.
    template_errors.sort();
    template_errors.dedup();
    diagnostics.extend(template_errors);

    let output = out.finish()?;
    lap("swap", &mut timings);
    diagnostics.sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
    diagnostics.dedup();
    Ok(Report {
        diagnostics,
        notes: archive.notes.len(),
        pages,
        output,
        timings,
    })
}

/// What `check` adds to what `build` reports: broken links between notes, missing
/// images and markup the pages will not carry (which `build` reports too), found without
/// rendering pages.
pub fn link_diagnostics(loaded: &Loaded) -> Vec<Diagnostic> {
    let base_path = loaded.setup.base_path();
    let archive = &loaded.archive;
    let note_links = NoteLinks::find(
        &loaded.setup.root,
        &loaded.setup.content,
        archive,
        archive
            .notes
            .par_iter()
            .map(|n| (n.source.as_str(), n.body.as_str())),
        &base_path,
    );
    let anchors = archive
        .notes
        .par_iter()
        .map(|n| engine::anchors(&n.body, markdown::heading_ids(&n.body).into_iter()))
        .collect();
    let mut diagnostics = note_links.check(archive, anchors);
    diagnostics.par_extend(
        archive
            .notes
            .par_iter()
            .flat_map_iter(|n| sanitize::diagnostics(&n.source, n.body_line, &n.body)),
    );
    diagnostics
}

/// Loads the archive as `build` does and refuses what `build` refuses before it writes
/// anything (a bad config, theme or highlight theme): what `check` starts from.
pub fn load_checked(opts: &Options) -> Result<Loaded, Fatal> {
    let loaded = engine::load(opts)?;
    loaded.setup.assets(&loaded.setup.theme()?)?;
    Ok(loaded)
}

/// What `minutes check` reports, sorted: everything `build` would (without rendering a
/// page), and what a maintainer wants to hear about before merging a meeting's note (no
/// date, no team).
pub fn check(loaded: Loaded) -> Vec<Diagnostic> {
    let mut diags = link_diagnostics(&loaded);
    diags.extend(loaded.diagnostics);
    for n in &loaded.archive.notes {
        if n.kind != crate::model::NoteKind::Meeting {
            continue;
        }
        if n.date.is_none() {
            diags.push(Diagnostic::warning(
                &n.source,
                1,
                1,
                "no date found (add `date:` front matter or a date in the file name)",
            ));
        }
        if n.team.is_none() {
            diags.push(Diagnostic::warning(
                &n.source,
                1,
                1,
                "no team found (add `team:` front matter or a [teams] entry in minutes.toml)",
            ));
        }
    }
    diags.sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
    diags.dedup();
    diags
}

/// `minutes init`: writes a commented `minutes.toml` with the teams the notes show, and
/// the GitHub Actions workflow. Refuses, writing nothing, when either file exists and
/// `force` is false. Returns the files written.
pub fn init(root: &Path, force: bool) -> Result<Vec<PathBuf>, Fatal> {
    let files = [crate::init::CONFIG_PATH, crate::init::WORKFLOW_PATH];
    if !force {
        let existing: Vec<PathBuf> = files
            .iter()
            .map(|f| root.join(f))
            .filter(|p| p.exists())
            .collect();
        if !existing.is_empty() {
            return Err(Fatal::Write(WriteError::Exists(existing)));
        }
    }
    let mut plan = crate::init::Plan {
        title: match engine::archive_name(root).or_else(|| {
            // A folder still to be made has no canonical path, only its name.
            Some(root.file_name()?.to_string_lossy().into_owned())
        }) {
            Some(name) => format!("{name} meeting notes"),
            None => "Meeting notes".to_string(),
        },
        ..Default::default()
    };
    if root.is_dir() {
        // A config being replaced with --force may be the reason for it: detect with the
        // defaults when it does not parse, keeping only where the notes are.
        let config = engine::read_config(root).unwrap_or_default();
        plan.content = config.content.clone();
        let setup = Setup::with_config(
            &Options {
                root: root.to_path_buf(),
                ..Options::default()
            },
            config,
        )?;
        let loaded = engine::load_with(setup)?;
        plan.teams = crate::init::detect_teams(&loaded.archive);
        plan.notes = loaded.archive.notes.len();
    }
    let install = match env!("CARGO_PKG_REPOSITORY") {
        "" => crate::init::INSTALL_PLACEHOLDER,
        repo => repo,
    };
    let texts = [
        (files[0], crate::init::config_toml(&plan)),
        (
            files[1],
            crate::init::workflow(install, env!("CARGO_PKG_VERSION")),
        ),
    ];
    Ok(crate::write::create_files(root, &texts, force)?)
}

/// Each note's GitHub references (same order as `loaded.archive.notes`) as resolved
/// targets (`o/r#450`, `o/r@a5c3785`, `@user`), each once, in the order of first mention.
/// Found without highlighting code or rendering pages: what `minutes list` shows.
pub fn note_refs(loaded: &Loaded) -> Vec<Vec<String>> {
    let stage = MarkdownStage::new(&loaded.setup.config, false);
    loaded
        .archive
        .notes
        .par_iter()
        .map(|n| {
            let mut seen = HashSet::new();
            stage
                .references(n)
                .into_iter()
                .map(|h| h.target.to_string())
                .filter(|t| seen.insert(t.clone()))
                .collect()
        })
        .collect()
}

fn write_page(out: &Output, page: &File) -> Result<usize, Diagnostic> {
    out.write(&page.path, &page.bytes)
        .map(|()| 1)
        .map_err(|e| Diagnostic::error(page.path.clone(), 1, 1, e.to_string()))
}

/// The archive root for a path given on the command line: the folder itself.
pub fn root_of(path: Option<&Path>) -> PathBuf {
    path.map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}
