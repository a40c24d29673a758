//! The pipeline: config → load → infer → archive → markdown → search → render → write.
//! Orchestration only; each stage lives in its own module.

use crate::diag::Diagnostic;
use crate::engine::{self, MarkdownStage, NoteLinks, Setup};
use crate::graph;
use crate::ids::NoteId;
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
    let mut laps = Laps {
        timings: Vec::new(),
        clock: Instant::now(),
        on_stage,
    };
    let Loaded {
        setup,
        mut archive,
        mut diagnostics,
    } = engine::load(opts)?;
    laps.end("load+infer");

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
    let note_links = find_links(&setup, &archive, &bodies, &base_path);
    laps.end("links");

    write_files(&out, &setup.root, &assets, &note_links, &mut diagnostics)?;
    laps.end("theme");

    let stage = MarkdownStage::new(&setup.config, opts.skip_refs);
    let people = engine::people_urls(&archive, &base_path);
    let (mut rendered, mut packed_html, anchors) =
        render_markdown(&stage, &archive, bodies, &people, &note_links);
    drop(stage);
    let (anchors, removals): (Vec<_>, Vec<Vec<Diagnostic>>) = anchors.into_iter().unzip();
    diagnostics.extend(removals.into_iter().flatten());
    let linked_files = note_links.rewriter.files.len();
    diagnostics.extend(note_links.check(&archive, anchors));
    laps.end("markdown");
    let ledger = engine::outcomes::take_ledger(&archive, &mut rendered);
    // Issue pages need every note's references; note pages only their own.
    let mut graph = graph::build(&archive, rendered.iter().map(|r| r.refs.as_slice()));
    let (github, asked) = engine::github_meta(&setup, &graph);
    graph.apply_github(&github);
    diagnostics.extend(asked);
    laps.end("ref graph");

    // Pages name the index's `meta.json` without its hash (`render::asset_urls`), so note
    // pages can be written before the index exists, and an unchanged page is linked from
    // the old site.
    let summaries = summaries(&archive, &rendered);
    let renderer = Renderer::new(
        &theme,
        &setup.config,
        &archive,
        &graph,
        &summaries,
        &base_path,
        assets.urls.clone(),
    )
    .with_outcomes(&ledger);

    let note_results = write_note_pages(&renderer, &out, &mut rendered, &mut packed_html);
    drop(packed_html);
    laps.end("note pages");

    let index_files = write_search_index(
        &archive,
        &rendered,
        &ledger,
        &summaries,
        &graph,
        &setup.config.language,
        &out,
    )?;
    // The section texts the index was built from are not needed again.
    drop(rendered);
    laps.end("search");

    let page_results = write_index_and_ref_pages(&renderer, &out, &mut laps);

    let pages = assets.files.len()
        + index_files
        + linked_files
        + tally(note_results, page_results, &mut diagnostics);

    let output = out.finish()?;
    laps.end("swap");
    diagnostics.sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
    diagnostics.dedup();
    Ok(Report {
        diagnostics,
        notes: archive.notes.len(),
        pages,
        output,
        timings: laps.timings,
    })
}

/// Every page but the notes': the index pages, then the reference pages (two stages, so
/// their times show apart).
fn write_index_and_ref_pages(
    renderer: &Renderer,
    out: &Output,
    laps: &mut Laps,
) -> Vec<Result<usize, Diagnostic>> {
    let (ref_pages, pages): (Vec<Page>, Vec<Page>) = renderer
        .pages()
        .into_iter()
        .partition(|p| matches!(p, Page::Repos | Page::Repo { .. } | Page::Issue { .. }));
    let mut page_results = write_pages(renderer, out, &pages);
    laps.end("index pages");
    page_results.extend(write_pages(renderer, out, &ref_pages));
    laps.end("ref pages");
    page_results
}

/// The stages' times as a build goes, told to the caller as each one ends.
struct Laps<'f> {
    timings: Vec<Timing>,
    clock: Instant,
    on_stage: &'f mut dyn FnMut(&Timing),
}

impl Laps<'_> {
    fn end(&mut self, stage: &'static str) {
        let timing = Timing {
            stage,
            time: self.clock.elapsed(),
            peak_kib: peak_kib(),
        };
        (self.on_stage)(&timing);
        self.timings.push(timing);
        self.clock = Instant::now();
    }
}

/// The links between notes and to files, found in each note's source.
fn find_links<'a>(
    setup: &Setup,
    archive: &'a crate::archive::Archive,
    bodies: &[String],
    base_path: &'a str,
) -> NoteLinks<'a> {
    NoteLinks::find(
        &setup.root,
        &setup.content,
        archive,
        archive
            .notes
            .par_iter()
            .zip(bodies)
            .map(|(n, b)| (n.source.as_str(), b.as_str())),
        base_path,
    )
}

/// Static assets first: their hashes go into every page's URLs. Then the images and
/// files the notes link to, at their place in the content folder; one that cannot be
/// read is a diagnostic, not the end of the build.
fn write_files(
    out: &Output,
    root: &Path,
    assets: &engine::Assets,
    note_links: &NoteLinks,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<(), Fatal> {
    for (name, bytes) in &assets.files {
        out.write(&format!("assets/{name}"), bytes)?;
    }
    for (source, site_path) in &note_links.rewriter.files {
        match load::read_attachment(root, source) {
            Ok(bytes) => out.write(site_path, &bytes)?,
            Err(d) => diagnostics.push(d),
        }
    }
    Ok(())
}

/// Renders and writes `pages`, in parallel.
fn write_pages(
    renderer: &Renderer,
    out: &Output,
    pages: &[Page],
) -> Vec<Result<usize, Diagnostic>> {
    pages
        .par_iter()
        .map(|page| write_page(out, &renderer.render(page)?))
        .collect()
}

/// Markdown, in parallel. Each note's HTML waits for its page until the reference graph
/// is built (the page shows how many meetings discussed each issue it cites), so it waits
/// compressed: at 10,000 notes that is ~250 MB of HTML held as ~50 MB, for well under a
/// second of CPU (lz4). Each source is dropped as soon as it is rendered. Returns each
/// note's rendering (HTML taken out), its packed HTML, and its anchors with the
/// diagnostics of markup the sanitiser removed.
#[allow(clippy::type_complexity)]
fn render_markdown(
    stage: &MarkdownStage,
    archive: &crate::archive::Archive,
    bodies: Vec<String>,
    people: &std::collections::HashMap<String, String>,
    note_links: &NoteLinks,
) -> (
    Vec<markdown::Rendered>,
    Vec<Vec<u8>>,
    Vec<(HashSet<String>, Vec<Diagnostic>)>,
) {
    let (rendered, (packed_html, anchors)): (Vec<markdown::Rendered>, (Vec<_>, Vec<_>)) = archive
        .notes
        .par_iter()
        .zip(bodies)
        .map(|(n, body)| {
            let (mut md, removals) = stage.render(n, &body, people, &note_links.rewriter);
            let ids = engine::anchors(&body, md.toc.iter().map(|t| t.id.clone()));
            drop(body);
            let html = lz4_flex::compress_prepend_size(md.html.as_bytes());
            md.html = String::new();
            // The search index needs the sections only after every page is made.
            md.packed_sections = markdown::pack_sections(&std::mem::take(&mut md.sections));
            (md, (html, (ids, removals)))
        })
        .unzip();
    (rendered, packed_html, anchors)
}

/// Renders and writes every note's page, in parallel. Past its page, a note keeps only
/// the section texts the search index needs: its HTML is freed, and its references
/// (~60 MB at 10,000 notes) already live in the graph.
fn write_note_pages(
    renderer: &Renderer,
    out: &Output,
    rendered: &mut [markdown::Rendered],
    packed_html: &mut [Vec<u8>],
) -> Vec<Result<usize, Diagnostic>> {
    rendered
        .par_iter_mut()
        .zip(packed_html.par_iter_mut())
        .enumerate()
        .map(|(i, (md, packed))| {
            let html = lz4_flex::decompress_size_prepended(&std::mem::take(packed))
                .expect("lz4 data compressed by this build");
            md.html = String::from_utf8(html).expect("HTML compressed from a String");
            let page = renderer.note_page(NoteId::new(i), md);
            md.html = String::new();
            md.refs = Vec::new();
            md.toc = Vec::new();
            write_page(out, &page?)
        })
        .collect()
}

/// Each note's summary, chosen once every note is rendered (`excerpts`: a line its
/// team's notes repeat is not one).
fn summaries(archive: &crate::archive::Archive, rendered: &[markdown::Rendered]) -> Vec<String> {
    let lines: Vec<&markdown::SummaryLines> = rendered.iter().map(|r| &r.summary_lines).collect();
    crate::excerpts::summaries(&archive.notes, &lines)
}

/// The search index, from the text the markdown pass collected, once every note's HTML
/// is written and freed. Each file is written as it is made, so the index is never all
/// in memory. Returns how many files it wrote.
fn write_search_index(
    archive: &crate::archive::Archive,
    rendered: &[markdown::Rendered],
    ledger: &crate::outcomes::Ledger,
    summaries: &[String],
    graph: &graph::Graph,
    language: &str,
    out: &Output,
) -> Result<usize, Fatal> {
    let hints = engine::ref_hints(graph);
    let extras = crate::titles::extras(archive);
    let items = engine::item_docs(archive, ledger, &extras);
    let search_docs: Vec<search::Doc> = archive
        .listed
        .iter()
        .map(|&i| search::Doc {
            title_extra: extras[i.index()].as_deref(),
            summary: summaries.get(i.index()).map(String::as_str),
            ..engine::search_doc(archive, i, &rendered[i])
        })
        .chain(items.iter().map(engine::ItemDoc::doc))
        .collect();
    let written = search::build_with(&search_docs, language, &hints, |path, bytes| {
        out.write(path, &bytes)
    })?;
    Ok(written.files)
}

/// How many files the pages wrote; each failed page's template error goes into
/// `diagnostics` once (one broken template fails every page that uses it).
fn tally(
    note_results: Vec<Result<usize, Diagnostic>>,
    page_results: Vec<Result<usize, Diagnostic>>,
    diagnostics: &mut Vec<Diagnostic>,
) -> usize {
    let mut files = 0;
    let mut template_errors = Vec::new();
    for r in note_results.into_iter().chain(page_results) {
        match r {
            Ok(n) => files += n,
            Err(d) => template_errors.push(d),
        }
    }
    template_errors.sort();
    template_errors.dedup();
    diagnostics.extend(template_errors);
    files
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
    diags.extend(crate::identity::report(&loaded.archive.merges, &loaded.archive.notes));
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
#[cfg(any(test, feature = "internals"))]
pub fn note_refs(loaded: &Loaded) -> Vec<Vec<String>> {
    note_scan(loaded).into_iter().map(|(refs, _)| refs).collect()
}

/// Each note's resolved references (as [`note_refs`]) and its decisions and action items.
pub fn note_scan(loaded: &Loaded) -> Vec<(Vec<String>, Vec<crate::outcomes::Outcome>)> {
    let stage = MarkdownStage::new(&loaded.setup.config, false);
    loaded
        .archive
        .notes
        .par_iter()
        .map(|n| {
            let mut seen = HashSet::new();
            let (refs, outcomes) = stage.scan(n);
            let refs = refs
                .into_iter()
                .map(|h| h.target.to_string())
                .filter(|t| seen.insert(t.clone()))
                .collect();
            (refs, outcomes)
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
