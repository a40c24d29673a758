//! Every kind of page in headless Chromium: axe-core finds no accessibility violation, in
//! light and in dark mode, on the example archive and on the ipfs archive (which has the
//! kinds the example lacks); and screenshots of the main pages at a phone's and a desktop's
//! width, light and dark, in `target/screenshots/` for a person to look at. Without the
//! browser or axe-core it fails under CI=true and skips with one printed line elsewhere.

mod common;
use common::webdriver::{free_port, serve, Browser};
use minutes::build::{self, Options};
use serde_json::json;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Builds the archive at `root` into `www`, served at the domain root on `port`.
fn build_site(root: &Path, www: &Path, port: u16) {
    let report = build::run(&Options {
        root: root.to_path_buf(),
        output: Some(www.to_path_buf()),
        base_url: Some(format!("http://127.0.0.1:{port}/")),
        ..Options::default()
    })
    .expect("the archive builds");
    assert!(!report.has_errors(), "{:?}", report.diagnostics);
}

/// One page of each kind the site has, by the `data-section` of its `<body>`: the first
/// in path order, as a URL path from the site's root (the 404 page is left to `audit`).
fn page_kinds(www: &Path) -> BTreeMap<String, String> {
    let mut found = BTreeMap::new();
    let mut dirs = vec![www.to_path_buf()];
    let mut pages = Vec::new();
    while let Some(dir) = dirs.pop() {
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "html") {
                pages.push(p);
            }
        }
    }
    pages.sort();
    for p in pages {
        let html = std::fs::read_to_string(&p).unwrap();
        let Some(at) = html.find("<body data-section=\"") else {
            continue;
        };
        let rest = &html[at + 20..];
        let section = &rest[..rest.find('"').unwrap()];
        if p == www.join("404.html") {
            continue;
        }
        // `a/b/index.html` is served as `a/b/`; an issue's page is `owner/repo/7.html`.
        let url = p.strip_prefix(www).unwrap().to_string_lossy().into_owned();
        let url = match url.strip_suffix("index.html") {
            Some(dir) => dir.to_string(),
            None => url,
        };
        // An action item's page (`actions/<digest>.html`) and the list of an assignee's or
        // team's open items (`actions/team/<id>/`) share the section `action`.
        let section = match section {
            "action" if !url.ends_with(".html") => "action list",
            s => s,
        };
        found.entry(section.to_string()).or_insert(url);
    }
    found
}

/// Opens `url` and waits until search.js has started (and the search page rendered).
fn open(b: &Browser, url: &str) {
    b.goto(url);
    b.wait_for(
        &format!("{url} ready"),
        "const r = document.querySelector('#search-results');
         return !!window.minutesSearch && (!r || r.dataset.query !== undefined);",
        json!([]),
    );
}

/// Runs axe on every kind of page of the site at `origin`, light and dark, and on the
/// type-ahead open and the search page with results (`query` finds some); returns each
/// violation with its page and mode.
fn audit(b: &Browser, axe: &str, www: &Path, origin: &str, query: &str) -> Vec<String> {
    let mut kinds = page_kinds(www);
    kinds.insert("search with results".into(), format!("search/?q={query}"));
    kinds.insert("404".into(), "no/such/page/".into());
    let mut problems = Vec::new();
    for scheme in ["light", "dark"] {
        b.emulate(1280, false, scheme);
        for (kind, url) in &kinds {
            open(b, &format!("{origin}/{url}"));
            if kind == "search with results" {
                b.wait_for(
                    "results",
                    "return document.querySelectorAll('#search-results .search-result').length;",
                    json!([]),
                );
            }
            for v in common::axe::violations(b, axe) {
                problems.push(format!("{kind} /{url} ({scheme}): {v}"));
            }
        }
        // The type-ahead, open with results, on the home page.
        open(b, &format!("{origin}/"));
        let input = b.find("#search-input");
        b.type_into(&input, query);
        b.wait_for(
            "the type-ahead",
            "const p = document.querySelector('#search-panel');
             return p && !p.hidden && p.querySelectorAll('.search-result').length;",
            json!([]),
        );
        b.press("\u{E015}"); // ↓: one result active, as a reader moving through them
        for v in common::axe::violations(b, axe) {
            problems.push(format!("type-ahead open ({scheme}): {v}"));
        }
    }
    problems
}

fn check(test: &str, root: &Path, query: &str, want: &[&str]) {
    if !common::webdriver::browser_present(test) {
        return;
    }
    let Some(axe) = common::axe::axe_script(test) else {
        return;
    };
    let www = tempfile::tempdir().unwrap();
    let port = free_port();
    build_site(root, www.path(), port);
    let kinds = page_kinds(www.path());
    for k in want {
        assert!(kinds.contains_key(*k), "no {k} page in {kinds:?}");
    }
    serve(www.path().to_path_buf(), port);
    let b = Browser::start();
    let problems = audit(
        &b,
        &axe,
        www.path(),
        &format!("http://127.0.0.1:{port}"),
        query,
    );
    assert!(
        problems.is_empty(),
        "{} accessibility violations:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn every_page_kind_of_the_example_passes_axe_light_and_dark() {
    check(
        "axe on the example archive",
        Path::new(env!("CARGO_MANIFEST_DIR")),
        "transport",
        &[
            "home",
            "note",
            "team",
            "teams",
            "year",
            "month",
            "archive",
            "person",
            "people",
            "issue",
            "repo",
            "refs",
            "search",
            "decisions",
            "actions",
            "action",
        ],
    );
}

#[test]
fn every_page_kind_of_the_ipfs_archive_passes_axe_light_and_dark() {
    let test = "axe on the ipfs archive";
    let Some(shared) = common::shared(test) else {
        return;
    };
    let root = shared.join("corpus/real/ipfs__team-mgmt");
    check(
        test,
        &root,
        "pubsub",
        &["note", "team", "person", "issue", "repo"],
    );
}

/// Home, a note, a team, a person, the search page with results, a reference page and the
/// open type-ahead, at 390 and 1,280 px, light and dark: PNGs in `target/screenshots/`
/// (kept by CI), which a person looks at when the theme changes. Checks only that each
/// was written.
#[test]
fn screenshots_of_the_main_pages() {
    if !common::webdriver::browser_present("screenshots") {
        return;
    }
    let www = tempfile::tempdir().unwrap();
    let port = free_port();
    build_site(Path::new(env!("CARGO_MANIFEST_DIR")), www.path(), port);
    let kinds = page_kinds(www.path());
    serve(www.path().to_path_buf(), port);
    let out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&out).unwrap();
    let b = Browser::start();
    let mut pages: Vec<(&str, String)> = ["home", "note", "team", "person", "issue"]
        .iter()
        .map(|k| (*k, kinds[*k].clone()))
        .collect();
    pages.push(("search", "search/?q=transport".into()));
    for (width, mobile) in [(390, true), (1280, false)] {
        for scheme in ["light", "dark"] {
            b.emulate(width, mobile, scheme);
            for (kind, url) in &pages {
                open(&b, &format!("http://127.0.0.1:{port}/{url}"));
                if *kind == "search" {
                    b.wait_for(
                        "results",
                        "return document.querySelectorAll('#search-results .search-result').length;",
                        json!([]),
                    );
                }
                let png = out.join(format!("{kind}-{width}-{scheme}.png"));
                b.screenshot(&png);
                assert!(std::fs::metadata(&png).unwrap().len() > 1000, "{png:?}");
            }
            // The type-ahead open under the header's box, to see it lines up.
            open(&b, &format!("http://127.0.0.1:{port}/teams/"));
            let input = b.find("#search-input");
            b.type_into(&input, "transport");
            b.wait_for(
                "the type-ahead",
                "const p = document.querySelector('#search-panel');
                 return p && !p.hidden && p.querySelectorAll('.search-result').length;",
                json!([]),
            );
            b.screenshot(&out.join(format!("typeahead-{width}-{scheme}.png")));
        }
    }
}
