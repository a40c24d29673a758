//! Tests that need something beyond Rust: fail in CI, skip with one line elsewhere.

/// Whether this run is CI's (`CI=true`, as GitHub Actions and `.ci/run` set it).
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// For a test that needs something beyond Rust (a browser, a linter, the shared corpora):
/// `missing` is `None` when it is there. When it is missing, in CI this fails the test;
/// elsewhere it prints one line saying what was skipped and how to run it, and says so.
/// The line is written to the terminal directly: libtest hides a passing test's `eprintln!`.
pub fn skip_unless_present(test: &str, missing: Option<String>, how: &str) -> bool {
    let Some(missing) = missing else {
        return true;
    };
    assert!(!in_ci(), "{test}: {missing}; {how}");
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED {test}: {missing}; {how} (with CI=true this fails)"
    );
    false
}

/// [`skip_unless_present`] for a program on `PATH`: present when `program version_arg`
/// runs.
pub fn program_present(test: &str, program: &str, version_arg: &str, how: &str) -> bool {
    let missing = std::process::Command::new(program)
        .arg(version_arg)
        .output()
        .is_err()
        .then(|| format!("{program} is not installed"));
    skip_unless_present(test, missing, how)
}
