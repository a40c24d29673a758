//! Pure: links between notes and to local files. Finds the relative links and images a
//! note's Markdown makes, resolves them the way GitHub does in a repository (relative to
//! the note's folder; a leading `/` is the archive root), reports the broken ones, and gives
//! the site URL that each working link becomes: archives link notes to each other by file
//! path (`[last week](2022-03-07--core-sync.md#decisions)`), and those links must keep
//! working once every note is a page at its own URL.

use crate::diag::{Diagnostic, LineCols};
use pulldown_cmark::{Event, LinkType, Parser, Tag};
use regex::Regex;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Link,
    Image,
}

/// A link or image in a note's body, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Local {
    pub kind: Kind,
    pub dest: String,
    /// The line (from the top of the body) and column of the link's `[` (the image's
    /// `!`), so diagnostics need no body.
    pub line: u32,
    pub col: u32,
}

/// Every link and image a body makes that may point inside the archive (no e-mail
/// autolinks, no URLs with a scheme), in document order. Parsed with the markdown stage's
/// own options, so both see the same links.
pub fn local_links(body: &str) -> Vec<Local> {
    if !may_link_locally(body) {
        return Vec::new();
    }
    let mut found = Vec::new();
    let mut positions = LineCols::new(body);
    for (event, range) in Parser::new_ext(body, crate::dialect::parser_options()).into_offset_iter()
    {
        let (kind, link_type, dest) = match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => (Kind::Link, link_type, dest_url),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                ..
            }) => (Kind::Image, link_type, dest_url),
            _ => continue,
        };
        if matches!(link_type, LinkType::Email | LinkType::Autolink) {
            continue;
        }
        if is_web(&dest) {
            continue;
        }
        let (line, col) = positions.at(range.start);
        found.push(Local {
            kind,
            dest: dest.into_string(),
            line,
            col,
        });
    }
    found
}

/// Whether `body` can hold a link that is not to the web, without parsing it: every
/// Markdown link is inline (`](dest)`) or uses a definition (`[ref]: dest`). Most notes
/// link only to the web, and parsing them again would cost a fifth of the markdown stage.
fn may_link_locally(body: &str) -> bool {
    body.contains("]:")
        || body.match_indices("](").any(|(i, _)| {
            let dest = body[i + 2..].trim_start_matches([' ', '<']);
            !(dest.starts_with("https://") || dest.starts_with("http://"))
        })
}

/// Where a link written in a note points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dest {
    /// `#id` in the note itself (the id percent-decoded).
    Anchor(String),
    /// A file of the archive: its path relative to the archive root, normalised, and the
    /// `#id` after it, if any.
    File {
        path: String,
        fragment: Option<String>,
    },
    /// The web, another scheme, a folder, or a path that leaves the archive: not ours to
    /// check.
    Elsewhere,
}

/// Resolves `dest`, written in the note at `from` (a path relative to the archive root),
/// as GitHub resolves links in a repository's Markdown files.
pub fn resolve(from: &str, dest: &str) -> Dest {
    let dest = dest.trim();
    if is_web(dest) {
        return Dest::Elsewhere;
    }
    let (rest, fragment) = match dest.split_once('#') {
        Some((r, f)) => (r, Some(percent_decode(f))),
        None => (dest, None),
    };
    let path = rest.split('?').next().unwrap_or("");
    if path.is_empty() {
        return match fragment {
            Some(f) if !f.is_empty() => Dest::Anchor(f),
            _ => Dest::Elsewhere,
        };
    }
    if path.ends_with('/') {
        return Dest::Elsewhere;
    }
    let path = percent_decode(path);
    let mut parts: Vec<&str> = if path.starts_with('/') {
        Vec::new()
    } else {
        from.split('/').collect()
    };
    // The note's own file name.
    parts.pop();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Dest::Elsewhere;
                }
            }
            s => parts.push(s),
        }
    }
    if parts.is_empty() {
        return Dest::Elsewhere;
    }
    Dest::File {
        path: parts.join("/"),
        fragment: fragment.filter(|f| !f.is_empty()),
    }
}

/// Empty, a URL with a scheme (`https:`, `mailto:`) or protocol-relative (`//host/x`).
fn is_web(dest: &str) -> bool {
    let dest = dest.trim();
    // `sanitize::scheme` reads a scheme as browsers do (`java\tscript:`): such a link is
    // removed from the page, not a missing file.
    dest.is_empty()
        || dest.starts_with("//")
        || has_scheme(dest)
        || crate::sanitize::scheme(dest).is_some()
}

fn has_scheme(dest: &str) -> bool {
    let Some(colon) = dest.find(':') else {
        return false;
    };
    let scheme = &dest[..colon];
    !scheme.is_empty()
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// `%20` → space; invalid escapes and invalid UTF-8 stay as written (GitHub still shows
/// such a link, so it is resolved as it reads).
fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .map_or_else(|_| s.to_string(), std::borrow::Cow::into_owned)
}

/// Ids a note's readers can link to besides its headings: `<a name="x">` and `id="x"` in
/// its raw HTML (archives kept on GitHub add them by hand for stable anchors).
pub fn html_anchors(body: &str) -> impl Iterator<Item = String> + '_ {
    static ANCHOR: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"<[A-Za-z][^>]*?\s(?:id|name)\s*=\s*["']([^"']+)["']"#).expect("regex")
    });
    let any = body.contains("id=") || body.contains("name=") || body.contains("id =");
    any.then(|| ANCHOR.captures_iter(body).map(|c| c[1].to_string()))
        .into_iter()
        .flatten()
}

/// What links are checked against.
#[derive(Debug, Default)]
pub struct Targets<'a> {
    /// Each note's source path → its index.
    pub notes: HashMap<&'a str, usize>,
    /// Each note's anchor ids (headings as the markdown stage writes them, raw HTML ids).
    pub anchors: Vec<HashSet<String>>,
    /// Files (paths relative to the archive root) that links point at and that exist.
    pub files: HashSet<String>,
    /// Of those, the Markdown files in the content folder that are not notes of this build
    /// (drafts, unless built with `--drafts`): on the site, a link to one leads nowhere.
    pub unpublished: HashSet<String>,
}

/// A note's broken links and missing images, as warnings at their line and column in the
/// file. Warnings, not errors: the page is still published (as Hugo and Zola users expect
/// of a link checker), and `check --deny-warnings` makes CI fail on them.
pub fn check(source: &str, body_line: u32, links: &[Local], targets: &Targets) -> Vec<Diagnostic> {
    let own = targets.notes.get(source).map(|&i| &targets.anchors[i]);
    let mut diagnostics = Vec::new();
    for link in links {
        let problem = match resolve(source, &link.dest) {
            Dest::Elsewhere => None,
            Dest::Anchor(id) => own.is_some_and(|ids| !ids.contains(&id)).then(|| {
                format!(
                    "broken link `{}`: this note has no heading `#{id}`",
                    link.dest
                )
            }),
            Dest::File { path, fragment } => match targets.notes.get(path.as_str()) {
                Some(&i) => fragment
                    .filter(|f| !targets.anchors[i].contains(f))
                    .map(|f| format!("broken link `{}`: {path} has no heading `#{f}`", link.dest)),
                None if targets.unpublished.contains(&path) => Some(format!(
                    "broken link `{}`: {path} is not published (a draft?)",
                    link.dest
                )),
                None if targets.files.contains(&path) => None,
                None => Some(match link.kind {
                    Kind::Image => format!("missing image `{}`: {path} does not exist", link.dest),
                    Kind::Link => format!("broken link `{}`: {path} does not exist", link.dest),
                }),
            },
        };
        if let Some(message) = problem {
            diagnostics.push(Diagnostic::warning(
                source,
                body_line + link.line - 1,
                link.col,
                message,
            ));
        }
    }
    diagnostics
}

/// Rewrites the links of a note's HTML: a link to another note's file goes to that note's
/// page, and a link or image to a published file to its URL in the site. Everything else
/// stays as written.
#[derive(Debug, Default)]
pub struct Rewriter<'a> {
    /// `/` or `/repo/`.
    pub base_path: &'a str,
    /// Each note's source path → its URL under the base path (`core/2022/x/`).
    pub notes: HashMap<&'a str, &'a str>,
    /// Published files: source path → path in the site.
    pub files: HashMap<String, String>,
}

impl Rewriter<'_> {
    /// The URL `dest`, written in the note at `from`, becomes; `None` to keep it.
    pub fn rewrite(&self, from: &str, dest: &str) -> Option<String> {
        let Dest::File { path, .. } = resolve(from, dest) else {
            return None;
        };
        let fragment = dest.split_once('#').map_or("", |(_, f)| f);
        let target = match self.notes.get(path.as_str()) {
            Some(url) => *url,
            None => self.files.get(&path)?.as_str(),
        };
        let mut url = format!("{}{target}", self.base_path);
        if !fragment.is_empty() {
            url.push('#');
            url.push_str(fragment);
        }
        Some(url)
    }
}

/// Each note's source path → its URL under the base path, for [`Rewriter::notes`].
pub fn note_urls(archive: &crate::archive::Archive) -> HashMap<&str, &str> {
    archive
        .notes
        .iter()
        .zip(&archive.urls)
        .map(|(n, u)| (n.source.as_str(), u.as_str()))
        .collect()
}

/// The files other than notes that `linking` (each note's source path and its local
/// links) point to, by path relative to the archive root, whether they exist or not.
pub fn linked_files<'n>(
    linking: impl IntoIterator<Item = (&'n str, &'n [Local])>,
    notes: &HashMap<&str, &str>,
) -> std::collections::BTreeSet<String> {
    let mut wanted = std::collections::BTreeSet::new();
    for (source, found) in linking {
        for l in found {
            if let Dest::File { path, .. } = resolve(source, &l.dest) {
                if !notes.contains_key(path.as_str()) {
                    wanted.insert(path);
                }
            }
        }
    }
    wanted
}

/// `path` (relative to the archive root) relative to the content folder, when it is in it.
pub fn in_content<'p>(path: &'p str, content_prefix: &str) -> Option<&'p str> {
    if content_prefix.is_empty() || content_prefix == "." {
        Some(path)
    } else {
        path.strip_prefix(content_prefix)?.strip_prefix('/')
    }
}

/// A Markdown file by its name, as `load` decides.
pub fn is_markdown(path: &str) -> bool {
    crate::load::is_markdown(std::path::Path::new(path))
}

/// Where a linked file inside the content folder is published: at its path in the content
/// folder, as notes are. `None` for Markdown (a `.md` that is not a note is a draft or a
/// skipped file, not an attachment), for pages the site generates, and for files outside
/// the content folder.
pub fn published_path(path: &str, content_prefix: &str) -> Option<String> {
    let rel = in_content(path, content_prefix)?;
    let ext = rel
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let first = rel.split('/').next().unwrap_or("");
    let generated = matches!(ext.as_str(), "html" | "htm" | "xml")
        || crate::archive::RESERVED.contains(&first)
        || first.starts_with('.');
    (!generated && !is_markdown(rel)).then(|| rel.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decoding_keeps_what_it_cannot_decode() {
        assert_eq!(percent_decode("a%20b"), "a b");
        assert_eq!(percent_decode("caf%C3%A9"), "café");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("a%zzb%2"), "a%zzb%2");
        // Decodes to bytes that are not UTF-8: the whole text stays as written.
        assert_eq!(percent_decode("a%20%FF"), "a%20%FF");
    }

    fn file(path: &str, fragment: Option<&str>) -> Dest {
        Dest::File {
            path: path.into(),
            fragment: fragment.map(str::to_string),
        }
    }

    #[test]
    fn resolves_like_github() {
        let from = "content/core/2022/a.md";
        assert_eq!(resolve(from, "b.md"), file("content/core/2022/b.md", None));
        assert_eq!(
            resolve(from, "./b.md#Decisions"),
            file("content/core/2022/b.md", Some("Decisions"))
        );
        assert_eq!(
            resolve(from, "../2023/c%20d.md"),
            file("content/core/2023/c d.md", None)
        );
        assert_eq!(resolve(from, "/README.md"), file("README.md", None));
        assert_eq!(
            resolve(from, "img/x.png?raw=true"),
            file("content/core/2022/img/x.png", None)
        );
        assert_eq!(
            resolve(from, "#next-steps"),
            Dest::Anchor("next-steps".into())
        );
        assert_eq!(resolve(from, "#caf%C3%A9"), Dest::Anchor("café".into()));
        for elsewhere in [
            "https://github.com/o/r/blob/main/x.md",
            "mailto:a@b.c",
            "//cdn.example/x.png",
            "../../../../x.md",
            "../",
            "#",
            "",
        ] {
            assert_eq!(resolve(from, elsewhere), Dest::Elsewhere, "{elsewhere}");
        }
    }

    #[test]
    fn finds_links_and_images_with_positions_skipping_the_web() {
        let body = "# T\n\nSee [b](b.md) and <https://x.y> and <a@b.c>.\n\n![x](img/x.png)\n\n[ref]: c.md\n[used][ref]\n";
        let links = local_links(body);
        let got: Vec<(Kind, &str, u32, u32)> = links
            .iter()
            .map(|l| (l.kind, l.dest.as_str(), l.line, l.col))
            .collect();
        assert_eq!(
            got,
            [
                (Kind::Link, "b.md", 3, 5),
                (Kind::Image, "img/x.png", 5, 1),
                (Kind::Link, "c.md", 8, 1),
            ]
        );
        assert!(local_links("no links at all, [brackets] only").is_empty());
        assert!(!may_link_locally("[a](https://x.y) [b]( <http://x.y>)"));
        assert!(may_link_locally("[a](https://x.y) [b](b.md)"));
        assert!(may_link_locally("[a][r]\n\n[r]: https://x.y"));
    }

    #[test]
    fn reports_each_broken_link_at_its_line_and_column() {
        let a = "content/a.md";
        let b = "content/b.md";
        let mut targets = Targets::default();
        targets.notes.insert(a, 0);
        targets.notes.insert(b, 1);
        targets.anchors = vec![
            ["intro".to_string()].into(),
            ["decisions".to_string()].into(),
        ];
        targets.files.insert("content/img/ok.png".into());
        targets.files.insert("content/draft.md".into());
        targets.unpublished.insert("content/draft.md".into());
        let body = "# Intro\n\n[ok](b.md#decisions) [ok](#intro) ![ok](img/ok.png)\n\
                    x [gone](c.md) [no heading](b.md#nope)\n  ![](img/missing.png) [self](#nowhere)\n[draft](draft.md)\n";
        let d = check(a, 4, &local_links(body), &targets);
        let got: Vec<String> = d.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            got,
            [
                "content/a.md:7:3: warning: broken link `c.md`: content/c.md does not exist",
                "content/a.md:7:16: warning: broken link `b.md#nope`: content/b.md has no heading `#nope`",
                "content/a.md:8:3: warning: missing image `img/missing.png`: content/img/missing.png does not exist",
                "content/a.md:8:24: warning: broken link `#nowhere`: this note has no heading `#nowhere`",
                "content/a.md:9:1: warning: broken link `draft.md`: content/draft.md is not published (a draft?)",
            ]
        );
    }

    #[test]
    fn a_scheme_with_a_tab_is_not_a_local_link() {
        assert!(local_links("[x](<java\tscript:alert(1)>)\n").is_empty());
        assert_eq!(resolve("a/n.md", "java\tscript:alert(1)"), Dest::Elsewhere);
    }

    #[test]
    fn raw_html_anchors_count() {
        let ids: Vec<String> =
            html_anchors("<a name=\"old-anchor\"></a>\n<div id='box'>x</div> idle=\"no\"")
                .collect();
        assert_eq!(ids, ["old-anchor", "box"]);
    }

    #[test]
    fn rewrites_note_links_to_pages_and_files_to_their_urls() {
        let mut r = Rewriter {
            base_path: "/repo/",
            ..Rewriter::default()
        };
        r.notes.insert("content/core/b.md", "core/b/");
        r.files
            .insert("content/core/img/x.png".into(), "core/img/x.png".into());
        let from = "content/core/a.md";
        assert_eq!(r.rewrite(from, "b.md").as_deref(), Some("/repo/core/b/"));
        assert_eq!(
            r.rewrite(from, "./b.md#next-steps").as_deref(),
            Some("/repo/core/b/#next-steps")
        );
        assert_eq!(
            r.rewrite(from, "img/x.png").as_deref(),
            Some("/repo/core/img/x.png")
        );
        assert_eq!(r.rewrite(from, "#intro"), None);
        assert_eq!(r.rewrite(from, "missing.md"), None);
        assert_eq!(r.rewrite(from, "https://x.y/b.md"), None);
    }

    #[test]
    fn publishes_attachments_inside_the_content_folder_only() {
        assert_eq!(
            published_path("content/core/img/x.png", "content").as_deref(),
            Some("core/img/x.png")
        );
        assert_eq!(
            published_path("img/x.png", "").as_deref(),
            Some("img/x.png")
        );
        assert_eq!(published_path("docs/x.png", "content"), None);
        assert_eq!(published_path("content/core/draft.md", "content"), None);
        assert_eq!(
            published_path("content/core/log.txt", "content").as_deref(),
            Some("core/log.txt")
        );
        assert_eq!(published_path("content/assets/x.png", "content"), None);
        assert_eq!(published_path("content/x/index.html", "content"), None);
    }
}
