//! `word_count` as Zola computes it: the number of Unicode words (UAX #29) in the raw Markdown.
//!
//! `unicode_words()` looks up every character's word-break class in a table; on a 20,000-page
//! site that was 7 % of a build's CPU. Text between ASCII whitespace segments on its own (UAX #29
//! never joins across a space, tab or newline), and most such chunks are ASCII, even in Spanish,
//! where the rules reduce to a few byte classes. Chunks with other characters go to
//! `unicode_segmentation`, so the count is the same for every input (a property test checks it).

use unicode_segmentation::UnicodeSegmentation;

pub fn count_words(text: &str) -> usize {
    if text.is_ascii() {
        return count_ascii(text.as_bytes());
    }
    text.split(|c: char| c.is_ascii_whitespace())
        .map(|chunk| if chunk.is_ascii() { count_ascii(chunk.as_bytes()) } else { chunk.unicode_words().count() })
        .sum()
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
    Other,
}

fn class(byte: u8) -> Class {
    match byte {
        b'a'..=b'z' | b'A'..=b'Z' => Class::Letter,
        b'0'..=b'9' => Class::Numeric,
        b'_' => Class::ExtendNumLet,
        b':' => Class::MidLetter,
        b'.' | b'\'' => Class::MidNumLet,
        b',' | b';' => Class::MidNum,
        _ => Class::Other,
    }
}

/// Counts the segments that hold a letter or digit (what `unicode_words` keeps), joining
/// neighbours by rules WB5–WB13b; every other pair of ASCII bytes is a break.
fn count_ascii(bytes: &[u8]) -> usize {
    use Class::*;
    let at = |i: usize| bytes.get(i).map_or(Other, |&b| class(b));
    let mut words = 0;
    let mut segment_has_alnum = false;
    for i in 0..bytes.len() {
        let current = at(i);
        let joined = i > 0 && {
            let previous = at(i - 1);
            let alnum = |c: Class| matches!(c, Letter | Numeric);
            let middle_letter = |c: Class| matches!(c, MidLetter | MidNumLet);
            let middle_number = |c: Class| matches!(c, MidNum | MidNumLet);
            (alnum(previous) && alnum(current))
                || (matches!(previous, Letter | Numeric | ExtendNumLet) && current == ExtendNumLet)
                || (previous == ExtendNumLet && alnum(current))
                || (previous == Letter && middle_letter(current) && at(i + 1) == Letter)
                || (i >= 2 && middle_letter(previous) && at(i - 2) == Letter && current == Letter)
                || (previous == Numeric && middle_number(current) && at(i + 1) == Numeric)
                || (i >= 2 && middle_number(previous) && at(i - 2) == Numeric && current == Numeric)
        };
        if !joined {
            if segment_has_alnum {
                words += 1;
            }
            segment_has_alnum = false;
        }
        segment_has_alnum |= matches!(current, Letter | Numeric);
    }
    words + usize::from(segment_has_alnum)
}

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

        #[test]
        fn same_count_on_ascii(text in "[a-c0-2_:.',; ]{0,24}") {
            prop_assert_eq!(count_words(&text), text.unicode_words().count(), "{:?}", text);
        }
    }
}
