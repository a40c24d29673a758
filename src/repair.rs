//! Pure: undoes mojibake — UTF-8 text that was once decoded as MacRoman or Windows-1252
//! and saved again (`üö¢` for 🚢, `PÃ©ter` for Péter).
//!
//! A run of non-ASCII characters is re-encoded in the legacy encoding; if the bytes form
//! valid UTF-8 with at least one multi-byte character, the run was mojibake. Random text
//! almost never passes that test (continuation bytes must follow lead bytes exactly), so
//! the repair is only made when it is certain.

use encoding_rs::{Encoding, MACINTOSH, WINDOWS_1252};

/// The repaired text and the encoding it was mis-decoded as, or `None` when the text
/// has no mojibake.
pub fn repair(text: &str) -> Option<(String, &'static str)> {
    if text.is_ascii() {
        return None;
    }
    for (enc, name) in [(MACINTOSH, "MacRoman"), (WINDOWS_1252, "Windows-1252")] {
        if let Some(fixed) = repair_with(text, enc) {
            return Some((fixed, name));
        }
    }
    None
}

fn repair_with(text: &str, enc: &'static Encoding) -> Option<String> {
    let bytes = text.as_bytes();
    // Allocated at the first repair: most texts have none. Holds `text[..copied]`, repaired.
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut pos = 0;
    // A non-ASCII character starts at a byte >= 0x80 and its other bytes are >= 0x80 too,
    // so byte searches find character boundaries.
    while let Some(start) = bytes[pos..].iter().position(|b| !b.is_ascii()) {
        let start = pos + start;
        // A run: non-ASCII characters, possibly with single ASCII bytes between them that
        // MacRoman and 1252 share (none are continuation bytes, so runs end at ASCII).
        let end = bytes[start..]
            .iter()
            .position(u8::is_ascii)
            .map_or(text.len(), |i| start + i);
        let run = &text[start..end];
        // Mojibake is several characters for one; a single character is never repaired.
        if run.chars().nth(1).is_some() {
            if let Some(fixed) = undo(run, enc) {
                let out = out.get_or_insert_with(|| String::with_capacity(text.len()));
                out.push_str(&text[copied..start]);
                out.push_str(&fixed);
                copied = end;
            }
        }
        pos = end;
    }
    let mut out = out?;
    out.push_str(&text[copied..]);
    Some(out)
}

fn undo(run: &str, enc: &'static Encoding) -> Option<String> {
    let (bytes, _, unmappable) = enc.encode(run);
    if unmappable {
        return None;
    }
    let fixed = match std::str::from_utf8(&bytes) {
        Ok(s) => s.to_string(),
        // Editors often drop MacRoman's U+F8FF (byte F0, the lead byte of every emoji):
        // `üö¢` is 🚢 without it. Restore it when that makes the run valid UTF-8.
        Err(_) if bytes.len() >= 3 && bytes[..3].iter().all(|b| (0x80..0xC0).contains(b)) => {
            let mut with_lead = vec![0xF0];
            with_lead.extend_from_slice(&bytes);
            String::from_utf8(with_lead).ok()?
        }
        Err(_) => return None,
    };
    // Several mojibake characters stand for one real one, and a real text does not start a
    // run with a combining mark or hold C1 control characters.
    let plausible = fixed.chars().count() < run.chars().count()
        && !fixed.starts_with(|c: char| ('\u{300}'..='\u{36f}').contains(&c))
        && !fixed.chars().any(|c| ('\u{80}'..='\u{9f}').contains(&c));
    plausible.then_some(fixed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn macroman_emoji() {
        let (fixed, enc) = repair("### Current Iteration \u{f8ff}üóìÔ∏è\n").unwrap();
        assert_eq!(fixed, "### Current Iteration 🗓️\n");
        assert_eq!(enc, "MacRoman");
        assert_eq!(repair("Ship it üö¢").unwrap().0, "Ship it 🚢");
        assert_eq!(repair("done ‚úÖ").unwrap().0, "done ✅");
    }

    #[test]
    fn windows_1252_accents() {
        let (fixed, enc) = repair("PÃ©ter said itâ€™s fine").unwrap();
        assert_eq!(fixed, "Péter said it’s fine");
        assert_eq!(enc, "Windows-1252");
    }

    #[test]
    fn lone_characters_beside_mojibake_are_kept() {
        let (fixed, enc) = repair("café → PÃ©ter · done").unwrap();
        assert_eq!(fixed, "café → Péter · done");
        assert_eq!(enc, "Windows-1252");
        assert_eq!(repair("café → naïve · done"), None);
    }

    #[test]
    fn correct_text_is_left_alone() {
        for ok in [
            "Péter Szilágyi, über, naïve, 会议, 🚢, “quotes”, café — done",
            "Ångström, Øresund, façade",
            "plain ascii",
        ] {
            assert_eq!(repair(ok), None, "{ok}");
        }
    }
}
