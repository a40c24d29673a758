//! Word forms: Snowball stemmers (rust-stemmers), so "boards" meets "board" and "voting"
//! meets "voted". The index keeps, besides each word, a key `stem~` with the documents
//! that hold a form of that stem other than the stem itself (after the words that start
//! with the stem, so mostly in the chunk the query's own word is in).
//!
//! The browser must stem a query word as the index did. For English it runs its own port
//! of the algorithm (`search.js`), tested against this one on every word of the real
//! archives, so any form typed meets the others. For the other languages Snowball has, the
//! index chunks carry each word's stem (`s`, [`ChunkStems`]) and the query takes the stem
//! of the word as the index holds it: a form that some note writes meets the other forms;
//! a form no note writes finds what its typo corrections find.

use rust_stemmers::Algorithm;

/// What ends a stem key in the index: no word or special term holds it, and it sorts
/// after the letters.
pub const STEM_MARK: char = '~';

/// The languages Snowball stems, by ISO 639-1 code, with the name `meta.json` gives them.
const LANGUAGES: [(&str, Algorithm, &str); 18] = [
    ("ar", Algorithm::Arabic, "arabic"),
    ("da", Algorithm::Danish, "danish"),
    ("de", Algorithm::German, "german"),
    ("el", Algorithm::Greek, "greek"),
    ("en", Algorithm::English, "english"),
    ("es", Algorithm::Spanish, "spanish"),
    ("fi", Algorithm::Finnish, "finnish"),
    ("fr", Algorithm::French, "french"),
    ("hu", Algorithm::Hungarian, "hungarian"),
    ("it", Algorithm::Italian, "italian"),
    ("nb", Algorithm::Norwegian, "norwegian"),
    ("nl", Algorithm::Dutch, "dutch"),
    ("no", Algorithm::Norwegian, "norwegian"),
    ("pt", Algorithm::Portuguese, "portuguese"),
    ("ro", Algorithm::Romanian, "romanian"),
    ("ru", Algorithm::Russian, "russian"),
    ("sv", Algorithm::Swedish, "swedish"),
    ("tr", Algorithm::Turkish, "turkish"),
];

/// The stemmer of an archive, or none.
pub struct Stem(Option<(rust_stemmers::Stemmer, &'static str)>);

impl Stem {
    /// The stemmer for a site's `language` (`en`, `en-GB`, `de`, `pt_BR`, …); none for a
    /// language Snowball does not have.
    pub fn for_language(language: &str) -> Stem {
        let l = language.to_ascii_lowercase();
        let code = l.split(['-', '_']).next().unwrap_or("");
        Stem(
            LANGUAGES
                .iter()
                .find(|(c, _, _)| *c == code)
                .map(|&(_, algorithm, name)| (rust_stemmers::Stemmer::create(algorithm), name)),
        )
    }

    /// The stemmer `meta.json` names (`english`, `german`, …), as the query side reads it.
    #[cfg(any(test, feature = "internals"))]
    pub fn named(name: &str) -> Stem {
        Stem(
            LANGUAGES
                .iter()
                .find(|(_, _, n)| *n == name)
                .map(|&(_, algorithm, name)| (rust_stemmers::Stemmer::create(algorithm), name)),
        )
    }

    #[cfg(any(test, feature = "internals"))] // the query side: tests and benchmarks
    /// No stemming.
    pub fn none() -> Stem {
        Stem(None)
    }

    /// The name `meta.json` gives the algorithm, for the browser.
    pub fn name(&self) -> Option<&'static str> {
        self.0.as_ref().map(|(_, name)| *name)
    }

    /// Whether the browser stems words itself (English), rather than reading each word's
    /// stem from the index chunks.
    pub fn in_browser(&self) -> bool {
        self.name() == Some("english")
    }

    /// The stem of a folded word, if it is stemmed at all: words with a letter and only
    /// letters, digits and `_` (not numbers, references, handles or dates).
    pub fn stem(&self, word: &str) -> Option<String> {
        let (s, _) = self.0.as_ref()?;
        if !stemmable(word) {
            return None;
        }
        Some(s.stem(word).into_owned())
    }
}

/// Whether a term is a word the stemmer applies to.
pub fn stemmable(word: &str) -> bool {
    word.chars().count() >= 3
        && word.chars().any(char::is_alphabetic)
        && word.chars().all(|c| c.is_alphanumeric() || c == '_')
}

/// What a chunk says of each of its terms' stems when the browser cannot stem: `""` for a
/// term that is its own stem or is not stemmed, else the stem.
pub type ChunkStems<'a> = Vec<std::borrow::Cow<'a, str>>;

/// [`ChunkStems`] of `terms`, or `None` when the browser stems (English) or nothing is.
pub fn chunk_stems<'a>(stem: &Stem, terms: &[&'a str]) -> Option<ChunkStems<'a>> {
    if stem.0.is_none() || stem.in_browser() {
        return None;
    }
    Some(
        terms
            .iter()
            .map(|t| match stem.stem(t) {
                Some(s) if s != *t => s.into(),
                _ => "".into(),
            })
            .collect(),
    )
}

/// The stem of `term` as a chunk's `s` records it (`stems[k]` for the term at `k`): the
/// term itself when it is stemmed to itself, none when it is not stemmable.
#[cfg(any(test, feature = "internals"))]
pub fn stem_in_chunk(term: &str, recorded: &str) -> Option<String> {
    if !recorded.is_empty() {
        Some(recorded.to_string())
    } else {
        stemmable(term).then(|| term.to_string())
    }
}

/// The index key of a stem.
pub fn stem_key(stem: &str) -> String {
    format!("{stem}{STEM_MARK}")
}

#[cfg(any(test, feature = "internals"))] // the query side: tests and benchmarks
/// Whether an index term is a stem key (not offered as a prefix's expansion).
pub fn is_stem_key(term: &str) -> bool {
    term.ends_with(STEM_MARK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_forms_meet() {
        let s = Stem::for_language("en");
        let st = |w: &str| s.stem(w).unwrap();
        assert_eq!(st("boards"), st("board"));
        assert_eq!(st("voting"), st("vote"));
        assert_eq!(st("voted"), st("vote"));
        assert_eq!(st("yubikeys"), st("yubikey"));
        assert_eq!(s.stem("2017"), None);
        assert_eq!(s.stem("go"), None);
        assert_eq!(Stem::for_language("xx").stem("boards"), None);
        assert_eq!(Stem::for_language("en-GB").name(), Some("english"));
        assert!(Stem::for_language("en").in_browser());
        assert_eq!(stem_key("board"), "board~");
        assert!(is_stem_key("board~") && !is_stem_key("board"));
        // After every word that starts with the stem, before the next stem.
        assert!(stem_key("board").as_str() > "boardroom" && stem_key("board").as_str() < "boare");
    }

    #[test]
    fn other_languages_stem_in_the_index_not_in_the_browser() {
        let de = Stem::for_language("de-AT");
        assert_eq!(de.name(), Some("german"));
        assert!(!de.in_browser());
        assert_eq!(de.stem("abstimmungen"), de.stem("abstimmung"));
        assert_eq!(Stem::for_language("pt_BR").name(), Some("portuguese"));
        assert_eq!(Stem::named("french").name(), Some("french"));
        let terms = ["abstimmungen", "abstimmung", "2024", "abstimmung~"];
        let s = chunk_stems(&de, &terms).unwrap();
        assert_eq!(s, ["abstimm", "abstimm", "", ""]);
        assert_eq!(stem_in_chunk("abstimmungen", &s[0]).as_deref(), Some("abstimm"));
        assert_eq!(stem_in_chunk("2024", ""), None);
        assert_eq!(stem_in_chunk("haus", "").as_deref(), Some("haus"));
        assert_eq!(chunk_stems(&Stem::for_language("en"), &terms), None);
        assert_eq!(chunk_stems(&Stem::for_language("xx"), &terms), None);
    }
}
