//! The pipeline: config → load → infer → archive → markdown → search → render → write.
//! Orchestration only; each stage lives in its own module.

use crate::archive::{self, Archive};
use crate::config::{self, Config};
use crate::diag::Diagnostic;
use crate::graph;
use crate::highlight::{self, Highlighter};
use crate::infer;
use crate::load;
use crate::markdown::{self, RefOptions};
use crate::refs;
use crate::render::{content_hash, Job, Page, Renderer};
use crate::search;
use crate::theme;
use crate::write::{Output, WriteError};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
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
}

/// Why a build could not run at all (exit code 2).
#[derive(Debug, Error)]
pub enum Fatal {
    #[error("{0}")]
    Diagnostic(Diagnostic),
    #[error("{0}: not a folder")]
    NoArchive(PathBuf),
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error("highlight theme: {0}")]
    Highlight(String),
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
    pub timings: Vec<(&'static str, Duration)>,
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
    let config_path = root.join(config::FILE_NAME);
    let mut config = match std::fs::read_to_string(&config_path) {
        Ok(text) => Config::parse(&text, config::FILE_NAME).map_err(Fatal::Diagnostic)?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Config::default(),
        Err(e) => {
            return Err(Fatal::Diagnostic(Diagnostic::error(
                config::FILE_NAME,
                1,
                1,
                format!("cannot read: {e}"),
            )))
        }
    };
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
        return Err(Fatal::Diagnostic(Diagnostic::error(
            config::FILE_NAME,
            1,
            1,
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
    let (config, content, output) = settle(opts)?;
    let walk = load::Walk {
        root,
        content: &content,
        exclude: vec![output.clone(), root.join("themes")],
        repair: config.repair_mojibake,
    };
    let loaded = load::load(&walk);
    let mut diagnostics = loaded.diagnostics;
    let (mut cx, config_diags) = infer::Context::new(&config);
    cx.default_team = archive_name(root);
    cx.slug_folders = infer::slug_folders(loaded.files.iter().map(|f| f.rel.as_str()));
    diagnostics.extend(config_diags);
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

/// Builds the site and swaps it into the output folder.
pub fn run(opts: &Options) -> Result<Report, Fatal> {
    let mut timings = Vec::new();
    let mut clock = Instant::now();
    let mut lap = |name: &'static str, timings: &mut Vec<(&'static str, Duration)>| {
        timings.push((name, clock.elapsed()));
        clock = Instant::now();
    };

    let Loaded {
        config,
        root,
        content,
        output,
        archive,
        mut diagnostics,
    } = load_archive(opts)?;
    lap("load+infer", &mut timings);

    let theme = theme::load(&root, &config.theme).map_err(Fatal::Diagnostic)?;
    let highlight_css =
        highlight::stylesheet(&config.highlight_theme, &config.highlight_theme_dark)
            .map_err(Fatal::Highlight)?;
    let out = Output::begin(&output, &content)?;

    // Static assets first: their hashes go into every page's URLs.
    let mut assets: BTreeMap<String, Vec<u8>> = theme.assets.clone();
    assets.insert("highlight.css".into(), highlight_css.into_bytes());
    let base_path = config.base_path();
    let mut asset_urls = BTreeMap::new();
    for (name, bytes) in &assets {
        out.write(&format!("assets/{name}"), bytes)?;
        let key = name
            .rsplit_once('.')
            .map_or(name.as_str(), |(stem, _)| stem);
        asset_urls.insert(
            key.replace(['/', '.'], "_"),
            format!("{base_path}assets/{name}?h={}", content_hash(bytes)),
        );
    }
    lap("theme", &mut timings);

    // Markdown, then each note's page, in parallel; only summaries and references are
    // kept, so memory does not grow with the size of the site.
    let highlighter = Highlighter::new();
    let settings = refs::Settings::new(&config);
    let people = people_urls(&archive, &base_path);
    let rendered: Vec<markdown::Rendered> = archive
        .notes
        .par_iter()
        .map(|n| {
            let md_opts = markdown::Options {
                highlighter: &highlighter,
                refs: (!opts.skip_refs).then_some(RefOptions {
                    settings: &settings,
                    repo: n.repo.as_deref(),
                    people: &people,
                }),
            };
            markdown::render(&n.body, &md_opts)
        })
        .collect();
    lap("markdown", &mut timings);
    // Issue pages need every note's references; note pages only their own.
    let graph = graph::build(&archive, rendered.iter().map(|r| r.refs.as_slice()));
    lap("ref graph", &mut timings);

    // The search index, from the text the markdown pass collected; its hash goes into
    // every page (`site.assets.search_index`), so it is written before the pages.
    let search_docs: Vec<search::Doc> = archive
        .listed
        .iter()
        .map(|&i| search_doc(&archive, i, &rendered[i]))
        .collect();
    let index = search::build(&search_docs);
    drop(search_docs);
    index
        .files
        .par_iter()
        .try_for_each(|(path, bytes)| out.write(path, bytes))?;
    asset_urls.insert("search_index".into(), index.meta_url(&base_path));
    lap("search", &mut timings);
    let summaries: Vec<String> = rendered.iter().map(|r| r.summary.clone()).collect();
    let renderer = Renderer::new(
        &theme, &config, &archive, &graph, &summaries, &base_path, asset_urls,
    );

    let note_results: Vec<Result<usize, Diagnostic>> = rendered
        .par_iter()
        .enumerate()
        .map(|(i, md)| {
            let page = renderer.note_page(i, md)?;
            write_page(&out, &page)
        })
        .collect();
    drop(rendered);
    lap("note pages", &mut timings);

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

    let mut pages = assets.len() + index.files.len();
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
        sections: &md.sections,
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
