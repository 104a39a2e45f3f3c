//! # `anchor-mismatch`
//! What it finds: a `#fragment` link that points at a different heading than its English
//! counterpart (compared by the heading's position in its page, since ids are translated).
//! Why it matters: the reader lands on the wrong part of the page.
//! Example: EN `[fees](@/apply.md#fees)` (the 2nd heading), ES `[costos](@/apply.md#plazos)`
//! (the 3rd heading) → error.
//! Not flagged: translated ids of the same heading (`#fees` ↔ `#costos`).
//! Silence it: `<!-- puente-ignore anchor-mismatch: reason -->` above the block.

use super::links::{Target, classify, heading_ids};
use super::{Out, PairCx};
use crate::config::Lang;
use crate::content::ContentRef;
use crate::diagnostics::{Code, Finding};
use crate::markdown::skeleton::Block;

pub fn check(p: &PairCx, out: &mut Out) {
    for (i, j) in p.matched() {
        let a = anchors(p, Lang::En, p.en, p.en_block(i));
        let b = anchors(p, Lang::Es, p.es, p.es_block(j));
        for ((en_written, en_pos), (es_written, es_pos)) in a.iter().zip(b.iter()) {
            if let (Some(x), Some(y)) = (en_pos, es_pos)
                && x != y
            {
                let finding = Finding::new(
                    Code::AnchorMismatch,
                    format!(
                        "The English link {en_written} goes to heading {} of its page, the Spanish link {es_written} to heading {}.",
                        x + 1,
                        y + 1
                    ),
                )
                .hint("point the Spanish link at the translation of the same heading")
                .at(Some(p.en_at(i)), Some(p.es_at(j)))
                .mark(Some(en_written.clone()), Some(es_written.clone()));
                out.pair(p, finding, Some(i), Some(j));
            }
        }
    }
}

/// Each anchored link of a block with the position of its heading in the target page.
fn anchors(p: &PairCx, lang: Lang, own: ContentRef, block: &Block) -> Vec<(String, Option<usize>)> {
    let inlines = std::iter::once(&block.inline).chain(block.items.iter().map(|i| &i.inline));
    inlines
        .flat_map(|inline| inline.links().iter())
        .filter_map(|link| {
            let (target, anchor) = match classify(p.cx, lang, &link.dest) {
                Target::Fragment(anchor) => (Some(own), anchor),
                Target::Internal { content, anchor: Some(anchor), .. } => (content, anchor),
                _ => return None,
            };
            let position = target.and_then(|t| heading_ids(p.cx, t).iter().position(|id| *id == anchor));
            Some((link.dest.clone(), position))
        })
        .collect()
}
