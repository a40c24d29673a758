//! A note's plain text split at its headings (what search indexes), and the compact form
//! `build` keeps it in until the index is made.

use serde::Serialize;

/// The plain text of the body between two headings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    /// The heading's id; `None` for the text before the first heading.
    pub id: Option<String>,
    /// The heading's plain text; empty for the text before the first heading.
    pub heading: String,
    pub text: String,
    /// Targets of the links written as `[text](url)` in the section, whose URL is not in
    /// `text` (bare URLs are): search finds `o/r#12` through them.
    pub links: Vec<String>,
}

/// A note's sections as one lz4-compressed buffer: what `build` holds while the pages are
/// made and the search index is not yet (at 10,000 notes, ~66 MB of section text in many
/// small strings becomes about a third of that in one buffer per note).
pub fn pack_sections(sections: &[Section]) -> Vec<u8> {
    let mut raw: Vec<u8> = Vec::new();
    let put = |raw: &mut Vec<u8>, s: &str| {
        raw.extend_from_slice(&(s.len() as u32).to_le_bytes());
        raw.extend_from_slice(s.as_bytes());
    };
    raw.extend_from_slice(&(sections.len() as u32).to_le_bytes());
    for sec in sections {
        raw.push(u8::from(sec.id.is_some()));
        put(&mut raw, sec.id.as_deref().unwrap_or(""));
        put(&mut raw, &sec.heading);
        put(&mut raw, &sec.text);
        raw.extend_from_slice(&(sec.links.len() as u32).to_le_bytes());
        for l in &sec.links {
            put(&mut raw, l);
        }
    }
    lz4_flex::compress_prepend_size(&raw)
}

/// The sections [`pack_sections`] packed.
pub fn unpack_sections(packed: &[u8]) -> Vec<Section> {
    let raw = lz4_flex::decompress_size_prepended(packed).expect("packed by pack_sections");
    let mut at = 0;
    let u32_at = |at: &mut usize| {
        let n = u32::from_le_bytes(raw[*at..*at + 4].try_into().expect("four bytes"));
        *at += 4;
        n as usize
    };
    let text = |at: &mut usize, len: usize| {
        let s = std::str::from_utf8(&raw[*at..*at + len]).expect("packed from a str");
        *at += len;
        s.to_string()
    };
    let count = u32_at(&mut at);
    let mut sections = Vec::with_capacity(count);
    for _ in 0..count {
        let has_id = raw[at] == 1;
        at += 1;
        let len = u32_at(&mut at);
        let id = text(&mut at, len);
        let len = u32_at(&mut at);
        let heading = text(&mut at, len);
        let len = u32_at(&mut at);
        let body = text(&mut at, len);
        let links = (0..u32_at(&mut at))
            .map(|_| {
                let len = u32_at(&mut at);
                text(&mut at, len)
            })
            .collect();
        sections.push(Section {
            id: has_id.then_some(id),
            heading,
            text: body,
            links,
        });
    }
    sections
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_sections_unpack_to_the_same() {
        let sections = vec![
            Section {
                id: None,
                heading: String::new(),
                text: "Before the first heading, with ünïcode.".into(),
                links: vec![],
            },
            Section {
                id: Some(String::new()),
                heading: "Empty id".into(),
                text: String::new(),
                links: vec!["https://github.com/o/r/pull/1".into(), "x".into()],
            },
            Section {
                id: Some("notes".into()),
                heading: "Notes".into(),
                text: "a b c".repeat(1000),
                links: vec![],
            },
        ];
        let back = unpack_sections(&pack_sections(&sections));
        assert_eq!(format!("{back:?}"), format!("{sections:?}"));
        assert!(unpack_sections(&pack_sections(&[])).is_empty());
    }
}
