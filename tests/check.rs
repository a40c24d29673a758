//! `minutes check` on a fixture archive with exactly one of each problem it knows: each is
//! reported once, at its file, line and column, in the three output formats, with the
//! exit code the README promises. `build` reports the link problems too, and still builds.

mod common;
use common::{attrs, select};
use scraper::Html;
use std::path::{Path, PathBuf};
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

/// A problem as every format reports it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Found {
    path: String,
    line: u32,
    col: u32,
    severity: String,
    message: String,
}

/// What the fixture must produce: file, line, column (`None`: not ours to pin, e.g. the
/// YAML parser's column), severity, and words the message must contain.
struct Expected {
    path: &'static str,
    line: u32,
    col: Option<u32>,
    severity: &'static str,
    says: &'static str,
}

const UNSAFE: &str = "---\ntitle: Go sync\n---\n\n## Notes\n\n<img src=\"https://example.com/a.png\" onerror=\"alert(1)\">\n\n[run](javascript:alert(1))\n\nThen <script>steal()</script> stop.\n";

const GOOD_FIRST: &str = "# Go sync\n\n## Decisions\n\nNext: [the next call](2020-01-27--go.md#decisions) and [back up](#decisions).\n\n![chart](img/ok.png)\n";

/// Which problems the fixture has.
#[derive(Clone, Copy)]
struct Problems {
    errors: bool,
    warnings: bool,
}

/// The archive lives in a folder named `content`: an archive's own folder name is the team
/// of last resort, and one note here must have no team at all.
struct Fixture {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

impl Fixture {
    fn new(p: Problems) -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("content");
        let f = Fixture { _dir: dir, root };
        f.file("go/2020-01-06--go.md", GOOD_FIRST)
            .file("go/img/ok.png", "\u{89}PNG");
        if p.errors {
            // Bad front matter: the YAML error is on line 3.
            f.file(
                "go/2020-01-13--go.md",
                "---\ntitle: ok\ndate: [2020\n---\nbody\n",
            )
            // Duplicate URL: both would be /go/2020-02-03--go/.
            .file("go/2020-02-03--go.markdown", "# Go sync\n\nOne.\n")
            .file("go/2020-02-03--go.md", "# Go sync\n\nTwo.\n");
        }
        if p.warnings {
            // No date.
            f.file("go/undated.md", "# Undated notes\n\ntext\n")
                // No team: at the top of the archive, with a title that names no series.
                .file("2020-03-02.md", "# Meeting notes\n\nDiscussed.\n")
                // Date conflict: the heading (line 2) is a week before the file name.
                .file(
                    "go/2020-01-27--go.md",
                    "\n# Go sync, 2020-01-20\n\n## Decisions\n",
                )
                // Broken link to a note: line 3, column 16.
                .file(
                    "go/2020-02-10--go.md",
                    "# Go sync\n\n- Follow-up in [the next call](2020-02-17--go.md).\n",
                )
                // Broken heading link, below front matter: line 7 of the file, column 5.
                .file(
                    "go/2020-02-24--go.md",
                    "---\ntitle: Go sync\n---\n\n## Notes\n\nSee [decisions](2020-01-06--go.md#nope).\n",
                )
                // Missing image, in a table cell: line 5, column 3.
                .file(
                    "go/2020-03-09--go.md",
                    "# Go sync\n\n| chart |\n|---|\n| ![chart](img/chart.png) |\n",
                )
                // Unsafe markup below front matter: an event handler (line 7, column
                // 38), a `javascript:` link (line 9, column 1), a script (line 11,
                // column 6).
                .file("go/2020-03-16--go.md", UNSAFE);
        } else {
            f.file("go/2020-01-27--go.md", "# Go sync\n\n## Decisions\n");
        }
        f
    }

    fn file(&self, rel: &str, text: &str) -> &Fixture {
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    fn root(&self) -> &str {
        self.root.to_str().unwrap()
    }
}

fn expected(p: Problems) -> Vec<Expected> {
    let mut v = Vec::new();
    if p.errors {
        v.push(Expected {
            path: "go/2020-01-13--go.md",
            line: 3,
            col: None,
            severity: "error",
            says: "front matter",
        });
        v.push(Expected {
            path: "go/2020-02-03--go.md",
            line: 1,
            col: Some(1),
            severity: "error",
            says: "URL /go/2020-02-03--go/ is already used by go/2020-02-03--go.markdown",
        });
    }
    if p.warnings {
        v.extend([
            Expected {
                path: "go/undated.md",
                line: 1,
                col: Some(1),
                severity: "warning",
                says: "no date found",
            },
            Expected {
                path: "2020-03-02.md",
                line: 1,
                col: Some(1),
                severity: "warning",
                says: "no team found",
            },
            Expected {
                path: "go/2020-01-27--go.md",
                line: 2,
                col: Some(1),
                severity: "warning",
                says: "the path says 2020-01-27 but the note says 2020-01-20",
            },
            Expected {
                path: "go/2020-02-10--go.md",
                line: 3,
                col: Some(16),
                severity: "warning",
                says: "broken link `2020-02-17--go.md`: go/2020-02-17--go.md does not exist",
            },
            Expected {
                path: "go/2020-02-24--go.md",
                line: 7,
                col: Some(5),
                severity: "warning",
                says: "broken link `2020-01-06--go.md#nope`: go/2020-01-06--go.md has no heading `#nope`",
            },
            Expected {
                path: "go/2020-03-09--go.md",
                line: 5,
                col: Some(3),
                severity: "warning",
                says: "missing image `img/chart.png`: go/img/chart.png does not exist",
            },
            Expected {
                path: "go/2020-03-16--go.md",
                line: 7,
                col: Some(38),
                severity: "warning",
                says: "removed onerror attribute from <img>",
            },
            Expected {
                path: "go/2020-03-16--go.md",
                line: 9,
                col: Some(1),
                severity: "warning",
                says: "removed javascript: link",
            },
            Expected {
                path: "go/2020-03-16--go.md",
                line: 11,
                col: Some(6),
                severity: "warning",
                says: "removed <script> element",
            },
        ]);
    }
    v
}

/// Each expected problem is reported exactly once, and nothing else is.
fn assert_reports(found: &[Found], want: &[Expected], format: &str, raw: &str) {
    for w in want {
        let hits: Vec<&Found> = found
            .iter()
            .filter(|f| {
                f.path == w.path
                    && f.line == w.line
                    && w.col.is_none_or(|c| c == f.col)
                    && f.severity == w.severity
                    && f.message.contains(w.says)
            })
            .collect();
        assert_eq!(
            hits.len(),
            1,
            "{format}: expected {}:{}:{:?}: {}: …{}… once\n{raw}",
            w.path,
            w.line,
            w.col,
            w.severity,
            w.says
        );
    }
    assert_eq!(
        found.len(),
        want.len(),
        "{format}: reports other than the fixture's problems\n{raw}"
    );
}

fn parse_text(stderr: &str) -> Vec<Found> {
    stderr
        .lines()
        .map(|l| {
            let mut it = l.splitn(5, ':');
            let path = it.next().unwrap().to_string();
            let line = it.next().unwrap().parse().unwrap_or_else(|_| panic!("{l}"));
            let col = it.next().unwrap().parse().unwrap_or_else(|_| panic!("{l}"));
            Found {
                path,
                line,
                col,
                severity: it.next().unwrap().trim().to_string(),
                message: it.next().unwrap().trim().to_string(),
            }
        })
        .collect()
}

fn parse_json(stdout: &[u8]) -> Vec<Found> {
    let v: serde_json::Value = serde_json::from_slice(stdout).expect("check --format json");
    v.as_array()
        .expect("an array")
        .iter()
        .map(|d| Found {
            path: d["path"].as_str().unwrap().to_string(),
            line: d["line"].as_u64().unwrap() as u32,
            col: d["col"].as_u64().unwrap() as u32,
            severity: d["severity"].as_str().unwrap().to_string(),
            message: d["message"].as_str().unwrap().to_string(),
        })
        .collect()
}

/// `::error file=…,line=…,col=…::message`, GitHub's workflow command syntax.
fn parse_github(stdout: &str) -> Vec<Found> {
    stdout
        .lines()
        .map(|l| {
            let rest = l.strip_prefix("::").unwrap_or_else(|| panic!("{l}"));
            let (head, message) = rest.split_once("::").unwrap_or_else(|| panic!("{l}"));
            let (severity, props) = head.split_once(' ').unwrap_or_else(|| panic!("{l}"));
            let prop = |k: &str| {
                props
                    .split(',')
                    .find_map(|p| p.strip_prefix(&format!("{k}=")))
                    .unwrap_or_else(|| panic!("no {k} in {l}"))
                    .to_string()
            };
            Found {
                path: prop("file"),
                line: prop("line").parse().unwrap(),
                col: prop("col").parse().unwrap(),
                severity: severity.to_string(),
                message: message.to_string(),
            }
        })
        .collect()
}

fn check_all_formats(f: &Fixture, p: Problems, extra: &[&str], code: i32) {
    let want = expected(p);
    let mut args = vec!["check", f.root()];
    args.extend_from_slice(extra);

    let text = minutes(&args, &[]);
    let stderr = String::from_utf8_lossy(&text.stderr);
    assert_eq!(text.status.code(), Some(code), "text\n{stderr}");
    assert!(text.stdout.is_empty());
    assert_reports(&parse_text(&stderr), &want, "text", &stderr);

    let mut json_args = args.clone();
    json_args.extend(["--format", "json"]);
    let json = minutes(&json_args, &[]);
    let raw = String::from_utf8_lossy(&json.stdout);
    assert_eq!(json.status.code(), Some(code), "json\n{raw}");
    assert_reports(&parse_json(&json.stdout), &want, "json", &raw);

    // On GitHub Actions, workflow commands without being asked.
    let gh = minutes(&args, &[("GITHUB_ACTIONS", "true")]);
    let raw = String::from_utf8_lossy(&gh.stdout);
    assert_eq!(gh.status.code(), Some(code), "github\n{raw}");
    assert_reports(&parse_github(&raw), &want, "github", &raw);
}

#[test]
fn check_reports_each_problem_once_at_its_line_in_every_format() {
    let all = Problems {
        errors: true,
        warnings: true,
    };
    let f = Fixture::new(all);
    check_all_formats(&f, all, &[], 1);
    check_all_formats(&f, all, &["--deny-warnings"], 1);
}

#[test]
fn check_exit_codes_clean_warnings_denied_and_cannot_run() {
    let clean = Problems {
        errors: false,
        warnings: false,
    };
    let f = Fixture::new(clean);
    check_all_formats(&f, clean, &[], 0);
    check_all_formats(&f, clean, &["--deny-warnings"], 0);

    let warnings = Problems {
        errors: false,
        warnings: true,
    };
    let f = Fixture::new(warnings);
    check_all_formats(&f, warnings, &[], 0);
    check_all_formats(&f, warnings, &["--deny-warnings"], 1);

    f.file("minutes.toml", "titel = \"typo\"\n");
    let bad = minutes(&["check", f.root()], &[]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("minutes.toml:1:1"));
    let missing = minutes(&["check", "/nonexistent/archive"], &[]);
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn build_reports_link_problems_and_still_builds_with_links_to_pages() {
    let all = Problems {
        errors: true,
        warnings: true,
    };
    let f = Fixture::new(all);
    let out = minutes(
        &[
            "build",
            f.root(),
            "--base-url",
            "https://example.github.io/some-repo/",
        ],
        &[],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let reported = parse_text(
        &stderr
            .lines()
            .filter(|l| !l.starts_with("built "))
            .collect::<Vec<_>>()
            .join("\n"),
    );
    for w in expected(all).iter().filter(|w| {
        w.says.starts_with("broken")
            || w.says.starts_with("missing")
            || w.says.starts_with("removed")
    }) {
        assert_eq!(
            reported
                .iter()
                .filter(|r| r.path == w.path && r.line == w.line && r.message.contains(w.says))
                .count(),
            1,
            "{}\n{stderr}",
            w.says
        );
    }

    // Links between notes by file path lead to the notes' pages; the image is published.
    let public = Path::new(f.root()).join("public");
    let page = std::fs::read_to_string(public.join("go/2020-01-06--go/index.html")).unwrap();
    let html = Html::parse_document(&page);
    let hrefs = attrs(&html, "main a[href]", "href");
    assert!(
        hrefs.contains(&"/some-repo/go/2020-01-27--go/#decisions".to_string()),
        "{hrefs:?}"
    );
    assert!(hrefs.contains(&"#decisions".to_string()), "{hrefs:?}");
    let srcs = attrs(&html, "main img", "src");
    assert_eq!(srcs, ["/some-repo/go/img/ok.png"]);
    assert_eq!(
        std::fs::read(public.join("go/img/ok.png")).unwrap(),
        "\u{89}PNG".as_bytes()
    );
    assert!(!select(&html, "main h2#decisions").is_empty());
    // A broken link stays as written: nothing to rewrite it to.
    let page = std::fs::read_to_string(public.join("go/2020-02-10--go/index.html")).unwrap();
    let html = Html::parse_document(&page);
    assert!(attrs(&html, "main a[href]", "href").contains(&"2020-02-17--go.md".to_string()));
    // Unsafe markup is left out of the page, which is still built.
    let page = std::fs::read_to_string(public.join("go/2020-03-16--go/index.html")).unwrap();
    let html = Html::parse_document(&page);
    assert_eq!(
        attrs(&html, "main img", "src"),
        ["https://example.com/a.png"]
    );
    assert!(select(&html, "main img[onerror]").is_empty());
    assert!(!page.contains("javascript:"), "{page}");
    assert!(select(&html, "main p")
        .iter()
        .any(|p| p.text().collect::<String>() == "run"));
    assert!(!page.contains("steal()"), "{page}");
    // Only the site's own script files run, under the theme's policy.
    assert_eq!(
        select(&html, "meta[http-equiv='Content-Security-Policy']").len(),
        1
    );
    assert!(select(&html, "script:not([src])").is_empty(), "{page}");
    // The script's text reaches neither search nor the feed.
    for entry in walk(&public) {
        let ext = entry.extension().and_then(|e| e.to_str());
        if matches!(ext, Some("json" | "xml")) {
            let text = std::fs::read_to_string(&entry).unwrap();
            assert!(!text.contains("steal"), "{}", entry.display());
        }
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let path = e.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[test]
fn link_to_a_draft_is_broken_on_the_site_unless_built_with_drafts() {
    let f = Fixture::new(Problems {
        errors: false,
        warnings: false,
    });
    f.file(
        "go/2020-02-10--go.md",
        "# Go sync\n\nSee [the plan](plan.md).\n",
    )
    .file("go/plan.md", "---\ndraft: true\n---\n# Plan\n");
    let out = minutes(&["check", f.root()], &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stderr.trim(),
        "go/2020-02-10--go.md:3:5: warning: broken link `plan.md`: go/plan.md is not published (a draft?)"
    );

    let out = minutes(&["build", f.root(), "--drafts"], &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
    let page =
        std::fs::read_to_string(Path::new(f.root()).join("public/go/2020-02-10--go/index.html"))
            .unwrap();
    let html = Html::parse_document(&page);
    assert!(attrs(&html, "main a[href]", "href").contains(&"/go/plan/".to_string()));
}

/// Each kind of bad `minutes.toml`, the line:col of its value, and words of its message.
const BAD_CONFIGS: &[(&str, &str, &str, &str)] = &[
    (
        "unknown theme",
        "title = \"Go\"\n\ntheme = \"nope\"\n",
        "minutes.toml:3:9: error: ",
        "theme `nope` not found",
    ),
    (
        "unknown highlight theme",
        "title = \"Go\"\nhighlight_theme = \"InspiredGitHub\"\nhighlight_theme_dark = \"nope\"\n",
        "minutes.toml:3:24: error: ",
        "unknown highlight theme \"nope\"",
    ),
    (
        "bad team glob",
        "title = \"Go\"\n\n[teams.go]\nname = \"Go\"\npaths = [\"go/**\", \"go/[x\"]\n",
        "minutes.toml:5:19: error: ",
        "team `go`: bad path pattern `go/[x`: unclosed character class",
    ),
    (
        "duplicate key",
        "title = \"Go\"\ndescription = \"x\"\ntitle = \"Again\"\n",
        "minutes.toml:3:1: error: ",
        "duplicate key `title`",
    ),
    (
        "duplicate table (the parser's detail on a second line)",
        "[teams.go]\nname = \"Go\"\n\n[teams.go]\nname = \"Go 2\"\n",
        "minutes.toml:4:1: error: ",
        "invalid table header: duplicate key `go` in table `teams`",
    ),
    (
        "unknown key",
        "title = \"Go\"\ntitel = \"typo\"\n",
        "minutes.toml:2:1: error: ",
        "unknown field `titel`",
    ),
    (
        "wrong type",
        "title = \"Go\"\npaginate = \"ten\"\n",
        "minutes.toml:2:12: error: ",
        "invalid type: string \"ten\", expected usize",
    ),
    (
        "missing content folder",
        "content = \"notes\"\n",
        "minutes.toml:1:11: error: ",
        "content folder",
    ),
];

/// Issue 13, item 8: `check` is `build` without writing. A bad value in minutes.toml stops
/// both with exit 2, and both print the same one diagnostic at the value's line and
/// column (no `error: error:`), in every format `check` has; `build` writes nothing.
#[test]
fn bad_minutes_toml_stops_check_and_build_alike_at_the_bad_value() {
    let clean = Problems {
        errors: false,
        warnings: false,
    };
    for (what, toml, at, says) in BAD_CONFIGS {
        let f = Fixture::new(clean);
        // The fixture's notes are the archive root; minutes.toml sits beside them.
        f.file("minutes.toml", toml);
        let expected_line = format!("{at}{says}");

        let mut text_lines = Vec::new();
        for command in ["check", "build"] {
            let out = minutes(&[command, f.root()], &[]);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{what}: {command}\n{stderr}");
            let lines: Vec<&str> = stderr.lines().collect();
            assert_eq!(
                lines.len(),
                1,
                "{what}: {command} prints one line\n{stderr}"
            );
            assert!(
                lines[0].starts_with(&expected_line),
                "{what}: {command}\n{stderr}"
            );
            assert!(
                !stderr.contains("error: error"),
                "{what}: {command}\n{stderr}"
            );
            text_lines.push(lines[0].to_string());
        }
        assert_eq!(
            text_lines[0], text_lines[1],
            "{what}: check and build differ"
        );
        assert!(
            !Path::new(f.root()).join("public").exists(),
            "{what}: build wrote a site"
        );

        let want = parse_text(&text_lines[0]);
        let json = minutes(&["check", f.root(), "--format", "json"], &[]);
        assert_eq!(json.status.code(), Some(2), "{what}: json");
        assert_eq!(parse_json(&json.stdout), want, "{what}: json");

        let gh = minutes(&["check", f.root()], &[("GITHUB_ACTIONS", "true")]);
        assert_eq!(gh.status.code(), Some(2), "{what}: github");
        let raw = String::from_utf8_lossy(&gh.stdout);
        assert_eq!(parse_github(&raw), want, "{what}: github\n{raw}");
    }
}

/// The conflict warning says which date is used; the note's page must show that date. A
/// heading a week before the file name's was copied from an older note (the path wins);
/// one up to a month after it names the day the meeting moved to (the heading wins); one
/// more than a month after it is not this meeting's (the path wins).
#[test]
fn a_date_conflict_uses_the_date_the_warning_names() {
    let a = common::TestArchive::new();
    a.file("go/2020-01-27--go.md", "# Go sync, 2020-01-20\n\nA.\n")
        .file("go/2020-03-02--go.md", "# Go sync, 2020-04-02\n\nB.\n")
        .file("go/2020-05-04--go.md", "# Go sync, 2020-06-05\n\nC.\n");
    let report = a.build();
    let cases = [
        ("go/2020-01-27--go", "2020-01-27", "2020-01-20"),
        ("go/2020-03-02--go", "2020-04-02", "2020-03-02"),
        ("go/2020-05-04--go", "2020-05-04", "2020-06-05"),
    ];
    for (note, used, other) in cases {
        let warned = report.diagnostics.iter().any(|d| {
            d.path == format!("{note}.md")
                && d.message.contains(&format!("using {used}, not {other}"))
        });
        assert!(warned, "{note}: {:?}", report.diagnostics);
        let page = a.page(&format!("{note}/index.html"));
        let shown = attrs(&page, ".note-date time", "datetime");
        assert_eq!(
            shown.first().map(String::as_str),
            Some(used),
            "{note}: the page's date"
        );
    }
}

/// Two rules beside the window: only the note's own date (its heading or a labelled line)
/// can beat the file name's, never a date a sentence mentions; and a dotted date is day
/// first (`06.05.2021` is 6 May) even when both readings are valid.
#[test]
fn a_passing_date_never_beats_the_path_and_dots_are_day_first() {
    let a = common::TestArchive::new();
    a.file(
        "x/2020-01-06--x.md",
        "# X sync\n\nWe shipped it on 2020-01-16, ten days later.\n",
    )
    .file("y/notes.md", "# Board meeting 06.05.2021\n\nA.\n");
    a.build();
    for (note, want) in [("x/2020-01-06--x", "2020-01-06"), ("y/notes", "2021-05-06")] {
        let page = a.page(&format!("{note}/index.html"));
        let shown = attrs(&page, ".note-date time", "datetime");
        assert_eq!(
            shown.first().map(String::as_str),
            Some(want),
            "{note}: the page's date"
        );
    }
}
