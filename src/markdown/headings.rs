//! Headings: their ids (as GitHub gives them), the table of contents, and the sections
//! the body is split into at each heading.

use super::sections::Section;
use super::text::collapse_whitespace;
use crate::slug::{heading_id, HeadingIds};
use pulldown_cmark::HeadingLevel;
use pulldown_cmark_escape::{escape_href, escape_html};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// A heading the walker is inside of.
pub(super) struct OpenHeading {
    /// Index in `Walker::out` of the heading's start event, patched with the id at its end.
    pub(super) start: usize,
    pub(super) level: HeadingLevel,
    pub(super) explicit_id: Option<String>,
    /// The heading's text content as GitHub computes ids from it: text and code spans,
    /// not HTML, not image alt text.
    pub(super) text: String,
}

/// The headings seen so far and the sections they close.
pub(super) struct Outline {
    ids: HeadingIds,
    toc: Vec<TocEntry>,
    sections: Vec<Section>,
    /// The section being filled (its `text` unnormalised).
    pub(super) section: Section,
}

fn section(id: Option<String>, heading: String) -> Section {
    Section {
        id,
        heading,
        text: String::new(),
        links: Vec::new(),
    }
}

impl Outline {
    pub(super) fn new() -> Self {
        Outline {
            ids: HeadingIds::new(),
            toc: Vec::new(),
            sections: Vec::new(),
            section: section(None, String::new()),
        }
    }

    /// Gives a heading that ended its id, lists it in the table of contents and starts its
    /// section. Returns the id and the heading's text.
    pub(super) fn close(&mut self, heading: OpenHeading) -> (String, String) {
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
        self.toc.push(TocEntry {
            level: heading.level as u8,
            id: id.clone(),
            text: text.clone(),
        });
        let finished =
            std::mem::replace(&mut self.section, section(Some(id.clone()), text.clone()));
        self.push_section(finished);
        (id, text)
    }

    fn push_section(&mut self, mut section: Section) {
        section.text = collapse_whitespace(&section.text);
        self.sections.push(section);
    }

    /// The table of contents and the sections, the last one closed.
    pub(super) fn finish(mut self) -> (Vec<TocEntry>, Vec<Section>) {
        let last = std::mem::replace(&mut self.section, section(None, String::new()));
        self.push_section(last);
        // A build holds every note's result until the pages and the index are made; the
        // slack of grown vectors and strings was a fifth of that memory.
        let mut sections = self.sections;
        for s in &mut sections {
            s.text.shrink_to_fit();
        }
        sections.shrink_to_fit();
        let mut toc = self.toc;
        toc.shrink_to_fit();
        (toc, sections)
    }
}

/// The self-link shown after a heading's text. Labelled (as GitHub does) rather than
/// hidden, so it stays usable from the keyboard and meaningful to a screen reader.
pub(super) fn anchor_html(id: &str, text: &str) -> String {
    let mut html = String::from(" <a class=\"anchor\" href=\"#");
    escape_href(&mut html, id).expect("writing to a String cannot fail");
    html.push_str("\" aria-label=\"Permalink: ");
    escape_html(&mut html, text).expect("writing to a String cannot fail");
    html.push_str("\">#</a>");
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::test_support::*;

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

    #[test]
    fn setext_heading_spanning_lines() {
        let r = md("Two\nlines\n===\n");
        assert_eq!(r.toc[0].id, "twolines");
        assert_eq!(r.toc[0].text, "Two lines");
    }

    #[test]
    fn duplicate_headings_are_numbered() {
        let r = md("# A\n## A\n## A-1\n### A\n");
        let ids: Vec<&str> = r.toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["a", "a-1", "a-1-1", "a-2"]);
    }

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
}
