//! Diagnostics: every problem the build finds, with the file and line it belongs to.

use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// What the build decided that a maintainer may want to correct (`minutes check`
    /// only); never a reason to fail.
    Info,
    Warning,
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// One problem in one file. `line` and `col` are 1-based and counted from the top of the
/// file (not from the start of a front-matter block), so editors can jump to them.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Diagnostic {
    pub path: String,
    pub line: u32,
    pub col: u32,
    pub severity: Severity,
    pub message: String,
}

impl Diagnostic {
    pub fn error(path: impl Into<String>, line: u32, col: u32, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.into(),
            line: line.max(1),
            col: col.max(1),
            severity: Severity::Error,
            message: message.into(),
        }
    }

    pub fn warning(
        path: impl Into<String>,
        line: u32,
        col: u32,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, line, col, message)
        }
    }

    pub fn info(path: impl Into<String>, line: u32, col: u32, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Info,
            ..Diagnostic::error(path, line, col, message)
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}: {}",
            self.path, self.line, self.col, self.severity, self.message
        )
    }
}

/// 1-based (line, column) of a byte offset in `text`; the column counts characters.
pub fn line_col(text: &str, offset: usize) -> (u32, u32) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() as u32 + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() as u32 + 1;
    (line, col)
}

/// [`line_col`] for many offsets of one text in ascending order, each counted on from the
/// one before: a note with 20,000 links (or one 10 MB line of them) would otherwise count
/// from the top of the file, or the start of the line, once per link. An offset before
/// the previous one counts again from the top.
pub struct LineCols<'a> {
    text: &'a str,
    /// The last offset asked for, and its line and column.
    pos: usize,
    line: u32,
    col: u32,
}

impl<'a> LineCols<'a> {
    pub fn new(text: &'a str) -> Self {
        LineCols {
            text,
            pos: 0,
            line: 1,
            col: 1,
        }
    }

    pub fn at(&mut self, offset: usize) -> (u32, u32) {
        let offset = floor_char_boundary(self.text, offset.min(self.text.len()));
        if offset < self.pos {
            *self = LineCols::new(self.text);
        }
        let between = &self.text[self.pos..offset];
        match between.rfind('\n') {
            Some(last) => {
                self.line += between.matches('\n').count() as u32;
                self.col = between[last + 1..].chars().count() as u32 + 1;
            }
            None => self.col += between.chars().count() as u32,
        }
        self.pos = offset;
        (self.line, self.col)
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_a_compiler() {
        let d = Diagnostic::error("notes/a.md", 3, 7, "bad front matter");
        assert_eq!(d.to_string(), "notes/a.md:3:7: error: bad front matter");
    }

    #[test]
    fn line_cols_in_order_match_line_col_from_the_top() {
        let text = "ab\ncdé f\n\nxyz\n";
        let offsets = [0, 1, 3, 5, 7, 8, 10, 11, 13, 15, 4, 9, 2];
        let mut cols = LineCols::new(text);
        for offset in offsets {
            assert_eq!(cols.at(offset), line_col(text, offset), "at {offset}");
        }
    }

    #[test]
    fn line_col_counts_from_top_of_file() {
        let text = "ab\ncdé\nfg";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        assert_eq!(line_col(text, 7), (2, 4));
        assert_eq!(line_col(text, 8), (3, 1));
    }
}
