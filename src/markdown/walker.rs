//! One pass over pulldown-cmark's events: rewrites them into the page's (heading ids,
//! autolinks, reference links, highlighted code, relative links made page URLs) and
//! hands the text the reader sees to the collectors (sections, summary, word count,
//! reference contexts).

use super::autolink::{linkify, may_contain_link, Span};
use super::blocks::{Block, Blocks};
use super::headings::{anchor_html, OpenHeading, Outline};
use super::outcome_blocks::OutcomeBlocks;
use super::raw_html::RawTracker;
use super::reflink::{self, HeadingRef, RefLinker};
use super::summary::Summary;
use super::text::word_count;
use super::{LinkOptions, Rendered};
use crate::highlight::Highlighter;
use crate::refs::{self, Shown, Target};
use crate::sanitize;
use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Tag, TagEnd};
use pulldown_cmark_escape::{escape_href, escape_html};
use std::sync::Arc;

/// An open link, as the walker rewrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum OpenLink {
    /// Left to pulldown-cmark.
    Plain,
    /// Written as HTML with an anchor id, because it points at a GitHub reference.
    Ref,
    /// An autolink (`<https://github.com/o/r/issues/1>`) whose text becomes this.
    Shorten(Shown),
    /// A link to a scheme pages must not link to (`javascript:`): only its text is shown.
    Removed,
}

struct OpenCode {
    lang: String,
    text: String,
}

pub(super) struct Walker<'a, 'h> {
    /// `None` when only references are wanted: code is not highlighted.
    highlighter: Option<&'h Highlighter>,
    pub(super) refs: Option<RefLinker<'h>>,
    pub(super) rewrite: Option<LinkOptions<'h>>,
    /// One entry per open link.
    links: Vec<OpenLink>,
    link_depth: usize,
    image_depth: usize,
    /// One entry per open image: whether it was removed (its URL's scheme), leaving its
    /// alt text as text.
    images: Vec<bool>,
    /// Whether a link or image was removed.
    removed_link: bool,
    out: Vec<Event<'a>>,
    outline: Outline,
    heading: Option<OpenHeading>,
    code: Option<OpenCode>,
    blocks: Blocks,
    raw: RawTracker,
    summary: Summary,
    /// All prose, for counting words.
    prose: String,
    /// Decisions and action items, when wanted (the page's render only).
    pub(super) outcomes: Option<OutcomeBlocks<'a>>,
}

impl<'a, 'h> Walker<'a, 'h> {
    pub(super) fn new(highlighter: Option<&'h Highlighter>, body_len: usize) -> Self {
        Walker {
            highlighter,
            refs: None,
            rewrite: None,
            links: Vec::new(),
            link_depth: 0,
            image_depth: 0,
            images: Vec::new(),
            removed_link: false,
            out: Vec::new(),
            outline: Outline::new(),
            heading: None,
            code: None,
            blocks: Blocks::default(),
            raw: RawTracker::default(),
            summary: Summary::default(),
            prose: String::with_capacity(body_len),
            outcomes: None,
        }
    }

    /// [`Walker::event`] for an event that starts at `range` of the body: what finding
    /// decisions and action items needs to know of where blocks are.
    pub(super) fn event_at(&mut self, event: Event<'a>, range: std::ops::Range<usize>) {
        if let Some(o) = &mut self.outcomes {
            let refs = self.refs.as_ref().map_or(0, RefLinker::hit_count);
            o.see(&event, &range, self.out.len(), refs);
        }
        self.event(event);
    }

    pub(super) fn event(&mut self, event: Event<'a>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => self.text(text),
            Event::Code(code) => {
                self.plain_text(&code, self.outside_links());
                self.out.push(Event::Code(code));
            }
            Event::InlineMath(math) => {
                self.plain_text(&math, self.outside_links());
                self.out.push(Event::InlineMath(math));
            }
            Event::DisplayMath(math) => {
                self.plain_text(&math, self.outside_links());
                self.out.push(Event::DisplayMath(math));
            }
            Event::InlineHtml(html) => {
                self.raw.see_inline(&html);
                // Tags separate words (`a<br>b`) more often than they join them.
                if self.heading.is_none() {
                    self.plain_space();
                }
                self.out.push(Event::InlineHtml(html));
            }
            Event::SoftBreak | Event::HardBreak => {
                match &mut self.heading {
                    // GitHub's id sees the newline of a setext heading and drops it.
                    Some(h) => {
                        h.text.push('\n');
                        if let Some(r) = &mut self.refs {
                            r.block_text.push(' ');
                        }
                    }
                    None => self.plain_space(),
                }
                self.out.push(event);
            }
            Event::Rule => {
                self.block_boundary();
                self.out.push(event);
            }
            Event::Html(html) => {
                self.raw.see(&html);
                self.out.push(Event::Html(html));
            }
            // A task's checkbox, named so assistive technology says what its state means
            // (pulldown-cmark's has no label: axe-core's `label` rule).
            Event::TaskListMarker(done) => self.out.push(Event::InlineHtml(CowStr::Borrowed(
                if done {
                    "<input disabled=\"\" type=\"checkbox\" checked=\"\" aria-label=\"Done\"/>\n"
                } else {
                    "<input disabled=\"\" type=\"checkbox\" aria-label=\"Done\"/>\n"
                },
            ))),
            Event::FootnoteReference(_) => self.out.push(event),
        }
    }

    fn start(&mut self, mut tag: Tag<'a>) {
        if let (Some(l), Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) =
            (self.rewrite, &mut tag)
        {
            if let Some(url) = l.rewriter.rewrite(l.source, dest_url) {
                *dest_url = url.into();
            }
        }
        let removed = match &tag {
            Tag::Link {
                link_type,
                dest_url,
                ..
            } => *link_type != LinkType::Email && !sanitize::url_allowed(dest_url),
            Tag::Image { dest_url, .. } => !sanitize::url_allowed(dest_url),
            _ => false,
        };
        self.removed_link |= removed;
        let keep = match &tag {
            Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            } => self.start_link(*link_type, dest_url, title, removed),
            Tag::Image { .. } => {
                self.image_depth += 1;
                self.images.push(removed);
                !removed
            }
            Tag::CodeBlock(kind) => {
                self.start_code(kind);
                // Replaced by one HTML event at the end of the block.
                false
            }
            _ => {
                self.start_block(&tag);
                true
            }
        };
        if keep {
            self.out.push(Event::Start(tag));
        }
    }

    /// Whether the link's start event stays: not when it is removed (its text stays, as
    /// text: what GitHub shows of it) or written as HTML.
    fn start_link(&mut self, link_type: LinkType, dest: &str, title: &str, removed: bool) -> bool {
        self.link_depth += 1;
        if removed {
            self.links.push(OpenLink::Removed);
            return false;
        }
        // Search finds `o/r#12` behind `[text](url)` through the section's links.
        if self.heading.is_none() && self.image_depth == 0 {
            self.outline.section.links.push(dest.to_string());
        }
        let open = self.ref_link_start(link_type, dest, title);
        let plain = open == OpenLink::Plain;
        self.links.push(open);
        plain
    }

    fn start_code(&mut self, kind: &CodeBlockKind) {
        self.enter_block(Block::Other);
        let lang = match kind {
            // rustdoc-style info strings (`rust,ignore`) name the language first too.
            CodeBlockKind::Fenced(info) => info
                .split(|c: char| c.is_whitespace() || c == ',')
                .next()
                .unwrap_or("")
                .to_string(),
            CodeBlockKind::Indented => String::new(),
        };
        self.code = Some(OpenCode {
            lang,
            text: String::new(),
        });
    }

    /// Every tag but links, images and code blocks: inline formatting and blocks.
    fn start_block(&mut self, tag: &Tag) {
        match tag {
            Tag::Heading { level, id, .. } => {
                self.enter_block(Block::Other);
                self.heading = Some(OpenHeading {
                    start: self.out.len(),
                    level: *level,
                    explicit_id: id.as_ref().map(|id| id.to_string()),
                    text: String::new(),
                });
            }
            Tag::Paragraph => self.enter_block(Block::Paragraph),
            Tag::Item => {
                self.enter_block(Block::Item);
                if let Some(r) = &mut self.refs {
                    r.open_item();
                }
            }
            Tag::TableHead | Tag::TableRow => self.enter_block(Block::Row),
            Tag::TableCell => self.enter_block(Block::Cell),
            Tag::FootnoteDefinition(_) => {
                self.blocks.footnote_depth += 1;
                self.enter_block(Block::Other);
            }
            Tag::BlockQuote(_)
            | Tag::HtmlBlock
            | Tag::List(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::Table(_)
            | Tag::MetadataBlock(_) => self.enter_block(Block::Other),
            Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
            | Tag::CodeBlock(_) => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript => {}
            TagEnd::Link => {
                self.link_depth = self.link_depth.saturating_sub(1);
                match self.links.pop() {
                    None | Some(OpenLink::Plain) => {}
                    Some(OpenLink::Removed) => return,
                    Some(_) => {
                        self.end_hit(reflink::Written::Label);
                        self.out.push(Event::InlineHtml(CowStr::Borrowed("</a>")));
                        return;
                    }
                }
            }
            TagEnd::Image => {
                self.image_depth = self.image_depth.saturating_sub(1);
                if self.images.pop() == Some(true) {
                    return;
                }
            }
            TagEnd::Heading(level) => {
                self.end_heading(level);
                self.leave_block();
                return;
            }
            TagEnd::CodeBlock => {
                self.end_code();
                return;
            }
            TagEnd::FootnoteDefinition => {
                self.blocks.footnote_depth = self.blocks.footnote_depth.saturating_sub(1);
                self.leave_block();
            }
            TagEnd::Item => {
                self.leave_block();
                if let Some(r) = &mut self.refs {
                    r.close_item();
                }
            }
            TagEnd::Paragraph
            | TagEnd::BlockQuote(_)
            | TagEnd::HtmlBlock
            | TagEnd::List(_)
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
            | TagEnd::Table
            | TagEnd::TableHead
            | TagEnd::TableRow
            | TagEnd::TableCell
            | TagEnd::MetadataBlock(_) => self.leave_block(),
        }
        self.out.push(Event::End(tag));
    }

    fn end_code(&mut self) {
        if let Some(code) = self.code.take() {
            self.outline.section.text.push_str(&code.text);
            if let Some(highlighter) = self.highlighter {
                let html = highlighter.highlight(&code.lang, &code.text);
                self.out.push(Event::Html(html.into()));
            }
        }
        self.leave_block();
    }

    fn text(&mut self, text: CowStr<'a>) {
        if let Some(code) = &mut self.code {
            code.text.push_str(&text);
            return;
        }
        if let Some(OpenLink::Shorten(_)) = self.links.last() {
            if let Some(OpenLink::Shorten(shown)) = self.links.pop() {
                self.push_shown(shown, &text);
                self.links.push(OpenLink::Ref);
                return;
            }
        }
        let outside = self.link_depth == 0
            && self.image_depth == 0
            && self.raw.no_link_depth == 0
            && !self.raw.removed_content;
        let may_link = outside && may_contain_link(&text);
        let may_ref = outside
            && self
                .refs
                .as_ref()
                .is_some_and(|r| refs::may_contain_ref(&text, &r.context(self.heading.is_some())));
        if !may_link && !may_ref {
            self.plain_text(&text, self.outside_links());
            self.out.push(Event::Text(text));
            return;
        }
        if !may_link {
            let found = self.find_refs(&text);
            if found.is_empty() {
                self.plain_text(&text, true);
                self.out.push(Event::Text(text));
            } else {
                self.push_with_refs(&text, found);
            }
            return;
        }
        let spans = linkify(&text);
        if !may_ref {
            if let [Span::Text(_)] = spans.as_slice() {
                self.plain_text(&text, true);
                self.out.push(Event::Text(text));
                return;
            }
        }
        for span in spans {
            self.push_span(span);
        }
    }

    /// A piece of text after autolinking, its references linked.
    fn push_span(&mut self, span: Span) {
        match span {
            Span::Text(t) => {
                let found = self.find_refs(t);
                self.push_with_refs(t, found);
            }
            Span::Link { href, text, class } => match self.url_ref(&href) {
                Some(r) => {
                    let shown = r.shown.unwrap_or_else(|| Shown::Text(text.to_string()));
                    self.push_ref(r.target, href, shown, "ref", &text);
                }
                None => {
                    self.plain_text(&text, false);
                    self.push_link(href, text.into_owned(), class);
                }
            },
        }
    }

    /// The GitHub references in a run of plain text.
    fn find_refs(&self, t: &str) -> Vec<refs::Found> {
        match &self.refs {
            Some(r) => r.find(t, self.heading.is_some()),
            None => Vec::new(),
        }
    }

    /// Plain text with the references `found` in it linked.
    fn push_with_refs(&mut self, t: &str, found: Vec<refs::Found>) {
        let mut done = 0;
        for f in found {
            if f.start > done {
                self.push_plain(&t[done..f.start]);
            }
            let class = match f.target {
                Target::User(_) | Target::Team { .. } => "mention",
                _ => "ref",
            };
            self.push_ref(f.target, f.href, f.shown, class, &t[f.start..f.end]);
            done = f.end;
        }
        if done < t.len() {
            self.push_plain(&t[done..]);
        }
    }

    fn push_plain(&mut self, t: &str) {
        self.plain_text(t, true);
        self.out.push(Event::Text(CowStr::from(t.to_string())));
    }

    fn url_ref(&self, url: &str) -> Option<refs::UrlRef> {
        let r = self.refs.as_ref()?;
        refs::parse_url(url, &r.context(self.heading.is_some()))
    }

    /// A link the author wrote: when it points at a GitHub reference, records the edge and
    /// writes the `<a>` with an anchor id (keeping the author's text).
    fn ref_link_start(&mut self, link_type: LinkType, dest: &str, title: &str) -> OpenLink {
        if self.link_depth > 1 || self.image_depth > 0 || self.raw.no_link_depth > 0 {
            return OpenLink::Plain;
        }
        let Some(r) = self.url_ref(dest) else {
            return OpenLink::Plain;
        };
        let anchor = self.record_hit(r.target);
        let (class, state) = match (link_type, r.shown) {
            (LinkType::Autolink, Some(shown)) => (Some("ref"), OpenLink::Shorten(shown)),
            _ => (None, OpenLink::Ref),
        };
        let open = reflink::open_tag(dest, title, anchor, class);
        self.out.push(Event::InlineHtml(open.into()));
        state
    }

    /// Writes a reference link: `<a href id class>shown</a>`; `written` is the Markdown.
    fn push_ref(
        &mut self,
        target: Target,
        href: String,
        shown: Shown,
        class: &'static str,
        written: &str,
    ) {
        let href = match &self.refs {
            Some(r) => r.href(&target, href),
            None => href,
        };
        // Search resolves `#12` and `rust#12` through the link they became.
        if self.heading.is_none() && matches!(target, Target::Issue { .. } | Target::Commit { .. })
        {
            self.outline.section.links.push(href.clone());
        }
        let anchor = self.record_hit(target);
        let open = reflink::open_tag(&href, "", anchor, Some(class));
        self.out.push(Event::InlineHtml(open.into()));
        self.push_shown(shown, written);
        self.end_hit(reflink::Written::Reference);
        self.out.push(Event::InlineHtml(CowStr::Borrowed("</a>")));
    }

    /// A reference's text, shown as `shown` where the Markdown has `written`. Heading ids
    /// come from what was written: GitHub does not shorten references in files, and ids
    /// must match the ones it gives.
    fn push_shown(&mut self, shown: Shown, written: &str) {
        match &mut self.heading {
            Some(h) if self.image_depth == 0 => {
                h.text.push_str(written);
                if let Some(r) = &mut self.refs {
                    r.block_text.push_str(shown.as_str());
                }
            }
            _ => self.plain_text(shown.as_str(), false),
        }
        self.out.push(match shown {
            Shown::Text(t) => Event::Text(t.into()),
            Shown::Code(c) => Event::Code(c.into()),
        });
    }

    /// Records an edge to `target` at the current spot; returns the number of its anchor.
    fn record_hit(&mut self, target: Target) -> u32 {
        let in_heading = self.heading.is_some();
        match &mut self.refs {
            Some(r) => r.record_hit(target, in_heading),
            None => 0,
        }
    }

    fn end_hit(&mut self, how: reflink::Written) {
        if let Some(r) = &mut self.refs {
            r.end_hit(how);
        }
    }

    fn push_link(&mut self, href: String, text: String, class: Option<&'static str>) {
        match class {
            None => {
                let tag = Tag::Link {
                    link_type: LinkType::Inline,
                    dest_url: href.into(),
                    title: CowStr::Borrowed(""),
                    id: CowStr::Borrowed(""),
                };
                self.out.push(Event::Start(tag));
                self.out.push(Event::Text(text.into()));
                self.out.push(Event::End(TagEnd::Link));
            }
            // pulldown-cmark's link tag has no class, so write the `<a>` ourselves.
            Some(class) => {
                let mut open = String::from("<a href=\"");
                escape_href(&mut open, &href).expect("writing to a String cannot fail");
                open.push_str("\" class=\"");
                escape_html(&mut open, class).expect("writing to a String cannot fail");
                open.push_str("\">");
                self.out.push(Event::InlineHtml(open.into()));
                self.out.push(Event::Text(text.into()));
                self.out.push(Event::InlineHtml(CowStr::Borrowed("</a>")));
            }
        }
    }

    fn outside_links(&self) -> bool {
        self.link_depth == 0 && self.raw.no_link_depth == 0
    }

    fn plain_space(&mut self) {
        if let Some(r) = &mut self.refs {
            r.block_text.push(' ');
        }
        self.outline.section.text.push(' ');
        self.prose.push(' ');
        self.summary.push_space();
    }

    /// Adds text the reader sees to the heading, section, summary and word count.
    /// `own` is false for text that is a link's label.
    fn plain_text(&mut self, text: &str, own: bool) {
        if self.image_depth > 0 || self.raw.removed_content {
            return;
        }
        if let Some(r) = &mut self.refs {
            r.block_text.push_str(text);
        }
        if let Some(h) = &mut self.heading {
            h.text.push_str(text);
            return;
        }
        self.outline.section.text.push_str(text);
        self.prose.push_str(text);
        self.summary.push(text, own);
    }

    fn enter_block(&mut self, block: Block) {
        self.block_boundary();
        self.blocks.push(block);
        self.summary.open_leaf(&self.blocks);
    }

    fn leave_block(&mut self) {
        self.block_boundary_leaving(true);
        self.blocks.pop();
        self.summary.open_leaf(&self.blocks);
    }

    /// Ends whatever inline content was being collected: blocks never share words.
    fn block_boundary(&mut self) {
        self.block_boundary_leaving(false);
    }

    fn block_boundary_leaving(&mut self, leaving: bool) {
        if let Some(r) = &mut self.refs {
            r.flush_context(&self.blocks, leaving);
        }
        self.summary.end_leaf();
        self.raw.end_block();
        self.outline.section.text.push(' ');
        self.prose.push(' ');
    }

    fn end_heading(&mut self, level: HeadingLevel) {
        let Some(heading) = self.heading.take() else {
            self.out.push(Event::End(TagEnd::Heading(level)));
            return;
        };
        let (start, level) = (heading.start, heading.level);
        let (id, text) = self.outline.close(heading);
        if let Some(Event::Start(Tag::Heading { id: slot, .. })) = self.out.get_mut(start) {
            *slot = Some(CowStr::from(id.clone()));
        }
        self.out
            .push(Event::InlineHtml(anchor_html(&id, &text).into()));
        self.out.push(Event::End(TagEnd::Heading(level)));
        self.prose.push_str(&text);
        self.summary.heading(&text);
        if let Some(o) = &mut self.outcomes {
            o.heading(level as u8, &id, &text);
        }
        if let Some(r) = &mut self.refs {
            r.heading = Some(Arc::new(HeadingRef { id, text }));
        }
    }

    pub(super) fn finish(mut self) -> Rendered {
        self.block_boundary();
        let (toc, sections) = self.outline.finish();
        let summary_lines = self.summary.finish(&toc);
        let outcomes = match self.outcomes.take() {
            Some(o) => {
                let targets = self.refs.as_ref().map(RefLinker::targets).unwrap_or_default();
                o.finish(&mut self.out, &targets)
            }
            None => Vec::new(),
        };
        let mut html = String::new();
        if self.highlighter.is_some() {
            html.reserve(self.prose.len() * 2);
            pulldown_cmark::html::push_html(&mut html, self.out.into_iter());
            if self.raw.html.needs_cleaning() {
                html = sanitize::clean(&html);
            }
        }
        Rendered {
            refs: self.refs.map(RefLinker::finish).unwrap_or_default(),
            html,
            toc,
            sections,
            summary_lines,
            // Whitespace-separated tokens with a letter or digit: close to `unicode_words`
            // for prose, at a fraction of its cost on large archives.
            word_count: word_count(&self.prose),
            packed_sections: Vec::new(),
            sanitized: self.raw.html.needs_cleaning() || self.removed_link,
            outcomes,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::links;
    use crate::markdown::test_support::*;
    use crate::markdown::{render, Options};

    #[test]
    fn links_to_notes_files_become_page_urls_in_every_link_form() {
        let mut rewriter = links::Rewriter {
            base_path: "/repo/",
            ..links::Rewriter::default()
        };
        rewriter.notes.insert("notes/b.md", "notes/b/");
        rewriter
            .files
            .insert("notes/img/x.png".into(), "notes/img/x.png".into());
        let body = "[inline](b.md#next) [ref][b] <b.md> ![img](img/x.png) [web](https://x.y/b.md) [gone](c.md)\n\n[b]: ./b.md\n";
        let out = render(
            body,
            &Options {
                highlighter: &HL,
                refs: None,
                links: Some(LinkOptions {
                    rewriter: &rewriter,
                    source: "notes/a.md",
                }),
            },
        )
        .html;
        assert!(
            out.contains("<a href=\"/repo/notes/b/#next\">inline</a>"),
            "{out}"
        );
        assert!(out.contains("<a href=\"/repo/notes/b/\">ref</a>"), "{out}");
        assert!(
            out.contains("<img src=\"/repo/notes/img/x.png\" alt=\"img\""),
            "{out}"
        );
        assert!(out.contains("href=\"https://x.y/b.md\""), "{out}");
        assert!(out.contains("<a href=\"c.md\">gone</a>"), "{out}");
        // `<b.md>` is not a link in CommonMark (no scheme): it stays text.
        assert!(!out.contains("href=\"b.md\""), "{out}");
    }

    #[test]
    fn link_with_class_is_written_as_html() {
        let hl = &*HL;
        let mut walker = Walker::new(Some(hl), 0);
        walker.push_link("https://x.y/?a=1&b=\"2\"".into(), "t".into(), Some("ref"));
        let mut out = String::new();
        pulldown_cmark::html::push_html(&mut out, walker.out.into_iter());
        assert_eq!(
            out,
            "<a href=\"https://x.y/?a=1&amp;b=%222%22\" class=\"ref\">t</a>"
        );
    }

    #[test]
    fn table_renders() {
        assert_eq!(
            html("| a | b |\n|---|--:|\n| 1 | 2 |\n"),
            "<table><thead><tr><th>a</th><th style=\"text-align: right\">b</th></tr></thead>\
             <tbody>\n<tr><td>1</td><td style=\"text-align: right\">2</td></tr>\n</tbody></table>\n"
        );
    }

    #[test]
    fn task_list_renders_checkboxes() {
        assert_eq!(
            html("- [x] done\n- [ ] todo\n"),
            "<ul>\n<li><input disabled=\"\" type=\"checkbox\" checked=\"\" aria-label=\"Done\"/>\ndone</li>\n\
             <li><input disabled=\"\" type=\"checkbox\" aria-label=\"Done\"/>\ntodo</li>\n</ul>\n"
        );
    }

    #[test]
    fn strikethrough_renders() {
        assert_eq!(html("~~gone~~"), "<p><del>gone</del></p>\n");
    }

    #[test]
    fn footnotes_render() {
        let out = html("Claim[^1].\n\n[^1]: Source.\n");
        assert!(
            out.contains("<sup class=\"footnote-reference\"><a href=\"#1\">1</a></sup>"),
            "{out}"
        );
        assert!(
            out.contains("<div class=\"footnote-definition\" id=\"1\">"),
            "{out}"
        );
    }

    #[test]
    fn alerts_render() {
        let out = html("> [!NOTE]\n> Read this.\n");
        assert!(
            out.contains("<blockquote class=\"markdown-alert-note\">"),
            "{out}"
        );
    }

    #[test]
    fn fenced_rust_is_highlighted() {
        let out = html("```rust\nfn main() {}\n```\n");
        assert!(
            out.starts_with(
                "<pre class=\"code hl-code\" data-lang=\"rust\"><code><span class=\"hl-"
            ),
            "{out}"
        );
        let out = html("```rust,ignore\nlet x = 1;\n```\n");
        assert!(out.contains("data-lang=\"rust\""), "{out}");
    }

    #[test]
    fn unknown_language_and_indented_code_are_plain() {
        assert_eq!(
            html("```klingon\n<qapla'> & \n```\n"),
            "<pre><code>&lt;qapla'&gt; &amp; \n</code></pre>\n"
        );
        assert_eq!(
            html("    fn x() {}\n"),
            "<pre><code>fn x() {}\n</code></pre>\n"
        );
    }

    #[test]
    fn code_block_in_list_item() {
        let out = html("- item\n\n  ```sh\n  ls\n  ```\n");
        assert!(out.contains("<li>"), "{out}");
        assert!(out.contains("data-lang=\"sh\""), "{out}");
    }
}
