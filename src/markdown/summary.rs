//! A note's summary candidates, collected while it is walked: its first paragraphs and
//! list items with text of their own that say something (not agenda scaffolding nor
//! attendee lists), its headings, and a paragraph of labelled facts as a last resort.
//! Which candidate becomes the summary is chosen once the lines a team's template repeats
//! are known ([`SummaryLines::choose`], called by `crate::excerpts`).

use super::blocks::{Block, Blocks};
use super::headings::TocEntry;
use super::boilerplate::{heading_says_nothing, lists_attendees, says_nothing};
use super::text::{is_label_line, summarize, SUMMARY_CHARS};

/// How many lines of each kind a note offers the choice: enough to get past a template's
/// opening lines, few enough that a long note costs no more than a short one.
const CANDIDATES: usize = 8;

/// Where the text being collected for a summary comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LeafKind {
    /// A paragraph outside any list: the preferred summary.
    Paragraph,
    /// A list item's text: the summary if no paragraph qualifies.
    InList,
}

#[derive(Default)]
struct Leaf {
    kind: Option<LeafKind>,
    text: String,
    /// Whether some non-blank text lies outside links; link-only blocks make poor summaries.
    has_own_text: bool,
}

/// What a note offers as its summary, each line already shortened ([`summarize`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SummaryLines {
    /// Paragraphs outside lists, in order.
    pub paragraphs: Vec<String>,
    /// List items, in order.
    pub items: Vec<String>,
    /// Headings that are not scaffolding ("Agenda", "Notes"), in order.
    pub headings: Vec<String>,
    /// The first paragraph or item of labelled facts (`Moderator: @x`): better than
    /// nothing, and nothing else.
    pub label: Option<String>,
}

impl SummaryLines {
    /// Every candidate line, for counting which ones a team's template repeats.
    pub fn all(&self) -> impl Iterator<Item = &str> {
        self.paragraphs
            .iter()
            .chain(&self.items)
            .chain(&self.headings)
            .chain(&self.label)
            .map(String::as_str)
    }

    /// The summary: the first paragraph that is not `template` text, else the first such
    /// list item, else the note's headings (other than its `title`) as a list of what it
    /// covered, else the labelled facts, else nothing.
    pub fn choose(&self, title: &str, template: impl Fn(&str) -> bool) -> String {
        let fresh = |v: &[String]| v.iter().find(|l| !template(l)).cloned();
        if let Some(line) = fresh(&self.paragraphs).or_else(|| fresh(&self.items)) {
            return line;
        }
        let headings: Vec<&str> = self
            .headings
            .iter()
            .filter(|h| !template(h) && !h.eq_ignore_ascii_case(title.trim()))
            .map(String::as_str)
            .collect();
        if !headings.is_empty() {
            return summarize(&headings.join(" · "));
        }
        self.label
            .as_ref()
            .filter(|l| !template(l))
            .cloned()
            .unwrap_or_default()
    }
}

#[derive(Default)]
pub(super) struct Summary {
    leaf: Leaf,
    lines: SummaryLines,
    /// Under a heading over the list of who came ("Attendees"): nothing here is a summary.
    among_attendees: bool,
}

impl Summary {
    /// Text the reader sees; `own` is false for a link's label.
    pub(super) fn push(&mut self, text: &str, own: bool) {
        if self.leaf.kind.is_some() {
            // A paragraph longer than a summary needs is still read to its end (to tell
            // its kind), but only a summary's worth of it is kept.
            if self.leaf.text.len() < SUMMARY_CHARS * 8 {
                self.leaf.text.push_str(text);
            }
            if own && !text.trim().is_empty() {
                self.leaf.has_own_text = true;
            }
        }
    }

    pub(super) fn push_space(&mut self) {
        if self.leaf.kind.is_some() {
            self.leaf.text.push(' ');
        }
    }

    /// A heading ended: the section it opens may be the list of attendees.
    pub(super) fn heading(&mut self, text: &str) {
        self.among_attendees = lists_attendees(text);
    }

    /// Ends the text being collected: a block boundary.
    pub(super) fn end_leaf(&mut self) {
        let leaf = std::mem::take(&mut self.leaf);
        let Some(kind) = leaf.kind.filter(|_| leaf.has_own_text && !self.among_attendees) else {
            return;
        };
        let text = summarize(&leaf.text);
        let lines = &mut self.lines;
        // "Moderator: @x" or "Date: …" says nothing about the meeting: a later paragraph
        // (or a list item) makes the better summary.
        if is_label_line(&text) {
            lines.label.get_or_insert(text);
        } else if !says_nothing(&text) {
            match kind {
                LeafKind::Paragraph => lines.paragraphs.push(text),
                LeafKind::InList => lines.items.push(text),
            }
        }
    }

    /// Starts collecting text if the innermost block could supply a candidate of a kind
    /// that is not full yet.
    pub(super) fn open_leaf(&mut self, blocks: &Blocks) {
        if blocks.footnote_depth > 0 {
            return;
        }
        let lines = &self.lines;
        let kind = match blocks.innermost() {
            Some(Block::Paragraph) if !blocks.in_list() && lines.paragraphs.len() < CANDIDATES => {
                Some(LeafKind::Paragraph)
            }
            Some(Block::Paragraph | Block::Item)
                if blocks.in_list() && lines.items.len() < CANDIDATES =>
            {
                Some(LeafKind::InList)
            }
            _ => None,
        };
        self.leaf.kind = kind;
    }

    /// The candidates, with the note's headings but an opening `<h1>`, which is its
    /// title (or what the title was inferred from).
    pub(super) fn finish(mut self, toc: &[TocEntry]) -> SummaryLines {
        let skip = usize::from(toc.first().is_some_and(|t| t.level == 1));
        self.lines.headings = toc[skip..]
            .iter()
            .map(|t| t.text.as_str())
            .filter(|h| !heading_says_nothing(h))
            .take(CANDIDATES)
            .map(summarize)
            .collect();
        self.lines
    }
}

#[cfg(test)]
mod tests {
    use crate::markdown::test_support::*;

    #[test]
    fn summary_skips_headings_comments_and_link_only_paragraphs() {
        let r = md("### Notes <!-- omit in toc -->\n\n<!-- draft -->\n\n\
                    [Form](https://x.y)\n\nhttps://a.b/c\n\n\
                    Q: Do we **trace** requests?\n\nSecond paragraph.\n");
        assert_eq!(r.summary(), "Q: Do we trace requests?");
    }

    #[test]
    fn summary_skips_paragraphs_of_labelled_facts() {
        let r = md("# Sync\n\n**Moderator:** @ana\n**Notetaker:** @bo\n\n\
                    Date: 2023-01-24\n\nWe agreed to ship the DHT client.\n");
        assert_eq!(r.summary(), "We agreed to ship the DHT client.");
        // Only facts: better than nothing.
        assert_eq!(md("Moderator: @ana\n").summary(), "Moderator: @ana");
        // A question or a sentence with a colon is prose.
        assert_eq!(md("Q: Do we ship?\n").summary(), "Q: Do we ship?");
        assert_eq!(
            md("Decision: we ship on Monday.\n").summary(),
            "Decision: we ship on Monday."
        );
    }

    #[test]
    fn summary_falls_back_to_list_item() {
        let r = md("# T\n\n- [link](x)\n- Duration: Jan 11 - 24\n- later\n");
        assert_eq!(r.summary(), "Duration: Jan 11 - 24");
        let r = md("- item first\n\nThen a paragraph.\n");
        assert_eq!(r.summary(), "Then a paragraph.");
        assert_eq!(md("# Only a heading\n").summary(), "");
    }

    #[test]
    fn names_listed_under_an_attendee_heading_are_no_summary() {
        let r = md("# Sync\n\n## Attendees\n\n- Jacob Heun\n- Alan Shaw\n\n\
                    ## Agenda\n\n- IPFS Camp Planning\n");
        assert_eq!(r.summary(), "IPFS Camp Planning");
    }

    #[test]
    fn summary_ignores_footnotes_and_tables() {
        let r = md("| a |\n|---|\n| b |\n\n[^n]: note text\n\nReal text[^n].\n");
        assert_eq!(r.summary(), "Real text.");
    }
}
