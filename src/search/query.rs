//! The query side: the reference implementation the browser's `search.js` ports (same
//! parsing, scoring and order), used by the tests that check the browser ranks alike.

use super::format::*;
use super::index::js_cmp;
use super::near::{distance, kept_chars, max_edits, offered, reversed};
use super::stem::{is_stem_key, stem_in_chunk, stem_key, Stem};
use super::tokenize::{assignee_term, fold, query_words, special_term, specials, words};
use super::index::Kind;
use super::{DIR, VERSION};
use std::cell::RefCell;
use std::collections::HashMap;

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
/// Another form of the word (same stem) counts this much of an exact match, a little
/// less than a prefix: a stem match widens which notes hold every word of the query, and
/// more weight let notes with only a loose form of one word outrank notes with all of
/// them as written (0.8 lost a known-item query of the ipfs archive; 0.6 keeps them all).
pub const STEM_WEIGHT: f64 = 0.6;
/// A correction of a typo counts this much of an exact match, below every other match.
pub const CORRECTION_WEIGHT: f64 = 0.5;
/// A word found in at most this many documents (exact, stemmed or as a prefix) is also
/// looked up corrected…
pub const FEW_MATCHES: usize = 2;
/// …by at most this many corrections (the fewest edits away, then the most frequent).
pub const MAX_CORRECTIONS: usize = 3;

/// One thing every result must contain: a term, or (for the word being typed) any term
/// that starts with it, or another form of it (same stem), or a correction of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub term: String,
    pub prefix: bool,
    /// The term's stem, when the index is stemmed and the term is a word.
    pub stem: Option<String>,
    /// Corrections the search used for this item (filled by [`Searcher::run`]).
    pub also: Vec<String>,
}

impl Item {
    pub(super) fn new(term: String) -> Item {
        Item {
            term,
            prefix: false,
            stem: None,
            also: Vec::new(),
        }
    }
}

/// `(term, weight, postings, more)`: a term an item matches; its idf counts `more`
/// documents besides its own.
type Found = (String, f64, Vec<u32>, u32);

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    pub items: Vec<Item>,
    /// Quoted phrases of two words or more, as word sequences.
    pub phrases: Vec<Vec<String>>,
    /// The kinds of result the query asks for (`decision:`, `action:`, and `assignee:`,
    /// which only action items have); empty for every kind.
    pub kinds: Vec<Kind>,
}

/// The query syntax for decisions and action items: `decision:` and `action:` (or their
/// plurals) keep only results of that kind; `assignee:@ann` keeps the action items
/// assigned to `@ann` (any of the person's handles, or their page's id). Returns the kind
/// asked for, whether the word names an assignee next (`assignee: @ann`), and what follows
/// the colon (a word of the query, or the assignee).
pub fn operator(raw: &str) -> Option<(Kind, bool, &str)> {
    let colon = raw.find(':')?;
    let rest = &raw[colon + 1..];
    match raw[..colon].to_ascii_lowercase().as_str() {
        "decision" | "decisions" => Some((Kind::Decision, false, rest)),
        "action" | "actions" => Some((Kind::Action, false, rest)),
        "assignee" | "assigned" => Some((Kind::Action, true, rest)),
        _ => None,
    }
}


/// Parses a query. `typing`: the last word is still being typed, so it also matches as a
/// prefix (unless the query ends in a space or a quote).
pub fn parse(query: &str, typing: bool) -> Parsed {
    let mut out = Parsed::default();
    let mut last_plain: Option<usize> = None;
    let mut assignee_next = false;
    for (k, part) in query.split('"').enumerate() {
        let quoted = k % 2 == 1;
        let mut phrase = Vec::new();
        for raw in query_words(part) {
            let mut raw = raw.as_str();
            last_plain = None;
            let mut assignee = std::mem::take(&mut assignee_next);
            if let Some((kind, names, rest)) = operator(raw).filter(|_| !quoted) {
                if !out.kinds.contains(&kind) {
                    out.kinds.push(kind);
                }
                assignee_next = names && rest.is_empty();
                assignee = names;
                raw = rest;
            }
            if assignee {
                if let Some(t) = assignee_term(raw) {
                    last_plain = Some(out.items.len());
                    out.items.push(Item::new(t));
                }
                continue;
            }
            if let Some(t) = special_term(raw) {
                if t.starts_with('@') {
                    last_plain = Some(out.items.len());
                }
                out.items.push(Item::new(t));
                continue;
            }
            for w in words(&fold(raw)) {
                last_plain = Some(out.items.len());
                phrase.push(w.to_string());
                out.items.push(Item::new(w.to_string()));
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

/// How many of a term's postings (`[doc delta, impact, …]`) are notes (documents
/// `0..notes`): the document frequency idf counts, so decisions and action items, which
/// repeat their notes' words, leave the meetings' ranking as it was.
pub fn note_df(p: &[u32], notes: u32) -> u32 {
    let mut doc = 0;
    let mut n = 0;
    for pair in p.chunks_exact(2) {
        doc += pair[0];
        if doc >= notes {
            break;
        }
        n += 1;
    }
    n
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
    /// The words as typed: no corrections ("search instead for").
    pub literal: bool,
    /// The kinds of result kept (the search page's "Kind" filter); empty for every kind.
    /// The query's own (`decision:`) apply too.
    pub kinds: Vec<Kind>,
}

/// What a search found: the hits, and each query word that matched only through a
/// correction, with the correction ("Showing results for …").
#[derive(Debug, Clone, Default)]
pub struct Results {
    pub hits: Vec<Hit>,
    pub corrected: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub doc: u32,
    pub kind: Kind,
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
    pub stem: Stem,
    /// Whether query words take their stems from the index chunks (a language other than
    /// English: [`super::stem`]).
    index_stems: bool,
    chunks: RefCell<HashMap<usize, std::rc::Rc<Chunk>>>,
    near: RefCell<HashMap<String, std::rc::Rc<NearChunk>>>,
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
        // The browser stems English itself; other languages' stems are read from the
        // chunks, and words shown are matched as written.
        let stem = match meta.stem.as_deref() {
            Some("english") => Stem::for_language("en"),
            _ => Stem::none(),
        };
        let index_stems = meta.stem.as_deref().is_some_and(|n| n != "english");
        Ok(Searcher {
            fetch,
            meta,
            stem,
            index_stems,
            chunks: RefCell::new(HashMap::new()),
            near: RefCell::new(HashMap::new()),
        })
    }

    pub(super) fn chunk(&self, n: usize) -> Result<std::rc::Rc<Chunk>, LoadError> {
        if let Some(c) = self.chunks.borrow().get(&n) {
            return Ok(c.clone());
        }
        let c: std::rc::Rc<Chunk> =
            std::rc::Rc::new(load(&self.fetch, &format!("{DIR}/index/{n}.json"))?);
        self.chunks.borrow_mut().insert(n, c.clone());
        Ok(c)
    }

    pub fn fragment(&self, doc: u32) -> Result<Fragment<'static>, LoadError> {
        let m = &self.meta;
        if doc < m.notes {
            return load(&self.fetch, &format!("{DIR}/docs/{doc}.json"));
        }
        let k = doc - m.notes;
        let per = m.items_per_file.max(1);
        let file: Vec<Fragment<'static>> =
            load(&self.fetch, &format!("{DIR}/docs/items/{}.json", k / per))?;
        file.into_iter()
            .nth((k % per) as usize)
            .ok_or_else(|| LoadError::Missing(format!("{DIR}/docs/items/{}.json: {doc}", k / per)))
    }

    pub fn facet(&self, name: &str) -> Result<Facet, LoadError> {
        load(&self.fetch, &format!("{DIR}/filters/{name}.json"))
    }

    fn near_chunk(&self, name: String) -> Result<std::rc::Rc<NearChunk>, LoadError> {
        if let Some(c) = self.near.borrow().get(&name) {
            return Ok(c.clone());
        }
        let c: std::rc::Rc<NearChunk> =
            std::rc::Rc::new(load(&self.fetch, &format!("{DIR}/near/{name}.json"))?);
        self.near.borrow_mut().insert(name, c.clone());
        Ok(c)
    }

    /// The chunk that would hold `term`.
    fn chunk_of(&self, term: &str) -> usize {
        chunk_in(&self.meta.chunks, term)
    }

    /// Words of the index within [`max_edits`] of `word` (not `word` itself): those the
    /// fewest edits away, the most frequent first, at most [`MAX_CORRECTIONS`].
    pub fn corrections(&self, word: &str) -> Result<Vec<String>, LoadError> {
        let max = max_edits(word);
        let keep = kept_chars(word);
        let mut found: Vec<(usize, u32, String)> = Vec::new();
        for (kind, firsts) in [("f", &self.meta.near), ("r", &self.meta.rnear)] {
            let target = if kind == "f" {
                word.to_string()
            } else {
                reversed(word)
            };
            let head: String = target.chars().take(keep).collect();
            for n in near_window(firsts, &target, &head) {
                let c = self.near_chunk(format!("{kind}{n}"))?;
                for (w, &f) in c.w.iter().zip(&c.f) {
                    if !w.starts_with(&head) {
                        continue;
                    }
                    let w = if kind == "f" { w.clone() } else { reversed(w) };
                    if let Some(d) = distance(word, &w, max).filter(|&d| d > 0) {
                        found.push((d, f, w));
                    }
                }
            }
        }
        found.sort_by(|a, b| (a.0, b.1).cmp(&(b.0, a.1)).then(js_cmp(&a.2, &b.2)));
        found.dedup_by(|a, b| a.2 == b.2);
        let best = found.first().map(|f| f.0);
        Ok(found
            .into_iter()
            .take_while(|f| Some(f.0) == best)
            .take(MAX_CORRECTIONS)
            .map(|f| f.2)
            .collect())
    }

    /// What an item matches: the term (and, while typed, the terms it starts with), its
    /// other forms, and `r#12` for `o/r#12` (a note that names the repository without its
    /// owner, at [`PREFIX_WEIGHT`]); when that finds at most [`FEW_MATCHES`] documents,
    /// corrections too. Returns the matches, the corrections used, and whether anything
    /// but a correction matched.
    fn expand(&self, item: &Item, literal: bool) -> Result<(Vec<Found>, Vec<String>, bool), LoadError> {
        let mut found = self.lookup(item)?;
        // Completions and other forms count the word's own documents in their idf: the
        // fewer documents of a rarer completion (`editions` for `edition` typed) or form
        // must not make it outrank the word the reader wrote.
        let own = found
            .iter()
            .find(|f| f.0 == item.term)
            .map_or(0, |f| note_df(&f.2, self.meta.notes));
        if item.prefix {
            for f in found.iter_mut().filter(|f| f.0 != item.term) {
                f.3 = own;
            }
        }
        if let Some(short) = without_owner(&item.term) {
            found.extend(self.exact(short, PREFIX_WEIGHT)?);
        }
        if let Some(s) = &item.stem {
            let mut forms = self.exact(&stem_key(s), STEM_WEIGHT)?;
            if *s != item.term {
                forms.extend(self.exact(s, STEM_WEIGHT)?);
            }
            found.extend(forms.into_iter().map(|(t, w, p, _)| (t, w, p, own)));
        }
        let docs: usize = found
            .iter()
            .map(|f| note_df(&f.2, self.meta.notes) as usize)
            .sum();
        let mut used = Vec::new();
        if !literal && docs <= FEW_MATCHES && offered(&item.term) {
            for c in self.corrections(&item.term)? {
                let hits = self.exact(&c, CORRECTION_WEIGHT)?;
                if !hits.is_empty() {
                    used.push(c);
                    found.extend(hits);
                }
            }
        }
        Ok((found, used, docs > 0))
    }

    /// The stem the index records for `term`, when the index holds the term.
    fn stem_in_index(&self, term: &str) -> Result<Option<String>, LoadError> {
        let c = self.chunk(self.chunk_of(term))?;
        Ok(c.t
            .binary_search_by(|t| js_cmp(t, term))
            .ok()
            .and_then(|k| stem_in_chunk(term, c.s.get(k).map_or("", String::as_str))))
    }

    /// A term's postings, if the index has it, at `weight`.
    fn exact(&self, term: &str, weight: f64) -> Result<Vec<Found>, LoadError> {
        let found = self.lookup(&Item::new(term.to_string()))?;
        Ok(found
            .into_iter()
            .map(|(t, _, p, _)| (t, weight, p, 0))
            .collect())
    }

    fn lookup(&self, item: &Item) -> Result<Vec<Found>, LoadError> {
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
                    found.push((t.clone(), 1.0, p.clone(), 0));
                } else if item.prefix && t.starts_with(&item.term) {
                    if !is_stem_key(t) {
                        found.push((t.clone(), PREFIX_WEIGHT, p.clone(), 0));
                    }
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
        Ok(self.run(query, opts)?.hits)
    }

    /// [`Searcher::search`], with the corrections that stood in for query words.
    pub fn run(&self, query: &str, opts: &Options) -> Result<Results, LoadError> {
        let mut parsed = parse(query, opts.typing);
        let mut out = Results::default();
        if parsed.items.is_empty() {
            // `decision:` alone: every decision, newest first.
            if !parsed.kinds.is_empty() {
                let hits: Vec<(u32, f64)> = (0..self.meta.docs)
                    .filter(|&d| parsed.kinds.contains(&self.kind_of(d)))
                    .map(|d| (d, 1.0))
                    .collect();
                out.hits = self.finish(hits, &parsed, opts)?;
            }
            return Ok(out);
        }
        let mut total: Option<HashMap<u32, f64>> = None;
        for item in &mut parsed.items {
            item.stem = if self.index_stems {
                self.stem_in_index(&item.term)?
            } else {
                self.stem.stem(&item.term)
            };
            let (found, used, matched) = self.expand(item, opts.literal)?;
            if !matched && !used.is_empty() {
                out.corrected.push((item.term.clone(), used[0].clone()));
            }
            item.also = used;
            let scores = item_scores(self.meta.notes, &found);
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
        if !parsed.kinds.is_empty() {
            hits.retain(|&(d, _)| parsed.kinds.contains(&self.kind_of(d)));
        }
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
        out.hits = self.finish(hits, &parsed, opts)?;
        Ok(out)
    }

    /// The kind of document `doc` (`meta.json` gives each kind's range).
    pub fn kind_of(&self, doc: u32) -> Kind {
        let m = &self.meta;
        if doc < m.notes {
            Kind::Meeting
        } else if doc < m.notes + m.decisions {
            Kind::Decision
        } else {
            Kind::Action
        }
    }

    /// The hits of the kinds kept that the filters allow, in the order asked for,
    /// the first `opts.limit` with their URL, title and best section.
    fn finish(&self, mut hits: Vec<(u32, f64)>, parsed: &Parsed, opts: &Options) -> Result<Vec<Hit>, LoadError> {
        if !opts.kinds.is_empty() {
            hits.retain(|&(d, _)| opts.kinds.contains(&self.kind_of(d)));
        }
        self.filter(&mut hits, opts)?;
        self.hits(hits, parsed, opts.limit)
    }

    /// Keeps the hits the filters allow, in the order asked for.
    fn filter(&self, hits: &mut Vec<(u32, f64)>, opts: &Options) -> Result<(), LoadError> {
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
            let keys = self.date_keys(hits)?;
            hits.sort_by_key(|h| (keys(h.0), h.0));
        }
        Ok(())
    }

    /// What sorts documents by date: a note's own number, a decision's or action item's
    /// note's (`items.json`, read only when such a result is among the hits).
    fn date_keys(&self, hits: &[(u32, f64)]) -> Result<impl Fn(u32) -> u32, LoadError> {
        let notes = self.meta.notes;
        let mut of = Vec::new();
        if hits.iter().any(|h| h.0 >= notes) {
            let items: Items = load(&self.fetch, &format!("{DIR}/items.json"))?;
            let mut at = 0;
            for (k, d) in items.n.iter().enumerate() {
                at = if k == self.meta.decisions as usize { *d } else { at + d };
                of.push(at);
            }
        }
        Ok(move |doc: u32| if doc < notes { doc } else { of[(doc - notes) as usize] })
    }

    /// The hits, the first `limit` with their URL, title and best section.
    fn hits(&self, hits: Vec<(u32, f64)>, parsed: &Parsed, limit: usize) -> Result<Vec<Hit>, LoadError> {
        let mut out = Vec::with_capacity(hits.len());
        for (k, (doc, score)) in hits.into_iter().enumerate() {
            let (url, title, section) = if k < limit {
                let f = self.fragment(doc)?;
                // A decision or action item links to its spot, whatever matched.
                let section = match f.kind {
                    Some(_) => f.s.first().map(|s| s.0.to_string()).filter(|id| !id.is_empty()),
                    None => best_section(&f, parsed, &self.stem),
                };
                (f.url.into_owned(), f.title.into_owned(), section)
            } else {
                (String::new(), String::new(), None)
            };
            out.push(Hit {
                doc,
                kind: self.kind_of(doc),
                score,
                url,
                title,
                section,
            });
        }
        Ok(out)
    }
}

/// One item's score in each document it matches: the best of its terms there. Its idf
/// counts the `notes` only ([`note_df`]).
fn item_scores(notes: u32, found: &[Found]) -> HashMap<u32, f64> {
    let mut scores: HashMap<u32, f64> = HashMap::new();
    for (_, weight, p, more) in found {
        // At most every note, where idf is smallest and still above 0.
        let idf = idf(notes, (note_df(p, notes) + more).min(notes));
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
    scores
}

/// The chunk (of a list whose first terms are `firsts`) that would hold `term`.
fn chunk_in(firsts: &[String], term: &str) -> usize {
    firsts
        .partition_point(|first| js_cmp(first, term) != std::cmp::Ordering::Greater)
        .saturating_sub(1)
}

/// The near chunks to read for `target` whose words must start with `head`: its own
/// chunk and, where they may hold words starting with `head`, one on each side.
fn near_window(firsts: &[String], target: &str, head: &str) -> std::ops::RangeInclusive<usize> {
    if firsts.is_empty() {
        #[allow(clippy::reversed_empty_ranges)]
        return 1..=0;
    }
    let c = chunk_in(firsts, target);
    let from = if c > 0 && firsts[c].starts_with(head) { c - 1 } else { c };
    let to = if c + 1 < firsts.len() && firsts[c + 1].starts_with(head) { c + 1 } else { c };
    from..=to
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
pub fn has_phrase(f: &Fragment<'_>, phrase: &[String]) -> bool {
    let holds = |text: &str| {
        let folded = fold(text);
        let ws: Vec<&str> = words(&folded).collect();
        ws.windows(phrase.len())
            .any(|w| w.iter().zip(phrase).all(|(a, b)| a == b))
    };
    holds(&f.title) || f.s.iter().any(|s| holds(&s.1) || holds(&s.2))
}

/// Whether a term of the text satisfies an item.
fn item_matches(item: &Item, term: &str, stem: &Stem) -> bool {
    term == item.term
        || (item.prefix && term.starts_with(&item.term))
        || item.also.iter().any(|a| a == term)
        || (item.stem.is_some() && stem.stem(term) == item.stem)
}

/// The section most query items occur in (a heading match counts three times, then the
/// number of occurrences decides, then the earlier section). `None` when the best is the
/// text before the first heading or nothing matches.
pub fn best_section(f: &Fragment<'_>, parsed: &Parsed, stem: &Stem) -> Option<String> {
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
                    if item_matches(item, w, stem) {
                        found += 1;
                        in_heading |= heading;
                    }
                }
                specials(text, f.repo.as_deref(), |_, _, t| {
                    if item_matches(item, &t, stem) {
                        found += 1;
                        in_heading |= heading;
                    }
                });
            };
            scan(&s.1, true);
            scan(&s.2, false);
            found += s.3.iter().filter(|t| item_matches(item, t, stem)).count();
            if found > 0 {
                distinct += if in_heading { 3 } else { 1 };
                hits += found;
            }
        }
        if distinct > 0 && best.is_none_or(|(d, h, _)| (distinct, hits) > (d, h)) {
            best = Some((distinct, hits, &*s.0));
        }
    }
    best.map(|(_, _, id)| id)
        .filter(|id| !id.is_empty())
        .map(str::to_string)
}

