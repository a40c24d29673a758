//! Notes are untrusted input (issue 13): what a build reads and where it writes. Symlinks
//! and special files in the archive, notes named like generated files, and builds that
//! overlap or were killed.
#![cfg(unix)]

mod common;
use common::TestArchive;
use std::process::{Command, Output};

fn minutes(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_minutes"))
        .args(args)
        .env_remove("GITHUB_ACTIONS")
        // A CI runner sets it; these tests choose their repository themselves.
        .env_remove("GITHUB_REPOSITORY")
        .output()
        .expect("minutes runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn a_symlink_to_a_file_outside_the_archive_is_never_published() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("secret.md"),
        "# TOP SECRET\n\nhunter2\n",
    )
    .unwrap();
    std::fs::write(outside.path().join("secret.png"), "hunter2").unwrap();
    let a = TestArchive::new();
    a.file("content/2020-01-06--go.md", "# Go\n\n![chart](chart.png)\n");
    std::os::unix::fs::symlink(
        outside.path().join("secret.md"),
        a.root().join("content/2020-01-07--leak.md"),
    )
    .unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.png"),
        a.root().join("content/chart.png"),
    )
    .unwrap();
    let root = a.root().to_str().unwrap();
    let check = minutes(&["check", root]);
    let real = outside.path().canonicalize().unwrap();
    assert!(
        stderr(&check).contains(&format!(
            "content/2020-01-07--leak.md:1:1: warning: symlink leads outside the archive (→ {}/secret.md); skipped",
            real.display()
        )),
        "{}",
        stderr(&check)
    );
    let build = minutes(&["build", root]);
    assert!(
        build.status.code().is_some_and(|c| c < 2),
        "{}",
        stderr(&build)
    );
    for file in common::files(&a.out()) {
        let bytes = std::fs::read(a.out().join(&file)).unwrap();
        assert!(
            !String::from_utf8_lossy(&bytes).contains("hunter2"),
            "{file} publishes the secret"
        );
    }
}

#[test]
fn a_fifo_named_like_a_note_does_not_hang_the_build() {
    let a = TestArchive::new();
    a.file("content/2020-01-06--go.md", "# Go\n");
    let made = Command::new("mkfifo")
        .arg(a.root().join("content/2020-01-07--pipe.md"))
        .status()
        .expect("mkfifo (coreutils) runs");
    assert!(made.success());
    // Were the FIFO opened, this would wait for a writer forever.
    let build = minutes(&["build", a.root().to_str().unwrap()]);
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    assert!(
        stderr(&build).contains("content/2020-01-07--pipe.md:1:1: warning: not a regular file"),
        "{}",
        stderr(&build)
    );
}

#[test]
fn a_note_named_like_the_home_page_feed_or_sitemap_is_an_error_in_check_and_build() {
    let a = TestArchive::new();
    a.file("content/2020-01-06--go.md", "# Go\n")
        .file("content/index.html.md", "# Home?\n")
        .file("content/atom.xml.md", "# Feed?\n")
        .file("content/sitemap.xml.md", "# Sitemap?\n");
    let root = a.root().to_str().unwrap();
    let expected = [
        "content/atom.xml.md:1:1: error: URL /atom.xml/ is already used by a page minutes generates; this note is published at /atom.xml-2/ instead",
        "content/index.html.md:1:1: error: URL /index.html/ is already used by a page minutes generates; this note is published at /index.html-2/ instead",
        "content/sitemap.xml.md:1:1: error: URL /sitemap.xml/ is already used by a page minutes generates; this note is published at /sitemap.xml-2/ instead",
    ];
    for command in ["check", "build"] {
        let out = minutes(&[command, root]);
        assert_eq!(out.status.code(), Some(1), "{command}: {}", stderr(&out));
        for line in expected {
            assert!(stderr(&out).contains(line), "{command}: {}", stderr(&out));
        }
    }
    for file in ["index.html", "atom.xml", "sitemap.xml"] {
        assert!(a.out().join(file).is_file(), "{file} is a file");
    }
    assert!(a.out().join("index.html-2/index.html").is_file());
}

#[test]
fn a_killed_builds_staging_folder_is_removed_by_the_next_build_and_look_alikes_are_kept() {
    let a = TestArchive::new();
    a.file("content/2020-01-06--go.md", "# Go\n");
    // What `kill -9` during a build leaves: the staging folder, with the mark minutes
    // writes into it first.
    a.file(".public.minutes-k1ll3d/.minutes-output", "")
        .file(".public.minutes-k1ll3d/go/index.html", "half a site");
    // Named alike, but not minutes' own.
    a.file(".public.minutes-notes/keep.md", "mine");
    let build = minutes(&["build", a.root().to_str().unwrap()]);
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    assert!(!a.root().join(".public.minutes-k1ll3d").exists());
    assert_eq!(
        std::fs::read_to_string(a.root().join(".public.minutes-notes/keep.md")).unwrap(),
        "mine"
    );
    let mut left: Vec<String> = std::fs::read_dir(a.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public"))
        .collect();
    left.sort();
    // No lock file either: it lives only as long as the build.
    assert_eq!(left, [".public.minutes-notes"]);
}

#[test]
fn a_second_build_into_the_same_output_exits_2_while_one_is_running() {
    let a = TestArchive::new();
    a.file("content/2020-01-06--go.md", "# Go\n");
    let root = a.root().to_str().unwrap();
    assert_eq!(minutes(&["build", root]).status.code(), Some(0));
    let before = a.text("2020-01-06--go/index.html");
    // This process plays the build that is running.
    let lock_path = a.root().join(".public.minutes-lock");
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .unwrap();
    lock.try_lock().expect("no build holds the lock");
    a.file("content/2020-01-06--go.md", "# Go, edited\n");
    let second = minutes(&["build", root]);
    assert_eq!(second.status.code(), Some(2), "{}", stderr(&second));
    let out = a.out().canonicalize().unwrap();
    let lock_real = lock_path.canonicalize().unwrap();
    assert_eq!(
        stderr(&second).trim_end(),
        format!(
            "error: another minutes build is writing {} (lock {}); try again when it finishes",
            out.display(),
            lock_real.display()
        )
    );
    assert_eq!(
        a.text("2020-01-06--go/index.html"),
        before,
        "the running build's output is untouched"
    );
    drop(lock);
    let third = minutes(&["build", root]);
    assert_eq!(third.status.code(), Some(0), "{}", stderr(&third));
    assert!(a.text("2020-01-06--go/index.html").contains("Go, edited"));
}
