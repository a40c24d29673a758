//! The theme: the default one embedded in the binary, with per-file overrides from the
//! archive's `themes/<name>/templates/` and `themes/<name>/static/`.

use crate::diag::Diagnostic;
use include_dir::{include_dir, Dir};
use regex::Regex;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use tera::Tera;

static DEFAULT: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Where a template's text came from, for error messages.
#[derive(Debug, Clone)]
pub struct TemplateSource {
    /// Path shown in diagnostics (the user's file, or `themes/default/templates/x` for
    /// the embedded default).
    pub path: String,
    pub text: String,
}

pub struct Theme {
    pub tera: Tera,
    /// Static files by site path under `assets/`, sorted.
    pub assets: BTreeMap<String, Vec<u8>>,
    pub sources: BTreeMap<String, TemplateSource>,
}

/// Loads the theme. `root` is the archive root; overrides live in `root/themes/<name>/`.
/// A template that does not parse is an error (the build cannot run).
pub fn load(root: &Path, name: &str) -> Result<Theme, Diagnostic> {
    let mut sources: BTreeMap<String, TemplateSource> = BTreeMap::new();
    let mut assets: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    if let Some(dir) = DEFAULT.get_dir("templates") {
        let mut texts = BTreeMap::new();
        collect_embedded(dir, "templates", &mut texts);
        for (name, bytes) in texts {
            sources.insert(
                name.clone(),
                TemplateSource {
                    path: format!("themes/default/templates/{name}"),
                    text: String::from_utf8_lossy(&bytes).into_owned(),
                },
            );
        }
    }
    if let Some(dir) = DEFAULT.get_dir("static") {
        collect_embedded(dir, "static", &mut assets);
    }

    let user_dir = root.join("themes").join(name);
    if name != "default" && !user_dir.is_dir() {
        return Err(Diagnostic::error(
            crate::config::FILE_NAME,
            1,
            1,
            format!("theme `{name}` not found: expected a folder themes/{name}/"),
        ));
    }
    for (rel, path) in files_under(&user_dir.join("templates")) {
        let text = std::fs::read_to_string(&path).map_err(|e| {
            Diagnostic::error(
                display(root, &path),
                1,
                1,
                format!("cannot read template: {e}"),
            )
        })?;
        sources.insert(
            rel,
            TemplateSource {
                path: display(root, &path),
                text,
            },
        );
    }
    for (rel, path) in files_under(&user_dir.join("static")) {
        let bytes = std::fs::read(&path).map_err(|e| {
            Diagnostic::error(display(root, &path), 1, 1, format!("cannot read: {e}"))
        })?;
        assets.insert(rel, bytes);
    }

    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    // Tera's default also escapes `/`, which turns every URL into `https:&#x2F;&#x2F;…`:
    // valid, but unreadable in feeds and page source.
    tera.set_escape_fn(escape_markup);
    tera.register_filter("xml_text", xml_text);
    let templates: Vec<(&str, &str)> = sources
        .iter()
        .map(|(name, s)| (name.as_str(), s.text.as_str()))
        .collect();
    if let Err(e) = tera.add_raw_templates(templates) {
        return Err(template_error(&e, &sources));
    }
    Ok(Theme {
        tera,
        assets,
        sources,
    })
}

/// Escapes what HTML and XML need escaped in text and quoted attributes, and drops the
/// characters XML 1.0 forbids (C0 controls other than tab, LF and CR; U+FFFE, U+FFFF).
/// Every value a template prints passes here, so one NUL, ESC or BEL in a note's title
/// or team cannot make the site's feeds invalid XML (a feed reader rejects the whole
/// file), in the default theme or any other; HTML pages lose nothing a reader could see.
pub fn escape_markup(s: &str) -> String {
    // Most values (URLs, names, dates) need no escaping: copy them in one go. `0xEF`
    // starts U+FFFE and U+FFFF (and other characters, which take the slower copy).
    let special = |b: &u8| {
        matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'' | 0xEF)
            || (*b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'))
    };
    let Some(first) = s.bytes().position(|b| special(&b)) else {
        return s.to_string();
    };
    let mut out = String::with_capacity(s.len() + 16);
    out.push_str(&s[..first]);
    for c in s[first..].chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if !is_xml_char(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Whether XML 1.0 allows `c` in a document (`Char` in the spec; Rust strings hold no
/// surrogates).
pub fn is_xml_char(c: char) -> bool {
    !matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

/// The `xml_text` filter: drops what XML forbids and escapes nothing, for a value a theme
/// prints with `safe` into a feed (`{{ note.content | xml_text | safe }}`), which
/// bypasses [`escape_markup`].
fn xml_text(
    value: &tera::Value,
    _: &std::collections::HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    let s = tera::try_get_value!("xml_text", "value", String, value);
    Ok(tera::Value::String(
        s.chars().filter(|&c| is_xml_char(c)).collect(),
    ))
}

fn collect_embedded(dir: &Dir<'_>, prefix: &str, out: &mut BTreeMap<String, Vec<u8>>) {
    for f in dir.files() {
        let rel = f.path().strip_prefix(prefix).unwrap_or(f.path());
        out.insert(
            rel.to_string_lossy().replace('\\', "/"),
            f.contents().to_vec(),
        );
    }
    for d in dir.dirs() {
        collect_embedded(d, prefix, out);
    }
}

/// Files under `dir`, by `/`-separated path relative to it, sorted.
fn files_under(dir: &Path) -> Vec<(String, PathBuf)> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut out: Vec<(String, PathBuf)> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| (crate::load::relative(dir, e.path()), e.into_path()))
        .collect();
    out.sort();
    out
}

fn display(root: &Path, path: &Path) -> String {
    crate::load::relative(root, path)
}

/// The whole chain of a Tera error, on one line.
pub fn error_chain(e: &tera::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join(": ")
}

/// Maps a Tera error to the template file and line it points at. Tera reports parse
/// errors with `--> line:col`; for render errors (an unknown variable) we find the first
/// use of the variable in the template that failed or in the templates it includes.
pub fn template_error(e: &tera::Error, sources: &BTreeMap<String, TemplateSource>) -> Diagnostic {
    static POS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"--> (\d+):(\d+)").expect("regex"));
    static TEMPLATE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"'([^']+)'").expect("regex"));
    static VARIABLE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"Variable `([^`]+)` not found").expect("regex"));
    let chain = error_chain(e);
    let message = chain
        .lines()
        .map(str::trim)
        .filter(|l| {
            !l.is_empty() && !l.starts_with("-->") && !l.starts_with('|') && !l.starts_with('=')
        })
        .collect::<Vec<_>>()
        .join(" ");
    let template = TEMPLATE
        .captures_iter(&chain)
        .map(|c| c[1].to_string())
        .find(|n| sources.contains_key(n));
    let source = template.as_ref().and_then(|n| sources.get(n));
    let path = source.map_or_else(|| "themes".to_string(), |s| s.path.clone());
    if let Some(c) = POS.captures(&chain) {
        return Diagnostic::error(
            path,
            c[1].parse().unwrap_or(1),
            c[2].parse().unwrap_or(1),
            message,
        );
    }
    if let Some(var) = VARIABLE.captures(&chain).map(|c| c[1].to_string()) {
        // Prefer the failing template; else any template that mentions the variable.
        let candidates = source.into_iter().chain(sources.values());
        for s in candidates {
            if let Some(offset) = find_variable(&s.text, &var) {
                let (line, col) = crate::diag::line_col(&s.text, offset);
                return Diagnostic::error(s.path.clone(), line, col, message);
            }
        }
    }
    Diagnostic::error(path, 1, 1, message)
}

/// Offset of `var` used as a whole identifier path inside a `{{ }}` or `{% %}` tag.
fn find_variable(text: &str, var: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = text[from..].find(var) {
        let at = from + i;
        let before = text[..at].chars().next_back();
        let after = text[at + var.len()..].chars().next();
        let boundary =
            |c: Option<char>| c.is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '.'));
        let in_tag = text[..at].rfind(['{']).is_some_and(|open| {
            let close = text[..at].rfind('}').unwrap_or(0);
            open > close || close == 0
        });
        if boundary(before) && boundary(after) && in_tag {
            return Some(at);
        }
        from = at + var.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_markup_drops_what_xml_forbids() {
        assert_eq!(
            escape_markup("a\u{0}b\u{1b}[31mc\u{7}\u{fffe}\u{ffff}d"),
            "ab[31mcd"
        );
        assert_eq!(escape_markup("tab\tlf\ncr\r"), "tab\tlf\ncr\r");
        assert_eq!(
            escape_markup("\u{fffd} 日本 \u{f8ff}"),
            "\u{fffd} 日本 \u{f8ff}"
        );
        assert_eq!(escape_markup("<\u{0}>"), "&lt;&gt;");
    }

    #[test]
    fn the_xml_text_filter_drops_what_xml_forbids_and_escapes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let theme = load(dir.path(), "default").unwrap();
        let mut tera = theme.tera.clone();
        tera.add_raw_template("t.xml", "{{ v | xml_text | safe }}")
            .unwrap();
        let mut cx = tera::Context::new();
        cx.insert("v", "<p>a\u{0}b\u{1b}</p>");
        assert_eq!(tera.render("t.xml", &cx).unwrap(), "<p>ab</p>");
    }

    #[test]
    fn escape_markup_escapes_only_what_markup_needs() {
        assert_eq!(escape_markup("https://a.org/x?y=1"), "https://a.org/x?y=1");
        assert_eq!(escape_markup(""), "");
        assert_eq!(
            escape_markup("Zoë <b> & \"q\" 'a'"),
            "Zoë &lt;b&gt; &amp; &quot;q&quot; &#39;a&#39;"
        );
        assert_eq!(escape_markup("tail&"), "tail&amp;");
    }

    #[test]
    fn partials_in_subfolders_are_templates_and_can_be_overridden() {
        let dir = tempfile::tempdir().unwrap();
        let partials = dir.path().join("themes/mine/templates/partials");
        std::fs::create_dir_all(&partials).unwrap();
        std::fs::write(partials.join("card.html"), "<li>{{ n.title }}</li>").unwrap();
        let default = load(Path::new("/nonexistent"), "default").unwrap();
        assert!(default.sources.contains_key("partials/card.html"));
        assert!(default.sources.contains_key("partials/groups.html"));
        let mine = load(dir.path(), "mine").unwrap();
        assert_eq!(
            mine.sources["partials/card.html"].text,
            "<li>{{ n.title }}</li>"
        );
        assert_eq!(
            mine.sources["partials/card.html"].path,
            "themes/mine/templates/partials/card.html"
        );
    }

    #[test]
    fn default_theme_parses() {
        let t = load(Path::new("/nonexistent"), "default").expect("embedded theme parses");
        for name in [
            "base.html",
            "index.html",
            "note.html",
            "404.html",
            "atom.xml",
            "sitemap.xml",
            "sitemap_index.xml",
        ] {
            assert!(t.sources.contains_key(name), "{name} missing");
        }
        assert!(t.assets.contains_key("style.css"));
    }

    /// The pages' Content-Security-Policy runs only the site's own script and style
    /// files: the default theme must have no inline script or `<style>` element, nor
    /// script in attributes.
    #[test]
    fn default_theme_runs_under_its_content_security_policy() {
        let t = load(Path::new("/nonexistent"), "default").expect("embedded theme parses");
        let base = &t.sources["base.html"].text;
        let csp = base
            .lines()
            .find(|l| l.contains("http-equiv=\"Content-Security-Policy\""))
            .expect("base.html has a CSP");
        for directive in [
            "default-src 'self'",
            "script-src 'self';",
            "style-src 'self';",
            "img-src 'self' https:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ] {
            assert!(csp.contains(directive), "{directive} missing: {csp}");
        }
        assert!(!csp.contains("unsafe-eval") && !csp.contains("script-src 'unsafe"));
        let attr_script = regex::Regex::new(r#"(?i)\son[a-z]+\s*=|javascript:"#).unwrap();
        for (name, source) in &t.sources {
            let text = source.text.to_ascii_lowercase();
            for (at, _) in text.match_indices("<script") {
                let tag = &text[at..at + text[at..].find('>').unwrap()];
                assert!(tag.contains(" src="), "{name}: inline script {tag}");
            }
            assert!(!text.contains("<style"), "{name}: a <style> element");
            assert!(
                !attr_script.is_match(&text),
                "{name}: script in an attribute"
            );
        }
    }

    #[test]
    fn override_replaces_one_template() {
        let dir = tempfile::tempdir().unwrap();
        let tpl = dir.path().join("themes/default/templates");
        std::fs::create_dir_all(&tpl).unwrap();
        std::fs::write(tpl.join("404.html"), "custom 404").unwrap();
        let t = load(dir.path(), "default").unwrap();
        assert_eq!(t.sources["404.html"].text, "custom 404");
        assert_eq!(
            t.sources["404.html"].path,
            "themes/default/templates/404.html"
        );
        assert!(t.sources["note.html"].path.starts_with("themes/default/"));
    }

    #[test]
    fn parse_error_names_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let tpl = dir.path().join("themes/default/templates");
        std::fs::create_dir_all(&tpl).unwrap();
        std::fs::write(tpl.join("404.html"), "line one\n{% if %}\n").unwrap();
        let d = load(dir.path(), "default").err().unwrap();
        assert_eq!(d.path, "themes/default/templates/404.html");
        assert_eq!(d.line, 2, "{d}");
    }

    #[test]
    fn unknown_variable_is_located() {
        let mut sources = BTreeMap::new();
        sources.insert(
            "x.html".to_string(),
            TemplateSource {
                path: "themes/t/templates/x.html".into(),
                text: "<p>\n  {{ note.nope }}\n</p>".into(),
            },
        );
        let mut tera = Tera::default();
        tera.add_raw_template("x.html", &sources["x.html"].text)
            .unwrap();
        let mut cx = tera::Context::new();
        cx.insert("note", &serde_json::json!({"title": "t"}));
        let e = tera.render("x.html", &cx).unwrap_err();
        let d = template_error(&e, &sources);
        assert_eq!(
            (d.path.as_str(), d.line, d.col),
            ("themes/t/templates/x.html", 2, 6),
            "{d}"
        );
        assert!(d.message.contains("note.nope"), "{d}");
    }

    #[test]
    fn unknown_theme_is_an_error() {
        assert!(load(Path::new("/nonexistent"), "fancy").is_err());
    }
}
