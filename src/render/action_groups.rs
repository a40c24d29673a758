//! `/actions/`: open action items grouped by assignee and by team (made once per build),
//! recently done ones, and the pages of a group too long for `/actions/` (all its open
//! items, paged), so that no open item is more than two clicks from `/actions/`.

use super::outcomes::{actions_path, Assignee, OutcomeView};
use super::*;
use crate::outcomes::{Ledger, Tracked};
use crate::slug::{slugify, HeadingIds};
use std::collections::HashMap;

/// Items `/actions/` shows per assignee and per team (the most recently mentioned); a
/// group with more links to its own pages. Team and person pages show as many.
pub(super) const ACTIONS_PER_GROUP: usize = 25;
/// Done items `/actions/` lists under "recently done".
const RECENTLY_DONE: usize = 30;
/// Rows on one page of a group (as a year page holds some 100 rows).
const GROUP_PAGE: usize = 100;

/// Open action items of one assignee or one team.
#[derive(Debug, Clone)]
pub(super) struct ActionGroup {
    pub name: String,
    /// The assignee's person page or the team's page.
    pub page: Option<String>,
    /// The first of its own pages (`actions/person/<id>/`, `actions/team/<id>/`, …): made
    /// only when it has more than [`ACTIONS_PER_GROUP`] items.
    pub path: String,
    /// Indexes in the ledger's `actions`, most recently mentioned first.
    pub items: Vec<usize>,
    pub by_team: bool,
}

impl ActionGroup {
    pub(super) fn paged(&self) -> bool {
        self.items.len() > ACTIONS_PER_GROUP
    }

    pub(super) fn pages(&self) -> usize {
        self.items.len().div_ceil(GROUP_PAGE).max(1)
    }
}

/// Every group, people first (by the name shown, without case), then teams (in the
/// archive's order, no team last); and each person's and team's group.
#[derive(Debug, Clone, Default)]
pub(super) struct ActionGroups {
    pub groups: Vec<ActionGroup>,
    pub of_person: HashMap<PersonId, usize>,
    pub of_team: HashMap<TeamId, usize>,
}

/// What the groups are made from.
pub(super) struct GroupInput<'x> {
    pub archive: &'x Archive,
    pub ledger: &'x Ledger,
    pub people_keys: &'x HashMap<String, PersonId>,
}

impl GroupInput<'_> {
    /// Open items by assignee: a person the archive knows is one group however the notes
    /// spell them; anyone else is grouped by the name shown. One pass over the items.
    fn people(&self, ids: &mut HeadingIds, out: &mut ActionGroups) {
        let a = self.archive;
        // Sort key → (name, person, items).
        let mut by: BTreeMap<String, (String, Option<PersonId>, Vec<usize>)> = BTreeMap::new();
        let mut key_of: HashMap<PersonId, String> = HashMap::new();
        for (k, t) in self.open() {
            let who = &self.ledger.outcome(t.last()).assignees;
            let mut names: Vec<(String, Option<PersonId>)> = who
                .iter()
                .map(|w| {
                    let p = self.people_keys.get(&w.to_lowercase()).copied();
                    (crate::engine::outcomes::shown_person(w), p)
                })
                .collect();
            if names.is_empty() {
                names.push(("Unassigned".into(), None));
            }
            for (name, p) in names {
                let key = match p {
                    Some(p) => key_of.entry(p).or_insert_with(|| name.to_lowercase()).clone(),
                    None => name.to_lowercase(),
                };
                let entry = by.entry(key).or_insert_with(|| (name, p, Vec::new()));
                if entry.2.last() != Some(&k) {
                    entry.2.push(k);
                }
            }
        }
        for (_, (name, p, items)) in by {
            let slug = match p {
                Some(p) => format!("person/{}", a.people[p].id),
                None => format!("name/{}", non_empty(slugify(&name), "someone")),
            };
            if let Some(p) = p {
                out.of_person.insert(p, out.groups.len());
            }
            out.groups.push(ActionGroup {
                name,
                page: p.map(|p| person_path(&a.people[p].id)),
                path: format!("{}{}/", actions_path(), ids.unique(&slug)),
                items,
                by_team: false,
            });
        }
    }

    /// Open items by team, in the archive's team order, those of no team last.
    fn teams(&self, ids: &mut HeadingIds, out: &mut ActionGroups) {
        let a = self.archive;
        let mut by: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (k, t) in self.open() {
            let team = t.team.as_ref().and_then(|id| a.team_by_id.get(id)).map(|t| t.index());
            by.entry(team.unwrap_or(usize::MAX)).or_default().push(k);
        }
        for (t, items) in by {
            let team = (t != usize::MAX).then(|| TeamId::new(t));
            let (name, page, slug) = match team {
                Some(t) => {
                    let team = &a.teams[t];
                    (team.name.clone(), Some(team_path(&team.id)), format!("team/{}", team.id))
                }
                None => ("No team".into(), None, "no-team".into()),
            };
            if let Some(t) = team {
                out.of_team.insert(t, out.groups.len());
            }
            out.groups.push(ActionGroup {
                name,
                page,
                path: format!("{}{}/", actions_path(), ids.unique(&slug)),
                items,
                by_team: true,
            });
        }
    }

    fn open(&self) -> impl Iterator<Item = (usize, &Tracked)> {
        self.ledger.actions.iter().enumerate().filter(|(_, t)| !t.done)
    }

    pub(super) fn groups(&self) -> ActionGroups {
        let mut out = ActionGroups::default();
        let mut ids = HeadingIds::new();
        self.people(&mut ids, &mut out);
        self.teams(&mut ids, &mut out);
        out
    }
}

fn non_empty(s: String, fallback: &str) -> String {
    if s.is_empty() {
        fallback.into()
    } else {
        s
    }
}

/// A group as `/actions/` shows it.
#[derive(Debug, Clone, Serialize)]
struct GroupView {
    name: String,
    url: Option<String>,
    items: Vec<OutcomeView>,
    /// Open items in the group, shown or not.
    count: usize,
    /// Open items not shown.
    more: usize,
    /// The group's own pages, when it has more than `/actions/` shows.
    pages: Vec<String>,
}

/// "All N open" on a team or person page whose open items are more than it shows.
#[derive(Debug, Clone, Serialize)]
pub(super) struct MoreLink {
    pub count: usize,
    pub url: String,
}

impl Renderer<'_> {
    fn group_pages(&self, g: &ActionGroup) -> Vec<String> {
        if !g.paged() {
            return Vec::new();
        }
        (1..=g.pages())
            .map(|n| self.linker.url(&page_path(&g.path, n)))
            .collect()
    }

    fn group_view(&self, g: &ActionGroup) -> GroupView {
        GroupView {
            name: g.name.clone(),
            url: g.page.as_ref().map(|p| self.linker.url(p)),
            items: g
                .items
                .iter()
                .take(ACTIONS_PER_GROUP)
                .map(|&k| self.action_view(&self.outcomes.actions[k]))
                .collect(),
            count: g.items.len(),
            more: g.items.len().saturating_sub(ACTIONS_PER_GROUP),
            pages: self.group_pages(g),
        }
    }

    /// The link from a person's or team's page to all their open items, when they are
    /// more than the page shows.
    pub(super) fn more_link(&self, group: Option<usize>) -> Option<MoreLink> {
        let g = &self.action_groups.groups[group?];
        g.paged().then(|| MoreLink {
            count: g.items.len(),
            url: self.linker.url(&g.path),
        })
    }

    /// `/actions/`: open items by assignee and by team, then recently done.
    pub(super) fn actions(&self, path: &str) -> Result<File, Diagnostic> {
        let l = &self.linker;
        let groups = &self.action_groups.groups;
        let view = |team: bool| -> Vec<GroupView> {
            groups
                .iter()
                .filter(|g| g.by_team == team)
                .map(|g| self.group_view(g))
                .collect()
        };
        let done: Vec<OutcomeView> = self
            .outcomes
            .actions
            .iter()
            .filter(|t| t.done)
            .take(RECENTLY_DONE)
            .map(|t| self.action_view(t))
            .collect();
        let open = self.outcomes.actions.iter().filter(|t| !t.done).count();
        let mut cx = tera::Context::new();
        cx.insert("open_count", &open);
        cx.insert("by_person", &view(false));
        cx.insert("by_team", &view(true));
        cx.insert("done", &done);
        cx.insert("decisions_url", &l.url(&super::outcomes::decisions_path()));
        self.fill("actions.html", path, self.page_title("Action items"), Section::Actions, cx)
    }

    /// Page `page` of group `group`'s open items.
    pub(super) fn actions_group(
        &self,
        group: usize,
        page: usize,
        path: &str,
    ) -> Result<File, Diagnostic> {
        let g = &self.action_groups.groups[group];
        let mut cx = tera::Context::new();
        let slice = self.paginate_by(&mut cx, &g.items, page, &g.path, GROUP_PAGE);
        let items: Vec<OutcomeView> = slice
            .iter()
            .map(|&k| self.action_view(&self.outcomes.actions[k]))
            .collect();
        let name = format!("Open action items · {}", g.name);
        cx.insert("heading", &name);
        cx.insert("group", &Assignee {
            name: g.name.clone(),
            url: g.page.as_ref().map(|p| self.linker.url(p)),
        });
        cx.insert("count", &g.items.len());
        cx.insert("items", &items);
        cx.insert("actions_url", &self.linker.url(&actions_path()));
        self.fill("action_list.html", path, self.paged_title(&name, page), Section::Action, cx)
    }
}
