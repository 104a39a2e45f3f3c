//! # `list-mismatch`
//! What it finds: an aligned numbered list whose item count or start number differs (a
//! numbered point lost or added); for bullet lists, a different item count (warning).
//! Why it matters: a lost numbered point changes what the Spanish page promises.
//! Example: EN "1. 2. 3." / ES "1. 2." → error at both lists' first lines.
//! Not flagged: differing item text (other checks compare the items' content).
//! Silence it: `<!-- puente-ignore list-mismatch: reason -->` above the list (either file).

use super::{Out, PairCx};
use crate::diagnostics::{Code, Finding, Severity};
use crate::markdown::skeleton::Kind;

pub fn check(p: &PairCx, out: &mut Out) {
    for (i, j) in p.matched() {
        let (en, es) = (p.en_block(i), p.es_block(j));
        let (Kind::List { ordered, start: en_start }, Kind::List { start: es_start, .. }) = (&en.kind, &es.kind) else {
            continue;
        };
        let (a, b) = (en.items.len(), es.items.len());
        if a != b {
            let (what, severity) =
                if *ordered { ("numbered list", Severity::Error) } else { ("bullet list", Severity::Warning) };
            let finding =
                Finding::new(Code::ListMismatch, format!("This {what} has {a} items in English and {b} in Spanish."))
                    .severity(severity)
                    .hint("make the Spanish list have the same items as the English one")
                    .at(Some(p.en_at(i)), Some(p.es_at(j)));
            out.pair(p, finding, Some(i), Some(j));
        }
        if *ordered && en_start != es_start {
            let finding = Finding::new(
                Code::ListMismatch,
                format!("This numbered list starts at {en_start} in English and at {es_start} in Spanish."),
            )
            .hint(format!("start the Spanish list at {en_start}"))
            .at(Some(p.en_at(i)), Some(p.es_at(j)))
            .mark(Some(format!("{en_start}.")), Some(format!("{es_start}.")));
            out.pair(p, finding, Some(i), Some(j));
        }
    }
}
