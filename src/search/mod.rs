//! Search: the index the browser queries, built in process from the text the markdown pass
//! already has (no HTML re-parsing), in the spirit of Pagefind's design:
//!
//! - `search/meta.json`: the number of documents, the content hash, and the first term of
//!   every index chunk (the browser finds a term's chunk by binary search);
//! - `search/index/<n>.json`: terms in sorted order, split into chunks of about
//!   [`CHUNK_BYTES`], each term with its postings (document, impact); with a stemmer
//!   for the site's language, also a key `stem~` per stem with the documents holding a
//!   form of it other than the stem itself, and, for a language other than English
//!   (which the browser stems itself), each term's stem ([`stem`]);
//! - `search/near/f<n>.json`, `search/near/r<n>.json`: the index's words and their document
//!   counts, sorted forwards and written backwards, in small chunks, for typo corrections
//!   ([`near`]);
//! - `search/docs/<doc>.json`: one fragment per note (title, team, date, sections with
//!   their text), fetched only for the results a reader sees, for excerpts and highlights;
//!   `search/docs/items/<n>.json`: the fragments of decisions and action items, 64 a file;
//! - `search/filters/<facet>.json`: team, topic, year and person, each value with its
//!   documents, fetched only by the full search page;
//! - `search/items.json`: for each decision and action item (documents of their own kind
//!   after the notes, issue 18), its note's document, fetched to sort by date;
//! - `search/refs/<n>.json`: the referenced issues bucketed by number, with their titles,
//!   states and pages, for the hint a reference query (`#5358`) shows ([`hints`]).
//!
//! A query word matches its exact term (1.0), the terms it starts with while it is typed
//! (0.7), its other forms (0.6), and, when those find at most two documents, the words one
//! edit away (two from eight letters; 0.5), which the results name ("did you mean").
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


mod format;
mod hints;
mod index;
mod near;
#[cfg(any(test, feature = "internals"))]
mod query;
mod stem;
#[cfg(test)]
mod tests;
mod tokenize;

pub use format::Files;
pub use hints::RefHint;
pub use index::{build, build_with, Doc, Kind, Sections};
pub use tokenize::assignee_term;

// What only the tests, benchmarks and the query side read.
#[cfg(any(test, feature = "internals"))]
pub use format::{Chunk, Facet, FacetValue, Fragment, FragmentSection, Items, Meta, NearChunk};
#[cfg(any(test, feature = "internals"))]
pub use index::Written;
#[cfg(any(test, feature = "internals"))]
pub use query::*;
#[cfg(any(test, feature = "internals"))]
pub use stem::Stem;
#[cfg(any(test, feature = "internals"))]
pub use hints::{bucket_of, hint_matches, HintFile, HintRow};
#[cfg(any(test, feature = "internals"))]
pub use near::distance;
#[cfg(any(test, feature = "internals"))]
pub use tokenize::{fold, fold_into, query_words, special_term, specials, words};

/// Folder of the site that holds the index.
pub const DIR: &str = "search";
/// Format version, in `meta.json`; the client refuses other versions.
pub const VERSION: u32 = 3;
/// A chunk is closed once its JSON passes this size; a chunk is the least the browser
/// fetches for a term, so this bounds the bytes of a one-word query.
pub const CHUNK_BYTES: usize = 24 * 1024;
/// Fragments of decisions and action items per file, `docs/items/<n>.json`.
pub const ITEMS_PER_FILE: usize = 64;
/// Facets, each in `filters/<name>.json`.
pub const FACETS: [&str; 4] = ["team", "topic", "year", "person"];
