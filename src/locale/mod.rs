//! Reads the figures of one language's plain text by value (numbers, percentages, dates,
//! times, ordinals, centuries, phone numbers), so the `number-mismatch` check can tell that
//! "November 27, 2026" and "27 de noviembre de 2026" agree while "1,250" and "1.250" may not;
//! and finds Spanish text written with English or other-variant conventions (`es-style`).
//! It owns the locale conventions only: it knows nothing about files, Markdown or findings,
//! and expects callers to have removed code spans, URLs and link destinations already.

mod dates;
pub use dates::month_name;
mod numbers;
mod scan;
mod style;
mod words;

use scan::{Kind, Toks};

/// The language a block of text is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    English,
    Spanish(Variant),
}

/// The Spanish variant a site targets, which decides how numbers are written.
/// es-MX, es-US and es-419 follow CLDR in writing 1,250.5 like English; es-ES writes
/// 1.250,5 or, as the RAE recommends, 1 250,5, and leaves 4-digit numbers ungrouped (1250,5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Variant {
    #[default]
    EsMx,
    EsUs,
    Es419,
    EsEs,
}

/// What a figure means, so that two languages' spellings of it compare equal.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// 1,250.5 ; 4 ; "four"/"cuatro". A percentage is `Percent`, not `Number`.
    Number(f64),
    /// 50% = 50 % = 50 por ciento = 50 percent.
    Percent(f64),
    /// November 27, 2026 = 27 de noviembre de 2026; `year` is `None` when not written.
    Date { year: Option<i32>, month: u32, day: u32 },
    /// 5 p.m. = 5 p. m. = 5pm = 17:00 = 17 h, on a 24-hour clock.
    Time { hour: u32, minute: u32 },
    /// 2nd = 2.º = 2.ª = segundo = second.
    Ordinal(u32),
    /// 21st century = siglo XXI = siglo 21.
    Century(u32),
    /// The digits of a phone number as written (country code included), compared exactly.
    Phone(String),
}

/// One figure found in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub value: Value,
    /// Byte range in the input text, for marking the differing part in reports.
    pub start: usize,
    pub end: usize,
    /// Read from a number word ("four", "cuatro", "un"), not digits: the caller lets such a value go unmatched.
    pub from_word: bool,
}

/// A rule's reading at token `i`: the value, the token after it, and how many tokens
/// before `i` it also covers (the minus sign of a negative number).
struct Hit {
    value: Value,
    next: usize,
    back: usize,
    from_word: bool,
}

impl Hit {
    fn new(value: Value, next: usize) -> Self {
        Hit { value, next, back: 0, from_word: false }
    }

    fn word(value: Value, next: usize) -> Self {
        Hit { from_word: true, ..Hit::new(value, next) }
    }
}

/// The figures of `text`, in text order and non-overlapping.
pub fn figures(text: &str, language: Language) -> Vec<Figure> {
    figures_in(&Toks::new(text), language)
}

/// A Spanish text read once for the two checks that read it: its figures
/// (`number-mismatch`) and its style issues (`es-style`). Every Spanish paragraph of a site
/// passes here, so it is tokenized once, not once per check.
#[derive(Debug, Clone, PartialEq)]
pub struct SpanishReading {
    pub figures: Vec<Figure>,
    /// As [`spanish_style_issues`] returns them.
    pub style: Vec<(usize, usize, &'static str)>,
}

pub fn read_spanish(text: &str, variant: Variant) -> SpanishReading {
    let t = Toks::new(text);
    SpanishReading { figures: figures_in(&t, Language::Spanish(variant)), style: style::issues_in(&t, variant) }
}

fn figures_in(t: &Toks, language: Language) -> Vec<Figure> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < t.len() {
        if t.plain(i) {
            i += 1;
            continue;
        }
        match read_at(t, i, language) {
            Some(hit) => {
                out.push(Figure {
                    value: hit.value,
                    start: t.start(i - hit.back),
                    end: t.end(hit.next - 1),
                    from_word: hit.from_word,
                });
                i = hit.next;
            }
            None => i += 1,
        }
    }
    out
}

/// Tries the rules from the most specific to the least: a phone number or a date would
/// otherwise be read as several plain numbers.
fn read_at(t: &Toks, i: usize, language: Language) -> Option<Hit> {
    match t.kind(i)? {
        // Only a plain number can end at a comma, a percent sign or the end of the text;
        // skipping the other rules there keeps long lists of figures fast.
        Kind::Digits if matches!(t.kind(i + 1), None | Some(Kind::Punct(',' | '%' | ';' | ')'))) => {
            numbers::number(t, i, language)
        }
        Kind::Digits => numbers::phone(t, i)
            .or_else(|| dates::date(t, i, language))
            .or_else(|| dates::time(t, i))
            .or_else(|| words::ordinal_or_century(t, i, language))
            .or_else(|| numbers::number(t, i, language)),
        Kind::Word if !t.may_start_figure(i) => None,
        Kind::Word => dates::date(t, i, language)
            .or_else(|| words::ordinal_or_century(t, i, language))
            .or_else(|| words::number_word(t, i, language)),
        Kind::Punct('(' | '+') => numbers::phone(t, i),
        _ => None,
    }
}

/// Spanish text written with the conventions of English or of the other variant, for the `es-style` check: returns (start, end, what) with `what` a short plain-English description such as "month written before the day (November 27 order)", "capitalised month", "English ordinal 2nd", "straight double quotes", "number grouped with a period (es-ES style) in an es-MX site", "English month name".
pub fn spanish_style_issues(text: &str, variant: Variant) -> Vec<(usize, usize, &'static str)> {
    style::issues_in(&Toks::new(text), variant)
}

#[cfg(test)]
mod tests;
