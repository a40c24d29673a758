//! End-to-end: fixture archives built into a temporary folder, asserted on structure.

mod common;
use common::*;

/// A small archive in the shapes real ones have: a libp2p-style note with no front
/// matter, YAML, TOML and JSON front matter, two teams, three years.
fn fixture() -> TestArchive {
    let a = TestArchive::new();
    a.file(
        "content/libp2p/2018-08-13--libp2p-sync.md",
        "## 2018-08-13 libp2p Sync Call (<https://zoom.example/j/1>)\n\nModerator: @mgoelzer\n\n### Attendees\n\n- @mgoelzer\n- @jacobheun\n\n### Notes\n\nWe discussed the DHT.\n",
    )
    .file(
        "content/libp2p/2019-01-07--libp2p-sync.md",
        "---\ntitle: libp2p Sync\ndate: 2019-01-07\ntags: [dht, Peer Routing]\nattendees: ['@jacobheun', '@raulk']\n---\n\nFirst paragraph is the summary.\n",
    )
    .file(
        "content/libp2p/2020-02-03--libp2p-sync.md",
        "+++\ntitle = \"libp2p Sync 2020\"\ndate = 2020-02-03\ntags = [\"dht\"]\n+++\n\nQUIC landed.\n",
    )
    .file(
        "content/spec/2019-05-01-design.md",
        "{\n  \"title\": \"Spec design\",\n  \"date\": \"2019-05-01\",\n  \"team\": \"spec\",\n  \"recording\": \"https://v.example/1\"\n}\n\n# Spec design\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
    );
    a
}

#[test]
fn every_note_becomes_a_page_and_indexes_list_them_newest_first() {
    let a = fixture();
    let r = a.build();
    assert!(!r.has_errors(), "{:?}", r.diagnostics);
    assert_eq!(r.notes, 4);
    for url in [
        "libp2p/2018-08-13--libp2p-sync/index.html",
        "libp2p/2019-01-07--libp2p-sync/index.html",
        "libp2p/2020-02-03--libp2p-sync/index.html",
        "spec/2019-05-01-design/index.html",
    ] {
        assert!(a.out().join(url).is_file(), "{url} missing");
    }
    let team = a.page("teams/libp2p/index.html");
    let titles = texts(&team, "main a[href*='/libp2p/20']");
    assert_eq!(
        titles,
        ["libp2p Sync 2020", "libp2p Sync", "libp2p Sync Call"],
        "team page lists its meetings newest first"
    );
    let year = a.page("archive/2019/index.html");
    let links = attrs(&year, "main a[href$='/']", "href");
    let jan = links
        .iter()
        .position(|h| h.ends_with("2019-01-07--libp2p-sync/"));
    let may = links.iter().position(|h| h.ends_with("2019-05-01-design/"));
    assert!(may.unwrap() < jan.unwrap(), "May before January: {links:?}");
    // Month page and topic page exist and list the note.
    let month = a.page("archive/2019/01/index.html");
    assert!(attrs(&month, "a", "href")
        .iter()
        .any(|h| h.ends_with("2019-01-07--libp2p-sync/")));
    let topic = a.page("topics/dht/index.html");
    assert_eq!(texts(&topic, "main a[href*='/libp2p/20']").len(), 2);
    // Person page collects meetings across notes.
    let person = a.page("people/jacobheun/index.html");
    assert_eq!(texts(&person, "main a[href*='/libp2p/20']").len(), 2);
}

#[test]
fn note_page_has_prev_next_within_team_and_attendee_links() {
    let a = fixture();
    a.build();
    let p = a.page("libp2p/2019-01-07--libp2p-sync/index.html");
    let prev = attrs(&p, "a[rel=prev]", "href");
    let next = attrs(&p, "a[rel=next]", "href");
    assert_eq!(prev, ["/libp2p/2018-08-13--libp2p-sync/"]);
    assert_eq!(next, ["/libp2p/2020-02-03--libp2p-sync/"]);
    let people = attrs(&p, "a[href^='/people/']", "href");
    assert!(people.contains(&"/people/raulk/".to_string()), "{people:?}");
}

#[test]
fn sub_path_base_url_reaches_every_link_asset_and_feed() {
    let a = fixture();
    a.build_with(Some("https://o.github.io/repo/"));
    let out = a.out();
    for file in files(&out) {
        if !file.ends_with(".html") {
            continue;
        }
        let html = a.page(&file);
        for attr in ["href", "src"] {
            for url in attrs(&html, &format!("[{attr}]"), attr) {
                if url.starts_with('#') || url.contains("://") || url.starts_with("mailto:") {
                    continue;
                }
                assert!(
                    url.starts_with("/repo/"),
                    "{file}: {url} lacks the base path"
                );
                let path = url.trim_start_matches("/repo/");
                let path = path.split(['?', '#']).next().unwrap();
                let target = if path.is_empty() || path.ends_with('/') {
                    out.join(path).join("index.html")
                } else {
                    out.join(path)
                };
                assert!(target.is_file(), "{file}: {url} does not resolve");
            }
        }
    }
    let feed = a.text("atom.xml");
    assert!(
        feed.contains("https://o.github.io/repo/libp2p/2020-02-03--libp2p-sync/"),
        "{feed}"
    );
    let sitemap = a.text("sitemap.xml");
    assert!(sitemap.contains("<loc>https://o.github.io/repo/spec/2019-05-01-design/</loc>"));
    assert!(a
        .text("teams/libp2p/atom.xml")
        .contains("https://o.github.io/repo/"));
}

#[test]
fn broken_front_matter_is_reported_at_its_file_line_and_the_rest_builds() {
    let a = fixture();
    a.file(
        "content/spec/2021-01-01-broken.md",
        "---\ntitle: ok\ndate: [2021\nteam: spec\n---\n# Still renders\n",
    );
    let r = a.build();
    let errors: Vec<_> = r.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    let e = errors[0];
    assert_eq!(e.path, "content/spec/2021-01-01-broken.md");
    assert!((3..=4).contains(&e.line), "{e}");
    assert!(e
        .to_string()
        .starts_with("content/spec/2021-01-01-broken.md:"));
    // Every other note still has its page, and the broken one renders its body.
    assert_eq!(r.notes, 5);
    assert!(a
        .out()
        .join("libp2p/2020-02-03--libp2p-sync/index.html")
        .is_file());
    let broken = a.text("spec/2021-01-01-broken/index.html");
    assert!(broken.contains("Still renders"));
}

#[test]
fn a_template_override_replaces_one_template() {
    let a = fixture();
    a.file(
        "themes/default/templates/404.html",
        "<p id=custom>{{ site.title }} lost</p>",
    );
    let r = a.build();
    assert!(!r.has_errors(), "{:?}", r.diagnostics);
    assert_eq!(
        texts(&a.page("404.html"), "#custom"),
        ["Meeting notes lost"]
    );
    // Other templates are the embedded default.
    assert!(!select(&a.page("index.html"), "main").is_empty());
}

#[test]
fn unknown_template_variable_is_reported_with_its_line() {
    let a = fixture();
    a.file(
        "themes/default/templates/teams.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ nonsense.value }}</h1>\n{% endblock content %}\n",
    );
    let r = a.build();
    let e: Vec<_> = r.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].path, "themes/default/templates/teams.html");
    assert_eq!(e[0].line, 3);
    // The rest of the site is there.
    assert!(a.out().join("index.html").is_file());
}

#[test]
fn same_input_gives_byte_identical_output() {
    let a = fixture();
    a.build();
    let first: Vec<(String, Vec<u8>)> = files(&a.out())
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(a.out().join(&f)).unwrap();
            (f, bytes)
        })
        .collect();
    a.build();
    let second: Vec<(String, Vec<u8>)> = files(&a.out())
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(a.out().join(&f)).unwrap();
            (f, bytes)
        })
        .collect();
    assert_eq!(first.len(), second.len());
    for (x, y) in first.iter().zip(&second) {
        assert_eq!(x.0, y.0);
        assert!(x.1 == y.1, "{} differs between builds", x.0);
    }
}

#[test]
fn output_folder_not_made_by_minutes_is_never_replaced() {
    let a = fixture();
    a.file("public/mine.txt", "keep");
    let err = minutes::build::run(&minutes::build::Options {
        root: a.root().to_path_buf(),
        ..Default::default()
    })
    .expect_err("refuses");
    assert!(err.to_string().contains("not made by minutes"), "{err}");
    assert_eq!(
        std::fs::read_to_string(a.out().join("mine.txt")).unwrap(),
        "keep"
    );
}

#[test]
fn drafts_are_left_out_unless_asked() {
    let a = fixture();
    a.file(
        "content/spec/2022-01-01-draft.md",
        "---\ntitle: WIP\ndraft: true\n---\nx\n",
    );
    let r = a.build();
    assert_eq!(r.notes, 4);
    assert!(!a.out().join("spec/2022-01-01-draft/index.html").exists());
}

/// A rebuild after one note's words change: the search index changes, yet the other notes'
/// pages are byte-identical and linked from the old site (same inode), not written again.
/// Pages must not embed anything derived from the whole index for this to hold.
#[test]
fn a_rebuild_keeps_unchanged_pages_and_rewrites_the_changed_one() {
    use std::os::unix::fs::MetadataExt;
    let a = fixture();
    assert!(!a.build().has_errors());
    let inode = |rel: &str| std::fs::metadata(a.out().join(rel)).unwrap().ino();
    let other = "libp2p/2019-01-07--libp2p-sync/index.html";
    let edited = "libp2p/2020-02-03--libp2p-sync/index.html";
    let (other_before, edited_before) = (inode(other), inode(edited));
    let other_bytes = std::fs::read(a.out().join(other)).unwrap();
    let meta_before = std::fs::read(a.out().join("search/meta.json")).unwrap();

    a.file(
        "content/libp2p/2020-02-03--libp2p-sync.md",
        "+++\ntitle = \"libp2p Sync 2020\"\ndate = 2020-02-03\ntags = [\"dht\"]\n+++\n\nQUIC landed, and WebTransport.\n",
    );
    assert!(!a.build().has_errors());
    assert_ne!(
        std::fs::read(a.out().join("search/meta.json")).unwrap(),
        meta_before,
        "the index changed"
    );
    assert_eq!(std::fs::read(a.out().join(other)).unwrap(), other_bytes);
    assert_eq!(inode(other), other_before, "an unchanged page is linked");
    assert_ne!(inode(edited), edited_before, "the edited page is written");
    assert!(a.page(edited).html().contains("WebTransport"));
}

#[test]
fn overridden_base_note_team_and_card_templates_apply_to_every_page() {
    let a = fixture();
    a.file(
        "themes/default/templates/base.html",
        "<!doctype html><title>{{ page.title }}</title><link rel=canonical href=\"{{ page.url }}\">\n\
         <nav>{% for t in site.teams %}<a href=\"{{ t.url }}\"{% if loop.first %} class=first{% endif %}>{{ t.name }}</a>{% endfor %}</nav>\n\
         <h1>{{ page.title }}</h1>{% block description %}<meta name=d content=\"{{ site.title }}\">{% endblock description %}\n\
         <main>{% block content %}{% endblock content %}</main><footer>{{ page.section }}</footer>\n",
    )
    .file(
        "themes/default/templates/note.html",
        "{% extends \"base.html\" %}{% block description %}{{ super() }}<meta name=n content=\"{{ note.title }}\">{% endblock description %}\n\
         {% block content %}<article>{{ note.content | safe }}</article>{% endblock content %}\n",
    )
    .file(
        "themes/default/templates/team.html",
        "{% extends \"base.html\" %}{% block content %}<h2>{{ page.title | upper }}</h2>{{ team.link.name }}{% endblock content %}\n",
    )
    .file(
        "themes/default/templates/partials/card.html",
        "<li>{{ n.title }} on {{ page.section }}</li>",
    );
    let report = a.build();
    assert!(!report.has_errors(), "{:?}", report.diagnostics);
    let out = a.out();
    let pages = files(&out);
    let html: Vec<&String> = pages.iter().filter(|f| f.ends_with(".html")).collect();
    assert!(html.len() > 10, "{pages:?}");
    for f in &html {
        let text = std::fs::read_to_string(out.join(f)).unwrap();
        assert!(text.contains("<footer>"), "{f}: the base applies");
    }
    let all: String = html
        .iter()
        .map(|f| std::fs::read_to_string(out.join(f)).unwrap())
        .collect();
    assert!(
        all.contains("<meta name=n content="),
        "the note template applies"
    );
    assert!(
        all.contains(" on year</li>"),
        "the card partial applies in lists"
    );
}

#[test]
fn the_table_of_contents_leaves_out_a_heading_that_repeats_the_title() {
    let a = fixture();
    a.file(
        "content/spec/2021-03-04-plan.md",
        "# Planning call\n\n## Agenda\n\nx\n\n## Notes\n\n### Detail\n\ny\n\n## Actions\n\nz\n",
    )
    .file(
        "content/spec/2021-03-05-other.md",
        "---\ntitle: Another title\n---\n\n# Planning call\n\n## Agenda\n\n## Notes\n\n## Actions\n",
    );
    let r = a.build();
    assert!(!r.has_errors(), "{:?}", r.diagnostics);
    let plan = a.page("spec/2021-03-04-plan/index.html");
    assert_eq!(
        texts(&plan, ".toc-side .toc-list a"),
        ["Agenda", "Notes", "Detail", "Actions"]
    );
    assert_eq!(
        attrs(&plan, ".toc-side .toc-list li", "class"),
        ["toc-depth-0", "toc-depth-0", "toc-depth-1", "toc-depth-0"]
    );
    assert_eq!(select(&plan, ".has-title-heading").len(), 1);
    // A first heading that is not the title stays, and sets the shallowest level.
    let other = a.page("spec/2021-03-05-other/index.html");
    assert_eq!(
        texts(&other, ".toc-side .toc-list a"),
        ["Planning call", "Agenda", "Notes", "Actions"]
    );
    assert_eq!(
        attrs(&other, ".toc-side .toc-list li", "class")[..2],
        ["toc-depth-0", "toc-depth-1"]
    );
    assert!(select(&other, ".has-title-heading").is_empty());
}
