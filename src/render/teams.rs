//! The list of teams and each team's pages.

use super::*;

impl Renderer<'_> {
    pub(super) fn teams(&self, path: &str) -> Result<File, Diagnostic> {
        let teams = self.team_summaries();
        self.index_page(
            "teams.html",
            path,
            "Teams",
            self.describe_teams(&teams),
            Section::Teams,
            "teams",
            &teams,
        )
    }

    pub(super) fn team(&self, team: TeamId, page: usize, path: &str) -> Result<File, Diagnostic> {
        let a = self.archive;
        let l = &self.linker;
        let mut cx = tera::Context::new();
        let t = &a.teams[team];
        let first = team_path(&t.id);
        let slice = self.paginate(&mut cx, &t.notes, page, &first);
        let summary = self.team_summary(team);
        let description = self.describe_team(&summary, page);
        cx.insert("team", &summary);
        cx.insert(
            "groups",
            &self.by_year(slice.iter().map(|&i| (i, Vec::new()))),
        );
        // The overview (calendar, regulars, topics) is on the first page only: it is
        // the same on every page and costs more than the list itself.
        let first_page = page == 1;
        cx.insert(
            "calendar",
            &if first_page {
                self.calendar(&t.notes, &t.name)
            } else {
                Vec::new()
            },
        );
        cx.insert(
            "regulars",
            &if first_page {
                self.regulars(&t.notes)
            } else {
                Vec::new()
            },
        );
        cx.insert(
            "topics",
            &if first_page {
                self.topics_of(&t.notes)
            } else {
                Vec::new()
            },
        );
        cx.insert("feed_url", &l.url(&format!("{first}atom.xml")));
        let (decisions, open) = if first_page {
            self.team_outcomes(team)
        } else {
            (Vec::new(), Vec::new())
        };
        cx.insert("team_decisions", &decisions);
        cx.insert("team_open", &open);
        let group = self.action_groups.of_team.get(&team).copied();
        cx.insert("team_open_more", &self.more_link(group).filter(|_| first_page));
        cx.insert(
            "team_decisions_url",
            &l.url(&outcomes::decisions_team_path(&t.id)),
        );
        let title = self.paged_title(&t.name, page);
        self.fill_described("team.html", path, title, description, Section::Team, cx)
    }
}
