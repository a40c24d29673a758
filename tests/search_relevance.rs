//! Relevance on the real archives, through the reference query engine on the index a build
//! wrote. Known-item queries for `ipfs__team-mgmt` (people, references, dates, topic
//! words, phrases; `tests/data/ipfs-queries.tsv`): the meeting a person would expect must
//! come first for at least 90% of the queries and in the top 3 for all of them. Queries
//! that write the words differently from the note (other forms, typos, hyphens, dates
//! written out; `tests/data/forgiving-queries.tsv`, all three archives): first for at
//! least 95%. Queries where ranking decides (`tests/data/ranking-queries.tsv`: words that
//! many notes share, a title word against the same word in bodies, a frequent attendee, a
//! phrase whose words occur apart): every one first but for listed known misses, so that
//! removing IDF, field weights or the phrase check fails. All files were written by
//! reading the notes.

mod common;
use common::*;
use minutes::build::{self, Options};
use minutes::search::{self, Searcher};
use std::collections::HashMap;
use std::path::Path;

pub const QUERIES: &str = include_str!("data/ipfs-queries.tsv");
pub const FORGIVING: &str = include_str!("data/forgiving-queries.tsv");
pub const RANKING: &str = include_str!("data/ranking-queries.tsv");

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
    assert_eq!(searcher.meta.notes as usize, loaded.archive.listed.len());
    assert!(report.notes > 10);
    let mut ranks = Vec::new();
    for &(query, source) in queries {
        let want = url_of
            .get(source)
            .unwrap_or_else(|| panic!("{source}: no such note"));
        // As in the browser: what is in the box, its last word possibly unfinished; the
        // meetings, as their list shows them (decisions and action items are a group of
        // their own above it).
        let hits = searcher
            .search(
                query,
                &search::Options {
                    typing: true,
                    limit: 3,
                    kinds: vec![search::Kind::Meeting],
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
    // Issue 17 asks for every one first (`mediachain August 2016` and `March 2017 docs
    // sprint` were second until metadata stopped being normalised by the body's length).
    assert_eq!(
        first,
        n,
        "expected meeting first for every query: {:?}",
        ranks
            .iter()
            .filter(|(_, r)| *r != Some(1))
            .collect::<Vec<_>>()
    );
}

/// Ranks of the queries of a file whose lines are `archive, query, source, …`.
fn ranks_by_archive<'q>(shared: &Path, text: &'q str) -> Vec<(&'q str, Option<usize>)> {
    let mut by_archive: HashMap<&str, Vec<(&str, &str)>> = HashMap::new();
    for f in lines(text) {
        by_archive.entry(f[0]).or_default().push((f[1], f[2]));
    }
    let mut all = Vec::new();
    for (archive, queries) in &by_archive {
        all.extend(ranks(&shared.join("corpus/real").join(archive), queries));
    }
    all
}

#[test]
fn other_forms_typos_and_dates_rank_first_in_the_real_archives() {
    let Some(shared) = shared("other_forms_typos_and_dates_rank_first_in_the_real_archives") else {
        return;
    };
    let all = ranks_by_archive(&shared, FORGIVING);
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

/// Queries of `tests/data/ranking-queries.tsv` whose note does not come first today, each
/// a miss of the product rather than of the query, listed so that every other query must
/// still come first and the score is printed with these counted as misses; each must still
/// miss (a fix removes it from the list).
/// (`edition`, `pubsub`, `http api` and `diasdavid pubsub` were misses until a completion
/// of the word being typed counted the word's own documents in its idf, as other forms
/// do: a rarer completion such as `editions` outweighed the exact word.)
/// (`subdomains` and `interplanetary test lab` were misses until metadata (team, date,
/// attendees) became a bonus of its own rather than frequency normalised by the body's
/// length, which had favoured short notes.)
const KNOWN_RANKING_MISSES: &[&str] = &[];

/// A person expects the note a query plainly names first, even when every word of the query
/// is in many other notes: every query is first but for the known misses above, which must
/// still miss (a fix removes them from the list).
#[test]
fn ranking_decides_between_notes_sharing_the_words() {
    let Some(shared) = shared("ranking_decides_between_notes_sharing_the_words") else {
        return;
    };
    let all = ranks_by_archive(&shared, RANKING);
    let n = all.len();
    let first = all.iter().filter(|(_, r)| *r == Some(1)).count();
    eprintln!(
        "ranking: {first}/{n} first ({} known misses)",
        KNOWN_RANKING_MISSES.len()
    );
    assert!(n >= 20, "at least 20 queries, got {n}");
    let wrong: Vec<_> = all
        .iter()
        .filter(|(q, r)| (*r == Some(1)) == KNOWN_RANKING_MISSES.contains(q))
        .collect();
    assert!(
        wrong.is_empty(),
        "not first (or a known miss that is now first; remove it from the list): {wrong:?}"
    );
}
