//! The query side: the reference implementation the browser's `search.js` ports (same
//! parsing, scoring and order), used by the tests that check the browser ranks alike.

use super::format::*;
use super::index::js_cmp;
use super::tokenize::{fold, special_term, specials, words};
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
                (f.url.into_owned(), f.title.into_owned(), section)
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
fn item_matches(item: &Item, term: &str) -> bool {
    term == item.term || (item.prefix && term.starts_with(&item.term))
}

/// The section most query items occur in (a heading match counts three times, then the
/// number of occurrences decides, then the earlier section). `None` when the best is the
/// text before the first heading or nothing matches.
pub fn best_section(f: &Fragment<'_>, parsed: &Parsed) -> Option<String> {
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
            best = Some((distinct, hits, &*s.0));
        }
    }
    best.map(|(_, _, id)| id)
        .filter(|id| !id.is_empty())
        .map(str::to_string)
}

