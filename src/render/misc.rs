//! The home page, the search page and the 404 page.

use super::*;

impl Renderer<'_> {
    pub(super) fn home(&self) -> Result<File, Diagnostic> {
        let a = self.archive;
        let l = &self.linker;
        let mut cx = tera::Context::new();
        cx.insert(
            "latest",
            &a.listed
                .iter()
                .take(HOME_LATEST)
                .map(|&i| l.card(i))
                .collect::<Vec<_>>(),
        );
        cx.insert("teams", &self.team_summaries());
        let mut topics = self.topic_links();
        topics.sort_by(|x, y| y.count.cmp(&x.count).then(x.name.cmp(&y.name)));
        topics.truncate(HOME_TOPICS);
        cx.insert("topics", &topics);
        cx.insert("calendar", &self.calendar(&a.listed, "All teams"));
        cx.insert("years", &self.year_summaries());
        self.fill(
            "index.html",
            "index.html",
            self.site.title.clone(),
            "home",
            cx,
        )
    }

    pub(super) fn search(&self) -> Result<File, Diagnostic> {
        let cx = tera::Context::new();
        self.fill(
            "search.html",
            "search/index.html",
            self.page_title("Search"),
            "search",
            cx,
        )
    }

    pub(super) fn not_found(&self) -> Result<File, Diagnostic> {
        let a = self.archive;
        let l = &self.linker;
        let mut cx = tera::Context::new();
        cx.insert(
            "latest",
            &a.listed
                .iter()
                .take(NOT_FOUND_LATEST)
                .map(|&i| l.card(i))
                .collect::<Vec<_>>(),
        );
        self.fill(
            "404.html",
            "404.html",
            self.page_title("Page not found"),
            "404",
            cx,
        )
    }
}
