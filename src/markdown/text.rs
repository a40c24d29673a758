//! Plain-text helpers: word counts, whitespace, sentences and summaries.

use unicode_segmentation::UnicodeSegmentation;

/// Longest summary before it is cut at a word boundary (and "…" added).
pub const SUMMARY_CHARS: usize = 200;
/// Longest reference context kept; longer paragraphs are cut to the sentence.
pub(super) const CONTEXT_CHARS: usize = 300;

/// Whitespace-separated tokens with a letter or digit.
pub(super) fn word_count(text: &str) -> usize {
    if !text.is_ascii() {
        return text
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .count();
    }
    // ASCII (most prose): one pass over bytes, as `collapse_whitespace` does.
    let (mut count, mut counted) = (0, false);
    for &b in text.as_bytes() {
        if matches!(b, b'\t'..=b'\r' | b' ') {
            counted = false;
        } else if !counted && b.is_ascii_alphanumeric() {
            count += 1;
            counted = true;
        }
    }
    count
}

/// `text` with each run of whitespace made one space, and none at either end.
pub(crate) fn collapse_whitespace(text: &str) -> String {
    if text.is_ascii() {
        // Most text is ASCII: one pass over bytes instead of a Unicode-aware split, which
        // took ~5% of the markdown pass. ASCII whitespace as `char::is_whitespace` sees it.
        let mut out = Vec::with_capacity(text.len());
        let mut gap = false;
        for &b in text.as_bytes() {
            if matches!(b, b'\t'..=b'\r' | b' ') {
                gap = !out.is_empty();
            } else {
                if gap {
                    out.push(b' ');
                    gap = false;
                }
                out.push(b);
            }
        }
        return String::from_utf8(out).expect("ASCII in, ASCII out");
    }
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Where the sentences of one block's text end, found once per block: a paragraph that
/// is one long line holds a reference every few bytes, and looking for the sentence
/// around each one from its own offset made the context pass quadratic in the block.
pub(super) struct SentenceEnds<'a> {
    text: &'a str,
    /// Offsets of the `.`, `?` and `!` followed by whitespace or the end, ascending.
    /// Empty for a short text, whose every reference gets all of it.
    ends: Vec<usize>,
}

impl<'a> SentenceEnds<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        let ends = if text.len() <= CONTEXT_CHARS {
            Vec::new()
        } else {
            let bytes = text.as_bytes();
            // The marks are ASCII, so a byte test is a char test; what follows is
            // whitespace when it is ASCII whitespace or a Unicode space starting there.
            text.match_indices(['.', '?', '!'])
                .map(|(i, _)| i)
                .filter(|&i| {
                    i + 1 == bytes.len()
                        || text[i + 1..]
                            .chars()
                            .next()
                            .is_some_and(char::is_whitespace)
                })
                .collect()
        };
        SentenceEnds { text, ends }
    }

    /// The part of the text that is the context of a reference at byte offset `at`: all
    /// of it when it is short, else from the end of the sentence before to the end of
    /// this one.
    pub(super) fn bounds(&self, at: usize) -> (usize, usize) {
        if self.text.len() <= CONTEXT_CHARS {
            return (0, self.text.len());
        }
        // Ends before `at` close earlier sentences; the first at or after `at` closes
        // this one.
        let next = self.ends.partition_point(|&i| i < at);
        let start = next.checked_sub(1).map_or(0, |p| self.ends[p] + 1);
        let end = self.ends.get(next).map_or(self.text.len(), |&i| i + 1);
        (start, end)
    }
}

/// The sentence `(start, end)` of `text`, whitespace collapsed, and at most
/// [`CONTEXT_CHARS`] characters around `at` when it is longer.
pub(super) fn sentence_text(text: &str, at: usize, (start, end): (usize, usize)) -> String {
    if end - start <= CONTEXT_CHARS {
        return collapse_whitespace(&text[start..end]);
    }
    let half = CONTEXT_CHARS / 2;
    let mut from = start.max(at.saturating_sub(half));
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let mut to = end.min(at + half).max(from);
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    let mut out = String::new();
    if from > start {
        out.push('…');
    }
    out.push_str(&collapse_whitespace(&text[from..to]));
    if to < end {
        out.push('…');
    }
    out
}

/// `text`, whitespace collapsed, cut to at most `max` characters with "…".
pub(super) fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", text[..cut].trim_end()),
        None => text.to_string(),
    }
}

/// Labels of the facts notes open with, which make poor summaries.
const FACT_LABELS: &[&str] = &[
    "attendees",
    "call link",
    "chair",
    "date",
    "duration",
    "facilitator",
    "host",
    "lead",
    "location",
    "meeting lead",
    "meeting link",
    "moderator",
    "note taker",
    "notetaker",
    "participants",
    "present",
    "recording",
    "scribe",
    "time",
    "video",
    "when",
    "where",
    "zoom",
];

/// True when a paragraph opens with one of `FACT_LABELS` and a colon (`Moderator: @x`,
/// `**Date:** 2023-01-24`), case-insensitively.
pub(super) fn is_label_line(text: &str) -> bool {
    let Some((label, _)) = text.trim_start().split_once(':') else {
        return false;
    };
    let label = label.trim().to_ascii_lowercase();
    FACT_LABELS.contains(&label.as_str())
}

/// `text` with whitespace collapsed, cut to at most [`SUMMARY_CHARS`] characters at a word
/// boundary, with "…" when something was cut.
pub(super) fn summarize(text: &str) -> String {
    let text = collapse_whitespace(text);
    let Some((cut, _)) = text.char_indices().nth(SUMMARY_CHARS) else {
        return text;
    };
    let head = &text[..cut];
    let at_word_end = text[cut..].starts_with(' ');
    let kept = if at_word_end {
        head
    } else if let Some(space) = head.rfind(' ').filter(|&i| i > 0) {
        &head[..space]
    } else {
        // No space to cut at (one long URL, or a script written without spaces): cut at
        // the last word boundary, or mid-word if there is none.
        match head.split_word_bound_indices().next_back() {
            Some((last, _)) if last > 0 => &head[..last],
            _ => head,
        }
    };
    let kept = kept.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, ',' | ';' | ':' | '-' | '–' | '—' | '(' | '[')
    });
    format!("{kept}…")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::test_support::*;

    #[test]
    fn sentence_ends_give_each_reference_its_sentence_in_a_long_block() {
        let first = "First sentence mentions #1 here. ";
        let filler = "word ".repeat(CONTEXT_CHARS / 5);
        let text = format!("{first}{filler}and #2 ends? Version 1.2 of #3! last #4");
        let ends = SentenceEnds::new(&text);
        let at = |s: &str| text.find(s).unwrap();
        let end1 = first.len() - 1;
        assert_eq!(ends.bounds(at("#1")), (0, end1));
        let end2 = at("? Version") + 1;
        assert_eq!(ends.bounds(at("#2")), (end1, end2));
        // `1.2` is no sentence end: no whitespace after its dot.
        let end3 = at("! last") + 1;
        assert_eq!(ends.bounds(at("#3")), (end2, end3));
        assert_eq!(ends.bounds(at("#4")), (end3, text.len()));
        let short = SentenceEnds::new("Short. #1 here.");
        assert_eq!(short.bounds(8), (0, 15));
    }

    #[test]
    fn collapse_whitespace_matches_a_unicode_split_on_ascii_and_beyond() {
        let slow = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
        for t in [
            "",
            "   ",
            "one",
            "  lead and trail  ",
            "a\r\nb\t\tc\x0bd\x0ce",
            "x\x1fy",
            "- [ ] 42 -- ok, #3 !",
            "no\u{a0}break and\u{2003}em",
            "Zoë  café\n",
        ] {
            assert_eq!(collapse_whitespace(t), slow(t), "{t:?}");
            let words = t
                .split_whitespace()
                .filter(|w| w.chars().any(char::is_alphanumeric))
                .count();
            assert_eq!(word_count(t), words, "{t:?}");
        }
    }

    #[test]
    fn summary_is_cut_at_a_word_boundary() {
        let long = "word ".repeat(100);
        let r = md(&long);
        assert!(r.summary().ends_with("word…"), "{}", r.summary());
        assert!(r.summary().chars().count() <= SUMMARY_CHARS + 1);

        let exact = "abcd ".repeat(40); // 200 chars with the trailing space trimmed away
        assert_eq!(md(&exact).summary(), exact.trim_end());

        let cut = summarize(&format!("{} tail", "x".repeat(198)));
        assert_eq!(cut, format!("{}…", "x".repeat(198)));

        let no_spaces = "会".repeat(300);
        assert_eq!(summarize(&no_spaces), format!("{}…", "会".repeat(199)));
        let one_word = "y".repeat(300);
        assert_eq!(summarize(&one_word), format!("{}…", "y".repeat(200)));
    }
}
