//! Relevance on the real archives, through the reference query engine on the index a build
//! wrote. Known-item queries for `ipfs__team-mgmt` (people, references, dates, topic
//! words, phrases; `tests/data/ipfs-queries.tsv`): the meeting a person would expect must
//! come first for at least 90% of the queries and in the top 3 for all of them. Queries
//! that write the words differently from the note (other forms, typos, hyphens, dates
//! written out; `tests/data/forgiving-queries.tsv`, all three archives): first for at
//! least 95%. Both files were written by reading the notes.

mod common;
use common::*;
use minutes::build::{self, Options};
use minutes::search::{self, Searcher};
use std::collections::HashMap;
use std::path::Path;

pub const QUERIES: &str = include_str!("data/ipfs-queries.tsv");
pub const FORGIVING: &str = include_str!("data/forgiving-queries.tsv");

/// Builds `root` and returns, for each `(query, source)`, the rank of the source's page
/// (from 1; `None` when it is not found).
fn ranks<'q>(root: &Path, queries: &[(&'q str, &'q str)]) -> Vec<(&'q str, Option<usize>)> {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let report = build::run(&Options {
        root: root.to_path_buf(),
        output: Some(site.clone()),
        base_url: Some("https://example.github.io/archive/".into()),
        ..Options::default()
    })
    .expect("the archive builds");
    let loaded = build::load_archive(&Options {
        root: root.to_path_buf(),
        ..Default::default()
    })
    .unwrap();
    let url_of: HashMap<&str, &str> = loaded
        .archive
        .notes
        .iter()
        .zip(&loaded.archive.urls)
        .map(|(n, u)| (n.source.as_str(), u.as_str()))
        .collect();
    let searcher = Searcher::new(|p: &str| std::fs::read(site.join(p)).ok()).expect("index");
    assert_eq!(searcher.meta.docs as usize, loaded.archive.listed.len());
    assert!(report.notes > 10);
    let mut ranks = Vec::new();
    for &(query, source) in queries {
        let want = url_of
            .get(source)
            .unwrap_or_else(|| panic!("{source}: no such note"));
        // As in the browser: what is in the box, its last word possibly unfinished.
        let hits = searcher
            .search(
                query,
                &search::Options {
                    typing: true,
                    limit: 3,
                    ..Default::default()
                },
            )
            .unwrap();
        let rank = hits.iter().position(|h| h.url == *want).map(|r| r + 1);
        let top: Vec<&str> = hits.iter().take(3).map(|h| h.url.as_str()).collect();
        eprintln!(
            "{:>4}  {query:<40} {want}{}",
            rank.map_or("-".into(), |r| r.to_string()),
            if rank == Some(1) {
                String::new()
            } else {
                format!("  (top: {top:?})")
            }
        );
        ranks.push((query, rank));
    }
    ranks
}

/// The lines of a query file that are not comments, split at tabs.
fn lines(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').collect())
}

#[test]
fn known_items_rank_first_in_the_ipfs_archive() {
    let Some(shared) = shared("known_items_rank_first_in_the_ipfs_archive") else {
        return;
    };
    let root = shared.join("corpus/real/ipfs__team-mgmt");
    let queries: Vec<(&str, &str)> = lines(QUERIES).map(|f| (f[0], f[1])).collect();
    let ranks = ranks(&root, &queries);
    let n = ranks.len();
    let first = ranks.iter().filter(|(_, r)| *r == Some(1)).count();
    eprintln!(
        "{first}/{n} first, {} in the top 3",
        ranks
            .iter()
            .filter(|(_, r)| r.is_some_and(|r| r <= 3))
            .count()
    );
    assert!(n >= 20, "at least 20 queries, got {n}");
    let missed: Vec<_> = ranks
        .iter()
        .filter(|(_, r)| !r.is_some_and(|r| r <= 3))
        .collect();
    assert!(missed.is_empty(), "not in the top 3: {missed:?}");
    assert!(
        first * 10 >= n * 9,
        "expected meeting first for {first}/{n}, below 90%"
    );
}

#[test]
fn other_forms_typos_and_dates_rank_first_in_the_real_archives() {
    let Some(shared) = shared("other_forms_typos_and_dates_rank_first_in_the_real_archives") else {
        return;
    };
    let mut by_archive: HashMap<&str, Vec<(&str, &str)>> = HashMap::new();
    for f in lines(FORGIVING) {
        by_archive.entry(f[0]).or_default().push((f[1], f[2]));
    }
    let mut all = Vec::new();
    for (archive, queries) in &by_archive {
        all.extend(ranks(&shared.join("corpus/real").join(archive), queries));
    }
    let n = all.len();
    let first = all.iter().filter(|(_, r)| *r == Some(1)).count();
    eprintln!("{first}/{n} first");
    assert!(n >= 20, "at least 20 queries, got {n}");
    assert!(
        first * 100 >= n * 95,
        "expected meeting first for {first}/{n}, below 95%: {:?}",
        all.iter()
            .filter(|(_, r)| *r != Some(1))
            .collect::<Vec<_>>()
    );
}
