//! Pure: what `minutes init` writes. A commented `minutes.toml` with the teams the load
//! and infer stages find in the notes, and a GitHub Actions workflow that checks pull
//! requests and publishes the default branch to GitHub Pages.

use crate::archive::Archive;
use std::collections::BTreeMap;

/// Where `init` writes the config, relative to the archive root.
pub const CONFIG_PATH: &str = crate::config::FILE_NAME;
/// Where `init` writes the workflow, relative to the archive root (the repository root).
pub const WORKFLOW_PATH: &str = ".github/workflows/minutes.yml";
/// Stands for the repository `minutes` is installed from when this build of `minutes` does
/// not know its own (no `repository` in Cargo.toml). The README says what to put there.
pub const INSTALL_PLACEHOLDER: &str = "https://github.com/OWNER/minutes";

/// A team as the notes show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetectedTeam {
    pub id: String,
    pub name: String,
    /// `folder/**` when every note of the team, and no other note, lives in that folder.
    pub paths: Vec<String>,
    pub notes: usize,
}

/// What the config file says.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub title: String,
    /// The `content` key to keep from an existing config.
    pub content: Option<String>,
    pub teams: Vec<DetectedTeam>,
    pub notes: usize,
}

/// The teams of an archive, by id, each with the name inference gave it and, when its
/// notes have a folder to themselves, that folder as its path.
pub fn detect_teams(archive: &Archive) -> Vec<DetectedTeam> {
    // Top folder → the teams of the notes in it.
    let mut folder_teams: BTreeMap<&str, BTreeMap<&str, usize>> = BTreeMap::new();
    let mut team_folders: BTreeMap<&str, BTreeMap<&str, usize>> = BTreeMap::new();
    for n in &archive.notes {
        let Some(team) = &n.team else { continue };
        let folder = n.rel.split_once('/').map_or("", |(f, _)| f);
        *folder_teams
            .entry(folder)
            .or_default()
            .entry(&team.value)
            .or_default() += 1;
        *team_folders
            .entry(&team.value)
            .or_default()
            .entry(folder)
            .or_default() += 1;
    }
    let mut teams: Vec<DetectedTeam> = archive
        .teams
        .iter()
        .map(|t| {
            let folders = team_folders.get(t.id.as_str());
            let paths = match folders.map(|f| f.keys().copied().collect::<Vec<_>>()) {
                Some(f) if f.len() == 1 && !f[0].is_empty() && folder_teams[f[0]].len() == 1 => {
                    vec![format!("{}/**", f[0])]
                }
                _ => Vec::new(),
            };
            DetectedTeam {
                id: t.id.clone(),
                name: t.name.clone(),
                paths,
                notes: folders.map_or(0, |f| f.values().sum()),
            }
        })
        .collect();
    teams.sort_by(|a, b| a.id.cmp(&b.id));
    teams
}

/// A TOML string literal.
fn quote(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// A TOML key: bare when it can be, quoted otherwise.
fn key(s: &str) -> String {
    let bare = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if bare {
        s.to_string()
    } else {
        quote(s)
    }
}

/// The `[extra]` and `[people]` parts of `minutes.toml`, all commented.
const EXTRA_AND_PEOPLE_DOC: &str = "# Anything under [extra] reaches templates as site.extra.\n\
         # [extra]\n\
         # footer = \"Notes are CC BY 4.0\"\n\n\
         # People, by id (the id is their page: /people/<id>/). Attendees are tied together\n\
         # by the notes themselves: `Name (@handle)` makes that name and that handle one person\n\
         # everywhere. For what the notes cannot tell (`minutes check` lists what was merged):\n\
         #   name    = display name (default: the spelling the notes use most)\n\
         #   aliases = other names and handles that are this person\n\
         # [people.mhdawson]\n\
         # name = \"Michael Dawson\"\n\
         # aliases = [\"@mdawson\", \"Michael D.\"]\n\n";

/// `minutes.toml`: the detected teams, every other key commented out with its default
/// and what it does, so the file documents itself.
pub fn config_toml(plan: &Plan) -> String {
    let mut s = String::new();
    s.push_str(
        "# minutes.toml: configuration for `minutes` (written by `minutes init`).\n\
         # Every key is optional: delete a line and its default applies. Unknown keys are an\n\
         # error, so a typo is reported rather than ignored.\n\n",
    );
    s.push_str("# Shown in the header, in feeds and in <title>.\n");
    s.push_str(&format!("title = {}\n", quote(&plan.title)));
    s.push_str("# One line under the title on the home page.\n");
    s.push_str("# description = \"Notes from our calls\"\n\n");
    s.push_str(
        "# Where the site is published; its path (\"/repo/\") prefixes every link. The GitHub\n\
         # workflow passes the Pages URL with --base-url, so leave this for local builds.\n\
         # base_url = \"https://owner.github.io/repo/\"\n\n",
    );
    s.push_str("# Folder of notes (default: content/ if it exists, else this folder).\n");
    match &plan.content {
        Some(c) => s.push_str(&format!("content = {}\n", quote(c))),
        None => s.push_str("# content = \"content\"\n"),
    }
    s.push_str(
        "# Where the site is written, relative to this folder.\n\
         # output = \"public\"\n\
         # Templates in themes/<theme>/templates/ override the built-in ones, one at a time.\n\
         # theme = \"default\"\n\
         # syntect themes for code blocks, light and dark mode.\n\
         # highlight_theme = \"InspiredGitHub\"\n\
         # highlight_theme_dark = \"base16-ocean.dark\"\n\
         # Items per page on long lists.\n\
         # paginate = 50\n\
         # Build notes marked `draft: true`.\n\
         # drafts = false\n\
         # <html lang>, and the stemmer search matches word forms with (Snowball's languages).\n\
         # language = \"en\"\n\
         # GitHub repository (owner/name) that a bare #123 in a note refers to.\n\
         # repo = \"owner/project\"\n\
         # \"Edit this note\" links: the note's path is appended.\n\
         # edit_url = \"https://github.com/owner/repo/edit/main/\"\n\
         # Undo mojibake (UTF-8 once read as Windows-1252 or MacRoman) when certain.\n\
         # repair_mojibake = true\n\n",
    );
    s.push_str(
        "# Topics for notes without tags: topic id = words and phrases found in the text.\n\
         # [topics]\n\
         # p2p = [\"libp2p\", \"peer discovery\"]\n\n\
         # How GitHub references (#12, owner/repo#12, @user, commit SHAs) are linked.\n\
         # [github]\n\
         # owners = { rust = \"rust-lang\" }   # owner of repos named without one: rust#95953\n\
         # ignore_users = [\"rfcbot\"]         # @handles that are not GitHub users\n\
         # mentions = true                   # link @user and @org/team\n\
         # commits = true                    # link commits written as text\n\
         # fetch = true                      # titles and state from GitHub (with GITHUB_TOKEN)\n\
         # api_url = \"https://api.github.com/graphql\"\n\n",
    );
    s.push_str(EXTRA_AND_PEOPLE_DOC);
    s.push_str(
        "# Teams, by id (the id is the team's URL: /teams/<id>/). Each key:\n\
         #   name    = display name (default: from the id)\n\
         #   paths   = globs, relative to the content folder, of the team's notes\n\
         #   aliases = other ids (old folder names, slugs, front matter) that mean this team\n\
         #   repo    = GitHub repository that #123 refers to in this team's notes\n",
    );
    if plan.teams.is_empty() {
        s.push_str(
            "# No notes yet: teams come from folders and file names until you name them here.\n\
             # [teams.core]\n\
             # name = \"Core sync\"\n\
             # paths = [\"core/**\"]\n\
             # aliases = [\"core-dev\"]\n\
             # repo = \"owner/core\"\n",
        );
    } else {
        s.push_str(&format!(
            "# Found in {} notes by `minutes init`; rename them freely.\n",
            plan.notes
        ));
    }
    for t in &plan.teams {
        let noun = if t.notes == 1 { "note" } else { "notes" };
        s.push_str(&format!(
            "\n[teams.{}]   # {} {noun}\nname = {}\n",
            key(&t.id),
            t.notes,
            quote(&t.name)
        ));
        if t.paths.is_empty() {
            s.push_str("# paths = []   # found by file name or front matter, not by folder\n");
        } else {
            let paths: Vec<String> = t.paths.iter().map(|p| quote(p)).collect();
            s.push_str(&format!("paths = [{}]\n", paths.join(", ")));
        }
        s.push_str("# aliases = []\n# repo = \"owner/name\"\n");
    }
    s
}

/// The workflow: `minutes check` on pull requests (annotations on the diff), and on the
/// default branch a build with the Pages URL as base URL, deployed with GitHub's Pages
/// actions. Both run minutes through the GitHub Action of the repository `install` (the
/// `repository` of Cargo.toml), pinned to the release `version`: the action downloads that
/// release's prebuilt binary, checks its checksum and caches it, so nothing compiles.
pub fn workflow(install: &str, version: &str) -> String {
    let (action, placeholder) = match action_of(install) {
        Some(action) if install != INSTALL_PLACEHOLDER => (action, ""),
        _ => (
            "OWNER/minutes".to_string(),
            concat!(
                "# TODO: replace OWNER in `uses: OWNER/minutes@…` (twice below) with the owner of\n",
                "# the minutes repository (the minutes that wrote this file does not know it).\n",
            ),
        ),
    };
    WORKFLOW
        .replace("{placeholder}", placeholder)
        .replace("{action}", &action)
        .replace("{version}", version)
}

/// `owner/name` of a GitHub repository URL, as `uses:` names an action.
fn action_of(repository: &str) -> Option<String> {
    let path = repository
        .strip_prefix("https://github.com/")?
        .trim_end_matches('/');
    let path = path.strip_suffix(".git").unwrap_or(path);
    let (owner, name) = path.split_once('/')?;
    let ok = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    };
    (ok(owner) && ok(name)).then(|| format!("{owner}/{name}"))
}

const WORKFLOW: &str = r#"# Written by `minutes init`.
# Pull requests: `minutes check` reports problems in the notes as annotations on the diff
# (errors fail the check; add `args: --deny-warnings` to fail on warnings too).
# The default branch: build the site and publish it to GitHub Pages. In the repository's
# Settings → Pages, set Source to "GitHub Actions".
# minutes runs through its GitHub Action, pinned to the release that wrote this file: a
# prebuilt binary, checked against the release's SHA-256 checksum and cached (nothing
# compiles). To move to a newer minutes, change both the @v… tag and `version`.
{placeholder}name: minutes

on:
  pull_request:
  push:
  workflow_dispatch:

permissions:
  contents: read
  pages: write
  id-token: write

# One deployment at a time, never cancelled halfway; a newer push to a pull request
# replaces its older check.
concurrency:
  group: minutes-${{ github.ref }}
  cancel-in-progress: ${{ github.event_name == 'pull_request' }}

jobs:
  check:
    if: github.event_name == 'pull_request'
    runs-on: ubuntu-latest
    permissions:
      contents: read
    steps:
      - uses: actions/checkout@v5
      - name: Check notes
        uses: {action}@v{version}
        with:
          command: check
          path: .
          version: "{version}"

  build:
    # Pushes to other branches run nothing: only the default branch is published.
    if: github.event_name != 'pull_request' && github.ref_name == github.event.repository.default_branch
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v5
      - id: pages
        uses: actions/configure-pages@v6
      # What GitHub said of the referenced issues, so a build asks only for new ones and
      # for open ones older than a day. The run id saves each run's file; restore-keys
      # brings back the newest.
      - uses: actions/cache@v5
        with:
          path: .minutes-cache
          key: minutes-github-${{ github.run_id }}
          restore-keys: minutes-github-
      - name: Build
        # base_url is https://owner.github.io/repo for a project site: every link,
        # asset, feed entry and the 404 page then carry /repo/.
        uses: {action}@v{version}
        env:
          # Titles and state of the issues the notes reference; the workflow's own token
          # reads public repositories. Only the list of referenced issues is sent.
          GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}
        with:
          command: build
          path: .
          version: "{version}"
          base-url: ${{ steps.pages.outputs.base_url }}/
          output: _site
      - uses: actions/upload-pages-artifact@v4
        with:
          path: _site

  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v5
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn plan() -> Plan {
        Plan {
            title: "lang-team meeting notes".into(),
            content: None,
            teams: vec![
                DetectedTeam {
                    id: "core".into(),
                    name: "Core sync".into(),
                    paths: vec!["core/**".into()],
                    notes: 3,
                },
                DetectedTeam {
                    id: "1.x".into(),
                    name: "Old \"one\"".into(),
                    paths: vec![],
                    notes: 1,
                },
            ],
            notes: 4,
        }
    }

    #[test]
    fn config_parses_and_keeps_the_teams() {
        let text = config_toml(&plan());
        let c = Config::parse(&text, "minutes.toml").unwrap_or_else(|d| panic!("{d}\n{text}"));
        assert_eq!(c.title, "lang-team meeting notes");
        assert_eq!(c.teams["core"].name.as_deref(), Some("Core sync"));
        assert_eq!(c.teams["core"].paths, ["core/**"]);
        assert_eq!(c.teams["1.x"].name.as_deref(), Some("Old \"one\""));
        assert!(c.teams["1.x"].paths.is_empty());
        // Nothing else differs from the defaults.
        let defaults = Config {
            title: c.title.clone(),
            teams: c.teams.clone(),
            ..Config::default()
        };
        assert_eq!(c, defaults);
    }

    /// Every key `config.rs` accepts is documented in the file `init` writes, so the two
    /// cannot drift apart.
    #[test]
    fn config_documents_every_key() {
        let text = config_toml(&Plan::default());
        assert!(Config::parse(&text, "minutes.toml").is_ok());
        let keys =
            |v: toml::Value| -> Vec<String> { v.as_table().unwrap().keys().cloned().collect() };
        let mut all = keys(toml::Value::try_from(Config::default()).unwrap());
        all.extend(keys(
            toml::Value::try_from(crate::config::GithubConfig::default()).unwrap(),
        ));
        // Keys whose default is `None` are not serialised; the team table's keys.
        all.extend(["content", "repo", "edit_url", "name", "paths", "aliases"].map(String::from));
        for k in all {
            let documented = text.lines().any(|l| {
                let l = l.trim_start_matches(['#', ' ']);
                l.starts_with(&format!("{k} "))
                    || l.starts_with(&format!("[{k}]"))
                    || l.starts_with(&format!("[{k}."))
            });
            assert!(documented, "`{k}` is not documented\n{text}");
        }
        assert!(text.contains("# [teams.core]"));
    }

    #[test]
    fn workflow_uses_the_action_of_the_install_repository_at_the_version() {
        let w = workflow("https://github.com/acme/minutes", "1.2.3");
        assert_eq!(w.matches("uses: acme/minutes@v1.2.3\n").count(), 2, "{w}");
        assert_eq!(w.matches("version: \"1.2.3\"\n").count(), 2, "{w}");
        assert!(!w.contains("TODO"));
        assert!(!w.contains("cargo install"), "{w}");
        for hole in ["{action}", "{version}", "{placeholder}"] {
            assert!(!w.contains(hole), "{hole}");
        }
        let w = workflow("https://github.com/acme/minutes.git/", "1.2.3");
        assert_eq!(w.matches("uses: acme/minutes@v1.2.3\n").count(), 2);
    }

    #[test]
    fn workflow_without_a_github_repository_says_what_to_replace() {
        for install in [INSTALL_PLACEHOLDER, "https://gitlab.com/acme/minutes"] {
            let w = workflow(install, "1.2.3");
            assert_eq!(w.matches("# TODO: replace OWNER").count(), 1, "{w}");
            assert_eq!(w.matches("uses: OWNER/minutes@v1.2.3\n").count(), 2);
        }
    }

    #[test]
    fn action_of_takes_only_plain_github_repository_urls() {
        assert_eq!(
            action_of("https://github.com/minutes-ssg/minutes").as_deref(),
            Some("minutes-ssg/minutes")
        );
        for bad in [
            "https://github.com/acme",
            "https://github.com/acme/min utes",
            "https://github.com/acme/minutes/tree/main",
            "http://github.com/acme/minutes",
            "https://github.com/a/b\nrun: evil",
        ] {
            assert_eq!(action_of(bad), None, "{bad}");
        }
    }
}
