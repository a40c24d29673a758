//! Placeholder until the markdown branch lands (it owns this module).
use crate::highlight::Highlighter;
use serde::Serialize;
pub struct Options<'a> {
    pub highlighter: &'a Highlighter,
}
#[derive(Debug, Clone, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub text: String,
}
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    pub id: Option<String>,
    pub heading: String,
    pub text: String,
}
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    pub sections: Vec<Section>,
    pub summary: String,
    pub word_count: usize,
}
pub fn render(body: &str, _opts: &Options) -> Rendered {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(body));
    Rendered {
        html,
        toc: vec![],
        sections: vec![],
        summary: String::new(),
        word_count: 0,
    }
}
