//! One note body → HTML, table of contents, plain text for summaries and search, and the
//! GitHub references it makes.
//!
//! pulldown-cmark parses; one pass over its events ([`Walker`]) then adds what GitHub's
//! renderer does and pulldown-cmark does not (heading ids, extended autolinks,
//! highlighted code), links GitHub references (`#12`, `o/r#12`, `@user`, issue URLs; see
//! [`crate::refs`]) in text outside code, links and raw HTML, and collects plain text on
//! the way, so each note is parsed once.

use crate::highlight::Highlighter;
use crate::links;
use crate::refs::{self, RefContext, Shown, Target};
use crate::sanitize;
use crate::slug::{heading_id, HeadingIds};
use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Parser, Tag, TagEnd, TextMergeStream,
};
use pulldown_cmark_escape::{escape_href, escape_html};
use serde::Serialize;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use unicode_segmentation::UnicodeSegmentation;

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

/// One GitHub reference a note makes: an edge of the reference graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefHit {
    pub target: Target,
    /// Number of the reference in the note: its link has the id [`RefHit::anchor_id`].
    pub anchor: u32,
    /// The sentence, list item or table row it appeared in, as plain text. Inside a nested
    /// list, the items it hangs from come first: `Completed › pokt-network/pocket#450`.
    /// References in one sentence share it.
    pub context: Arc<str>,
    /// The heading of the section it appeared in; `None` before the first heading and for
    /// references in a heading.
    pub heading: Option<Arc<HeadingRef>>,
}

impl RefHit {
    /// `id` of the reference's link in the note's HTML (`ref-3`), so other pages can link
    /// to the spot.
    pub fn anchor_id(&self) -> String {
        anchor_id(self.anchor)
    }
}

pub fn anchor_id(anchor: u32) -> String {
    format!("ref-{anchor}")
}

/// ` id="ref-3"`
fn write_anchor(html: &mut String, anchor: u32) {
    use std::fmt::Write;
    write!(html, " id=\"ref-{anchor}\"").expect("writing to a String cannot fail");
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadingRef {
    pub id: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// The plain text of the body between two headings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    /// The heading's id; `None` for the text before the first heading.
    pub id: Option<String>,
    /// The heading's plain text; empty for the text before the first heading.
    pub heading: String,
    pub text: String,
    /// Targets of the links written as `[text](url)` in the section, whose URL is not in
    /// `text` (bare URLs are): search finds `o/r#12` through them.
    pub links: Vec<String>,
}

/// A note's sections as one lz4-compressed buffer: what `build` holds while the pages are
/// made and the search index is not yet (at 10,000 notes, ~66 MB of section text in many
/// small strings becomes about a third of that in one buffer per note).
pub fn pack_sections(sections: &[Section]) -> Vec<u8> {
    let mut raw: Vec<u8> = Vec::new();
    let put = |raw: &mut Vec<u8>, s: &str| {
        raw.extend_from_slice(&(s.len() as u32).to_le_bytes());
        raw.extend_from_slice(s.as_bytes());
    };
    raw.extend_from_slice(&(sections.len() as u32).to_le_bytes());
    for sec in sections {
        raw.push(u8::from(sec.id.is_some()));
        put(&mut raw, sec.id.as_deref().unwrap_or(""));
        put(&mut raw, &sec.heading);
        put(&mut raw, &sec.text);
        raw.extend_from_slice(&(sec.links.len() as u32).to_le_bytes());
        for l in &sec.links {
            put(&mut raw, l);
        }
    }
    lz4_flex::compress_prepend_size(&raw)
}

/// The sections [`pack_sections`] packed.
pub fn unpack_sections(packed: &[u8]) -> Vec<Section> {
    let raw = lz4_flex::decompress_size_prepended(packed).expect("packed by pack_sections");
    let mut at = 0;
    let u32_at = |at: &mut usize| {
        let n = u32::from_le_bytes(raw[*at..*at + 4].try_into().expect("four bytes"));
        *at += 4;
        n as usize
    };
    let text = |at: &mut usize, len: usize| {
        let s = std::str::from_utf8(&raw[*at..*at + len]).expect("packed from a str");
        *at += len;
        s.to_string()
    };
    let count = u32_at(&mut at);
    let mut sections = Vec::with_capacity(count);
    for _ in 0..count {
        let has_id = raw[at] == 1;
        at += 1;
        let len = u32_at(&mut at);
        let id = text(&mut at, len);
        let len = u32_at(&mut at);
        let heading = text(&mut at, len);
        let len = u32_at(&mut at);
        let body = text(&mut at, len);
        let links = (0..u32_at(&mut at))
            .map(|_| {
                let len = u32_at(&mut at);
                text(&mut at, len)
            })
            .collect();
        sections.push(Section {
            id: has_id.then_some(id),
            heading,
            text: body,
            links,
        });
    }
    sections
}

#[derive(Debug, Clone)]
pub struct Rendered {
    pub html: String,
    /// Every heading, h1–h6, in document order.
    pub toc: Vec<TocEntry>,
    /// The body split at headings; the first section (id `None`) is always present.
    pub sections: Vec<Section>,
    /// The first paragraph with some text of its own (not only links), shortened to about
    /// [`SUMMARY_CHARS`] characters. Falls back to the first such list item.
    pub summary: String,
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
}

/// Longest summary before it is cut at a word boundary (and "…" added).
pub const SUMMARY_CHARS: usize = 200;

pub fn render(body: &str, opts: &Options) -> Rendered {
    walk(body, opts, Some(opts.highlighter))
}

/// Only the GitHub references of a note, without highlighting code or writing HTML: what
/// `minutes list` needs.
pub fn references(body: &str, opts: &Options) -> Vec<RefHit> {
    walk(body, opts, None).refs
}

/// The heading ids of a note, as [`render`] writes them, without highlighting code or
/// linking references: what `check` needs to know which `#anchors` exist.
pub fn heading_ids(body: &str) -> Vec<String> {
    let opts = Options {
        highlighter: &Highlighter::new(),
        refs: None,
        links: None,
    };
    walk(body, &opts, None)
        .toc
        .into_iter()
        .map(|t| t.id)
        .collect()
}

/// The pulldown-cmark extensions notes are parsed with (GitHub's), shared with
/// [`crate::links`] so the link checker sees the links the pages have.
pub fn parser_options() -> pulldown_cmark::Options {
    let mut options = pulldown_cmark::Options::empty();
    options.insert(pulldown_cmark::Options::ENABLE_TABLES);
    options.insert(pulldown_cmark::Options::ENABLE_TASKLISTS);
    options.insert(pulldown_cmark::Options::ENABLE_STRIKETHROUGH);
    options.insert(pulldown_cmark::Options::ENABLE_FOOTNOTES);
    // Blockquote alerts (`> [!NOTE]`).
    options.insert(pulldown_cmark::Options::ENABLE_GFM);
    // No ENABLE_HEADING_ATTRIBUTES: GitHub shows `## Title {#x}` literally, and notes
    // written for GitHub may end headings with braces that must not vanish.
    options
}

fn walk<'o>(body: &str, opts: &Options<'o>, highlighter: Option<&'o Highlighter>) -> Rendered {
    let mut walker = Walker::new(highlighter, body.len());
    walker.rewrite = opts.links;
    let events = TextMergeStream::new(Parser::new_ext(body, parser_options()));
    // Quotes deeper than this are shown at this depth: every level held an event pair in
    // two vectors and its tags in the HTML, some 600 bytes per `>` of a note, so a note of
    // nested quotes needed gigabytes.
    let mut quotes = 0usize;
    let events = events.filter(move |e| match e {
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
        None => events.for_each(|e| walker.event(e)),
        Some(ro) => {
            let events: Vec<Event> = events.collect();
            // A handle that the note's code uses (`@Component`, `@since`) is a decorator or
            // a tag in its prose too.
            let code_handles = if ro.settings.mentions && body.contains('@') {
                code_handles(&events)
            } else {
                HashSet::new()
            };
            walker.refs = Some(RefLinker {
                settings: ro.settings,
                repo: ro.repo.and_then(refs::parse_repo),
                people: ro.people,
                code_handles,
                hits: Vec::new(),
                pending: Vec::new(),
                heading: None,
            });
            events.into_iter().for_each(|e| walker.event(e));
        }
    }
    walker.finish()
}

/// Lower-cased `@names` in fenced and indented code blocks.
fn code_handles(events: &[Event]) -> HashSet<String> {
    let mut handles = HashSet::new();
    let mut in_code = false;
    for event in events {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(code) if in_code && code.contains('@') => {
                let b = code.as_bytes();
                for (at, _) in code.match_indices('@') {
                    if at > 0 && (b[at - 1].is_ascii_alphanumeric() || b[at - 1] == b'_') {
                        continue;
                    }
                    let name = &code[at + 1..];
                    let len = name
                        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
                        .unwrap_or(name.len());
                    if len > 0 {
                        handles.insert(name[..len].to_ascii_lowercase());
                    }
                }
            }
            _ => {}
        }
    }
    handles
}

/// A piece of text after linking: left as text, or turned into a link.
///
/// This is the seam for passes that find links in plain text: [`linkify`] produces spans
/// for bare URLs and e-mail addresses; a pass for GitHub references (`#12`, `org/repo#12`,
/// `@user`) can split the remaining `Text` spans further before they become events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Span<'t> {
    Text(&'t str),
    Link {
        href: String,
        text: Cow<'t, str>,
        /// Rendered as `class="…"` on the `<a>`; `None` renders a plain link.
        class: Option<&'static str>,
    },
}

/// Splits `text` at GFM extended autolinks: `http(s)://` and `ftp://` URLs, `www.` domains
/// (linked as `http://www.…`) and bare e-mail addresses (linked as `mailto:`). URLs are
/// shown as written. Follows cmark-gfm's rules for where a link ends: trailing `?!.,:*_~'"`
/// are left out, a `)` only if unbalanced, a trailing `&entity;` or `;` too.
pub fn linkify(text: &str) -> Vec<Span<'_>> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    // End of the text already turned into spans.
    let mut done = 0;
    let mut i = 0;
    while i < bytes.len() {
        let found = match bytes[i] {
            b':' => url_at(text, i, done),
            b'w' => www_at(text, i),
            b'@' => email_at(text, i, done),
            _ => None,
        };
        let Some(link) = found else {
            i += 1;
            continue;
        };
        if link.start > done {
            spans.push(Span::Text(&text[done..link.start]));
        }
        let shown = &text[link.start..link.end];
        spans.push(Span::Link {
            href: format!("{}{shown}", link.href_prefix),
            text: Cow::Borrowed(shown),
            class: None,
        });
        done = link.end;
        i = link.end;
    }
    if done < bytes.len() {
        spans.push(Span::Text(&text[done..]));
    }
    spans
}

/// Cheap test that lets most text events skip [`linkify`]: every autolink has one of these.
fn may_contain_link(text: &str) -> bool {
    text.bytes().any(|b| matches!(b, b':' | b'@' | b'.'))
}

struct Found {
    start: usize,
    end: usize,
    href_prefix: &'static str,
}

/// A URL whose scheme ends at the `:` at `colon`.
fn url_at(text: &str, colon: usize, done: usize) -> Option<Found> {
    let bytes = text.as_bytes();
    let mut start = colon;
    while start > done && bytes[start - 1].is_ascii_alphabetic() {
        start -= 1;
    }
    // The whole run of letters must be the scheme, so `xhttp://` is not a link.
    let scheme = &text[start..colon];
    let known = ["http", "https", "ftp"]
        .iter()
        .any(|s| scheme.eq_ignore_ascii_case(s));
    if !known || !text[colon..].starts_with("://") {
        return None;
    }
    let host = colon + 3;
    let domain_end = host + domain_len(&text[host..], false)?;
    let end = link_end(text, start, domain_end);
    (end > host).then_some(Found {
        start,
        end,
        href_prefix: "",
    })
}

/// A `www.` domain starting at `w`.
fn www_at(text: &str, w: usize) -> Option<Found> {
    if !text[w..].starts_with("www.") {
        return None;
    }
    if let Some(before) = text[..w].chars().next_back() {
        if !(before.is_whitespace() || matches!(before, '*' | '_' | '~' | '(')) {
            return None;
        }
    }
    let domain_end = w + domain_len(&text[w..], true)?;
    let end = link_end(text, w, domain_end);
    (end > w + 4).then_some(Found {
        start: w,
        end,
        href_prefix: "http://",
    })
}

/// A bare e-mail address around the `@` at `at`.
fn email_at(text: &str, at: usize, done: usize) -> Option<Found> {
    let bytes = text.as_bytes();
    let mut start = at;
    while start > done
        && (bytes[start - 1].is_ascii_alphanumeric() || b".+-_".contains(&bytes[start - 1]))
    {
        start -= 1;
    }
    // A `/` before the local part means this is part of a path (`https://host/a@b.c`).
    if start == at || (start > 0 && bytes[start - 1] == b'/') {
        return None;
    }
    let mut end = at + 1;
    let mut dots = 0;
    while end < bytes.len() {
        match bytes[end] {
            c if c.is_ascii_alphanumeric() || c == b'-' || c == b'_' => end += 1,
            b'.' if bytes.get(end + 1).is_some_and(u8::is_ascii_alphanumeric) => {
                dots += 1;
                end += 1;
            }
            b'@' => return None,
            _ => break,
        }
    }
    if end == at + 1 || dots == 0 || !bytes[end - 1].is_ascii_alphabetic() {
        return None;
    }
    Some(Found {
        start,
        end,
        href_prefix: "mailto:",
    })
}

/// Length of the domain at the start of `s`: letters, digits, `-`, `_` and `.`, with no
/// `_` in the last two labels (host names cannot have one). `www.` needs a dot; URLs do
/// not (`http://localhost`).
fn domain_len(s: &str, needs_dot: bool) -> Option<usize> {
    let mut len = 0;
    let mut dots = 0;
    let (mut underscore_prev, mut underscore_last) = (false, false);
    for c in s.chars() {
        match c {
            '_' => underscore_last = true,
            '.' => {
                underscore_prev = underscore_last;
                underscore_last = false;
                dots += 1;
            }
            '-' => {}
            c if c.is_alphanumeric() => {}
            _ => break,
        }
        len += c.len_utf8();
    }
    let starts_well = s.chars().next().is_some_and(char::is_alphanumeric);
    (starts_well && !underscore_prev && !underscore_last && (dots > 0 || !needs_dot)).then_some(len)
}

/// Where a link that starts at `start` and whose domain ends at `domain_end` ends: at the
/// next space or `<`, less trailing punctuation.
fn link_end(text: &str, start: usize, domain_end: usize) -> usize {
    let rest = &text[domain_end..];
    let end = domain_end
        + rest
            .find(|c: char| c.is_whitespace() || c == '<')
            .unwrap_or(rest.len());
    start + trim_link_end(&text[start..end])
}

/// How much of `link` to keep once trailing punctuation is dropped.
fn trim_link_end(link: &str) -> usize {
    let b = link.as_bytes();
    let mut end = b.len();
    // Counted once and kept up to date, so a run of `)` stays linear. Only `)` is ever
    // dropped among the two, so only `closing` changes.
    let opening = b.iter().filter(|&&c| c == b'(').count();
    let mut closing = b.iter().filter(|&&c| c == b')').count();
    while end > 0 {
        match b[end - 1] {
            b'?' | b'!' | b'.' | b',' | b':' | b'*' | b'_' | b'~' | b'\'' | b'"' => end -= 1,
            b';' => {
                let semicolon = end - 1;
                let mut name = semicolon;
                while name > 0 && b[name - 1].is_ascii_alphanumeric() {
                    name -= 1;
                }
                end = if name < semicolon && name > 0 && b[name - 1] == b'&' {
                    name - 1
                } else {
                    semicolon
                };
            }
            b')' if closing > opening => {
                end -= 1;
                closing -= 1;
            }
            _ => break,
        }
    }
    end
}

/// The kinds of block the walker needs to tell apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Block {
    Paragraph,
    Item,
    /// A table's head or row: its cells make one reference context.
    Row,
    Cell,
    Other,
}

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

/// The walker's state for GitHub references.
struct RefLinker<'o> {
    settings: &'o refs::Settings,
    repo: Option<(&'o str, &'o str)>,
    people: &'o HashMap<String, String>,
    /// Handles used in the note's code blocks: not people.
    code_handles: HashSet<String>,
    hits: Vec<RefHit>,
    /// References whose context is still being collected: index in `hits`, and where the
    /// reference starts in `Walker::context`.
    pending: Vec<(usize, usize)>,
    /// The heading of the current section, shared by the references under it.
    heading: Option<Arc<HeadingRef>>,
}

impl RefLinker<'_> {
    fn context(&self, in_heading: bool) -> RefContext<'_> {
        RefContext {
            settings: self.settings,
            repo: self.repo,
            in_heading,
        }
    }

    /// Where `@user` links: their page in this site when they have one, else GitHub.
    fn href(&self, target: &Target, github: String) -> String {
        match target {
            Target::User(user) => self.people.get(&**user).cloned().unwrap_or(github),
            _ => github,
        }
    }
}

/// Longest reference context kept; longer paragraphs are cut to the sentence.
const CONTEXT_CHARS: usize = 300;
/// The deepest block quote rendered as such (see `walk`).
const MAX_QUOTE_DEPTH: usize = 100;
/// Longest text of a parent list item shown before a nested item's context.
const LEAD_CHARS: usize = 80;

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

struct OpenHeading {
    /// Index in `Walker::out` of the heading's start event, patched with the id at its end.
    start: usize,
    level: HeadingLevel,
    explicit_id: Option<String>,
    /// The heading's text content as GitHub computes ids from it: text and code spans,
    /// not HTML, not image alt text.
    text: String,
}

struct OpenCode {
    lang: String,
    text: String,
}

/// HTML elements whose text must not gain links when written as raw inline HTML.
const RAW_NO_LINK_ELEMENTS: [&str; 8] = [
    "a", "code", "pre", "kbd", "samp", "script", "style", "textarea",
];

struct Walker<'a, 'h> {
    /// `None` when only references are wanted: code is not highlighted.
    highlighter: Option<&'h Highlighter>,
    refs: Option<RefLinker<'h>>,
    rewrite: Option<LinkOptions<'h>>,
    /// One entry per open link.
    links: Vec<OpenLink>,
    /// Plain text of the current block (a table row counts as one), for reference contexts.
    context: String,
    /// The first text of each open list item, once seen: the context for what is nested
    /// in it.
    items: Vec<Option<String>>,
    out: Vec<Event<'a>>,
    ids: HeadingIds,
    toc: Vec<TocEntry>,
    sections: Vec<Section>,
    /// The section being filled (its `text` unnormalised).
    section: Section,
    heading: Option<OpenHeading>,
    code: Option<OpenCode>,
    blocks: Vec<Block>,
    /// How many of `blocks` are list items, kept as they are pushed and popped: asking
    /// `blocks` on every block made 200,000 nested quotes quadratic.
    items_open: usize,
    link_depth: usize,
    image_depth: usize,
    footnote_depth: usize,
    /// Open raw inline elements from [`RAW_NO_LINK_ELEMENTS`] in the current block.
    raw_no_link_depth: usize,
    /// Inside a raw `<script>` or `<style>`: its text is removed from the page, so it is
    /// neither linked nor collected for search and summaries.
    removed_content: bool,
    /// The note's raw HTML so far: whether its HTML must be sanitised.
    raw_html: sanitize::RawHtml,
    /// One entry per open image: whether it was removed (its URL's scheme), leaving its
    /// alt text as text.
    images: Vec<bool>,
    /// Whether a link or image was removed.
    removed_link: bool,
    leaf: Leaf,
    summary: Option<String>,
    list_summary: Option<String>,
    /// A paragraph of labelled facts (`Moderator: …`): the summary only if nothing else is.
    label_summary: Option<String>,
    /// All prose, for counting words.
    prose: String,
}

impl<'a, 'h> Walker<'a, 'h> {
    fn new(highlighter: Option<&'h Highlighter>, body_len: usize) -> Self {
        Walker {
            highlighter,
            refs: None,
            rewrite: None,
            links: Vec::new(),
            context: String::new(),
            items: Vec::new(),
            out: Vec::new(),
            ids: HeadingIds::new(),
            toc: Vec::new(),
            sections: Vec::new(),
            section: Section {
                id: None,
                heading: String::new(),
                text: String::new(),
                links: Vec::new(),
            },
            heading: None,
            code: None,
            blocks: Vec::new(),
            items_open: 0,
            link_depth: 0,
            image_depth: 0,
            footnote_depth: 0,
            raw_no_link_depth: 0,
            removed_content: false,
            raw_html: sanitize::RawHtml::default(),
            images: Vec::new(),
            removed_link: false,
            leaf: Leaf::default(),
            summary: None,
            list_summary: None,
            label_summary: None,
            prose: String::with_capacity(body_len),
        }
    }

    fn event(&mut self, event: Event<'a>) {
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
                self.track_raw_inline(&html);
                self.track_raw_html(&html);
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
                        if self.refs.is_some() {
                            self.context.push(' ');
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
                self.track_raw_html(&html);
                self.out.push(Event::Html(html));
            }
            Event::FootnoteReference(_) | Event::TaskListMarker(_) => self.out.push(event),
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
        match &tag {
            Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript => {}
            // Its text stays, as text: what GitHub shows of it.
            Tag::Link { .. } if removed => {
                self.link_depth += 1;
                self.links.push(OpenLink::Removed);
                return;
            }
            Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            } => {
                self.link_depth += 1;
                // Search finds `o/r#12` behind `[text](url)` through the section's links.
                if self.heading.is_none() && self.image_depth == 0 {
                    self.section.links.push(dest_url.to_string());
                }
                let open = self.ref_link_start(*link_type, dest_url, title);
                let rewritten = open != OpenLink::Plain;
                self.links.push(open);
                if rewritten {
                    return;
                }
            }
            Tag::Image { .. } => {
                self.image_depth += 1;
                self.images.push(removed);
                if removed {
                    return;
                }
            }
            Tag::Heading { level, id, .. } => {
                self.enter_block(Block::Other);
                self.heading = Some(OpenHeading {
                    start: self.out.len(),
                    level: *level,
                    explicit_id: id.as_ref().map(|id| id.to_string()),
                    text: String::new(),
                });
            }
            Tag::CodeBlock(kind) => {
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
                // Replaced by one HTML event at the end of the block.
                return;
            }
            Tag::Paragraph => self.enter_block(Block::Paragraph),
            Tag::Item => {
                self.enter_block(Block::Item);
                self.items.push(None);
            }
            Tag::TableHead | Tag::TableRow => self.enter_block(Block::Row),
            Tag::TableCell => self.enter_block(Block::Cell),
            Tag::FootnoteDefinition(_) => {
                self.footnote_depth += 1;
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
        }
        self.out.push(Event::Start(tag));
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
                if let Some(code) = self.code.take() {
                    self.section.text.push_str(&code.text);
                    if let Some(highlighter) = self.highlighter {
                        let html = highlighter.highlight(&code.lang, &code.text);
                        self.out.push(Event::Html(html.into()));
                    }
                }
                self.leave_block();
                return;
            }
            TagEnd::FootnoteDefinition => {
                self.footnote_depth = self.footnote_depth.saturating_sub(1);
                self.leave_block();
            }
            TagEnd::Item => {
                self.leave_block();
                self.items.pop();
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
            && self.raw_no_link_depth == 0
            && !self.removed_content;
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
    }

    /// The GitHub references in a run of plain text.
    fn find_refs(&self, t: &str) -> Vec<refs::Found> {
        let Some(r) = &self.refs else {
            return Vec::new();
        };
        let mut found = refs::find(t, &r.context(self.heading.is_some()));
        if !r.code_handles.is_empty() {
            found.retain(|f| match &f.target {
                Target::User(user) => !r.code_handles.contains(&**user),
                _ => true,
            });
        }
        found
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
        if self.link_depth > 1 || self.image_depth > 0 || self.raw_no_link_depth > 0 {
            return OpenLink::Plain;
        }
        let Some(r) = self.url_ref(dest) else {
            return OpenLink::Plain;
        };
        let anchor = self.record_hit(r.target);
        let mut open = String::from("<a href=\"");
        escape_href(&mut open, dest).expect("writing to a String cannot fail");
        open.push('"');
        if !title.is_empty() {
            open.push_str(" title=\"");
            escape_html(&mut open, title).expect("writing to a String cannot fail");
            open.push('"');
        }
        write_anchor(&mut open, anchor);
        let state = match (link_type, r.shown) {
            (LinkType::Autolink, Some(shown)) => {
                open.push_str(" class=\"ref\"");
                OpenLink::Shorten(shown)
            }
            _ => OpenLink::Ref,
        };
        open.push('>');
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
            self.section.links.push(href.clone());
        }
        let anchor = self.record_hit(target);
        let mut open = String::with_capacity(href.len() + 40);
        open.push_str("<a href=\"");
        escape_href(&mut open, &href).expect("writing to a String cannot fail");
        open.push('"');
        write_anchor(&mut open, anchor);
        open.push_str(" class=\"");
        open.push_str(class);
        open.push_str("\">");
        self.out.push(Event::InlineHtml(open.into()));
        self.push_shown(shown, written);
        self.out.push(Event::InlineHtml(CowStr::Borrowed("</a>")));
    }

    /// A reference's text, shown as `shown` where the Markdown has `written`. Heading ids
    /// come from what was written: GitHub does not shorten references in files, and ids
    /// must match the ones it gives.
    fn push_shown(&mut self, shown: Shown, written: &str) {
        match &mut self.heading {
            Some(h) if self.image_depth == 0 => {
                h.text.push_str(written);
                self.context.push_str(shown.as_str());
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
        let at = self.context.len();
        let in_heading = self.heading.is_some();
        let Some(r) = &mut self.refs else {
            return 0;
        };
        let anchor = r.hits.len() as u32 + 1;
        r.pending.push((r.hits.len(), at));
        r.hits.push(RefHit {
            target,
            anchor,
            context: Arc::from(""),
            heading: if in_heading { None } else { r.heading.clone() },
        });
        anchor
    }

    /// Ends the current block's text: gives the references in it their context.
    /// `leaving` is true when the block being ended is the innermost one.
    fn flush_context(&mut self, leaving: bool) {
        let Some(r) = &mut self.refs else {
            return;
        };
        match self.blocks.last() {
            // A table row is one context: its cells are joined.
            Some(Block::Row) => return,
            Some(Block::Cell) => {
                self.context.push_str(" | ");
                return;
            }
            _ => {}
        }
        let text = self.context.trim_end_matches([' ', '|']);
        if text.trim_start().is_empty() {
            self.context.clear();
            return;
        }
        // The first text of a list item is its lead, shown before what is nested in it
        // (and not needed once the item itself ends).
        let is_lead = matches!(self.items.last(), Some(None))
            && matches!(self.blocks.last(), Some(Block::Item | Block::Paragraph));
        let parents = if is_lead {
            self.items.len() - 1
        } else {
            self.items.len()
        };
        if !r.pending.is_empty() {
            let mut prefix = String::new();
            let leads: Vec<&str> = self.items[..parents]
                .iter()
                .flatten()
                .map(String::as_str)
                .collect();
            for lead in &leads[leads.len().saturating_sub(2)..] {
                prefix.push_str(&shorten(lead, LEAD_CHARS));
                prefix.push_str(" › ");
            }
            // References in one sentence share its text.
            let mut last: Option<((usize, usize), Arc<str>)> = None;
            let ends = SentenceEnds::new(text);
            for (hit, at) in r.pending.drain(..) {
                // A reference that adds no text (`[](…/issues/6)`) after a line break sits
                // past the trimmed end (found by fuzzing).
                let at = at.min(text.len());
                let bounds = ends.bounds(at);
                let context = match &last {
                    Some((b, c)) if *b == bounds => c.clone(),
                    _ => {
                        let c: Arc<str> =
                            Arc::from(format!("{prefix}{}", sentence_text(text, at, bounds)));
                        last = Some((bounds, c.clone()));
                        c
                    }
                };
                r.hits[hit].context = context;
            }
        }
        if is_lead && !(leaving && self.blocks.last() == Some(&Block::Item)) {
            let lead = collapse_whitespace(text);
            if let Some(slot) = self.items.last_mut() {
                *slot = Some(lead);
            }
        }
        self.context.clear();
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
        self.link_depth == 0 && self.raw_no_link_depth == 0
    }

    fn plain_space(&mut self) {
        if self.refs.is_some() {
            self.context.push(' ');
        }
        self.section.text.push(' ');
        self.prose.push(' ');
        if self.leaf.kind.is_some() {
            self.leaf.text.push(' ');
        }
    }

    /// Adds text the reader sees to the heading, section, summary and word count.
    /// `own` is false for text that is a link's label.
    fn plain_text(&mut self, text: &str, own: bool) {
        if self.image_depth > 0 || self.removed_content {
            return;
        }
        if self.refs.is_some() {
            self.context.push_str(text);
        }
        if let Some(h) = &mut self.heading {
            h.text.push_str(text);
            return;
        }
        self.section.text.push_str(text);
        self.prose.push_str(text);
        if self.leaf.kind.is_some() {
            self.leaf.text.push_str(text);
            if own && !text.trim().is_empty() {
                self.leaf.has_own_text = true;
            }
        }
    }

    fn track_raw_inline(&mut self, html: &str) {
        let Some(rest) = html.strip_prefix('<') else {
            return;
        };
        let (closing, rest) = match rest.strip_prefix('/') {
            Some(rest) => (true, rest),
            None => (false, rest),
        };
        let name_len = rest
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(rest.len());
        let name = &rest[..name_len];
        if !RAW_NO_LINK_ELEMENTS
            .iter()
            .any(|e| e.eq_ignore_ascii_case(name))
        {
            return;
        }
        if closing {
            self.raw_no_link_depth = self.raw_no_link_depth.saturating_sub(1);
        } else if !html.trim_end().ends_with("/>") {
            self.raw_no_link_depth += 1;
        }
    }

    /// Notes what a raw HTML event means for sanitising and for the text collected.
    fn track_raw_html(&mut self, html: &str) {
        self.raw_html.see(html);
        self.removed_content = sanitize::content_removed_after(html, self.removed_content);
    }

    fn enter_block(&mut self, block: Block) {
        self.block_boundary();
        self.items_open += usize::from(block == Block::Item);
        self.blocks.push(block);
        self.open_leaf();
    }

    fn leave_block(&mut self) {
        self.block_boundary_leaving(true);
        if self.blocks.pop() == Some(Block::Item) {
            self.items_open -= 1;
        }
        self.open_leaf();
    }

    /// Ends whatever inline content was being collected: blocks never share words.
    fn block_boundary(&mut self) {
        self.block_boundary_leaving(false);
    }

    fn block_boundary_leaving(&mut self, leaving: bool) {
        self.flush_context(leaving);
        let leaf = std::mem::take(&mut self.leaf);
        if leaf.has_own_text {
            match leaf.kind {
                // "Moderator: @x" or "Date: …" says nothing about the meeting: a later
                // paragraph (or a list item) makes the better summary.
                Some(LeafKind::Paragraph)
                    if self.summary.is_none() && is_label_line(&leaf.text) =>
                {
                    self.label_summary
                        .get_or_insert_with(|| summarize(&leaf.text));
                }
                Some(LeafKind::Paragraph) if self.summary.is_none() => {
                    self.summary = Some(summarize(&leaf.text));
                }
                Some(LeafKind::InList) if self.list_summary.is_none() => {
                    self.list_summary = Some(summarize(&leaf.text));
                }
                _ => {}
            }
        }
        // Unclosed raw inline HTML cannot reach past its block.
        self.raw_no_link_depth = 0;
        self.section.text.push(' ');
        self.prose.push(' ');
    }

    /// Starts collecting summary text if the innermost block could supply a summary that is
    /// still missing.
    fn open_leaf(&mut self) {
        if self.summary.is_some() || self.footnote_depth > 0 {
            return;
        }
        let in_list = self.items_open > 0;
        let kind = match self.blocks.last() {
            Some(Block::Paragraph) if !in_list => Some(LeafKind::Paragraph),
            Some(Block::Paragraph | Block::Item) if self.list_summary.is_none() => {
                Some(LeafKind::InList)
            }
            _ => None,
        };
        self.leaf.kind = kind;
    }

    fn end_heading(&mut self, level: HeadingLevel) {
        let Some(heading) = self.heading.take() else {
            self.out.push(Event::End(TagEnd::Heading(level)));
            return;
        };
        let id = match heading.explicit_id {
            Some(id) => {
                self.ids.claim(&id);
                id
            }
            None => {
                let base = heading_id(&heading.text);
                // An id must not be empty (a heading of only emoji or punctuation).
                self.ids
                    .unique(if base.is_empty() { "section" } else { &base })
            }
        };
        let text = collapse_whitespace(&heading.text);
        if let Some(Event::Start(Tag::Heading { id: slot, .. })) = self.out.get_mut(heading.start) {
            *slot = Some(CowStr::from(id.clone()));
        }
        self.out
            .push(Event::InlineHtml(anchor_html(&id, &text).into()));
        self.out.push(Event::End(TagEnd::Heading(heading.level)));

        self.prose.push_str(&text);
        self.toc.push(TocEntry {
            level: heading.level as u8,
            id: id.clone(),
            text: text.clone(),
        });
        if let Some(r) = &mut self.refs {
            r.heading = Some(Arc::new(HeadingRef {
                id: id.clone(),
                text: text.clone(),
            }));
        }
        let finished = std::mem::replace(
            &mut self.section,
            Section {
                id: Some(id),
                heading: text,
                text: String::new(),
                links: Vec::new(),
            },
        );
        self.push_section(finished);
    }

    fn push_section(&mut self, mut section: Section) {
        section.text = collapse_whitespace(&section.text);
        self.sections.push(section);
    }

    fn finish(mut self) -> Rendered {
        self.block_boundary();
        let last = std::mem::replace(
            &mut self.section,
            Section {
                id: None,
                heading: String::new(),
                text: String::new(),
                links: Vec::new(),
            },
        );
        self.push_section(last);
        let mut html = String::new();
        if self.highlighter.is_some() {
            html.reserve(self.prose.len() * 2);
            pulldown_cmark::html::push_html(&mut html, self.out.into_iter());
            if self.raw_html.needs_cleaning() {
                html = sanitize::clean(&html);
            }
        }
        // A build holds every note's result until the pages and the index are made; the
        // slack of grown vectors and strings was a fifth of that memory.
        let mut refs = self.refs.map(|r| r.hits).unwrap_or_default();
        refs.shrink_to_fit();
        let mut sections = self.sections;
        for s in &mut sections {
            s.text.shrink_to_fit();
        }
        sections.shrink_to_fit();
        let mut toc = self.toc;
        toc.shrink_to_fit();
        Rendered {
            refs,
            html,
            toc,
            sections,
            summary: self
                .summary
                .or(self.list_summary)
                .or(self.label_summary)
                .unwrap_or_default(),
            // Whitespace-separated tokens with a letter or digit: close to `unicode_words`
            // for prose, at a fraction of its cost on large archives.
            word_count: word_count(&self.prose),
            packed_sections: Vec::new(),
            sanitized: self.raw_html.needs_cleaning() || self.removed_link,
        }
    }
}

/// Whitespace-separated tokens with a letter or digit.
fn word_count(text: &str) -> usize {
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

/// The self-link shown after a heading's text. Labelled (as GitHub does) rather than
/// hidden, so it stays usable from the keyboard and meaningful to a screen reader.
fn anchor_html(id: &str, text: &str) -> String {
    let mut html = String::from(" <a class=\"anchor\" href=\"#");
    escape_href(&mut html, id).expect("writing to a String cannot fail");
    html.push_str("\" aria-label=\"Permalink: ");
    escape_html(&mut html, text).expect("writing to a String cannot fail");
    html.push_str("\">#</a>");
    html
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
struct SentenceEnds<'a> {
    text: &'a str,
    /// Offsets of the `.`, `?` and `!` followed by whitespace or the end, ascending.
    /// Empty for a short text, whose every reference gets all of it.
    ends: Vec<usize>,
}

impl<'a> SentenceEnds<'a> {
    fn new(text: &'a str) -> Self {
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
    fn bounds(&self, at: usize) -> (usize, usize) {
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
fn sentence_text(text: &str, at: usize, (start, end): (usize, usize)) -> String {
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
fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", text[..cut].trim_end()),
        None => text.to_string(),
    }
}

/// `text` with whitespace collapsed, cut to at most [`SUMMARY_CHARS`] characters at a word
/// boundary, with "…" when something was cut.
/// Labels of the facts notes open with, which make poor summaries.
const FACT_LABELS: &[&str] = &[
    "attendees",
    "call link",
    "chair",
    "date",
    "duration",
    "facilitator",
    "host",
    "location",
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
fn is_label_line(text: &str) -> bool {
    let Some((label, _)) = text.trim_start().split_once(':') else {
        return false;
    };
    let label = label.trim().to_ascii_lowercase();
    FACT_LABELS.contains(&label.as_str())
}

fn summarize(text: &str) -> String {
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
    use std::sync::LazyLock;

    static HL: LazyLock<Highlighter> = LazyLock::new(Highlighter::new);

    fn md(body: &str) -> Rendered {
        render(
            body,
            &Options {
                highlighter: &HL,
                links: None,
                refs: None,
            },
        )
    }

    fn html(body: &str) -> String {
        md(body).html
    }

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
    fn packed_sections_unpack_to_the_same() {
        let sections = vec![
            Section {
                id: None,
                heading: String::new(),
                text: "Before the first heading, with ünïcode.".into(),
                links: vec![],
            },
            Section {
                id: Some(String::new()),
                heading: "Empty id".into(),
                text: String::new(),
                links: vec!["https://github.com/o/r/pull/1".into(), "x".into()],
            },
            Section {
                id: Some("notes".into()),
                heading: "Notes".into(),
                text: "a b c".repeat(1000),
                links: vec![],
            },
        ];
        let back = unpack_sections(&pack_sections(&sections));
        assert_eq!(format!("{back:?}"), format!("{sections:?}"));
        assert!(unpack_sections(&pack_sections(&[])).is_empty());
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

    fn link(href: &str, text: &str) -> String {
        format!("<a href=\"{href}\">{text}</a>")
    }

    // --- heading ids ---

    fn anchor(id: &str, text: &str) -> String {
        format!(" <a class=\"anchor\" href=\"#{id}\" aria-label=\"Permalink: {text}\">#</a>")
    }

    #[test]
    fn heading_gets_id_and_anchor() {
        assert_eq!(
            html("## Agenda"),
            format!(
                "<h2 id=\"agenda\">Agenda{}</h2>\n",
                anchor("agenda", "Agenda")
            )
        );
    }

    #[test]
    fn heading_ids_match_github_examples() {
        let r = md("### Current Iteration \u{1F5D3}\u{FE0F}\n\n\
                    ### Feedback and Open Discussion 💡\n\n\
                    ### Pocket V1 DevLog Call #1 Notes <!-- omit in toc -->\n");
        let ids: Vec<&str> = r.toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "current-iteration-\u{FE0F}",
                "feedback-and-open-discussion-",
                "pocket-v1-devlog-call-1-notes-"
            ]
        );
        // The href percent-encodes what the id keeps as is.
        assert!(
            r.html.contains("href=\"#current-iteration-%EF%B8%8F\""),
            "{}",
            r.html
        );
        assert!(r.html.contains("<!-- omit in toc -->"));
        assert_eq!(r.toc[2].text, "Pocket V1 DevLog Call #1 Notes");
    }

    #[test]
    fn duplicate_headings_are_numbered() {
        let r = md("# A\n## A\n## A-1\n### A\n");
        let ids: Vec<&str> = r.toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["a", "a-1", "a-1-1", "a-2"]);
    }

    #[test]
    fn heading_id_includes_code_span_and_emphasis() {
        let r = md("## The `render()` *fast* path");
        assert_eq!(r.toc[0].id, "the-render-fast-path");
        assert_eq!(r.toc[0].text, "The render() fast path");
        assert!(r.html.starts_with(
            "<h2 id=\"the-render-fast-path\">The <code>render()</code> <em>fast</em> path"
        ));
    }

    #[test]
    fn heading_id_ignores_inline_html_and_image_alt() {
        let r = md("## <span>Plan</span> ![logo](x.png) B");
        assert_eq!(r.toc[0].id, "plan--b");
    }

    #[test]
    fn heading_ids_non_latin_and_emoji() {
        let r = md("## Überblick\n## 会议\n## 🎉 Launch\n## 🎉\n## 🎉\n");
        let ids: Vec<&str> = r.toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(
            ids,
            ["überblick", "会议", "-launch", "section", "section-1"]
        );
        assert!(r.html.contains("href=\"#%C3%BCberblick\""));
    }

    #[test]
    fn setext_heading_spanning_lines() {
        let r = md("Two\nlines\n===\n");
        assert_eq!(r.toc[0].id, "twolines");
        assert_eq!(r.toc[0].text, "Two lines");
    }

    #[test]
    fn heading_braces_stay_text() {
        let r = md("## Config {#custom}");
        assert_eq!(r.toc[0].id, "config-custom");
        assert!(r.html.contains("Config {#custom}"));
    }

    #[test]
    fn heading_text_is_escaped_in_anchor_label() {
        let r = md("## a \"q\" <b>&amp;</b>");
        assert!(
            r.html
                .contains("aria-label=\"Permalink: a &quot;q&quot; &amp;\""),
            "{}",
            r.html
        );
    }

    // --- GitHub references ---

    static SETTINGS: LazyLock<refs::Settings> = LazyLock::new(|| {
        let config = crate::config::Config::parse(
            "[github]\nowners = { rust = \"rust-lang\" }\nignore_users = [\"rfcbot\"]\n\
             [teams.lang]\nrepo = \"rust-lang/lang-team\"\n",
            "minutes.toml",
        )
        .unwrap();
        refs::Settings::new(&config)
    });
    static PEOPLE: LazyLock<HashMap<String, String>> = LazyLock::new(|| {
        HashMap::from([("mgoelzer".to_string(), "/people/mgoelzer/".to_string())])
    });

    fn md_in(body: &str, repo: Option<&str>) -> Rendered {
        render(
            body,
            &Options {
                highlighter: &HL,
                links: None,
                refs: Some(RefOptions {
                    settings: &SETTINGS,
                    repo,
                    people: &PEOPLE,
                }),
            },
        )
    }

    fn ref_link(href: &str, id: u32, class: &str, text: &str) -> String {
        format!("<a href=\"{href}\" id=\"ref-{id}\" class=\"{class}\">{text}</a>")
    }

    /// Every row of GITHUB-REFS.md's table of forms, as the HTML it becomes.
    #[test]
    fn reference_forms_render_as_github_shows_them() {
        let issue = "https://github.com/o/r/issues/26";
        let sha = "a5c3785ed8d6a35868bc169f07e40e889087fd2e";
        let commit = format!("https://github.com/o/r/commit/{sha}");
        // (markdown, note repo, the paragraph's inner HTML)
        let cases: Vec<(String, Option<&str>, String)> = vec![
            // Issue and PR URLs, bare or autolinked: shortened.
            (
                format!("see {issue}."),
                None,
                format!("see {}.", ref_link(issue, 1, "ref", "o/r#26")),
            ),
            (
                "https://github.com/o/r/pull/26".into(),
                None,
                ref_link("https://github.com/o/r/pull/26", 1, "ref", "o/r#26"),
            ),
            (
                format!("<{issue}>"),
                None,
                ref_link(issue, 1, "ref", "o/r#26"),
            ),
            (issue.into(), Some("o/r"), ref_link(issue, 1, "ref", "#26")),
            (
                format!("<{issue}>"),
                Some("o/r"),
                ref_link(issue, 1, "ref", "#26"),
            ),
            (
                format!("{issue}#issuecomment-123"),
                None,
                ref_link(
                    &format!("{issue}#issuecomment-123"),
                    1,
                    "ref",
                    "o/r#26 (comment)",
                ),
            ),
            // Commit URLs: owner/repo@7 digits; in the note's own repo, the SHA as code.
            (
                commit.clone(),
                None,
                ref_link(&commit, 1, "ref", "o/r@a5c3785"),
            ),
            (
                commit.clone(),
                Some("o/r"),
                ref_link(&commit, 1, "ref", "<code>a5c3785</code>"),
            ),
            // Discussions.
            (
                "https://github.com/o/r/discussions/7".into(),
                None,
                ref_link("https://github.com/o/r/discussions/7", 1, "ref", "o/r#7"),
            ),
            // A URL the author linked keeps the author's text, and gains an anchor.
            (
                format!("[the fix]({issue} \"Fix\")"),
                None,
                format!("<a href=\"{issue}\" title=\"Fix\" id=\"ref-1\">the fix</a>"),
            ),
            (
                format!("[**#26**]({issue})"),
                Some("o/r"),
                format!("<a href=\"{issue}\" id=\"ref-1\"><strong>#26</strong></a>"),
            ),
            // owner/repo#N.
            ("o/r#26".into(), None, ref_link(issue, 1, "ref", "o/r#26")),
            // #N and GH-N: only with a known repository.
            (
                "(#26)".into(),
                Some("o/r"),
                format!("({})", ref_link(issue, 1, "ref", "#26")),
            ),
            ("#26".into(), None, "#26".into()),
            (
                "GH-26".into(),
                Some("o/r"),
                ref_link(issue, 1, "ref", "GH-26"),
            ),
            ("GH-26".into(), None, "GH-26".into()),
            // repo#N: only with a configured owner (or the note's own repository's).
            (
                "rust#95953".into(),
                None,
                ref_link(
                    "https://github.com/rust-lang/rust/issues/95953",
                    1,
                    "ref",
                    "rust#95953",
                ),
            ),
            (
                "lang-team#97".into(),
                None,
                ref_link(
                    "https://github.com/rust-lang/lang-team/issues/97",
                    1,
                    "ref",
                    "lang-team#97",
                ),
            ),
            ("js-ipfs#123".into(), None, "js-ipfs#123".into()),
            // owner/repo@sha and user@sha.
            (
                format!("o/r@{sha}"),
                None,
                ref_link(&commit, 1, "ref", "o/r@a5c3785"),
            ),
            (
                "jlord@a5c3785".into(),
                Some("o/r"),
                ref_link(
                    "https://github.com/jlord/r/commit/a5c3785",
                    1,
                    "ref",
                    "jlord@a5c3785",
                ),
            ),
            // Bare SHAs: only with a known repository.
            (
                "fixed in a5c3785ed8".into(),
                Some("o/r"),
                format!(
                    "fixed in {}",
                    ref_link(
                        "https://github.com/o/r/commit/a5c3785ed8",
                        1,
                        "ref",
                        "<code>a5c3785</code>"
                    )
                ),
            ),
            (
                "fixed in a5c3785ed8".into(),
                None,
                "fixed in a5c3785ed8".into(),
            ),
            // @user: the person's page when they are in the archive, else GitHub.
            (
                "cc @mgoelzer and @octocat".into(),
                None,
                format!(
                    "cc {} and {}",
                    ref_link("/people/mgoelzer/", 1, "mention", "@mgoelzer"),
                    ref_link("https://github.com/octocat", 2, "mention", "@octocat")
                ),
            ),
            (
                "@rust-lang/lang".into(),
                None,
                ref_link(
                    "https://github.com/orgs/rust-lang/teams/lang",
                    1,
                    "mention",
                    "@rust-lang/lang",
                ),
            ),
            // Inside emphasis, after a soft break, in a table cell.
            (
                "*o/r#26*".into(),
                None,
                format!("<em>{}</em>", ref_link(issue, 1, "ref", "o/r#26")),
            ),
        ];
        for (body, repo, inner) in cases {
            assert_eq!(
                md_in(&body, repo).html,
                format!("<p>{inner}</p>\n"),
                "{body:?} in {repo:?}"
            );
        }
    }

    /// What must stay as written: code, raw HTML, author's link text, and text that only
    /// looks like a reference.
    #[test]
    fn precision_cases_stay_as_written() {
        let repo = Some("o/r");
        // (markdown, the whole HTML)
        let cases: Vec<(&str, String)> = vec![
            // Meeting numbers in headings.
            (
                "## Meeting #153",
                format!(
                    "<h2 id=\"meeting-153\">Meeting #153{}</h2>\n",
                    anchor("meeting-153", "Meeting #153")
                ),
            ),
            (
                "# Call #9",
                format!(
                    "<h1 id=\"call-9\">Call #9{}</h1>\n",
                    anchor("call-9", "Call #9")
                ),
            ),
            // E-mail addresses keep their own link.
            (
                "mail a@b.org",
                format!("<p>mail {}</p>\n", link("mailto:a@b.org", "a@b.org")),
            ),
            // CSS colours and hex words.
            ("color: #888888;", "<p>color: #888888;</p>\n".into()),
            ("a #111111 border", "<p>a #111111 border</p>\n".into()),
            (
                "deadbeef acceded defaced facade",
                "<p>deadbeef acceded defaced facade</p>\n".into(),
            ),
            // Look-alike hosts keep a plain link, shown as written.
            (
                "https://github.com.evil.org/o/r/issues/1",
                format!(
                    "<p>{}</p>\n",
                    link(
                        "https://github.com.evil.org/o/r/issues/1",
                        "https://github.com.evil.org/o/r/issues/1"
                    )
                ),
            ),
            (
                "https://gist.github.com/o/0123abc",
                format!(
                    "<p>{}</p>\n",
                    link(
                        "https://gist.github.com/o/0123abc",
                        "https://gist.github.com/o/0123abc"
                    )
                ),
            ),
            // Code spans, fenced code, raw HTML, the author's link text, image alt text.
            (
                "`o/r#26 #26 @octocat`",
                "<p><code>o/r#26 #26 @octocat</code></p>\n".into(),
            ),
            (
                "```\no/r#26 #26\n```\n",
                "<pre><code>o/r#26 #26\n</code></pre>\n".into(),
            ),
            (
                "<div>\n#26 @octocat\n</div>\n",
                "<div>\n#26 @octocat\n</div>\n".into(),
            ),
            (
                "<code>#26</code> and <a href=\"x\">@octocat</a>",
                "<p><code>#26</code> and <a href=\"x\">@octocat</a></p>\n".into(),
            ),
            (
                "[see #26 and @octocat](https://example.com)",
                format!(
                    "<p>{}</p>\n",
                    link("https://example.com", "see #26 and @octocat")
                ),
            ),
            (
                "![#26](i.png)",
                "<p><img src=\"i.png\" alt=\"#26\" /></p>\n".into(),
            ),
            // Ignored handles.
            ("@rfcbot merge", "<p>@rfcbot merge</p>\n".into()),
        ];
        for (body, want) in cases {
            let r = md_in(body, repo);
            assert_eq!(r.html, want, "{body:?}");
            assert_eq!(r.refs, [], "{body:?}");
        }
    }

    #[test]
    fn decorators_used_in_the_notes_code_are_not_people() {
        let body = "```ts\n@Component({})\nclass A {}\n@Memoize\nget x() {}\n```\n\n\
                    The @Memoize and @Component decorators, by @octocat.\n";
        let r = md_in(body, None);
        assert!(
            r.html.ends_with(&format!(
                "<p>The @Memoize and @Component decorators, by {}.</p>\n",
                ref_link("https://github.com/octocat", 1, "mention", "@octocat")
            )),
            "{}",
            r.html
        );
    }

    #[test]
    fn references_in_headings_table_cells_and_link_free_runs() {
        let r = md_in(
            "### \"async\" rust#33\n\n| PR | state |\n|---|---|\n| #12 | FCP |\n",
            Some("o/r"),
        );
        assert!(
            r.html.starts_with(&format!(
                "<h3 id=\"async-rust33\">\"async\" {}{}</h3>",
                ref_link(
                    "https://github.com/rust-lang/rust/issues/33",
                    1,
                    "ref",
                    "rust#33"
                ),
                anchor("async-rust33", "&quot;async&quot; rust#33")
            )),
            "{}",
            r.html
        );
        assert!(
            r.html.contains(&format!(
                "<td>{}</td>",
                ref_link("https://github.com/o/r/issues/12", 2, "ref", "#12")
            )),
            "{}",
            r.html
        );
    }

    #[test]
    fn heading_ids_come_from_the_written_reference() {
        let r = md_in(
            "## Fix https://github.com/o/r/issues/1 and <https://github.com/o/r/pull/2>",
            None,
        );
        assert_eq!(
            r.toc[0].id,
            "fix-httpsgithubcomorissues1-and-httpsgithubcomorpull2"
        );
        assert_eq!(
            r.toc[0].text,
            "Fix https://github.com/o/r/issues/1 and https://github.com/o/r/pull/2"
        );
        assert!(r.html.contains(">o/r#1</a> and <a href=\"https://github.com/o/r/pull/2\" id=\"ref-2\" class=\"ref\">o/r#2</a>"), "{}", r.html);
        assert_eq!(&*r.refs[0].context, "Fix o/r#1 and o/r#2");
    }

    #[test]
    fn sections_keep_the_links_references_became() {
        let r = md_in("See #12 and rust#5.", Some("o/r"));
        assert_eq!(
            r.sections[0].links,
            [
                "https://github.com/o/r/issues/12",
                "https://github.com/rust-lang/rust/issues/5"
            ]
        );
    }

    #[test]
    fn refs_record_targets_anchors_and_contexts() {
        let body = "# Call #3\n\n## Iteration Results\n\n- Completed\n   - https://github.com/pokt-network/pocket/pull/450\n   \
                    - [PR](https://github.com/pokt-network/pocket/pull/451)\n\n\
                    Once merged (https://github.com/pokt-network/pocket/pull/420), tracing (#143) can begin. \
                    Then more.\n\n| PR | state |\n|---|---|\n| #12 | FCP |\n\n\
                    ## Links\n\n### rust#33\n";
        let r = md_in(body, Some("pokt-network/pocket"));
        let got: Vec<(String, String, &str, Option<&str>)> = r
            .refs
            .iter()
            .map(|h| {
                (
                    h.target.to_string(),
                    h.anchor_id(),
                    &*h.context,
                    h.heading.as_ref().map(|h| h.id.as_str()),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "pokt-network/pocket#450".into(),
                    "ref-1".into(),
                    "Completed › #450",
                    Some("iteration-results")
                ),
                (
                    "pokt-network/pocket#451".into(),
                    "ref-2".into(),
                    "Completed › PR",
                    Some("iteration-results")
                ),
                (
                    "pokt-network/pocket#420".into(),
                    "ref-3".into(),
                    "Once merged (#420), tracing (#143) can begin. Then more.",
                    Some("iteration-results")
                ),
                (
                    "pokt-network/pocket#143".into(),
                    "ref-4".into(),
                    "Once merged (#420), tracing (#143) can begin. Then more.",
                    Some("iteration-results")
                ),
                (
                    "pokt-network/pocket#12".into(),
                    "ref-5".into(),
                    "#12 | FCP",
                    Some("iteration-results")
                ),
                ("rust-lang/rust#33".into(), "ref-6".into(), "rust#33", None),
            ]
        );
        assert_eq!(
            r.refs[0].heading.as_ref().unwrap().text,
            "Iteration Results"
        );
        // `references` finds the same edges without writing HTML.
        let opts = Options {
            highlighter: &HL,
            links: None,
            refs: Some(RefOptions {
                settings: &SETTINGS,
                repo: Some("pokt-network/pocket"),
                people: &PEOPLE,
            }),
        };
        assert_eq!(references(body, &opts), r.refs);
    }

    #[test]
    fn long_paragraph_context_is_the_sentence() {
        let filler = "Words go here and here. ".repeat(20);
        let body = format!("{filler}The fix is o/r#9, merged. {filler}");
        let r = md_in(&body, None);
        assert_eq!(&*r.refs[0].context, "The fix is o/r#9, merged.");
        let long = format!("{}o/r#9{}", "a ".repeat(200), " b".repeat(200));
        let c = &md_in(&long, None).refs[0].context;
        assert!(
            c.starts_with('…') && c.ends_with('…') && c.contains("o/r#9"),
            "{c}"
        );
        assert!(c.chars().count() <= CONTEXT_CHARS + 2, "{c}");
    }

    #[test]
    fn without_ref_options_nothing_is_linked() {
        assert_eq!(html("o/r#26 @octocat"), "<p>o/r#26 @octocat</p>\n");
        assert!(md("o/r#26").refs.is_empty());
    }

    // --- autolinks ---

    #[test]
    fn url_excludes_trailing_dot() {
        assert_eq!(
            html("see https://github.com/o/r/pull/1."),
            format!(
                "<p>see {}.</p>\n",
                link(
                    "https://github.com/o/r/pull/1",
                    "https://github.com/o/r/pull/1"
                )
            )
        );
    }

    #[test]
    fn url_in_parentheses() {
        assert_eq!(
            html("(https://a.b/c)"),
            format!("<p>({})</p>\n", link("https://a.b/c", "https://a.b/c"))
        );
    }

    #[test]
    fn url_keeps_balanced_parenthesis() {
        let url = "https://en.wikipedia.org/wiki/Foo_(bar)";
        assert_eq!(
            html(&format!("{url} and ({url})")),
            format!("<p>{} and ({})</p>\n", link(url, url), link(url, url))
        );
    }

    #[test]
    fn www_gets_http() {
        assert_eq!(
            html("Visit www.example.com/a?b=1, then"),
            format!(
                "<p>Visit {}, then</p>\n",
                link("http://www.example.com/a?b=1", "www.example.com/a?b=1")
            )
        );
        assert_eq!(html("awww.example.com"), "<p>awww.example.com</p>\n");
    }

    #[test]
    fn email_gets_mailto() {
        assert_eq!(
            html("Mail a.b+c@example.co."),
            format!(
                "<p>Mail {}.</p>\n",
                link("mailto:a.b+c@example.co", "a.b+c@example.co")
            )
        );
        assert_eq!(html("x@y"), "<p>x@y</p>\n");
        assert_eq!(html("@mgoelzer"), "<p>@mgoelzer</p>\n");
    }

    #[test]
    fn no_links_in_code_or_existing_links() {
        assert_eq!(
            html("`https://a.b/c`"),
            "<p><code>https://a.b/c</code></p>\n"
        );
        assert_eq!(
            html("```\nhttps://a.b/c\n```\n"),
            "<pre><code>https://a.b/c\n</code></pre>\n"
        );
        assert_eq!(
            html("[https://a.b/c](https://x.y)"),
            format!("<p>{}</p>\n", link("https://x.y", "https://a.b/c"))
        );
        assert_eq!(
            html("<https://x.y>"),
            format!("<p>{}</p>\n", link("https://x.y", "https://x.y"))
        );
        assert_eq!(
            html("<a href=\"https://x.y\">https://x.y</a>"),
            "<p><a href=\"https://x.y\">https://x.y</a></p>\n"
        );
        assert_eq!(
            html("![https://a.b/c](i.png)"),
            "<p><img src=\"i.png\" alt=\"https://a.b/c\" /></p>\n"
        );
    }

    #[test]
    fn raw_html_block_is_passed_through() {
        let body = "<div>\nhttps://a.b/c\n</div>\n";
        assert_eq!(html(body), body);
    }

    #[test]
    fn url_with_underscores_is_one_link() {
        // pulldown-cmark emits the unmatched `_` as separate text events.
        assert_eq!(
            html("https://a.b/x_y_z and https://a.b/x_y"),
            format!(
                "<p>{} and {}</p>\n",
                link("https://a.b/x_y_z", "https://a.b/x_y_z"),
                link("https://a.b/x_y", "https://a.b/x_y")
            )
        );
    }

    /// Known gap: cmark-gfm finds URLs before emphasis, so GitHub links all of
    /// `https://a.b/__init__`; here the `__…__` pair is already strong emphasis.
    #[test]
    fn url_cut_by_real_emphasis_links_the_part_before_it() {
        assert_eq!(
            html("https://a.b/__init__"),
            format!(
                "<p>{}<strong>init</strong></p>\n",
                link("https://a.b/", "https://a.b/")
            )
        );
    }

    #[test]
    fn url_trailing_rules() {
        let ends = |s: &str| -> String {
            match linkify(s)
                .into_iter()
                .find(|s| matches!(s, Span::Link { .. }))
            {
                Some(Span::Link { text, .. }) => text.into_owned(),
                _ => String::new(),
            }
        };
        assert_eq!(ends("https://a.b/c?!.,:*_~'\" x"), "https://a.b/c");
        assert_eq!(ends("https://a.b/q?x=1&hl;"), "https://a.b/q?x=1");
        assert_eq!(ends("https://a.b/q?x=1&hl=en"), "https://a.b/q?x=1&hl=en");
        assert_eq!(ends("https://a.b/c;"), "https://a.b/c");
        assert_eq!(ends("https://a.b/c))"), "https://a.b/c");
        assert_eq!(ends("https://a.b/(c))."), "https://a.b/(c)");
        assert_eq!(ends("https://a.b/c<d"), "https://a.b/c");
        assert_eq!(ends("http://localhost:8080/x"), "http://localhost:8080/x");
        assert_eq!(ends("HTTPS://A.B"), "HTTPS://A.B");
        assert_eq!(ends("xhttps://a.b"), "");
        assert_eq!(ends("https://"), "");
        assert_eq!(ends("https:// a"), "");
        assert_eq!(ends("https://a_b.c_d.e"), "");
        assert_eq!(ends("www."), "");
        assert_eq!(ends("mailto:me@x.io"), "me@x.io");
        assert_eq!(ends("https://h/a@b.co"), "https://h/a@b.co");
    }

    #[test]
    fn linkify_spans_cover_the_text() {
        let text = "a https://x.y/z b www.q.r c d@e.fg.";
        let spans = linkify(text);
        assert_eq!(spans.len(), 7);
        let rebuilt: String = spans
            .iter()
            .map(|s| match s {
                Span::Text(t) => t.to_string(),
                Span::Link { text, .. } => text.to_string(),
            })
            .collect();
        assert_eq!(rebuilt, text);
        assert_eq!(
            spans[3],
            Span::Link {
                href: "http://www.q.r".into(),
                text: Cow::Borrowed("www.q.r"),
                class: None
            }
        );
    }

    #[test]
    fn linkify_is_linear_on_parenthesis_runs() {
        let text = format!("https://a.b/{}", ")".repeat(100_000));
        let spans = linkify(&text);
        assert_eq!(spans.len(), 2);
    }

    #[test]
    fn urls_with_non_ascii_are_encoded_in_href_only() {
        assert_eq!(
            html("https://de.wikipedia.org/wiki/Überblick"),
            format!(
                "<p>{}</p>\n",
                link(
                    "https://de.wikipedia.org/wiki/%C3%9Cberblick",
                    "https://de.wikipedia.org/wiki/Überblick"
                )
            )
        );
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

    // --- GFM blocks ---

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
            "<ul>\n<li><input disabled=\"\" type=\"checkbox\" checked=\"\"/>\ndone</li>\n\
             <li><input disabled=\"\" type=\"checkbox\"/>\ntodo</li>\n</ul>\n"
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

    // --- code ---

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

    // --- toc, sections, summary ---

    #[test]
    fn toc_and_sections() {
        let r = md("Intro *text*.\n\n# Title\n\nBody `code` here.\n\n\
                    ## Sub\n\n- one\n- two\n\n```\nlet x;\n```\n");
        assert_eq!(
            r.toc,
            [
                TocEntry {
                    level: 1,
                    id: "title".into(),
                    text: "Title".into()
                },
                TocEntry {
                    level: 2,
                    id: "sub".into(),
                    text: "Sub".into()
                },
            ]
        );
        assert_eq!(
            r.sections,
            [
                Section {
                    id: None,
                    heading: String::new(),
                    text: "Intro text.".into(),
                    links: Vec::new()
                },
                Section {
                    id: Some("title".into()),
                    heading: "Title".into(),
                    text: "Body code here.".into(),
                    links: Vec::new()
                },
                Section {
                    id: Some("sub".into()),
                    heading: "Sub".into(),
                    text: "one two let x;".into(),
                    links: Vec::new()
                },
            ]
        );
        // Prose words: Intro text Title Body code here Sub one two.
        assert_eq!(r.word_count, 9);
    }

    #[test]
    fn first_section_is_present_even_when_empty() {
        let r = md("# Only\n");
        assert_eq!(r.sections.len(), 2);
        assert_eq!(r.sections[0].id, None);
        assert_eq!(r.sections[0].text, "");
        assert_eq!(md("").sections.len(), 1);
    }

    #[test]
    fn sections_keep_link_targets_but_not_autolinks() {
        let r = md(
            "See [#450](https://github.com/o/r/pull/450) and https://a.b/c.\n\n\
                    ## [Linked](https://x.y) heading\n\n![img](https://i.png)\n",
        );
        assert_eq!(r.sections[0].links, ["https://github.com/o/r/pull/450"]);
        assert_eq!(r.sections[0].text, "See #450 and https://a.b/c.");
        assert!(r.sections[1].links.is_empty());
    }

    #[test]
    fn sections_leave_out_html_and_comments() {
        let r = md("<!-- hidden -->\n\nA<br>B <!-- x --> C\n\n<div>\nraw\n</div>\n");
        assert_eq!(r.sections[0].text, "A B C");
    }

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

    #[test]
    fn summary_is_cut_at_a_word_boundary() {
        let long = "word ".repeat(100);
        let r = md(&long);
        assert!(r.summary.ends_with("word…"), "{}", r.summary);
        assert!(r.summary.chars().count() <= SUMMARY_CHARS + 1);

        let exact = "abcd ".repeat(40); // 200 chars with the trailing space trimmed away
        assert_eq!(md(&exact).summary, exact.trim_end());

        let cut = summarize(&format!("{} tail", "x".repeat(198)));
        assert_eq!(cut, format!("{}…", "x".repeat(198)));

        let no_spaces = "会".repeat(300);
        assert_eq!(summarize(&no_spaces), format!("{}…", "会".repeat(199)));
        let one_word = "y".repeat(300);
        assert_eq!(summarize(&one_word), format!("{}…", "y".repeat(200)));
    }
}
