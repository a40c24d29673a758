//! Inference conformance on real archives: dates and teams against labels a person made
//! by reading the notes (tests/data/labels.tsv; never produced by running this code).

mod common;
use common::labels::{self, Label};
use common::shared;
use minutes::build::{self, Options};
use minutes::model::NoteKind;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// (archive folder, path under ../shared)
const ARCHIVES: &[(&str, &str)] = &[
    ("ipfs__team-mgmt", "corpus/real/ipfs__team-mgmt"),
    ("pokt-network__pocket", "corpus/real/pokt-network__pocket"),
    ("rust-lang__lang-team", "corpus/real/rust-lang__lang-team"),
    ("seeds", "seeds"),
];

/// How the code's dates and teams compare with one set of labels.
#[derive(Default)]
struct Score {
    checked: usize,
    wrong_dates: Vec<String>,
    wrong_teams: Vec<String>,
    known_misses: usize,
    meetings: usize,
    dated: usize,
}

impl Score {
    fn report(&self, set: &str) {
        let n = self.checked;
        println!(
            "{set}: dates {}/{n}, teams {}/{n} ({} known team misses)",
            n - self.wrong_dates.len(),
            n - self.wrong_teams.len() - self.known_misses,
            self.known_misses
        );
    }
}

/// Loads each (key prefix, archive folder) and compares every labelled note.
fn score(labels: &BTreeMap<String, Label>, archives: &[(String, PathBuf)]) -> Score {
    let mut s = Score::default();
    for (name, root) in archives {
        let loaded = build::load_archive(&Options {
            root: root.clone(),
            ..Default::default()
        })
        .expect("archive loads");
        for n in &loaded.archive.notes {
            if n.kind == NoteKind::Meeting {
                s.meetings += 1;
                s.dated += usize::from(n.date.is_some());
            }
            let key = format!("{name}/{}", n.source);
            let Some(label) = labels.get(&key) else {
                continue;
            };
            s.checked += 1;
            let got = n.date.as_ref().map(|d| d.value.to_string());
            if got != label.date {
                s.wrong_dates.push(format!(
                    "{key}: got {got:?} ({}), reader says {:?} — {}",
                    n.date.as_ref().map_or("-".into(), |d| d.evidence.label()),
                    label.date,
                    label.note
                ));
            }
            let team = n.team.as_ref().map(|t| t.value.clone()).unwrap_or_default();
            if label.team_matches(&team) {
                continue;
            }
            if labels::known_team_miss(&key) {
                s.known_misses += 1;
            } else {
                s.wrong_teams
                    .push(format!("{key}: got {team:?}, reader says {:?}", label.team));
            }
        }
    }
    s
}

#[test]
fn inferred_dates_and_teams_match_what_a_reader_would_say() {
    let Some(shared) = shared("conformance") else {
        return;
    };
    let labels = labels::tuning();
    assert!(
        labels.len() >= 60,
        "the labelled sample has {} notes",
        labels.len()
    );
    let archives: Vec<(String, PathBuf)> = ARCHIVES
        .iter()
        .map(|(name, path)| (name.to_string(), shared.join(path)))
        .collect();
    let s = score(&labels, &archives);
    assert_eq!(s.checked, labels.len(), "every labelled note was found");
    let coverage = s.dated as f64 / s.meetings as f64;
    eprintln!(
        "dated meetings: {}/{} ({:.1}%)",
        s.dated,
        s.meetings,
        coverage * 100.0
    );
    assert!(
        coverage >= 0.98,
        "only {:.1}% of meetings have a date",
        coverage * 100.0
    );
    s.report("tuning labels (tests/data/labels.tsv)");
    assert!(
        s.wrong_dates.is_empty(),
        "{} of {} dates differ:\n{}",
        s.wrong_dates.len(),
        s.checked,
        s.wrong_dates.join("\n")
    );
    assert!(
        s.wrong_teams.is_empty(),
        "{} of {} teams differ:\n{}",
        s.wrong_teams.len(),
        s.checked,
        s.wrong_teams.join("\n")
    );
}
