//! What `build` prints while it runs: on a terminal a bar through the stages, a line per
//! stage and a summary table; off a terminal one summary line; with --quiet only problems.

mod common;
use common::TestArchive;
use minutes::build::{self, Options};
use std::process::{Command, Output};

fn archive() -> TestArchive {
    let a = TestArchive::new();
    a.file(
        "content/core/2022-03-14--core-sync.md",
        "# Core sync\n\ntext\n",
    )
    .file(
        "content/core/2022-03-21--core-sync.md",
        "# Core sync\n\nmore\n",
    );
    a
}

/// The same archive with a note that links to a missing file: a warning.
fn archive_with_a_warning() -> TestArchive {
    let a = archive();
    a.file(
        "content/core/2022-03-28--core-sync.md",
        "# Core sync\n\nSee [the slides](missing.pdf).\n",
    );
    a
}

fn minutes(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_minutes"))
        .args(args)
        .env_remove("GITHUB_ACTIONS")
        // A CI runner sets it; these tests choose their repository themselves.
        .env_remove("GITHUB_REPOSITORY")
        .output()
        .expect("minutes runs")
}

/// The progress bar counts through `build::STAGES`: they must be the stages `run` reports.
#[test]
fn progress_stages_are_the_stages_build_reports() {
    let a = archive();
    let mut seen = Vec::new();
    let report = build::run_observed(
        &Options {
            root: a.root().to_path_buf(),
            ..Options::default()
        },
        &mut |t| seen.push(t.stage),
    )
    .unwrap();
    assert_eq!(seen, build::STAGES);
    let reported: Vec<&str> = report.timings.iter().map(|t| t.stage).collect();
    assert_eq!(reported, build::STAGES);
}

#[test]
fn build_off_a_terminal_prints_one_summary_line() {
    let a = archive();
    let out = minutes(&["build", a.root().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8(out.stderr).unwrap();
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    assert!(
        lines[0].starts_with("built 2 notes into ")
            && (lines[0].ends_with(" ms") || lines[0].ends_with(" s")),
        "{stderr}"
    );
    // No bar, no colour: nothing a CI log would show as garbage.
    assert!(
        !stderr.contains('\x1b') && !stderr.contains('\r'),
        "{stderr:?}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn build_quiet_prints_nothing_but_problems() {
    let a = archive();
    let out = minutes(&["build", "--quiet", a.root().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty());
    assert!(a.out().join("index.html").is_file(), "--quiet still builds");

    let a = archive_with_a_warning();
    let out = minutes(&["build", "-q", a.root().to_str().unwrap()]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("content/core/2022-03-28--core-sync.md:3:")
            && stderr.contains(": warning: "),
        "{stderr}"
    );
}

/// Under a pseudo-terminal (util-linux `script`), as a person running `minutes build` sees it.
#[test]
fn build_on_a_terminal_shows_each_stage_and_a_summary_table() {
    if !common::program_present(
        "build_on_a_terminal_shows_each_stage_and_a_summary_table",
        "script",
        "--version",
        "`apt-get install bsdutils`",
    ) {
        return;
    }
    let a = archive_with_a_warning();
    // The paths are a temporary folder's and the binary's, quoted for the shell `script` runs.
    let command = format!(
        "'{}' build '{}'",
        env!("CARGO_BIN_EXE_minutes"),
        a.root().display()
    );
    let out = Command::new("script")
        .args(["--quiet", "--return", "--command", &command, "/dev/null"])
        .env("TERM", "xterm-256color")
        .env_remove("GITHUB_ACTIONS")
        .output()
        .expect("script runs");
    let screen = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{screen}");
    // The bar, drawn and redrawn in place.
    assert!(screen.contains("/10 stages"), "{screen}");
    assert!(screen.contains("\r\x1b[2K"), "{screen:?}");
    // A line for each stage as it ends.
    for stage in build::STAGES {
        assert!(
            screen
                .lines()
                .any(|l| l.contains(&format!(" {stage} ")) && l.contains(" ms")),
            "no line for {stage}:\n{screen}"
        );
    }
    // The problem, then the table and the line.
    let tail: Vec<&str> = screen
        .lines()
        // What stays on screen of a line: what was written after the bar last cleared it.
        .map(|l| l.rsplit("\x1b[2K").next().unwrap().trim_end_matches('\r'))
        .skip_while(|l| !l.starts_with("content/core/2022-03-28--core-sync.md:3:"))
        .collect();
    assert!(tail.len() == 7, "{tail:#?}\n{screen}");
    let rows: Vec<Vec<&str>> = tail[1..5]
        .iter()
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(
        rows,
        [
            vec!["notes", "3"],
            vec!["pages", rows[1][1]],
            vec!["errors", "0"],
            vec!["warnings", "1"],
        ]
    );
    assert!(tail[5].trim_start().starts_with("time "), "{}", tail[5]);
    assert!(
        tail[6].starts_with("built 3 notes into ") && tail[6].ends_with("s: 1 warning"),
        "{}",
        tail[6]
    );
}
