use super::format::fragment_json;
use super::index::{self, js_cmp};
use super::tokenize::split_word;
use super::*;
use crate::markdown::Section;
use crate::model::Attendee;
use chrono::NaiveDate;
use unicode_segmentation::UnicodeSegmentation;

fn section(id: Option<&str>, heading: &str, text: &str) -> Section {
    Section {
        id: id.map(str::to_string),
        heading: heading.into(),
        text: text.into(),
        links: Vec::new(),
    }
}

fn terms(text: &str, repo: Option<&str>) -> Vec<String> {
    let mut v = Vec::new();
    specials(text, repo, |_, _, t| v.push(t));
    v
}

#[test]
fn folding_drops_accents_and_case() {
    assert_eq!(
        fold("Ünïcödé ÉTÉ Straße Ærø ﬁne"),
        "unicode ete strasse aero fine"
    );
    assert_eq!(fold("ΟΔΟΣ don’t"), "οδοσ don't");
}

#[test]
fn words_split_inside_punctuation_but_keep_numbers() {
    let w: Vec<&str> =
        words("jacob's foo:bar github.com v1.2.3 3.14 1,000 go-ipfs transport_peer e.g.")
            .collect();
    assert_eq!(
        w,
        [
            "jacob",
            "s",
            "foo",
            "bar",
            "github",
            "com",
            "v1.2.3",
            "3.14",
            "1,000",
            "go",
            "ipfs",
            "transport_peer",
            "e",
            "g"
        ]
    );
}

#[test]
fn ascii_words_agree_with_unicode_segmentation() {
    // Every string over a small alphabet of the characters where the rules differ.
    let alphabet: Vec<char> = "a1_.,:;' -#@/\né→日·\u{200d}".chars().collect();
    let mut seed: u64 = 7;
    for _ in 0..40_000 {
        let mut s = String::new();
        for _ in 0..(seed % 11) {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            s.push(alphabet[(seed >> 33) as usize % alphabet.len()]);
        }
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let fast: Vec<&str> = words(&s).collect();
        let uax: Vec<&str> = s.unicode_words().flat_map(split_word).collect();
        assert_eq!(fast, uax, "{s:?}");
    }
}

#[test]
fn references_in_every_form_share_terms() {
    assert_eq!(
        terms("see https://github.com/pokt-network/pocket/pull/450.", None),
        ["#450", "pocket#450", "pokt-network/pocket#450"]
    );
    assert_eq!(
        terms("(pokt-network/pocket#450)", None),
        ["#450", "pocket#450", "pokt-network/pocket#450"]
    );
    assert_eq!(
        terms("js-ipfs#123 and #7", None),
        ["#123", "js-ipfs#123", "#7"]
    );
    assert_eq!(
        terms("bare #450", Some("Pokt-Network/Pocket")),
        ["#450", "pocket#450", "pokt-network/pocket#450"]
    );
    assert_eq!(
        terms("pocket#450", Some("pokt-network/pocket")),
        ["#450", "pocket#450", "pokt-network/pocket#450"]
    );
    assert!(terms(
        "C# and #0 and #12abc and https://github.com/o/r/blob/1",
        None
    )
    .is_empty());
    for q in [
        "https://github.com/pokt-network/pocket/issues/450",
        "pokt-network/pocket#450",
        "Pokt-Network/Pocket#0450,",
    ] {
        assert_eq!(
            special_term(q).as_deref(),
            Some("pokt-network/pocket#450"),
            "{q}"
        );
    }
    assert_eq!(special_term("pocket#450").as_deref(), Some("pocket#450"));
    assert_eq!(special_term("#450").as_deref(), Some("#450"));
    assert_eq!(special_term("GH-450").as_deref(), Some("#450"));
    assert_eq!(special_term("a#b"), None);
}

#[test]
fn handles_and_dates() {
    assert_eq!(
        terms(
            "@JacobHeun, mail a@b.org; @org/team @- 2018-08-13 20180-08-13 2018-13-01",
            None
        ),
        ["@jacobheun", "@org", "2018-08-13", "2018-08"]
    );
    assert_eq!(special_term("@JacobHeun").as_deref(), Some("@jacobheun"));
    assert_eq!(special_term("2018-08-13").as_deref(), Some("2018-08-13"));
    assert_eq!(special_term("2018-08").as_deref(), Some("2018-08"));
    assert_eq!(special_term("2018-13"), None);
    assert_eq!(special_term("discussed"), None);
}

#[test]
fn query_parsing() {
    let p = parse("Discussed \"peer routing\" #450 discu", true);
    let items: Vec<(&str, bool)> = p
        .items
        .iter()
        .map(|i| (i.term.as_str(), i.prefix))
        .collect();
    assert_eq!(
        items,
        [
            ("discussed", false),
            ("peer", false),
            ("routing", false),
            ("#450", false),
            ("discu", true)
        ]
    );
    assert_eq!(p.phrases, [vec!["peer".to_string(), "routing".to_string()]]);
    assert!(!parse("discu ", true).items[0].prefix);
    assert!(!parse("discu", false).items[0].prefix);
    assert!(!parse("di", true).items[0].prefix);
    assert!(parse("dis", true).items[0].prefix);
    assert!(parse("@jacob", true).items[0].prefix);
}

fn fixture() -> (Vec<Section>, Vec<Section>, Vec<Section>, Vec<Attendee>) {
    let a = vec![
        section(None, "", "Intro."),
        section(
            Some("dht"),
            "DHT",
            "We discussed the peer routing table and pocket#450.",
        ),
    ];
    let b = vec![section(
        None,
        "",
        "Peer discussion about routing; the table of peers.",
    )];
    let c = vec![section(
        None,
        "",
        "Unrelated words about nothing at all, many many words here.",
    )];
    let people = vec![Attendee {
        id: "jacobheun".into(),
        name: "Jacob Heun".into(),
        handle: Some("jacobheun".into()),
        roles: vec![],
        note: None,
    }];
    (a, b, c, people)
}

fn index<'a>(
    a: &'a [Section],
    b: &'a [Section],
    c: &'a [Section],
    people: &'a [Attendee],
    topics: &'a [String],
) -> Vec<Doc<'a>> {
    vec![
        Doc {
            url: "a/",
            title: "Sync call",
            title_extra: None,
            summary: None,
            team: Some(("libp2p", "libp2p")),
            date: NaiveDate::from_ymd_opt(2018, 8, 13),
            topics,
            attendees: people,
            repo: None,
            sections: Sections::Plain(a),
            ..Default::default()
        },
        Doc {
            url: "b/",
            title: "Other call",
            title_extra: None,
            summary: None,
            team: Some(("core", "Core sync")),
            date: NaiveDate::from_ymd_opt(2018, 7, 2),
            topics: &[],
            attendees: &[],
            repo: Some("pokt-network/pocket"),
            sections: Sections::Plain(b),
            ..Default::default()
        },
        Doc {
            url: "c/",
            title: "Third",
            title_extra: None,
            summary: None,
            team: None,
            date: None,
            topics: &[],
            attendees: &[],
            repo: None,
            sections: Sections::Plain(c),
            ..Default::default()
        },
    ]
}

fn searcher(files: &Files) -> Searcher<impl Fn(&str) -> Option<Vec<u8>> + '_> {
    Searcher::new(move |p: &str| {
        files
            .files
            .iter()
            .find(|(q, _)| q == p)
            .map(|(_, b)| b.clone())
    })
    .unwrap()
}

fn urls(
    s: &Searcher<impl Fn(&str) -> Option<Vec<u8>>>,
    q: &str,
    opts: &Options,
) -> Vec<String> {
    s.search(q, opts)
        .unwrap()
        .into_iter()
        .map(|h| h.url)
        .collect()
}

#[test]
fn search_end_to_end() {
    let (a, b, c, people) = fixture();
    let topics = vec!["peer-routing".to_string()];
    let docs = index(&a, &b, &c, &people, &topics);
    let files = build(&docs, "en", &[]);
    let s = searcher(&files);
    let typing = Options {
        typing: true,
        limit: 10,
        ..Options::default()
    };
    let done = Options {
        limit: 10,
        ..Options::default()
    };
    let mut found = urls(&s, "discu", &typing);
    found.sort();
    assert_eq!(found, ["a/", "b/"]);
    assert!(urls(&s, "discu", &done).is_empty());
    assert_eq!(urls(&s, "peer routing", &done), ["a/", "b/"]);
    assert_eq!(urls(&s, "\"peer routing\"", &done), ["a/"]);
    assert_eq!(urls(&s, "@jacobheun", &done), ["a/"]);
    assert_eq!(urls(&s, "jacob heun", &done), ["a/"]);
    assert_eq!(urls(&s, "pokt-network/pocket#450", &done), ["a/"]);
    assert_eq!(urls(&s, "#450", &done), ["a/"]);
    assert_eq!(urls(&s, "2018-08-13", &done), ["a/"]);
    assert_eq!(urls(&s, "August 2018", &done), ["a/"]);
    assert_eq!(urls(&s, "2018", &done).len(), 2);
    assert!(urls(&s, "routing nothing", &done).is_empty());
    let hits = s.search("pocket#450", &done).unwrap();
    assert_eq!(hits[0].section.as_deref(), Some("dht"));
    let by_team = Options {
        filters: vec![("team".into(), vec!["core".into()])],
        ..done.clone()
    };
    assert_eq!(urls(&s, "peer", &by_team), ["b/"]);
    let by_date = Options {
        sort: Sort::Date,
        ..done.clone()
    };
    assert_eq!(urls(&s, "table", &by_date), ["a/", "b/"]);
}

#[test]
fn output_is_deterministic_and_chunks_are_sorted() {
    let (a, b, c, people) = fixture();
    let docs = index(&a, &b, &c, &people, &[]);
    let one = build(&docs, "en", &[]);
    let two = build(&docs, "en", &[]);
    assert_eq!(one.files, two.files);
    assert_eq!(one.hash, two.hash);
    let paths: Vec<&str> = one.files.iter().map(|(p, _)| p.as_str()).collect();
    assert!(paths.contains(&"search/meta.json"));
    assert!(paths.contains(&"search/docs/2.json"));
    assert!(paths.contains(&"search/filters/person.json"));
    let s = searcher(&one);
    let c = s.chunk(0).unwrap();
    assert!(c.t.windows(2).all(|w| js_cmp(&w[0], &w[1]).is_lt()));
}

#[test]
fn fragments_and_chunks_are_the_json_serde_would_write() {
    let (a, b, c, people) = fixture();
    let mut b = b;
    b[0].links = vec!["https://github.com/o/r/issues/3".into(), "#9".into()];
    b[0].text
        .push_str(" \"quoted\"\ttab \\ and a control \u{1}");
    let docs = index(&a, &b, &c, &people, &[]);
    for d in &docs {
        let bytes = fragment_json(d);
        let f: Fragment = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(serde_json::to_vec(&f).unwrap(), bytes);
    }
    let f: Fragment = serde_json::from_slice(&fragment_json(&docs[1])).unwrap();
    assert_eq!(
        f.s[0].3,
        [
            "#3",
            "#9",
            "o/r#3",
            "pocket#9",
            "pokt-network/pocket#9",
            "r#3"
        ]
    );
    let files = build(&docs, "en", &[]);
    for (path, bytes) in &files.files {
        if path.contains("/index/") {
            let c: Chunk = serde_json::from_slice(bytes).unwrap();
            assert_eq!(&serde_json::to_vec(&c).unwrap(), bytes);
        }
    }
    // Chunks are cut by the sizes `entry_len` counts: each file is exactly its entries.
    let inverted = index::Inverted::build(&docs, &stem::Stem::for_language("en"));
    let meta: Meta = serde_json::from_slice(&files.files.last().unwrap().1).unwrap();
    let mut r = 0;
    for n in 0..meta.chunks.len() {
        let path = format!("search/index/{n}.json");
        let bytes = &files.files.iter().find(|(p, _)| *p == path).unwrap().1;
        let c: Chunk = serde_json::from_slice(bytes).unwrap();
        let entries: usize = (r..r + c.t.len()).map(|k| inverted.entry_len(k)).sum();
        assert_eq!(bytes.len(), 13 + entries + 2 * c.t.len(), "{path}");
        r += c.t.len();
    }
    assert_eq!(r, inverted.terms.len());
}

#[test]
fn writing_as_made_gives_the_files_built_in_memory() {
    let (a, b, c, people) = fixture();
    let docs = index(&a, &b, &c, &people, &[]);
    let files = build(&docs, "en", &[]);
    let written = std::sync::Mutex::new(Vec::new());
    let w = build_with(&docs, "en", &[], |p, bytes| {
        written.lock().unwrap().push((p.to_string(), bytes));
        Ok::<(), ()>(())
    })
    .unwrap();
    let mut written = written.into_inner().unwrap();
    assert_eq!(written.last().unwrap().0, "search/meta.json");
    written.sort();
    let mut all = files.files.clone();
    all.sort();
    assert_eq!(written, all);
    assert_eq!((w.files, w.hash), (files.files.len(), files.hash));
    // An error stops the build and comes back.
    assert_eq!(
        build_with(&docs, "en", &[], |_, _| Err("disk full")).unwrap_err(),
        "disk full"
    );
}

#[test]
fn a_titles_extra_and_the_summary_are_shown_but_never_searched() {
    let (a, b, c, people) = fixture();
    let plain = index(&a, &b, &c, &people, &[]);
    let mut extra = plain.clone();
    extra[1].title_extra = Some("Zanzibar, Mon 2 Jul 2018");
    extra[1].summary = Some("Quagga herds");
    let (without, with) = (build(&plain, "en", &[]), build(&extra, "en", &[]));
    let fragment = |files: &Files| {
        let (_, bytes) = files.files.iter().find(|(p, _)| p == "search/docs/1.json").unwrap();
        String::from_utf8(bytes.clone()).unwrap()
    };
    assert!(fragment(&with).contains(r#""title_extra":"Zanzibar, Mon 2 Jul 2018""#));
    assert!(!fragment(&without).contains("title_extra"));
    // Every file but the fragment (and the index's hash, which names them all) is the same.
    let others = |files: &Files| -> Vec<(String, Vec<u8>)> {
        files
            .files
            .iter()
            .filter(|(p, _)| p != "search/docs/1.json" && p != "search/meta.json")
            .cloned()
            .collect()
    };
    assert_eq!(others(&without), others(&with));
    assert!(fragment(&with).contains(r#""summary":"Quagga herds""#));
    assert!(urls(&searcher(&with), "zanzibar", &Options::default()).is_empty());
    assert!(urls(&searcher(&with), "quagga", &Options::default()).is_empty());
}

#[test]
fn decision_action_and_assignee_in_a_query_ask_for_a_kind_of_result() {
    let p = parse("decision: handshake", false);
    assert_eq!(p.kinds, [Kind::Decision]);
    assert_eq!(p.items, [Item::new("handshake".into())]);
    assert_eq!(parse("Decisions:handshake", false), p);
    let p = parse("actions: assignee:@Ann draft", true);
    assert_eq!(p.kinds, [Kind::Action]);
    let terms: Vec<&str> = p.items.iter().map(|i| i.term.as_str()).collect();
    assert_eq!(terms, ["assignee:@ann", "draft"]);
    // `assignee: @ann` (a space after the colon) names the same person; the name being
    // typed completes as a prefix.
    let p = parse("assignee: @ann", true);
    assert_eq!(p.items.len(), 1);
    assert_eq!((p.items[0].term.as_str(), p.items[0].prefix), ("assignee:@ann", true));
    assert_eq!(parse("assigned:ann", false).items[0].term, "assignee:@ann");
    // Not operators: inside quotes, other words with a colon, a bare colon.
    assert!(parse("\"decision: handshake\"", false).kinds.is_empty());
    let p = parse("foo:bar todo: x", false);
    assert!(p.kinds.is_empty());
    assert_eq!(p.items.len(), 4);
    // Both kinds at once.
    assert_eq!(parse("decision: action: x", false).kinds, [Kind::Decision, Kind::Action]);
}

/// Two notes, a decision of the first and an action item of the second, kind by kind.
fn with_items<'a>(
    notes: Vec<Doc<'a>>,
    decision: &'a [Section],
    action: &'a [Section],
    who: &'a [String],
    keys: &'a [String],
) -> Vec<Doc<'a>> {
    let mut docs = notes;
    docs.push(Doc {
        kind: Kind::Decision,
        url: "a/",
        title: "Sync call",
        team: Some(("libp2p", "libp2p")),
        sections: Sections::Plain(decision),
        ..Default::default()
    });
    docs.push(Doc {
        kind: Kind::Action,
        url: "b/",
        title: "Other call",
        state: Some("open"),
        who,
        keys,
        sections: Sections::Plain(action),
        note: 1,
        ..Default::default()
    });
    docs
}

#[test]
fn decisions_and_action_items_are_results_of_their_own_kind() {
    let (a, b, c, people) = fixture();
    let topics = vec!["peer-routing".to_string()];
    let decision = vec![section(Some("dec-1"), "DHT", "We will ship the routing table in March.")];
    let action = vec![section(Some("act-1"), "", "Write the routing spec draft.")];
    let who = vec!["@ann".to_string()];
    let keys = vec!["assignee:@ann".to_string(), "assignee:@ann-smith".to_string()];
    let plain = build(&index(&a, &b, &c, &people, &topics), "en", &[]);
    let docs = with_items(index(&a, &b, &c, &people, &topics), &decision, &action, &who, &keys);
    let files = build(&docs, "en", &[]);
    let s = searcher(&files);
    assert_eq!((s.meta.docs, s.meta.notes, s.meta.decisions, s.meta.actions), (5, 3, 1, 1));
    let opts = Options { limit: 10, ..Options::default() };
    let kinds = |q: &str| -> Vec<(u32, Kind)> {
        s.search(q, &opts).unwrap().iter().map(|h| (h.doc, h.kind)).collect()
    };
    // Plain words find every kind; the query syntax keeps one.
    assert!(kinds("routing").contains(&(3, Kind::Decision)));
    assert!(kinds("routing").contains(&(4, Kind::Action)));
    assert_eq!(kinds("decision: routing"), [(3, Kind::Decision)]);
    assert_eq!(kinds("action: routing"), [(4, Kind::Action)]);
    assert_eq!(kinds("assignee:@ann"), [(4, Kind::Action)]);
    assert_eq!(kinds("assignee:ann-smith spec"), [(4, Kind::Action)]);
    assert!(kinds("assignee:@bob").is_empty());
    // A kind alone lists every result of that kind.
    assert_eq!(kinds("decision:"), [(3, Kind::Decision)]);
    assert_eq!(kinds("decisions: actions:"), [(3, Kind::Decision), (4, Kind::Action)]);
    // An item's meeting title is shown, never searched: "other" finds the meeting only.
    assert_eq!(kinds("other"), [(1, Kind::Meeting)]);
    // The search page's "Kind" filter.
    let meetings = Options { kinds: vec![Kind::Meeting], ..opts.clone() };
    let hits = s.search("routing", &meetings).unwrap();
    assert!(hits.iter().all(|h| h.kind == Kind::Meeting) && !hits.is_empty());
    // The meetings rank and score as they did without the items (idf counts notes; each
    // kind is length-normalised against its own).
    let before = searcher(&plain);
    for q in ["routing", "peer routing table", "discussed", "2018"] {
        let was: Vec<(u32, f64)> =
            before.search(q, &opts).unwrap().iter().map(|h| (h.doc, h.score)).collect();
        let now: Vec<(u32, f64)> =
            s.search(q, &meetings).unwrap().iter().map(|h| (h.doc, h.score)).collect();
        assert_eq!(was, now, "{q}");
    }
    // Newest first, an item with its meeting.
    let by_date = Options { sort: Sort::Date, ..opts.clone() };
    let order: Vec<u32> = s.search("routing", &by_date).unwrap().iter().map(|h| h.doc).collect();
    assert_eq!(order, [0, 3, 1, 4]);
    // The fragment says what the result is.
    let f = s.fragment(4).unwrap();
    assert_eq!(f.kind.as_deref(), Some("action"));
    assert_eq!(f.state.as_deref(), Some("open"));
    assert_eq!(f.who, ["@ann"]);
    assert!(s.fragment(0).unwrap().kind.is_none());
}

#[test]
#[should_panic(expected = "kind by kind")]
fn documents_out_of_kind_order_are_refused() {
    let (a, b, c, people) = fixture();
    let decision = vec![section(Some("dec-1"), "", "x")];
    let mut docs = with_items(index(&a, &b, &c, &people, &[]), &decision, &decision, &[], &[]);
    docs.swap(0, 3);
    build(&docs, "en", &[]);
}
