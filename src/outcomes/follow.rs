//! Action items followed across meetings: an item repeated in a later meeting of the same
//! team, for the same people, in similar words, is the same item; its last state wins and
//! an item never closed stays open. Decisions are listed as they are.
//!
//! Linear-ish: items are bucketed by (team, assignees) first and each is compared with at
//! most [`WINDOW`] items of its bucket, so a team that writes the same line every week
//! costs no more than one that does not.

use super::{due, Kind, Outcome};
use chrono::NaiveDate;
use std::collections::HashMap;

/// How many of a bucket's most recent items a new item is compared with.
const WINDOW: usize = 64;
/// Share of words two texts must have in common to be the same item.
const SIMILAR: f64 = 0.5;

/// What following needs to know of a note: its team and date, in the archive's order
/// (newest first, undated last).
#[derive(Debug, Clone)]
pub struct NoteFacts {
    pub team: Option<String>,
    pub date: Option<NaiveDate>,
}

/// A spot where an outcome is written: note index (in the archive's order) and its index
/// among the note's outcomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Spot {
    pub note: usize,
    pub index: usize,
}

/// An action item across the meetings it came up in.
#[derive(Debug, Clone)]
pub struct Tracked {
    pub team: Option<String>,
    pub assignees: Vec<String>,
    /// Every meeting it came up in, oldest first.
    pub mentions: Vec<Spot>,
    /// Its state where it was last written.
    pub done: bool,
    /// Its due date, from the last mention that gave one.
    pub due: Option<NaiveDate>,
    /// Meetings of its team from the first mention to the team's latest, both counted.
    pub age: usize,
}

impl Tracked {
    pub fn first(&self) -> Spot {
        self.mentions[0]
    }

    pub fn last(&self) -> Spot {
        *self.mentions.last().expect("a tracked item has a mention")
    }
}

/// Every note's outcomes, the decisions in the archive's order, and the action items
/// followed across meetings.
#[derive(Debug, Clone, Default)]
pub struct Ledger {
    /// Per note, in the archive's order.
    pub notes: Vec<Vec<Outcome>>,
    /// Newest first (the archive's order), each note's in document order.
    pub decisions: Vec<Spot>,
    /// Ordered by their last mention, newest first.
    pub actions: Vec<Tracked>,
    /// For each note's outcome, the index in `actions` of the item it belongs to.
    pub action_of: HashMap<Spot, usize>,
}

impl Ledger {
    pub fn build(facts: &[NoteFacts], notes: Vec<Vec<Outcome>>) -> Ledger {
        let decisions = notes
            .iter()
            .enumerate()
            .flat_map(|(note, list)| {
                list.iter()
                    .enumerate()
                    .filter(|(_, o)| o.kind == Kind::Decision)
                    .map(move |(index, _)| Spot { note, index })
            })
            .collect();
        let mut actions: Vec<Tracked> = Vec::new();
        let mut words: Vec<Vec<u64>> = Vec::new();
        let mut buckets: HashMap<(Option<String>, Vec<String>), Vec<usize>> = HashMap::new();
        // Per team: meetings seen so far (oldest first), and at each item's first mention.
        let mut seen: HashMap<Option<String>, usize> = HashMap::new();
        let mut first_seq: Vec<usize> = Vec::new();
        for note in (0..notes.len().min(facts.len())).rev() {
            let team = facts[note].team.clone();
            let seq = {
                let n = seen.entry(team.clone()).or_default();
                *n += 1;
                *n
            };
            for (index, o) in notes[note].iter().enumerate() {
                if o.kind != Kind::Action {
                    continue;
                }
                let spot = Spot { note, index };
                let mut people = o.assignees.clone();
                people.sort();
                let key = (team.clone(), people);
                let mine = word_set(&o.text);
                let bucket = buckets.entry(key).or_default();
                let same = bucket
                    .iter()
                    .rev()
                    .take(WINDOW)
                    .copied()
                    .filter(|&k| actions[k].last().note != note)
                    .map(|k| (similarity(&words[k], &mine), k))
                    .filter(|&(s, _)| s >= SIMILAR)
                    .max_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
                let due = o
                    .due
                    .as_deref()
                    .zip(facts[note].date)
                    .and_then(|(p, d)| due::resolve(p, d));
                match same {
                    Some((_, k)) => {
                        let t = &mut actions[k];
                        t.mentions.push(spot);
                        t.done = o.done;
                        t.due = due.or(t.due);
                        words[k] = mine;
                    }
                    None => {
                        bucket.push(actions.len());
                        actions.push(Tracked {
                            team: team.clone(),
                            assignees: o.assignees.clone(),
                            mentions: vec![spot],
                            done: o.done,
                            due,
                            age: 0,
                        });
                        words.push(mine);
                        first_seq.push(seq);
                    }
                }
            }
        }
        for (t, first) in actions.iter_mut().zip(first_seq) {
            t.age = seen.get(&t.team).copied().unwrap_or(first) + 1 - first;
        }
        // Newest last mention first; ties in the order they were made.
        let mut order: Vec<usize> = (0..actions.len()).collect();
        order.sort_by_key(|&k| (actions[k].last(), k));
        let actions: Vec<Tracked> = {
            let mut slots: Vec<Option<Tracked>> = actions.into_iter().map(Some).collect();
            order.iter().map(|&k| slots[k].take().expect("each once")).collect()
        };
        let action_of = actions
            .iter()
            .enumerate()
            .flat_map(|(k, t)| t.mentions.iter().map(move |&s| (s, k)))
            .collect();
        Ledger {
            notes,
            decisions,
            actions,
            action_of,
        }
    }

    pub fn outcome(&self, spot: Spot) -> &Outcome {
        &self.notes[spot.note][spot.index]
    }
}

/// The words of a text that say what it is about (lower-cased, three letters or more), as
/// sorted, distinct 64-bit hashes: comparing an item with the 64 before it in its bucket is
/// then a merge of short integer lists, not of strings (with `BTreeSet<String>` it took a
/// second of a 10,000-note build).
fn word_set(text: &str) -> Vec<u64> {
    let mut words: Vec<u64> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3)
        .take(64)
        .map(|w| xxhash_rust::xxh3::xxh3_64(w.to_lowercase().as_bytes()))
        .collect();
    words.sort_unstable();
    words.dedup();
    words
}

/// Jaccard similarity of two word sets.
fn similarity(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    common as f64 / (a.len() + b.len() - common) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similarity_is_the_share_of_words_in_common() {
        let a = word_set("Write the release post");
        let b = word_set("write the RELEASE post by Friday, the post");
        // write, the, release, post against those and friday ("by" is too short).
        assert_eq!(similarity(&a, &b), 4.0 / 5.0);
        assert_eq!(similarity(&a, &a), 1.0);
        assert_eq!(similarity(&a, &word_set("fix the flaky test")), 1.0 / 7.0);
        assert_eq!(similarity(&a, &word_set("a b")), 0.0);
    }

    fn action(text: &str, who: &[&str], done: bool) -> Outcome {
        Outcome {
            kind: Kind::Action,
            text: text.into(),
            line: 1,
            anchor: "act-1".into(),
            agenda: None,
            handles: vec![],
            assignees: who.iter().map(|s| s.to_string()).collect(),
            due: None,
            done,
            refs: vec![],
            html: String::new(),
        }
    }

    fn facts(team: &str, n: usize) -> Vec<NoteFacts> {
        (0..n)
            .map(|k| NoteFacts {
                team: Some(team.into()),
                date: NaiveDate::from_ymd_opt(2030, 1, 1)
                    .map(|d| d - chrono::Duration::days(7 * k as i64)),
            })
            .collect()
    }

    #[test]
    fn a_repeated_item_is_one_item_whose_last_state_wins() {
        // Newest first: note 0 is the latest meeting.
        let notes = vec![
            vec![action("write the release blog post", &["ann"], true)],
            vec![],
            vec![
                action("write the release blog post draft", &["ann"], false),
                action("fix CI flakes", &["bob"], false),
            ],
            vec![action("write the release blog post", &["ann"], false)],
        ];
        let l = Ledger::build(&facts("gui", 4), notes);
        assert_eq!(l.actions.len(), 2);
        let post = l.actions.iter().find(|t| t.assignees == ["ann"]).unwrap();
        assert_eq!(post.mentions.len(), 3);
        assert_eq!(post.first(), Spot { note: 3, index: 0 });
        assert!(post.done);
        let ci = l.actions.iter().find(|t| t.assignees == ["bob"]).unwrap();
        assert!(!ci.done, "never closed is open");
        assert_eq!(ci.age, 3);
        assert_eq!(l.action_of[&Spot { note: 0, index: 0 }], l.action_of[&Spot { note: 3, index: 0 }]);
    }

    #[test]
    fn other_people_teams_or_words_are_other_items() {
        let notes = vec![
            vec![action("write the release blog post", &["bob"], true)],
            vec![action("review the budget", &["ann"], false)],
            vec![action("write the release blog post", &["ann"], false)],
        ];
        let l = Ledger::build(&facts("gui", 3), notes);
        assert_eq!(l.actions.len(), 3);
        let mut f = facts("gui", 2);
        f[0].team = Some("web".into());
        let notes = vec![
            vec![action("write the post", &["ann"], true)],
            vec![action("write the post", &["ann"], false)],
        ];
        assert_eq!(Ledger::build(&f, notes).actions.len(), 2);
    }

    #[test]
    fn the_same_line_every_week_stays_linear() {
        let n = 5000;
        let notes: Vec<Vec<Outcome>> = (0..n)
            .map(|k| vec![action(&format!("alpha{k} beta{k} gamma{k}"), &["ann"], false)])
            .collect();
        // One bucket of 5,000 different items: each is compared with a window, not all.
        let l = Ledger::build(&facts("gui", n), notes);
        assert_eq!(l.actions.len(), n);
    }
}
