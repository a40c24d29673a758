//! Content hashes for cache-busting URLs (`style.css?h=…`) and the search index's
//! version: XXH3, a specified, stable, fast non-cryptographic hash (xxhash-rust), so the
//! same bytes give the same name on every machine and release. Nothing here needs to
//! resist an attacker: a collision would only make a browser keep a stale file.

use xxhash_rust::xxh3::Xxh3;

/// The hash of `bytes`, as 16 hex digits.
pub fn hex(bytes: &[u8]) -> String {
    hex_parts([bytes])
}

/// [`hex`] of the concatenation of `parts`, without concatenating them.
pub fn hex_parts<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> String {
    let mut h = Xxh3::new();
    for part in parts {
        h.update(part);
    }
    format!("{:016x}", h.digest())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_hash_as_their_concatenation() {
        assert_eq!(hex_parts([&b"ab"[..], b"", b"c"]), hex(b"abc"));
        assert_ne!(hex(b"abc"), hex(b"abd"));
        assert_eq!(hex(b"").len(), 16);
    }

    #[test]
    fn the_hash_is_xxh3_and_stable() {
        // XXH3-64 of the empty input, from the reference implementation's test vectors.
        assert_eq!(hex(b""), "2d06800538d394c2");
    }
}
