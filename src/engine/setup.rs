//! The settings of one run: the options given, `minutes.toml`, the folders they settle,
//! the theme and its files. The only IO is reading `minutes.toml` and the theme.

use crate::archive_repo;
use crate::config::{self, Config};
use crate::diag::Diagnostic;
use crate::highlight;
use crate::infer;
use crate::model::{Evidence, Inferred};
use crate::load::Walk;
use crate::theme::{self, Theme};
use crate::write::WriteError;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use thiserror::Error;

#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Archive root (holds `minutes.toml`, `content/` or the notes themselves).
    pub root: PathBuf,
    /// Output folder; default: `output` from the config, relative to the root.
    pub output: Option<PathBuf>,
    /// Overrides `base_url` from the config.
    pub base_url: Option<String>,
    /// Build drafts too.
    pub drafts: bool,
    /// Leave GitHub references unlinked and build no reference pages: only for measuring
    /// what the reference pass costs.
    pub skip_refs: bool,
    /// `GITHUB_REPOSITORY` as the caller read it from the environment (the library reads
    /// no environment variable): the archive's repository when `minutes.toml` names none.
    pub github_repository: Option<String>,
    /// `GITHUB_TOKEN` as the caller read it: with it, a build asks GitHub for the titles
    /// and state of the issues the notes reference (see `github`).
    pub github_token: Option<String>,
}

/// Why a build could not run at all (exit code 2).
#[derive(Debug, Error)]
pub enum Fatal {
    #[error("{0}")]
    Diagnostic(Diagnostic),
    #[error("{0}: not a folder")]
    NoArchive(PathBuf),
    /// Everything wrong in `minutes.toml` that parsed but means nothing (a glob that does
    /// not compile): each at its line, all reported at once.
    #[error("{}", .0.iter().map(Diagnostic::to_string).collect::<Vec<_>>().join("\n"))]
    Config(Vec<Diagnostic>),
    #[error(transparent)]
    Write(#[from] WriteError),
}

impl Fatal {
    /// The diagnostics a fatal error is made of, for printing as `path:line:col: …` in
    /// whichever format the command prints; `None` for errors about no file's line.
    pub fn diagnostics(&self) -> Option<Vec<Diagnostic>> {
        match self {
            Fatal::Diagnostic(d) => Some(vec![d.clone()]),
            Fatal::Config(ds) => Some(ds.clone()),
            _ => None,
        }
    }

    /// The error as one diagnostic, for `serve`'s overlay.
    pub fn into_diagnostic(self) -> Diagnostic {
        match self {
            Fatal::Diagnostic(d) => d,
            other => Diagnostic::error(config::FILE_NAME, 1, 1, other.to_string()),
        }
    }
}

/// The options of a run with `minutes.toml` read and applied, and the folders they name.
#[derive(Debug, Clone)]
pub struct Setup {
    pub opts: Options,
    pub config: Config,
    pub root: PathBuf,
    pub content: PathBuf,
    pub output: PathBuf,
    /// The repository the archive lives in, when `minutes.toml` names none.
    pub archive_repo: Option<archive_repo::Found>,
}

impl Setup {
    /// Reads `minutes.toml` (the defaults when there is none) and settles the folders.
    pub fn open(opts: &Options) -> Result<Setup, Fatal> {
        if !opts.root.is_dir() {
            return Err(Fatal::NoArchive(opts.root.clone()));
        }
        Setup::with_config(opts, read_config(&opts.root)?)
    }

    /// [`Setup::open`] with a config given rather than read.
    pub fn with_config(opts: &Options, mut config: Config) -> Result<Setup, Fatal> {
        let root = opts.root.clone();
        if let Some(url) = &opts.base_url {
            config.base_url = url.clone();
        }
        if opts.drafts {
            config.drafts = true;
        }
        let content = match &config.content {
            Some(c) => root.join(c),
            None if root.join("content").is_dir() => root.join("content"),
            None => root.clone(),
        };
        if !content.is_dir() {
            let (line, col) = config::Positions::or_top(config.positions.content);
            return Err(Fatal::Diagnostic(Diagnostic::error(
                config::FILE_NAME,
                line,
                col,
                format!("content folder {} does not exist", content.display()),
            )));
        }
        let output = opts
            .output
            .clone()
            .unwrap_or_else(|| root.join(&config.output));
        // Only when no repository is configured: the configured one wins.
        let archive_repo = match config.repo {
            Some(_) => None,
            None => archive_repo::find(&root, opts.github_repository.as_deref()),
        };
        Ok(Setup {
            opts: opts.clone(),
            config,
            root,
            content,
            output,
            archive_repo,
        })
    }

    /// Where the notes are and what the walk leaves out.
    pub fn walk(&self) -> Walk<'_> {
        Walk {
            root: &self.root,
            content: &self.content,
            exclude: vec![self.output.clone(), self.root.join("themes")],
            repair: self.config.repair_mojibake,
        }
    }

    /// `/` or `/<repo>/`: what every internal URL starts with.
    pub fn base_path(&self) -> String {
        self.config.base_path()
    }

    /// The inference context for notes at `rels` (paths relative to the content folder,
    /// which decide the "slug folders"). A team glob that does not compile would silently
    /// move notes to another team on the published site: a bad minutes.toml stops every
    /// command, as a parse error does.
    pub fn infer_context<'a>(
        &'a self,
        rels: impl Iterator<Item = &'a str>,
    ) -> Result<infer::Context<'a>, Fatal> {
        let (mut cx, config_diags) = infer::Context::new(&self.config);
        if !config_diags.is_empty() {
            return Err(Fatal::Config(config_diags));
        }
        cx.default_team = archive_name(&self.root);
        cx.default_repo = self.archive_repo.as_ref().map(|found| {
            let evidence = match found {
                archive_repo::Found::Environment(_) => Evidence::Environment,
                archive_repo::Found::GitRemote { .. } => Evidence::GitRemote,
            };
            Inferred::new(found.repo().to_string(), evidence)
        });
        cx.slug_folders = infer::slug_folders(rels);
        Ok(cx)
    }

    /// The archive's theme (`theme` in minutes.toml, with its overrides): an unknown theme
    /// is reported at that value's line.
    pub fn theme(&self) -> Result<Theme, Fatal> {
        load_theme(&self.root, &self.config)
    }

    /// The theme's static files and the code-highlighting stylesheet, and their URLs.
    pub fn assets(&self, theme: &Theme) -> Result<Assets, Fatal> {
        let mut files = theme.assets.clone();
        files.insert(
            "highlight.css".into(),
            highlight_css(&self.config)?.into_bytes(),
        );
        let urls = crate::render::asset_urls(&files, &self.base_path());
        Ok(Assets { files, urls })
    }
}

/// The files under `assets/` (theme files and the highlight stylesheet) and the URL each
/// page names them by (with a content hash, so a changed file is fetched again).
#[derive(Debug, Clone, Default)]
pub struct Assets {
    pub files: BTreeMap<String, Vec<u8>>,
    pub urls: BTreeMap<String, String>,
}

/// `minutes.toml` in `root`, or the defaults when there is none.
pub(crate) fn read_config(root: &Path) -> Result<Config, Fatal> {
    match std::fs::read_to_string(root.join(config::FILE_NAME)) {
        Ok(text) => Config::parse(&text, config::FILE_NAME).map_err(Fatal::Diagnostic),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
        Err(e) => Err(Fatal::Diagnostic(Diagnostic::error(
            config::FILE_NAME,
            1,
            1,
            format!("cannot read: {e}"),
        ))),
    }
}

/// The archive's theme: an unknown theme is reported at the value that names it.
pub(crate) fn load_theme(root: &Path, config: &Config) -> Result<Theme, Fatal> {
    theme::load(root, &config.theme).map_err(|mut d| {
        if d.path == config::FILE_NAME {
            (d.line, d.col) = config::Positions::or_top(config.positions.theme);
        }
        Fatal::Diagnostic(d)
    })
}

/// The code-highlighting stylesheet; an unknown highlight theme is reported at the value
/// that names it.
pub(crate) fn highlight_css(config: &Config) -> Result<String, Fatal> {
    let (light, dark) = (&config.highlight_theme, &config.highlight_theme_dark);
    highlight::stylesheet(light, dark).map_err(|message| {
        // Which of the two is unknown (the message names it, but not where it is).
        let at = if highlight::stylesheet(light, light).is_err() {
            config.positions.highlight_theme
        } else {
            config.positions.highlight_theme_dark
        };
        let (line, col) = config::Positions::or_top(at);
        Fatal::Diagnostic(Diagnostic::error(config::FILE_NAME, line, col, message))
    })
}

/// The archive folder's own name, as a team name of last resort: `lang-team` for a
/// checkout of `rust-lang/lang-team`. The name is taken whole, as the person chose it;
/// the team id slugifies it and the team page humanises it, as for any team.
pub fn archive_name(root: &Path) -> Option<String> {
    let abs = root.canonicalize().ok()?;
    let name = abs.file_name()?.to_string_lossy().into_owned();
    (!name.is_empty() && name != "content").then_some(name)
}

#[cfg(test)]
mod tests {
    use super::archive_name;

    #[test]
    fn archive_name_is_the_folder_name_whole() {
        // `owner__repo` is only how one test corpus names its checkouts: a user's folder
        // name is theirs, `__` included, and becomes the team of last resort as it is.
        let tmp = tempfile::tempdir().unwrap();
        for name in ["lang-team", "rust-lang__lang-team", "notes_2024"] {
            let dir = tmp.path().join(name);
            std::fs::create_dir(&dir).unwrap();
            assert_eq!(archive_name(&dir).as_deref(), Some(name));
        }
        let content = tmp.path().join("content");
        std::fs::create_dir(&content).unwrap();
        assert_eq!(archive_name(&content), None);
    }
}
