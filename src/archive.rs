//! Pure: the archive's shape. Sorts notes, gives each a URL, and builds the indexes that
//! the index pages list (year, month, team, topic, person) plus prev/next within a team.

use crate::config::Config;
use crate::ids::{NoteId, TeamId};
use crate::diag::Diagnostic;
use crate::identity::{self, Merge};
use crate::model::{Attendee, Note, NoteKind, Role};
use crate::slug::slugify;
use chrono::Datelike;
use std::collections::{BTreeMap, HashMap};

/// Top-level folders of generated pages; a note whose URL would land on one of these
/// pages is moved aside with an error, never overwritten.
pub const RESERVED: &[&str] = &[
    "teams", "archive", "topics", "people", "assets", "search", "refs",
];

/// The file of a folder's page (`render::Renderer::job_path` names every page with these).
pub const INDEX_FILE: &str = "index.html";
/// The site's feed, and each team's beside its page.
pub const FEED_FILE: &str = "atom.xml";
pub const SITEMAP_FILE: &str = "sitemap.xml";
/// Part `part` (from 1) of a sitemap too large for one file: `sitemap1.xml`, …
pub fn sitemap_part_file(part: usize) -> String {
    format!("sitemap{part}.xml")
}

/// Whether a root file name is one of a split sitemap's parts.
fn is_sitemap_part(file: &str) -> bool {
    file.strip_prefix("sitemap")
        .and_then(|f| f.strip_suffix(".xml"))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}
pub const NOT_FOUND_FILE: &str = "404.html";
/// Files at the root of every site. A note at `index.html.md` would have its page at
/// `index.html/index.html`, turning the home page into a folder.
pub const ROOT_FILES: &[&str] = &[
    INDEX_FILE,
    FEED_FILE,
    SITEMAP_FILE,
    NOT_FOUND_FILE,
    crate::write::MARKER,
];

#[derive(Debug, Default)]
pub struct Archive {
    /// Every note that gets a page, newest first (undated last, then by source path).
    pub notes: Vec<Note>,
    /// Site-relative URL of each note (`core/2022/2022-03-14--core-sync/`).
    pub urls: Vec<String>,
    /// Indexes into `notes` of the meetings that reach the lists (no stubs, no HTML
    /// documents, no drafts unless configured), newest first.
    pub listed: Vec<NoteId>,
    pub teams: Vec<TeamIndex>,
    /// Newest year first.
    pub years: Vec<YearIndex>,
    pub topics: Vec<TopicIndex>,
    pub people: Vec<PersonIndex>,
    /// For each note, its attendees as people (`identity`): what note pages, cards and
    /// search show, rather than the spellings in `Note::attendees`.
    pub attendees: Vec<Vec<Attendee>>,
    /// People the notes write more than one way, for `minutes check`.
    pub merges: Vec<Merge>,
    /// For each note: the previous (older) and next (newer) listed meeting of its team.
    pub prev: Vec<Option<NoteId>>,
    pub next: Vec<Option<NoteId>>,
    /// Index of each team id in `teams`.
    pub team_by_id: HashMap<String, TeamId>,
}

#[derive(Debug, Clone)]
pub struct TeamIndex {
    pub id: String,
    pub name: String,
    pub repo: Option<String>,
    /// Newest first.
    pub notes: Vec<NoteId>,
}

#[derive(Debug, Clone)]
pub struct YearIndex {
    pub year: i32,
    /// Newest month first.
    pub months: Vec<MonthIndex>,
}

impl YearIndex {
    pub fn count(&self) -> usize {
        self.months.iter().map(|m| m.notes.len()).sum()
    }
}

#[derive(Debug, Clone)]
pub struct MonthIndex {
    pub month: u32,
    pub notes: Vec<NoteId>,
}

#[derive(Debug, Clone)]
pub struct TopicIndex {
    pub id: String,
    pub name: String,
    pub notes: Vec<NoteId>,
}

#[derive(Debug, Clone)]
pub struct PersonIndex {
    pub id: String,
    pub name: String,
    pub handle: Option<String>,
    /// Meetings attended, newest first, with the roles held in each.
    pub notes: Vec<(NoteId, Vec<Role>)>,
}

impl Archive {
    pub fn team(&self, id: &str) -> Option<&TeamIndex> {
        self.team_by_id.get(id).map(|&i| &self.teams[i])
    }
}

/// Builds the archive from inferred notes. Drafts are dropped unless `config.drafts`.
pub fn build(notes: Vec<Note>, config: &Config) -> (Archive, Vec<Diagnostic>) {
    let mut notes: Vec<Note> = notes
        .into_iter()
        .filter(|n| config.drafts || !n.draft)
        .collect();
    notes.sort_by(|a, b| {
        let da = a.date.as_ref().map(|d| d.value);
        let db = b.date.as_ref().map(|d| d.value);
        // Dated before undated; newer before older; then by path for a stable order.
        db.is_some()
            .cmp(&da.is_some())
            .then(db.cmp(&da))
            .then_with(|| a.source.cmp(&b.source))
    });
    let (urls, diagnostics) = assign_urls(&notes);
    let listed: Vec<NoteId> = NoteId::all(notes.len())
        .filter(|&i| notes[i].kind == NoteKind::Meeting)
        .collect();
    merge_spellings(&mut notes, config);
    let teams = team_index(&notes, &listed, config);
    let team_by_id = teams
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id.clone(), TeamId::new(i)))
        .collect();
    let years = date_index(&notes, &listed);
    let topics = topic_index(&notes, &listed);
    let identities = identity::resolve(&notes, &config.people);
    let people = people_index(&identities.attendees, &listed);
    let (prev, next) = neighbours(&notes, &teams);
    (
        Archive {
            notes,
            urls,
            listed,
            teams,
            years,
            topics,
            people,
            attendees: identities.attendees,
            merges: identities.merges,
            prev,
            next,
            team_by_id,
        },
        diagnostics,
    )
}

/// Each note's URL, in the order of `notes`, and a diagnostic for each note that could not
/// have the URL its path asks for.
fn assign_urls(notes: &[Note]) -> (Vec<String>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    // URLs: mirror the source path, so links people already share keep their shape.
    // Collisions are assigned in source order so the result does not depend on dates.
    let mut order: Vec<usize> = (0..notes.len()).collect();
    order.sort_by(|&a, &b| notes[a].source.cmp(&notes[b].source));
    let mut urls = vec![String::new(); notes.len()];
    let mut taken: HashMap<String, usize> = HashMap::new();
    for i in order {
        let wanted = note_url(&notes[i]);
        let mut url = wanted.clone();
        let reserved = is_reserved(&url);
        let mut n = 2;
        while taken.contains_key(&url) || is_reserved(&url) {
            url = format!("{}-{n}/", wanted.trim_end_matches('/'));
            // Everything under `assets/`, `search/` and `refs/` is generated: move the
            // note out of that folder instead.
            if is_reserved(&url) {
                if let Some((first, rest)) = wanted.split_once('/') {
                    url = format!("{first}-{n}/{rest}");
                }
            }
            n += 1;
        }
        if url != wanted {
            let other = if reserved {
                "a page minutes generates".to_string()
            } else {
                notes[taken[&wanted]].source.clone()
            };
            diagnostics.push(Diagnostic::error(
                &notes[i].source,
                1,
                1,
                format!("URL /{wanted} is already used by {other}; this note is published at /{url} instead"),
            ));
        }
        taken.insert(url.clone(), i);
        urls[i] = url;
    }
    (urls, diagnostics)
}

/// Teams: configured ones get their names; others are named from their id.
fn team_index(notes: &[Note], listed: &[NoteId], config: &Config) -> Vec<TeamIndex> {
    let mut team_notes: BTreeMap<String, Vec<NoteId>> = BTreeMap::new();
    for &i in listed {
        if let Some(t) = &notes[i].team {
            team_notes.entry(t.value.clone()).or_default().push(i);
        }
    }
    let mut teams: Vec<TeamIndex> = team_notes
        .into_iter()
        .map(|(id, notes)| {
            let tc = config.teams.get(&id);
            TeamIndex {
                name: tc
                    .and_then(|t| t.name.clone())
                    .unwrap_or_else(|| team_name(&id)),
                repo: tc.and_then(|t| t.repo.clone()),
                id,
                notes,
            }
        })
        .collect();
    teams.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then(a.id.cmp(&b.id))
    });
    teams
}

/// Years, newest first, each with its months.
fn date_index(notes: &[Note], listed: &[NoteId]) -> Vec<YearIndex> {
    let mut by_month: BTreeMap<(i32, u32), Vec<NoteId>> = BTreeMap::new();
    for &i in listed {
        if let Some(d) = &notes[i].date {
            by_month
                .entry((d.value.year(), d.value.month()))
                .or_default()
                .push(i);
        }
    }
    let mut years: Vec<YearIndex> = Vec::new();
    for ((year, month), ids) in by_month.into_iter().rev() {
        if years.last().map(|y| y.year) != Some(year) {
            years.push(YearIndex {
                year,
                months: Vec::new(),
            });
        }
        if let Some(y) = years.last_mut() {
            y.months.push(MonthIndex { month, notes: ids });
        }
    }
    years
}

fn topic_index(notes: &[Note], listed: &[NoteId]) -> Vec<TopicIndex> {
    let mut topic_notes: BTreeMap<String, Vec<NoteId>> = BTreeMap::new();
    for &i in listed {
        for t in &notes[i].topics {
            topic_notes.entry(t.clone()).or_default().push(i);
        }
    }
    topic_notes
        .into_iter()
        .map(|(id, notes)| TopicIndex {
            name: id.replace('-', " "),
            id,
            notes,
        })
        .collect()
}

/// Everyone who attended a listed meeting, by id (`attendees` already says who is who).
fn people_index(attendees: &[Vec<Attendee>], listed: &[NoteId]) -> Vec<PersonIndex> {
    // By id; a hash map of slots rather than a BTreeMap keyed by cloned ids: 150,000
    // attendances at 10,000 notes, and `serve` redoes this after many edits.
    let mut people: Vec<PersonIndex> = Vec::new();
    let mut slot: HashMap<&str, usize> = HashMap::new();
    for &i in listed {
        for a in &attendees[i.index()] {
            let k = *slot.entry(a.id.as_str()).or_insert_with(|| {
                people.push(PersonIndex {
                    id: a.id.clone(),
                    name: a.name.clone(),
                    handle: a.handle.clone(),
                    notes: Vec::new(),
                });
                people.len() - 1
            });
            people[k].notes.push((i, a.roles.clone()));
        }
    }
    drop(slot);
    people.sort_unstable_by(|a, b| a.id.cmp(&b.id));
    people
}

/// Each note's previous and next meeting of its team (dated notes only).
fn neighbours(notes: &[Note], teams: &[TeamIndex]) -> (Vec<Option<NoteId>>, Vec<Option<NoteId>>) {
    let mut prev = vec![None; notes.len()];
    let mut next = vec![None; notes.len()];
    for t in teams {
        let dated: Vec<NoteId> = t
            .notes
            .iter()
            .copied()
            .filter(|&i| notes[i].date.is_some())
            .collect();
        for w in dated.windows(2) {
            // `dated` is newest first: w[0] is newer than w[1].
            prev[w[0]] = Some(w[1]);
            next[w[1]] = Some(w[0]);
        }
    }
    (prev, next)
}

/// Team ids that differ only in hyphens (`go-core-dev-te-am-weekly`,
/// `go-core-dev-team-weekly`) are one team, named by its most common spelling.
/// Configured ids are never rewritten.
fn merge_spellings(notes: &mut [Note], config: &Config) {
    let mut spellings: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for n in notes.iter() {
        if let Some(t) = &n.team {
            let key = t.value.replace(['-', '_'], "");
            *spellings
                .entry(key)
                .or_default()
                .entry(t.value.clone())
                .or_default() += 1;
        }
    }
    let mut canonical: HashMap<String, String> = HashMap::new();
    for ids in spellings.values() {
        if ids.len() < 2 {
            continue;
        }
        let best = ids
            .keys()
            .find(|id| config.teams.contains_key(*id))
            .cloned()
            .or_else(|| {
                ids.iter()
                    .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                    .map(|(id, _)| id.clone())
            });
        if let Some(best) = best {
            for id in ids.keys() {
                if !config.teams.contains_key(id) {
                    canonical.insert(id.clone(), best.clone());
                }
            }
        }
    }
    for n in notes.iter_mut() {
        if let Some(t) = &mut n.team {
            if let Some(c) = canonical.get(&t.value) {
                t.value = c.clone();
            }
        }
    }
}

/// `core/2022/2022-03-14--Core Sync.md` → `core/2022/2022-03-14--core-sync/`.
pub fn note_url(note: &Note) -> String {
    let without_ext = note
        .rel
        .rsplit_once('.')
        .map_or(note.rel.as_str(), |(s, _)| s);
    let mut url = String::with_capacity(without_ext.len() + 1);
    let mut segments = without_ext.split('/').peekable();
    while let Some(segment) = segments.next() {
        let last = segments.peek().is_none();
        let piece = match (&note.slug, last) {
            (Some(slug), true) => slug.clone(),
            _ => url_segment(segment),
        };
        if !piece.is_empty() {
            url.push_str(&piece);
            url.push('/');
        }
    }
    if url.is_empty() {
        url.push_str("note/");
    }
    url
}

/// Keeps a path segment recognisable: ASCII-folded, lower-case, `[a-z0-9._-]`, other
/// characters as `-`.
fn url_segment(s: &str) -> String {
    // Most paths are ASCII already: fold only the others.
    let ascii = if s.is_ascii() {
        s.to_ascii_lowercase()
    } else {
        deunicode::deunicode(s).to_ascii_lowercase()
    };
    let mut out = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches(['-', '.']).to_string()
}

/// Whether a note's page at `url` (a folder URL, `a/b/`; its page is `a/b/index.html`)
/// would replace or sit inside a file minutes generates: a generated folder's page
/// (`teams/`), anything under `assets/`, `search/` or `refs/`, or a path that runs through a
/// generated file (`index.html/`, `teams/core/atom.xml/`, `archive/2020/index.html/`), which
/// would turn that file into a folder. `site`'s tests check every path a build renders
/// against this.
pub fn is_reserved(url: &str) -> bool {
    let segments: Vec<&str> = url.trim_end_matches('/').split('/').collect();
    let through_a_file = (0..segments.len()).any(|k| {
        let file = segments[k];
        match &segments[..k] {
            [] => ROOT_FILES.contains(&file) || is_sitemap_part(file),
            ["teams", _] if file == FEED_FILE => true,
            folder => file == INDEX_FILE && is_generated_folder(&folder.join("/")),
        }
    });
    through_a_file || is_generated_folder(url)
}

/// Whether `url` is a folder whose page minutes generates, or lies under `assets/`,
/// `search/` or `refs/`.
fn is_generated_folder(url: &str) -> bool {
    let mut parts = url.trim_end_matches('/').split('/');
    let first = parts.next().unwrap_or("");
    // Reference pages are nested by owner, repository, number and page.
    if first == "refs" {
        return true;
    }
    // Only exact matches with generated pages collide: a note may live *under*
    // `archive/2019/…` in the source, but not *at* `archive/2019/`.
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    RESERVED.contains(&first) && url.trim_end_matches('/').matches('/').count() <= 3 && {
        let rest: Vec<&str> = parts.collect();
        match (first, rest.as_slice()) {
            (_, []) => true,
            ("archive", [y]) => y.len() == 4 && digits(y),
            // A long year's later pages: `archive/2019/page/2/`.
            ("archive", [y, "page"]) => y.len() == 4 && digits(y),
            ("archive", [y, "page", n]) => y.len() == 4 && digits(y) && digits(n),
            ("archive", [y, m]) => {
                y.chars().all(|c| c.is_ascii_digit()) && m.chars().all(|c| c.is_ascii_digit())
            }
            ("teams" | "topics" | "people", [_]) => true,
            ("teams" | "topics" | "people", [_, "page"]) => true,
            ("teams" | "topics" | "people", [_, "page", n]) => digits(n),
            ("assets" | "search", _) => true,
            _ => false,
        }
    }
}

/// `design-meeting-minutes` → `Design meeting minutes`, `js-core-dev-team-weekly` →
/// `JS core dev team weekly`; names with digits (`libp2p`) keep their case.
pub fn team_name(id: &str) -> String {
    const ACRONYMS: &[&str] = &[
        "js", "ipfs", "ipld", "ipns", "tsc", "api", "ui", "ux", "ci", "cd", "dht", "wg", "pm",
        "http", "gui", "qa", "rfc", "tc", "ietf", "w3c", "dx", "sdk", "cli", "wasm", "evm",
    ];
    let words: Vec<String> = id
        .split(['-', '_'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            if ACRONYMS.contains(&w) {
                w.to_uppercase()
            } else {
                w.to_string()
            }
        })
        .collect();
    let mut s = words.join(" ");
    let first_has_digit = words
        .first()
        .is_some_and(|w| w.chars().any(|c| c.is_ascii_digit()));
    if s.chars().next().is_some_and(|c| c.is_ascii_lowercase()) && !first_has_digit {
        s = s[..1].to_uppercase() + &s[1..];
    }
    s
}

/// Slug used for person pages.
pub fn person_slug(id: &str) -> String {
    let s = slugify(id);
    if s.is_empty() {
        "unknown".to_string()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Attendee;

    fn note(rel: &str, date: Option<&str>, team: Option<&str>) -> Note {
        crate::model::test_note(rel, rel, date, team)
    }

    #[test]
    fn sorted_newest_first_with_undated_last() {
        let (a, _) = build(
            vec![
                note("b.md", Some("2020-01-01"), None),
                note("u.md", None, None),
                note("a.md", Some("2022-05-01"), None),
            ],
            &Config::default(),
        );
        let order: Vec<&str> = a.notes.iter().map(|n| n.source.as_str()).collect();
        assert_eq!(order, ["a.md", "b.md", "u.md"]);
        assert_eq!(
            a.years.iter().map(|y| y.year).collect::<Vec<_>>(),
            [2022, 2020]
        );
    }

    #[test]
    fn prev_next_stay_within_the_team() {
        let (a, _) = build(
            vec![
                note("go/1.md", Some("2020-01-01"), Some("go")),
                note("js/1.md", Some("2020-01-02"), Some("js")),
                note("go/2.md", Some("2020-01-03"), Some("go")),
            ],
            &Config::default(),
        );
        let idx = |s: &str| NoteId::new(a.notes.iter().position(|n| n.source == s).unwrap());
        assert_eq!(a.next[idx("go/1.md")], Some(idx("go/2.md")));
        assert_eq!(a.prev[idx("go/2.md")], Some(idx("go/1.md")));
        assert_eq!(a.prev[idx("js/1.md")], None);
    }

    #[test]
    fn colliding_urls_are_reported_not_overwritten() {
        let (a, d) = build(
            vec![
                note("x/A b.md", None, None),
                note("x/a-b.md", None, None),
                note("teams.md", None, None),
                note("refs/o/r/1.md", None, None),
                note("assets/logo.md", None, None),
            ],
            &Config::default(),
        );
        let mut urls = a.urls.clone();
        urls.sort();
        assert_eq!(
            urls,
            [
                "assets-2/logo/",
                "refs-2/o/r/1/",
                "teams-2/",
                "x/a-b-2/",
                "x/a-b/"
            ]
        );
        assert_eq!(d.len(), 4, "{d:?}");
        assert!(d.iter().all(|d| d.is_error()));
    }

    #[test]
    fn a_note_cannot_turn_a_generated_file_into_a_folder() {
        let (a, d) = build(
            vec![
                note("index.html.md", None, None),
                note("atom.xml.md", None, None),
                note("sitemap.xml.md", None, None),
                note("404.html.md", None, None),
                note("teams/core/atom.xml.md", None, None),
                note("teams/index.html.md", None, None),
                note("archive/2020/index.html.md", None, None),
                note("notes/index.html.md", None, None),
            ],
            &Config::default(),
        );
        let mut urls = a.urls.clone();
        urls.sort();
        assert_eq!(
            urls,
            [
                "404.html-2/",
                "archive/2020/index.html-2/",
                "atom.xml-2/",
                "index.html-2/",
                "notes/index.html/",
                "sitemap.xml-2/",
                "teams-2/index.html/",
                "teams/core/atom.xml-2/",
            ]
        );
        assert_eq!(d.len(), 7, "{d:?}");
        assert!(d.iter().all(|d| d.is_error()));
        let home = d.iter().find(|d| d.path == "index.html.md").unwrap();
        assert_eq!(
            home.to_string(),
            "index.html.md:1:1: error: URL /index.html/ is already used by a page minutes generates; this note is published at /index.html-2/ instead"
        );
    }

    #[test]
    fn people_merge_across_meetings() {
        let mut n1 = note("1.md", Some("2020-01-01"), None);
        n1.attendees.push(Attendee {
            id: "raulk".into(),
            name: "raulk".into(),
            handle: Some("raulk".into()),
            roles: vec![],
            note: None,
        });
        let mut n2 = note("2.md", Some("2020-01-08"), None);
        n2.attendees.push(Attendee {
            id: "raulk".into(),
            name: "Raúl Kripalani".into(),
            handle: Some("raulk".into()),
            roles: vec![Role::Moderator],
            note: None,
        });
        let (a, _) = build(vec![n1, n2], &Config::default());
        assert_eq!(a.people.len(), 1);
        assert_eq!(a.people[0].name, "Raúl Kripalani");
        assert_eq!(a.people[0].notes.len(), 2);
    }

    #[test]
    fn team_spellings_that_differ_in_hyphens_merge() {
        let (a, _) = build(
            vec![
                note("1.md", Some("2019-01-01"), Some("go-core-dev-team-weekly")),
                note("2.md", Some("2019-01-08"), Some("go-core-dev-team-weekly")),
                note("3.md", Some("2019-01-15"), Some("go-core-dev-te-am-weekly")),
            ],
            &Config::default(),
        );
        assert_eq!(a.teams.len(), 1);
        assert_eq!(a.teams[0].id, "go-core-dev-team-weekly");
        assert_eq!(a.teams[0].notes.len(), 3);
        assert_eq!(a.teams[0].name, "Go core dev team weekly");
        assert_eq!(
            team_name("js-core-dev-team-weekly"),
            "JS core dev team weekly"
        );
        assert_eq!(team_name("libp2p"), "libp2p");
    }

    #[test]
    fn drafts_and_stubs() {
        let mut d = note("d.md", None, None);
        d.draft = true;
        let mut s = note("s.md", None, None);
        s.kind = NoteKind::Stub;
        let (a, _) = build(vec![d.clone(), s.clone()], &Config::default());
        assert_eq!(a.notes.len(), 1);
        assert!(a.listed.is_empty());
        let config = Config {
            drafts: true,
            ..Config::default()
        };
        let (a, _) = build(vec![d, s], &config);
        assert_eq!(a.listed.len(), 1);
    }
}
