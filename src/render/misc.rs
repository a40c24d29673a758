//! The home page, the search page and the 404 page.

use super::*;

impl Renderer<'_> {
    pub(super) fn home(&self, path: &str) -> Result<File, Diagnostic> {
        let a = self.archive;
        let mut cx = tera::Context::new();
        cx.insert("latest", &self.latest(HOME_LATEST));
        cx.insert("teams", &self.team_summaries());
        let mut topics = self.topic_links();
        topics.sort_by(|x, y| y.count.cmp(&x.count).then(x.name.cmp(&y.name)));
        topics.truncate(HOME_TOPICS);
        cx.insert("topics", &topics);
        cx.insert("calendar", &self.calendar(&a.listed, "All teams"));
        cx.insert("years", &self.year_summaries());
        self.fill_described(
            "index.html",
            path,
            self.site.title.clone(),
            self.describe_home(),
            Section::Home,
            cx,
        )
    }

    pub(super) fn search(&self, path: &str) -> Result<File, Diagnostic> {
        let cx = tera::Context::new();
        self.fill_described(
            "search.html",
            path,
            self.page_title("Search"),
            self.describe_search(),
            Section::Search,
            cx,
        )
    }

    pub(super) fn not_found(&self, path: &str) -> Result<File, Diagnostic> {
        let mut cx = tera::Context::new();
        cx.insert("latest", &self.latest(NOT_FOUND_LATEST));
        self.fill_described(
            "404.html",
            path,
            self.page_title("Page not found"),
            self.describe_not_found(),
            Section::NotFound,
            cx,
        )
    }

    /// The `n` newest listed meetings' cards.
    fn latest(&self, n: usize) -> Vec<NoteCard> {
        self.archive.listed.iter().take(n).map(|&i| self.card(i)).collect()
    }
}
