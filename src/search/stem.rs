//! Word forms: Snowball's English stemmer (rust-stemmers), so "boards" meets "board" and
//! "voting" meets "voted". The index keeps, besides each word, a key `stem~` with the
//! documents that hold a form of that stem other than the stem itself (after the words
//! that start with the stem, so mostly in the chunk the query's own word is in); the browser stems
//! the query with its own port of the same algorithm (`stem.js`), tested against this one
//! on every word of the real archives. Other languages are not stemmed: the browser has
//! only the English algorithm, and both sides must agree.

/// What ends a stem key in the index: no word or special term holds it, and it sorts
/// after the letters.
pub const STEM_MARK: char = '~';

/// The stemmer of an archive, or none.
pub struct Stem(Option<rust_stemmers::Stemmer>);

impl Stem {
    /// The stemmer for a site's `language` (`en`, `en-GB`, …); none for other languages.
    pub fn for_language(language: &str) -> Stem {
        let l = language.to_ascii_lowercase();
        let english = l == "en" || l.starts_with("en-") || l.starts_with("en_");
        Stem(english.then(|| rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English)))
    }

    #[cfg(any(test, feature = "internals"))] // the query side: tests and benchmarks
    /// No stemming.
    pub fn none() -> Stem {
        Stem(None)
    }

    /// The name `meta.json` gives the algorithm, for the browser.
    pub fn name(&self) -> Option<&'static str> {
        self.0.as_ref().map(|_| "english")
    }

    /// The stem of a folded word, if it is stemmed at all: words with a letter and only
    /// letters, digits and `_` (not numbers, references, handles or dates).
    pub fn stem(&self, word: &str) -> Option<String> {
        let s = self.0.as_ref()?;
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
        assert_eq!(Stem::for_language("fr").stem("boards"), None);
        assert_eq!(Stem::for_language("en-GB").name(), Some("english"));
        assert_eq!(stem_key("board"), "board~");
        assert!(is_stem_key("board~") && !is_stem_key("board"));
        // After every word that starts with the stem, before the next stem.
        assert!(stem_key("board").as_str() > "boardroom" && stem_key("board").as_str() < "boare");
    }
}
