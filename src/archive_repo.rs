//! The GitHub repository an archive lives in, found with zero config: what a bare `#12`
//! in its notes means. A build in GitHub Actions names it in `GITHUB_REPOSITORY` (the
//! caller reads the variable: this module reads no environment); elsewhere the `origin`
//! remote of the git checkout that holds the archive says it.
//!
//! `.git/config` is read as a file, never by running `git`: a build must not depend on
//! git being installed, nor run a program a checkout's config could name. The format read
//! is the small part of git-config that holds remotes (`[remote "origin"]` and its `url`);
//! a full git crate (gix) would add some hundred crates for those two lines.

use crate::refs::parse_repo;
use std::path::{Path, PathBuf};

/// Where the archive's repository was found, for `check --explain` and `list --json`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// `GITHUB_REPOSITORY`, as the build's environment set it.
    Environment(String),
    /// The `origin` remote in this git config file.
    GitRemote { repo: String, config: PathBuf },
}

impl Found {
    pub fn repo(&self) -> &str {
        match self {
            Found::Environment(r) | Found::GitRemote { repo: r, .. } => r,
        }
    }
}

/// The archive's repository: `github_repository` (the value of `GITHUB_REPOSITORY`) when
/// it names one, else the GitHub `origin` of the checkout holding `root`.
pub fn find(root: &Path, github_repository: Option<&str>) -> Option<Found> {
    if let Some(r) = github_repository.and_then(parse_repo) {
        return Some(Found::Environment(format!("{}/{}", r.0, r.1)));
    }
    let config = git_config_of(root)?;
    let text = std::fs::read_to_string(&config).ok()?;
    let repo = github_repo_of_url(&origin_url(&text)?)?;
    Some(Found::GitRemote { repo, config })
}

/// The config file of the git repository that holds `root`: the nearest `.git` above it,
/// a folder, or a file that points to one (a worktree or a submodule), whose shared config
/// is in its `commondir` when it has one.
fn git_config_of(root: &Path) -> Option<PathBuf> {
    let root = root.canonicalize().ok()?;
    let dot_git = root.ancestors().map(|d| d.join(".git")).find(|g| g.exists())?;
    if dot_git.is_dir() {
        return Some(dot_git.join("config"));
    }
    let text = std::fs::read_to_string(&dot_git).ok()?;
    let gitdir = text.trim().strip_prefix("gitdir:")?.trim();
    let gitdir = dot_git.parent()?.join(gitdir);
    let common = std::fs::read_to_string(gitdir.join("commondir"))
        .map(|c| gitdir.join(c.trim()))
        .unwrap_or(gitdir);
    Some(common.join("config"))
}

/// The `url` of `[remote "origin"]` in a git config file's text.
fn origin_url(config: &str) -> Option<String> {
    let mut in_origin = false;
    for line in config.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            // `[remote "origin"]`; git also accepts the old `[remote.origin]`.
            let section: String = line
                .trim_start_matches('[')
                .trim_end_matches(']')
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            in_origin = section.eq_ignore_ascii_case("remote \"origin\"")
                || section.eq_ignore_ascii_case("remote.origin");
            continue;
        }
        if !in_origin {
            continue;
        }
        if let Some((key, value)) = line.split_once('=') {
            if key.trim().eq_ignore_ascii_case("url") {
                return Some(value.trim().trim_matches('"').to_string());
            }
        }
    }
    None
}

/// `owner/repo` of a GitHub remote URL in any of the forms git accepts: https (with or
/// without a user), ssh URLs, scp-like `git@github.com:owner/repo`, `git://`; with or
/// without `.git` and a trailing slash. `None` for any other host.
pub fn github_repo_of_url(url: &str) -> Option<String> {
    let url = url.trim();
    let path = if let Some((scheme, rest)) = url.split_once("://") {
        if !matches!(scheme, "https" | "http" | "ssh" | "git" | "git+ssh") {
            return None;
        }
        let (host, path) = rest.split_once('/')?;
        let host = host.rsplit('@').next()?;
        let host = host.split(':').next()?;
        is_github(host).then_some(path)?
    } else {
        // scp-like: `[user@]github.com:owner/repo.git`.
        let (host, path) = url.split_once(':')?;
        let host = host.rsplit('@').next()?;
        is_github(host).then_some(path)?
    };
    let path = path.trim_end_matches('/');
    let path = path.strip_suffix(".git").unwrap_or(path);
    let (owner, repo) = parse_repo(path)?;
    Some(format!("{owner}/{repo}"))
}

fn is_github(host: &str) -> bool {
    host.eq_ignore_ascii_case("github.com") || host.eq_ignore_ascii_case("www.github.com")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_of_a_github_remote_gives_owner_and_repo() {
        for url in [
            "git@github.com:o/r.git",
            "git@github.com:o/r",
            "github.com:o/r.git",
            "https://github.com/o/r.git",
            "https://github.com/o/r",
            "https://github.com/o/r/",
            "https://user:token@github.com/o/r.git",
            "http://www.github.com/o/r",
            "ssh://git@github.com/o/r.git",
            "ssh://git@github.com:22/o/r.git",
            "git://github.com/o/r.git",
        ] {
            assert_eq!(github_repo_of_url(url).as_deref(), Some("o/r"), "{url}");
        }
    }

    #[test]
    fn other_hosts_and_paths_are_not_a_github_repo() {
        for url in [
            "git@gitlab.com:o/r.git",
            "https://gitlab.com/o/r",
            "https://github.com/o",
            "https://github.com/o/r/tree/main",
            "/srv/git/r.git",
            "../r",
            "file:///srv/git/o/r.git",
            "https://github.com.evil.example/o/r",
        ] {
            assert_eq!(github_repo_of_url(url), None, "{url}");
        }
    }

    #[test]
    fn the_origin_url_is_read_from_its_section_only() {
        let config = "[core]\n\tbare = false\n[remote \"upstream\"]\n\turl = git@github.com:up/r.git\n\
                      [remote \"origin\"]\n\turl = https://github.com/o/r.git\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n";
        assert_eq!(
            origin_url(config).as_deref(),
            Some("https://github.com/o/r.git")
        );
        assert_eq!(origin_url("[remote \"upstream\"]\nurl = x\n"), None);
    }

    #[test]
    fn the_environment_wins_over_the_remote_and_a_bad_value_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join(".git")).unwrap();
        std::fs::write(
            dir.path().join(".git/config"),
            "[remote \"origin\"]\n\turl = git@github.com:o/r.git\n",
        )
        .unwrap();
        let notes = dir.path().join("notes");
        std::fs::create_dir_all(&notes).unwrap();
        let remote = find(&notes, None).unwrap();
        assert_eq!(remote.repo(), "o/r");
        assert!(matches!(remote, Found::GitRemote { .. }));
        assert_eq!(
            find(&notes, Some("x/y")),
            Some(Found::Environment("x/y".into()))
        );
        assert_eq!(find(&notes, Some("not a repo")).unwrap().repo(), "o/r");
    }

    #[test]
    fn a_worktree_reads_the_config_its_gitdir_shares() {
        let dir = tempfile::tempdir().unwrap();
        let main_git = dir.path().join("main/.git");
        std::fs::create_dir_all(main_git.join("worktrees/wt")).unwrap();
        std::fs::write(
            main_git.join("config"),
            "[remote \"origin\"]\n\turl = https://github.com/o/wt\n",
        )
        .unwrap();
        std::fs::write(main_git.join("worktrees/wt/commondir"), "../..\n").unwrap();
        let wt = dir.path().join("wt");
        std::fs::create_dir_all(&wt).unwrap();
        std::fs::write(
            wt.join(".git"),
            format!("gitdir: {}\n", main_git.join("worktrees/wt").display()),
        )
        .unwrap();
        assert_eq!(find(&wt, None).unwrap().repo(), "o/wt");
    }
}
