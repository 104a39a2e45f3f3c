//! # `code-mismatch`
//! What it finds: an aligned code block whose language differs (error) or whose content
//! changed (warning), and `code spans` lost or changed inside aligned blocks (error).
//! Why it matters: code, commands and file names are not translated; a changed one breaks.
//! Example: EN "run `puente build`", ES "ejecute `puente construir`" → error.
//! Not flagged: translated text around the code.
//! Silence it: `<!-- puente-ignore code-mismatch: reason -->` above the block.

use super::{Out, PairCx};
use crate::diagnostics::{Code, Finding, Severity};
use crate::markdown::skeleton::{Block, Kind};

pub fn check(p: &PairCx, out: &mut Out) {
    for (i, j) in p.matched() {
        let (en, es) = (p.en_block(i), p.es_block(j));
        if let (Kind::Code { lang: a, content: x }, Kind::Code { lang: b, content: y }) = (&en.kind, &es.kind) {
            if a != b {
                let finding = Finding::new(
                    Code::CodeMismatch,
                    format!("This code block is marked `{a}` in English and `{b}` in Spanish."),
                )
                .hint(format!("mark the Spanish code block ```{a} as in the English"))
                .at(Some(p.en_at(i)), Some(p.es_at(j)));
                out.pair(p, finding, Some(i), Some(j));
            } else if x.trim() != y.trim() {
                let finding = Finding::new(
                    Code::CodeMismatch,
                    "The content of this code block differs between English and Spanish.",
                )
                .severity(Severity::Warning)
                .hint("copy the code from the English; translate only comments, if anything")
                .at(Some(p.en_at(i)), Some(p.es_at(j)));
                out.pair(p, finding, Some(i), Some(j));
            }
            continue;
        }
        let (a, b) = (spans(en), spans(es));
        let (lost, added) = super::differences(&a, &b);
        if lost.is_empty() && added.is_empty() {
            continue;
        }
        let message = match (lost.first(), added.first()) {
            (Some(l), Some(n)) => {
                format!("The English has the code `{l}` where the Spanish has `{n}`.")
            }
            (Some(l), None) => {
                format!("The code `{l}` of the English is missing from the Spanish.")
            }
            (None, Some(n)) => {
                format!("The Spanish has the code `{n}`, which the English does not have.")
            }
            (None, None) => "The code spans of this block appear a different number of times.".to_string(),
        };
        let finding = Finding::new(Code::CodeMismatch, message)
            .hint("write the same `code` in both languages; code is not translated")
            .at(Some(p.en_at(i)), Some(p.es_at(j)))
            .mark(lost.first().map(|s| format!("`{s}`")), added.first().map(|s| format!("`{s}`")));
        out.pair(p, finding, Some(i), Some(j));
    }
}

fn spans(block: &Block) -> Vec<String> {
    let mut all = block.inline.code().to_vec();
    for item in &block.items {
        all.extend(item.inline.code().iter().cloned());
    }
    all
}
