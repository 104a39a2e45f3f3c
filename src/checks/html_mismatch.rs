//! # `html-mismatch`
//! What it finds: raw HTML tags that differ inside aligned blocks: in HTML blocks an error,
//! inline HTML (in a paragraph) a warning.
//! Why it matters: a lost `<iframe>` or `<details>` is lost content; a lost `</a>` breaks a page.
//! Example: EN `<details>…</details>` block, ES the same text without the tags → error.
//! Not flagged: HTML comments; the same tags in another order.
//! Silence it: `<!-- puente-ignore html-mismatch: reason -->` above the block.

use super::{Out, PairCx};
use crate::diagnostics::{Code, Finding, Severity};
use crate::markdown::skeleton::{Block, Kind};

pub fn check(p: &PairCx, out: &mut Out) {
    for (i, j) in p.matched() {
        let (en, es) = (p.en_block(i), p.es_block(j));
        let (a, b) = (tags(en), tags(es));
        let (lost, added) = super::differences(&a, &b);
        if lost.is_empty() && added.is_empty() {
            continue;
        }
        // Opening tags first: "<details> is missing" reads better than "</details>".
        let (mut lost, mut added) = (lost, added);
        lost.sort_by_key(|t| t.starts_with('/'));
        added.sort_by_key(|t| t.starts_with('/'));
        let show = |t: &&String| format!("<{t}>");
        let message = match (lost.first(), added.first()) {
            (Some(l), _) => format!("The HTML tag {} of the English is missing from the Spanish.", show(l)),
            (None, Some(n)) => format!("The Spanish has the HTML tag {}, which the English does not.", show(n)),
            (None, None) => "HTML tags appear a different number of times in English and Spanish.".to_string(),
        };
        let severity = if en.kind == Kind::Html || es.kind == Kind::Html { Severity::Error } else { Severity::Warning };
        let finding = Finding::new(Code::HtmlMismatch, message)
            .severity(severity)
            .hint("use the same HTML tags in both languages; translate only the text between them")
            .at(Some(p.en_at(i)), Some(p.es_at(j)));
        out.pair(p, finding, Some(i), Some(j));
    }
}

fn tags(block: &Block) -> Vec<String> {
    let inlines = std::iter::once(&block.inline).chain(block.items.iter().map(|i| &i.inline));
    inlines.flat_map(|inline| inline.html().iter().cloned()).collect()
}
