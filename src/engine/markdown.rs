//! One note's Markdown pass as every command runs it: the one place the markdown stage's
//! options are assembled from the run's settings.

use crate::diag::Diagnostic;
use crate::highlight::Highlighter;
use crate::links::Rewriter;
use crate::markdown::{self, LinkOptions, RefHit, RefOptions, Rendered};
use crate::model::Note;
use crate::refs;
use crate::sanitize;
use std::collections::HashMap;

/// What the Markdown pass needs besides the note: made once per run (the highlighter
/// loads syntect's syntaxes, the settings compile the reference rules).
pub struct MarkdownStage {
    highlighter: Highlighter,
    settings: refs::Settings,
    /// Leave references unlinked (`--skip-refs`, for measuring what they cost).
    skip_refs: bool,
}

impl MarkdownStage {
    pub fn new(config: &crate::config::Config, skip_refs: bool) -> MarkdownStage {
        MarkdownStage {
            highlighter: Highlighter::new(),
            settings: refs::Settings::new(config),
            skip_refs,
        }
    }

    /// Note `n`'s HTML, sections and references (`body` is its text: `build` takes the
    /// bodies out of the notes to free each once it is rendered), and the markup its page
    /// will not carry, as warnings at their lines (a second parse, only for the few notes
    /// that lost markup). `people` maps handles to person pages for `@user` links.
    pub fn render(
        &self,
        n: &Note,
        body: &str,
        people: &HashMap<String, String>,
        rewriter: &Rewriter,
    ) -> (Rendered, Vec<Diagnostic>) {
        let opts = markdown::Options {
            highlighter: &self.highlighter,
            refs: (!self.skip_refs).then_some(RefOptions {
                settings: &self.settings,
                repo: n.repo(),
                people,
            }),
            links: Some(LinkOptions {
                rewriter,
                source: &n.source,
            }),
        };
        let body = without_attendee_block(n, body);
        let mut md = markdown::render(&body, &opts);
        crate::outcomes::place(&mut md.outcomes, n.body_line, &n.extra);
        for o in &mut md.outcomes {
            o.html = crate::outcomes::html::inline_html(&o.text);
        }
        let removed = if md.sanitized {
            sanitize::diagnostics(&n.source, n.body_line, &body)
        } else {
            Vec::new()
        };
        (md, removed)
    }

    /// Note `n`'s GitHub references and its decisions and action items, without
    /// highlighting code: what `minutes list` and `minutes actions` show.
    pub fn scan(&self, n: &Note) -> (Vec<RefHit>, Vec<crate::outcomes::Outcome>) {
        let opts = markdown::Options {
            highlighter: &self.highlighter,
            links: None,
            refs: Some(RefOptions {
                settings: &self.settings,
                repo: n.repo(),
                people: &HashMap::new(),
            }),
        };
        let (refs, mut outcomes) = markdown::scan(&n.body, &opts);
        crate::outcomes::place(&mut outcomes, n.body_line, &n.extra);
        (refs, outcomes)
    }
}

/// The body with its attendee list blanked when the page shows the attendees as chips, so
/// the note page lists them once. Lines are kept (emptied), so every line number and
/// diagnostic after the list stays where the file has it.
fn without_attendee_block<'a>(n: &Note, body: &'a str) -> std::borrow::Cow<'a, str> {
    let Some((start, end)) = n.attendee_block.filter(|_| !n.attendees.is_empty()) else {
        return body.into();
    };
    let mut out = String::with_capacity(body.len());
    for (k, line) in body.split_inclusive('\n').enumerate() {
        let k = k as u32;
        if k >= start && k < end {
            // The line ending stays (`\r\n` too).
            out.push_str(&line[line.trim_end_matches(['\r', '\n']).len()..]);
        } else {
            out.push_str(line);
        }
    }
    out.into()
}
