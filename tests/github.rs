//! `github::fetch` against a local server that answers like GitHub's GraphQL endpoint:
//! titles and states, what a second fetch asks for with the cache, and one warning for
//! each kind of failure (rate limit, 500, a server that never answers, malformed JSON).

use minutes::github::{self, Key, Kind, Meta, Settings, State};
use regex::Regex;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const DAY: i64 = 24 * 60 * 60;
const NOW: i64 = 1_700_000_000;

/// How the fake endpoint answers.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    GitHub,
    RateLimited,
    ServerError,
    Silent,
    Malformed,
}

/// The fake endpoint: the queries it was sent, in order.
struct Fake {
    url: String,
    queries: Arc<Mutex<Vec<String>>>,
}

impl Fake {
    fn start(mode: Mode) -> Fake {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let url = format!("http://{}/graphql", listener.local_addr().unwrap());
        let queries = Arc::new(Mutex::new(Vec::new()));
        let seen = queries.clone();
        // Detached: it ends with the test binary. Silent mode keeps each stream open.
        std::thread::spawn(move || {
            let mut held = Vec::new();
            for stream in listener.incoming().flatten() {
                let Some(query) = read_request(&stream) else {
                    continue;
                };
                seen.lock().unwrap().push(query.clone());
                if mode == Mode::Silent {
                    held.push(stream);
                } else {
                    respond(stream, mode, &query);
                }
            }
        });
        Fake { url, queries }
    }

    fn queries(&self) -> Vec<String> {
        self.queries.lock().unwrap().clone()
    }

    fn settings(&self, cache: &Path) -> Settings {
        Settings {
            fetch: true,
            api_url: self.url.clone(),
            token: Some("t0ken".into()),
            cache: cache.join(github::CACHE_PATH),
            budget: Duration::from_secs(20),
        }
    }
}

/// The GraphQL query of one POST (the token is checked on the way).
fn read_request(stream: &TcpStream) -> Option<String> {
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    let mut reader = BufReader::new(stream);
    let mut length = 0;
    let mut authorised = false;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).ok()?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let lower = line.to_ascii_lowercase();
        if let Some(v) = lower.strip_prefix("content-length:") {
            length = v.trim().parse().ok()?;
        }
        authorised |= lower == "authorization: bearer t0ken";
    }
    assert!(authorised, "every request carries the token");
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    let body: Value = serde_json::from_slice(&body).ok()?;
    Some(body["query"].as_str()?.to_string())
}

fn respond(mut stream: TcpStream, mode: Mode, query: &str) {
    let (status, extra, body) = match mode {
        Mode::GitHub => ("200 OK", "", answer(query).to_string()),
        Mode::RateLimited => (
            "403 Forbidden",
            "x-ratelimit-remaining: 0\r\nretry-after: 60\r\n",
            r#"{"message":"API rate limit exceeded"}"#.to_string(),
        ),
        Mode::ServerError => ("500 Internal Server Error", "", "oops".to_string()),
        Mode::Malformed => ("200 OK", "", r#"{"data": {"r0": "#.to_string()),
        Mode::Silent => unreachable!(),
    };
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
}

/// What GitHub knows: acme/app's issues, pull requests and one discussion; no other repo.
fn node(owner: &str, repo: &str, n: u64, field: &str) -> Option<Value> {
    if (owner, repo) != ("acme", "app") {
        return None;
    }
    let labels = json!({ "nodes": [{ "name": "bug" }] });
    let issue = |title: &str, state: &str| json!({ "__typename": "Issue", "title": title, "state": state, "labels": labels });
    let pull = |title: &str, state: &str, draft: bool| {
        json!({ "__typename": "PullRequest", "title": title, "state": state, "isDraft": draft,
                "merged": state == "MERGED", "labels": { "nodes": [] } })
    };
    match (field, n) {
        ("discussion", 5) => {
            Some(json!({ "title": "Roadmap ideas", "closed": false, "labels": { "nodes": [] } }))
        }
        ("discussion", _) => None,
        (_, 1) => Some(issue("Crash on start", "OPEN")),
        (_, 2) => Some(pull("Fix the crash", "MERGED", false)),
        (_, 3) => Some(pull("New parser", "OPEN", true)),
        (_, 4) => Some(issue("Old bug", "CLOSED")),
        (_, 5..=6) => None,
        // Many open issues, to fill several batches.
        (_, n) => Some(issue(&format!("Issue {n}"), "OPEN")),
    }
}

/// The answer GitHub would give `query`: each aliased field, null and a NOT_FOUND error
/// for what does not exist.
fn answer(query: &str) -> Value {
    let parts = Regex::new(
        r#"(r\d+):repository\(owner:"([^"]+)",name:"([^"]+)"\)|n(\d+):(issueOrPullRequest|discussion)\(number:\d+\)"#,
    )
    .unwrap();
    let mut data = serde_json::Map::new();
    let mut errors = Vec::new();
    let mut current = None;
    for c in parts.captures_iter(query) {
        if let Some(alias) = c.get(1) {
            let (owner, repo) = (c[2].to_string(), c[3].to_string());
            let exists = node(&owner, &repo, 1, "issueOrPullRequest").is_some();
            data.insert(
                alias.as_str().into(),
                if exists { json!({}) } else { Value::Null },
            );
            if !exists {
                errors.push(
                    json!({ "type": "NOT_FOUND", "path": [alias.as_str()], "message": "no repo" }),
                );
            }
            current = Some((alias.as_str().to_string(), owner, repo));
        } else {
            let (alias, owner, repo) = current.clone().expect("a number inside a repository");
            let n: u64 = c[4].parse().unwrap();
            let Some(Value::Object(r)) = data.get_mut(&alias) else {
                continue;
            };
            let found = node(&owner, &repo, n, &c[5]);
            if found.is_none() {
                errors.push(json!({ "type": "NOT_FOUND", "path": [alias, format!("n{n}")], "message": "none" }));
            }
            r.insert(format!("n{n}"), found.unwrap_or(Value::Null));
        }
    }
    let mut v = json!({ "data": data });
    if !errors.is_empty() {
        v["errors"] = Value::Array(errors);
    }
    v
}

fn key(owner: &str, repo: &str, n: u64) -> Key {
    (owner.into(), repo.into(), n)
}

/// acme/app#1–6 (twice, out of order) and a repository GitHub does not have.
fn wanted() -> Vec<Key> {
    let mut w: Vec<Key> = (1..=6).rev().map(|n| key("acme", "app", n)).collect();
    w.push(key("ghost", "none", 1));
    w.extend((1..=6).map(|n| key("acme", "app", n)));
    w
}

fn one_warning(diags: &[minutes::Diagnostic], says: &str) {
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert!(!diags[0].is_error());
    assert!(diags[0].message.contains(says), "{}", diags[0]);
}

/// A cache holding the first fetch of [`wanted`], made a day and more before [`NOW`].
fn cached(dir: &Path) {
    let fake = Fake::start(Mode::GitHub);
    let (got, _) = github::fetch(&wanted(), &fake.settings(dir), NOW - 2 * DAY);
    assert_eq!(got.len(), 5);
}

#[test]
fn titles_states_kinds_and_labels_come_back() {
    let dir = tempfile::tempdir().unwrap();
    let fake = Fake::start(Mode::GitHub);
    let (got, diags) = github::fetch(&wanted(), &fake.settings(dir.path()), NOW);
    let brief = |n| {
        let m: &Meta = &got[&key("acme", "app", n)];
        (m.title.as_str(), m.state, m.kind)
    };
    assert_eq!(brief(1), ("Crash on start", State::Open, Kind::Issue));
    assert_eq!(
        brief(2),
        ("Fix the crash", State::Merged, Kind::PullRequest)
    );
    assert_eq!(brief(3), ("New parser", State::Draft, Kind::PullRequest));
    assert_eq!(brief(4), ("Old bug", State::Closed, Kind::Issue));
    assert_eq!(brief(5), ("Roadmap ideas", State::Open, Kind::Discussion));
    assert_eq!(got[&key("acme", "app", 1)].labels, ["bug"]);
    assert_eq!(got[&key("acme", "app", 1)].fetched, NOW);
    assert_eq!(got.len(), 5, "acme/app#6 and ghost/none#1 do not exist");
    one_warning(&diags, "acme/app#6, ghost/none#1");
    // Issues and pull requests in one request; what was neither, once more as discussions.
    let queries = fake.queries();
    assert_eq!(queries.len(), 2, "{queries:#?}");
    assert!(queries[0].contains("r0:repository(owner:\"acme\",name:\"app\"){n1:"));
    assert!(queries[1].contains("n5:discussion") && queries[1].contains("n6:discussion"));
    assert!(
        !queries[1].contains("ghost"),
        "a repository GitHub has not is asked once"
    );
    let text = std::fs::read_to_string(dir.path().join(github::CACHE_PATH)).unwrap();
    assert!(text.contains("\"acme/app#1\""), "{text}");
}

#[test]
fn a_hundred_references_per_request_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let fake = Fake::start(Mode::GitHub);
    let wanted: Vec<Key> = (10..260).rev().map(|n| key("acme", "app", n)).collect();
    let (got, diags) = github::fetch(&wanted, &fake.settings(dir.path()), NOW);
    assert_eq!((got.len(), diags), (250, vec![]));
    let counts: Vec<usize> = fake
        .queries()
        .iter()
        .map(|q| q.matches("issueOrPullRequest(").count())
        .collect();
    assert_eq!(counts, [100, 100, 50]);
    assert!(fake.queries()[0].contains("{n10:issueOrPullRequest(number:10)"));
}

#[test]
fn a_second_fetch_asks_only_for_new_and_day_old_open_references() {
    let dir = tempfile::tempdir().unwrap();
    cached(dir.path());
    let before = std::fs::read(dir.path().join(github::CACHE_PATH)).unwrap();

    // Within the day: everything known, nothing asked, the file untouched.
    let fake = Fake::start(Mode::GitHub);
    let (got, diags) = github::fetch(&wanted(), &fake.settings(dir.path()), NOW - 2 * DAY + 60);
    assert_eq!((got.len(), diags.len(), fake.queries().len()), (5, 0, 0));
    assert_eq!(
        std::fs::read(dir.path().join(github::CACHE_PATH)).unwrap(),
        before
    );

    // A day later: the open issue, the draft, the open discussion and what GitHub did not
    // have are asked again; the merged and the closed ones are not. One new reference too.
    let mut w = wanted();
    w.push(key("acme", "app", 7));
    let (got, _) = github::fetch(&w, &fake.settings(dir.path()), NOW);
    let queries = fake.queries().join("\n");
    for n in [1, 3, 5, 6, 7] {
        assert!(
            queries.contains(&format!("n{n}:issueOrPullRequest")),
            "#{n}: {queries}"
        );
    }
    for n in [2, 4] {
        assert!(!queries.contains(&format!("n{n}:")), "#{n}: {queries}");
    }
    assert!(queries.contains("ghost"));
    assert_eq!(got[&key("acme", "app", 1)].fetched, NOW);
    assert_eq!(got[&key("acme", "app", 2)].fetched, NOW - 2 * DAY);
    assert_eq!(got[&key("acme", "app", 7)].title, "Issue 7");
}

/// A reference no note makes any more leaves the cache the next time it is written.
#[test]
fn the_cache_keeps_only_what_the_notes_still_reference() {
    let dir = tempfile::tempdir().unwrap();
    cached(dir.path());
    let text = || std::fs::read_to_string(dir.path().join(github::CACHE_PATH)).unwrap();
    assert!(text().contains("acme/app#2") && text().contains("ghost/none#1"));
    let fake = Fake::start(Mode::GitHub);
    let w = vec![key("acme", "app", 1), key("acme", "app", 7)];
    let (got, _) = github::fetch(&w, &fake.settings(dir.path()), NOW);
    assert_eq!(got.len(), 2);
    let after = text();
    assert!(
        after.contains("acme/app#1") && after.contains("acme/app#7"),
        "{after}"
    );
    for gone in ["acme/app#2", "acme/app#6", "ghost/none#1"] {
        assert!(!after.contains(gone), "{gone} still cached: {after}");
    }
}

/// Each failure: one warning however many requests it spoils, and the cache as it was.
fn failing(mode: Mode, says: &str, budget: Duration) -> (Vec<String>, Duration) {
    let dir = tempfile::tempdir().unwrap();
    cached(dir.path());
    let before = std::fs::read(dir.path().join(github::CACHE_PATH)).unwrap();
    let fake = Fake::start(mode);
    let settings = Settings {
        budget,
        ..fake.settings(dir.path())
    };
    // 150 new references: two requests' worth.
    let mut w = wanted();
    w.extend((100..250).map(|n| key("acme", "app", n)));
    let started = Instant::now();
    let (got, diags) = github::fetch(&w, &settings, NOW);
    let took = started.elapsed();
    one_warning(&diags, says);
    assert_eq!(got.len(), 5, "the cached entries are kept");
    assert_eq!(got[&key("acme", "app", 1)].fetched, NOW - 2 * DAY);
    assert_eq!(
        std::fs::read(dir.path().join(github::CACHE_PATH)).unwrap(),
        before
    );
    (fake.queries(), took)
}

#[test]
fn a_rate_limit_stops_the_fetch_with_one_warning() {
    let (queries, _) = failing(Mode::RateLimited, "rate limit", Duration::from_secs(20));
    assert_eq!(queries.len(), 1, "no request after the limit");
}

#[test]
fn a_server_error_is_one_warning() {
    let (queries, _) = failing(Mode::ServerError, "HTTP 500", Duration::from_secs(20));
    assert_eq!(queries.len(), 2, "the next batch is still tried");
}

#[test]
fn a_malformed_answer_is_one_warning() {
    let (queries, _) = failing(
        Mode::Malformed,
        "could not be read",
        Duration::from_secs(20),
    );
    assert_eq!(queries.len(), 2);
}

#[test]
fn a_server_that_never_answers_costs_the_budget_and_no_more() {
    let budget = Duration::from_secs(1);
    let (_, took) = failing(Mode::Silent, "no answer within the 1 s", budget);
    // Generous slack for a loaded machine; without the budget this would never return.
    assert!(took < budget + Duration::from_secs(10), "{took:?}");
}

#[test]
fn unreachable_is_one_warning() {
    // A port just freed: nothing listens there.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dir = tempfile::tempdir().unwrap();
    cached(dir.path());
    let settings = Settings {
        api_url: format!("http://127.0.0.1:{port}/graphql"),
        ..Fake::start(Mode::GitHub).settings(dir.path())
    };
    let (got, diags) = github::fetch(&wanted(), &settings, NOW);
    one_warning(&diags, "could not be reached");
    assert_eq!(got.len(), 5);
}

#[test]
fn no_token_or_fetch_off_sends_nothing_and_says_nothing() {
    let dir = tempfile::tempdir().unwrap();
    cached(dir.path());
    let fake = Fake::start(Mode::GitHub);
    for settings in [
        Settings {
            token: None,
            ..fake.settings(dir.path())
        },
        Settings {
            fetch: false,
            ..fake.settings(dir.path())
        },
    ] {
        let (got, diags) = github::fetch(&wanted(), &settings, NOW);
        assert_eq!((got.len(), diags), (5, vec![]), "the cache alone");
    }
    assert_eq!(fake.queries(), Vec::<String>::new());
    // No cache either: nothing at all, still no warning.
    let empty = tempfile::tempdir().unwrap();
    let settings = Settings {
        token: None,
        ..fake.settings(empty.path())
    };
    assert_eq!(
        github::fetch(&wanted(), &settings, NOW),
        (BTreeMap::new(), vec![])
    );
    assert!(!empty.path().join(".minutes-cache").exists());
}

#[test]
fn a_corrupt_cache_is_a_warning_and_is_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(github::CACHE_PATH);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, "{ not json").unwrap();
    let fake = Fake::start(Mode::GitHub);
    let w = [key("acme", "app", 4)];
    let (got, diags) = github::fetch(&w, &fake.settings(dir.path()), NOW);
    one_warning(&diags, "cache");
    assert_eq!(diags[0].path, github::CACHE_PATH);
    assert_eq!(got[&w[0]].title, "Old bug");
    let (_, diags) = github::fetch(&w, &fake.settings(dir.path()), NOW);
    assert_eq!((diags, fake.queries().len()), (vec![], 1));
}

/// The whole build with a token and the fake endpoint: GitHub's title is the issue page's
/// heading (over the notes' wording), its state a badge there, in the repository's list
/// and in the note's "Referenced" panel; the answers land in the archive's cache.
#[test]
fn a_build_with_a_token_shows_titles_and_states_on_the_pages() {
    let fake = Fake::start(Mode::GitHub);
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(
        root.join("minutes.toml"),
        format!(
            "repo = \"acme/app\"\n[github]\napi_url = \"{}\"\n",
            fake.url
        ),
    )
    .unwrap();
    std::fs::create_dir_all(root.join("notes")).unwrap();
    std::fs::write(
        root.join("notes/2024-01-01-sync.md"),
        "# Sync\n\n- #1: the notes' own wording\n- #2 and #4 went in\n",
    )
    .unwrap();
    let out = root.join("site");
    let report = minutes::build::run(&minutes::build::Options {
        root: root.to_path_buf(),
        output: Some(out.clone()),
        github_token: Some("t0ken".into()),
        ..Default::default()
    })
    .expect("builds");
    assert!(!report.has_errors(), "{:?}", report.diagnostics);
    let page = |p: &str| std::fs::read_to_string(out.join(p)).unwrap();
    let issue = page("refs/acme/app/1.html");
    assert!(
        issue.contains("<h1 class=\"ref-heading\">Crash on start</h1>"),
        "{issue}"
    );
    assert!(issue.contains("<span class=\"state state-open\">open</span>"));
    assert!(issue.contains("<span class=\"gh-label\">bug</span>"));
    assert!(page("refs/acme/app/2.html").contains("state-merged"));
    assert!(page("refs/acme/app/index.html").contains("state-closed"));
    let note = page("notes/2024-01-01-sync/index.html");
    assert!(
        note.contains("<span class=\"ref-name\">Fix the crash</span>"),
        "{note}"
    );
    assert_eq!(fake.queries().len(), 1);
    assert!(root.join(github::CACHE_PATH).is_file());

    // Without a token the cache still names them, and nothing is asked.
    let again = minutes::build::run(&minutes::build::Options {
        root: root.to_path_buf(),
        output: Some(out.clone()),
        ..Default::default()
    })
    .expect("builds");
    assert!(!again.has_errors());
    assert!(page("refs/acme/app/1.html").contains("Crash on start"));
    assert_eq!(fake.queries().len(), 1);
}
