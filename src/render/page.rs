//! Every page of the site but the notes' (a [`Page`]), and the file each one is.

use super::*;

/// A page of the site other than a note's (those need the note's rendered Markdown, see
/// [`Renderer::note_page`]). Listing them first lets the caller render them in parallel;
/// [`Renderer::path`] names each one's file.
#[derive(Debug, Clone)]
pub enum Page {
    Home,
    Teams,
    Team {
        team: TeamId,
        page: usize,
    },
    Archive,
    Year {
        year: YearId,
        /// From 1: a long year is cut into pages of `paginate` meetings.
        page: usize,
    },
    Month {
        year: YearId,
        /// Its place in the year's `months`.
        month: usize,
    },
    Topics,
    Topic {
        topic: TopicId,
        page: usize,
    },
    People,
    Person {
        person: PersonId,
        page: usize,
    },
    Search,
    NotFound,
    Feed {
        team: Option<TeamId>,
    },
    /// `sitemap.xml`: every URL, or when they are more than one file of the protocol
    /// holds ([`SITEMAP_URLS`]), the index of the parts.
    Sitemap,
    /// `sitemap{part}.xml` (from 1), when the sitemap is split.
    SitemapPart {
        part: usize,
    },
    /// The repositories whose issues notes reference.
    Repos,
    /// A repository's referenced issues, most-discussed first.
    Repo {
        repo: RepoId,
        page: usize,
    },
    /// Every meeting that mentioned one issue.
    Issue {
        issue: IssueId,
    },
    /// Every decision, newest first, by month; `page` from 1, as on year pages.
    Decisions {
        page: usize,
    },
    /// One team's decisions.
    DecisionsTeam {
        team: TeamId,
        page: usize,
    },
    /// One year's decisions.
    DecisionsYear {
        year: i32,
        page: usize,
    },
    /// The Atom feed of one team's decisions.
    DecisionsFeed {
        team: TeamId,
    },
    /// Open action items by assignee and team, and recently done ones.
    Actions,
    /// One action item across the meetings it came up in (an index into the ledger's
    /// `actions`).
    Action {
        item: usize,
    },
    /// Every open item of an assignee or team with more than `/actions/` shows.
    ActionsGroup {
        group: usize,
        page: usize,
    },
}

/// How many URLs one sitemap file may hold (the sitemaps.org protocol's limit); a site
/// with more gets `sitemap.xml` as an index of parts, as search engines require.
pub const SITEMAP_URLS: usize = 50_000;

/// One URL of the sitemap: a note's page, or another page of the site (its place in the
/// list of pages the sitemap was made from).
#[derive(Debug, Clone, Copy)]
pub(super) enum SitemapUrl {
    Note(NoteId),
    Page(usize),
}

impl Page {
    /// Whether a crawler should be sent here: every HTML page a reader may land on.
    fn in_sitemap(&self) -> bool {
        !matches!(
            self,
            Page::Search
                | Page::NotFound
                | Page::Feed { .. }
                | Page::DecisionsFeed { .. }
                | Page::Sitemap
                | Page::SitemapPart { .. }
        )
    }
}

impl Renderer<'_> {
    /// Every index page, feed and sitemap the archive needs.
    pub fn pages(&self) -> Vec<Page> {
        let a = self.archive;
        let per = self.config.paginate.max(1);
        let pages = |n: usize| n.div_ceil(per).max(1);
        let mut list = vec![
            Page::Home,
            Page::Teams,
            Page::Archive,
            Page::Topics,
            Page::People,
            Page::Search,
            Page::NotFound,
            Page::Feed { team: None },
        ];
        for (t, team) in TeamId::all(a.teams.len()).zip(&a.teams) {
            list.extend((1..=pages(team.notes.len())).map(|page| Page::Team { team: t, page }));
            list.push(Page::Feed { team: Some(t) });
        }
        for (y, year) in YearId::all(a.years.len()).zip(&a.years) {
            list.extend((1..=pages(year.count())).map(|page| Page::Year { year: y, page }));
            list.extend((0..year.months.len()).map(|m| Page::Month { year: y, month: m }));
        }
        for (t, topic) in TopicId::all(a.topics.len()).zip(&a.topics) {
            list.extend((1..=pages(topic.notes.len())).map(|page| Page::Topic { topic: t, page }));
        }
        for (p, person) in PersonId::all(a.people.len()).zip(&a.people) {
            list.extend(
                (1..=pages(person.notes.len())).map(|page| Page::Person { person: p, page }),
            );
        }
        let g = self.graph;
        if !g.repos.is_empty() {
            list.push(Page::Repos);
        }
        for (r, repo) in RepoId::all(g.repos.len()).zip(&g.repos) {
            list.extend((1..=pages(repo.issues.len())).map(|page| Page::Repo { repo: r, page }));
        }
        list.extend(IssueId::all(g.issues.len()).map(|issue| Page::Issue { issue }));
        self.outcome_pages(&mut list);
        list.push(Page::Sitemap);
        let parts = self.sitemap_urls(&list).len().div_ceil(self.sitemap_split);
        if parts > 1 {
            list.extend((1..=parts).map(|part| Page::SitemapPart { part }));
        }
        list
    }

    /// The decisions and action items pages, when the archive has any.
    fn outcome_pages(&self, list: &mut Vec<Page>) {
        let links = self.outcome_links();
        if links.decisions > 0 {
            let pages = outcomes::decision_pages;
            list.extend((1..=pages(links.decisions)).map(|page| Page::Decisions { page }));
            for (team, n) in self.decision_teams() {
                list.extend((1..=pages(n)).map(|page| Page::DecisionsTeam { team, page }));
                list.push(Page::DecisionsFeed { team });
            }
            for (year, n) in self.decision_years() {
                list.extend((1..=pages(n)).map(|page| Page::DecisionsYear { year, page }));
            }
        }
        if links.actions > 0 {
            list.push(Page::Actions);
            for (group, g) in self.action_groups.groups.iter().enumerate() {
                if g.paged() {
                    list.extend((1..=g.pages()).map(|page| Page::ActionsGroup { group, page }));
                }
            }
            list.extend((0..links.actions).map(|item| Page::Action { item }));
        }
    }

    /// What the sitemap lists, in order, out of the site's `pages`: the home page, every
    /// meeting's page, then every other HTML page a reader lands on (not the search page,
    /// the 404 page or the feeds).
    pub(super) fn sitemap_urls(&self, pages: &[Page]) -> Vec<SitemapUrl> {
        let a = self.archive;
        let meetings = NoteId::all(a.notes.len())
            .filter(|&i| a.notes[i].kind == NoteKind::Meeting)
            .map(SitemapUrl::Note);
        let (home, rest): (Vec<usize>, Vec<usize>) = (0..pages.len())
            .filter(|&k| pages[k].in_sitemap())
            .partition(|&k| matches!(pages[k], Page::Home));
        home.into_iter()
            .map(SitemapUrl::Page)
            .chain(meetings)
            .chain(rest.into_iter().map(SitemapUrl::Page))
            .collect()
    }

    /// The path `page` is written to, the only place it is made: [`Renderer::render`]
    /// renders the page at it, and `serve` finds the page behind a URL with it.
    pub fn path(&self, page: &Page) -> String {
        let a = self.archive;
        let g = self.graph;
        let index = |dir: String| format!("{dir}{INDEX_FILE}");
        match *page {
            Page::Home => INDEX_FILE.into(),
            Page::Teams => "teams/index.html".into(),
            Page::Team { team, page } => index(page_path(&team_path(&a.teams[team].id), page)),
            Page::Archive => "archive/index.html".into(),
            Page::Year { year, page } => index(page_path(&year_path(a.years[year].year), page)),
            Page::Month { year, month } => {
                let y = &a.years[year];
                index(month_path(y.year, y.months[month].month))
            }
            Page::Topics => "topics/index.html".into(),
            Page::Topic { topic, page } => index(page_path(&topic_path(&a.topics[topic].id), page)),
            Page::People => "people/index.html".into(),
            Page::Person { person, page } => {
                index(page_path(&person_path(&a.people[person].id), page))
            }
            Page::Search => "search/index.html".into(),
            Page::NotFound => NOT_FOUND_FILE.into(),
            Page::Feed { team: None } => FEED_FILE.into(),
            Page::Feed { team: Some(t) } => format!("{}{FEED_FILE}", team_path(&a.teams[t].id)),
            Page::Sitemap => SITEMAP_FILE.into(),
            Page::SitemapPart { part } => sitemap_part_file(part),
            Page::Repos => index(refs_path()),
            Page::Repo { repo, page } => {
                let r = &g.repos[repo];
                index(page_path(&repo_path(&r.owner, &r.repo), page))
            }
            Page::Issue { issue } => {
                let i = &g.issues[issue];
                issue_path(&i.owner, &i.repo, i.number)
            }
            Page::Decisions { page } => index(page_path(&outcomes::decisions_path(), page)),
            Page::DecisionsTeam { team, page } => index(page_path(
                &outcomes::decisions_team_path(&a.teams[team].id),
                page,
            )),
            Page::DecisionsYear { year, page } => {
                index(page_path(&outcomes::decisions_year_path(year), page))
            }
            Page::DecisionsFeed { team } => format!(
                "{}{FEED_FILE}",
                outcomes::decisions_team_path(&a.teams[team].id)
            ),
            Page::Actions => index(outcomes::actions_path()),
            Page::Action { item } => self.action_paths[item].clone(),
            Page::ActionsGroup { group, page } => {
                index(page_path(&self.action_groups.groups[group].path, page))
            }
        }
    }
}
