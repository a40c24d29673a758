//! The list of topics and each topic's pages.

use super::*;

impl Renderer<'_> {
    pub(super) fn topics(&self, path: &str) -> Result<File, Diagnostic> {
        self.index_page(
            "topics.html",
            path,
            "Topics",
            Section::Topics,
            "topics",
            &self.topic_links(),
        )
    }

    pub(super) fn topic(&self, topic: TopicId, page: usize, path: &str) -> Result<File, Diagnostic> {
        let a = self.archive;
        let mut cx = tera::Context::new();
        let t = &a.topics[topic];
        let first = topic_path(&t.id);
        let slice = self.paginate(&mut cx, &t.notes, page, &first);
        cx.insert("topic", &self.topic_links()[topic]);
        cx.insert(
            "groups",
            &self.by_year(slice.iter().map(|&i| (i, Vec::new()))),
        );
        self.fill("topic.html", path, self.paged_title(&t.name, page), Section::Topic, cx)
    }
}
