//! Near matches for typos: the index's words (letters only, 4 to 24 of them) with their
//! document counts, twice: sorted as written (`near/f<n>.json`) and sorted written
//! backwards (`near/r<n>.json`), each cut into small chunks whose first words `meta.json`
//! lists. A word one edit from the query keeps the query's first half or its last half
//! intact (two edits in one half, for long words, likewise), so the few chunks around the
//! query's half in one list or the other hold it: the browser never loads the vocabulary.

use super::format::NearChunk;
use super::index::js_cmp;

/// A near chunk is closed once its JSON passes this size.
pub const NEAR_BYTES: usize = 8 * 1024;
/// Words shorter than this are not corrected (too many neighbours), nor offered.
pub const MIN_TYPO_CHARS: usize = 4;
/// Words longer than this are not offered (hashes, identifiers).
pub const MAX_TYPO_CHARS: usize = 24;
#[cfg(any(test, feature = "internals"))] // the query side: tests and benchmarks
/// Words of this many letters or more may be two edits away; shorter ones one.
pub const TWO_EDITS_FROM: usize = 8;

/// Whether a term is offered as a correction.
pub fn offered(term: &str) -> bool {
    let n = term.chars().count();
    (MIN_TYPO_CHARS..=MAX_TYPO_CHARS).contains(&n) && term.chars().all(char::is_alphabetic)
}

#[cfg(any(test, feature = "internals"))] // the query side: tests and benchmarks
/// The edits a word may be away from a correction.
pub fn max_edits(word: &str) -> usize {
    if word.chars().count() >= TWO_EDITS_FROM {
        2
    } else {
        1
    }
}

/// A word written backwards, by characters (code points, as JavaScript's `[...w]`).
pub fn reversed(word: &str) -> String {
    word.chars().rev().collect()
}

#[cfg(any(test, feature = "internals"))] // the query side: tests and benchmarks
/// The number of characters at each end of a word that a correction must share with it,
/// in one of the two lists: the halves left when the middle character (or two) goes.
pub fn kept_chars(word: &str) -> usize {
    (word.chars().count() - 1) / 2
}

#[cfg(any(test, feature = "internals"))] // the query side: tests and benchmarks
/// Optimal string alignment distance (insertions, deletions, substitutions and swaps of
/// neighbours), by characters; `None` beyond `max`.
pub fn distance(a: &str, b: &str, max: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let w = b.len() + 1;
    let mut d: Vec<usize> = (0..w).collect();
    d.resize((a.len() + 1) * w, 0);
    for i in 1..=a.len() {
        d[i * w] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * w + j] + 1)
                .min(d[i * w + j - 1] + 1)
                .min(d[(i - 1) * w + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = v;
        }
    }
    let v = d[a.len() * w + b.len()];
    (v <= max).then_some(v)
}

/// The near lists of the index's terms, each `(term, documents)` in term order: the
/// chunks sorted forwards and the chunks sorted backwards.
pub(super) fn near_chunks(words: &[(&str, u32)]) -> (Vec<NearChunk>, Vec<NearChunk>) {
    let forward: Vec<(String, u32)> = words
        .iter()
        .filter(|(w, _)| offered(w))
        .map(|&(w, n)| (w.to_string(), n))
        .collect();
    let mut backward: Vec<(String, u32)> = forward
        .iter()
        .map(|(w, n)| (reversed(w), *n))
        .collect();
    backward.sort_unstable_by(|a, b| js_cmp(&a.0, &b.0));
    (cut(forward), cut(backward))
}

fn cut(words: Vec<(String, u32)>) -> Vec<NearChunk> {
    let mut out = Vec::new();
    let mut cur = NearChunk::default();
    let mut size = 0;
    for (w, n) in words {
        size += w.len() + 4 + n.to_string().len();
        cur.w.push(w);
        cur.f.push(n);
        if size >= NEAR_BYTES {
            out.push(std::mem::take(&mut cur));
            size = 0;
        }
    }
    if !cur.w.is_empty() || out.is_empty() {
        out.push(cur);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_count_swaps_as_one_edit() {
        assert_eq!(distance("govrnance", "governance", 2), Some(1));
        assert_eq!(distance("extensionles", "extensionless", 2), Some(1));
        assert_eq!(distance("teh", "the", 1), Some(1));
        assert_eq!(distance("board", "bored", 1), None);
        assert_eq!(distance("kitten", "sitting", 3), Some(3));
        assert_eq!(distance("ñandu", "nandu", 1), Some(1));
    }

    #[test]
    fn only_words_of_letters_are_offered() {
        assert!(offered("governance"));
        assert!(!offered("abc"));
        assert!(!offered("v1.2.3"));
        assert!(!offered("~board"));
        assert!(!offered("go_ipfs"));
        assert_eq!(kept_chars("govrnance"), 4);
        assert_eq!(reversed("abc"), "cba");
    }
}
