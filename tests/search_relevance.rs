//! Relevance on a real archive: known-item queries for `ipfs__team-mgmt` (people,
//! references, dates, topic words, phrases; `tests/data/ipfs-queries.tsv`, written by
//! reading the notes), run through the reference query engine on the index a build wrote.
//! The meeting a person would expect must come first for at least 90% of the queries and
//! in the top 3 for all of them.

mod common;
use common::*;
use minutes::build::{self, Options};
use minutes::search::{self, Searcher};
use std::collections::HashMap;

pub const QUERIES: &str = include_str!("data/ipfs-queries.tsv");

#[test]
fn known_items_rank_first_in_the_ipfs_archive() {
    let Some(shared) = shared("known_items_rank_first_in_the_ipfs_archive") else {
        return;
    };
    let root = shared.join("corpus/real/ipfs__team-mgmt");
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let report = build::run(&Options {
        root: root.clone(),
        output: Some(site.clone()),
        base_url: Some("https://example.github.io/ipfs/".into()),
        ..Options::default()
    })
    .expect("the archive builds");
    let loaded = build::load_archive(&Options {
        root,
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
    assert!(report.notes > 500);

    let mut ranks = Vec::new();
    for line in QUERIES
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let (query, source) = line.split_once('\t').expect("query<TAB>source");
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
