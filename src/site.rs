//! The site kept in memory for `serve`: every stage's result up to the reference graph,
//! updated in place when files change, and pages rendered when they are asked for.
//!
//! Why pages are not written: every page of the default theme shows the number of
//! meetings in its footer, so creating or deleting one note changes every page (92,000 at
//! 10,000 notes, half a minute to write). Rendering a page when the browser asks for it
//! costs a millisecond and is never stale: there is no page cache to invalidate. What is
//! kept is what is expensive and per note (each note's Markdown result) or needed by
//! every page (the archive's indexes, the reference graph), and those are updated by
//! change: a note whose metadata did not change is swapped in place; otherwise the
//! archive and the graph are rebuilt from the notes in memory (no file is read again).

use crate::archive::{self, Archive};
use crate::config;
use crate::diag::Diagnostic;
use crate::engine::{self, Assets, Fatal, MarkdownStage, NoteLinks, Options, Setup};
use crate::graph::{self, Graph};
use crate::ids::NoteId;
use crate::infer;
use crate::load;
use crate::excerpts;
use crate::markdown::{RefHit, Rendered, SummaryLines};
use crate::model::{Attendee, Note, SourceFile};
use crate::refs::Target;
use crate::render::{Page, Renderer};
use crate::search;
use crate::theme::Theme;
use chrono::NaiveDate;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::BuildHasher;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One note file as last read.
#[derive(Debug, Clone)]
struct FileState {
    /// Hash of the decoded text: a save that changes nothing rebuilds nothing.
    hash: u64,
    /// Path relative to the content folder (what `infer::slug_folders` reads).
    rel: String,
}

/// What one call to [`Site::apply`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rebuilt {
    /// URL paths of the notes that changed, were added or removed; `["*"]` when the
    /// theme or the config changed, or everything was reloaded.
    pub paths: Vec<String>,
    /// Note pages not in `paths` may have changed too: the archive or the reference graph
    /// was rebuilt (a note was added or removed, its metadata or the targets it references
    /// changed). Index pages may change on any rebuild.
    pub indexes: bool,
    /// The diagnostics of the files read again.
    pub diagnostics: Vec<Diagnostic>,
}

enum Route {
    Note(NoteId),
    Page(Page),
    Asset(String),
}

pub struct Site {
    setup: Setup,
    /// The notes are `.txt` files (a folder without Markdown).
    txt_mode: bool,
    theme: Theme,
    assets: Assets,
    base_path: String,
    stage: MarkdownStage,
    files: BTreeMap<String, FileState>,
    slug_folders: HashSet<String>,
    archive: Archive,
    /// Each note's Markdown result, in `archive.notes` order.
    rendered: Vec<Arc<Rendered>>,
    summaries: Vec<String>,
    graph: Graph,
    /// Decisions and action items across the notes, followed from meeting to meeting.
    ledger: crate::outcomes::Ledger,
    /// `@handle` → the person's page, as the Markdown pass links it.
    people: HashMap<String, String>,
    by_source: HashMap<String, NoteId>,
    /// Load and infer diagnostics, by note source.
    file_diags: BTreeMap<String, Vec<Diagnostic>>,
    /// Markup each note's page will not carry, by note source, from its Markdown pass.
    markup_diags: HashMap<String, Vec<Diagnostic>>,
    /// The config's own diagnostics (bad globs) and the walk's.
    global_diags: Vec<Diagnostic>,
    /// What GitHub said of the referenced issues, asked once when the site loads (as a
    /// build asks once): an edit that references a new issue shows it without, until the
    /// next start.
    github: BTreeMap<crate::github::Key, crate::github::Meta>,
    archive_diags: Vec<Diagnostic>,
    /// Why the last theme or config change could not be applied (the site keeps the
    /// previous one).
    pending: Option<Diagnostic>,
    /// Site path (`core/2022/x/index.html`) → what renders it; rebuilt on the first
    /// request after the archive or the graph changed.
    routes: Option<HashMap<String, Route>>,
    search: HashMap<String, Vec<u8>>,
}

fn text_hash(text: &str) -> u64 {
    foldhash::quality::FixedState::with_seed(0x6d696e75746573).hash_one(text)
}

/// What of a note the archive's indexes are built from: everything but the fields
/// `archive::build` does not read (the body, title, time of day, extra front-matter keys
/// and the body's first line; `the_archive_ignores_what_archive_key_leaves_out` checks
/// it). Through `Debug`, so a field added to `Note` counts until it is known not to.
fn archive_key(n: &Note) -> String {
    let mut m = n.clone();
    m.body = String::new();
    m.title.value = String::new();
    m.time = None;
    m.extra = Default::default();
    m.body_line = 0;
    format!("{m:?}")
}

/// Markdown results rendered ahead of [`Site::apply_prepared`]: by source, the body and
/// repository they were rendered from, the result, and whether it is independent of the
/// archive (the note links to no note or file of it).
#[derive(Default)]
pub struct Prepared {
    rendered: HashMap<String, (String, Option<String>, Fresh)>,
}

/// What a batch of changed paths means for the site ([`Site::classify`]).
#[derive(Default)]
struct Changes {
    config: bool,
    theme: bool,
    /// Walk the content folder again.
    rescan: bool,
    to_read: BTreeSet<PathBuf>,
    /// Sources of notes gone.
    removed: BTreeSet<String>,
}

/// The changed files read again ([`Site::read_changed`]).
#[derive(Default)]
struct Read {
    files: Vec<SourceFile>,
    /// Each file's load diagnostics, by source.
    diagnostics: BTreeMap<String, Vec<Diagnostic>>,
    /// A file name appeared (a note created or renamed).
    new_names: bool,
}

/// One note's Markdown pass: its result, the markup its page will not carry, and whether
/// it links to no note or file of the archive.
struct Fresh {
    md: Rendered,
    markup: Vec<Diagnostic>,
    independent: bool,
}

impl Site {
    /// Loads the whole archive, as `build` does, without writing anything.
    pub fn load(opts: &Options) -> Result<Site, Fatal> {
        let mut opts = opts.clone();
        opts.root = opts
            .root
            .canonicalize()
            .map_err(|_| Fatal::NoArchive(opts.root.clone()))?;
        let setup = Setup::open(&opts)?;
        let theme = setup.theme()?;
        let assets = setup.assets(&theme)?;
        let walk = setup.walk();
        let (paths, global_diags) = load::find_notes(&walk);
        let txt_mode = paths.first().is_some_and(|p| !load::is_markdown(p));
        let read: Vec<_> = paths
            .par_iter()
            .map(|p| load::read_note(&walk, p))
            .collect();
        drop(walk);
        let mut site = Site {
            stage: MarkdownStage::new(&setup.config, opts.skip_refs),
            base_path: setup.base_path(),
            setup,
            txt_mode,
            theme,
            assets,
            files: BTreeMap::new(),
            slug_folders: HashSet::new(),
            archive: Archive::default(),
            rendered: Vec::new(),
            summaries: Vec::new(),
            graph: Graph::default(),
            ledger: Default::default(),
            people: HashMap::new(),
            by_source: HashMap::new(),
            file_diags: BTreeMap::new(),
            markup_diags: HashMap::new(),
            global_diags,
            github: BTreeMap::new(),
            archive_diags: Vec::new(),
            pending: None,
            routes: None,
            search: HashMap::new(),
        };
        let mut files = Vec::new();
        for (file, diags) in read {
            if let Some(d) = diags.first() {
                site.file_diags.insert(d.path.clone(), diags);
            }
            files.extend(file);
        }
        for f in &files {
            site.files.insert(
                f.source.clone(),
                FileState {
                    hash: text_hash(&f.text),
                    rel: f.rel.clone(),
                },
            );
        }
        site.slug_folders = infer::slug_folders(site.files.values().map(|f| f.rel.as_str()));
        let notes = site.infer(&files)?;
        drop(files);
        site.rebuild_archive(notes, HashMap::new());
        site.rebuild_graph();
        let (github, asked) = engine::github_meta(&site.setup, &site.graph);
        site.github = github;
        site.global_diags.extend(asked);
        site.graph.apply_github(&site.github);
        Ok(site)
    }

    #[cfg(any(test, feature = "internals"))] // for tests and benchmarks only
    pub fn root(&self) -> &Path {
        &self.setup.root
    }

    #[cfg(any(test, feature = "internals"))] // for tests and benchmarks only
    pub fn content(&self) -> &Path {
        &self.setup.content
    }

    #[cfg(any(test, feature = "internals"))] // for tests and benchmarks only
    pub fn output(&self) -> &Path {
        &self.setup.output
    }

    /// The archive's notes, in order (newest first), with their page URLs.
    pub(crate) fn archive(&self) -> &Archive {
        &self.archive
    }

    pub fn notes(&self) -> usize {
        self.archive.notes.len()
    }

    /// The inference context of this archive as it is now.
    fn infer_context(&self) -> Result<infer::Context<'_>, Fatal> {
        self.setup
            .infer_context(self.files.values().map(|f| f.rel.as_str()))
    }

    /// The links of `linking` (the notes about to be rendered) resolved against the
    /// archive as it is now.
    fn note_links<'s>(&'s self, linking: &[&'s Note]) -> NoteLinks<'s> {
        NoteLinks::find(
            &self.setup.root,
            &self.setup.content,
            &self.archive,
            linking
                .par_iter()
                .map(|n| (n.source.as_str(), n.body.as_str())),
            &self.base_path,
        )
    }

    /// A note's Markdown rendered on its own (linking only itself among the notes), and
    /// whether its links resolve to nothing in the archive, so the result stays right
    /// wherever the note moves in the indexes.
    fn render_alone(&self, n: &Note) -> Fresh {
        let links = self.note_links(&[n]);
        let independent = links.rewriter.notes.is_empty() && links.rewriter.files.is_empty();
        let (md, markup) = self.stage.render(n, &n.body, &self.people, &links.rewriter);
        Fresh {
            md,
            markup,
            independent,
        }
    }

    /// Infers notes, recording each file's diagnostics.
    fn infer(&mut self, files: &[SourceFile]) -> Result<Vec<Note>, Fatal> {
        let inferred = engine::infer_notes(files, &self.infer_context()?);
        let mut notes = Vec::with_capacity(inferred.len());
        for (note, diags) in inferred {
            if !diags.is_empty() {
                self.file_diags
                    .entry(note.source.clone())
                    .or_default()
                    .extend(diags);
            }
            notes.push(note);
        }
        Ok(notes)
    }

    /// Records a fresh Markdown result's diagnostics for note `source`.
    fn set_markup_diags(&mut self, source: &str, markup: Vec<Diagnostic>) {
        if markup.is_empty() {
            self.markup_diags.remove(source);
        } else {
            self.markup_diags.insert(source.to_string(), markup);
        }
    }

    /// Rebuilds the archive from `notes`, reusing the Markdown results in `md` (by
    /// source) and rendering the rest, and the lookup tables; not the graph.
    fn rebuild_archive(&mut self, notes: Vec<Note>, mut md: HashMap<String, Arc<Rendered>>) {
        let (archive, diags) = archive::build(notes, &self.setup.config);
        // Freeing 10,000 notes' indexes takes milliseconds the reload need not wait for.
        let old = std::mem::replace(&mut self.archive, archive);
        rayon::spawn(move || drop(old));
        self.archive_diags = diags;
        let people = engine::people_urls(&self.archive, &self.base_path);
        // `@user` links point to a person's page when there is one: a new or gone page
        // changes the HTML of every note that mentions them.
        let moved: HashSet<&str> = people
            .iter()
            .filter(|(h, url)| self.people.get(*h) != Some(url))
            .map(|(h, _)| h.as_str())
            .chain(
                self.people
                    .keys()
                    .filter(|h| !people.contains_key(*h))
                    .map(String::as_str),
            )
            .collect();
        if !moved.is_empty() {
            md.retain(|_, r| {
                !r.refs
                    .iter()
                    .any(|h| matches!(&h.target, Target::User(u) if moved.contains(&**u)))
            });
        }
        self.people = people;
        let linking: Vec<&Note> = self
            .archive
            .notes
            .iter()
            .filter(|n| !md.contains_key(&n.source))
            .collect();
        let links = self.note_links(&linking);
        drop(linking);
        let results: Vec<(Arc<Rendered>, Option<Vec<Diagnostic>>)> = self
            .archive
            .notes
            .par_iter()
            .map(|n| match md.get(&n.source) {
                Some(r) => (r.clone(), None),
                None => {
                    let (r, markup) = self.stage.render(n, &n.body, &self.people, &links.rewriter);
                    (Arc::new(r), Some(markup))
                }
            })
            .collect();
        drop(links);
        let mut rendered = Vec::with_capacity(results.len());
        for (i, (r, markup)) in results.into_iter().enumerate() {
            if let Some(markup) = markup {
                let source = self.archive.notes[i].source.clone();
                self.set_markup_diags(&source, markup);
            }
            rendered.push(r);
        }
        self.rendered = rendered;
        self.by_source = self
            .archive
            .notes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.source.clone(), NoteId::new(i)))
            .collect();
        self.choose_summaries();
        self.rebuild_ledger();
    }

    fn rebuild_ledger(&mut self) {
        let outcomes = self.rendered.iter().map(|r| r.outcomes.clone()).collect();
        self.ledger = crate::engine::outcomes::ledger(&self.archive, outcomes);
    }

    /// Each note's summary, chosen over all notes (a line a team's notes repeat is not
    /// one: `excerpts`), as `build` chooses them. Returns the notes whose summary changed.
    fn choose_summaries(&mut self) -> Vec<NoteId> {
        let lines: Vec<&SummaryLines> = self.rendered.iter().map(|r| &r.summary_lines).collect();
        let new = excerpts::summaries(&self.archive.notes, &lines);
        let changed = NoteId::all(new.len())
            .filter(|&i| self.summaries.get(i.index()) != Some(&new[i.index()]))
            .collect();
        self.summaries = new;
        changed
    }

    /// Drops the map of site paths to pages (92,000 entries at 10,000 notes) on another
    /// thread: the next request builds a new one, and the reload need not wait.
    fn forget_routes(&mut self) {
        if let Some(routes) = self.routes.take() {
            rayon::spawn(move || drop(routes));
        }
    }

    fn rebuild_graph(&mut self) {
        self.graph = graph::build(
            &self.archive,
            self.rendered.iter().map(|r| r.refs.as_slice()),
        );
        self.graph.apply_github(&self.github);
        self.forget_routes();
    }

    /// Updates note `i`'s places in the graph when it still references the same targets
    /// and only the sentences around them (or their anchors) changed: the usual edit of a
    /// note that mentions issues. Which issues, repositories and people the graph holds,
    /// and in what order, depends only on which notes reference what, so it stays. Returns
    /// `false` when the targets changed (the graph must be rebuilt). An issue's title follows
    /// the note's new wording of it.
    fn patch_graph(&mut self, i: NoteId, old: &[RefHit], new: &[RefHit]) -> bool {
        fn targets(hits: &[RefHit]) -> BTreeSet<&Target> {
            hits.iter().map(|h| &h.target).collect()
        }
        if targets(old) != targets(new) {
            return false;
        }
        // The note's own mentions, grouped exactly as the whole graph groups them.
        let none: &[RefHit] = &[];
        let own = graph::build(
            &self.archive,
            NoteId::all(self.archive.notes.len()).map(|j| if j == i { new } else { none }),
        );
        for issue in own.issues {
            let key = (issue.owner.as_str(), issue.repo.as_str(), issue.number);
            let Ok(k) = self
                .graph
                .issues
                .binary_search_by(|x| (x.owner.as_str(), x.repo.as_str(), x.number).cmp(&key))
            else {
                return false;
            };
            let Some(m) = self.graph.issues[k]
                .mentions
                .iter_mut()
                .find(|m| m.note == i)
            else {
                return false;
            };
            let Some(mine) = issue.mentions.into_iter().next() else {
                return false;
            };
            m.spots = mine.spots;
            // The issue's title is chosen across notes: a new wording may change it.
            if m.title != mine.title {
                m.title = mine.title;
                let issue = &mut self.graph.issues[k];
                issue.title = graph::commonest_title(&issue.mentions);
            }
        }
        true
    }

    /// Whether `path` (under the content folder) is a note file of this archive.
    fn is_note(&self, path: &Path) -> bool {
        if self.txt_mode {
            load::is_plain_text_note(path)
        } else {
            load::is_markdown(path)
        }
    }

    /// The Markdown results of the changed notes among `paths`, rendered from the site as
    /// it is: what an edit costs most (a 10 MB note takes seconds), done through a shared
    /// reference so that `serve` can answer requests from the current site meanwhile and
    /// [`Site::apply_prepared`] then only swaps the results in. A result is used only
    /// when the note `apply` infers has the same body and repository, and its links
    /// resolve alike (its place in the indexes is unchanged, or it links to nothing in
    /// the archive); anything else renders again.
    pub fn prepare(&self, paths: &[PathBuf]) -> Prepared {
        let walk = self.setup.walk();
        let Ok(cx) = self.infer_context() else {
            return Prepared::default();
        };
        let notes: Vec<Note> = paths
            .iter()
            .filter(|p| p.starts_with(&self.setup.content) && p.is_file() && self.is_note(p))
            .filter_map(|p| load::read_note(&walk, p).0)
            .filter(|f| {
                self.files
                    .get(&f.source)
                    .is_none_or(|s| s.hash != text_hash(&f.text))
            })
            .map(|f| infer::infer(&f, &cx).0)
            .filter(|n| self.by_source.contains_key(&n.source))
            .collect();
        let rendered = notes
            .into_par_iter()
            .map(|n| {
                let fresh = self.render_alone(&n);
                let repo = n.repo().map(str::to_string);
                (n.source.clone(), (n.body, repo, fresh))
            })
            .collect();
        Prepared { rendered }
    }

    /// Brings the site up to date with changed paths (files or folders, created, changed
    /// or gone; absolute, as the watcher reports them). `rescan` walks the content folder
    /// again (the watcher lost events). Returns `None` when nothing that the site is made
    /// of changed (an editor's temporary file, a save without changes).
    #[cfg(any(test, feature = "internals"))] // for tests and benchmarks only
    pub fn apply(&mut self, paths: &[PathBuf], rescan: bool) -> Option<Rebuilt> {
        self.apply_prepared(paths, rescan, Prepared::default())
    }

    /// [`Site::apply`], using the results of [`Site::prepare`] where they still hold.
    pub fn apply_prepared(
        &mut self,
        paths: &[PathBuf],
        rescan: bool,
        prepared: Prepared,
    ) -> Option<Rebuilt> {
        let mut changes = self.classify(paths, rescan);
        if changes.config || (changes.rescan && !self.rescan(&mut changes)) {
            return Some(self.reload());
        }
        let mut rebuilt = Rebuilt::default();
        if changes.theme {
            self.reload_theme();
            rebuilt.paths.push("*".into());
        }
        let read = self.read_changed(&mut changes);
        if read.files.is_empty() && changes.removed.is_empty() {
            return (!rebuilt.paths.is_empty()).then_some(rebuilt);
        }
        // Which folders count as "slug folders" depends on every file name in them; when
        // that changes, other notes' teams may change: infer everything again. Edits that
        // add or remove no file name cannot change it.
        if read.new_names || !changes.removed.is_empty() {
            let slug_folders = infer::slug_folders(self.files.values().map(|f| f.rel.as_str()));
            if slug_folders != self.slug_folders {
                return Some(self.reload());
            }
        }
        let changed_sources: Vec<String> = read.diagnostics.keys().cloned().collect();
        for (source, diags) in read.diagnostics {
            if diags.is_empty() {
                self.file_diags.remove(&source);
            } else {
                self.file_diags.insert(source, diags);
            }
        }
        let notes = match self.infer(&read.files) {
            Ok(notes) => notes,
            // The config was checked when it was loaded; it cannot fail here.
            Err(e) => {
                self.pending = Some(e.into_diagnostic());
                return Some(rebuilt);
            }
        };
        drop(read.files);
        let removed = changes.removed;
        for source in &removed {
            if let Some(&i) = self.by_source.get(source) {
                rebuilt
                    .paths
                    .push(format!("{}{}", self.base_path, self.archive.urls[i]));
            }
        }
        let in_place = removed.is_empty()
            && notes.iter().all(|n| {
                let kept = self.setup.config.drafts || !n.draft;
                kept && self
                    .by_source
                    .get(&n.source)
                    .is_some_and(|&i| archive_key(&self.archive.notes[i]) == archive_key(n))
            });
        if in_place {
            self.swap_in_place(notes, prepared, &mut rebuilt);
        } else {
            self.rebuild_with(notes, &removed, prepared, &mut rebuilt);
        }
        rebuilt.paths.sort();
        rebuilt.paths.dedup();
        rebuilt.diagnostics = changed_sources
            .iter()
            .flat_map(|s| {
                let markup = self.markup_diags.get(s).into_iter().flatten();
                self.file_diags.get(s).into_iter().flatten().chain(markup)
            })
            .cloned()
            .collect();
        Some(rebuilt)
    }

    /// What each changed path means: the config, the theme, a note to read again, a
    /// note gone, or a folder that needs a walk.
    fn classify(&self, paths: &[PathBuf], rescan: bool) -> Changes {
        let mut changes = Changes {
            rescan,
            ..Changes::default()
        };
        let (root, content, output) = (&self.setup.root, &self.setup.content, &self.setup.output);
        let themes = root.join("themes");
        for p in paths {
            if p == &root.join(config::FILE_NAME) {
                changes.config = true;
            } else if p.starts_with(&themes) {
                changes.theme = true;
            } else if p.starts_with(output) {
                continue;
            } else if p == content || p == root {
                changes.rescan = true;
            } else if let Ok(rel) = p.strip_prefix(content) {
                let skipped = rel.components().any(|c| {
                    let name = c.as_os_str().to_string_lossy();
                    name.starts_with('.') || name == "node_modules" || name == "target"
                });
                if skipped {
                    continue;
                }
                if p.is_dir() {
                    changes.rescan = true;
                } else if p.is_file() {
                    if self.is_note(p) {
                        changes.to_read.insert(p.clone());
                    } else if self.txt_mode && load::is_markdown(p) {
                        // The first Markdown file in a `.txt` archive: notes are now
                        // the Markdown files.
                        changes.config = true;
                    }
                } else {
                    let source = load::relative(root, p);
                    if self.files.contains_key(&source) {
                        changes.removed.insert(source);
                    } else {
                        let folder = format!("{source}/");
                        if self.files.keys().any(|s| s.starts_with(&folder)) {
                            changes.rescan = true;
                        }
                    }
                }
            }
        }
        changes
    }

    /// Walks the content folder again: new files are to be read, files no longer found
    /// are gone. `false` when everything must be reloaded (the archive's notes changed
    /// from `.txt` to Markdown or back).
    fn rescan(&self, changes: &mut Changes) -> bool {
        let (found, _) = load::find_notes(&self.setup.walk());
        if found
            .first()
            .is_some_and(|p| load::is_markdown(p) == self.txt_mode)
        {
            return false;
        }
        let found: BTreeMap<String, PathBuf> = found
            .into_iter()
            .map(|p| (load::relative(&self.setup.root, &p), p))
            .collect();
        for (source, path) in &found {
            if !self.files.contains_key(source) {
                changes.to_read.insert(path.clone());
            }
        }
        changes.removed.extend(
            self.files
                .keys()
                .filter(|s| !found.contains_key(*s))
                .cloned(),
        );
        true
    }

    /// Loads the theme again; on failure the site keeps the previous one and reports why.
    fn reload_theme(&mut self) {
        match self
            .setup
            .theme()
            .and_then(|theme| Ok((self.setup.assets(&theme)?, theme)))
        {
            Ok((assets, theme)) => {
                self.theme = theme;
                self.assets = assets;
                self.pending = None;
                self.forget_routes();
            }
            Err(e) => self.pending = Some(e.into_diagnostic()),
        }
    }

    /// Reads the files to read; a save that leaves the text as it was changes nothing.
    /// Forgets the removed files.
    fn read_changed(&mut self, changes: &mut Changes) -> Read {
        let walk = self.setup.walk();
        let results: Vec<_> = changes
            .to_read
            .par_iter()
            .map(|p| load::read_note(&walk, p))
            .collect();
        drop(walk);
        let mut read = Read::default();
        for ((file, diags), path) in results.into_iter().zip(&changes.to_read) {
            let source = load::relative(&self.setup.root, path);
            match file {
                Some(f) => {
                    let hash = text_hash(&f.text);
                    if self.files.get(&source).is_some_and(|s| s.hash == hash) {
                        continue;
                    }
                    read.new_names |= !self.files.contains_key(&source);
                    self.files.insert(
                        source.clone(),
                        FileState {
                            hash,
                            rel: f.rel.clone(),
                        },
                    );
                    read.diagnostics.insert(source, diags);
                    read.files.push(f);
                }
                // Gone between the event and the read.
                None if self.files.contains_key(&source) => {
                    changes.removed.insert(source);
                }
                None => {}
            }
        }
        for source in &changes.removed {
            self.files.remove(source);
            self.file_diags.remove(source);
            self.markup_diags.remove(source);
        }
        read
    }

    /// Changed notes that keep their place in every index: only the notes themselves and
    /// their results change (and the graph, when the targets they reference did).
    fn swap_in_place(&mut self, notes: Vec<Note>, mut prepared: Prepared, rebuilt: &mut Rebuilt) {
        let mut refs_changed = false;
        let mut outcomes_changed = false;
        for n in notes {
            let i = self.by_source[&n.source];
            let fresh = match prepared.rendered.remove(&n.source) {
                Some((body, repo, fresh)) if body == n.body && repo.as_deref() == n.repo() => fresh,
                _ => self.render_alone(&n),
            };
            self.set_markup_diags(&n.source, fresh.markup);
            let md = fresh.md;
            let old = self.rendered[i].clone();
            if md.refs != old.refs && !self.patch_graph(i, &old.refs, &md.refs) {
                refs_changed = true;
            }
            outcomes_changed |= md.outcomes != old.outcomes;
            self.rendered[i] = Arc::new(md);
            self.archive.notes[i] = n;
            // The neighbours' pages show its card.
            for j in [Some(i), self.archive.prev[i], self.archive.next[i]]
                .into_iter()
                .flatten()
            {
                rebuilt
                    .paths
                    .push(format!("{}{}", self.base_path, self.archive.urls[j]));
            }
        }
        // The edit may have made a line its team's template, or stopped it being one:
        // the notes whose summary changed, and their neighbours, show it.
        for i in self.choose_summaries() {
            for j in [Some(i), self.archive.prev[i], self.archive.next[i]]
                .into_iter()
                .flatten()
            {
                let path = format!("{}{}", self.base_path, self.archive.urls[j]);
                if !rebuilt.paths.contains(&path) {
                    rebuilt.paths.push(path);
                }
            }
        }
        if refs_changed {
            self.rebuild_graph();
            rebuilt.indexes = true;
        }
        // The decisions and action items pages list every note's.
        if outcomes_changed {
            self.rebuild_ledger();
            self.forget_routes();
            rebuilt.indexes = true;
        }
    }

    /// Changed notes that move in the indexes, and removed ones: the archive is rebuilt
    /// from the notes in memory, keeping every Markdown result that still holds, and the
    /// graph too unless the notes' order and dates stayed.
    fn rebuild_with(
        &mut self,
        notes: Vec<Note>,
        removed: &BTreeSet<String>,
        mut prepared: Prepared,
        rebuilt: &mut Rebuilt,
    ) {
        let gone: HashSet<&str> = removed
            .iter()
            .map(String::as_str)
            .chain(notes.iter().map(|n| n.source.as_str()))
            .collect();
        let order = |a: &Archive| -> Vec<(String, Option<NaiveDate>)> {
            a.notes
                .iter()
                .map(|n| (n.source.clone(), n.date.as_ref().map(|d| d.value)))
                .collect()
        };
        let before = order(&self.archive);
        let mut all = std::mem::take(&mut self.archive.notes);
        let mut md: HashMap<String, Arc<Rendered>> = all
            .iter()
            .zip(std::mem::take(&mut self.rendered))
            .map(|(n, r)| (n.source.clone(), r))
            .collect();
        let old_md: HashMap<String, Arc<Rendered>> = gone
            .iter()
            .filter_map(|s| Some((s.to_string(), md.remove(*s)?)))
            .collect();
        all.retain(|n| !gone.contains(n.source.as_str()));
        let sources: Vec<String> = notes.iter().map(|n| n.source.clone()).collect();
        // A result prepared without links into the archive holds wherever the note
        // moves; `rebuild_archive` drops it, like any kept one, if a person it
        // mentions gained or lost a page.
        for n in &notes {
            if let Some((body, repo, fresh)) = prepared.rendered.remove(&n.source) {
                if fresh.independent && body == n.body && repo.as_deref() == n.repo() {
                    md.insert(n.source.clone(), Arc::new(fresh.md));
                    self.set_markup_diags(&n.source, fresh.markup);
                }
            }
        }
        all.extend(notes);
        self.rebuild_archive(all, md);
        // The graph depends on the archive only through the notes' order and dates:
        // when those stayed (a title, topic or attendee changed), only the changed
        // notes' own references can have moved it.
        let mut graph_stale = before.len() != self.archive.notes.len()
            || before
                .iter()
                .zip(&self.archive.notes)
                .any(|((source, date), n)| {
                    *source != n.source || *date != n.date.as_ref().map(|d| d.value)
                });
        for s in &sources {
            if graph_stale {
                break;
            }
            let (Some(&i), Some(old)) = (self.by_source.get(s), old_md.get(s)) else {
                graph_stale = true;
                break;
            };
            let new = self.rendered[i].clone();
            graph_stale = new.refs != old.refs && !self.patch_graph(i, &old.refs, &new.refs);
        }
        if graph_stale {
            self.rebuild_graph();
        } else {
            self.forget_routes();
        }
        for s in sources {
            if let Some(&i) = self.by_source.get(&s) {
                rebuilt
                    .paths
                    .push(format!("{}{}", self.base_path, self.archive.urls[i]));
            }
        }
        rebuilt.indexes = true;
    }

    /// Loads everything again (the config changed); on failure the site stays as it was
    /// and the reason is reported by [`Site::errors`].
    fn reload(&mut self) -> Rebuilt {
        match Site::load(&self.setup.opts) {
            Ok(site) => {
                // The old index serves until the search thread has built the new one.
                let search = std::mem::take(&mut self.search);
                *self = site;
                self.search = search;
            }
            Err(e) => self.pending = Some(e.into_diagnostic()),
        }
        Rebuilt {
            paths: vec!["*".into()],
            indexes: true,
            diagnostics: self.diagnostics(),
        }
    }

    /// Every error the site has now: notes, config, theme.
    pub fn errors(&self) -> Vec<Diagnostic> {
        let mut v = self.diagnostics();
        v.retain(Diagnostic::is_error);
        v
    }

    /// Every diagnostic, warnings included, sorted.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let mut v: Vec<Diagnostic> = self
            .global_diags
            .iter()
            .chain(self.file_diags.values().flatten())
            .chain(self.markup_diags.values().flatten())
            .chain(&self.archive_diags)
            .chain(&self.pending)
            .cloned()
            .collect();
        v.sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
        v.dedup();
        v
    }

    fn renderer(&self) -> Renderer<'_> {
        Renderer::new(
            &self.theme,
            &self.setup.config,
            &self.archive,
            &self.graph,
            &self.summaries,
            &self.base_path,
            self.assets.urls.clone(),
        )
        .with_outcomes(&self.ledger)
    }

    fn routes(&mut self) -> &HashMap<String, Route> {
        if self.routes.is_none() {
            let r = self.renderer();
            let mut routes = HashMap::new();
            for (i, url) in self.archive.urls.iter().enumerate() {
                routes.insert(format!("{url}index.html"), Route::Note(NoteId::new(i)));
            }
            // 92,000 paths at 10,000 notes: formatted on both cores.
            let jobs: Vec<(String, Page)> = r
                .pages()
                .into_par_iter()
                .map(|job| (r.path(&job), job))
                .collect();
            routes.extend(jobs.into_iter().map(|(path, job)| (path, Route::Page(job))));
            for name in self.assets.files.keys() {
                routes.insert(format!("assets/{name}"), Route::Asset(name.clone()));
            }
            self.routes = Some(routes);
        }
        self.routes.get_or_insert_with(HashMap::new)
    }

    /// Whether `path` (inside the site) is a note's page.
    #[cfg(any(test, feature = "internals"))] // for tests and benchmarks only
    pub fn is_note_page(&mut self, path: &str) -> bool {
        matches!(self.routes().get(path), Some(Route::Note(_)))
    }

    /// Whether `path` (inside the site, `core/x/index.html`) is a page or file of it.
    #[cfg(any(test, feature = "internals"))] // for tests and benchmarks only
    pub fn has(&mut self, path: &str) -> bool {
        self.search.contains_key(path) || self.routes().contains_key(path)
    }

    /// Makes the table of paths that [`Site::get_shared`] looks pages up in.
    pub fn prepare_routes(&mut self) {
        self.routes();
    }

    /// [`Site::get`] through a shared reference, for the requests `serve` answers while a
    /// batch is being prepared; `None` also when the routes are not made yet.
    pub fn get_shared(&self, path: &str) -> Option<Result<Vec<u8>, Diagnostic>> {
        if let Some(bytes) = self.search.get(path) {
            return Some(Ok(bytes.clone()));
        }
        let Some(route) = self.routes.as_ref()?.get(path) else {
            return engine::attachment(&self.setup.content, path).map(Ok);
        };
        Some(match route {
            Route::Asset(name) => Ok(self.assets.files[name].clone()),
            Route::Note(i) => self
                .renderer()
                .note_page(*i, &self.rendered[*i])
                .map(|p| p.bytes),
            Route::Page(job) => self.renderer().render(job).map(|p| p.bytes),
        })
    }

    /// Whether `path` is a note's page, through a shared reference (see `get_shared`).
    pub fn is_note_page_shared(&self, path: &str) -> bool {
        self.routes
            .as_ref()
            .is_some_and(|r| matches!(r.get(path), Some(Route::Note(_))))
    }

    /// Whether `path` is a page or file of the site, through a shared reference.
    pub fn has_shared(&self, path: &str) -> bool {
        self.search.contains_key(path) || self.routes.as_ref().is_some_and(|r| r.contains_key(path))
    }

    /// The bytes of the site's file at `path` (inside the site, `core/x/index.html`):
    /// `None` if there is none, an error if its template fails.
    pub fn get(&mut self, path: &str) -> Option<Result<Vec<u8>, Diagnostic>> {
        self.routes();
        self.get_shared(path)
    }

    /// The site's 404 page.
    pub fn not_found(&self) -> Result<Vec<u8>, Diagnostic> {
        self.renderer().render(&Page::NotFound).map(|p| p.bytes)
    }

    /// What the search index needs, owned, so it can be built on another thread while the
    /// site changes.
    pub fn search_input(&self) -> SearchInput {
        let a = &self.archive;
        let mut extras = crate::titles::extras(a);
        let items = engine::item_docs(a, &self.ledger, &extras);
        let docs = a
            .listed
            .iter()
            .map(|&i| {
                let n = &a.notes[i];
                SearchDoc {
                    url: a.urls[i].clone(),
                    title: n.title.value.clone(),
                    title_extra: extras[i.index()].take(),
                    summary: self.summaries.get(i.index()).cloned(),
                    team: n
                        .team
                        .as_ref()
                        .and_then(|t| a.team_by_id.get(&t.value))
                        .map(|&t| (a.teams[t].id.clone(), a.teams[t].name.clone())),
                    date: n.date.as_ref().map(|d| d.value),
                    topics: n.topics.clone(),
                    attendees: a.attendees[i.index()].clone(),
                    repo: n.repo().map(str::to_string),
                    md: self.rendered[i].clone(),
                }
            })
            .collect();
        SearchInput {
            docs,
            items,
            hints: engine::ref_hints(&self.graph),
            language: self.setup.config.language.clone(),
        }
    }

    /// Replaces the search index's files.
    pub fn set_search(&mut self, files: search::Files) {
        self.search = files.files.into_iter().collect();
    }
}

struct SearchDoc {
    url: String,
    title: String,
    title_extra: Option<String>,
    summary: Option<String>,
    team: Option<(String, String)>,
    date: Option<NaiveDate>,
    topics: Vec<String>,
    attendees: Vec<Attendee>,
    repo: Option<String>,
    md: Arc<Rendered>,
}

/// A snapshot of what the search index is built from.
pub struct SearchInput {
    docs: Vec<SearchDoc>,
    /// Decisions and action items, after the notes.
    items: Vec<engine::ItemDoc>,
    hints: Vec<search::RefHint>,
    /// The site's `language`, which decides the stemmer.
    language: String,
}

impl SearchInput {
    pub fn build(&self) -> search::Files {
        let docs: Vec<search::Doc> = self
            .docs
            .iter()
            .map(|d| search::Doc {
                url: &d.url,
                title: &d.title,
                title_extra: d.title_extra.as_deref(),
                summary: d.summary.as_deref(),
                team: d
                    .team
                    .as_ref()
                    .map(|(id, name)| (id.as_str(), name.as_str())),
                date: d.date,
                topics: &d.topics,
                attendees: &d.attendees,
                repo: d.repo.as_deref(),
                sections: search::Sections::Plain(&d.md.sections),
                ..Default::default()
            })
            .chain(self.items.iter().map(engine::ItemDoc::doc))
            .collect();
        search::build(&docs, &self.language, &self.hints)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn archive() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let c = dir.path().join("content");
        fs::create_dir_all(c.join("core/2023")).unwrap();
        fs::create_dir_all(c.join("web")).unwrap();
        fs::write(
            c.join("core/2023/2023-01-10--core-sync.md"),
            "# Core sync\n\nAttendees: @alice, @bob\n\nWe discussed o/r#12 and #13.\n",
        )
        .unwrap();
        fs::write(
            c.join("core/2023/2023-02-14--core-sync.md"),
            "---\ntags: [design]\nrepo: o/r\n---\n# Core sync\n\nMore on #12 with @alice.\n",
        )
        .unwrap();
        fs::write(
            c.join("web/2022-11-03--web-call.md"),
            "# Web call\n\n- Attendees: Carol\n\nNothing about issues.\n",
        )
        .unwrap();
        dir
    }

    fn load(dir: &Path) -> Site {
        Site::load(&Options {
            root: dir.to_path_buf(),
            drafts: true,
            ..Options::default()
        })
        .unwrap()
    }

    fn page(site: &mut Site, path: &str) -> String {
        String::from_utf8(site.get(path).expect(path).expect(path)).unwrap()
    }

    #[test]
    fn unsafe_markup_is_reported_and_left_out_of_served_pages_until_fixed() {
        let dir = archive();
        let file = dir.path().join("content/web/2022-11-03--web-call.md");
        fs::write(&file, "# Web call\n\n<img src=x onerror=alert(1)>\n").unwrap();
        let mut site = load(dir.path());
        let said: Vec<String> = site.diagnostics().iter().map(|d| d.to_string()).collect();
        assert!(
            said.contains(
                &"content/web/2022-11-03--web-call.md:3:12: warning: removed onerror attribute from <img>"
                    .to_string()
            ),
            "{said:?}"
        );
        let note = "web/2022-11-03--web-call/index.html";
        assert!(!page(&mut site, note).contains("onerror"));
        fs::write(&file, "# Web call\n\n<img src=x>\n").unwrap();
        site.apply(std::slice::from_ref(&file), false).unwrap();
        assert!(site
            .diagnostics()
            .iter()
            .all(|d| !d.message.contains("removed")));
    }

    #[test]
    fn job_paths_agree_with_the_rendered_pages() {
        let dir = archive();
        let site = load(dir.path());
        let r = site.renderer();
        let jobs = r.pages();
        assert!(jobs.iter().any(|j| matches!(j, Page::Issue { .. })));
        for job in &jobs {
            assert_eq!(r.path(job), r.render(job).unwrap().path, "{job:?}");
        }
    }

    /// Past the protocol's URLs per file, `sitemap.xml` becomes an index of parts that
    /// hold, in order, exactly the URLs the single file held.
    #[test]
    fn a_sitemap_with_too_many_urls_is_split_into_parts_under_an_index() {
        let dir = archive();
        let site = load(dir.path());
        let mut r = site.renderer();
        let locs = |xml: &str| -> Vec<String> {
            xml.split("<loc>")
                .skip(1)
                .map(|s| s.split("</loc>").next().unwrap().to_string())
                .collect()
        };
        let whole = String::from_utf8(r.render(&Page::Sitemap).unwrap().bytes).unwrap();
        let urls = locs(&whole);
        assert!(urls.len() > 7, "{urls:?}");
        assert!(r.pages().iter().all(|p| !matches!(p, Page::SitemapPart { .. })));

        r.sitemap_split = 3;
        let index = String::from_utf8(r.render(&Page::Sitemap).unwrap().bytes).unwrap();
        assert!(index.contains("<sitemapindex"), "{index}");
        let parts = urls.len().div_ceil(3);
        let expected: Vec<String> = (1..=parts).map(|n| format!("/sitemap{n}.xml")).collect();
        assert_eq!(locs(&index), expected);
        let pages: Vec<Page> = r
            .pages()
            .into_iter()
            .filter(|p| matches!(p, Page::SitemapPart { .. }))
            .collect();
        assert_eq!(pages.len(), parts);
        let mut joined = Vec::new();
        for p in &pages {
            let file = r.render(p).unwrap();
            assert_eq!(file.path, r.path(p));
            let xml = String::from_utf8(file.bytes).unwrap();
            assert!(xml.contains("<urlset"), "{xml}");
            let part = locs(&xml);
            assert!(!part.is_empty() && part.len() <= 3, "{part:?}");
            joined.extend(part);
        }
        assert_eq!(joined, urls);
        // A note cannot take a part's place.
        assert!(crate::archive::is_reserved("sitemap2.xml/"));
        assert!(!crate::archive::is_reserved("sitemaps/"));
    }

    /// The reserved URLs (`archive::is_reserved`) are checked against every path a build
    /// really renders, so a new kind of page cannot be overwritten by a note unnoticed.
    #[test]
    fn no_note_can_take_the_place_of_a_generated_page() {
        let dir = archive();
        let site = load(dir.path());
        let r = site.renderer();
        let mut paths: Vec<String> = r.pages().iter().map(|j| r.path(j)).collect();
        paths.extend(["assets/style.css".into(), "search/meta.json".into()]);
        for path in &paths {
            // A note whose page would be this file, or whose folder would be it.
            if let Some(dir) = path.strip_suffix(crate::archive::INDEX_FILE) {
                assert!(
                    dir.is_empty() || crate::archive::is_reserved(dir),
                    "{dir} is not reserved"
                );
            }
            let through = format!("{path}/");
            assert!(
                crate::archive::is_reserved(&through),
                "{through} is not reserved"
            );
        }
        assert!(paths.iter().any(|p| p.ends_with("/atom.xml")), "{paths:?}");
    }

    #[test]
    fn an_edit_changes_the_note_and_the_pages_that_show_it() {
        let dir = archive();
        let mut site = load(dir.path());
        let note = "core/2023/2023-02-14--core-sync/index.html";
        assert!(page(&mut site, note).contains("More on"));
        let file = site.content().join("core/2023/2023-02-14--core-sync.md");
        fs::write(
            &file,
            "---\ntags: [design]\nrepo: o/r\n---\n# Core sync\n\nZanzibar plans for #12 with @alice.\n",
        )
        .unwrap();
        let r = site.apply(std::slice::from_ref(&file), false).unwrap();
        // The note and its older neighbour, whose page links to it.
        assert_eq!(
            r.paths,
            vec![
                "/core/2023/2023-01-10--core-sync/",
                "/core/2023/2023-02-14--core-sync/"
            ]
        );
        assert!(!r.indexes, "only the body changed");
        assert!(page(&mut site, note).contains("Zanzibar"));
        assert!(page(&mut site, "teams/core/index.html").contains("Zanzibar"));
        assert!(page(&mut site, "archive/2023/02/index.html").contains("Zanzibar"));
        // Unchanged text: nothing to do.
        assert_eq!(site.apply(&[file], false), None);
    }

    #[test]
    fn a_prepared_render_is_used_only_for_the_text_it_was_made_from() {
        let dir = archive();
        let mut site = load(dir.path());
        let note = "core/2023/2023-02-14--core-sync/index.html";
        let file = site.content().join("core/2023/2023-02-14--core-sync.md");
        let edit = |text: &str| {
            fs::write(
                &file,
                format!("---\ntags: [design]\n---\n# Core sync\n\n{text}\n"),
            )
            .unwrap()
        };
        edit("Prepared text.");
        let mut prepared = site.prepare(std::slice::from_ref(&file));
        assert_eq!(
            prepared.rendered.len(),
            1,
            "the changed note, rendered ahead"
        );
        // Marked, to see that `apply_prepared` uses it rather than rendering again.
        for (_, _, fresh) in prepared.rendered.values_mut() {
            fresh.md.html = fresh
                .md
                .html
                .replace("Prepared text.", "Prepared text, ahead.");
        }
        site.apply_prepared(std::slice::from_ref(&file), false, prepared)
            .unwrap();
        assert!(page(&mut site, note).contains("Prepared text, ahead."));
        // A change that moves the note in the indexes (its tags) uses it too.
        fs::write(
            &file,
            "---\ntags: [moved]\n---\n# Core sync\n\nMoved text.\n",
        )
        .unwrap();
        let mut prepared = site.prepare(std::slice::from_ref(&file));
        for (_, _, fresh) in prepared.rendered.values_mut() {
            fresh.md.html = fresh.md.html.replace("Moved text.", "Moved text, ahead.");
        }
        let r = site
            .apply_prepared(std::slice::from_ref(&file), false, prepared)
            .unwrap();
        assert!(r.indexes, "the tags moved it");
        assert!(page(&mut site, note).contains("Moved text, ahead."));
        // Saved again between prepare and apply: the stale result is not used.
        edit("Second text.");
        let stale = site.prepare(std::slice::from_ref(&file));
        edit("Third text.");
        site.apply_prepared(std::slice::from_ref(&file), false, stale)
            .unwrap();
        let html = page(&mut site, note);
        assert!(html.contains("Third text.") && !html.contains("Second text."));
    }

    #[test]
    fn links_between_notes_go_to_their_pages_after_an_edit_too() {
        let dir = archive();
        let mut site = load(dir.path());
        let note = "core/2023/2023-02-14--core-sync/index.html";
        let file = site.content().join("core/2023/2023-02-14--core-sync.md");
        fs::write(
            &file,
            "# Core sync\n\nSee [the last one](2023-01-10--core-sync.md#top).\n",
        )
        .unwrap();
        site.apply(std::slice::from_ref(&file), false).unwrap();
        let html = page(&mut site, note);
        assert!(
            html.contains("href=\"/core/2023/2023-01-10--core-sync/#top\""),
            "{html}"
        );
    }

    #[test]
    fn images_beside_the_notes_are_linked_and_served() {
        let dir = archive();
        let mut site = load(dir.path());
        let note = "core/2023/2023-02-14--core-sync/index.html";
        let img = site.content().join("core/2023/chart.png");
        fs::write(&img, b"\x89PNG").unwrap();
        let file = site.content().join("core/2023/2023-02-14--core-sync.md");
        fs::write(&file, "# Core sync\n\n![Chart](chart.png)\n").unwrap();
        site.apply(std::slice::from_ref(&file), false).unwrap();
        let html = page(&mut site, note);
        assert!(html.contains("src=\"/core/2023/chart.png\""), "{html}");
        let served = site.get("core/2023/chart.png").expect("served").unwrap();
        assert_eq!(served, b"\x89PNG");
        assert!(site.get("core/2023/2023-02-14--core-sync.md").is_none());
    }

    #[test]
    fn a_changed_sentence_around_a_reference_reaches_the_issue_page() {
        let dir = archive();
        let mut site = load(dir.path());
        let issue = "refs/o/r/12.html";
        assert!(page(&mut site, issue).contains("We discussed"));
        let file = site.content().join("core/2023/2023-01-10--core-sync.md");
        fs::write(
            &file,
            "# Core sync\n\nAttendees: @alice, @bob\n\nWe argued over o/r#12 and #13.\n",
        )
        .unwrap();
        site.apply(std::slice::from_ref(&file), false).unwrap();
        assert!(page(&mut site, issue).contains("We argued over"));
        assert!(!page(&mut site, issue).contains("We discussed"));
        // A new target: the graph is rebuilt and the issue gets its page.
        fs::write(
            &file,
            "# Core sync\n\nAttendees: @alice, @bob\n\nWe argued over o/r#12, #13 and o/r#14.\n",
        )
        .unwrap();
        site.apply(&[file], false).unwrap();
        assert!(page(&mut site, "refs/o/r/14.html").contains("We argued over"));
    }

    #[test]
    fn a_metadata_change_with_a_new_reference_updates_the_graph() {
        let dir = archive();
        let mut site = load(dir.path());
        let file = site.content().join("core/2023/2023-02-14--core-sync.md");
        fs::write(
            &file,
            "---\ntags: [design]\nrepo: o/r\n---\n# Core planning\n\nMore on #12 and #77.\n",
        )
        .unwrap();
        let r = site.apply(&[file], false).unwrap();
        assert!(r.indexes);
        assert!(page(&mut site, "refs/o/r/77.html").contains("Core planning"));
        assert!(page(&mut site, "refs/o/r/12.html").contains("Core planning"));
        assert!(page(&mut site, "refs/o/r/index.html").contains("/refs/o/r/77.html"));
    }

    /// Guards [`archive_key`]: what it leaves out must not change the archive.
    #[test]
    fn the_archive_ignores_what_archive_key_leaves_out() {
        let dir = archive();
        let site = load(dir.path());
        let shape = |a: &Archive| {
            let teams: BTreeMap<&String, &crate::ids::TeamId> = a.team_by_id.iter().collect();
            format!(
                "{:?}",
                (
                    &a.urls, &a.listed, &a.teams, &a.years, &a.topics, &a.people, &a.prev, &a.next,
                    teams
                )
            )
        };
        let notes = site.archive.notes.clone();
        let mut changed = notes.clone();
        for n in &mut changed {
            n.body = "# Other\n\nOther text, @someone, o/r#1.\n".into();
            n.title.value = format!("Other {}", n.title.value);
            n.time = Some("23:59 UTC".into());
            n.extra.insert("x".into(), serde_json::json!(1));
            n.body_line = 99;
        }
        let (before, _) = archive::build(notes, &site.setup.config);
        let (after, _) = archive::build(changed, &site.setup.config);
        assert_eq!(shape(&before), shape(&after));
    }

    #[test]
    fn a_title_change_updates_the_lists_in_place() {
        let dir = archive();
        let mut site = load(dir.path());
        let file = site.content().join("web/2022-11-03--web-call.md");
        fs::write(
            &file,
            "# Web planning\n\n- Attendees: Carol\n\nNothing about issues.\n",
        )
        .unwrap();
        let r = site.apply(std::slice::from_ref(&file), false).unwrap();
        assert!(!r.indexes, "a title is in no index");
        assert!(page(&mut site, "teams/web/index.html").contains("Web planning"));
        assert!(!page(&mut site, "index.html").contains("Web call"));
        // Without the attendee line the person index changes: rebuilt.
        assert!(site.has("people/carol/index.html"));
        fs::write(&file, "# Web planning\n\nNothing about issues.\n").unwrap();
        let r = site.apply(&[file], false).unwrap();
        assert!(r.indexes);
        assert!(!site.has("people/carol/index.html"));
    }

    #[test]
    fn created_and_deleted_notes_reach_and_leave_every_index() {
        let dir = archive();
        let mut site = load(dir.path());
        let new = site.content().join("web/2022-12-01--web-call.md");
        fs::write(&new, "# Web call\n\nQuokka sightings, see o/r#99.\n").unwrap();
        site.apply(std::slice::from_ref(&new), false).unwrap();
        assert!(page(&mut site, "teams/web/index.html").contains("Quokka"));
        assert!(page(&mut site, "archive/2022/12/index.html").contains("Quokka"));
        assert!(site.has("refs/o/r/99.html"));

        fs::remove_file(&new).unwrap();
        let r = site.apply(&[new], false).unwrap();
        assert_eq!(r.paths, vec!["/web/2022-12-01--web-call/"]);
        assert!(!page(&mut site, "teams/web/index.html").contains("Quokka"));
        assert!(!site.has("archive/2022/12/index.html"));
        assert!(!site.has("web/2022-12-01--web-call/index.html"));
        assert!(!site.has("refs/o/r/99.html"));
    }

    #[test]
    fn a_removed_folder_takes_its_notes_with_it() {
        let dir = archive();
        let mut site = load(dir.path());
        let web = site.content().join("web");
        fs::remove_dir_all(&web).unwrap();
        site.apply(&[web], false).unwrap();
        assert!(!site.has("web/2022-11-03--web-call/index.html"));
        assert!(!site.has("teams/web/index.html"));
        assert_eq!(site.notes(), 2);
    }

    #[test]
    fn editor_temporary_files_are_not_changes() {
        let dir = archive();
        let mut site = load(dir.path());
        let web = site.content().join("web");
        let temps = [web.join("4913"), web.join("x.md~"), web.join(".x.md.swp")];
        for t in &temps {
            fs::write(t, "junk").unwrap();
        }
        assert_eq!(site.apply(&temps, false), None);
    }

    #[test]
    fn broken_front_matter_is_an_error_until_fixed() {
        let dir = archive();
        let mut site = load(dir.path());
        assert!(site.errors().is_empty(), "{:?}", site.errors());
        let file = site.content().join("web/2022-11-03--web-call.md");
        fs::write(&file, "---\ntitle: [unclosed\n---\n# Web call\n").unwrap();
        site.apply(std::slice::from_ref(&file), false).unwrap();
        let errors = site.errors();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].path, "content/web/2022-11-03--web-call.md");
        fs::write(&file, "# Web call\n").unwrap();
        site.apply(&[file], false).unwrap();
        assert!(site.errors().is_empty());
    }
}
