//! Conformance: the real archives in ../shared/corpus/real and the seed notes build with
//! zero config and zero edits. Every note becomes a page; nothing panics.

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
    // Errors, if any, must name a file and a line.
    for d in report.diagnostics.iter().filter(|d| d.is_error()) {
        assert!(
            !d.path.is_empty() && d.line >= 1,
            "{name}: unclear diagnostic {d}"
        );
    }
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
