//! The seed notes in `../shared/seeds` (or `$MINUTES_SHARED/seeds`) rendered by the
//! Markdown stage alone: real notes whose shapes the unit tests only imitate.

mod common;
use common::shared;
use minutes::highlight::Highlighter;
use minutes::markdown::{render, Options};

#[test]
fn seed_devlog_renders() {
    let Some(shared) = shared("seed_devlog_renders") else {
        return;
    };
    let dir = shared.join("seeds");
    let path = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("000_"))
        })
        .unwrap_or_else(|| panic!("no seed 000_* in {}", dir.display()));
    let body = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
    let highlighter = Highlighter::new();
    let r = render(
        &body,
        &Options {
            highlighter: &highlighter,
            links: None,
            refs: None,
        },
    );
    let current = r
        .toc
        .iter()
        .find(|t| t.text.starts_with("Current Iteration"))
        .expect("Current Iteration heading");
    assert!(current.id.len() > "current-iteration-".len(), "{current:?}");
    assert_eq!(r.toc[0].id, "pocket-v1-devlog-call-1-notes-");
    assert!(
        r.summary()
            .starts_with("Q: Do we have a distributed tracing"),
        "{}",
        r.summary()
    );
    assert!(r
        .html
        .contains("<a href=\"https://github.com/pokt-network/pocket/pull/450\">"));
    assert!(r.word_count > 100);
}
