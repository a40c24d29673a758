//! What a note says an issue is. Archives often name the issue they cite, in a few
//! recurring shapes:
//!
//! - an author's link: `[Base32/CIDv1](https://github.com/ipfs/go-ipfs/issues/5358)`;
//! - a reference that opens its line, then a colon or a dash: `- #409: Peer discovery`;
//! - a reference followed by its name in brackets: `go-ipfs#5358 (Base32 CIDv1 migration)`;
//! - a line that ends with the reference in brackets, as GitHub's own lists of pull
//!   requests do: `Peer discovery for LocalNet (#409)`.
//!
//! Precision first: a wording that is a status (`done`), a pointer (`this PR`, `here`) or
//! another reference is not a title, and nothing is taken from the middle of a sentence.

use std::sync::Arc;

/// Longest title taken, in characters: a longer text is a sentence, not a name.
const MAX_CHARS: usize = 120;

/// First words of a status, not a name: `done`, `needs review`, `wip PR`.
const STATUS: &[&str] = &[
    "done", "merged", "closed", "open", "opened", "wip", "blocked", "ongoing", "landed",
    "shipped", "todo", "tbd", "fixed", "released", "pending", "n/a", "none", "ok", "yes", "no",
    "needs", "need", "still", "in", "see",
];

/// Words that point at an issue rather than name it (`this PR`, `Epic Issue`, `the
/// comment here`): a short label with one of them is not a title.
const POINTERS: &[&str] = &[
    "pr", "prs", "issue", "issues", "comment", "comments", "here", "this", "that", "thread",
    "link", "epic", "ticket", "discussion", "request",
];

/// Labels of at most this many words are pointers when they hold one of [`POINTERS`].
const POINTER_WORDS: usize = 4;

/// How a reference appeared in the block's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Written {
    /// `text[start..end]` is the label of a link the author wrote to the issue.
    Label,
    /// `text[start..end]` is the reference as the note wrote it (`#409`, `o/r#1`).
    Reference,
}

/// The title `text` (a block's plain text) gives the reference at `text[start..end]`;
/// `next` is where the block's next reference starts (or its length): a title never runs
/// into it (`#1: One thing #2: Another` names two issues).
pub(super) fn title_near(
    text: &str,
    start: usize,
    end: usize,
    next: usize,
    how: Written,
) -> Option<Arc<str>> {
    let next = next.min(text.len());
    let (start, end) = (start.min(next), end.min(next));
    if ![start, end, next].iter().all(|&i| text.is_char_boundary(i)) || start > end {
        return None;
    }
    let text = &text[..next];
    // An author's label names the issue unless it is the reference itself
    // (`[#409](…): Peer discovery`); then the text around it may.
    // Only a link that opens its line is a name: a link inside a sentence labels a
    // piece of that sentence (`we [wrote up the use case](…)`).
    let label = match how {
        Written::Label if opens_block(&text[..start]) => Some(&text[start..end]),
        _ => None,
    };
    [label, after(text, start, end), before(text, start, end)]
        .into_iter()
        .flatten()
        .map(|t| t.trim().trim_end_matches(['.', ',', ';', ':']).trim())
        .find(|t| is_title(t))
        .map(Arc::from)
}

/// `#409: Peer discovery`, `#409 - Peer discovery` (the reference opens the block), or
/// `#409 (Peer discovery)` anywhere.
fn after(text: &str, start: usize, end: usize) -> Option<&str> {
    let rest = &text[end..];
    if let Some(inner) = rest.strip_prefix(" (") {
        return inner.split_once(')').map(|(t, _)| t);
    }
    if !opens_block(&text[..start]) {
        return None;
    }
    let rest = rest.trim_start();
    let rest = ["：", ":", " - ", "- ", "– ", "— "]
        .iter()
        .find_map(|sep| rest.strip_prefix(sep.trim_start()))?;
    // Up to the end of the first sentence or line.
    let cut = rest
        .find(['\n'])
        .or_else(|| rest.find(". "))
        .unwrap_or(rest.len());
    Some(&rest[..cut])
}

/// `Peer discovery for LocalNet (#409)`: the reference in brackets ends the block.
fn before(text: &str, start: usize, end: usize) -> Option<&str> {
    let head = text[..start].strip_suffix('(')?;
    if !text[end..].trim_end().eq(")") {
        return None;
    }
    let head = head.trim_end();
    // The line it ends, not what came before on earlier lines.
    Some(head.rsplit('\n').next().unwrap_or(head))
}

/// Whether only list markers and spaces come before the reference.
fn opens_block(before: &str) -> bool {
    before
        .chars()
        .all(|c| c.is_whitespace() || matches!(c, '-' | '*' | '+' | '•'))
}

fn is_title(t: &str) -> bool {
    let chars = t.chars().count();
    if !(3..=MAX_CHARS).contains(&chars) {
        return false;
    }
    let lower = t.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric() && c != '/')
        .filter(|w| !w.is_empty())
        .collect();
    if words.first().is_some_and(|w| STATUS.contains(w)) {
        return false;
    }
    if words.len() <= POINTER_WORDS && words.iter().any(|w| POINTERS.contains(w)) {
        return false;
    }
    // Another reference, a URL or a number is not a name.
    if lower.starts_with("http") || lower.contains("github.com/") {
        return false;
    }
    let letters = t.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 3 {
        return false;
    }
    let reference_like = t
        .split_whitespace()
        .all(|w| w.contains('#') || w.contains('@') || w.chars().all(|c| !c.is_alphabetic()));
    !reference_like
}

#[cfg(test)]
mod tests {
    use super::*;

    fn title(text: &str, reference: &str, how: Written) -> Option<String> {
        let start = text.find(reference).unwrap();
        title_near(text, start, start + reference.len(), text.len(), how).map(|t| t.to_string())
    }

    #[test]
    fn each_written_shape_gives_the_title() {
        let r = Written::Reference;
        assert_eq!(
            title("#409: Peer discovery for LocalNet", "#409", r).as_deref(),
            Some("Peer discovery for LocalNet")
        );
        assert_eq!(
            title("- #409 - Peer discovery. Then more", "#409", r).as_deref(),
            Some("Peer discovery")
        );
        assert_eq!(
            title(
                "we looked at go-ipfs#5358 (Base32 CIDv1 migration) again",
                "go-ipfs#5358",
                r
            )
            .as_deref(),
            Some("Base32 CIDv1 migration")
        );
        assert_eq!(
            title("Peer discovery for LocalNet (#409)", "#409", r).as_deref(),
            Some("Peer discovery for LocalNet")
        );
        assert_eq!(
            title("Base32/CIDv1", "Base32/CIDv1", Written::Label).as_deref(),
            Some("Base32/CIDv1")
        );
    }

    #[test]
    fn pointers_statuses_references_and_mid_sentence_mentions_are_not_titles() {
        let r = Written::Reference;
        for (text, reference, how) in [
            ("here", "here", Written::Label),
            ("this PR", "this PR", Written::Label),
            ("Epic Issue", "Epic Issue", Written::Label),
            ("Needs review and release", "Needs review and release", Written::Label),
            ("yes still an issue", "yes still an issue", Written::Label),
            ("we wrote up the use case", "wrote up the use case", Written::Label),
            ("o/r#12", "o/r#12", Written::Label),
            ("https://github.com/o/r/issues/1", "https://github.com/o/r/issues/1", Written::Label),
            ("#409: done", "#409", r),
            ("#409 (#410)", "#409", r),
            ("we fixed #409: it works now", "#409", r),
            ("see #409 for details", "#409", r),
            ("(#409) is open", "#409", r),
            ("#409: 12", "#409", r),
        ] {
            assert_eq!(title(text, reference, how), None, "{text}");
        }
    }

    #[test]
    fn a_title_stops_where_the_next_reference_starts() {
        let text = "#1: One thing #2: Another";
        let next = text.find("#2").unwrap();
        let t = title_near(text, 0, 2, next, Written::Reference);
        assert_eq!(t.as_deref(), Some("One thing"));
    }

    #[test]
    fn a_title_longer_than_a_name_is_left_out() {
        let long = format!("#1: {}", "word ".repeat(40));
        assert_eq!(title(&long, "#1", Written::Reference), None);
    }
}
