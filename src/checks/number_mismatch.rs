//! # `number-mismatch`
//! What it finds: figures of an aligned block that differ by value, after reading each
//! language's conventions (es-MX `1,250.5`; es-ES `1.250,5`), percentages, dates in both
//! written forms, times (`5 p.m.` = `17:00`), ordinals (`2nd` = `2.º`), centuries (`21st` =
//! `XXI`), number words up to ten, and phone numbers digit for digit.
//! Why it matters: a changed figure, date or phone number is misinformation.
//! Example: EN "1,250 agents", ES "1,520 agentes" → error marking both figures.
//! Not flagged: `cuatro` for `4`, figures in another order, numbers in code and link addresses.
//! Silence it: `<!-- puente-ignore number-mismatch: reason -->` above the block.

use super::es_style::variant;
use super::{Out, PairCx};
use crate::diagnostics::{Code, Finding};
use crate::locale::{self, Figure, Language, SpanishReading, Value};
use crate::markdown::skeleton::{Block, Kind};
use std::borrow::Cow;

pub fn check(p: &PairCx, out: &mut Out) {
    let spanish = Language::Spanish(variant(p.cx.config.spanish_variant));
    for (i, j) in p.matched() {
        let (a, b) = (p.en_block(i), p.es_block(j));
        if matches!(a.kind, Kind::Code { .. }) {
            continue;
        }
        // A lost row or item is `table-mismatch`/`list-mismatch`; its figures would only
        // repeat that finding.
        let same_shape = a.rows == b.rows && (a.items.is_empty() == b.items.is_empty());
        let lists_differ = !a.items.is_empty() && a.items.len() != b.items.len();
        if !same_shape || lists_differ {
            continue;
        }
        // Items are compared one to one when the lists agree, so a figure moved to another
        // item is caught; otherwise the whole block is one bag of figures. A Spanish text that
        // is the block's own or an item's comes with the page's reading of it.
        type TextPair<'t> = (Cow<'t, str>, Cow<'t, str>, Option<&'t SpanishReading>);
        let pairs: Vec<TextPair> = if !a.items.is_empty() && a.items.len() == b.items.len() {
            std::iter::once((a.inline.text.as_str(), b.inline.text.as_str()))
                .chain(a.items.iter().zip(&b.items).map(|(x, y)| (x.inline.text.as_str(), y.inline.text.as_str())))
                .enumerate()
                .map(|(k, (x, y))| (Cow::Borrowed(x), Cow::Borrowed(y), p.es_readings.get(j, k)))
                .collect()
        } else {
            let reading = if b.items.is_empty() { p.es_readings.get(j, 0) } else { None };
            vec![(all_text(a), all_text(b), reading)]
        };
        for (en_text, es_text, reading) in pairs {
            let en_text = without_addresses(&en_text);
            let es_text = without_addresses(&es_text);
            let en = locale::figures(&en_text, Language::English);
            // The page's reading holds unless addresses had to be taken out here.
            let es_read = match (&es_text, reading) {
                (Cow::Borrowed(_), Some(reading)) => Cow::Borrowed(&reading.figures[..]),
                _ => Cow::Owned(locale::figures(&es_text, spanish)),
            };
            let es = &es_read[..];
            if let Some((lost, added)) = unmatched(&en, es) {
                let shown = |f: Option<&Figure>, text: &str| {
                    f.map(|f| text.get(f.start..f.end).unwrap_or_default().to_string())
                };
                let (x, y) = (shown(lost, &en_text), shown(added, &es_text));
                let message = match (&x, &y) {
                    (Some(x), Some(y)) if x == y => format!(
                        "The English says {x}, but in this site's Spanish ({}) {y} means {}.",
                        p.cx.config.spanish_variant_name(),
                        added.map(|f| plain_value(&f.value)).unwrap_or_default()
                    ),
                    (Some(x), Some(y)) => {
                        format!("The English says {x} where the Spanish says {y}.")
                    }
                    (Some(x), None) => {
                        format!("The English figure {x} is missing from the Spanish.")
                    }
                    (None, Some(y)) => {
                        format!("The Spanish has the figure {y}, which the English does not.")
                    }
                    (None, None) => continue,
                };
                let finding = Finding::new(Code::NumberMismatch, message)
                    .hint("correct the Spanish figure, or put <!-- puente-ignore number-mismatch: reason --> above the block")
                    .at(Some(p.en_at(i)), Some(p.es_at(j)))
                    .mark(x, y);
                out.pair(p, finding, Some(i), Some(j));
                break;
            }
        }
    }
}

fn all_text(block: &Block) -> Cow<'_, str> {
    if block.items.is_empty() {
        return Cow::Borrowed(&block.inline.text);
    }
    let mut text = block.inline.text.clone();
    for item in &block.items {
        text.push_str(" | ");
        text.push_str(&item.inline.text);
    }
    Cow::Owned(text)
}

/// Bare addresses and shortcode calls carry digits that are not figures (SPEC: numbers in
/// URLs are ignored; shortcode arguments are `shortcode-mismatch`'s business).
fn without_addresses(text: &str) -> Cow<'_, str> {
    // Most blocks have none of these: no copy, no split.
    let bytes = text.as_bytes();
    if memchr::memchr2(b'{', b'@', bytes).is_none()
        && memchr::memmem::find(bytes, b"://").is_none()
        && memchr::memmem::find(bytes, b"www.").is_none()
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let close = match rest.get(start..start + 2) {
            Some("{{") => "}}",
            Some("{%") => "%}",
            _ => {
                out.push_str(&rest[..start + 1]);
                rest = &rest[start + 1..];
                continue;
            }
        };
        out.push_str(&rest[..start]);
        rest = match rest[start + 2..].find(close) {
            Some(end) => &rest[start + 2 + end + close.len()..],
            None => "",
        };
    }
    out.push_str(rest);
    Cow::Owned(
        out.split(' ')
            .map(|w| if w.contains("://") || w.starts_with("www.") || w.contains('@') { "" } else { w })
            .collect::<Vec<_>>()
            .join(" "),
    )
}

/// A value in words for messages: `1.25`, `50 %`, `2026-11-27`.
fn plain_value(value: &Value) -> String {
    match value {
        Value::Number(n) => format_number(*n),
        Value::Percent(n) => format!("{} %", format_number(*n)),
        Value::Date { year: Some(y), month, day } => format!("{y}-{month:02}-{day:02}"),
        Value::Date { year: None, month, day } => format!("day {day} of month {month}"),
        Value::Time { hour, minute } => format!("{hour:02}:{minute:02}"),
        Value::Ordinal(n) => format!("number {n} in order"),
        Value::Century(n) => format!("century {n}"),
        Value::Phone(digits) => digits.clone(),
    }
}

fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 { format!("{}", n as i64) } else { format!("{n}") }
}

/// The first English figure without a Spanish equal, and the first Spanish one without an
/// English equal. Figures read from number words ("cuatro") may go unmatched: "un" and "one"
/// are often articles and pronouns, not numbers.
fn unmatched<'a>(en: &'a [Figure], es: &'a [Figure]) -> Option<(Option<&'a Figure>, Option<&'a Figure>)> {
    let mut taken = vec![false; es.len()];
    let mut lost = None;
    for figure in en {
        match es.iter().enumerate().position(|(k, other)| !taken[k] && same(&figure.value, &other.value)) {
            Some(k) => taken[k] = true,
            None if !figure.from_word => {
                lost.get_or_insert(figure);
            }
            None => {}
        }
    }
    let added = es.iter().enumerate().find(|(k, f)| !taken[*k] && !f.from_word).map(|(_, f)| f);
    if lost.is_none() && added.is_none() { None } else { Some((lost, added)) }
}

fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) | (Value::Percent(x), Value::Percent(y)) => (x - y).abs() < 1e-9,
        (Value::Date { year: ya, month: ma, day: da }, Value::Date { year: yb, month: mb, day: db }) => {
            ma == mb && da == db && (ya.is_none() || yb.is_none() || ya == yb)
        }
        _ => a == b,
    }
}
