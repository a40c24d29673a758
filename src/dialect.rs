//! The Markdown dialect notes are written in: GitHub's. One definition, read by every
//! stage that parses a note (`markdown` renders it, `links` checks its links, `sanitize`
//! reports the markup it loses), so all three see the same document.

/// The pulldown-cmark extensions notes are parsed with (GitHub's).
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
