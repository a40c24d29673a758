//! What a reader sees of each meeting in lists and of each page in search engines (issue
//! 15): summaries that skip a team's template and agenda scaffolding, titles told apart
//! when notes share one, a meta description on every kind of page, year pages grouped by
//! month and cut into pages whose every link resolves, no link to an empty index.
//! The expected summaries below were chosen by reading the fixture notes, before the code
//! was run on them.

mod common;
use common::{select, TestArchive};
use scraper::Html;
use std::collections::BTreeSet;
use std::path::Path;

fn texts(html: &Html, css: &str) -> Vec<String> {
    select(html, css)
        .iter()
        .map(|e| {
            e.text()
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

fn attr(html: &Html, css: &str, name: &str) -> Vec<String> {
    select(html, css)
        .iter()
        .filter_map(|e| e.value().attr(name).map(str::to_string))
        .collect()
}

/// Three notes of one team that open with its template, and notes of two teams that
/// share a title.
fn fixture() -> TestArchive {
    let a = TestArchive::new();
    let template = "## Initiatives\n\nThese are the high priority initiatives the team is currently working on.\n\n\
                    - Update or add info on initiatives that are happening\n\n## Attendees\n\n\
                    - @jacobheun (not attending)\n- Ana Lee (@ana)\n\n";
    a.file("minutes.toml", "title = \"Fixture\"\n")
        .file(
            "content/libp2p/2019-08-12.md",
            &format!("# libp2p\n\n{template}## Notes\n\n- Relay v2 spec is ready for review\n"),
        )
        .file(
            "content/libp2p/2019-08-05.md",
            &format!("# libp2p\n\n{template}## Notes\n\n[Pad](https://pad.example/x)\n\nWe agreed to ship the DHT client in 0.5.\n"),
        )
        .file(
            "content/libp2p/2019-07-29.md",
            &format!("# libp2p\n\n{template}"),
        )
        .file(
            "content/core/2023-01-24.md",
            "# Weekly sync\n\nMerged the parser rewrite ipfs/go-ipfs#12.\n",
        )
        .file(
            "content/gateway/2023-01-24.md",
            "# Weekly sync\n\nWe merged the tutorial.\n",
        );
    a
}

#[test]
fn summaries_skip_a_teams_template_scaffolding_and_links() {
    let a = fixture();
    a.build();
    let team = a.page("teams/libp2p/index.html");
    assert_eq!(
        texts(&team, ".card-summary"),
        [
            "Relay v2 spec is ready for review",
            "We agreed to ship the DHT client in 0.5.",
            // The third is only template ("Initiatives" heads all three) and scaffolding.
        ]
    );
    let bare = a.page("libp2p/2019-07-29/index.html");
    assert_eq!(
        attr(&bare, "meta[name=description]", "content"),
        ["libp2p: meeting notes of the libp2p team on Mon 29 Jul 2019."]
    );
    let note = a.page("libp2p/2019-08-12/index.html");
    assert_eq!(
        attr(&note, "meta[name=description]", "content"),
        ["Relay v2 spec is ready for review"]
    );
    let feed = a.text("atom.xml");
    assert!(
        feed.contains("We agreed to ship the DHT client in 0.5."),
        "{feed}"
    );
    assert!(!feed.contains("high priority initiatives"), "{feed}");
    // A search result whose text did not match shows the summary.
    let fragments = search_fragments(&a);
    assert!(
        fragments
            .iter()
            .any(|f| f.contains(r#""summary":"Relay v2 spec is ready for review""#)),
        "{fragments:?}"
    );
}

/// Every search fragment (`search/docs/*.json`) of the built site.
fn search_fragments(a: &TestArchive) -> Vec<String> {
    let docs = a.out().join("search/docs");
    std::fs::read_dir(&docs)
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect()
}

#[test]
fn notes_that_share_a_title_are_told_apart() {
    let a = fixture();
    a.build();
    let team = a.page("teams/libp2p/index.html");
    assert_eq!(
        texts(&team, ".card-title"),
        [
            "libp2p — Mon 12 Aug 2019",
            "libp2p — Mon 5 Aug 2019",
            "libp2p — Mon 29 Jul 2019"
        ]
    );
    // Titles shared across teams name the team too; the team's own name is not repeated.
    let home = a.page("index.html");
    let titles = texts(&home, ".card-title");
    assert!(
        titles.contains(&"Weekly sync — Core, Tue 24 Jan 2023".to_string()),
        "{titles:?}"
    );
    assert!(
        titles.contains(&"Weekly sync — Gateway, Tue 24 Jan 2023".to_string()),
        "{titles:?}"
    );
    let note = a.page("libp2p/2019-08-05/index.html");
    assert_eq!(texts(&note, "title"), ["libp2p — Mon 5 Aug 2019 · Fixture"]);
    assert!(a
        .text("atom.xml")
        .contains("<title>libp2p — Mon 12 Aug 2019</title>"));
    // Search results show it; it is not searchable text.
    let fragments = search_fragments(&a);
    assert!(
        fragments
            .iter()
            .any(|f| f.contains(r#""title":"libp2p","title_extra":"Mon 12 Aug 2019""#)),
        "{fragments:?}"
    );
}

/// Every `.html` file under `dir`.
fn html_files(dir: &Path) -> Vec<std::path::PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.into_path())
        .collect()
}

#[test]
fn every_kind_of_page_of_the_example_archive_has_a_meta_description() {
    let a = TestArchive::new();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for entry in walkdir::WalkDir::new(repo.join("content")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = minutes::load::relative(repo, entry.path());
            a.file(&rel, &std::fs::read_to_string(entry.path()).unwrap());
        }
    }
    a.file(
        "minutes.toml",
        &std::fs::read_to_string(repo.join("minutes.toml")).unwrap(),
    );
    a.build();
    let mut kinds = BTreeSet::new();
    let mut seen = BTreeSet::new();
    for path in html_files(&a.out()) {
        let html = Html::parse_document(&std::fs::read_to_string(&path).unwrap());
        let section = attr(&html, "body", "data-section");
        kinds.extend(section.iter().cloned());
        let d = attr(&html, "meta[name=description]", "content");
        let shown = path.display();
        assert_eq!(d.len(), 1, "{shown}: {d:?}");
        let d = &d[0];
        assert!(!d.trim().is_empty(), "{shown}: empty description");
        assert!(d.chars().count() <= 160, "{shown}: {d}");
        assert!(!d.contains(['\n', '<', '>']), "{shown}: {d}");
        assert!(
            !d.contains("](") && !d.contains("**"),
            "{shown}: Markdown in {d}"
        );
        assert_eq!(d.trim(), d, "{shown}");
        seen.insert(d.clone());
    }
    for kind in [
        "home", "note", "teams", "team", "archive", "year", "month", "topics", "topic", "people",
        "person", "refs", "repo", "issue", "search", "404",
    ] {
        assert!(kinds.contains(kind), "no {kind} page in {kinds:?}");
    }
    // Descriptions say what each page is: few pages share one.
    assert!(
        seen.len() * 10 >= html_files(&a.out()).len() * 9,
        "{seen:?}"
    );
}

#[test]
fn a_long_year_is_grouped_by_month_and_paged_with_links_that_resolve() {
    let a = TestArchive::new();
    a.file("minutes.toml", "paginate = 2\n");
    for (date, what) in [
        ("2019-03-20", "March two"),
        ("2019-03-06", "March one"),
        ("2019-02-20", "February three"),
        ("2019-02-13", "February two"),
        ("2019-02-06", "February one"),
        ("2019-01-09", "January one"),
    ] {
        a.file(
            &format!("content/core/{date}.md"),
            &format!("# Sync {date}\n\nWe talked about {what}.\n"),
        );
    }
    a.build();
    let out = a.out();
    let one = a.page("archive/2019/index.html");
    assert_eq!(
        texts(&one, ".group-title"),
        ["March 2019 2 meetings"],
        "page 1 holds March"
    );
    let two = a.page("archive/2019/page/2/index.html");
    assert_eq!(texts(&two, ".group-title"), ["February 2019 2 meetings"]);
    let three = a.page("archive/2019/page/3/index.html");
    assert_eq!(
        texts(&three, ".group-title"),
        [
            "February 2019 (continued) 1 meeting",
            "January 2019 1 meeting"
        ]
    );
    assert!(!out.join("archive/2019/page/4").exists());
    // Jumps to each month, and the pagination, land on a page that has the anchor.
    let jumps = attr(&two, ".month-chips a", "href");
    assert_eq!(
        jumps,
        [
            "/archive/2019/#group-1",
            "/archive/2019/page/2/#group-1",
            "/archive/2019/page/3/#group-2",
        ]
    );
    let pages = attr(&two, ".pagination a", "href");
    assert!(
        pages.contains(&"/archive/2019/page/3/".to_string()),
        "{pages:?}"
    );
    for link in jumps.iter().chain(&pages) {
        let (path, fragment) = link.split_once('#').unwrap_or((link, ""));
        let file = out.join(path.trim_start_matches('/')).join("index.html");
        assert!(file.exists(), "{link}: no {}", file.display());
        if !fragment.is_empty() {
            let html = Html::parse_document(&std::fs::read_to_string(&file).unwrap());
            assert_eq!(select(&html, &format!("#{fragment}")).len(), 1, "{link}");
        }
    }
    assert_eq!(texts(&three, "title"), ["2019 (page 3) · Meeting notes"]);
    let sitemap = a.text("sitemap.xml");
    assert!(sitemap.contains("/archive/2019/page/3/"), "{sitemap}");
}

#[test]
fn home_links_the_references_and_no_link_leads_to_an_empty_index() {
    let a = fixture();
    a.build();
    let home = a.page("index.html");
    let stats = attr(&home, ".stats a", "href");
    assert!(stats.contains(&"/refs/".to_string()), "{stats:?}");
    let nav = attr(&home, ".site-nav a", "href");
    assert!(nav.contains(&"/people/".to_string()), "{nav:?}");

    let bare = TestArchive::new();
    bare.file(
        "content/2024-01-01.md",
        "# Call\n\nNobody attended, nothing referenced.\n",
    );
    bare.build();
    for page in ["index.html", "404.html", "2024-01-01/index.html"] {
        let html = bare.page(page);
        let links = attr(&html, "a", "href");
        for empty in ["/people/", "/topics/", "/refs/"] {
            assert!(
                !links.contains(&empty.to_string()),
                "{page} links {empty}: {links:?}"
            );
        }
    }
}
