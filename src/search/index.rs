//! The index build: each document's terms by field, BM25 impacts, postings in term
//! order, chunks by size, fragments and facets, each file handed over as it is made.

use super::format::*;
use super::hints::{hint_files, RefHint};
use super::near::near_chunks;
use super::stem::{chunk_stems, stem_key, Stem};
use super::tokenize::{fold, specials, words, MONTHS};
use super::{CHUNK_BYTES, DIR, FACETS, ITEMS_PER_FILE, VERSION};
use crate::markdown::Section;
use crate::model::Attendee;
use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

/// Deterministic and fast: the index build hashes every word of the archive.
type FastMap<K, V> = HashMap<K, V, foldhash::fast::FixedState>;

/// BM25 parameters.
const K1: f64 = 1.2;
const B: f64 = 0.75;
/// Field weights: a word in a heading counts as this many words of body text.
const W_HEADING: u32 = 2;
/// A term of the meeting's metadata (team, topics, attendees, date) adds this, like the
/// title: metadata is a short field of its own, so a long note on the day asked for (or
/// of the team, or attended by the person) counts as much as a short one. Counted into
/// the body's frequency instead, it was length-normalised by the body and favoured the
/// shortest note of a day over the one about the query's other words.
const META_BONUS: f64 = 1.5;
/// A term in the title adds this to its saturated frequency (BM25's `k1 + 1` at most), so a
/// title match counts however often other notes repeat the word.
const TITLE_BONUS: f64 = 1.0;
/// The same for a term among the first [`LEAD_WORDS`] words of the body: what a note opens
/// with is what it is about (an issue linked under "Context", the subject of a call).
const LEAD_BONUS: f64 = 0.5;
const LEAD_WORDS: usize = 50;
const IN_TITLE: u8 = 1;
const IN_LEAD: u8 = 2;
const IN_META: u8 = 4;
/// Impacts are stored as integers in `1..=IMPACT_SCALE`.
const IMPACT_SCALE: f64 = 99.0;

/// What a document is: a meeting's note, or one of its decisions or action items (issue
/// 18), which are results of their own kind, shown above the meetings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum Kind {
    #[default]
    Meeting,
    Decision,
    Action,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Meeting, Kind::Decision, Kind::Action];

    /// The name the fragments, the query syntax (`decision:`) and the search page's
    /// filter use.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Meeting => "meeting",
            Kind::Decision => "decision",
            Kind::Action => "action",
        }
    }
}

/// What the index needs of one document. Documents are given kind by kind — the notes,
/// then the decisions, then the action items (`meta.json` says how many of each, so a
/// kind is a range of numbers) — each kind in the archive's order (newest first), so
/// sorting by date is sorting by number.
#[derive(Debug, Clone, Default)]
pub struct Doc<'a> {
    pub kind: Kind,
    /// Site path of the note's page, relative to the base path (`core/2022/x/`).
    pub url: &'a str,
    pub title: &'a str,
    /// What tells the note apart from others with its title (`crate::titles`): shown
    /// after the title in results, never indexed, so it cannot change the ranking.
    pub title_extra: Option<&'a str>,
    /// The note's summary (`crate::excerpts`): what a result shows when no section
    /// matched the query (a match in the title or the metadata). Never indexed.
    pub summary: Option<&'a str>,
    /// Team id and display name.
    pub team: Option<(&'a str, &'a str)>,
    pub date: Option<NaiveDate>,
    pub topics: &'a [String],
    pub attendees: &'a [Attendee],
    /// Repository that a bare `#12` refers to.
    pub repo: Option<&'a str>,
    pub sections: Sections<'a>,
    /// An action item's state (`open`, `done`), shown in its result.
    pub state: Option<&'a str>,
    /// Who an action item is assigned to, as shown in its result.
    pub who: &'a [String],
    /// Terms the query syntax asks for (`assignee:@ann`), indexed as metadata and never
    /// shown.
    pub keys: &'a [String],
    /// For a decision or action item, the number of its note's document: sorting by date
    /// sorts it with its meeting (`items.json`).
    pub note: u32,
}

/// A document's sections: borrowed, or packed ([`crate::markdown::pack_sections`]) and
/// unpacked one document at a time while it is indexed, so that `build` never holds a
/// large archive's text unpacked all at once.
#[derive(Debug, Clone, Copy)]
pub enum Sections<'a> {
    Plain(&'a [Section]),
    Packed(&'a [u8]),
}

impl Default for Sections<'_> {
    fn default() -> Self {
        Sections::Plain(&[])
    }
}

impl<'a> Sections<'a> {
    pub fn get(&self) -> std::borrow::Cow<'a, [Section]> {
        match *self {
            Sections::Plain(s) => std::borrow::Cow::Borrowed(s),
            Sections::Packed(b) => std::borrow::Cow::Owned(crate::markdown::unpack_sections(b)),
        }
    }
}

/// How a term occurs in one document: weighted frequency (a sum of whole field weights),
/// and `IN_TITLE`/`IN_LEAD`/`IN_META` flags.
#[derive(Debug, Clone, Copy, Default)]
struct Tf {
    tf: u32,
    flags: u8,
}

impl Tf {
    /// Frequency and flags in one word: the flags take the low three bits.
    fn pack(self) -> u32 {
        (self.tf.min(u32::MAX >> 3) << 3) | self.flags as u32
    }

    fn unpack(v: u32) -> Tf {
        Tf {
            tf: v >> 3,
            flags: (v & 7) as u8,
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
    // A decision or action item is found by its own words, not by its meeting's title
    // (which every item of the meeting shares); the title is only shown.
    if d.kind == Kind::Meeting {
        pieces.push((fold(d.title), Field::Title));
        specials(d.title, d.repo, |_, _, t| out.push((t, 0, IN_TITLE)));
    }
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
            out.push((format!("@{}", h.to_ascii_lowercase()), 0, IN_META));
        }
    }
    for k in d.keys {
        out.push((k.clone(), 0, IN_META));
    }
    if let Some(date) = d.date {
        let month = MONTHS[date.month0() as usize];
        // The day too, so "13 September 2017" finds the meeting of that day.
        let _ = write!(meta, "{month} {} {} {}", &month[..3], date.day(), date.year());
        let iso = format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day());
        out.push((iso[..7].to_string(), 0, IN_META));
        out.push((iso, 0, IN_META));
    }
    pieces.push((fold(&meta), Field::Meta));
    DocText {
        pieces,
        specials: out,
    }
}

fn doc_terms(t: &DocText) -> DocTerms<'_> {
    // About a distinct word per eight bytes of a short text; a decision's line needs a few
    // dozen entries, not the thousand a long note does.
    let bytes: usize = t.pieces.iter().map(|(p, _)| p.len()).sum();
    let mut counts: FastMap<&str, Tf> = FastMap::with_capacity_and_hasher(
        (bytes / 8).clamp(16, 1024),
        foldhash::fast::FixedState::default(),
    );
    let mut len = 0;
    for (text, field) in &t.pieces {
        for word in words(text) {
            let e = counts.entry(word).or_default();
            match field {
                Field::Title => e.flags |= IN_TITLE,
                Field::Heading => e.tf += W_HEADING,
                Field::Meta => e.flags |= IN_META,
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
    /// For each term number, the number of its stem key (`stem~`), when the term is a
    /// word whose stem differs from it.
    stem_of: Vec<Option<u32>>,
    postings: Vec<(u32, u32)>,
    /// End of each document's postings in `postings`.
    ends: Vec<u32>,
    /// Each document's body length in words.
    lens: Vec<u32>,
}

impl Batch {
    fn intern(&mut self, t: &str) -> (u32, bool) {
        match self.terms.get(t) {
            Some(&id) => (id, false),
            None => {
                let id = self.terms.len() as u32;
                self.terms.insert(t.into(), id);
                self.stem_of.push(None);
                (id, true)
            }
        }
    }

    /// Adds a document's postings: each term's, then each stem key's, whose frequency is
    /// the sum of the document's forms of that stem other than the stem itself.
    fn add(&mut self, doc: &Doc, stem: &Stem) {
        let text = doc_text(doc);
        let terms = doc_terms(&text);
        let mut stems: FastMap<u32, Tf> = FastMap::default();
        for (t, tf) in terms.counts {
            let (id, new) = self.intern(t);
            if new {
                if let Some(s) = stem.stem(t).filter(|s| s != t) {
                    let (sid, _) = self.intern(&stem_key(&s));
                    self.stem_of[id as usize] = Some(sid);
                }
            }
            self.postings.push((id, tf.pack()));
            if let Some(sid) = self.stem_of[id as usize] {
                let sum = stems.entry(sid).or_default();
                sum.tf += tf.tf;
                sum.flags |= tf.flags;
            }
        }
        self.postings
            .extend(stems.into_iter().map(|(sid, tf)| (sid, tf.pack())));
        self.ends.push(self.postings.len() as u32);
        self.lens.push(terms.len);
    }
}

/// JavaScript's string order (UTF-16 code units), so chunk boundaries agree with `<`.
pub(super) fn js_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    if a.is_ascii() && b.is_ascii() {
        return a.cmp(b);
    }
    a.encode_utf16().cmp(b.encode_utf16())
}

/// BM25's saturated, length-normalised term frequency plus the title, lead and metadata bonuses,
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
    if t.flags & IN_META != 0 {
        v += META_BONUS;
    }
    let max = K1 + 1.0 + TITLE_BONUS + LEAD_BONUS + META_BONUS;
    ((v / max * IMPACT_SCALE).round() as u32).clamp(1, IMPACT_SCALE as u32)
}

/// Every term's postings, terms in JavaScript's order: term `r` has documents
/// `docs[starts[r]..starts[r + 1]]` (ascending) with impacts at the same places.
pub(super) struct Inverted {
    pub(super) terms: Vec<Box<str>>,
    starts: Vec<usize>,
    docs: Vec<u32>,
    impacts: Vec<u8>,
}

impl Inverted {
    pub(super) fn build(docs: &[Doc], stem: &Stem) -> Inverted {
        // A few large batches per thread, each with its own term numbers.
        let size = docs.len().div_ceil(rayon::current_num_threads() * 2).max(1);
        let mut batches: Vec<Batch> = docs
            .par_chunks(size)
            .map(|chunk| {
                let mut b = Batch::default();
                for d in chunk {
                    b.add(d, stem);
                }
                b
            })
            .collect();
        let lens: Vec<u32> = batches
            .iter()
            .flat_map(|b| b.lens.iter().copied())
            .collect();
        // Each kind is length-normalised against its own documents: a decision's line is
        // short beside any note, and the notes' impacts must not move when items are added.
        let avg_of = |kind: Kind| {
            let (sum, n) = docs
                .iter()
                .zip(&lens)
                .filter(|(d, _)| d.kind == kind)
                .fold((0.0, 0usize), |(s, n), (_, &l)| (s + l as f64, n + 1));
            (sum / n.max(1) as f64).max(1.0)
        };
        let avg = Kind::ALL.map(avg_of);

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
                let avg = avg[docs[doc as usize].kind as usize];
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

    /// Term `r`'s postings.
    fn postings(&self, r: usize) -> Postings<'_> {
        let span = self.starts[r]..self.starts[r + 1];
        Postings {
            docs: &self.docs[span.clone()],
            impacts: &self.impacts[span],
        }
    }

    /// Bytes of term `r`'s entry in a chunk: its JSON string and its postings.
    pub(super) fn entry_len(&self, r: usize) -> usize {
        json_len(&&*self.terms[r]) + json_len(&self.postings(r))
    }
}

/// Builds the index files for `docs`, in memory, for a site in `language`.
pub fn build(docs: &[Doc], language: &str, hints: &[RefHint]) -> Files {
    let files = std::sync::Mutex::new(Vec::new());
    let written = build_with(docs, language, hints, |path, bytes| {
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
/// Words are stemmed for `language` ([`Stem::for_language`]); `hints` name the issues a
/// reference query finds ([`super::hints`]).
pub fn build_with<E: Send>(
    docs: &[Doc],
    language: &str,
    hints: &[RefHint],
    write: impl Fn(&str, Vec<u8>) -> Result<(), E> + Sync,
) -> Result<Written, E> {
    // Each file's hash, by path: the index's hash is a hash of them in path order.
    let emit = |path: String, bytes: Vec<u8>| -> Result<(String, String), E> {
        let h = crate::digest::hex_parts([path.as_bytes(), bytes.as_slice()]);
        write(&path, bytes)?;
        Ok((path, h))
    };
    let counts = Kind::ALL.map(|k| docs.iter().filter(|d| d.kind == k).count() as u32);
    assert!(
        docs.windows(2).all(|w| w[0].kind <= w[1].kind),
        "documents come kind by kind: the query side reads a kind as a range of numbers"
    );
    let stem = Stem::for_language(language);
    let inverted = Inverted::build(docs, &stem);
    let groups = chunk_groups(&inverted);
    let chunk_firsts: Vec<String> = groups
        .iter()
        .map(|g| inverted.terms.get(g.start).map(|t| t.to_string()).unwrap_or_default())
        .collect();
    let mut hashes: Vec<(String, String)> = groups
        .par_iter()
        .enumerate()
        .map(|(n, g)| {
            let t: Vec<&str> = g.clone().map(|r| &*inverted.terms[r]).collect();
            let chunk = ChunkOut {
                s: chunk_stems(&stem, &t),
                t,
                p: g.clone().map(|r| inverted.postings(r)).collect(),
            };
            let bytes = serde_json::to_vec(&chunk).expect("a chunk serialises");
            emit(format!("{DIR}/index/{n}.json"), bytes)
        })
        .collect::<Result<_, E>>()?;
    let (near, rnear) = write_near(&inverted, &emit, &mut hashes)?;
    drop(inverted);

    hashes.extend(write_fragments(docs, counts[0] as usize, &emit)?);
    for facet in FACETS {
        let bytes = serde_json::to_vec(&facet_file(docs, facet)).expect("a facet serialises");
        hashes.push(emit(format!("{DIR}/filters/{facet}.json"), bytes)?);
    }

    if counts[1] + counts[2] > 0 {
        let bytes = serde_json::to_vec(&items_file(docs, counts[0] as usize)).expect("items serialise");
        hashes.push(emit(format!("{DIR}/items.json"), bytes)?);
    }

    let (refs, hint_files) = hint_files(hints);
    for (path, file) in hint_files {
        let bytes = serde_json::to_vec(&file).expect("a hint bucket serialises");
        hashes.push(emit(path, bytes)?);
    }

    // A hash of each file's hash: hashing 80 MB byte by byte on one thread took longer
    // than writing the chunks.
    hashes.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let hash = crate::digest::hex_parts(hashes.iter().map(|(_, h)| h.as_bytes()));
    let meta = Meta {
        version: VERSION,
        docs: docs.len() as u32,
        notes: counts[0],
        decisions: counts[1],
        actions: counts[2],
        items_per_file: ITEMS_PER_FILE as u32,
        hash: hash.clone(),
        chunks: chunk_firsts,
        facets: FACETS.iter().map(|f| f.to_string()).collect(),
        stem: stem.name().map(str::to_string),
        near,
        rnear,
        refs,
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

/// Each note's fragment as a file, and the fragments of decisions and action items
/// [`ITEMS_PER_FILE`] to a file (they are short and many: 37,000 at 10,000 notes).
fn write_fragments<E: Send>(
    docs: &[Doc],
    notes: usize,
    emit: &(impl Fn(String, Vec<u8>) -> Result<(String, String), E> + Sync),
) -> Result<Vec<(String, String)>, E> {
    let mut hashes: Vec<(String, String)> = docs[..notes]
        .par_iter()
        .enumerate()
        .map(|(i, d)| emit(format!("{DIR}/docs/{i}.json"), fragment_json(d)))
        .collect::<Result<_, E>>()?;
    let items: Vec<(String, String)> = docs[notes..]
        .par_chunks(ITEMS_PER_FILE)
        .enumerate()
        .map(|(k, chunk)| {
            let mut bytes = vec![b'['];
            for (j, d) in chunk.iter().enumerate() {
                if j > 0 {
                    bytes.push(b',');
                }
                bytes.extend(fragment_json(d));
            }
            bytes.push(b']');
            emit(format!("{DIR}/docs/items/{k}.json"), bytes)
        })
        .collect::<Result<_, E>>()?;
    hashes.extend(items);
    Ok(hashes)
}

/// Writes the near chunks ([`super::near`]) and returns the first word of each, forwards
/// and backwards.
fn write_near<E>(
    inverted: &Inverted,
    emit: &(impl Fn(String, Vec<u8>) -> Result<(String, String), E> + Sync),
    hashes: &mut Vec<(String, String)>,
) -> Result<(Vec<String>, Vec<String>), E> {
    let words: Vec<(&str, u32)> = (0..inverted.terms.len())
        .map(|r| {
            let n = inverted.starts[r + 1] - inverted.starts[r];
            (&*inverted.terms[r], n as u32)
        })
        .collect();
    let (forward, backward) = near_chunks(&words);
    let mut firsts = (Vec::new(), Vec::new());
    for (kind, chunks, list) in [("f", forward, &mut firsts.0), ("r", backward, &mut firsts.1)] {
        for (n, c) in chunks.iter().enumerate() {
            list.push(c.w.first().cloned().unwrap_or_default());
            let bytes = serde_json::to_vec(c).expect("a near chunk serialises");
            hashes.push(emit(format!("{DIR}/near/{kind}{n}.json"), bytes)?);
        }
    }
    Ok(firsts)
}

/// The terms of each chunk, in term order: a chunk is closed once its JSON passes
/// [`CHUNK_BYTES`].
fn chunk_groups(inverted: &Inverted) -> Vec<std::ops::Range<usize>> {
    let sizes: Vec<usize> = (0..inverted.terms.len())
        .into_par_iter()
        .map(|r| inverted.entry_len(r))
        .collect();
    let mut groups = Vec::new();
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
    groups
}

/// One facet's values, each with its documents.
fn facet_file(docs: &[Doc], facet: &str) -> Facet {
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
    Facet {
        values: values
            .into_iter()
            .map(|(id, (name, docs))| FacetValue {
                id,
                name,
                docs: delta(&docs),
            })
            .collect(),
    }
}

/// For each decision and action item, its note's document number, delta-encoded within
/// each kind (each kind is newest first, so the numbers ascend).
fn items_file(docs: &[Doc], notes: usize) -> Items {
    let mut n = Vec::with_capacity(docs.len() - notes);
    for kind in [Kind::Decision, Kind::Action] {
        let of: Vec<u32> = docs[notes..]
            .iter()
            .filter(|d| d.kind == kind)
            .map(|d| d.note)
            .collect();
        debug_assert!(of.windows(2).all(|w| w[0] <= w[1]), "items in their notes' order");
        n.extend(delta(&of));
    }
    Items { n }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frequencies_and_flags_pack_into_one_word() {
        for tf in [0, 1, 2, 3, 1000, u32::MAX >> 3] {
            for flags in 0..=(IN_TITLE | IN_LEAD | IN_META) {
                let t = Tf::unpack(Tf { tf, flags }.pack());
                assert_eq!((t.tf, t.flags), (tf, flags));
            }
        }
    }
}
