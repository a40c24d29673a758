//! Notes are untrusted input: the site is published under an organisation's name. This
//! module keeps what GitHub keeps when it renders Markdown and removes the rest.
//!
//! pulldown-cmark escapes text, so a note's page can only carry markup the note wrote in
//! two ways: raw HTML (its `Html` and `InlineHtml` events) and the destinations of
//! Markdown links and images. The markdown walker turns a link or image whose URL has a
//! scheme other than `http`, `https` or `mailto` into its text ([`url_allowed`]), and runs
//! [`clean`] over a note's HTML only when the note wrote raw HTML other than comments and
//! plain tags ([`RawHtml`]): most notes never pay for a second parse.
//!
//! [`diagnostics`] finds the same removals at their place in the note file, for `check`
//! and `build`.
//!
//! User-written `id` and `name` attributes are kept as written (GitHub keeps them working
//! too, by prefixing them `user-content-` and rewriting fragment links with a script),
//! because notes link to them (`[x](#decision)`) and the link checker counts them. They
//! cannot break the default theme's scripts: those find their elements by ids that sit in
//! the page header, before the note, or on pages without a note; `name` is kept on `<a>`
//! only, where it does not shadow properties of `document` (it does on `<img>`, `<form>`,
//! `<embed>`, `<object>` and `<iframe>`); and a bare `id` cannot shadow the globals the
//! scripts use (`document`, `location`, `Node`), which the window itself defines.

use crate::diag::{line_col, Diagnostic};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use pulldown_cmark::{Event, LinkType, Parser, Tag as MdTag, TagEnd};
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::LazyLock;

/// Elements kept: GitHub's allowlist (html-pipeline's `SanitizationFilter`), without
/// `h7`/`h8` and `tt`/`strike` kept too for old notes.
const TAGS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "input",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "picture",
    "pre",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "small",
    "source",
    "span",
    "strike",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "tt",
    "ul",
    "var",
    "wbr",
];

/// Attributes kept on every element (GitHub's list, less what only forms use).
const GENERIC_ATTRIBUTES: &[&str] = &[
    "abbr",
    "align",
    "alt",
    "aria-describedby",
    "aria-hidden",
    "aria-label",
    "aria-labelledby",
    "border",
    "cellpadding",
    "cellspacing",
    "class",
    "colspan",
    "datetime",
    "dir",
    "height",
    "hreflang",
    "id",
    "lang",
    "open",
    "rowspan",
    "scope",
    "span",
    "start",
    "summary",
    "title",
    "valign",
    "width",
];

/// Attributes kept on one element only.
const TAG_ATTRIBUTES: &[(&str, &[&str])] = &[
    ("a", &["href", "name"]),
    ("img", &["src", "srcset"]),
    ("source", &["srcset", "media", "type"]),
    ("input", &["type", "checked", "disabled"]),
    ("ol", &["reversed", "type"]),
    ("pre", &["data-lang"]),
    // pulldown-cmark writes a table column's alignment as a style (see `style_allowed`).
    ("th", &["style"]),
    ("td", &["style"]),
];

/// Classes minutes itself writes (references, heading anchors, footnotes, GFM alerts,
/// highlighted code); any other class is dropped, so a note cannot dress its markup as
/// the theme's (`search-hit`, `skip-link`). Classes starting with `hl-` are syntect's
/// (`highlight.rs`) and `language-` pulldown-cmark's.
const CLASSES: &[&str] = &[
    "anchor",
    "code",
    "footnote-definition",
    "footnote-definition-label",
    "footnote-reference",
    "markdown-alert-caution",
    "markdown-alert-important",
    "markdown-alert-note",
    "markdown-alert-tip",
    "markdown-alert-warning",
    "math",
    "math-display",
    "math-inline",
    "mention",
    "ref",
];

/// Elements removed with their content (ammonia's default): the text of a script or a
/// stylesheet means nothing to a reader.
const CONTENT_REMOVED: &[&str] = &["script", "style"];

/// URL schemes kept in `href`, `src` and `srcset`; relative URLs are kept too.
const SCHEMES: &[&str] = &["http", "https", "mailto"];

/// Elements whose content is raw text to the browser, up to the matching end tag: markup
/// inside them is not markup.
const RAW_TEXT: &[&str] = &[
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
];

/// ammonia (the html5ever-based sanitiser that docs.rs and lemmy use) over writing one:
/// it parses as a browser does, so markup that only looks harmless to a scanner (`<scr<script>ipt>`,
/// unclosed tags, foreign content in `<svg>`/`<math>`) is judged on the tree the reader's
/// browser will build. Built once: the builder holds its sets.
static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::empty();
    b.tags(TAGS.iter().copied().collect())
        .clean_content_tags(CONTENT_REMOVED.iter().copied().collect())
        .generic_attributes(GENERIC_ATTRIBUTES.iter().copied().collect())
        .tag_attributes(
            TAG_ATTRIBUTES
                .iter()
                .map(|(tag, attrs)| (*tag, attrs.iter().copied().collect()))
                .collect(),
        )
        // A task list's checkbox is all a note may have of a form.
        .set_tag_attribute_values(HashMap::from([(
            "input",
            HashMap::from([("type", "checkbox"), ("disabled", "")]),
        )]))
        .url_schemes(SCHEMES.iter().copied().collect())
        .url_relative(ammonia::UrlRelative::PassThrough)
        // minutes' own links carry no `rel`, and every page must stay as it was.
        .link_rel(None)
        // `<!-- omit in toc -->` and the like: harmless, and kept as the other notes keep them.
        .strip_comments(false)
        .attribute_filter(filter_attribute);
    b
});

/// The values ammonia's allowlists cannot judge by name alone.
fn filter_attribute<'u>(element: &str, attribute: &str, value: &'u str) -> Option<Cow<'u, str>> {
    match attribute {
        "class" => {
            let kept: Vec<&str> = value
                .split_ascii_whitespace()
                .filter(|c| class_allowed(c))
                .collect();
            match kept.len() {
                0 => None,
                n if n == value.split_ascii_whitespace().count() => Some(value.into()),
                _ => Some(kept.join(" ").into()),
            }
        }
        "href" | "src" => url_allowed(value).then_some(value.into()),
        "srcset" => srcset_allowed(value).then_some(value.into()),
        "style" => style_allowed(element, value).then_some(value.into()),
        _ => Some(value.into()),
    }
}

fn class_allowed(class: &str) -> bool {
    CLASSES.contains(&class) || class.starts_with("hl-") || class.starts_with("language-")
}

/// Only the alignment pulldown-cmark writes on table cells.
fn style_allowed(element: &str, value: &str) -> bool {
    matches!(element, "th" | "td")
        && matches!(
            value,
            "text-align: left" | "text-align: center" | "text-align: right"
        )
}

/// Each candidate of a `srcset` (`url 2x, url 480w`) is an allowed URL.
fn srcset_allowed(value: &str) -> bool {
    value
        .split(',')
        .filter_map(|c| c.split_ascii_whitespace().next())
        .all(url_allowed)
}

/// `html` with everything GitHub would not keep removed. For a note's whole HTML (the
/// parse needs the whole tree: a `<details>` opened in one raw block closes in another).
pub fn clean(html: &str) -> String {
    CLEANER.clean(html).to_string()
}

/// The scheme of `url` as a browser reads it, lower-cased; `None` for a relative URL.
///
/// Browsers strip leading and trailing C0 controls and spaces, and remove every tab and
/// newline, before looking for the scheme (`java\tscript:` is `javascript:`); entities are
/// already decoded by the time a URL reaches here (pulldown-cmark decodes them in link
/// destinations, html5ever in attributes). A percent-encoded colon does not end a scheme
/// for a browser (`javascript%3Aalert(1)` is a relative path), so percent-escapes are not
/// decoded: decoding them would flag relative links such as `notes%3A1.md`.
pub fn scheme(url: &str) -> Option<String> {
    let url = url.trim_matches(|c: char| c <= ' ');
    let mut scheme = String::new();
    for c in url.chars() {
        match c {
            '\t' | '\n' | '\r' => {}
            ':' if !scheme.is_empty() => return Some(scheme),
            c if c.is_ascii_alphabetic() => scheme.push(c.to_ascii_lowercase()),
            c if !scheme.is_empty() && (c.is_ascii_digit() || matches!(c, '+' | '-' | '.')) => {
                scheme.push(c)
            }
            _ => return None,
        }
    }
    None
}

/// Whether a link, image or `href`/`src` may point at `url`: relative, or `http`,
/// `https` or `mailto`.
pub fn url_allowed(url: &str) -> bool {
    match scheme(url) {
        None => true,
        Some(s) => SCHEMES.contains(&s.as_str()),
    }
}

/// HTML, SVG and MathML elements that are not on the allowlist. A removed element with
/// any other name (`<T>` in `Vec<T>`) was meant as text.
const HTML_ELEMENTS: &[&str] = &[
    "address",
    "applet",
    "area",
    "article",
    "aside",
    "audio",
    "base",
    "basefont",
    "bdi",
    "big",
    "blink",
    "body",
    "button",
    "canvas",
    "center",
    "data",
    "datalist",
    "dialog",
    "dir",
    "embed",
    "fieldset",
    "font",
    "footer",
    "form",
    "frame",
    "frameset",
    "head",
    "header",
    "hgroup",
    "html",
    "iframe",
    "image",
    "isindex",
    "keygen",
    "label",
    "legend",
    "link",
    "listing",
    "main",
    "map",
    "marquee",
    "math",
    "menu",
    "meta",
    "meter",
    "nav",
    "nobr",
    "noembed",
    "noframes",
    "noscript",
    "object",
    "optgroup",
    "option",
    "output",
    "param",
    "plaintext",
    "portal",
    "progress",
    "script",
    "search",
    "section",
    "select",
    "slot",
    "style",
    "svg",
    "template",
    "textarea",
    "title",
    "track",
    "u",
    "video",
    "xmp",
];

/// Elements without content: no end tag to wait for.
const VOID: &[&str] = &["br", "col", "hr", "img", "input", "source", "wbr"];

/// A note's raw HTML, seen event by event: whether it needs [`clean`]. Plain allowlisted
/// tags without attributes that open and close in order (`<details>`, `<summary>`,
/// `<kbd>`, `<br>`) and comments cannot carry anything to remove, and are most of what
/// notes write: such notes skip ammonia's parse.
#[derive(Debug, Default)]
pub struct RawHtml {
    /// A comment is open at the end of the last event (an HTML block's line).
    in_comment: bool,
    /// Plain elements opened and not yet closed.
    open: Vec<String>,
    /// Some raw HTML was more than plain tags and comments.
    complex: bool,
}

impl RawHtml {
    pub fn see(&mut self, html: &str) {
        let mut rest = html;
        while !self.complex {
            if self.in_comment {
                // A comment that spans events is read from a line's start, where the
                // abrupt `<!-->` closings cannot occur.
                match comment_close(rest) {
                    Some(end) => {
                        rest = &rest[end..];
                        self.in_comment = false;
                    }
                    None => return,
                }
            }
            let Some(lt) = rest.find('<') else {
                return;
            };
            rest = &rest[lt..];
            if let Some(after) = rest.strip_prefix("<!--") {
                match comment_end(after) {
                    Some(end) => rest = &after[end..],
                    None => {
                        self.in_comment = true;
                        return;
                    }
                }
                continue;
            }
            let (closing, tag) = match rest.strip_prefix("</") {
                Some(t) => (true, t),
                None => (false, &rest[1..]),
            };
            let len = tag
                .find(|c: char| !c.is_ascii_alphanumeric())
                .unwrap_or(tag.len());
            let name = tag[..len].to_ascii_lowercase();
            let after = tag[len..].trim_start_matches([' ', '\t', '\n']);
            let end = if !closing && VOID.contains(&name.as_str()) {
                after.strip_prefix("/>").or_else(|| after.strip_prefix('>'))
            } else {
                after.strip_prefix('>')
            };
            // A bare `<input>` is a text box until ammonia makes it a task list's checkbox.
            let plain = TAGS.contains(&name.as_str()) && name != "input";
            let Some(end) = end.filter(|_| plain) else {
                self.complex = true;
                return;
            };
            if closing {
                if self.open.pop().as_deref() != Some(name.as_str()) {
                    self.complex = true;
                }
            } else if !VOID.contains(&name.as_str()) {
                self.open.push(name);
            }
            rest = end;
        }
    }

    /// Whether the note's HTML must go through [`clean`].
    pub fn needs_cleaning(&self) -> bool {
        self.complex || !self.open.is_empty()
    }
}

/// Where a comment ends, as a browser reads it: `after` is the text after `<!--`, and the
/// result the length of the comment's rest up to and including its end. Besides `-->`,
/// the HTML tokenizer ends a comment at `--!>` and closes `<!-->` and `<!--->` at once, so
/// `<!-- x --!><script>` runs the script: reading only `-->` would hide it.
fn comment_end(after: &str) -> Option<usize> {
    if after.starts_with('>') {
        return Some(1);
    }
    if after.starts_with("->") {
        return Some(2);
    }
    comment_close(after)
}

/// Where a comment's text ends: the end of its first `-->` or `--!>`.
fn comment_close(after: &str) -> Option<usize> {
    let close = after.find("-->").map(|i| i + 3);
    let bang = after.find("--!>").map(|i| i + 4);
    match (close, bang) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Whether the text after a raw HTML event is the content of a `<script>` or `<style>`
/// (removed from the page, so not text for search or summaries). `open` is the state
/// before the event.
pub fn content_removed_after(html: &str, mut open: bool) -> bool {
    if !html.contains('<') {
        return open;
    }
    let lower = html.to_ascii_lowercase();
    let mut at = 0;
    while let Some(lt) = lower[at..].find('<') {
        // `<!-- <style> -->` opens nothing.
        if let Some(comment) = lower[at + lt..].strip_prefix("<!--") {
            match comment_end(comment) {
                Some(end) => {
                    at += lt + 4 + end;
                    continue;
                }
                None => break,
            }
        }
        let rest = &lower[at + lt + 1..];
        let (closing, name) = match rest.strip_prefix('/') {
            Some(n) => (true, n),
            None => (false, rest),
        };
        let is = |tag: &str| {
            name.starts_with(tag)
                && !name[tag.len()..].starts_with(|c: char| c.is_ascii_alphanumeric())
        };
        if CONTENT_REMOVED.iter().any(|t| is(t)) {
            open = !closing;
        }
        at += lt + 1;
    }
    open
}

/// What [`clean`] and the walker will remove from a note, each as a warning at its line
/// and column in the note file (`body_line` is the file line the body starts on).
pub fn diagnostics(path: &str, body_line: u32, body: &str) -> Vec<Diagnostic> {
    if !may_need_cleaning(body) {
        return Vec::new();
    }
    let mut found: Vec<(usize, String)> = Vec::new();
    let mut scanner = Scanner::default();
    let mut in_block = false;
    for (event, range) in Parser::new_ext(body, crate::dialect::parser_options()).into_offset_iter()
    {
        match event {
            Event::Start(MdTag::Link {
                link_type,
                dest_url,
                ..
            }) if link_type != LinkType::Email && !url_allowed(&dest_url) => {
                let s = scheme(&dest_url).unwrap_or_default();
                found.push((range.start, format!("removed {s}: link")));
            }
            Event::Start(MdTag::Image { dest_url, .. }) if !url_allowed(&dest_url) => {
                let s = scheme(&dest_url).unwrap_or_default();
                found.push((range.start, format!("removed {s}: image")));
            }
            // The block's source at once: a tag may span its lines.
            Event::Start(MdTag::HtmlBlock) => {
                in_block = true;
                scanner.scan(&body[range.clone()], range.start, &mut found);
            }
            Event::End(TagEnd::HtmlBlock) => in_block = false,
            Event::InlineHtml(_) | Event::Html(_) if !in_block => {
                scanner.scan(&body[range.clone()], range.start, &mut found);
            }
            _ => {}
        }
    }
    found.sort();
    found.dedup();
    found
        .into_iter()
        .map(|(at, message)| {
            let (line, col) = line_col(body, at);
            Diagnostic::warning(path, body_line + line - 1, col, message)
        })
        .collect()
}

/// Without `<` a body has no raw HTML and no autolink, and without `](` or `]:` no other
/// link or image.
fn may_need_cleaning(body: &str) -> bool {
    body.contains('<') || body.contains("](") || body.contains("]:")
}

/// Finds tags in raw HTML, carrying a raw-text element (`<script>`) from one event to
/// the next.
#[derive(Default)]
struct Scanner {
    /// The element whose raw text is being skipped.
    raw_text: Option<String>,
}

impl Scanner {
    fn scan(&mut self, html: &str, base: usize, found: &mut Vec<(usize, String)>) {
        let bytes = html.as_bytes();
        let mut at = 0;
        while let Some(lt) = html[at..].find('<') {
            let start = at + lt;
            if let Some(name) = &self.raw_text {
                let close = format!("</{name}");
                let lower = html[start..].to_ascii_lowercase();
                match lower.find(&close) {
                    Some(i) => {
                        self.raw_text = None;
                        at = start + i + 2;
                    }
                    None => return,
                }
                continue;
            }
            let rest = &html[start..];
            if let Some(after) = rest.strip_prefix("<!--") {
                at = match comment_end(after) {
                    Some(i) => start + 4 + i,
                    None => return,
                };
                continue;
            }
            let next = bytes.get(start + 1).copied();
            let is_start_tag = next.is_some_and(|b| b.is_ascii_alphabetic());
            if !is_start_tag {
                at = start + 1;
                continue;
            }
            let end = tag_end(html, start);
            let text = &html[start..end];
            if let Some(tag) = tokenize_tag(text) {
                self.judge(&tag, text, base + start, found);
                let name = tag.name.to_string();
                if RAW_TEXT.contains(&name.as_str()) {
                    self.raw_text = Some(name);
                }
            }
            at = end;
        }
    }

    fn judge(&self, tag: &Tag, text: &str, at: usize, found: &mut Vec<(usize, String)>) {
        let name = &*tag.name;
        if !TAGS.contains(&name) {
            let hint = if HTML_ELEMENTS.contains(&name) {
                ""
            } else {
                // `Vec<T>` outside backticks: the reader never saw `<T>`, on GitHub either.
                " (not HTML: to show it as text, put it in backticks)"
            };
            found.push((at, format!("removed <{name}> element{hint}")));
            return;
        }
        for attr in &tag.attrs {
            let attr_name = &*attr.name.local;
            let allowed = GENERIC_ATTRIBUTES.contains(&attr_name)
                || TAG_ATTRIBUTES
                    .iter()
                    .any(|(t, attrs)| *t == name && attrs.contains(&attr_name));
            let value = &*attr.value;
            let message = if !allowed {
                format!("removed {attr_name} attribute from <{name}>")
            } else if matches!(attr_name, "href" | "src") && !url_allowed(value) {
                let s = scheme(value).unwrap_or_default();
                format!("removed {s}: URL from <{name} {attr_name}>")
            } else if filter_attribute(name, attr_name, value).as_deref() != Some(value) {
                match attr_name {
                    "class" => {
                        let dropped: Vec<&str> = value
                            .split_ascii_whitespace()
                            .filter(|c| !class_allowed(c))
                            .collect();
                        format!("removed class {} from <{name}>", dropped.join(" "))
                    }
                    _ => format!("removed {attr_name} attribute from <{name}>"),
                }
            } else {
                continue;
            };
            found.push((at + attr_offset(text, attr_name), message));
        }
    }
}

/// Where the tag starting at `start` ends: after its `>` (quoted attribute values may
/// hold one), or the end of `html` when it is not closed.
fn tag_end(html: &str, start: usize) -> usize {
    let bytes = html.as_bytes();
    let mut i = start + 1;
    let mut after_equals = false;
    while i < bytes.len() {
        match bytes[i] {
            b'>' => return i + 1,
            b'=' => after_equals = true,
            b'"' | b'\'' if after_equals => {
                let quote = bytes[i];
                match bytes[i + 1..].iter().position(|&b| b == quote) {
                    Some(len) => i += len + 1,
                    None => return html.len(),
                }
                after_equals = false;
            }
            b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' => {}
            _ => after_equals = false,
        }
        i += 1;
    }
    html.len()
}

/// Byte offset of attribute `name` in a tag's text (its first occurrence after the tag
/// name, case-insensitively); 0 when not found.
fn attr_offset(text: &str, name: &str) -> usize {
    let lower = text.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    lower
        .match_indices(name)
        .find(|&(i, _)| {
            i > 1
                && matches!(
                    bytes[i - 1],
                    b' ' | b'\t' | b'\n' | b'\r' | b'/' | b'"' | b'\''
                )
                && !bytes
                    .get(i + name.len())
                    .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'-')
        })
        .map_or(0, |(i, _)| i)
}

/// The start tag `text` as a browser reads it: name lower-cased, attributes with their
/// entities decoded (`javascript&#58;`), first of duplicates kept.
fn tokenize_tag(text: &str) -> Option<Tag> {
    #[derive(Default)]
    struct First(RefCell<Option<Tag>>);
    impl TokenSink for First {
        type Handle = ();
        fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
            if let Token::TagToken(tag) = token {
                let mut first = self.0.borrow_mut();
                if first.is_none() && tag.kind == TagKind::StartTag {
                    *first = Some(tag);
                }
            }
            TokenSinkResult::Continue
        }
    }
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(text));
    // An unclosed tag (`<script` at the end of a block) swallows what follows it on the
    // page; closed here so its name and attributes are still judged.
    if !text.ends_with('>') {
        input.push_back(StrTendril::from_slice(">"));
    }
    let tokenizer = Tokenizer::new(First::default(), TokenizerOpts::default());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.0.take()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::highlight::Highlighter;
    use crate::markdown;
    use scraper::{Html, Selector};

    fn page(body: &str) -> String {
        let opts = markdown::Options {
            highlighter: &Highlighter::new(),
            refs: None,
            links: None,
        };
        markdown::render(body, &opts).html
    }

    fn warnings(body: &str) -> Vec<String> {
        diagnostics("n.md", 1, body)
            .into_iter()
            .map(|d| d.to_string())
            .collect()
    }

    /// Nothing a browser would run or load from elsewhere than http(s): every element is
    /// on the allowlist, no event handler, no style but cell alignment, no URL with
    /// another scheme.
    fn assert_safe(html: &str) {
        let doc = Html::parse_fragment(html);
        for el in doc
            .root_element()
            .descendants()
            .filter_map(scraper::ElementRef::wrap)
        {
            let name = el.value().name();
            if name == "html" {
                continue;
            }
            assert!(TAGS.contains(&name), "<{name}> kept in {html}");
            for (attr, value) in el.value().attrs() {
                assert!(!attr.starts_with("on"), "{attr} kept in {html}");
                if matches!(attr, "href" | "src" | "srcset" | "formaction" | "action") {
                    assert!(url_allowed(value), "{attr}={value} kept in {html}");
                }
                if attr == "style" {
                    assert!(style_allowed(name, value), "style={value} kept in {html}");
                }
            }
        }
        assert!(!html.to_ascii_lowercase().contains("<script"), "{html}");
    }

    /// Each vector: its page is safe and `check` warns about it at least once.
    fn removed(body: &str, warning: &str) {
        let html = page(body);
        assert_safe(&html);
        let w = warnings(body);
        assert!(
            w.iter().any(|w| w.contains(warning)),
            "no `{warning}` for {body:?}: {w:?}"
        );
    }

    #[test]
    fn script_elements_are_removed_with_their_text() {
        removed(
            "<script>alert(1)</script>\n",
            "n.md:1:1: warning: removed <script> element",
        );
        removed("<SCRIPT>alert(1)</SCRIPT>\n", "removed <script> element");
        removed(
            "Hi <script>alert(1)</script> there.\n",
            "n.md:1:4: warning: removed <script> element",
        );
        removed(
            "<script\nsrc=x>alert(1)</script>\n",
            "removed <script> element",
        );
        assert_eq!(
            page("Hi <script>alert(1)</script> there.\n"),
            "<p>Hi  there.</p>\n"
        );
    }

    #[test]
    fn frames_objects_and_embeds_are_removed() {
        removed(
            "<iframe src=\"https://evil.example\"></iframe>\n",
            "removed <iframe> element",
        );
        removed(
            "<iframe srcdoc=\"&lt;script&gt;alert(1)&lt;/script&gt;\"></iframe>\n",
            "removed <iframe> element",
        );
        removed(
            "<object data=\"x.swf\"></object>\n",
            "removed <object> element",
        );
        removed("<embed src=\"x.swf\">\n", "removed <embed> element");
    }

    #[test]
    fn event_handlers_are_removed_and_the_element_kept() {
        removed(
            "<img src=\"x.png\" onerror=\"alert(1)\">\n",
            "n.md:1:18: warning: removed onerror attribute from <img>",
        );
        removed(
            "<details open ontoggle=\"alert(1)\">\n<summary>s</summary>\n</details>\n",
            "removed ontoggle attribute from <details>",
        );
        let html = page("<img src=\"x.png\" onerror=\"alert(1)\">\n");
        assert_eq!(html, "<img src=\"x.png\">\n");
    }

    #[test]
    fn svg_and_math_are_removed() {
        removed("<svg onload=\"alert(1)\"></svg>\n", "removed <svg> element");
        removed(
            "<svg><script>alert(1)</script></svg>\n",
            "removed <svg> element",
        );
        removed(
            "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>\n",
            "removed <math> element",
        );
    }

    #[test]
    fn base_meta_forms_and_styles_are_removed() {
        removed(
            "<base href=\"https://evil.example/\">\n",
            "removed <base> element",
        );
        removed(
            "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">\n",
            "removed <meta> element",
        );
        removed(
            "<form><button formaction=\"javascript:alert(1)\">x</button></form>\n",
            "removed <form> element",
        );
        removed(
            "<style>body { background: url(javascript:alert(1)) }</style>\n",
            "removed <style> element",
        );
        removed(
            "<div style=\"width: expression(alert(1))\">x</div>\n",
            "removed style attribute from <div>",
        );
        removed(
            "<div style=\"background: url(javascript:alert(1))\">x</div>\n",
            "removed style attribute from <div>",
        );
    }

    #[test]
    fn raw_html_urls_with_other_schemes_are_removed() {
        removed(
            "<a href=\"javascript:alert(1)\">x</a>\n",
            "removed javascript: URL from <a href>",
        );
        removed(
            "<a href=\"jav&#x09;ascript:alert(1)\">x</a>\n",
            "removed javascript: URL from <a href>",
        );
        removed(
            "<a href=\"javascript&#58;alert(1)\">x</a>\n",
            "removed javascript: URL from <a href>",
        );
        removed(
            "<a href=\"&#106;avascript:alert(1)\">x</a>\n",
            "removed javascript: URL from <a href>",
        );
        removed(
            "<a href=\" JaVaScRiPt:alert(1)\">x</a>\n",
            "removed javascript: URL from <a href>",
        );
        removed(
            "<a href=\"vbscript:msgbox(1)\">x</a>\n",
            "removed vbscript: URL from <a href>",
        );
        removed(
            "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>\n",
            "removed data: URL from <a href>",
        );
        assert_eq!(
            page("<a href=\"javascript:alert(1)\">x</a>\n"),
            "<p><a>x</a></p>\n"
        );
    }

    #[test]
    fn unclosed_and_nested_tricks_are_removed() {
        removed("<script\n", "removed <script> element");
        removed("a <!-- b\n\n<script>alert(1)</script>\n", "");
        removed(
            "<scr<script>ipt>alert(1)</script>\n",
            "n.md:1:5: warning: removed <script> element",
        );
    }

    #[test]
    fn markdown_links_with_other_schemes_become_their_text() {
        removed(
            "[x](javascript:alert(1))\n",
            "n.md:1:1: warning: removed javascript: link",
        );
        assert_eq!(page("[x](javascript:alert(1))\n"), "<p>x</p>\n");
        removed("[x](JaVaScRiPt:alert(1))\n", "removed javascript: link");
        removed("[x](javascript&#58;alert(1))\n", "removed javascript: link");
        removed(
            "[x](&#106;avascript:alert(1))\n",
            "removed javascript: link",
        );
        removed("[x](<java\tscript:alert(1)>)\n", "removed javascript: link");
        removed("[x](vbscript:msgbox(1))\n", "removed vbscript: link");
        removed("[x](data:text/html,hi)\n", "removed data: link");
        removed("<javascript:alert(1)>\n", "removed javascript: link");
        assert_eq!(
            page("<javascript:alert(1)>\n"),
            "<p>javascript:alert(1)</p>\n"
        );
        removed(
            "See [x][r].\n\n[r]: javascript:alert(1)\n",
            "n.md:1:5: warning: removed javascript: link",
        );
        assert_eq!(
            page("See [x][r].\n\n[r]: javascript:alert(1)\n"),
            "<p>See x.</p>\n"
        );
    }

    #[test]
    fn markdown_images_with_other_schemes_become_their_alt_text() {
        removed(
            "![pic](javascript:alert(1))\n",
            "n.md:1:1: warning: removed javascript: image",
        );
        removed(
            "![pic](data:image/svg+xml;base64,PHN2Zz4=)\n",
            "removed data: image",
        );
        // Not an image to CommonMark (`<` ends the destination): raw HTML, removed too.
        removed(
            "![pic](data:image/svg+xml,<svg onload=alert(1)>)\n",
            "removed <svg> element",
        );
        assert_eq!(page("![pic](javascript:alert(1))\n"), "<p>pic</p>\n");
    }

    #[test]
    fn links_github_keeps_stay_as_written() {
        for body in [
            "[x](https://example.com/a?b=1)\n",
            "[x](http://example.com)\n",
            "[x](mailto:a@example.com)\n",
            "<a@example.com>\n",
            "[x](notes/2024-01-02.md#decisions)\n",
            "[x](#decisions)\n",
            "[x](javascript%3Aalert(1))\n",
            "![pic](img/a.png)\n",
        ] {
            assert!(warnings(body).is_empty(), "{body}: {:?}", warnings(body));
            assert!(
                page(body).contains("href=") || page(body).contains("src="),
                "{body}"
            );
        }
    }

    #[test]
    fn schemes_are_read_as_browsers_read_them() {
        assert_eq!(scheme("https://x"), Some("https".into()));
        assert_eq!(scheme("\u{1} java\tscr\nipt:x"), Some("javascript".into()));
        assert_eq!(scheme("JaVaScRiPt:x"), Some("javascript".into()));
        assert_eq!(scheme("a/b:c"), None);
        assert_eq!(scheme("#x:y"), None);
        assert_eq!(scheme("javascript%3Ax"), None);
        assert_eq!(scheme(":x"), None);
        assert!(url_allowed("//cdn.example/x.png"));
        assert!(!url_allowed("data:image/png;base64,AAAA"));
    }

    #[test]
    fn html_github_keeps_stays() {
        let body = "<details><summary>More</summary>\n\n\
                    Press <kbd>Ctrl</kbd>, H<sub>2</sub>O, x<sup>2</sup><br>next\n\n\
                    <img src=\"https://example.com/a.png\" width=\"100\" height=\"50\" alt=\"A\">\n\n\
                    <table><tr><th>a</th></tr><tr><td>1</td></tr></table>\n\n\
                    </details>\n";
        let html = page(body);
        assert_safe(&html);
        assert!(warnings(body).is_empty(), "{:?}", warnings(body));
        let doc = Html::parse_fragment(&html);
        let count = |sel: &str| doc.select(&Selector::parse(sel).unwrap()).count();
        assert_eq!(count("details > summary"), 1, "{html}");
        assert_eq!(count("kbd"), 1);
        assert_eq!(count("sub"), 1);
        assert_eq!(count("sup"), 1);
        assert_eq!(count("br"), 1);
        assert_eq!(
            count("img[src='https://example.com/a.png'][width='100'][height='50'][alt='A']"),
            1
        );
        assert_eq!(count("table td"), 1);
    }

    #[test]
    fn what_minutes_writes_survives_sanitising_unchanged() {
        // The same Markdown with and without a harmless raw tag that makes the note
        // sanitised: minutes' own markup must come out the same (as a tree: html5ever
        // writes `<br>` for `<br />`).
        let body = "# Title\n\n\
                    Text[^1] with `code` and <https://example.com>.\n\n\
                    - [x] done\n- [ ] todo\n\n\
                    | a | b |\n|:--|--:|\n| 1 | 2 |\n\n\
                    > [!NOTE]\n> Read this.\n\n\
                    ```rust\nfn main() {}\n```\n\n\
                    ~~gone~~\n\n\
                    [^1]: Source.\n";
        let plain = page(body);
        let cleaned = page(&format!("{body}\n<span title=\"t\">x</span>\n"));
        assert!(!plain.contains("title=\"t\""));
        let expected = tree(&format!("{plain}<p><span title=\"t\">x</span></p>\n"));
        assert_eq!(tree(&cleaned), expected);
        for kept in [
            "id=\"title\"",
            "class=\"anchor\"",
            "aria-label=\"Permalink: Title\"",
            "class=\"footnote-reference\"",
            "class=\"footnote-definition\"",
            "type=\"checkbox\"",
            "checked=\"\"",
            "style=\"text-align: right\"",
            "class=\"markdown-alert-note\"",
            "class=\"code hl-code\" data-lang=\"rust\"",
            "<span class=\"hl-",
            "<del>gone</del>",
        ] {
            assert!(cleaned.contains(kept), "{kept} lost: {cleaned}");
        }
    }

    /// Elements with their attributes in a stable order, and text: what a browser sees.
    fn tree(html: &str) -> Vec<String> {
        Html::parse_fragment(html)
            .root_element()
            .descendants()
            .map(|n| match n.value() {
                scraper::Node::Element(e) => {
                    let mut attrs: Vec<String> =
                        e.attrs().map(|(k, v)| format!("{k}={v:?}")).collect();
                    attrs.sort();
                    format!("<{} {}>", e.name(), attrs.join(" "))
                }
                scraper::Node::Text(t) => t.to_string(),
                _ => String::new(),
            })
            .collect()
    }

    #[test]
    fn reference_links_survive_sanitising() {
        let settings = crate::refs::Settings::new(&crate::config::Config::default());
        let people = HashMap::new();
        let opts = markdown::Options {
            highlighter: &Highlighter::new(),
            refs: Some(markdown::RefOptions {
                settings: &settings,
                repo: Some("o/r"),
                people: &people,
            }),
            links: None,
        };
        let html = markdown::render("Fixed o/r#12 with @alice.<br>\n", &opts).html;
        assert!(html.contains("id=\"ref-1\" class=\"ref\""), "{html}");
        assert!(html.contains("id=\"ref-2\" class=\"mention\""), "{html}");
    }

    #[test]
    fn user_ids_and_anchor_names_are_kept_and_classes_are_not() {
        let html = page("<a name=\"decisions\"></a>\n<div id=\"x\" class=\"search-hit\">y</div>\n<img name=\"getElementById\" src=\"a.png\">\n");
        assert!(html.contains("<a name=\"decisions\"></a>"), "{html}");
        assert!(html.contains("<div id=\"x\">y</div>"), "{html}");
        assert!(!html.contains("getElementById"), "{html}");
        let w = warnings("<div id=\"x\" class=\"search-hit ref\">y</div>\n");
        assert_eq!(
            w,
            ["n.md:1:13: warning: removed class search-hit from <div>"]
        );
    }

    #[test]
    fn comments_and_plain_balanced_tags_skip_ammonia() {
        let needs = |events: &[&str]| {
            let mut raw = RawHtml::default();
            events.iter().for_each(|e| raw.see(e));
            raw.needs_cleaning()
        };
        assert!(!needs(&["<!-- omit in toc -->"]));
        assert!(!needs(&["<!--\n", "<script>still a comment\n", "--> \n"]));
        assert!(!needs(&[
            "<details>\n",
            "<summary>More</summary>\n",
            "</details>\n"
        ]));
        assert!(!needs(&[
            "<kbd>", "</kbd>", "<br>", "<br/>", "<BR />", "<hr>"
        ]));
        assert!(needs(&["<!-- x --> <b onclick=x>"]));
        assert!(needs(&["<details>"]), "unclosed");
        assert!(needs(&["</div>"]), "closes the theme's element");
        assert!(needs(&["<b>", "</i>"]));
        assert!(needs(&["<t>"]));
        assert!(needs(&["<a href=\"https://x\">"]));
        assert!(needs(&["<div/>"]));
        assert!(needs(&["<input>"]));
        assert!(needs(&["<!-- a -->", "<scr<script>ipt>"]));
        // A browser ends a comment at `--!>` too, and closes `<!-->` at once.
        assert!(needs(&["<!-- x --!><script>alert(1)</script>"]));
        assert!(needs(&["<!--><script>alert(1)</script> -->"]));
        assert!(needs(&["<!---><script>alert(1)</script> -->"]));
        // Comments stay in the page as in notes that are not sanitised.
        let html = page("# A <!-- omit in toc -->\n\n<b onclick=\"x()\">x</b>\n");
        assert_eq!(html.matches("<!-- omit in toc -->").count(), 1, "{html}");
        assert!(!html.contains("onclick"), "{html}");
        assert!(warnings("<!-- omit in toc -->\n").is_empty());
    }

    #[test]
    fn plain_tags_are_published_as_written() {
        let body = "<details>\n<summary>More</summary>\n\nText<br>\n\n</details>\n";
        let html = page(body);
        assert_eq!(
            html,
            "<details>\n<summary>More</summary>\n<p>Text<br></p>\n</details>\n"
        );
    }

    #[test]
    fn script_text_is_not_searchable_nor_a_summary() {
        let opts = markdown::Options {
            highlighter: &Highlighter::new(),
            refs: None,
            links: None,
        };
        for body in [
            "Intro.\n\n<script>alert(1)</script>\n\nThe end.\n",
            "Intro <script>alert(1)</script> end.\n",
            "Intro.\n\n<script>\n\nalert(1)\n\n</script>\n\nThe end.\n",
            "Intro <style>body{}</style> end.\n",
            "Intro <!-- <style> --> <b>x</b> end.\n",
        ] {
            let md = markdown::render(body, &opts);
            let text: String = md.sections.iter().map(|s| s.text.as_str()).collect();
            assert!(
                !text.contains("alert") && !text.contains("body{}"),
                "{body}: {text}"
            );
            assert!(!md.summary().contains("alert"), "{body}: {}", md.summary());
            assert!(
                text.contains("Intro") && text.contains("end"),
                "{body}: {text}"
            );
            assert_safe(&md.html);
        }
    }

    #[test]
    fn a_type_parameter_outside_backticks_gets_a_hint() {
        assert_eq!(
            warnings("A `Vec` of Vec<T>.\n"),
            ["n.md:1:15: warning: removed <t> element (not HTML: to show it as text, put it in backticks)"]
        );
        assert_eq!(
            warnings("<iframe></iframe>\n"),
            ["n.md:1:1: warning: removed <iframe> element"]
        );
    }

    #[test]
    fn warnings_are_at_file_lines() {
        let d = diagnostics("n.md", 4, "Text.\n\n  <img src=x onerror=alert(1)>\n");
        assert_eq!(d.len(), 1);
        assert_eq!(
            d[0].to_string(),
            "n.md:6:14: warning: removed onerror attribute from <img>"
        );
    }
}
