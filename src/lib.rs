//! minutes: a static site generator for meeting-note archives.
//!
//! The library does what the `minutes` command does, for tools that want one piece of it:
//! open an archive and read what was inferred of every note with its diagnostics
//! ([`Archive`]), render any page of the site, one note's included, without writing
//! anything ([`Archive::page`], [`Archive::note_page`]), build the whole site
//! ([`build()`]) and check an archive as CI does ([`check()`]).
//!
//! ```
//! # fn main() -> Result<(), minutes::Fatal> {
//! let dir = tempfile::tempdir().unwrap();
//! std::fs::write(
//!     dir.path().join("2024-03-01-core-sync.md"),
//!     "# Core sync\n\nWe agreed to ship on Friday.\n",
//! )
//! .unwrap();
//! let opts = minutes::Options { root: dir.path().to_path_buf(), ..Default::default() };
//!
//! let mut archive = minutes::Archive::open(&opts)?;
//! let note = &archive.notes()[0];
//! assert_eq!(note.title, "Core sync");
//! assert_eq!(note.date.map(|d| d.to_string()).as_deref(), Some("2024-03-01"));
//! let source = note.source.clone();
//! let page = archive.note_page(&source).expect("a note of the archive").expect("renders");
//! assert!(page.contains("We agreed to ship on Friday."));
//!
//! assert!(minutes::check(&opts)?.iter().all(|d| !d.is_error()));
//! let report = minutes::build(&minutes::Options {
//!     output: Some(dir.path().join("site")),
//!     ..opts
//! })?;
//! assert_eq!(report.notes, 1);
//! # Ok(())
//! # }
//! ```
//!
//! Everything else is private to the crate (see `stages!` in lib.rs for how its own tests
//! reach single stages). ARCHITECTURE.md describes the stages and the invariants between
//! them.

pub use build::Report;
pub use diag::Diagnostic;
pub use engine::{Fatal, Options};

/// Builds the site into the output folder (`opts.output`, or `output` in minutes.toml):
/// what `minutes build` does. Problems in notes are in the report's diagnostics; `Err`
/// only when the build could not run at all.
pub fn build(opts: &Options) -> Result<Report, Fatal> {
    build::run(opts)
}

/// What `minutes check` reports, sorted by file and line: everything a build would report
/// (without rendering a page), plus meetings with no date or team. `Err` when a build
/// would refuse to run (a bad minutes.toml, an unknown theme).
pub fn check(opts: &Options) -> Result<Vec<Diagnostic>, Fatal> {
    Ok(build::check(build::load_checked(opts)?))
}

/// What was inferred of one note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteInfo {
    /// The file, relative to the archive root.
    pub source: String,
    /// The page's path inside the site (`core/2024-03-01-core-sync/`).
    pub url: String,
    pub title: String,
    pub date: Option<chrono::NaiveDate>,
    /// The team's id (a slug).
    pub team: Option<String>,
    /// Attendees by display name (or handle when that is all a note gives).
    pub attendees: Vec<String>,
}

/// An archive loaded in memory, as `minutes serve` holds it: pages are rendered when asked
/// for, through the same stages as [`build()`], so they are the bytes a build writes.
pub struct Archive {
    site: site::Site,
}

impl Archive {
    /// Reads minutes.toml and every note, infers what the notes leave unsaid, and builds
    /// the indexes. Writes nothing.
    pub fn open(opts: &Options) -> Result<Archive, Fatal> {
        Ok(Archive {
            site: site::Site::load(opts)?,
        })
    }

    /// Every note, newest first.
    pub fn notes(&self) -> Vec<NoteInfo> {
        let a = self.site.archive();
        a.notes
            .iter()
            .zip(&a.urls)
            .zip(&a.attendees)
            .map(|((n, url), people)| NoteInfo {
                source: n.source.clone(),
                url: url.clone(),
                title: n.title.value.clone(),
                date: n.date.as_ref().map(|d| d.value),
                team: n.team.as_ref().map(|t| t.value.clone()),
                attendees: people.iter().map(|p| p.name.clone()).collect(),
            })
            .collect()
    }

    /// Every diagnostic of the notes, the config and the theme, sorted by file and line.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        self.site.diagnostics()
    }

    /// The bytes of the site's file at `path` (`core/2024-03-01-core-sync/index.html`,
    /// `index.html`, `feed.xml`, `assets/style.css`): `None` when the site has no such
    /// file, an error when its template fails. The search index is not made here.
    pub fn page(&mut self, path: &str) -> Option<Result<Vec<u8>, Diagnostic>> {
        self.site.get(path)
    }

    /// The HTML page of the note read from `source` (relative to the archive root).
    pub fn note_page(&mut self, source: &str) -> Option<Result<String, Diagnostic>> {
        let a = self.site.archive();
        let i = a.notes.iter().position(|n| n.source == source)?;
        let path = format!("{}index.html", a.urls[i]);
        let bytes = self.site.get(&path)?;
        Some(bytes.map(|b| String::from_utf8(b).expect("pages are UTF-8")))
    }
}

#[doc(hidden)]
pub mod cli;

/// The stages below the API. They are crate-private, except with the `internals` feature,
/// which only this crate's own integration tests, benchmarks and fuzzing turn on (through
/// the dev-dependency on itself in Cargo.toml) to reach a single stage. A tool that
/// depends on `minutes` sees the API above and nothing else.
macro_rules! stages {
    ($($stage:ident),* $(,)?) => {$(
        #[cfg(feature = "internals")]
        #[doc(hidden)]
        pub mod $stage;
        #[cfg(not(feature = "internals"))]
        mod $stage;
    )*};
}

stages!(
    archive,
    archive_repo,
    build,
    calendar,
    config,
    diag,
    dialect,
    digest,
    engine,
    excerpts,
    frontmatter,
    github,
    graph,
    highlight,
    ids,
    identity,
    infer,
    init,
    links,
    load,
    markdown,
    model,
    outcomes,
    refs,
    render,
    repair,
    sanitize,
    search,
    serve,
    site,
    slug,
    theme,
    titles,
    views,
    write,
);
