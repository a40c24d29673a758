//! `minutes.toml`: optional site configuration. Every field has a default, so an archive
//! with no config file builds as it is.

use crate::diag::Diagnostic;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const FILE_NAME: &str = "minutes.toml";

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Site title shown in the header, the feeds and `<title>`.
    pub title: String,
    /// One line under the title on the home page.
    pub description: String,
    /// Where the site is published, e.g. `https://org.github.io/archive/`. Its path part
    /// (`/archive/`) prefixes every internal link.
    pub base_url: String,
    /// Folder of notes, relative to the archive root. Default: `content/` when it exists,
    /// else the archive root itself.
    pub content: Option<String>,
    /// Output folder, relative to the archive root.
    pub output: String,
    /// Theme name: templates in `themes/<theme>/templates/` override the embedded default.
    pub theme: String,
    /// syntect theme names for code blocks, light and dark.
    pub highlight_theme: String,
    pub highlight_theme_dark: String,
    /// Items per page on long index pages.
    pub paginate: usize,
    /// Build notes marked `draft: true`.
    pub drafts: bool,
    /// Language of the site (`<html lang>`).
    pub language: String,
    /// Default GitHub repository (`owner/name`) that `#123` refers to.
    pub repo: Option<String>,
    /// URL prefix for "edit this note" links, e.g.
    /// `https://github.com/org/archive/edit/main/`; the note's source path is appended.
    pub edit_url: Option<String>,
    /// Undo mojibake (UTF-8 once read as MacRoman or Windows-1252) when it is certain.
    pub repair_mojibake: bool,
    /// Topic vocabulary for notes without tags: topic id → words and phrases that mean
    /// it, matched in headings and text (`p2p = ["libp2p", "peer discovery"]`).
    pub topics: BTreeMap<String, Vec<String>>,
    /// Teams by id. Zero config: teams come from folders and file names.
    pub teams: BTreeMap<String, TeamConfig>,
    /// How GitHub references in notes are linked.
    pub github: GithubConfig,
    /// Anything else the user's templates want, reachable as `config.extra`.
    pub extra: BTreeMap<String, toml::Value>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct TeamConfig {
    /// Display name; default: derived from the id.
    pub name: Option<String>,
    /// Globs (relative to the content folder) of notes that belong to this team.
    pub paths: Vec<String>,
    /// Other ids found in folders, file names or front matter that mean this team.
    pub aliases: Vec<String>,
    /// GitHub repository (`owner/name`) that `#123` refers to in this team's notes.
    pub repo: Option<String>,
}

/// `[github]`: linking of references such as `#12`, `rust#95953`, `@user` and commit SHAs.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct GithubConfig {
    /// Owner of each repository that notes name without one: `rust = "rust-lang"` links
    /// `rust#95953`. Repositories named by `repo` (site or team) need no entry.
    pub owners: BTreeMap<String, String>,
    /// Handles that are not GitHub users (`rfcbot`, chat names): `@rfcbot` stays text.
    pub ignore_users: Vec<String>,
    /// Link `@user` and `@org/team`.
    pub mentions: bool,
    /// Link commits written as text: bare SHAs, `user@sha`, `owner/repo@sha`.
    pub commits: bool,
}

impl Default for GithubConfig {
    fn default() -> Self {
        GithubConfig {
            owners: BTreeMap::new(),
            ignore_users: Vec::new(),
            mentions: true,
            commits: true,
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: String::new(),
            description: String::new(),
            base_url: "/".to_string(),
            content: None,
            output: "public".to_string(),
            theme: "default".to_string(),
            highlight_theme: "InspiredGitHub".to_string(),
            highlight_theme_dark: "base16-ocean.dark".to_string(),
            paginate: 50,
            drafts: false,
            language: "en".to_string(),
            repo: None,
            edit_url: None,
            repair_mojibake: true,
            topics: BTreeMap::new(),
            teams: BTreeMap::new(),
            github: GithubConfig::default(),
            extra: BTreeMap::new(),
        }
    }
}

impl Config {
    /// Parses `minutes.toml`. `path` is only used to name the file in diagnostics.
    pub fn parse(text: &str, path: &str) -> Result<Config, Diagnostic> {
        let mut config: Config = toml::from_str(text).map_err(|e| {
            let (line, col) = e
                .span()
                .map(|s| crate::diag::line_col(text, s.start))
                .unwrap_or((1, 1));
            Diagnostic::error(path, line, col, e.message().to_string())
        })?;
        if config.paginate == 0 {
            config.paginate = Config::default().paginate;
        }
        Ok(config)
    }

    /// The path part of `base_url`, always starting and ending with `/`:
    /// `https://o.github.io/repo/` → `/repo/`.
    pub fn base_path(&self) -> String {
        base_path_of(&self.base_url)
    }

    /// `base_url` with a trailing slash, or empty when it is only a path (then feeds and
    /// the sitemap carry root-relative URLs).
    pub fn absolute_base(&self) -> String {
        if self.base_url.contains("://") {
            let mut s = self.base_url.clone();
            if !s.ends_with('/') {
                s.push('/');
            }
            s
        } else {
            String::new()
        }
    }
}

pub fn base_path_of(base_url: &str) -> String {
    let path = match base_url.find("://") {
        Some(i) => {
            let rest = &base_url[i + 3..];
            rest.find('/').map_or("/", |j| &rest[j..])
        }
        None => base_url,
    };
    let path = path.split(['?', '#']).next().unwrap_or("/");
    let trimmed = path.trim_matches('/');
    if trimmed.is_empty() {
        "/".to_string()
    } else {
        format!("/{trimmed}/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_file_is_the_default_config() {
        assert_eq!(
            Config::parse("", "minutes.toml").unwrap(),
            Config::default()
        );
    }

    #[test]
    fn base_path_from_project_site_url() {
        assert_eq!(base_path_of("https://o.github.io/repo/"), "/repo/");
        assert_eq!(base_path_of("https://o.github.io/repo"), "/repo/");
        assert_eq!(base_path_of("https://example.org"), "/");
        assert_eq!(base_path_of("/"), "/");
        assert_eq!(base_path_of("/sub/path"), "/sub/path/");
    }

    #[test]
    fn unknown_key_is_reported_at_its_line() {
        let err = Config::parse("title = \"x\"\ntitel = \"y\"\n", "minutes.toml").unwrap_err();
        assert_eq!((err.line, err.col), (2, 1));
        assert!(err.message.contains("titel"), "{}", err.message);
    }

    #[test]
    fn teams_table() {
        let c = Config::parse(
            "[teams.libp2p]\nname = \"libp2p\"\npaths = [\"libp2p/**\"]\nrepo = \"libp2p/specs\"\n",
            "minutes.toml",
        )
        .unwrap();
        assert_eq!(c.teams["libp2p"].repo.as_deref(), Some("libp2p/specs"));
    }

    #[test]
    fn github_table() {
        let c = Config::parse(
            "[github]\nowners = { rust = \"rust-lang\" }\nignore_users = [\"rfcbot\"]\ncommits = false\n",
            "minutes.toml",
        )
        .unwrap();
        assert_eq!(c.github.owners["rust"], "rust-lang");
        assert_eq!(c.github.ignore_users, ["rfcbot"]);
        assert!(c.github.mentions);
        assert!(!c.github.commits);
        let err = Config::parse("[github]\nowner = {}\n", "minutes.toml").unwrap_err();
        assert_eq!(err.line, 2);
    }
}
