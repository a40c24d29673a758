//! GitHub references in a note (`#12`, `o/r#12`, `@user`, issue URLs; see [`crate::refs`]):
//! the edges they make, the text around each (its context) and the links they become.

use super::blocks::{Block, Blocks};
pub(super) use super::reftitle::Written;
use super::reftitle::title_near;
use super::text::{collapse_whitespace, sentence_text, shorten, SentenceEnds};
use super::RefOptions;
use crate::refs::{self, RefContext, Target};
use pulldown_cmark::{Event, Tag, TagEnd};
use pulldown_cmark_escape::{escape_href, escape_html};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// Longest text of a parent list item shown before a nested item's context.
const LEAD_CHARS: usize = 80;

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
    /// What the note says the issue is, where it says it (see [`super::reftitle`]).
    pub title: Option<Arc<str>>,
}

impl RefHit {
    /// `id` of the reference's link in the note's HTML (`ref-3`), so other pages can link
    /// to the spot.
    #[cfg(any(test, feature = "internals"))]
    pub fn anchor_id(&self) -> String {
        anchor_id(self.anchor)
    }
}

pub fn anchor_id(anchor: u32) -> String {
    format!("ref-{anchor}")
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadingRef {
    pub id: String,
    pub text: String,
}

/// `<a href="…" title="…" id="ref-3" class="…">`: the opening tag of a reference's link.
pub(super) fn open_tag(href: &str, title: &str, anchor: u32, class: Option<&str>) -> String {
    use std::fmt::Write;
    let mut open = String::with_capacity(href.len() + 40);
    open.push_str("<a href=\"");
    escape_href(&mut open, href).expect("writing to a String cannot fail");
    open.push('"');
    if !title.is_empty() {
        open.push_str(" title=\"");
        escape_html(&mut open, title).expect("writing to a String cannot fail");
        open.push('"');
    }
    write!(open, " id=\"ref-{anchor}\"").expect("writing to a String cannot fail");
    if let Some(class) = class {
        open.push_str(" class=\"");
        open.push_str(class);
        open.push('"');
    }
    open.push('>');
    open
}

/// The walker's state for GitHub references.
pub(super) struct RefLinker<'o> {
    settings: &'o refs::Settings,
    repo: Option<(&'o str, &'o str)>,
    people: &'o HashMap<String, String>,
    /// Handles used in the note's code blocks: not people.
    code_handles: HashSet<String>,
    hits: Vec<RefHit>,
    /// References whose context is still being collected.
    pending: Vec<Pending>,
    /// The heading of the current section, shared by the references under it.
    pub(super) heading: Option<Arc<HeadingRef>>,
    /// Plain text of the current block (a table row counts as one), for contexts.
    pub(super) block_text: String,
    /// The first text of each open list item, once seen: the context for what is nested
    /// in it.
    items: Vec<Option<String>>,
}

impl<'o> RefLinker<'o> {
    /// `events` are the whole note's: a handle that its code uses (`@Component`,
    /// `@since`) is a decorator or a tag in its prose too.
    pub(super) fn new<'e>(
        ro: RefOptions<'o>,
        body: &str,
        events: impl Iterator<Item = &'e Event<'e>>,
    ) -> Self {
        let code_handles = if ro.settings.mentions && body.contains('@') {
            code_handles(events)
        } else {
            HashSet::new()
        };
        RefLinker {
            settings: ro.settings,
            repo: ro.repo.and_then(refs::parse_repo),
            people: ro.people,
            code_handles,
            hits: Vec::new(),
            pending: Vec::new(),
            heading: None,
            block_text: String::new(),
            items: Vec::new(),
        }
    }

    pub(super) fn context(&self, in_heading: bool) -> RefContext<'_> {
        RefContext {
            settings: self.settings,
            repo: self.repo,
            in_heading,
        }
    }

    /// Where `@user` links: their page in this site when they have one, else GitHub.
    pub(super) fn href(&self, target: &Target, github: String) -> String {
        match target {
            Target::User(user) => self.people.get(&**user).cloned().unwrap_or(github),
            _ => github,
        }
    }

    /// The GitHub references in a run of plain text.
    pub(super) fn find(&self, t: &str, in_heading: bool) -> Vec<refs::Found> {
        let mut found = refs::find(t, &self.context(in_heading));
        if !self.code_handles.is_empty() {
            found.retain(|f| match &f.target {
                Target::User(user) => !self.code_handles.contains(&**user),
                _ => true,
            });
        }
        found
    }

    pub(super) fn open_item(&mut self) {
        self.items.push(None);
    }

    pub(super) fn close_item(&mut self) {
        self.items.pop();
    }

    /// Records an edge to `target` at the current spot; returns the number of its anchor.
    pub(super) fn record_hit(&mut self, target: Target, in_heading: bool) -> u32 {
        let anchor = self.hits.len() as u32 + 1;
        self.pending.push(Pending {
            hit: self.hits.len(),
            start: self.block_text.len(),
            end: None,
        });
        self.hits.push(RefHit {
            target,
            anchor,
            context: Arc::from(""),
            heading: if in_heading {
                None
            } else {
                self.heading.clone()
            },
            title: None,
        });
        anchor
    }

    /// The text of the reference last recorded ends here: `how` it was written says where
    /// its title may be.
    pub(super) fn end_hit(&mut self, how: Written) {
        if let Some(p) = self.pending.last_mut() {
            if p.end.is_none() {
                p.end = Some((self.block_text.len(), how));
            }
        }
    }

    /// Ends the current block's text: gives the references in it their context.
    /// `leaving` is true when the block being ended is the innermost one.
    pub(super) fn flush_context(&mut self, blocks: &Blocks, leaving: bool) {
        match blocks.innermost() {
            // A table row is one context: its cells are joined.
            Some(Block::Row) => return,
            Some(Block::Cell) => {
                self.block_text.push_str(" | ");
                return;
            }
            _ => {}
        }
        let text = self.block_text.trim_end_matches([' ', '|']);
        if text.trim_start().is_empty() {
            self.block_text.clear();
            return;
        }
        // The first text of a list item is its lead, shown before what is nested in it
        // (and not needed once the item itself ends).
        let is_lead = matches!(self.items.last(), Some(None))
            && matches!(blocks.innermost(), Some(Block::Item | Block::Paragraph));
        let parents = if is_lead {
            self.items.len() - 1
        } else {
            self.items.len()
        };
        if !self.pending.is_empty() {
            let prefix = lead_prefix(&self.items[..parents]);
            give_titles(&mut self.hits, &self.pending, text);
            give_contexts(
                &mut self.hits,
                self.pending.drain(..).map(|p| (p.hit, p.start)),
                text,
                &prefix,
            );
        }
        if is_lead && !(leaving && blocks.innermost() == Some(Block::Item)) {
            let lead = collapse_whitespace(text);
            if let Some(slot) = self.items.last_mut() {
                *slot = Some(lead);
            }
        }
        self.block_text.clear();
    }

    pub(super) fn hit_count(&self) -> usize {
        self.hits.len()
    }

    /// The targets recorded so far, in order (what decisions and action items cite).
    pub(super) fn targets(&self) -> Vec<Target> {
        self.hits.iter().map(|h| h.target.clone()).collect()
    }

    pub(super) fn finish(self) -> Vec<RefHit> {
        // Held until the pages are made, as `Outline::finish` explains.
        let mut hits = self.hits;
        hits.shrink_to_fit();
        hits
    }
}

/// A reference whose context is still being collected.
struct Pending {
    /// Its index in `hits`.
    hit: usize,
    /// Where its text starts and ends in `block_text`, and how it was written.
    start: usize,
    end: Option<(usize, Written)>,
}

/// Gives each pending reference the title its block's `text` gives it, if any.
fn give_titles(hits: &mut [RefHit], pending: &[Pending], text: &str) {
    for (k, p) in pending.iter().enumerate() {
        let Some((end, how)) = p.end else { continue };
        let next = pending.get(k + 1).map_or(text.len(), |n| n.start);
        hits[p.hit].title = title_near(text, p.start, end, next, how);
    }
}

/// The leads of the (at most two) innermost list items a context hangs from: `A › B › `.
fn lead_prefix(items: &[Option<String>]) -> String {
    let mut prefix = String::new();
    let leads: Vec<&str> = items.iter().flatten().map(String::as_str).collect();
    for lead in &leads[leads.len().saturating_sub(2)..] {
        prefix.push_str(&shorten(lead, LEAD_CHARS));
        prefix.push_str(" › ");
    }
    prefix
}

/// Gives each pending reference (index in `hits`, offset in `text`) its sentence of
/// `text`, after `prefix`.
fn give_contexts(
    hits: &mut [RefHit],
    pending: impl Iterator<Item = (usize, usize)>,
    text: &str,
    prefix: &str,
) {
    // References in one sentence share its text.
    let mut last: Option<((usize, usize), Arc<str>)> = None;
    let ends = SentenceEnds::new(text);
    for (hit, at) in pending {
        // A reference that adds no text (`[](…/issues/6)`) after a line break sits past
        // the trimmed end (found by fuzzing).
        let at = at.min(text.len());
        let bounds = ends.bounds(at);
        let context = match &last {
            Some((b, c)) if *b == bounds => c.clone(),
            _ => {
                let c: Arc<str> = Arc::from(format!("{prefix}{}", sentence_text(text, at, bounds)));
                last = Some((bounds, c.clone()));
                c
            }
        };
        hits[hit].context = context;
    }
}

/// Lower-cased `@names` in fenced and indented code blocks.
fn code_handles<'e>(events: impl Iterator<Item = &'e Event<'e>>) -> HashSet<String> {
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

#[cfg(test)]
mod tests {
    use crate::markdown::test_support::*;
    use crate::markdown::text::CONTEXT_CHARS;
    use crate::markdown::{scan, Options, RefOptions};

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
        assert_eq!(scan(body, &opts).0, r.refs);
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
}
