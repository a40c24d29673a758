//! An outcome's inline Markdown as HTML a page can carry: emphasis, code and links kept;
//! raw HTML shown as text, links and images to schemes pages must not link to dropped
//! (their text kept), and block syntax (`1.`, `#`) flattened. Cheap enough for every item
//! of a 10,000-note archive, so no HTML sanitiser runs: nothing unsafe is ever written.

use crate::sanitize;
use pulldown_cmark::{html, Event, Parser, Tag, TagEnd};

pub fn inline_html(text: &str) -> String {
    // One entry per open link or image: whether it was kept.
    let mut open: Vec<bool> = Vec::new();
    let mut spaced = false;
    let events = Parser::new_ext(text, crate::dialect::parser_options()).filter_map(|e| {
        if !matches!(e, Event::End(_)) {
            spaced = false;
        }
        match e {
        Event::Html(h) | Event::InlineHtml(h) => Some(Event::Text(h)),
        Event::Start(Tag::Link { ref dest_url, .. }) => {
            let keep = sanitize::url_allowed(dest_url);
            open.push(keep);
            keep.then_some(e)
        }
        Event::End(TagEnd::Link) => open.pop().unwrap_or(false).then_some(e),
        // An image shows as its alt text.
        Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => None,
        Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough)
        | Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough) => Some(e),
        Event::Start(_) => None,
        // Blocks never share words (one space for blocks that end together).
        Event::End(_) => (!std::mem::replace(&mut spaced, true)).then(|| Event::Text(" ".into())),
        Event::SoftBreak | Event::HardBreak => Some(Event::Text(" ".into())),
        Event::TaskListMarker(_) | Event::Rule => None,
        other => Some(other),
        }
    });
    let mut out = String::with_capacity(text.len() + 16);
    html::push_html(&mut out, events);
    out.trim().to_string()
}

/// An outcome's inline Markdown as plain text, what search indexes and shows (it escapes
/// what it shows), and the targets of its links, which search also finds it by.
pub fn inline_text(text: &str) -> (String, Vec<String>) {
    let mut out = String::with_capacity(text.len());
    let mut links = Vec::new();
    for e in Parser::new_ext(text, crate::dialect::parser_options()) {
        match e {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                out.push_str(&t)
            }
            Event::Start(Tag::Link { dest_url, .. }) => links.push(dest_url.to_string()),
            // Inline ends join words; block ends and breaks separate them.
            Event::End(
                TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link
                | TagEnd::Image,
            ) => {}
            Event::End(_) | Event::SoftBreak | Event::HardBreak if !out.ends_with(' ') => {
                out.push(' ')
            }
            _ => {}
        }
    }
    (out.trim().to_string(), links)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_keeps_the_words_and_the_link_targets() {
        let (text, links) = inline_text("use **Rust** and `cargo`, see [docs](https://x.y/a#1)\n<b>x</b>");
        assert_eq!(text, "use Rust and cargo, see docs <b>x</b>");
        assert_eq!(links, ["https://x.y/a#1"]);
    }

    #[test]
    fn inline_markdown_is_kept_and_nothing_unsafe_is_written() {
        assert_eq!(
            inline_html("use **Rust** and `cargo`, see [docs](https://x.y)"),
            "use <strong>Rust</strong> and <code>cargo</code>, see <a href=\"https://x.y\">docs</a>"
        );
        assert_eq!(
            inline_html("<script>alert(1)</script> and more"),
            "&lt;script&gt;alert(1)&lt;/script&gt; and more"
        );
        assert_eq!(
            inline_html("a <b onclick=x>b</b> [x](javascript:alert(1)) ![i](javascript:1)"),
            "a &lt;b onclick=x&gt;b&lt;/b&gt; x i"
        );
        assert_eq!(inline_html("1. first\n# heading"), "first heading");
    }
}
