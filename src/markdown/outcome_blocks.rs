//! The walker's part in finding decisions and action items: it hands each paragraph and
//! list item (its own source, line, headings, whether quoted or a task) to
//! [`crate::outcomes::classify`] as the pass meets it, and gives the element of every
//! block that holds one an `id`, so other pages can link to the spot.

use crate::outcomes::{self, anchor_id, Block, Kind, Outcome};
use crate::refs::Target;
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use std::ops::Range;

/// A paragraph or list item whose end has not been seen.
struct Open {
    item: bool,
    /// Where its `Start` event sits in the walker's output.
    out_index: usize,
    start: usize,
    line: u32,
    /// Where its own text ends (an item's first nested block starts).
    end: Option<usize>,
    task: Option<bool>,
    /// List depth it sits at (0 outside lists).
    depth: usize,
    /// References recorded before it began.
    refs_from: usize,
}

struct Heading {
    level: u8,
    kind: Option<Kind>,
    id: String,
    text: String,
}

pub(super) struct OutcomeBlocks<'a> {
    body: &'a str,
    /// Line counting: the line of byte `line_at`.
    line_at: usize,
    line: u32,
    open: Vec<Open>,
    headings: Vec<Heading>,
    lists: usize,
    quotes: usize,
    /// The kind a label-only paragraph gave, waiting for its list; then the list depth it
    /// applies to.
    lead_waiting: Option<Kind>,
    lead_list: Option<(Kind, usize)>,
    counts: [usize; 2],
    pub(super) found: Vec<Outcome>,
    /// Output indexes of the `Start` events to give an id: (index, item?, id).
    patches: Vec<(usize, bool, String)>,
    /// Per outcome in `found`: the range of reference numbers recorded inside its block.
    refs: Vec<(usize, usize)>,
}

impl<'a> OutcomeBlocks<'a> {
    pub(super) fn new(body: &'a str) -> Self {
        OutcomeBlocks {
            body,
            line_at: 0,
            line: 1,
            open: Vec::new(),
            headings: Vec::new(),
            lists: 0,
            quotes: 0,
            lead_waiting: None,
            lead_list: None,
            counts: [0, 0],
            found: Vec::new(),
            patches: Vec::new(),
            refs: Vec::new(),
        }
    }

    /// Called before the walker sees `event`, which starts at `range` and whose `Start`
    /// (if any) will be output at `out_index`; `refs` is how many references are recorded.
    pub(super) fn see(&mut self, event: &Event, range: &Range<usize>, out_index: usize, refs: usize) {
        match event {
            Event::Start(tag) => self.start(tag, range, out_index, refs),
            Event::End(tag) => self.end(*tag, range, refs),
            Event::TaskListMarker(checked) => {
                if let Some(o) = self.open.last_mut().filter(|o| o.item) {
                    o.task = Some(*checked);
                }
            }
            _ => {}
        }
    }

    fn start(&mut self, tag: &Tag, range: &Range<usize>, out_index: usize, refs: usize) {
        // The first nested block ends an item's own text.
        if !matches!(tag, Tag::Paragraph | Tag::Item) || self.in_item_text() {
            if let Some(o) = self.open.last_mut().filter(|o| o.item && o.end.is_none()) {
                if !matches!(
                    tag,
                    Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Image { .. } | Tag::Superscript | Tag::Subscript
                ) {
                    o.end = Some(range.start);
                }
            }
        }
        match tag {
            Tag::Paragraph => {
                self.lead_waiting = None;
                if !self.in_item() {
                    self.push(false, range, out_index, refs);
                }
            }
            Tag::Item => self.push(true, range, out_index, refs),
            Tag::List(_) => {
                self.lists += 1;
                if let Some(kind) = self.lead_waiting.take() {
                    self.lead_list = Some((kind, self.lists));
                }
            }
            Tag::BlockQuote(_) => self.quotes += 1,
            Tag::Heading { .. } | Tag::CodeBlock(_) | Tag::Table(_) | Tag::HtmlBlock => {
                self.lead_waiting = None;
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd, range: &Range<usize>, refs: usize) {
        match tag {
            TagEnd::Paragraph => {
                if let Some(o) = self.open.last_mut() {
                    if o.item {
                        o.end.get_or_insert(range.end);
                    } else {
                        let o = self.open.pop().expect("checked");
                        self.close(o, range.end, refs);
                    }
                }
            }
            TagEnd::Item => {
                if let Some(o) = self.open.pop() {
                    self.close(o, range.end, refs);
                }
            }
            TagEnd::List(_) => {
                if self.lead_list.is_some_and(|(_, d)| d == self.lists) {
                    self.lead_list = None;
                }
                self.lists = self.lists.saturating_sub(1);
            }
            TagEnd::BlockQuote(_) => self.quotes = self.quotes.saturating_sub(1),
            _ => {}
        }
    }

    fn in_item(&self) -> bool {
        self.open.last().is_some_and(|o| o.item)
    }

    fn in_item_text(&self) -> bool {
        self.open.last().is_some_and(|o| o.item && o.end.is_none())
    }

    fn push(&mut self, item: bool, range: &Range<usize>, out_index: usize, refs: usize) {
        let line = self.line_of(range.start);
        self.open.push(Open {
            item,
            out_index,
            start: range.start,
            line,
            end: None,
            task: None,
            depth: self.lists,
            refs_from: refs,
        });
    }

    /// The line of byte `at`: blocks start in order, so counting is linear.
    fn line_of(&mut self, at: usize) -> u32 {
        if at >= self.line_at {
            let upto = at.min(self.body.len());
            self.line += self.body.as_bytes()[self.line_at..upto]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u32;
            self.line_at = upto;
        }
        self.line
    }

    fn close(&mut self, o: Open, end: usize, refs: usize) {
        let own_end = o.end.unwrap_or(end).min(self.body.len()).max(o.start);
        let Some(source) = self.body.get(o.start..own_end) else {
            return;
        };
        // Sections: the innermost heading's kind, or its parent's (`## Decisions` then
        // `### Topic`); not deeper (`## Resolutions`, `### Cycles`, `#### Pro`). Only
        // blocks straight under it.
        let section = self.headings.iter().rev().take(2).find_map(|h| h.kind);
        let under = self.headings.last().map_or("", |h| h.text.as_str());
        let top = if o.item { o.depth == 1 } else { o.depth == 0 };
        let lead = self
            .lead_list
            .filter(|&(_, d)| o.item && d == o.depth)
            .map(|(k, _)| k);
        let block = Block {
            source,
            line: o.line,
            item: o.item,
            task: o.task,
            quoted: self.quotes > 0,
            section: section.filter(|_| top),
            lead,
            under,
        };
        let classified = outcomes::classify(&block);
        if !o.item && classified.lead.is_some() {
            self.lead_waiting = classified.lead;
        }
        if classified.found.is_empty() {
            return;
        }
        let agenda = self
            .headings
            .iter()
            .rev()
            .find(|h| h.kind.is_none())
            .map(|h| (h.id.clone(), h.text.clone()));
        let mut block_anchor: Option<String> = None;
        for f in classified.found {
            let slot = &mut self.counts[f.kind as usize];
            *slot += 1;
            let anchor = block_anchor
                .get_or_insert_with(|| anchor_id(f.kind, *slot))
                .clone();
            self.refs.push((o.refs_from, refs));
            self.found.push(Outcome {
                kind: f.kind,
                text: f.text,
                line: block.line + f.line_offset,
                anchor,
                agenda: agenda.clone(),
                handles: f.handles,
                assignees: f.assignees,
                due: f.due,
                done: f.done,
                refs: Vec::new(),
                html: String::new(),
            });
        }
        if let Some(id) = block_anchor {
            self.patches.push((o.out_index, o.item, id));
        }
    }

    pub(super) fn heading(&mut self, level: u8, id: &str, text: &str) {
        while self.headings.last().is_some_and(|h| h.level >= level) {
            self.headings.pop();
        }
        self.headings.push(Heading {
            level,
            kind: outcomes::heading_kind(text),
            id: id.to_string(),
            text: text.trim().to_string(),
        });
    }

    /// Gives the blocks that hold an outcome their id in `out`, and each outcome the
    /// references recorded inside its block (`targets` in recording order).
    pub(super) fn finish(mut self, out: &mut [Event<'_>], targets: &[Target]) -> Vec<Outcome> {
        for (index, item, id) in self.patches {
            let tag = if item { "li" } else { "p" };
            if let Some(slot) = out.get_mut(index) {
                if matches!(slot, Event::Start(Tag::Item | Tag::Paragraph)) {
                    *slot = Event::Html(CowStr::from(format!("<{tag} id=\"{id}\">")));
                }
            }
        }
        for (o, &(from, to)) in self.found.iter_mut().zip(&self.refs) {
            if let Some(t) = targets.get(from..to) {
                o.refs = t.to_vec();
            }
        }
        self.found
    }
}

#[cfg(test)]
mod tests {
    use crate::markdown::test_support::*;
    use crate::outcomes::Kind;

    fn found(body: &str) -> Vec<(Kind, String, u32, String)> {
        md(body)
            .outcomes
            .into_iter()
            .map(|o| (o.kind, o.text, o.line, o.anchor))
            .collect()
    }

    #[test]
    fn sections_lists_and_their_agenda_items() {
        let body = "# Meeting\n\n## Release plan\n\nTalked.\n\n### Conclusion\n\n- ship **v2** on Monday\n  - nested detail\n- keep the old API\n\n## Action items\n\n- @ann: write the post by Friday\n- [x] @bob tag the release\n";
        let r = md(body);
        let got: Vec<(Kind, &str, u32)> = r
            .outcomes
            .iter()
            .map(|o| (o.kind, o.text.as_str(), o.line))
            .collect();
        assert_eq!(
            got,
            vec![
                (Kind::Decision, "ship **v2** on Monday", 9),
                (Kind::Decision, "keep the old API", 11),
                (Kind::Action, "@ann: write the post by Friday", 15),
                (Kind::Action, "@bob tag the release", 16),
            ]
        );
        assert_eq!(
            r.outcomes[0].agenda,
            Some(("release-plan".to_string(), "Release plan".to_string()))
        );
        assert_eq!(r.outcomes[2].agenda, Some(("meeting".into(), "Meeting".into())));
        assert_eq!(r.outcomes[2].assignees, vec!["ann"]);
        assert_eq!(r.outcomes[2].due.as_deref(), Some("friday"));
        assert!(r.outcomes[3].done && !r.outcomes[2].done);
        // Every anchor is an element id in the page.
        for o in &r.outcomes {
            assert!(r.html.contains(&format!("<li id=\"{}\">", o.anchor)), "{}", r.html);
        }
        assert!(r.html.contains("<li id=\"act-2\"><input disabled=\"\" type=\"checkbox\" checked=\"\" aria-label=\"Done\"/>"), "{}", r.html);
    }

    #[test]
    fn labelled_paragraphs_get_an_id() {
        let r = md("Some talk.\n\n**Decision**: we go with [the plan](https://x.y).\n");
        assert_eq!(r.outcomes.len(), 1);
        assert_eq!(r.outcomes[0].text, "we go with [the plan](https://x.y).");
        assert!(r.html.contains("<p id=\"dec-1\"><strong>Decision</strong>"), "{}", r.html);
    }

    #[test]
    fn near_misses_in_the_page() {
        let body = "## Decision process\n\n- we talk first\n\n\
                    We couldn't decide on a name.\n\n\
                    ```\n- [ ] not a task\nDecision: not one\n```\n\n\
                    > Decision: an older one, quoted\n> - [ ] quoted task\n\n\
                    ## Decisions to make\n\n- the name\n";
        assert_eq!(found(body), vec![]);
    }

    #[test]
    fn a_section_reaches_one_heading_down() {
        let body = "## Decisions\n\n### Naming\n\n- keep the name\n\n#### Pro\n\n- short and known\n";
        let got: Vec<String> = found(body).into_iter().map(|f| f.1).collect();
        assert_eq!(got, vec!["keep the name"]);
    }

    #[test]
    fn a_label_alone_makes_the_next_list_outcomes() {
        let body = "## Topic A\n\n**Conclusion**:\n\n- first\n- second\n\nMore talk.\n\n- not this one\n";
        let got: Vec<String> = found(body).into_iter().map(|f| f.1).collect();
        assert_eq!(got, vec!["first", "second"]);
    }

    #[test]
    fn references_in_an_outcome_are_kept() {
        let r = md_in("Decision: close #12 and o/r#3\n", Some("rust-lang/lang-team"));
        assert_eq!(r.outcomes[0].refs.len(), 2);
    }

    #[test]
    fn hostile_nesting_stays_linear() {
        let body = "- [ ] fix abc\n".repeat(20_000) + &"> ".repeat(200) + "Decision: deep\n";
        let r = md(&body);
        assert_eq!(r.outcomes.len(), 20_000);
    }
}
