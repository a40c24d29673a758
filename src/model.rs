//! Plain data that flows between stages. No behaviour beyond small accessors.

use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

/// A Markdown file as `load` found it, before any inference.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the archive root, with `/` separators (what diagnostics print).
    pub source: String,
    /// Path relative to the content folder, with `/` separators (what URLs and inference use).
    pub rel: String,
    /// The whole file as text (decoded; BOM removed; CRLF kept as is).
    pub text: String,
    /// Front matter, if the file has a block and it parsed.
    pub front_matter: Option<FrontMatter>,
    /// Byte offset in `text` where the Markdown body starts.
    pub body_offset: usize,
}

impl SourceFile {
    pub fn body(&self) -> &str {
        &self.text[self.body_offset..]
    }

    /// 1-based line in the file where the body starts.
    pub fn body_line(&self) -> u32 {
        self.text[..self.body_offset].matches('\n').count() as u32 + 1
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FrontMatterFormat {
    Yaml,
    Toml,
    Json,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FrontMatter {
    pub format: FrontMatterFormat,
    pub data: serde_json::Map<String, serde_json::Value>,
}

/// Where an inferred value came from. Shown by `minutes list --json` as `*_source`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Evidence {
    FrontMatter,
    Config,
    /// The file name.
    Path,
    /// A folder in the path.
    Folder,
    /// The note's first heading.
    Title,
    /// A line of the body (1-based, counted from the top of the file).
    Body(u32),
    /// Nothing better was found (e.g. the title falls back to the file name).
    Default,
    /// The build's environment (`GITHUB_REPOSITORY` in GitHub Actions).
    Environment,
    /// The `origin` remote of the git checkout holding the archive.
    GitRemote,
}

impl Evidence {
    pub fn label(&self) -> String {
        match self {
            Evidence::FrontMatter => "front-matter".into(),
            Evidence::Config => "config".into(),
            Evidence::Path => "path".into(),
            Evidence::Folder => "folder".into(),
            Evidence::Title => "title".into(),
            Evidence::Body(line) => format!("body:{line}"),
            Evidence::Default => "default".into(),
            Evidence::Environment => "environment".into(),
            Evidence::GitRemote => "git-remote".into(),
        }
    }
}

impl Serialize for Evidence {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.label())
    }
}

/// A value together with the evidence for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Inferred<T> {
    pub value: T,
    pub evidence: Evidence,
}

impl<T> Inferred<T> {
    pub fn new(value: T, evidence: Evidence) -> Self {
        Inferred { value, evidence }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Moderator,
    Notetaker,
}

/// Someone who attended. `id` is what links the same person across meetings: the GitHub
/// handle, lower-cased, when there is one, else a slug of the name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attendee {
    pub id: String,
    pub name: String,
    pub handle: Option<String>,
    pub roles: Vec<Role>,
    /// What the note says of this attendance in brackets after the name (`walking`,
    /// `OpenJS board`); a bare word here may turn out to be the handle (`identity`).
    pub note: Option<String>,
}

/// An entry of a note's attendee list that is no one (a placeholder, a group, a
/// sentence), with why; `minutes check` lists them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DroppedAttendee {
    pub text: String,
    pub why: &'static str,
}

/// What kind of document a note is; only meetings reach the indexes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NoteKind {
    Meeting,
    /// Empty, or a stub such as "Renamed to …": a page, but not listed.
    Stub,
    /// An HTML document saved with a `.md` name.
    Html,
}

/// A note with its metadata settled. Produced by `infer`, read by every later stage.
#[derive(Debug, Clone)]
pub struct Note {
    /// Path relative to the archive root (`/` separators).
    pub source: String,
    /// Path relative to the content folder.
    pub rel: String,
    pub title: Inferred<String>,
    pub date: Option<Inferred<NaiveDate>>,
    /// Time of day as written (`18:00 UTC`), when known.
    pub time: Option<String>,
    /// Team id (a slug); the display name lives in the archive's team table.
    pub team: Option<Inferred<String>>,
    pub topics: Vec<String>,
    pub attendees: Vec<Attendee>,
    /// Entries of the attendee list that are no one.
    pub dropped_attendees: Vec<DroppedAttendee>,
    /// The body lines (0-based, end excluded) of the attendee list, which the note page
    /// shows as chips instead of as text.
    pub attendee_block: Option<(u32, u32)>,
    /// GitHub repository `owner/name` that bare `#N` refers to, and where it was said.
    pub repo: Option<Inferred<String>>,
    pub draft: bool,
    /// Last URL segment when the front matter sets `slug`.
    pub slug: Option<String>,
    pub kind: NoteKind,
    /// Front-matter keys minutes does not know; templates see them as `note.extra`.
    pub extra: BTreeMap<String, serde_json::Value>,
    /// The Markdown body and the file line it starts on.
    pub body: String,
    pub body_line: u32,
}

impl Note {
    /// The repository bare `#N` in this note refers to.
    pub fn repo(&self) -> Option<&str> {
        self.repo.as_ref().map(|r| r.value.as_str())
    }
}

/// A meeting with a title, a date (`YYYY-MM-DD`) and a team, for the unit tests of the
/// stages that read notes.
#[cfg(test)]
pub(crate) fn test_note(rel: &str, title: &str, date: Option<&str>, team: Option<&str>) -> Note {
    Note {
        source: rel.to_string(),
        rel: rel.to_string(),
        title: Inferred::new(title.to_string(), Evidence::Title),
        date: date.map(|d| {
            let d = NaiveDate::parse_from_str(d, "%Y-%m-%d").expect("a test date");
            Inferred::new(d, Evidence::Path)
        }),
        time: None,
        team: team.map(|t| Inferred::new(t.to_string(), Evidence::Folder)),
        topics: vec![],
        attendees: vec![],
        dropped_attendees: vec![],
        attendee_block: None,
        repo: None,
        draft: false,
        slug: None,
        kind: NoteKind::Meeting,
        extra: Default::default(),
        body: String::new(),
        body_line: 1,
    }
}
