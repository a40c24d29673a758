//! The `minutes` binary: output formats and exit codes (0 clean, 1 errors, 2 cannot run).

mod common;
use common::TestArchive;
use std::process::{Command, Output};

fn minutes(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_minutes"));
    // A CI runner sets GITHUB_REPOSITORY; these tests choose their repository themselves.
    cmd.args(args)
        .env_remove("GITHUB_ACTIONS")
        .env_remove("GITHUB_REPOSITORY");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("minutes runs")
}

fn archive_with_problems() -> TestArchive {
    let a = TestArchive::new();
    a.file("content/go/2020-01-06--go.md", "# Go sync\n\nfine\n")
        .file(
            "content/go/2020-01-13--go.md",
            "---\ntitle: ok\ndate: [2020\n---\nbody\n",
        )
        .file("content/go/undated.md", "# Undated notes\n\ntext\n");
    a
}

#[test]
fn check_reports_at_file_line_in_three_formats_with_exit_1() {
    let a = archive_with_problems();
    let root = a.root().to_str().unwrap();

    let text = minutes(&["check", root], &[]);
    assert_eq!(text.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&text.stderr);
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(errors.len(), 1, "{stderr}");
    assert!(
        errors[0].starts_with("content/go/2020-01-13--go.md:3:"),
        "{stderr}"
    );
    assert!(
        stderr.contains("content/go/undated.md:1:1: warning: no date found"),
        "{stderr}"
    );

    let json = minutes(&["check", root, "--format", "json"], &[]);
    assert_eq!(json.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
    let errors: Vec<&serde_json::Value> = v
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .collect();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0]["path"], "content/go/2020-01-13--go.md");
    assert_eq!(errors[0]["line"], 3);

    let gh = minutes(&["check", root], &[("GITHUB_ACTIONS", "true")]);
    assert_eq!(gh.status.code(), Some(1));
    let out = String::from_utf8_lossy(&gh.stdout);
    assert_eq!(
        out.matches("::error file=content/go/2020-01-13--go.md,line=3,")
            .count(),
        1,
        "{out}"
    );
    assert!(
        out.contains("::warning file=content/go/undated.md,line=1,col=1::no date found"),
        "{out}"
    );
}

#[test]
fn warnings_alone_exit_0_unless_denied() {
    let a = TestArchive::new();
    a.file("content/go/undated.md", "# Undated\n");
    let root = a.root().to_str().unwrap();
    assert_eq!(minutes(&["check", root], &[]).status.code(), Some(0));
    assert_eq!(
        minutes(&["check", root, "--deny-warnings"], &[])
            .status
            .code(),
        Some(1)
    );
}

#[test]
fn build_exit_codes() {
    let a = archive_with_problems();
    let root = a.root().to_str().unwrap();
    assert_eq!(
        minutes(&["build", root], &[]).status.code(),
        Some(1),
        "a broken note"
    );
    assert!(
        a.out().join("go/2020-01-06--go/index.html").is_file(),
        "the rest is built"
    );
    let clean = TestArchive::new();
    clean.file("content/go/2020-01-06--go.md", "# Go\n");
    assert_eq!(
        minutes(&["build", clean.root().to_str().unwrap()], &[])
            .status
            .code(),
        Some(0)
    );
    let bad_config = TestArchive::new();
    bad_config
        .file("minutes.toml", "titel = 1\n")
        .file("content/a.md", "# a\n");
    let out = minutes(&["build", bad_config.root().to_str().unwrap()], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("minutes.toml:1:1"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        minutes(&["build", "/nonexistent/archive"], &[])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn list_json_has_every_note_with_its_metadata_and_sources() {
    let a = TestArchive::new();
    a.file(
        "content/libp2p/2018-08-13--libp2p-sync.md",
        "## 2018-08-13 libp2p Sync Call\n\n### Attendees\n\n- @jacobheun\n",
    )
    .file(
        "content/spec/x.md",
        "---\ntitle: X\ndate: 2020-02-02\ntags: [Design Meeting]\n---\n",
    );
    let out = minutes(&["list", a.root().to_str().unwrap(), "--json"], &[]);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = v.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    let x = rows
        .iter()
        .find(|r| r["source"] == "content/spec/x.md")
        .unwrap();
    assert_eq!(x["url"], "/spec/x/");
    assert_eq!(x["date"], "2020-02-02");
    assert_eq!(x["date_source"], "front-matter");
    assert_eq!(x["topics"][0], "design-meeting");
    let l = rows
        .iter()
        .find(|r| r["source"] == "content/libp2p/2018-08-13--libp2p-sync.md")
        .unwrap();
    assert_eq!(l["date"], "2018-08-13");
    assert_eq!(l["date_source"], "path");
    assert_eq!(l["team"], "libp2p");
    assert_eq!(l["title"], "libp2p Sync Call");
    assert_eq!(l["attendees"][0], "@jacobheun");
}

/// Two meetings of one team: an item repeated and then closed, one still open, a decision.
fn archive_with_outcomes() -> TestArchive {
    let a = TestArchive::new();
    a.file(
        "content/web/2024-02-28.md",
        "# Web sync\n\n## Release\n\nDecision: ship **v2** in March\n\n## Action items\n\n\
         - [ ] @ann write the release post by Friday\n- [ ] @bob fix the flaky test\n",
    )
    .file(
        "content/web/2024-03-06.md",
        "# Web sync\n\n## Action items\n\n- [x] @ann write the release post\n",
    );
    a
}

#[test]
fn list_json_carries_each_notes_decisions_and_action_items() {
    let a = archive_with_outcomes();
    let out = minutes(&["list", a.root().to_str().unwrap(), "--json"], &[]);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let first = v
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["source"] == "content/web/2024-02-28.md")
        .unwrap();
    let o = first["outcomes"].as_array().unwrap();
    assert_eq!(o.len(), 3);
    assert_eq!(o[0]["kind"], "decision");
    assert_eq!(o[0]["text"], "ship **v2** in March");
    assert_eq!(o[0]["line"], 5);
    assert_eq!(o[0]["agenda"], "Release");
    assert_eq!(o[0]["url"], "/web/2024-02-28/#dec-1");
    assert_eq!(o[1]["kind"], "action");
    assert_eq!(o[1]["assignees"][0], "@ann");
    assert_eq!(o[1]["due"], "2024-03-01");
    assert_eq!(o[1]["done"], false);
}

#[test]
fn actions_follows_items_across_meetings_and_filters() {
    let a = archive_with_outcomes();
    let root = a.root().to_str().unwrap();
    let out = minutes(&["actions", root, "--json"], &[]);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = v.as_array().unwrap();
    assert_eq!(rows.len(), 2, "the repeated item is one item");
    let post = rows.iter().find(|r| r["assignees"][0] == "@ann").unwrap();
    assert_eq!(post["state"], "done", "its last state wins");
    assert_eq!(post["meetings"], 2);
    let test = rows.iter().find(|r| r["assignees"][0] == "@bob").unwrap();
    assert_eq!(
        (test["state"].as_str(), test["age"].as_u64()),
        (Some("open"), Some(2))
    );
    let open = minutes(&["actions", root, "--open", "--assignee", "@BOB"], &[]);
    let text = String::from_utf8(open.stdout).unwrap();
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(
        text.starts_with("open") && text.contains("fix the flaky test"),
        "{text}"
    );
    assert!(text.contains("content/web/2024-02-28.md:10"), "{text}");
    let none = minutes(&["actions", root, "--open", "--assignee", "ann"], &[]);
    assert!(none.stdout.is_empty());
}

/// `--assignee @handle` finds the items a note assigned to the person by name, when the
/// archive ties that name to the handle (`Name (@handle)` in an attendee list).
#[test]
fn actions_assignee_is_the_person_however_the_note_wrote_them() {
    let a = TestArchive::new();
    a.file(
        "content/docs/2024-04-01.md",
        "# Docs sync\n\n## Attendees\n\n- Carol Diaz (@cdiaz)\n- Dan Roe\n\n## Notes\n\nTalked.\n",
    )
    .file(
        "content/docs/2024-04-08.md",
        "# Docs sync\n\n## Action items\n\n- Carol Diaz to update the install guide\n- Dan Roe to review it\n",
    );
    let root = a.root().to_str().unwrap();
    let run = |who: &str| {
        let out = minutes(&["actions", root, "--json", "--assignee", who], &[]);
        assert_eq!(out.status.code(), Some(0));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v.as_array()
            .unwrap()
            .iter()
            .map(|r| r["text"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(run("@cdiaz"), ["Carol Diaz to update the install guide"]);
    assert_eq!(
        run("carol diaz"),
        ["Carol Diaz to update the install guide"]
    );
    assert_eq!(run("Dan Roe"), ["Dan Roe to review it"]);
    assert!(run("@droe").is_empty(), "no evidence ties Dan Roe to @droe");
}

/// The subcommands, as `minutes --help` lists them.
const SUBCOMMANDS: [&str; 8] = [
    "build",
    "list",
    "actions",
    "check",
    "init",
    "serve",
    "completions",
    "man",
];

#[test]
fn completions_for_each_shell_name_every_subcommand() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = minutes(&["completions", shell], &[]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{shell}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let script = String::from_utf8(out.stdout).unwrap();
        for sub in SUBCOMMANDS {
            assert!(script.contains(sub), "{shell} completions lack `{sub}`");
        }
        // Flags of subcommands complete too, not only the subcommand names.
        assert!(script.contains("base-url"), "{shell}: no --base-url");
    }
    let zsh = minutes(&["completions", "zsh"], &[]);
    assert!(String::from_utf8_lossy(&zsh.stdout).starts_with("#compdef minutes"));
    let unknown = minutes(&["completions", "tcsh"], &[]);
    assert_eq!(unknown.status.code(), Some(2));
}

#[test]
fn man_prints_a_page_naming_every_subcommand() {
    let out = minutes(&["man"], &[]);
    assert_eq!(out.status.code(), Some(0));
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.contains(".TH minutes 1"), "{page}");
    for sub in SUBCOMMANDS {
        assert!(
            page.contains(&format!("minutes\\-{sub}(1)")),
            "{sub}\n{page}"
        );
    }
}

/// The release archives ship doc/man/ (dist-workspace.toml `include`): it must be what
/// `minutes man --dir` writes from today's command line, flags and version included.
#[test]
fn man_pages_in_doc_man_are_current() {
    let dir = tempfile::tempdir().unwrap();
    let out = minutes(&["man", "--dir", dir.path().to_str().unwrap()], &[]);
    assert_eq!(out.status.code(), Some(0));
    let pages = |d: &std::path::Path| -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> = std::fs::read_dir(d)
            .unwrap_or_else(|e| panic!("{}: {e}", d.display()))
            .map(|e| {
                let p = e.unwrap().path();
                let text = std::fs::read_to_string(&p).unwrap();
                (p.file_name().unwrap().to_string_lossy().into_owned(), text)
            })
            .collect();
        v.sort();
        v
    };
    let fresh = pages(dir.path());
    assert!(fresh.iter().any(|(name, _)| name == "minutes-build.1"));
    let committed = pages(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("doc/man"));
    assert!(
        fresh == committed,
        "doc/man/ is out of date: run `cargo run -- man --dir doc/man` and commit it"
    );
}

/// An IO error printed the OS's message twice (`…: Not a directory (os error 20): Not a
/// directory (os error 20)`): the error's text already holds its source.
#[test]
fn an_os_error_is_printed_once() {
    let a = TestArchive::new();
    a.file("content/a.md", "# a\n").file("not-a-folder", "x");
    let out_dir = a.root().join("not-a-folder/public");
    let out = minutes(
        &[
            "build",
            a.root().to_str().unwrap(),
            "-o",
            out_dir.to_str().unwrap(),
        ],
        &[],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(!stderr.contains("error: error"), "{stderr}");
    let os_message = "(os error ";
    assert_eq!(stderr.matches(os_message).count(), 1, "{stderr}");
}

/// `list` reads the archive as `build` does: the same bad minutes.toml stops it with the
/// same one line.
#[test]
fn list_refuses_a_bad_team_glob_like_build() {
    let a = TestArchive::new();
    a.file("content/a.md", "# a\n")
        .file("minutes.toml", "[teams.go]\npaths = [\"go/[x\"]\n");
    let root = a.root().to_str().unwrap();
    let list = minutes(&["list", root], &[]);
    let build = minutes(&["build", root], &[]);
    assert_eq!(list.status.code(), Some(2));
    assert_eq!(build.status.code(), Some(2));
    let line = String::from_utf8_lossy(&list.stderr).to_string();
    assert!(
        line.starts_with("minutes.toml:2:10: error: team `go`"),
        "{line}"
    );
    assert_eq!(line, String::from_utf8_lossy(&build.stderr));
}

#[test]
fn check_explain_prints_each_field_with_where_it_came_from() {
    let a = TestArchive::new();
    a.file(
        "content/go/2020-01-06--go.md",
        "# Go sync\n\n## Attendees\n\n- Jane Doe (@jdoe)\n\nWe shipped.\n",
    );
    let root = a.root().to_str().unwrap();
    let out = minutes(
        &["check", root, "--explain", "content/go/2020-01-06--go.md"],
        &[],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let field = |name: &str| {
        text.lines()
            .find(|l| l.trim_start().starts_with(name))
            .unwrap_or_else(|| panic!("no {name} line in:\n{text}"))
            .to_string()
    };
    assert!(
        field("title").contains("\"Go sync\"  (from the first heading)"),
        "{text}"
    );
    assert!(
        field("date").contains("2020-01-06 (Monday)  (from the file name)"),
        "{text}"
    );
    assert!(
        field("team").contains("go \"Go\"  (from a folder name)"),
        "{text}"
    );
    assert!(field("attendees").contains("@jdoe"), "{text}");

    let missing = minutes(&["check", root, "--explain", "content/go/none.md"], &[]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("is not a note of this archive"));
}

/// With no `minutes.toml`, bare `#12` means an issue of the repository the archive lives
/// in: the checkout's `origin` remote, else `GITHUB_REPOSITORY`, and a configured `repo`
/// wins over both. `.git/config` is written by hand, as a clone would have it: the build
/// reads the file and runs no `git`.
#[test]
fn bare_issue_numbers_link_to_the_repository_the_archive_lives_in() {
    let a = TestArchive::new();
    a.file(
        ".git/config",
        "[core]\n\tbare = false\n[remote \"origin\"]\n\turl = git@github.com:o/r.git\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n",
    )
    .file("notes/2024-03-01-sync.md", "# Sync\n\n- #12: fix the feed\n");
    let root = a.root().to_str().unwrap();
    let link = |env: &[(&str, &str)]| {
        let out = a.root().join("site");
        let built = minutes(&["build", root, "-o", out.to_str().unwrap()], env);
        assert_eq!(built.status.code(), Some(0), "{built:?}");
        let page = std::fs::read_to_string(out.join("notes/2024-03-01-sync/index.html")).unwrap();
        let i = page.find(">#12<").expect("#12 is a link");
        let href = page[..i].rsplit("href=\"").next().unwrap();
        href[..href.find('"').unwrap()].to_string()
    };
    assert_eq!(link(&[]), "https://github.com/o/r/issues/12");
    assert_eq!(
        link(&[("GITHUB_REPOSITORY", "x/y")]),
        "https://github.com/x/y/issues/12"
    );

    // Where it came from, in `check --explain` and `list --json`.
    let explain = minutes(
        &["check", root, "--explain", "notes/2024-03-01-sync.md"],
        &[],
    );
    let text = String::from_utf8_lossy(&explain.stdout);
    assert!(
        text.contains("repo       o/r  (from the git remote `origin`)"),
        "{text}"
    );
    let list = minutes(&["list", root, "--json"], &[("GITHUB_REPOSITORY", "x/y")]);
    let rows: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(rows[0]["repo"], "x/y");
    assert_eq!(rows[0]["repo_source"], "environment");

    a.file("minutes.toml", "repo = \"c/d\"\n");
    assert_eq!(
        link(&[("GITHUB_REPOSITORY", "x/y")]),
        "https://github.com/c/d/issues/12"
    );
    let list = minutes(&["list", root, "--json"], &[]);
    let rows: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(
        (&rows[0]["repo"], &rows[0]["repo_source"]),
        (&"c/d".into(), &"config".into())
    );
}
