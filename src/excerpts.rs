//! Pure: each note's summary — what lists, feeds, search and meta descriptions show of it —
//! chosen once every note's Markdown is rendered, because a line that many notes of one
//! team repeat (the team's template: "These are the high priority initiatives…", "Update
//! or add info on initiatives…") says nothing about any one meeting. The markdown pass
//! already drops what one line alone shows to be scaffolding (`markdown::SummaryLines`).
//!
//! Linear: one pass counts each note's candidate lines per team and in the whole archive,
//! by a hash of their letters; a second picks each note's first candidate whose counts are
//! under [`TEMPLATE_NOTES`] and [`ARCHIVE_TEMPLATE_NOTES`]. A note offers a bounded number
//! of candidates.

use crate::model::Note;
use crate::markdown::SummaryLines;
use std::collections::HashMap;
use xxhash_rust::xxh3::xxh3_64;

/// A line found in this many notes of one team is that team's template text. Three, not
/// two: two notes may share a line because one was copied from the other, or a short
/// meeting was noted twice, and either line still tells what happened.
pub const TEMPLATE_NOTES: u32 = 3;

/// A line found in this many notes of the whole archive, whatever their teams, is a
/// template too (a welcome text pasted into each team's pad).
pub const ARCHIVE_TEMPLATE_NOTES: u32 = 4;

/// Each note's summary, in `notes` order; `lines[i]` is note `i`'s candidates.
pub fn summaries(notes: &[Note], lines: &[&SummaryLines]) -> Vec<String> {
    let mut counts: HashMap<(Option<&str>, u64), u32> = HashMap::new();
    let mut everywhere: HashMap<u64, u32> = HashMap::new();
    for (n, l) in notes.iter().zip(lines) {
        let mut keys: Vec<u64> = l.all().map(line_key).collect();
        // A line a note repeats counts once: the count is of notes.
        keys.sort_unstable();
        keys.dedup();
        for k in keys {
            *counts.entry((team(n), k)).or_default() += 1;
            *everywhere.entry(k).or_default() += 1;
        }
    }
    notes
        .iter()
        .zip(lines)
        .map(|(n, l)| {
            let template = |line: &str| {
                let k = line_key(line);
                counts.get(&(team(n), k)).is_some_and(|&c| c >= TEMPLATE_NOTES)
                    || everywhere.get(&k).is_some_and(|&c| c >= ARCHIVE_TEMPLATE_NOTES)
            };
            l.choose(&n.title.value, template)
        })
        .collect()
}

fn team(n: &Note) -> Option<&str> {
    n.team.as_ref().map(|t| t.value.as_str())
}

/// The hash of a line's letters, lower-cased: template lines differ from note to note
/// in dates, numbers, spacing and punctuation (`Sync, July 16, 2018`), not in words.
fn line_key(line: &str) -> u64 {
    let letters: String = line
        .chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect();
    xxh3_64(letters.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::highlight::Highlighter;
    use crate::markdown::{render, Options, Rendered};
    use crate::model::test_note;

    fn note(team: &str, title: &str) -> Note {
        test_note("n.md", title, None, Some(team))
    }

    fn md(body: &str) -> Rendered {
        let opts = Options {
            highlighter: &Highlighter::new(),
            links: None,
            refs: None,
        };
        render(body, &opts)
    }

    fn choose(notes: &[(&str, &str)]) -> Vec<String> {
        let rendered: Vec<_> = notes.iter().map(|(_, body)| md(body)).collect();
        let list: Vec<Note> = notes.iter().map(|(t, _)| note(t, "Sync")).collect();
        let lines: Vec<&SummaryLines> = rendered.iter().map(|r| &r.summary_lines).collect();
        summaries(&list, &lines)
    }

    const TEMPLATE: &str = "These are the high priority initiatives the team is currently working on.\n\n";

    #[test]
    fn a_line_a_teams_notes_repeat_is_skipped() {
        let got = choose(&[
            ("ipfs", &format!("{TEMPLATE}We shipped the relay spec.\n")),
            ("ipfs", &format!("{TEMPLATE}- DHT client is ready\n")),
            ("ipfs", &format!("{TEMPLATE}Release 0.5 slips a week.\n")),
        ]);
        assert_eq!(
            got,
            [
                "We shipped the relay spec.",
                "DHT client is ready",
                "Release 0.5 slips a week.",
            ]
        );
        // In two notes of one team and one of another, it is nobody's template.
        let got = choose(&[("ipfs", TEMPLATE), ("ipfs", TEMPLATE), ("docs", TEMPLATE)]);
        assert_eq!(got, [TEMPLATE.trim(); 3]);
    }

    #[test]
    fn a_line_in_many_notes_of_many_teams_is_skipped() {
        let welcome = "Welcome! Please add your name to the pad on the right.\n\n";
        let got = choose(&[
            ("a", &format!("{welcome}Alpha shipped.\n")),
            ("b", &format!("{welcome}Beta shipped.\n")),
            ("c", &format!("{welcome}Gamma shipped.\n")),
            ("d", &format!("{welcome}Delta shipped.\n")),
        ]);
        assert_eq!(got, ["Alpha shipped.", "Beta shipped.", "Gamma shipped.", "Delta shipped."]);
    }

    #[test]
    fn two_notes_sharing_a_line_keep_it() {
        let got = choose(&[("a", "We met twice.\n"), ("a", "We met twice.\n")]);
        assert_eq!(got, ["We met twice.", "We met twice."]);
    }

    #[test]
    fn template_lines_differ_in_dates_and_numbers() {
        let got = choose(&[
            ("a", "Weekly sync, July 16, 2018.\n\nFixed 3 bugs in the router.\n"),
            ("a", "Weekly sync, July 23, 2018.\n\nPlanned the Q3 roadmap.\n"),
            ("a", "Weekly sync - July 30 2018\n\nNothing but the template.\n"),
        ]);
        assert_eq!(
            got,
            [
                "Fixed 3 bugs in the router.",
                "Planned the Q3 roadmap.",
                "Nothing but the template."
            ]
        );
    }

    #[test]
    fn link_only_and_boilerplate_lines_are_skipped() {
        let body = "# Sync\n\n## Agenda\n\n- [Notes](https://x.y/pad)\n- https://zoom.us/j/1\n\
                    - @jacobheun (not attending)\n- Ana Lee (@ana)\n\n## Attendees\n\n\
                    Moderator: @ana\n\n- Ana Lee\n\n## Decisions\n\n- Decided to drop Node 10 support\n";
        assert_eq!(choose(&[("a", body)]), ["Decided to drop Node 10 support"]);
    }

    #[test]
    fn a_note_of_only_boilerplate_gets_its_headings_or_its_facts() {
        let template = "## Agenda\n\n- @alice\n- @bob (not attending)\n\n";
        let got = choose(&[
            ("a", &format!("{template}## Relay spec\n\n## DHT\n")),
            ("a", &format!("{template}Moderator: @ana\n")),
            ("a", template),
        ]);
        assert_eq!(got, ["Relay spec · DHT", "Moderator: @ana", ""]);
    }

    #[test]
    fn the_heading_that_repeats_the_title_is_not_a_summary() {
        let list = [note("a", "Sync")];
        let r = md("# Sync\n\n## Agenda\n");
        assert_eq!(summaries(&list, &[&r.summary_lines]), [""]);
    }
}
