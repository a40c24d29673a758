//! Pure: finding meeting dates in the shapes people write them.
//!
//! Every finder returns the first date in its input; callers decide which input is the
//! best evidence (see `infer`). Dates written without a year (`January 7th`, `05-07`)
//! take the year from a hint (the folder's year), and are rejected without one.

use chrono::NaiveDate;
use regex::Regex;
use std::sync::LazyLock;

const MONTH: &str = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";

fn month_number(name: &str) -> Option<u32> {
    let n = name.to_ascii_lowercase();
    let m = match n.get(..3)? {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    Some(m)
}

fn ymd(y: &str, m: u32, d: &str) -> Option<NaiveDate> {
    let y: i32 = y.parse().ok()?;
    if !(1990..=2100).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y, m, d.parse().ok()?)
}

/// A date found in text: where it starts (byte offset), and the time of day when one
/// follows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub date: NaiveDate,
    pub time: Option<String>,
    pub start: usize,
    /// The year came from the hint, not the text.
    pub year_from_hint: bool,
}

/// Reads a match into a date, given the year hint; `true` when the year came from it.
type ParseFn = fn(&regex::Captures, Option<i32>) -> Option<(NaiveDate, bool)>;

struct Pattern {
    re: Regex,
    parse: ParseFn,
}

static PATTERNS: LazyLock<Vec<Pattern>> = LazyLock::new(|| {
    let p = |re: &str, parse: ParseFn| Pattern {
        re: Regex::new(re).expect("date regex"),
        parse,
    };
    vec![
        // 2018-08-13, 2020/3/12, 2024.11.26, 2018_08_13
        p(
            r"(?:^|[^0-9])((?:19|20)\d\d)([-/._])(\d{1,2})([-/._])(\d{1,2})(?:[^0-9]|$)",
            |c, _| {
                (c[2] == c[4]).then_some(())?;
                Some((ymd(&c[1], c[3].parse().ok()?, &c[5])?, false))
            },
        ),
        // Tuesday January 24th, 2023 · March 26, 2019 · Sept. 5 2023 · Jan 24th 2023
        p(
            &format!(r"(?i)\b{MONTH}\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b,?\s*((?:19|20)\d\d)\b"),
            |c, _| Some((ymd(&c[3], month_number(&c[1])?, &c[2])?, false)),
        ),
        // 8th October 2024 · 24 Jan 2023 · 5 of September, 2023
        p(
            &format!(
                r"(?i)\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}\.?,?\s+((?:19|20)\d\d)\b"
            ),
            |c, _| Some((ymd(&c[3], month_number(&c[2])?, &c[1])?, false)),
        ),
        // 24.01.2023 (European) · 01/24/2023 and 24/01/2023 (the unambiguous reading; US
        // order when both readings are valid)
        p(
            r"(?:^|[^0-9])(\d{1,2})([/.])(\d{1,2})([/.])((?:19|20)\d\d)(?:[^0-9]|$)",
            |c, _| {
                (c[2] == c[4]).then_some(())?;
                let a: u32 = c[1].parse().ok()?;
                let b: u32 = c[3].parse().ok()?;
                let (m, d) = if a > 12 || &c[2] == "." {
                    (b, a)
                } else {
                    (a, b)
                };
                Some((ymd(&c[5], m, &d.to_string())?, false))
            },
        ),
        // January 7th (year from the hint)
        p(
            &format!(r"(?i)\b{MONTH}\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b"),
            |c, hint| {
                let y = hint?;
                Some((ymd(&y.to_string(), month_number(&c[1])?, &c[2])?, true))
            },
        ),
        // 7th January (year from the hint)
        p(
            &format!(r"(?i)\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}\b"),
            |c, hint| {
                let y = hint?;
                Some((ymd(&y.to_string(), month_number(&c[2])?, &c[1])?, true))
            },
        ),
    ]
});

static TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[\s,@-]*(?:at\s+|from\s+|\|\s*)?(\d{1,2}(?::\d{2})?\s*(?:am|pm)?(?:\s*[-–]\s*\d{1,2}(?::\d{2})?\s*(?:am|pm)?)?(?:\s*\(?(?:UTC|GMT|[A-Z]{2,4}T|Z)(?:[+-]\d{1,2})?\)?)?)")
        .expect("time regex")
});

/// Patterns that read the year from the text; the others need the hint.
const PATTERNS_WITH_YEAR: usize = 4;

/// The first date in `text`. Dates without a year use `year_hint`.
pub fn find(text: &str, year_hint: Option<i32>) -> Option<Found> {
    // Most lines hold no date: skip the regexes, whose captures are costly.
    if !may_hold_date(text, year_hint) {
        return None;
    }
    let patterns = match year_hint {
        Some(_) => &PATTERNS[..],
        None => &PATTERNS[..PATTERNS_WITH_YEAR],
    };
    let mut best: Option<Found> = None;
    for p in patterns {
        for c in p.re.captures_iter(text) {
            let m = c.get(0).expect("whole match");
            if best.as_ref().is_some_and(|b| b.start <= m.start()) {
                break;
            }
            if let Some((date, year_from_hint)) = (p.parse)(&c, year_hint) {
                let time = time_after(&text[m.end()..]);
                best = Some(Found {
                    date,
                    time,
                    start: m.start(),
                    year_from_hint,
                });
                break;
            }
        }
    }
    best
}

/// False when `find(text, year_hint)` is sure to find nothing: a date needs a
/// `19xx`/`20xx` year in ASCII digits (every pattern's groups are parsed as ASCII
/// numbers), or, with the hint, a month's name and an ASCII digit.
pub fn may_hold_date(text: &str, year_hint: Option<i32>) -> bool {
    let bytes = text.as_bytes();
    let Some(first_digit) = bytes.iter().position(u8::is_ascii_digit) else {
        return false;
    };
    has_year(&bytes[first_digit..]) || (year_hint.is_some() && has_month(text))
}

/// Whether `text` holds `19` or `20` followed by two ASCII digits.
fn has_year(text: &[u8]) -> bool {
    text.windows(4)
        .any(|w| matches!(&w[..2], b"19" | b"20") && w[2].is_ascii_digit() && w[3].is_ascii_digit())
}

/// Whether `text` may hold a month's name: the first three letters of one in any ASCII
/// case, or `ſ`, which `(?i)` matches as `s` (`ſep`).
fn has_month(text: &str) -> bool {
    let month = |w: &[u8]| {
        // ASCII letters to lowercase; other bytes never become month letters.
        matches!(
            &[w[0] | 0x20, w[1] | 0x20, w[2] | 0x20],
            b"jan"
                | b"feb"
                | b"mar"
                | b"apr"
                | b"may"
                | b"jun"
                | b"jul"
                | b"aug"
                | b"sep"
                | b"oct"
                | b"nov"
                | b"dec"
        )
    };
    text.as_bytes().windows(3).any(month) || text.contains('\u{17f}')
}

/// `18:00 UTC`, `5pm-6pm UTC`, `14:00` right after a date.
fn time_after(rest: &str) -> Option<String> {
    let c = TIME.captures(rest)?;
    let t = c[1].trim();
    // A bare number after a date is more often a count than an hour.
    let looks_like_time = t.contains(':') || t.to_ascii_lowercase().contains('m');
    looks_like_time.then(|| t.to_string())
}

/// A year written as a path segment (`2019`, `2019-03`, `2023/Q2`).
pub fn year_in_folders(folders: &[&str]) -> Option<i32> {
    static YEAR: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^((?:19|20)\d\d)(?:$|[-_.])").expect("year regex"));
    folders
        .iter()
        .rev()
        .find_map(|f| YEAR.captures(f).and_then(|c| c[1].parse().ok()))
}

/// A month from a `2019-03` folder.
fn month_in_folders(folders: &[&str]) -> Option<u32> {
    static YM: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(?:19|20)\d\d[-_.](\d{1,2})$").expect("regex"));
    folders.iter().rev().find_map(|f| {
        YM.captures(f)
            .and_then(|c| c[1].parse().ok())
            .filter(|m| (1..=12).contains(m))
    })
}

/// Where in a path a date was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathPart {
    FileName,
    Folder,
}

/// The date a path gives: in the file name (`2019-06-17--libp2p-sync.md`,
/// `2021.12.07.md`, `20230124.md`, `CG-05-07.md` under `2024/`, `mar-26.md` under
/// `2019-03/`), else in the folders (`2019-06-17/notes.md`, `2019/06/17.md`).
pub fn from_path(rel: &str) -> Option<(NaiveDate, PathPart)> {
    let mut parts: Vec<&str> = rel.split('/').collect();
    let file = parts.pop()?;
    let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
    let folders = parts;
    let year = year_in_folders(&folders);

    if let Some(f) = find(stem, None).filter(|f| !f.year_from_hint) {
        return Some((f.date, PathPart::FileName));
    }
    static COMPACT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:^|[^0-9])((?:19|20)\d\d)(\d\d)(\d\d)(?:[^0-9]|$)").expect("regex")
    });
    if let Some(c) = COMPACT.captures(stem) {
        if let Some(d) = ymd(&c[1], c[2].parse().ok()?, &c[3]) {
            return Some((d, PathPart::FileName));
        }
    }
    if let Some(y) = year {
        // `CG-05-07` or `05-07`: month-day, year from the folder.
        static MD: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"(?:^|[^0-9])(\d{1,2})[-_.](\d{1,2})(?:[^0-9]|$)").expect("regex")
        });
        if let Some(c) = MD.captures(stem) {
            if let Some(d) = ymd(&y.to_string(), c[1].parse().ok()?, &c[2]) {
                return Some((d, PathPart::FileName));
            }
        }
        // `mar-26`, `26-march`
        if let Some(f) = find(&stem.replace(['-', '_'], " "), Some(y)) {
            return Some((f.date, PathPart::FileName));
        }
        // A day alone (`26.md`) under a `2019-03` folder.
        if let (Some(m), Ok(d)) = (month_in_folders(&folders), stem.parse::<u32>()) {
            if let Some(date) = NaiveDate::from_ymd_opt(y, m, d) {
                return Some((date, PathPart::FileName));
            }
        }
    }
    let joined = folders.join("/");
    if let Some(f) = find(&joined, None).filter(|f| !f.year_from_hint) {
        return Some((f.date, PathPart::Folder));
    }
    None
}

/// Lines about another meeting than this one: their dates are not this meeting's.
pub fn is_other_meeting_line(line: &str) -> bool {
    static OTHER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(next|upcoming|following|previous|prior|last|future)\s+(meeting|call|sync|session|time|week|one)|\bnext\s*:|\brescheduled\b|\bpostponed\b|\bdeadline\b|\bdue\b|\bduration\b|\biteration\b|\bsprint\b|\bperiod\b")
            .expect("regex")
    });
    // Every match holds one of these words. Unlike `OTHER`, this has no Unicode word
    // boundaries, so it runs on the fast DFA even on non-ASCII lines and rules out most
    // lines at a fraction of the cost.
    static WORDS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)next|upcoming|following|previous|prior|last|future|rescheduled|postponed|deadline|due|duration|iteration|sprint|period")
            .expect("regex")
    });
    WORDS.is_match(line) && OTHER.is_match(line)
}

/// False when `labelled(line)` is sure to be `None`: its first word is none of the
/// labels' first words.
pub fn may_be_labelled(line: &str) -> bool {
    const WORDS: &[&str] = &["meeting", "date", "when", "time", "held", "published"];
    super::starts_with_word(line, WORDS)
}

/// A line that labels the meeting's date: `**Date and Time**: …`, `- Date: …`,
/// `### Meeting Date/Time: …`, `**When**: …`, `Date Published: …`. Returns the text after
/// the label.
pub fn labelled(line: &str) -> Option<&str> {
    static LABEL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\s*(?:#{1,6}\s*|[-*+]\s+|>\s*)*(?:\*\*|__|\*|_)?\s*(?:meeting\s+)?(?:date(?:\s*(?:and|&|/)\s*time)?|when|time|held(?:\s+on)?|date\s+published|published)\s*(?:\*\*|__|\*|_)?\s*[:|-]\s*(?:\*\*|__)?(.*)$")
            .expect("regex")
    });
    if !may_be_labelled(line) {
        return None;
    }
    let c = LABEL.captures(line)?;
    Some(c.get(1).map_or("", |m| m.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// Every shape quoted in the issue, and more: (text, year hint, expected date).
    #[test]
    fn date_shapes_in_text() {
        let cases: &[(&str, Option<i32>, &str)] = &[
            ("## 2018-08-13 libp2p Sync Call", None, "2018-08-13"),
            ("# March 26, 2019 Meeting Notes", None, "2019-03-26"),
            (
                "# 104th TC39 Meeting | 8th October 2024",
                None,
                "2024-10-08",
            ),
            (
                "**Date and Time**: Tuesday January 24th, 2023 18:00 UTC",
                None,
                "2023-01-24",
            ),
            (
                "### Meeting Date/Time: Thursday 2020/3/12 at 14:00 UTC",
                None,
                "2020-03-12",
            ),
            ("- Date: 2024.11.26", None, "2024-11-26"),
            (
                "**When**: January 7th, 5pm-6pm UTC",
                Some(2021),
                "2021-01-07",
            ),
            ("**Date Published**: July 31st, 2023", None, "2023-07-31"),
            ("Sept. 5, 2023", None, "2023-09-05"),
            ("24 Jan 2023", None, "2023-01-24"),
            ("Tue, 24 Jan 2023 18:00", None, "2023-01-24"),
            ("Jan 24 2023", None, "2023-01-24"),
            ("24.01.2023", None, "2023-01-24"),
            ("01/24/2023", None, "2023-01-24"),
            ("24/01/2023", None, "2023-01-24"),
            ("2023-1-4", None, "2023-01-04"),
            ("2018_08_13", None, "2018-08-13"),
            ("the 5th of September, 2023", None, "2023-09-05"),
            ("September 5th 2023", None, "2023-09-05"),
            ("Monday, December 2nd, 2019", None, "2019-12-02"),
            ("7th January", Some(2022), "2022-01-07"),
            ("Wednesday, 2 Feb 2022 (15:00 UTC)", None, "2022-02-02"),
        ];
        for (text, hint, want) in cases {
            let got = find(text, *hint).map(|f| f.date);
            assert_eq!(got, Some(d(want)), "{text}");
            assert!(may_hold_date(text, *hint), "{text}");
        }
    }

    #[test]
    fn quick_tests_fold_case_as_the_regexes_do() {
        // `(?i)` matches any ASCII case, and `ſ` as `s`: the quick tests must not rule
        // these out.
        assert_eq!(
            find("SEPT. 5", Some(2023)).map(|f| f.date),
            Some(d("2023-09-05"))
        );
        assert_eq!(
            labelled("**Publiſhed**: July 31st, 2023"),
            Some("July 31st, 2023")
        );
        assert!(!may_hold_date("Meeting #153", None));
        assert!(!may_hold_date("no digits at all", Some(2023)));
    }

    #[test]
    fn partial_dates_need_a_year() {
        assert_eq!(find("January 7th", None), None);
        assert!(find("Meeting #153", None).is_none());
        assert!(find("version 1.2.3", None).is_none());
        assert!(find("30 people in 2019", None).is_none());
    }

    #[test]
    fn first_date_wins_and_time_is_kept() {
        let f = find(
            "Tuesday January 24th, 2023 18:00 UTC; next 2023-02-07",
            None,
        )
        .unwrap();
        assert_eq!(f.date, d("2023-01-24"));
        assert_eq!(f.time.as_deref(), Some("18:00 UTC"));
        let f = find("January 7th, 5pm-6pm UTC", Some(2021)).unwrap();
        assert_eq!(f.time.as_deref(), Some("5pm-6pm UTC"));
        assert!(f.year_from_hint);
    }

    #[test]
    fn path_shapes() {
        let cases: &[(&str, &str, PathPart)] = &[
            (
                "meeting-notes/2019/Q2/2019-06-17--libp2p-sync.md",
                "2019-06-17",
                PathPart::FileName,
            ),
            ("notes/2021.12.07.md", "2021-12-07", PathPart::FileName),
            ("2024/CG-05-07.md", "2024-05-07", PathPart::FileName),
            ("2019-03/mar-26.md", "2019-03-26", PathPart::FileName),
            ("2019-03/26.md", "2019-03-26", PathPart::FileName),
            ("minutes/20230124.md", "2023-01-24", PathPart::FileName),
            ("2019-06-17/notes.md", "2019-06-17", PathPart::Folder),
            ("2019/06/17/notes.md", "2019-06-17", PathPart::Folder),
        ];
        for (path, want, part) in cases {
            assert_eq!(from_path(path), Some((d(want), *part)), "{path}");
        }
        assert_eq!(from_path("2023/Q2/planning.md"), None);
        assert_eq!(from_path("docs/devlog/devlog12.md"), None);
    }

    #[test]
    fn labels() {
        assert_eq!(labelled("**Date and Time**: Tuesday"), Some("Tuesday"));
        assert_eq!(
            labelled("##### Date and Time: Tuesday January 24th, 2023"),
            Some("Tuesday January 24th, 2023")
        );
        assert_eq!(labelled("- Date: 2024.11.26"), Some("2024.11.26"));
        assert_eq!(
            labelled("### Meeting Date/Time: Thursday 2020/3/12"),
            Some("Thursday 2020/3/12")
        );
        assert_eq!(labelled("**When**: January 7th"), Some("January 7th"));
        assert_eq!(
            labelled("**Date Published**: July 31st, 2023"),
            Some("July 31st, 2023")
        );
        assert_eq!(labelled("We dated the release"), None);
    }

    #[test]
    fn next_meeting_trap() {
        assert!(is_other_meeting_line("Next meeting: 2019-07-08"));
        assert!(is_other_meeting_line("- **Next call**: March 5, 2020"));
        assert!(is_other_meeting_line(
            "The upcoming meeting is on 2019-07-08"
        ));
        assert!(is_other_meeting_line(
            "- Duration: February 22 to March 7 2023"
        ));
        assert!(!is_other_meeting_line("**Date**: 2019-07-01"));
    }
}
