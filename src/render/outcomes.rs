//! Decisions and action items (issue 18): `/decisions/` (and its team and year pages),
//! `/actions/`, the Atom feed of each team's decisions, and the views the note box, team
//! pages and the header use.

use super::action_groups::ACTIONS_PER_GROUP;
use super::*;
use crate::outcomes::follow::Spot;
use crate::outcomes::{Kind, Ledger, Outcome, Tracked};
use std::collections::HashMap;

/// Decisions the team page and the note box show at most.
const TEAM_RECENT: usize = 10;
/// Decisions one decisions page shows, newest first; the rest are on its next pages
/// (`page/N/`), as a year's meetings are.
const DECISIONS_PER_PAGE: usize = 100;

/// How many pages a list of `n` decisions takes (one when it is empty).
pub(super) fn decision_pages(n: usize) -> usize {
    n.div_ceil(DECISIONS_PER_PAGE).max(1)
}

/// A decision or action item as pages show it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct OutcomeView {
    pub kind: Kind,
    /// Inline Markdown rendered safely (`outcomes::html`).
    pub html: String,
    pub anchor: String,
    /// The note's page with the anchor of the spot.
    pub url: String,
    pub agenda: Option<String>,
    pub note_title: String,
    pub note_url: String,
    pub date: Option<DateView>,
    pub team: Option<TeamLink>,
    pub assignees: Vec<Assignee>,
    pub due: Option<String>,
    pub done: bool,
    /// Meetings of its team it has been open for (action items followed across meetings).
    pub age: usize,
    /// Meetings it came up in.
    pub meetings: usize,
    /// The page of the action item it belongs to, followed across meetings.
    pub item_url: Option<String>,
}

/// Someone an action item names: their page when the archive knows them.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Assignee {
    pub name: String,
    pub url: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
struct MonthGroup {
    label: String,
    items: Vec<OutcomeView>,
}

#[derive(Debug, Clone, Serialize)]
struct FilterLink {
    name: String,
    url: String,
    count: usize,
    current: bool,
}

/// Which decisions a decisions page lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Filter {
    All,
    Team(TeamId),
    Year(i32),
}

/// What the header and home page link to: only what the archive has.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct OutcomeLinks {
    pub decisions: usize,
    pub actions: usize,
}

pub(super) fn decisions_path() -> String {
    "decisions/".into()
}

pub(crate) fn decisions_team_path(id: &str) -> String {
    format!("decisions/team/{id}/")
}

pub(super) fn decisions_year_path(year: i32) -> String {
    format!("decisions/{year}/")
}

pub(super) fn actions_path() -> String {
    "actions/".into()
}

/// For each of `people` persons, the indexes in `ledger.actions` of the items assigned to
/// them, in the ledger's order (newest first): one pass over the items.
pub(super) fn actions_by_person(
    ledger: &Ledger,
    keys: &HashMap<String, PersonId>,
    people: usize,
) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new(); people];
    for (k, t) in ledger.actions.iter().enumerate() {
        for who in &t.assignees {
            if let Some(&p) = keys.get(&who.to_lowercase()) {
                let mine: &mut Vec<usize> = &mut out[p.index()];
                if mine.last() != Some(&k) {
                    mine.push(k);
                }
            }
        }
    }
    out
}

/// What every decisions page shows of all the decisions, worked out once per build.
#[derive(Debug, Default)]
pub(super) struct DecisionFacts {
    /// Each decision's team, aligned with the ledger's `decisions`.
    team: Vec<Option<TeamId>>,
    /// Teams with decisions, in the archive's team order, and how many each has.
    teams: Vec<(TeamId, usize)>,
    /// Years with decisions, newest first, and how many each has.
    years: Vec<(i32, usize)>,
}

impl DecisionFacts {
    pub(super) fn new(a: &Archive, ledger: &Ledger) -> DecisionFacts {
        let team: Vec<Option<TeamId>> = ledger
            .decisions
            .iter()
            .map(|s| {
                let id = &a.notes[s.note].team.as_ref()?.value;
                a.team_by_id.get(id).copied()
            })
            .collect();
        let mut teams: BTreeMap<usize, usize> = BTreeMap::new();
        for t in team.iter().flatten() {
            *teams.entry(t.index()).or_default() += 1;
        }
        let mut years: BTreeMap<i32, usize> = BTreeMap::new();
        for s in &ledger.decisions {
            if let Some(d) = &a.notes[s.note].date {
                *years.entry(d.value.year()).or_default() += 1;
            }
        }
        DecisionFacts {
            team,
            teams: teams.into_iter().map(|(t, n)| (TeamId::new(t), n)).collect(),
            years: years.into_iter().rev().collect(),
        }
    }
}

impl Renderer<'_> {
    fn ledger(&self) -> &Ledger {
        self.outcomes
    }

    fn assignee(&self, who: &str) -> Assignee {
        let key = who.to_lowercase();
        let person = self.people_keys.get(&key).map(|&p| &self.archive.people[p]);
        Assignee {
            name: crate::engine::outcomes::shown_person(who),
            url: person.map(|p| self.linker.url(&person_path(&p.id))),
        }
    }

    /// The view of the outcome at `spot`; for an action item, as followed across meetings.
    pub(super) fn outcome_view(&self, spot: Spot) -> OutcomeView {
        let a = self.archive;
        let l = &self.linker;
        let o: &Outcome = self.ledger().outcome(spot);
        let n = &a.notes[spot.note];
        let note_url = l.url(&a.urls[spot.note]);
        let k = self.ledger().action_of.get(&spot).copied();
        let tracked = k.map(|k| &self.ledger().actions[k]);
        OutcomeView {
            kind: o.kind,
            html: o.html.clone(),
            anchor: o.anchor.clone(),
            url: format!("{note_url}#{}", o.anchor),
            agenda: o.agenda.as_ref().map(|a| a.1.clone()),
            note_title: n.title.value.clone(),
            note_url,
            date: n.date.as_ref().map(|d| DateView::new(d.value)),
            team: l.team_link_of(n),
            assignees: o.assignees.iter().map(|w| self.assignee(w)).collect(),
            due: tracked
                .and_then(|t| t.due)
                .map(|d| d.format("%Y-%m-%d").to_string()),
            done: tracked.map_or(o.done, |t| t.done),
            age: tracked.map_or(0, |t| t.age),
            meetings: tracked.map_or(1, |t| t.mentions.len()),
            item_url: k
                .and_then(|k| self.action_paths.get(k))
                .map(|p| l.url(p)),
        }
    }

    /// A tracked action item, shown where it was last written.
    pub(super) fn action_view(&self, t: &Tracked) -> OutcomeView {
        self.outcome_view(t.last())
    }

    /// Note `i`'s decisions and action items, for the box at the top of its page.
    pub(super) fn note_outcomes(&self, i: NoteId) -> Vec<OutcomeView> {
        let n = self.ledger().notes.get(i.index()).map_or(0, Vec::len);
        (0..n)
            .map(|index| self.outcome_view(Spot { note: i.index(), index }))
            .collect()
    }

    pub(super) fn outcome_links(&self) -> OutcomeLinks {
        OutcomeLinks {
            decisions: self.ledger().decisions.len(),
            actions: self.ledger().actions.len(),
        }
    }

    fn decision_spots(&self, filter: Filter) -> Vec<Spot> {
        let a = self.archive;
        let f = &self.decision_facts;
        self.ledger()
            .decisions
            .iter()
            .zip(&f.team)
            .filter(|&(s, &team)| match filter {
                Filter::All => true,
                Filter::Team(t) => team == Some(t),
                Filter::Year(y) => a.notes[s.note].date.as_ref().map(|d| d.value.year()) == Some(y),
            })
            .map(|(&s, _)| s)
            .collect()
    }

    /// Years with decisions, newest first, and how many each has.
    pub(super) fn decision_years(&self) -> Vec<(i32, usize)> {
        self.decision_facts.years.clone()
    }

    /// Teams with decisions, in the archive's team order, and how many each has.
    pub(super) fn decision_teams(&self) -> Vec<(TeamId, usize)> {
        self.decision_facts.teams.clone()
    }

    fn filter_links(&self, current: Filter) -> (Vec<FilterLink>, Vec<FilterLink>) {
        let l = &self.linker;
        let teams = self
            .decision_teams()
            .into_iter()
            .map(|(t, count)| FilterLink {
                name: self.archive.teams[t].name.clone(),
                url: l.url(&decisions_team_path(&self.archive.teams[t].id)),
                count,
                current: current == Filter::Team(t),
            })
            .collect();
        let years = self
            .decision_years()
            .into_iter()
            .map(|(y, count)| FilterLink {
                name: y.to_string(),
                url: l.url(&decisions_year_path(y)),
                count,
                current: current == Filter::Year(y),
            })
            .collect();
        (teams, years)
    }

    /// A decisions page: newest first, grouped by month (undated last).
    pub(super) fn decisions(
        &self,
        filter: Filter,
        page: usize,
        path: &str,
    ) -> Result<File, Diagnostic> {
        let mut cx = tera::Context::new();
        let mut months: Vec<MonthGroup> = Vec::new();
        let spots = self.decision_spots(filter);
        let first = match filter {
            Filter::All => decisions_path(),
            Filter::Team(t) => decisions_team_path(&self.archive.teams[t].id),
            Filter::Year(y) => decisions_year_path(y),
        };
        let slice = self.paginate_by(&mut cx, &spots, page, &first, DECISIONS_PER_PAGE);
        let month = |s: Spot| {
            self.archive.notes[s.note]
                .date
                .as_ref()
                .map_or("Undated".to_string(), |d| {
                    format!("{} {}", month_name(d.value.month()), d.value.year())
                })
        };
        // The month the previous page ended with, when this page goes on with it.
        let start = (page - 1) * DECISIONS_PER_PAGE;
        let before = start
            .checked_sub(1)
            .and_then(|k| spots.get(k))
            .map(|&s| month(s));
        let mut last: Option<String> = None;
        for &s in slice {
            let label = month(s);
            match months.last_mut() {
                Some(m) if last.as_ref() == Some(&label) => m.items.push(self.outcome_view(s)),
                _ => {
                    let continued = months.is_empty() && before.as_ref() == Some(&label);
                    months.push(MonthGroup {
                        label: if continued { format!("{label} (continued)") } else { label.clone() },
                        items: vec![self.outcome_view(s)],
                    });
                    last = Some(label);
                }
            }
        }
        let (teams, years) = self.filter_links(filter);
        let (name, feed) = match filter {
            Filter::All => ("Decisions".to_string(), None),
            Filter::Team(t) => {
                let team = &self.archive.teams[t];
                let feed = self.linker.url(&format!("{}atom.xml", decisions_team_path(&team.id)));
                (format!("Decisions · {}", team.name), Some(feed))
            }
            Filter::Year(y) => (format!("Decisions · {y}"), None),
        };
        cx.insert("heading", &name);
        cx.insert("months", &months);
        cx.insert("count", &spots.len());
        cx.insert("shown", &slice.len());
        cx.insert("filter_teams", &teams);
        cx.insert("filter_years", &years);
        cx.insert("all_url", &self.linker.url(&decisions_path()));
        cx.insert("filtered", &(filter != Filter::All));
        cx.insert("feed_url", &feed);
        self.fill("decisions.html", path, self.paged_title(&name, page), Section::Decisions, cx)
    }

    /// A team's recent decisions and most recently mentioned open action items, for its
    /// page.
    pub(super) fn team_outcomes(&self, team: TeamId) -> (Vec<OutcomeView>, Vec<OutcomeView>) {
        let decisions = self
            .decision_spots(Filter::Team(team))
            .into_iter()
            .take(TEAM_RECENT)
            .map(|s| self.outcome_view(s))
            .collect();
        let id = &self.archive.teams[team].id;
        let open = self
            .ledger()
            .actions
            .iter()
            .filter(|t| !t.done && t.team.as_deref() == Some(id.as_str()))
            .take(ACTIONS_PER_GROUP)
            .map(|t| self.action_view(t))
            .collect();
        (decisions, open)
    }

    /// A person's open action items (as followed across meetings) and the latest decisions
    /// of the meetings they attended, for their first page. Linear in their items and
    /// meetings (`person_actions` is made once).
    pub(super) fn person_outcomes(&self, person: PersonId) -> (Vec<OutcomeView>, Vec<OutcomeView>) {
        let ledger = self.ledger();
        let decisions = self.archive.people[person]
            .notes
            .iter()
            .flat_map(|(i, _)| {
                let list = ledger.notes.get(i.index()).map_or(&[][..], Vec::as_slice);
                (0..list.len())
                    .filter(move |&index| list[index].kind == Kind::Decision)
                    .map(move |index| Spot { note: i.index(), index })
            })
            .take(TEAM_RECENT)
            .map(|s| self.outcome_view(s))
            .collect();
        let open = self
            .person_actions
            .get(person.index())
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .map(|&k| &ledger.actions[k])
            .filter(|t| !t.done)
            .take(ACTIONS_PER_GROUP)
            .map(|t| self.action_view(t))
            .collect();
        (decisions, open)
    }

    /// The Atom feed of a team's decisions, newest first.
    pub(super) fn decisions_feed(&self, team: TeamId, path: &str) -> Result<File, Diagnostic> {
        let t = &self.archive.teams[team];
        let entries: Vec<FeedEntry> = self
            .decision_spots(Filter::Team(team))
            .into_iter()
            .filter(|s| self.archive.notes[s.note].date.is_some())
            .take(FEED_ENTRIES)
            .map(|s| {
                let v = self.outcome_view(s);
                let o = self.ledger().outcome(s);
                FeedEntry {
                    title: crate::markdown::collapse_whitespace(&o.text),
                    abs_url: self.abs(&format!("{}#{}", self.archive.urls[s.note], o.anchor)),
                    updated: self.archive.notes[s.note]
                        .date
                        .as_ref()
                        .map(|d| super::rfc3339(d.value))
                        .unwrap_or_default(),
                    summary: format!("{} · {}", v.note_title, v.agenda.unwrap_or_default()),
                    team: Some(t.name.clone()),
                }
            })
            .collect();
        let title = format!("Decisions · {} · {}", t.name, self.site.title);
        let site_path = decisions_team_path(&t.id);
        self.atom(title, path, &site_path, entries)
    }
}
