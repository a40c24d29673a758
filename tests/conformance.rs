//! Inference conformance: dates and teams against labels a person made by reading the
//! notes (never produced by running this code). The tuning set (tests/data/labels.tsv) is
//! what the rules were written against; the held-out set (tests/data/labels-heldout.tsv,
//! on other notes of the real archives and on tests/data/heldout/, small archives in the
//! shapes of other projects) was labelled before the code ran on it and is scored apart.

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
    /// Teams right only by another fair name than the label's first (`a|b`, `SAME_TEAM`).
    by_alternative: usize,
    meetings: usize,
    dated: usize,
}

impl Score {
    fn right_dates(&self) -> usize {
        self.checked - self.wrong_dates.len()
    }

    fn right_teams(&self) -> usize {
        self.checked - self.wrong_teams.len() - self.known_misses
    }

    fn report(&self, set: &str) {
        let n = self.checked;
        println!(
            "{set}: dates {}/{n}, teams {}/{n} ({} known team misses)",
            self.right_dates(),
            self.right_teams(),
            self.known_misses
        );
    }
}

/// Loads each (key prefix, archive folder) and compares every labelled note. Known team
/// misses are set apart only when `allow_known` (the tuning set, where they are listed).
fn score(
    labels: &BTreeMap<String, Label>,
    archives: &[(String, PathBuf)],
    allow_known: bool,
) -> Score {
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
                s.by_alternative += usize::from(label.team.split('|').next() != Some(&team));
                continue;
            }
            if allow_known && labels::known_team_miss(&key) {
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
    let s = score(&labels, &archives, true);
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
    s.report("tuning");
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

/// The real archives and each small archive under tests/data/heldout/ (keyed
/// `heldout/<project>/…`), for the held-out labels.
fn heldout_archives(shared: &std::path::Path) -> Vec<(String, PathBuf)> {
    let mut archives: Vec<(String, PathBuf)> = ARCHIVES
        .iter()
        .map(|(name, path)| (name.to_string(), shared.join(path)))
        .collect();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/heldout");
    let mut projects: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/data/heldout")
        .map(|e| e.expect("entry").path())
        .collect();
    projects.sort();
    for p in projects {
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        archives.push((format!("heldout/{name}"), p));
    }
    archives
}

/// The held-out score, reported on its own. Its thresholds are what a reader expects of a
/// tool that dates and files their meetings — nine dates in ten right, four teams in five
/// (a team's name is more a matter of taste than a date) — set before it was first run,
/// not from its score. Misses are printed, never excused: no known-miss list here.
#[test]
fn held_out_labels_score_what_a_reader_expects() {
    let Some(shared) = shared("conformance (held-out)") else {
        return;
    };
    let labels = labels::heldout();
    assert!(
        labels.len() >= 60,
        "the held-out set has {} notes",
        labels.len()
    );
    let s = score(&labels, &heldout_archives(&shared), false);
    assert_eq!(s.checked, labels.len(), "every held-out note was found");
    let n = s.checked;
    println!(
        "held-out: dates {}/{n}, teams {}/{n} ({} of them only by another fair name than the label's first)",
        s.right_dates(),
        s.right_teams(),
        s.by_alternative
    );
    for miss in s.wrong_dates.iter().chain(&s.wrong_teams) {
        println!("  held-out miss: {miss}");
    }
    assert!(
        s.right_dates() * 10 >= n * 9,
        "held-out dates {}/{n} are under 90%:\n{}",
        s.right_dates(),
        s.wrong_dates.join("\n")
    );
    assert!(
        s.right_teams() * 5 >= n * 4,
        "held-out teams {}/{n} are under 80%:\n{}",
        s.right_teams(),
        s.wrong_teams.join("\n")
    );
}
