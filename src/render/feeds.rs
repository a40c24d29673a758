//! The Atom feeds (the site's and each team's) and the sitemap.

use super::*;

impl Renderer<'_> {
    pub(super) fn feed(&self, team: Option<usize>, path: &str) -> Result<File, Diagnostic> {
        let a = self.archive;
        let l = &self.linker;
        let mut cx = tera::Context::new();
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
                    title: n.title.value.clone(),
                    abs_url: self.abs(&a.urls[i]),
                    updated: n
                        .date
                        .as_ref()
                        .map(|d| rfc3339(d.value))
                        .unwrap_or_default(),
                    summary: l.summaries.get(i).cloned().unwrap_or_default(),
                    team: l.team_link_of(n).map(|t| t.name),
                }
            })
            .collect();
        let feed = FeedView {
            title,
            abs_url: self.abs(path),
            site_abs_url: self.abs(&site_path),
            id: self.abs(path),
            updated: entries
                .first()
                .map(|e| e.updated.clone())
                .unwrap_or_else(|| "1970-01-01T00:00:00Z".into()),
            entries,
        };
        cx.insert("feed", &feed);
        self.fill("atom.xml", path, feed.title.clone(), "feed", cx)
    }

    pub(super) fn sitemap(&self, path: &str) -> Result<File, Diagnostic> {
        let a = self.archive;
        let mut cx = tera::Context::new();
        let mut entries: Vec<SitemapEntry> = vec![SitemapEntry {
            abs_url: self.abs(""),
            lastmod: None,
        }];
        for (i, n) in a.notes.iter().enumerate() {
            if n.kind == NoteKind::Meeting {
                entries.push(SitemapEntry {
                    abs_url: self.abs(&a.urls[i]),
                    lastmod: n
                        .date
                        .as_ref()
                        .map(|d| d.value.format("%Y-%m-%d").to_string()),
                });
            }
        }
        for path in ["teams/", "archive/", "topics/", "people/"] {
            entries.push(SitemapEntry {
                abs_url: self.abs(path),
                lastmod: None,
            });
        }
        entries.extend(a.teams.iter().map(|t| SitemapEntry {
            abs_url: self.abs(&team_path(&t.id)),
            lastmod: None,
        }));
        for y in &a.years {
            entries.push(SitemapEntry {
                abs_url: self.abs(&year_path(y.year)),
                lastmod: None,
            });
            entries.extend(y.months.iter().map(|m| SitemapEntry {
                abs_url: self.abs(&month_path(y.year, m.month)),
                lastmod: None,
            }));
        }
        entries.extend(a.topics.iter().map(|t| SitemapEntry {
            abs_url: self.abs(&topic_path(&t.id)),
            lastmod: None,
        }));
        entries.extend(a.people.iter().map(|p| SitemapEntry {
            abs_url: self.abs(&person_path(&p.id)),
            lastmod: None,
        }));
        let g = self.graph;
        if !g.repos.is_empty() {
            entries.push(SitemapEntry {
                abs_url: self.abs(&refs_path()),
                lastmod: None,
            });
        }
        entries.extend(g.repos.iter().map(|r| SitemapEntry {
            abs_url: self.abs(&repo_path(&r.owner, &r.repo)),
            lastmod: None,
        }));
        entries.extend(g.issues.iter().map(|i| SitemapEntry {
            abs_url: self.abs(&issue_path(&i.owner, &i.repo, i.number)),
            lastmod: None,
        }));
        cx.insert("entries", &entries);
        self.fill(
            "sitemap.xml",
            path,
            "sitemap".into(),
            "sitemap",
            cx,
        )
    }
}
