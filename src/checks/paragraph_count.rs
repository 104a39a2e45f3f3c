//! # `paragraph-count`
//! What it finds: paragraphs merged or split between two aligned headings.
//! Why it matters: it may be style, or a paragraph left untranslated; worth a look.
//! Example: three English paragraphs under `## Background`, two Spanish ones → one warning.
//! Not flagged: the same number of paragraphs in a different length.
//! Silence it: `<!-- puente-ignore paragraph-count: reason -->` above the first paragraph.

use super::{Out, PairCx};
use crate::diagnostics::{Code, Finding};
use crate::markdown::skeleton::Kind;

pub fn check(p: &PairCx, out: &mut Out) {
    // Sections of the page: runs of alignment between aligned headings.
    let mut segment_start = 0;
    let flush = |from: usize, to: usize, out: &mut Out| {
        let slice = &p.aligned[from..to];
        let count = |en: bool| {
            slice
                .iter()
                .filter_map(|&(a, b)| if en { a.map(|i| &p.en_block(i).kind) } else { b.map(|j| &p.es_block(j).kind) })
                .filter(|k| **k == Kind::Paragraph)
                .count()
        };
        let (en_count, es_count) = (count(true), count(false));
        if en_count == es_count {
            return;
        }
        let first_gap = slice.iter().position(|&(a, b)| {
            a.is_some_and(|i| p.en_block(i).kind == Kind::Paragraph) && b.is_none()
                || b.is_some_and(|j| p.es_block(j).kind == Kind::Paragraph) && a.is_none()
        });
        let Some(k) = first_gap else { return };
        let position = from + k;
        let (en_block, es_block) = p.aligned[position];
        let en_at = en_block.map_or_else(|| p.en_near(position), |i| p.en_at(i));
        let es_at = es_block.map_or_else(|| p.es_near(position), |j| p.es_at(j));
        let finding = Finding::new(
            Code::ParagraphCount,
            format!("This part of the page has {en_count} paragraphs in English and {es_count} in Spanish."),
        )
        .hint("check that no English paragraph was left out of the Spanish; if the split is on purpose, add <!-- puente-ignore paragraph-count: reason -->")
        .at(Some(en_at), Some(es_at));
        out.pair(p, finding, en_block, es_block);
    };
    for (position, &(a, b)) in p.aligned.iter().enumerate() {
        let heading = a.zip(b).is_some_and(|(i, j)| {
            matches!(p.en_block(i).kind, Kind::Heading { .. }) && matches!(p.es_block(j).kind, Kind::Heading { .. })
        });
        if heading {
            flush(segment_start, position, out);
            segment_start = position + 1;
        }
    }
    flush(segment_start, p.aligned.len(), out);
}
