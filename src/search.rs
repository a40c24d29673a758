//! Search: the index the browser queries, built in process from the text the markdown pass
//! already has (no HTML re-parsing), in the spirit of Pagefind's design:
//!
//! - `search/meta.json`: the number of documents, the content hash, and the first term of
//!   every index chunk (the browser finds a term's chunk by binary search);
//! - `search/index/<n>.json`: terms in sorted order, split into chunks of about
//!   [`CHUNK_BYTES`], each term with its postings (document, impact);
//! - `search/docs/<doc>.json`: one fragment per document (title, team, date, sections with
//!   their text), fetched only for the results a reader sees, for excerpts and highlights;
//! - `search/filters/<facet>.json`: team, topic, year and person, each value with its
//!   documents, fetched only by the full search page.
//!
//! Ranking is BM25 over fields (title, headings and meeting metadata weigh more than the
//! body). Term frequencies, field weights and length normalisation are folded into one
//! impact per posting at build time, so the browser needs no per-document statistics:
//! a document's score is the sum over query terms of `idf(df) × impact`.
//!
//! The build ([`build_with`]) keeps per batch of documents a table of terms and a flat list
//! of `(term, frequency)` postings, ranks the terms once, counting-sorts the postings into
//! term order, and writes every file by hand (byte for byte what serde_json wrote), handing
//! each file over as soon as it is made so the index is never all in memory.
//!
//! [`Searcher`] is the reference implementation of the query side; the theme's `search.js`
//! is a faithful port of it (same folding, tokens, special terms, scoring and order).

use crate::markdown::Section;
use crate::model::Attendee;
use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};

/// Deterministic and fast: the index build hashes every word of the archive.
type FastMap<K, V> = HashMap<K, V, foldhash::fast::FixedState>;
use std::fmt::Write as _;
use unicode_normalization::char::{decompose_compatible, is_combining_mark};
use unicode_segmentation::UnicodeSegmentation;

/// Folder of the site that holds the index.
pub const DIR: &str = "search";
/// Format version, in `meta.json`; the client refuses other versions.
pub const VERSION: u32 = 1;
/// A chunk is closed once its JSON passes this size; a chunk is the least the browser
/// fetches for a term, so this bounds the bytes of a one-word query.
pub const CHUNK_BYTES: usize = 24 * 1024;
/// BM25 parameters.
const K1: f64 = 1.2;
const B: f64 = 0.75;
/// Field weights: a word in a heading counts as this many words of body text.
const W_HEADING: u32 = 2;
/// Team, topics, attendees and the meeting's date.
const W_META: u32 = 3;
/// A term in the title adds this to its saturated frequency (BM25's `k1 + 1` at most), so a
/// title match counts however often other notes repeat the word.
const TITLE_BONUS: f64 = 1.0;
/// The same for a term among the first [`LEAD_WORDS`] words of the body: what a note opens
/// with is what it is about (an issue linked under "Context", the subject of a call).
const LEAD_BONUS: f64 = 0.5;
const LEAD_WORDS: usize = 50;
const IN_TITLE: u8 = 1;
const IN_LEAD: u8 = 2;
/// Impacts are stored as integers in `1..=IMPACT_SCALE`.
const IMPACT_SCALE: f64 = 99.0;
/// The word being typed matches as a prefix once it has this many characters: shorter
/// prefixes match too much to be worth fetching.
pub const MIN_PREFIX: usize = 3;
/// A prefix (the word being typed) reads at most this many chunks…
pub const MAX_PREFIX_CHUNKS: usize = 4;
/// …and expands to at most this many terms (the most frequent).
pub const MAX_EXPANSIONS: usize = 64;
/// A term found only by prefix counts this much of an exact match.
pub const PREFIX_WEIGHT: f64 = 0.7;
/// A quoted phrase is checked against the text of at most this many candidates, best first.
pub const MAX_PHRASE_CHECKS: usize = 200;
/// Facets, each in `filters/<name>.json`.
pub const FACETS: [&str; 4] = ["team", "topic", "year", "person"];

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

// ---------------------------------------------------------------------------------------
// Text → terms. The browser does exactly the same to the query (search.js).

/// Folds text for matching: compatibility decomposition (NFKD), combining marks dropped,
/// lower case, and the few Latin letters that do not decompose spelled out (`ß` → `ss`).
/// JavaScript: `s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase()` and the same table.
pub fn fold_into(text: &str, out: &mut String) {
    if text.is_ascii() {
        let start = out.len();
        out.push_str(text);
        out[start..].make_ascii_lowercase();
        return;
    }
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        decompose_compatible(c, |d| {
            if is_combining_mark(d) {
                return;
            }
            for l in d.to_lowercase() {
                match l {
                    'ß' => out.push_str("ss"),
                    'æ' => out.push_str("ae"),
                    'œ' => out.push_str("oe"),
                    'ø' => out.push('o'),
                    'ł' => out.push('l'),
                    'đ' | 'ð' => out.push('d'),
                    'þ' => out.push_str("th"),
                    'ı' => out.push('i'),
                    'ς' => out.push('σ'),
                    '\u{2018}' | '\u{2019}' | '\u{02bc}' => out.push('\''),
                    l => out.push(l),
                }
            }
        });
    }
}

pub fn fold(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    fold_into(text, &mut s);
    s
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The words of folded text: Unicode word boundaries (UAX #29), then split again at the
/// punctuation UAX #29 keeps inside words (`jacob's`, `foo:bar`, `github.com`), except a
/// `.` or `,` between digits (`3.14`, `1,000`). JavaScript: `Intl.Segmenter` words, same split.
pub fn words(folded: &str) -> Box<dyn Iterator<Item = &str> + '_> {
    if folded.is_ascii() {
        return Box::new(AsciiWords {
            text: folded,
            at: 0,
        });
    }
    // No word holds ASCII white space, so each run between spaces segments on its own,
    // and most are ASCII even in text with an arrow or an accent here and there.
    Box::new(folded.split_ascii_whitespace().flat_map(|run| {
        if run.is_ascii() {
            RunWords::Ascii(AsciiWords { text: run, at: 0 })
        } else {
            RunWords::Unicode(Box::new(run.unicode_words().flat_map(split_word)))
        }
    }))
}

enum RunWords<'a> {
    Ascii(AsciiWords<'a>),
    Unicode(Box<dyn Iterator<Item = &'a str> + 'a>),
}

impl<'a> Iterator for RunWords<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        match self {
            RunWords::Ascii(w) => w.next(),
            RunWords::Unicode(w) => w.next(),
        }
    }
}

/// [`words`] for ASCII text, where UAX #29 and the split after it come down to: runs of
/// letters, digits and `_` (with a `.` or `,` between digits), holding a letter or digit.
/// Segmenting all the text of a large archive is most of the index's build time.
struct AsciiWords<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Iterator for AsciiWords<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let b = self.text.as_bytes();
        let is_w = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
        loop {
            let mut i = self.at;
            while i < b.len() && !is_w(b[i]) {
                i += 1;
            }
            if i == b.len() {
                self.at = i;
                return None;
            }
            let start = i;
            while i < b.len() {
                let numeric = matches!(b[i], b'.' | b',')
                    && i > start
                    && b[i - 1].is_ascii_digit()
                    && b.get(i + 1).is_some_and(u8::is_ascii_digit);
                if !(is_w(b[i]) || numeric) {
                    break;
                }
                i += 1;
            }
            self.at = i;
            if b[start..i].iter().any(u8::is_ascii_alphanumeric) {
                return Some(&self.text[start..i]);
            }
        }
    }
}

fn split_word(w: &str) -> impl Iterator<Item = &str> {
    let mut rest = w;
    std::iter::from_fn(move || loop {
        if rest.is_empty() {
            return None;
        }
        let mut end = rest.len();
        let mut prev: Option<char> = None;
        let mut it = rest.char_indices().peekable();
        while let Some((i, c)) = it.next() {
            if !is_word_char(c) {
                let next = it.peek().map(|&(_, n)| n);
                let numeric = matches!(c, '.' | ',')
                    && prev.is_some_and(|p| p.is_ascii_digit())
                    && next.is_some_and(|n| n.is_ascii_digit());
                if !numeric {
                    end = i;
                    break;
                }
            }
            prev = Some(c);
        }
        let word = &rest[..end];
        rest = match rest[end..].chars().next() {
            Some(sep) => &rest[end + sep.len_utf8()..],
            None => "",
        };
        if !word.is_empty() {
            return Some(word);
        }
    })
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-')
}

fn is_handle_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-'
}

/// Terms generic word splitting loses, found in text as written: GitHub references
/// (`https://github.com/o/r/pull/12`, `o/r#12`, `r#12`, `#12` → `o/r#12`, `r#12`, `#12`,
/// as many as the text says; a bare `#12` in a note whose repo is known gets that repo's
/// forms too), `@handles`, and ISO dates (`2018-08-13` → that day and `2018-08`).
/// Calls `emit(start, end, term)` with the byte range in `text`, in order.
pub fn specials(text: &str, repo: Option<&str>, mut emit: impl FnMut(usize, usize, String)) {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'#' => {
                if let Some(end) = issue_ref(text, i, repo, &mut emit) {
                    i = end;
                    continue;
                }
            }
            b'@' if i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_') => {
                let mut j = i + 1;
                while j < b.len() && is_handle_byte(b[j]) && j - i <= 39 {
                    j += 1;
                }
                let mut end = j;
                while end > i + 1 && b[end - 1] == b'-' {
                    end -= 1;
                }
                if end > i + 1 && b[i + 1] != b'-' {
                    emit(i, end, text[i..end].to_ascii_lowercase());
                }
                i = j.max(i + 1);
                continue;
            }
            b'/' if b[..i].ends_with(b"github.com") => {
                if let Some(end) = url_ref(text, i, &mut emit) {
                    i = end;
                    continue;
                }
            }
            b'-' if i >= 4 => {
                if let Some(end) = iso_date(b, i - 4) {
                    emit(i - 4, end, text[i - 4..end].to_string());
                    emit(i - 4, end, text[i - 4..i + 3].to_string());
                    i = end;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
}

/// `YYYY-MM-DD` at `s`, not inside a longer run of digits; returns its end.
fn iso_date(b: &[u8], s: usize) -> Option<usize> {
    let d = |k: usize| b.get(s + k).is_some_and(u8::is_ascii_digit);
    if !(d(0) && d(1) && d(2) && d(3) && b[s + 4] == b'-' && d(5) && d(6))
        || b.get(s + 7) != Some(&b'-')
        || !(d(8) && d(9))
        || d(10)
        || (s > 0 && b[s - 1].is_ascii_digit())
    {
        return None;
    }
    let month = (b[s + 5] - b'0') * 10 + (b[s + 6] - b'0');
    let day = (b[s + 8] - b'0') * 10 + (b[s + 9] - b'0');
    ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some(s + 10)
}

/// Digits of an issue number at `b[s..]`: returns the number without leading zeros and
/// the end, if it is a whole number of at most 9 digits.
fn issue_number(text: &str, s: usize) -> Option<(&str, usize)> {
    let b = text.as_bytes();
    let mut j = s;
    while j < b.len() && b[j].is_ascii_digit() {
        j += 1;
    }
    if j == s || j - s > 9 || b.get(j).is_some_and(|&c| is_name_byte(c) && c != b'.') {
        return None;
    }
    let n = text[s..j].trim_start_matches('0');
    (!n.is_empty()).then_some((n, j))
}

fn issue_ref(
    text: &str,
    hash: usize,
    repo: Option<&str>,
    emit: &mut impl FnMut(usize, usize, String),
) -> Option<usize> {
    let b = text.as_bytes();
    let (n, end) = issue_number(text, hash + 1)?;
    let mut k = hash;
    while k > 0 && is_name_byte(b[k - 1]) {
        k -= 1;
    }
    // A repository name starts with a letter or digit (trims `(`-adjacent dots and dashes).
    while k < hash && !b[k].is_ascii_alphanumeric() {
        k += 1;
    }
    let name = &text[k..hash];
    let mut start = hash;
    let mut forms: Vec<String> = vec![format!("#{n}")];
    if name.bytes().any(|c| c.is_ascii_alphabetic()) {
        start = k;
        let name = name.to_ascii_lowercase();
        let mut owner = None;
        if k > 1 && b[k - 1] == b'/' {
            let mut m = k - 1;
            while m > 0 && is_name_byte(b[m - 1]) {
                m -= 1;
            }
            if m < k - 1 && (m == 0 || b[m - 1] != b'/') {
                owner = Some(text[m..k - 1].to_ascii_lowercase());
                start = m;
            }
        }
        forms.push(format!("{name}#{n}"));
        match owner {
            Some(o) => forms.push(format!("{o}/{name}#{n}")),
            None => {
                if let Some((o, r)) = repo.and_then(|r| r.split_once('/')) {
                    if r.eq_ignore_ascii_case(&name) {
                        forms.push(format!("{}/{name}#{n}", o.to_ascii_lowercase()));
                    }
                }
            }
        }
    } else if let Some((o, r)) = repo.and_then(|r| r.split_once('/')) {
        let (o, r) = (o.to_ascii_lowercase(), r.to_ascii_lowercase());
        forms.push(format!("{r}#{n}"));
        forms.push(format!("{o}/{r}#{n}"));
    }
    for f in forms {
        emit(start, end, f);
    }
    Some(end)
}

/// `github.com/o/r/(issues|pull|pulls|discussions)/N` with `slash` at the first `/`.
fn url_ref(text: &str, slash: usize, emit: &mut impl FnMut(usize, usize, String)) -> Option<usize> {
    let b = text.as_bytes();
    let seg = |s: usize| {
        let mut j = s;
        while j < b.len() && is_name_byte(b[j]) {
            j += 1;
        }
        (j > s && b.get(j) == Some(&b'/')).then_some(j)
    };
    let o_end = seg(slash + 1)?;
    let r_end = seg(o_end + 1)?;
    let k_end = seg(r_end + 1)?;
    let kind = &text[r_end + 1..k_end];
    if !matches!(kind, "issues" | "pull" | "pulls" | "discussions") {
        return None;
    }
    let (n, end) = issue_number(text, k_end + 1)?;
    let owner = text[slash + 1..o_end].to_ascii_lowercase();
    let repo = text[o_end + 1..r_end].to_ascii_lowercase();
    let start = slash + 1;
    emit(start, end, format!("#{n}"));
    emit(start, end, format!("{repo}#{n}"));
    emit(start, end, format!("{owner}/{repo}#{n}"));
    Some(end)
}

/// The special term a query word stands for: a reference in any form (URL, `o/r#N`,
/// `r#N`, `#N`, `GH-N`), an `@handle` or an ISO date or month (`2018-08`).
pub fn special_term(word: &str) -> Option<String> {
    let w = word
        .trim_end_matches(['.', ',', ';', ':', '!', '?', ')'])
        .to_ascii_lowercase();
    if let Some(n) = w.strip_prefix("gh-") {
        return issue_number(n, 0)
            .filter(|(_, end)| *end == n.len())
            .map(|(n, _)| format!("#{n}"));
    }
    if w.contains("github.com/") {
        let mut best = None;
        specials(&w, None, |_, _, t| best = Some(t));
        return best;
    }
    if w.contains('#') {
        let mut best = None;
        let mut whole = false;
        specials(&w, None, |s, e, t| {
            whole = s == 0 && e == w.len();
            best = Some(t);
        });
        return best.filter(|_| whole);
    }
    if let Some(h) = w.strip_prefix('@') {
        let h = h.trim_end_matches('-');
        let ok = !h.is_empty()
            && h.len() <= 39
            && !h.starts_with('-')
            && h.bytes().all(is_handle_byte)
            && !h.contains("--");
        return ok.then(|| format!("@{h}"));
    }
    let b = w.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if b.len() == 7 && b[4] == b'-' && digits(0..4) && digits(5..7) {
        let month = (b[5] - b'0') * 10 + (b[6] - b'0');
        return (1..=12).contains(&month).then_some(w);
    }
    if b.len() == 10 && iso_date(b, 0).is_some() {
        return Some(w);
    }
    None
}

// ---------------------------------------------------------------------------------------
// Building the index.

/// What the index needs of one note. Documents are numbered in the order given, which is
/// the archive's order (newest first), so sorting by date is sorting by number.
#[derive(Debug, Clone)]
pub struct Doc<'a> {
    /// Site path of the note's page, relative to the base path (`core/2022/x/`).
    pub url: &'a str,
    pub title: &'a str,
    /// Team id and display name.
    pub team: Option<(&'a str, &'a str)>,
    pub date: Option<NaiveDate>,
    pub topics: &'a [String],
    pub attendees: &'a [Attendee],
    /// Repository that a bare `#12` refers to.
    pub repo: Option<&'a str>,
    pub sections: Sections<'a>,
}

/// A document's sections: borrowed, or packed ([`crate::markdown::pack_sections`]) and
/// unpacked one document at a time while it is indexed, so that `build` never holds a
/// large archive's text unpacked all at once.
#[derive(Debug, Clone, Copy)]
pub enum Sections<'a> {
    Plain(&'a [Section]),
    Packed(&'a [u8]),
}

impl<'a> Sections<'a> {
    pub fn get(&self) -> std::borrow::Cow<'a, [Section]> {
        match *self {
            Sections::Plain(s) => std::borrow::Cow::Borrowed(s),
            Sections::Packed(b) => std::borrow::Cow::Owned(crate::markdown::unpack_sections(b)),
        }
    }
}

/// The files of the index, as `(path inside the site, bytes)`, and the hash that names
/// this version of them.
#[derive(Debug, Default)]
pub struct Files {
    pub files: Vec<(String, Vec<u8>)>,
    pub hash: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Meta {
    pub version: u32,
    /// Number of documents.
    pub docs: u32,
    /// Content hash of the index; the client adds it to every URL it fetches.
    pub hash: String,
    /// First term of each chunk `index/<n>.json`, sorted (by UTF-16 code units, as
    /// JavaScript compares strings).
    pub chunks: Vec<String>,
    pub facets: Vec<String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Chunk {
    /// Terms, sorted.
    pub t: Vec<String>,
    /// For each term: `[doc, impact, doc delta, impact, …]`, documents ascending.
    pub p: Vec<Vec<u32>>,
}

/// A document's fragment: what a result shows, and the text excerpts are cut from.
#[derive(Debug, Serialize, Deserialize)]
pub struct Fragment {
    pub url: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
    /// `2018-08-13`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repo: Option<String>,
    /// Sections: `[heading id ("" before the first heading), heading, text, refs]`, where
    /// refs are the special terms of the section's link targets (not in its text).
    pub s: Vec<FragmentSection>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct FragmentSection(
    pub String,
    pub String,
    pub String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")] pub Vec<String>,
);

#[derive(Debug, Serialize, Deserialize)]
pub struct Facet {
    pub values: Vec<FacetValue>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct FacetValue {
    pub id: String,
    pub name: String,
    /// Documents, ascending, delta-encoded.
    pub docs: Vec<u32>,
}

/// How a term occurs in one document: weighted frequency (a sum of whole field weights),
/// and `IN_TITLE`/`IN_LEAD` flags.
#[derive(Debug, Clone, Copy, Default)]
struct Tf {
    tf: u32,
    flags: u8,
}

impl Tf {
    /// Frequency and flags in one word: the flags take the low two bits.
    fn pack(self) -> u32 {
        (self.tf.min(u32::MAX >> 2) << 2) | self.flags as u32
    }

    fn unpack(v: u32) -> Tf {
        Tf {
            tf: v >> 2,
            flags: (v & 3) as u8,
        }
    }
}

/// Term frequencies of one document, keyed by slices of its folded text.
struct DocTerms<'t> {
    counts: FastMap<&'t str, Tf>,
    len: u32,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Field {
    Title,
    Heading,
    Body,
    Meta,
}

/// Folded text of a document, owned, so the counts can borrow from it.
struct DocText {
    pieces: Vec<(String, Field)>,
    /// Special terms with their weight and flags.
    specials: Vec<(String, u32, u8)>,
}

fn doc_text(d: &Doc) -> DocText {
    let sections = d.sections.get();
    let mut pieces = Vec::with_capacity(2 + sections.len() * 2);
    let mut out: Vec<(String, u32, u8)> = Vec::new();
    pieces.push((fold(d.title), Field::Title));
    specials(d.title, d.repo, |_, _, t| out.push((t, 0, IN_TITLE)));
    let mut lead_left = LEAD_WORDS;
    for s in sections.iter() {
        if !s.heading.is_empty() {
            pieces.push((fold(&s.heading), Field::Heading));
            specials(&s.heading, d.repo, |_, _, t| out.push((t, W_HEADING, 0)));
        }
        pieces.push((fold(&s.text), Field::Body));
        // Byte offset in this section's text where the lead ends.
        let mut lead_end = 0;
        if lead_left > 0 {
            lead_end = s.text.len();
            for w in words(&s.text) {
                if lead_left == 0 {
                    lead_end = w.as_ptr() as usize - s.text.as_ptr() as usize;
                    break;
                }
                lead_left -= 1;
            }
        }
        specials(&s.text, d.repo, |start, _, t| {
            let flags = if start < lead_end { IN_LEAD } else { 0 };
            out.push((t, 1, flags));
        });
        for l in &s.links {
            specials(l, d.repo, |_, _, t| out.push((t, 1, 0)));
        }
    }
    let mut meta = String::new();
    if let Some((id, name)) = d.team {
        let _ = write!(meta, "{id} {name} ");
    }
    for t in d.topics {
        let _ = write!(meta, "{t} ");
    }
    for a in d.attendees {
        let _ = write!(meta, "{} ", a.name);
        if let Some(h) = &a.handle {
            let _ = write!(meta, "{h} ");
            out.push((format!("@{}", h.to_ascii_lowercase()), W_META, 0));
        }
    }
    if let Some(date) = d.date {
        let month = MONTHS[date.month0() as usize];
        let _ = write!(meta, "{month} {} {}", &month[..3], date.year());
        let iso = format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day());
        out.push((iso[..7].to_string(), W_META, 0));
        out.push((iso, W_META, 0));
    }
    pieces.push((fold(&meta), Field::Meta));
    DocText {
        pieces,
        specials: out,
    }
}

fn doc_terms(t: &DocText) -> DocTerms<'_> {
    let mut counts: FastMap<&str, Tf> =
        FastMap::with_capacity_and_hasher(1024, foldhash::fast::FixedState::default());
    let mut len = 0;
    for (text, field) in &t.pieces {
        for word in words(text) {
            let e = counts.entry(word).or_default();
            match field {
                Field::Title => e.flags |= IN_TITLE,
                Field::Heading => e.tf += W_HEADING,
                Field::Meta => e.tf += W_META,
                Field::Body => {
                    e.tf += 1;
                    if (len as usize) < LEAD_WORDS {
                        e.flags |= IN_LEAD;
                    }
                    len += 1;
                }
            }
        }
    }
    for (term, w, flags) in &t.specials {
        let e = counts.entry(term.as_str()).or_default();
        e.tf += w;
        e.flags |= flags;
    }
    DocTerms { counts, len }
}

/// The postings of one batch of consecutive documents. Each distinct term gets a number in
/// the batch, and a document appends one `(term number, packed Tf)` per distinct term: flat
/// arrays rather than a vector per term, so a posting costs 8 bytes and adding one never
/// reallocates a term's list.
#[derive(Default)]
struct Batch {
    terms: FastMap<Box<str>, u32>,
    postings: Vec<(u32, u32)>,
    /// End of each document's postings in `postings`.
    ends: Vec<u32>,
    /// Each document's body length in words.
    lens: Vec<u32>,
}

impl Batch {
    fn add(&mut self, doc: &Doc) {
        let text = doc_text(doc);
        let terms = doc_terms(&text);
        for (t, tf) in terms.counts {
            let id = match self.terms.get(t) {
                Some(&id) => id,
                None => {
                    let id = self.terms.len() as u32;
                    self.terms.insert(t.into(), id);
                    id
                }
            };
            self.postings.push((id, tf.pack()));
        }
        self.ends.push(self.postings.len() as u32);
        self.lens.push(terms.len);
    }
}

/// JavaScript's string order (UTF-16 code units), so chunk boundaries agree with `<`.
fn js_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    if a.is_ascii() && b.is_ascii() {
        return a.cmp(b);
    }
    a.encode_utf16().cmp(b.encode_utf16())
}

/// BM25's saturated, length-normalised term frequency plus the title and lead bonuses,
/// scaled to `1..=IMPACT_SCALE`.
fn impact(t: Tf, len: u32, avg: f64) -> u32 {
    let tf = t.tf as f64;
    let mut v = tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * len as f64 / avg));
    if t.flags & IN_TITLE != 0 {
        v += TITLE_BONUS;
    }
    if t.flags & IN_LEAD != 0 {
        v += LEAD_BONUS;
    }
    let max = K1 + 1.0 + TITLE_BONUS + LEAD_BONUS;
    ((v / max * IMPACT_SCALE).round() as u32).clamp(1, IMPACT_SCALE as u32)
}

/// Every term's postings, terms in JavaScript's order: term `r` has documents
/// `docs[starts[r]..starts[r + 1]]` (ascending) with impacts at the same places.
struct Inverted {
    terms: Vec<Box<str>>,
    starts: Vec<usize>,
    docs: Vec<u32>,
    impacts: Vec<u8>,
}

impl Inverted {
    fn build(docs: &[Doc]) -> Inverted {
        // A few large batches per thread, each with its own term numbers.
        let size = docs.len().div_ceil(rayon::current_num_threads() * 2).max(1);
        let mut batches: Vec<Batch> = docs
            .par_chunks(size)
            .map(|chunk| {
                let mut b = Batch::default();
                for d in chunk {
                    b.add(d);
                }
                b
            })
            .collect();
        let lens: Vec<u32> = batches
            .iter()
            .flat_map(|b| b.lens.iter().copied())
            .collect();
        let avg = (lens.iter().map(|&l| l as f64).sum::<f64>() / docs.len().max(1) as f64).max(1.0);

        // Every batch's terms, sorted, give each distinct term its place in the index.
        let mut all: Vec<(Box<str>, u32, u32)> =
            Vec::with_capacity(batches.iter().map(|b| b.terms.len()).sum());
        let mut place: Vec<Vec<u32>> = Vec::with_capacity(batches.len());
        for (k, b) in batches.iter_mut().enumerate() {
            place.push(vec![0; b.terms.len()]);
            all.extend(
                std::mem::take(&mut b.terms)
                    .into_iter()
                    .map(|(t, id)| (t, k as u32, id)),
            );
        }
        // Byte order is JavaScript's order unless a term holds a character beyond U+FFFF.
        if all.iter().any(|(t, _, _)| t.bytes().any(|b| b >= 0xf0)) {
            all.par_sort_unstable_by(|a, b| js_cmp(&a.0, &b.0));
        } else {
            all.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
        }
        let mut terms: Vec<Box<str>> = Vec::new();
        for (t, k, id) in all {
            if terms.last() != Some(&t) {
                terms.push(t);
            }
            place[k as usize][id as usize] = (terms.len() - 1) as u32;
        }

        // Counting sort of the postings by term; batches in order keep each term's
        // documents ascending.
        let mut starts = vec![0usize; terms.len() + 1];
        for (b, place) in batches.iter().zip(&place) {
            for &(id, _) in &b.postings {
                starts[place[id as usize] as usize + 1] += 1;
            }
        }
        for r in 0..terms.len() {
            starts[r + 1] += starts[r];
        }
        let total = starts[terms.len()];
        let mut at = starts.clone();
        let mut out_docs = vec![0u32; total];
        let mut impacts = vec![0u8; total];
        let mut doc = 0u32;
        for (b, place) in batches.into_iter().zip(place) {
            let mut from = 0;
            for &end in &b.ends {
                let len = lens[doc as usize];
                for &(id, tf) in &b.postings[from..end as usize] {
                    let r = place[id as usize] as usize;
                    out_docs[at[r]] = doc;
                    impacts[at[r]] = impact(Tf::unpack(tf), len, avg) as u8;
                    at[r] += 1;
                }
                from = end as usize;
                doc += 1;
            }
        }
        Inverted {
            terms,
            starts,
            docs: out_docs,
            impacts,
        }
    }

    /// Bytes of term `r`'s entry in a chunk: its JSON string, and `[doc,impact,…]` with
    /// documents delta-encoded.
    fn entry_len(&self, r: usize) -> usize {
        let span = self.starts[r]..self.starts[r + 1];
        let mut n = json_str_len(&self.terms[r]) + 1 + span.len() * 2;
        let mut prev = 0;
        for p in span {
            n += digits(self.docs[p] - prev) + digits(self.impacts[p] as u32);
            prev = self.docs[p];
        }
        n
    }

    fn push_postings(&self, r: usize, out: &mut Vec<u8>) {
        out.push(b'[');
        let mut prev = 0;
        for p in self.starts[r]..self.starts[r + 1] {
            if p > self.starts[r] {
                out.push(b',');
            }
            push_u32(out, self.docs[p] - prev);
            out.push(b',');
            push_u32(out, self.impacts[p] as u32);
            prev = self.docs[p];
        }
        out.push(b']');
    }
}

/// Builds the index files for `docs`, in memory.
pub fn build(docs: &[Doc]) -> Files {
    let files = std::sync::Mutex::new(Vec::new());
    let written = build_with(docs, |path, bytes| {
        files
            .lock()
            .expect("no writer panics")
            .push((path.to_string(), bytes));
        Ok::<(), std::convert::Infallible>(())
    });
    let Ok(Written { hash, .. }) = written;
    let meta = format!("{DIR}/meta.json");
    let mut files = files.into_inner().expect("no writer panics");
    files.sort_unstable_by(|a, b| (a.0 == meta, &a.0).cmp(&(b.0 == meta, &b.0)));
    Files { files, hash }
}

/// What [`build_with`] wrote: how many files, and the hash that names this version of them.
#[derive(Debug)]
pub struct Written {
    pub files: usize,
    pub hash: String,
}

/// Builds the index files for `docs` and hands each to `write` (path inside the site,
/// bytes) as soon as it is made, from several threads, `meta.json` last: the index is
/// never all in memory at once (80 MB for 10,000 notes). Stops at the first error.
pub fn build_with<E: Send>(
    docs: &[Doc],
    write: impl Fn(&str, Vec<u8>) -> Result<(), E> + Sync,
) -> Result<Written, E> {
    // Each file's hash, by path: the index's hash is a hash of them in path order.
    let emit = |path: String, bytes: Vec<u8>| -> Result<(String, String), E> {
        let h = crate::render::content_hash_parts([path.as_bytes(), bytes.as_slice()]);
        write(&path, bytes)?;
        Ok((path, h))
    };
    let inverted = Inverted::build(docs);

    // Group into chunks by size, in term order.
    let sizes: Vec<usize> = (0..inverted.terms.len())
        .into_par_iter()
        .map(|r| inverted.entry_len(r))
        .collect();
    let mut groups: Vec<std::ops::Range<usize>> = Vec::new();
    let mut start = 0;
    let mut size = 0;
    for (k, n) in sizes.iter().enumerate() {
        size += n + 2;
        if size >= CHUNK_BYTES {
            groups.push(start..k + 1);
            start = k + 1;
            size = 0;
        }
    }
    if start < sizes.len() || groups.is_empty() {
        groups.push(start..sizes.len());
    }
    let chunk_firsts: Vec<String> = groups
        .iter()
        .map(|g| {
            inverted
                .terms
                .get(g.start)
                .map(|t| t.to_string())
                .unwrap_or_default()
        })
        .collect();
    let mut hashes: Vec<(String, String)> = groups
        .par_iter()
        .enumerate()
        .map(|(n, g)| {
            let mut s =
                Vec::with_capacity(sizes[g.clone()].iter().sum::<usize>() + g.len() * 2 + 16);
            s.extend_from_slice(b"{\"t\":[");
            for r in g.clone() {
                if r > g.start {
                    s.push(b',');
                }
                push_json_str(&mut s, &inverted.terms[r]);
            }
            s.extend_from_slice(b"],\"p\":[");
            for r in g.clone() {
                if r > g.start {
                    s.push(b',');
                }
                inverted.push_postings(r, &mut s);
            }
            s.extend_from_slice(b"]}");
            emit(format!("{DIR}/index/{n}.json"), s)
        })
        .collect::<Result<_, E>>()?;
    drop(sizes);
    drop(inverted);

    let fragments: Vec<(String, String)> = docs
        .par_iter()
        .enumerate()
        .map(|(i, d)| emit(format!("{DIR}/docs/{i}.json"), fragment_json(d)))
        .collect::<Result<_, E>>()?;
    hashes.extend(fragments);

    for facet in FACETS {
        let mut values: BTreeMap<String, (String, Vec<u32>)> = BTreeMap::new();
        for (i, d) in docs.iter().enumerate() {
            let mut add = |id: &str, name: &str| {
                let v = values
                    .entry(id.to_string())
                    .or_insert_with(|| (name.to_string(), Vec::new()));
                if v.1.last() != Some(&(i as u32)) {
                    v.1.push(i as u32);
                }
            };
            match facet {
                "team" => {
                    if let Some((id, name)) = d.team {
                        add(id, name);
                    }
                }
                "topic" => {
                    for t in d.topics {
                        add(t, &t.replace('-', " "));
                    }
                }
                "year" => {
                    if let Some(date) = d.date {
                        let y = date.year().to_string();
                        add(&y, &y);
                    }
                }
                _ => {
                    for a in d.attendees {
                        add(&a.id, &a.name);
                    }
                }
            }
        }
        let facet_file = Facet {
            values: values
                .into_iter()
                .map(|(id, (name, docs))| FacetValue {
                    id,
                    name,
                    docs: delta(&docs),
                })
                .collect(),
        };
        hashes.push(emit(
            format!("{DIR}/filters/{facet}.json"),
            serde_json::to_vec(&facet_file).expect("a facet serialises"),
        )?);
    }

    // A hash of each file's hash: hashing 80 MB byte by byte on one thread took longer
    // than writing the chunks.
    hashes.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let hash = crate::render::content_hash_parts(hashes.iter().map(|(_, h)| h.as_bytes()));
    let meta = Meta {
        version: VERSION,
        docs: docs.len() as u32,
        hash: hash.clone(),
        chunks: chunk_firsts,
        facets: FACETS.iter().map(|f| f.to_string()).collect(),
    };
    write(
        &format!("{DIR}/meta.json"),
        serde_json::to_vec(&meta).expect("meta serialises"),
    )?;
    Ok(Written {
        files: hashes.len() + 1,
        hash,
    })
}

fn push_u32(s: &mut Vec<u8>, mut n: u32) {
    let mut buf = [0u8; 10];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    s.extend_from_slice(&buf[i..]);
}

/// Decimal digits of `n`.
fn digits(n: u32) -> usize {
    n.checked_ilog10().map_or(1, |l| l as usize + 1)
}

/// Whether serde_json escapes this byte in a string: `"`, `\` and control characters.
fn needs_escape(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// How serde_json writes a byte that [`needs_escape`].
fn push_escaped(out: &mut Vec<u8>, b: u8) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let short = match b {
        b'"' => b'"',
        b'\\' => b'\\',
        0x08 => b'b',
        0x09 => b't',
        0x0a => b'n',
        0x0c => b'f',
        0x0d => b'r',
        _ => {
            out.extend_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[(b >> 4) as usize],
                HEX[(b & 15) as usize],
            ]);
            return;
        }
    };
    out.extend_from_slice(&[b'\\', short]);
}

/// Bytes of `s` as a JSON string, quotes included, as [`push_json_str`] writes it.
fn json_str_len(s: &str) -> usize {
    let mut n = 2 + s.len();
    for &b in s.as_bytes() {
        if needs_escape(b) {
            n += match b {
                b'"' | b'\\' | 0x08 | 0x09 | 0x0a | 0x0c | 0x0d => 1,
                _ => 5,
            };
        }
    }
    n
}

/// `s` as a JSON string, byte for byte as serde_json writes it (the index was written
/// with serde_json before; by hand it is several times faster).
fn push_json_str(out: &mut Vec<u8>, s: &str) {
    out.reserve(s.len() + 2);
    out.push(b'"');
    let b = s.as_bytes();
    let mut from = 0;
    while let Some(k) = b[from..].iter().position(|&c| needs_escape(c)) {
        out.extend_from_slice(&b[from..from + k]);
        push_escaped(out, b[from + k]);
        from += k + 1;
    }
    out.extend_from_slice(&b[from..]);
    out.push(b'"');
}

/// A document's [`Fragment`] as JSON, written straight from the document.
fn fragment_json(d: &Doc) -> Vec<u8> {
    let sections = d.sections.get();
    let text: usize = sections
        .iter()
        .map(|s| s.text.len() + s.heading.len() + s.id.as_ref().map_or(0, String::len) + 16)
        .sum();
    let mut out = Vec::with_capacity(text + d.title.len() + d.url.len() + 96);
    out.extend_from_slice(b"{\"url\":");
    push_json_str(&mut out, d.url);
    out.extend_from_slice(b",\"title\":");
    push_json_str(&mut out, d.title);
    if let Some((_, name)) = d.team {
        out.extend_from_slice(b",\"team\":");
        push_json_str(&mut out, name);
    }
    if let Some(date) = d.date {
        out.extend_from_slice(b",\"date\":");
        push_json_str(&mut out, &date.format("%Y-%m-%d").to_string());
    }
    if let Some(repo) = d.repo {
        out.extend_from_slice(b",\"repo\":");
        push_json_str(&mut out, repo);
    }
    out.extend_from_slice(b",\"s\":[");
    let mut refs: Vec<String> = Vec::new();
    for (k, s) in sections.iter().enumerate() {
        if k > 0 {
            out.push(b',');
        }
        out.push(b'[');
        push_json_str(&mut out, s.id.as_deref().unwrap_or_default());
        out.push(b',');
        push_json_str(&mut out, &s.heading);
        out.push(b',');
        push_json_str(&mut out, &s.text);
        refs.clear();
        for l in &s.links {
            specials(l, d.repo, |_, _, t| refs.push(t));
        }
        if !refs.is_empty() {
            refs.sort();
            refs.dedup();
            out.extend_from_slice(b",[");
            for (j, t) in refs.iter().enumerate() {
                if j > 0 {
                    out.push(b',');
                }
                push_json_str(&mut out, t);
            }
            out.push(b']');
        }
        out.push(b']');
    }
    out.extend_from_slice(b"]}");
    out
}

fn delta(sorted: &[u32]) -> Vec<u32> {
    let mut prev = 0;
    sorted
        .iter()
        .map(|&d| {
            let v = d - prev;
            prev = d;
            v
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// The query side: the reference the browser's search.js follows.

/// One thing every result must contain: a term, or (for the word being typed) any term
/// that starts with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub term: String,
    pub prefix: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    pub items: Vec<Item>,
    /// Quoted phrases of two words or more, as word sequences.
    pub phrases: Vec<Vec<String>>,
}

/// Parses a query. `typing`: the last word is still being typed, so it also matches as a
/// prefix (unless the query ends in a space or a quote).
pub fn parse(query: &str, typing: bool) -> Parsed {
    let mut out = Parsed::default();
    let mut last_plain: Option<usize> = None;
    for (k, part) in query.split('"').enumerate() {
        let quoted = k % 2 == 1;
        let mut phrase = Vec::new();
        for raw in part.split_whitespace() {
            last_plain = None;
            if let Some(t) = special_term(raw) {
                if t.starts_with('@') {
                    last_plain = Some(out.items.len());
                }
                out.items.push(Item {
                    term: t,
                    prefix: false,
                });
                continue;
            }
            for w in words(&fold(raw)) {
                last_plain = Some(out.items.len());
                phrase.push(w.to_string());
                out.items.push(Item {
                    term: w.to_string(),
                    prefix: false,
                });
            }
        }
        if quoted {
            last_plain = None;
            if phrase.len() > 1 {
                out.phrases.push(phrase);
            }
        }
    }
    let ends_open = !query.ends_with(char::is_whitespace) && !query.ends_with('"');
    if let Some(i) = last_plain.filter(|_| typing && ends_open) {
        if out.items[i].term.chars().count() >= MIN_PREFIX {
            out.items[i].prefix = true;
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.items
        .retain(|it| seen.insert((it.term.clone(), it.prefix)));
    out
}

/// BM25's idf.
pub fn idf(docs: u32, df: u32) -> f64 {
    let (n, df) = (docs as f64, df as f64);
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    Relevance,
    /// Newest first.
    Date,
}

#[derive(Debug, Clone, Default)]
pub struct Options {
    /// See [`parse`].
    pub typing: bool,
    /// Selected values per facet: a result has one of the values of every facet given.
    pub filters: Vec<(String, Vec<String>)>,
    pub sort: Sort,
    /// How many results get a best section (the rest have `section: None`).
    pub limit: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub doc: u32,
    pub score: f64,
    pub url: String,
    pub title: String,
    /// The heading id of the section that matches best; `None` for the top of the note.
    pub section: Option<String>,
}

/// Searches an index through `fetch` (a path inside the site → bytes), loading files as
/// the browser does: meta first, then chunks and fragments as needed.
pub struct Searcher<F> {
    fetch: F,
    pub meta: Meta,
    chunks: RefCell<HashMap<usize, std::rc::Rc<Chunk>>>,
}

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{0}: missing")]
    Missing(String),
    #[error("{0}: {1}")]
    Json(String, serde_json::Error),
    #[error("index version {0}, expected {VERSION}")]
    Version(u32),
}

impl<F: Fn(&str) -> Option<Vec<u8>>> Searcher<F> {
    pub fn new(fetch: F) -> Result<Self, LoadError> {
        let meta: Meta = load(&fetch, &format!("{DIR}/meta.json"))?;
        if meta.version != VERSION {
            return Err(LoadError::Version(meta.version));
        }
        Ok(Searcher {
            fetch,
            meta,
            chunks: RefCell::new(HashMap::new()),
        })
    }

    fn chunk(&self, n: usize) -> Result<std::rc::Rc<Chunk>, LoadError> {
        if let Some(c) = self.chunks.borrow().get(&n) {
            return Ok(c.clone());
        }
        let c: std::rc::Rc<Chunk> =
            std::rc::Rc::new(load(&self.fetch, &format!("{DIR}/index/{n}.json"))?);
        self.chunks.borrow_mut().insert(n, c.clone());
        Ok(c)
    }

    pub fn fragment(&self, doc: u32) -> Result<Fragment, LoadError> {
        load(&self.fetch, &format!("{DIR}/docs/{doc}.json"))
    }

    pub fn facet(&self, name: &str) -> Result<Facet, LoadError> {
        load(&self.fetch, &format!("{DIR}/filters/{name}.json"))
    }

    /// The chunk that would hold `term`.
    fn chunk_of(&self, term: &str) -> usize {
        let c = &self.meta.chunks;
        c.partition_point(|first| js_cmp(first, term) != std::cmp::Ordering::Greater)
            .saturating_sub(1)
    }

    /// `(term, weight, postings)` an item matches. `o/r#12` also matches `r#12` (a note
    /// that names the repository without its owner), at [`PREFIX_WEIGHT`].
    fn expand(&self, item: &Item) -> Result<Vec<(String, f64, Vec<u32>)>, LoadError> {
        let mut found = self.lookup(item)?;
        if let Some(short) = without_owner(&item.term) {
            let short = Item {
                term: short.to_string(),
                prefix: false,
            };
            found.extend(
                self.lookup(&short)?
                    .into_iter()
                    .map(|(t, _, p)| (t, PREFIX_WEIGHT, p)),
            );
        }
        Ok(found)
    }

    fn lookup(&self, item: &Item) -> Result<Vec<(String, f64, Vec<u32>)>, LoadError> {
        let first = self.chunk_of(&item.term);
        let mut last = first;
        if item.prefix {
            while last + 1 < self.meta.chunks.len()
                && last + 1 - first < MAX_PREFIX_CHUNKS
                && self.meta.chunks[last + 1].starts_with(&item.term)
            {
                last += 1;
            }
        }
        let mut found = Vec::new();
        for n in first..=last {
            let c = self.chunk(n)?;
            let from =
                c.t.partition_point(|t| js_cmp(t, &item.term) == std::cmp::Ordering::Less);
            for (t, p) in c.t[from..].iter().zip(&c.p[from..]) {
                if *t == item.term {
                    found.push((t.clone(), 1.0, p.clone()));
                } else if item.prefix && t.starts_with(&item.term) {
                    found.push((t.clone(), PREFIX_WEIGHT, p.clone()));
                } else {
                    break;
                }
            }
        }
        if found.len() > MAX_EXPANSIONS {
            // Keep the exact term and the most frequent expansions.
            found.sort_by(|a, b| {
                (b.1, b.2.len())
                    .partial_cmp(&(a.1, a.2.len()))
                    .unwrap_or(std::cmp::Ordering::Equal)
            });
            found.truncate(MAX_EXPANSIONS);
        }
        Ok(found)
    }

    /// Every matching document, best first: quoted phrases are checked on the best
    /// [`MAX_PHRASE_CHECKS`] candidates, then filters apply, then the sort. The first
    /// `opts.limit` hits carry their URL, title and best section.
    pub fn search(&self, query: &str, opts: &Options) -> Result<Vec<Hit>, LoadError> {
        let parsed = parse(query, opts.typing);
        if parsed.items.is_empty() {
            return Ok(Vec::new());
        }
        let mut total: Option<HashMap<u32, f64>> = None;
        for item in &parsed.items {
            let mut scores: HashMap<u32, f64> = HashMap::new();
            for (_, weight, p) in self.expand(item)? {
                let idf = idf(self.meta.docs, (p.len() / 2) as u32);
                let mut doc = 0;
                for pair in p.chunks_exact(2) {
                    doc += pair[0];
                    let s = weight * idf * pair[1] as f64;
                    let e = scores.entry(doc).or_insert(0.0);
                    if s > *e {
                        *e = s;
                    }
                }
            }
            total = Some(match total {
                None => scores,
                Some(mut t) => {
                    t.retain(|d, s| match scores.get(d) {
                        Some(x) => {
                            *s += x;
                            true
                        }
                        None => false,
                    });
                    t
                }
            });
        }
        let mut hits: Vec<(u32, f64)> = total.unwrap_or_default().into_iter().collect();
        hits.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        if !parsed.phrases.is_empty() {
            hits.truncate(MAX_PHRASE_CHECKS);
            let mut kept = Vec::with_capacity(hits.len());
            for (doc, score) in hits {
                let f = self.fragment(doc)?;
                if parsed.phrases.iter().all(|ph| has_phrase(&f, ph)) {
                    kept.push((doc, score));
                }
            }
            hits = kept;
        }
        for (facet, values) in &opts.filters {
            if values.is_empty() {
                continue;
            }
            let f = self.facet(facet)?;
            let mut allowed = std::collections::HashSet::new();
            for v in f.values.iter().filter(|v| values.contains(&v.id)) {
                let mut d = 0;
                for x in &v.docs {
                    d += x;
                    allowed.insert(d);
                }
            }
            hits.retain(|(d, _)| allowed.contains(d));
        }
        if opts.sort == Sort::Date {
            hits.sort_by_key(|h| h.0);
        }
        let mut out = Vec::with_capacity(hits.len());
        for (k, (doc, score)) in hits.into_iter().enumerate() {
            let (url, title, section) = if k < opts.limit {
                let f = self.fragment(doc)?;
                let section = best_section(&f, &parsed);
                (f.url, f.title, section)
            } else {
                (String::new(), String::new(), None)
            };
            out.push(Hit {
                doc,
                score,
                url,
                title,
                section,
            });
        }
        Ok(out)
    }
}

/// `r#12` for `o/r#12`.
pub fn without_owner(term: &str) -> Option<&str> {
    let hash = term.find('#')?;
    let slash = term[..hash].find('/')?;
    Some(&term[slash + 1..])
}

fn load<T: serde::de::DeserializeOwned>(
    fetch: &impl Fn(&str) -> Option<Vec<u8>>,
    path: &str,
) -> Result<T, LoadError> {
    let bytes = fetch(path).ok_or_else(|| LoadError::Missing(path.to_string()))?;
    serde_json::from_slice(&bytes).map_err(|e| LoadError::Json(path.to_string(), e))
}

/// Whether the title or a section (heading or text) holds the words in a row.
pub fn has_phrase(f: &Fragment, phrase: &[String]) -> bool {
    let holds = |text: &str| {
        let folded = fold(text);
        let ws: Vec<&str> = words(&folded).collect();
        ws.windows(phrase.len())
            .any(|w| w.iter().zip(phrase).all(|(a, b)| a == b))
    };
    holds(&f.title) || f.s.iter().any(|s| holds(&s.1) || holds(&s.2))
}

/// Whether a term of the text satisfies an item.
fn item_matches(item: &Item, term: &str) -> bool {
    term == item.term || (item.prefix && term.starts_with(&item.term))
}

/// The section most query items occur in (a heading match counts three times, then the
/// number of occurrences decides, then the earlier section). `None` when the best is the
/// text before the first heading or nothing matches.
pub fn best_section(f: &Fragment, parsed: &Parsed) -> Option<String> {
    let mut best: Option<(usize, usize, &str)> = None;
    for s in &f.s {
        let mut distinct = 0;
        let mut hits = 0;
        for item in &parsed.items {
            let mut found = 0;
            let mut in_heading = false;
            let mut scan = |text: &str, heading: bool| {
                let folded = fold(text);
                for w in words(&folded) {
                    if item_matches(item, w) {
                        found += 1;
                        in_heading |= heading;
                    }
                }
                specials(text, f.repo.as_deref(), |_, _, t| {
                    if item_matches(item, &t) {
                        found += 1;
                        in_heading |= heading;
                    }
                });
            };
            scan(&s.1, true);
            scan(&s.2, false);
            found += s.3.iter().filter(|t| item_matches(item, t)).count();
            if found > 0 {
                distinct += if in_heading { 3 } else { 1 };
                hits += found;
            }
        }
        if distinct > 0 && best.is_none_or(|(d, h, _)| (distinct, hits) > (d, h)) {
            best = Some((distinct, hits, s.0.as_str()));
        }
    }
    best.map(|(_, _, id)| id)
        .filter(|id| !id.is_empty())
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

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
                team: Some(("libp2p", "libp2p")),
                date: NaiveDate::from_ymd_opt(2018, 8, 13),
                topics,
                attendees: people,
                repo: None,
                sections: Sections::Plain(a),
            },
            Doc {
                url: "b/",
                title: "Other call",
                team: Some(("core", "Core sync")),
                date: NaiveDate::from_ymd_opt(2018, 7, 2),
                topics: &[],
                attendees: &[],
                repo: Some("pokt-network/pocket"),
                sections: Sections::Plain(b),
            },
            Doc {
                url: "c/",
                title: "Third",
                team: None,
                date: None,
                topics: &[],
                attendees: &[],
                repo: None,
                sections: Sections::Plain(c),
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
        let files = build(&docs);
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
        let one = build(&docs);
        let two = build(&docs);
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
    fn json_strings_are_written_as_serde_json_writes_them() {
        let mut every_byte: String = (0u8..0x80).map(char::from).collect();
        every_byte.push_str("é→日\u{2028}\u{7f}");
        for text in [
            &every_byte[..],
            "",
            "plain",
            "\"quoted\" \\ back\\slash",
            "tab\there\n",
        ] {
            let mut out = Vec::new();
            push_json_str(&mut out, text);
            assert_eq!(out, serde_json::to_vec(text).unwrap(), "{text:?}");
            assert_eq!(json_str_len(text), out.len(), "{text:?}");
        }
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
        let files = build(&docs);
        for (path, bytes) in &files.files {
            if path.contains("/index/") {
                let c: Chunk = serde_json::from_slice(bytes).unwrap();
                assert_eq!(&serde_json::to_vec(&c).unwrap(), bytes);
            }
        }
        let inverted = Inverted::build(&docs);
        for r in 0..inverted.terms.len() {
            let mut entry = Vec::new();
            push_json_str(&mut entry, &inverted.terms[r]);
            inverted.push_postings(r, &mut entry);
            assert_eq!(inverted.entry_len(r), entry.len(), "{}", inverted.terms[r]);
        }
    }

    #[test]
    fn writing_as_made_gives_the_files_built_in_memory() {
        let (a, b, c, people) = fixture();
        let docs = index(&a, &b, &c, &people, &[]);
        let files = build(&docs);
        let written = std::sync::Mutex::new(Vec::new());
        let w = build_with(&docs, |p, bytes| {
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
            build_with(&docs, |_, _| Err("disk full")).unwrap_err(),
            "disk full"
        );
    }

    #[test]
    fn frequencies_and_flags_pack_into_one_word() {
        for tf in [0, 1, 2, 3, 1000, u32::MAX >> 2] {
            for flags in [0, IN_TITLE, IN_LEAD, IN_TITLE | IN_LEAD] {
                let t = Tf::unpack(Tf { tf, flags }.pack());
                assert_eq!((t.tf, t.flags), (tf, flags));
            }
        }
    }
}
