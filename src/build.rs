//! The pipeline: config → load → infer → archive → markdown → search → render → write.
//! Orchestration only; each stage lives in its own module.

use crate::archive::{self, Archive};
use crate::config::{self, Config};
use crate::diag::Diagnostic;
use crate::graph;
use crate::highlight::{self, Highlighter};
use crate::infer;
use crate::links;
use crate::load;
use crate::markdown::{self, LinkOptions, RefOptions};
use crate::refs;
use crate::render::{Job, Page, Renderer};
use crate::sanitize;
use crate::search;
use crate::theme;
use crate::write::{Output, WriteError};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use thiserror::Error;

#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Archive root (holds `minutes.toml`, `content/` or the notes themselves).
    pub root: PathBuf,
    /// Output folder; default: `output` from the config, relative to the root.
    pub output: Option<PathBuf>,
    /// Overrides `base_url` from the config.
    pub base_url: Option<String>,
    /// Build drafts too.
    pub drafts: bool,
    /// Leave GitHub references unlinked and build no reference pages: only for measuring
    /// what the reference pass costs.
    pub skip_refs: bool,
    /// Render every page whole instead of reusing its template's frame (`frame`): only
    /// for tests that check the frames change no byte.
    pub whole_pages: bool,
}

/// Why a build could not run at all (exit code 2).
#[derive(Debug, Error)]
pub enum Fatal {
    #[error("{0}")]
    Diagnostic(Diagnostic),
    #[error("{0}: not a folder")]
    NoArchive(PathBuf),
    /// Everything wrong in `minutes.toml` that parsed but means nothing (a glob that does
    /// not compile): each at its line, all reported at once.
    #[error("{}", .0.iter().map(Diagnostic::to_string).collect::<Vec<_>>().join("\n"))]
    Config(Vec<Diagnostic>),
    #[error(transparent)]
    Write(#[from] WriteError),
}

impl Fatal {
    /// The diagnostics a fatal error is made of, for printing as `path:line:col: …` in
    /// whichever format the command prints; `None` for errors about no file's line.
    pub fn diagnostics(&self) -> Option<Vec<Diagnostic>> {
        match self {
            Fatal::Diagnostic(d) => Some(vec![d.clone()]),
            Fatal::Config(ds) => Some(ds.clone()),
            _ => None,
        }
    }
}

/// The archive's theme (`theme` in minutes.toml, with its overrides): an unknown theme is
/// reported at that value's line. Shared by `build`, `check` and `serve` so all three
/// refuse the same configs.
pub fn load_theme(root: &Path, config: &Config) -> Result<theme::Theme, Fatal> {
    theme::load(root, &config.theme).map_err(|mut d| {
        if d.path == config::FILE_NAME {
            (d.line, d.col) = config::Positions::or_top(config.positions.theme);
        }
        Fatal::Diagnostic(d)
    })
}

/// The code-highlighting stylesheet; an unknown highlight theme is reported at the value
/// that names it.
pub fn highlight_css(config: &Config) -> Result<String, Fatal> {
    let (light, dark) = (&config.highlight_theme, &config.highlight_theme_dark);
    highlight::stylesheet(light, dark).map_err(|message| {
        // Which of the two is unknown (the message names it, but not where it is).
        let at = if highlight::stylesheet(light, light).is_err() {
            config.positions.highlight_theme
        } else {
            config.positions.highlight_theme_dark
        };
        let (line, col) = config::Positions::or_top(at);
        Fatal::Diagnostic(Diagnostic::error(config::FILE_NAME, line, col, message))
    })
}

/// Everything `load_archive` settles before rendering.
pub struct Loaded {
    pub config: Config,
    pub root: PathBuf,
    pub content: PathBuf,
    pub output: PathBuf,
    pub archive: Archive,
    pub diagnostics: Vec<Diagnostic>,
}

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

/// Reads the config and settles the folders: the config (with `opts` applied), the
/// content folder and the output folder.
pub fn settle(opts: &Options) -> Result<(Config, PathBuf, PathBuf), Fatal> {
    let root = &opts.root;
    if !root.is_dir() {
        return Err(Fatal::NoArchive(root.clone()));
    }
    settle_with_config(opts, read_config(root)?)
}

/// `minutes.toml` in `root`, or the defaults when there is none.
fn read_config(root: &Path) -> Result<Config, Fatal> {
    match std::fs::read_to_string(root.join(config::FILE_NAME)) {
        Ok(text) => Config::parse(&text, config::FILE_NAME).map_err(Fatal::Diagnostic),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
        Err(e) => Err(Fatal::Diagnostic(Diagnostic::error(
            config::FILE_NAME,
            1,
            1,
            format!("cannot read: {e}"),
        ))),
    }
}

/// [`settle`] with a config given rather than read.
fn settle_with_config(
    opts: &Options,
    mut config: Config,
) -> Result<(Config, PathBuf, PathBuf), Fatal> {
    let root = &opts.root;
    if let Some(url) = &opts.base_url {
        config.base_url = url.clone();
    }
    if opts.drafts {
        config.drafts = true;
    }
    let content = match &config.content {
        Some(c) => root.join(c),
        None if root.join("content").is_dir() => root.join("content"),
        None => root.clone(),
    };
    if !content.is_dir() {
        let (line, col) = config::Positions::or_top(config.positions.content);
        return Err(Fatal::Diagnostic(Diagnostic::error(
            config::FILE_NAME,
            line,
            col,
            format!("content folder {} does not exist", content.display()),
        )));
    }
    let output = opts
        .output
        .clone()
        .unwrap_or_else(|| root.join(&config.output));
    Ok((config, content, output))
}

/// Reads the config, walks and infers: everything `list` and `check` need.
pub fn load_archive(opts: &Options) -> Result<Loaded, Fatal> {
    let root = &opts.root;
    if !root.is_dir() {
        return Err(Fatal::NoArchive(root.clone()));
    }
    load_with_config(opts, read_config(root)?)
}

/// [`load_archive`] with a config given rather than read.
pub fn load_with_config(opts: &Options, config: Config) -> Result<Loaded, Fatal> {
    let root = &opts.root;
    let (config, content, output) = settle_with_config(opts, config)?;
    let walk = load::Walk {
        root,
        content: &content,
        exclude: vec![output.clone(), root.join("themes")],
        repair: config.repair_mojibake,
    };
    let loaded = load::load(&walk);
    let mut diagnostics = loaded.diagnostics;
    let (mut cx, config_diags) = infer::Context::new(&config);
    // A team glob that does not compile would silently move notes to another team on the
    // published site: a bad minutes.toml stops every command, as a parse error does.
    if !config_diags.is_empty() {
        return Err(Fatal::Config(config_diags));
    }
    cx.default_team = archive_name(root);
    cx.slug_folders = infer::slug_folders(loaded.files.iter().map(|f| f.rel.as_str()));
    let inferred: Vec<_> = loaded
        .files
        .par_iter()
        .map(|f| infer::infer(f, &cx))
        .collect();
    let mut notes = Vec::with_capacity(inferred.len());
    for (note, diags) in inferred {
        notes.push(note);
        diagnostics.extend(diags);
    }
    let (archive, archive_diags) = archive::build(notes, &config);
    diagnostics.extend(archive_diags);
    Ok(Loaded {
        config,
        root: root.clone(),
        content,
        output,
        archive,
        diagnostics,
    })
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
        config,
        root,
        content,
        output,
        mut archive,
        mut diagnostics,
    } = load_archive(opts)?;
    lap("load+infer", &mut timings);

    let theme = load_theme(&root, &config)?;
    let highlight_css = highlight_css(&config)?;
    let out = Output::begin(&output, &content)?;
    let base_path = config.base_path();
    // Each note's source is freed as soon as it is rendered (tens of megabytes at 10,000
    // notes), keeping only what the link check needs from it, its anchors.
    let bodies: Vec<String> = archive
        .notes
        .iter_mut()
        .map(|n| std::mem::take(&mut n.body))
        .collect();
    let body_refs: Vec<&str> = bodies.iter().map(String::as_str).collect();
    let note_links = NoteLinks::find(&root, &content, &archive, &body_refs, &base_path);
    drop(body_refs);
    lap("links", &mut timings);

    // Static assets first: their hashes go into every page's URLs.
    let mut assets: BTreeMap<String, Vec<u8>> = theme.assets.clone();
    assets.insert("highlight.css".into(), highlight_css.into_bytes());
    for (name, bytes) in &assets {
        out.write(&format!("assets/{name}"), bytes)?;
    }
    let asset_urls = crate::render::asset_urls(&assets, &base_path);
    // Images and files the notes link to, at their place in the content folder.
    for (source, site_path) in &note_links.rewriter.files {
        match load::read_attachment(&root, source) {
            Ok(bytes) => out.write(site_path, &bytes)?,
            Err(d) => diagnostics.push(d),
        }
    }
    lap("theme", &mut timings);

    // Markdown, in parallel. Each note's HTML waits for its page until the reference
    // graph is built (the page shows how many meetings discussed each issue it cites),
    // so it waits compressed: at 10,000 notes that is ~250 MB of HTML held as ~50 MB,
    // for well under a second of CPU (lz4).
    let highlighter = Highlighter::new();
    let settings = refs::Settings::new(&config);
    let people = people_urls(&archive, &base_path);
    let (mut rendered, (mut packed_html, anchors)): (Vec<markdown::Rendered>, (Vec<_>, Vec<_>)) =
        archive
            .notes
            .par_iter()
            .zip(bodies)
            .map(|(n, body)| {
                let md_opts = markdown::Options {
                    highlighter: &highlighter,
                    refs: (!opts.skip_refs).then_some(RefOptions {
                        settings: &settings,
                        repo: n.repo.as_deref(),
                        people: &people,
                    }),
                    links: Some(LinkOptions {
                        rewriter: &note_links.rewriter,
                        source: &n.source,
                    }),
                };
                let mut md = markdown::render(&body, &md_opts);
                let ids = anchors(&body, md.toc.iter().map(|t| t.id.clone()));
                // A second parse only for the few notes that lost markup.
                let removals = if md.sanitized {
                    sanitize::diagnostics(&n.source, n.body_line, &body)
                } else {
                    Vec::new()
                };
                drop(body);
                let html = lz4_flex::compress_prepend_size(md.html.as_bytes());
                md.html = String::new();
                // The search index needs the sections only after every page is made.
                md.packed_sections = markdown::pack_sections(&std::mem::take(&mut md.sections));
                (md, (html, (ids, removals)))
            })
            .unzip();
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
    let mut renderer = Renderer::new(
        &theme, &config, &archive, &graph, &summaries, &base_path, asset_urls,
    );
    renderer.whole_pages = opts.whole_pages;

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
        .map(|&i| search_doc(&archive, i, &rendered[i]))
        .collect();
    // Each file is written as it is made, so the index is never all in memory.
    let index = search::build_with(&search_docs, |path, bytes| out.write(path, &bytes))?;
    drop(search_docs);
    let index_files = index.files;
    // The section texts the index was built from are not needed again.
    drop(rendered);
    lap("search", &mut timings);

    let (ref_jobs, jobs): (Vec<Job>, Vec<Job>) = renderer
        .jobs()
        .into_iter()
        .partition(|j| matches!(j, Job::Repos | Job::Repo { .. } | Job::Issue { .. }));
    let mut job_results: Vec<Result<usize, Diagnostic>> = jobs
        .par_iter()
        .map(|job| write_page(&out, &renderer.job(job)?))
        .collect();
    lap("index pages", &mut timings);
    job_results.par_extend(
        ref_jobs
            .par_iter()
            .map(|job| write_page(&out, &renderer.job(job)?)),
    );
    lap("ref pages", &mut timings);

    let mut pages = assets.len() + index_files + linked_files;
    let mut template_errors = Vec::new();
    for r in note_results.into_iter().chain(job_results) {
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

/// The notes' relative links and images, resolved against the archive: what the markdown
/// stage rewrites, what is published beside the notes, and what `check` reports.
pub struct NoteLinks<'a> {
    /// Each note's local links, in the order of `archive.notes`.
    pub found: Vec<Vec<links::Local>>,
    pub rewriter: links::Rewriter<'a>,
    /// Linked files that exist (paths relative to the archive root).
    pub files: HashSet<String>,
    /// Linked Markdown files in the content folder that are not notes of this build.
    pub unpublished: HashSet<String>,
}

impl<'a> NoteLinks<'a> {
    /// Finds every note's local links and which of the files they name exist (the only
    /// IO: one `stat` per distinct linked file).
    /// `bodies` are the notes' sources, in the order of `archive.notes` (`build` has taken
    /// them out of the archive to free each once it is rendered).
    pub fn find(
        root: &Path,
        content: &Path,
        archive: &'a Archive,
        bodies: &[&str],
        base_path: &'a str,
    ) -> Self {
        let found: Vec<Vec<links::Local>> = bodies
            .par_iter()
            .map(|body| links::local_links(body))
            .collect();
        let notes = links::note_urls(archive);
        let wanted = links::linked_files(
            archive
                .notes
                .iter()
                .zip(&found)
                .map(|(n, f)| (n.source.as_str(), f.as_slice())),
            &notes,
        );
        let files = load::existing_files(root, wanted.iter().map(String::as_str));
        let prefix = load::relative(root, content);
        let published = files
            .iter()
            .filter_map(|f| Some((f.clone(), links::published_path(f, &prefix)?)))
            .collect();
        let unpublished = files
            .iter()
            .filter(|f| links::in_content(f, &prefix).is_some() && links::is_markdown(f))
            .cloned()
            .collect();
        NoteLinks {
            found,
            rewriter: links::Rewriter {
                base_path,
                notes,
                files: published,
            },
            files,
            unpublished,
        }
    }

    /// Broken links and missing images, note by note; `anchors` holds each note's ids.
    pub fn check(&self, archive: &Archive, anchors: Vec<HashSet<String>>) -> Vec<Diagnostic> {
        let targets = links::Targets {
            notes: archive
                .notes
                .iter()
                .enumerate()
                .map(|(i, n)| (n.source.as_str(), i))
                .collect(),
            anchors,
            files: self.files.clone(),
            unpublished: self.unpublished.clone(),
        };
        archive
            .notes
            .iter()
            .zip(&self.found)
            .flat_map(|(n, found)| links::check(&n.source, n.body_line, found, &targets))
            .collect()
    }
}

/// The ids a note's page has for `#anchor` links: its headings' and its raw HTML's.
fn anchors(body: &str, headings: impl Iterator<Item = String>) -> HashSet<String> {
    headings.chain(links::html_anchors(body)).collect()
}

/// What `check` adds to what `build` reports: broken links between notes, missing
/// images and markup the pages will not carry (which `build` reports too), found without
/// rendering pages.
pub fn link_diagnostics(loaded: &Loaded) -> Vec<Diagnostic> {
    let base_path = loaded.config.base_path();
    let bodies: Vec<&str> = loaded
        .archive
        .notes
        .iter()
        .map(|n| n.body.as_str())
        .collect();
    let note_links = NoteLinks::find(
        &loaded.root,
        &loaded.content,
        &loaded.archive,
        &bodies,
        &base_path,
    );
    let anchors = loaded
        .archive
        .notes
        .par_iter()
        .map(|n| anchors(&n.body, markdown::heading_ids(&n.body).into_iter()))
        .collect();
    let mut diagnostics = note_links.check(&loaded.archive, anchors);
    diagnostics.par_extend(
        loaded
            .archive
            .notes
            .par_iter()
            .flat_map_iter(|n| sanitize::diagnostics(&n.source, n.body_line, &n.body)),
    );
    diagnostics
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
        title: match archive_name(root).or_else(|| {
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
        let config = read_config(root).unwrap_or_default();
        plan.content = config.content.clone();
        let loaded = load_with_config(
            &Options {
                root: root.to_path_buf(),
                ..Options::default()
            },
            config,
        )?;
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

/// Lower-cased GitHub handle → URL of the person's page, for `@user` links.
pub(crate) fn people_urls(archive: &Archive, base_path: &str) -> HashMap<String, String> {
    archive
        .people
        .iter()
        .filter_map(|p| {
            let handle = p.handle.as_ref()?.to_ascii_lowercase();
            Some((
                handle,
                format!("{base_path}{}", crate::views::person_path(&p.id)),
            ))
        })
        .collect()
}

/// Each note's GitHub references (same order as `loaded.archive.notes`) as resolved
/// targets (`o/r#450`, `o/r@a5c3785`, `@user`), each once, in the order of first mention.
/// Found without highlighting code or rendering pages: what `minutes list` shows.
pub fn note_refs(loaded: &Loaded) -> Vec<Vec<String>> {
    let highlighter = Highlighter::new();
    let settings = refs::Settings::new(&loaded.config);
    let people = HashMap::new();
    loaded
        .archive
        .notes
        .par_iter()
        .map(|n| {
            let opts = markdown::Options {
                highlighter: &highlighter,
                links: None,
                refs: Some(RefOptions {
                    settings: &settings,
                    repo: n.repo.as_deref(),
                    people: &people,
                }),
            };
            let mut seen = std::collections::HashSet::new();
            markdown::references(&n.body, &opts)
                .into_iter()
                .map(|h| h.target.to_string())
                .filter(|t| seen.insert(t.clone()))
                .collect()
        })
        .collect()
}

/// What the search index needs of listed note `i`.
pub fn search_doc<'a>(
    archive: &'a Archive,
    i: usize,
    md: &'a markdown::Rendered,
) -> search::Doc<'a> {
    let n = &archive.notes[i];
    search::Doc {
        url: &archive.urls[i],
        title: &n.title.value,
        team: n
            .team
            .as_ref()
            .and_then(|t| archive.team_by_id.get(&t.value))
            .map(|&t| (archive.teams[t].id.as_str(), archive.teams[t].name.as_str())),
        date: n.date.as_ref().map(|d| d.value),
        topics: &n.topics,
        attendees: &n.attendees,
        repo: n.repo.as_deref(),
        sections: if md.packed_sections.is_empty() {
            search::Sections::Plain(&md.sections)
        } else {
            search::Sections::Packed(&md.packed_sections)
        },
    }
}

fn write_page(out: &Output, page: &Page) -> Result<usize, Diagnostic> {
    out.write(&page.path, &page.bytes)
        .map(|()| 1)
        .map_err(|e| Diagnostic::error(page.path.clone(), 1, 1, e.to_string()))
}

/// The archive folder's own name, as a team name of last resort: `lang-team` for a
/// checkout of `rust-lang/lang-team` (also when checked out as `rust-lang__lang-team`).
pub(crate) fn archive_name(root: &Path) -> Option<String> {
    let abs = root.canonicalize().ok()?;
    let name = abs.file_name()?.to_string_lossy().into_owned();
    let name = name.rsplit("__").next().unwrap_or(&name).to_string();
    (!name.is_empty() && name != "content").then_some(name)
}

/// The archive root for a path given on the command line: the folder itself.
pub fn root_of(path: Option<&Path>) -> PathBuf {
    path.map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}
