//! What the search index is built from, for `build` and `serve` alike: each listed note,
//! then each decision, then each action item followed across meetings (issue 18: results
//! of their own kind, shown above the meetings and asked for with `decision:`, `action:`
//! and `assignee:@x`).

use crate::archive::Archive;
use crate::ids::{NoteId, PersonId};
use crate::markdown::Section;
use crate::model::Attendee;
use crate::outcomes::{Ledger, Outcome, Tracked};
use crate::search;
use chrono::NaiveDate;
use std::collections::HashMap;

/// What the search index needs of listed note `i`.
pub fn search_doc<'a>(
    archive: &'a Archive,
    i: NoteId,
    md: &'a crate::markdown::Rendered,
) -> search::Doc<'a> {
    let n = &archive.notes[i];
    search::Doc {
        url: &archive.urls[i],
        title: &n.title.value,
        // Set by the caller, which knows the other notes' titles (`titles::extras`).
        title_extra: None,
        summary: None,
        team: team_of(archive, i.index()),
        date: n.date.as_ref().map(|d| d.value),
        topics: &n.topics,
        attendees: &archive.attendees[i.index()],
        repo: n.repo(),
        sections: if md.packed_sections.is_empty() {
            search::Sections::Plain(&md.sections)
        } else {
            search::Sections::Packed(&md.packed_sections)
        },
        ..Default::default()
    }
}

fn team_of(archive: &Archive, note: usize) -> Option<(&str, &str)> {
    let t = archive.notes[note].team.as_ref()?;
    let &t = archive.team_by_id.get(&t.value)?;
    Some((archive.teams[t].id.as_str(), archive.teams[t].name.as_str()))
}

/// A decision or action item as a search document, owned, so that `serve` can hand it to
/// the thread that builds the index.
#[derive(Debug, Clone)]
pub struct ItemDoc {
    kind: search::Kind,
    /// A decision's note page, the section's id its anchor there; an action item's own page.
    url: String,
    title: String,
    title_extra: Option<String>,
    team: Option<(String, String)>,
    date: Option<NaiveDate>,
    topics: Vec<String>,
    /// The people it is assigned to or names, as the archive knows them.
    people: Vec<Attendee>,
    who: Vec<String>,
    keys: Vec<String>,
    state: Option<&'static str>,
    repo: Option<String>,
    /// One section: its anchor, the agenda item it falls under, its text.
    section: [Section; 1],
    /// Its note's number among the search documents.
    note_doc: u32,
}

impl ItemDoc {
    pub fn doc(&self) -> search::Doc<'_> {
        search::Doc {
            kind: self.kind,
            url: &self.url,
            title: &self.title,
            title_extra: self.title_extra.as_deref(),
            summary: None,
            team: self.team.as_ref().map(|(id, name)| (id.as_str(), name.as_str())),
            date: self.date,
            topics: &self.topics,
            attendees: &self.people,
            repo: self.repo.as_deref(),
            sections: search::Sections::Plain(&self.section),
            state: self.state,
            who: &self.who,
            keys: &self.keys,
            note: self.note_doc,
        }
    }
}

/// Every decision (newest first), then every action item (by its last mention, newest
/// first), of the listed notes. `extras` are the notes' title extras (`titles::extras`).
pub fn item_docs(archive: &Archive, ledger: &Ledger, extras: &[Option<String>]) -> Vec<ItemDoc> {
    let keys = super::outcomes::person_keys(archive);
    // Each listed note's document number; none for a note that is not listed.
    let mut doc_of: Vec<Option<u32>> = vec![None; archive.notes.len()];
    for (k, i) in archive.listed.iter().enumerate() {
        doc_of[i.index()] = Some(k as u32);
    }
    let mut out = Vec::with_capacity(ledger.decisions.len() + ledger.actions.len());
    for &spot in &ledger.decisions {
        if let Some(doc) = doc_of[spot.note] {
            let o = ledger.outcome(spot);
            out.push(item_doc(archive, &keys, extras, (spot.note, doc), o, None));
        }
    }
    // An action item's result opens its page (every meeting it came up in).
    let pages = crate::views::action_item_paths(ledger, &archive.urls);
    for (t, page) in ledger.actions.iter().zip(pages) {
        let last = t.last();
        if let Some(doc) = doc_of[last.note] {
            let o = ledger.outcome(last);
            let mut item = item_doc(archive, &keys, extras, (last.note, doc), o, Some(t));
            item.url = page;
            item.section[0].id = None;
            out.push(item);
        }
    }
    out
}

fn item_doc(
    archive: &Archive,
    keys: &HashMap<String, PersonId>,
    extras: &[Option<String>],
    (note, note_doc): (usize, u32),
    o: &Outcome,
    tracked: Option<&Tracked>,
) -> ItemDoc {
    let n = &archive.notes[note];
    let (text, links) = crate::outcomes::html::inline_text(&o.text);
    let mut people: Vec<Attendee> = Vec::new();
    let mut terms: Vec<String> = Vec::new();
    let mut add_person = |who: &str, assigned: bool, terms: &mut Vec<String>| {
        let person = keys.get(&who.to_lowercase()).map(|&p| &archive.people[p]);
        if assigned {
            // As written (a handle, or a name made a slug), and every way the archive
            // knows the person by.
            terms.extend(search::assignee_term(&crate::slug::slugify(who)));
            terms.extend(search::assignee_term(who));
            if let Some(p) = person {
                terms.extend(search::assignee_term(&p.id));
                terms.extend(p.handle.as_deref().and_then(search::assignee_term));
            }
        }
        if let Some(p) = person.filter(|p| !people.iter().any(|a| a.id == p.id)) {
            people.push(Attendee {
                id: p.id.clone(),
                name: p.name.clone(),
                handle: p.handle.clone(),
                roles: Vec::new(),
                note: None,
            });
        }
    };
    let assignees = tracked.map_or(&o.assignees, |t| &t.assignees);
    for a in assignees {
        add_person(a, true, &mut terms);
    }
    for h in &o.handles {
        add_person(h, false, &mut terms);
    }
    terms.sort();
    terms.dedup();
    let team = team_of(archive, note).map(|(id, name)| (id.to_string(), name.to_string()));
    ItemDoc {
        kind: if tracked.is_some() {
            search::Kind::Action
        } else {
            search::Kind::Decision
        },
        url: archive.urls[note].clone(),
        title: n.title.value.clone(),
        title_extra: extras.get(note).cloned().flatten(),
        team,
        date: n.date.as_ref().map(|d| d.value),
        topics: n.topics.clone(),
        people,
        who: assignees
            .iter()
            .map(|a| crate::engine::outcomes::shown_person(a))
            .collect(),
        keys: terms,
        state: tracked.map(|t| if t.done { "done" } else { "open" }),
        repo: n.repo().map(str::to_string),
        section: [Section {
            id: Some(o.anchor.clone()),
            heading: o.agenda.as_ref().map(|a| a.1.clone()).unwrap_or_default(),
            text,
            links,
        }],
        note_doc,
    }
}
