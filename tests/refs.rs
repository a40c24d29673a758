//! GitHub references end to end: links in note pages, the issue, repository and index
//! pages of the reference graph, `minutes list --json`, the seed notes and the real
//! archives in ../shared with the config each needs.

mod common;
use common::*;
use minutes::build::{self, Options};
use regex::Regex;
use scraper::{ElementRef, Html, Node};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::LazyLock;

/// Two teams with their own repositories, a site-wide owner for `rust#N`, and notes that
/// use every form.
fn fixture() -> TestArchive {
    let a = TestArchive::new();
    a.file(
        "minutes.toml",
        "repo = \"lumen/lumen\"\n\
         [teams.core]\npaths = [\"core/**\"]\nrepo = \"lumen/core\"\n\
         [teams.spec]\npaths = [\"spec/**\"]\n\
         [github]\nowners = { rust = \"rust-lang\" }\nignore_users = [\"rfcbot\"]\n",
    )
    .file(
        "content/core/2023-01-10.md",
        "# Core call #1\n\nAttendees: @alice, @bob\n\n## Updates\n\n\
         - Merged\n  - https://github.com/lumen/core/pull/12\n  - https://github.com/lumen/lumen/issues/7\n\
         - Blocked on rust#95953 (cc @carol, @rfcbot)\n\n\
         We talked about #12 again. See [the RFC](https://github.com/lumen/lumen/issues/7#issuecomment-1).\n\n\
         `#99 in code` and a5c3785ed8 landed.\n",
    )
    .file(
        "content/core/2023-02-14.md",
        "# Core call #2\n\nAttendees: @alice\n\n## Notes\n\nFollow-up on GH-12: done.\n",
    )
    .file(
        "content/spec/2023-01-20.md",
        "---\ntitle: Spec review\nrepo: lumen/spec\n---\n\n\
         Discussed lumen/core#12 and #3 with @alice.\n",
    );
    a
}

fn links(html: &Html, css: &str) -> Vec<(String, String)> {
    select(html, css)
        .iter()
        .map(|e| {
            (
                e.value().attr("href").unwrap_or("").to_string(),
                e.text().collect::<String>(),
            )
        })
        .collect()
}

#[test]
fn note_pages_link_every_form_and_show_a_referenced_panel() {
    let a = fixture();
    let r = a.build();
    assert!(!r.has_errors(), "{:?}", r.diagnostics);
    let p = a.page("core/2023-01-10/index.html");
    // The `Attendees:` line is shown once, as chips linking to the people's pages (issue
    // 15), so its @mentions are not in the body.
    assert_eq!(
        attrs(&p, ".note-facts a.chip-person", "href"),
        ["/people/alice/", "/people/bob/"]
    );
    assert_eq!(
        links(&p, ".note-body a[id^='ref-']"),
        [
            ("https://github.com/lumen/core/pull/12".into(), "#12".into()),
            (
                "https://github.com/lumen/lumen/issues/7".into(),
                "lumen/lumen#7".into()
            ),
            (
                "https://github.com/rust-lang/rust/issues/95953".into(),
                "rust#95953".into()
            ),
            ("https://github.com/carol".into(), "@carol".into()),
            (
                "https://github.com/lumen/core/issues/12".into(),
                "#12".into()
            ),
            (
                "https://github.com/lumen/lumen/issues/7#issuecomment-1".into(),
                "the RFC".into()
            ),
            (
                "https://github.com/lumen/core/commit/a5c3785ed8".into(),
                "a5c3785".into()
            ),
        ]
    );
    // The heading's meeting number, code and ignored handles stay text.
    assert_eq!(texts(&p, ".note-body h1"), ["Core call #1 #"]);
    assert_eq!(texts(&p, ".note-body code"), ["#99 in code", "a5c3785"]);
    assert!(texts(&p, ".note-body li")
        .iter()
        .any(|t| t.contains("@rfcbot)")));
    // Referenced panel: each issue and commit once, linking to its page in the site.
    assert_eq!(
        links(&p, ".refs .ref-list li > a:first-child"),
        [
            ("/refs/lumen/core/12.html".into(), "lumen/core#12".into()),
            ("/refs/lumen/lumen/7.html".into(), "lumen/lumen#7".into()),
            (
                "/refs/rust-lang/rust/95953.html".into(),
                "rust-lang/rust#95953".into()
            ),
            (
                "https://github.com/lumen/core/commit/a5c3785ed8".into(),
                "lumen/core@a5c3785".into()
            ),
        ]
    );
}

#[test]
fn issue_page_lists_every_meeting_newest_first_with_the_sentence_and_the_spot() {
    let a = fixture();
    a.build();
    let p = a.page("refs/lumen/core/12.html");
    assert_eq!(texts(&p, "h1"), ["lumen/core#12"]);
    assert_eq!(
        attrs(&p, "a.external", "href"),
        ["https://github.com/lumen/core/issues/12"]
    );
    assert_eq!(
        attrs(&p, ".issue-mentions .card-title a", "href"),
        [
            "/core/2023-02-14/",
            "/spec/2023-01-20/",
            "/core/2023-01-10/"
        ]
    );
    assert_eq!(
        texts(&p, ".issue-mentions blockquote"),
        [
            "Follow-up on GH-12: done.",
            "Discussed lumen/core#12 and #3 with @alice.",
            "Merged › #12",
            "We talked about #12 again. See the RFC."
        ]
    );
    // Each spot links to the reference's anchor, which exists in the note.
    let spots = attrs(&p, ".spot figcaption a:first-child", "href");
    assert_eq!(spots.len(), 4);
    for spot in &spots {
        let (page, id) = spot.split_once('#').unwrap();
        let note = a.page(&format!("{}index.html", page.trim_start_matches('/')));
        assert_eq!(
            select(&note, &format!("[id='{id}']")).len(),
            1,
            "{spot} has no anchor"
        );
    }
    // Spots under a heading name it.
    assert!(texts(&p, ".spot figcaption a:nth-child(2)").contains(&"Updates".to_string()));
}

#[test]
fn repository_pages_sort_issues_by_meetings_and_the_index_lists_repositories() {
    let a = fixture();
    a.build();
    let p = a.page("refs/lumen/core/index.html");
    let rows: Vec<Vec<String>> = select(&p, "table.data-table tbody tr")
        .iter()
        .map(|tr| {
            tr.select(&scraper::Selector::parse("td").unwrap())
                .map(|td| td.text().collect::<String>())
                .collect()
        })
        .collect();
    assert_eq!(rows, [["#12", "3", "Tue 10 Jan 2023", "Tue 14 Feb 2023"]]);
    let index = a.page("refs/index.html");
    let repos = texts(&index, "table.data-table tbody td:first-child");
    assert_eq!(
        repos,
        ["lumen/core", "lumen/lumen", "lumen/spec", "rust-lang/rust"]
    );
    // Repository pages are in the sitemap, and notes cannot take their URLs.
    assert!(a
        .text("sitemap.xml")
        .contains("<loc>/refs/lumen/core/12.html</loc>"));
}

#[test]
fn people_pages_list_meetings_that_mention_them() {
    let a = fixture();
    a.file(
        "content/core/2023-03-01.md",
        "# Core call #3\n\nAttendees: @carol\n\nBob (@bob) sent regrets.\n",
    );
    a.build();
    let bob = a.page("people/bob/index.html");
    assert_eq!(
        attrs(&bob, ".mentioned .card-title a", "href"),
        ["/core/2023-03-01/"]
    );
}

/// What `minutes list --json` prints as `refs`.
#[test]
fn list_refs_are_the_resolved_targets_of_each_note() {
    let a = fixture();
    let loaded = build::load_archive(&Options {
        root: a.root().to_path_buf(),
        ..Options::default()
    })
    .unwrap();
    let refs: BTreeMap<&str, Vec<String>> = loaded
        .archive
        .notes
        .iter()
        .map(|n| n.source.as_str())
        .zip(build::note_refs(&loaded))
        .collect();
    assert_eq!(
        refs["content/spec/2023-01-20.md"],
        ["lumen/core#12", "lumen/spec#3", "@alice"]
    );
    assert_eq!(
        refs["content/core/2023-01-10.md"],
        [
            "@alice",
            "@bob",
            "lumen/core#12",
            "lumen/lumen#7",
            "rust-lang/rust#95953",
            "@carol",
            "lumen/core@a5c3785"
        ]
    );
}

#[test]
fn reference_pages_work_under_a_sub_path() {
    let a = fixture();
    a.build_with(Some("https://o.github.io/minutes/"));
    let p = a.page("refs/lumen/core/12.html");
    for href in attrs(&p, "main a", "href") {
        assert!(
            href.starts_with("/minutes/") || href.starts_with("https://github.com/"),
            "{href}"
        );
    }
    // An @mention of someone who attended leads to their page here.
    let note = a.page("spec/2023-01-20/index.html");
    assert_eq!(
        attrs(&note, "a.mention", "href")[0],
        "/minutes/people/alice/"
    );
}

// --- the seed notes ---

static ISSUE_URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"https://github\.com/([\w.-]+)/([\w.-]+)/(?:issues|pull)/(\d+)").unwrap()
});

/// `owner/repo#N`, which names its owner and so needs no `[github] owners` entry.
static OWNER_REPO_REF: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b([\w-]+)/([\w.-]+)#([1-9]\d*)\b").unwrap());

#[test]
fn seed_devlog_links_every_pocket_url_and_each_issue_page_lists_the_meeting() {
    let Some(shared) = shared("seed_devlog_links_every_pocket_url") else {
        return;
    };
    let seeds = shared.join("seeds");
    let seed = std::fs::read_dir(&seeds)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("000_"))
        })
        .expect("seed 000_* in ../shared/seeds");
    let text = std::fs::read_to_string(&seed).unwrap();
    let urls: BTreeSet<(String, String)> = ISSUE_URL
        .captures_iter(&text)
        .filter(|c| &c[1] == "pokt-network" && &c[2] == "pocket")
        .map(|c| (c[0].to_string(), c[3].to_string()))
        .collect();
    assert!(urls.len() >= 20, "{urls:?}");

    let out = tempfile::tempdir().unwrap();
    let report = build::run(&Options {
        root: seeds.clone(),
        output: Some(out.path().join("site")),
        ..Options::default()
    })
    .unwrap();
    assert!(!report.has_errors(), "{:?}", report.diagnostics);
    let site = out.path().join("site");
    let stem = seed.file_stem().unwrap().to_string_lossy().to_string();
    let note_url = format!("/{stem}/");
    let note = read_html(&site.join(&stem).join("index.html"));
    let shown: BTreeMap<String, String> = links(&note, ".note-body a[id^='ref-']")
        .into_iter()
        .collect();
    for (url, n) in &urls {
        assert_eq!(
            shown.get(url).map(String::as_str),
            Some(format!("pokt-network/pocket#{n}").as_str()),
            "{url}"
        );
        let page = read_html(&site.join(format!("refs/pokt-network/pocket/{n}.html")));
        assert_eq!(
            attrs(&page, ".issue-mentions .card-title a", "href"),
            std::slice::from_ref(&note_url),
            "issue {n}"
        );
        assert!(!texts(&page, ".issue-mentions blockquote")[0].is_empty());
    }
}

// --- the real archives ---

fn read_html(path: &Path) -> Html {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Html::parse_document(&text)
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// Text of `el` that is not inside a link, code or raw-HTML-only element.
fn unlinked_text(el: ElementRef, out: &mut String) {
    for child in el.children() {
        match child.value() {
            Node::Text(t) => out.push_str(t),
            Node::Element(e) if matches!(e.name(), "a" | "code" | "pre") => {}
            Node::Element(_) => {
                if let Some(child) = ElementRef::wrap(child) {
                    unlinked_text(child, out);
                }
                out.push(' ');
            }
            _ => {}
        }
    }
}

struct Counts {
    notes: usize,
    /// Issue and PR URLs written as bare text (outside links and code), in the sources.
    bare_urls: usize,
    /// Issue and PR links minutes made: bare URLs shortened, and text forms (`rust#1`).
    issue_links: usize,
    refs: usize,
    mentions: usize,
    /// Links whose text is `owner/repo#N`.
    owner_repo_links: usize,
}

/// (owner, repo, number), lower-cased.
type IssueKey = (String, String, String);

/// Issue and PR URLs in a note's Markdown, as pulldown-cmark reads it: `(bare, linked)`,
/// where bare ones are in text outside links and code, and linked ones are link targets.
/// Code blocks (including the unclosed `~~~~` fence that swallows the rest of a note)
/// hold neither.
fn issue_urls(body: &str) -> (Vec<IssueKey>, Vec<IssueKey>) {
    use pulldown_cmark::{Event, Options as MdOptions, Parser, Tag, TagEnd};
    let key = |c: regex::Captures| {
        (
            c[1].to_ascii_lowercase(),
            c[2].to_ascii_lowercase(),
            c[3].to_string(),
        )
    };
    let (mut bare, mut linked) = (Vec::new(), Vec::new());
    let (mut in_code, mut in_link) = (false, 0);
    let options = MdOptions::ENABLE_TABLES
        | MdOptions::ENABLE_TASKLISTS
        | MdOptions::ENABLE_STRIKETHROUGH
        | MdOptions::ENABLE_FOOTNOTES
        | MdOptions::ENABLE_GFM;
    for event in Parser::new_ext(body, options) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Start(Tag::Link { dest_url, .. }) => {
                in_link += 1;
                linked.extend(ISSUE_URL.captures_iter(&dest_url).map(key));
            }
            Event::Start(Tag::Image { .. }) => in_link += 1,
            Event::End(TagEnd::Link | TagEnd::Image) => in_link -= 1,
            Event::Text(t) if !in_code && in_link == 0 => {
                bare.extend(ISSUE_URL.captures_iter(&t).map(key))
            }
            _ => {}
        }
    }
    (bare, linked)
}

/// Builds a copy of a real archive with `config`, then checks every note page: no GitHub
/// issue or PR URL is left unlinked in prose, and every reference link goes to GitHub (or,
/// for people, to their page in the site). Then the most-mentioned issues have pages that
/// list the meetings mentioning them.
fn check_archive(name: &str, config: &str, owned: &[&str]) -> Option<Counts> {
    // `rust#123` for each repository name the config gives an owner.
    let short_form = Regex::new(&format!(
        r"(?:^|[\s(\[,;:*_~>])(?:{})#[1-9]\d*\b",
        owned.join("|")
    ))
    .unwrap();
    let src = shared(name)?.join("corpus/real").join(name);
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join(name);
    copy_dir(&src, &root);
    std::fs::write(root.join("minutes.toml"), config).unwrap();
    let report = build::run(&Options {
        root: root.clone(),
        output: Some(dir.path().join("site")),
        ..Options::default()
    })
    .unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(!report.has_errors(), "{name}: {:?}", report.diagnostics);
    let site = dir.path().join("site");
    let loaded = build::load_archive(&Options {
        root: root.clone(),
        ..Options::default()
    })
    .unwrap();

    let mut counts = Counts {
        notes: 0,
        bare_urls: 0,
        issue_links: 0,
        refs: 0,
        mentions: 0,
        owner_repo_links: 0,
    };
    let content = scraper::Selector::parse(".note-body").unwrap();
    for url in &loaded.archive.urls {
        let page = read_html(&site.join(url).join("index.html"));
        counts.notes += 1;
        for body in page.select(&content) {
            let mut text = String::new();
            unlinked_text(body, &mut text);
            assert!(
                !ISSUE_URL.is_match(&text),
                "{name}: /{url} leaves {:?} unlinked",
                ISSUE_URL.find(&text).map(|m| m.as_str())
            );
            assert!(
                !OWNER_REPO_REF.is_match(&text),
                "{name}: /{url} leaves {:?} unlinked",
                OWNER_REPO_REF.find(&text).map(|m| m.as_str())
            );
            assert!(
                !short_form.is_match(&text),
                "{name}: /{url} leaves {:?} unlinked",
                short_form.find(&text).map(|m| m.as_str())
            );
        }
        for a in select(&page, ".note-body a[id^='ref-']") {
            let href = a.value().attr("href").unwrap_or("");
            let class = a.value().attr("class").unwrap_or("");
            counts.refs += 1;
            if class == "mention" {
                counts.mentions += 1;
                assert!(
                    href.starts_with("https://github.com/") || href.starts_with("/people/"),
                    "{name}: /{url}: mention to {href}"
                );
                continue;
            }
            let host = href
                .split("://")
                .nth(1)
                .and_then(|rest| rest.split('/').next())
                .unwrap_or("")
                .to_ascii_lowercase();
            assert!(
                host == "github.com" || host == "www.github.com",
                "{name}: /{url}: reference to {href}"
            );
            let text: String = a.text().collect();
            // Counted, not checked against the URL: a note's own link may say one
            // repository and point at another (ipfs 2019-09-16, `go-libp2p-discovery#184`).
            if OWNER_REPO_REF
                .find(&text)
                .is_some_and(|m| m.as_str() == text)
            {
                counts.owner_repo_links += 1;
            }
            // A URL to a sub-page (`/pull/1/files`) keeps its text; the rest are short.
            if class == "ref" && ISSUE_URL.is_match(href) && !text.starts_with("http") {
                counts.issue_links += 1;
            }
        }
    }

    // The five issues most often mentioned, counted from the sources: notes that link to
    // the issue's URL or write it out.
    let mut by_issue: BTreeMap<IssueKey, BTreeSet<usize>> = BTreeMap::new();
    for (i, n) in loaded.archive.notes.iter().enumerate() {
        let (bare, linked) = issue_urls(&n.body);
        counts.bare_urls += bare.len();
        for key in bare.into_iter().chain(linked) {
            by_issue.entry(key).or_default().insert(i);
        }
    }
    let mut top: Vec<_> = by_issue.into_iter().collect();
    top.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
    for ((owner, repo, number), notes) in top.iter().take(5) {
        let page = read_html(&site.join(format!("refs/{owner}/{repo}/{number}.html")));
        let listed: BTreeSet<String> = attrs(&page, ".issue-mentions .card-title a", "href")
            .into_iter()
            .collect();
        for &i in notes {
            let url = format!("/{}", loaded.archive.urls[i]);
            assert!(
                listed.contains(&url),
                "{name}: {owner}/{repo}#{number} page lacks {url}"
            );
        }
    }
    eprintln!(
        "{name}: {} notes, {} bare issue/PR URLs, {} reference links ({} to issues, {} mentions)",
        counts.notes, counts.bare_urls, counts.refs, counts.issue_links, counts.mentions
    );
    Some(counts)
}

#[test]
fn pokt_network_pocket_links_every_reference() {
    let Some(c) = check_archive(
        "pokt-network__pocket",
        "repo = \"pokt-network/pocket\"\n",
        &["pocket"],
    ) else {
        return;
    };
    // GITHUB-REFS.md counts 128 bare issue/PR URLs in this archive.
    assert!(c.bare_urls >= 120, "{}", c.bare_urls);
    assert!(
        c.issue_links >= c.bare_urls,
        "{} < {}",
        c.issue_links,
        c.bare_urls
    );
}

#[test]
fn ipfs_team_mgmt_links_every_reference() {
    let Some(c) = check_archive(
        "ipfs__team-mgmt",
        "[github]\nowners = { js-ipfs = \"ipfs\", go-ipfs = \"ipfs\", interface-ipfs-core = \"ipfs\", \
         js-ipfs-api = \"ipfs\", ipfs-desktop = \"ipfs\", js-libp2p = \"libp2p\", go-libp2p = \"libp2p\", \
         libp2p = \"libp2p\", interop = \"libp2p\", js-libp2p-kad-dht = \"libp2p\" }\n",
        &["js-ipfs", "go-ipfs", "js-libp2p", "go-libp2p", "interop"],
    ) else {
        return;
    };
    assert!(c.bare_urls >= 2400, "{}", c.bare_urls);
    assert!(
        c.issue_links >= c.bare_urls,
        "{} < {}",
        c.issue_links,
        c.bare_urls
    );
    assert!(c.mentions > 5000, "{}", c.mentions);
}

#[test]
fn rust_lang_team_links_every_reference() {
    let Some(c) = check_archive(
        "rust-lang__lang-team",
        "[github]\nowners = { rust = \"rust-lang\", lang-team = \"rust-lang\", rfcs = \"rust-lang\", \
         reference = \"rust-lang\", compiler-team = \"rust-lang\", miri = \"rust-lang\" }\n\
         ignore_users = [\"rfcbot\", \"rustbot\"]\n",
        &["rust", "lang-team", "rfcs", "reference", "compiler-team", "miri"],
    ) else {
        return;
    };
    // `rust-lang/rust#53224` and the like, written out in prose (minutes/2019-12-05.md).
    assert!(c.owner_repo_links >= 10, "{}", c.owner_repo_links);
    // Bare URLs, and about 1,700 `rust#N`-style references (some in code or link text).
    assert!(c.bare_urls >= 1500, "{}", c.bare_urls);
    assert!(
        c.issue_links >= c.bare_urls + 1300,
        "{} < {} + 1300",
        c.issue_links,
        c.bare_urls
    );
}

/// What an issue is, taken from how the notes name it: an author's link that opens its
/// line, `#N: title`, `repo#N (title)` and `title (#N)`. The wording most notes give
/// wins; the issue page takes it as its heading, the repository page and each note's
/// "Referenced" panel show it, and a mention inside a sentence names nothing.
#[test]
fn issues_take_the_titles_the_notes_give_them() {
    let a = TestArchive::new();
    a.file("minutes.toml", "repo = \"o/r\"\n")
        .file(
            "content/a/2024-01-01.md",
            "# Call\n\n- [Base32/CIDv1](https://github.com/o/r/issues/1)\n- #2: Peer discovery for LocalNet\n\
             - We looked at o/r#3 (Faster builds) today\n- Fix the feed links (#4)\n- we fixed #5: it works\n",
        )
        .file(
            "content/a/2024-01-08.md",
            "# Call\n\n- #1: Base32 migration\n- #2: Peer discovery for LocalNet\n",
        )
        .file(
            "content/a/2024-01-15.md",
            "# Call\n\n- #2: Peer discovery\n- #6 (#7)\n",
        );
    let r = a.build();
    assert!(!r.has_errors(), "{:?}", r.diagnostics);
    let heading = |n: u32| texts(&a.page(&format!("refs/o/r/{n}.html")), "h1.ref-heading");
    // Two notes say "Peer discovery for LocalNet", one "Peer discovery".
    assert_eq!(heading(2), ["Peer discovery for LocalNet"]);
    // A tie: the newest note's wording.
    assert_eq!(heading(1), ["Base32 migration"]);
    assert_eq!(heading(3), ["Faster builds"]);
    assert_eq!(heading(4), ["Fix the feed links"]);
    // Nothing named them: the reference is the heading.
    assert_eq!(heading(5), ["o/r#5"]);
    assert_eq!(heading(6), ["o/r#6"]);
    assert_eq!(heading(7), ["o/r#7"]);

    let note = a.page("a/2024-01-01/index.html");
    assert_eq!(
        texts(&note, ".refs .ref-list .ref-name"),
        [
            "Base32 migration",
            "Peer discovery for LocalNet",
            "Faster builds",
            "Fix the feed links"
        ]
    );
    // Hovering a reference in the note says what it is; one the notes never name has no
    // title, and an author's link keeps its own.
    let titles: Vec<(String, String)> = select(&note, ".note-body a[id^='ref-']")
        .iter()
        .map(|a| {
            let title = a.value().attr("title").unwrap_or("").to_string();
            (a.text().collect::<String>(), title)
        })
        .collect();
    assert!(
        titles.contains(&("#2".into(), "Peer discovery for LocalNet".into())),
        "{titles:?}"
    );
    assert!(titles.contains(&("#5".into(), String::new())), "{titles:?}");
    // Other meetings, not a repeated link to GitHub on each row.
    assert!(texts(&note, ".refs .ref-list .count").contains(&"+2 meetings".to_string()));
    assert!(select(&note, ".refs .ref-list a[href^='https://github.com']").is_empty());
    let repo = a.page("refs/o/r/index.html");
    assert!(texts(&repo, "table.issues .ref-name").contains(&"Faster builds".to_string()));
}

/// The header leads to the reference pages when the notes cite issues, and hides the
/// topics link of an archive that has no topics (it led to "0 topics").
#[test]
fn the_header_links_to_references_and_hides_empty_topics() {
    let a = fixture();
    a.build();
    let nav = links(&a.page("index.html"), ".site-nav a");
    assert!(
        nav.contains(&("/refs/".into(), "References".into())),
        "{nav:?}"
    );
    assert!(!nav.iter().any(|(_, t)| t == "Topics"), "{nav:?}");
    // Nor does the search page's note for readers without JavaScript.
    let search = a.text("search/index.html");
    assert!(search.contains("href=\"/archive/\""), "{search}");
    assert!(!search.contains("href=\"/topics/\""), "{search}");
    let issue = a.page("refs/lumen/core/12.html");
    assert_eq!(
        attrs(&issue, ".site-nav a[aria-current]", "href"),
        ["/refs/"]
    );

    let plain = TestArchive::new();
    plain.file(
        "content/a/2024-01-01.md",
        "---\ntopics: [budget]\n---\n# Call\n\nNo references here.\n",
    );
    plain.build();
    let nav = links(&plain.page("index.html"), ".site-nav a");
    assert!(!nav.iter().any(|(u, _)| u == "/refs/"), "{nav:?}");
    assert!(
        nav.contains(&("/topics/".into(), "Topics".into())),
        "{nav:?}"
    );
    assert!(plain
        .text("search/index.html")
        .contains("href=\"/topics/\""));
}

/// A query that names an issue (`#2`, `r#2`, `o/r#2`) gets a hint saying what it is: the
/// hint file its number falls in holds the issue's title, meeting count and page, and the
/// page exists.
#[test]
fn reference_queries_find_the_issue_they_name_in_the_search_hints() {
    let a = TestArchive::new();
    a.file("minutes.toml", "repo = \"o/r\"\n")
        .file(
            "content/a/2024-01-01.md",
            "# Call\n\n- #2: Peer discovery for LocalNet\n- see x/r#2 too\n",
        )
        .file(
            "content/a/2024-01-08.md",
            "# Call\n\n- #2: Peer discovery for LocalNet\n- #9\n",
        )
        .file(
            "content/a/2024-01-15.md",
            "# Call\n\n- #2: Peer discovery\n",
        );
    let r = a.build();
    assert!(!r.has_errors(), "{:?}", r.diagnostics);
    let meta: minutes::search::Meta = serde_json::from_str(&a.text("search/meta.json")).unwrap();
    assert!(meta.refs >= 1);
    let bucket = |n: u64| -> minutes::search::HintFile {
        let k = minutes::search::bucket_of(n, meta.refs).unwrap();
        serde_json::from_str(&a.text(&format!("search/refs/{k}.json"))).unwrap()
    };
    let named = |term: &str, n: u64| -> Vec<minutes::search::HintRow> {
        bucket(n)
            .h
            .into_iter()
            .filter(|h| minutes::search::hint_matches(term, &h.0))
            .collect()
    };
    // `#2` names both repositories' issue 2, the most discussed first.
    let two = named("#2", 2);
    let refs: Vec<&str> = two.iter().map(|h| h.0.as_str()).collect();
    assert_eq!(refs, ["o/r#2", "x/r#2"]);
    assert_eq!(two[0].1.as_deref(), Some("Peer discovery for LocalNet"));
    assert_eq!(two[0].3, 3);
    assert_eq!(two[1].3, 1);
    assert!(a.out().join(&two[0].4).is_file(), "{}", two[0].4);
    assert_eq!(named("o/r#2", 2).len(), 1);
    assert_eq!(named("r#2", 2).len(), 2);
    // An issue no note names has a hint without a title.
    let nine = named("#9", 9);
    assert_eq!(nine.len(), 1);
    assert_eq!(nine[0].1, None);
    assert!(named("#3", 3).is_empty());
}
