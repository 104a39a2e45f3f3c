//! # `fluent-variables`
//! What it finds: a `{ $variable }` in a Spanish value or attribute that the English one does not
//! use (error), and, as a warning, an English variable the Spanish leaves out. Values and each
//! attribute are compared on their own.
//! Why it matters: templates pass the variables the English uses; a Spanish-only variable is not
//! passed, so Spanish readers see `{$name}` instead of a word. A dropped variable usually means a
//! lost number or name.
//! Example: EN `greeting = Hello, { $name }!`, ES `greeting = ¡Hola, { $nombre }!` -> error
//! (`$nombre`) and warning (`$name`), both at the two `greeting` lines.
//! Not flagged: a variable used to choose a variant counts as used in every variant, so
//! ES `{ $n -> [one] un archivo *[other] { $n } archivos }` matches
//! EN `{ $n -> [one] one file *[other] { $n } files }`.
//! Silence it: use the English variable names; `parity: {fluent-variables: warning}` in site.yaml.

use super::{Catalog, Entry, key_name, shared_patterns};
use crate::checks::Out;
use crate::diagnostics::{Code, Finding, Location, Severity};
use ::fluent_syntax::ast::{CallArguments, Expression, InlineExpression, Pattern, PatternElement};
use std::collections::BTreeSet;

pub(super) fn check(catalog: &Catalog, out: &mut Out) {
    for (en, es) in catalog.both() {
        for (attribute, en_pattern, en_at, es_pattern, es_at) in shared_patterns(en, es) {
            compare(en, attribute, (en_pattern, en_at), (es_pattern, es_at), out);
        }
    }
}

type Side<'p, 'a> = (&'p Pattern<&'a str>, &'p Location);

fn compare(entry: &Entry, attribute: Option<&str>, en: Side, es: Side, out: &mut Out) {
    let en_vars = variables(en.0);
    let es_vars = variables(es.0);
    let key = key_name(entry, attribute);
    let english_only: Vec<&str> = en_vars.difference(&es_vars).copied().collect();
    for name in es_vars.difference(&en_vars) {
        let hint = match english_only.as_slice() {
            [one] => format!(
                "use the English variable `{{ ${one} }}` instead of `{{ ${name} }}`; variable names are never translated"
            ),
            _ => format!(
                "remove `{{ ${name} }}` from the Spanish, or use one of the English message's variables; variable names are never translated"
            ),
        };
        let finding = Finding::new(
            Code::FluentVariables,
            format!("The Spanish {key} uses `{{ ${name} }}`, which the English does not use, so templates do not pass it and Spanish readers would see “{{${name}}}”."),
        )
        .hint(hint)
        .en(en.1.clone())
        .es(es.1.clone())
        .mark(None, Some(format!("${name}")));
        out.site(finding);
    }
    for name in english_only {
        let finding = Finding::new(
            Code::FluentVariables,
            format!("The English {key} shows `{{ ${name} }}`, but the Spanish does not use it, so Spanish readers miss that value."),
        )
        .hint(format!("add `{{ ${name} }}` to the Spanish text, unless leaving it out is deliberate"))
        .severity(Severity::Warning)
        .en(en.1.clone())
        .es(es.1.clone())
        .mark(Some(format!("${name}")), None);
        out.site(finding);
    }
}

/// Every `$variable` a pattern uses: in placeables, function arguments, selectors and every
/// variant. A selector's variable counts for the whole pattern, so a variant that leaves it out
/// (`[one] un archivo`) still uses it.
pub(super) fn variables<'a>(pattern: &Pattern<&'a str>) -> BTreeSet<&'a str> {
    let mut found = BTreeSet::new();
    in_pattern(pattern, &mut found);
    found
}

fn in_pattern<'a>(pattern: &Pattern<&'a str>, found: &mut BTreeSet<&'a str>) {
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            in_expression(expression, found);
        }
    }
}

fn in_expression<'a>(expression: &Expression<&'a str>, found: &mut BTreeSet<&'a str>) {
    match expression {
        Expression::Select { selector, variants } => {
            in_inline(selector, found);
            for variant in variants {
                in_pattern(&variant.value, found);
            }
        }
        Expression::Inline(inline) => in_inline(inline, found),
    }
}

fn in_inline<'a>(inline: &InlineExpression<&'a str>, found: &mut BTreeSet<&'a str>) {
    match inline {
        InlineExpression::VariableReference { id } => {
            found.insert(id.name);
        }
        InlineExpression::FunctionReference { arguments, .. } => in_arguments(arguments, found),
        InlineExpression::TermReference { arguments: Some(arguments), .. } => in_arguments(arguments, found),
        InlineExpression::Placeable { expression } => in_expression(expression, found),
        InlineExpression::StringLiteral { .. }
        | InlineExpression::NumberLiteral { .. }
        | InlineExpression::MessageReference { .. }
        | InlineExpression::TermReference { arguments: None, .. } => {}
    }
}

fn in_arguments<'a>(arguments: &CallArguments<&'a str>, found: &mut BTreeSet<&'a str>) {
    for argument in &arguments.positional {
        in_inline(argument, found);
    }
    for named in &arguments.named {
        in_inline(&named.value, found);
    }
}

#[cfg(test)]
mod tests {
    fn findings(en: &str, es: &str) -> Vec<String> {
        super::super::testing::report(en, es, super::check)
    }

    #[test]
    fn renamed_variable_is_an_error_and_a_warning() {
        let found = findings("greeting = Hello, { $name }!\n", "greeting = ¡Hola, { $nombre }!\n");
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found[0].starts_with(
                "error en:1 es:1 The Spanish `greeting` uses `{ $nombre }`, which the English does not use"
            ),
            "{found:?}"
        );
        assert!(found[0].contains("use the English variable `{ $name }` instead of `{ $nombre }`"), "{found:?}");
        assert!(found[1].starts_with("warning en:1 es:1 The English `greeting` shows `{ $name }`"), "{found:?}");
    }

    #[test]
    fn selector_variable_counts_in_every_variant() {
        let en = "files = { $n ->\n    [one] one file\n   *[other] { $n } files\n}\n";
        let es = "files = { $n ->\n    [one] un archivo\n   *[other] { $n } archivos\n}\n";
        assert!(findings(en, es).is_empty());
    }

    #[test]
    fn attributes_are_compared_on_their_own() {
        let en = "pager = Pages\n    .label = Page { $current } of { $total }\n";
        let es = "pager = Páginas { $total }\n    .label = Página { $current }\n";
        let found = findings(en, es);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].starts_with("error en:1 es:1 The Spanish `pager` uses `{ $total }`"), "{found:?}");
        assert!(found[1].starts_with("warning en:2 es:2 The English `pager.label` shows `{ $total }`"), "{found:?}");
    }

    #[test]
    fn variables_in_function_arguments_count() {
        assert!(findings("size = { NUMBER($mb, maximumFractionDigits: 1) } MB\n", "size = { $mb } MB\n").is_empty());
    }

    #[test]
    fn dropped_english_variable_is_only_a_warning() {
        let found = findings("points = The { $count } points\n", "points = Los puntos\n");
        assert_eq!(found.len(), 1);
        assert!(found[0].starts_with("warning en:1 es:1"), "{found:?}");
    }
}
