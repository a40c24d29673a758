//! Precision of decisions and action items on the real archives in ../shared/corpus/real,
//! scored against samples a person labelled by READING each found line in its note:
//! `tests/data/outcomes_labels.tsv` (the tuning sample: labelled from the first version of
//! the rules, which were then tightened against its incorrect rows) and
//! `tests/data/outcomes_labels2.tsv` (a second sample, labelled from the tightened rules'
//! output; its incorrect rows led to more rules, so it is tuning too) and
//! `tests/data/outcomes_heldout.tsv` (labelled from the final rules' output before this
//! test first scored it, and never used to change a rule). A labelled item the code no
//! longer finds is not scored for precision; the share of correct items still found is
//! checked too, so dropping everything cannot pass.

mod common;
use common::*;
use minutes::build::{self, Options};
use std::collections::{BTreeMap, BTreeSet};

struct Row {
    archive: String,
    source: String,
    line: u32,
    kind: String,
    correct: bool,
}

fn rows(file: &str) -> Vec<Row> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(file);
    std::fs::read_to_string(&path)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            Row {
                archive: f[0].into(),
                source: f[1].into(),
                line: f[2].parse().unwrap(),
                kind: f[3].into(),
                correct: f[4] == "1",
            }
        })
        .collect()
}

/// (source, line, kind) of every outcome the code finds in each archive.
fn found(
    shared: &std::path::Path,
    archives: &BTreeSet<&str>,
) -> BTreeMap<String, BTreeSet<(String, u32, String)>> {
    archives
        .iter()
        .map(|a| {
            let loaded = build::load_archive(&Options {
                root: shared.join("corpus/real").join(a),
                ..Options::default()
            })
            .unwrap();
            let set = loaded
                .archive
                .notes
                .iter()
                .zip(build::note_scan(&loaded))
                .flat_map(|(n, (_, outcomes))| {
                    outcomes.into_iter().map(move |o| {
                        let kind = serde_json::to_value(o.kind).unwrap();
                        (n.source.clone(), o.line, kind.as_str().unwrap().to_string())
                    })
                })
                .collect();
            (a.to_string(), set)
        })
        .collect()
}

/// Scores one sample: prints and checks precision ≥ 95% per archive and overall, and that
/// at least 90% of the items labelled correct are still found.
fn score(file: &str) {
    let Some(shared) = shared(file) else { return };
    let rows = rows(file);
    let archives: BTreeSet<&str> = rows.iter().map(|r| r.archive.as_str()).collect();
    let found = found(&shared, &archives);
    let mut total = (0, 0, 0, 0);
    for a in &archives {
        let mine: Vec<&Row> = rows.iter().filter(|r| r.archive == *a).collect();
        let is_found = |r: &Row| found[*a].contains(&(r.source.clone(), r.line, r.kind.clone()));
        let scored: Vec<&&Row> = mine.iter().filter(|r| is_found(r)).collect();
        let correct = scored.iter().filter(|r| r.correct).count();
        let labelled_correct = mine.iter().filter(|r| r.correct).count();
        eprintln!(
            "{file} {a}: precision {correct}/{} = {:.1}%; correct items still found {correct}/{labelled_correct}",
            scored.len(),
            100.0 * correct as f64 / scored.len().max(1) as f64
        );
        for r in scored.iter().filter(|r| !r.correct) {
            eprintln!("  incorrect: {}:{} {}", r.source, r.line, r.kind);
        }
        assert!(
            correct as f64 >= 0.95 * scored.len() as f64,
            "{a}: precision under 95%"
        );
        total = (
            total.0 + correct,
            total.1 + scored.len(),
            total.2 + labelled_correct,
            total.3,
        );
    }
    assert!(total.1 > 0, "nothing labelled was found");
    assert!(
        total.0 as f64 >= 0.9 * total.2 as f64,
        "fewer than 90% of the items labelled correct are still found"
    );
}

#[test]
fn precision_on_the_tuning_sample() {
    score("outcomes_labels.tsv");
}

#[test]
fn precision_on_the_second_tuning_sample() {
    score("outcomes_labels2.tsv");
}

#[test]
fn precision_on_the_held_out_sample() {
    score("outcomes_heldout.tsv");
}
