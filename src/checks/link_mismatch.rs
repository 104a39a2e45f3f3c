//! # `link-mismatch`
//! What it finds: inside aligned blocks, a link lost or added, an internal link to another page,
//! a changed `tel:` or `mailto:` (errors); an external link to another host (warning) unless
//! `link_equivalents` says the hosts or prefixes correspond.
//! Why it matters: a Spanish reader sent to another page, phone or address is misinformed.
//! Example: EN `[apply](@/apply.md)`, ES `[solicitar](@/news/_index.md)` → error.
//! Not flagged: the same page in the other language (`@/apply.md` resolves per language), the
//! same external host, link text.
//! Silence it: `<!-- puente-ignore link-mismatch: reason -->` above the block.

use super::links::{Target, classify};
use super::{Out, PairCx};
use crate::config::Lang;
use crate::content::ContentRef;
use crate::diagnostics::{Code, Finding, Severity};
use crate::markdown::skeleton::Block;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    /// The pair a page belongs to, so EN page X and ES page X' compare equal.
    Page(usize),
    Unresolved(String),
    Fragment,
    Tel(String),
    Mailto(String),
    External(String, String),
    Other(String),
}

pub fn check(p: &PairCx, out: &mut Out) {
    for (i, j) in p.matched() {
        let a = keys(p, Lang::En, p.en_block(i));
        let b = keys(p, Lang::Es, p.es_block(j));
        if a.len() != b.len() {
            let (more, fewer) = if a.len() > b.len() { ("English", "Spanish") } else { ("Spanish", "English") };
            let finding = Finding::new(
                Code::LinkMismatch,
                format!(
                    "This block has {} links in English and {} in Spanish: the {more} has a link the {fewer} lacks.",
                    a.len(),
                    b.len()
                ),
            )
            .hint("give the Spanish the same links as the English (link text is translated, addresses are not)")
            .at(Some(p.en_at(i)), Some(p.es_at(j)));
            out.pair(p, finding, Some(i), Some(j));
            continue;
        }
        let mut unmatched_es: Vec<&(Key, String)> = b.iter().collect();
        let mut leftovers = Vec::new();
        for pair in &a {
            match unmatched_es.iter().position(|other| other.0 == pair.0) {
                Some(k) => {
                    unmatched_es.remove(k);
                }
                None => leftovers.push(pair),
            }
        }
        for (en_link, es_link) in leftovers.iter().zip(unmatched_es.iter()) {
            // A link to nothing is `broken-link`'s finding; comparing it would say it twice.
            if matches!(en_link.0, Key::Unresolved(_)) || matches!(es_link.0, Key::Unresolved(_)) {
                continue;
            }
            let external_only = matches!((&en_link.0, &es_link.0), (Key::External(..), Key::External(..)));
            let (severity, message) = if external_only {
                (
                    Severity::Warning,
                    format!("The English links to {} and the Spanish to {}, another site.", en_link.1, es_link.1),
                )
            } else {
                (
                    Severity::Error,
                    format!("The English links to {} where the Spanish links to {}.", en_link.1, es_link.1),
                )
            };
            let hint = if external_only {
                "check that the Spanish link is the Spanish version of the same page; if so, add the pair to `link_equivalents` in site.yaml"
            } else {
                "point the Spanish link at the same page, phone number or address as the English"
            };
            let finding = Finding::new(Code::LinkMismatch, message)
                .severity(severity)
                .hint(hint)
                .at(Some(p.en_at(i)), Some(p.es_at(j)))
                .mark(Some(en_link.1.clone()), Some(es_link.1.clone()));
            out.pair(p, finding, Some(i), Some(j));
        }
    }
}

/// Comparable keys of a block's links, with the address as written.
fn keys(p: &PairCx, lang: Lang, block: &Block) -> Vec<(Key, String)> {
    let inlines = std::iter::once(&block.inline).chain(block.items.iter().map(|i| &i.inline));
    let cx = p.cx;
    inlines
        .flat_map(|inline| inline.links().iter())
        .map(|link| {
            let key = match classify(cx, lang, &link.dest) {
                Target::Internal { content: Some(c), .. } => Key::Page(pair_of(p, c)),
                Target::Internal { content: None, written, .. } => Key::Unresolved(written),
                // The other language's page is `cross-language-link`'s finding.
                Target::OtherLanguage { content: Some(c), .. } => Key::Page(pair_of(p, c)),
                Target::OtherLanguage { written, .. } => Key::Unresolved(written),
                Target::Fragment(_) => Key::Fragment,
                Target::Tel(n) => Key::Tel(n),
                Target::Mailto(m) => Key::Mailto(m),
                Target::External { host, url } => external_key(p, lang, host, url),
                Target::Other => Key::Other(link.dest.clone()),
            };
            (key, link.dest.clone())
        })
        .collect()
}

fn pair_of(p: &PairCx, content: ContentRef) -> usize {
    match content {
        ContentRef::Page(i) => p.cx.library.pages[i].pair,
        ContentRef::Section(i) => p.cx.library.sections[i].pair,
    }
}

/// External links compare by host; `link_equivalents` maps an English prefix to its Spanish
/// one first, so `state.gov/` ↔ `state.gov/translations/spanish/` and other hosts line up.
fn external_key(p: &PairCx, lang: Lang, host: String, url: String) -> Key {
    for pair in &p.cx.config.link_equivalents {
        let (mine, english) = match lang {
            Lang::En => (&pair.en, &pair.en),
            Lang::Es => (&pair.es, &pair.en),
        };
        if url.starts_with(mine.as_str()) {
            return Key::External(format!("equivalent:{english}"), String::new());
        }
    }
    Key::External(host, String::new())
}
