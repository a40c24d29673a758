//! Text → terms. The browser does exactly the same to the query (search.js).

use unicode_normalization::char::{decompose_compatible, is_combining_mark};
use unicode_segmentation::UnicodeSegmentation;


/// Folds text for matching: compatibility decomposition (NFKD), combining marks dropped,
/// lower case, and the few Latin letters that do not decompose spelled out (`ß` → `ss`).
/// JavaScript: `s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase()` and the same table.
pub fn fold_into(text: &str, out: &mut String) {
    if text.is_ascii() {
        let start = out.len();
        out.push_str(text);
        out[start..].make_ascii_lowercase();
        return;
    }
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        decompose_compatible(c, |d| {
            if is_combining_mark(d) {
                return;
            }
            for l in d.to_lowercase() {
                match l {
                    'ß' => out.push_str("ss"),
                    'æ' => out.push_str("ae"),
                    'œ' => out.push_str("oe"),
                    'ø' => out.push('o'),
                    'ł' => out.push('l'),
                    'đ' | 'ð' => out.push('d'),
                    'þ' => out.push_str("th"),
                    'ı' => out.push('i'),
                    'ς' => out.push('σ'),
                    '\u{2018}' | '\u{2019}' | '\u{02bc}' => out.push('\''),
                    l => out.push(l),
                }
            }
        });
    }
}

pub fn fold(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    fold_into(text, &mut s);
    s
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The words of folded text: Unicode word boundaries (UAX #29), then split again at the
/// punctuation UAX #29 keeps inside words (`jacob's`, `foo:bar`, `github.com`), except a
/// `.` or `,` between digits (`3.14`, `1,000`). JavaScript: `Intl.Segmenter` words, same split.
pub fn words(folded: &str) -> Box<dyn Iterator<Item = &str> + '_> {
    if folded.is_ascii() {
        return Box::new(AsciiWords {
            text: folded,
            at: 0,
        });
    }
    // No word holds ASCII white space, so each run between spaces segments on its own,
    // and most are ASCII even in text with an arrow or an accent here and there.
    Box::new(folded.split_ascii_whitespace().flat_map(|run| {
        if run.is_ascii() {
            RunWords::Ascii(AsciiWords { text: run, at: 0 })
        } else {
            RunWords::Unicode(Box::new(run.unicode_words().flat_map(split_word)))
        }
    }))
}

enum RunWords<'a> {
    Ascii(AsciiWords<'a>),
    Unicode(Box<dyn Iterator<Item = &'a str> + 'a>),
}

impl<'a> Iterator for RunWords<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        match self {
            RunWords::Ascii(w) => w.next(),
            RunWords::Unicode(w) => w.next(),
        }
    }
}

/// [`words`] for ASCII text, where UAX #29 and the split after it come down to: runs of
/// letters, digits and `_` (with a `.` or `,` between digits), holding a letter or digit.
/// Segmenting all the text of a large archive is most of the index's build time.
struct AsciiWords<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Iterator for AsciiWords<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let b = self.text.as_bytes();
        let is_w = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
        loop {
            let mut i = self.at;
            while i < b.len() && !is_w(b[i]) {
                i += 1;
            }
            if i == b.len() {
                self.at = i;
                return None;
            }
            let start = i;
            while i < b.len() {
                let numeric = matches!(b[i], b'.' | b',')
                    && i > start
                    && b[i - 1].is_ascii_digit()
                    && b.get(i + 1).is_some_and(u8::is_ascii_digit);
                if !(is_w(b[i]) || numeric) {
                    break;
                }
                i += 1;
            }
            self.at = i;
            if b[start..i].iter().any(u8::is_ascii_alphanumeric) {
                return Some(&self.text[start..i]);
            }
        }
    }
}

pub(super) fn split_word(w: &str) -> impl Iterator<Item = &str> {
    let mut rest = w;
    std::iter::from_fn(move || loop {
        if rest.is_empty() {
            return None;
        }
        let mut end = rest.len();
        let mut prev: Option<char> = None;
        let mut it = rest.char_indices().peekable();
        while let Some((i, c)) = it.next() {
            if !is_word_char(c) {
                let next = it.peek().map(|&(_, n)| n);
                let numeric = matches!(c, '.' | ',')
                    && prev.is_some_and(|p| p.is_ascii_digit())
                    && next.is_some_and(|n| n.is_ascii_digit());
                if !numeric {
                    end = i;
                    break;
                }
            }
            prev = Some(c);
        }
        let word = &rest[..end];
        rest = match rest[end..].chars().next() {
            Some(sep) => &rest[end + sep.len_utf8()..],
            None => "",
        };
        if !word.is_empty() {
            return Some(word);
        }
    })
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-')
}

fn is_handle_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-'
}

/// Terms generic word splitting loses, found in text as written: GitHub references
/// (`https://github.com/o/r/pull/12`, `o/r#12`, `r#12`, `#12` → `o/r#12`, `r#12`, `#12`,
/// as many as the text says; a bare `#12` in a note whose repo is known gets that repo's
/// forms too), `@handles`, and ISO dates (`2018-08-13` → that day and `2018-08`).
/// Calls `emit(start, end, term)` with the byte range in `text`, in order.
pub fn specials(text: &str, repo: Option<&str>, mut emit: impl FnMut(usize, usize, String)) {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'#' => {
                if let Some(end) = issue_ref(text, i, repo, &mut emit) {
                    i = end;
                    continue;
                }
            }
            b'@' if i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_') => {
                let mut j = i + 1;
                while j < b.len() && is_handle_byte(b[j]) && j - i <= 39 {
                    j += 1;
                }
                let mut end = j;
                while end > i + 1 && b[end - 1] == b'-' {
                    end -= 1;
                }
                if end > i + 1 && b[i + 1] != b'-' {
                    emit(i, end, text[i..end].to_ascii_lowercase());
                }
                i = j.max(i + 1);
                continue;
            }
            b'/' if b[..i].ends_with(b"github.com") => {
                if let Some(end) = url_ref(text, i, &mut emit) {
                    i = end;
                    continue;
                }
            }
            b'-' if i >= 4 => {
                if let Some(end) = iso_date(b, i - 4) {
                    emit(i - 4, end, text[i - 4..end].to_string());
                    emit(i - 4, end, text[i - 4..i + 3].to_string());
                    i = end;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
}

/// `YYYY-MM-DD` at `s`, not inside a longer run of digits; returns its end.
fn iso_date(b: &[u8], s: usize) -> Option<usize> {
    let d = |k: usize| b.get(s + k).is_some_and(u8::is_ascii_digit);
    if !(d(0) && d(1) && d(2) && d(3) && b[s + 4] == b'-' && d(5) && d(6))
        || b.get(s + 7) != Some(&b'-')
        || !(d(8) && d(9))
        || d(10)
        || (s > 0 && b[s - 1].is_ascii_digit())
    {
        return None;
    }
    let month = (b[s + 5] - b'0') * 10 + (b[s + 6] - b'0');
    let day = (b[s + 8] - b'0') * 10 + (b[s + 9] - b'0');
    ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some(s + 10)
}

/// Digits of an issue number at `b[s..]`: returns the number without leading zeros and
/// the end, if it is a whole number of at most 9 digits.
fn issue_number(text: &str, s: usize) -> Option<(&str, usize)> {
    let b = text.as_bytes();
    let mut j = s;
    while j < b.len() && b[j].is_ascii_digit() {
        j += 1;
    }
    if j == s || j - s > 9 || b.get(j).is_some_and(|&c| is_name_byte(c) && c != b'.') {
        return None;
    }
    let n = text[s..j].trim_start_matches('0');
    (!n.is_empty()).then_some((n, j))
}

fn issue_ref(
    text: &str,
    hash: usize,
    repo: Option<&str>,
    emit: &mut impl FnMut(usize, usize, String),
) -> Option<usize> {
    let b = text.as_bytes();
    let (n, end) = issue_number(text, hash + 1)?;
    let mut k = hash;
    while k > 0 && is_name_byte(b[k - 1]) {
        k -= 1;
    }
    // A repository name starts with a letter or digit (trims `(`-adjacent dots and dashes).
    while k < hash && !b[k].is_ascii_alphanumeric() {
        k += 1;
    }
    let name = &text[k..hash];
    let mut start = hash;
    let mut forms: Vec<String> = vec![format!("#{n}")];
    if name.bytes().any(|c| c.is_ascii_alphabetic()) {
        start = k;
        let name = name.to_ascii_lowercase();
        let mut owner = None;
        if k > 1 && b[k - 1] == b'/' {
            let mut m = k - 1;
            while m > 0 && is_name_byte(b[m - 1]) {
                m -= 1;
            }
            if m < k - 1 && (m == 0 || b[m - 1] != b'/') {
                owner = Some(text[m..k - 1].to_ascii_lowercase());
                start = m;
            }
        }
        forms.push(format!("{name}#{n}"));
        match owner {
            Some(o) => forms.push(format!("{o}/{name}#{n}")),
            None => {
                if let Some((o, r)) = repo.and_then(|r| r.split_once('/')) {
                    if r.eq_ignore_ascii_case(&name) {
                        forms.push(format!("{}/{name}#{n}", o.to_ascii_lowercase()));
                    }
                }
            }
        }
    } else if let Some((o, r)) = repo.and_then(|r| r.split_once('/')) {
        let (o, r) = (o.to_ascii_lowercase(), r.to_ascii_lowercase());
        forms.push(format!("{r}#{n}"));
        forms.push(format!("{o}/{r}#{n}"));
    }
    for f in forms {
        emit(start, end, f);
    }
    Some(end)
}

/// `github.com/o/r/(issues|pull|pulls|discussions)/N` with `slash` at the first `/`.
fn url_ref(text: &str, slash: usize, emit: &mut impl FnMut(usize, usize, String)) -> Option<usize> {
    let b = text.as_bytes();
    let seg = |s: usize| {
        let mut j = s;
        while j < b.len() && is_name_byte(b[j]) {
            j += 1;
        }
        (j > s && b.get(j) == Some(&b'/')).then_some(j)
    };
    let o_end = seg(slash + 1)?;
    let r_end = seg(o_end + 1)?;
    let k_end = seg(r_end + 1)?;
    let kind = &text[r_end + 1..k_end];
    if !matches!(kind, "issues" | "pull" | "pulls" | "discussions") {
        return None;
    }
    let (n, end) = issue_number(text, k_end + 1)?;
    let owner = text[slash + 1..o_end].to_ascii_lowercase();
    let repo = text[o_end + 1..r_end].to_ascii_lowercase();
    let start = slash + 1;
    emit(start, end, format!("#{n}"));
    emit(start, end, format!("{repo}#{n}"));
    emit(start, end, format!("{owner}/{repo}#{n}"));
    Some(end)
}

/// Month names, as the index writes a meeting's date in its metadata.
pub(super) const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The whitespace-separated words of (part of) a query, with each date written out
/// (`13 September 2017`, `Sept 13, 2017`) as the ISO date it stands for.
#[cfg(any(test, feature = "internals"))]
pub fn query_words(part: &str) -> Vec<String> {
    let raw: Vec<&str> = part.split_whitespace().collect();
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if let Some(iso) = raw.get(i..i + 3).and_then(|w| written_date(w[0], w[1], w[2])) {
            out.push(iso);
            i += 3;
        } else {
            out.push(raw[i].to_string());
            i += 1;
        }
    }
    out
}

/// The term an assignee is indexed as (`assignee:@ann`), from what follows `assignee:`.
pub fn assignee_term(who: &str) -> Option<String> {
    let h = who
        .trim_start_matches('@')
        .trim_end_matches(['.', ',', ';', ':', '!', '?', ')'])
        .to_lowercase();
    let ok = !h.is_empty() && h.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_');
    ok.then(|| format!("assignee:@{h}"))
}

#[cfg(any(test, feature = "internals"))]
fn written_date(a: &str, b: &str, c: &str) -> Option<String> {
    let year = c.trim_end_matches(['.', ',']);
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (day, month) = match (day_of(a), month_of(b)) {
        (Some(d), Some(m)) => (d, m),
        _ => (day_of(b)?, month_of(a)?),
    };
    let iso = format!("{year}-{month:02}-{day:02}");
    iso_date(iso.as_bytes(), 0).map(|_| iso)
}

#[cfg(any(test, feature = "internals"))]
fn day_of(w: &str) -> Option<u32> {
    let w = w.trim_end_matches(['.', ',']).to_ascii_lowercase();
    let w = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|s| w.strip_suffix(s))
        .unwrap_or(&w);
    let ok = (1..=2).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_digit());
    ok.then(|| w.parse().ok()).flatten()
}

#[cfg(any(test, feature = "internals"))]
fn month_of(w: &str) -> Option<u32> {
    let w = w.trim_end_matches(['.', ',']).to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| *m == w || (w.len() <= 4 && m.starts_with(&w)))
        .map(|k| k as u32 + 1)
}

/// The special term a query word stands for: a reference in any form (URL, `o/r#N`,
/// `r#N`, `#N`, `GH-N`), an `@handle` or an ISO date or month (`2018-08`).
#[cfg(any(test, feature = "internals"))]
pub fn special_term(word: &str) -> Option<String> {
    let w = word
        .trim_end_matches(['.', ',', ';', ':', '!', '?', ')'])
        .to_ascii_lowercase();
    if let Some(n) = w.strip_prefix("gh-") {
        return issue_number(n, 0)
            .filter(|(_, end)| *end == n.len())
            .map(|(n, _)| format!("#{n}"));
    }
    if w.contains("github.com/") {
        let mut best = None;
        specials(&w, None, |_, _, t| best = Some(t));
        return best;
    }
    if w.contains('#') {
        let mut best = None;
        let mut whole = false;
        specials(&w, None, |s, e, t| {
            whole = s == 0 && e == w.len();
            best = Some(t);
        });
        return best.filter(|_| whole);
    }
    if let Some(h) = w.strip_prefix('@') {
        let h = h.trim_end_matches('-');
        let ok = !h.is_empty()
            && h.len() <= 39
            && !h.starts_with('-')
            && h.bytes().all(is_handle_byte)
            && !h.contains("--");
        return ok.then(|| format!("@{h}"));
    }
    let b = w.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if b.len() == 7 && b[4] == b'-' && digits(0..4) && digits(5..7) {
        let month = (b[5] - b'0') * 10 + (b[6] - b'0');
        return (1..=12).contains(&month).then_some(w);
    }
    if b.len() == 10 && iso_date(b, 0).is_some() {
        return Some(w);
    }
    // `2019/08/05`, as some notes title their meetings.
    if b.len() == 10 && b[4] == b'/' && b[7] == b'/' {
        let iso = w.replace('/', "-");
        return iso_date(iso.as_bytes(), 0).map(|_| iso);
    }
    None
}
