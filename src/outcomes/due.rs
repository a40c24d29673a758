//! Due dates as people write them after "by" or "due": `by Friday`, `by 2024-03-01`,
//! `by tomorrow`, `by next week`, `due March 3`; resolved against the meeting's date.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

const WEEKDAYS: [(&str, Weekday); 7] = [
    ("monday", Weekday::Mon),
    ("tuesday", Weekday::Tue),
    ("wednesday", Weekday::Wed),
    ("thursday", Weekday::Thu),
    ("friday", Weekday::Fri),
    ("saturday", Weekday::Sat),
    ("sunday", Weekday::Sun),
];

const MONTHS: [&str; 12] = [
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
];

/// The due date a text gives, as written (`Friday`, `2024-03-01`, `next week`).
pub fn find(text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    // `to_lowercase` can change byte lengths; offsets are only used on `lower`.
    for key in [" by ", "due: ", "due ", "(by "] {
        let mut from = 0;
        while let Some(p) = lower[from..].find(key) {
            let at = from + p + key.len();
            if let Some(len) = phrase_len(&lower[at..]) {
                return Some(lower[at..at + len].to_string());
            }
            from = at;
        }
    }
    None
}

/// Length of a date phrase at the start of `s` (lower case), if one is there.
fn phrase_len(s: &str) -> Option<usize> {
    for fixed in ["end of the week", "end of week", "next week", "tomorrow", "eow"] {
        if s.starts_with(fixed) {
            return Some(fixed.len());
        }
    }
    if let Some((name, _)) = WEEKDAYS.iter().find(|(n, _)| s.starts_with(&n[..3])) {
        let len = if s.starts_with(name) { name.len() } else { 3 };
        if s[len..].chars().next().is_none_or(|c| !c.is_alphabetic()) {
            return Some(len);
        }
    }
    if s.len() >= 10 && NaiveDate::parse_from_str(&s[..10], "%Y-%m-%d").is_ok() {
        return Some(10);
    }
    let month = MONTHS.iter().position(|m| s.starts_with(m))?;
    let after = s[MONTHS[month].len()..].strip_prefix(' ')?;
    let digits = after.chars().take_while(char::is_ascii_digit).count();
    (1..=2)
        .contains(&digits)
        .then_some(MONTHS[month].len() + 1 + digits)
}

/// The date a phrase [`find`] returned names, for a meeting held on `meeting`: a weekday
/// is the next such day after the meeting.
pub fn resolve(phrase: &str, meeting: NaiveDate) -> Option<NaiveDate> {
    match phrase {
        "tomorrow" => return meeting.succ_opt(),
        "next week" => return Some(meeting + Duration::days(7)),
        "end of week" | "end of the week" | "eow" => return resolve("friday", meeting),
        _ => {}
    }
    if let Some((_, day)) = WEEKDAYS.iter().find(|(n, _)| n.starts_with(phrase) && phrase.len() >= 3) {
        let ahead = (7 + day.num_days_from_monday() as i64
            - meeting.weekday().num_days_from_monday() as i64)
            % 7;
        return Some(meeting + Duration::days(if ahead == 0 { 7 } else { ahead }));
    }
    if let Ok(d) = NaiveDate::parse_from_str(phrase, "%Y-%m-%d") {
        return Some(d);
    }
    let month = MONTHS.iter().position(|m| phrase.starts_with(m))? as u32 + 1;
    let day: u32 = phrase[MONTHS[month as usize - 1].len()..].trim().parse().ok()?;
    let this = NaiveDate::from_ymd_opt(meeting.year(), month, day)?;
    // A due date before the meeting is next year's.
    if this < meeting {
        NaiveDate::from_ymd_opt(meeting.year() + 1, month, day)
    } else {
        Some(this)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn phrases_are_found() {
        assert_eq!(find("write it by Friday").as_deref(), Some("friday"));
        assert_eq!(find("write it by fri.").as_deref(), Some("fri"));
        assert_eq!(find("ship by 2024-03-01 or so").as_deref(), Some("2024-03-01"));
        assert_eq!(find("due March 3").as_deref(), Some("march 3"));
        assert_eq!(find("done by next week").as_deref(), Some("next week"));
        assert_eq!(find("written by Alice"), None);
        assert_eq!(find("by friendly people"), None);
    }

    #[test]
    fn phrases_resolve_against_the_meeting() {
        let wed = d("2024-02-28");
        assert_eq!(resolve("friday", wed), Some(d("2024-03-01")));
        assert_eq!(resolve("wednesday", wed), Some(d("2024-03-06")));
        assert_eq!(resolve("tomorrow", wed), Some(d("2024-02-29")));
        assert_eq!(resolve("2024-03-15", wed), Some(d("2024-03-15")));
        assert_eq!(resolve("march 3", wed), Some(d("2024-03-03")));
        assert_eq!(resolve("january 3", wed), Some(d("2025-01-03")));
        assert_eq!(resolve("eow", wed), Some(d("2024-03-01")));
    }
}
