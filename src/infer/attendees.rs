//! Pure: who attended, as one note writes it. The attendee list (front matter, an
//! `Attendees` section or line, a table) and role lines become `Attendee`s, each with the
//! name and handle it pairs, the roles held and a note on the attendance (`(walking)`,
//! `(OpenJS board)`). Entries that are no one (placeholders, groups, sentences, links)
//! are kept aside with the reason, for `minutes check`. Tying spellings together across
//! notes is the archive's job (`identity`), not this one's.

use super::{clean_inline, starts_with_word, string_list};
use crate::model::{Attendee, DroppedAttendee, Role};
use crate::slug::slugify;
use regex::Regex;
use serde_json::Value;
use std::sync::LazyLock;

/// Why an entry of an attendee list is no one.
const PLACEHOLDER: &str = "a placeholder";
const NOT_A_NAME: &str = "not a name";
const GROUP: &str = "a group, not a person";
const ABSENT: &str = "marked as not attending";

/// What one entry of an attendee list reads as.
enum Reading {
    Blank,
    Person(Attendee),
    NoOne(&'static str),
}

/// Attendees: the front matter's list, else the body's attendee section or line; with the
/// roles the body gives (moderator, notes), each person once; and the entries dropped.
pub(super) fn infer_attendees(
    fm: &serde_json::Map<String, Value>,
    body: &str,
) -> (Vec<Attendee>, Vec<DroppedAttendee>, Option<(u32, u32)>) {
    let mut found = Found::default();
    match fm.get("attendees") {
        Some(v) => string_list(v).iter().for_each(|s| found.add(s)),
        None => attendees_from_body(body, &mut found),
    }
    let Found {
        mut attendees,
        dropped,
        block,
    } = found;
    add_roles(body, &mut attendees);
    dedup_attendees(&mut attendees);
    (attendees, dropped, block)
}

#[derive(Default)]
struct Found {
    attendees: Vec<Attendee>,
    dropped: Vec<DroppedAttendee>,
    /// The body lines (0-based, end excluded) of the list the attendees came from.
    block: Option<(u32, u32)>,
}

impl Found {
    fn add(&mut self, raw: &str) {
        match read_attendee(raw) {
            Reading::Person(a) => self.attendees.push(a),
            Reading::NoOne(why) => self.dropped.push(DroppedAttendee {
                text: raw.trim().to_string(),
                why,
            }),
            Reading::Blank => {}
        }
    }
}

static HANDLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\w@/])@([A-Za-z0-9](?:[A-Za-z0-9]|-[A-Za-z0-9]){0,38})\b").expect("regex")
});

static BARE_HANDLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-[A-Za-z0-9]){0,38}$").expect("regex")
});

/// `@jacobheun`, `jacobheun`, `Jacob Heun (@jacobheun)`, `@jacobheun (Jacob Heun)`,
/// `Sam Rivera (Acme)` (a person, with a note), or `None` for no one.
pub fn parse_attendee(raw: &str) -> Option<Attendee> {
    match read_attendee(raw) {
        Reading::Person(a) => Some(a),
        _ => None,
    }
}

fn read_attendee(raw: &str) -> Reading {
    let s = clean_inline(raw.trim().trim_start_matches(['-', '*', '+']).trim());
    // Emphasis around a name (`_@lidel_`, `*Jane*`) is not part of it.
    let s = s.trim_matches(['_', '*', ' ']);
    if s.is_empty() {
        return Reading::Blank;
    }
    // Initials that label a speaker in the notes (`CH: Christopher Hiller`).
    static INITIALS: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\p{Lu}{2,4}:\s+").expect("regex"));
    let s = INITIALS.find(s).map_or(s, |m| &s[m.end()..]);
    // `Name (suffix)`, also with the `)` missing.
    let (head, inner) = match s.find('(') {
        Some(p) if p > 0 => {
            let inner = s[p + 1..].split(')').next().unwrap_or("").trim();
            (s[..p].trim(), Some(inner).filter(|i| !i.is_empty()))
        }
        _ => (s, None),
    };
    if is_placeholder(s) || is_placeholder(head) {
        return Reading::NoOne(PLACEHOLDER);
    }
    if is_label_or_link(s) {
        return Reading::NoOne(NOT_A_NAME);
    }
    if inner.is_some_and(|i| {
        let i = i.to_lowercase();
        ["not attend", "absent", "regrets", "apologies"]
            .iter()
            .any(|w| i.contains(w))
    }) {
        return Reading::NoOne(ABSENT);
    }
    let bracket_handle = inner
        .filter(|i| i.starts_with('@'))
        .and_then(|i| HANDLE.captures(i))
        .map(|c| c[1].to_string());
    let mut a = if let Some(c) = head.contains('@').then(|| HANDLE.captures(head)).flatten() {
        // `… Seems that @frank wanted to look into it`: a handle inside a sentence (words
        // after a handle are often a comment on it: `@fritzy Nathan Fritz from &yet`).
        let before = head[..c.get(0).map_or(0, |m| m.start())].trim();
        if before.split_whitespace().count() > 3 && plain_name(before).is_err() {
            return Reading::NoOne(NOT_A_NAME);
        }
        with_handle(head, &c)
    } else if let Some(h) = bracket_handle {
        // `Name (@handle)`, also when the name is a nickname (`rudd (@rudderman)`).
        let mut a = handle_only(&h);
        if let Ok(p) = plain_name(head) {
            a.name = p.name;
        } else if head.chars().all(|c| c.is_alphanumeric() || c == ' ') {
            a.name = head.to_string();
        }
        return Reading::Person(a);
    } else if is_bare_handle(head) {
        // `jacobheun (Jacob Heun)`: the handle, and the name in brackets.
        let mut a = handle_only(head);
        if let Some(name) = inner.filter(|i| plain_name(i).is_ok()) {
            a.name = name.to_string();
            return Reading::Person(a);
        }
        a
    } else {
        match plain_name(head) {
            Ok(a) => a,
            Err(why) => return Reading::NoOne(why),
        }
    };
    if let Some(inner) = inner {
        apply_suffix(&mut a, inner);
    }
    Reading::Person(a)
}

/// A lower-case word with digits or hyphens, as handles are written without `@`.
fn is_bare_handle(s: &str) -> bool {
    !s.chars().next().is_some_and(|c| c.is_uppercase())
        && s.chars()
            .any(|c| c.is_ascii_digit() || c == '-' || c.is_ascii_lowercase())
        && BARE_HANDLE.is_match(s)
}

fn handle_only(h: &str) -> Attendee {
    Attendee {
        id: h.to_ascii_lowercase(),
        name: h.to_string(),
        handle: Some(h.to_string()),
        roles: vec![],
        note: None,
    }
}

/// What the brackets after a name say: a role, the handle, the name again (a misspelt
/// line), or a note on this attendance (an organisation, `walking`); a bare word that may
/// be a handle (`Ben Sternthal (bensternthal)`) stays a note until the archive shows it
/// is one.
fn apply_suffix(a: &mut Attendee, inner: &str) {
    let lower = inner.to_ascii_lowercase();
    let roles = role_words(&lower);
    if !roles.is_empty() {
        for r in roles {
            if !a.roles.contains(&r) {
                a.roles.push(r);
            }
        }
        return;
    }
    if inner.contains('@') {
        // `Name (@handle)`; `(@)` or a handle GitHub cannot have (`@x_y`) says nothing.
        if let Some(c) = HANDLE.captures(inner) {
            if a.handle.is_none() && c.get(0).is_some_and(|m| m.start() == 0) {
                a.id = c[1].to_ascii_lowercase();
                a.handle = Some(c[1].to_string());
            }
        }
        return;
    }
    let name_is_handle = a.handle.as_deref() == Some(a.name.as_str());
    if name_is_handle && plain_name(inner).is_ok() {
        // `@handle (Name)`.
        a.name = inner.to_string();
        return;
    }
    if slugify(inner) == slugify(&a.name) || inner.chars().all(|c| !c.is_alphanumeric()) {
        return;
    }
    a.note = Some(inner.to_string());
}

fn role_words(lower: &str) -> Vec<Role> {
    let mut roles = vec![];
    if ["moderat", "facilitat", "chair"]
        .iter()
        .any(|r| lower.contains(r))
    {
        roles.push(Role::Moderator);
    }
    if ["note", "scribe"].iter().any(|r| lower.contains(r)) {
        roles.push(Role::Notetaker);
    }
    roles
}

/// Template leftovers: `@AddYourNameHere`, `name`, `@your name here`, `(add yourself…)`,
/// a lone `@`.
fn is_placeholder(s: &str) -> bool {
    let folded: String = s
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    folded.is_empty()
        || folded.starts_with("addyour")
        || s.starts_with('$')
        || [
            "yournamehere",
            "yourname",
            "name",
            "names",
            "your",
            "you",
            "attendees",
            "none",
            "na",
            "tbd",
            "todo",
        ]
        .contains(&folded.as_str())
}

/// Headers, labelled lines and links are not people.
fn is_label_or_link(s: &str) -> bool {
    s.starts_with(['(', '<', '[', '{'])
        || s.contains("://")
        || s.ends_with(':')
        || (s.contains(':') && !s.contains('@'))
}

/// `Name (@handle)`, `@handle`, `Name - @handle`, `Name @handle moderator`: `c` is
/// [`HANDLE`]'s match in `s` (the part before any brackets).
fn with_handle(s: &str, c: &regex::Captures) -> Attendee {
    let handle = c[1].to_string();
    let name_part = s[..c.get(0).map_or(0, |m| m.start())]
        .trim()
        .trim_end_matches(['(', ',', '-', ':', '–'])
        .trim();
    let name = match plain_name(name_part) {
        Ok(a) if !name_part.is_empty() => a.name,
        _ => handle.clone(),
    };
    // A role written after the handle.
    let after = s[c.get(0).map_or(0, |m| m.end())..].to_ascii_lowercase();
    Attendee {
        id: handle.to_ascii_lowercase(),
        name,
        handle: Some(handle),
        roles: role_words(&after),
        note: None,
    }
}

/// Words a name does not have in lower case; a lower-case word other than these
/// particles (`SPARC platform`, `Paul from pinbits.io`) makes the entry a phrase.
const PARTICLES: &[&str] = &[
    "van", "von", "de", "da", "del", "der", "den", "di", "du", "la", "le", "dos", "das", "ter",
    "bin", "al", "el", "y", "zu",
];

/// Nouns of groups (`OpenJS Foundation Project Maintainers`, `All`).
const GROUP_WORDS: &[&str] = &[
    "maintainers",
    "members",
    "foundation",
    "contributors",
    "everyone",
    "all",
    "team",
    "committee",
    "council",
    "folks",
    "staff",
];

/// A plain name: a few capitalised words, not a sentence ("Try out npm-on-ipfs locally",
/// "Inline in agenda", "attendee names…", "… and many more"), a group or a reference.
fn plain_name(s: &str) -> Result<Attendee, &'static str> {
    let s = without_nickname(s);
    let words: Vec<&str> = s.split_whitespace().collect();
    let starts_upper = s.chars().next().is_some_and(char::is_uppercase);
    if words.is_empty()
        || words.len() > 4
        || !(starts_upper || is_lower_case_name(&words))
        || s.contains(['#', '/', '[', ']', '|', '='])
        || words.iter().any(|w| w.ends_with('…') || w.ends_with("..."))
    {
        return Err(NOT_A_NAME);
    }
    let last = words.len() - 1;
    let phrase = starts_upper && words.iter().enumerate().skip(1).any(|(k, w)| {
        w.chars().next().is_some_and(char::is_lowercase)
            && (k == last || !PARTICLES.contains(w))
    });
    if phrase {
        return Err(NOT_A_NAME);
    }
    if words
        .iter()
        .any(|w| GROUP_WORDS.contains(&w.to_lowercase().as_str()))
    {
        return Err(GROUP);
    }
    let id = slugify(&s);
    if id.is_empty() {
        return Err(NOT_A_NAME);
    }
    Ok(Attendee {
        id,
        name: s,
        handle: None,
        roles: vec![],
        note: None,
    })
}

/// `michael dawson`: two or three words of letters, none of them a word of a phrase, is
/// a name written in lower case (the archive ties it to `Michael Dawson` by slug).
fn is_lower_case_name(words: &[&str]) -> bool {
    const PHRASE_WORDS: &[&str] = &[
        "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "here", "in", "is",
        "it", "more", "name", "names", "not", "of", "on", "or", "out", "see", "the", "to",
        "with", "you", "your", "yourself", "add", "notes", "agenda", "attendee",
        "attendees", "inline", "still", "needs", "maybe", "open", "issue", "team",
    ];
    (2..=3).contains(&words.len())
        && words.iter().all(|w| {
            w.chars().all(|c| c.is_lowercase() || c == '-' || c == '\'')
                && !PHRASE_WORDS.contains(w)
        })
}

/// `Adam ‘rudd’ Ruddermann` → `Adam Ruddermann`: a nickname in quotes is not part of the
/// name the person is filed under.
fn without_nickname(s: &str) -> String {
    static QUOTED: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"\s+(?:‘[^’]*’|“[^”]*”|"[^"]*"|'[^']*')\s+"#).expect("regex"));
    let s = s.trim();
    if s.contains(['‘', '“', '"', '\'']) {
        QUOTED.replace_all(s, " ").into_owned()
    } else {
        crate::markdown::collapse_whitespace(s)
    }
}

static ATTENDEE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:#{1,6}\s*|[-*]\s+)?(?:\*\*|__)?\s*(attendees|participants|present|attendance|roll call)\b\s*:?\s*(?:\*\*|__)?\s*:?\s*(.*)$")
        .expect("regex")
});

/// Attendees listed under an `Attendees` heading or label: a list below it, or a comma
/// list on the same line. The lines they take are the block the note page shows as
/// chips instead, unless the label is an item of a longer list (taking it out would
/// split that list).
fn attendees_from_body(body: &str, out: &mut Found) {
    let lines: Vec<&str> = body.lines().collect();
    let Some((start, rest)) = lines.iter().enumerate().find_map(|(i, l)| {
        starts_with_word(l, &["attend", "particip", "present", "roll"])
            .then(|| ATTENDEE_LABEL.captures(l))
            .flatten()
            .map(|c| (i, c[2].trim().to_string()))
    }) else {
        return;
    };
    let in_a_list = lines[start]
        .trim_start()
        .strip_prefix(['-', '*', '+'])
        .is_some_and(|r| r.starts_with([' ', '\t']));
    if !rest.is_empty() {
        rest.split([',', ';']).for_each(|p| out.add(p));
        if !in_a_list {
            out.block = Some((start as u32, start as u32 + 1));
        }
        return;
    }
    let mut seen_item = false;
    let mut end = start + 1;
    for (k, line) in lines.iter().enumerate().skip(start + 1) {
        let t = line.trim();
        if t.is_empty() {
            if seen_item {
                break;
            }
            continue;
        }
        if t.starts_with('#') {
            break;
        }
        if t.starts_with('|') {
            seen_item = true;
            out.attendees.extend(table_row(t));
            end = k + 1;
            continue;
        }
        if let Some(item) = t.strip_prefix(['-', '*', '+']).or_else(|| {
            let digits = t.chars().take_while(|c| c.is_ascii_digit()).count();
            (digits > 0)
                .then(|| t[digits..].strip_prefix(['.', ')']))
                .flatten()
        }) {
            seen_item = true;
            out.add(item);
        } else if !seen_item {
            // A comma paragraph under the heading.
            t.split([',', ';']).for_each(|p| out.add(p));
            seen_item = true;
        } else {
            break;
        }
        end = k + 1;
    }
    if seen_item && !in_a_list {
        out.block = Some((start as u32, end as u32));
    }
}

/// A table: one attendee per row, from its first cell (or the cell holding a handle); the
/// header and the `|---|` rule are skipped.
fn table_row(t: &str) -> Option<Attendee> {
    let cells: Vec<&str> = t.trim_matches('|').split('|').map(str::trim).collect();
    let is_rule = cells
        .iter()
        .all(|c| c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')));
    let is_header = cells.iter().any(|c| {
        matches!(
            c.to_ascii_lowercase().as_str(),
            "name"
                | "attendee"
                | "attendees"
                | "github"
                | "handle"
                | "organization"
                | "org"
                | "company"
        )
    });
    if is_rule || is_header {
        return None;
    }
    let mut a = cells.first().and_then(|c| parse_attendee(c))?;
    if a.handle.is_none() {
        let handle = cells
            .iter()
            .skip(1)
            .find_map(|c| HANDLE.captures(&format!(" {c}")).map(|m| m[1].to_string()));
        if let Some(h) = handle {
            a.id = h.to_ascii_lowercase();
            a.handle = Some(h);
        }
    }
    Some(a)
}

/// `Moderator: @mgoelzer`, `Notetaker: @jacobheun` lines add roles (and the person). A
/// line whose parts are not all people is prose (`Notes: Fixed by #123`), not a role.
fn add_roles(body: &str, attendees: &mut Vec<Attendee>) {
    static ROLE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?im)^\s*(?:[-*]\s+)?(?:\*\*|__)?\s*(moderator|facilitator|chair|notetaker|note[- ]taker|notes|scribe)s?\s*:?\s*(?:\*\*|__)?\s*:\s*(.+)$")
            .expect("regex")
    });
    // A match starts a line (after spaces and marks, which may span blank lines).
    if !body.split('\n').any(|line| {
        starts_with_word(
            line,
            &["moderator", "facilitator", "chair", "note", "scribe"],
        )
    }) {
        return;
    }
    for c in ROLE.captures_iter(body) {
        let role = match c[1].to_ascii_lowercase().as_str() {
            "moderator" | "facilitator" | "chair" => Role::Moderator,
            _ => Role::Notetaker,
        };
        let mut people = Vec::new();
        for part in c[2].split([',', '&']) {
            match read_attendee(part) {
                Reading::Person(a)
                    if a.handle.is_some()
                        || (a.name.split_whitespace().count() <= 3
                            && a.name.chars().next().is_some_and(char::is_uppercase)) =>
                {
                    people.push(a)
                }
                Reading::Blank => {}
                _ => {
                    people.clear();
                    break;
                }
            }
        }
        for mut a in people {
            match attendees.iter_mut().find(|x| x.id == a.id) {
                Some(x) => {
                    if !x.roles.contains(&role) {
                        x.roles.push(role);
                    }
                }
                None => {
                    a.roles.push(role);
                    attendees.push(a);
                }
            }
        }
    }
}

fn dedup_attendees(attendees: &mut Vec<Attendee>) {
    let mut seen = std::collections::HashSet::new();
    attendees.retain(|a| seen.insert(a.id.clone()));
    for a in attendees.iter_mut() {
        a.roles.sort();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(raw: &str) -> Result<(String, Option<String>, Option<String>), &'static str> {
        match read_attendee(raw) {
            Reading::Person(a) => Ok((a.name, a.handle, a.note)),
            Reading::NoOne(why) => Err(why),
            Reading::Blank => Err("blank"),
        }
    }

    fn some(name: &str, handle: Option<&str>, note: Option<&str>) -> Result<(String, Option<String>, Option<String>), &'static str> {
        Ok((name.into(), handle.map(String::from), note.map(String::from)))
    }

    #[test]
    fn names_handles_and_what_brackets_say() {
        assert_eq!(read("Ben Sternthal (@bensternthal)"), some("Ben Sternthal", Some("bensternthal"), None));
        assert_eq!(read("Ben Sternthal - @bensternthal"), some("Ben Sternthal", Some("bensternthal"), None));
        assert_eq!(read("@bensternthal (Ben Sternthal)"), some("Ben Sternthal", Some("bensternthal"), None));
        assert_eq!(read("bensternthal (Ben Sternthal)"), some("Ben Sternthal", Some("bensternthal"), None));
        assert_eq!(read("MIchael Dawson (Michael Dawson"), some("MIchael Dawson", None, None));
        assert_eq!(read("Robin Ginn (@)"), some("Robin Ginn", None, None));
        assert_eq!(read("Sara Chipps ("), some("Sara Chipps", None, None));
        assert_eq!(read("Alex Liu (OpenJS board)"), some("Alex Liu", None, Some("OpenJS board")));
        assert_eq!(read("Eemeli Aro (walking)"), some("Eemeli Aro", None, Some("walking")));
        assert_eq!(read("Todd Moore (@tmmoore_1)"), some("Todd Moore", None, None));
        assert_eq!(read("Adam ‘rudd’ Ruddermann"), some("Adam Ruddermann", None, None));
        assert_eq!(read("Chris de Almeida"), some("Chris de Almeida", None, None));
        assert_eq!(read("michael dawson"), some("michael dawson", None, None));
        assert_eq!(read("CH: Christopher Hiller (@boneskull)"), some("Christopher Hiller", Some("boneskull"), None));
        assert_eq!(read("rudd (@rudderman)"), some("rudd", Some("rudderman"), None));
        assert_eq!(read("@fritzy Nathan Fritz from &yet"), some("fritzy", Some("fritzy"), None));
        assert_eq!(read("Mike Goelzer @mgoelzer (moderator)"), some("Mike Goelzer", Some("mgoelzer"), None));
    }

    #[test]
    fn placeholders_groups_and_phrases_are_no_one() {
        for raw in ["@AddYourNameHere", "_@AddYourNameHere_", "name", "@name", "@name (team/WG)", "@yourname", "@yournamehere", "@your name here", "@"] {
            assert_eq!(read(raw), Err(PLACEHOLDER), "{raw}");
        }
        for raw in ["OpenJS Foundation Project Maintainers", "All"] {
            assert_eq!(read(raw), Err(GROUP), "{raw}");
        }
        for raw in ["SPARC platform", "Fixed by [llvm/llvm-project#201798](https://github.com/llvm/llvm-project/pull/201798)", "Paul from pinbits.io"] {
            assert_eq!(read(raw), Err(NOT_A_NAME), "{raw}");
        }
        assert_eq!(read("@jacobheun (not attending)"), Err(ABSENT));
        assert_eq!(
            read("probably good. Seems that @**Frank Steffahn**  wanted to look into it"),
            Err(NOT_A_NAME)
        );
    }

    #[test]
    fn prose_is_not_an_attendee_or_role_line() {
        let (a, _, _) = infer_attendees(
            &Default::default(),
            "Presently, rustc, chalk, and rust-analyzer each have their own types.\n\nNotes: Fixed by [llvm#1](https://x.org/1)\nNotes: SPARC platform, maybe downgrade?\nNotes: @jacobheun\n",
        );
        let ids: Vec<&str> = a.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["jacobheun"]);
    }

    #[test]
    fn the_attendee_block_is_the_heading_and_its_list() {
        let body = "# T\n\n## Present\n\n* Ann Lee\n* @bob\n\n## Agenda\n";
        let (_, _, block) = infer_attendees(&Default::default(), body);
        assert_eq!(block, Some((2, 6)));
        let (_, _, block) = infer_attendees(&Default::default(), "x\n**Attendees**: @a, Ann Lee\nmore\n");
        assert_eq!(block, Some((1, 2)));
        // A label inside a longer list stays: taking it out would split that list.
        let (a, _, block) = infer_attendees(&Default::default(), "- Date: x\n- **Attendees:** @a, Ann Lee\n- Time: 18:00\n");
        assert_eq!((a.len(), block), (2, None));
    }
}
