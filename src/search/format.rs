//! The index's files as serde types: what `index` writes and the query side reads.

use super::index::Doc;
use super::tokenize::specials;
use serde::ser::{SerializeSeq, Serializer};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// The files of the index, as `(path inside the site, bytes)`, and the hash that names
/// this version of them.
#[derive(Debug, Default)]
pub struct Files {
    pub files: Vec<(String, Vec<u8>)>,
    /// `meta.json`'s hash; the tests compare it (serve reads the files alone).
    #[cfg_attr(not(any(test, feature = "internals")), allow(dead_code))]
    pub hash: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Meta {
    pub version: u32,
    /// Number of documents: the notes, then the decisions, then the action items.
    pub docs: u32,
    /// How many of them are notes (documents `0..notes`): what idf counts, so that adding
    /// decisions and action items leaves the meetings' ranking as it was.
    pub notes: u32,
    /// Decisions (the next `decisions` documents) and action items (the rest).
    pub decisions: u32,
    pub actions: u32,
    /// Fragments of decisions and action items per file (`docs/items/<n>.json`).
    pub items_per_file: u32,
    /// Content hash of the index; the client adds it to every URL it fetches.
    pub hash: String,
    /// First term of each chunk `index/<n>.json`, sorted (by UTF-16 code units, as
    /// JavaScript compares strings).
    pub chunks: Vec<String>,
    pub facets: Vec<String>,
    /// The stemmer the index was built with (`english`), if any: the query is stemmed alike.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stem: Option<String>,
    /// First word of each near chunk `near/f<n>.json` (words sorted as written)…
    #[serde(default)]
    pub near: Vec<String>,
    /// …and of each `near/r<n>.json` (words written backwards, sorted).
    #[serde(default)]
    pub rnear: Vec<String>,
    /// How many hint buckets `refs/<n>.json` there are ([`super::hints`]); 0 for none.
    #[serde(default)]
    pub refs: u32,
}

/// Words near which typos are corrected ([`super::near`]): `w` sorted, `f` the number of
/// documents holding each.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct NearChunk {
    pub w: Vec<String>,
    pub f: Vec<u32>,
}

#[cfg(any(test, feature = "internals"))]
#[derive(Debug, Serialize, Deserialize)]
pub struct Chunk {
    /// Terms, sorted.
    pub t: Vec<String>,
    /// For each term: `[doc, impact, doc delta, impact, …]`, documents ascending.
    pub p: Vec<Vec<u32>>,
    /// For each term, its stem when the browser cannot stem the index's language: `""`
    /// for a term that is its own stem or is not stemmed. Empty otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub s: Vec<String>,
}

/// A document's fragment: what a result shows, and the text excerpts are cut from. The
/// build writes it borrowing the document's text; the query side reads it owned.
#[derive(Debug, Serialize, Deserialize)]
pub struct Fragment<'a> {
    /// `decision` or `action` for an outcome of a meeting; none for the meeting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<Cow<'a, str>>,
    /// An action item's state: `open` or `done`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<Cow<'a, str>>,
    /// Who an action item is assigned to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub who: Vec<Cow<'a, str>>,
    pub url: Cow<'a, str>,
    pub title: Cow<'a, str>,
    /// What tells it apart from notes with the same title (`Mon 12 Aug 2019`), shown after
    /// the title; not searched nor highlighted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_extra: Option<Cow<'a, str>>,
    /// The note's summary, shown when no section matched; not searched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<Cow<'a, str>>,
    /// `2018-08-13`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repo: Option<Cow<'a, str>>,
    /// Sections: `[heading id ("" before the first heading), heading, text, refs]`, where
    /// refs are the special terms of the section's link targets (not in its text).
    pub s: Vec<FragmentSection<'a>>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct FragmentSection<'a>(
    pub Cow<'a, str>,
    pub Cow<'a, str>,
    pub Cow<'a, str>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")] pub Vec<String>,
);

/// `items.json`: for each decision and then each action item, the number of its note's
/// document, delta-encoded within each kind; read to sort results by date.
#[derive(Debug, Serialize, Deserialize)]
pub struct Items {
    pub n: Vec<u32>,
}

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


/// A document's fragment file.
pub(super) fn fragment_json(d: &Doc) -> Vec<u8> {
    let sections = d.sections.get();
    let fragment = Fragment {
        kind: (d.kind != super::index::Kind::Meeting).then(|| Cow::Borrowed(d.kind.name())),
        state: d.state.map(Cow::Borrowed),
        who: d.who.iter().map(|w| Cow::Borrowed(w.as_str())).collect(),
        url: Cow::Borrowed(d.url),
        title: Cow::Borrowed(d.title),
        title_extra: d.title_extra.map(Cow::Borrowed),
        summary: d.summary.filter(|s| !s.is_empty()).map(Cow::Borrowed),
        team: d.team.map(|(_, name)| Cow::Borrowed(name)),
        date: d.date.map(|date| date.format("%Y-%m-%d").to_string()),
        repo: d.repo.map(Cow::Borrowed),
        s: sections
            .iter()
            .map(|s| {
                let mut refs = Vec::new();
                for l in &s.links {
                    specials(l, d.repo, |_, _, t| refs.push(t));
                }
                refs.sort();
                refs.dedup();
                FragmentSection(
                    Cow::Borrowed(s.id.as_deref().unwrap_or_default()),
                    Cow::Borrowed(&s.heading),
                    Cow::Borrowed(&s.text),
                    refs,
                )
            })
            .collect(),
    };
    serde_json::to_vec(&fragment).expect("a fragment serialises")
}

/// One chunk file as the build writes it: its terms, each term's postings, and, for a
/// language the browser cannot stem, each term's stem ([`super::stem::chunk_stems`]).
#[derive(Serialize)]
pub(super) struct ChunkOut<'a> {
    pub t: Vec<&'a str>,
    pub p: Vec<Postings<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub s: Option<super::stem::ChunkStems<'a>>,
}

/// A term's postings as [`Chunk::p`] holds them, `[doc, impact, doc delta, impact, …]`,
/// serialised straight from the index's arrays.
#[derive(Clone, Copy)]
pub(super) struct Postings<'a> {
    pub docs: &'a [u32],
    pub impacts: &'a [u8],
}

impl Serialize for Postings<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.docs.len() * 2))?;
        let mut prev = 0;
        for (&doc, &impact) in self.docs.iter().zip(self.impacts) {
            seq.serialize_element(&(doc - prev))?;
            seq.serialize_element(&impact)?;
            prev = doc;
        }
        seq.end()
    }
}

/// Bytes of `value` as JSON, counted without keeping them: chunks are cut by size before
/// they are written.
pub(super) fn json_len(value: &impl Serialize) -> usize {
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut count = Count(0);
    serde_json::to_writer(&mut count, value).expect("counting cannot fail");
    count.0
}
