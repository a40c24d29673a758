//! Pure: the reference graph. Every GitHub reference a note makes is an edge
//! note → target; grouped here by issue, by repository and by user, for the pages that
//! answer "when did we talk about #409?".

use crate::archive::Archive;
use crate::ids::{IssueId, NoteId};
use crate::markdown::{HeadingRef, RefHit};
use crate::refs::Target;
use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::sync::Arc;

#[derive(Debug, Default)]
pub struct Graph {
    /// Issues, pull requests and discussions, by (owner, repo, number).
    pub issues: Vec<IssueIndex>,
    /// Repositories with at least one referenced issue, by (owner, repo).
    pub repos: Vec<RepoIndex>,
    /// Lower-cased `@user` → notes that mention them, newest first.
    pub users: BTreeMap<String, Vec<NoteId>>,
}

#[derive(Debug, Clone)]
pub struct IssueIndex {
    pub owner: String,
    pub repo: String,
    pub number: u64,
    /// Every note that mentions it, newest first (undated last).
    pub mentions: Vec<Mention>,
    /// What the notes say it is: the wording most of them use, the newest on a tie.
    pub title: Option<Arc<str>>,
    /// What GitHub says it is (title, state, labels), when a build could ask or had asked.
    pub github: Option<crate::github::Meta>,
}

impl IssueIndex {
    pub fn target(&self) -> Target {
        Target::issue(&self.owner, &self.repo, self.number)
    }
}

/// One note's mentions of one issue.
#[derive(Debug, Clone)]
pub struct Mention {
    pub note: NoteId,
    /// Each place in the note, in document order; one per distinct context.
    pub spots: Vec<Spot>,
    /// The first title the note gives it.
    pub title: Option<Arc<str>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spot {
    /// The reference's number in the note (`ref-3` is 3).
    pub anchor: u32,
    pub context: Arc<str>,
    pub heading: Option<Arc<HeadingRef>>,
}

#[derive(Debug, Clone)]
pub struct RepoIndex {
    pub owner: String,
    pub repo: String,
    /// Indexes into [`Graph::issues`]: most-discussed first, then most recently discussed.
    pub issues: Vec<IssueId>,
    /// Notes that mention any of its issues.
    pub notes: usize,
}

impl Graph {
    /// Puts what GitHub said of each issue on it.
    pub fn apply_github(&mut self, known: &BTreeMap<crate::github::Key, crate::github::Meta>) {
        if known.is_empty() {
            return;
        }
        for i in &mut self.issues {
            let key = (i.owner.clone(), i.repo.clone(), i.number);
            i.github = known.get(&key).cloned();
        }
    }

    /// Every issue as GitHub names it (lower-cased owner and repository, number).
    pub fn github_keys(&self) -> Vec<crate::github::Key> {
        self.issues
            .iter()
            .map(|i| (i.owner.clone(), i.repo.clone(), i.number))
            .collect()
    }

    /// The issue `owner/repo#number` (lower-cased names), if any note mentions it.
    pub fn issue(&self, owner: &str, repo: &str, number: u64) -> Option<&IssueIndex> {
        self.issues
            .binary_search_by(|i| {
                (i.owner.as_str(), i.repo.as_str(), i.number).cmp(&(owner, repo, number))
            })
            .ok()
            .map(|k| &self.issues[k])
    }
}

/// Builds the graph from each note's references, in note order (the `i`th item belongs to
/// `archive.notes[i]`).
pub fn build<'r>(archive: &Archive, refs: impl IntoIterator<Item = &'r [RefHit]>) -> Graph {
    let mut issues: BTreeMap<(&str, &str, u64), Vec<Mention>> = BTreeMap::new();
    let mut users: BTreeMap<String, Vec<NoteId>> = BTreeMap::new();
    for (note, hits) in refs.into_iter().enumerate() {
        let note = NoteId::new(note);
        for hit in hits {
            match &hit.target {
                Target::Issue {
                    owner,
                    repo,
                    number,
                } => {
                    let mentions = issues.entry((owner, repo, *number)).or_default();
                    let spot = Spot {
                        anchor: hit.anchor,
                        context: hit.context.clone(),
                        heading: hit.heading.clone(),
                    };
                    match mentions.last_mut() {
                        Some(m) if m.note == note => {
                            if !m.spots.iter().any(|s| s.context == spot.context) {
                                m.spots.push(spot);
                            }
                            if m.title.is_none() {
                                m.title = hit.title.clone();
                            }
                        }
                        _ => mentions.push(Mention {
                            note,
                            spots: vec![spot],
                            title: hit.title.clone(),
                        }),
                    }
                }
                Target::User(user) => {
                    let notes = users.entry(user.to_string()).or_default();
                    if notes.last() != Some(&note) {
                        notes.push(note);
                    }
                }
                Target::Commit { .. } | Target::Team { .. } => {}
            }
        }
    }

    let issues: Vec<IssueIndex> = issues
        .into_iter()
        .map(|((owner, repo, number), mut mentions)| {
            mentions.sort_by(|a, b| newest_first(archive, a.note, b.note));
            IssueIndex {
                owner: owner.to_string(),
                repo: repo.to_string(),
                number,
                title: commonest_title(&mentions),
                github: None,
                mentions,
            }
        })
        .collect();

    let repos = repo_index(archive, &issues);
    Graph {
        issues,
        repos,
        users,
    }
}

/// Repositories with a referenced issue, by (owner, repo); each one's issues most
/// discussed first, then most recently discussed.
fn repo_index(archive: &Archive, issues: &[IssueIndex]) -> Vec<RepoIndex> {
    let mut repos: Vec<RepoIndex> = Vec::new();
    for (k, issue) in issues.iter().enumerate() {
        let k = IssueId::new(k);
        match repos.last_mut() {
            Some(r) if r.owner == issue.owner && r.repo == issue.repo => r.issues.push(k),
            _ => repos.push(RepoIndex {
                owner: issue.owner.clone(),
                repo: issue.repo.clone(),
                issues: vec![k],
                notes: 0,
            }),
        }
    }
    for r in &mut repos {
        r.issues.sort_by(|&a, &b| {
            let (a, b) = (&issues[a], &issues[b]);
            b.mentions
                .len()
                .cmp(&a.mentions.len())
                .then_with(|| {
                    let latest = |i: &IssueIndex| i.mentions.first().map(|m| m.note);
                    match (latest(a), latest(b)) {
                        // Newer last mention first.
                        (Some(x), Some(y)) => newest_first(archive, x, y),
                        _ => Ordering::Equal,
                    }
                })
                .then(b.number.cmp(&a.number))
        });
        let mut notes: Vec<NoteId> = r
            .issues
            .iter()
            .flat_map(|&k| issues[k].mentions.iter().map(|m| m.note))
            .collect();
        notes.sort_unstable();
        notes.dedup();
        r.notes = notes.len();
    }
    repos
}

/// The wording most of `mentions` give an issue; on a tie, the newest note's (mentions
/// run newest first). A map, not a scan of the wordings seen: thousands of notes could
/// each word one issue differently.
pub fn commonest_title(mentions: &[Mention]) -> Option<Arc<str>> {
    let mut counts: std::collections::HashMap<&str, (usize, usize)> = Default::default();
    for (k, t) in mentions.iter().enumerate() {
        if let Some(t) = &t.title {
            counts.entry(t).or_insert((0, k)).0 += 1;
        }
    }
    let (_, (_, first)) = counts
        .into_iter()
        .max_by_key(|&(_, (n, first))| (n, std::cmp::Reverse(first)))?;
    mentions[first].title.clone()
}

/// Dated notes newest first, then undated ones; ties by source path.
fn newest_first(archive: &Archive, a: NoteId, b: NoteId) -> Ordering {
    let (na, nb) = (&archive.notes[a], &archive.notes[b]);
    let da = na.date.as_ref().map(|d| d.value);
    let db = nb.date.as_ref().map(|d| d.value);
    match (da, db) {
        (Some(x), Some(y)) => y.cmp(&x),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
    .then_with(|| na.source.cmp(&nb.source))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::model::Note;

    fn note(rel: &str, date: Option<&str>) -> Note {
        crate::model::test_note(rel, rel, date, None)
    }

    fn hit(target: Target, n: usize, context: &str) -> RefHit {
        RefHit {
            target,
            anchor: n as u32,
            context: Arc::from(context),
            heading: None,
            title: None,
        }
    }

    #[test]
    fn issues_list_meetings_newest_first_and_repos_sort_by_meetings() {
        let (archive, _) = crate::archive::build(
            vec![
                note("a.md", Some("2023-01-24")),
                note("b.md", Some("2022-05-01")),
                note("u.md", None),
            ],
            &Config::default(),
        );
        let idx = |s: &str| NoteId::new(archive.notes.iter().position(|n| n.source == s).unwrap());
        let i450 = || Target::issue("pokt-network", "pocket", 450);
        let i9 = || Target::issue("pokt-network", "pocket", 9);
        let mut refs = vec![Vec::new(); 3];
        refs[idx("a.md")] = vec![
            hit(i450(), 1, "Completed › #450"),
            hit(i450(), 2, "Completed › #450"),
            hit(i450(), 3, "merged #450"),
            hit(i9(), 4, "#9"),
            hit(Target::User("octocat".into()), 5, "@octocat"),
        ];
        refs[idx("b.md")] = vec![hit(i450(), 1, "#450 opened")];
        refs[idx("u.md")] = vec![
            hit(i450(), 1, "#450"),
            hit(Target::issue("o", "r", 1), 2, ""),
        ];
        let g = build(&archive, refs.iter().map(Vec::as_slice));

        let keys: Vec<String> = g.issues.iter().map(|i| i.target().to_string()).collect();
        assert_eq!(
            keys,
            ["o/r#1", "pokt-network/pocket#9", "pokt-network/pocket#450"]
        );
        let i = g.issue("pokt-network", "pocket", 450).unwrap();
        let notes: Vec<NoteId> = i.mentions.iter().map(|m| m.note).collect();
        assert_eq!(notes, [idx("a.md"), idx("b.md"), idx("u.md")]);
        // Same context twice in one note: one spot.
        let spots: Vec<u32> = i.mentions[0].spots.iter().map(|s| s.anchor).collect();
        assert_eq!(spots, [1, 3]);

        let repos: Vec<(String, Vec<usize>, usize)> = g
            .repos
            .iter()
            .map(|r| {
                let issues = r.issues.iter().map(|i| i.index()).collect();
                (format!("{}/{}", r.owner, r.repo), issues, r.notes)
            })
            .collect();
        assert_eq!(
            repos,
            [
                ("o/r".to_string(), vec![0], 1),
                ("pokt-network/pocket".to_string(), vec![2, 1], 3),
            ]
        );
        assert_eq!(g.users["octocat"], [idx("a.md")]);
    }

    #[test]
    fn an_issue_takes_the_wording_most_notes_give_it_and_the_newest_on_a_tie() {
        let m = |note: usize, title: Option<&str>| Mention {
            note: NoteId::new(note),
            spots: Vec::new(),
            title: title.map(Arc::from),
        };
        // Newest first.
        let most = [m(0, Some("B")), m(1, Some("A")), m(2, None), m(3, Some("A"))];
        assert_eq!(commonest_title(&most).as_deref(), Some("A"));
        let tie = [m(0, None), m(1, Some("B")), m(2, Some("A"))];
        assert_eq!(commonest_title(&tie).as_deref(), Some("B"));
        assert_eq!(commonest_title(&[m(0, None)]), None);
    }

}
