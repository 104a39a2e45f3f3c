//! # `fluent-unchanged`
//! What it finds: a Spanish message value or attribute identical to the English one, with two or
//! more words, probably copied and never translated.
//! Why it matters: Spanish pages would show English buttons, labels and notices.
//! Example: EN and ES both `read-more = Read more` -> warning at both lines.
//! Not flagged: one-word strings (`OK`, `Email`, `PDF`); terms (`-brand = Puente`, names are meant
//! to stay); text made only of entries of `unchanged_allow:` in site.yaml (names, acronyms, such
//! as `COVID-19` or `Mérida`) and variables.
//! Silence it: add the name to `unchanged_allow:` in site.yaml, or
//! `parity: {fluent-unchanged: off}`.

use super::{Catalog, key_name, on_side, shared_patterns};
use crate::checks::{Out, quote};
use crate::config::Lang;
use crate::diagnostics::{Code, Finding};
use ::fluent_syntax::ast::{Expression, InlineExpression, Pattern, PatternElement};

pub(super) fn check(catalog: &Catalog, allow: &[String], out: &mut Out) {
    for (en, es) in catalog.both() {
        if en.term {
            continue;
        }
        for (attribute, en_pattern, en_at, es_pattern, es_at) in shared_patterns(en, es) {
            if !same(en_pattern, es_pattern) {
                continue;
            }
            let text = flat_text(es_pattern);
            if words(&text) < 2 || allowed(&text, allow) {
                continue;
            }
            let key = key_name(es, attribute);
            let finding = Finding::new(Code::FluentUnchanged, format!("The Spanish {key} is the same as the English: {}.", quote(&text)))
                .hint(format!("translate it in {}; if it rightly stays the same (a name, an acronym), add it to `unchanged_allow:` in site.yaml", es.path))
                .en(en_at.clone());
            out.site(on_side(finding, Lang::Es, es_at.clone()));
        }
    }
}

/// Equal patterns; for plain text, equal up to line breaks and spacing.
fn same(en: &Pattern<&str>, es: &Pattern<&str>) -> bool {
    if en == es {
        return true;
    }
    let plain = |p: &Pattern<&str>| p.elements.iter().all(|e| matches!(e, PatternElement::TextElement { .. }));
    plain(en) && plain(es) && normalized(&flat_text(en)) == normalized(&flat_text(es))
}

fn normalized(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What a reader sees, roughly: the text, quoted literals, and every variant; a variable or a
/// reference becomes a space.
fn flat_text(pattern: &Pattern<&str>) -> String {
    let mut text = String::new();
    pattern_text(pattern, &mut text);
    text
}

fn pattern_text(pattern: &Pattern<&str>, text: &mut String) {
    for element in &pattern.elements {
        match element {
            PatternElement::TextElement { value } => text.push_str(value),
            PatternElement::Placeable { expression } => expression_text(expression, text),
        }
    }
}

fn expression_text(expression: &Expression<&str>, text: &mut String) {
    match expression {
        Expression::Select { variants, .. } => {
            for variant in variants {
                text.push(' ');
                pattern_text(&variant.value, text);
            }
            text.push(' ');
        }
        Expression::Inline(InlineExpression::StringLiteral { value }) => text.push_str(value),
        Expression::Inline(InlineExpression::Placeable { expression }) => expression_text(expression, text),
        Expression::Inline(_) => text.push(' '),
    }
}

/// Words with at least one letter (`2026` and `—` are not words).
fn words(text: &str) -> usize {
    text.split_whitespace().filter(|w| w.chars().any(char::is_alphabetic)).count()
}

/// Whether nothing with a letter is left once the allowed names are taken out (longest first,
/// whole words only, so `OK` does not excuse `OKAY`).
fn allowed(text: &str, allow: &[String]) -> bool {
    let mut names: Vec<&str> = allow.iter().map(|s| s.trim()).filter(|s| !s.is_empty()).collect();
    names.sort_by_key(|s| std::cmp::Reverse(s.len()));
    let mut rest = text.to_string();
    for name in names {
        rest = remove_word(&rest, name);
    }
    !rest.chars().any(char::is_alphabetic)
}

fn remove_word(text: &str, name: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while let Some(found) = text[i..].find(name) {
        let start = i + found;
        let end = start + name.len();
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();
        let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
        out.push_str(&text[i..start]);
        if boundary(before) && boundary(after) {
            out.push(' ');
        } else {
            out.push_str(name);
        }
        i = end;
    }
    out.push_str(&text[i..]);
    out
}

#[cfg(test)]
mod tests {
    use super::super::testing::{summary, with_site};

    fn findings(en: &str, es: &str, allow: &[&str]) -> Vec<String> {
        let allow: Vec<String> = allow.iter().map(|s| s.to_string()).collect();
        with_site(en, es, |c| {
            let mut out = crate::checks::Out::default();
            super::check(c, &allow, &mut out);
            summary(out)
        })
    }

    #[test]
    fn copied_english_is_a_warning_at_both_lines() {
        let found = findings("a = A\nread-more = Read more\n", "a = A\n\nread-more = Read more\n", &[]);
        assert_eq!(
            found,
            [
                "warning en:2 es:3 The Spanish `read-more` is the same as the English: “Read more”. | translate it in i18n/es.ftl; if it rightly stays the same (a name, an acronym), add it to `unchanged_allow:` in site.yaml"
            ]
        );
    }

    #[test]
    fn one_word_is_quiet() {
        assert!(findings("ok = OK\nemail = Email\n", "ok = OK\nemail = Email\n", &[]).is_empty());
    }

    #[test]
    fn allow_listed_names_are_quiet_but_only_as_whole_words() {
        let en = "place = COVID-19 Mérida\nmixed = COVID-19 vaccines\n";
        let found = findings(en, en, &["COVID-19", "Mérida"]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("`mixed`"), "{found:?}");
    }

    #[test]
    fn terms_and_variables_alone_are_quiet() {
        let ftl = "-brand = Puente Project\ncount = { $n } { $m }\npages = { $count } pages\n";
        assert!(findings(ftl, ftl, &[]).is_empty());
    }

    #[test]
    fn attributes_are_compared_too() {
        let found = findings(
            "search = Search\n    .title = Search this site\n",
            "search = Buscar\n    .title = Search this site\n",
            &[],
        );
        assert_eq!(found.len(), 1);
        assert!(found[0].starts_with("warning en:2 es:2 The Spanish `search.title` is the same"), "{found:?}");
    }

    #[test]
    fn translated_text_is_quiet() {
        assert!(findings("read-more = Read more\n", "read-more = Leer más\n", &[]).is_empty());
    }
}
