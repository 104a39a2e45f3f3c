//! # `untranslated`
//! What it finds: a Spanish title, description, image alt text, or a block of real words
//! (three or more, not counting numbers, code and addresses) identical to the English.
//! Why it matters: an English sentence left on a Spanish page is a page the reader cannot read.
//! Example: ES `title: "Border cooperation"` → warning at the Spanish title line.
//! Not flagged: names, acronyms and phrases in `unchanged_allow` (COVID-19, Mérida), one- and
//! two-word blocks, numbers, code.
//! Silence it: add the phrase to `unchanged_allow` in site.yaml, or
//! `<!-- puente-ignore untranslated: reason -->` above the block.

use super::{Out, PairCx, quote};
use crate::diagnostics::{Code, Finding};
use crate::markdown::skeleton::{Block, Kind};

pub fn check(p: &PairCx, out: &mut Out) {
    let allow = &p.cx.config.unchanged_allow;
    let (en, es) = (&p.en_src.front, &p.es_src.front);
    for (key, a, b) in [("title", &en.title, &es.title), ("description", &en.description, &es.description)] {
        if let (Some(a), Some(b)) = (a, b)
            && same_words(a, b, allow, 1)
        {
            let finding = Finding::new(
                Code::Untranslated,
                format!("The Spanish {key} is the same as the English: {}.", quote(b)),
            )
            .hint(format!(
                "translate the `{key}` of the Spanish page, or add the words to `unchanged_allow` if they are names"
            ))
            .at(Some(p.en_src.key_location(key)), Some(p.es_src.key_location(key)))
            .mark(Some(a.clone()), Some(b.clone()));
            out.pair(p, finding, None, None);
        }
    }
    for (i, j) in p.matched() {
        let (a, b) = (p.en_block(i), p.es_block(j));
        if matches!(a.kind, Kind::Code { .. } | Kind::Html | Kind::Rule) {
            continue;
        }
        let texts = |block: &Block| -> Vec<String> {
            std::iter::once(block.inline.text.clone())
                .chain(block.items.iter().map(|it| it.inline.text.clone()))
                .collect()
        };
        let same = texts(a)
            .iter()
            .zip(texts(b).iter())
            .find(|(x, y)| !x.is_empty() && same_words(x, y, allow, 3))
            .map(|(_, y)| y.clone());
        if let Some(text) = same {
            let finding = Finding::new(Code::Untranslated, format!("This Spanish {} is the same as the English: {}.", b.kind.describe(), quote(&text)))
                .hint("translate the text, or add <!-- puente-ignore untranslated: reason --> above it if it must stay in English")
                .at(Some(p.en_at(i)), Some(p.es_at(j)));
            out.pair(p, finding, Some(i), Some(j));
            continue;
        }
        let alts = |block: &Block| -> Vec<String> {
            std::iter::once(&block.inline)
                .chain(block.items.iter().map(|it| &it.inline))
                .flat_map(|inline| inline.images().iter().map(|img| img.alt.clone()))
                .collect()
        };
        if let Some((_, alt)) = alts(a).iter().zip(alts(b).iter()).find(|(x, y)| same_words(x, y, allow, 2)) {
            let finding = Finding::new(
                Code::Untranslated,
                format!("The Spanish image description (alt text) is the same as the English: {}.", quote(alt)),
            )
            .hint("translate the text inside ![…] for Spanish readers who use screen readers")
            .at(Some(p.en_at(i)), Some(p.es_at(j)))
            .mark(Some(alt.clone()), Some(alt.clone()));
            out.pair(p, finding, Some(i), Some(j));
        }
    }
}

/// Equal texts with at least `min_words` words that are not numbers, addresses or allowed names.
fn same_words(en: &str, es: &str, allow: &[String], min_words: usize) -> bool {
    if en.trim() != es.trim() {
        return false;
    }
    let mut text = format!(" {} ", en.trim());
    for phrase in allow {
        text = text.replace(phrase.as_str(), " ");
    }
    let words = text
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic) && !w.contains("://") && !w.contains('@'))
        .count();
    words >= min_words
}

#[cfg(test)]
mod tests {
    use super::same_words;

    #[test]
    fn names_and_short_text_are_not_untranslated() {
        let allow = vec!["Mérida".to_string(), "COVID-19".to_string()];
        assert!(same_words("The border is open today", "The border is open today", &allow, 3));
        assert!(!same_words("Mérida", "Mérida", &allow, 1));
        assert!(!same_words("COVID-19 2026", "COVID-19 2026", &allow, 3));
        assert!(!same_words("Hola", "Hello", &allow, 1));
    }
}
