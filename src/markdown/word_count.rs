//! `word_count` as Zola computes it: the number of Unicode words (UAX #29) in the raw Markdown.
//!
//! `unicode_words()` looks up every character's word-break class in a table; on a 20,000-page
//! site that was 7 % of a build's CPU. Text between ASCII whitespace segments on its own (UAX #29
//! never joins across a space, tab or newline), and most such chunks are ASCII, even in Spanish,
//! where the rules reduce to a few byte classes. Chunks with other characters go to
//! `unicode_segmentation`, so the count is the same for every input (a property test checks it).

use unicode_segmentation::UnicodeSegmentation;

/// One pass over the bytes with the ASCII rules; a chunk (text between ASCII whitespace) that
/// holds another character is counted again, whole, by `unicode_segmentation`. Calling out per
/// chunk instead cost more than the counting on Spanish text, where most words are ASCII.
pub fn count_words(text: &str) -> usize {
    use Class::*;
    let bytes = text.as_bytes();
    let class = |i: usize| bytes.get(i).map_or(Other, |&b| CLASSES[usize::from(b)]);
    let mut words = 0;
    let mut segment_has_alnum = false;
    // The two classes before `i` (Other before the text starts).
    let (mut previous, mut before_previous) = (Other, Other);
    // Where the current chunk starts, and the count before it.
    let (mut chunk_start, mut words_before_chunk) = (0, 0);
    let mut i = 0;
    while i < bytes.len() {
        let current = CLASSES[usize::from(bytes[i])];
        if current == NonAscii {
            let chunk_end = bytes[i..].iter().position(u8::is_ascii_whitespace).map_or(bytes.len(), |n| i + n);
            words = words_before_chunk + text[chunk_start..chunk_end].unicode_words().count();
            (segment_has_alnum, previous, before_previous) = (false, Other, Other);
            i = chunk_end;
            continue;
        }
        // Rules WB5–WB13b: which neighbours stay in one segment.
        let joined = match (previous, current) {
            (Letter | Numeric, Letter | Numeric) => true,
            (Letter | Numeric | ExtendNumLet, ExtendNumLet) => true,
            (ExtendNumLet, Letter | Numeric) => true,
            (Letter, MidLetter | MidNumLet) if class(i + 1) == Letter => true,
            (MidLetter | MidNumLet, Letter) if before_previous == Letter => true,
            (Numeric, MidNum | MidNumLet) if class(i + 1) == Numeric => true,
            (MidNum | MidNumLet, Numeric) if before_previous == Numeric => true,
            _ => false,
        };
        if !joined {
            words += usize::from(segment_has_alnum);
            segment_has_alnum = false;
        }
        segment_has_alnum |= matches!(current, Letter | Numeric);
        if current == Space {
            (chunk_start, words_before_chunk) = (i + 1, words);
        }
        (before_previous, previous) = (previous, current);
        i += 1;
    }
    words + usize::from(segment_has_alnum)
}

/// UAX #29 word-break classes of ASCII bytes (the `Q` forms: no Hebrew letters here).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Letter,
    Numeric,
    /// `_`
    ExtendNumLet,
    /// `:`
    MidLetter,
    /// `.` and `'`
    MidNumLet,
    /// `,` and `;`
    MidNum,
    /// ASCII whitespace: always a break, and where chunks end.
    Space,
    Other,
    /// Any byte of a character outside ASCII.
    NonAscii,
}

const CLASSES: [Class; 256] = {
    let mut table = [Class::Other; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        table[byte] = match b {
            b'a'..=b'z' | b'A'..=b'Z' => Class::Letter,
            b'0'..=b'9' => Class::Numeric,
            b'_' => Class::ExtendNumLet,
            b':' => Class::MidLetter,
            b'.' | b'\'' => Class::MidNumLet,
            b',' | b';' => Class::MidNum,
            b' ' | b'\t' | b'\n' | b'\x0c' | b'\r' => Class::Space,
            0x80..=0xff => Class::NonAscii,
            _ => Class::Other,
        };
        byte += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn counts_like_zola() {
        assert_eq!(count_words("The U.S. and Mexico can't wait: 3,500.25 agents_here, ok?"), 9);
        assert_eq!(count_words("Los 18 puntos: ¿qué cambió?  Señal—clara."), 7);
        assert_eq!(count_words(""), 0);
        assert_eq!(count_words("___ ... ::"), 0);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn same_count_as_unicode_segmentation(text in "[a-zA-Z0-9_:.',;!?\\- \\t\\nñé\u{301}\u{a0}\u{200d}\u{5d0}0-9ー・]{0,40}") {
            prop_assert_eq!(count_words(&text), text.unicode_words().count(), "{:?}", text);
        }

        /// Long texts where chunks with accents sit between ASCII ones: the count rewinds to
        /// the chunk's start and goes on after it.
        #[test]
        fn same_count_on_mixed_chunks(text in "[a-b0-1_:.,' \\t\\r\\nñ\u{301}ー]{0,200}") {
            prop_assert_eq!(count_words(&text), text.unicode_words().count(), "{:?}", text);
        }

        #[test]
        fn same_count_on_ascii(text in "[a-c0-2_:.',; ]{0,24}") {
            prop_assert_eq!(count_words(&text), text.unicode_words().count(), "{:?}", text);
        }
    }
}
