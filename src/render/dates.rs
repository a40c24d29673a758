//! The archive by date: the archive page, a page per year and per month.

use super::*;

impl Renderer<'_> {
    pub(super) fn archive(&self, path: &str) -> Result<File, Diagnostic> {
        let a = self.archive;
        let mut cx = tera::Context::new();
        cx.insert("years", &self.year_summaries());
        let undated: Vec<NoteCard> = a
            .listed
            .iter()
            .filter(|&&i| a.notes[i].date.is_none())
            .map(|&i| self.card(i))
            .collect();
        cx.insert("undated", &undated);
        self.fill(
            "archive.html",
            path,
            self.page_title("Archive"),
            Section::Archive,
            cx,
        )
    }

    pub(super) fn year(&self, year: YearId, path: &str) -> Result<File, Diagnostic> {
        let a = self.archive;
        let l = &self.linker;
        let mut cx = tera::Context::new();
        let summaries = self.year_summaries();
        let y = &a.years[year];
        let groups: Vec<Group> = y
            .months
            .iter()
            .map(|m| Group {
                label: format!("{} {}", month_name(m.month), y.year),
                url: Some(l.url(&month_path(y.year, m.month))),
                notes: m.notes.iter().map(|&i| self.list_card(i, &[])).collect(),
            })
            .collect();
        let all: Vec<NoteId> = y
            .months
            .iter()
            .flat_map(|m| m.notes.iter().copied())
            .collect();
        let dates: Vec<NaiveDate> = all
            .iter()
            .filter_map(|&i| a.notes[i].date.as_ref().map(|d| d.value))
            .collect();
        cx.insert("year", &summaries[year]);
        cx.insert("groups", &groups);
        cx.insert("calendar", &calendar_years(&dates, &y.year.to_string()));
        // Years are newest first: the previous year is the next in the list.
        let k = year.index();
        cx.insert("prev", &summaries.get(k + 1));
        cx.insert("next", &k.checked_sub(1).and_then(|k| summaries.get(k)));
        self.fill(
            "year.html",
            path,
            self.page_title(&y.year.to_string()),
            Section::Year,
            cx,
        )
    }

    pub(super) fn month(&self, year: YearId, month: usize, path: &str) -> Result<File, Diagnostic> {
        let a = self.archive;
        let mut cx = tera::Context::new();
        let months: Vec<MonthSummary> = self
            .year_summaries()
            .into_iter()
            .flat_map(|y| y.months)
            .collect();
        let y = &a.years[year];
        let m = &y.months[month];
        let flat = a.years[..year.index()]
            .iter()
            .map(|y| y.months.len())
            .sum::<usize>()
            + month;
        let dated: Vec<(NaiveDate, NoteId)> = m
            .notes
            .iter()
            .filter_map(|&i| a.notes[i].date.as_ref().map(|d| (d.value, i)))
            .collect();
        let cards: Vec<(NaiveDate, NoteCard)> =
            dated.iter().map(|&(d, i)| (d, self.card(i))).collect();
        let mut groups: Vec<Group> = Vec::new();
        for &(d, i) in &dated {
            let label = d.format("%a %-d %b").to_string();
            let c = self.list_card(i, &[]);
            match groups.last_mut() {
                Some(g) if g.label == label => g.notes.push(c),
                _ => groups.push(Group {
                    label,
                    url: None,
                    notes: vec![c],
                }),
            }
        }
        cx.insert("month", &months[flat]);
        cx.insert("grid", &month_grid(y.year, m.month, &cards));
        cx.insert("groups", &groups);
        cx.insert("prev", &months.get(flat + 1));
        cx.insert("next", &flat.checked_sub(1).and_then(|k| months.get(k)));
        let title = format!("{} {}", month_name(m.month), y.year);
        self.fill(
            "month.html",
            path,
            self.page_title(&title),
            Section::Month,
            cx,
        )
    }
}
