//! Shared helpers for the integration tests: a fixture archive in a temporary folder,
//! built with the library, and queried with `scraper`.
#![allow(dead_code)]

pub mod axe;
pub mod labels;
pub mod tools;
pub mod webdriver;

// Each test binary uses some of these.
#[allow(unused_imports)]
pub use tools::{program_present, skip_unless_present};

use minutes::build::{self, Options, Report};
use scraper::{Html, Selector};
use std::path::{Path, PathBuf};

pub struct TestArchive {
    pub dir: tempfile::TempDir,
}

impl Default for TestArchive {
    fn default() -> Self {
        Self::new()
    }
}

impl TestArchive {
    pub fn new() -> TestArchive {
        TestArchive {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file relative to the archive root.
    pub fn file(&self, rel: &str, text: &str) -> &TestArchive {
        let path = self.dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    pub fn out(&self) -> PathBuf {
        self.dir.path().join("public")
    }

    pub fn build(&self) -> Report {
        self.build_with(None)
    }

    pub fn build_with(&self, base_url: Option<&str>) -> Report {
        build::run(&Options {
            root: self.root().to_path_buf(),
            output: None,
            base_url: base_url.map(str::to_string),
            ..Options::default()
        })
        .expect("build runs")
    }

    pub fn page(&self, rel: &str) -> Html {
        let path = self.out().join(rel);
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        Html::parse_document(&text)
    }

    pub fn text(&self, rel: &str) -> String {
        std::fs::read_to_string(self.out().join(rel)).unwrap()
    }
}

pub fn select<'a>(html: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    let sel = Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css}: {e:?}"));
    html.select(&sel).collect()
}

pub fn texts(html: &Html, css: &str) -> Vec<String> {
    select(html, css)
        .iter()
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

pub fn attrs(html: &Html, css: &str, attr: &str) -> Vec<String> {
    select(html, css)
        .iter()
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

/// Every file under `dir`, as `/`-separated relative paths, sorted.
pub fn files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| minutes::load::relative(dir, e.path()))
        .collect();
    v.sort();
    v
}

/// `../shared` (or `$MINUTES_SHARED`), which holds the real corpora and the seed notes.
/// CI always has it: there a missing folder fails the test; elsewhere the test is skipped
/// with one printed line.
pub fn shared(test: &str) -> Option<PathBuf> {
    let dir = std::env::var_os("MINUTES_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    let missing = ["corpus/real", "seeds"]
        .iter()
        .find(|sub| !dir.join(sub).is_dir())
        .map(|sub| format!("the shared corpora are missing at {}/{sub}", dir.display()));
    skip_unless_present(
        test,
        missing,
        "set MINUTES_SHARED to the folder that holds corpus/ and seeds/",
    )
    .then_some(dir)
}
