//! Lines of a note that say nothing about the meeting itself, whatever team wrote them:
//! agenda headings ("Agenda", "Attendees", "Moderator checklist"), attendee lists
//! (`@x (not attending)`, `Ana Lee (@ana)`), one-word lines and lines that only open a
//! list ("Last week:"). Lines a team's template repeats are found later, by counting them
//! across the team's notes (`crate::excerpts`); these are found by reading one line.

/// Words that, alone or together, make an agenda's scaffolding rather than its content.
const SCAFFOLD_WORDS: &[&str] = &[
    "a",
    "absent",
    "action",
    "actions",
    "agenda",
    "and",
    "apologies",
    "attendance",
    "attendee",
    "attendees",
    "attending",
    "call",
    "checklist",
    "discussion",
    "discussions",
    "general",
    "here",
    "items",
    "lead",
    "meeting",
    "minutes",
    "moderator",
    "n",
    "na",
    "name",
    "names",
    "none",
    "not",
    "note",
    "notes",
    "notetaker",
    "participants",
    "present",
    "preflight",
    "regrets",
    "tbd",
    "todo",
    "topics",
    "updates",
    "your",
    "yourname",
];

/// True when `text` (one paragraph or list item, as the reader sees it) makes a poor
/// summary of any meeting.
pub(super) fn says_nothing(text: &str) -> bool {
    let text = text.trim();
    // "Last week:", "Agenda:", "We discussed:": a line that only opens what follows.
    if text.ends_with(':') {
        return true;
    }
    let words = own_words(text);
    match words.len() {
        0 | 1 => true,
        _ if words.iter().all(|w| is_scaffold(w)) => true,
        // `Ana Lee, Bo Chen` or `Ana Lee (@ana)`: names, not a sentence.
        _ => looks_like_names(text, &words),
    }
}

/// True when a heading is only scaffolding ("Agenda", "Action items", "Notes:"): unlike a
/// paragraph, one word ("DHT", "Pubsub") makes a fine heading.
pub(super) fn heading_says_nothing(text: &str) -> bool {
    own_words(text).iter().all(|w| is_scaffold(w))
}

/// The words of `text` outside `@handles` and brackets, trimmed of punctuation.
fn own_words(text: &str) -> Vec<String> {
    let mut depth = 0usize;
    let mut outside = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => {
                depth = depth.saturating_sub(1);
                outside.push(' ');
            }
            // `n/a`, `@ana / @bo`: a slash parts words.
            '/' if depth == 0 => outside.push(' '),
            _ if depth == 0 => outside.push(c),
            _ => {}
        }
    }
    outside
        .split_whitespace()
        .filter(|token| !token.starts_with('@'))
        .map(|token| token.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

fn is_scaffold(word: &str) -> bool {
    let lower = word.to_lowercase();
    SCAFFOLD_WORDS.contains(&lower.as_str())
}

/// Every word capitalised, in a list (commas, slashes) or beside a handle (`Ana Lee
/// (@ana)`, `Steve Allen (stebalien)`): a line of
/// attendees. Capitalised words alone ("IPFS Camp Planning") are an agenda item; names
/// listed one to a line are caught by their heading ([`lists_attendees`]).
fn looks_like_names(text: &str, words: &[String]) -> bool {
    let capitalised = words
        .iter()
        .all(|w| w.chars().next().is_some_and(char::is_uppercase));
    let listed = text.contains([',', '/', '@', '(']);
    capitalised && listed && !text.ends_with(['.', '?', '!'])
}

/// Words of a heading over the list of who came.
const ATTENDEE_WORDS: &[&str] = &[
    "absent",
    "apologies",
    "attendance",
    "attendees",
    "attending",
    "in",
    "names",
    "not",
    "participants",
    "people",
    "present",
    "regrets",
    "roll",
    "call",
    "who",
    "who's",
    "who’s",
    "here",
];

/// True when a heading introduces the list of who came ("Attendees", "Present",
/// "Who's here"): its list items are names, not what the meeting was about.
pub(super) fn lists_attendees(heading: &str) -> bool {
    let words = own_words(heading);
    !words.is_empty()
        && words
            .iter()
            .all(|w| ATTENDEE_WORDS.contains(&w.to_lowercase().as_str()))
}

#[cfg(test)]
mod tests {
    use super::{heading_says_nothing, says_nothing};

    #[test]
    fn attendee_headings_are_told_from_topics() {
        assert!(super::lists_attendees("Attendees"));
        assert!(super::lists_attendees("Who's here"));
        assert!(super::lists_attendees("Not attending:"));
        assert!(!super::lists_attendees("Agenda"));
        assert!(!super::lists_attendees("People and process"));
    }

    #[test]
    fn scaffolding_headings_say_nothing() {
        assert!(heading_says_nothing("Action items:"));
        assert!(heading_says_nothing("Agenda"));
        assert!(!heading_says_nothing("DHT"));
    }

    #[test]
    fn scaffolding_and_attendee_lines_say_nothing() {
        for line in [
            "Agenda",
            "Attendees",
            "Notes",
            "Moderator checklist",
            "Preflight checklist",
            "Last week:",
            "@jacobheun (not attending)",
            "@stebalien / @alanshaw",
            "Alex Efrimiades (@aeftimia)",
            "Steve Allen (stebalien)",
            "Ana Lee, Bo Chen, Cy Dorn",
            "@name",
            "n/a",
            "attendee names...",
            "(sorry I forgot to capture these)",
            "General discussions, decisions, etc:",
        ] {
            assert!(says_nothing(line), "{line}");
        }
    }

    #[test]
    fn sentences_say_something() {
        for line in [
            "We agreed to ship the DHT client.",
            "refining relay spec",
            "Q: Do we ship?",
            "Real text.",
            "Go IPFS Release Planning went well.",
            "IPFS Camp Planning",
            "skein, like blake, is a NIST candidate (finalist)",
        ] {
            assert!(!says_nothing(line), "{line}");
        }
    }
}
