//! Pure: who is who across the whole archive. Each attendance a note records (a name, a
//! handle, or both) is tied to one person. A line that pairs a name with a handle
//! (`Ben Sternthal (@bensternthal)`) makes every spelling of that name (compared by slug:
//! case, accents and spaces do not count) and that handle (compared without case) one
//! person, as do the aliases of `[people]` in minutes.toml. Nothing is merged by
//! guessing: `Ben Sternthal` and `Benjamin Sternthal` stay two people unless a shared
//! handle or the config ties them, and a one-word name written with two different
//! handles (`Ethan (@a)`, `Ethan (@b)`) ties neither. Union-find over the distinct names
//! and handles, with hash maps: linear in the attendances.
//!
//! A person's id (their page, `/people/<id>/`) is the `[people]` key that names them,
//! else their most used handle, lower-cased (a handle outlives changes of name), else the
//! slug of their most used name; their display name is the configured one, else the name
//! written most often (a handle only when no note gives a name).

use crate::config::PersonConfig;
use crate::diag::Diagnostic;
use crate::model::{Attendee, Note};
use crate::slug::slugify;
use std::collections::{BTreeMap, HashMap, HashSet};

/// The archive's people, resolved once per build.
#[derive(Debug, Default)]
pub struct Identities {
    /// For each note (in the order given), its attendees as people: the person's id,
    /// display name and handle, with this attendance's roles and note; each person once.
    pub attendees: Vec<Vec<Attendee>>,
    /// Each person the notes write more than one way, by id, for `minutes check`.
    pub merges: Vec<Merge>,
}

/// One person written several ways.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merge {
    pub id: String,
    pub name: String,
    /// The distinct ways the notes write them (`@bensternthal`, `Ben Sternthal`), sorted.
    pub spellings: Vec<String>,
    /// The first note (by source path) that pairs a name with a handle for them and that
    /// pairing, or `None` when `[people]` alone ties them.
    pub evidence: Option<(String, String)>,
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
    Name,
    Handle,
}

/// Union-find over names and handles, nodes numbered in the order first seen (so the
/// result depends only on the notes' order, which `archive` fixes).
#[derive(Default)]
struct Nodes {
    index: HashMap<(Kind, String), usize>,
    parent: Vec<usize>,
}

impl Nodes {
    fn node(&mut self, kind: Kind, key: String) -> usize {
        let next = self.parent.len();
        let n = *self.index.entry((kind, key)).or_insert(next);
        if n == next {
            self.parent.push(n);
        }
        n
    }

    fn get(&self, kind: Kind, key: &str) -> Option<usize> {
        self.index.get(&(kind, key.to_string())).copied()
    }

    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    /// The smaller root stays the root, so the outcome does not depend on union order.
    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        let (lo, hi) = if a < b { (a, b) } else { (b, a) };
        self.parent[hi] = lo;
    }
}

/// What one attendance contributes: its name node, its handle node and spelling, and
/// whether a bracketed word was read as its handle.
#[derive(Clone, Default)]
struct Seen {
    name: Option<usize>,
    handle: Option<(usize, String)>,
    promoted: bool,
}

/// A bracketed word that is the handle: `Ben Sternthal (bensternthal)`, when some note
/// writes that handle as one, or when it spells the name (`bensternthal`, `rromoff` for
/// Rachel Romoff).
fn bracket_handle<'a>(a: &'a Attendee, nodes: &Nodes) -> Option<&'a str> {
    let t = a.note.as_deref().filter(|_| a.handle.is_none())?;
    let lower = t.to_ascii_lowercase();
    let shaped = !t.is_empty() && t.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if !shaped {
        return None;
    }
    let words: Vec<String> = slugify(&a.name).split('-').map(str::to_string).collect();
    let (first, last) = (&words[0], &words[words.len() - 1]);
    let spells_name = words.len() > 1
        && (lower == words.concat()
            || lower == format!("{}{last}", &first[..1])
            || lower == format!("{first}{}", &last[..1]));
    (spells_name || nodes.get(Kind::Handle, &lower).is_some()).then_some(t)
}

/// Resolves every attendance of `notes` to a person.
pub fn resolve(notes: &[Note], people: &BTreeMap<String, PersonConfig>) -> Identities {
    let mut nodes = Nodes::default();
    // Pass 1: every name and handle as written (handles first, so a bracketed word can be
    // recognised as a handle some other note uses).
    let mut seen: Vec<Vec<Seen>> = Vec::with_capacity(notes.len());
    for n in notes {
        let row = n
            .attendees
            .iter()
            .map(|a| {
                let handle = a.handle.as_ref().map(|h| {
                    (nodes.node(Kind::Handle, h.to_ascii_lowercase()), h.clone())
                });
                let real_name = a.handle.as_deref() != Some(a.name.as_str());
                let slug = slugify(&a.name);
                let name = (real_name && !slug.is_empty()).then(|| nodes.node(Kind::Name, slug));
                Seen {
                    name,
                    handle,
                    promoted: false,
                }
            })
            .collect();
        seen.push(row);
    }
    for (n, row) in notes.iter().zip(seen.iter_mut()) {
        for (a, s) in n.attendees.iter().zip(row.iter_mut()) {
            if let Some(t) = bracket_handle(a, &nodes) {
                s.handle = Some((nodes.node(Kind::Handle, t.to_ascii_lowercase()), t.to_string()));
                s.promoted = true;
            }
        }
    }
    let config_ids = tie_configured(&mut nodes, people);
    tie_pairs(&mut nodes, &seen);
    let persons = Persons::gather(notes, &seen, &mut nodes, &config_ids);
    persons.into_identities(notes, &seen, &mut nodes, people)
}

/// `[people.<id>]`: the id, its name and its aliases are one person. Returns the
/// configured id of each node it names.
fn tie_configured(nodes: &mut Nodes, people: &BTreeMap<String, PersonConfig>) -> HashMap<usize, String> {
    let mut ids = HashMap::new();
    for (id, pc) in people {
        let root = nodes.node(Kind::Handle, id.trim_start_matches('@').to_ascii_lowercase());
        ids.insert(root, id.clone());
        let tie = |nodes: &mut Nodes, kind: Kind, key: String| {
            if !key.is_empty() {
                let n = nodes.node(kind, key);
                nodes.union(root, n);
            }
        };
        tie(nodes, Kind::Name, slugify(id));
        if let Some(name) = &pc.name {
            tie(nodes, Kind::Name, slugify(name));
        }
        for alias in &pc.aliases {
            let alias = alias.trim();
            match alias.strip_prefix('@') {
                Some(h) => tie(nodes, Kind::Handle, h.to_ascii_lowercase()),
                None => {
                    if !alias.contains(char::is_whitespace) {
                        tie(nodes, Kind::Handle, alias.to_ascii_lowercase());
                    }
                    tie(nodes, Kind::Name, slugify(alias));
                }
            }
        }
    }
    ids
}

/// Names paired with handles. A one-word name paired with two handles is left alone: it
/// names two people, or one the notes cannot tell.
fn tie_pairs(nodes: &mut Nodes, seen: &[Vec<Seen>]) {
    let mut pairs: HashSet<(usize, usize)> = HashSet::new();
    let mut order: Vec<(usize, usize)> = Vec::new();
    let mut handles_of: HashMap<usize, HashSet<usize>> = HashMap::new();
    for s in seen.iter().flatten() {
        if let (Some(name), Some((handle, _))) = (s.name, &s.handle) {
            if pairs.insert((name, *handle)) {
                order.push((name, *handle));
            }
            handles_of.entry(name).or_default().insert(*handle);
        }
    }
    let one_word: HashSet<usize> = nodes
        .index
        .iter()
        .filter(|((kind, key), _)| *kind == Kind::Name && !key.contains('-'))
        .map(|(_, &n)| n)
        .collect();
    for (name, handle) in order {
        if one_word.contains(&name) && handles_of[&name].len() > 1 {
            continue;
        }
        nodes.union(name, handle);
    }
    // A name that is a handle as written (`Kubuxu`, `Forrest Weston` for
    // `@forrest-weston`): the same letters, so the same person.
    let same: Vec<(usize, usize)> = nodes
        .index
        .iter()
        .filter(|((kind, _), _)| *kind == Kind::Name)
        .filter_map(|((_, key), &n)| Some((n, nodes.get(Kind::Handle, key)?)))
        .collect();
    for (name, handle) in same {
        nodes.union(name, handle);
    }
}

/// The people as components: what each is written as, and the note that ties it.
#[derive(Default)]
struct Person {
    names: BTreeMap<String, usize>,
    handles: BTreeMap<String, usize>,
    config_id: Option<String>,
    evidence: Option<(String, String)>,
}

struct Persons {
    /// By root node.
    by_root: BTreeMap<usize, Person>,
}

impl Persons {
    fn gather(
        notes: &[Note],
        seen: &[Vec<Seen>],
        nodes: &mut Nodes,
        config_ids: &HashMap<usize, String>,
    ) -> Persons {
        let mut by_root: BTreeMap<usize, Person> = BTreeMap::new();
        for (n, row) in notes.iter().zip(seen) {
            for (a, s) in n.attendees.iter().zip(row) {
                let Some(node) = s.handle.as_ref().map(|h| h.0).or(s.name) else {
                    continue;
                };
                let p = by_root.entry(nodes.find(node)).or_default();
                if s.name.is_some() {
                    *p.names.entry(a.name.clone()).or_default() += 1;
                }
                if let Some((_, h)) = &s.handle {
                    *p.handles.entry(h.clone()).or_default() += 1;
                    if s.name.is_some() {
                        let line = format!("{} (@{h})", a.name);
                        if p.evidence.as_ref().is_none_or(|(src, _)| n.source < *src) {
                            p.evidence = Some((n.source.clone(), line));
                        }
                    }
                }
            }
        }
        let mut configured: Vec<(&usize, &String)> = config_ids.iter().collect();
        configured.sort_by(|a, b| a.1.cmp(b.1));
        for (&node, id) in configured {
            if let Some(p) = by_root.get_mut(&nodes.find(node)) {
                p.config_id.get_or_insert_with(|| id.clone());
            }
        }
        Persons { by_root }
    }

    fn into_identities(
        self,
        notes: &[Note],
        seen: &[Vec<Seen>],
        nodes: &mut Nodes,
        people: &BTreeMap<String, PersonConfig>,
    ) -> Identities {
        let ids = assign_ids(&self.by_root);
        let mut shown: HashMap<usize, Attendee> = HashMap::new();
        let mut merges = Vec::new();
        for (root, p) in &self.by_root {
            let id = ids[root].clone();
            let handle = most_used(&p.handles, |_| 0);
            let name = people
                .get(&id)
                .and_then(|c| c.name.clone())
                .or_else(|| most_used(&p.names, name_quality))
                .or_else(|| handle.clone())
                .unwrap_or_else(|| id.clone());
            let spellings: Vec<String> = p
                .names
                .keys()
                .cloned()
                .chain(p.handles.keys().map(|h| format!("@{h}")))
                .collect();
            if spellings.len() > 1 {
                merges.push(Merge {
                    id: id.clone(),
                    name: name.clone(),
                    spellings,
                    evidence: p.evidence.clone(),
                });
            }
            let person = Attendee {
                id,
                name,
                handle,
                roles: vec![],
                note: None,
            };
            shown.insert(*root, person);
        }
        merges.sort_by(|a, b| a.id.cmp(&b.id));
        let attendees = notes
            .iter()
            .zip(seen)
            .map(|(n, row)| {
                let mut out: Vec<Attendee> = Vec::with_capacity(n.attendees.len());
                for (a, s) in n.attendees.iter().zip(row) {
                    let Some(node) = s.handle.as_ref().map(|h| h.0).or(s.name) else {
                        continue;
                    };
                    let person = &shown[&nodes.find(node)];
                    let note = if s.promoted { None } else { a.note.clone() };
                    match out.iter_mut().find(|x| x.id == person.id) {
                        Some(x) => {
                            x.roles.extend(a.roles.iter().copied());
                            x.roles.sort();
                            x.roles.dedup();
                            x.note = x.note.take().or(note);
                        }
                        None => out.push(Attendee {
                            roles: a.roles.clone(),
                            note,
                            ..person.clone()
                        }),
                    }
                }
                out
            })
            .collect();
        Identities { attendees, merges }
    }
}

/// The most used spelling; ties go to the higher `prefer` (accents kept over plain
/// letters), then to the first in order.
fn most_used(counts: &BTreeMap<String, usize>, prefer: impl Fn(&str) -> usize) -> Option<String> {
    counts
        .iter()
        .max_by(|a, b| {
            a.1.cmp(b.1)
                .then_with(|| prefer(a.0).cmp(&prefer(b.0)))
                .then_with(|| b.0.cmp(a.0))
        })
        .map(|(s, _)| s.clone())
}

/// Between spellings written equally often: words capitalised as names are
/// (`Michael`, not `michael` or `MIchael`), then accents kept (`Raúl` over `Raul`).
fn name_quality(s: &str) -> usize {
    let capitalised = s
        .split_whitespace()
        .filter(|w| {
            let mut c = w.chars();
            let (a, b, d) = (c.next(), c.next(), c.next());
            a.is_some_and(char::is_uppercase)
                && !(b.is_some_and(char::is_uppercase) && d.is_some_and(char::is_lowercase))
        })
        .count();
    capitalised * 1000 + s.chars().filter(|c| !c.is_ascii()).count()
}

/// Each person's id: configured ids first, then handles, then names; an id already taken
/// (a name whose slug is another person's handle) gets `-2`, `-3`, …
fn assign_ids(by_root: &BTreeMap<usize, Person>) -> HashMap<usize, String> {
    let mut wanted: Vec<(u8, String, usize)> = by_root
        .iter()
        .map(|(&root, p)| {
            if let Some(id) = &p.config_id {
                (0, id.clone(), root)
            } else if let Some(h) = most_used(&p.handles, |_| 0) {
                (1, h.to_ascii_lowercase(), root)
            } else {
                let name = most_used(&p.names, name_quality);
                (2, slugify(&name.unwrap_or_default()), root)
            }
        })
        .collect();
    wanted.sort();
    let mut taken: HashSet<String> = HashSet::new();
    let mut ids = HashMap::new();
    for (_, want, root) in wanted {
        let mut id = want.clone();
        let mut k = 2;
        while !taken.insert(id.clone()) {
            id = format!("{want}-{k}");
            k += 1;
        }
        ids.insert(root, id);
    }
    ids
}

/// What `minutes check` says of people, as info lines: each person written several ways
/// (at the note that ties them), and each attendee-list entry that is no one (once per
/// text, at the first note that writes it, with how many do).
pub fn report(merges: &[Merge], notes: &[Note]) -> Vec<Diagnostic> {
    const SHOWN: usize = 12;
    let mut queries: Vec<(&str, &str)> = Vec::new();
    for m in merges {
        if let Some((source, text)) = &m.evidence {
            queries.push((source, text));
        }
    }
    for n in notes {
        for d in &n.dropped_attendees {
            queries.push((&n.source, &d.text));
        }
    }
    let found = spots(notes, &queries);
    let at = |source: &str, text: &str| found.get(&(source, text)).copied().unwrap_or((1, 1));
    let mut out = Vec::new();
    for m in merges {
        let mut spellings: Vec<String> =
            m.spellings.iter().take(SHOWN).map(|s| format!("`{s}`")).collect();
        if m.spellings.len() > SHOWN {
            spellings.push(format!("and {} more", m.spellings.len() - SHOWN));
        }
        let (path, why, (line, col)) = match &m.evidence {
            Some((source, text)) => (
                source.as_str(),
                format!("tied by `{text}`"),
                at(source, text),
            ),
            None => (crate::config::FILE_NAME, "tied by [people]".to_string(), (1, 1)),
        };
        out.push(Diagnostic::info(
            path,
            line,
            col,
            format!(
                "one person, {} (people/{}/), written {} ({why}); [people] in {} corrects it",
                m.name,
                m.id,
                spellings.join(", "),
                crate::config::FILE_NAME
            ),
        ));
    }
    // Text → (first source, why, how many notes).
    let mut dropped: BTreeMap<&str, (&str, &str, usize)> = BTreeMap::new();
    for n in notes {
        for d in &n.dropped_attendees {
            let e = dropped
                .entry(d.text.as_str())
                .or_insert((n.source.as_str(), d.why, 0));
            if n.source.as_str() < e.0 {
                e.0 = n.source.as_str();
            }
            e.2 += 1;
        }
    }
    for (text, (source, why, count)) in dropped {
        let notes = if count == 1 { "1 note".to_string() } else { format!("{count} notes") };
        let (line, col) = at(source, text);
        out.push(Diagnostic::info(
            source,
            line,
            col,
            format!("attendee `{text}` is not listed as a person: {why} (in {notes})"),
        ));
    }
    out
}

/// Where each `(source, text)` is first written in the body of the note at `source`, as a
/// file line and column (both from 1): what `check`'s info lines point at. Absent when the
/// body does not hold it as written (a front-matter list). All of a note's texts are found
/// in one pass over it (Aho-Corasick), so a note named by many entries is still read once.
fn spots<'a>(
    notes: &'a [Note],
    queries: &[(&'a str, &'a str)],
) -> HashMap<(&'a str, &'a str), (u32, u32)> {
    let mut by_source: BTreeMap<&str, Vec<&'a str>> = BTreeMap::new();
    for &(source, text) in queries {
        by_source.entry(source).or_default().push(text);
    }
    let mut out = HashMap::new();
    for n in notes {
        let Some(texts) = by_source.get_mut(n.source.as_str()) else {
            continue;
        };
        texts.sort_unstable();
        texts.dedup();
        texts.retain(|t| !t.is_empty());
        let Ok(ac) = aho_corasick::AhoCorasick::new(texts.iter()) else {
            continue;
        };
        // Each text's first offset, then lines and columns in one walk over them in order.
        let mut first: Vec<Option<usize>> = vec![None; texts.len()];
        let mut left = texts.len();
        for m in ac.find_overlapping_iter(&n.body) {
            let f = &mut first[m.pattern().as_usize()];
            if f.is_none() {
                *f = Some(m.start());
                left -= 1;
                if left == 0 {
                    break;
                }
            }
        }
        let mut order: Vec<(usize, &'a str)> = first
            .iter()
            .zip(texts.iter())
            .filter_map(|(f, &t)| Some((f.as_ref().copied()?, t)))
            .collect();
        order.sort_unstable();
        let (mut at, mut line, mut col) = (0usize, 0u32, 1u32);
        for (offset, text) in order {
            for c in n.body[at..offset].chars() {
                if c == '\n' {
                    line += 1;
                    col = 1;
                } else {
                    col += 1;
                }
            }
            at = offset;
            out.insert((n.source.as_str(), text), (n.body_line + line, col));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(name: &str, handle: Option<&str>, note: Option<&str>) -> Attendee {
        Attendee {
            id: handle.map_or_else(|| slugify(name), str::to_ascii_lowercase),
            name: name.to_string(),
            handle: handle.map(str::to_string),
            roles: vec![],
            note: note.map(str::to_string),
        }
    }

    fn note(source: &str, attendees: Vec<Attendee>) -> Note {
        Note {
            attendees,
            ..crate::model::test_note(source, "t", None, None)
        }
    }

    fn ids(i: &Identities) -> Vec<Vec<&str>> {
        i.attendees
            .iter()
            .map(|row| row.iter().map(|a| a.id.as_str()).collect())
            .collect()
    }

    #[test]
    fn a_pair_ties_every_spelling_of_the_name_and_the_handle() {
        let notes = vec![
            note("a.md", vec![person("Ben Sternthal", Some("bensternthal"), None)]),
            note("b.md", vec![person("ben  STERNTHAL", None, None)]),
            note("c.md", vec![person("BenSternthal", Some("BenSternthal"), None)]),
        ];
        let i = resolve(&notes, &BTreeMap::new());
        assert_eq!(ids(&i), [["bensternthal"], ["bensternthal"], ["bensternthal"]]);
        assert!(i.attendees.iter().flatten().all(|a| a.name == "Ben Sternthal"));
        assert_eq!(i.merges.len(), 1);
        assert_eq!(
            i.merges[0].evidence,
            Some(("a.md".into(), "Ben Sternthal (@bensternthal)".into()))
        );
    }

    #[test]
    fn a_one_word_name_with_two_handles_ties_neither() {
        let notes = vec![
            note("a.md", vec![person("Ethan", Some("ethan-a"), None)]),
            note("b.md", vec![person("Ethan", Some("ethan-b"), None)]),
            note("c.md", vec![person("Ethan", None, None)]),
        ];
        let i = resolve(&notes, &BTreeMap::new());
        assert_eq!(ids(&i), [["ethan-a"], ["ethan-b"], ["ethan"]]);
    }

    #[test]
    fn a_bracketed_word_is_a_handle_only_on_evidence() {
        let notes = vec![
            note("a.md", vec![person("Steve Allen", None, Some("stebalien"))]),
            note("b.md", vec![person("stebalien", Some("stebalien"), None)]),
            note("c.md", vec![person("Eemeli Aro", None, Some("walking"))]),
            note("d.md", vec![person("Rachel Romoff", None, Some("rromoff"))]),
        ];
        let i = resolve(&notes, &BTreeMap::new());
        assert_eq!(ids(&i), [["stebalien"], ["stebalien"], ["eemeli-aro"], ["rromoff"]]);
        assert_eq!(i.attendees[0][0].note, None);
        assert_eq!(i.attendees[2][0].note.as_deref(), Some("walking"));
    }

    #[test]
    fn config_aliases_and_a_name_that_is_a_handle_as_written() {
        let notes = vec![
            note("a.md", vec![person("mdawson", Some("mdawson"), None)]),
            note("b.md", vec![person("Michael Dawson", Some("mhdawson"), None)]),
            note("c.md", vec![person("Ben", None, None), person("ben", Some("ben"), None)]),
        ];
        let mut people = BTreeMap::new();
        people.insert(
            "mhdawson".to_string(),
            PersonConfig {
                name: Some("Michael H. Dawson".into()),
                aliases: vec!["@mdawson".into()],
            },
        );
        let i = resolve(&notes, &people);
        // `Ben` is the handle `ben` as written: one person.
        assert_eq!(ids(&i), [vec!["mhdawson"], vec!["mhdawson"], vec!["ben"]]);
        assert_eq!(i.attendees[0][0].name, "Michael H. Dawson");
    }
}
