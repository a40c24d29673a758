//! The text of an HTML page saved as a note (a HackMD or Google Docs export kept as
//! `.md`): its `<title>` and its visible text as Markdown paragraphs. Read with html5ever's
//! tokenizer (the one ammonia parses notes with), so every character reference decodes as
//! a browser decodes it (`&eacute;`, `&#8212;`, `&thinsp;`) and script or style text is
//! never mistaken for markup.

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use std::cell::RefCell;

/// Elements whose content a reader does not see as text.
const HIDDEN: &[&str] = &["script", "style", "head", "noscript", "template", "svg"];
/// Elements that start or end a paragraph of text.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "tr",
    "table",
    "br",
    "pre",
    "blockquote",
    "section",
    "article",
    "header",
    "footer",
];
/// Where a block element splits the text; a blank line in the page's text splits it too.
const BREAK: &str = "\n\n";
const NBSP: char = '\u{a0}';

/// The `<title>` and the visible text of an HTML document, as Markdown paragraphs with
/// every character that Markdown would read as syntax escaped.
pub fn html_to_markdown_text(html: &str) -> (Option<String>, String) {
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let tokenizer = Tokenizer::new(Walk::default(), TokenizerOpts::default());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let walk = tokenizer.sink.0.into_inner();
    let title = walk
        .title
        .map(|t| with_spaces(t.trim_matches(is_collapsible)))
        .filter(|t| !t.is_empty());
    let mut out = String::new();
    for para in walk.text.split(BREAK) {
        let line = with_spaces(
            &para
                .split(is_collapsible)
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" "),
        );
        if line.is_empty() {
            continue;
        }
        for c in line.chars() {
            if "\\`*_{}[]<>()#+-.!|~".contains(c) {
                out.push('\\');
            }
            out.push(c);
        }
        out.push_str(BREAK);
    }
    (title, out)
}

/// White space that runs of collapse to one space: HTML's (and CSS's) ASCII white space.
/// Other spaces (`&nbsp;`, `&thinsp;`) are the page's own and stay; a no-break space
/// becomes a plain one in the text.
fn is_collapsible(c: char) -> bool {
    c.is_ascii_whitespace()
}

fn with_spaces(s: &str) -> String {
    s.replace(NBSP, " ")
}

/// What the tokenizer has seen so far (a sink gets `&self`, hence the cell).
#[derive(Default)]
struct Walk(RefCell<Text>);

#[derive(Default)]
struct Text {
    /// The first `<title>`'s text, once it is closed or the page ends.
    title: Option<String>,
    in_title: bool,
    /// How many hidden elements (`HIDDEN`) are open around the current point.
    hidden: usize,
    text: String,
}

impl Text {
    fn tag(&mut self, tag: &Tag) -> TokenSinkResult<()> {
        let name: &str = &tag.name;
        let start = tag.kind == TagKind::StartTag;
        if name == "body" && start {
            // A browser closes an unclosed `<head>` here.
            self.hidden = 0;
        }
        if name == "title" {
            self.in_title = start && self.title.is_none();
            if self.in_title {
                self.title = Some(String::new());
            }
        } else if HIDDEN.contains(&name) && !tag.self_closing {
            self.hidden = if start {
                self.hidden + 1
            } else {
                self.hidden.saturating_sub(1)
            };
        } else if BLOCKS.contains(&name) {
            self.text.push_str(BREAK);
        }
        if !start {
            return TokenSinkResult::Continue;
        }
        // As a browser's tree builder tells its tokenizer: these elements hold text, not
        // tags, up to their end tag.
        match name {
            "title" | "textarea" => TokenSinkResult::RawData(RawKind::Rcdata),
            "script" => TokenSinkResult::RawData(RawKind::ScriptData),
            "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => {
                TokenSinkResult::RawData(RawKind::Rawtext)
            }
            "plaintext" => TokenSinkResult::Plaintext,
            _ => TokenSinkResult::Continue,
        }
    }

    fn chars(&mut self, s: &str) {
        if self.in_title {
            if let Some(t) = self.title.as_mut() {
                t.push_str(s);
            }
        } else if self.hidden == 0 {
            self.text.push_str(s);
        }
    }
}

impl TokenSink for Walk {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut text = self.0.borrow_mut();
        match token {
            Token::TagToken(tag) => return text.tag(&tag),
            Token::CharacterTokens(s) => text.chars(&s),
            // Comments, the doctype, NULs and parse errors are no text.
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entity_decodes() {
        let (title, text) = html_to_markdown_text(
            "<html><head><title>Caf&eacute; &amp; co &#8212; notes</title></head>\
             <body><p>r&eacute;sum&eacute;&thinsp;&#8212;&#x2014;&nbsp;&lt;b&gt; &quot;q&quot; &#39;a&#39; &times;</p></body></html>",
        );
        assert_eq!(title.as_deref(), Some("Café & co — notes"));
        assert_eq!(text, "résumé\u{2009}—— \\<b\\> \"q\" 'a' ×\n\n");
    }

    #[test]
    fn hidden_text_comments_and_tags_are_not_text() {
        let (title, text) = html_to_markdown_text(
            "<!doctype html><head><style>p { color: red }</style><script>if (a < b) { x() }</script></head>\
             <body><!-- a <p>comment</p> --><div>One <b>bold</b>\n  word</div><svg><text>chart</text></svg>\
             <ul><li>Two</li><li>Three<br>Four</li></ul><noscript><p>Enable JS</p></noscript></body>",
        );
        assert_eq!(title, None);
        assert_eq!(text, "One bold word\n\nTwo\n\nThree\n\nFour\n\n");
    }

    #[test]
    fn markdown_syntax_is_escaped_and_blank_lines_split() {
        let (_, text) = html_to_markdown_text("<pre># not a heading\n\n*x* [y](z)</pre>");
        assert_eq!(text, "\\# not a heading\n\n\\*x\\* \\[y\\]\\(z\\)\n\n");
    }
}
