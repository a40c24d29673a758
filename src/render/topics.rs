//! The list of topics and each topic's pages.

use super::*;

impl Renderer<'_> {
    pub(super) fn topics(&self, path: &str) -> Result<File, Diagnostic> {
        let mut cx = tera::Context::new();
        cx.insert("topics", &self.topic_links());
        self.fill(
            "topics.html",
            path,
            self.page_title("Topics"),
            "topics",
            cx,
        )
    }

    pub(super) fn topic(&self, topic: usize, page: usize, path: &str) -> Result<File, Diagnostic> {
        let a = self.archive;
        let per = self.config.paginate.max(1);
        let mut cx = tera::Context::new();
        let t = &a.topics[topic];
        let first = topic_path(&t.id);
        let (slice, total) = page_of(&t.notes, page, per);
        cx.insert("topic", &self.topic_links()[topic]);
        cx.insert(
            "groups",
            &self.by_year(slice.iter().map(|&i| (i, Vec::new()))),
        );
        cx.insert(
            "pagination",
            &pagination(&first, page, total, &self.base_path),
        );
        self.fill(
            "topic.html",
            path,
            self.page_title(&t.name),
            "topic",
            cx,
        )
    }
}
