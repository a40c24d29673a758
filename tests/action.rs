//! The GitHub Action (action.yml) and its download-and-verify step, action/install.sh, run
//! with bash against a fake release served from 127.0.0.1: a right checksum installs a
//! binary that runs, a wrong or missing one installs nothing, and a release without an
//! archive for the machine takes the fallback (which the tests replace, so nothing compiles).
#![cfg(unix)]

mod common;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Duration;

const TARGET: &str = "x86_64-unknown-linux-musl";
const VERSION: &str = "9.9.9";

fn repo_file(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// The programs install.sh runs besides bash's builtins. Missing, the tests skip with a line
/// (fail in CI).
fn tools_missing() -> Option<String> {
    let missing: Vec<&str> = ["bash", "curl", "tar", "xz", "sha256sum"]
        .into_iter()
        .filter(|t| Command::new(t).arg("--version").output().is_err())
        .collect();
    (!missing.is_empty()).then(|| format!("{} not installed", missing.join(", ")))
}

fn tools_present(test: &str) -> bool {
    common::skip_unless_present(test, tools_missing(), "install them (any Linux has them)")
}

/// A release server on 127.0.0.1: serves `files` by URL path, 404 for anything else, and
/// records the paths asked for. It answers at most `MAX_REQUESTS` requests, and stops at
/// the first request for `/stop`.
struct Release {
    base: String,
    stop: String,
    server: Option<JoinHandle<Vec<String>>>,
}

const MAX_REQUESTS: usize = 16;

impl Release {
    fn serve(files: BTreeMap<String, Vec<u8>>) -> Release {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let addr = listener.local_addr().unwrap();
        let (ready, started) = mpsc::channel();
        let server = std::thread::spawn(move || {
            ready.send(()).unwrap();
            let mut asked = Vec::new();
            for stream in listener.incoming().take(MAX_REQUESTS) {
                let Ok(stream) = stream else { continue };
                match answer(stream, &files) {
                    Some(path) if path == "/stop" => break,
                    Some(path) => asked.push(path),
                    None => {}
                }
            }
            asked
        });
        started.recv().unwrap();
        Release {
            base: format!("http://{addr}/releases"),
            stop: addr.to_string(),
            server: Some(server),
        }
    }

    /// Stops the server; the paths it was asked for, in order.
    fn requests(mut self) -> Vec<String> {
        self.shut()
    }

    fn shut(&mut self) -> Vec<String> {
        let Some(server) = self.server.take() else {
            return Vec::new();
        };
        if let Ok(mut s) = TcpStream::connect(&self.stop) {
            let _ = s.write_all(b"GET /stop HTTP/1.1\r\nHost: x\r\n\r\n");
        }
        server.join().expect("the server thread")
    }
}

impl Drop for Release {
    fn drop(&mut self) {
        self.shut();
    }
}

/// One HTTP/1.1 exchange, closing the connection after it; the path asked for.
fn answer(stream: TcpStream, files: &BTreeMap<String, Vec<u8>>) -> Option<String> {
    // A client that stalls must not hang the test suite.
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let path = line.split_whitespace().nth(1)?.to_string();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).ok()? == 0 || header == "\r\n" {
            break;
        }
    }
    let mut stream = stream;
    match files.get(&path) {
        Some(body) => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n",
                body.len()
            );
            stream.write_all(head.as_bytes()).ok()?;
            stream.write_all(body).ok()?;
        }
        None => {
            let body = "Not Found";
            let head = format!(
                "HTTP/1.1 404 Not Found\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            stream.write_all(head.as_bytes()).ok()?;
        }
    }
    Some(path)
}

/// The archive cargo-dist makes for `TARGET`: a folder named after it holding the binary
/// (here a script that prints a version) and the documents.
fn fake_archive(dir: &Path) -> Vec<u8> {
    let name = format!("minutes-{TARGET}");
    let stage = dir.join("stage");
    let inner = stage.join(&name);
    std::fs::create_dir_all(inner.join("man")).unwrap();
    std::fs::write(
        inner.join("minutes"),
        "#!/bin/sh\necho \"minutes 9.9.9 (fake)\"\n",
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(
        inner.join("minutes"),
        std::fs::Permissions::from_mode(0o755),
    )
    .unwrap();
    std::fs::write(inner.join("README.md"), "# minutes\n").unwrap();
    std::fs::write(inner.join("man/minutes.1"), ".TH minutes 1\n").unwrap();
    let archive = dir.join(format!("{name}.tar.xz"));
    let out = Command::new("tar")
        .arg("-cJf")
        .arg(&archive)
        .arg("-C")
        .arg(&stage)
        .arg(&name)
        .output()
        .expect("tar runs");
    assert!(out.status.success(), "{out:?}");
    std::fs::read(archive).unwrap()
}

fn archive_path() -> String {
    format!("/releases/download/v{VERSION}/minutes-{TARGET}.tar.xz")
}

/// The checksum file as cargo-dist writes it: `<hex> *<file name>`.
fn sha256_file(bytes: &[u8]) -> Vec<u8> {
    let hex: String = Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("{hex} *minutes-{TARGET}.tar.xz\n").into_bytes()
}

struct Run {
    out: Output,
    root: PathBuf,
    fallback_marker: PathBuf,
}

impl Run {
    fn installed(&self) -> PathBuf {
        self.root.join("bin/minutes")
    }
    fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.out.stderr).into_owned()
    }
}

/// Runs install.sh for `TARGET` and `VERSION` against `release`, installing under `dir`,
/// with a fallback that only leaves a marker saying it ran, for which version.
fn install(dir: &Path, release: &Release) -> Run {
    let root = dir.join("tools/minutes");
    let fallback_marker = dir.join("fallback-ran");
    let out = Command::new("bash")
        .arg(repo_file("action/install.sh"))
        .env("HOME", dir)
        .env("MINUTES_VERSION", VERSION)
        .env("MINUTES_ROOT", &root)
        .env("MINUTES_TARGET", TARGET)
        .env("MINUTES_RELEASES", &release.base)
        .env(
            "MINUTES_INSTALL_FALLBACK",
            format!(
                "printf '%s' \"$MINUTES_VERSION\" > '{}'",
                fallback_marker.display()
            ),
        )
        .output()
        .expect("bash runs");
    Run {
        out,
        root,
        fallback_marker,
    }
}

#[test]
fn install_sh_installs_a_release_archive_whose_checksum_matches() {
    if !tools_present("install_sh_installs_a_release_archive_whose_checksum_matches") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let archive = fake_archive(dir.path());
    let release = Release::serve(BTreeMap::from([
        (archive_path(), archive.clone()),
        (format!("{}.sha256", archive_path()), sha256_file(&archive)),
    ]));
    let run = install(dir.path(), &release);
    assert!(run.out.status.success(), "{}", run.stderr());
    let version = Command::new(run.installed())
        .arg("--version")
        .output()
        .expect("the installed binary runs");
    assert_eq!(
        String::from_utf8_lossy(&version.stdout),
        "minutes 9.9.9 (fake)\n"
    );
    assert!(!run.fallback_marker.exists(), "the fallback ran");
    assert_eq!(
        release.requests(),
        [archive_path(), format!("{}.sha256", archive_path())]
    );
}

#[test]
fn install_sh_refuses_an_archive_whose_checksum_differs_and_installs_nothing() {
    if !tools_present("install_sh_refuses_an_archive_whose_checksum_differs_and_installs_nothing") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let archive = fake_archive(dir.path());
    // The checksum of other bytes: an archive swapped or corrupted on the way.
    let release = Release::serve(BTreeMap::from([
        (archive_path(), archive),
        (
            format!("{}.sha256", archive_path()),
            sha256_file(b"another archive"),
        ),
    ]));
    let run = install(dir.path(), &release);
    assert!(!run.out.status.success());
    assert!(
        run.stderr().contains("checksum mismatch"),
        "{}",
        run.stderr()
    );
    assert!(!run.root.exists(), "something was installed");
    assert!(!run.fallback_marker.exists(), "a bad download fell back");
}

#[test]
fn install_sh_refuses_an_archive_without_a_checksum() {
    if !tools_present("install_sh_refuses_an_archive_without_a_checksum") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let archive = fake_archive(dir.path());
    let release = Release::serve(BTreeMap::from([(archive_path(), archive)]));
    let run = install(dir.path(), &release);
    assert!(!run.out.status.success());
    assert!(
        run.stderr().contains("cannot be checked"),
        "{}",
        run.stderr()
    );
    assert!(!run.root.exists(), "something was installed");
    assert!(!run.fallback_marker.exists());
}

#[test]
fn install_sh_falls_back_when_the_release_has_no_archive_for_the_machine() {
    if !tools_present("install_sh_falls_back_when_the_release_has_no_archive_for_the_machine") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let release = Release::serve(BTreeMap::new());
    let run = install(dir.path(), &release);
    assert!(run.out.status.success(), "{}", run.stderr());
    assert_eq!(
        std::fs::read_to_string(&run.fallback_marker).expect("the fallback ran"),
        VERSION
    );
    assert!(
        run.stderr().contains("compiling minutes instead"),
        "{}",
        run.stderr()
    );
    assert!(!run.installed().exists());
    assert_eq!(release.requests(), [archive_path()]);
}

fn action() -> serde_yaml::Value {
    let text = std::fs::read_to_string(repo_file("action.yml")).unwrap();
    serde_yaml::from_str(&text).expect("action.yml is YAML")
}

fn action_steps() -> Vec<serde_yaml::Value> {
    action()["runs"]["steps"].as_sequence().unwrap().clone()
}

#[test]
fn action_is_composite_with_the_documented_inputs_and_caches_the_install() {
    let a = action();
    assert_eq!(a["runs"]["using"], "composite");
    for input in ["path", "base-url", "command", "version"] {
        assert!(a["inputs"].get(input).is_some(), "no input {input}");
    }
    assert_eq!(a["inputs"]["command"]["default"], "build");
    let steps = action_steps();
    let cache = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("actions/cache@"))
        })
        .expect("a cache step");
    let install = steps
        .iter()
        .find(|s| {
            s["run"]
                .as_str()
                .is_some_and(|r| r.contains("action/install.sh"))
        })
        .expect("a step running install.sh");
    assert_eq!(
        install["if"],
        format!(
            "steps.{}.outputs.cache-hit != 'true'",
            cache["id"].as_str().unwrap()
        )
    );
    // What the cache keeps is where install.sh puts minutes.
    assert_eq!(cache["with"]["path"], install["env"]["MINUTES_ROOT"]);
    assert!(cache["with"]["key"]
        .as_str()
        .unwrap()
        .contains("${{ inputs.version }}"));
}

/// The step that runs minutes, with a stand-in `minutes` that prints its arguments: the
/// inputs become arguments as they are, spaces and all, and a command other than build or
/// check is refused.
#[test]
fn action_passes_its_inputs_to_minutes_as_arguments() {
    let steps = action_steps();
    let script = steps
        .last()
        .and_then(|s| s["run"].as_str())
        .expect("the last step runs minutes")
        .to_string();
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    std::fs::write(
        bin.join("minutes"),
        "#!/usr/bin/env bash\nprintf '[%s]' \"$@\"\n",
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(bin.join("minutes"), std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap());
    let run = |env: &[(&str, &str)]| {
        let mut cmd = Command::new("bash");
        cmd.arg("-e").arg("-c").arg(&script).env("PATH", &path);
        for k in ["COMMAND", "ARCHIVE", "BASE_URL", "OUTPUT", "ARGS"] {
            cmd.env(k, "");
        }
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.output().expect("bash runs")
    };
    let build = run(&[
        ("COMMAND", "build"),
        ("ARCHIVE", "my notes"),
        ("BASE_URL", "https://acme.github.io/notes/"),
        ("OUTPUT", "_site"),
        ("ARGS", "--drafts --timings"),
    ]);
    assert_eq!(
        String::from_utf8_lossy(&build.stdout),
        "[build][my notes][--base-url][https://acme.github.io/notes/][--output][_site][--drafts][--timings]"
    );
    let check = run(&[("COMMAND", "check"), ("ARCHIVE", ".")]);
    assert_eq!(String::from_utf8_lossy(&check.stdout), "[check][.]");
    let other = run(&[("COMMAND", "serve"), ("ARCHIVE", ".")]);
    assert_eq!(other.status.code(), Some(2));
    let said = String::from_utf8_lossy(&other.stdout);
    assert!(
        said.starts_with("::error::command must be build or check"),
        "{said}"
    );
    assert!(!said.contains("[serve]"), "{said}");
}

/// shellcheck on install.sh and on every `run:` script of action.yml (`.ci/run` installs it).
#[test]
fn action_scripts_pass_shellcheck() {
    if !common::program_present(
        "action_scripts_pass_shellcheck",
        "shellcheck",
        "--version",
        "`apt-get install shellcheck` (.ci/run does)",
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut scripts = vec![repo_file("action/install.sh")];
    for (i, step) in action_steps().iter().enumerate() {
        if let Some(run) = step["run"].as_str() {
            let p = dir.path().join(format!("step-{i}.sh"));
            std::fs::write(&p, run).unwrap();
            scripts.push(p);
        }
    }
    assert!(scripts.len() > 2);
    for script in scripts {
        let out = Command::new("shellcheck")
            .args(["--shell=bash", "--severity=style"])
            .arg(&script)
            .output()
            .expect("shellcheck runs");
        assert!(
            out.status.success(),
            "{}:\n{}",
            script.display(),
            String::from_utf8_lossy(&out.stdout)
        );
    }
}
