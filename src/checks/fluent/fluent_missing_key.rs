//! # `fluent-missing-key`
//! What it finds: a template that asks for a UI string with a literal key, `fluent(key="x")` or
//! `trans(key="x")`, that a language does not have: for `fluent()` the merged Fluent messages of
//! that language (`key="id.attr"` asks for the attribute `attr` of `id`), for `trans()` the
//! `translations:` of site.yaml. One finding per key and language, at the first template line
//! that asks for it.
//! Why it matters: pages of that language cannot show the string, so their build fails.
//! Example: `templates/page.html:12 {{ fluent(key="donate") }}` and no `donate` in any Spanish
//! `.ftl` file -> error at that template line, on the Spanish side.
//! Not flagged: keys built at render time (`key=item.key`, `key="nav-" ~ name`), which cannot be
//! known before rendering; a call with a literal `lang="en"` is only checked in English; an id
//! inside a part of a `.ftl` file that does not parse (`fluent-syntax` reports that).
//! Silence it: add the string, or remove the call; `parity: {fluent-missing-key: warning}`.

use super::{Catalog, KeyFunction, TemplateKey, language, on_side};
use crate::checks::Out;
use crate::config::Lang;
use crate::diagnostics::{Code, Finding};
use std::collections::BTreeMap;

pub(super) fn check(
    catalog: &Catalog,
    keys: &[TemplateKey],
    translations: &BTreeMap<Lang, BTreeMap<String, String>>,
    out: &mut Out,
) {
    for lang in Lang::ALL {
        // Every use of a key in this language, first place first.
        let mut uses: BTreeMap<(KeyFunction, &str), Vec<&TemplateKey>> = BTreeMap::new();
        for key in keys.iter().filter(|k| k.lang.is_none_or(|l| l == lang)) {
            uses.entry((key.function, key.key.as_str())).or_default().push(key);
        }
        for ((function, key), mut places) in uses {
            places.sort_by(|a, b| a.at.cmp(&b.at));
            let problem = match function {
                KeyFunction::Fluent => fluent_problem(catalog, lang, key),
                KeyFunction::Trans => trans_problem(translations, lang, key),
            };
            let Some((message, hint)) = problem else {
                continue;
            };
            let more = match places.len() {
                1 => String::new(),
                n => format!(" Templates ask for it in {n} places; this is the first."),
            };
            let finding = Finding::new(Code::FluentMissingKey, format!("{message}{more}"))
                .hint(hint)
                .mark(Some(key.to_string()), Some(key.to_string()));
            out.site(on_side(finding, lang, places[0].at.clone()));
        }
    }
}

/// What is wrong with `fluent(key=…)` in `lang`, if anything: (message, hint).
fn fluent_problem(catalog: &Catalog, lang: Lang, key: &str) -> Option<(String, String)> {
    let (id, attribute) = match key.split_once('.') {
        Some((id, attribute)) => (id, Some(attribute)),
        None => (key, None),
    };
    let name = language(lang);
    let file = format!("i18n/{}.ftl", lang.code());
    let asks = format!("A template asks for `fluent(key=\"{key}\")`");
    let Some(entry) = catalog.get(lang, id).filter(|e| !e.term) else {
        if catalog.is_broken(lang, id) {
            return None;
        }
        return Some((
            format!("{asks}, but no {name} Fluent file has the message `{id}`, so {name} pages cannot show it."),
            format!("add `{id} = …` with the {name} text to {file}"),
        ));
    };
    match attribute {
        Some(attribute) if entry.attribute(attribute).is_none() => Some((
            format!(
                "{asks}, but the {name} message `{id}` has no attribute `.{attribute}`, so {name} pages cannot show it."
            ),
            format!("add an indented line `    .{attribute} = …` under `{id}` in {}", entry.path),
        )),
        None if entry.value.is_none() => Some((
            format!(
                "{asks}, but the {name} message `{id}` has only attributes, no text of its own, so {name} pages cannot show it."
            ),
            format!("write the {name} text after `{id} =` in {}", entry.path),
        )),
        _ => None,
    }
}

/// What is wrong with `trans(key=…)` in `lang`, if anything: (message, hint).
fn trans_problem(
    translations: &BTreeMap<Lang, BTreeMap<String, String>>,
    lang: Lang,
    key: &str,
) -> Option<(String, String)> {
    if translations.get(&lang).is_some_and(|strings| strings.contains_key(key)) {
        return None;
    }
    let name = language(lang);
    Some((
        format!(
            "A template asks for `trans(key=\"{key}\")`, but site.yaml has no {name} text for it under `translations:`, so {name} pages cannot show it."
        ),
        format!("in site.yaml, add `{key}: …` under `translations:` and then `{}:`", lang.code()),
    ))
}

#[cfg(test)]
mod tests {
    use super::super::testing::{summary, with_site};
    use super::*;
    use crate::diagnostics::Location;

    fn key(function: KeyFunction, key: &str, path: &str, line: usize) -> TemplateKey {
        TemplateKey { key: key.to_string(), function, at: Location::new(path, line), lang: None }
    }

    fn findings(en: &str, es: &str, keys: &[TemplateKey], translations: &[(Lang, &str)]) -> Vec<String> {
        let mut map: BTreeMap<Lang, BTreeMap<String, String>> = BTreeMap::new();
        for (lang, k) in translations {
            map.entry(*lang).or_default().insert(k.to_string(), "x".to_string());
        }
        with_site(en, es, |c| {
            let mut out = Out::default();
            check(c, keys, &map, &mut out);
            summary(out)
        })
    }

    #[test]
    fn fluent_key_missing_in_spanish_is_at_the_template_line_on_the_spanish_side() {
        let keys = [key(KeyFunction::Fluent, "donate", "templates/page.html", 12)];
        let found = findings("donate = Donate\n", "", &keys, &[]);
        assert_eq!(
            found,
            [
                "error en:- es:12 A template asks for `fluent(key=\"donate\")`, but no Spanish Fluent file has the message `donate`, so Spanish pages cannot show it. | add `donate = …` with the Spanish text to i18n/es.ftl"
            ]
        );
    }

    #[test]
    fn missing_in_both_gives_two_findings_and_counts_places() {
        let keys = [
            key(KeyFunction::Fluent, "x", "templates/b.html", 3),
            key(KeyFunction::Fluent, "x", "templates/a.html", 7),
        ];
        let found = findings("", "", &keys, &[]);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].starts_with("error en:7 es:-"), "{found:?}");
        assert!(found[1].starts_with("error en:- es:7"), "{found:?}");
        assert!(found[0].contains("Templates ask for it in 2 places; this is the first."), "{found:?}");
    }

    #[test]
    fn attribute_keys_need_the_attribute() {
        let keys = [key(KeyFunction::Fluent, "search.placeholder", "templates/base.html", 4)];
        let found = findings("search = Search\n    .placeholder = Find\n", "search = Buscar\n", &keys, &[]);
        assert_eq!(found.len(), 1);
        assert!(found[0].contains("the Spanish message `search` has no attribute `.placeholder`"), "{found:?}");
    }

    #[test]
    fn trans_reads_site_yaml_translations() {
        let keys = [key(KeyFunction::Trans, "read_more", "templates/page.html", 2)];
        let found = findings("", "", &keys, &[(Lang::En, "read_more")]);
        assert_eq!(found.len(), 1);
        assert!(
            found[0].starts_with(
                "error en:- es:2 A template asks for `trans(key=\"read_more\")`, but site.yaml has no Spanish text"
            ),
            "{found:?}"
        );
    }

    #[test]
    fn present_keys_and_literal_lang_are_quiet() {
        let mut english_only = key(KeyFunction::Fluent, "only-en", "templates/page.html", 5);
        english_only.lang = Some(Lang::En);
        let keys = [key(KeyFunction::Fluent, "hello", "templates/page.html", 1), english_only];
        assert!(findings("hello = Hello\nonly-en = English\n", "hello = Hola\n", &keys, &[]).is_empty());
    }
}
