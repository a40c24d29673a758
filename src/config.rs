//! `minutes.toml`: optional site configuration. Every field has a default, so an archive
//! with no config file builds as it is.

use crate::diag::Diagnostic;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const FILE_NAME: &str = "minutes.toml";
/// GitHub's GraphQL endpoint: the default of `[github] api_url`.
pub const GITHUB_API_URL: &str = "https://api.github.com/graphql";

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
    /// People by id (their page is /people/<id>/): a display name and the other spellings
    /// and handles that mean them, for what the notes cannot tell.
    pub people: BTreeMap<String, PersonConfig>,
    /// How GitHub references in notes are linked.
    pub github: GithubConfig,
    /// Anything else the user's templates want, reachable as `config.extra`.
    pub extra: BTreeMap<String, toml::Value>,
    /// Where the values that later stages check sit in the file, so their errors point
    /// at them. Not a setting: it never compares two configs unequal.
    #[serde(skip)]
    pub positions: Positions,
}

/// 1-based (line, column) in `minutes.toml` of each value whose meaning is checked after
/// parsing (a theme folder, a highlight theme, a glob); `None` when the file does not set
/// it (the default is in use, and an error is not about any line of the file).
#[derive(Debug, Clone, Default)]
pub struct Positions {
    pub content: Option<(u32, u32)>,
    pub theme: Option<(u32, u32)>,
    pub highlight_theme: Option<(u32, u32)>,
    pub highlight_theme_dark: Option<(u32, u32)>,
    /// `[teams.<id>] paths`, per team id, per pattern.
    pub team_paths: BTreeMap<String, Vec<(u32, u32)>>,
    /// `[topics] <id> = […]`, per topic id.
    pub topics: BTreeMap<String, (u32, u32)>,
}

impl PartialEq for Positions {
    /// Positions follow the text, not the settings: moving a line changes no page.
    fn eq(&self, _: &Positions) -> bool {
        true
    }
}

impl Positions {
    /// The position of a value, or the top of the file when the file does not set it.
    pub fn or_top(at: Option<(u32, u32)>) -> (u32, u32) {
        at.unwrap_or((1, 1))
    }
}

/// The same file read a second time with `toml::Spanned` around the values that
/// `Positions` records: the `toml` crate keeps spans only for values deserialized as
/// `Spanned`, and wrapping `Config`'s own fields would leak spans into every stage.
#[derive(Deserialize, Default)]
#[serde(default)]
struct Spans {
    content: Option<toml::Spanned<toml::Value>>,
    theme: Option<toml::Spanned<toml::Value>>,
    highlight_theme: Option<toml::Spanned<toml::Value>>,
    highlight_theme_dark: Option<toml::Spanned<toml::Value>>,
    teams: BTreeMap<String, TeamSpans>,
    topics: BTreeMap<String, toml::Spanned<toml::Value>>,
    github: GithubSpans,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct GithubSpans {
    api_url: Option<toml::Spanned<toml::Value>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct TeamSpans {
    paths: Vec<toml::Spanned<toml::Value>>,
}

impl Spans {
    fn positions(self, text: &str) -> Positions {
        let at = |v: &toml::Spanned<toml::Value>| crate::diag::line_col(text, v.span().start);
        Positions {
            content: self.content.as_ref().map(at),
            theme: self.theme.as_ref().map(at),
            highlight_theme: self.highlight_theme.as_ref().map(at),
            highlight_theme_dark: self.highlight_theme_dark.as_ref().map(at),
            team_paths: self
                .teams
                .into_iter()
                .map(|(id, t)| (id, t.paths.iter().map(at).collect()))
                .collect(),
            topics: self
                .topics
                .iter()
                .map(|(k, v)| (k.clone(), at(v)))
                .collect(),
        }
    }
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

/// `[people.<id>]`: one person, by the id their page has (a GitHub handle, lower-cased,
/// or a slug of their name).
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct PersonConfig {
    /// Display name; default: the spelling the notes use most.
    pub name: Option<String>,
    /// Other names and handles (`@mdawson`, `mdawson`, `Michael D.`) that are this person.
    pub aliases: Vec<String>,
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
    /// Ask GitHub for the title, state and labels of referenced issues and pull requests
    /// (only when a token is given; the answers are cached in `.minutes-cache/`).
    pub fetch: bool,
    /// The GraphQL endpoint asked: GitHub's, or a GitHub Enterprise server's. `https://`,
    /// or `http://` to this machine only (the token goes with every request).
    pub api_url: String,
}

impl Default for GithubConfig {
    fn default() -> Self {
        GithubConfig {
            owners: BTreeMap::new(),
            ignore_users: Vec::new(),
            mentions: true,
            commits: true,
            fetch: true,
            api_url: GITHUB_API_URL.to_string(),
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
            people: BTreeMap::new(),
            github: GithubConfig::default(),
            extra: BTreeMap::new(),
            positions: Positions::default(),
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
            Diagnostic::error(path, line, col, one_line(e.message()))
        })?;
        if config.paginate == 0 {
            config.paginate = Config::default().paginate;
        }
        // The text parsed once already, into the same shapes: this cannot fail.
        if let Ok(spans) = toml::from_str::<Spans>(text) {
            // Checked here: the token is sent to it, so never in clear over a network.
            let api_url = &config.github.api_url;
            if !api_url_is_safe(api_url) {
                let at = spans.github.api_url.as_ref().map(|v| v.span().start);
                let (line, col) = crate::diag::line_col(text, at.unwrap_or(0));
                let m = format!(
                    "`api_url` must be an https:// address (http:// only on this machine), not {api_url:?}"
                );
                return Err(Diagnostic::error(path, line, col, m));
            }
            config.positions = spans.positions(text);
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

/// `https://…`, or `http://` to this machine (a local test server or proxy).
fn api_url_is_safe(url: &str) -> bool {
    if url.starts_with("https://") {
        return true;
    }
    let Some(rest) = url.strip_prefix("http://") else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => host.split(':').next().unwrap_or(""),
    };
    host == "localhost" || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// The TOML parser puts its detail on a second line (`invalid table header` then
/// `duplicate key `a` in table `teams``); a diagnostic is one line, and keeps both.
fn one_line(message: &str) -> String {
    message
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(": ")
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
    fn toml_detail_on_a_second_line_is_kept_on_one_line() {
        let err = Config::parse("[teams.a]\n[teams.a]\n", "minutes.toml").unwrap_err();
        assert_eq!((err.line, err.col), (2, 1));
        assert_eq!(
            err.message,
            "invalid table header: duplicate key `a` in table `teams`"
        );
    }

    #[test]
    fn positions_of_checked_values_and_none_for_defaults() {
        let text = "theme = \"dark\"\n[teams.go]\npaths = [\"a/**\",\n  \"b/**\"]\n[topics]\np2p = [\"dht\"]\n";
        let c = Config::parse(text, "minutes.toml").unwrap();
        assert_eq!(c.positions.theme, Some((1, 9)));
        assert_eq!(c.positions.highlight_theme, None);
        assert_eq!(c.positions.team_paths["go"], [(3, 10), (4, 3)]);
        assert_eq!(c.positions.topics["p2p"], (6, 7));
        // Moving a value to another line changes no setting.
        let moved = Config::parse(&format!("\n\n{text}"), "minutes.toml").unwrap();
        assert_eq!(moved, c);
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
        assert!(c.github.fetch);
        assert_eq!(c.github.api_url, GITHUB_API_URL);
    }

    #[test]
    fn github_fetch_and_api_url() {
        let c = Config::parse(
            "[github]\nfetch = false\napi_url = \"http://127.0.0.1:9/graphql\"\n",
            "minutes.toml",
        )
        .unwrap();
        assert!(!c.github.fetch);
        assert_eq!(c.github.api_url, "http://127.0.0.1:9/graphql");
        let err = Config::parse("[github]\n\napi_url = \"file:///etc\"\n", "minutes.toml")
            .unwrap_err();
        assert_eq!((err.line, err.col), (3, 11));
        assert!(err.message.contains("api_url"), "{}", err.message);
        for safe in ["https://ghe.example.com/api/graphql", "http://localhost:8080/graphql", "http://[::1]:9/"] {
            assert!(api_url_is_safe(safe), "{safe}");
        }
        for unsafe_url in ["http://api.github.com/graphql", "http://127.0.0.1.evil.org/", "ftp://x", ""] {
            assert!(!api_url_is_safe(unsafe_url), "{unsafe_url}");
        }
        let err = Config::parse("[github]\nfetch = \"yes\"\n", "minutes.toml").unwrap_err();
        assert_eq!(err.line, 2);
    }
}
