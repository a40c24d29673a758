//! The list of topics and each topic's pages.

use super::*;

impl Renderer<'_> {
    pub(super) fn topics(&self, path: &str) -> Result<File, Diagnostic> {
        let topics = self.topic_links();
        self.index_page(
            "topics.html",
            path,
            "Topics",
            self.describe_topics(&topics),
            Section::Topics,
            "topics",
            &topics,
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
        let title = self.paged_title(&t.name, page);
        let description = self.describe_topic(&t.name, &t.notes, page);
        self.fill_described("topic.html", path, title, description, Section::Topic, cx)
    }
}
