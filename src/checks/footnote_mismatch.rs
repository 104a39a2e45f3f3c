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
    let (en_refs, es_refs) = (refs(p.en_sk), refs(p.es_sk));
    let (en_defs, es_defs) = (defs(p.en_sk), defs(p.es_sk));
    let mut sorted = |mut v: Vec<(String, usize)>| {
        v.sort();
        v.into_iter().map(|(l, _)| l).collect::<Vec<_>>()
    };
    let (er, sr, ed, sd) = (
        sorted(en_refs.clone()),
        sorted(es_refs.clone()),
        sorted(en_defs.clone()),
        sorted(es_defs.clone()),
    );
    for (what, en_list, es_list, en_raw, es_raw) in [
        ("references", &er, &sr, &en_refs, &es_refs),
        ("notes", &ed, &sd, &en_defs, &es_defs),
    ] {
        if en_list == es_list {
            continue;
        }
        let lost: Vec<&String> = en_list.iter().filter(|l| !es_list.contains(l)).collect();
        let added: Vec<&String> = es_list.iter().filter(|l| !en_list.contains(l)).collect();
        let label = lost
            .first()
            .or(added.first())
            .map(|l| l.as_str())
            .unwrap_or_default();
        let place = |raw: &Vec<(String, usize)>, src: &crate::content::Source| {
            raw.iter()
                .find(|(l, _)| l == label)
                .map_or(Location::new(&src.site_path, 1), |(_, off)| {
                    super::block_location(src, *off)
                })
        };
        let message = if !lost.is_empty() {
            format!("The footnote {what} [^{label}] of the English are missing from the Spanish.")
        } else if !added.is_empty() {
            format!("The Spanish has footnote {what} [^{label}] that the English does not have.")
        } else {
            format!(
                "The footnote {what} appear a different number of times in English and Spanish."
            )
        };
        let finding = Finding::new(Code::FootnoteMismatch, message)
            .hint("use the same footnotes, with the same labels, in both languages")
            .at(Some(place(en_raw, p.en_src)), Some(place(es_raw, p.es_src)))
            .mark(Some(format!("[^{label}]")), Some(format!("[^{label}]")));
        out.pair(p, finding, None, None);
    }
}

fn refs(skeleton: &Skeleton) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for block in &skeleton.blocks {
        let inlines = std::iter::once(&block.inline).chain(block.items.iter().map(|i| &i.inline));
        for inline in inlines {
            out.extend(inline.footnotes.iter().map(|l| (l.clone(), block.start)));
        }
    }
    out
}

fn defs(skeleton: &Skeleton) -> Vec<(String, usize)> {
    skeleton
        .blocks
        .iter()
        .filter_map(|b| match &b.kind {
            Kind::FootnoteDefinition { label } => Some((label.clone(), b.start)),
            _ => None,
        })
        .collect()
}
