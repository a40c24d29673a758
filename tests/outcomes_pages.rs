//! Decisions and action items on the site: `/decisions/` (by month, per team and year),
//! `/actions/` (open by assignee and team, with age; recently done), each team's Atom feed of
//! decisions, the box at the top of a note page linking down to the spots, team pages, the
//! header's links only when the archive has any, and nothing a note writes runs as script.

mod common;
use common::*;

fn archive() -> TestArchive {
    let a = TestArchive::new();
    a.file("minutes.toml", "base_url = \"https://example.org/\"\n")
        .file(
            "content/web/2024-02-28.md",
            "# Web sync\n\n## Release\n\nWe talked.\n\nDecision: ship **v2** in March\n\n\
             ## Action items\n\n- [ ] @ann write the release post by Friday\n\
             - [ ] @bob fix the flaky test\n",
        )
        .file(
            "content/web/2024-03-06.md",
            "# Web sync\n\n## Action items\n\n- [x] @ann write the release post\n\n\
             Resolved: <script>alert(1)</script> [x](javascript:alert(1))\n",
        )
        .file(
            "content/api/2023-12-01.md",
            "---\ndecisions: [\"Freeze the *v1* API\"]\n---\n# API sync\n\nNothing else.\n",
        );
    a
}

#[test]
fn decisions_page_groups_by_month_and_links_to_the_spot() {
    let a = archive();
    assert!(!a.build().has_errors());
    let page = a.page("decisions/index.html");
    assert_eq!(
        texts(&page, ".outcome-month h2"),
        ["March 2024", "February 2024", "December 2023"]
    );
    let links = attrs(&page, ".outcome-decision .outcome-text", "href");
    assert_eq!(
        links,
        [
            "/web/2024-03-06/#dec-1",
            "/web/2024-02-28/#dec-1",
            "/api/2023-12-01/#fm-dec-1"
        ]
    );
    // Each link's anchor is an element of the note's page.
    let note = a.page("web/2024-02-28/index.html");
    assert_eq!(select(&note, "#dec-1").len(), 1);
    assert_eq!(
        select(&a.page("api/2023-12-01/index.html"), "#fm-dec-1").len(),
        1
    );
    assert!(texts(&page, ".outcome-agenda").contains(&"Release".to_string()));
    // Per team and per year, with no script.
    let web = a.page("decisions/team/web/index.html");
    assert_eq!(select(&web, ".outcome-decision").len(), 2);
    let y2023 = a.page("decisions/2023/index.html");
    assert_eq!(select(&y2023, ".outcome-decision").len(), 1);
    let all = a.text("decisions/index.html");
    assert!(
        !all.contains("<script>alert") && !all.contains("href=\"javascript:"),
        "{all}"
    );
    assert!(
        all.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{all}"
    );
}

#[test]
fn team_feed_of_decisions_is_valid_atom() {
    let a = archive();
    a.build();
    let xml = a.text("decisions/team/web/atom.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let titles: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .filter_map(|e| e.children().find(|c| c.has_tag_name("title")))
        .filter_map(|t| t.text())
        .collect();
    assert_eq!(titles.len(), 2);
    assert!(titles.contains(&"ship **v2** in March"), "{titles:?}");
    assert!(
        xml.contains("https://example.org/web/2024-02-28/#dec-1"),
        "{xml}"
    );
}

#[test]
fn actions_page_lists_open_items_with_age_and_recently_done() {
    let a = archive();
    a.build();
    let page = a.page("actions/index.html");
    let people = texts(&page, "#by-person ~ h3");
    assert!(people.iter().any(|p| p.starts_with("@bob")), "{people:?}");
    assert!(
        !people.iter().any(|p| p.starts_with("@ann")),
        "ann's item is done: {people:?}"
    );
    let open = texts(&page, "#by-person ~ ul .outcome-age");
    assert_eq!(open, ["open for 2 meetings"]);
    let done = texts(&page, "#recently-done ~ ul .outcome-text");
    assert_eq!(done, ["@ann write the release post"]);
}

#[test]
fn note_box_links_down_to_each_spot_and_is_safe() {
    let a = archive();
    a.build();
    let note = a.page("web/2024-02-28/index.html");
    let links = attrs(&note, ".outcomes-box a:not(.outcome-item)", "href");
    assert_eq!(links, ["#dec-1", "#act-1", "#act-2"]);
    // Each action item also links to its own page.
    let items = attrs(&note, ".outcomes-box a.outcome-item", "href");
    assert_eq!(items.len(), 2, "{items:?}");
    for u in &items {
        assert!(file_of(u).0.starts_with("actions/"), "{u}");
    }
    for l in links {
        assert_eq!(select(&note, &l).len(), 1, "{l}");
    }
    let hostile = a.text("web/2024-03-06/index.html");
    assert!(!hostile.contains("<script>alert"), "{hostile}");
    assert!(!hostile.contains("href=\"javascript:"), "{hostile}");
    let team = a.page("teams/web/index.html");
    assert_eq!(texts(&team, "#team-outcomes-title"), ["Recent decisions"]);
}

#[test]
fn header_links_only_when_the_archive_has_decisions_or_actions() {
    let a = archive();
    a.build();
    let nav = attrs(&a.page("index.html"), ".site-nav a", "href");
    assert!(nav.contains(&"/decisions/".to_string()), "{nav:?}");
    assert!(nav.contains(&"/actions/".to_string()), "{nav:?}");
    let plain = TestArchive::new();
    plain.file(
        "content/web/2024-01-01.md",
        "# Sync\n\nWe couldn't decide.\n",
    );
    plain.build();
    let nav = attrs(&plain.page("index.html"), ".site-nav a", "href");
    assert!(
        !nav.iter()
            .any(|h| h.contains("decisions") || h.contains("actions")),
        "{nav:?}"
    );
    assert!(!plain.out().join("decisions").exists());
}

#[test]
fn actions_page_shows_the_most_recent_items_of_a_long_list() {
    let a = TestArchive::new();
    for d in 1..=28 {
        a.file(
            &format!("content/web/2024-02-{d:02}.md"),
            &format!("# Sync\n\n## Action items\n\n- @ann task{d} alpha{d} beta{d}\n"),
        );
    }
    assert!(!a.build().has_errors());
    let page = a.page("actions/index.html");
    assert_eq!(select(&page, "#by-person ~ ul .outcome").len(), 25);
    assert_eq!(
        texts(&page, "#by-person ~ p.more"),
        ["and 3 more, mentioned less recently: all 28"]
    );
}

/// A person's page lists the action items open in their name and the decisions of the
/// meetings they attended; someone whose only item was done later has none open.
#[test]
fn person_pages_show_their_open_items_and_their_meetings_decisions() {
    let a = TestArchive::new();
    a.file(
        "content/web/2024-02-28.md",
        "# Web sync\n\nAttendees: @ann, @bob\n\nDecision: ship v2 in March\n\n\
         ## Action items\n\n- [ ] @bob fix the flaky test\n- [ ] @ann write the release post\n",
    )
    .file(
        "content/web/2024-03-06.md",
        "# Web sync\n\nAttendees: @ann\n\n## Action items\n\n- [x] @ann write the release post\n",
    );
    let r = a.build();
    assert!(!r.has_errors(), "{:?}", r.diagnostics);
    let bob = a.page("people/bob/index.html");
    assert_eq!(
        texts(&bob, "#person-outcomes-title + ul .outcome-text"),
        ["@bob fix the flaky test"]
    );
    let decided = texts(&bob, ".column-side .outcome-decision .outcome-text");
    assert_eq!(decided.len(), 1, "{decided:?}");
    assert!(decided[0].contains("ship v2 in March"), "{decided:?}");
    let ann = a.page("people/ann/index.html");
    assert!(texts(&ann, "#person-outcomes-title + ul .outcome-text").is_empty());
    assert_eq!(texts(&ann, ".column-side .outcome-decision").len(), 1);
}

/// The output file and fragment a root-relative URL of the site names.
fn file_of(url: &str) -> (String, Option<String>) {
    let (path, frag) = match url.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string())),
        None => (url, None),
    };
    let rel = path.trim_start_matches('/');
    let rel = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    };
    (rel, frag)
}

fn release_post(a: &TestArchive, date: &str, done: bool) {
    let mark = if done { "x" } else { " " };
    a.file(
        &format!("content/web/{date}.md"),
        &format!(
            "# Web sync\n\nAttendees: @ann\n\n## Action items\n\n- [{mark}] @ann write the release post\n"
        ),
    );
}

/// An item mentioned in three meetings has one page listing the three, newest first, with
/// the state of the last; adding a newer note (which mentions it again) keeps its URL.
#[test]
fn an_item_page_lists_every_meeting_and_keeps_its_url() {
    let a = TestArchive::new();
    release_post(&a, "2024-01-03", false);
    release_post(&a, "2024-01-10", false);
    release_post(&a, "2024-01-17", true);
    a.file(
        "content/web/2024-01-12.md",
        "# Web sync\n\n## Action items\n\n- [ ] @bob fix the flaky test\n",
    );
    assert!(!a.build().has_errors());
    let first = a.page("web/2024-01-03/index.html");
    let url = attrs(&first, ".outcomes-box a.outcome-item", "href");
    assert_eq!(url.len(), 1, "{url:?}");
    let url = url[0].clone();
    let page = a.page(&file_of(&url).0);
    assert_eq!(
        attrs(&page, ".item-mentions .outcome-text", "href"),
        [
            "/web/2024-01-17/#act-1",
            "/web/2024-01-10/#act-1",
            "/web/2024-01-03/#act-1"
        ]
    );
    assert_eq!(
        texts(&page, ".item-mentions .state"),
        ["done", "open", "open"]
    );
    assert_eq!(texts(&page, ".page-header .state"), ["done"]);
    // Closed in the last meeting, which the header links to.
    assert!(attrs(&page, ".page-header .page-sub a", "href")
        .contains(&"/web/2024-01-17/#act-1".to_string()));
    assert_eq!(
        attrs(&page, ".item-facts a", "href")[..2],
        ["/people/ann/", "/teams/web/"]
    );
    let description = attrs(&page, "meta[name=description]", "content");
    assert_eq!(
        description,
        ["Action item (Web), done: @ann write the release post"]
    );
    // The same page from each of its meetings' boxes.
    for d in ["2024-01-10", "2024-01-17"] {
        let note = a.page(&format!("web/{d}/index.html"));
        assert_eq!(
            attrs(&note, ".outcomes-box a.outcome-item", "href"),
            [url.as_str()]
        );
    }
    // A newer meeting reopens it: same URL, four meetings, open.
    release_post(&a, "2024-01-24", false);
    assert!(!a.build().has_errors());
    let newest = a.page("web/2024-01-24/index.html");
    assert_eq!(
        attrs(&newest, ".outcomes-box a.outcome-item", "href"),
        [url.as_str()]
    );
    let page = a.page(&file_of(&url).0);
    assert_eq!(select(&page, ".item-mentions > li").len(), 4);
    assert_eq!(texts(&page, ".page-header .state"), ["open"]);
}

/// More decisions than one page holds: every one is on exactly one of `/decisions/`'s
/// pages, and on one of its year's and team's pages.
#[test]
fn every_decision_is_on_some_decisions_page() {
    let a = TestArchive::new();
    let per_note = 45;
    for d in 1..=5 {
        let body: String = (1..=per_note)
            .map(|k| format!("Decision: choice {d} number {k}\n\n"))
            .collect();
        a.file(
            &format!("content/web/2024-03-{d:02}.md"),
            &format!("# Sync\n\n{body}"),
        );
    }
    assert!(!a.build().has_errors());
    for first in ["decisions/", "decisions/2024/", "decisions/team/web/"] {
        let mut seen = std::collections::BTreeSet::new();
        let mut pages = 0;
        for n in 1.. {
            let rel = if n == 1 {
                format!("{first}index.html")
            } else {
                format!("{first}page/{n}/index.html")
            };
            if !a.out().join(&rel).exists() {
                break;
            }
            pages += 1;
            let page = a.page(&rel);
            for h in attrs(&page, ".outcome-decision .outcome-text", "href") {
                assert!(seen.insert(h.clone()), "{h} twice");
            }
        }
        assert_eq!(seen.len(), 5 * per_note, "{first}");
        assert_eq!(pages, 3, "{first}: 225 decisions, 100 a page");
    }
    let two = a.page("decisions/page/2/index.html");
    assert_eq!(texts(&two, ".page-position"), ["Page 2 of 3"]);
    // The month the first page ended with goes on.
    assert_eq!(texts(&two, ".outcome-month h2"), ["March 2024 (continued)"]);
}

/// Every open item is on `/actions/` or on a page it links to, and each row leads to the
/// item's page, whose meetings link to an element of the note.
#[test]
fn every_open_action_is_reachable_from_the_actions_page() {
    let a = TestArchive::new();
    for d in 1..=28 {
        for (team, who) in [("web", "ann"), ("api", "ann")] {
            let extra: String = (0..5)
                .map(|k| format!("- @{who} task{d} {team}{k} alpha{d}{k} beta{d}{k}\n"))
                .collect();
            a.file(
                &format!("content/{team}/2024-02-{d:02}.md"),
                &format!("# Sync\n\nAttendees: @{who}\n\n## Action items\n\n{extra}"),
            );
        }
    }
    assert!(!a.build().has_errors());
    let open = 28 * 5 * 2;
    let actions = a.page("actions/index.html");
    let mut items = std::collections::BTreeSet::new();
    let mut rows = |page: &scraper::Html| {
        for u in attrs(page, ".outcome a.outcome-item", "href") {
            items.insert(u);
        }
    };
    rows(&actions);
    let more = attrs(&actions, "p.more a", "href");
    // ann (280 items: 3 pages) and two teams of 140 (2 pages each), each with an "all"
    // link, then its page numbers.
    assert_eq!(more.len(), 4 + 3 + 3, "{more:?}");
    for u in &more {
        rows(&a.page(&file_of(u).0));
    }
    assert_eq!(items.len(), open);
    // /actions/ → an item page → the spot in the note.
    let item = attrs(&actions, "#by-person ~ ul a.outcome-item", "href")[0].clone();
    let page = a.page(&file_of(&item).0);
    let spot = attrs(&page, ".item-mentions .outcome-text", "href")[0].clone();
    let (note, frag) = file_of(&spot);
    let frag = frag.expect("a fragment");
    assert_eq!(
        select(&a.page(&note), &format!("#{frag}")).len(),
        1,
        "{spot}"
    );
    // Person and team pages link to all their open items.
    let ann = a.page("people/ann/index.html");
    assert_eq!(texts(&ann, ".column-side p.more a"), ["All 280 open →"]);
    let team = a.page("teams/web/index.html");
    assert!(texts(&team, ".column-side p.more a").contains(&"All 140 open →".to_string()));
}
