//! What `tests/fuzz.rs` (a few cases on every `cargo test`) and `examples/fuzz.rs` (for as
//! many minutes as asked) share: the inputs (random Markdown-ish text, and real notes
//! mutated), the stages they feed, and the properties each stage keeps on any input.
//!
//! Notes are untrusted input (issue 13): whatever a pull request puts in a note, every
//! stage must return, in time, with its diagnostics inside the file.
#![allow(dead_code)]

use minutes::config::Config;
use minutes::diag::Diagnostic;
use minutes::highlight::Highlighter;
use minutes::infer::{self, dates};
use minutes::markdown::{self, LinkOptions, RefOptions};
use minutes::model::SourceFile;
use minutes::{archive, frontmatter, links, load, refs, repair, search};
use proptest::prelude::*;
use proptest::sample::Index;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

/// Pieces that mean something to some stage: front-matter fences, headings, references,
/// HTML, links, code, dates, line ends, and characters that are more than one byte.
pub const TOKENS: &[&str] = &[
    "---\n",
    "---",
    "+++\n",
    "{\n",
    "}\n",
    "\"",
    ": ",
    "\n",
    "\r\n",
    "\r",
    "\n\n",
    "  ",
    "\t",
    "#",
    "# ",
    "\n## ",
    "###### ",
    "@",
    "@user",
    "@org/team",
    "#12",
    "o/r#3",
    "rust#95953",
    "GH-4",
    "a5c3785",
    "a5c3785ed8d6a35868bc169f07e40e889087fd2e",
    "https://github.com/o/r/issues/1",
    "https://github.com/o/r/pull/2#issuecomment-3",
    "<",
    ">",
    "<div>",
    "</div>",
    "<!--",
    "-->",
    "<script>",
    "<a href=\"x\">",
    "&amp;",
    "&#",
    "[",
    "]",
    "(",
    ")",
    "![",
    "](",
    "[^1]",
    "[^1]: ",
    "`",
    "```",
    "```rust\n",
    "~~~",
    "*",
    "**",
    "_",
    "~~",
    "|",
    "|---|",
    "- ",
    "- [ ] ",
    "1. ",
    "> ",
    "\\",
    "2020-01-02",
    "January 24th, 2023",
    "8th October 2024",
    "2020/3/12",
    "24.01.2023",
    "Next meeting: 2021-05-06",
    "**Date**: ",
    "Attendees:",
    "title: ",
    "date: ",
    "tags: [",
    "é",
    "\u{feff}",
    "\u{200b}",
    "\u{0}",
    "🦀",
    "Ã©",
];

/// Random text made of `TOKENS` and any characters, up to `max` pieces.
pub fn random_text(max: usize) -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => prop::sample::select(TOKENS).prop_map(str::to_string),
        1 => any::<char>().prop_map(String::from),
        2 => "[a-zA-Z0-9 .,]{1,12}",
    ];
    prop::collection::vec(piece, 0..max).prop_map(|v| v.concat())
}

/// One change to a note's bytes.
#[derive(Debug, Clone)]
pub enum Mutation {
    /// Flips one bit: a byte flip can make invalid UTF-8, which the loader reads as
    /// Windows-1252.
    Flip(Index, u8),
    /// Inserts a token, at a line start or anywhere.
    Insert(Index, &'static str, bool),
    /// Copies a piece of another note in.
    Splice(Index, Index, Index, usize),
    /// Repeats a piece of the note in place.
    Repeat(Index, usize, usize),
    /// Cuts a piece out.
    Delete(Index, usize),
}

/// How large the generated inputs get: the test keeps them small, the example lets
/// repeated chunks grow a note to hundreds of kilobytes (where slow paths show).
#[derive(Debug, Clone, Copy)]
pub struct Scale {
    pub mutations: usize,
    pub max_repeat: usize,
    pub max_notes: usize,
}

pub const TEST_SCALE: Scale = Scale {
    mutations: 8,
    max_repeat: 20,
    max_notes: 2,
};

pub const FUZZ_SCALE: Scale = Scale {
    mutations: 24,
    max_repeat: 400,
    max_notes: 8,
};

fn mutation(scale: Scale) -> impl Strategy<Value = Mutation> {
    prop_oneof![
        3 => (any::<Index>(), 0u8..8).prop_map(|(i, b)| Mutation::Flip(i, b)),
        4 => (any::<Index>(), prop::sample::select(TOKENS), any::<bool>())
            .prop_map(|(i, t, l)| Mutation::Insert(i, t, l)),
        2 => (any::<Index>(), any::<Index>(), any::<Index>(), 1usize..400)
            .prop_map(|(at, note, from, len)| Mutation::Splice(at, note, from, len)),
        2 => (any::<Index>(), 1usize..80, 2..scale.max_repeat.max(3))
            .prop_map(|(at, len, times)| Mutation::Repeat(at, len, times)),
        1 => (any::<Index>(), 1usize..200).prop_map(|(at, len)| Mutation::Delete(at, len)),
    ]
}

/// A real note (or several, concatenated), then mutations: what a careless or hostile
/// edit of a real archive looks like.
#[derive(Debug, Clone)]
pub struct Mutated {
    pub notes: Vec<Index>,
    pub mutations: Vec<Mutation>,
}

impl Mutated {
    /// The note's name (of its first real note) and its bytes.
    pub fn apply(&self, corpus: &[Note]) -> (String, Vec<u8>) {
        let first = &corpus[self.notes[0].index(corpus.len())];
        let mut bytes: Vec<u8> = Vec::new();
        for n in &self.notes {
            bytes.extend_from_slice(&corpus[n.index(corpus.len())].bytes);
        }
        for m in &self.mutations {
            apply(&mut bytes, m, corpus);
        }
        (first.rel.clone(), bytes)
    }
}

fn apply(bytes: &mut Vec<u8>, m: &Mutation, corpus: &[Note]) {
    let at = |i: &Index, len: usize| i.index(len + 1);
    match m {
        Mutation::Flip(i, bit) => {
            if !bytes.is_empty() {
                let p = i.index(bytes.len());
                bytes[p] ^= 1 << bit;
            }
        }
        Mutation::Insert(i, token, line_start) => {
            let mut p = at(i, bytes.len());
            if *line_start {
                p = bytes[..p]
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |n| n + 1);
            }
            bytes.splice(p..p, token.bytes());
        }
        Mutation::Splice(i, note, from, len) => {
            let other = &corpus[note.index(corpus.len())].bytes;
            let start = at(from, other.len());
            let end = (start + len).min(other.len());
            let p = at(i, bytes.len());
            bytes.splice(p..p, other[start..end].iter().copied());
        }
        Mutation::Repeat(i, len, times) => {
            let start = at(i, bytes.len());
            let end = (start + len).min(bytes.len());
            let chunk = bytes[start..end].to_vec();
            let copies: Vec<u8> = chunk.repeat(times - 1);
            bytes.splice(end..end, copies);
        }
        Mutation::Delete(i, len) => {
            let start = at(i, bytes.len());
            let end = (start + len).min(bytes.len());
            bytes.drain(start..end);
        }
    }
}

pub fn mutated(scale: Scale) -> impl Strategy<Value = Mutated> {
    (
        prop::collection::vec(any::<Index>(), 1..=scale.max_notes),
        prop::collection::vec(mutation(scale), 0..=scale.mutations),
    )
        .prop_map(|(notes, mutations)| Mutated { notes, mutations })
}

/// One note of a real archive.
#[derive(Debug)]
pub struct Note {
    /// Path relative to its archive's content, with the archive's name in front.
    pub rel: String,
    pub bytes: Vec<u8>,
}

/// `../shared` (or `$MINUTES_SHARED`): the real archives. Missing, the fuzz run fails (it
/// must not quietly fuzz nothing but random text).
pub fn shared() -> PathBuf {
    let dir = std::env::var_os("MINUTES_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    assert!(
        dir.join("corpus/real").is_dir(),
        "the shared corpora are missing: expected {}/corpus/real (set MINUTES_SHARED)",
        dir.display()
    );
    dir
}

/// Every note of the real archives and of this repository's example `content/`, sorted
/// by path so that a seed names the same inputs on every machine.
pub static CORPUS: LazyLock<Vec<Note>> = LazyLock::new(|| {
    let roots = [
        shared().join("corpus/real"),
        Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
    ];
    let mut notes = Vec::new();
    for root in &roots {
        for entry in walkdir::WalkDir::new(root)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
        {
            let path = entry.path();
            let is_note = matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("md" | "markdown" | "txt")
            );
            if entry.file_type().is_file() && is_note {
                notes.push(Note {
                    rel: load::relative(root, path),
                    bytes: std::fs::read(path).expect("a corpus note reads"),
                });
            }
        }
    }
    assert!(notes.len() > 100, "only {} corpus notes", notes.len());
    notes
});

/// A config that turns every stage on: a site repository (so bare SHAs and `#N` link),
/// owners for `repo#N`, a team by glob, a topic vocabulary, drafts kept.
pub const CONFIG: &str = r#"
title = "Fuzz"
repo = "ipfs/team-mgmt"
drafts = true

[github]
owners = { rust = "rust-lang", pocket = "pokt-network" }
ignore_users = ["rfcbot"]

[teams.lang]
paths = ["rust-lang__lang-team/**"]
repo = "rust-lang/lang-team"
aliases = ["t-lang"]

[topics]
p2p = ["libp2p", "peer discovery", "dht"]
"#;

/// What every case shares: the config, what is settled from it, and the highlighter
/// (its syntaxes take a few hundred milliseconds to load).
pub struct World {
    pub config: Config,
    pub settings: refs::Settings,
    pub highlighter: Highlighter,
}

pub static WORLD: LazyLock<World> = LazyLock::new(|| {
    let config = Config::parse(CONFIG, "minutes.toml").expect("the fuzz config parses");
    World {
        settings: refs::Settings::new(&config),
        highlighter: Highlighter::new(),
        config,
    }
});

/// Fails (panics) unless every diagnostic names `path` at a line of `text` (or the one
/// after its last newline) and a column of that line.
pub fn assert_inside(diags: &[Diagnostic], path: &str, text: &str) {
    let lines = text.split('\n').count() as u32;
    for d in diags {
        assert_eq!(d.path, path, "{d}");
        assert!(
            d.line >= 1 && d.line <= lines,
            "{d}: the file has {lines} lines"
        );
        assert!(d.col >= 1, "{d}");
    }
}

/// The front-matter splitter's properties: the body starts on a character boundary inside
/// the text, and an error points at a line of the file.
pub fn check_split(text: &str) {
    let split = frontmatter::split(text, "n.md");
    assert!(split.body_offset <= text.len());
    assert!(text.is_char_boundary(split.body_offset));
    assert_inside(split.error.as_slice(), "n.md", text);
}

/// The date parser's properties, line by line as `infer` calls it and on the whole text:
/// a date starts on a character boundary inside the text, and `may_hold_date` (the cheap
/// pre-test) never rules out a line that has one.
pub fn check_dates(text: &str) {
    for line in text.lines().chain([text]) {
        for hint in [None, Some(2021)] {
            let found = dates::find(line, hint);
            if let Some(f) = &found {
                assert!(f.start < line.len() && line.is_char_boundary(f.start));
                assert!(dates::may_hold_date(line, hint));
            }
            let _ = dates::labelled(line);
            let _ = dates::is_other_meeting_line(line);
        }
    }
    let _ = dates::from_path(text);
}

/// The reference scanner's properties: references in order, never overlapping, on
/// character boundaries; none where the cheap pre-test says there can be none.
pub fn check_refs(text: &str) {
    let settings = &WORLD.settings;
    for (repo, in_heading) in [(None, false), (Some(("ipfs", "team-mgmt")), false)]
        .into_iter()
        .chain([(Some(("o", "r")), true)])
    {
        let cx = refs::RefContext {
            settings,
            repo,
            in_heading,
        };
        let found = refs::find(text, &cx);
        let mut end = 0;
        for f in &found {
            assert!(
                f.start >= end && f.start < f.end && f.end <= text.len(),
                "{f:?}"
            );
            assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end));
            end = f.end;
        }
        if !refs::may_contain_ref(text, &cx) {
            assert!(found.is_empty(), "{found:?}");
        }
    }
}

/// What one note became: enough to see that every stage ran.
#[derive(Debug)]
pub struct Outcome {
    pub html_bytes: usize,
    pub search_files: usize,
    pub search_bytes: usize,
    pub diagnostics: Vec<Diagnostic>,
}

/// One note through every stage `build` runs on it, in memory: decode and repair (as
/// `load` does), split the front matter, infer, index, find its links, render the
/// Markdown (highlighting, references, link rewriting) and index it for search.
pub fn pipeline(rel: &str, bytes: &[u8]) -> Outcome {
    let world = &*WORLD;
    let source = format!("content/{rel}");
    let (text, _) = load::decode(bytes.to_vec());
    let text = repair::repair(&text).map_or(text, |(fixed, _)| fixed);
    let split = frontmatter::split(&text, &source);
    let mut diagnostics: Vec<Diagnostic> = split.error.into_iter().collect();
    let file = SourceFile {
        source: source.clone(),
        rel: rel.to_string(),
        front_matter: split.front_matter,
        body_offset: split.body_offset,
        text,
    };
    let (cx, config_diags) = infer::Context::new(&world.config);
    assert!(config_diags.is_empty(), "{config_diags:?}");
    let (note, diags) = infer::infer(&file, &cx);
    diagnostics.extend(diags);
    assert_inside(&diagnostics, &source, &file.text);

    let (mut archive, archive_diags) = archive::build(vec![note], &world.config);
    assert!(archive_diags.is_empty(), "{archive_diags:?}");
    assert_eq!(archive.notes.len(), 1, "the note has a page");
    let body = std::mem::take(&mut archive.notes[0].body);
    let local = links::local_links(&body);
    let rewriter = links::Rewriter {
        base_path: "/",
        notes: HashMap::from([(archive.notes[0].source.as_str(), archive.urls[0].as_str())]),
        files: HashMap::new(),
    };
    let people: HashMap<String, String> = archive.notes[0]
        .attendees
        .iter()
        .filter_map(|a| a.handle.as_ref())
        .map(|h| (h.to_lowercase(), format!("/people/{h}/")))
        .collect();
    let opts = markdown::Options {
        highlighter: &world.highlighter,
        refs: Some(RefOptions {
            settings: &world.settings,
            repo: archive.notes[0].repo(),
            people: &people,
        }),
        links: Some(LinkOptions {
            rewriter: &rewriter,
            source: &archive.notes[0].source,
        }),
    };
    let md = markdown::render(&body, &opts);
    assert!(local.len() <= body.len());
    let doc = minutes::engine::search_doc(&archive, minutes::ids::NoteId::new(0), &md);
    let index = search::build(&[doc], "en", &[]);
    Outcome {
        html_bytes: md.html.len(),
        search_files: index.files.len(),
        search_bytes: index.files.iter().map(|(_, b)| b.len()).sum(),
        diagnostics,
    }
}

/// Every target on one text: what both the test and the example run.
pub fn check_all(rel: &str, bytes: &[u8]) -> Outcome {
    let text = String::from_utf8_lossy(bytes);
    check_split(&text);
    check_dates(&text);
    check_refs(&text);
    pipeline(rel, bytes)
}
