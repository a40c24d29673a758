//! Decisions and action items across the archive, as every command sees them: the
//! ledger built from each note's outcomes, and the rows `list --json` and `actions` print.

use crate::archive::Archive;
use crate::outcomes::{Kind, Ledger, NoteFacts, Outcome, Tracked};
use crate::ids::PersonId;
use serde::Serialize;
use std::collections::HashMap;

/// The ledger of an archive whose notes' outcomes are `outcomes` (in the archive's order).
pub fn ledger(archive: &Archive, outcomes: Vec<Vec<Outcome>>) -> Ledger {
    let facts: Vec<NoteFacts> = archive
        .notes
        .iter()
        .map(|n| NoteFacts {
            team: n.team.as_ref().map(|t| t.value.clone()),
            date: n.date.as_ref().map(|d| d.value),
        })
        .collect();
    Ledger::build(&facts, outcomes)
}

/// The ledger of `build`: each note's outcomes are taken out of its Markdown result (the
/// pages read them from the ledger).
pub fn take_ledger(archive: &Archive, rendered: &mut [crate::markdown::Rendered]) -> Ledger {
    let outcomes = rendered
        .iter_mut()
        .map(|r| std::mem::take(&mut r.outcomes))
        .collect();
    ledger(archive, outcomes)
}

/// One decision or action item of a note, as `list --json` prints it.
#[derive(Debug, Serialize)]
pub struct OutcomeRow {
    pub kind: Kind,
    pub text: String,
    pub line: u32,
    /// The page URL with the anchor of its spot.
    pub url: String,
    pub agenda: Option<String>,
    pub people: Vec<String>,
    pub assignees: Vec<String>,
    pub due: Option<String>,
    pub done: bool,
    pub refs: Vec<String>,
}

/// `page` is the note's page URL.
pub fn outcome_row(o: &Outcome, page: &str, due: Option<String>) -> OutcomeRow {
    OutcomeRow {
        kind: o.kind,
        text: o.text.clone(),
        line: o.line,
        url: format!("{page}#{}", o.anchor),
        agenda: o.agenda.as_ref().map(|a| a.1.clone()),
        people: o.handles.iter().map(|h| format!("@{h}")).collect(),
        assignees: o.assignees.iter().map(|a| shown_person(a)).collect(),
        due,
        done: o.done,
        refs: o.refs.iter().map(ToString::to_string).collect(),
    }
}

/// A handle as people write it (`@ann`); a name as written.
pub fn shown_person(a: &str) -> String {
    if a.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_') {
        format!("@{a}")
    } else {
        a.to_string()
    }
}

/// One action item followed across meetings, as `minutes actions` prints it.
#[derive(Debug, Serialize)]
pub struct ActionRow {
    pub text: String,
    pub state: &'static str,
    pub assignees: Vec<String>,
    pub team: Option<String>,
    pub due: Option<String>,
    /// Meetings of its team since it was first written, both counted.
    pub age: usize,
    pub first: Option<String>,
    pub last: Option<String>,
    /// Where it was last written: `source:line` and the page URL with its anchor.
    pub source: String,
    pub url: String,
    pub meetings: usize,
}

/// `base` is the site's base path.
pub fn action_row(archive: &Archive, ledger: &Ledger, t: &Tracked, base: &str) -> ActionRow {
    let last = t.last();
    let o = ledger.outcome(last);
    let note = &archive.notes[last.note];
    let date = |k: usize| {
        archive.notes[k]
            .date
            .as_ref()
            .map(|d| d.value.format("%Y-%m-%d").to_string())
    };
    ActionRow {
        text: o.text.clone(),
        state: if t.done { "done" } else { "open" },
        assignees: t.assignees.iter().map(|a| shown_person(a)).collect(),
        team: t.team.clone(),
        due: t.due.map(|d| d.format("%Y-%m-%d").to_string()),
        age: t.age,
        first: date(t.first().note),
        last: date(last.note),
        source: format!("{}:{}", note.source, o.line),
        url: format!("{base}{}#{}", archive.urls[last.note], o.anchor),
        meetings: t.mentions.len(),
    }
}

/// `@handle` (without the `@`), person id and name, lower-cased → person: how an assignee
/// or a named handle is resolved to the archive's people (pages, search and `actions`).
pub fn person_keys(archive: &Archive) -> HashMap<String, PersonId> {
    let mut keys = HashMap::new();
    for (p, person) in PersonId::all(archive.people.len()).zip(&archive.people) {
        if let Some(h) = &person.handle {
            keys.insert(h.to_lowercase(), p);
        }
        keys.entry(person.id.to_lowercase()).or_insert(p);
        keys.entry(person.name.to_lowercase()).or_insert(p);
    }
    keys
}

/// Whether `t` is assigned to `who` (`@ann`, `ann` or a name, any case): as written, or
/// the same person however the note wrote them (`keys` from [`person_keys`]).
pub fn assigned_to(t: &Tracked, who: &str, keys: &HashMap<String, PersonId>) -> bool {
    let who = who.trim_start_matches('@').to_lowercase();
    let person = keys.get(&who);
    t.assignees.iter().any(|a| {
        let a = a.to_lowercase();
        a == who || person.is_some_and(|p| keys.get(&a) == Some(p))
    })
}
