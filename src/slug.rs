//! URL slugs for pages, and GitHub-compatible heading ids.
//!
//! The two are deliberately different: page slugs must be plain ASCII path segments, while
//! heading ids must match what GitHub generates, so that `#fragment` links copied from
//! GitHub (and links between notes written against GitHub) keep working.

use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

/// Characters GitHub drops from a heading's text. GitHub keeps `\p{Word}` (Onigmo: alphabetic,
/// marks, decimal digits, connector punctuation), `-` and space; github-slugger encodes the
/// same set. So `²` or `①` (other numbers) go, while `Ⅻ` (a letter number, alphabetic) and
/// U+FE0F (a mark) stay.
static NOT_IN_HEADING_ID: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[^\p{Alphabetic}\p{M}\p{Nd}\p{Pc} \-]").expect("valid regex"));

/// GitHub's anchor for a heading whose text content is `text`.
///
/// No trimming and no collapsing: GitHub keeps a trailing `-` for a trailing space (left
/// behind by an emoji or an HTML comment), and links in the wild depend on it.
pub fn heading_id(text: &str) -> String {
    if text.is_ascii() {
        // The same rule without the regex: in ASCII, `\p{Alphabetic}` is the letters,
        // `\p{Nd}` the digits, `\p{Pc}` the underscore, and there are no marks.
        return text
            .bytes()
            .filter_map(|b| match b.to_ascii_lowercase() {
                b' ' => Some('-'),
                b if b.is_ascii_alphanumeric() || b == b'_' || b == b'-' => Some(char::from(b)),
                _ => None,
            })
            .collect();
    }
    let lower = text.to_lowercase();
    let kept = NOT_IN_HEADING_ID.replace_all(&lower, "");
    kept.replace(' ', "-")
}

/// Hands out unique heading ids within one document, the way GitHub does: the second `x`
/// becomes `x-1`, the third `x-2`, skipping any id already taken (say by a heading that is
/// literally `x-1`).
#[derive(Debug, Default)]
pub struct HeadingIds {
    /// For each id handed out: how many times its base has been asked for again.
    seen: HashMap<String, usize>,
}

impl HeadingIds {
    pub fn new() -> Self {
        Self::default()
    }

    /// A unique id based on `base` (usually `heading_id(text)`), recorded as taken.
    pub fn unique(&mut self, base: &str) -> String {
        let mut id = base.to_string();
        while self.seen.contains_key(&id) {
            let n = self.seen.entry(base.to_string()).or_insert(0);
            *n += 1;
            id = format!("{base}-{n}");
        }
        self.seen.insert(id.clone(), 0);
        id
    }

    /// Records an id chosen elsewhere (an explicit `{#id}`), so generated ids avoid it.
    /// Returns false if it was already taken.
    pub fn claim(&mut self, id: &str) -> bool {
        if self.seen.contains_key(id) {
            return false;
        }
        self.seen.insert(id.to_string(), 0);
        true
    }
}

/// A URL path segment for a page (team, topic, person, note): ASCII only, lowercase, words
/// joined by single `-`. Empty when `text` has nothing alphanumeric; callers pick a fallback.
pub fn slugify(text: &str) -> String {
    // Borrowed when `text` is ASCII already.
    let ascii = deunicode::deunicode_with_tofu_cow(text, "[?]");
    let mut out = String::with_capacity(ascii.len());
    let mut pending_dash = false;
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(c.to_ascii_lowercase());
        } else {
            pending_dash = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_id_of_ascii_text_follows_the_unicode_rule() {
        // Every ASCII character, alone and between letters, as the regex rule treats it.
        for b in 0u8..=0x7f {
            let c = char::from(b);
            for text in [c.to_string(), format!("A{c}b C")] {
                let lower = text.to_lowercase();
                let want = NOT_IN_HEADING_ID.replace_all(&lower, "").replace(' ', "-");
                assert_eq!(heading_id(&text), want, "{text:?}");
            }
        }
    }

    #[test]
    fn heading_id_keeps_variation_selector_of_emoji() {
        assert_eq!(
            heading_id("Current Iteration \u{1F5D3}\u{FE0F}"),
            "current-iteration-\u{FE0F}"
        );
    }

    #[test]
    fn heading_id_keeps_trailing_dash_for_dropped_emoji() {
        assert_eq!(
            heading_id("Feedback and Open Discussion 💡"),
            "feedback-and-open-discussion-"
        );
        assert_eq!(
            heading_id("Pocket V1 DevLog Call #1 Notes "),
            "pocket-v1-devlog-call-1-notes-"
        );
    }

    #[test]
    fn heading_id_punctuation_and_spaces() {
        assert_eq!(heading_id("heading with a - dash"), "heading-with-a---dash");
        assert_eq!(
            heading_id("exchange.bind_headers(exchange, routing [, bindCallback])"),
            "exchangebind_headersexchange-routing--bindcallback"
        );
        assert_eq!(heading_id(" a "), "-a-");
        assert_eq!(heading_id("apostrophe’s"), "apostrophes");
        assert_eq!(heading_id("en–dash"), "endash");
        assert_eq!(heading_id("I ♥ unicode"), "i--unicode");
        assert_eq!(heading_id("tab\there"), "tabhere");
        assert_eq!(heading_id("non\u{A0}breaking"), "nonbreaking");
    }

    #[test]
    fn heading_id_non_latin() {
        assert_eq!(heading_id("Überblick"), "überblick");
        assert_eq!(heading_id("会议"), "会议");
        assert_eq!(heading_id("Привет non-latin 你好"), "привет-non-latin-你好");
    }

    #[test]
    fn heading_id_numbers_follow_github() {
        assert_eq!(heading_id("Step 2"), "step-2");
        // Other numbers are dropped, letter numbers (alphabetic) are kept.
        assert_eq!(heading_id("x² ① Ⅻ"), "x--ⅻ");
    }

    #[test]
    fn heading_ids_deduplicate_like_github() {
        let mut ids = HeadingIds::new();
        let got: Vec<String> = ["echo", "echo", "echo 1", "echo-1", "echo"]
            .iter()
            .map(|t| ids.unique(&heading_id(t)))
            .collect();
        assert_eq!(got, ["echo", "echo-1", "echo-1-1", "echo-1-2", "echo-2"]);

        let mut ids = HeadingIds::new();
        let got: Vec<String> = ["foxtrot-1", "foxtrot", "foxtrot"]
            .iter()
            .map(|t| ids.unique(t))
            .collect();
        assert_eq!(got, ["foxtrot-1", "foxtrot", "foxtrot-2"]);
    }

    #[test]
    fn heading_ids_avoid_claimed_ids() {
        let mut ids = HeadingIds::new();
        assert!(ids.claim("intro"));
        assert!(!ids.claim("intro"));
        assert_eq!(ids.unique("intro"), "intro-1");
    }

    #[test]
    fn slugify_examples() {
        assert_eq!(slugify("Design Meeting"), "design-meeting");
        assert_eq!(slugify("design_meeting"), "design-meeting");
        assert_eq!(slugify("Péter"), "peter");
        assert_eq!(slugify("  --Hello,  World!-- "), "hello-world");
        assert_eq!(slugify("v1.2"), "v1-2");
        assert_eq!(slugify("会议"), "hui-yi");
        assert_eq!(slugify("!!!"), "");
        assert_eq!(slugify(""), "");
    }
}
