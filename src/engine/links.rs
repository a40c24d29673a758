//! The links between notes and to files beside them, resolved against the archive once
//! for `build`, `check` and `serve` alike: what the markdown stage rewrites, what is
//! published beside the notes, and what `check` reports.

use crate::archive::Archive;
use crate::diag::Diagnostic;
use crate::links;
use crate::load;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// The notes' relative links and images, resolved against the archive.
pub struct NoteLinks<'a> {
    /// Each linking note's local links, in the order they were given.
    pub found: Vec<Vec<links::Local>>,
    pub rewriter: links::Rewriter<'a>,
    /// Linked files that exist (paths relative to the archive root).
    pub files: HashSet<String>,
    /// Linked Markdown files in the content folder that are not notes of this build.
    pub unpublished: HashSet<String>,
}

impl<'a> NoteLinks<'a> {
    /// Finds the local links of `linking` (each note's source and body) and which of the
    /// files they name exist (the only IO: one `stat` per distinct linked file). `build`
    /// passes every note; `serve` only those it is about to render.
    pub fn find<'b>(
        root: &Path,
        content: &Path,
        archive: &'a Archive,
        linking: impl rayon::iter::IndexedParallelIterator<Item = (&'b str, &'b str)>,
        base_path: &'a str,
    ) -> Self {
        use rayon::prelude::*;
        let (sources, found): (Vec<&str>, Vec<Vec<links::Local>>) = linking
            .map(|(source, body)| (source, links::local_links(body)))
            .unzip();
        // Most notes link only to the web: then there is nothing to look up.
        if found.iter().all(Vec::is_empty) {
            return NoteLinks {
                found,
                rewriter: links::Rewriter {
                    base_path,
                    ..Default::default()
                },
                files: HashSet::new(),
                unpublished: HashSet::new(),
            };
        }
        let notes = links::note_urls(archive);
        let wanted = links::linked_files(
            sources.iter().copied().zip(found.iter().map(Vec::as_slice)),
            &notes,
        );
        let files = load::existing_files(root, wanted.iter().map(String::as_str));
        let prefix = load::relative(root, content);
        let published = files
            .iter()
            .filter_map(|f| Some((f.clone(), links::published_path(f, &prefix)?)))
            .collect();
        let unpublished = files
            .iter()
            .filter(|f| links::in_content(f, &prefix).is_some() && links::is_markdown(f))
            .cloned()
            .collect();
        NoteLinks {
            found,
            rewriter: links::Rewriter {
                base_path,
                notes,
                files: published,
            },
            files,
            unpublished,
        }
    }

    /// Broken links and missing images, note by note, when every note of `archive` was
    /// found in its order; `anchors` holds each note's ids.
    pub fn check(&self, archive: &Archive, anchors: Vec<HashSet<String>>) -> Vec<Diagnostic> {
        let targets = links::Targets {
            notes: archive
                .notes
                .iter()
                .enumerate()
                .map(|(i, n)| (n.source.as_str(), i))
                .collect(),
            anchors,
            files: self.files.clone(),
            unpublished: self.unpublished.clone(),
        };
        archive
            .notes
            .iter()
            .zip(&self.found)
            .flat_map(|(n, found)| links::check(&n.source, n.body_line, found, &targets))
            .collect()
    }
}

/// The ids a note's page has for `#anchor` links: its headings' and its raw HTML's.
pub fn anchors(body: &str, headings: impl Iterator<Item = String>) -> HashSet<String> {
    headings.chain(links::html_anchors(body)).collect()
}

/// The bytes of a file the site publishes beside the notes (an image, an attachment), for
/// `serve`: `site_path` is its path relative to the content folder. `None` for anything
/// that is not such a file: a note, a hidden or generated path, or a path that leaves the
/// content folder (through `..` or a symlink).
pub fn attachment(content: &Path, site_path: &str) -> Option<Vec<u8>> {
    links::published_path(site_path, "")?;
    load::read_in_content(content, site_path)
}

/// Lower-cased GitHub handle → URL of the person's page, for `@user` links.
pub fn people_urls(archive: &Archive, base_path: &str) -> HashMap<String, String> {
    archive
        .people
        .iter()
        .filter_map(|p| {
            let handle = p.handle.as_ref()?.to_ascii_lowercase();
            Some((
                handle,
                format!("{base_path}{}", crate::views::person_path(&p.id)),
            ))
        })
        .collect()
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
}
