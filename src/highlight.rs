//! Syntax highlighting of fenced code with syntect, as classed spans plus a stylesheet.
//!
//! Classes rather than inline styles, so one page serves both a light and a dark theme
//! (switched by `prefers-color-scheme`) and the HTML stays small.

use pulldown_cmark_escape::{escape_html, escape_html_body_text};
use syntect::highlighting::{Color, Theme, ThemeSet};
use syntect::html::{css_for_theme_with_class_style, ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

/// Prefix on every class syntect emits, so theme classes cannot clash with the site's.
const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Longest line (in bytes) of a block that is highlighted. syntect's cost grows with the
/// square of a line's length in some syntaxes (a Rust line `S: ` then 9 KB of letters
/// took half a second, 18 KB two seconds: the fuzz run, issue 13), so one note could
/// stall the build. Capped, the cost is linear: a megabyte of such lines at this length
/// takes 1.4 s, real Rust code 0.7 s (`examples/fuzz.rs --replay`). Two tagged blocks in
/// 400 of the real archives have a longer line; they are shown plain, as GitHub shows
/// code it will not highlight.
pub const MAX_HIGHLIGHTED_LINE: usize = 120;

/// Holds the parsed syntax definitions; build one per run and share it across threads.
/// Loading them takes a few hundred milliseconds, so it happens on the first code block,
/// and archives without code never pay for it.
pub struct Highlighter {
    syntaxes: std::sync::OnceLock<SyntaxSet>,
}

impl Default for Highlighter {
    fn default() -> Self {
        Self::new()
    }
}

impl Highlighter {
    pub fn new() -> Self {
        Highlighter {
            syntaxes: std::sync::OnceLock::new(),
        }
    }

    fn syntaxes(&self) -> &SyntaxSet {
        self.syntaxes.get_or_init(SyntaxSet::load_defaults_newlines)
    }

    /// `code` as an HTML `<pre>` block, highlighted if `lang` names a known syntax, and
    /// escaped plain text otherwise (unknown language, or syntect failing on the input).
    pub fn highlight(&self, lang: &str, code: &str) -> String {
        let lang = lang.trim();
        if code.lines().any(|l| l.len() > MAX_HIGHLIGHTED_LINE) {
            return plain(code);
        }
        if let Some(syntax) = self.find(lang) {
            if let Some(spans) = self.classed_spans(syntax, code) {
                let mut out = String::with_capacity(spans.len() + lang.len() + 64);
                // `hl-code` carries the theme's foreground and background colours.
                out.push_str("<pre class=\"code hl-code\" data-lang=\"");
                escape_html(&mut out, lang).expect("writing to a String cannot fail");
                out.push_str("\"><code>");
                out.push_str(&spans);
                out.push_str("</code></pre>\n");
                return out;
            }
        }
        plain(code)
    }

    fn find(&self, lang: &str) -> Option<&SyntaxReference> {
        if lang.is_empty() {
            return None;
        }
        let token = lang.to_ascii_lowercase();
        // Names people write after ``` that are neither an extension nor a syntax name in
        // syntect's defaults.
        let token = match token.as_str() {
            "shell" | "console" | "zsh" | "shellscript" => "sh",
            "golang" => "go",
            "py3" | "python3" => "py",
            "jsonc" | "json5" => "json",
            "c++" => "cpp",
            "objc" | "objective-c" => "m",
            other => other,
        };
        let syntax = self.syntaxes().find_syntax_by_token(token)?;
        // Highlighting as "Plain Text" only adds spans without colour.
        (syntax.name != "Plain Text").then_some(syntax)
    }

    fn classed_spans(&self, syntax: &SyntaxReference, code: &str) -> Option<String> {
        let mut generator =
            ClassedHTMLGenerator::new_with_class_style(syntax, self.syntaxes(), CLASS_STYLE);
        for line in LinesWithEndings::from(code) {
            generator
                .parse_html_for_line_which_includes_newline(line)
                .ok()?;
        }
        Some(generator.finalize())
    }
}

/// Escaped code in a bare `<pre><code>`, as pulldown-cmark renders code it is not told about.
pub fn plain(code: &str) -> String {
    let mut out = String::with_capacity(code.len() + 32);
    out.push_str("<pre><code>");
    escape_html_body_text(&mut out, code).expect("writing to a String cannot fail");
    out.push_str("</code></pre>\n");
    out
}

/// CSS for the highlight classes: `light_theme` by default, `dark_theme` when the reader's
/// system prefers dark. Names are syntect's default themes; an unknown name is an error
/// that lists them.
pub fn stylesheet(light_theme: &str, dark_theme: &str) -> Result<String, String> {
    let themes = ThemeSet::load_defaults();
    let css_for = |name: &str| -> Result<String, String> {
        let theme = themes.themes.get(name).ok_or_else(|| {
            let known: Vec<&str> = themes.themes.keys().map(String::as_str).collect();
            format!(
                "unknown highlight theme \"{name}\"; available themes: {}",
                known.join(", ")
            )
        })?;
        css_for_theme_with_class_style(&readable(theme), CLASS_STYLE)
            .map_err(|e| format!("highlight theme \"{name}\": {e}"))
    };
    let light = css_for(light_theme)?;
    let dark = css_for(dark_theme)?;
    let mut css = String::with_capacity(light.len() + dark.len() + 128);
    // Each theme only in its own scheme: a scope the dark theme leaves uncoloured must not
    // keep the light theme's colour on the dark background (#323232 on #2b303b).
    css.push_str("@media not (prefers-color-scheme: dark) {\n");
    css.push_str(&light);
    css.push_str("}\n@media (prefers-color-scheme: dark) {\n");
    css.push_str(&dark);
    css.push_str("}\n");
    Ok(css)
}

/// The contrast WCAG asks of body text (4.5:1), with a little room for rounding.
const MIN_CONTRAST: f64 = 4.6;

/// `theme` with every token colour that is below [`MIN_CONTRAST`] against the theme's
/// background moved towards white (on a dark background) or black (on a light one), in
/// steps of 5%, until it reaches it: syntect's default themes have comments at 2.7–2.9:1
/// and base16-ocean.dark's red at 3.2:1, which axe-core reports on every note with code.
fn readable(theme: &Theme) -> Theme {
    let mut theme = theme.clone();
    let Some(bg) = theme.settings.background else {
        return theme;
    };
    let toward = if luminance(bg) < 0.5 { 255.0 } else { 0.0 };
    let fix = |c: Color| -> Color {
        let mut out = c;
        for step in 1..=20 {
            if contrast(out, bg) >= MIN_CONTRAST {
                break;
            }
            let t = step as f64 * 0.05;
            let mix = |v: u8| (v as f64 + (toward - v as f64) * t).round() as u8;
            out = Color {
                r: mix(c.r),
                g: mix(c.g),
                b: mix(c.b),
                a: c.a,
            };
        }
        out
    };
    theme.settings.foreground = theme.settings.foreground.map(fix);
    for item in &mut theme.scopes {
        item.style.foreground = item.style.foreground.map(fix);
    }
    theme
}

/// WCAG relative luminance of an sRGB colour.
fn luminance(c: Color) -> f64 {
    let lin = |v: u8| {
        let v = v as f64 / 255.0;
        if v <= 0.03928 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b)
}

fn contrast(a: Color, b: Color) -> f64 {
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::LazyLock;

    static HL: LazyLock<Highlighter> = LazyLock::new(Highlighter::new);

    #[test]
    fn highlighter_is_shareable_across_threads() {
        fn assert_sync_send<T: Sync + Send>() {}
        assert_sync_send::<Highlighter>();
    }

    #[test]
    fn rust_is_highlighted_with_prefixed_classes() {
        let html = HL.highlight("rust", "fn main() {}\n");
        assert!(
            html.starts_with(
                "<pre class=\"code hl-code\" data-lang=\"rust\"><code><span class=\"hl-"
            ),
            "{html}"
        );
        assert!(html.ends_with("</code></pre>\n"), "{html}");
        assert!(
            html.contains("<span class=\"hl-storage hl-type hl-function hl-rust\">fn</span>"),
            "{html}"
        );
    }

    /// Found by the fuzz run (issue 13): this block took 0.5 s to highlight, and twice
    /// the line four times as long.
    #[test]
    fn a_line_too_long_to_highlight_in_linear_time_leaves_the_block_plain() {
        let code = format!("S: {}\n", "datves".repeat(1500));
        assert_eq!(HL.highlight("rust", &code), plain(&code));
        let longest = format!("S: {}\n", "d".repeat(MAX_HIGHLIGHTED_LINE - 3));
        assert!(HL.highlight("rust", &longest).contains("hl-"));
    }

    #[test]
    fn common_tokens_find_a_syntax() {
        for lang in [
            "rust",
            "rs",
            "js",
            "javascript",
            "sh",
            "bash",
            "shell",
            "yaml",
            "yml",
            "go",
            "golang",
            "json",
            "python",
            "py",
            "html",
            "css",
            "c",
            "cpp",
            "java",
            "sql",
            "diff",
            "Rust",
        ] {
            let html = HL.highlight(lang, "x = 1\n");
            assert!(html.contains("hl-"), "{lang}: {html}");
        }
    }

    #[test]
    fn unknown_or_empty_language_is_escaped_plain() {
        let code = "<script>alert(1)</script> & \"q\"\n";
        let expected =
            "<pre><code>&lt;script&gt;alert(1)&lt;/script&gt; &amp; \"q\"\n</code></pre>\n";
        assert_eq!(HL.highlight("no-such-language", code), expected);
        assert_eq!(HL.highlight("", code), expected);
        assert_eq!(HL.highlight("text", code), expected);
    }

    #[test]
    fn highlighted_code_is_escaped() {
        let html = HL.highlight("html", "<b>&amp;</b>\n");
        assert!(!html.contains("<b>"), "{html}");
        assert!(html.contains("&lt;"), "{html}");
        assert!(html.contains("&amp;</span>amp"), "{html}");
    }

    #[test]
    fn weird_input_does_not_panic() {
        for code in [
            "",
            "\n",
            "\"unterminated",
            "\u{0}\u{FEFF}\r\n\r",
            "/* */ */ /*",
        ] {
            for lang in ["rust", "js", "yaml", "sh"] {
                let html = HL.highlight(lang, code);
                assert!(html.ends_with("</code></pre>\n"));
            }
        }
        assert!(HL.highlight("\"><script>", "x").starts_with("<pre><code>"));
    }

    #[test]
    fn every_default_theme_colour_reads_at_4_5_to_1_on_its_background() {
        let themes = ThemeSet::load_defaults();
        for (name, theme) in &themes.themes {
            let bg = theme.settings.background.unwrap();
            let fixed = readable(theme);
            let colours = fixed.settings.foreground.into_iter().chain(
                fixed.scopes.iter().filter_map(|i| i.style.foreground),
            );
            for c in colours {
                assert!(contrast(c, bg) >= 4.5, "{name}: {c:?} on {bg:?}");
            }
        }
        // A colour that already reads is left as it is.
        let github = &themes.themes["InspiredGitHub"];
        assert_eq!(
            readable(github).settings.foreground,
            github.settings.foreground
        );
    }

    #[test]
    fn stylesheet_has_light_and_dark() {
        let css = stylesheet("InspiredGitHub", "base16-ocean.dark").unwrap();
        assert!(css.contains(".hl-code {"), "{css}");
        let (light, dark) = css
            .split_once("@media (prefers-color-scheme: dark) {")
            .unwrap();
        let themes = ThemeSet::load_defaults();
        let css_of =
            |name: &str| css_for_theme_with_class_style(&readable(&themes.themes[name]), CLASS_STYLE);
        let light = light
            .strip_prefix("@media not (prefers-color-scheme: dark) {")
            .unwrap();
        assert_eq!(
            light.trim().strip_suffix('}').unwrap().trim(),
            css_of("InspiredGitHub").unwrap().trim()
        );
        assert_eq!(
            dark.trim().strip_suffix('}').unwrap().trim(),
            css_of("base16-ocean.dark").unwrap().trim()
        );
        assert!(css.trim_end().ends_with('}'));
    }

    #[test]
    fn stylesheet_names_available_themes_on_error() {
        let err = stylesheet("nope", "base16-ocean.dark").unwrap_err();
        assert!(err.contains("\"nope\""), "{err}");
        assert!(err.contains("InspiredGitHub"), "{err}");
        assert!(stylesheet("InspiredGitHub", "nada").is_err());
    }
}
