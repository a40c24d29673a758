//! Summaries of teams, years, topics and people that several kinds of page show.

use super::*;

impl Renderer<'_> {
    pub(super) fn team_summary(&self, t: TeamId) -> TeamSummary {
        let a = self.archive;
        let team = &a.teams[t];
        let dates: Vec<NaiveDate> = team
            .notes
            .iter()
            .filter_map(|&i| a.notes[i].date.as_ref().map(|d| d.value))
            .collect();
        TeamSummary {
            link: self.linker.team_link(team),
            count: team.notes.len(),
            last: team.notes.first().map(|&i| self.card(i)),
            cadence: cadence(&dates),
            years: year_span(dates.iter().copied()),
            repo: team.repo.clone(),
        }
    }

    pub(super) fn team_summaries(&self) -> Vec<TeamSummary> {
        let mut v: Vec<TeamSummary> = TeamId::all(self.archive.teams.len())
            .map(|t| self.team_summary(t))
            .collect();
        // Most recently active first: what a reader looking for "lately" wants.
        v.sort_by(|x, y| {
            let dx = x
                .last
                .as_ref()
                .and_then(|c| c.date.as_ref())
                .map(|d| d.iso.clone());
            let dy = y
                .last
                .as_ref()
                .and_then(|c| c.date.as_ref())
                .map(|d| d.iso.clone());
            dy.cmp(&dx).then_with(|| x.link.name.cmp(&y.link.name))
        });
        v
    }

    pub(super) fn topic_links(&self) -> Vec<TopicLink> {
        self.archive
            .topics
            .iter()
            .map(|t| TopicLink {
                id: t.id.clone(),
                name: t.name.clone(),
                url: self.linker.url(&topic_path(&t.id)),
                count: t.notes.len(),
            })
            .collect()
    }

    pub(super) fn year_summaries(&self) -> Vec<YearSummary> {
        self.archive
            .years
            .iter()
            .map(|y| YearSummary {
                year: y.year,
                url: self.linker.url(&year_path(y.year)),
                count: y.count(),
                months: y
                    .months
                    .iter()
                    .map(|m| MonthSummary {
                        year: y.year,
                        month: m.month,
                        name: month_name(m.month),
                        url: self.linker.url(&month_path(y.year, m.month)),
                        count: m.notes.len(),
                    })
                    .collect(),
            })
            .collect()
    }

    /// Cards grouped under year headings, keeping the given (newest-first) order.
    pub(super) fn by_year(&self, notes: impl Iterator<Item = (NoteId, Vec<Role>)>) -> Vec<Group> {
        let a = self.archive;
        let mut groups: Vec<Group> = Vec::new();
        for (i, roles) in notes {
            let year = a.notes[i].date.as_ref().map(|d| d.value.year());
            let label = year.map_or_else(|| "Undated".to_string(), |y| y.to_string());
            let card = self.list_card(i, &roles);
            match groups.last_mut() {
                Some(g) if g.label == label => g.notes.push(card),
                _ => groups.push(Group {
                    url: year.map(|y| self.linker.url(&year_path(y))),
                    label,
                    notes: vec![card],
                }),
            }
        }
        groups
    }

    /// The activity calendar of `notes`, a year at a time.
    pub(super) fn calendar(&self, notes: &[NoteId], label: &str) -> Vec<CalendarYear> {
        let dates: Vec<NaiveDate> = notes
            .iter()
            .filter_map(|&i| self.archive.notes[i].date.as_ref().map(|d| d.value))
            .collect();
        calendar_years(&dates, label)
    }

    /// The people who attend a set of meetings most often.
    pub(super) fn regulars(&self, notes: &[NoteId]) -> Vec<PersonLink> {
        let a = self.archive;
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for &i in notes {
            for att in &a.attendees[i.index()] {
                *counts.entry(att.id.as_str()).or_default() += 1;
            }
        }
        let mut v: Vec<PersonLink> = counts
            .into_iter()
            .filter_map(|(id, count)| {
                let p = a.people.binary_search_by(|p| p.id.as_str().cmp(id)).ok()?;
                let mut link = self.linker.person_link(&a.people[p], &[]);
                link.count = count;
                Some(link)
            })
            .collect();
        v.sort_by(|x, y| y.count.cmp(&x.count).then_with(|| x.name.cmp(&y.name)));
        v.truncate(REGULARS);
        v
    }

    pub(super) fn topics_of(&self, notes: &[NoteId]) -> Vec<TopicLink> {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for &i in notes {
            for t in &self.archive.notes[i].topics {
                *counts.entry(t.as_str()).or_default() += 1;
            }
        }
        let mut v: Vec<TopicLink> = counts
            .into_iter()
            .map(|(id, count)| TopicLink {
                id: id.to_string(),
                name: id.replace('-', " "),
                url: self.linker.url(&topic_path(id)),
                count,
            })
            .collect();
        v.sort_by(|x, y| y.count.cmp(&x.count).then_with(|| x.name.cmp(&y.name)));
        v.truncate(HOME_TOPICS);
        v
    }
}
