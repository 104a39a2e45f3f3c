//! Plain numbers, percentages and phone numbers.

use super::scan::{Kind, Toks};
use super::{Hit, Language, Value, Variant};

/// The decimal mark of a language. CLDR gives English and es-MX, es-US and es-419 the
/// decimal point (1,250.5); es-ES uses the decimal comma (1.250,5 or 1 250,5).
fn decimal_comma(language: Language) -> bool {
    language == Language::Spanish(Variant::EsEs)
}

/// A thousands separator at token `j`: the comma with a decimal point; with a decimal comma,
/// the period or a single (no-break) space, which the RAE and es-ES typography use.
fn group_mark(t: &Toks, j: usize, comma_decimal: bool) -> bool {
    if comma_decimal { t.punct(j, '.') || t.gap(j) } else { t.punct(j, ',') }
}

/// A number starting at digits token `i`, with its grouping, decimals, sign and percent sign.
pub(super) fn number(t: &Toks, i: usize, language: Language) -> Option<Hit> {
    let comma = decimal_comma(language);
    let first = t.digits(i)?;
    let mut j = i + 1;
    // A group mark counts only before exactly three digits, after a first group of one to
    // three digits not starting with 0, so "1,2,3" is a list and "2026,5" (es-ES) a decimal.
    let grouped = first.len() <= 3 && !first.starts_with('0');
    while grouped && group_mark(t, j, comma) && t.digits(j + 1).is_some_and(|d| d.len() == 3) {
        j += 2;
    }
    // The decimal mark needs digits right after it: "in 2026." ends a sentence.
    let decimal = t.punct(j, if comma { ',' } else { '.' }) && t.digits(j + 1).is_some();
    let mut value: f64 = if j == i + 1 && !decimal {
        first.parse().ok()?
    } else {
        let mut digits: String = (i..j).step_by(2).map(|k| t.text(k)).collect();
        if decimal {
            digits.push('.');
            digits.push_str(t.text(j + 1));
            j += 2;
        }
        digits.parse().ok()?
    };
    let back = usize::from(signed(t, i));
    if back == 1 {
        value = -value;
    }
    let hit = match percent(t, j) {
        Some(next) => Hit::new(Value::Percent(value), next),
        None => Hit::new(Value::Number(value), j),
    };
    Some(Hit { back, ..hit })
}

/// A minus sign right before the digits, not between two numbers: "10-20" is a range.
fn signed(t: &Toks, i: usize) -> bool {
    i >= 1
        && (t.punct(i - 1, '-') || t.punct(i - 1, '−'))
        && (i == 1 || !matches!(t.kind(i - 2), Some(Kind::Digits | Kind::Word)))
}

/// The token after a percent sign or word following a number at `j`: "50%", "50 %"
/// (the RAE spaces it), "50 por ciento", "50 percent", "50 per cent".
fn percent(t: &Toks, j: usize) -> Option<usize> {
    let k = if t.gap(j) { j + 1 } else { j };
    if t.punct(k, '%') {
        return Some(k + 1);
    }
    if !t.is(j, Kind::Space) {
        return None;
    }
    if t.word_is(j + 1, &["percent"]) {
        return Some(j + 2);
    }
    let two_words = t.word_is(j + 1, &["por", "per"]) && t.is(j + 2, Kind::Space);
    (two_words && t.word_is(j + 3, &["ciento", "cent"])).then_some(j + 4)
}

/// A character that may separate the digit groups of a phone number.
fn phone_mark(t: &Toks, j: usize) -> bool {
    t.gap(j) || t.punct(j, '-') || t.punct(j, '.')
}

/// A phone number starting at token `i`: "(202) 555-0143", "202-555-0143", "1-800-123-4567",
/// "+1 202 555 0143", "55 1234 5678", "+34 912 345 678". Its shape is strict so that grouped
/// numbers ("1.000.000", "1 250 000") and ranges ("2019-2020") are not taken for phones:
/// groups of 2 to 4 digits, at least three (two after a "+" code or an area code in
/// parentheses), the last of four digits, and ten national digits unless a "+" code is given.
pub(super) fn phone(t: &Toks, i: usize) -> Option<Hit> {
    let mut j = i;
    let plus = t.punct(j, '+');
    let mut prefix = "";
    if plus {
        prefix = t.digits(j + 1).filter(|d| d.len() <= 3)?;
        if !phone_mark(t, j + 2) {
            return None;
        }
        j += 3;
    } else if t.digits(j) == Some("1") && t.punct(j + 1, '-') {
        // The North American trunk prefix of "1-800-123-4567".
        prefix = "1";
        j += 2;
    }
    let paren = t.punct(j, '(') && t.punct(j + 2, ')');
    // Token indices of the digit groups, at most six.
    let mut groups = [0usize; 6];
    let mut count = 0;
    if paren {
        groups[0] = j + 1;
        count = 1;
        j += 3;
        if t.gap(j) || t.punct(j, '-') {
            j += 1;
        }
    }
    t.digits(j)?;
    groups[count] = j;
    count += 1;
    j += 1;
    // Stop at a group no phone has, so runs of numbers are not walked group by group.
    let group_ok = |k: usize| t.digits(k).is_some_and(|d| (2..=4).contains(&d.len()));
    while count < 6 && phone_mark(t, j) && group_ok(j + 1) {
        groups[count] = j + 1;
        count += 1;
        j += 2;
    }
    let groups = &groups[..count];
    let national: usize = groups.iter().map(|&g| t.text(g).len()).sum();
    let last = t.text(groups[count - 1]).len();
    let shape_ok = groups.iter().all(|&g| (2..=4).contains(&t.text(g).len()))
        && count >= if plus || paren { 2 } else { 3 }
        && if plus { (2..=4).contains(&last) && (8..=12).contains(&national) } else { last == 4 && national == 10 };
    if !shape_ok {
        return None;
    }
    let digits = groups.iter().map(|&g| t.text(g)).fold(prefix.to_string(), |s, g| s + g);
    Some(Hit::new(Value::Phone(digits), j))
}
