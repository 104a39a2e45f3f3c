//! Spanish written with English conventions, or with the other variant's number separators.

use super::Variant;
use super::dates::full_month;
use super::scan::{Kind, Toks};

type Issue = (usize, usize, &'static str);

const QUOTES: &str = "straight double quotes";
const MONTH_FIRST: &str = "month written before the day (November 27 order)";
const CAPITAL_MONTH: &str = "capitalised month";
const ENGLISH_MONTH: &str = "English month name";
const ENGLISH_ORDINAL: &str = "English ordinal 2nd";

/// See [`super::spanish_style_issues`]. One pass over the tokens; issues come out sorted by start.
pub(super) fn issues_in(t: &Toks, variant: Variant) -> Vec<Issue> {
    let mut out = Vec::new();
    let mut open_quote = None;
    let mut i = 0;
    while i < t.len() {
        if t.plain(i) {
            i += 1;
            continue;
        }
        let mut next = i + 1;
        match t.kind(i) {
            // Spanish quotes with « » or “ ” (RAE); a straight pair is reported once.
            Some(Kind::Punct('"')) => match open_quote.take() {
                Some(start) => out.push((start, t.end(i), QUOTES)),
                None => open_quote = Some(t.start(i)),
            },
            Some(Kind::Word) => month_issues(t, i, &mut out),
            Some(Kind::Digits) => {
                if t.word_is(i + 1, &["st", "nd", "rd", "th"]) {
                    out.push((t.start(i), t.end(i + 1), ENGLISH_ORDINAL));
                }
                next = separators(t, i, variant, &mut out);
            }
            _ => {}
        }
        i = next;
    }
    if let Some(start) = open_quote {
        out.push((start, start + 1, QUOTES));
    }
    out.sort_by_key(|issue| issue.0);
    out
}

/// A day number (1 to 31) at token `i`, not the hour of "enero 5:30".
fn is_day(t: &Toks, i: usize) -> bool {
    t.digits_of(i, 1, 2).is_some_and(|d| (1..=31).contains(&d)) && !t.punct(i + 1, ':')
}

fn month_issues(t: &Toks, i: usize, out: &mut Vec<Issue>) {
    // Every month name can start a figure; most words cannot, and leave here.
    if !t.may_start_figure(i) {
        return;
    }
    let word = t.text(i);
    let capital = word.starts_with(char::is_uppercase);
    let day_after = t.is(i + 1, Kind::Space) && is_day(t, i + 2);
    if capital && full_month(word, false).is_some() {
        // April, May, June and August are also names ("Theresa May"): only beside a day.
        let name_too = ["april", "may", "june", "august"].iter().any(|n| word.eq_ignore_ascii_case(n));
        let day_before = i >= 2 && t.is(i - 1, Kind::Space) && is_day(t, i - 2);
        if !name_too || day_after || day_before {
            out.push((t.start(i), t.end(i), ENGLISH_MONTH));
        }
        return;
    }
    if full_month(word, true).is_none() {
        return;
    }
    // Spanish dates put the day first: "27 de noviembre", not "noviembre 27" (RAE).
    if day_after {
        out.push((t.start(i), t.end(i + 2), MONTH_FIRST));
    }
    // Month names are common nouns in Spanish (RAE). Only "de Noviembre" is reported: a
    // capital at the start of a sentence or title is right, and a capitalised word before
    // "de" marks a proper name ("Cinco de Mayo", "Plaza de Mayo").
    let after_de = i >= 2 && t.is(i - 1, Kind::Space) && t.text(i - 2) == "de";
    let proper = i >= 4 && t.is(i - 3, Kind::Space) && t.word(i - 4).is_some_and(|w| w.starts_with(char::is_uppercase));
    if capital && after_de && !proper {
        out.push((t.start(i), t.end(i), CAPITAL_MONTH));
    }
}

/// Reports a number at digits token `i` grouped with the other variant's thousands mark:
/// CLDR es-MX/es-US/es-419 group with a comma (1,250.5), es-ES with a period (1.250,5).
/// A single group of three digits counts too ("1.250" in es-MX), which also flags the rare
/// three-decimal number. Returns the token after the number.
fn separators(t: &Toks, i: usize, variant: Variant, out: &mut Vec<Issue>) -> usize {
    let first = t.text(i);
    let three = |j: usize| t.digits(j).is_some_and(|d| d.len() == 3);
    let mark = match t.kind(i + 1) {
        Some(Kind::Punct(c @ ('.' | ','))) => c,
        _ => return i + 1,
    };
    if first.len() > 3 || first.starts_with('0') || !three(i + 2) {
        return i + 1;
    }
    let mut j = i + 1;
    while t.punct(j, mark) && three(j + 1) {
        j += 2;
    }
    let decimal = if mark == '.' { ',' } else { '.' };
    if t.punct(j, decimal) && t.digits(j + 1).is_some() {
        j += 2;
    }
    // Another mark and digits: a version, an address or a list, not one number.
    if (t.punct(j, '.') || t.punct(j, ',')) && t.digits(j + 1).is_some() {
        return j;
    }
    let message = match (variant, mark) {
        (Variant::EsEs, ',') => "number grouped with a comma (es-MX/English style) in an es-ES site",
        (Variant::EsMx, '.') => "number grouped with a period (es-ES style) in an es-MX site",
        (Variant::EsUs, '.') => "number grouped with a period (es-ES style) in an es-US site",
        (Variant::Es419, '.') => "number grouped with a period (es-ES style) in an es-419 site",
        _ => return j,
    };
    out.push((t.start(i), t.end(j - 1), message));
    j
}
