//! The IO edge for `.minutes-cache/github.json`: what earlier fetches learnt, read at the
//! start of a fetch and replaced whole (a temporary file renamed over it) at its end.

use super::{Key, Meta, CACHE_PATH};
use crate::diag::Diagnostic;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

/// Raised when the file's shape changes; a file of another version is ignored (and
/// replaced after the next fetch), as a cache may be.
const VERSION: u32 = 1;

/// The file: `owner/repo#number` → what GitHub said, sorted, so the same answers give
/// the same bytes (a CI cache keyed on it stays put).
#[derive(Serialize, Deserialize)]
struct File {
    version: u32,
    entries: BTreeMap<String, Meta>,
}

/// The cache's entries; a missing file is an empty cache, an unreadable one a warning.
pub fn read(path: &Path) -> (BTreeMap<Key, Meta>, Option<Diagnostic>) {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (BTreeMap::new(), None),
        Err(e) => return (BTreeMap::new(), Some(warning(path, format!("could not be read ({e})")))),
    };
    let version = serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|v| v.get("version")?.as_u64());
    if version.is_some_and(|v| v != u64::from(VERSION)) {
        return (BTreeMap::new(), None);
    }
    match serde_json::from_str::<File>(&text) {
        Ok(file) => {
            let entries = file
                .entries
                .into_iter()
                .filter_map(|(k, m)| Some((parse_key(&k)?, m)))
                .collect();
            (entries, None)
        }
        Err(e) => (BTreeMap::new(), Some(warning(path, format!("is not a cache minutes wrote ({e}); it is ignored")))),
    }
}

/// Replaces the cache with `entries`: written beside it, then renamed over it, so a
/// build stopped halfway leaves the old file or the new one, never half of one.
pub fn write(path: &Path, entries: &BTreeMap<Key, Meta>) -> Option<Diagnostic> {
    let file = File {
        version: VERSION,
        entries: entries
            .iter()
            .map(|((o, r, n), m)| (format!("{o}/{r}#{n}"), m.clone()))
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&file).expect("plain data serialises");
    text.push('\n');
    let saved = (|| -> std::io::Result<()> {
        let dir = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        // A folder that is a link could lead anywhere; the cache stays in the archive.
        if std::fs::symlink_metadata(dir)?.file_type().is_symlink() {
            return Err(std::io::Error::other("its folder is a symbolic link"));
        }
        let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
        tmp.write_all(text.as_bytes())?;
        tmp.persist(path).map_err(|e| e.error)?;
        Ok(())
    })();
    saved
        .err()
        .map(|e| warning(path, format!("could not be written ({e})")))
}

/// `owner/repo#12` → its key; `None` for anything else (that entry is dropped).
fn parse_key(k: &str) -> Option<Key> {
    let (repo, number) = k.rsplit_once('#')?;
    let (owner, name) = repo.split_once('/')?;
    let number = number.parse().ok()?;
    Some((owner.to_string(), name.to_string(), number))
}

fn warning(path: &Path, what: String) -> Diagnostic {
    // Named as the archive knows it, when it is where builds put it.
    let shown = if path.ends_with(CACHE_PATH) {
        CACHE_PATH.to_string()
    } else {
        path.display().to_string()
    };
    Diagnostic::warning(shown, 1, 1, format!("the GitHub cache {what}"))
}

#[cfg(test)]
mod tests {
    use super::super::{Kind, State};
    use super::*;

    fn meta(title: &str) -> Meta {
        Meta {
            title: title.into(),
            state: State::Closed,
            kind: Kind::PullRequest,
            labels: vec!["bug".into()],
            fetched: 5,
        }
    }

    #[test]
    fn round_trip_sorted_and_versioned() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(CACHE_PATH);
        let mut entries = BTreeMap::new();
        entries.insert(("b".into(), "y".into(), 2), meta("Two"));
        entries.insert(("a".into(), "x".into(), 10), meta("Ten"));
        assert_eq!(write(&path, &entries), None);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("{\n  \"version\": 1,\n  \"entries\": {\n    \"a/x#10\""), "{text}");
        assert!(text.contains("\"kind\": \"pull_request\"") && text.contains("\"state\": \"closed\""), "{text}");
        assert_eq!(read(&path), (entries, None));
    }

    #[test]
    fn missing_is_empty_corrupt_is_a_warning_other_version_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(CACHE_PATH);
        assert_eq!(read(&path), (BTreeMap::new(), None));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, "{\"version\": 1, \"entries\": [").unwrap();
        let (entries, warning) = read(&path);
        assert!(entries.is_empty());
        let warning = warning.unwrap();
        assert_eq!((warning.path.as_str(), warning.line), (CACHE_PATH, 1));
        std::fs::write(&path, "{\"version\": 99, \"entries\": {\"x\": 1}}").unwrap();
        assert_eq!(read(&path), (BTreeMap::new(), None));
    }
}
