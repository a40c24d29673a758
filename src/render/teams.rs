//! The list of teams and each team's pages.

use super::*;

impl Renderer<'_> {
    pub(super) fn teams(&self, path: &str) -> Result<File, Diagnostic> {
        let mut cx = tera::Context::new();
        cx.insert("teams", &self.team_summaries());
        self.fill(
            "teams.html",
            path,
            self.page_title("Teams"),
            "teams",
            cx,
        )
    }

    pub(super) fn team(&self, team: usize, page: usize, path: &str) -> Result<File, Diagnostic> {
        let a = self.archive;
        let l = &self.linker;
        let per = self.config.paginate.max(1);
        let mut cx = tera::Context::new();
        let t = &a.teams[team];
        let first = team_path(&t.id);
        let (slice, total) = page_of(&t.notes, page, per);
        cx.insert("team", &self.team_summary(team));
        cx.insert(
            "groups",
            &self.by_year(slice.iter().map(|&i| (i, Vec::new()))),
        );
        cx.insert(
            "pagination",
            &pagination(&first, page, total, &self.base_path),
        );
        // The overview (calendar, regulars, topics) is on the first page only: it is
        // the same on every page and costs more than the list itself.
        let first_page = page == 1;
        cx.insert(
            "calendar",
            &if first_page {
                self.calendar(&t.notes, &t.name)
            } else {
                String::new()
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
        let title = if page > 1 {
            format!("{} (page {page})", t.name)
        } else {
            t.name.clone()
        };
        self.fill(
            "team.html",
            path,
            self.page_title(&title),
            "team",
            cx,
        )
    }
}
