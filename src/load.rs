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
///
/// Symlinks are followed only while they stay inside the archive: a note or folder that
/// is a symlink to somewhere else (`note.md → /etc/passwd`) would publish that file under
/// the organisation's name. Each symlink costs one `canonicalize`; plain files cost
/// nothing more than the walk. Walkdir reports a symlink loop as an error instead of
/// following it, so a loop cannot hang the walk.
pub fn find_notes(walk: &Walk) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let exclude: Vec<PathBuf> = walk.exclude.iter().map(|p| canonical(p)).collect();
    let mut files = Vec::new();
    let mut diagnostics = Vec::new();
    let mut skipped = Vec::new();
    let real_root = std::cell::OnceCell::new();
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
            // Folders left out anyway (an output folder linked to a web server's) are
            // left out silently, before their link is looked at.
            if e.file_type().is_dir()
                && (SKIPPED_DIRS.contains(&name.as_ref()) || exclude.contains(&canonical(e.path())))
            {
                return false;
            }
            if e.path_is_symlink() {
                let root = real_root.get_or_init(|| canonical(walk.root));
                if let Some(target) = outside(root, e.path()) {
                    skipped.push(outside_warning(&relative(walk.root, e.path()), &target));
                    return false;
                }
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
            Ok(e) if is_special(e.file_type()) && is_note_name(e.path()) => {
                diagnostics.push(special_warning(&relative(walk.root, e.path())));
            }
            Ok(_) => {}
            Err(err) => {
                let path = err
                    .path()
                    .map(|p| relative(walk.root, p))
                    .unwrap_or_else(|| relative(walk.root, walk.content));
                diagnostics.push(match err.loop_ancestor() {
                    // A loop inside the archive is harmless once cut: the folder's notes
                    // are found through its real path.
                    Some(ancestor) => Diagnostic::warning(
                        path,
                        1,
                        1,
                        format!(
                            "symlink loop (→ {}); skipped",
                            relative(walk.root, ancestor)
                        ),
                    ),
                    None => Diagnostic::error(path, 1, 1, format!("cannot read: {err}")),
                });
            }
        }
    }
    diagnostics.append(&mut skipped);
    // A folder of `.txt` notes is read as Markdown, but only when it holds no Markdown at
    // all: in a Markdown archive, `.txt` files are attachments, not notes.
    if files.is_empty() {
        files = texts;
    }
    (files, diagnostics)
}

/// Where `path` really leads, when that is outside `real_root` (the archive root's own
/// real path); `None` inside, and for a path that does not resolve (a broken link is
/// reported where it is read).
fn outside(real_root: &Path, path: &Path) -> Option<PathBuf> {
    let target = path.canonicalize().ok()?;
    (!target.starts_with(real_root)).then_some(target)
}

fn outside_warning(source: &str, target: &Path) -> Diagnostic {
    Diagnostic::warning(
        source,
        1,
        1,
        format!(
            "symlink leads outside the archive (→ {}); skipped",
            target.display()
        ),
    )
}

/// FIFOs, sockets and devices: opening a FIFO blocks until someone writes to it, and a
/// device can be endless, so they are never opened.
fn is_special(t: std::fs::FileType) -> bool {
    !t.is_file() && !t.is_dir() && !t.is_symlink()
}

fn special_warning(source: &str) -> Diagnostic {
    Diagnostic::warning(
        source,
        1,
        1,
        "not a regular file (a FIFO, socket or device); skipped",
    )
}

fn is_note_name(path: &Path) -> bool {
    is_markdown(path) || is_plain_text_note(path)
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
    // `serve` reads a changed file without walking to it: the same rules as the walk.
    if let Some(skip) = refuse(walk.root, path, &source) {
        return (None, vec![skip]);
    }
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

/// Why a file must not be read, as a warning: it is a symlink leading out of the archive,
/// or a FIFO, socket or device. One `lstat`, and one `canonicalize` for a symlink.
fn refuse(root: &Path, path: &Path, source: &str) -> Option<Diagnostic> {
    let mut meta = std::fs::symlink_metadata(path).ok()?;
    if meta.file_type().is_symlink() {
        if let Some(target) = outside(&canonical(root), path) {
            return Some(outside_warning(source, &target));
        }
        // Inside the archive: what it leads to decides.
        meta = std::fs::metadata(path).ok()?;
    }
    is_special(meta.file_type()).then(|| special_warning(source))
}

/// Which of `paths` (relative to `root`, `/`-separated) are files: the targets of
/// notes' links and images that exist. A file whose real path is outside the archive
/// (it, or a folder on its way, is a symlink leading out) does not count: it is never
/// published. Each distinct folder is resolved once, so a thousand images in one folder
/// cost one `canonicalize`, plus one for each image that is itself a symlink.
pub fn existing_files<'a>(
    root: &Path,
    paths: impl IntoIterator<Item = &'a str>,
) -> std::collections::HashSet<String> {
    let real_root = canonical(root);
    let mut folders: std::collections::HashMap<PathBuf, bool> = Default::default();
    paths
        .into_iter()
        .filter(|p| {
            let path = root.join(p);
            let Ok(meta) = std::fs::symlink_metadata(&path) else {
                return false;
            };
            let inside = match path.parent() {
                Some(dir) => *folders
                    .entry(dir.to_path_buf())
                    .or_insert_with(|| dir.canonicalize().is_ok_and(|d| d.starts_with(&real_root))),
                None => false,
            };
            if !inside {
                return false;
            }
            if meta.file_type().is_symlink() {
                outside(&real_root, &path).is_none() && path.is_file()
            } else {
                meta.file_type().is_file()
            }
        })
        .map(str::to_string)
        .collect()
}

/// A file a note links to (an image, an attachment), to publish with the site. Checked
/// again here, where it is read, so nothing outside the archive is ever published.
pub fn read_attachment(root: &Path, path: &str) -> Result<Vec<u8>, Diagnostic> {
    let file = root.join(path);
    if let Some(skip) = refuse(root, &file, path) {
        return Err(skip);
    }
    let real = file
        .canonicalize()
        .map_err(|e| Diagnostic::error(path, 1, 1, format!("cannot read: {e}")))?;
    if !real.starts_with(canonical(root)) {
        return Err(outside_warning(path, &real));
    }
    std::fs::read(real).map_err(|e| Diagnostic::error(path, 1, 1, format!("cannot read: {e}")))
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
/// The bytes of the file at `site_path` (relative to the content folder, `/`-separated);
/// `None` for a path that leaves the content folder (through `..` or a symlink) or is not
/// a file. Which files the site publishes is `engine::attachment`'s decision.
pub fn read_in_content(content: &Path, site_path: &str) -> Option<Vec<u8>> {
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

    /// An archive in a temporary folder with a secret file beside it, outside the archive.
    #[cfg(unix)]
    fn archive_with_secret() -> (tempfile::TempDir, PathBuf, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("archive");
        std::fs::create_dir_all(root.join("notes")).unwrap();
        std::fs::write(root.join("notes/real.md"), "# Real").unwrap();
        let secret = dir.path().join("secret");
        std::fs::create_dir_all(&secret).unwrap();
        std::fs::write(secret.join("passwd.md"), "# root:x:0:0").unwrap();
        (dir, root, secret)
    }

    #[cfg(unix)]
    fn walk(root: &Path) -> Walk<'_> {
        Walk {
            root,
            content: root,
            exclude: vec![],
            repair: false,
        }
    }

    #[cfg(unix)]
    fn sources(loaded: &Loaded) -> Vec<&str> {
        loaded.files.iter().map(|f| f.source.as_str()).collect()
    }

    #[cfg(unix)]
    #[test]
    fn a_note_symlinked_to_a_file_outside_the_archive_is_skipped_with_a_warning() {
        use std::os::unix::fs::symlink;
        let (_dir, root, secret) = archive_with_secret();
        symlink(secret.join("passwd.md"), root.join("notes/note.md")).unwrap();
        let loaded = load(&walk(&root));
        assert_eq!(sources(&loaded), ["notes/real.md"]);
        let real = secret.join("passwd.md").canonicalize().unwrap();
        let d = &loaded.diagnostics;
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(
            d[0].to_string(),
            format!(
                "notes/note.md:1:1: warning: symlink leads outside the archive (→ {}); skipped",
                real.display()
            )
        );
        // `serve` reads a changed file directly: the same refusal.
        let (file, d) = read_note(&walk(&root), &root.join("notes/note.md"));
        assert!(file.is_none());
        assert!(d[0].message.starts_with("symlink leads outside"), "{d:?}");
    }

    #[cfg(unix)]
    #[test]
    fn a_folder_symlinked_outside_the_archive_is_not_walked() {
        use std::os::unix::fs::symlink;
        let (_dir, root, secret) = archive_with_secret();
        symlink(&secret, root.join("notes/more")).unwrap();
        let loaded = load(&walk(&root));
        assert_eq!(sources(&loaded), ["notes/real.md"]);
        assert_eq!(loaded.diagnostics.len(), 1, "{:?}", loaded.diagnostics);
        assert_eq!(loaded.diagnostics[0].path, "notes/more");
        assert!(loaded.diagnostics[0]
            .message
            .contains("outside the archive"));
    }

    #[cfg(unix)]
    #[test]
    fn a_skipped_folder_linked_outside_is_skipped_without_a_warning() {
        use std::os::unix::fs::symlink;
        let (_dir, root, secret) = archive_with_secret();
        symlink(&secret, root.join("node_modules")).unwrap();
        symlink(&secret, root.join("public")).unwrap();
        let mut w = walk(&root);
        w.exclude = vec![root.join("public")];
        let loaded = load(&w);
        assert_eq!(sources(&loaded), ["notes/real.md"]);
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_inside_the_archive_keep_working_and_loops_do_not_hang() {
        use std::os::unix::fs::symlink;
        let (_dir, root, _secret) = archive_with_secret();
        symlink(root.join("notes/real.md"), root.join("alias.md")).unwrap();
        symlink("../notes", root.join("notes/again")).unwrap(); // a loop
        std::fs::create_dir(root.join("shared")).unwrap();
        std::fs::write(root.join("shared/x.md"), "# X").unwrap();
        symlink("shared", root.join("linked")).unwrap();
        let loaded = load(&walk(&root));
        assert_eq!(
            sources(&loaded),
            ["alias.md", "linked/x.md", "notes/real.md", "shared/x.md"]
        );
        let d = &loaded.diagnostics;
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(!d[0].is_error(), "a loop is a warning: {d:?}");
        assert!(d[0].message.starts_with("symlink loop"), "{d:?}");
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_note_is_skipped_with_a_warning_and_never_opened() {
        let (_dir, root, _secret) = archive_with_secret();
        let fifo = root.join("notes/pipe.md");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo (coreutils) runs");
        assert!(made.success());
        // Opening a FIFO for reading blocks until a writer comes: these return only
        // because it is never opened.
        let loaded = load(&walk(&root));
        assert_eq!(sources(&loaded), ["notes/real.md"]);
        assert_eq!(
            loaded.diagnostics[0].to_string(),
            "notes/pipe.md:1:1: warning: not a regular file (a FIFO, socket or device); skipped"
        );
        let (file, d) = read_note(&walk(&root), &fifo);
        assert!(file.is_none());
        assert!(d[0].message.starts_with("not a regular file"), "{d:?}");
        assert!(existing_files(&root, ["notes/pipe.md"]).is_empty());
        assert!(read_attachment(&root, "notes/pipe.md").is_err());
    }

    #[cfg(unix)]
    #[test]
    fn linked_files_outside_the_archive_are_neither_found_nor_read() {
        use std::os::unix::fs::symlink;
        let (_dir, root, secret) = archive_with_secret();
        std::fs::write(root.join("notes/chart.png"), b"png").unwrap();
        symlink(secret.join("passwd.md"), root.join("notes/leak.png")).unwrap();
        symlink(&secret, root.join("notes/dir")).unwrap();
        symlink("chart.png", root.join("notes/alias.png")).unwrap();
        let found = existing_files(
            &root,
            [
                "notes/chart.png",
                "notes/leak.png",
                "notes/dir/passwd.md",
                "notes/alias.png",
            ],
        );
        let mut found: Vec<_> = found.into_iter().collect();
        found.sort();
        assert_eq!(found, ["notes/alias.png", "notes/chart.png"]);
        assert_eq!(read_attachment(&root, "notes/alias.png").unwrap(), b"png");
        let err = read_attachment(&root, "notes/leak.png").unwrap_err();
        assert!(err.message.contains("outside the archive"), "{err:?}");
        assert!(read_attachment(&root, "notes/dir/passwd.md").is_err());
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
