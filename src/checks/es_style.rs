//! # `es-style`
//! What it finds: Spanish text written in English conventions: month before day ("noviembre
//! 27"), capitalised months ("27 de Noviembre"), English month names or ordinals (`2nd`),
//! straight "quotes" (when smart punctuation is off), separators of the other Spanish variant.
//! Why it matters: readers notice, and a date in the wrong order can be misread.
//! Example: "el 27 de Noviembre" → warning; write "el 27 de noviembre".
//! Not flagged: «comillas», “comillas”, "siglo XXI", "27 de noviembre de 2026".
//! Silence it: `<!-- puente-ignore es-style: reason -->` above the block.

use super::{Out, SpanishReadings, block_location};
use crate::config::{Lang, SpanishVariant};
use crate::content::{ContentRef, Source};
use crate::diagnostics::{Code, Finding};
use crate::locale;
use crate::markdown::Skeleton;
use crate::markdown::skeleton::Kind;

pub fn check(content: ContentRef, source: &Source, skeleton: &Skeleton, readings: &SpanishReadings, out: &mut Out) {
    for (b, block) in skeleton.blocks.iter().enumerate() {
        if matches!(block.kind, Kind::Code { .. } | Kind::Html) {
            continue;
        }
        let texts = std::iter::once(&block.inline.text).chain(block.items.iter().map(|i| &i.inline.text));
        for (k, text) in texts.enumerate() {
            let Some(&(start, end, what)) = readings.get(b, k).and_then(|reading| reading.style.first()) else {
                continue;
            };
            let written = text.get(start..end).unwrap_or_default().to_string();
            let finding = Finding::new(Code::EsStyle, format!("Spanish style: {what} in “{written}”."))
                .hint("write it the Spanish way: 27 de noviembre de 2026, months in lowercase, 2.º, «comillas» or “comillas”")
                .es(block_location(source, block.start))
                .mark(None, Some(written));
            out.page(Lang::Es, content, finding, Some(b));
            break;
        }
    }
}

pub fn variant(v: SpanishVariant) -> locale::Variant {
    match v {
        SpanishVariant::EsMx => locale::Variant::EsMx,
        SpanishVariant::EsUs => locale::Variant::EsUs,
        SpanishVariant::Es419 => locale::Variant::Es419,
        SpanishVariant::EsEs => locale::Variant::EsEs,
    }
}
