//! Conformance: the real archives in ../shared/corpus/real and the seed notes build with
//! zero config and zero edits. Every note becomes a page, no diagnostic is an error, and
//! the labelled notes' pages show the date and team a reader gave (tests/data/labels.tsv)
//! and the title a reader sees at the top of the note.

mod common;
use common::*;
use minutes::build::{self, Options};
use std::path::Path;

fn build_archive(root: &Path) -> (minutes::build::Report, tempfile::TempDir) {
    let out = tempfile::tempdir().unwrap();
    let report = build::run(&Options {
        root: root.to_path_buf(),
        output: Some(out.path().join("site")),
        base_url: Some("https://example.github.io/archive/".into()),
        ..Options::default()
    })
    .unwrap_or_else(|e| panic!("{}: build could not run: {e}", root.display()));
    (report, out)
}

fn count_notes(root: &Path, exts: &[&str]) -> usize {
    walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            e.path()
                .extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| exts.contains(&x))
        })
        .count()
}

fn check(name: &str, root: &Path, exts: &[&str]) {
    let (report, out) = build_archive(root);
    for d in &report.diagnostics {
        eprintln!("{name}: {d}");
    }
    let expected = count_notes(root, exts);
    assert!(
        expected > 0,
        "{name}: no notes found under {}",
        root.display()
    );
    assert_eq!(report.notes, expected, "{name}: every note becomes a page");
    // Each note page exists on disk.
    let loaded = build::load_archive(&Options {
        root: root.to_path_buf(),
        ..Default::default()
    })
    .unwrap();
    for url in &loaded.archive.urls {
        let page = out.path().join("site").join(url).join("index.html");
        assert!(page.is_file(), "{name}: {} missing", page.display());
    }
    let errors: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.to_string())
        .collect();
    assert!(errors.is_empty(), "{name}: errors:\n{}", errors.join("\n"));
    pages_show_the_labels(name, root, &loaded, &out.path().join("site"));
}

/// Titles read off the notes (their first heading, as a person sees it), by label key.
const TITLES: &[(&str, &str)] = &[
    (
        "ipfs__team-mgmt/meeting-notes/2019/Q4/2019-12-17--package-managers-weekly.md",
        "📦 Package Managers Weekly Sync - Dec 17, 2019",
    ),
    (
        "rust-lang__lang-team/design-meeting-minutes/2020-02-03-specialization-review.md",
        "Specialization Review, 2020-02-03",
    ),
    (
        "rust-lang__lang-team/minutes/2019-09-26.md",
        "T-Lang Meeting: 2019.09.26",
    ),
];

/// Every labelled note of this archive: its page shows the reader's date and team (the
/// team chip links to `/teams/<id>/`), and, where a title was read, that title. Notes whose
/// team the code is known to miss (tests/conformance.rs) are held to their date only.
fn pages_show_the_labels(name: &str, root: &Path, loaded: &minutes::engine::Loaded, site: &Path) {
    let folder = root.file_name().unwrap().to_string_lossy();
    let labels = labels::tuning();
    let mut seen = 0;
    for (note, url) in loaded.archive.notes.iter().zip(&loaded.archive.urls) {
        let key = format!("{folder}/{}", note.source);
        let Some(label) = labels.get(&key) else {
            continue;
        };
        seen += 1;
        let html = std::fs::read_to_string(site.join(url).join("index.html")).unwrap();
        let page = scraper::Html::parse_document(&html);
        let date = attrs(&page, ".note-date time", "datetime");
        assert_eq!(
            date.first(),
            label.date.as_ref(),
            "{name}: {key}: the page's date"
        );
        if !labels::known_team_miss(&key) {
            let team = attrs(&page, ".note-team a", "href");
            let id = team
                .first()
                .and_then(|h| h.strip_prefix("/archive/teams/"))
                .map(|h| h.trim_end_matches('/'));
            assert!(
                id.is_some_and(|id| label.team_matches(id)),
                "{name}: {key}: the page's team is {team:?}, the reader's {}",
                label.team
            );
        }
        if let Some((_, title)) = TITLES.iter().find(|(k, _)| *k == key) {
            assert_eq!(texts(&page, "h1.note-title"), [*title], "{name}: {key}");
        }
    }
    eprintln!("{name}: {seen} labelled pages checked");
}

#[test]
fn pokt_network_pocket_builds() {
    let Some(shared) = shared("pokt_network_pocket_builds") else {
        return;
    };
    check(
        "pocket",
        &shared.join("corpus/real/pokt-network__pocket"),
        &["md"],
    );
}

#[test]
fn ipfs_team_mgmt_builds() {
    let Some(shared) = shared("ipfs_team_mgmt_builds") else {
        return;
    };
    check("ipfs", &shared.join("corpus/real/ipfs__team-mgmt"), &["md"]);
}

#[test]
fn rust_lang_team_builds() {
    let Some(shared) = shared("rust_lang_team_builds") else {
        return;
    };
    check(
        "rust-lang",
        &shared.join("corpus/real/rust-lang__lang-team"),
        &["md"],
    );
}

#[test]
fn seeds_build() {
    let Some(shared) = shared("seeds_build") else {
        return;
    };
    check("seeds", &shared.join("seeds"), &["txt"]);
}
