//! # `table-mismatch`
//! What it finds: an aligned table with other rows, columns or column alignment.
//! Why it matters: a lost row is a lost fact (a phone number, a date, a figure).
//! Example: EN table with 4 rows, ES with 3 → error at both tables.
//! Not flagged: translated cell text.
//! Silence it: `<!-- puente-ignore table-mismatch: reason -->` above the table.

use super::{Out, PairCx};
use crate::diagnostics::{Code, Finding};
use crate::markdown::skeleton::Kind;

pub fn check(p: &PairCx, out: &mut Out) {
    for (i, j) in p.matched() {
        let (en, es) = (p.en_block(i), p.es_block(j));
        let (Kind::Table { alignments: a }, Kind::Table { alignments: b }) = (&en.kind, &es.kind) else {
            continue;
        };
        let mut problems = Vec::new();
        if en.rows != es.rows {
            problems.push(format!("{} rows in English and {} in Spanish", en.rows, es.rows));
        }
        if a.len() != b.len() {
            problems.push(format!("{} columns in English and {} in Spanish", a.len(), b.len()));
        } else if a != b {
            problems.push("columns aligned differently (the `:` marks in the line under the header)".to_string());
        }
        if problems.is_empty() {
            continue;
        }
        let finding = Finding::new(Code::TableMismatch, format!("This table has {}.", problems.join(", and ")))
            .hint("give the Spanish table the same rows and columns as the English one")
            .at(Some(p.en_at(i)), Some(p.es_at(j)));
        out.pair(p, finding, Some(i), Some(j));
    }
}
