//! One note body → HTML, table of contents, plain text for summaries and search, and the
//! GitHub references it makes.
//!
//! pulldown-cmark parses; one pass over its events (`walker`) then adds what GitHub's
//! renderer does and pulldown-cmark does not (heading ids, extended autolinks,
//! highlighted code), links GitHub references (`#12`, `o/r#12`, `@user`, issue URLs; see
//! [`crate::refs`]) in text outside code, links and raw HTML, and collects plain text on
//! the way, so each note is parsed once.

mod autolink;
mod blocks;
mod headings;
mod outcome_blocks;
mod raw_html;
mod reflink;
mod reftitle;
mod sections;
mod boilerplate;
mod summary;
#[cfg(test)]
mod test_support;
mod text;
mod walker;

// Only tests and the `internals` feature reach these from outside.
#[cfg(any(test, feature = "internals"))]
pub use autolink::{linkify, Span};
pub use headings::TocEntry;
pub use reflink::{anchor_id, HeadingRef, RefHit};
pub use sections::{pack_sections, unpack_sections, Section};
pub(crate) use text::collapse_whitespace;
pub use summary::SummaryLines;
#[cfg(any(test, feature = "internals"))]
pub use text::SUMMARY_CHARS;

use crate::highlight::Highlighter;
use crate::links;
use crate::refs;
use pulldown_cmark::{Event, Parser, Tag, TagEnd, TextMergeWithOffset};
use reflink::RefLinker;
use std::collections::HashMap;
use walker::Walker;

pub struct Options<'a> {
    pub highlighter: &'a Highlighter,
    /// GitHub references: `None` leaves them as text and records none.
    pub refs: Option<RefOptions<'a>>,
    /// Links to other notes' files and to attachments: `None` keeps every link as written.
    pub links: Option<LinkOptions<'a>>,
}

/// What rewriting a note's relative links needs: the archive's rewriter and the note's
/// own source path, which relative links are resolved against.
#[derive(Debug, Clone, Copy)]
pub struct LinkOptions<'a> {
    pub rewriter: &'a links::Rewriter<'a>,
    pub source: &'a str,
}

/// What linking a note's GitHub references needs to know.
#[derive(Debug, Clone, Copy)]
pub struct RefOptions<'a> {
    pub settings: &'a refs::Settings,
    /// The note's repository, `owner/name` (front matter, team or site config).
    pub repo: Option<&'a str>,
    /// Lower-cased GitHub handle → URL of that person's page in the site: `@user` links
    /// there instead of to GitHub.
    pub people: &'a HashMap<String, String>,
}

#[derive(Debug, Clone)]
pub struct Rendered {
    pub html: String,
    /// Every heading, h1–h6, in document order.
    pub toc: Vec<TocEntry>,
    /// The body split at headings; the first section (id `None`) is always present.
    pub sections: Vec<Section>,
    /// What the summary is chosen from, once the lines repeated across a team are known.
    pub summary_lines: SummaryLines,
    /// Words of prose, headings included, code blocks excluded.
    pub word_count: usize,
    /// GitHub references, in document order.
    pub refs: Vec<RefHit>,
    /// `sections`, packed ([`pack_sections`]) while `build` waits to index them; empty
    /// otherwise.
    pub packed_sections: Vec<u8>,
    /// Whether the note's HTML went through [`crate::sanitize::clean`] or lost a link or
    /// image to a scheme pages must not link to: [`crate::sanitize::diagnostics`] has
    /// something to say only about such notes.
    pub sanitized: bool,
    /// Decisions and action items ([`crate::outcomes`]), in document order; lines counted
    /// from the top of the body. Only [`render`] finds them.
    pub outcomes: Vec<crate::outcomes::Outcome>,
}

impl Rendered {
    /// The summary the note would have on its own, with no other note of its team to tell
    /// its template's lines (`SummaryLines::choose`): the first paragraph with some text of
    /// its own (not only links) that says something, shortened to about [`SUMMARY_CHARS`]
    /// characters; else the first such list item, its headings, its labelled facts. The
    /// build chooses with the whole archive (`excerpts`); the tests read this.
    #[cfg(any(test, feature = "internals"))]
    pub fn summary(&self) -> String {
        self.summary_lines.choose("", |_| false)
    }
}

/// The deepest block quote rendered as such (see `walk`).
const MAX_QUOTE_DEPTH: usize = 100;

pub fn render(body: &str, opts: &Options) -> Rendered {
    walk(body, opts, Some(opts.highlighter), true)
}

/// [`render`] without looking for decisions and action items: what the benchmark of
/// their cost (`examples/outcomes_cost.rs`) compares with.
#[cfg(any(test, feature = "internals"))]
pub fn render_without_outcomes(body: &str, opts: &Options) -> Rendered {
    walk(body, opts, Some(opts.highlighter), false)
}

/// The GitHub references and the decisions and action items of a note, without
/// highlighting code or writing HTML.
pub fn scan(body: &str, opts: &Options) -> (Vec<RefHit>, Vec<crate::outcomes::Outcome>) {
    let r = walk(body, opts, None, true);
    (r.refs, r.outcomes)
}

/// The heading ids of a note, as [`render`] writes them, without highlighting code or
/// linking references: what `check` needs to know which `#anchors` exist.
pub fn heading_ids(body: &str) -> Vec<String> {
    let opts = Options {
        highlighter: &Highlighter::new(),
        refs: None,
        links: None,
    };
    walk(body, &opts, None, false)
        .toc
        .into_iter()
        .map(|t| t.id)
        .collect()
}

fn walk<'o>(
    body: &str,
    opts: &Options<'o>,
    highlighter: Option<&'o Highlighter>,
    outcomes: bool,
) -> Rendered {
    let mut walker = Walker::new(highlighter, body.len());
    walker.rewrite = opts.links;
    if outcomes {
        walker.outcomes = Some(outcome_blocks::OutcomeBlocks::new(body));
    }
    let events = TextMergeWithOffset::new(
        Parser::new_ext(body, crate::dialect::parser_options()).into_offset_iter(),
    );
    // Quotes deeper than this are shown at this depth: every level held an event pair in
    // two vectors and its tags in the HTML, some 600 bytes per `>` of a note, so a note of
    // nested quotes needed gigabytes.
    let mut quotes = 0usize;
    let events = events.filter(move |(e, _)| match e {
        Event::Start(Tag::BlockQuote(_)) => {
            quotes += 1;
            quotes <= MAX_QUOTE_DEPTH
        }
        Event::End(TagEnd::BlockQuote(_)) => {
            quotes = quotes.saturating_sub(1);
            quotes < MAX_QUOTE_DEPTH
        }
        _ => true,
    });
    match opts.refs {
        None => events.for_each(|(e, r)| walker.event_at(e, r)),
        Some(ro) => {
            // Collected first: the linker looks at the note's code before its prose.
            let events: Vec<_> = events.collect();
            walker.refs = Some(RefLinker::new(ro, body, events.iter().map(|(e, _)| e)));
            events.into_iter().for_each(|(e, r)| walker.event_at(e, r));
        }
    }
    walker.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::test_support::*;

    #[test]
    fn quotes_deeper_than_the_limit_are_shown_at_the_limit() {
        let deep = html(&format!("{} deep\n", ">".repeat(MAX_QUOTE_DEPTH + 50)));
        assert_eq!(deep.matches("<blockquote>").count(), MAX_QUOTE_DEPTH);
        assert_eq!(deep.matches("</blockquote>").count(), MAX_QUOTE_DEPTH);
        assert!(deep.contains("<p>deep</p>"));
        let shallow = html("> > a\n>\n> b\n\n> c\n");
        assert_eq!(shallow.matches("<blockquote>").count(), 3);
        assert_eq!(shallow.matches("</blockquote>").count(), 3);
    }

}
