//! Each page's `<meta name="description">`: a note's chosen summary, a sentence made from
//! counts for the index pages ("143 meetings of the libp2p team, 2018–2024, weekly").
//! One line, at most [`DESCRIPTION_CHARS`] characters cut at a word; Tera escapes it.

use super::*;

/// What search engines show of a description before they cut it.
pub const DESCRIPTION_CHARS: usize = 160;

/// `text` on one line, cut at a word to at most [`DESCRIPTION_CHARS`] characters ("…"
/// included).
pub(super) fn one_line(text: &str) -> String {
    let text = crate::markdown::collapse_whitespace(text);
    if text.chars().count() <= DESCRIPTION_CHARS {
        return text;
    }
    let (cut, _) = text
        .char_indices()
        .nth(DESCRIPTION_CHARS - 1)
        .expect("longer than the limit");
    let head = &text[..cut];
    let kept = match head.rfind(' ') {
        Some(space) if space > 0 => &head[..space],
        _ => head,
    };
    let kept = kept.trim_end_matches(|c: char| c.is_whitespace() || ",;:-–—([·".contains(c));
    format!("{kept}…")
}

/// `1 meeting`, `12 meetings`.
pub(super) fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `, 2018–2024` or nothing.
fn span(years: &str) -> String {
    if years.is_empty() {
        String::new()
    } else {
        format!(", {years}")
    }
}

/// " Page 2." on pages after the first, so that each page's description is its own.
fn page_note(page: usize) -> String {
    if page > 1 {
        format!(" Page {page}.")
    } else {
        String::new()
    }
}

impl Renderer<'_> {
    fn meetings(&self, n: usize) -> String {
        count(n, "meeting", "meetings")
    }

    pub(super) fn describe_home(&self) -> String {
        if !self.site.description.is_empty() {
            return one_line(&self.site.description);
        }
        let c = &self.site.counts;
        let teams = if c.teams > 1 {
            format!(" of {}", count(c.teams, "team", "teams"))
        } else {
            String::new()
        };
        let notes = format!("{}{teams}{}", self.meetings(c.notes), span(&c.years));
        if self.config.title.is_empty() {
            one_line(&format!("Notes of {notes}."))
        } else {
            one_line(&format!("{}: notes of {notes}.", self.site.title))
        }
    }

    /// A note's summary, or what it is when it has none.
    pub(super) fn describe_note(&self, i: NoteId) -> String {
        if let Some(s) = self.linker.summaries.get(i.index()).filter(|s| !s.is_empty()) {
            return one_line(s);
        }
        let n = &self.archive.notes[i];
        let team = self
            .linker
            .team_link_of(n)
            .map(|t| format!(" of the {} team", t.name))
            .unwrap_or_default();
        let date = n
            .date
            .as_ref()
            .map(|d| format!(" on {}", DateView::new(d.value).display))
            .unwrap_or_default();
        one_line(&format!("{}: meeting notes{team}{date}.", n.title.value))
    }

    pub(super) fn describe_team(&self, t: &TeamSummary, page: usize) -> String {
        let cadence = if t.cadence.is_empty() {
            String::new()
        } else {
            format!(", {}", t.cadence)
        };
        one_line(&format!(
            "{} of the {} team{}{cadence}.{}",
            self.meetings(t.count),
            t.link.name,
            span(&t.years),
            page_note(page)
        ))
    }

    pub(super) fn describe_teams(&self, teams: &[TeamSummary]) -> String {
        let names: Vec<&str> = teams.iter().map(|t| t.link.name.as_str()).collect();
        one_line(&format!(
            "{} and their meetings: {}.",
            count(teams.len(), "team", "teams"),
            names.join(", ")
        ))
    }

    pub(super) fn describe_archive(&self) -> String {
        let c = &self.site.counts;
        one_line(&format!(
            "All {} by year and month{}.",
            self.meetings(c.notes),
            span(&c.years)
        ))
    }

    pub(super) fn describe_year(&self, y: &YearSummary, page: usize) -> String {
        let months: Vec<String> = y
            .months
            .iter()
            .map(|m| format!("{} {}", m.name, m.count))
            .collect();
        one_line(&format!(
            "{} in {}.{} By month: {}.",
            self.meetings(y.count),
            y.year,
            page_note(page),
            months.join(", ")
        ))
    }

    pub(super) fn describe_month(&self, m: &MonthSummary, notes: &[NoteId]) -> String {
        let mut teams: Vec<String> = notes
            .iter()
            .filter_map(|&i| self.linker.team_link_of(&self.archive.notes[i]))
            .map(|t| t.name)
            .collect();
        teams.sort();
        teams.dedup();
        let of = if teams.is_empty() {
            String::new()
        } else {
            format!(" of {}", teams.join(", "))
        };
        one_line(&format!(
            "{} in {} {}{of}.",
            self.meetings(m.count),
            m.name,
            m.year
        ))
    }

    pub(super) fn describe_topics(&self, topics: &[TopicLink]) -> String {
        let names: Vec<&str> = topics.iter().map(|t| t.name.as_str()).collect();
        one_line(&format!(
            "{} of the meetings: {}.",
            count(topics.len(), "topic", "topics"),
            names.join(", ")
        ))
    }

    pub(super) fn describe_topic(&self, name: &str, notes: &[NoteId], page: usize) -> String {
        let years = year_span(
            notes
                .iter()
                .filter_map(|&i| self.archive.notes[i].date.as_ref().map(|d| d.value)),
        );
        one_line(&format!(
            "{} about {name}{}.{}",
            self.meetings(notes.len()),
            span(&years),
            page_note(page)
        ))
    }

    pub(super) fn describe_people(&self, people: &[PersonLink]) -> String {
        let names: Vec<&str> = people.iter().map(|p| p.name.as_str()).collect();
        one_line(&format!(
            "{} who took part in the meetings: {}.",
            count(people.len(), "person", "people"),
            names.join(", ")
        ))
    }

    pub(super) fn describe_person(
        &self,
        name: &str,
        total: usize,
        teams: &[TeamCount],
        page: usize,
    ) -> String {
        let teams: Vec<&str> = teams.iter().map(|t| t.link.name.as_str()).collect();
        let of = if teams.is_empty() {
            String::new()
        } else {
            format!(" of {}", teams.join(", "))
        };
        one_line(&format!(
            "{name} took part in {}{of}.{}",
            self.meetings(total),
            page_note(page)
        ))
    }

    pub(super) fn describe_repos(&self, repos: &[RepoLink]) -> String {
        let names: Vec<&str> = repos.iter().map(|r| r.name.as_str()).collect();
        one_line(&format!(
            "Issues and pull requests of {} that the meetings discussed: {}.",
            count(repos.len(), "repository", "repositories"),
            names.join(", ")
        ))
    }

    pub(super) fn describe_repo(&self, r: &RepoLink, page: usize) -> String {
        one_line(&format!(
            "{} of {} discussed in {}, the most discussed first.{}",
            count(r.issues, "issue or pull request", "issues and pull requests"),
            r.name,
            self.meetings(r.meetings),
            page_note(page)
        ))
    }

    pub(super) fn describe_issue(&self, i: &IssueLink) -> String {
        let name = i.name.as_deref().map(|n| format!(" {n}")).unwrap_or_default();
        let when = match (&i.first, &i.last) {
            (Some(f), Some(l)) if f.iso != l.iso => format!(", from {} to {}", f.display, l.display),
            (Some(f), _) => format!(", on {}", f.display),
            _ => String::new(),
        };
        one_line(&format!(
            "{}{name}: mentioned in {}{when}.",
            i.label,
            self.meetings(i.count)
        ))
    }

    pub(super) fn describe_search(&self) -> String {
        one_line(&format!(
            "Search the {} of {} by word, team, topic, person or year.",
            self.meetings(self.site.counts.notes),
            self.site.title
        ))
    }

    pub(super) fn describe_not_found(&self) -> String {
        one_line(&format!(
            "This page of {} does not exist: search the meetings, or start from the latest ones.",
            self.site.title
        ))
    }

    /// What a page that says nothing more specific gets: its title and the site's.
    pub(super) fn describe_other(&self, title: &str) -> String {
        if !self.site.description.is_empty() {
            return one_line(&format!("{title}. {}", self.site.description));
        }
        one_line(title)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_are_one_line_cut_at_a_word() {
        assert_eq!(one_line("  a\n b  "), "a b");
        let long = "word ".repeat(60);
        let d = one_line(&long);
        assert!(d.chars().count() <= DESCRIPTION_CHARS, "{d}");
        assert!(d.ends_with("word…"), "{d}");
        let exact = "x".repeat(DESCRIPTION_CHARS);
        assert_eq!(one_line(&exact), exact);
        let unbroken = "y".repeat(200);
        assert_eq!(one_line(&unbroken).chars().count(), DESCRIPTION_CHARS);
        assert_eq!(count(1, "team", "teams"), "1 team");
        assert_eq!(count(2, "team", "teams"), "2 teams");
    }
}
