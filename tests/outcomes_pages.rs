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
    let links = attrs(&note, ".outcomes-box a", "href");
    assert_eq!(links, ["#dec-1", "#act-1", "#act-2"]);
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
        ["and 3 more, mentioned less recently"]
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
