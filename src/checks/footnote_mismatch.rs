//! # `footnote-mismatch`
//! What it finds: footnote references (`[^1]`) or definitions (`[^1]: …`) that differ.
//! Why it matters: a footnote usually holds the source of a claim.
//! Example: EN cites `[^1]` and `[^2]`, ES only `[^1]` → error.
//! Not flagged: translated footnote text.
//! Silence it: `parity: {footnote-mismatch: off}` in the page's front matter.

use super::{Out, PairCx};
use crate::diagnostics::{Code, Finding, Location};
use crate::markdown::Skeleton;
use crate::markdown::skeleton::Kind;

pub fn check(p: &PairCx, out: &mut Out) {
    let (en, es) = (labels(p.en_sk), labels(p.es_sk));
    let count = |list: &[(String, usize)], label: &str| list.iter().filter(|(l, _)| l == label).count();
    let mut all: Vec<&String> = en.iter().chain(es.iter()).map(|(l, _)| l).collect();
    all.sort();
    all.dedup();
    for label in all {
        let (a, b) = (count(&en, label), count(&es, label));
        if a == b {
            continue;
        }
        let first = |list: &[(String, usize)]| list.iter().find(|(l, _)| l == label).map(|(_, block)| *block);
        let (en_block, es_block) = (first(&en), first(&es));
        // The other side's place: the block aligned with this side's block.
        let aligned_es = en_block.and_then(|i| p.aligned.iter().find(|(x, _)| *x == Some(i)).and_then(|(_, y)| *y));
        let aligned_en = es_block.and_then(|j| p.aligned.iter().find(|(_, y)| *y == Some(j)).and_then(|(x, _)| *x));
        let en_at = en_block.or(aligned_en).map_or(Location::new(&p.en_src.site_path, 1), |i| p.en_at(i));
        let es_at = es_block.or(aligned_es).map_or(Location::new(&p.es_src.site_path, 1), |j| p.es_at(j));
        let message = if b == 0 {
            format!("The footnote [^{label}] of the English is missing from the Spanish.")
        } else if a == 0 {
            format!("The Spanish has a footnote [^{label}] that the English does not have.")
        } else {
            format!("The footnote [^{label}] appears {a} times in English and {b} in Spanish (reference and note).")
        };
        let finding = Finding::new(Code::FootnoteMismatch, message)
            .hint("use the same footnotes, with the same labels, in both languages: the reference [^1] in the text and the note [^1]: at the end")
            .at(Some(en_at), Some(es_at))
            .mark(Some(format!("[^{label}]")), Some(format!("[^{label}]")));
        out.pair(p, finding, en_block, es_block);
    }
}

/// Every footnote label of a page (references and notes), with the block it is in.
fn labels(skeleton: &Skeleton) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for (b, block) in skeleton.blocks.iter().enumerate() {
        if let Kind::FootnoteDefinition { label } = &block.kind {
            out.push((label.clone(), b));
        }
        let inlines = std::iter::once(&block.inline).chain(block.items.iter().map(|i| &i.inline));
        for inline in inlines {
            out.extend(inline.footnotes().iter().map(|l| (l.clone(), b)));
        }
    }
    out
}
