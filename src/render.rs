//! Builds every page of the site from the archive with the theme's templates. Pure apart
//! from Tera; the caller writes the pages. Each page is independent, so pages render in
//! parallel and a template error on one page does not stop the others.

use crate::archive::{Archive, FEED_FILE, INDEX_FILE, NOT_FOUND_FILE, SITEMAP_FILE};
use crate::config::Config;
use crate::diag::Diagnostic;
use crate::graph::{Graph, IssueIndex};
use crate::markdown::Rendered;
use crate::model::{NoteKind, Role};
use crate::refs::Target;
use crate::theme::Theme;
use crate::views::*;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

mod links;
mod note;
mod page;
mod summaries;

pub use page::Page;

/// One file of the site: a `/`-separated path inside the output folder and its bytes.
#[derive(Debug, Clone)]
pub struct File {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// How many meetings the home page and the 404 page show.
const HOME_LATEST: usize = 12;
const NOT_FOUND_LATEST: usize = 5;
const FEED_ENTRIES: usize = 50;
const HOME_TOPICS: usize = 24;
const REGULARS: usize = 12;

#[derive(Serialize)]
struct PageMeta {
    title: String,
    section: &'static str,
    url: String,
}

#[derive(Serialize)]
struct TeamCount {
    link: TeamLink,
    count: usize,
}

#[derive(Serialize)]
struct FeedView {
    title: String,
    abs_url: String,
    site_abs_url: String,
    id: String,
    updated: String,
    entries: Vec<FeedEntry>,
}

pub struct Renderer<'a> {
    pub theme: &'a Theme,
    pub config: &'a Config,
    pub archive: &'a Archive,
    pub graph: &'a Graph,
    pub site: SiteView,
    pub linker: Linker<'a>,
    base_path: String,
    abs_base: String,
    /// Each note's part of a mention on issue pages, rendered on first use.
    mention_heads: Vec<OnceLock<Result<String, Diagnostic>>>,
    /// `site`, serialized once.
    site_cx: tera::Context,
    /// Each note's card, made once: a note is listed on a dozen pages.
    cards: Vec<NoteCard>,
}

impl<'a> Renderer<'a> {
    pub fn new(
        theme: &'a Theme,
        config: &'a Config,
        archive: &'a Archive,
        graph: &'a Graph,
        summaries: &'a [String],
        base_path: &'a str,
        assets: BTreeMap<String, String>,
    ) -> Renderer<'a> {
        let linker = Linker {
            archive,
            base_path,
            summaries,
        };
        let title = if config.title.is_empty() {
            "Meeting notes".to_string()
        } else {
            config.title.clone()
        };
        let site = SiteView {
            title,
            description: config.description.clone(),
            base_path: base_path.to_string(),
            base_url: config.absolute_base(),
            language: config.language.clone(),
            teams: archive.teams.iter().map(|t| linker.team_link(t)).collect(),
            counts: Counts {
                notes: archive.listed.len(),
                teams: archive.teams.len(),
                topics: archive.topics.len(),
                people: archive.people.len(),
                years: year_span(
                    archive
                        .listed
                        .iter()
                        .filter_map(|&i| archive.notes[i].date.as_ref().map(|d| d.value)),
                ),
            },
            assets,
            feed_url: format!("{base_path}atom.xml"),
            generator: format!("minutes {}", env!("CARGO_PKG_VERSION")),
            extra: config.extra.clone(),
        };
        let cards = (0..archive.notes.len()).map(|i| linker.card(i)).collect();
        let mut site_cx = tera::Context::new();
        site_cx.insert("site", &site);
        Renderer {
            site_cx,
            theme,
            config,
            archive,
            graph,
            site,
            linker,
            base_path: base_path.to_string(),
            abs_base: config.absolute_base(),
            mention_heads: (0..archive.notes.len()).map(|_| OnceLock::new()).collect(),
            cards,
        }
    }

    /// Absolute URL for feeds and the sitemap; root-relative when no `base_url` is set.
    fn abs(&self, path: &str) -> String {
        if self.abs_base.is_empty() {
            format!("{}{}", self.base_path, path)
        } else {
            format!("{}{}", self.abs_base, path)
        }
    }

    fn fill(
        &self,
        template: &'static str,
        path: &str,
        title: String,
        section: &'static str,
        mut cx: tera::Context,
    ) -> Result<File, Diagnostic> {
        let url = format!("{}{}", self.base_path, path.trim_end_matches("index.html"));
        // Cloned from a value made once: serializing `SiteView` for each of 90,000 pages
        // cost more than any one value a page has of its own.
        cx.extend(self.site_cx.clone());
        let page = PageMeta {
            title,
            section,
            url,
        };
        cx.insert("page", &page);
        self.theme
            .tera
            .render(template, &cx)
            .map(|html| File {
                path: path.to_string(),
                bytes: html.into_bytes(),
            })
            .map_err(|e| crate::theme::template_error(&e, &self.theme.sources))
    }

    /// Note `i`'s card for a list, with the roles it shows on a person's page.
    fn list_card(&self, i: usize, roles: &[Role]) -> NoteCard {
        let mut card = self.cards[i].clone();
        card.roles = role_names(roles);
        card
    }

    fn page_title(&self, what: &str) -> String {
        format!("{what} · {}", self.site.title)
    }

    pub fn render(&self, page: &Page) -> Result<File, Diagnostic> {
        let a = self.archive;
        let l = &self.linker;
        let per = self.config.paginate.max(1);
        let mut cx = tera::Context::new();
        match *page {
            Page::Home => {
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
            Page::Teams => {
                cx.insert("teams", &self.team_summaries());
                self.fill(
                    "teams.html",
                    "teams/index.html",
                    self.page_title("Teams"),
                    "teams",
                    cx,
                )
            }
            Page::Team { team, page } => {
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
                    &format!("{}index.html", page_path(&first, page)),
                    self.page_title(&title),
                    "team",
                    cx,
                )
            }
            Page::Archive => {
                cx.insert("years", &self.year_summaries());
                let undated: Vec<NoteCard> = a
                    .listed
                    .iter()
                    .filter(|&&i| a.notes[i].date.is_none())
                    .map(|&i| l.card(i))
                    .collect();
                cx.insert("undated", &undated);
                self.fill(
                    "archive.html",
                    "archive/index.html",
                    self.page_title("Archive"),
                    "archive",
                    cx,
                )
            }
            Page::Year { year } => {
                let summaries = self.year_summaries();
                let y = &a.years[year];
                let groups: Vec<Group> = y
                    .months
                    .iter()
                    .map(|m| Group {
                        label: format!("{} {}", month_name(m.month), y.year),
                        url: Some(l.url(&month_path(y.year, m.month))),
                        notes: m.notes.iter().map(|&i| self.list_card(i, &[])).collect(),
                    })
                    .collect();
                let all: Vec<usize> = y
                    .months
                    .iter()
                    .flat_map(|m| m.notes.iter().copied())
                    .collect();
                let end = NaiveDate::from_ymd_opt(y.year, 12, 31).unwrap_or_default();
                let dates: Vec<NaiveDate> = all
                    .iter()
                    .filter_map(|&i| a.notes[i].date.as_ref().map(|d| d.value))
                    .collect();
                cx.insert("year", &summaries[year]);
                cx.insert("groups", &groups);
                cx.insert("calendar", &calendar_svg(&dates, end, &y.year.to_string()));
                cx.insert("prev", &summaries.get(year + 1));
                cx.insert("next", &year.checked_sub(1).and_then(|k| summaries.get(k)));
                self.fill(
                    "year.html",
                    &format!("{}index.html", year_path(y.year)),
                    self.page_title(&y.year.to_string()),
                    "year",
                    cx,
                )
            }
            Page::Month { year, month } => {
                let months: Vec<MonthSummary> = self
                    .year_summaries()
                    .into_iter()
                    .flat_map(|y| y.months)
                    .collect();
                let y = &a.years[year];
                let m = &y.months[month];
                let flat = a.years[..year]
                    .iter()
                    .map(|y| y.months.len())
                    .sum::<usize>()
                    + month;
                let dated: Vec<(NaiveDate, usize)> = m
                    .notes
                    .iter()
                    .filter_map(|&i| a.notes[i].date.as_ref().map(|d| (d.value, i)))
                    .collect();
                let cards: Vec<(NaiveDate, NoteCard)> =
                    dated.iter().map(|&(d, i)| (d, l.card(i))).collect();
                let mut groups: Vec<Group> = Vec::new();
                for &(d, i) in &dated {
                    let label = d.format("%a %-d %b").to_string();
                    let c = self.list_card(i, &[]);
                    match groups.last_mut() {
                        Some(g) if g.label == label => g.notes.push(c),
                        _ => groups.push(Group {
                            label,
                            url: None,
                            notes: vec![c],
                        }),
                    }
                }
                cx.insert("month", &months[flat]);
                cx.insert("grid", &month_grid(y.year, m.month, &cards));
                cx.insert("groups", &groups);
                cx.insert("prev", &months.get(flat + 1));
                cx.insert("next", &flat.checked_sub(1).and_then(|k| months.get(k)));
                let title = format!("{} {}", month_name(m.month), y.year);
                self.fill(
                    "month.html",
                    &format!("{}index.html", month_path(y.year, m.month)),
                    self.page_title(&title),
                    "month",
                    cx,
                )
            }
            Page::Topics => {
                cx.insert("topics", &self.topic_links());
                self.fill(
                    "topics.html",
                    "topics/index.html",
                    self.page_title("Topics"),
                    "topics",
                    cx,
                )
            }
            Page::Topic { topic, page } => {
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
                    &format!("{}index.html", page_path(&first, page)),
                    self.page_title(&t.name),
                    "topic",
                    cx,
                )
            }
            Page::People => {
                let mut people: Vec<PersonLink> =
                    a.people.iter().map(|p| l.person_link(p, &[])).collect();
                people.sort_by(|x, y| {
                    y.count
                        .cmp(&x.count)
                        .then_with(|| x.name.to_lowercase().cmp(&y.name.to_lowercase()))
                });
                cx.insert("people", &people);
                self.fill(
                    "people.html",
                    "people/index.html",
                    self.page_title("People"),
                    "people",
                    cx,
                )
            }
            Page::Person { person, page } => {
                let p = &a.people[person];
                let first = person_path(&p.id);
                let (slice, total) = page_of(&p.notes, page, per);
                let mut teams: BTreeMap<usize, usize> = BTreeMap::new();
                let mut roles: BTreeMap<&'static str, usize> =
                    [("moderator", 0), ("notetaker", 0)].into();
                for (i, rs) in &p.notes {
                    if let Some(t) = a.notes[*i]
                        .team
                        .as_ref()
                        .and_then(|t| a.team_by_id.get(&t.value))
                    {
                        *teams.entry(*t).or_default() += 1;
                    }
                    for r in rs {
                        *roles
                            .entry(match r {
                                Role::Moderator => "moderator",
                                Role::Notetaker => "notetaker",
                            })
                            .or_default() += 1;
                    }
                }
                let mut teams: Vec<TeamCount> = teams
                    .into_iter()
                    .map(|(t, count)| TeamCount {
                        link: l.team_link(&a.teams[t]),
                        count,
                    })
                    .collect();
                teams.sort_by(|x, y| y.count.cmp(&x.count).then(x.link.name.cmp(&y.link.name)));
                let ids: Vec<usize> = p.notes.iter().map(|(i, _)| *i).collect();
                cx.insert("person", &l.person_link(p, &[]));
                cx.insert(
                    "github_url",
                    &p.handle.as_ref().map(|h| format!("https://github.com/{h}")),
                );
                cx.insert(
                    "groups",
                    &self.by_year(slice.iter().map(|(i, r)| (*i, r.clone()))),
                );
                cx.insert("teams", &teams);
                // Meetings that @mention them without their attending, newest first.
                let mentioned: Vec<NoteCard> = match (&p.handle, page) {
                    (Some(handle), 1) => self
                        .graph
                        .users
                        .get(&handle.to_ascii_lowercase())
                        .map(|notes| {
                            notes
                                .iter()
                                .filter(|i| !ids.contains(i))
                                .map(|&i| l.card(i))
                                .collect()
                        })
                        .unwrap_or_default(),
                    _ => Vec::new(),
                };
                cx.insert("mentioned", &mentioned);
                cx.insert(
                    "calendar",
                    &if page == 1 {
                        self.calendar(&ids, &p.name)
                    } else {
                        String::new()
                    },
                );
                cx.insert("roles", &roles);
                cx.insert(
                    "pagination",
                    &pagination(&first, page, total, &self.base_path),
                );
                self.fill(
                    "person.html",
                    &format!("{}index.html", page_path(&first, page)),
                    self.page_title(&p.name),
                    "person",
                    cx,
                )
            }
            Page::Search => self.fill(
                "search.html",
                "search/index.html",
                self.page_title("Search"),
                "search",
                cx,
            ),
            Page::NotFound => {
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
            Page::Feed { team } => {
                let (notes, title, path, site_path) = match team {
                    None => (
                        &a.listed,
                        self.site.title.clone(),
                        "atom.xml".to_string(),
                        String::new(),
                    ),
                    Some(t) => {
                        let t = &a.teams[t];
                        (
                            &t.notes,
                            format!("{} · {}", t.name, self.site.title),
                            format!("{}atom.xml", team_path(&t.id)),
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
                    abs_url: self.abs(&path),
                    site_abs_url: self.abs(&site_path),
                    id: self.abs(&path),
                    updated: entries
                        .first()
                        .map(|e| e.updated.clone())
                        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into()),
                    entries,
                };
                cx.insert("feed", &feed);
                self.fill("atom.xml", &path, feed.title.clone(), "feed", cx)
            }
            Page::Repos => {
                let mut repos: Vec<RepoLink> = (0..self.graph.repos.len())
                    .map(|r| self.repo_link(r))
                    .collect();
                repos.sort_by(|x, y| {
                    y.meetings
                        .cmp(&x.meetings)
                        .then(y.issues.cmp(&x.issues))
                        .then_with(|| x.name.cmp(&y.name))
                });
                cx.insert("repos", &repos);
                self.fill(
                    "repos.html",
                    &format!("{}index.html", refs_path()),
                    self.page_title("Referenced repositories"),
                    "refs",
                    cx,
                )
            }
            Page::Repo { repo, page } => {
                let r = &self.graph.repos[repo];
                let first = repo_path(&r.owner, &r.repo);
                let (slice, total) = page_of(&r.issues, page, per);
                let issues: Vec<IssueLink> = slice
                    .iter()
                    .map(|&k| self.issue_link(&self.graph.issues[k]))
                    .collect();
                let link = self.repo_link(repo);
                cx.insert("repo", &link);
                cx.insert("issues", &issues);
                cx.insert("repos_url", &l.url(&refs_path()));
                cx.insert(
                    "pagination",
                    &pagination(&first, page, total, &self.base_path),
                );
                let title = if page > 1 {
                    format!("{} (page {page})", link.name)
                } else {
                    link.name.clone()
                };
                self.fill(
                    "repo.html",
                    &format!("{}index.html", page_path(&first, page)),
                    self.page_title(&title),
                    "repo",
                    cx,
                )
            }
            Page::Issue { issue } => {
                let i = &self.graph.issues[issue];
                let mentions = i
                    .mentions
                    .iter()
                    .map(|m| {
                        let note_url = l.url(&a.urls[m.note]);
                        Ok(MentionView {
                            head: self.mention_head(m.note)?,
                            spots: m
                                .spots
                                .iter()
                                .map(|s| SpotView {
                                    url: format!(
                                        "{note_url}#{}",
                                        crate::markdown::anchor_id(s.anchor)
                                    ),
                                    context: s.context.to_string(),
                                    heading: s.heading.as_ref().map(|h| h.text.clone()),
                                    heading_url: s
                                        .heading
                                        .as_ref()
                                        .map(|h| format!("{note_url}#{}", h.id)),
                                })
                                .collect(),
                        })
                    })
                    .collect::<Result<Vec<MentionView>, Diagnostic>>()?;
                let link = self.issue_link(i);
                let repo = self
                    .graph
                    .repos
                    .binary_search_by(|r| {
                        (r.owner.as_str(), r.repo.as_str()).cmp(&(&i.owner, &i.repo))
                    })
                    .map(|r| self.repo_link(r))
                    .ok();
                cx.insert("issue", &link);
                cx.insert("repo", &repo);
                cx.insert("mentions", &mentions);
                self.fill(
                    "issue.html",
                    &issue_path(&i.owner, &i.repo, i.number),
                    self.page_title(&link.label),
                    "issue",
                    cx,
                )
            }
            Page::Sitemap => {
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
                    "sitemap.xml",
                    "sitemap".into(),
                    "sitemap",
                    cx,
                )
            }
        }
    }
}

fn rfc3339(d: NaiveDate) -> String {
    d.format("%Y-%m-%dT00:00:00Z").to_string()
}

/// Short, stable content hash for cache-busting asset URLs (FNV-1a; stable across Rust
/// versions, unlike `DefaultHasher`).
/// The URLs pages name for the theme's assets (`site.assets.style` …), each with its
/// content hash so browsers never keep a stale copy, and for the search index's
/// `meta.json` (`site.assets.search_index`), without one: the browser revalidates it, so a
/// page does not change when only the index does. `build` and `serve` both use this.
pub fn asset_urls(assets: &BTreeMap<String, Vec<u8>>, base_path: &str) -> BTreeMap<String, String> {
    let mut urls: BTreeMap<String, String> = assets
        .iter()
        .map(|(name, bytes)| {
            let key = name
                .rsplit_once('.')
                .map_or(name.as_str(), |(stem, _)| stem);
            (
                key.replace(['/', '.'], "_"),
                format!("{base_path}assets/{name}?h={}", content_hash(bytes)),
            )
        })
        .collect();
    urls.insert(
        "search_index".into(),
        format!("{base_path}{}/meta.json", crate::search::DIR),
    );
    urls
}

pub fn content_hash(bytes: &[u8]) -> String {
    content_hash_parts([bytes])
}

/// [`content_hash`] of the concatenation of `parts`.
pub fn content_hash_parts<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for part in parts {
        for b in part {
            h ^= *b as u64;
            h = h.wrapping_mul(0x100000001b3);
        }
    }
    format!("{:08x}", h as u32)
}

/// Page `page` (from 1) of `items` cut into pages of `per`, and the number of pages (at
/// least 1, so an empty list still has its page).
fn page_of<T>(items: &[T], page: usize, per: usize) -> (&[T], usize) {
    let total = items.len().div_ceil(per).max(1);
    let start = ((page - 1) * per).min(items.len());
    let end = (page * per).min(items.len());
    (&items[start..end], total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_of_cuts_pages_and_keeps_one_for_an_empty_list() {
        let v: Vec<u32> = (1..=5).collect();
        assert_eq!(page_of(&v, 1, 2), (&[1, 2][..], 3));
        assert_eq!(page_of(&v, 3, 2), (&[5][..], 3));
        assert_eq!(page_of(&v, 4, 2), (&[][..], 3));
        assert_eq!(page_of::<u32>(&[], 1, 50), (&[][..], 1));
    }
}
