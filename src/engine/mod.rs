//! The pipeline, wired once: config → load → infer → archive → markdown → graph → render
//! → search → write.
//!
//! `build` runs every stage over the whole archive and writes the site; `serve` (through
//! `site`) keeps each stage's result in memory and runs a stage again only for what a
//! change touched. Both reach the stages through this module alone: the settings of a
//! run ([`Setup`]), the theme's files ([`Assets`]), one note's Markdown pass
//! ([`MarkdownStage`]) and the links between notes ([`NoteLinks`]) are made here and
//! nowhere else, so a page cannot differ between `build` and `serve`
//! (`tests/build_serve.rs` compares every file of two archives).

mod links;
mod markdown;
pub mod outcomes;
mod search_docs;
mod setup;

pub use links::{anchors, attachment, people_urls, NoteLinks};
pub use markdown::MarkdownStage;
pub use search_docs::{item_docs, search_doc, ItemDoc};
pub(crate) use setup::read_config;
pub use setup::{archive_name, Assets, Fatal, Options, Setup};

use crate::archive::{self, Archive};
use crate::diag::Diagnostic;
use crate::infer;
use crate::load;
use crate::model::{Note, SourceFile};
use crate::search;
use rayon::prelude::*;

/// Infers every file's note, each with its own diagnostics.
pub fn infer_notes(files: &[SourceFile], cx: &infer::Context) -> Vec<(Note, Vec<Diagnostic>)> {
    files.par_iter().map(|f| infer::infer(f, cx)).collect()
}

/// Everything `list` and `check` need, and what `build` starts from: the run's settings,
/// the archive's indexes over every note, and the diagnostics so far.
pub struct Loaded {
    pub setup: Setup,
    pub archive: Archive,
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads the config, walks, reads and infers every note, and builds the indexes.
pub fn load(opts: &Options) -> Result<Loaded, Fatal> {
    load_with(Setup::open(opts)?)
}

/// [`load`] from settings already made.
pub fn load_with(setup: Setup) -> Result<Loaded, Fatal> {
    let loaded = load::load(&setup.walk());
    let mut diagnostics = loaded.diagnostics;
    let cx = setup.infer_context(loaded.files.iter().map(|f| f.rel.as_str()))?;
    let mut notes = Vec::with_capacity(loaded.files.len());
    for (note, diags) in infer_notes(&loaded.files, &cx) {
        notes.push(note);
        diagnostics.extend(diags);
    }
    drop(cx);
    let (archive, archive_diags) = archive::build(notes, &setup.config);
    diagnostics.extend(archive_diags);
    Ok(Loaded {
        setup,
        archive,
        diagnostics,
    })
}

/// What GitHub says of every issue in `graph`: from the cache, and from GitHub when the
/// options carry a token and `[github] fetch` is on (see `github::fetch`, which bounds
/// the time it may take). Nothing is asked when references are skipped.
pub fn github_meta(
    setup: &Setup,
    graph: &crate::graph::Graph,
) -> (
    std::collections::BTreeMap<crate::github::Key, crate::github::Meta>,
    Vec<Diagnostic>,
) {
    if setup.opts.skip_refs || graph.issues.is_empty() {
        return Default::default();
    }
    let settings = crate::github::Settings::new(
        &setup.root,
        &setup.config.github,
        setup.opts.github_token.clone(),
    );
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    crate::github::fetch(&graph.github_keys(), &settings, now)
}

/// What the search index says of each referenced issue when a query names it: the title
/// GitHub gives (else the notes' commonest wording), its state, how many meetings discussed
/// it and its page.
pub fn ref_hints(graph: &crate::graph::Graph) -> Vec<search::RefHint> {
    graph
        .issues
        .iter()
        .map(|i| search::RefHint {
            owner: i.owner.clone(),
            repo: i.repo.clone(),
            number: i.number,
            title: i
                .github
                .as_ref()
                .map(|g| g.title.clone())
                .or_else(|| i.title.as_deref().map(str::to_string)),
            state: i.github.as_ref().map(|g| g.state.as_str()),
            meetings: i.mentions.len() as u32,
            url: crate::views::issue_path(&i.owner, &i.repo, i.number),
        })
        .collect()
}
