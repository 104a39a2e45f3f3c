//! Ordinals, centuries and numbers written as words.

use super::scan::{Kind, Toks, lookup, lower_eq};
use super::{Hit, Language, Value};
use std::sync::LazyLock;

#[rustfmt::skip]
const EN_NUMBERS: [&str; 11] =
    ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];
/// Spanish number words with their value; "un" and "una" are also the indefinite article,
/// which is why callers let word-read values go unmatched.
#[rustfmt::skip]
const ES_NUMBERS: [(&str, u32); 13] = [
    ("cero", 0), ("uno", 1), ("un", 1), ("una", 1), ("dos", 2), ("tres", 3), ("cuatro", 4),
    ("cinco", 5), ("seis", 6), ("siete", 7), ("ocho", 8), ("nueve", 9), ("diez", 10),
];
#[rustfmt::skip]
const EN_ORDINALS: [&str; 20] = [
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
    "seventeenth", "eighteenth", "nineteenth", "twentieth",
];
/// Spanish ordinals agree in gender, and "primer"/"tercer" drop the -o before a masculine noun.
#[rustfmt::skip]
const ES_ORDINALS: [(&str, u32); 22] = [
    ("primero", 1), ("primer", 1), ("primera", 1), ("segundo", 2), ("segunda", 2),
    ("tercero", 3), ("tercer", 3), ("tercera", 3), ("cuarto", 4), ("cuarta", 4), ("quinto", 5),
    ("quinta", 5), ("sexto", 6), ("sexta", 6), ("séptimo", 7), ("séptima", 7), ("octavo", 8),
    ("octava", 8), ("noveno", 9), ("novena", 9), ("décimo", 10), ("décima", 10),
];
/// Ordinal marks after the digits. English: 2nd. Spanish (RAE): 2.º, 2.ª, 1.er, 3.er, also
/// written without the period; Mexican usage also writes 1ro, 2do, 3ra, 4to, 7mo, 8vo, 9no.
const EN_SUFFIXES: [&str; 4] = ["st", "nd", "rd", "th"];
#[rustfmt::skip]
const ES_SUFFIXES: [&str; 13] =
    ["er", "ro", "ra", "do", "da", "to", "ta", "mo", "ma", "vo", "va", "no", "na"];

/// Words longer than this (in bytes) start no figure.
const LONGEST: usize = 12;

/// Every word that can start a figure, in lower case: months and their abbreviations, number
/// and ordinal words, "siglo"…
static STARTS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let months = super::dates::month_names().flat_map(|m| [m.to_string(), m[..3].to_string()]);
    let fixed = ["sept", "set", "setiembre", "siglo", "siglos", "twenty", "midnight", "medianoche", "noon", "mediodía"];
    let mut starts: Vec<String> = months
        .chain(fixed.iter().map(|w| w.to_string()))
        .chain(EN_NUMBERS.iter().map(|w| w.to_string()))
        .chain(ES_NUMBERS.iter().map(|(w, _)| w.to_string()))
        .chain(EN_ORDINALS.iter().map(|w| w.to_string()))
        .chain(ES_ORDINALS.iter().map(|(w, _)| w.to_string()))
        .collect();
    starts.sort_unstable();
    starts.dedup();
    starts
});

/// The byte lengths and first two letters of [`STARTS`], as one bit per (length, first
/// letter, second letter): about one prose word in twenty fits, against one in three on length
/// and first letter alone. Every start word begins with an ASCII letter, and changing its case
/// keeps its length; an accented second letter ("décimo") counts as one more letter.
pub(super) struct FigureShapes([[u64; SHAPE_WORDS]; LONGEST + 1]);

const SHAPE_WORDS: usize = (26 * 27usize).div_ceil(64);

impl FigureShapes {
    fn bit(first: u8, second: u8) -> Option<usize> {
        let (first, second) = (first.to_ascii_lowercase(), second.to_ascii_lowercase());
        if !first.is_ascii_lowercase() {
            return None;
        }
        let second = if second.is_ascii_lowercase() { second - b'a' } else { 26 };
        Some(usize::from(first - b'a') * 27 + usize::from(second))
    }

    /// A word of `len` bytes beginning with bytes `first` and `second` may be a start word.
    pub fn fits(&self, first: u8, second: u8, len: usize) -> bool {
        len <= LONGEST && Self::bit(first, second).is_some_and(|bit| self.0[len][bit / 64] & (1 << (bit % 64)) != 0)
    }
}

pub(super) fn figure_shapes() -> &'static FigureShapes {
    static SHAPES: LazyLock<FigureShapes> = LazyLock::new(|| {
        let mut shapes = [[0u64; SHAPE_WORDS]; LONGEST + 1];
        // Every start word begins with an ASCII letter (a unit test reads each one back).
        for start in STARTS.iter().filter(|s| s.len() <= LONGEST) {
            if let [first, second, ..] = start.as_bytes()
                && let Some(bit) = FigureShapes::bit(*first, *second)
            {
                shapes[start.len()][bit / 64] |= 1 << (bit % 64);
            }
        }
        FigureShapes(shapes)
    });
    &SHAPES
}

/// Whether a word can start a figure (a month, an ordinal or number word, "siglo"…). Most
/// words cannot; asking this first keeps a long page from being compared against every
/// table for every word. The tokenizer asks [`FigureShapes::fits`] first, for every word.
pub(super) fn may_start_figure(word: &str) -> bool {
    // Most words are ASCII: those are compared as lowercased bytes packed in one integer, in
    // a sorted list, with no allocation.
    static ASCII_STARTS: LazyLock<Vec<u128>> = LazyLock::new(|| {
        let mut packed: Vec<u128> = STARTS.iter().filter(|s| s.is_ascii()).filter_map(|s| pack_lowercase(s)).collect();
        packed.sort_unstable();
        packed
    });
    fn pack_lowercase(word: &str) -> Option<u128> {
        (word.len() <= 16)
            .then(|| word.bytes().fold(0u128, |packed, b| (packed << 8) | u128::from(b.to_ascii_lowercase())))
    }
    let &[first, second, ..] = word.as_bytes() else { return false };
    if !figure_shapes().fits(first, second, word.len()) {
        return false;
    }
    if word.is_ascii() {
        return pack_lowercase(word).is_some_and(|packed| ASCII_STARTS.binary_search(&packed).is_ok());
    }
    // The few accented start words ("mediodía", "décimo"…), compared length first.
    static OTHER_STARTS: LazyLock<Vec<&'static str>> =
        LazyLock::new(|| STARTS.iter().filter(|s| !s.is_ascii()).map(|s| s.as_str()).collect());
    lookup(word, &OTHER_STARTS).is_some()
}

/// A word at `i` that is the second half of a compound ("twenty-one", "forty-first"): its
/// value is not the word's own, so it is not read.
fn in_compound(t: &Toks, i: usize) -> bool {
    i >= 2 && t.punct(i - 1, '-') && t.is(i - 2, Kind::Word)
}

/// The value `word` has in `table`, ignoring case.
fn value_of(word: &str, table: &[(&str, u32)]) -> Option<u32> {
    table.iter().find(|(w, _)| lower_eq(word, w)).map(|&(_, n)| n)
}

fn spanish(language: Language) -> bool {
    matches!(language, Language::Spanish(_))
}

/// A number word (zero to ten), or a word for noon or midnight, at token `i`.
pub(super) fn number_word(t: &Toks, i: usize, language: Language) -> Option<Hit> {
    let word = t.word(i).filter(|_| !in_compound(t, i))?;
    if let Some(k) = lookup(word, &["midnight", "medianoche", "noon", "mediodía"]) {
        let hour = if k < 2 { 0 } else { 12 };
        return Some(Hit::word(Value::Time { hour, minute: 0 }, i + 1));
    }
    let n = if spanish(language) { value_of(word, &ES_NUMBERS)? } else { lookup(word, &EN_NUMBERS)? as u32 };
    Some(Hit::word(Value::Number(f64::from(n)), i + 1))
}

/// An ordinal in digits at token `i` ("2nd", "2.º", "1.er", "2do") and the token after it.
fn ordinal_digits(t: &Toks, i: usize, language: Language) -> Option<(u32, usize)> {
    let n = t.digits_of(i, 1, 9)?;
    if t.word_is(i + 1, &EN_SUFFIXES) {
        return Some((n, i + 2));
    }
    let k = i + 1 + usize::from(t.punct(i + 1, '.'));
    if t.punct(k, 'º') || t.punct(k, 'ª') || (k > i + 1 && t.word_is(k, &["er"])) {
        return Some((n, k + 1));
    }
    // Without the period these endings are Spanish only: "3mo" is "3 months" in English.
    (spanish(language) && t.word_is(i + 1, &ES_SUFFIXES)).then_some((n, i + 2))
}

/// An ordinal word at token `i` ("second", "segunda", "twenty-first") and the token after it.
fn ordinal_word(t: &Toks, i: usize, language: Language) -> Option<(u32, usize)> {
    let word = t.word(i).filter(|_| !in_compound(t, i))?;
    if spanish(language) {
        return Some((value_of(word, &ES_ORDINALS)?, i + 1));
    }
    if lookup(word, &["twenty"]).is_some() && t.punct(i + 1, '-') {
        let unit = t.word(i + 2).and_then(|w| lookup(w, &EN_ORDINALS[..9]))?;
        return Some((21 + unit as u32, i + 3));
    }
    Some((lookup(word, &EN_ORDINALS)? as u32 + 1, i + 1))
}

/// A Roman numeral of the letters used for centuries, in capitals as the RAE writes them.
fn roman(word: &str) -> Option<u32> {
    let digit = |c| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        'C' => Some(100),
        _ => None,
    };
    let values: Vec<u32> = word.chars().map(digit).collect::<Option<_>>()?;
    let mut total: i64 = 0;
    for (k, &v) in values.iter().enumerate() {
        // A smaller numeral before a larger one is subtracted: XIX = 10 + (10 - 1).
        if values.get(k + 1).is_some_and(|&next| next > v) { total -= i64::from(v) } else { total += i64::from(v) }
    }
    u32::try_from(total).ok().filter(|&n| n > 0)
}

/// "siglo XXI", "siglo 21": Roman numerals are read only right after "siglo", where they
/// cannot be a word or an initial.
fn siglo(t: &Toks, i: usize) -> Option<Hit> {
    if !(t.word_is(i, &["siglo", "siglos"]) && t.is(i + 1, Kind::Space)) {
        return None;
    }
    let n = t.word(i + 2).and_then(roman).or_else(|| t.digits_of(i + 2, 1, 2))?;
    Some(Hit::new(Value::Century(n), i + 3))
}

/// An ordinal at token `i`, or a century when the word "century" follows it
/// ("21st century", "21st-century", "twenty-first century"), or "siglo" and a number.
pub(super) fn ordinal_or_century(t: &Toks, i: usize, language: Language) -> Option<Hit> {
    if let Some(hit) = siglo(t, i) {
        return Some(hit);
    }
    let (n, next, from_word) = match ordinal_digits(t, i, language) {
        Some((n, next)) => (n, next, false),
        None => ordinal_word(t, i, language).map(|(n, next)| (n, next, true))?,
    };
    let century = (t.is(next, Kind::Space) || t.punct(next, '-')) && t.word_is(next + 1, &["century", "centuries"]);
    let hit = if century { Hit::new(Value::Century(n), next + 2) } else { Hit::new(Value::Ordinal(n), next) };
    Some(Hit { from_word, ..hit })
}

#[cfg(test)]
mod tests {
    use super::{STARTS, may_start_figure};

    #[test]
    fn every_start_word_passes_the_shape_filter_in_either_case() {
        for word in STARTS.iter() {
            assert!(may_start_figure(word), "{word}");
            assert!(may_start_figure(&word.to_uppercase()), "{word}");
        }
    }

    #[test]
    fn figure_words_are_found_in_any_case_and_others_are_not() {
        for word in ["twenty", "Twenty", "NOVEMBER", "nov", "Sept", "setiembre", "mediodía", "MEDIODÍA", "siglo"] {
            assert!(may_start_figure(word), "{word}");
        }
        for word in ["the", "agents", "twentyfold", "a", "", "médico", "November27", "mediodías"] {
            assert!(!may_start_figure(word), "{word}");
        }
    }
}
