//! Dates and times of day.

use super::scan::{Kind, Toks, lookup, lower_eq};
use super::{Hit, Language, Value};

#[rustfmt::skip]
const EN_MONTHS: [&str; 12] = ["january", "february", "march", "april", "may", "june", "july",
    "august", "september", "october", "november", "december"];
#[rustfmt::skip]
const ES_MONTHS: [&str; 12] = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
    "agosto", "septiembre", "octubre", "noviembre", "diciembre"];
/// Every month name of both languages, for `words::may_start_figure`.
pub(super) fn month_names() -> impl Iterator<Item = &'static str> {
    EN_MONTHS.iter().chain(ES_MONTHS.iter()).copied()
}

/// The name of month `month` (1–12) as each language writes it in a date: capitalised in
/// English, lower case in Spanish (RAE).
pub fn month_name(month: u32, spanish: bool) -> String {
    let index = (month.clamp(1, 12) - 1) as usize;
    if spanish {
        return ES_MONTHS[index].to_string();
    }
    let name = EN_MONTHS[index];
    name[..1].to_uppercase() + &name[1..]
}

/// Longest day of each month (leap years included: the year is often not written).
const MAX_DAY: [u32; 12] = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/// Month number of a full English or Spanish month name ("setiembre" is the RAE-accepted
/// spelling of septiembre used in parts of Latin America).
pub(super) fn full_month(word: &str, spanish: bool) -> Option<u32> {
    let (names, extra) = if spanish { (&ES_MONTHS, &["setiembre"][..]) } else { (&EN_MONTHS, &[][..]) };
    let found = lookup(word, names).map(|m| m as u32 + 1);
    found.or(lookup(word, extra).map(|_| 9))
}

/// Month number of a three-letter abbreviation (plus "sept", and Spanish "set").
fn short_month(word: &str, spanish: bool) -> Option<u32> {
    let (names, extra) = if spanish { (&ES_MONTHS, &["sept", "set"][..]) } else { (&EN_MONTHS, &["sept"][..]) };
    let found = names.iter().position(|n| lower_eq(word, &n[..3])).map(|m| m as u32 + 1);
    found.or(lookup(word, extra).map(|_| 9))
}

/// The month named at token `i`, the token after it (an abbreviation's period included),
/// and whether the name was written in full. English always capitalises month names, so an
/// English lower-case "may" is the verb; Spanish writes them in lower case but is also read
/// with English names (the `es-style` check reports those separately).
fn month(t: &Toks, i: usize, language: Language) -> Option<(u32, usize, bool)> {
    let word = t.word(i)?;
    let capital = word.starts_with(char::is_uppercase);
    let spanish = language != Language::English;
    let read = |f: fn(&str, bool) -> Option<u32>| {
        let english = if capital { f(word, false) } else { None };
        english.or_else(|| if spanish { f(word, true) } else { None })
    };
    if let Some(m) = read(full_month) {
        return Some((m, i + 1, true));
    }
    let m = read(short_month)?;
    Some((m, i + 1 + usize::from(t.punct(i + 1, '.')), false))
}

/// A day of month `month` at token `i`, with an optional ordinal mark ("May 1st", "1.º de
/// mayo", "1º de mayo"; "1.°" with the degree sign is a common typing of "1.º").
fn day(t: &Toks, i: usize, month: u32) -> Option<(u32, usize)> {
    let d = t.digits_of(i, 1, 2).filter(|d| (1..=MAX_DAY[month as usize - 1]).contains(d))?;
    let mut j = i + 1;
    if t.word_is(j, &["st", "nd", "rd", "th"]) {
        j += 1;
    } else {
        let k = j + usize::from(t.punct(j, '.'));
        if t.punct(k, 'º') || t.punct(k, '°') {
            j = k + 1;
        }
    }
    Some((d, j))
}

/// A four-digit year after a date at token `k`: ", 2026", " 2026", " de 2026", " del 2026"
/// (Mexico often writes "del"). Returns the year and the token after it, or `k` unchanged.
fn year_after(t: &Toks, k: usize) -> (Option<i32>, usize) {
    let mut j = k + usize::from(t.punct(k, ','));
    if !t.is(j, Kind::Space) {
        return (None, k);
    }
    j += 1;
    if t.word_is(j, &["de", "del"]) && t.is(j + 1, Kind::Space) {
        j += 2;
    }
    match t.digits_of(j, 4, 4) {
        Some(y) => (Some(y as i32), j + 1),
        None => (None, k),
    }
}

fn date_hit(year: Option<i32>, month: u32, day: u32, next: usize) -> Hit {
    Hit::new(Value::Date { year, month, day }, next)
}

/// A date at token `i`, month first, day first or all in digits.
pub(super) fn date(t: &Toks, i: usize, language: Language) -> Option<Hit> {
    month_first(t, i, language).or_else(|| day_first(t, i, language)).or_else(|| numeric(t, i, language))
}

/// "November 27, 2026", "Nov. 27", "Nov 27". Spanish prose takes only full names here:
/// "mar" is also "sea", and Spanish puts the day first anyway.
fn month_first(t: &Toks, i: usize, language: Language) -> Option<Hit> {
    let (m, j, full) = month(t, i, language)?;
    if (!full && language != Language::English) || !t.is(j, Kind::Space) {
        return None;
    }
    let (d, k) = day(t, j + 1, m)?;
    let (year, next) = year_after(t, k);
    Some(date_hit(year, m, d, next))
}

/// "27 de noviembre de 2026", "27 nov.", "27 November 2026", "27th of November".
fn day_first(t: &Toks, i: usize, language: Language) -> Option<Hit> {
    let (d, j) = day(t, i, 1)?;
    if !t.is(j, Kind::Space) {
        return None;
    }
    let of = t.word_is(j + 1, &["de", "of"]) && t.is(j + 2, Kind::Space);
    let (m, k, _) = month(t, j + 1 + if of { 2 } else { 0 }, language)?;
    if d > MAX_DAY[m as usize - 1] {
        return None;
    }
    let (year, next) = year_after(t, k);
    Some(date_hit(year, m, d, next))
}

/// "2026-11-27" (ISO 8601) in any language; "11/27/2026" in English, "27/11/2026" in
/// Spanish, which writes the day first.
fn numeric(t: &Toks, i: usize, language: Language) -> Option<Hit> {
    let (year, a, b) = if t.digits_of(i, 4, 4).is_some() && t.punct(i + 1, '-') && t.punct(i + 3, '-') {
        (t.digits_of(i, 4, 4)?, t.digits_of(i + 2, 2, 2)?, t.digits_of(i + 4, 2, 2)?)
    } else if t.punct(i + 1, '/') && t.punct(i + 3, '/') {
        let (p, q) = (t.digits_of(i, 1, 2)?, t.digits_of(i + 2, 1, 2)?);
        let (m, d) = if language == Language::English { (p, q) } else { (q, p) };
        (t.digits_of(i + 4, 4, 4)?, m, d)
    } else {
        return None;
    };
    let valid = (1..=12).contains(&a) && (1..=MAX_DAY[a.clamp(1, 12) as usize - 1]).contains(&b);
    valid.then(|| date_hit(Some(year as i32), a, b, i + 5))
}

/// A time of day at digits token `i`: "5 p.m.", "5 p. m.", "5pm", "5:30 a.m.", "17:00",
/// "17 h", "17.00 h", "17 horas", "5 de la tarde". A bare hour needs a.m./p.m. or h: "5"
/// alone is a number.
pub(super) fn time(t: &Toks, i: usize) -> Option<Hit> {
    let h = t.digits_of(i, 1, 2)?;
    let colon = t.punct(i + 1, ':');
    // "17.00 h" is the RAE's style; a period needs the h after it, or it is a decimal.
    let period = t.punct(i + 1, '.') && hours_word(t, i + 3).is_some();
    let (minute, j) = match t.digits_of(i + 2, 2, 2) {
        Some(m) if colon || period => (Some(m), i + 3),
        _ => (None, i + 1),
    };
    let (hour, next) = match meridiem(t, j).or_else(|| day_part(t, j)) {
        // 12 a.m. is midnight and 12 p.m. noon.
        Some((pm, next)) if (1..=12).contains(&h) => (h % 12 + if pm { 12 } else { 0 }, next),
        Some(_) => return None,
        None => {
            let next = hours_word(t, j);
            if (minute.is_none() && next.is_none()) || h > 23 {
                return None;
            }
            (h, next.unwrap_or(j))
        }
    };
    let minute = minute.unwrap_or(0);
    (minute < 60).then(|| Hit::new(Value::Time { hour, minute }, next))
}

/// "h" or "horas" after a time, with or without a space; the token after it.
fn hours_word(t: &Toks, j: usize) -> Option<usize> {
    let k = j + usize::from(t.is(j, Kind::Space));
    t.word_is(k, &["h", "horas"]).then_some(k + 1)
}

/// "am"/"pm" in any case, or "a.m."/"p.m." with or without the space Spanish puts in
/// ("p. m.", RAE). A bare Spanish "a" is a preposition ("10 a 20"), so the period is required.
/// Returns whether it is p.m. and the token after it.
fn meridiem(t: &Toks, j: usize) -> Option<(bool, usize)> {
    let k = j + usize::from(t.is(j, Kind::Space));
    let pm = t.word_is(k, &["pm", "p"]);
    if t.word_is(k, &["am", "pm"]) {
        return Some((pm, k + 1));
    }
    if !(t.word_is(k, &["a", "p"]) && t.punct(k + 1, '.')) {
        return None;
    }
    let m = k + 2 + usize::from(t.is(k + 2, Kind::Space));
    t.word_is(m, &["m"]).then(|| (pm, m + 1 + usize::from(t.punct(m + 1, '.'))))
}

/// "5 de la tarde": Spanish often names the part of the day instead of writing p. m.
/// ("12 de la noche" reads as noon, a known gap). Returns whether it is p.m. and the next token.
fn day_part(t: &Toks, j: usize) -> Option<(bool, usize)> {
    let words = [(j + 1, "de"), (j + 3, "la")];
    let spaced = [j, j + 2, j + 4].iter().all(|&k| t.is(k, Kind::Space));
    if !(spaced && words.iter().all(|&(k, w)| t.word_is(k, &[w]))) {
        return None;
    }
    let part = lookup(t.word(j + 5)?, &["mañana", "madrugada", "tarde", "noche"])?;
    Some((part >= 2, j + 6))
}
