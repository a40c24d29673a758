//! `build` and `serve` run one engine: every file `build` writes is what `serve` answers
//! for the same path, byte for byte (serve adds its live-reload script to HTML responses
//! on the way out, in `serve.rs`, not in the site it renders).

mod common;
use common::*;
use minutes::build::{self, Options};
use minutes::site::Site;
use std::path::Path;

/// Builds `root` into a temporary folder, loads the same archive as `serve` does, and
/// compares every written file with the served one. Returns how many files were compared.
fn assert_build_equals_serve(root: &Path) -> usize {
    let out = tempfile::tempdir().expect("temp dir");
    let out = out.path().join("site");
    let opts = Options {
        root: root.to_path_buf(),
        output: Some(out.clone()),
        ..Default::default()
    };
    build::run(&opts).expect("the archive builds");
    let mut site = Site::load(&opts).expect("the archive loads");
    let index = site.search_input().build();
    site.set_search(index);
    let mut differing = Vec::new();
    let written = files(&out);
    for path in &written {
        // Written by `write` to mark a folder it may replace; not part of the site.
        if path == ".minutes-output" {
            continue;
        }
        let built = std::fs::read(out.join(path)).expect("a built file reads");
        match site.get(path) {
            Some(Ok(served)) if served == built => {}
            Some(Ok(_)) => differing.push(format!("{path}: different bytes")),
            Some(Err(d)) => differing.push(format!("{path}: serve fails: {d}")),
            None => differing.push(format!("{path}: serve has no such file")),
        }
    }
    assert!(
        differing.is_empty(),
        "{} of {} files differ between build and serve in {}:\n{}",
        differing.len(),
        written.len(),
        root.display(),
        differing.join("\n")
    );
    written.len()
}

#[test]
fn build_and_serve_give_the_same_bytes_for_the_example() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    assert!(assert_build_equals_serve(&example) > 200);
}

#[test]
fn build_and_serve_give_the_same_bytes_for_a_real_archive() {
    let Some(shared) = shared("build_and_serve_give_the_same_bytes_for_a_real_archive") else {
        return;
    };
    // ipfs: 556 notes with links to files that do not exist (`gohugo.io`), which `serve`
    // once rewrote and `build` did not.
    let n = assert_build_equals_serve(&shared.join("corpus/real/ipfs__team-mgmt"));
    assert!(n > 5000, "{n} files");
}
