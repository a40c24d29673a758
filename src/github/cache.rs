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

/// What earlier fetches learnt.
#[derive(Debug, Default, PartialEq)]
pub struct Cache {
    pub entries: BTreeMap<Key, Meta>,
    /// References GitHub said it has not (or the token cannot see), and when: asked again
    /// only a day later, so a typo in a note costs one request a day, not one a build.
    pub missing: BTreeMap<Key, i64>,
}

/// The file: `owner/repo#number` → what GitHub said, sorted, so the same answers give
/// the same bytes (a CI cache keyed on it stays put).
#[derive(Serialize, Deserialize)]
struct File {
    version: u32,
    entries: BTreeMap<String, Meta>,
    #[serde(default)]
    missing: BTreeMap<String, i64>,
}

/// The cache; a missing file is an empty cache, an unreadable one a warning.
pub fn read(path: &Path) -> (Cache, Option<Diagnostic>) {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (Cache::default(), None),
        Err(e) => return (Cache::default(), Some(warning(path, format!("could not be read ({e})")))),
    };
    let version = serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|v| v.get("version")?.as_u64());
    if version.is_some_and(|v| v != u64::from(VERSION)) {
        return (Cache::default(), None);
    }
    match serde_json::from_str::<File>(&text) {
        Ok(file) => {
            let cache = Cache {
                entries: keyed(file.entries),
                missing: keyed(file.missing),
            };
            (cache, None)
        }
        Err(e) => {
            let what = format!("is not a cache minutes wrote ({e}); it is ignored");
            (Cache::default(), Some(warning(path, what)))
        }
    }
}

/// Entries by key; one whose key is not `owner/repo#number` is dropped.
fn keyed<T>(entries: BTreeMap<String, T>) -> BTreeMap<Key, T> {
    entries
        .into_iter()
        .filter_map(|(k, v)| Some((parse_key(&k)?, v)))
        .collect()
}

fn named<T: Clone>(entries: &BTreeMap<Key, T>) -> BTreeMap<String, T> {
    entries
        .iter()
        .map(|((o, r, n), v)| (format!("{o}/{r}#{n}"), v.clone()))
        .collect()
}

/// Replaces the cache with `entries`: written beside it, then renamed over it, so a
/// build stopped halfway leaves the old file or the new one, never half of one.
pub fn write(path: &Path, cache: &Cache) -> Option<Diagnostic> {
    let file = File {
        version: VERSION,
        entries: named(&cache.entries),
        missing: named(&cache.missing),
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
        let mut cache = Cache::default();
        cache.entries.insert(("b".into(), "y".into(), 2), meta("Two"));
        cache.entries.insert(("a".into(), "x".into(), 10), meta("Ten"));
        cache.missing.insert(("a".into(), "x".into(), 3), 7);
        assert_eq!(write(&path, &cache), None);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("{\n  \"version\": 1,\n  \"entries\": {\n    \"a/x#10\""), "{text}");
        assert!(text.contains("\"kind\": \"pull_request\"") && text.contains("\"state\": \"closed\""), "{text}");
        assert!(text.contains("\"missing\": {\n    \"a/x#3\": 7\n  }"), "{text}");
        assert_eq!(read(&path), (cache, None));
    }

    #[test]
    fn missing_is_empty_corrupt_is_a_warning_other_version_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(CACHE_PATH);
        assert_eq!(read(&path), (Cache::default(), None));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, "{\"version\": 1, \"entries\": [").unwrap();
        let (cache, warning) = read(&path);
        assert_eq!(cache, Cache::default());
        let warning = warning.unwrap();
        assert_eq!((warning.path.as_str(), warning.line), (CACHE_PATH, 1));
        std::fs::write(&path, "{\"version\": 99, \"entries\": {\"x\": 1}}").unwrap();
        assert_eq!(read(&path), (Cache::default(), None));
    }
}
