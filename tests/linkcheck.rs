//! A link checker: builds the example archive (plus notes that link to each other by file
//! path, an image and an attachment) for a GitHub Pages project site,
//! `https://example.github.io/some-repo/`, serves it under `/some-repo/` as GitHub Pages
//! does (folders get `index.html`, unknown paths the site's `404.html` with status 404),
//! and follows every internal `href`, `src` and fragment from the home page, the sitemap,
//! the feeds, the search bundle and the 404 page. Nothing may be broken.

mod common;
use common::TestArchive;
use scraper::{Html, Selector};
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};

const HOST: &str = "example.github.io";
const PREFIX: &str = "/some-repo/";

/// The example archive from the repository, and notes that link the way archives kept on
/// GitHub do.
fn archive() -> TestArchive {
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
    a.file(
        "content/core/2024/2024-05-06--core-sync.md",
        "## 2024-05-06 Core Sync Call\n\n\
         ### Agenda\n\n\
         - Follow-ups from [the last call](2024-04-22--core-sync.md#action-items)\n\
         - [Last year's notes](../2023/2023-09-18--core-sync.md), [the spec call](/content/spec/2024-05-08-spec-1-0-sign-off.md)\n\
         - See the [agenda](#agenda) and the [slides](../../spec/files/slides%20v2.pdf)\n\n\
         ![architecture](img/architecture.svg \"Architecture\")\n",
    )
    .file(
        "content/core/2024/img/architecture.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )
    .file("content/spec/files/slides v2.pdf", "%PDF-1.4\n");
    a
}

/// GitHub Pages, as far as links are concerned.
fn serve(root: PathBuf) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let _ = answer(&root, stream);
        }
    });
    port
}

fn answer(root: &Path, mut stream: TcpStream) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request = String::new();
    reader.read_line(&mut request)?;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" || line == "\n" {
            break;
        }
    }
    let target = request.split_whitespace().nth(1).unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let path = percent_decode(path);
    let file = path
        .strip_prefix(PREFIX)
        .filter(|rel| !rel.split('/').any(|s| s == ".."))
        .map(|rel| root.join(rel));
    let (status, location, body) = match file {
        Some(f) if f.is_dir() && !path.ends_with('/') => (301, Some(format!("{path}/")), vec![]),
        Some(f) if f.is_dir() && f.join("index.html").is_file() => {
            (200, None, std::fs::read(f.join("index.html"))?)
        }
        Some(f) if f.is_file() => (200, None, std::fs::read(f)?),
        _ => (404, None, std::fs::read(root.join("404.html"))?),
    };
    let mut head = format!(
        "HTTP/1.0 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    if let Some(l) = location {
        head.push_str(&format!("Location: {l}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(&body)
}

struct Response {
    status: u16,
    location: Option<String>,
    body: Vec<u8>,
}

fn get(port: u16, path: &str) -> Response {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    write!(s, "GET {path} HTTP/1.0\r\nHost: {HOST}\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a response head");
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    let location = head
        .lines()
        .find_map(|l| l.strip_prefix("Location: "))
        .map(str::to_string);
    Response {
        status,
        location,
        body: raw[split + 4..].to_vec(),
    }
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

/// An internal URL as a path (with query and fragment), resolved against the page it was
/// found on; `None` for other sites and schemes.
fn resolve(page: &str, href: &str) -> Option<String> {
    let href = href.trim();
    if href.is_empty() {
        return Some(page.to_string());
    }
    for scheme in ["https://", "http://", "//"] {
        if let Some(rest) = href.strip_prefix(scheme) {
            let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
            return (host == HOST).then(|| if path.is_empty() { "/" } else { path }.to_string());
        }
    }
    if href.contains(':') && !href.starts_with(['/', '.', '#', '?']) {
        let scheme = href.split(':').next().unwrap();
        if scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        {
            return None; // mailto:, data:, javascript:
        }
    }
    let page_path = page.split(['?', '#']).next().unwrap();
    if href.starts_with('#') || href.starts_with('?') {
        return Some(format!("{page_path}{href}"));
    }
    let joined = if href.starts_with('/') {
        href.to_string()
    } else {
        let dir = &page_path[..page_path.rfind('/').unwrap() + 1];
        format!("{dir}{href}")
    };
    let (path, rest) = joined.split_at(joined.find(['?', '#']).unwrap_or(joined.len()));
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split('/').skip(1) {
        match seg {
            "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    Some(format!("/{}{rest}", parts.join("/")))
}

#[derive(Default)]
struct Crawl {
    queue: VecDeque<(String, String)>,
    seen: BTreeSet<String>,
    /// Fetched pages' ids, for fragments.
    ids: BTreeMap<String, BTreeSet<String>>,
    fragments: Vec<(String, String)>,
    broken: Vec<String>,
}

impl Crawl {
    fn push(&mut self, from: &str, url: String) {
        let (without, fragment) = match url.split_once('#') {
            Some((u, f)) => (u.to_string(), Some(f.to_string())),
            None => (url.clone(), None),
        };
        if !without.starts_with(PREFIX) {
            self.broken
                .push(format!("{url} (from {from}): outside {PREFIX}"));
            return;
        }
        if let Some(f) = fragment.filter(|f| !f.is_empty()) {
            self.fragments
                .push((from.to_string(), format!("{without}#{f}")));
        }
        // A link within the page it is on (`#main` on the 404 page): nothing to fetch.
        if without == from {
            return;
        }
        if self.seen.insert(without.clone()) {
            self.queue.push_back((from.to_string(), without));
        }
    }

    fn links(&mut self, from: &str, base: &str, hrefs: impl IntoIterator<Item = String>) {
        for h in hrefs {
            if let Some(url) = resolve(base, &h) {
                self.push(from, url);
            }
        }
    }
}

fn html_links(html: &Html) -> Vec<String> {
    let mut out = Vec::new();
    for (css, attr) in [
        ("[href]", "href"),
        ("[src]", "src"),
        ("form[action]", "action"),
        ("meta[name=minutes-search]", "content"),
    ] {
        let sel = Selector::parse(css).unwrap();
        out.extend(
            html.select(&sel)
                .filter_map(|e| e.value().attr(attr).map(str::to_string)),
        );
    }
    out
}

fn html_ids(html: &Html) -> BTreeSet<String> {
    let sel = Selector::parse("[id], a[name]").unwrap();
    html.select(&sel)
        .flat_map(|e| [e.value().attr("id"), e.value().attr("name")])
        .flatten()
        .map(str::to_string)
        .collect()
}

fn xml_links(text: &str) -> Vec<String> {
    let re = regex::Regex::new(r#"<loc>([^<]+)</loc>|href="([^"]+)""#).unwrap();
    re.captures_iter(text)
        .map(|c| {
            c.get(1)
                .or(c.get(2))
                .unwrap()
                .as_str()
                .replace("&amp;", "&")
        })
        .collect()
}

/// The search bundle, as `search.js` walks it: every chunk, fragment and facet file that
/// `meta.json` names, with its hash, and each result's page and section.
fn search_links(crawl: &mut Crawl, url: &str, body: &[u8]) {
    let path = url.split('?').next().unwrap();
    let base = &path[..path.find("/search/").unwrap() + 1];
    let search_dir = format!("{base}search/");
    let json: serde_json::Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(e) => {
            crawl.broken.push(format!("{url}: not JSON: {e}"));
            return;
        }
    };
    if path.ends_with("/meta.json") {
        let hash = json["hash"].as_str().unwrap();
        let mut files = Vec::new();
        for n in 0..json["chunks"].as_array().unwrap().len() {
            files.push(format!("index/{n}.json"));
        }
        let notes = json["notes"].as_u64().unwrap();
        for d in 0..notes {
            files.push(format!("docs/{d}.json"));
        }
        // Decisions and action items: their fragments a file of `items_per_file`, and
        // what dates them.
        let items = json["docs"].as_u64().unwrap() - notes;
        let per = json["items_per_file"].as_u64().unwrap();
        for k in 0..items.div_ceil(per) {
            files.push(format!("docs/items/{k}.json"));
        }
        if items > 0 {
            files.push("items.json".into());
        }
        for f in json["facets"].as_array().unwrap() {
            files.push(format!("filters/{}.json", f.as_str().unwrap()));
        }
        for f in files {
            crawl.push(url, format!("{search_dir}{f}?h={hash}"));
        }
    } else if path.contains("/docs/items/") {
        for fragment in json.as_array().unwrap() {
            fragment_links(crawl, url, base, fragment);
        }
    } else if path.contains("/docs/") {
        fragment_links(crawl, url, base, &json);
    }
}

/// The page a search fragment opens and the spot of each of its sections.
fn fragment_links(crawl: &mut Crawl, url: &str, base: &str, fragment: &serde_json::Value) {
    let page = format!("{base}{}", fragment["url"].as_str().unwrap());
    for s in fragment["s"].as_array().unwrap() {
        let id = s[0].as_str().unwrap();
        let target = if id.is_empty() {
            page.clone()
        } else {
            format!("{page}#{id}")
        };
        crawl.links(url, &page, [target]);
    }
}

#[test]
fn every_internal_link_resolves_on_a_github_pages_project_site() {
    let a = archive();
    let report = a.build_with(Some(&format!("https://{HOST}{PREFIX}")));
    assert!(!report.has_errors(), "{:?}", report.diagnostics);
    assert!(
        report
            .diagnostics
            .iter()
            .all(|d| !d.message.contains("link") && !d.message.contains("image")),
        "{:?}",
        report.diagnostics
    );
    let port = serve(a.out());

    let mut crawl = Crawl::default();
    crawl.push("(start)", PREFIX.to_string());
    crawl.push("(start)", format!("{PREFIX}sitemap.xml"));
    crawl.push("(start)", format!("{PREFIX}atom.xml"));

    // GitHub serves the 404 page at the missing URL itself: its links must not depend on
    // where it is.
    let missing = format!("{PREFIX}no/such/page/");
    let r = get(port, &missing);
    assert_eq!(r.status, 404);
    let not_found = String::from_utf8(r.body).unwrap();
    assert_eq!(not_found, a.text("404.html"), "the site's own 404 page");
    let html = Html::parse_document(&not_found);
    crawl.ids.insert(missing.clone(), html_ids(&html));
    let links = html_links(&html);
    assert!(
        links.iter().any(|l| l.contains("style")),
        "the 404 page has its stylesheet: {links:?}"
    );
    crawl.links(&missing, &missing, links);

    let mut pages = 0;
    while let Some((from, url)) = crawl.queue.pop_front() {
        let mut r = get(port, &url);
        if r.status == 301 {
            let to = r.location.clone().unwrap();
            r = get(port, &to);
        }
        if r.status != 200 {
            crawl
                .broken
                .push(format!("{url} (from {from}): status {}", r.status));
            continue;
        }
        pages += 1;
        let path = url.split('?').next().unwrap();
        if path.ends_with('/') || path.ends_with(".html") {
            let html = Html::parse_document(&String::from_utf8_lossy(&r.body));
            crawl.ids.insert(url.clone(), html_ids(&html));
            let links = html_links(&html);
            crawl.links(&url, &url, links);
        } else if path.ends_with(".xml") {
            let links = xml_links(&String::from_utf8_lossy(&r.body));
            crawl.links(&url, &url, links);
        } else if path.starts_with(&format!("{PREFIX}search/")) && path.ends_with(".json") {
            search_links(&mut crawl, &url, &r.body);
        }
    }
    for (from, target) in std::mem::take(&mut crawl.fragments) {
        let (page, id) = target.split_once('#').unwrap();
        let id = percent_decode(id);
        match crawl.ids.get(page) {
            Some(ids) if ids.contains(&id) => {}
            Some(_) => crawl
                .broken
                .push(format!("{target} (from {from}): no element with that id")),
            None => {} // not a page (or already reported broken)
        }
    }

    crawl.broken.sort();
    crawl.broken.dedup();
    assert!(
        crawl.broken.is_empty(),
        "{} broken of {} fetched:\n{}",
        crawl.broken.len(),
        pages,
        crawl.broken.join("\n")
    );
    // It really crawled: every note, the feeds, the search bundle, the new note's targets.
    let seen = |p: &str| crawl.seen.contains(&format!("{PREFIX}{p}"));
    for p in [
        "core/2024/2024-05-06--core-sync/",
        "core/2024/img/architecture.svg",
        "spec/files/slides%20v2.pdf",
        "spec/2024-05-08-spec-1-0-sign-off/",
        "teams/core/atom.xml",
        "search/docs/0.json",
    ] {
        assert!(
            seen(p)
                || crawl
                    .seen
                    .iter()
                    .any(|s| s.starts_with(&format!("{PREFIX}{p}?"))),
            "never reached {p}"
        );
    }
    assert!(pages > 100, "{pages} fetched");
}

#[test]
fn resolve_follows_the_rules_of_urls() {
    assert_eq!(resolve("/r/a/b/", "../c/").as_deref(), Some("/r/a/c/"));
    assert_eq!(
        resolve("/r/a/b/", "x.css?h=1").as_deref(),
        Some("/r/a/b/x.css?h=1")
    );
    assert_eq!(resolve("/r/a/", "#top").as_deref(), Some("/r/a/#top"));
    assert_eq!(
        resolve("/r/", "https://example.github.io/r/x/").as_deref(),
        Some("/r/x/")
    );
    assert_eq!(resolve("/r/", "https://github.com/o/r"), None);
    assert_eq!(resolve("/r/", "mailto:a@b.c"), None);
    assert_eq!(
        resolve("/r/a/index.html", "b.html").as_deref(),
        Some("/r/a/b.html")
    );
}
