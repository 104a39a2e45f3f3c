//! # `length-ratio`
//! What it finds: a paragraph or list item whose Spanish is far shorter or longer than the
//! English: under 0.45× or over 2× for English of 20 characters or more, over 3.5× for shorter
//! English (Okapi's envelope; Spanish usually runs 15–30 % longer).
//! Why it matters: a much shorter translation has usually lost a sentence.
//! Example: a 300-character English paragraph translated in 90 characters → warning.
//! Not flagged: headings, tables, code; differences inside the envelope.
//! Silence it: `<!-- puente-ignore length-ratio: reason -->` above the block.

use super::{Out, PairCx};
use crate::diagnostics::{Code, Finding};
use crate::markdown::skeleton::{Block, Kind};

pub fn check(p: &PairCx, out: &mut Out) {
    for (i, j) in p.matched() {
        let (a, b) = (p.en_block(i), p.es_block(j));
        if !matches!(a.kind, Kind::Paragraph | Kind::List { .. } | Kind::Quote) {
            continue;
        }
        for (en, es) in texts(a).into_iter().zip(texts(b)) {
            let (x, y) = (en.chars().count(), es.chars().count());
            if x == 0 {
                continue;
            }
            let ratio = y as f64 / x as f64;
            let off = if x >= 20 { !(0.45..=2.0).contains(&ratio) } else { ratio > 3.5 };
            if off {
                let finding = Finding::new(
                    Code::LengthRatio,
                    format!("The Spanish here is {:.1} times as long as the English ({y} characters for {x}).", ratio),
                )
                .hint("check that no sentence was lost or added; Spanish is usually 15–30 % longer than English")
                .at(Some(p.en_at(i)), Some(p.es_at(j)));
                out.pair(p, finding, Some(i), Some(j));
                break;
            }
        }
    }
}

fn texts(block: &Block) -> Vec<String> {
    if block.items.is_empty() {
        vec![block.inline.text.clone()]
    } else {
        block.items.iter().map(|i| i.inline.text.clone()).collect()
    }
}
