//! What templates see. Plain serializable structs built from the archive; templates never
//! see internal types, so those can change without breaking a user's theme.
//!
//! Every `url` here is a site path that already carries the base path (`/repo/teams/go/`),
//! so templates never build URLs themselves. `abs_url` fields (feeds, sitemap) carry the
//! full `base_url`.

use crate::archive::{Archive, PersonIndex, TeamIndex};
use crate::ids::NoteId;
use crate::model::{Note, Role};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;

/// Present on every page as `site`.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    pub title: String,
    pub description: String,
    /// `/` or `/repo/`; prefix of every internal link.
    pub base_path: String,
    /// Absolute `base_url` with a trailing slash, or empty when none was configured.
    pub base_url: String,
    pub language: String,
    pub teams: Vec<TeamLink>,
    pub counts: Counts,
    /// Asset URLs, with a content hash so browsers never keep a stale copy.
    pub assets: BTreeMap<String, String>,
    /// Site feed URL.
    pub feed_url: String,
    pub generator: String,
    /// `[extra]` from minutes.toml.
    pub extra: BTreeMap<String, toml::Value>,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct Counts {
    pub notes: usize,
    pub teams: usize,
    pub topics: usize,
    pub people: usize,
    /// Repositories whose issues the notes reference: the header links to them when
    /// there are any.
    pub repos: usize,
    /// `2018–2024`, or empty.
    pub years: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TeamLink {
    pub id: String,
    pub name: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TopicLink {
    pub id: String,
    pub name: String,
    pub url: String,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct PersonLink {
    pub id: String,
    pub name: String,
    pub handle: Option<String>,
    pub url: String,
    /// Roles in the meeting at hand (`moderator`, `notetaker`), or empty.
    pub roles: Vec<String>,
    /// Meetings attended, where that helps choose (people lists); else 0.
    pub count: usize,
    /// What the meeting at hand says of their attendance (`walking`, `OpenJS board`).
    pub note: Option<String>,
}

/// A dated, human-readable date: `iso` for `datetime` attributes, `display` for people.
#[derive(Debug, Clone, Serialize)]
pub struct DateView {
    /// `2023-01-24`
    pub iso: String,
    /// `Tue 24 Jan 2023`
    pub display: String,
    /// `24 Jan`
    pub short: String,
    pub year: i32,
    pub month: u32,
    pub day: u32,
    pub weekday: String,
}

impl DateView {
    pub fn new(d: NaiveDate) -> DateView {
        // Built by hand: one is made per card, and chrono's strftime parsing showed up in
        // profiles of large archives.
        let wd = d.weekday().num_days_from_monday() as usize;
        let month = MONTHS[d.month0() as usize];
        DateView {
            iso: format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()),
            display: format!("{} {} {month} {}", WEEKDAYS[wd], d.day(), d.year()),
            short: format!("{} {month}", d.day()),
            year: d.year(),
            month: d.month(),
            day: d.day(),
            weekday: WEEKDAY_NAMES[wd].to_string(),
        }
    }
}

/// One meeting in a list.
#[derive(Debug, Clone, Serialize)]
pub struct NoteCard {
    pub url: String,
    pub title: String,
    /// What tells it apart from notes with the same title (`Mon 12 Aug 2019`, `Core, Tue
    /// 24 Jan 2023`), shown after the title; `None` when no other note has its title.
    pub title_extra: Option<String>,
    pub date: Option<DateView>,
    pub team: Option<TeamLink>,
    pub summary: String,
    pub attendee_count: usize,
    /// Roles the person held, on person pages; else empty.
    pub roles: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// The note page's `note`.
#[derive(Debug, Clone, Serialize)]
pub struct NoteView {
    pub url: String,
    pub title: String,
    pub date: Option<DateView>,
    /// Time as written (`18:00 UTC`), when known.
    pub time: Option<String>,
    pub team: Option<TeamLink>,
    pub attendees: Vec<PersonLink>,
    pub topics: Vec<TopicLink>,
    /// Rendered body HTML.
    pub content: String,
    /// Every heading of the body.
    pub toc: Vec<TocEntry>,
    /// Whether the body opens with an `<h1>` that repeats the title: the theme shows it
    /// once, and leaves it out of `toc_entries`.
    pub title_heading: bool,
    /// The table of contents as shown: `toc` without a heading that repeats the title.
    pub toc_entries: Vec<TocEntry>,
    /// The shallowest level in `toc_entries` (6 when there is none).
    pub toc_top: u8,
    pub summary: String,
    pub word_count: usize,
    /// Path relative to the archive root.
    pub source: String,
    pub edit_url: Option<String>,
    /// `meeting`, `stub` or `html`.
    pub kind: crate::model::NoteKind,
    pub repo: Option<String>,
    /// Unknown front-matter keys, as written.
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// A group of meetings under a heading (a year, a month, a day).
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    pub label: String,
    /// Link for the heading (a year or month page), when there is one.
    pub url: Option<String>,
    pub notes: Vec<NoteCard>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Pagination {
    pub current: usize,
    pub total: usize,
    pub prev: Option<String>,
    pub next: Option<String>,
    pub pages: Vec<PageLink>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PageLink {
    pub number: usize,
    pub url: String,
    pub current: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct TeamSummary {
    pub link: TeamLink,
    pub count: usize,
    pub last: Option<NoteCard>,
    /// `weekly`, `every 2 weeks`, `monthly`, `irregular`, or empty for one meeting.
    pub cadence: String,
    /// `2018–2024` or `2023`.
    pub years: String,
    pub repo: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MonthSummary {
    pub year: i32,
    pub month: u32,
    /// `March`
    pub name: String,
    pub url: String,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct YearSummary {
    pub year: i32,
    pub url: String,
    pub count: usize,
    /// Newest first.
    pub months: Vec<MonthSummary>,
}

/// A month as a calendar grid: weeks of seven days starting Monday; `None` pads.
#[derive(Debug, Clone, Serialize)]
pub struct MonthGrid {
    pub weekdays: Vec<String>,
    pub weeks: Vec<Vec<Option<DayCell>>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DayCell {
    pub day: u32,
    pub iso: String,
    pub notes: Vec<NoteCard>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FeedEntry {
    pub title: String,
    pub abs_url: String,
    /// RFC 3339, midnight UTC of the meeting date.
    pub updated: String,
    pub summary: String,
    pub team: Option<String>,
}

/// A GitHub reference in a note's "Referenced" panel.
#[derive(Debug, Clone, Serialize)]
pub struct RefView {
    /// `pokt-network/pocket#450`, `o/r@a5c3785`
    pub label: String,
    /// What the issue is: its title on GitHub when the build could ask, else as the notes
    /// name it (`Base32 CIDv1 migration`), when they do.
    pub name: Option<String>,
    /// `open`, `closed`, `merged` or `draft`, when GitHub said.
    pub state: Option<crate::github::State>,
    /// The issue's page in this site; for commits, GitHub.
    pub url: String,
    /// A tooltip: how often it comes up.
    pub title: String,
    pub github_url: String,
    /// Meetings that mention it (issues), else 0.
    pub count: usize,
    /// Other meetings that mention it (issues), else 0.
    pub others: usize,
    /// `issue` or `commit`.
    pub kind: RefKind,
}

/// What a reference in a note's panel points at (`ref.kind` in templates).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RefKind {
    /// An issue, pull request or discussion: it has a page in the site.
    Issue,
    Commit,
}

/// A referenced issue, pull request or discussion in a list.
#[derive(Debug, Clone, Serialize)]
pub struct IssueLink {
    /// `pokt-network/pocket#450`
    pub label: String,
    /// What it is: its title on GitHub, else as the notes name it, when they do.
    pub name: Option<String>,
    /// `open`, `closed`, `merged` or `draft`, when GitHub said.
    pub state: Option<crate::github::State>,
    /// Its labels on GitHub.
    pub labels: Vec<String>,
    pub number: u64,
    /// Its page in this site.
    pub url: String,
    pub github_url: String,
    /// Meetings that mention it.
    pub count: usize,
    pub first: Option<DateView>,
    pub last: Option<DateView>,
}

/// A repository whose issues notes reference.
#[derive(Debug, Clone, Serialize)]
pub struct RepoLink {
    /// `pokt-network/pocket`
    pub name: String,
    pub url: String,
    pub github_url: String,
    /// Referenced issues.
    pub issues: usize,
    /// Meetings that reference any of them.
    pub meetings: usize,
}

/// One meeting on an issue's page: the note and each place it mentions the issue.
#[derive(Debug, Clone, Serialize)]
pub struct MentionView {
    /// The meeting (date, title, team) as HTML, from `partials/mention_note.html`.
    pub head: String,
    pub spots: Vec<SpotView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SpotView {
    /// The reference's anchor in the note: `/core/2023-01-24/#ref-3`.
    pub url: String,
    /// The sentence, list item or table row, as plain text.
    pub context: String,
    /// The section it is in, and a link to it.
    pub heading: Option<String>,
    pub heading_url: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SitemapEntry {
    pub abs_url: String,
    pub lastmod: Option<String>,
}

/// Builds links and cards; holds the per-note data computed by the markdown pass.
pub struct Linker<'a> {
    pub archive: &'a Archive,
    pub base_path: &'a str,
    /// Summary of each note (by note index), from the markdown pass.
    pub summaries: &'a [String],
}

impl<'a> Linker<'a> {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_path, path)
    }

    pub fn team_link(&self, t: &TeamIndex) -> TeamLink {
        TeamLink {
            id: t.id.clone(),
            name: t.name.clone(),
            url: self.url(&team_path(&t.id)),
        }
    }

    pub fn team_link_of(&self, note: &Note) -> Option<TeamLink> {
        let id = &note.team.as_ref()?.value;
        self.archive.team(id).map(|t| self.team_link(t))
    }

    pub fn card(&self, i: NoteId) -> NoteCard {
        let n = &self.archive.notes[i];
        NoteCard {
            url: self.url(&self.archive.urls[i]),
            title: n.title.value.clone(),
            title_extra: None,
            date: n.date.as_ref().map(|d| DateView::new(d.value)),
            team: self.team_link_of(n),
            summary: self.summaries.get(i.index()).cloned().unwrap_or_default(),
            attendee_count: self.archive.attendees[i.index()].len(),
            roles: Vec::new(),
        }
    }

    pub fn person_link(&self, p: &PersonIndex, roles: &[Role]) -> PersonLink {
        PersonLink {
            id: p.id.clone(),
            name: p.name.clone(),
            handle: p.handle.clone(),
            url: self.url(&person_path(&p.id)),
            roles: role_names(roles),
            count: p.notes.len(),
            note: None,
        }
    }
}

pub fn role_names(roles: &[Role]) -> Vec<String> {
    roles
        .iter()
        .map(|r| match r {
            Role::Moderator => "moderator".to_string(),
            Role::Notetaker => "notetaker".to_string(),
        })
        .collect()
}

pub fn team_path(id: &str) -> String {
    format!("teams/{id}/")
}

pub fn topic_path(id: &str) -> String {
    format!("topics/{id}/")
}

pub fn person_path(id: &str) -> String {
    format!("people/{}/", crate::archive::person_slug(id))
}

pub fn refs_path() -> String {
    "refs/".to_string()
}

/// `refs/<owner>/<repo>/`. Names are already lower-case and URL-safe; a leading dot
/// (`.github`) would make a hidden folder that some hosts do not serve.
pub fn repo_path(owner: &str, repo: &str) -> String {
    let segment = |s: &str| match s.strip_prefix('.') {
        Some(rest) => format!("_{rest}"),
        None => s.to_string(),
    };
    format!("refs/{}/{}/", segment(owner), segment(repo))
}

/// `refs/<owner>/<repo>/<number>.html`: a file, not a folder with an `index.html`, since
/// a reference-heavy archive has tens of thousands of issue pages and each folder costs
/// an inode to create and delete (on ext4 a `mkdir` costs more than the file in it).
pub fn issue_path(owner: &str, repo: &str, number: u64) -> String {
    format!("{}{number}.html", repo_path(owner, repo))
}

/// Hex digits of an item page's name: 48 bits, so two of an archive's items share one
/// only by a collision that [`action_item_paths`] resolves.
const DIGITS: usize = 12;

/// Each tracked action item's page (`render::action_item`; search links to it too), by its index in the ledger's `actions`: a file (as issue
/// pages are: an archive can hold tens of thousands of items, and a folder per item
/// doubles the inodes) named by a digest of its first mention's note URL and anchor. The
/// name stays while that mention does: a running number would shift each time an earlier
/// item appeared. A digest already taken (not expected) is salted with a counter.
pub fn action_item_paths(ledger: &crate::outcomes::Ledger, urls: &[String]) -> Vec<String> {
    let mut taken = std::collections::HashSet::new();
    ledger
        .actions
        .iter()
        .map(|t| {
            let first = t.first();
            let spot = format!("{}#{}", urls[first.note], ledger.outcome(first).anchor);
            let mut salt = 0usize;
            loop {
                let extra = if salt == 0 { String::new() } else { format!("~{salt}") };
                let hex = crate::digest::hex_parts([spot.as_bytes(), extra.as_bytes()]);
                let path = format!("actions/{}.html", &hex[..DIGITS]);
                if taken.insert(path.clone()) {
                    return path;
                }
                salt += 1;
            }
        })
        .collect()
}

pub fn year_path(year: i32) -> String {
    format!("archive/{year}/")
}

pub fn month_path(year: i32, month: u32) -> String {
    format!("archive/{year}/{month:02}/")
}

/// Path of page `n` (1-based) of a paginated list at `first`.
pub fn page_path(first: &str, n: usize) -> String {
    if n <= 1 {
        first.to_string()
    } else {
        format!("{first}page/{n}/")
    }
}

pub fn pagination(first: &str, current: usize, total: usize, base_path: &str) -> Pagination {
    let url = |n: usize| format!("{base_path}{}", page_path(first, n));
    Pagination {
        current,
        total,
        prev: (current > 1).then(|| url(current - 1)),
        next: (current < total).then(|| url(current + 1)),
        pages: (1..=total)
            .map(|n| PageLink {
                number: n,
                url: url(n),
                current: n == current,
            })
            .collect(),
    }
}

pub fn month_name(month: u32) -> String {
    NaiveDate::from_ymd_opt(2000, month, 1)
        .map(|d| d.format("%B").to_string())
        .unwrap_or_default()
}

/// `weekly`, `every 2 weeks`, `monthly`, … from the median gap between meetings.
pub fn cadence(dates: &[NaiveDate]) -> String {
    if dates.len() < 2 {
        return String::new();
    }
    let mut sorted = dates.to_vec();
    sorted.sort();
    let mut gaps: Vec<i64> = sorted
        .windows(2)
        .map(|w| (w[1] - w[0]).num_days())
        .filter(|&g| g > 0)
        .collect();
    if gaps.is_empty() {
        return String::new();
    }
    gaps.sort();
    let median = gaps[gaps.len() / 2];
    match median {
        0..=2 => "daily".into(),
        3..=9 => "weekly".into(),
        10..=17 => "every 2 weeks".into(),
        18..=24 => "every 3 weeks".into(),
        25..=45 => "monthly".into(),
        _ => "irregular".into(),
    }
}

/// `2018–2024`, `2023`, or empty.
pub fn year_span(dates: impl Iterator<Item = NaiveDate>) -> String {
    let (mut lo, mut hi) = (i32::MAX, i32::MIN);
    for d in dates {
        lo = lo.min(d.year());
        hi = hi.max(d.year());
    }
    match (lo, hi) {
        (i32::MAX, _) => String::new(),
        (a, b) if a == b => a.to_string(),
        (a, b) => format!("{a}–{b}"),
    }
}

const WEEKDAY_NAMES: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
pub(crate) const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
pub(crate) const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A month as weeks starting on Monday.
pub fn month_grid(year: i32, month: u32, cards: &[(NaiveDate, NoteCard)]) -> MonthGrid {
    let first = NaiveDate::from_ymd_opt(year, month, 1).unwrap_or_default();
    let mut weeks = Vec::new();
    let mut week: Vec<Option<DayCell>> =
        vec![None; first.weekday().num_days_from_monday() as usize];
    let mut day = first;
    while day.month() == month {
        week.push(Some(DayCell {
            day: day.day(),
            iso: day.format("%Y-%m-%d").to_string(),
            notes: cards
                .iter()
                .filter(|(d, _)| *d == day)
                .map(|(_, c)| c.clone())
                .collect(),
        }));
        if week.len() == 7 {
            weeks.push(std::mem::take(&mut week));
        }
        match day.succ_opt() {
            Some(d) => day = d,
            None => break,
        }
    }
    if !week.is_empty() {
        week.resize(7, None);
        weeks.push(week);
    }
    MonthGrid {
        weekdays: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        weeks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn dates_are_unambiguous() {
        let v = DateView::new(d("2023-01-24"));
        assert_eq!(v.display, "Tue 24 Jan 2023");
        assert_eq!(v.iso, "2023-01-24");
    }

    #[test]
    fn cadence_from_median_gap() {
        let weekly: Vec<_> = (0..10)
            .map(|i| d("2020-01-06") + chrono::Duration::weeks(i))
            .collect();
        assert_eq!(cadence(&weekly), "weekly");
        let biweekly: Vec<_> = (0..10)
            .map(|i| d("2020-01-06") + chrono::Duration::weeks(2 * i))
            .collect();
        assert_eq!(cadence(&biweekly), "every 2 weeks");
        assert_eq!(cadence(&[d("2020-01-06")]), "");
    }

    #[test]
    fn month_grid_starts_on_monday() {
        // 1 Feb 2023 was a Wednesday.
        let g = month_grid(2023, 2, &[]);
        assert!(g.weeks[0][0].is_none() && g.weeks[0][1].is_none());
        assert_eq!(g.weeks[0][2].as_ref().unwrap().day, 1);
        assert_eq!(g.weeks.len(), 5);
    }

    #[test]
    fn pagination_links_carry_base_path() {
        let p = pagination("teams/go/", 2, 3, "/repo/");
        assert_eq!(p.prev.as_deref(), Some("/repo/teams/go/"));
        assert_eq!(p.next.as_deref(), Some("/repo/teams/go/page/3/"));
    }
}
