//! The conventions that mark a decision or an action item, and their near misses.
//!
//! Precision first: a block counts only when it says so in a way people use on purpose —
//! a section heading (`## Decisions`), a label (`Decision:`, `AI:`), a task list item, or
//! an `@handle` who `will`/is `to` do something. A word like "decide" in discussion, a
//! heading "Decision process", a quoted decision and a checkbox in code never count.

use super::{due, Block, Kind};

/// Longest block read, in bytes: a hostile note's giant paragraph costs no more than this.
const MAX_SOURCE: usize = 4096;

/// One decision or action item found in a block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub kind: Kind,
    pub text: String,
    pub done: bool,
    pub assignees: Vec<String>,
    pub due: Option<String>,
    pub handles: Vec<String>,
    /// Lines after the block's first where it starts (a labelled line inside a paragraph).
    pub line_offset: u32,
}

/// What a block holds: its outcomes, and the kind a label-only paragraph gives the list
/// after it (`**Conclusion**:` then a list).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Classified {
    pub found: Vec<Found>,
    pub lead: Option<Kind>,
}

/// The kind of section a heading opens: `## Decisions`, `### Conclusion/Resolution`,
/// `## Action items`, `## Next steps`, `## TODO`; not "Decision process", "Decisions to
/// make" or "Action item review".
pub fn heading_kind(text: &str) -> Option<Kind> {
    let t = text
        .trim()
        .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ')' || c == ' ')
        .trim_end_matches([':', ' ', '*'])
        .to_lowercase();
    match t.as_str() {
        "decision" | "decisions" | "decisions made" | "conclusion" | "conclusions"
        | "conclusion/resolution" | "resolution" | "resolutions" | "outcome" | "outcomes"
        | "agreed" | "consensus" => Some(Kind::Decision),
        "action items" | "action item" | "actions" | "action points" | "next steps"
        | "todo" | "todos" | "to do" | "to-do" | "ais" | "follow-ups" | "follow ups" => {
            Some(Kind::Action)
        }
        _ => None,
    }
}

/// The label that opens a line (`Decision:`, `**Conclusion**:`, `RESOLVED:`, `AI:`,
/// `Action (niko):`): its kind, who a parenthesis names, and the rest of the line.
fn label(line: &str) -> Option<(Kind, Option<&str>, &str)> {
    let line = line.trim_start().trim_start_matches(['*', '_']);
    let colon = line.get(..32.min(line.len())).unwrap_or(line).find(':')?;
    let (head, rest) = (&line[..colon], &line[colon + 1..]);
    let head = head.trim_end_matches(['*', '_', ' ']);
    let (word, who) = match head.find('(') {
        Some(p) if head.ends_with(')') => (head[..p].trim_end(), Some(&head[p + 1..head.len() - 1])),
        _ => (head, None),
    };
    let kind = match word.to_lowercase().as_str() {
        "decision" | "decisions" | "decided" | "resolved" | "resolution" | "consensus"
        | "agreed" | "conclusion" | "outcome" => Kind::Decision,
        "action" | "action item" | "action items" | "todo" => Kind::Action,
        _ if word == "AI" || word == "AIs" => Kind::Action,
        _ => return None,
    };
    let rest = rest.trim_start_matches(['*', '_']).trim();
    Some((kind, who.map(str::trim), rest))
}

/// Whether `text` says something: not `None`, `TBD`, `{?}` or a lone dash.
fn meaningful(text: &str) -> bool {
    let t = text.trim();
    // `Action:<https://github.com/o/some-action>`: a link alone says nothing to do.
    let bare = t.trim_matches(['<', '>', '[', ']', '(', ')', ' ']);
    if bare.starts_with("http") && !bare.contains(' ') {
        return false;
    }
    // `Resolved: (Niko)` only says who resolved it; the decision is nested below.
    if t.starts_with('(') && t.ends_with(')') && !t[1..].contains('(') {
        return false;
    }
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 3 {
        return false;
    }
    let plain: String = text
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == ' ')
        .collect::<String>()
        .to_lowercase();
    let plain = plain.trim();
    !matches!(
        plain,
        "none" | "na" | "tbd" | "nothing" | "n a" | "no decision" | "none yet" | "todo" | "tbc"
    ) && !plain.starts_with("no decision")
        && !plain.starts_with("none ")
}

/// A list item's source without its marker (`-`, `*`, `+`, `1.`) and task box; the box's
/// state when it had one.
fn strip_item(source: &str) -> (&str, Option<bool>) {
    let s = source.trim_start();
    let s = match s.chars().next() {
        Some('-' | '*' | '+') => &s[1..],
        _ => s
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .trim_start_matches(['.', ')']),
    };
    let s = s.trim_start();
    let task = match s.get(..3) {
        Some("[ ]") => Some(false),
        Some("[x]" | "[X]") => Some(true),
        _ => None,
    };
    match task {
        Some(_) => (s[3..].trim_start(), task),
        None => (s, None),
    }
}

/// Lines of a block joined back into one (soft breaks and list indentation dropped).
fn joined(lines: &[&str]) -> String {
    let mut out = String::new();
    for l in lines {
        let l = l.trim();
        if l.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(l);
    }
    out
}

/// The decisions and action items in one block.
pub fn classify(b: &Block) -> Classified {
    if b.quoted {
        return Classified::default();
    }
    let mut end = b.source.len().min(MAX_SOURCE);
    while !b.source.is_char_boundary(end) {
        end -= 1;
    }
    let (source, task) = if b.item {
        strip_item(&b.source[..end])
    } else {
        (&b.source[..end], None)
    };
    let task = b.task.or(task);
    let lines: Vec<&str> = source.lines().collect();
    let mut out = Classified::default();
    // Labelled lines: each runs to the next labelled line.
    let labelled: Vec<(usize, Kind, Option<&str>, &str)> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| label(l).map(|(k, who, rest)| (i, k, who, rest)))
        .collect();
    if !labelled.is_empty() {
        for (n, &(i, kind, who, rest)) in labelled.iter().enumerate() {
            let stop = labelled.get(n + 1).map_or(lines.len(), |l| l.0);
            let mut parts = vec![rest];
            parts.extend_from_slice(&lines[i + 1..stop]);
            let text = joined(&parts);
            if text.is_empty() && labelled.len() == 1 && i + 1 == lines.len() {
                out.lead = Some(kind);
            }
            if let Some(mut f) = found(kind, &text, task, who) {
                f.line_offset = i as u32;
                out.found.push(f);
            }
        }
        return out;
    }
    let text = joined(&lines);
    let kind = match (task.is_some(), b.section, b.lead.filter(|_| b.item)) {
        // A decision section's items and short paragraphs, but not a design document's
        // closing essay or a speaker's remark (`Niko: seems fine`).
        (false, Some(Kind::Decision), _) | (false, None, Some(Kind::Decision)) => {
            let short = b.item || text.len() <= 280;
            // `…our path forward is:` leads into the decisions listed after it.
            let lead_in = text.trim_end().ends_with(':');
            (short && !speaker(&text) && !lead_in).then_some(Kind::Decision)
        }
        // Task boxes and action sections: only what names who does it or says what to do
        // (not an agenda checklist of links, a roadmap's "Multikey spec" or "It's hack
        // week").
        (true, _, _) | (false, Some(Kind::Action), _) | (false, None, Some(Kind::Action)) => {
            let named = !assignees(&text).is_empty();
            // An agenda's or a moderator's checklist ticks off steps of the meeting.
            let steps = b.section.is_none() && !named && checklist_heading(b.under);
            let question = text.trim_end().ends_with('?');
            ((named || starts_with_verb(&text)) && !steps && !question && !first_person(&text))
                .then_some(Kind::Action)
        }
        _ => handle_will(&text).then_some(Kind::Action),
    };
    if let Some(f) = kind.and_then(|k| found(k, &text, task, None)) {
        out.found.push(f);
    }
    out
}

/// Headings of lists that tick off the meeting's own steps: `Moderator checklist`,
/// `Agenda`, `Triage`.
fn checklist_heading(heading: &str) -> bool {
    let h = heading.to_lowercase();
    ["checklist", "agenda", "triage"].iter().any(|w| h.contains(w))
}

/// Words an action item opens with when it says what to do.
const VERBS: &[&str] = &[
    "add", "ask", "book", "check", "clean", "close", "comment", "communicate", "contact",
    "coordinate", "create", "decide", "deploy", "document", "draft", "email", "evaluate",
    "file", "find", "finish", "fix", "follow", "get", "implement", "investigate", "invite",
    "land", "look", "make", "merge", "move", "open", "organize", "organise", "ping", "plan",
    "post", "prepare", "propose", "publish", "push", "reach", "read", "release", "remove",
    "reply", "report", "request", "research", "respond", "review", "re-write", "rewrite",
    "schedule", "send", "set", "share", "start", "submit", "summarize", "summarise",
    "sync", "tag", "talk", "test", "track", "triage", "try", "update", "upload", "verify",
    "write",
];

/// Whether a text opens with one of [`VERBS`] (`Write the post`, `**review** #12`).
fn starts_with_verb(text: &str) -> bool {
    let first = text
        .trim_start_matches(['*', '_', '~', ' '])
        .split(|c: char| c.is_whitespace() || c == '/' || c == ':' || c == ',')
        .next()
        .unwrap_or("")
        .trim_end_matches(['*', '_'])
        .to_lowercase();
    VERBS.contains(&first.as_str())
}

/// `Niko: I think…`: a speaker's remark, as discussion notes record them.
fn speaker(text: &str) -> bool {
    match text.find(':') {
        Some(p) if p > 0 && p <= 30 => {
            let who = text[..p].trim_matches(['*', '_', ' ']);
            !who.is_empty()
                && who.split_whitespace().count() <= 3
                && who.chars().next().is_some_and(char::is_uppercase)
                && who.chars().all(|c| c.is_alphabetic() || c == ' ' || c == '.' || c == '-')
        }
        _ => false,
    }
}

fn found(kind: Kind, text: &str, task: Option<bool>, who: Option<&str>) -> Option<Found> {
    // `- @all` with the work nested below: the handles alone say nothing to do.
    let rest = text
        .split_whitespace()
        .filter(|w| !w.trim_start_matches(['*', '_']).starts_with('@'))
        .collect::<Vec<_>>()
        .join(" ");
    if !meaningful(text) || !meaningful(&rest) {
        return None;
    }
    let handles = handles(text);
    let (assignees, due) = match kind {
        Kind::Action => {
            let mut a = assignees(text);
            if let Some(who) = who {
                a.extend(split_people(who));
            }
            (a, due::find(text))
        }
        Kind::Decision => (Vec::new(), None),
    };
    Some(Found {
        kind,
        text: text.to_string(),
        done: task == Some(true) || is_done(text),
        assignees,
        due,
        handles,
        line_offset: 0,
    })
}

/// `@jonny: I am working with…`: a speaker telling the meeting something.
fn first_person(text: &str) -> bool {
    let after = match text.find(':') {
        Some(p) if p <= 60 => text[p + 1..].trim_start(),
        _ => return false,
    };
    after.starts_with("I ") || after.starts_with("I'm") || after.starts_with("I’m")
}

/// `~~struck~~` as a whole, `(done)`, `DONE`, `✅`.
fn is_done(text: &str) -> bool {
    let t = text.trim();
    if t.len() > 4 && t.starts_with("~~") && t.ends_with("~~") {
        return true;
    }
    let lower = t.to_lowercase();
    lower.contains("(done)")
        || lower.contains("[done]")
        || lower.starts_with("done:")
        || t.contains("DONE")
        || t.contains('✅')
        || t.contains('✔')
}

/// `@name`: a handle unless a letter or digit comes before the `@` (an e-mail address).
fn handle_at(text: &str, at: usize) -> Option<&str> {
    let b = text.as_bytes();
    if at > 0 && (b[at - 1].is_ascii_alphanumeric() || b[at - 1] == b'.') {
        return None;
    }
    let name = &text[at + 1..];
    let len = name
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(name.len());
    let name = name[..len].trim_end_matches(['-', '_']);
    (!name.is_empty()).then_some(name)
}

/// Every `@handle` in a text, lower-cased, once each, in order.
pub fn handles(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (at, _) in text.match_indices('@') {
        if let Some(h) = handle_at(text, at) {
            let h = h.to_ascii_lowercase();
            if !out.contains(&h) && out.len() < 16 {
                out.push(h);
            }
        }
    }
    out
}

/// The people a text opens with, before what they are to do: `@a, @b:`, `@a+@b`,
/// `Alice and Bob to`, `Niko will`; then any `(@handle)` at its end.
fn assignees(text: &str) -> Vec<String> {
    let t = text.trim_start_matches(['*', '_', '~', ' ']);
    // Where the people end, and whether a lone lower-case word may be one of them: before
    // `to`/`will` (`josh to comment`), not before a colon (`feat: …`).
    let end = [
        (t.find(':'), false),
        (t.find(" - "), false),
        (t.find(" — "), false),
        (find_word(t, "will"), true),
        (find_word(t, "to"), true),
    ]
    .into_iter()
    .filter_map(|(at, lower)| at.map(|a| (a, lower)))
    .min_by_key(|&(a, _)| a);
    let mut out = leading_handles(t);
    if out.is_empty() {
        if let Some((end, lower)) = end.filter(|&(e, _)| e > 0 && e <= 60) {
            let lead = &t[..end];
            if looks_like_people(lead, lower) {
                out = split_people(lead);
            }
        }
    }
    if let Some(open) = t.trim_end().strip_suffix(')').and_then(|s| s.rfind('(').map(|p| &s[p + 1..])) {
        if open.trim_start().starts_with('@') && looks_like_people(open, false) {
            for p in split_people(open) {
                if !out.contains(&p) {
                    out.push(p);
                }
            }
        }
    }
    out
}

/// The handles a text opens with: `@a`, `@a+@b`, `@a, @b and @c`.
fn leading_handles(t: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = t;
    while let Some(r) = rest.strip_prefix('@') {
        let len = r
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .unwrap_or(r.len());
        if len == 0 || out.len() >= 8 {
            break;
        }
        out.push(r[..len].to_ascii_lowercase());
        rest = r[len..].trim_start_matches([',', '+', '&', '/', ' ']);
        rest = rest.strip_prefix("and ").unwrap_or(rest);
    }
    out
}

/// Byte offset of ` word ` in `t`.
fn find_word(t: &str, word: &str) -> Option<usize> {
    let pat = format!(" {word} ");
    t.find(&pat).map(|p| p + 1)
}

/// Whether a lead such as `@a, @b` or `Alice and Bob` names only people: handles, or up
/// to three capitalised words per name.
fn looks_like_people(lead: &str, lower: bool) -> bool {
    let names = split_raw(lead);
    !names.is_empty()
        && names.len() <= 6
        && names.iter().all(|n| {
            if let Some(h) = n.strip_prefix('@') {
                return !h.is_empty()
                    && h.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            }
            let words: Vec<&str> = n.split_whitespace().collect();
            let first = words.first().map(|w| w.to_lowercase()).unwrap_or_default();
            if NOT_NAMES.contains(&first.as_str()) || VERBS.contains(&first.as_str()) {
                return false;
            }
            // `josh to comment`: a lone lower-case word is a name too.
            let lone = lower
                && words.len() == 1
                && words[0].chars().all(|c| c.is_alphabetic() || c == '-');
            lone || (!words.is_empty()
                && words.len() <= 3
                && words.iter().all(|w| {
                    w.chars().next().is_some_and(char::is_uppercase)
                        && w.chars().all(|c| c.is_alphabetic() || c == '-' || c == '.')
                }))
        })
}

/// Words that open a sentence but never name who does something.
const NOT_NAMES: &[&str] = &[
    "we", "the", "this", "that", "it", "its", "it's", "someone", "need", "needs", "plan",
    "next", "everyone", "team", "all", "i", "you", "they", "he", "she", "there", "what",
    "how", "why", "who", "when", "where", "going", "want", "want", "nobody", "somebody",
    "proposal", "goal", "idea", "trying", "parts", "people", "folks", "a", "an", "and", "or",
    "but", "if", "so", "no", "yes", "maybe", "also", "then", "note", "notes", "question",
];

fn split_raw(lead: &str) -> Vec<&str> {
    lead.trim()
        .trim_matches(['*', '_'])
        .split([',', '+', '/', '&'])
        .flat_map(|p| p.split(" and "))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

/// Names as written, handles without `@` and lower-cased.
fn split_people(lead: &str) -> Vec<String> {
    split_raw(lead)
        .into_iter()
        .map(|p| match p.strip_prefix('@') {
            Some(h) => h.to_ascii_lowercase(),
            None => p.to_string(),
        })
        .collect()
}

/// `@bob will follow up`, `@alice to open a PR`: a handle (or several) and then what
/// they will do.
fn handle_will(text: &str) -> bool {
    if !text.starts_with('@') {
        return false;
    }
    let Some(end) = find_word(text, "will").into_iter().chain(find_word(text, "to")).min() else {
        return false;
    };
    let lead = &text[..end];
    if !(lead.split_whitespace().count() <= 6 && looks_like_people(lead, false)) {
        return false;
    }
    // The verb after `to`/`will` is a lower-case word: not "@bob to Alice: …", and not
    // a state ("@ann will be out next week").
    let after = text[end..].split_whitespace().nth(1).unwrap_or("");
    after.chars().next().is_some_and(char::is_lowercase) && after != "be"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(source: &str) -> Block<'_> {
        Block {
            source,
            line: 1,
            ..Block::default()
        }
    }

    fn item(source: &str) -> Block<'_> {
        Block {
            source,
            line: 1,
            item: true,
            ..Block::default()
        }
    }

    fn kinds(b: &Block) -> Vec<(Kind, String)> {
        classify(b).found.into_iter().map(|f| (f.kind, f.text)).collect()
    }

    #[test]
    fn section_headings_and_their_near_misses() {
        for h in [
            "Conclusion",
            "Conclusion/Resolution",
            "Decisions",
            "Resolutions",
            "Outcome",
            "1. Decisions:",
        ] {
            assert_eq!(heading_kind(h), Some(Kind::Decision), "{h}");
        }
        for h in ["Action items", "Action Items:", "Next steps", "TODO", "AIs"] {
            assert_eq!(heading_kind(h), Some(Kind::Action), "{h}");
        }
        for h in [
            "Decision process",
            "Decisions to make",
            "Action item review",
            "How we decide",
            "Notes",
        ] {
            assert_eq!(heading_kind(h), None, "{h}");
        }
    }

    #[test]
    fn labelled_lines() {
        for (src, kind, text) in [
            ("Decision: ship it", Kind::Decision, "ship it"),
            ("Resolved: use `foo`", Kind::Decision, "use `foo`"),
            ("Consensus: yes, go ahead", Kind::Decision, "yes, go ahead"),
            ("Agreed: weekly calls", Kind::Decision, "weekly calls"),
            ("RESOLVED: close #12", Kind::Decision, "close #12"),
            ("**Conclusion**: merge it", Kind::Decision, "merge it"),
            ("**Conclusion:** merge it", Kind::Decision, "merge it"),
            ("AI: @bob writes the spec", Kind::Action, "@bob writes the spec"),
            ("Action: update docs", Kind::Action, "update docs"),
            ("Action item: file an issue", Kind::Action, "file an issue"),
            ("TODO: fix CI", Kind::Action, "fix CI"),
        ] {
            assert_eq!(kinds(&para(src)), vec![(kind, text.to_string())], "{src}");
        }
    }

    #[test]
    fn a_labelled_line_inside_a_paragraph_runs_to_the_next_label() {
        let b = para("We talked about the thing.\nDecision: do it\nnext week.\nAI: @ann to write it");
        assert_eq!(
            kinds(&b),
            vec![
                (Kind::Decision, "do it next week.".into()),
                (Kind::Action, "@ann to write it".into())
            ]
        );
    }

    #[test]
    fn discussion_that_mentions_deciding_is_not_a_decision() {
        for src in [
            "We couldn't decide on the name.",
            "Need to decide: maybe next week",
            "The decision process is slow.",
            "ai: lowercase ai is not a label",
            "Decision: TBD",
            "Conclusion: none",
            "@bob: I think we should wait",
            "@bob to Alice: thanks",
        ] {
            assert!(kinds(&para(src)).is_empty(), "{src}");
        }
    }

    #[test]
    fn quoted_blocks_are_not_this_meetings() {
        let b = Block {
            quoted: true,
            ..para("Decision: an older one")
        };
        assert!(kinds(&b).is_empty());
    }

    #[test]
    fn task_lists_are_action_items_with_state() {
        let f = classify(&item("- [ ] @alice write the draft by Friday")).found;
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].kind, Kind::Action);
        assert_eq!(f[0].text, "@alice write the draft by Friday");
        assert_eq!(f[0].assignees, vec!["alice"]);
        assert_eq!(f[0].due.as_deref(), Some("friday"));
        assert!(!f[0].done);
        let f = classify(&item("* [x] publish the blog post")).found;
        assert!(f[0].done);
        assert!(f[0].assignees.is_empty());
    }

    #[test]
    fn done_markers() {
        for src in ["- ~~@bob fix the build~~", "- @bob fix the build (done)", "- @bob fix it DONE"] {
            let b = Block {
                section: Some(Kind::Action),
                ..item(src)
            };
            assert!(classify(&b).found[0].done, "{src}");
        }
    }

    #[test]
    fn sentences_naming_a_handle() {
        let f = classify(&para("@bob will follow up with the spec editors")).found;
        assert_eq!(f[0].kind, Kind::Action);
        assert_eq!(f[0].assignees, vec!["bob"]);
        let f = classify(&item("- @lidel+@olizilla to schedule the call")).found;
        assert_eq!(f[0].assignees, vec!["lidel", "olizilla"]);
        // Names alone only count inside an action section.
        assert!(kinds(&para("Alice to open a PR")).is_empty());
        let b = Block {
            section: Some(Kind::Action),
            ..item("- Alice to open a PR")
        };
        assert_eq!(classify(&b).found[0].assignees, vec!["Alice"]);
    }

    #[test]
    fn items_in_sections_and_after_a_label() {
        let b = Block {
            section: Some(Kind::Decision),
            ..item("- Use **Rust** for the CLI")
        };
        assert_eq!(kinds(&b), vec![(Kind::Decision, "Use **Rust** for the CLI".into())]);
        let b = Block {
            section: Some(Kind::Action),
            ..item("- {?}")
        };
        assert!(kinds(&b).is_empty());
        assert_eq!(classify(&para("**Conclusion**:")).lead, Some(Kind::Decision));
        let b = Block {
            lead: Some(Kind::Decision),
            ..item("- keep the name")
        };
        assert_eq!(kinds(&b), vec![(Kind::Decision, "keep the name".into())]);
    }

    #[test]
    fn assignee_forms() {
        let a = |s: &str| {
            let b = Block {
                section: Some(Kind::Action),
                ..item(s)
            };
            classify(&b).found[0].assignees.clone()
        };
        assert_eq!(a("- @a, @b: sync up"), vec!["a", "b"]);
        assert_eq!(a("- Niko and Josh will write it up"), vec!["Niko", "Josh"]);
        assert_eq!(a("- write the RFC (@felix)"), vec!["felix"]);
        let b = Block {
            section: Some(Kind::Action),
            ..item("- We will meet again")
        };
        assert!(kinds(&b).is_empty(), "no one named, nothing to do");
        let b = para("Action (niko): write it up");
        assert_eq!(classify(&b).found[0].assignees, vec!["niko"]);
    }

    #[test]
    fn agenda_checklists_roadmaps_and_remarks_are_not_outcomes() {
        let in_section = |kind, src| Block {
            section: Some(kind),
            ..item(src)
        };
        for b in [
            item("* [ ] [Nominated PRs](https://github.com/o/r/pulls)"),
            item("- [x] Consensus interface"),
            item("- [ ] Multikey spec"),
            in_section(Kind::Action, "* It's h4ck week in Lisbon this week, aims:"),
            in_section(Kind::Action, "* Gozala/libdweb"),
            in_section(Kind::Decision, "* Niko: Seemed like no one had problems"),
            in_section(Kind::Decision, "- (Niko)"),
        ] {
            assert!(kinds(&b).is_empty(), "{}", b.source);
        }
        let long = "In the past we were blocked. ".repeat(12);
        let essay = Block {
            section: Some(Kind::Decision),
            ..para(&long)
        };
        assert!(kinds(&essay).is_empty());
        let under = |heading, src| Block {
            under: heading,
            ..item(src)
        };
        for b in [
            under("Moderator checklist", "- [x] Start recording"),
            under("Triage", "* [ ] Review last week's action items"),
            item("* [ ] Centril: maybe someone should speak up?"),
            para("Action:<https://github.com/ipfs-shipyard/ipfs-github-action>"),
            item("- [ ] ship keystore"),
        ] {
            assert!(kinds(&b).is_empty(), "{}", b.source);
        }
        assert_eq!(kinds(&under("Agenda", "- [ ] @ann will send the invite")).len(), 1);
        // A task that says what to do, or names who does it, is one.
        assert_eq!(kinds(&item("- [ ] Write go-libp2p scripts")).len(), 1);
        assert_eq!(kinds(&item("* [ ] Centril will leave a comment")).len(), 1);
    }

    #[test]
    fn remarks_absences_bare_handles_and_lead_ins_are_not_outcomes() {
        let in_section = |kind, src| Block {
            section: Some(kind),
            ..item(src)
        };
        for b in [
            item("- [ ] @jonny: I am working with collaborators at York"),
            para("@jacobheun will be out Aug 1 - 8th"),
            in_section(Kind::Action, "- @all"),
            Block {
                section: Some(Kind::Decision),
                ..para("In a spirit of disagree and commit, our path forward is:")
            },
        ] {
            assert!(kinds(&b).is_empty(), "{}", b.source);
        }
    }

    #[test]
    fn a_label_inside_a_paragraph_gives_its_own_line() {
        let f = classify(&para("Josh: Does this need an FCP?\nScott: yes\nconsensus: file an issue")).found;
        assert_eq!((f[0].kind, f[0].line_offset), (Kind::Decision, 2));
    }

    #[test]
    fn lower_case_names_and_dashes() {
        let f = classify(&para("AI: Molly - merge the guidelines")).found;
        assert_eq!(f[0].assignees, vec!["Molly"]);
        // Before a colon a lower-case word is a label, not a person.
        assert!(kinds(&item("- [x] feat: [Allow daemon to init](https://x.y/1)")).is_empty());
        let b = Block {
            section: Some(Kind::Action),
            ..item("- josh to comment on the RFC")
        };
        assert_eq!(classify(&b).found[0].assignees, vec!["josh"]);
    }

    #[test]
    fn handles_skip_email_addresses() {
        assert_eq!(handles("mail a@b.org or @Bob, @bob"), vec!["bob"]);
    }

    #[test]
    fn huge_blocks_are_read_only_up_to_the_limit() {
        let big = format!("Decision: {}", "é".repeat(100_000));
        let f = classify(&para(&big)).found;
        assert!(f[0].text.len() <= MAX_SOURCE);
    }
}
