//! Builds every page of the site from the archive with the theme's templates. Pure apart
//! from Tera; the caller writes the pages. Each page is independent, so pages render in
//! parallel and a template error on one page does not stop the others.

use crate::archive::{
    sitemap_part_file, Archive, FEED_FILE, INDEX_FILE, NOT_FOUND_FILE, SITEMAP_FILE,
};
use crate::calendar::{calendar_years, CalendarYear};
use crate::config::Config;
use crate::diag::Diagnostic;
use crate::graph::{Graph, IssueIndex};
use crate::ids::{IssueId, NoteId, PersonId, RepoId, TeamId, TopicId, YearId};
use crate::markdown::Rendered;
use crate::model::{NoteKind, Role};
use crate::refs::Target;
use crate::theme::Theme;
use crate::views::*;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

mod action_groups;
mod action_item;
mod dates;
mod descriptions;
mod feeds;
mod links;
mod misc;
mod note;
mod outcomes;
mod page;
mod people;
mod refs;
mod summaries;
mod teams;
mod topics;

pub use page::{Page, SITEMAP_URLS};
use page::SitemapUrl;

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
    /// `<meta name="description">`: one line, at most 160 characters.
    description: String,
    section: Section,
    url: String,
}

/// What kind of page a page is: `page.section` in templates, which the header uses to
/// mark where the reader is. Its names are part of the theme contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Section {
    Home,
    Note,
    Teams,
    Team,
    Archive,
    Year,
    Month,
    Topics,
    Topic,
    People,
    Person,
    Search,
    #[serde(rename = "404")]
    NotFound,
    Feed,
    Sitemap,
    /// The list of referenced repositories.
    Refs,
    Repo,
    Issue,
    Decisions,
    Actions,
    /// An action item's page, or all the open items of one assignee or team.
    Action,
}

/// What every page of a person shows of all their meetings.
struct PersonOverview {
    teams: Vec<TeamCount>,
    roles: BTreeMap<&'static str, usize>,
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
    /// Every page but the notes', and the sitemap's URLs in order, listed once for the
    /// sitemap and all its parts (each part listing them again would make the sitemap's
    /// cost grow with the square of the site).
    sitemap: OnceLock<(Vec<Page>, Vec<SitemapUrl>)>,
    /// Each person's teams and roles, counted on first use.
    person_overviews: Vec<OnceLock<PersonOverview>>,
    /// `site`, serialized once.
    site_cx: tera::Context,
    /// Each note's card, made once: a note is listed on a dozen pages.
    cards: Vec<NoteCard>,
    /// URLs per sitemap file: [`SITEMAP_URLS`], smaller in tests.
    pub(crate) sitemap_split: usize,
    /// Decisions and action items ([`Renderer::with_outcomes`]); none until given.
    outcomes: &'a crate::outcomes::Ledger,
    /// `@handle` or name → person, for linking the people action items name.
    people_keys: std::collections::HashMap<String, PersonId>,
    /// For each person, the action items assigned to them (indexes into the ledger's
    /// `actions`, newest first), made once so a person's page does not scan them all.
    person_actions: Vec<Vec<usize>>,
    /// Each action item's page (by index in the ledger's `actions`), named once.
    action_paths: Vec<String>,
    /// Open action items by assignee and by team, grouped once.
    action_groups: action_groups::ActionGroups,
    /// Each decision's team (aligned with the ledger's `decisions`), and the teams and
    /// years with decisions and their counts, made once: every page of `/decisions/` and
    /// its team and year pages lists them, and scanning every decision per page was
    /// quadratic in an archive's decisions.
    decision_facts: outcomes::DecisionFacts,
}

/// The ledger of an archive without decisions or action items.
static NO_OUTCOMES: std::sync::LazyLock<crate::outcomes::Ledger> =
    std::sync::LazyLock::new(crate::outcomes::Ledger::default);

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
                repos: graph.repos.len(),
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
        let cards = NoteId::all(archive.notes.len())
            .zip(crate::titles::extras(archive))
            .map(|(i, extra)| NoteCard {
                title_extra: extra,
                ..linker.card(i)
            })
            .collect();
        let mut site_cx = tera::Context::new();
        site_cx.insert("site", &site);
        site_cx.insert(
            "outcome_links",
            &outcomes::OutcomeLinks {
                decisions: 0,
                actions: 0,
            },
        );
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
            person_overviews: (0..archive.people.len()).map(|_| OnceLock::new()).collect(),
            sitemap: OnceLock::new(),
            cards,
            sitemap_split: SITEMAP_URLS,
            outcomes: &NO_OUTCOMES,
            people_keys: crate::engine::outcomes::person_keys(archive),
            person_actions: Vec::new(),
            action_paths: Vec::new(),
            action_groups: Default::default(),
            decision_facts: Default::default(),
        }
    }

    /// The archive's decisions and action items, for their pages, the note box, team
    /// pages and the header's links (`outcome_links`: what the archive has).
    pub fn with_outcomes(mut self, ledger: &'a crate::outcomes::Ledger) -> Renderer<'a> {
        self.outcomes = ledger;
        self.person_actions =
            outcomes::actions_by_person(ledger, &self.people_keys, self.archive.people.len());
        self.action_paths = crate::views::action_item_paths(ledger, &self.archive.urls);
        self.action_groups = action_groups::GroupInput {
            archive: self.archive,
            ledger,
            people_keys: &self.people_keys,
        }
        .groups();
        self.decision_facts = outcomes::DecisionFacts::new(self.archive, ledger);
        self.site_cx.insert("outcome_links", &self.outcome_links());
        self
    }

    /// Absolute URL for feeds and the sitemap; root-relative when no `base_url` is set.
    fn abs(&self, path: &str) -> String {
        if self.abs_base.is_empty() {
            format!("{}{}", self.base_path, path)
        } else {
            format!("{}{}", self.abs_base, path)
        }
    }

    /// Renders a page whose description says no more than its title (see
    /// [`Renderer::fill_described`]).
    fn fill(
        &self,
        template: &'static str,
        path: &str,
        title: String,
        section: Section,
        cx: tera::Context,
    ) -> Result<File, Diagnostic> {
        let description = self.describe_other(&title);
        self.fill_described(template, path, title, description, section, cx)
    }

    /// Renders `template` at `path` with `cx`, the site and the page's title and
    /// description.
    fn fill_described(
        &self,
        template: &'static str,
        path: &str,
        title: String,
        description: String,
        section: Section,
        mut cx: tera::Context,
    ) -> Result<File, Diagnostic> {
        let url = format!("{}{}", self.base_path, path.trim_end_matches("index.html"));
        // Cloned from a value made once: serializing `SiteView` for each of 90,000 pages
        // cost more than any one value a page has of its own.
        cx.extend(self.site_cx.clone());
        let page = PageMeta {
            title,
            description,
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

    /// Note `i`'s card, made once in [`Renderer::new`].
    fn card(&self, i: NoteId) -> NoteCard {
        self.cards[i].clone()
    }

    /// Note `i`'s card for a list, with the roles it shows on a person's page.
    fn list_card(&self, i: NoteId, roles: &[Role]) -> NoteCard {
        let mut card = self.card(i);
        card.roles = role_names(roles);
        card
    }

    fn page_title(&self, what: &str) -> String {
        format!("{what} · {}", self.site.title)
    }

    /// The title of page `page` of a paginated list: pages after the first say which
    /// they are, so that tabs, history and search results tell them apart.
    fn paged_title(&self, name: &str, page: usize) -> String {
        if page > 1 {
            self.page_title(&format!("{name} (page {page})"))
        } else {
            self.page_title(name)
        }
    }

    /// Page `page` of a list that starts at `first`: the items it shows, with its
    /// pagination links put in `cx`. Every paginated page goes through here, so the
    /// pages a list has are the ones [`Page`]'s listing makes.
    fn paginate<'x, T>(
        &self,
        cx: &mut tera::Context,
        items: &'x [T],
        page: usize,
        first: &str,
    ) -> &'x [T] {
        self.paginate_by(cx, items, page, first, self.config.paginate.max(1))
    }

    /// [`Renderer::paginate`] with `per` items a page (lists of rows rather than cards).
    fn paginate_by<'x, T>(
        &self,
        cx: &mut tera::Context,
        items: &'x [T],
        page: usize,
        first: &str,
        per: usize,
    ) -> &'x [T] {
        let (slice, total) = page_of(items, page, per);
        cx.insert(
            "pagination",
            &pagination(first, page, total, &self.base_path),
        );
        slice
    }

    /// An index page (teams, topics, people, repositories): one list under `key`.
    #[allow(clippy::too_many_arguments)]
    fn index_page<T: serde::Serialize>(
        &self,
        template: &'static str,
        path: &str,
        title: &str,
        description: String,
        section: Section,
        key: &str,
        list: &T,
    ) -> Result<File, Diagnostic> {
        let mut cx = tera::Context::new();
        cx.insert(key, list);
        self.fill_described(template, path, self.page_title(title), description, section, cx)
    }

    pub fn render(&self, page: &Page) -> Result<File, Diagnostic> {
        let path = &self.path(page);
        match *page {
            Page::Home => self.home(path),
            Page::Teams => self.teams(path),
            Page::Team { team, page } => self.team(team, page, path),
            Page::Archive => self.archive(path),
            Page::Year { year, page } => self.year(year, page, path),
            Page::Month { year, month } => self.month(year, month, path),
            Page::Topics => self.topics(path),
            Page::Topic { topic, page } => self.topic(topic, page, path),
            Page::People => self.people(path),
            Page::Person { person, page } => self.person(person, page, path),
            Page::Search => self.search(path),
            Page::NotFound => self.not_found(path),
            Page::Feed { team } => self.feed(team, path),
            Page::Repos => self.repos(path),
            Page::Repo { repo, page } => self.repo(repo, page, path),
            Page::Issue { issue } => self.issue(issue, path),
            Page::Sitemap => self.sitemap(path),
            Page::SitemapPart { part } => self.sitemap_part(part, path),
            Page::Decisions { page } => self.decisions(outcomes::Filter::All, page, path),
            Page::DecisionsTeam { team, page } => {
                self.decisions(outcomes::Filter::Team(team), page, path)
            }
            Page::DecisionsYear { year, page } => {
                self.decisions(outcomes::Filter::Year(year), page, path)
            }
            Page::DecisionsFeed { team } => self.decisions_feed(team, path),
            Page::Actions => self.actions(path),
            Page::Action { item } => self.action_item(item, path),
            Page::ActionsGroup { group, page } => self.actions_group(group, page, path),
        }
    }
}

fn rfc3339(d: NaiveDate) -> String {
    d.format("%Y-%m-%dT00:00:00Z").to_string()
}

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
                format!("{base_path}assets/{name}?h={}", crate::digest::hex(bytes)),
            )
        })
        .collect();
    urls.insert(
        "search_index".into(),
        format!("{base_path}{}/meta.json", crate::search::DIR),
    );
    urls
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
