//! Pure: settles each note's metadata from the best evidence available.
//!
//! Order of evidence, best first: front matter > config > file name > folder > first
//! heading > a labelled line in the body. Each value keeps its `Evidence` so
//! `minutes list --json` and `minutes check --explain` can say where it came from.

mod attendees;
pub mod dates;
mod html_text;

#[cfg(test)]
use attendees::parse_attendee;

pub use html_text::html_to_markdown_text;

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::model::{Evidence, Inferred, Note, NoteKind, SourceFile};
use crate::slug::slugify;
use chrono::{Datelike, NaiveDate};
use globset::{Glob, GlobSet, GlobSetBuilder};
use regex::Regex;
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// Keys minutes interprets; everything else in front matter goes to `Note::extra`.
const KNOWN_KEYS: &[&str] = &[
    "title",
    "date",
    "time",
    "team",
    "tags",
    "topics",
    "attendees",
    "repo",
    "draft",
    "slug",
];

/// Config compiled once for the whole archive (globs, alias table).
pub struct Context<'a> {
    pub config: &'a Config,
    /// Team for notes nothing else names: the archive folder's name (a repository is
    /// usually one team's, e.g. `lang-team`). `None` to leave such notes without a team.
    pub default_team: Option<String>,
    /// The repository of notes that name none, when `minutes.toml` names none either: the
    /// one the archive lives in (see `archive_repo`), with where it was found.
    pub default_repo: Option<Inferred<String>>,
    /// Folders (relative to the content folder) whose file names mostly carry a slug
    /// after the date (`2019-08-19-project-operations-weekly.md`): there the slug names
    /// the team. Elsewhere a rare slug is a topic (`2022-01-25-Triage-minutes.md`).
    pub slug_folders: std::collections::HashSet<String>,
    team_globs: Vec<(String, GlobSet)>,
    /// Topic id → a case-insensitive whole-word pattern of its words.
    vocabulary: Vec<(String, Regex)>,
    aliases: BTreeMap<String, String>,
}

impl<'a> Context<'a> {
    /// Compiles the team globs; a bad glob is reported against `minutes.toml`.
    pub fn new(config: &'a Config) -> (Context<'a>, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let mut team_globs = Vec::new();
        let mut aliases = BTreeMap::new();
        for (id, team) in &config.teams {
            let mut builder = GlobSetBuilder::new();
            let positions = config.positions.team_paths.get(id);
            for (i, pattern) in team.paths.iter().enumerate() {
                match Glob::new(pattern) {
                    Ok(g) => {
                        builder.add(g);
                    }
                    Err(e) => {
                        let at = positions.and_then(|p| p.get(i)).copied();
                        let (line, col) = crate::config::Positions::or_top(at);
                        diagnostics.push(Diagnostic::error(
                            crate::config::FILE_NAME,
                            line,
                            col,
                            format!("team `{id}`: bad path pattern `{pattern}`: {}", e.kind()),
                        ))
                    }
                }
            }
            if let Ok(set) = builder.build() {
                team_globs.push((id.clone(), set));
            }
            for alias in &team.aliases {
                aliases.insert(slugify(alias), id.clone());
            }
            aliases.insert(slugify(id), id.clone());
        }
        let mut vocabulary = Vec::new();
        for (topic, words) in &config.topics {
            let alternatives: Vec<String> = std::iter::once(topic.as_str())
                .chain(words.iter().map(String::as_str))
                .filter(|w| !w.trim().is_empty())
                .map(|w| regex::escape(w.trim()).replace(' ', r"[\s\-_]+"))
                .collect();
            match Regex::new(&format!(r"(?i)\b(?:{})\b", alternatives.join("|"))) {
                Ok(re) => vocabulary.push((slugify(topic), re)),
                Err(e) => {
                    let at = config.positions.topics.get(topic).copied();
                    let (line, col) = crate::config::Positions::or_top(at);
                    diagnostics.push(Diagnostic::error(
                        crate::config::FILE_NAME,
                        line,
                        col,
                        format!("topic `{topic}`: {e}"),
                    ))
                }
            }
        }
        (
            Context {
                config,
                vocabulary,
                default_team: None,
                default_repo: None,
                slug_folders: Default::default(),
                team_globs,
                aliases,
            },
            diagnostics,
        )
    }

    /// Topics from the configured vocabulary whose words appear in the note, in the
    /// vocabulary's order.
    pub fn vocabulary_topics(&self, body: &str) -> Vec<String> {
        self.vocabulary
            .iter()
            .filter(|(_, re)| re.is_match(body))
            .map(|(id, _)| id.clone())
            .collect()
    }

    /// Maps a raw team id (folder, slug or front matter) to the configured id when it is
    /// one of its aliases.
    pub fn canonical_team(&self, raw: &str) -> String {
        let slug = slugify(raw);
        self.aliases.get(&slug).cloned().unwrap_or(slug)
    }
}

/// Infers one note's metadata. Returns the note and any warnings about its metadata.
pub fn infer(file: &SourceFile, cx: &Context) -> (Note, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let empty = serde_json::Map::new();
    let fm = file.front_matter.as_ref().map_or(&empty, |f| &f.data);
    let body = file.body();
    let body_line = file.body_line();

    let heading = first_heading(body, body_line);

    let kind = match classify(body) {
        // Front matter alone (a title, a date) is a note someone meant to publish.
        NoteKind::Stub if body.trim().is_empty() && !fm.is_empty() => NoteKind::Meeting,
        k => k,
    };

    // Title
    let title = match fm.get("title").and_then(scalar_string) {
        Some(t) if !t.trim().is_empty() => {
            Inferred::new(t.trim().to_string(), Evidence::FrontMatter)
        }
        _ => match &heading {
            Some((text, _line)) => Inferred::new(strip_leading_date(text), Evidence::Title),
            None => Inferred::new(humanize(file_stem(&file.rel)), Evidence::Path),
        },
    };

    let (date, time) = infer_date(file, fm, heading.as_ref(), kind, &mut diagnostics);
    let team = infer_team(file, fm, cx, &title.value);

    let topics = infer_topics(fm, cx, body);
    let (attendees, dropped_attendees, attendee_block) = attendees::infer_attendees(fm, body);

    // The note's own word first, then its team's, the site's, and the repository the
    // archive lives in.
    let repo = fm
        .get("repo")
        .and_then(scalar_string)
        .map(|r| Inferred::new(r, Evidence::FrontMatter))
        .or_else(|| {
            team.as_ref()
                .and_then(|t| cx.config.teams.get(&t.value))
                .and_then(|t| t.repo.clone())
                .or_else(|| cx.config.repo.clone())
                .map(|r| Inferred::new(r, Evidence::Config))
        })
        .or_else(|| cx.default_repo.clone());

    let draft = match fm.get("draft") {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s == "true",
        _ => false,
    };
    let slug = fm
        .get("slug")
        .and_then(scalar_string)
        .map(|s| slugify(&s))
        .filter(|s| !s.is_empty());
    let extra = fm
        .iter()
        .filter(|(k, _)| !KNOWN_KEYS.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();

    let (title, body) = if kind == NoteKind::Html {
        // An HTML page saved as `.md`: show its text, not a wall of tags.
        let (html_title, text) = html_to_markdown_text(body);
        let title = match html_title {
            Some(t) if title.evidence != Evidence::FrontMatter => Inferred::new(t, Evidence::Title),
            _ => title,
        };
        (title, text)
    } else {
        (title, body.to_string())
    };

    let note = Note {
        source: file.source.clone(),
        rel: file.rel.clone(),
        title,
        date,
        time,
        team,
        topics,
        attendees,
        dropped_attendees,
        // An HTML page's text is not its file's lines.
        attendee_block: attendee_block.filter(|_| kind != NoteKind::Html),
        repo,
        draft,
        slug,
        kind,
        extra,
        body,
        body_line,
    };
    (note, diagnostics)
}

/// Topics: the front matter's `tags` and `topics`, else the configured vocabulary's words
/// found in the text.
fn infer_topics(fm: &serde_json::Map<String, Value>, cx: &Context, body: &str) -> Vec<String> {
    let mut topics: Vec<String> = Vec::new();
    for key in ["tags", "topics"] {
        if let Some(v) = fm.get(key) {
            for t in string_list(v) {
                let slug = slugify(&t);
                if !slug.is_empty() && !topics.contains(&slug) {
                    topics.push(slug);
                }
            }
        }
    }
    if topics.is_empty() {
        topics = cx.vocabulary_topics(body);
    }
    topics
}

/// The meeting's date and time of day: front matter, else the path (unless the note's own
/// heading or labelled date is up to a month later: the meeting moved), else the body. A
/// stub has none. Conflicts between the path and the text are warnings.
fn infer_date(
    file: &SourceFile,
    fm: &serde_json::Map<String, Value>,
    heading: Option<&(String, u32)>,
    kind: NoteKind,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Option<Inferred<NaiveDate>>, Option<String>) {
    let mut time = None;
    let mut date = None;
    if let Some(v) = fm.get("date") {
        match v.as_str().and_then(parse_front_matter_date) {
            Some((d, t)) => {
                date = Some(Inferred::new(d, Evidence::FrontMatter));
                time = t;
            }
            None => diagnostics.push(Diagnostic::warning(
                &file.source,
                front_matter_key_line(&file.text, "date"),
                1,
                format!("`date` is not a date (expected YYYY-MM-DD): {}", compact(v)),
            )),
        }
    }
    // `time: 18:00 UTC` as written; it wins over a time found with the date.
    let fm_time = fm
        .get("time")
        .and_then(scalar_string)
        .filter(|t| !t.trim().is_empty());
    let (body, body_line) = (file.body(), file.body_line());
    let body_date = date_in_body(body, body_line, heading, &file.rel);
    if date.is_none() {
        if let Some((d, part)) = dates::from_path(&file.rel) {
            let ev = match part {
                dates::PathPart::FileName => Evidence::Path,
                dates::PathPart::Folder => Evidence::Folder,
            };
            date = Some(Inferred::new(d, ev));
            if let Some(b) = body_date.as_ref().filter(|b| b.date != d) {
                let line = match b.evidence {
                    Evidence::Body(l) => l,
                    _ => heading.map_or(body_line, |(_, l)| *l),
                };
                let prefer_body = b.strong && body_wins_over_path(d, b.date, &file.rel);
                let (used, other) = if prefer_body {
                    (b.date, d)
                } else {
                    (d, b.date)
                };
                let why = if prefer_body {
                    "the note's own date wins when it is up to a month after the file name's (notes are often named before the meeting moves)"
                } else {
                    "a date in the text that is earlier than the file name's is usually a heading copied from an older note"
                };
                diagnostics.push(Diagnostic::warning(
                    &file.source,
                    line,
                    1,
                    format!(
                        "the path says {d} but the note says {}; using {used}, not {other}: {why}",
                        b.date
                    ),
                ));
                if prefer_body {
                    date = Some(Inferred::new(b.date, b.evidence.clone()));
                    time = time.or(b.time.clone());
                }
            }
        }
    }
    if date.is_none() {
        if let Some(b) = &body_date {
            date = Some(Inferred::new(b.date, b.evidence.clone()));
            time = time.or(b.time.clone());
        }
    } else if time.is_none() {
        // The body often carries the time even when the path carries the date.
        if let Some(b) = &body_date {
            if date.as_ref().is_some_and(|x| x.value == b.date) {
                time = b.time.clone();
            }
        }
    }
    if kind == NoteKind::Stub {
        // A stub ("Renamed to …") is not a meeting; a date would list it as one.
        date = None;
    }

    if fm_time.is_some() {
        time = fm_time;
    }
    (date, time)
}

/// The team: front matter, else a configured glob, else the path, else (at the top of
/// the archive) the title's series, else the archive's own name.
fn infer_team(
    file: &SourceFile,
    fm: &serde_json::Map<String, Value>,
    cx: &Context,
    title: &str,
) -> Option<Inferred<String>> {
    match fm.get("team").and_then(scalar_string) {
        Some(t) if !t.trim().is_empty() => {
            Some(Inferred::new(cx.canonical_team(&t), Evidence::FrontMatter))
        }
        _ => cx
            .team_globs
            .iter()
            .find(|(_, set)| set.is_match(&file.rel))
            .map(|(id, _)| Inferred::new(id.clone(), Evidence::Config))
            .or_else(|| {
                team_from_path(&file.rel, &cx.slug_folders)
                    .map(|(t, ev)| Inferred::new(cx.canonical_team(&t), ev))
            })
            .or_else(|| {
                // At the top of the archive, a note's title names its series.
                (!file.rel.contains('/'))
                    .then(|| team_from_title(title))
                    .flatten()
                    .map(|t| Inferred::new(cx.canonical_team(&t), Evidence::Title))
            })
            .or_else(|| {
                cx.default_team
                    .as_ref()
                    .map(|t| Inferred::new(cx.canonical_team(t), Evidence::Default))
            }),
    }
}

/// A date the body gives. `strong` when it is the heading's or a labelled line's, which
/// name the meeting's date on purpose; a first date anywhere in the text is weak.
struct BodyDate {
    date: NaiveDate,
    evidence: Evidence,
    time: Option<String>,
    strong: bool,
}

/// The meeting's date from the body, best evidence first: the first heading, then a
/// labelled line (`**Date**: …`), then the first full date in the text. Lines about other
/// meetings ("Next meeting: …") and code are skipped.
fn date_in_body(
    body: &str,
    body_line: u32,
    heading: Option<&(String, u32)>,
    rel: &str,
) -> Option<BodyDate> {
    let folders: Vec<&str> = rel.split('/').collect();
    let hint = dates::year_in_folders(&folders[..folders.len().saturating_sub(1)])
        .or_else(|| dates::from_path(rel).map(|(d, _)| d.year()));
    if let Some((heading, _)) = heading {
        if let Some(f) = dates::find(heading, hint) {
            return Some(BodyDate {
                date: f.date,
                evidence: Evidence::Title,
                time: f.time,
                strong: true,
            });
        }
    }
    let mut first_full: Option<BodyDate> = None;
    let mut in_fence = false;
    for (i, line) in body.lines().enumerate().take(400) {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = !in_fence;
            continue;
        }
        // Most lines cannot give a date: rule them out before the regexes. A first full
        // date needs a year; a labelled one needs a label (unless a link destination,
        // removed below, hides how the line starts) and a date with the hint.
        let may_be_full = first_full.is_none() && i < 60 && dates::may_hold_date(line, None);
        let may_be_labelled = || {
            dates::may_hold_date(line, hint)
                && (dates::may_be_labelled(line) || line.contains("]("))
        };
        if in_fence || !(may_be_full || may_be_labelled()) || dates::is_other_meeting_line(line) {
            continue;
        }
        let line_no = body_line + i as u32;
        // `[last week](2022-03-07--core-sync.md)` names another note's file, not this
        // meeting's date.
        let line = without_link_destinations(line);
        let line = line.as_ref();
        if let Some(rest) = dates::labelled(line) {
            if let Some(f) = dates::find(rest, hint) {
                return Some(BodyDate {
                    date: f.date,
                    evidence: Evidence::Body(line_no),
                    time: f.time,
                    strong: true,
                });
            }
        }
        if first_full.is_none() && i < 60 {
            if let Some(f) = dates::find(line, None) {
                first_full = Some(BodyDate {
                    date: f.date,
                    evidence: Evidence::Body(line_no),
                    time: f.time,
                    strong: false,
                });
            }
        }
    }
    first_full
}

/// `line` with the destinations of its inline links (`](…)`) removed.
fn without_link_destinations(line: &str) -> std::borrow::Cow<'_, str> {
    static DEST: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"\]\([^)\s]*(?:\s+"[^"]*")?\)"#).expect("regex"));
    if line.contains("](") {
        DEST.replace_all(line, "]")
    } else {
        std::borrow::Cow::Borrowed(line)
    }
}

/// `2018-08-13 libp2p Sync Call` → `libp2p Sync Call`: the date is shown beside every
/// title already. Titles that are only a date keep it.
fn strip_leading_date(title: &str) -> String {
    match LEADING_DATE.find(title) {
        Some(m) => {
            let rest = title[m.end()..].trim_start_matches([' ', '-', ':', '|', '–', '—', ',']);
            if rest.chars().any(|c| c.is_alphabetic()) {
                rest.to_string()
            } else {
                title.to_string()
            }
        }
        None => title.to_string(),
    }
}

/// Whether a note's own (heading or labelled) date beats its file name's: when it falls
/// within a month after it. A file named for a planned date whose meeting moved, or a
/// typo in the name, gives a later body date; a heading copied from an older note gives
/// an earlier one. Files named for a range (`2018-01-29-to-2018-05-15--archive.md`) keep
/// their start date.
fn body_wins_over_path(path: NaiveDate, body: NaiveDate, rel: &str) -> bool {
    let days = (body - path).num_days();
    let range = file_stem(rel).contains("-to-");
    (1..=31).contains(&days) && !range
}

fn classify(body: &str) -> NoteKind {
    let trimmed = body.trim_start().as_bytes();
    let starts_with = |prefix: &str| {
        trimmed
            .get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
    };
    if starts_with("<!doctype html") || starts_with("<html") {
        return NoteKind::Html;
    }
    let t = body.trim();
    if t.is_empty() {
        return NoteKind::Stub;
    }
    // Only a short note is a stub: the long ones are not searched for its phrases.
    if t.len() >= 200 {
        return NoteKind::Meeting;
    }
    let lower = t.to_ascii_lowercase();
    let stub_phrase = [
        "renamed to",
        "moved to",
        "no minutes",
        "no notes",
        "meeting cancelled",
        "meeting canceled",
        "cancelled",
        "canceled",
    ]
    .iter()
    .any(|p| lower.contains(p));
    if stub_phrase {
        NoteKind::Stub
    } else {
        NoteKind::Meeting
    }
}

/// `2018-08-13`, `2018-08-13T18:00:00Z`, `2018-08-13 18:00`.
pub fn parse_front_matter_date(s: &str) -> Option<(NaiveDate, Option<String>)> {
    let s = s.trim();
    let date = NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()?;
    let rest = s[10..].trim_start_matches(['T', ' ']).trim();
    let time = (!rest.is_empty()).then(|| {
        // Keep `HH:MM` and any zone; drop seconds that are `:00`.
        let t = rest
            .replacen(":00Z", " UTC", 1)
            .replacen(":00+00:00", " UTC", 1);
        t.trim().to_string()
    });
    Some((date, time))
}

static ISO_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^0-9])((?:19|20)\d\d)[-_.](\d\d)[-_.](\d\d)(?:[^0-9]|$)").expect("regex")
});

/// Folder names that organise by time, not by team.
fn is_time_folder(name: &str) -> bool {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^((19|20)\d\d([-_.]?\d\d)?([-_.]?\d\d)?|q[1-4]|\d{1,2}|(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*)$")
            .expect("regex")
    });
    RE.is_match(name)
}

/// Folders that hold notes in general rather than one team's.
fn is_generic_folder(name: &str) -> bool {
    matches!(
        name.to_ascii_lowercase().as_str(),
        "content" | "notes" | "meeting-notes" | "meetings" | "minutes" | "docs" | "archive"
    )
}

/// The team a path implies: the nearest folder that is not a date or a generic name
/// ("notes", "minutes"), else the file name's slug after its date
/// (`2019-06-17--libp2p-sync.md`, `2019-08-19-project-operations-weekly.md`).
fn team_from_path(
    rel: &str,
    slug_folders: &std::collections::HashSet<String>,
) -> Option<(String, Evidence)> {
    let mut parts: Vec<&str> = rel.split('/').collect();
    let file = parts.pop()?;
    let folder = parts.join("/");
    if let Some(folder) = parts
        .iter()
        .rev()
        .find(|p| !is_time_folder(p) && !is_generic_folder(p))
    {
        return Some((folder.to_string(), Evidence::Folder));
    }
    let stem = file_stem(file);
    if let Some((_, slug)) = stem.split_once("--") {
        if slug.chars().any(|c| c.is_alphabetic()) {
            return Some((slug.to_string(), Evidence::Path));
        }
    }
    if let Some(m) = LEADING_DATE
        .find(stem)
        .filter(|_| slug_folders.contains(&folder))
    {
        let slug = stem[m.end()..].trim_matches(['-', '_', '.', ' ']);
        // `2019-08-19-to-2019-09-02` style ranges are not team names.
        if slug.chars().any(|c| c.is_alphabetic()) && !slug.starts_with("to-") {
            return Some((slug.to_string(), Evidence::Path));
        }
    }
    None
}

/// Folders where most file names carry a slug after a leading date.
pub fn slug_folders<'a>(rels: impl Iterator<Item = &'a str>) -> std::collections::HashSet<String> {
    let mut counts: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for rel in rels {
        let (folder, file) = rel.rsplit_once('/').unwrap_or(("", rel));
        let stem = file_stem(file);
        let entry = counts.entry(folder.to_string()).or_default();
        entry.0 += 1;
        if let Some(m) = LEADING_DATE.find(stem) {
            if stem[m.end()..].chars().any(|c| c.is_alphabetic()) {
                entry.1 += 1;
            }
        }
    }
    counts
        .into_iter()
        .filter(|(_, (all, slugged))| *slugged * 2 > *all)
        .map(|(f, _)| f)
        .collect()
}

/// `2018-08-13 libp2p Sync Call` → `libp2p-sync`; `Pocket V1 DevLog Call #1 Notes` →
/// `pocket-v1-devlog`: the title without its date, number and generic words.
fn team_from_title(title: &str) -> Option<String> {
    static NOISE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)#\s*\d+|\b\d+(st|nd|rd|th)?\b|\b(call|calls|meeting|meetings|notes|minutes|agenda|the)\b").expect("regex")
    });
    let without_date = match dates::find(title, None) {
        Some(f) => {
            let end = title[f.start..]
                .find(|c: char| c.is_alphabetic())
                .map_or(title.len(), |i| f.start + i);
            format!("{} {}", &title[..f.start], &title[end..])
        }
        None => title.to_string(),
    };
    let cleaned = NOISE.replace_all(&without_date, " ");
    let slug = slugify(&cleaned);
    (!slug.is_empty()).then_some(slug)
}

static LEADING_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:19|20)\d\d[-_.]\d{1,2}[-_.]\d{1,2}").expect("regex"));

pub fn file_stem(rel: &str) -> &str {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.rsplit_once('.').map_or(name, |(s, _)| s)
}

/// Whether the first letter or digit of `line` begins one of `words` (lowercase ASCII),
/// compared as a `(?i)` regex compares them: ASCII letters in either case, and also `ſ`
/// for `s` and the Kelvin sign for `k`, the only other characters that fold to ASCII
/// letters. A regex that allows only spaces and Markdown marks (`#`, `-`, `*`, `_`, `>`)
/// before one of these words at the start of a line cannot match a line where this is
/// false, so it is a cheap test to run first.
fn starts_with_word(line: &str, words: &[&str]) -> bool {
    // ASCII punctuation and spaces skipped a byte at a time; the rest by characters.
    let Some(start) = line
        .bytes()
        .position(|b| b.is_ascii_alphanumeric() || !b.is_ascii())
    else {
        return false;
    };
    let rest = line[start..].trim_start_matches(|c: char| !c.is_alphanumeric());
    let first = rest.as_bytes().first().map(u8::to_ascii_lowercase);
    if first.is_some_and(|b| b.is_ascii() && !words.iter().any(|w| w.as_bytes()[0] == b)) {
        return false;
    }
    words.iter().any(|word| {
        let mut chars = rest.chars();
        word.bytes().all(|b| {
            chars.next().is_some_and(|c| {
                c.to_ascii_lowercase() == char::from(b)
                    || (b == b's' && c == '\u{17f}')
                    || (b == b'k' && c == '\u{212a}')
            })
        })
    })
}

/// `2021-03-24-lang-team-organization` → `Lang team organization`.
pub fn humanize(stem: &str) -> String {
    let without_date = ISO_DATE
        .find(stem)
        .filter(|m| m.start() == 0)
        .map_or(stem, |m| &stem[m.end()..]);
    let words: Vec<&str> = without_date
        .split(['-', '_', ' ', '.'])
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        return stem.to_string();
    }
    let mut s = words.join(" ");
    if let Some(first) = s.get(..1) {
        s = first.to_uppercase() + &s[1..];
    }
    s
}

/// The first ATX heading's text, cleaned of Markdown, HTML comments and a trailing call
/// link, with its file line.
fn first_heading(body: &str, body_line: u32) -> Option<(String, u32)> {
    let mut in_fence = false;
    for (i, line) in body.lines().enumerate() {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence || !t.starts_with('#') {
            continue;
        }
        let hashes = t.chars().take_while(|c| *c == '#').count();
        let rest = &t[hashes..];
        if hashes > 6 || !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
            continue;
        }
        let text = clean_inline(rest.trim().trim_end_matches('#'));
        if !text.is_empty() {
            return Some((text, body_line + i as u32));
        }
    }
    None
}

/// Markdown inline → plain text for titles.
pub fn clean_inline(s: &str) -> String {
    static COMMENT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?s)<!--.*?-->").expect("regex"));
    static LINK: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\[([^\]]*)\]\([^)]*\)").expect("regex"));
    static PAREN_URL: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\s*\(\s*<?https?://[^)\s]*>?\s*\)\s*$").expect("regex"));
    static AUTOLINK: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"<https?://[^>]*>").expect("regex"));
    // Most text has none of these: test for the characters each pattern needs first.
    let mut s = std::borrow::Cow::Borrowed(s);
    if s.contains("<!--") {
        s = COMMENT.replace_all(&s, "").into_owned().into();
    }
    if s.contains('(') {
        s = PAREN_URL.replace(&s, "").into_owned().into();
    }
    if s.contains("](") {
        s = LINK.replace_all(&s, "$1").into_owned().into();
    }
    if s.contains("<http") {
        s = AUTOLINK.replace_all(&s, "").into_owned().into();
    }
    for mark in ["**", "__", "`"] {
        if s.contains(mark) {
            s = s.replace(mark, "").into();
        }
    }
    crate::markdown::collapse_whitespace(&s)
}

fn scalar_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A list, or a comma-separated string.
fn string_list(v: &Value) -> Vec<String> {
    match v {
        Value::Array(items) => items.iter().filter_map(scalar_string).collect(),
        Value::String(s) => s
            .split(',')
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty())
            .collect(),
        _ => Vec::new(),
    }
}

fn compact(v: &Value) -> String {
    let s = v.to_string();
    if s.len() > 60 {
        format!("{}…", &s[..s.floor_char_boundary(60)])
    } else {
        s
    }
}

/// File line of `key:` / `key =` / `"key":` inside the front-matter block (1 if absent).
fn front_matter_key_line(text: &str, key: &str) -> u32 {
    for (i, line) in text.lines().enumerate().skip(1) {
        let t = line.trim_start().trim_start_matches('"');
        if let Some(rest) = t.strip_prefix(key) {
            let rest = rest.trim_start_matches('"').trim_start();
            if rest.starts_with(':') || rest.starts_with('=') {
                return i as u32 + 1;
            }
        }
        if i > 200 {
            break;
        }
    }
    1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Role;
    use crate::frontmatter;

    fn file(rel: &str, text: &str) -> SourceFile {
        let split = frontmatter::split(text, rel);
        SourceFile {
            source: rel.to_string(),
            rel: rel.to_string(),
            text: text.to_string(),
            front_matter: split.front_matter,
            body_offset: split.body_offset,
        }
    }

    fn run(rel: &str, text: &str) -> Note {
        let config = Config::default();
        let (mut cx, _) = Context::new(&config);
        cx.slug_folders = slug_folders([rel].into_iter());
        infer(&file(rel, text), &cx).0
    }

    #[test]
    fn link_to_a_dated_note_is_not_the_notes_date() {
        let (n, diags) = {
            let config = Config::default();
            let (cx, _) = Context::new(&config);
            let rel = "go/2020-02-24--go.md";
            infer(
                &file(
                    rel,
                    "# Go sync\n\nSee [decisions](2020-01-06--go.md#decisions).\n",
                ),
                &cx,
            )
        };
        assert_eq!(n.date.unwrap().value.to_string(), "2020-02-24");
        assert!(diags.is_empty(), "{diags:?}");
        // A date written in the text still counts.
        let n = run(
            "go/notes.md",
            "# Go sync\n\nMet on 2020-01-06 ([prev](2019-12-30.md)).\n",
        );
        assert_eq!(n.date.unwrap().value.to_string(), "2020-01-06");
    }

    #[test]
    fn libp2p_seed_shape() {
        let n = run(
            "2018/2018-08-13--libp2p-sync.md",
            "## 2018-08-13 libp2p Sync Call (<https://protocol.zoom.us/j/508697396>)\n\nModerator: @mgoelzer\n\nNotetaker: @jacobheun\n\n### Attendees\n\n-   @mgoelzer\n-   @jacobheun\n-   @raulk\n-   (add yourself…)\n\n### Agenda\n",
        );
        assert_eq!(n.title.value, "libp2p Sync Call");
        assert_eq!(n.date.as_ref().unwrap().value.to_string(), "2018-08-13");
        assert_eq!(n.date.unwrap().evidence, Evidence::Path);
        assert_eq!(n.team.unwrap().value, "libp2p-sync");
        let ids: Vec<&str> = n.attendees.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["mgoelzer", "jacobheun", "raulk"]);
        assert_eq!(n.attendees[0].roles, [Role::Moderator]);
        assert_eq!(n.attendees[1].roles, [Role::Notetaker]);
    }

    #[test]
    fn front_matter_wins_and_unknown_keys_are_kept() {
        let n = run(
            "spec/2023-05-31-x.md",
            "---\ntitle: Transport\ndate: 2023-06-01\nteam: Spec Design\ntags: [Design Meeting, design_meeting, QUIC]\nattendees: ['@amara', 'Sam Rivera (Acme)']\nrecording: https://v.example/1\n---\n# Other\n",
        );
        assert_eq!(n.title.value, "Transport");
        assert_eq!(n.date.unwrap().value.to_string(), "2023-06-01");
        assert_eq!(n.team.unwrap().value, "spec-design");
        assert_eq!(n.topics, ["design-meeting", "quic"]);
        assert_eq!(n.attendees[0].handle.as_deref(), Some("amara"));
        assert_eq!(n.attendees[1].name, "Sam Rivera");
        assert_eq!(n.attendees[1].note.as_deref(), Some("Acme"));
        assert!(n.extra.contains_key("recording"));
    }

    #[test]
    fn bad_date_is_a_warning_at_its_line() {
        let config = Config::default();
        let (cx, _) = Context::new(&config);
        let (n, d) = infer(
            &file("a/2020-01-02.md", "---\ntitle: x\ndate: soon\n---\nbody\n"),
            &cx,
        );
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].line, 3);
        // Falls back to the path.
        assert_eq!(n.date.unwrap().evidence, Evidence::Path);
    }

    #[test]
    fn team_from_config_glob_and_alias() {
        let config = Config::parse(
            "[teams.go]\npaths = [\"golang/**\"]\naliases = [\"go-ipfs\"]\n",
            "minutes.toml",
        )
        .unwrap();
        let (cx, d) = Context::new(&config);
        assert!(d.is_empty());
        let n = infer(&file("golang/2019/x.md", "# x"), &cx).0;
        assert_eq!(
            n.team.unwrap(),
            Inferred::new("go".to_string(), Evidence::Config)
        );
        let n = infer(&file("go-ipfs/x.md", "# x"), &cx).0;
        assert_eq!(n.team.unwrap().value, "go");
    }

    #[test]
    fn time_folders_are_not_teams() {
        let n = run("meeting-notes/2019/Q3/2019-07-01.md", "# x");
        assert!(n.team.is_none());
        let n = run("design-meeting-minutes/2021-02-24-lints.md", "hi");
        assert_eq!(n.team.unwrap().value, "design-meeting-minutes");
    }

    #[test]
    fn title_strips_comment_and_falls_back_to_file_name() {
        let n = run(
            "devlog/devlog1.md",
            "### Pocket V1 DevLog Call #1 Notes <!-- omit in toc -->\n",
        );
        assert_eq!(n.title.value, "Pocket V1 DevLog Call #1 Notes");
        let n = run("x/2021-03-24-lang-team-organization.md", "no heading");
        assert_eq!(n.title.value, "Lang team organization");
    }

    #[test]
    fn stubs_and_html() {
        assert_eq!(run("a.md", "").kind, NoteKind::Stub);
        assert_eq!(run("a.md", "Renamed to [x](y.md)\n").kind, NoteKind::Stub);
        assert_eq!(run("a.md", "<!DOCTYPE html><html>").kind, NoteKind::Html);
    }

    #[test]
    fn team_from_slug_after_the_date() {
        let n = run(
            "meeting-notes/2019/Q3/2019-08-19-project-operations-weekly.md",
            "# x",
        );
        assert_eq!(
            n.team.unwrap(),
            Inferred::new("project-operations-weekly".to_string(), Evidence::Path)
        );
        let n = run(
            "meeting-notes/2018/Q1/2018-01-29-to-2018-05-15--cluster-meeting-archive.md",
            "# x",
        );
        assert_eq!(n.team.unwrap().value, "cluster-meeting-archive");
        assert!(run("minutes/2019-03-14.md", "# x").team.is_none());
    }

    #[test]
    fn a_rare_slug_in_a_folder_of_dates_is_not_a_team() {
        let rels = [
            "minutes/2019-03-14.md",
            "minutes/2019-03-21.md",
            "minutes/2022-01-25-Triage-minutes.md",
        ];
        let folders = slug_folders(rels.into_iter());
        assert!(folders.is_empty());
        let config = Config::default();
        let (mut cx, _) = Context::new(&config);
        cx.slug_folders = folders;
        let n = infer(&file(rels[2], "# x"), &cx).0;
        assert!(n.team.is_none());
    }

    #[test]
    fn team_from_title_at_the_top_of_the_archive() {
        let n = run(
            "003.txt",
            "## 2018-08-13 libp2p Sync Call (<https://zoom.us/j/1>)\n",
        );
        assert_eq!(
            n.team.unwrap(),
            Inferred::new("libp2p-sync".to_string(), Evidence::Title)
        );
        let n = run(
            "000.txt",
            "### Pocket V1 DevLog Call #1 Notes <!-- omit in toc -->\n",
        );
        assert_eq!(n.team.unwrap().value, "pocket-v1-devlog");
    }

    #[test]
    fn archive_name_is_the_team_of_last_resort() {
        let config = Config::default();
        let (mut cx, _) = Context::new(&config);
        cx.default_team = Some("lang-team".into());
        let n = infer(&file("minutes/2019-03-14.md", "# x"), &cx).0;
        assert_eq!(
            n.team.unwrap(),
            Inferred::new("lang-team".to_string(), Evidence::Default)
        );
    }

    #[test]
    fn date_from_labelled_line_with_time_and_the_next_meeting_trap() {
        let n = run(
            "docs/devlog/devlog1.md",
            "### Pocket V1 DevLog Call #1 Notes <!-- omit in toc -->\n\nNext meeting: February 7th, 2023\n\n##### Date and Time: Tuesday January 24th, 2023 18:00 UTC\n",
        );
        let d = n.date.unwrap();
        assert_eq!(d.value.to_string(), "2023-01-24");
        assert_eq!(d.evidence, Evidence::Body(5));
        assert_eq!(n.time.as_deref(), Some("18:00 UTC"));
    }

    #[test]
    fn time_from_front_matter_wins_and_is_not_an_extra_key() {
        let n = run(
            "2023-01-24-sync.md",
            "---\ntime: 17:00 CET\n---\n\n# Sync\n\nDate: 2023-01-24 18:00 UTC\n",
        );
        assert_eq!(n.time.as_deref(), Some("17:00 CET"));
        assert!(!n.extra.contains_key("time"));
        let n = run(
            "2023-01-24-sync.md",
            "# Sync\n\nDate: 2023-01-24 18:00 UTC\n",
        );
        assert_eq!(n.time.as_deref(), Some("18:00 UTC"));
    }

    #[test]
    fn partial_date_takes_the_folder_year() {
        let n = run(
            "2021/kickoff.md",
            "# Kickoff\n\n**When**: January 7th, 5pm-6pm UTC\n",
        );
        assert_eq!(n.date.unwrap().value.to_string(), "2021-01-07");
    }

    #[test]
    fn path_and_body_disagreeing_is_a_warning_naming_both() {
        let config = Config::default();
        let (cx, _) = Context::new(&config);
        let (n, d) = infer(
            &file("notes/2019-04-13--go.md", "# Go sync 2019-05-13\n"),
            &cx,
        );
        assert_eq!(
            n.date.unwrap().value.to_string(),
            "2019-05-13",
            "a heading date within a month after the name wins"
        );
        assert_eq!(d.len(), 1);
        assert!(
            d[0].message.contains("2019-04-13") && d[0].message.contains("2019-05-13"),
            "{}",
            d[0]
        );
        // An earlier heading date is a heading copied from an older note.
        let (n, d) = infer(
            &file("notes/2019-03-19--pm.md", "# PM Sync - February 12, 2019\n"),
            &cx,
        );
        assert_eq!(n.date.unwrap().value.to_string(), "2019-03-19");
        assert_eq!(d.len(), 1);
    }

    #[test]
    fn attendee_table_and_roles_in_parentheses() {
        let n = run(
            "x.md",
            "## Attendees\n\n| Name | GitHub | Org |\n|---|---|---|\n| Jane Doe | @jdoe | Acme |\n| Raúl | @raulk | PL |\n\n## Notes\n",
        );
        let ids: Vec<&str> = n.attendees.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["jdoe", "raulk"]);
        assert_eq!(n.attendees[0].name, "Jane Doe");
        let n = run(
            "x.md",
            "Attendees:\n- Mike Goelzer @mgoelzer (moderator)\n- Jacob @jacobheun (notes)\n",
        );
        assert_eq!(n.attendees[0].roles, [Role::Moderator]);
        assert_eq!(n.attendees[1].roles, [Role::Notetaker]);
        assert_eq!(n.attendees[0].name, "Mike Goelzer");
    }

    #[test]
    fn bad_team_glob_is_reported_at_its_value_in_minutes_toml() {
        let config = Config::parse(
            "title = \"x\"\n\n[teams.go]\npaths = [\"golang/**\", \"go/[x\"]\n",
            "minutes.toml",
        )
        .unwrap();
        let (_, d) = Context::new(&config);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!((d[0].line, d[0].col), (4, 23), "{}", d[0]);
        assert!(d[0].message.contains("`go/[x`"), "{}", d[0]);
        assert!(
            d[0].message.contains("unclosed character class"),
            "{}",
            d[0]
        );
    }

    #[test]
    fn topics_from_the_configured_vocabulary() {
        let config = Config::parse(
            "[topics]\np2p = [\"libp2p\", \"peer discovery\", \"dht\"]\nrelease = [\"release\"]\n",
            "minutes.toml",
        )
        .unwrap();
        let (cx, d) = Context::new(&config);
        assert!(d.is_empty());
        let n = infer(&file("a.md", "# Sync\n\nWe fixed Peer  Discovery.\n"), &cx).0;
        assert_eq!(n.topics, ["p2p"]);
        // Front-matter tags win over the vocabulary.
        let n = infer(&file("a.md", "---\ntags: [x]\n---\nlibp2p\n"), &cx).0;
        assert_eq!(n.topics, ["x"]);
    }

    #[test]
    fn html_saved_as_markdown_shows_its_text() {
        let n = run(
            "minutes/2021-11-09.md",
            "<!DOCTYPE html><html><head><title>Triage 2021-11-09 - HackMD</title><style>p{}</style></head><body><h1>Triage</h1><p>We *agreed* on <b>#123</b>.</p><script>x()</script></body></html>",
        );
        assert_eq!(n.kind, NoteKind::Html);
        assert_eq!(n.title.value, "Triage 2021-11-09 - HackMD");
        assert!(
            !n.body.contains('<') || n.body.contains("\\<"),
            "{}",
            n.body
        );
        assert!(
            n.body.contains("We \\*agreed\\* on \\#123\\."),
            "{}",
            n.body
        );
        assert!(!n.body.contains("x()"));
    }

    #[test]
    fn attendee_noise_is_not_people() {
        for raw in ["_@lidel_", "*@lidel*"] {
            assert_eq!(parse_attendee(raw).unwrap().id, "lidel", "{raw}");
        }
        for raw in [
            "Recording: https://youtu.be/x",
            "Names",
            "$NOTETAKER",
            "(add yourself…)",
            "add yourself",
            "Notes:",
        ] {
            assert!(parse_attendee(raw).is_none(), "{raw}");
        }
        // An organisation or role in brackets is a note on the attendance, not the name.
        let sam = parse_attendee("Sam Rivera (Acme)").unwrap();
        assert_eq!((sam.name.as_str(), sam.note.as_deref()), ("Sam Rivera", Some("Acme")));
        for raw in [
            "attendee names…",
            "Inline in agenda",
            "… and many more",
            "Try out npm-on-ipfs locally",
            "Aragon and Ethereum",
        ] {
            assert!(parse_attendee(raw).is_none(), "{raw}");
        }
        // A bare word in brackets may be the handle: the archive decides (`identity`).
        let steve = parse_attendee("Steve Allen (stebalien)").unwrap();
        assert_eq!(
            (steve.name.as_str(), steve.note.as_deref()),
            ("Steve Allen", Some("stebalien"))
        );
    }

    #[test]
    fn no_minutes_stub() {
        assert_eq!(
            run("a.md", "# 2019-01-01\n\nNo minutes were taken.\n").kind,
            NoteKind::Stub
        );
    }

    #[test]
    fn comma_attendee_line() {
        let n = run("x.md", "**Attendees**: @a-b, Jane Doe, @c\n");
        let ids: Vec<&str> = n.attendees.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["a-b", "jane-doe", "c"]);
    }
}
