//! # `fluent-attributes`
//! What it finds: a message that has a text value in one language only (`id = text` against an
//! `id =` with only `.attribute` lines), or an attribute (`.title = …`) that one language has and
//! the other does not.
//! Why it matters: a template asks for `fluent(key="id")` or `fluent(key="id.title")` in both
//! languages; the language without it cannot show it.
//! Example: EN `search = Search` + `    .placeholder = Search the site`, ES `search = Buscar`
//! -> error at the English attribute's line and the Spanish message's line.
//! Not flagged: attributes of terms (`-brand.gender`): they describe the grammar of each language
//! and may differ, as Mozilla's compare-locales allows; messages present in one language only
//! (`fluent-missing-message`).
//! Silence it: add or remove the value or attribute; `parity: {fluent-attributes: off}` in site.yaml.

use super::{Catalog, Entry, capital, file_for, language};
use crate::checks::Out;
use crate::config::Lang;
use crate::diagnostics::{Code, Finding};

pub(super) fn check(catalog: &Catalog, out: &mut Out) {
    for (en, es) in catalog.both() {
        if en.value.is_some() != es.value.is_some() {
            let (has, lacks) = if en.value.is_some() { (Lang::En, Lang::Es) } else { (Lang::Es, Lang::En) };
            let lacking = if lacks == Lang::En { en } else { es };
            let message = format!(
                "{} has a text of its own in {} but not in {}, so `fluent(key=\"{}\")` gives nothing in {}.",
                capital(&en.describe()),
                language(has),
                language(lacks),
                en.id,
                language(lacks),
            );
            let hint = format!(
                "write the {} text after `{} =` in {}, or remove the value from the {} so both match",
                language(lacks),
                en.id,
                lacking.path,
                language(has)
            );
            let finding = Finding::new(Code::FluentAttributes, message)
                .hint(hint)
                .en(en.at.clone())
                .es(es.at.clone())
                .mark(Some(en.id.clone()), Some(es.id.clone()));
            out.site(finding);
        }
        // Terms' attributes are grammar of each language (gender, case): they may differ.
        if en.term {
            continue;
        }
        for (lang, one, other) in [(Lang::En, en, es), (Lang::Es, es, en)] {
            for attr in &one.attributes {
                if other.attribute(attr.name).is_none() {
                    out.site(attribute_missing(lang, one, other, attr.name, &attr.at));
                }
            }
        }
    }
}

/// `one` (in `lang`) has the attribute `name`, `other` does not.
fn attribute_missing(lang: Lang, one: &Entry, other: &Entry, name: &str, at: &crate::diagnostics::Location) -> Finding {
    let lacks = lang.other();
    let message = format!(
        "The message `{}` has the attribute `.{name}` in {} but not in {}, so `fluent(key=\"{}.{name}\")` gives nothing in {}.",
        one.id,
        language(lang),
        language(lacks),
        one.id,
        language(lacks),
    );
    let hint = match lang {
        Lang::En => format!(
            "add an indented line `    .{name} = …` with the Spanish text under `{}` in {}",
            other.id, other.path
        ),
        Lang::Es => format!(
            "remove `.{name}` from the Spanish, or add it to the English `{}` in {}",
            other.id,
            file_for(Lang::En, one.path)
        ),
    };
    let finding = Finding::new(Code::FluentAttributes, message).hint(hint);
    let (en_at, es_at) = match lang {
        Lang::En => (at.clone(), other.at.clone()),
        Lang::Es => (other.at.clone(), at.clone()),
    };
    let marked = format!(".{name}");
    let finding = match lang {
        Lang::En => finding.mark(Some(marked), None),
        Lang::Es => finding.mark(None, Some(marked)),
    };
    finding.en(en_at).es(es_at)
}

#[cfg(test)]
mod tests {
    fn findings(en: &str, es: &str) -> Vec<String> {
        super::super::testing::report(en, es, super::check)
    }

    #[test]
    fn english_only_attribute_is_an_error_at_both_lines() {
        let found = findings("search = Search\n    .placeholder = Search the site\n", "search = Buscar\n");
        assert_eq!(found.len(), 1);
        assert!(
            found[0].starts_with(
                "error en:2 es:1 The message `search` has the attribute `.placeholder` in English but not in Spanish"
            ),
            "{found:?}"
        );
        assert!(found[0].contains("`    .placeholder = …`"), "{found:?}");
    }

    #[test]
    fn spanish_only_attribute_is_an_error() {
        let found = findings("search = Search\n", "search = Buscar\n    .title = Buscar en el sitio\n");
        assert_eq!(found.len(), 1);
        assert!(
            found[0].starts_with(
                "error en:1 es:2 The message `search` has the attribute `.title` in Spanish but not in English"
            ),
            "{found:?}"
        );
    }

    #[test]
    fn value_in_one_language_only() {
        let found = findings("menu = Menu\n    .label = Open menu\n", "menu =\n    .label = Abrir menú\n");
        assert_eq!(found.len(), 1);
        assert!(
            found[0]
                .starts_with("error en:1 es:1 The message `menu` has a text of its own in English but not in Spanish"),
            "{found:?}"
        );
    }

    #[test]
    fn term_attributes_may_differ() {
        assert!(
            findings("-brand = Puente\n    .gender = masculine\n", "-brand = Puente\n    .genero = masculino\n")
                .is_empty()
        );
    }

    #[test]
    fn same_attributes_in_another_order_are_quiet() {
        let en = "search = Search\n    .title = Search\n    .placeholder = Type here\n";
        let es = "search = Buscar\n    .placeholder = Escriba aquí\n    .title = Buscar\n";
        assert!(findings(en, es).is_empty());
    }
}
