//! Decisions and action items (issue 18): what a meeting decided and who owes what.
//!
//! Pure. The Markdown pass hands over the blocks it already walks (`Block`: a paragraph or
//! list item's own Markdown, its line, the headings above it); `conventions` says which
//! are decisions or action items; `due` reads due dates, `front_matter` the `decisions:`
//! and `actions:` lists, and `follow` ties an action item repeated in later meetings of the
//! same team into one item whose last state wins.

pub(crate) mod conventions;
pub mod due;
pub mod follow;
pub mod front_matter;
pub mod html;

pub use conventions::{classify, heading_kind};
pub use follow::{Ledger, NoteFacts, Tracked};

use crate::refs::Target;
use serde::Serialize;

/// The two kinds of outcome a meeting records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Decision,
    Action,
}

/// One block of a note as the Markdown pass saw it: what `classify` reads.
#[derive(Debug, Clone, Default)]
pub struct Block<'a> {
    /// The block's own Markdown source: a list item without its nested lists.
    pub source: &'a str,
    /// Its first line, counted from 1 at the top of the body.
    pub line: u32,
    pub item: bool,
    /// A task list item: `Some(true)` when checked.
    pub task: Option<bool>,
    /// Inside a block quote: a quoted older decision is not this meeting's.
    pub quoted: bool,
    /// The kind of the section it is in (`## Decisions`), when its list or paragraph sits
    /// directly under that section (a nested item belongs to its parent).
    pub section: Option<Kind>,
    /// The kind a label-only paragraph just before its list named (`**Conclusion**:`).
    pub lead: Option<Kind>,
    /// The text of the heading it is under (empty before the first).
    pub under: &'a str,
}

/// A decision or action item of a note, as its Markdown says it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outcome {
    pub kind: Kind,
    /// Inline Markdown, as written (label, list and task markers removed).
    pub text: String,
    /// Line in the note's file.
    pub line: u32,
    /// The `id` of its element in the note's page.
    pub anchor: String,
    /// The agenda item (heading) it falls under: id and text.
    pub agenda: Option<(String, String)>,
    /// `@handles` it names, lower-cased, in order, once each.
    pub handles: Vec<String>,
    /// Who it is assigned to (action items): handles without `@`, or names as written.
    pub assignees: Vec<String>,
    /// The due date as written (`Friday`, `2024-03-01`); `due::resolve` reads it.
    pub due: Option<String>,
    pub done: bool,
    /// GitHub references in it.
    #[serde(skip)]
    pub refs: Vec<Target>,
    /// `text` as HTML ([`html::inline_html`]); filled for pages only.
    #[serde(skip)]
    pub html: String,
}

/// Anchor ids: `dec-3`, `act-1`, numbered per kind in document order (short prefixes a
/// heading's id is unlikely to take, as references take `ref-N`).
pub fn anchor_id(kind: Kind, n: usize) -> String {
    match kind {
        Kind::Decision => format!("dec-{n}"),
        Kind::Action => format!("act-{n}"),
    }
}

/// A note's outcomes as its page and the archive see them: the front matter's first, then
/// the body's with their lines counted from the top of the file (`body_line` is the
/// file line the body starts on).
pub fn place(
    found: &mut Vec<Outcome>,
    body_line: u32,
    extra: &std::collections::BTreeMap<String, serde_json::Value>,
) {
    for o in found.iter_mut() {
        o.line += body_line.saturating_sub(1);
    }
    let mut listed = front_matter::outcomes(extra);
    if !listed.is_empty() {
        listed.append(found);
        *found = listed;
    }
}
