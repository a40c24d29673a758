//! Picking a note's summary while it is walked: the first paragraph with text of its own,
//! else the first list item, else a paragraph of labelled facts.

use super::blocks::{Block, Blocks};
use super::text::{is_label_line, summarize};

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

#[derive(Default)]
pub(super) struct Summary {
    leaf: Leaf,
    paragraph: Option<String>,
    list: Option<String>,
    /// A paragraph of labelled facts (`Moderator: …`): the summary only if nothing else is.
    label: Option<String>,
}

impl Summary {
    /// Text the reader sees; `own` is false for a link's label.
    pub(super) fn push(&mut self, text: &str, own: bool) {
        if self.leaf.kind.is_some() {
            self.leaf.text.push_str(text);
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

    /// Ends the text being collected: a block boundary.
    pub(super) fn end_leaf(&mut self) {
        let leaf = std::mem::take(&mut self.leaf);
        if !leaf.has_own_text {
            return;
        }
        match leaf.kind {
            // "Moderator: @x" or "Date: …" says nothing about the meeting: a later
            // paragraph (or a list item) makes the better summary.
            Some(LeafKind::Paragraph) if self.paragraph.is_none() && is_label_line(&leaf.text) => {
                self.label.get_or_insert_with(|| summarize(&leaf.text));
            }
            Some(LeafKind::Paragraph) if self.paragraph.is_none() => {
                self.paragraph = Some(summarize(&leaf.text));
            }
            Some(LeafKind::InList) if self.list.is_none() => {
                self.list = Some(summarize(&leaf.text));
            }
            _ => {}
        }
    }

    /// Starts collecting text if the innermost block could supply a summary that is still
    /// missing.
    pub(super) fn open_leaf(&mut self, blocks: &Blocks) {
        if self.paragraph.is_some() || blocks.footnote_depth > 0 {
            return;
        }
        let kind = match blocks.innermost() {
            Some(Block::Paragraph) if !blocks.in_list() => Some(LeafKind::Paragraph),
            Some(Block::Paragraph | Block::Item) if self.list.is_none() => Some(LeafKind::InList),
            _ => None,
        };
        self.leaf.kind = kind;
    }

    pub(super) fn finish(self) -> String {
        self.paragraph
            .or(self.list)
            .or(self.label)
            .unwrap_or_default()
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
        assert_eq!(r.summary, "Q: Do we trace requests?");
    }

    #[test]
    fn summary_skips_paragraphs_of_labelled_facts() {
        let r = md("# Sync\n\n**Moderator:** @ana\n**Notetaker:** @bo\n\n\
                    Date: 2023-01-24\n\nWe agreed to ship the DHT client.\n");
        assert_eq!(r.summary, "We agreed to ship the DHT client.");
        // Only facts: better than nothing.
        assert_eq!(md("Moderator: @ana\n").summary, "Moderator: @ana");
        // A question or a sentence with a colon is prose.
        assert_eq!(md("Q: Do we ship?\n").summary, "Q: Do we ship?");
        assert_eq!(
            md("Decision: we ship on Monday.\n").summary,
            "Decision: we ship on Monday."
        );
    }

    #[test]
    fn summary_falls_back_to_list_item() {
        let r = md("# T\n\n- [link](x)\n- Duration: Jan 11 - 24\n- later\n");
        assert_eq!(r.summary, "Duration: Jan 11 - 24");
        let r = md("- item first\n\nThen a paragraph.\n");
        assert_eq!(r.summary, "Then a paragraph.");
        assert_eq!(md("# Only a heading\n").summary, "");
    }

    #[test]
    fn summary_ignores_footnotes_and_tables() {
        let r = md("| a |\n|---|\n| b |\n\n[^n]: note text\n\nReal text[^n].\n");
        assert_eq!(r.summary, "Real text.");
    }
}
