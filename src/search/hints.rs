//! What the type-ahead says of the issues a query names (`#5358`, `go-ipfs#5358`,
//! `ipfs/go-ipfs#5358`): each issue's title and state when known, how many meetings
//! discussed it, and its reference page. Search finds the meetings; a hint names the issue.
//!
//! Hints are bucketed by issue number (`search/refs/<number % buckets>.json`), since every
//! form of a reference carries the number: a query fetches one small file, never the list
//! of every issue (68,000 at 10,000 notes).

use super::format::json_len;
use super::DIR;
use serde::{Deserialize, Serialize};

/// A bucket is about this size (JSON bytes), so a `#N` query costs one small fetch.
pub const HINT_BYTES: usize = 8 * 1024;

/// One referenced issue, as the hint shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefHint {
    /// Lower-cased, as the index spells references: `ipfs/go-ipfs`.
    pub owner: String,
    pub repo: String,
    pub number: u64,
    pub title: Option<String>,
    /// `open`, `closed`, `merged`, `draft`: known only from GitHub.
    pub state: Option<&'static str>,
    /// Meetings that discussed it.
    pub meetings: u32,
    /// Site path of its reference page, relative to the base path.
    pub url: String,
}

/// A bucket's file: `h` holds `[reference, title, state, meetings, url]` rows, by number,
/// then most-discussed first.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct HintFile {
    pub h: Vec<HintRow>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct HintRow(
    pub String,
    pub Option<String>,
    pub Option<String>,
    pub u32,
    pub String,
);

impl From<&RefHint> for HintRow {
    fn from(h: &RefHint) -> HintRow {
        HintRow(
            format!("{}/{}#{}", h.owner, h.repo, h.number),
            h.title.clone(),
            h.state.map(str::to_string),
            h.meetings,
            h.url.clone(),
        )
    }
}

/// How many buckets `hints` fill at about [`HINT_BYTES`] each (0 when there are none).
fn bucket_count(rows: &[HintRow]) -> u32 {
    if rows.is_empty() {
        return 0;
    }
    let bytes: usize = rows.iter().map(|r| json_len(r) + 1).sum();
    bytes.div_ceil(HINT_BYTES).max(1) as u32
}

/// The bucket files `(path inside the site, file)` and their count, for `meta.json`.
/// Every bucket is written, empty or not, so the browser never fetches a missing file.
pub fn hint_files(hints: &[RefHint]) -> (u32, Vec<(String, HintFile)>) {
    let mut sorted: Vec<&RefHint> = hints.iter().collect();
    sorted.sort_by(|a, b| {
        (a.number, std::cmp::Reverse(a.meetings), &a.owner, &a.repo).cmp(&(
            b.number,
            std::cmp::Reverse(b.meetings),
            &b.owner,
            &b.repo,
        ))
    });
    let rows: Vec<(u64, HintRow)> = sorted.iter().map(|h| (h.number, HintRow::from(*h))).collect();
    let all: Vec<HintRow> = rows.iter().map(|(_, r)| r.clone()).collect();
    let n = bucket_count(&all);
    let mut files: Vec<HintFile> = (0..n).map(|_| HintFile::default()).collect();
    for (number, row) in rows {
        files[(number % u64::from(n)) as usize].h.push(row);
    }
    let files = files
        .into_iter()
        .enumerate()
        .map(|(k, f)| (format!("{DIR}/refs/{k}.json"), f))
        .collect();
    (n, files)
}

/// Whether hint row `reference` (`o/r#n`) is what the query's special term `term` names:
/// `#n` any repository's issue `n`, `r#n` repository `r` of any owner, `o/r#n` exactly.
/// `search.js` has the same rule (`hintMatches`).
#[cfg_attr(not(any(test, feature = "internals")), allow(dead_code))]
pub fn hint_matches(term: &str, reference: &str) -> bool {
    let (Some((q_repo, q_n)), Some((r_repo, r_n))) = (term.split_once('#'), reference.split_once('#'))
    else {
        return false;
    };
    if q_n != r_n {
        return false;
    }
    match q_repo {
        "" => true,
        q if q.contains('/') => q == r_repo,
        q => r_repo.split_once('/').is_some_and(|(_, name)| name == q),
    }
}

/// The bucket a query for issue number `number` reads, out of `buckets`.
#[cfg_attr(not(any(test, feature = "internals")), allow(dead_code))]
pub fn bucket_of(number: u64, buckets: u32) -> Option<u32> {
    (buckets > 0).then(|| (number % u64::from(buckets)) as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hint(owner: &str, repo: &str, number: u64, meetings: u32) -> RefHint {
        RefHint {
            owner: owner.into(),
            repo: repo.into(),
            number,
            title: Some(format!("Title of {repo} {number}")),
            state: None,
            meetings,
            url: format!("refs/{owner}/{repo}/{number}.html"),
        }
    }

    #[test]
    fn every_form_of_a_reference_finds_its_issue_and_no_other() {
        assert!(hint_matches("#5358", "ipfs/go-ipfs#5358"));
        assert!(hint_matches("go-ipfs#5358", "ipfs/go-ipfs#5358"));
        assert!(hint_matches("ipfs/go-ipfs#5358", "ipfs/go-ipfs#5358"));
        assert!(!hint_matches("#535", "ipfs/go-ipfs#5358"));
        assert!(!hint_matches("js-ipfs#5358", "ipfs/go-ipfs#5358"));
        assert!(!hint_matches("other/go-ipfs#5358", "ipfs/go-ipfs#5358"));
        assert!(!hint_matches("ipfs", "ipfs/go-ipfs#5358"));
    }

    #[test]
    fn a_number_is_always_in_the_bucket_its_query_reads() {
        // Enough hints for several buckets.
        let hints: Vec<RefHint> = (1..2000).map(|n| hint("o", "r", n, (n % 7) as u32)).collect();
        let (n, files) = hint_files(&hints);
        assert!(n > 1, "{n} buckets");
        assert_eq!(files.len(), n as usize);
        for h in &hints {
            let k = bucket_of(h.number, n).unwrap() as usize;
            let reference = format!("o/r#{}", h.number);
            assert!(
                files[k].1.h.iter().any(|r| r.0 == reference),
                "{reference} not in bucket {k}"
            );
        }
        for (_, f) in &files {
            assert!(json_len(f) < 2 * HINT_BYTES, "a bucket of {} bytes", json_len(f));
        }
    }

    #[test]
    fn the_most_discussed_issue_of_a_number_comes_first() {
        let hints = vec![hint("a", "x", 12, 1), hint("b", "y", 12, 9), hint("c", "z", 3, 4)];
        let (n, files) = hint_files(&hints);
        assert_eq!(n, 1);
        let refs: Vec<&str> = files[0].1.h.iter().map(|r| r.0.as_str()).collect();
        assert_eq!(refs, ["c/z#3", "b/y#12", "a/x#12"]);
        assert_eq!(files[0].0, "search/refs/0.json");
    }

    #[test]
    fn no_issues_no_buckets() {
        let (n, files) = hint_files(&[]);
        assert_eq!((n, files.len()), (0, 0));
        assert_eq!(bucket_of(5, 0), None);
    }
}
