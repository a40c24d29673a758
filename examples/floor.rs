//! The floor: what the mandated crates cost doing only the essential work of a build, with
//! none of `minutes`'s own. Reads every note (walkdir), splits front matter (gray_matter),
//! renders Markdown (pulldown-cmark) with fenced code highlighted (syntect, classed
//! spans), fills one Tera template per note and writes one file per note, in parallel
//! (rayon). No inference, indexes, references, search, list pages or feeds.
//!
//!     cargo run --release --example floor -- /tmp/n10k /tmp/floor-out
//!
//! Prints the time of each step; `BENCHMARKS.md` compares a full build with it.

use gray_matter::engine::YAML;
use gray_matter::Matter;
use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};
use rayon::prelude::*;
use std::path::PathBuf;
use std::time::Instant;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

const TEMPLATE: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title>
<link rel="stylesheet" href="/style.css"></head>
<body><header><a href="/">Meetings</a></header>
<main><h1>{{ title }}</h1>{% if date %}<p><time>{{ date }}</time></p>{% endif %}
{{ body | safe }}</main></body></html>
"#;

fn highlight(syntaxes: &SyntaxSet, lang: &str, code: &str) -> String {
    let Some(syntax) = syntaxes.find_syntax_by_token(lang) else {
        return format!("<pre><code>{}</code></pre>", tera::escape_html(code));
    };
    let mut generator =
        ClassedHTMLGenerator::new_with_class_style(syntax, syntaxes, ClassStyle::Spaced);
    for line in LinesWithEndings::from(code) {
        // A line syntect cannot parse is left out of the floor, as it is not the point.
        let _ = generator.parse_html_for_line_which_includes_newline(line);
    }
    format!("<pre><code>{}</code></pre>", generator.finalize())
}

/// The note's HTML, with fenced code highlighted.
fn render(syntaxes: &SyntaxSet, markdown: &str) -> String {
    let mut options = pulldown_cmark::Options::empty();
    options.insert(pulldown_cmark::Options::ENABLE_TABLES);
    options.insert(pulldown_cmark::Options::ENABLE_TASKLISTS);
    options.insert(pulldown_cmark::Options::ENABLE_STRIKETHROUGH);
    options.insert(pulldown_cmark::Options::ENABLE_FOOTNOTES);
    let mut events = Vec::new();
    let mut code: Option<(String, String)> = None;
    for event in Parser::new_ext(markdown, options) {
        match (event, &mut code) {
            (Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang))), _) => {
                code = Some((lang.to_string(), String::new()));
            }
            (Event::Text(t), Some((_, text))) => text.push_str(&t),
            (Event::End(TagEnd::CodeBlock), Some(_)) => {
                let (lang, text) = code.take().expect("inside a code block");
                events.push(Event::Html(highlight(syntaxes, &lang, &text).into()));
            }
            (event, _) => events.push(event),
        }
    }
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    html
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(notes), Some(out)) = (args.next(), args.next()) else {
        eprintln!("usage: floor NOTES_FOLDER OUTPUT_FOLDER");
        std::process::exit(2);
    };
    let (notes, out) = (PathBuf::from(notes), PathBuf::from(out));
    let total = Instant::now();

    let clock = Instant::now();
    let paths: Vec<PathBuf> = walkdir::WalkDir::new(&notes)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    let walk = clock.elapsed();

    let clock = Instant::now();
    let syntaxes = SyntaxSet::load_defaults_newlines();
    let mut tera = tera::Tera::default();
    tera.add_raw_template("note.html", TEMPLATE)
        .expect("the template parses");
    let setup = clock.elapsed();

    let clock = Instant::now();
    let matter = Matter::<YAML>::new();
    let written: usize = paths
        .par_iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).expect("a note reads");
            let parsed: gray_matter::ParsedEntity =
                matter.parse(&text).expect("front matter parses");
            let data = parsed.data.as_ref().and_then(|d| d.as_hashmap().ok());
            let field = |key: &str| {
                data.as_ref()
                    .and_then(|d| d.get(key))
                    .and_then(|v| v.as_string().ok())
                    .unwrap_or_default()
            };
            let mut cx = tera::Context::new();
            cx.insert("title", &field("title"));
            cx.insert("date", &field("date"));
            cx.insert("body", &render(&syntaxes, &parsed.content));
            let page = tera.render("note.html", &cx).expect("the template renders");
            let rel = path.strip_prefix(&notes).expect("under the notes folder");
            let dest = out.join(rel.with_extension("")).join("index.html");
            std::fs::create_dir_all(dest.parent().expect("a parent folder"))
                .expect("the output folder is writable");
            std::fs::write(&dest, page).expect("the page is written");
            1
        })
        .sum();
    let pages = clock.elapsed();

    println!(
        "floor: {written} notes; walk {:.2} s, setup {:.2} s, read+split+render+template+write {:.2} s; total {:.2} s",
        walk.as_secs_f64(),
        setup.as_secs_f64(),
        pages.as_secs_f64(),
        total.elapsed().as_secs_f64()
    );
}
