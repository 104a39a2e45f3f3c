//! # `fluent-missing-message`
//! What it finds: a message or term (`-brand`) that English has and Spanish does not, after each
//! language's theme file and site file are merged; and, as a warning, a Spanish-only id (obsolete:
//! no English counterpart, usually left over after an English id was renamed).
//! Why it matters: a template that asks for the missing message cannot show it on Spanish pages.
//! Example: `i18n/en.ftl:7 donate = Donate` and no `donate` in either Spanish file -> error at the
//! English line (the Spanish side has no line to point to).
//! Not flagged: an id the theme's `es.ftl` has and the site's `es.ftl` does not (the merged
//! Spanish still has it); an id inside a part of a file that does not parse (that is
//! `fluent-syntax`, reported once).
//! Silence it: add the message; `parity: {fluent-missing-message: warning}` in site.yaml.

use super::{Catalog, Entry, capital, file_for};
use crate::checks::Out;
use crate::config::Lang;
use crate::diagnostics::{Code, Finding, Severity};

pub(super) fn check(catalog: &Catalog, out: &mut Out) {
    for lang in Lang::ALL {
        let other = lang.other();
        for (id, entry) in &catalog.entries[lang.index()] {
            if catalog.get(other, id).is_some() || catalog.is_broken(other, id) {
                continue;
            }
            out.site(missing(entry, lang));
        }
    }
}

/// `entry` exists in `lang` only.
fn missing(entry: &Entry, lang: Lang) -> Finding {
    let other = lang.other();
    let what = entry.describe();
    let (message, hint, severity) = match lang {
        Lang::En => (
            format!("{what} is in English but not in Spanish, so Spanish pages cannot show it.", what = capital(&what)),
            format!("add `{} = …` with the Spanish text to {}", entry.id, file_for(other, entry.path)),
            Severity::Error,
        ),
        Lang::Es => (
            format!(
                "{what} is in Spanish but not in English; it is obsolete (perhaps its English id was renamed).",
                what = capital(&what)
            ),
            format!(
                "remove it from {}, or rename it to the id the English now uses, or add the English text to {}",
                entry.path,
                file_for(other, entry.path)
            ),
            Severity::Warning,
        ),
    };
    let finding = Finding::new(Code::FluentMissingMessage, message).hint(hint).severity(severity);
    let finding = match lang {
        Lang::En => finding.mark(Some(entry.id.clone()), None),
        Lang::Es => finding.mark(None, Some(entry.id.clone())),
    };
    super::on_side(finding, lang, entry.at.clone())
}

#[cfg(test)]
mod tests {
    use super::super::testing::{summary, with_files, with_site};

    fn findings(en: &str, es: &str) -> Vec<String> {
        with_site(en, es, run)
    }

    fn run(c: &super::Catalog) -> Vec<String> {
        let mut out = crate::checks::Out::default();
        super::check(c, &mut out);
        summary(out)
    }

    #[test]
    fn english_only_message_is_an_error() {
        let found = findings("a = A\ndonate = Donate now\n", "a = A\n");
        assert_eq!(
            found,
            [
                "error en:2 es:- The message `donate` is in English but not in Spanish, so Spanish pages cannot show it. | add `donate = …` with the Spanish text to i18n/es.ftl"
            ]
        );
    }

    #[test]
    fn english_only_term_is_an_error() {
        let found = findings("-brand = Puente\n", "");
        assert_eq!(found.len(), 1);
        assert!(found[0].starts_with("error en:1 es:- The term `-brand` is in English"), "{found:?}");
    }

    #[test]
    fn spanish_only_message_is_an_obsolete_warning() {
        let found = findings("a = A\n", "a = A\nold-name = Viejo\n");
        assert_eq!(found.len(), 1);
        assert!(
            found[0].starts_with(
                "warning en:- es:2 The message `old-name` is in Spanish but not in English; it is obsolete"
            ),
            "{found:?}"
        );
    }

    #[test]
    fn theme_and_site_files_merge_before_comparing() {
        let found = with_files(
            &[("themes/t/i18n/en.ftl", "a = A\nb = B\n"), ("i18n/en.ftl", "c = C\n")],
            &[("themes/t/i18n/es.ftl", "a = A\n"), ("i18n/es.ftl", "b = B\nc = C\n")],
            run,
        );
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn theme_message_missing_points_to_the_theme_spanish_file() {
        let found = with_files(&[("themes/t/i18n/en.ftl", "a = A\n")], &[("themes/t/i18n/es.ftl", "")], run);
        assert_eq!(found.len(), 1);
        assert!(found[0].ends_with("add `a = …` with the Spanish text to themes/t/i18n/es.ftl"), "{found:?}");
    }

    #[test]
    fn id_in_a_broken_part_is_left_to_fluent_syntax() {
        assert!(findings("a = Hello { $name }\n", "a = Hola { $name\n").is_empty());
    }
}
