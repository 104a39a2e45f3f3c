//! Tokens for the readers: runs of ASCII digits, runs of letters, runs of whitespace, and
//! single other characters. Every rule is a short look-ahead over these tokens, never a
//! rescan of the text, which keeps both public functions linear in the input.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Digits,
    Word,
    Space,
    Punct(char),
}

/// What a token is, without a punctuation mark's character: that is read back from the text
/// when asked for, so a token stays eight bytes (one is stored per three bytes of prose).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Digits,
    Word,
    /// A word whose length and first two letters match some word that can start a figure (a
    /// month, a number word, "siglo"…): the only words [`Toks::may_start_figure`] looks up.
    FigureShapedWord,
    Space,
    Punct,
}

#[derive(Debug, Clone, Copy)]
struct Tok {
    start: u32,
    class: Class,
}

/// The text and its tokens. Index helpers return `None`/`false` past the end, so rules can
/// look ahead without bounds checks. Offsets are `u32`: a text is one block of one page.
pub(super) struct Toks<'a> {
    text: &'a str,
    /// One token per run, then an end marker at `text.len()`, so token `i` ends where `i + 1`
    /// starts.
    toks: Vec<Tok>,
}

/// The class and byte width of the character at `at` (a character boundary), without decoding
/// ASCII: most of the text the checks read is ASCII, and this is their innermost loop.
fn class_at(text: &str, at: usize) -> (Kind, usize) {
    let byte = text.as_bytes()[at];
    if byte.is_ascii() {
        let kind = match byte {
            b'0'..=b'9' => Kind::Digits,
            // `char::is_whitespace` for ASCII (which, unlike `u8::is_ascii_whitespace`, has \x0B).
            b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r' => Kind::Space,
            b'a'..=b'z' | b'A'..=b'Z' => Kind::Word,
            _ => Kind::Punct(byte as char),
        };
        return (kind, 1);
    }
    // Spanish letters with accents, ñ and ü are U+00C0–U+00FF (lead byte 0xC3): all letters
    // but × and ÷, and common enough to skip decoding too.
    if byte == 0xC3 && !matches!(text.as_bytes().get(at + 1), Some(0x97 | 0xB7)) {
        return (Kind::Word, 2);
    }
    let c = text[at..].chars().next().unwrap_or(char::REPLACEMENT_CHARACTER);
    (class(c), c.len_utf8())
}

/// Where the run of ASCII letters from `at` ends. Eight bytes at a time (SWAR): words are
/// most of every text the readers scan, and a byte loop paid a compare, and at each word's end
/// a mispredicted branch, per letter.
fn skip_ascii_letters(bytes: &[u8], mut at: usize) -> usize {
    const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let Ok(chunk) = <[u8; 8]>::try_from(chunk) else { break };
        let x = u64::from_le_bytes(chunk);
        // Upper case folded to lower case; the high bit cleared so no sum below carries.
        let folded = (x | 0x2020_2020_2020_2020) & !HIGH_BITS;
        // A byte's high bit, after adding: it is at least `a` (0x61 + 0x1f = 0x80), or past
        // `z` (0x7b + 0x05 = 0x80).
        let from_a = folded + 0x1f1f_1f1f_1f1f_1f1f;
        let past_z = folded + 0x0505_0505_0505_0505;
        let letters = from_a & !past_z & !x & HIGH_BITS;
        let others = !letters & HIGH_BITS;
        if others != 0 {
            return at + (others.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    while at < bytes.len() && bytes[at].is_ascii_alphabetic() {
        at += 1;
    }
    at
}

fn class(c: char) -> Kind {
    if c.is_ascii_digit() {
        Kind::Digits
    } else if c.is_whitespace() {
        Kind::Space
    } else if c.is_alphabetic() && !matches!(c, 'ª' | 'º') {
        // ª and º are letters to Unicode, but in "2.ª" they are ordinal marks, not words.
        Kind::Word
    } else {
        Kind::Punct(c)
    }
}

impl<'a> Toks<'a> {
    pub fn new(text: &'a str) -> Self {
        // Offsets are u32; a single block of text past 4 GiB is read up to there.
        let mut limit = text.len().min(u32::MAX as usize);
        while !text.is_char_boundary(limit) {
            limit -= 1;
        }
        let text = &text[..limit];
        let bytes = text.as_bytes();
        let shapes = super::words::figure_shapes();
        // About one token per three bytes in prose: one allocation for most texts.
        let mut toks = Vec::with_capacity(bytes.len() / 3 + 2);
        let mut start = 0;
        while start < bytes.len() {
            let (kind, width) = class_at(text, start);
            let mut end = start + width;
            let class = match kind {
                // Plain byte loops: digit runs can be megabytes long, even in a debug build.
                Kind::Digits => {
                    while end < bytes.len() && bytes[end].is_ascii_digit() {
                        end += 1;
                    }
                    Class::Digits
                }
                Kind::Punct(_) => Class::Punct,
                Kind::Word => {
                    loop {
                        // ASCII letters continue the word without classifying; another ASCII
                        // byte ends it; a non-ASCII character is classified.
                        end = skip_ascii_letters(bytes, end);
                        if end >= bytes.len() || bytes[end].is_ascii() {
                            break;
                        }
                        match class_at(text, end) {
                            (Kind::Word, width) => end += width,
                            _ => break,
                        }
                    }
                    let len = end - start;
                    if len >= 2 && shapes.fits(bytes[start], bytes[start + 1], len) {
                        Class::FigureShapedWord
                    } else {
                        Class::Word
                    }
                }
                Kind::Space => {
                    loop {
                        while end < bytes.len() && matches!(bytes[end], b' ' | b'\n') {
                            end += 1;
                        }
                        if end >= bytes.len() {
                            break;
                        }
                        match class_at(text, end) {
                            (Kind::Space, width) => end += width,
                            _ => break,
                        }
                    }
                    Class::Space
                }
            };
            toks.push(Tok { start: start as u32, class });
            start = end;
        }
        toks.push(Tok { start: bytes.len() as u32, class: Class::Space });
        Toks { text, toks }
    }

    fn tok(&self, i: usize) -> Option<Tok> {
        // The end marker is not a token.
        if i + 1 < self.toks.len() { Some(self.toks[i]) } else { None }
    }

    pub fn len(&self) -> usize {
        self.toks.len() - 1
    }

    pub fn kind(&self, i: usize) -> Option<Kind> {
        let tok = self.tok(i)?;
        Some(match tok.class {
            Class::Digits => Kind::Digits,
            Class::Word | Class::FigureShapedWord => Kind::Word,
            Class::Space => Kind::Space,
            Class::Punct => Kind::Punct(self.punct_char(tok)),
        })
    }

    /// The character of a punctuation token, read back from the text (ASCII without decoding).
    fn punct_char(&self, tok: Tok) -> char {
        let at = tok.start as usize;
        match self.text.as_bytes()[at] {
            byte if byte.is_ascii() => byte as char,
            _ => self.text[at..].chars().next().unwrap_or(char::REPLACEMENT_CHARACTER),
        }
    }

    /// Byte offset where token `i` starts; `i` must exist.
    pub fn start(&self, i: usize) -> usize {
        self.toks[i].start as usize
    }

    /// Byte offset where token `i` ends; `i` must exist.
    pub fn end(&self, i: usize) -> usize {
        self.toks[i + 1].start as usize
    }

    pub fn text(&self, i: usize) -> &'a str {
        match self.tok(i) {
            Some(tok) => &self.text[tok.start as usize..self.end(i)],
            None => "",
        }
    }

    pub fn is(&self, i: usize, kind: Kind) -> bool {
        let Some(tok) = self.tok(i) else { return false };
        match (tok.class, kind) {
            (Class::Digits, Kind::Digits) | (Class::Space, Kind::Space) => true,
            (Class::Word | Class::FigureShapedWord, Kind::Word) => true,
            (Class::Punct, Kind::Punct(c)) => self.punct_char(tok) == c,
            _ => false,
        }
    }

    /// Token `i` is a space, or a word whose shape rules it out as a figure's start: the
    /// token most rules skip. Most tokens are one.
    pub fn plain(&self, i: usize) -> bool {
        self.tok(i).is_some_and(|tok| matches!(tok.class, Class::Space | Class::Word))
    }

    /// Token `i` is a word that can start a figure: see [`super::words::may_start_figure`].
    /// The tokenizer has already turned away the words of the wrong length or first letters.
    pub fn may_start_figure(&self, i: usize) -> bool {
        self.tok(i).is_some_and(|tok| tok.class == Class::FigureShapedWord)
            && super::words::may_start_figure(self.text(i))
    }

    pub fn digits(&self, i: usize) -> Option<&'a str> {
        self.is(i, Kind::Digits).then(|| self.text(i))
    }

    /// The value of a digits token of `min..=max` digits (max ≤ 9, so it fits a u32).
    pub fn digits_of(&self, i: usize, min: usize, max: usize) -> Option<u32> {
        let d = self.digits(i)?;
        if (min..=max).contains(&d.len()) { d.parse().ok() } else { None }
    }

    pub fn word(&self, i: usize) -> Option<&'a str> {
        self.is(i, Kind::Word).then(|| self.text(i))
    }

    /// Token `i` is a word equal, ignoring case, to one of `lower` (written in lower case).
    pub fn word_is(&self, i: usize, lower: &[&str]) -> bool {
        self.word(i).is_some_and(|w| lookup(w, lower).is_some())
    }

    pub fn punct(&self, i: usize, c: char) -> bool {
        self.is(i, Kind::Punct(c))
    }

    /// Exactly one space, no-break space or narrow no-break space: the only whitespace that
    /// can sit inside a number ("1 250,5", "50 %").
    pub fn gap(&self, i: usize) -> bool {
        matches!(self.text(i), " " | "\u{a0}" | "\u{202f}")
    }
}

/// `word` equals `lower` (a lower-case constant) ignoring case; accents must match as written.
/// The length test first keeps the many look-ups per word cheap (case changes in the words we
/// look for, all Latin letters, keep the UTF-8 length).
pub(super) fn lower_eq(word: &str, lower: &str) -> bool {
    word.len() == lower.len()
        && (word.eq_ignore_ascii_case(lower)
            || (!word.is_ascii() && word.chars().flat_map(char::to_lowercase).eq(lower.chars())))
}

/// Index of the entry of `list` that `word` spells, ignoring case.
pub(super) fn lookup(word: &str, list: &[&str]) -> Option<usize> {
    list.iter().position(|entry| lower_eq(word, entry))
}

#[cfg(test)]
mod tests {
    use super::{class, class_at, skip_ascii_letters};

    #[test]
    fn the_ascii_fast_path_classifies_as_char_does() {
        for c in (0..0x3000u32).filter_map(char::from_u32) {
            let text = c.to_string();
            assert_eq!(class_at(&text, 0), (class(c), c.len_utf8()), "{c:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn letter_runs_end_where_a_byte_loop_ends_them(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..40), from in 0usize..40) {
            let from = from.min(bytes.len());
            let mut naive = from;
            while naive < bytes.len() && bytes[naive].is_ascii_alphabetic() {
                naive += 1;
            }
            proptest::prop_assert_eq!(skip_ascii_letters(&bytes, from), naive);
        }

        #[test]
        fn letter_runs_in_mostly_letters(text in "[a-zA-Z]{0,20}[@\\[`{Z\\x7f\\xe9 ]?[a-zA-Z]{0,20}") {
            let bytes = text.as_bytes();
            let naive = bytes.iter().take_while(|b| b.is_ascii_alphabetic()).count();
            proptest::prop_assert_eq!(skip_ascii_letters(bytes, 0), naive);
        }
    }
}
