//! IO edge: walks the archive and reads every Markdown note into a `SourceFile`.

use crate::diag::Diagnostic;
use crate::frontmatter;
use crate::model::SourceFile;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// Folders never walked: tool output and dependency caches that can hold thousands of
/// unrelated `.md` files.
const SKIPPED_DIRS: &[&str] = &["node_modules", "target"];

#[derive(Debug)]
pub struct Loaded {
    /// Sorted by `source`, so later stages see the same order on every machine.
    pub files: Vec<SourceFile>,
    pub diagnostics: Vec<Diagnostic>,
}

/// What to walk.
#[derive(Debug, Clone)]
pub struct Walk<'a> {
    /// The archive root; `source` paths are relative to it.
    pub root: &'a Path,
    /// The folder of notes (the root itself, or `content/`).
    pub content: &'a Path,
    /// Folders to leave out (the output folder, the themes folder).
    pub exclude: Vec<PathBuf>,
    /// Undo mojibake (`repair::repair`) when it is certain.
    pub repair: bool,
}

/// Lists the Markdown files under `walk.content`, sorted.
pub fn find_notes(walk: &Walk) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let exclude: Vec<PathBuf> = walk.exclude.iter().map(|p| canonical(p)).collect();
    let mut files = Vec::new();
    let mut diagnostics = Vec::new();
    let walker = WalkDir::new(walk.content)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            if e.depth() == 0 {
                return true;
            }
            let name = e.file_name().to_string_lossy();
            if name.starts_with('.') {
                return false;
            }
            if e.file_type().is_dir() {
                if SKIPPED_DIRS.contains(&name.as_ref()) {
                    return false;
                }
                let path = canonical(e.path());
                return !exclude.contains(&path);
            }
            true
        });
    let mut texts = Vec::new();
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() && is_markdown(e.path()) => files.push(e.into_path()),
            Ok(e) if e.file_type().is_file() && is_plain_text_note(e.path()) => {
                texts.push(e.into_path())
            }
            Ok(_) => {}
            Err(err) => {
                let path = err
                    .path()
                    .map(|p| relative(walk.root, p))
                    .unwrap_or_else(|| relative(walk.root, walk.content));
                diagnostics.push(Diagnostic::error(path, 1, 1, format!("cannot read: {err}")));
            }
        }
    }
    // A folder of `.txt` notes is read as Markdown, but only when it holds no Markdown at
    // all: in a Markdown archive, `.txt` files are attachments, not notes.
    if files.is_empty() {
        files = texts;
    }
    (files, diagnostics)
}

pub fn is_plain_text_note(path: &Path) -> bool {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase());
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("")
        .to_ascii_uppercase();
    ext.as_deref() == Some("txt")
        && !["LICENSE", "LICENCE", "COPYING", "NOTICE", "AUTHORS"]
            .iter()
            .any(|n| stem.starts_with(n))
}

/// Walks and reads every note, in parallel. A file that cannot be read or whose front
/// matter is broken yields a diagnostic; a file with broken front matter is still loaded
/// (its body builds, its metadata is inferred as if it had none).
pub fn load(walk: &Walk) -> Loaded {
    let (paths, mut diagnostics) = find_notes(walk);
    let results: Vec<(Option<SourceFile>, Vec<Diagnostic>)> =
        paths.par_iter().map(|path| read_note(walk, path)).collect();
    let mut files = Vec::with_capacity(results.len());
    for (file, diags) in results {
        files.extend(file);
        diagnostics.extend(diags);
    }
    files.sort_by(|a, b| a.source.cmp(&b.source));
    Loaded { files, diagnostics }
}

/// Reads and splits one note.
pub fn read_note(walk: &Walk, path: &Path) -> (Option<SourceFile>, Vec<Diagnostic>) {
    let source = relative(walk.root, path);
    let rel = relative(walk.content, path);
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            return (
                None,
                vec![Diagnostic::error(source, 1, 1, format!("cannot read: {e}"))],
            )
        }
    };
    let mut diagnostics = Vec::new();
    let (text, warning) = decode(bytes);
    if let Some(w) = warning {
        diagnostics.push(Diagnostic::warning(&source, 1, 1, w));
    }
    let text = match walk.repair.then(|| crate::repair::repair(&text)).flatten() {
        Some((fixed, encoding)) => {
            let line = first_changed_line(&text, &fixed);
            diagnostics.push(Diagnostic::warning(
                &source,
                line,
                1,
                format!("repaired mojibake: this UTF-8 text had been read as {encoding} and saved again (set repair_mojibake = false to keep it as is)"),
            ));
            fixed
        }
        None => text,
    };
    let split = frontmatter::split(&text, &source);
    diagnostics.extend(split.error);
    (
        Some(SourceFile {
            source,
            rel,
            front_matter: split.front_matter,
            body_offset: split.body_offset,
            text,
        }),
        diagnostics,
    )
}

/// Bytes → text. UTF-8 (BOM dropped) is the norm; UTF-16 with a BOM is decoded; anything
/// else is read as Windows-1252, which never fails, with a warning so the user knows.
pub fn decode(bytes: Vec<u8>) -> (String, Option<String>) {
    if let Some((enc, _)) = encoding_rs::Encoding::for_bom(&bytes) {
        if enc != encoding_rs::UTF_8 {
            let (text, _, _) = enc.decode(&bytes);
            return (text.into_owned(), None);
        }
    }
    match String::from_utf8(bytes) {
        Ok(mut s) => {
            if s.starts_with('\u{feff}') {
                s.drain(..3);
            }
            (s, None)
        }
        Err(e) => {
            let bytes = e.into_bytes();
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(&bytes);
            (
                text.into_owned(),
                Some("file is not valid UTF-8; read as Windows-1252".to_string()),
            )
        }
    }
}

fn first_changed_line(a: &str, b: &str) -> u32 {
    a.lines()
        .zip(b.lines())
        .position(|(x, y)| x != y)
        .map_or(1, |i| i as u32 + 1)
}

/// Which of `paths` (relative to `root`, `/`-separated) are files: the targets of
/// notes' links and images that exist.
pub fn existing_files<'a>(
    root: &Path,
    paths: impl IntoIterator<Item = &'a str>,
) -> std::collections::HashSet<String> {
    paths
        .into_iter()
        .filter(|p| root.join(p).is_file())
        .map(str::to_string)
        .collect()
}

/// A file a note links to (an image, an attachment), to publish with the site.
pub fn read_attachment(root: &Path, path: &str) -> Result<Vec<u8>, Diagnostic> {
    std::fs::read(root.join(path))
        .map_err(|e| Diagnostic::error(path, 1, 1, format!("cannot read: {e}")))
}

pub fn is_markdown(path: &Path) -> bool {
    matches!(
        path.extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase())
            .as_deref(),
        Some("md" | "markdown" | "mdown" | "mkd")
    )
}

/// `path` relative to `base` with `/` separators; `path` itself if it is not under `base`.
/// The bytes of a file the site publishes beside the notes (an image, an attachment):
/// `site_path` is its path relative to the content folder. `None` for anything that is not
/// such a file: a note, a hidden or generated path, or a path that leaves the content
/// folder (through `..` or a symlink).
pub fn attachment(content: &Path, site_path: &str) -> Option<Vec<u8>> {
    crate::links::published_path(site_path, "")?;
    if site_path
        .split('/')
        .any(|part| part.is_empty() || part == "." || part == "..")
    {
        return None;
    }
    let base = content.canonicalize().ok()?;
    let file = content.join(site_path).canonicalize().ok()?;
    if !file.starts_with(&base) || !file.is_file() {
        return None;
    }
    std::fs::read(file).ok()
}

pub fn relative(base: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    }
}

fn canonical(p: &Path) -> PathBuf {
    p.canonicalize().unwrap_or_else(|_| p.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attachments_are_files_beside_the_notes_and_nothing_else() {
        use std::fs;
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        fs::create_dir_all(content.join("img")).unwrap();
        fs::write(content.join("img/chart.png"), b"png").unwrap();
        fs::write(content.join("note.md"), "# Note").unwrap();
        fs::write(dir.path().join("secret.txt"), "no").unwrap();
        assert_eq!(
            attachment(&content, "img/chart.png").as_deref(),
            Some(&b"png"[..])
        );
        assert_eq!(attachment(&content, "note.md"), None);
        assert_eq!(attachment(&content, "img/missing.png"), None);
        assert_eq!(attachment(&content, "../secret.txt"), None);
        assert_eq!(attachment(&content, "img"), None);
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.txt"), content.join("out.txt"))
                .unwrap();
            assert_eq!(attachment(&content, "out.txt"), None);
        }
    }

    #[test]
    fn utf8_bom_is_dropped() {
        let (t, w) = decode(b"\xEF\xBB\xBF# Hi".to_vec());
        assert_eq!(t, "# Hi");
        assert!(w.is_none());
    }

    #[test]
    fn invalid_utf8_is_read_as_windows_1252_with_a_warning() {
        let (t, w) = decode(b"caf\xE9".to_vec());
        assert_eq!(t, "café");
        assert!(w.is_some());
    }

    #[test]
    fn utf16_with_bom() {
        let (t, _) = decode(vec![0xFF, 0xFE, b'H', 0, b'i', 0]);
        assert_eq!(t, "Hi");
    }
}
