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
    if let Some(over) = limits::check(format, block) {
        let (line, col) = over.position(block);
        return Split {
            front_matter: None,
            body_offset,
            error: Some(Diagnostic::error(
                path,
                first_line + line - 1,
                col,
                format!(
                    "{} front matter refused: {}",
                    format_name(format),
                    over.reason
                ),
            )),
        };
    }
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
        // Nested deeper than serde_json's own limit: the block ends where its brackets
        // balance (or, unbalanced, at the end of the file), so `split` reports the depth
        // instead of taking a whole object for body text.
        Some(Err(_)) if limits::json_too_deep(text) => {
            let end = limits::json_end(text).unwrap_or(text.len());
            let body = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
            Some((FrontMatterFormat::Json, 0, end, body))
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

/// Bounds on the work one front-matter block may ask for. A note is untrusted input: a
/// 400-byte YAML "billion laughs" expands to gigabytes when gray_matter copies every alias,
/// and every parser's tree (and its drop) recurses once per level of nesting. So each block
/// is measured first, in one pass that keeps no tree, and refused over these limits.
pub mod limits {
    use crate::model::FrontMatterFormat;
    use yaml_rust2::parser::{Event, Parser};

    /// Levels of nesting (maps, lists, dotted TOML keys and table headers). Real front
    /// matter is two or three deep; serde_json's own limit is 128.
    pub const MAX_DEPTH: usize = 64;
    /// YAML aliases (`*name`) in one block.
    pub const MAX_ALIASES: usize = 256;
    /// Bytes of YAML data once every alias is expanded (scalars' text, plus one per node).
    pub const MAX_EXPANDED: usize = 1 << 20;

    /// Why a block was refused, and where in it (a byte offset).
    #[derive(Debug, PartialEq)]
    pub struct Overrun {
        pub offset: usize,
        pub reason: String,
    }

    impl Overrun {
        /// Line (1-based, in the block) and column (1-based, in characters).
        pub fn position(&self, block: &str) -> (u32, u32) {
            let offset = self.offset.min(block.len());
            let before = &block[..offset];
            let line = before.matches('\n').count() + 1;
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            let col = block[line_start..offset].chars().count() + 1;
            (line as u32, col as u32)
        }
    }

    fn too_deep(offset: usize) -> Overrun {
        Overrun {
            offset,
            reason: format!("too deeply nested (more than {MAX_DEPTH} levels)"),
        }
    }

    pub fn check(format: FrontMatterFormat, block: &str) -> Option<Overrun> {
        match format {
            FrontMatterFormat::Yaml => yaml(block),
            FrontMatterFormat::Toml => toml(block),
            FrontMatterFormat::Json => json(block).err(),
        }
    }

    /// Walks yaml-rust2's event stream (the parser gray_matter uses, so both read the block
    /// alike). An alias adds the expanded size of its anchor's node, so a chain of aliases
    /// is measured without being expanded. A syntax error ends the walk: gray_matter
    /// reports it with its position.
    fn yaml(block: &str) -> Option<Overrun> {
        let mut parser = Parser::new_from_str(block);
        // Expanded size of each anchored node, by anchor id.
        let mut anchored: std::collections::HashMap<usize, usize> = Default::default();
        // Open maps and lists: (anchor id, expanded size when it opened).
        let mut open: Vec<(usize, usize)> = Vec::new();
        let mut expanded = 0usize;
        let mut aliases = 0usize;
        loop {
            let (event, mark) = match parser.next_token() {
                Ok(next) => next,
                // The scanner's own depth limit (it reads flow collections ahead of the
                // events) is the same refusal as ours, so it gets the same message.
                Err(e) if e.info().contains("recursion limit") => {
                    return Some(too_deep(e.marker().index()));
                }
                Err(_) => return None,
            };
            let offset = mark.index();
            match event {
                Event::StreamEnd => return None,
                Event::Scalar(value, _, anchor, _) => {
                    expanded = expanded.saturating_add(value.len() + 1);
                    if anchor > 0 {
                        anchored.insert(anchor, value.len() + 1);
                    }
                }
                Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                    open.push((anchor, expanded));
                    expanded = expanded.saturating_add(1);
                    if open.len() > MAX_DEPTH {
                        return Some(too_deep(offset));
                    }
                }
                Event::SequenceEnd | Event::MappingEnd => {
                    if let Some((anchor, start)) = open.pop() {
                        if anchor > 0 {
                            anchored.insert(anchor, expanded - start);
                        }
                    }
                }
                Event::Alias(id) => {
                    aliases += 1;
                    if aliases > MAX_ALIASES {
                        return Some(Overrun {
                            offset,
                            reason: format!("too many aliases (more than {MAX_ALIASES})"),
                        });
                    }
                    let size = anchored.get(&id).copied().unwrap_or(1);
                    expanded = expanded.saturating_add(size);
                }
                _ => {}
            }
            if expanded > MAX_EXPANDED {
                return Some(Overrun {
                    offset,
                    reason: format!(
                        "expands to more than {} KiB with its aliases",
                        MAX_EXPANDED >> 10
                    ),
                });
            }
        }
    }

    /// Bracket depth outside strings: Ok(offset just past the bracket that closes the
    /// first one), Ok(text.len()) if it never closes, Err at the first bracket too deep.
    fn json(text: &str) -> Result<usize, Overrun> {
        match json_brackets(text, MAX_DEPTH) {
            Ok(end) => Ok(end.unwrap_or(text.len())),
            Err(at) => Err(too_deep(at)),
        }
    }

    /// Whether a JSON block (at the top of `text`) nests deeper than the limit.
    pub fn json_too_deep(text: &str) -> bool {
        json(text).is_err()
    }

    /// Where the first JSON value's brackets balance, ignoring the depth limit.
    pub fn json_end(text: &str) -> Option<usize> {
        json_brackets(text, usize::MAX).ok().flatten()
    }

    /// One pass over brackets outside strings: Ok(offset just past the bracket that
    /// closes the first one, if any), or Err(offset of the first bracket deeper than
    /// `max_depth`).
    fn json_brackets(text: &str, max_depth: usize) -> Result<Option<usize>, usize> {
        let mut depth = 0usize;
        let mut in_string = false;
        let mut escaped = false;
        for (i, &b) in text.as_bytes().iter().enumerate() {
            if in_string {
                match b {
                    _ if escaped => escaped = false,
                    b'\\' => escaped = true,
                    b'"' => in_string = false,
                    _ => {}
                }
                continue;
            }
            match b {
                b'"' => in_string = true,
                b'{' | b'[' => {
                    depth += 1;
                    if depth > max_depth {
                        return Err(i);
                    }
                }
                b'}' | b']' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return Ok(Some(i + 1));
                    }
                }
                _ => {}
            }
        }
        Ok(None)
    }

    /// TOML nests through inline arrays and tables, but also through dotted keys
    /// (`a.b.c = 1`) and table headers (`[a.b.c]`), which the `toml` crate's own bracket
    /// limit does not count. A lexical pass (strings and comments skipped) measures each
    /// value's depth as its table's depth plus its key's parts plus the brackets around it.
    fn toml(block: &str) -> Option<Overrun> {
        let b = block.as_bytes();
        // Depth of the current table (a header's parts), of values in the current
        // container, and the open brackets with the depth outside each.
        let mut table = 0usize;
        let mut base = 0usize;
        let mut open: Vec<(u8, usize)> = Vec::new();
        let mut key_mode = true;
        let mut key_parts = 1usize;
        let mut header: Option<usize> = None;
        let mut i = 0;
        while i < b.len() {
            let c = b[i];
            match c {
                b'#' => {
                    i = block[i..].find('\n').map_or(b.len(), |n| i + n);
                    continue;
                }
                b'"' | b'\'' => {
                    i = skip_toml_string(b, i);
                    continue;
                }
                b'\n' if open.is_empty() => {
                    key_mode = true;
                    key_parts = 1;
                    base = table;
                }
                b'[' if open.is_empty() && key_mode && header.is_none() => {
                    header = Some(1);
                    if b.get(i + 1) == Some(&b'[') {
                        i += 1;
                    }
                }
                b'.' if header.is_some() => {
                    let parts = header.map_or(1, |n| n + 1);
                    header = Some(parts);
                    if parts > MAX_DEPTH {
                        return Some(too_deep(i));
                    }
                }
                b']' if header.is_some() => {
                    table = header.take().unwrap_or(1);
                    base = table;
                    key_mode = false;
                }
                b'.' if key_mode => {
                    key_parts += 1;
                    if base + key_parts > MAX_DEPTH {
                        return Some(too_deep(i));
                    }
                }
                b'=' if key_mode => {
                    key_mode = false;
                    base += key_parts;
                    key_parts = 1;
                }
                b'[' | b'{' => {
                    open.push((c, base));
                    base += 1;
                    if base > MAX_DEPTH {
                        return Some(too_deep(i));
                    }
                    key_mode = c == b'{';
                    key_parts = 1;
                }
                b']' | b'}' => {
                    if let Some((_, outer)) = open.pop() {
                        base = outer;
                    }
                    key_mode = false;
                }
                b',' => {
                    if let Some(&(bracket, outer)) = open.last() {
                        base = outer + 1;
                        key_mode = bracket == b'{';
                        key_parts = 1;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        None
    }

    /// The offset just past the TOML string starting at `start` (basic or literal, one
    /// line or three quotes).
    fn skip_toml_string(b: &[u8], start: usize) -> usize {
        let quote = b[start];
        let triple = b[start..].starts_with(&[quote, quote, quote]);
        let mut i = start + if triple { 3 } else { 1 };
        while i < b.len() {
            if quote == b'"' && b[i] == b'\\' {
                i += 2;
                continue;
            }
            if b[i] == quote && (!triple || b[i..].starts_with(&[quote, quote, quote])) {
                return i + if triple { 3 } else { 1 };
            }
            if !triple && b[i] == b'\n' {
                return i;
            }
            i += 1;
        }
        b.len()
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

    fn billion_laughs() -> String {
        let mut s = String::from("---\ntitle: Laughs\n");
        s.push_str(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        for (prev, name) in "abcdefgh".chars().zip("bcdefghi".chars()) {
            let row = vec![format!("*{prev}"); 9].join(",");
            s.push_str(&format!("{name}: &{name} [{row}]\n"));
        }
        s.push_str("---\n# Body\n");
        s
    }

    #[test]
    fn yaml_alias_bomb_is_an_error_at_its_line_and_the_body_builds() {
        let text = billion_laughs();
        assert!(text.len() < 500);
        let s = split(&text, "bomb.md");
        let e = s.error.expect("an error");
        assert!(s.front_matter.is_none());
        assert!(
            e.message
                .contains("YAML front matter refused: expands to more than"),
            "{e}"
        );
        // Each row is nine times the one before: row f (line 8) is the first past 1 MiB.
        assert_eq!(e.line, 8, "{e}");
        assert_eq!(&text[s.body_offset..], "# Body\n");
    }

    #[test]
    fn yaml_too_many_aliases_is_an_error() {
        let aliases = vec!["*a"; limits::MAX_ALIASES + 1].join(", ");
        let text = format!("---\na: &a x\nb: [{aliases}]\n---\nbody\n");
        let e = split(&text, "a.md").error.expect("an error");
        assert!(
            e.message.contains("too many aliases (more than 256)"),
            "{e}"
        );
        assert_eq!(e.line, 3, "{e}");
    }

    #[test]
    fn yaml_aliases_within_the_limits_still_parse() {
        let text = "---\nbase: &b [x, y]\ncopy: *b\n---\nbody\n";
        let fm = split(text, "a.md").front_matter.expect("parsed");
        assert_eq!(fm.data["copy"], serde_json::json!(["x", "y"]));
    }

    #[test]
    fn yaml_deep_nesting_is_an_error() {
        let depth = 20_000;
        let text = format!(
            "---\ntitle: x\nk: {}{}\n---\nbody\n",
            "[".repeat(depth),
            "]".repeat(depth)
        );
        let s = split(&text, "deep.md");
        let e = s.error.expect("an error");
        assert!(
            e.message
                .contains("YAML front matter refused: too deeply nested (more than 64 levels)"),
            "{e}"
        );
        assert_eq!(e.line, 3, "{e}");
        assert_eq!(&text[s.body_offset..], "body\n");
    }

    #[test]
    fn json_20000_deep_is_an_error_not_body_text() {
        let depth = 20_000;
        let text = format!(
            "{{\"a\": {}{}}}\nbody\n",
            "[".repeat(depth),
            "]".repeat(depth)
        );
        let s = split(&text, "deep.md");
        let e = s.error.expect("an error, not body text");
        assert!(
            e.message
                .contains("JSON front matter refused: too deeply nested (more than 64 levels)"),
            "{e}"
        );
        assert_eq!(e.line, 1);
        assert_eq!(&text[s.body_offset..], "body\n");
    }

    #[test]
    fn json_within_serde_limit_but_over_ours_is_an_error() {
        let text = format!("{{\"a\": {}1{}}}\nbody\n", "[".repeat(100), "]".repeat(100));
        let e = split(&text, "deep.md").error.expect("an error");
        assert!(e.message.contains("too deeply nested"), "{e}");
    }

    #[test]
    fn toml_deep_arrays_dotted_keys_and_headers_are_errors() {
        let depth = 20_000;
        let arrays = format!(
            "+++\nk = {}{}\n+++\nbody\n",
            "[".repeat(depth),
            "]".repeat(depth)
        );
        let dotted = format!(
            "+++\ntitle = \"x\"\n{} = 1\n+++\nbody\n",
            vec!["a"; depth].join(".")
        );
        let header = format!("+++\n[{}]\nx = 1\n+++\nbody\n", vec!["a"; depth].join("."));
        let inline = format!(
            "+++\nk = {}1{}\n+++\nbody\n",
            "{a = ".repeat(depth),
            "}".repeat(depth)
        );
        for text in [arrays, dotted, header, inline] {
            let s = split(&text, "deep.md");
            let e = s.error.expect("an error");
            assert!(
                e.message
                    .contains("TOML front matter refused: too deeply nested"),
                "{e}"
            );
            assert_eq!(&text[s.body_offset..], "body\n");
        }
    }

    #[test]
    fn toml_dots_in_values_strings_and_comments_do_not_count() {
        let floats = vec!["1.5"; 200].join(", ");
        let text = format!("+++\n# a.b.c.d\ntitle = \"v1.2.3.4.5\"\nnums = [{floats}]\nsite.author.name = \"x\"\n[extra.meta]\nk = {{ a.b = 1, c = [[1.0]] }}\n+++\nbody\n");
        let s = split(&text, "ok.md");
        assert!(s.error.is_none(), "{:?}", s.error);
        assert_eq!(
            s.front_matter.unwrap().data["extra"]["meta"]["k"]["a"]["b"],
            1
        );
    }
}
