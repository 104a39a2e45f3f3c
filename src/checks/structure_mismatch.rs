//! # `structure-mismatch`
//! What it finds: a heading, list, table, code block, quote, rule, HTML block or image with no
//! counterpart in the other language, or an aligned heading at another level.
//! Why it matters: a lost heading or list is lost content; one missing block is reported once,
//! because the two pages are aligned first.
//! Example: EN has `## Contact` + a list, ES lacks the list → one error at the English list.
//! Not flagged: paragraphs merged or split (that is `paragraph-count`), footnotes
//! (`footnote-mismatch`).
//! Silence it: `<!-- puente-ignore structure-mismatch: reason -->` above the block.

use super::{Out, PairCx};
use crate::diagnostics::{Code, Finding};
use crate::markdown::skeleton::Kind;

pub fn check(p: &PairCx, out: &mut Out) {
    for (position, &(en, es)) in p.aligned.iter().enumerate() {
        match (en, es) {
            (Some(i), None) => {
                let kind = &p.en_block(i).kind;
                if matches!(kind, Kind::Paragraph | Kind::FootnoteDefinition { .. }) {
                    continue;
                }
                let finding = Finding::new(
                    Code::StructureMismatch,
                    format!("The English has a {} here that the Spanish does not have.", kind.describe()),
                )
                .hint(format!(
                    "add the {} to the Spanish near the line shown, or remove it from the English",
                    kind.describe()
                ))
                .at(Some(p.en_at(i)), Some(p.es_near(position)));
                out.pair(p, finding, Some(i), None);
            }
            (None, Some(j)) => {
                let kind = &p.es_block(j).kind;
                if matches!(kind, Kind::Paragraph | Kind::FootnoteDefinition { .. }) {
                    continue;
                }
                let finding = Finding::new(
                    Code::StructureMismatch,
                    format!("The Spanish has a {} here that the English does not have.", kind.describe()),
                )
                .hint(format!("remove the {} from the Spanish, or add it to the English too", kind.describe()))
                .at(Some(p.en_near(position)), Some(p.es_at(j)));
                out.pair(p, finding, None, Some(j));
            }
            (Some(i), Some(j)) => {
                if let (Kind::Heading { level: a, .. }, Kind::Heading { level: b, .. }) =
                    (&p.en_block(i).kind, &p.es_block(j).kind)
                    && a != b
                {
                    let finding = Finding::new(
                        Code::StructureMismatch,
                        format!("This heading is level {a} in English and level {b} in Spanish."),
                    )
                    .hint(format!("use {} in the Spanish heading, as in the English", "#".repeat(*a as usize)))
                    .at(Some(p.en_at(i)), Some(p.es_at(j)));
                    out.pair(p, finding, Some(i), Some(j));
                }
            }
            (None, None) => {}
        }
    }
}
