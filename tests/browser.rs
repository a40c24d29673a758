//! Search in a real browser: the example archive built, served on loopback, and driven in
//! headless Chromium (Debian's `chromium` + `chromium-driver`) — once at the domain root,
//! once under a sub-path. Without the browser it fails under CI=true and skips with one
//! printed line elsewhere.

mod common;
use common::webdriver::{free_port, serve, Browser, ELEMENT};
use minutes::build::{self, Options};
use minutes::search::{self, Searcher};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

/// Builds the repository's example archive so that it is served at `base` (`/` or
/// `/sub/path/`) from `www`, and returns the folder the site is in.
fn build_example(www: &Path, port: u16, base: &str) -> PathBuf {
    let site = www.join(base.trim_matches('/'));
    let report = build::run(&Options {
        root: PathBuf::from(env!("CARGO_MANIFEST_DIR")),
        output: Some(site.clone()),
        base_url: Some(format!("http://127.0.0.1:{port}{base}")),
        ..Options::default()
    })
    .expect("the example archive builds");
    assert!(!report.has_errors(), "{:?}", report.diagnostics);
    site
}

fn reference(site: &Path) -> Searcher<impl Fn(&str) -> Option<Vec<u8>> + '_> {
    Searcher::new(move |p: &str| std::fs::read(site.join(p)).ok()).expect("index loads")
}

/// Waits for the results a query renders into `css` (the panel or the search page).
fn results(b: &Browser, css: &str, query: &str) -> Value {
    b.wait_for(
        &format!("results for {query:?} in {css}"),
        "const el = document.querySelector(arguments[0]);
         if (!el || el.dataset.query !== arguments[1]) return null;
         return {count: +el.dataset.count, ms: +el.dataset.ms,
                 titles: [...el.querySelectorAll('.search-result .search-title')].map(t => t.textContent),
                 metas: [...el.querySelectorAll('.search-result .search-meta')].map(t => t.textContent),
                 hrefs: [...el.querySelectorAll('.search-result a')].map(a => a.getAttribute('href')),
                 marks: [...el.querySelectorAll('.search-result mark')].map(m => m.textContent)};",
        json!([css, query]),
    )
}

/// Every resource the page loaded came from the site's own origin.
fn assert_local(b: &Browser, origin: &str) {
    let urls = b.run(
        "return [location.href, ...performance.getEntriesByType('resource').map(e => e.name)];",
        json!([]),
    );
    for u in urls.as_array().unwrap() {
        let u = u.as_str().unwrap();
        assert!(u.starts_with(origin), "request outside the site: {u}");
    }
}

fn check_site(base: &str) {
    if !common::webdriver::browser_present(&format!("browser test (base {base})")) {
        return;
    }
    let www = tempfile::tempdir().unwrap();
    let port = free_port();
    let site = build_example(www.path(), port, base);
    serve(www.path().to_path_buf(), port);
    let origin = format!("http://127.0.0.1:{port}");
    let root = format!("{origin}{base}");
    let rust = reference(&site);
    let b = Browser::start();

    // Every page has the box; `/` focuses it.
    b.goto(&format!("{root}teams/"));
    b.wait_for("search.js", "return !!window.minutesSearch;", json!([]));
    b.press("/");
    assert_eq!(
        b.run("return document.activeElement.id;", json!([])),
        json!("search-input"),
        "`/` focuses the search box"
    );

    // Type-ahead: results as one types, the expected meeting first, words highlighted.
    let input = b.find("#search-input");
    b.type_into(&input, "rescan shipp");
    let panel = results(&b, "#search-panel", "rescan shipp");
    let expected = rust
        .search(
            "rescan shipp",
            &search::Options {
                typing: true,
                limit: 10,
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(expected[0].url, "core/2023/2023-06-05--core-sync/");
    assert_title(&panel, &expected[0].title);
    assert!(
        panel["metas"][0].as_str().unwrap().contains("Core sync")
            && panel["metas"][0].as_str().unwrap().contains("2023-06-05"),
        "team and date shown: {panel}"
    );
    let marks: Vec<String> = serde_json::from_value(panel["marks"].clone()).unwrap();
    assert!(
        marks.iter().any(|m| m.to_lowercase().contains("rescan"))
            && marks.iter().any(|m| m.to_lowercase().starts_with("shipp")),
        "matched words are highlighted: {marks:?}"
    );
    assert!(
        panel["hrefs"][0]
            .as_str()
            .unwrap()
            .starts_with(&format!("{base}core/2023/2023-06-05--core-sync/?q=")),
        "{panel}"
    );
    assert_local(&b, &origin);

    // Enter goes to the search page, which narrows by team and sorts.
    b.press("\u{E007}");
    let all = results(&b, "#search-results", "rescan shipp");
    assert_title(&all, &expected[0].title);
    assert!(
        b.url().starts_with(&format!("{root}search/?q=")),
        "{}",
        b.url()
    );

    let query = "transport";
    b.goto(&format!("{root}search/?q={query}"));
    let before = results(&b, "#search-results", query);
    let teams: Vec<String> = serde_json::from_value(before["metas"].clone()).unwrap();
    assert!(
        teams.iter().any(|t| t.contains("Spec design"))
            && teams.iter().any(|t| !t.contains("Spec design")),
        "results from several teams: {teams:?}"
    );
    let spec = b.wait_for(
        "the team facet",
        "return document.querySelector('#search-facets input[name=team][value=spec]');",
        json!([]),
    );
    b.click(spec[ELEMENT].as_str().unwrap());
    let narrowed = b.wait_for(
        "filtered results",
        "const el = document.querySelector('#search-results');
         const metas = [...el.querySelectorAll('.search-result .search-meta')].map(t => t.textContent);
         return location.search.includes('team=spec') && metas.length && metas.every(m => m.includes('Spec design')) ? {shown: metas.length, count: +el.dataset.count} : null;",
        json!([]),
    );
    let shown = narrowed["shown"].as_u64().unwrap() as usize;
    assert!(shown < teams.len(), "{shown} < {}", teams.len());
    let rust_spec = rust
        .search(
            query,
            &search::Options {
                typing: true,
                filters: vec![("team".into(), vec!["spec".into()])],
                limit: 1,
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(
        narrowed["count"].as_u64().unwrap() as usize,
        rust_spec.len(),
        "same filtered count as the reference"
    );
    // What the page lists: the first five decisions and action items, then the meetings.
    let meetings = rust_spec
        .iter()
        .filter(|h| h.kind == search::Kind::Meeting)
        .count();
    assert_eq!(
        shown,
        (rust_spec.len() - meetings).min(5) + meetings.min(20)
    );
    // Sort by date: newest first, in each group (the decisions and action items above the
    // meetings, as with relevance).
    b.run(
        "const s = document.querySelector('#search-sort'); s.value = 'date'; s.dispatchEvent(new Event('change'));",
        json!([]),
    );
    let groups = b.wait_for(
        "results by date",
        "if (document.querySelector('#search-results').dataset.sort !== 'date') return null;
         const dates = (css) => [...document.querySelectorAll(css)].map(t => t.textContent.match(/\\d{4}-\\d\\d-\\d\\d/)?.[0] || '');
         const g = [dates('#search-results .search-item .search-meta'), dates('#search-results .search-result:not(.search-item) .search-meta')];
         return g[1].length ? g : null;",
        json!([]),
    );
    let groups: Vec<Vec<String>> = serde_json::from_value(groups).unwrap();
    assert!(
        !groups[0].is_empty(),
        "the example's decisions and action items are found"
    );
    for dates in groups {
        let mut sorted = dates.clone();
        sorted.sort_by(|a, b| b.cmp(a));
        assert_eq!(dates, sorted, "newest first");
    }

    // Opening a result lands on the matching section, with the words highlighted.
    let q = "lumen-sync/lumen#858";
    b.goto(&format!("{root}search/?q={}", q.replace('#', "%23")));
    let found = results(&b, "#search-results", q);
    let hits = rust
        .search(
            q,
            &search::Options {
                limit: 10,
                ..Default::default()
            },
        )
        .unwrap();
    // The example's action item that names the issue is listed first, above the meeting
    // (decisions and action items rank above plain mentions); it links to its spot.
    let expected: Vec<&search::Hit> = hits
        .iter()
        .filter(|h| h.kind != search::Kind::Meeting)
        .chain(hits.iter().filter(|h| h.kind == search::Kind::Meeting))
        .collect();
    assert_eq!(expected[0].kind, search::Kind::Action);
    let titles = found["titles"].as_array().unwrap();
    assert!(
        titles[0].as_str().unwrap().starts_with("action item open"),
        "{found}"
    );
    let meeting = expected
        .iter()
        .position(|h| h.kind == search::Kind::Meeting)
        .unwrap();
    let shown = titles[meeting].as_str().unwrap();
    assert!(shown.starts_with(&expected[meeting].title), "{shown}");
    let first = b.find("#search-results .search-result a");
    b.click(&first);
    let mark = b.wait_for(
        "highlights on the note",
        "const m = document.querySelector('mark.search-hit');
         return m && location.search.startsWith('?q=') ? {text: m.textContent, hash: location.hash, path: location.pathname} : null;",
        json!([]),
    );
    assert_eq!(mark["path"], json!(format!("{base}{}", expected[0].url)));
    assert!(mark["text"].as_str().unwrap().contains("858"), "{mark}");
    if let Some(section) = &expected[0].section {
        assert_eq!(mark["hash"], json!(format!("#{section}")));
        let in_section = b.run(
            "const t = document.getElementById(location.hash.slice(1));
             return [...document.querySelectorAll('mark.search-hit')].some(m => t.compareDocumentPosition(m) & Node.DOCUMENT_POSITION_FOLLOWING);",
            json!([]),
        );
        assert_eq!(
            in_section,
            json!(true),
            "a highlight after the target heading"
        );
    }
    assert_local(&b, &origin);

    did_you_mean(&b, &root, &rust);
    keyboard(&b, &root);

    issue_hints(&b, &root, &site);
    outcomes(&b, &root);
    outcome_search(&b, &root, &rust);

    // The browser ranks as the reference does, and splits text into the same terms.
    parity(&b, &rust);

    let errors: Vec<Value> = b
        .console()
        .into_iter()
        .filter(|e| e["level"] == "SEVERE")
        .collect();
    assert!(errors.is_empty(), "console errors: {errors:#?}");
}

/// Decisions and action items (issue 18): a decision on `/decisions/` links to the spot in
/// its note, whose box at the top links down to every item it lists; `/actions/` links to
/// where each open item was taken on.
fn outcomes(b: &Browser, root: &str) {
    b.goto(&format!("{root}decisions/"));
    let link = b.find("main a[href*='#dec-']");
    b.click(&link);
    let at = b.wait_for(
        "the decision in its note",
        "const id = location.hash.slice(1); const el = id && document.getElementById(id);
         return el ? {id, box: !!document.querySelector('.outcomes-box')} : null;",
        json!([]),
    );
    assert!(at["id"].as_str().unwrap().starts_with("dec-"), "{at}");
    assert_eq!(at["box"], json!(true), "the note shows its box: {at}");
    let targets = b.run(
        "const ids = [...document.querySelectorAll('.outcomes-box a[href^=\"#\"]')].map(a => a.getAttribute('href').slice(1));
         return {n: ids.length, missing: ids.filter(id => !document.getElementById(id))};",
        json!([]),
    );
    assert!(targets["n"].as_u64().unwrap() >= 1, "{targets}");
    assert_eq!(targets["missing"], json!([]), "every box link has its spot");
    let first = b.find(".outcomes-box a[href^='#']");
    b.click(&first);
    b.wait_for(
        "the box's first link followed",
        "return /^#(dec|act)-[0-9]+$/.test(location.hash) && !!document.getElementById(location.hash.slice(1));",
        json!([]),
    );
    b.goto(&format!("{root}actions/"));
    let open = b.run(
        "return document.querySelectorAll('main a[href*=\"#act-\"]').length;",
        json!([]),
    );
    assert!(
        open.as_u64().unwrap() >= 1,
        "action items link to their notes"
    );
    // /actions/ → an item's page → the spot in a meeting it came up in.
    let item = b.find("main a.outcome-item");
    b.click(&item);
    b.wait_for(
        "the item's page",
        "return document.querySelectorAll('.item-mentions .outcome-text').length;",
        json!([]),
    );
    let spot = b.find(".item-mentions .outcome-text");
    b.click(&spot);
    b.wait_for(
        "the item in its note",
        "return /^#(act|fm-act)-[0-9]+$/.test(location.hash) && !!document.getElementById(location.hash.slice(1));",
        json!([]),
    );
}

/// Decisions and action items in search (issue 18): `decision: <word>` in the header's box
/// lists only decisions, as the reference finds them, and the first opens its spot in the
/// note with the word highlighted; `assignee:@x` on the search page lists only that
/// person's action items; a word that many items and meetings share shows five items above
/// the meetings and a button that lists them all.
fn outcome_search(b: &Browser, root: &str, rust: &Searcher<impl Fn(&str) -> Option<Vec<u8>>>) {
    let reference = |q: &str| {
        let opts = search::Options {
            typing: true,
            limit: 50,
            ..Default::default()
        };
        rust.search(q, &opts).unwrap()
    };
    let q = "decision: transport";
    let want = reference(q);
    assert!(want.len() > 1 && want.iter().all(|h| h.kind == search::Kind::Decision));
    b.goto(&format!("{root}teams/"));
    let input = b.find("#search-input");
    b.type_into(&input, q);
    let panel = results(b, "#search-panel", q);
    assert_eq!(panel["count"], json!(want.len()));
    let titles = panel["titles"].as_array().unwrap();
    assert_eq!(titles.len(), want.len().min(8));
    assert!(
        titles
            .iter()
            .all(|t| t.as_str().unwrap().starts_with("decision ")),
        "{panel}"
    );
    let hrefs = panel["hrefs"].as_array().unwrap();
    for (h, w) in hrefs.iter().zip(&want) {
        let h = h.as_str().unwrap();
        assert!(
            h.ends_with(&format!("#{}", w.section.as_deref().unwrap())),
            "{h}"
        );
    }
    let first = b.find("#search-panel .search-result a");
    b.click(&first);
    let at = b.wait_for(
        "the decision's spot, highlighted",
        "const id = location.hash.slice(1); const el = id && document.getElementById(id);
         return el && el.querySelector('mark.search-hit') ? {id, text: el.textContent} : null;",
        json!([]),
    );
    assert!(at["id"].as_str().unwrap().starts_with("dec-"), "{at}");
    assert!(
        at["text"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("transport"),
        "{at}"
    );

    let q = "assignee:@mei-lin";
    let want = reference(q);
    assert!(want.len() > 1 && want.iter().all(|h| h.kind == search::Kind::Action));
    b.goto(&format!("{root}search/?q={}", q.replace('@', "%40")));
    let page = results(b, "#search-results", q);
    assert_eq!(page["count"], json!(want.len()));
    let metas = page["metas"].as_array().unwrap();
    assert!(
        metas
            .iter()
            .all(|m| m.as_str().unwrap().contains("→ @mei-lin")),
        "{page}"
    );

    let q = "transport";
    let all = reference(q);
    let items = all
        .iter()
        .filter(|h| h.kind != search::Kind::Meeting)
        .count();
    assert!(items > 5, "the example has more than five items about {q}");
    b.goto(&format!("{root}search/?q={q}"));
    let page = results(b, "#search-results", q);
    let kinds = b.run(
        "return [...document.querySelectorAll('#search-results li')].map(li => li.classList.contains('search-item') ? 'item' : li.classList.contains('search-group-more') ? 'more' : 'meeting');",
        json!([]),
    );
    let kinds: Vec<String> = serde_json::from_value(kinds).unwrap();
    assert_eq!(
        &kinds[..6],
        ["item", "item", "item", "item", "item", "more"],
        "{page}"
    );
    assert!(kinds[6..].iter().all(|k| k == "meeting"));
    let button = b.find("#search-all-outcomes");
    b.click(&button);
    let listed = b.wait_for(
        "every decision and action item",
        "const el = document.querySelector('#search-results');
         const items = el.querySelectorAll('.search-result');
         return location.search.includes('kind=decision') && [...items].every(li => li.classList.contains('search-item')) ? {n: items.length, count: +el.dataset.count} : null;",
        json!([]),
    );
    assert_eq!(listed["count"], json!(items));
    assert_eq!(listed["n"], json!(items.min(20)));
}

/// A query that names an issue shows what the issue is, above the meetings, as the hint
/// files say (the Rust side reads them), and the hint leads to its reference page.
fn issue_hints(b: &Browser, root: &str, site: &Path) {
    let q = "#596";
    let read = |p: &str| std::fs::read(site.join(p)).unwrap();
    let meta: search::Meta = serde_json::from_slice(&read("search/meta.json")).unwrap();
    let k = search::bucket_of(596, meta.refs).expect("the example cites issues");
    let file: search::HintFile =
        serde_json::from_slice(&read(&format!("search/refs/{k}.json"))).unwrap();
    let want: Vec<&search::HintRow> = file
        .h
        .iter()
        .filter(|h| search::hint_matches(q, &h.0))
        .take(3)
        .collect();
    assert!(!want.is_empty(), "the example cites #596");
    b.goto(&format!("{root}teams/"));
    let input = b.find("#search-input");
    b.type_into(&input, q);
    results(b, "#search-panel", q);
    let shown = b.run(
        "return [...document.querySelectorAll('#search-panel .search-hints .search-ref')].map(e => e.textContent);",
        json!([]),
    );
    let refs: Vec<&str> = want.iter().map(|h| h.0.as_str()).collect();
    assert_eq!(shown, json!(refs));
    let link = b.find("#search-panel .search-hints a");
    b.click(&link);
    let path = b.wait_for(
        "the reference page",
        "return document.querySelector('h1.ref-heading') ? location.pathname : null;",
        json!([]),
    );
    assert!(
        path.as_str().unwrap().ends_with(&want[0].4),
        "{path} is {}",
        want[0].4
    );
}

const DOWN: &str = "\u{E015}";
const UP: &str = "\u{E013}";
const ENTER: &str = "\u{E007}";
const TAB: &str = "\u{E004}";

/// The id, href and selection state of the type-ahead's active option, and the box's state.
fn active_option(b: &Browser) -> Value {
    b.run(
        "const i = document.querySelector('#search-input');
         const id = i.getAttribute('aria-activedescendant');
         const o = id && document.getElementById(id);
         return {role: i.getAttribute('role'), expanded: i.getAttribute('aria-expanded'),
                 focus: document.activeElement === i, id,
                 href: o ? o.href : null, selected: o ? o.getAttribute('aria-selected') : null,
                 options: [...document.querySelectorAll('#search-options [role=option]')].map(a => a.id)};",
        json!([]),
    )
}

/// What has focus: its id, or the href of a link.
fn focused(b: &Browser) -> Value {
    b.run(
        "const e = document.activeElement; return e.id || e.href || e.tagName;",
        json!([]),
    )
}

/// Keyboard first: in the type-ahead ↑/↓ move the active option while focus stays in the
/// box, and Enter opens it; on the search page the first result is one Tab after the box,
/// ↑/↓ move between results (↑ from the first goes back to the box), and Enter opens one.
fn keyboard(b: &Browser, root: &str) {
    b.goto(&format!("{root}teams/"));
    let input = b.find("#search-input");
    b.type_into(&input, "transport");
    results(b, "#search-panel", "transport");
    let start = active_option(b);
    assert_eq!(start["role"], json!("combobox"), "{start}");
    assert_eq!(start["expanded"], json!("true"), "{start}");
    assert_eq!(start["id"], Value::Null, "no option active yet: {start}");
    let options = start["options"].as_array().unwrap().clone();
    assert!(options.len() >= 2, "{start}");
    b.press(DOWN);
    b.press(DOWN);
    let second = active_option(b);
    assert_eq!(second["id"], options[1], "{second}");
    assert_eq!(second["selected"], json!("true"));
    assert_eq!(second["focus"], json!(true), "focus stays in the box");
    b.press(UP);
    let first = active_option(b);
    assert_eq!(first["id"], options[0], "{first}");
    b.press(ENTER);
    let href = first["href"].as_str().unwrap().to_string();
    b.wait_for(
        "the active option opened",
        "return location.href === arguments[0];",
        json!([href]),
    );

    b.goto(&format!("{root}search/?q=transport"));
    let page = results(b, "#search-results", "transport");
    assert_eq!(focused(b), json!("search-input"), "the box has focus");
    let links = b.run(
        "return [...document.querySelectorAll('#search-list .search-result > a')].map(a => a.href);",
        json!([]),
    );
    let links = links.as_array().unwrap();
    assert!(links.len() >= 3, "{page}");
    b.press(TAB);
    assert_eq!(
        focused(b),
        links[0],
        "the first result is one Tab after the box"
    );
    b.press(DOWN);
    b.press(DOWN);
    assert_eq!(focused(b), links[2]);
    b.press(UP);
    assert_eq!(focused(b), links[1]);
    b.press(UP);
    b.press(UP);
    assert_eq!(focused(b), json!("search-input"), "↑ from the first result");
    b.press(DOWN);
    assert_eq!(focused(b), links[0], "↓ from the box");
    b.press(DOWN);
    b.press(ENTER);
    b.wait_for(
        "the focused result opened",
        "return location.href === arguments[0];",
        json!([links[1]]),
    );
}

/// A typo is searched corrected, the page says so, and its link searches the words typed.
fn did_you_mean(b: &Browser, root: &str, rust: &Searcher<impl Fn(&str) -> Option<Vec<u8>>>) {
    let q = "trasnport";
    let want = rust.run(q, &search::Options::default()).unwrap();
    assert_eq!(want.corrected, [(q.to_string(), "transport".to_string())]);
    // In the type-ahead…
    b.goto(&format!("{root}teams/"));
    let input = b.find("#search-input");
    b.type_into(&input, q);
    let panel = results(b, "#search-panel", q);
    assert_eq!(panel["count"], json!(want.hits.len()), "{panel}");
    let fix = b.run(
        "return document.querySelector('#search-panel .search-fix').textContent;",
        json!([]),
    );
    assert_eq!(
        fix,
        json!("Showing results for transport; search instead for trasnport")
    );
    // …and on the search page, whose link searches the words as typed.
    b.goto(&format!("{root}search/?q={q}"));
    let found = results(b, "#search-results", q);
    assert_eq!(found["count"], json!(want.hits.len()), "{found}");
    let fix = b.run(
        "return document.querySelector('#search-fix').textContent;",
        json!([]),
    );
    assert_eq!(
        fix,
        json!("Showing results for transport; search instead for trasnport"),
        "{found}"
    );
    let link = b.find("#search-fix a");
    b.click(&link);
    let literal = b.wait_for(
        "the words as typed",
        "const el = document.querySelector('#search-results');
         return location.search.includes('literal=1') && el && el.dataset.query === arguments[0]
           ? {count: +el.dataset.count, fix: document.querySelector('#search-fix').textContent} : null;",
        json!([q]),
    );
    assert_eq!(literal, json!({"count": 0, "fix": ""}));
}

fn parity(b: &Browser, rust: &Searcher<impl Fn(&str) -> Option<Vec<u8>>>) {
    for (query, typing) in [
        ("watcher", false),
        ("discu", true),
        ("QUIC transport", false),
        ("\"address record\"", false),
        ("@jkowalski", false),
        ("@jkow", true),
        ("lumen-sync/lumen#858", false),
        ("#596", false),
        ("2023-06-05", false),
        ("June 2023", false),
        ("Núñez", false),
        ("sync", true),
        // Other forms of the words, typos, dates written out.
        ("peer", false),
        ("shipping rescans", false),
        ("watches", true),
        ("trasnport", false),
        ("rescannig", false),
        ("punch filter", true),
        ("trasnport peers", true),
        ("2023/06/05", false),
        ("5 June 2023", false),
        // Decisions and action items: the query syntax, a kind alone, an assignee.
        ("decision: transport", false),
        ("actions: spec", true),
        ("assignee:@mei-lin", false),
        ("assignee: @kwame", true),
        ("decisions:", false),
    ] {
        let js = b.run_async(
            "const {hits} = await window.minutesSearch.index.search(arguments[0], {typing: arguments[1]});
             return hits.map(h => h[0]);",
            json!([query, typing]),
        );
        let want: Vec<u32> = rust
            .search(
                query,
                &search::Options {
                    typing,
                    ..Default::default()
                },
            )
            .unwrap()
            .into_iter()
            .map(|h| h.doc)
            .collect();
        let got: Vec<u32> = serde_json::from_value(js).unwrap();
        assert_eq!(got, want, "ranking of {query:?} (typing: {typing})");
    }
    for text in [
        "Ünïcödé Straße, Ærø ﬁne ΟΔΟΣ don’t jacob's foo:bar v1.2.3 1,000 go-ipfs e.g. 北京 transport_peer",
        "see https://github.com/pokt-network/pocket/pull/450. pocket#450 (o/r#7) #12abc @JacobHeun a@b.org 2018-08-13",
    ] {
        let js = b.run(
            "const m = window.minutesSearch; const t = [];
             m.specials(arguments[0], 'lumen-sync/lumen', (a, b, x) => t.push(x));
             return {words: m.words(m.fold(arguments[0])), specials: t};",
            json!([text]),
        );
        let folded = search::fold(text);
        let words: Vec<&str> = search::words(&folded).collect();
        let mut specials = Vec::new();
        search::specials(text, Some("lumen-sync/lumen"), |_, _, t| specials.push(t));
        assert_eq!(js["words"], json!(words), "words of {text:?}");
        assert_eq!(js["specials"], json!(specials), "special terms of {text:?}");
    }
}

#[test]
fn search_works_in_chromium_at_the_domain_root() {
    check_site("/");
}

#[test]
fn search_works_in_chromium_under_a_sub_path() {
    check_site("/sub/path/");
}

/// The first result's title line is the note's title, followed by what tells it apart
/// from notes with the same title (`Core Sync Call — Mon 5 Jun 2023`) when there are any.
fn assert_title(results: &Value, title: &str) {
    let shown = results["titles"][0].as_str().unwrap_or_default();
    assert!(
        shown == title || shown.starts_with(&format!("{title} — ")),
        "{title}: {results}"
    );
}
