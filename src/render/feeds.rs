//! The Atom feeds (the site's and each team's) and the sitemap.

use super::*;

impl Renderer<'_> {
    pub(super) fn feed(&self, team: Option<TeamId>, path: &str) -> Result<File, Diagnostic> {
        let a = self.archive;
        let l = &self.linker;
        let (notes, title, site_path) = match team {
            None => (&a.listed, self.site.title.clone(), String::new()),
            Some(t) => {
                let t = &a.teams[t];
                (
                    &t.notes,
                    format!("{} · {}", t.name, self.site.title),
                    team_path(&t.id),
                )
            }
        };
        let entries: Vec<FeedEntry> = notes
            .iter()
            .filter(|&&i| a.notes[i].date.is_some())
            .take(FEED_ENTRIES)
            .map(|&i| {
                let n = &a.notes[i];
                FeedEntry {
                    title: crate::titles::full_title(
                        &n.title.value,
                        self.cards[i].title_extra.as_deref(),
                    ),
                    abs_url: self.abs(&a.urls[i]),
                    updated: n
                        .date
                        .as_ref()
                        .map(|d| rfc3339(d.value))
                        .unwrap_or_default(),
                    summary: l.summaries.get(i.index()).cloned().unwrap_or_default(),
                    team: l.team_link_of(n).map(|t| t.name),
                }
            })
            .collect();
        self.atom(title, path, &site_path, entries)
    }

    /// An Atom feed at `path` of `entries` (newest first), for the page at `site_path`: the
    /// site's, a team's, a team's decisions.
    pub(super) fn atom(
        &self,
        title: String,
        path: &str,
        site_path: &str,
        entries: Vec<FeedEntry>,
    ) -> Result<File, Diagnostic> {
        let feed = FeedView {
            title,
            abs_url: self.abs(path),
            site_abs_url: self.abs(site_path),
            id: self.abs(path),
            updated: entries
                .first()
                .map(|e| e.updated.clone())
                .unwrap_or_else(|| "1970-01-01T00:00:00Z".into()),
            entries,
        };
        let mut cx = tera::Context::new();
        cx.insert("feed", &feed);
        self.fill("atom.xml", path, feed.title.clone(), Section::Feed, cx)
    }

    /// The sitemap: every URL in one file, or the index of its parts when there are
    /// more than [`SITEMAP_URLS`].
    pub(super) fn sitemap(&self, path: &str) -> Result<File, Diagnostic> {
        let (_, urls) = self.sitemap_list();
        if urls.len() <= self.sitemap_split {
            return self.sitemap_file(urls, path);
        }
        let mut cx = tera::Context::new();
        let parts: Vec<String> = (1..=urls.len().div_ceil(self.sitemap_split))
            .map(|part| self.abs(&sitemap_part_file(part)))
            .collect();
        cx.insert("parts", &parts);
        self.fill(
            "sitemap_index.xml",
            path,
            "sitemap".into(),
            Section::Sitemap,
            cx,
        )
    }

    /// Part `part` (from 1) of a sitemap split in files of [`SITEMAP_URLS`].
    pub(super) fn sitemap_part(&self, part: usize, path: &str) -> Result<File, Diagnostic> {
        let (_, urls) = self.sitemap_list();
        let start = ((part - 1) * self.sitemap_split).min(urls.len());
        let end = (part * self.sitemap_split).min(urls.len());
        self.sitemap_file(&urls[start..end], path)
    }

    /// The pages and the sitemap's URLs, made on first use.
    fn sitemap_list(&self) -> &(Vec<Page>, Vec<SitemapUrl>) {
        self.sitemap.get_or_init(|| {
            let pages = self.pages();
            let urls = self.sitemap_urls(&pages);
            (pages, urls)
        })
    }

    fn sitemap_file(&self, urls: &[SitemapUrl], path: &str) -> Result<File, Diagnostic> {
        let a = self.archive;
        let (pages, _) = self.sitemap_list();
        let entries: Vec<SitemapEntry> = urls
            .iter()
            .map(|u| match *u {
                SitemapUrl::Note(i) => SitemapEntry {
                    abs_url: self.abs(&a.urls[i]),
                    lastmod: a.notes[i]
                        .date
                        .as_ref()
                        .map(|d| d.value.format("%Y-%m-%d").to_string()),
                },
                SitemapUrl::Page(k) => SitemapEntry {
                    abs_url: self.abs(self.path(&pages[k]).trim_end_matches(INDEX_FILE)),
                    lastmod: None,
                },
            })
            .collect();
        let mut cx = tera::Context::new();
        cx.insert("entries", &entries);
        self.fill("sitemap.xml", path, "sitemap".into(), Section::Sitemap, cx)
    }
}
