//! Splits a note into front matter and body, and parses the front matter with gray_matter.
//!
//! We find the block's boundaries ourselves (gray_matter does not report where the body
//! starts, and we need that to count lines from the top of the file), then hand the block
//! to gray_matter's engine for its format.

use crate::diag::Diagnostic;
use crate::model::{FrontMatter, FrontMatterFormat};
use gray_matter::engine::{Engine, JSON, TOML, YAML};
use regex::Regex;
use std::sync::LazyLock;

/// The result of splitting one file.
#[derive(Debug)]
pub struct Split {
    pub front_matter: Option<FrontMatter>,
    /// Byte offset of the body in the text.
    pub body_offset: usize,
    /// Set when a block was found but did not parse; the body still builds.
    pub error: Option<Diagnostic>,
}

/// Splits `text` (the whole file, BOM already removed). `path` names the file in errors.
pub fn split(text: &str, path: &str) -> Split {
    let Some((format, block_start, block_end, body_offset)) = locate(text) else {
        return Split {
            front_matter: None,
            body_offset: 0,
            error: None,
        };
    };
    let block = &text[block_start..block_end];
    // Line of the block's first line, counted from the top of the file.
    let first_line = text[..block_start].matches('\n').count() as u32 + 1;
    let parsed = match format {
        FrontMatterFormat::Yaml => YAML::parse(block),
        FrontMatterFormat::Toml => TOML::parse(block),
        FrontMatterFormat::Json => JSON::parse(block),
    };
    // Parsers that hit the end of the block report the line after it; the mistake is
    // inside the block, so point at its last line.
    let block_lines = block.lines().count().max(1) as u32;
    let fail = |message: String| {
        let (line, col) = error_position(&message);
        let (line, col) = if line > block_lines {
            (block_lines, 1)
        } else {
            (line, col)
        };
        let message = first_line_of(&message);
        Split {
            front_matter: None,
            body_offset,
            error: Some(Diagnostic::error(
                path,
                first_line + line.saturating_sub(1),
                col,
                format!("invalid {} front matter: {message}", format_name(format)),
            )),
        }
    };
    let pod = match parsed {
        Ok(pod) => pod,
        Err(e) => return fail(e.to_string()),
    };
    let value: serde_json::Value = match pod.deserialize() {
        Ok(v) => v,
        Err(e) => return fail(e.to_string()),
    };
    let data = match value {
        serde_json::Value::Object(map) => map,
        serde_json::Value::Null => serde_json::Map::new(),
        other => {
            return Split {
                front_matter: None,
                body_offset,
                error: Some(Diagnostic::error(
                    path,
                    first_line,
                    1,
                    format!(
                        "front matter must be a table of keys, found {}",
                        json_kind(&other)
                    ),
                )),
            }
        }
    };
    Split {
        front_matter: Some(FrontMatter { format, data }),
        body_offset,
        error: None,
    }
}

/// Finds a front-matter block: (format, block start, block end, body start).
fn locate(text: &str) -> Option<(FrontMatterFormat, usize, usize, usize)> {
    let first_end = text.find('\n').unwrap_or(text.len());
    let first = text[..first_end].trim_end();
    let (format, delim) = match first {
        "---" => (FrontMatterFormat::Yaml, "---"),
        "+++" => (FrontMatterFormat::Toml, "+++"),
        "{" => return locate_json(text),
        _ if first.starts_with("{\"") => return locate_json(text),
        _ => return None,
    };
    let block_start = (first_end + 1).min(text.len());
    let mut pos = block_start;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        let line = text[pos..end].trim_end();
        // YAML also allows `...` to end a document.
        if line == delim || (delim == "---" && line == "...") {
            let body = (end + 1).min(text.len());
            return Some((format, block_start, pos, body));
        }
        pos = end + 1;
    }
    // An opening `---` with no closing line is a thematic break, not front matter.
    None
}

/// JSON front matter is an object at the top of the file (Hugo's convention).
fn locate_json(text: &str) -> Option<(FrontMatterFormat, usize, usize, usize)> {
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<serde_json::Value>();
    match stream.next() {
        Some(Ok(_)) => {
            let end = stream.byte_offset();
            let rest_line_end = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
            Some((FrontMatterFormat::Json, 0, end, rest_line_end))
        }
        // Unterminated or invalid: treat everything up to the first line that is exactly
        // `}` as the block, so the error is reported and the rest still renders.
        _ => {
            let close = text.find("\n}").map(|i| i + 2)?;
            let body = text[close..]
                .find('\n')
                .map_or(text.len(), |i| close + i + 1);
            Some((FrontMatterFormat::Json, 0, close, body))
        }
    }
}

fn format_name(f: FrontMatterFormat) -> &'static str {
    match f {
        FrontMatterFormat::Yaml => "YAML",
        FrontMatterFormat::Toml => "TOML",
        FrontMatterFormat::Json => "JSON",
    }
}

fn json_kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Array(_) => "a list",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::Bool(_) => "a boolean",
        _ => "a value",
    }
}

/// The three parsers word positions differently:
/// yaml-rust2 `… at byte 12 line 2 column 3`, toml `TOML parse error at line 2, column 3`,
/// serde_json `… at line 2 column 3`. Lines are 1-based in all three.
fn error_position(message: &str) -> (u32, u32) {
    static RE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"line (\d+),? column (\d+)").expect("valid regex"));
    RE.captures(message)
        .map(|c| (c[1].parse().unwrap_or(1), c[2].parse().unwrap_or(1)))
        .unwrap_or((1, 1))
}

/// Parsers append source excerpts on later lines; the first line is the message.
fn first_line_of(message: &str) -> String {
    let line = message.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let line = line.trim();
    // toml's first line is only the position; its message is on the last line.
    if line.starts_with("TOML parse error") {
        return message
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('|'))
            .unwrap_or(line)
            .trim()
            .to_string();
    }
    line.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_block() {
        let text = "---\ntitle: Sync\ndate: 2018-08-13\ntags: [a, b]\n---\n# Body\n";
        let s = split(text, "a.md");
        let fm = s.front_matter.unwrap();
        assert_eq!(fm.format, FrontMatterFormat::Yaml);
        assert_eq!(fm.data["title"], "Sync");
        assert_eq!(fm.data["date"], "2018-08-13");
        assert_eq!(&text[s.body_offset..], "# Body\n");
    }

    #[test]
    fn toml_block_with_native_date() {
        let text = "+++\ntitle = \"Sync\"\ndate = 2018-08-13\n+++\nbody";
        let s = split(text, "a.md");
        let fm = s.front_matter.unwrap();
        assert_eq!(fm.format, FrontMatterFormat::Toml);
        assert_eq!(fm.data["date"], "2018-08-13");
        assert_eq!(&text[s.body_offset..], "body");
    }

    #[test]
    fn json_block() {
        let text = "{\n  \"title\": \"Sync\",\n  \"team\": \"go\"\n}\n\nbody\n";
        let s = split(text, "a.md");
        let fm = s.front_matter.unwrap();
        assert_eq!(fm.format, FrontMatterFormat::Json);
        assert_eq!(fm.data["team"], "go");
        assert_eq!(&text[s.body_offset..], "\nbody\n");
    }

    #[test]
    fn no_front_matter() {
        let s = split("## 2018-08-13 libp2p Sync Call\n", "a.md");
        assert!(s.front_matter.is_none() && s.error.is_none());
        assert_eq!(s.body_offset, 0);
    }

    #[test]
    fn unclosed_dashes_are_a_thematic_break() {
        let s = split("---\nsome text\n", "a.md");
        assert!(s.front_matter.is_none() && s.error.is_none());
    }

    #[test]
    fn yaml_error_is_reported_at_file_line() {
        // Line 3 of the file holds the bad mapping.
        let text = "---\ntitle: ok\ndate: [2018\nteam: x\n---\nbody\n";
        let s = split(text, "notes/bad.md");
        let e = s.error.expect("an error");
        assert_eq!(e.path, "notes/bad.md");
        // An unclosed `[` runs on into line 4, where the parser notices.
        assert!((3..=4).contains(&e.line), "{e}");
        assert!(e.message.starts_with("invalid YAML front matter"), "{e}");
        assert_eq!(&text[s.body_offset..], "body\n");
    }

    #[test]
    fn toml_error_is_reported_at_file_line() {
        let text = "+++\ntitle = \"ok\"\ndate = = 1\n+++\nbody\n";
        let e = split(text, "b.md").error.expect("an error");
        assert_eq!(e.line, 3, "{e}");
        assert!(e.col > 1, "{e}");
    }

    #[test]
    fn json_error_is_reported_at_file_line() {
        let text = "{\n  \"title\": \"ok\",\n  \"team\" \"x\"\n}\nbody\n";
        let s = split(text, "c.md");
        let e = s.error.expect("an error");
        assert_eq!(e.line, 3, "{e}");
        assert_eq!(&text[s.body_offset..], "body\n");
    }
}
