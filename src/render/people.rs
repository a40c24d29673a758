//! The list of people and each person's pages.

use super::*;

impl Renderer<'_> {
    pub(super) fn people(&self, path: &str) -> Result<File, Diagnostic> {
        let a = self.archive;
        let l = &self.linker;
        let mut people: Vec<PersonLink> = a.people.iter().map(|p| l.person_link(p, &[])).collect();
        people.sort_by(|x, y| {
            y.count
                .cmp(&x.count)
                .then_with(|| x.name.to_lowercase().cmp(&y.name.to_lowercase()))
        });
        self.index_page(
            "people.html",
            path,
            "People",
            self.describe_people(&people),
            Section::People,
            "people",
            &people,
        )
    }

    pub(super) fn person(&self, person: PersonId, page: usize, path: &str) -> Result<File, Diagnostic> {
        let a = self.archive;
        let l = &self.linker;
        let mut cx = tera::Context::new();
        let p = &a.people[person];
        let first = person_path(&p.id);
        let slice = self.paginate(&mut cx, &p.notes, page, &first);
        let overview = self.person_overviews[person.index()].get_or_init(|| self.overview(person));
        cx.insert("person", &l.person_link(p, &[]));
        cx.insert(
            "github_url",
            &p.handle.as_ref().map(|h| format!("https://github.com/{h}")),
        );
        cx.insert(
            "groups",
            &self.by_year(slice.iter().map(|(i, r)| (*i, r.clone()))),
        );
        cx.insert("teams", &overview.teams);
        // Meetings that @mention them without their attending, newest first; with the
        // calendar, on the first page only.
        let first_page = page == 1;
        let attended = || p.notes.iter().map(|(i, _)| *i);
        let mentioned: Vec<NoteCard> = match (&p.handle, first_page) {
            (Some(handle), true) => self
                .graph
                .users
                .get(&handle.to_ascii_lowercase())
                .map(|notes| {
                    // A set: a regular can attend and be mentioned in thousands of meetings.
                    let attended: std::collections::HashSet<NoteId> = attended().collect();
                    notes
                        .iter()
                        .filter(|i| !attended.contains(i))
                        .map(|&i| self.card(i))
                        .collect()
                })
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        cx.insert("mentioned", &mentioned);
        cx.insert(
            "calendar",
            &if first_page {
                self.calendar(&attended().collect::<Vec<_>>(), &p.name)
            } else {
                Vec::new()
            },
        );
        cx.insert("roles", &overview.roles);
        let (decisions, open) = match first_page {
            true => self.person_outcomes(person),
            false => (Vec::new(), Vec::new()),
        };
        cx.insert("person_decisions", &decisions);
        cx.insert("person_open", &open);
        let group = self.action_groups.of_person.get(&person).copied();
        cx.insert("person_open_more", &self.more_link(group).filter(|_| first_page));
        let description = self.describe_person(&p.name, p.notes.len(), &overview.teams, page);
        self.fill_described(
            "person.html",
            path,
            self.paged_title(&p.name, page),
            description,
            Section::Person,
            cx,
        )
    }

    /// What a person's every page shows of all their meetings, counted once per person
    /// (a regular's hundreds of pages would each count thousands of meetings again).
    fn overview(&self, person: PersonId) -> PersonOverview {
        let a = self.archive;
        let p = &a.people[person];
        let mut teams: BTreeMap<TeamId, usize> = BTreeMap::new();
        let mut roles: BTreeMap<&'static str, usize> = [("moderator", 0), ("notetaker", 0)].into();
        for (i, rs) in &p.notes {
            if let Some(t) = a.notes[*i]
                .team
                .as_ref()
                .and_then(|t| a.team_by_id.get(&t.value))
            {
                *teams.entry(*t).or_default() += 1;
            }
            for r in rs {
                *roles
                    .entry(match r {
                        Role::Moderator => "moderator",
                        Role::Notetaker => "notetaker",
                    })
                    .or_default() += 1;
            }
        }
        let mut teams: Vec<TeamCount> = teams
            .into_iter()
            .map(|(t, count)| TeamCount {
                link: self.linker.team_link(&a.teams[t]),
                count,
            })
            .collect();
        teams.sort_by(|x, y| y.count.cmp(&x.count).then(x.link.name.cmp(&y.link.name)));
        PersonOverview { teams, roles }
    }
}
