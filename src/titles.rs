//! Pure: what tells apart notes that share a title (102 of 556 ipfs notes are "libp2p"),
//! for lists, search results, feeds and `<title>`: the date, the team when the notes of
//! that title belong to several teams (and the team is not the title itself), the file
//! name when the note has no date. A title no other note has needs nothing. One pass to
//! count the titles, one to name each note's extra: linear in the notes.

use crate::archive::Archive;
use crate::views::DateView;
use std::collections::HashMap;

/// What note `i` adds to its title (`Mon 12 Aug 2019`, `Core, Tue 24 Jan 2023`), for each
/// note in `archive.notes` order; `None` when its title is its own.
pub fn extras(archive: &Archive) -> Vec<Option<String>> {
    let key = |title: &str| title.trim().to_lowercase();
    // Per title: how many notes have it, and the team of the first (None = several).
    let mut shared: HashMap<String, (usize, Option<Option<&str>>)> = HashMap::new();
    for n in &archive.notes {
        let team = n.team.as_ref().map(|t| t.value.as_str());
        let e = shared.entry(key(&n.title.value)).or_insert((0, Some(team)));
        e.0 += 1;
        if e.1 != Some(team) {
            e.1 = None;
        }
    }
    archive
        .notes
        .iter()
        .map(|n| {
            let title = key(&n.title.value);
            let &(count, team) = shared.get(&title)?;
            if count < 2 {
                return None;
            }
            let mut parts: Vec<String> = Vec::new();
            let team_name = n
                .team
                .as_ref()
                .and_then(|t| archive.team(&t.value))
                .map(|t| t.name.as_str());
            if let (None, Some(name)) = (team, team_name) {
                if name.to_lowercase() != title {
                    parts.push(name.to_string());
                }
            }
            match &n.date {
                Some(d) => parts.push(DateView::new(d.value).display),
                None => parts.push(file_stem(&n.rel).to_string()),
            }
            Some(parts.join(", "))
        })
        .collect()
}

/// `2019-08-12--libp2p` of `notes/2019/2019-08-12--libp2p.md`.
fn file_stem(rel: &str) -> &str {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.rsplit_once('.').map_or(name, |(stem, _)| stem)
}

/// A title with its extra: `libp2p — Mon 12 Aug 2019`.
pub fn full_title(title: &str, extra: Option<&str>) -> String {
    match extra {
        Some(x) => format!("{title} — {x}"),
        None => title.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::test_note;

    #[test]
    fn shared_titles_get_their_date_and_team_when_teams_differ() {
        let notes = vec![
            test_note("l/2019-08-12.md", "libp2p", Some("2019-08-12"), Some("libp2p")),
            test_note("l/2019-08-05.md", "libp2p", Some("2019-08-05"), Some("libp2p")),
            test_note("c/2023-01-24.md", "Weekly sync", Some("2023-01-24"), Some("core")),
            test_note("d/2023-01-24.md", "weekly sync ", Some("2023-01-24"), Some("docs")),
            test_note("d/notes.md", "Weekly sync", None, Some("docs")),
            test_note("d/2023-01-20.md", "Retro", Some("2023-01-20"), Some("docs")),
        ];
        let (archive, _) = crate::archive::build(notes, &Default::default());
        let by_source: HashMap<&str, Option<String>> = archive
            .notes
            .iter()
            .map(|n| n.source.as_str())
            .zip(extras(&archive))
            .collect();
        let get = |s: &str| by_source[s].as_deref();
        assert_eq!(get("l/2019-08-12.md"), Some("Mon 12 Aug 2019"));
        assert_eq!(get("l/2019-08-05.md"), Some("Mon 5 Aug 2019"));
        assert_eq!(get("c/2023-01-24.md"), Some("Core, Tue 24 Jan 2023"));
        assert_eq!(get("d/2023-01-24.md"), Some("Docs, Tue 24 Jan 2023"));
        assert_eq!(get("d/notes.md"), Some("Docs, notes"));
        assert_eq!(get("d/2023-01-20.md"), None);
        assert_eq!(
            full_title("libp2p", get("l/2019-08-12.md")),
            "libp2p — Mon 12 Aug 2019"
        );
    }
}
