//! Every XML file a build writes (the site's and each team's `atom.xml`, the sitemap)
//! parses with a strict XML 1.0 parser: on the example archive, on every real archive in
//! `../shared/corpus/real`, and on notes with NUL, ESC and BEL in their titles, bodies and
//! team names, one of which would otherwise make a whole feed unreadable.

mod common;
use common::TestArchive;
use minutes::build::{self, Options};
use std::path::Path;

/// Builds `root` into a temporary folder and parses each `.xml` file in the site; returns
/// how many there were.
fn build_and_parse_xml(root: &Path) -> usize {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    build::run(&Options {
        root: root.to_path_buf(),
        output: Some(site.clone()),
        base_url: Some("https://example.github.io/archive/".into()),
        ..Options::default()
    })
    .unwrap_or_else(|e| panic!("{}: build could not run: {e}", root.display()));
    let xml: Vec<String> = common::files(&site)
        .into_iter()
        .filter(|f| f.ends_with(".xml"))
        .collect();
    for file in &xml {
        let text = std::fs::read_to_string(site.join(file)).unwrap();
        if let Err(e) = roxmltree::Document::parse(&text) {
            panic!("{}: {file} is not valid XML: {e}", root.display());
        }
    }
    xml.len()
}

#[test]
fn feeds_and_sitemap_of_the_example_archive_are_valid_xml() {
    let n = build_and_parse_xml(Path::new(env!("CARGO_MANIFEST_DIR")));
    assert!(n >= 3, "a feed, a team feed and the sitemap: {n}");
}

#[test]
fn feeds_and_sitemap_of_every_real_archive_are_valid_xml() {
    let Some(shared) = common::shared("feeds_and_sitemap_of_every_real_archive_are_valid_xml")
    else {
        return;
    };
    let real = shared.join("corpus/real");
    let mut archives: Vec<_> = std::fs::read_dir(&real)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    archives.sort();
    assert!(archives.len() >= 3, "{archives:?}");
    for archive in archives {
        assert!(build_and_parse_xml(&archive) >= 2, "{}", archive.display());
    }
}

#[test]
fn control_characters_in_notes_do_not_break_the_feeds() {
    let a = TestArchive::new();
    a.file(
        "minutes.toml",
        "[teams.core]\nname = \"Core\\u0000 \\u001b[31mteam\\u0007\"\n",
    )
    .file(
        "content/core/2020-01-06--sync.md",
        "---\ntitle: \"Sync \\0\\e[1mbold\\a\"\n---\nThe body \u{0} \u{1b}[2J \u{7} rings.\n",
    )
    .file(
        "content/web/2020-01-07--call.md",
        "---\nteam: \"web\\a\\e\"\n---\n# Call \u{7}\u{1b}\u{0} \u{fffe}\n\nSummary \u{1b}[0m \u{0}text.\n",
    );
    let report = a.build();
    assert!(!report.has_errors(), "{:?}", report.diagnostics);
    let feed = a.text("atom.xml");
    roxmltree::Document::parse(&feed).unwrap_or_else(|e| panic!("atom.xml: {e}\n{feed}"));
    for file in common::files(&a.out()) {
        if file.ends_with(".xml") {
            let text = a.text(&file);
            roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{file}: {e}\n{text}"));
        }
    }
    // The characters are dropped, the text around them stays.
    assert!(feed.contains("<title>Sync [1mbold</title>"), "{feed}");
    assert!(feed.contains("term=\"Core [31mteam\""), "{feed}");
    let home = a.text("index.html");
    assert!(!home.contains(['\u{0}', '\u{7}', '\u{1b}']), "{home}");
}
