//! What the raw HTML written in a note means for the walker: where links must not be
//! added, which text the page will not show, and whether the HTML must be sanitised.

use crate::sanitize;

/// HTML elements whose text must not gain links when written as raw inline HTML.
const RAW_NO_LINK_ELEMENTS: [&str; 8] = [
    "a", "code", "pre", "kbd", "samp", "script", "style", "textarea",
];

#[derive(Default)]
pub(super) struct RawTracker {
    /// Open raw inline elements from [`RAW_NO_LINK_ELEMENTS`] in the current block.
    pub(super) no_link_depth: usize,
    /// Inside a raw `<script>` or `<style>`: its text is removed from the page, so it is
    /// neither linked nor collected for search and summaries.
    pub(super) removed_content: bool,
    /// The note's raw HTML so far: whether its HTML must be sanitised.
    pub(super) html: sanitize::RawHtml,
}

impl RawTracker {
    /// Raw inline HTML (`<kbd>`, `</a>`, `<br>`).
    pub(super) fn see_inline(&mut self, html: &str) {
        self.track_no_link(html);
        self.see(html);
    }

    /// Notes what a raw HTML event means for sanitising and for the text collected.
    pub(super) fn see(&mut self, html: &str) {
        self.html.see(html);
        self.removed_content = sanitize::content_removed_after(html, self.removed_content);
    }

    /// Unclosed raw inline HTML cannot reach past its block.
    pub(super) fn end_block(&mut self) {
        self.no_link_depth = 0;
    }

    fn track_no_link(&mut self, html: &str) {
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
            self.no_link_depth = self.no_link_depth.saturating_sub(1);
        } else if !html.trim_end().ends_with("/>") {
            self.no_link_depth += 1;
        }
    }
}
