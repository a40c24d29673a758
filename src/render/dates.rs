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
        self.fill_described(
            "archive.html",
            path,
            self.page_title("Archive"),
            self.describe_archive(),
            Section::Archive,
            cx,
        )
    }

    /// A year's page `page`: its meetings grouped by month, cut into pages of `paginate`
    /// meetings (a month may run on to the next page), with a jump list to every month's
    /// group on whichever page it starts.
    pub(super) fn year(&self, year: YearId, page: usize, path: &str) -> Result<File, Diagnostic> {
        let a = self.archive;
        let l = &self.linker;
        let mut cx = tera::Context::new();
        let summaries = self.year_summaries();
        let y = &a.years[year];
        // (month's place in `y.months`, note), newest first.
        let all: Vec<(usize, NoteId)> = y
            .months
            .iter()
            .enumerate()
            .flat_map(|(k, m)| m.notes.iter().map(move |&i| (k, i)))
            .collect();
        let first = year_path(y.year);
        let slice = self.paginate(&mut cx, &all, page, &first);
        let per = self.config.paginate.max(1);
        let start = (page - 1) * per;
        let mut groups: Vec<Group> = Vec::new();
        for (at, &(k, i)) in slice.iter().enumerate() {
            if groups.is_empty() || slice[at - 1].0 != k {
                let m = &y.months[k];
                let continued = at == 0 && start > 0 && all[start - 1].0 == k;
                groups.push(Group {
                    label: format!(
                        "{} {}{}",
                        month_name(m.month),
                        y.year,
                        if continued { " (continued)" } else { "" }
                    ),
                    url: Some(l.url(&month_path(y.year, m.month))),
                    notes: Vec::new(),
                });
            }
            if let Some(g) = groups.last_mut() {
                g.notes.push(self.list_card(i, &[]));
            }
        }
        let dates: Vec<NaiveDate> = all
            .iter()
            .filter_map(|&(_, i)| a.notes[i].date.as_ref().map(|d| d.value))
            .collect();
        let summary = &summaries[year];
        cx.insert("year", summary);
        cx.insert("jumps", &month_jumps(summary, &all, per, |p| l.url(&page_path(&first, p))));
        cx.insert("groups", &groups);
        // As on a team's pages, the calendar is the first page's.
        let calendar = if page == 1 {
            calendar_years(&dates, &y.year.to_string())
        } else {
            Vec::new()
        };
        cx.insert("calendar", &calendar);
        // Years are newest first: the previous year is the next in the list.
        let k = year.index();
        cx.insert("prev", &summaries.get(k + 1));
        cx.insert("next", &k.checked_sub(1).and_then(|k| summaries.get(k)));
        let title = self.paged_title(&y.year.to_string(), page);
        let description = self.describe_year(summary, page);
        self.fill_described("year.html", path, title, description, Section::Year, cx)
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
        let description = self.describe_month(&months[flat], &m.notes);
        self.fill_described(
            "month.html",
            path,
            self.page_title(&title),
            description,
            Section::Month,
            cx,
        )
    }
}

/// Each month of a year (`year.months`, newest first) with the URL of its group on the
/// year's pages: the page its first meeting falls on (`page_url`), and the group's place
/// there (`partials/groups.html` numbers the groups `group-1`, `group-2`, … on each page).
/// `all` is the year's (month, note) list the pages are cut from, `per` meetings a page.
fn month_jumps(
    year: &YearSummary,
    all: &[(usize, NoteId)],
    per: usize,
    page_url: impl Fn(usize) -> String,
) -> Vec<MonthSummary> {
    let mut jumps = Vec::with_capacity(year.months.len());
    for (at, &(k, _)) in all.iter().enumerate() {
        if at > 0 && all[at - 1].0 == k {
            continue;
        }
        let page = at / per + 1;
        // Months run in order, so the groups on a page are the months from the one its
        // first meeting belongs to.
        let group = k - all[(page - 1) * per].0 + 1;
        if let Some(m) = year.months.get(k) {
            jumps.push(MonthSummary {
                url: format!("{}#group-{group}", page_url(page)),
                ..m.clone()
            });
        }
    }
    jumps
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_jumps_point_at_the_page_and_group_a_month_starts_on() {
        let months: Vec<MonthSummary> = [(3, 3), (2, 4), (1, 1)]
            .iter()
            .map(|&(month, count)| MonthSummary {
                year: 2019,
                month,
                name: month_name(month),
                url: format!("/archive/2019/{month:02}/"),
                count,
            })
            .collect();
        let year = YearSummary {
            year: 2019,
            url: "/archive/2019/".into(),
            count: 8,
            months,
        };
        // March: 3 meetings, February: 4, January: 1; pages of 3.
        let all: Vec<(usize, NoteId)> = [0, 0, 0, 1, 1, 1, 1, 2]
            .iter()
            .enumerate()
            .map(|(i, &k)| (k, NoteId::new(i)))
            .collect();
        let jumps = month_jumps(&year, &all, 3, |p| format!("/archive/2019/page/{p}/"));
        let urls: Vec<&str> = jumps.iter().map(|j| j.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "/archive/2019/page/1/#group-1",
                "/archive/2019/page/2/#group-1",
                // Page 3 opens with February's last meeting, then January.
                "/archive/2019/page/3/#group-2",
            ]
        );
    }
}
