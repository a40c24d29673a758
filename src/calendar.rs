//! The activity calendar: one inline SVG per calendar year with meetings, drawn at build
//! time (no script needed to read it). Each year is two rows of half a year (January–June
//! over July–December), so a year fits a 360 px phone with its weekday and month labels
//! whole; the template shows one year at a time and links the previous and next (CSS
//! `:target`, no JavaScript).

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;
use crate::views::{MONTHS, WEEKDAYS};
use std::fmt::Write;

/// One year of a calendar, as templates see it.
#[derive(Debug, Clone, Serialize)]
pub struct CalendarYear {
    pub year: i32,
    /// The `id` of this year's element (`cal-2019`), which the links to it target.
    pub id: String,
    pub meetings: usize,
    /// The SVG, escaped: safe to insert as is.
    pub svg: String,
    /// The nearest earlier and later years with meetings.
    pub prev: Option<i32>,
    pub next: Option<i32>,
}

const CELL: i64 = 11;
const STEP: i64 = 13;
/// Room for the weekday labels on the left and the month labels above each half.
const LEFT: i64 = 24;
const TOP: i64 = 14;
/// A half year (184 days at most) spans up to 28 Monday-aligned weeks.
const WEEKS: i64 = 28;
const HALF_HEIGHT: i64 = TOP + 7 * STEP;
const HALF_GAP: i64 = 8;

/// The calendars of every year that has a meeting on `dates`, oldest first. Years without
/// meetings are left out, so the work is bounded by the number of meetings, whatever span
/// their dates cover.
pub fn calendar_years(dates: &[NaiveDate], label: &str) -> Vec<CalendarYear> {
    let mut per_day: BTreeMap<NaiveDate, usize> = BTreeMap::new();
    for d in dates {
        *per_day.entry(*d).or_default() += 1;
    }
    let mut years: BTreeMap<i32, usize> = BTreeMap::new();
    for (d, n) in &per_day {
        *years.entry(d.year()).or_default() += n;
    }
    let list: Vec<i32> = years.keys().copied().collect();
    years
        .iter()
        .enumerate()
        .map(|(k, (&year, &meetings))| CalendarYear {
            year,
            id: format!("cal-{year}"),
            meetings,
            svg: year_svg(year, &per_day, meetings, label),
            prev: k.checked_sub(1).map(|p| list[p]),
            next: list.get(k + 1).copied(),
        })
        .collect()
}

/// One year: a column per week, a square per day shaded by its number of meetings. Days
/// with a meeting are squares with a tooltip; the empty days are one path.
fn year_svg(year: i32, per_day: &BTreeMap<NaiveDate, usize>, total: usize, label: &str) -> String {
    let width = LEFT + WEEKS * STEP - (STEP - CELL);
    let height = 2 * HALF_HEIGHT + HALF_GAP;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="calendar" viewBox="0 0 {width} {height}" role="img" aria-label="{}: {total} meeting{} in {year}" xmlns="http://www.w3.org/2000/svg">"#,
        crate::theme::escape_markup(label),
        if total == 1 { "" } else { "s" }
    );
    let mut empty = String::new();
    for half in 0..2 {
        let first = NaiveDate::from_ymd_opt(year, 1 + 6 * half, 1).expect("a valid month");
        let last = if half == 0 {
            NaiveDate::from_ymd_opt(year, 6, 30)
        } else {
            NaiveDate::from_ymd_opt(year, 12, 31)
        }
        .expect("a valid day");
        let top = half as i64 * (HALF_HEIGHT + HALF_GAP);
        for (row, name) in [(0, "Mon"), (2, "Wed"), (4, "Fri")] {
            let _ = write!(
                s,
                r#"<text x="0" y="{}" class="cal-label">{name}</text>"#,
                top + TOP + row * STEP + CELL - 2
            );
        }
        let monday = first - chrono::Duration::days(first.weekday().num_days_from_monday() as i64);
        let mut day = first;
        while day <= last {
            let week = (day - monday).num_days() / 7;
            let dow = day.weekday().num_days_from_monday() as i64;
            let (x, y) = (LEFT + week * STEP, top + TOP + dow * STEP);
            if day.day() == 1 {
                let _ = write!(
                    s,
                    r#"<text x="{x}" y="{}" class="cal-label">{}</text>"#,
                    top + TOP - 4,
                    MONTHS[day.month0() as usize]
                );
            }
            match per_day.get(&day).copied().unwrap_or(0) {
                0 => {
                    let _ = write!(empty, "M{x} {y}h{CELL}v{CELL}h-{CELL}z");
                }
                count => {
                    let level = match count {
                        1 => 1,
                        2 => 2,
                        3..=4 => 3,
                        _ => 4,
                    };
                    // Formatted by hand: chrono's strftime is slow for a few thousand days.
                    let _ = write!(
                        s,
                        r#"<rect x="{x}" y="{y}" width="{CELL}" height="{CELL}" rx="2" class="l{level}"><title>{} {} {} {year}: {count} meeting{}</title></rect>"#,
                        WEEKDAYS[dow as usize],
                        day.day(),
                        MONTHS[day.month0() as usize],
                        if count == 1 { "" } else { "s" }
                    );
                }
            }
            day = day.succ_opt().expect("a day after");
        }
    }
    if !empty.is_empty() {
        let _ = write!(s, r#"<path class="l0" d="{empty}"/>"#);
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn every_year_with_meetings_is_drawn_oldest_first_and_linked() {
        let dates = [d("2019-03-04"), d("2019-03-04"), d("2021-12-31"), d("2016-01-01")];
        let years = calendar_years(&dates, "Core");
        let got: Vec<(i32, usize)> = years.iter().map(|y| (y.year, y.meetings)).collect();
        // 2017, 2018 and 2020 have no meeting: no calendar, and the links skip them.
        assert_eq!(got, [(2016, 1), (2019, 2), (2021, 1)]);
        assert_eq!(years[0].prev, None);
        assert_eq!(years[0].next, Some(2019));
        assert_eq!(years[1].prev, Some(2016));
        assert_eq!(years[1].next, Some(2021));
        assert_eq!(years[1].id, "cal-2019");
        assert_eq!(years[2].next, None);
        assert!(years[1].svg.contains("Mon 4 Mar 2019: 2 meetings"));
        assert!(years[1].svg.contains(r#"aria-label="Core: 2 meetings in 2019""#));
        assert!(years[2].svg.contains("Fri 31 Dec 2021: 1 meeting<"));
    }

    #[test]
    fn a_year_has_every_day_once_and_all_month_and_weekday_labels() {
        let years = calendar_years(&[d("2024-07-01")], "x & <y>");
        let svg = &years[0].svg;
        // 2024 is a leap year: 366 days, one of them with a meeting, 365 empty squares.
        assert_eq!(svg.matches("<rect").count(), 1);
        assert_eq!(svg.matches("h11v11h-11z").count(), 365);
        for m in MONTHS {
            assert_eq!(svg.matches(&format!(">{m}</text>")).count(), 1, "{m}");
        }
        // Mon, Wed and Fri label both halves.
        for w in ["Mon", "Wed", "Fri"] {
            assert_eq!(svg.matches(&format!(">{w}</text>")).count(), 2, "{w}");
        }
        assert!(svg.contains("x &amp; &lt;y&gt;: 1 meeting in 2024"));
    }

    #[test]
    fn squares_and_labels_stay_inside_the_view_box() {
        // Years starting on a Sunday and ending on a Monday stretch the weeks the most.
        for year in 2000..2030 {
            let svg = &calendar_years(&[d(&format!("{year}-06-30"))], "t")[0].svg;
            let width = LEFT + WEEKS * STEP - (STEP - CELL);
            for part in svg.split(" x=\"").skip(1) {
                let x: i64 = part[..part.find('"').unwrap()].parse().unwrap();
                assert!(x + CELL <= width, "{year}: x = {x}");
            }
            let path = &svg[svg.find(" d=\"").unwrap()..];
            for part in path.split('M').skip(1) {
                let x: i64 = part[..part.find(' ').unwrap()].parse().unwrap();
                assert!(x + CELL <= width, "{year}: M{x}");
            }
        }
    }

    #[test]
    fn no_calendar_without_dates() {
        assert!(calendar_years(&[], "t").is_empty());
    }
}
