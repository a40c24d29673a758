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
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    let mut rest = text;
    while let Some(start) = rest.find(|c: char| !c.is_ascii()) {
        out.push_str(&rest[..start]);
        let run = &rest[start..];
        // A run: non-ASCII characters, possibly with single ASCII bytes between them that
        // MacRoman and 1252 share (none are continuation bytes, so runs end at ASCII).
        let end = run.find(|c: char| c.is_ascii()).unwrap_or(run.len());
        let run = &run[..end];
        match undo(run, enc) {
            Some(fixed) => {
                out.push_str(&fixed);
                changed = true;
            }
            None => out.push_str(run),
        }
        rest = &rest[start + end..];
    }
    out.push_str(rest);
    changed.then_some(out)
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
