//! # `fluent-syntax`
//! What it finds: a `.ftl` file (the theme's or the site's, either language) that does not parse,
//! one finding per error at its line; and a message or term id defined twice in one file.
//! Why it matters: the broken part of the file is dropped, so its messages are missing on the
//! site; of two definitions with the same id only the last one is used, so the other edit is lost.
//! Example: `welcome = { $name` (no closing `}`) at `i18n/es.ftl:4` -> error at that line.
//! Not flagged: the same id in the theme's file and the site's file (the site's overrides it,
//! on purpose); the same id in `en.ftl` and `es.ftl`.
//! Silence it: fix the file; `parity: {fluent-syntax: warning}` in site.yaml lowers it.

use super::{Catalog, Parsed, on_side};
use crate::checks::Out;
use crate::diagnostics::{Code, Finding};
use ::fluent_syntax::ast;
use ::fluent_syntax::parser::ErrorKind;
use std::collections::BTreeMap;

pub(super) fn check(catalog: &Catalog, out: &mut Out) {
    for parsed in catalog.files {
        for error in &parsed.errors {
            let finding = Finding::new(Code::FluentSyntax, format!("This Fluent file does not parse here: {}.", plain(&error.kind)))
                .hint("each message is `id = text` at the start of a line; continuation lines start with spaces; variables are written `{ $name }`. Until this is fixed, the messages in the broken part are missing");
            out.site(on_side(finding, parsed.lang, parsed.at_offset(error.pos.start)));
        }
        duplicates(parsed, out);
    }
}

fn duplicates(parsed: &Parsed, out: &mut Out) {
    let mut first_line: BTreeMap<String, usize> = BTreeMap::new();
    for entry in &parsed.resource.body {
        let (id, name) = match entry {
            ast::Entry::Message(m) => (m.id.name.to_string(), m.id.name),
            ast::Entry::Term(t) => (format!("-{}", t.id.name), t.id.name),
            _ => continue,
        };
        let at = parsed.at(name);
        let line = at.line.unwrap_or(1);
        match first_line.get(&id) {
            Some(&first) => {
                let what = if id.starts_with('-') { "term" } else { "message" };
                let finding = Finding::new(
                    Code::FluentSyntax,
                    format!("The {what} `{id}` is defined twice in this file (line {first} and line {line}); only the last one is used."),
                )
                .hint("delete one of the two, or give one a new id and update the templates that use it")
                .mark(Some(id.clone()), Some(id.clone()));
                out.site(on_side(finding, parsed.lang, at));
            }
            None => {
                first_line.insert(id, line);
            }
        }
    }
}

/// The parser's error in words for someone editing the file by hand.
fn plain(kind: &ErrorKind) -> String {
    match kind {
        ErrorKind::ExpectedToken('=') => "a line that starts at the left margin must be `id = text` (or a `#` comment), but this one has no `=`; a continuation line must start with spaces".to_string(),
        ErrorKind::ExpectedToken('}') => "a `{` is not closed with `}`".to_string(),
        ErrorKind::ExpectedToken(c) => format!("a `{c}` is expected here"),
        ErrorKind::ExpectedCharRange { .. } => "an id must start with a letter and use only letters, digits, `-` and `_`".to_string(),
        ErrorKind::ExpectedMessageField { entry_id } => format!("`{entry_id}` has no text after `=` (give it a text, or indented `.attribute = …` lines)"),
        ErrorKind::ExpectedTermField { entry_id } => format!("the term `-{entry_id}` has no text after `=`"),
        ErrorKind::ForbiddenCallee => "only functions with capital-letter names (such as `NUMBER`) can be called".to_string(),
        ErrorKind::MissingDefaultVariant => "a choice `{ $x -> … }` needs one default variant marked with `*`, such as `*[other]`".to_string(),
        ErrorKind::MissingValue => "a text is expected here".to_string(),
        ErrorKind::MultipleDefaultVariants => "a choice has more than one default variant (`*[…]`); keep one `*`".to_string(),
        ErrorKind::MessageReferenceAsSelector | ErrorKind::TermReferenceAsSelector | ErrorKind::MessageAttributeAsSelector | ErrorKind::ExpectedSimpleExpressionAsSelector => {
            "a choice (`->`) can only depend on a variable such as `$count`, a number or a function".to_string()
        }
        ErrorKind::TermAttributeAsPlaceable => "a term's attribute (`-term.attribute`) can only be used to choose a variant, not shown".to_string(),
        ErrorKind::UnterminatedStringLiteral => "a quoted text `\"…` is not closed on the same line".to_string(),
        ErrorKind::PositionalArgumentFollowsNamed => "in a function call, plain arguments must come before `name: value` arguments".to_string(),
        ErrorKind::DuplicatedNamedArgument(name) => format!("the argument `{name}` is given twice"),
        ErrorKind::UnknownEscapeSequence(_) => "a backslash inside a quoted text starts an unknown escape; write `\\\\` for a backslash, or `\\u00E9` for a character by its code".to_string(),
        ErrorKind::InvalidUnicodeEscapeSequence(seq) => format!("`{seq}` is not a valid Unicode escape"),
        ErrorKind::UnbalancedClosingBrace => "a `}` closes nothing; to show a brace, write `{ \"}\" }`".to_string(),
        ErrorKind::ExpectedInlineExpression => "inside `{ }` a variable (`$name`), a message id, a quoted text or a number is expected".to_string(),
        ErrorKind::ExpectedLiteral => "a quoted text or a number is expected here".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{summary, with_files};

    fn findings(en: &str, es: &str) -> Vec<String> {
        super::super::testing::report(en, es, super::check)
    }

    #[test]
    fn unclosed_brace_is_reported_at_its_line() {
        let found = findings("a = A\n", "a = A\n\nb = Hola { $name\n");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with("error en:- es:3 This Fluent file does not parse here: a `{` is not closed"),
            "{found:?}"
        );
    }

    #[test]
    fn line_without_equals_is_explained() {
        let found = findings("ok = Fine\nbroken\n", "");
        assert_eq!(found.len(), 1);
        assert!(found[0].starts_with("error en:2 es:-"), "{found:?}");
        assert!(found[0].contains("has no `=`"), "{found:?}");
    }

    #[test]
    fn error_at_the_end_of_the_file_is_on_its_last_line() {
        let found = findings("a = A\nb = {\n", "");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with("error en:2 es:-"), "{found:?}");
    }

    #[test]
    fn duplicate_id_in_one_file() {
        let found = findings("a = One\nb = Two\na = Three\n", "");
        assert_eq!(found.len(), 1);
        assert!(
            found[0].starts_with("error en:3 es:- The message `a` is defined twice in this file (line 1 and line 3)"),
            "{found:?}"
        );
    }

    #[test]
    fn duplicate_term_is_named_as_a_term() {
        let found = findings("", "-brand = Puente\n-brand = Puente MX\n");
        assert_eq!(found.len(), 1);
        assert!(found[0].contains("The term `-brand` is defined twice"), "{found:?}");
    }

    #[test]
    fn site_overriding_theme_is_not_a_duplicate() {
        let found = with_files(&[("themes/t/i18n/en.ftl", "a = Theme\n"), ("i18n/en.ftl", "a = Site\n")], &[], |c| {
            let mut out = crate::checks::Out::default();
            super::check(c, &mut out);
            summary(out)
        });
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn valid_files_are_quiet() {
        let ftl = "# comment\n-brand = Puente\nhello = Hello, { $name }!\n    .title = Greeting\ncount = { $n ->\n    [one] one\n   *[other] { $n }\n}\n";
        assert!(findings(ftl, ftl).is_empty());
    }
}
