//! The hash that names a version of an English text, so a translation can
//! say which version it translates.

/// 64-bit FNV-1a over each key and text (each followed by a zero byte), in
/// hex. It names a version of the text, nothing more (no secret depends on
/// it), and is the same on every machine.
pub fn of_texts<'a>(texts: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for (key, text) in texts {
        for byte in key.bytes().chain([0]).chain(text.bytes()).chain([0]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_text_or_key_changes_the_hash() {
        let base = of_texts([("a", "one"), ("b", "two")]);
        assert_eq!(base.len(), 16);
        assert_ne!(base, of_texts([("a", "one"), ("b", "two!")]));
        assert_ne!(base, of_texts([("a", "one"), ("c", "two")]));
        // The separator keeps "ab"+"c" apart from "a"+"bc".
        assert_ne!(of_texts([("ab", "c")]), of_texts([("a", "bc")]));
        assert_eq!(base, of_texts([("a", "one"), ("b", "two")]));
    }
}
