//! What the unit tests of `markdown` share: rendering with and without references.

use super::{render, Options, RefOptions, Rendered};
use crate::highlight::Highlighter;
use crate::refs;
use std::collections::HashMap;
use std::sync::LazyLock;

pub(super) static HL: LazyLock<Highlighter> = LazyLock::new(Highlighter::new);

pub(super) fn md(body: &str) -> Rendered {
    render(
        body,
        &Options {
            highlighter: &HL,
            links: None,
            refs: None,
        },
    )
}

pub(super) fn html(body: &str) -> String {
    md(body).html
}

pub(super) fn link(href: &str, text: &str) -> String {
    format!("<a href=\"{href}\">{text}</a>")
}

pub(super) fn anchor(id: &str, text: &str) -> String {
    format!(" <a class=\"anchor\" href=\"#{id}\" aria-label=\"Permalink: {text}\">#</a>")
}

pub(super) static SETTINGS: LazyLock<refs::Settings> = LazyLock::new(|| {
    let config = crate::config::Config::parse(
        "[github]\nowners = { rust = \"rust-lang\" }\nignore_users = [\"rfcbot\"]\n\
         [teams.lang]\nrepo = \"rust-lang/lang-team\"\n",
        "minutes.toml",
    )
    .unwrap();
    refs::Settings::new(&config)
});

pub(super) static PEOPLE: LazyLock<HashMap<String, String>> =
    LazyLock::new(|| HashMap::from([("mgoelzer".to_string(), "/people/mgoelzer/".to_string())]));

pub(super) fn md_in(body: &str, repo: Option<&str>) -> Rendered {
    render(
        body,
        &Options {
            highlighter: &HL,
            links: None,
            refs: Some(RefOptions {
                settings: &SETTINGS,
                repo,
                people: &PEOPLE,
            }),
        },
    )
}

pub(super) fn ref_link(href: &str, id: u32, class: &str, text: &str) -> String {
    format!("<a href=\"{href}\" id=\"ref-{id}\" class=\"{class}\">{text}</a>")
}
