//! Where in the templates a render error happened.
//!
//! Tera 1 reports a failed render as "Failed to render 'page.html'" and the cause, with no line,
//! and without saying whether the failing tag was in `page.html`, a parent it extends, a file it
//! includes or a macro it imports. People need the line, so this searches those templates for
//! the thing the cause names (the function, filter, variable or template), preferring a line
//! that also holds the value the message quotes.

use super::TemplateSources;
use std::collections::BTreeSet;

/// The template (origin) and line most likely to hold the failing tag.
pub fn locate(sources: &TemplateSources, template: &str, chain: &str) -> Option<(String, usize)> {
    let needle = needle(chain)?;
    let quoted = quoted_value(chain, &needle);
    let mut best: Option<(String, usize)> = None;
    // Tera sometimes names the template it was in ("while rendering 'partials/footer.html'").
    let named = chain.rsplit("while rendering '").next().filter(|_| chain.contains("while rendering '"));
    let named = named.and_then(|rest| rest.split('\'').next()).map(str::to_string);
    let mut order: Vec<String> = named.into_iter().filter(|n| sources.contains_key(n)).collect();
    for name in related(sources, template) {
        if !order.contains(&name) {
            order.push(name);
        }
    }
    for name in order {
        let Some(source) = sources.get(&name) else { continue };
        for (i, line) in source.text.lines().enumerate() {
            if !needle.matches(line) {
                continue;
            }
            if quoted.as_deref().is_none_or(|q| line.contains(q)) {
                return Some((source.origin.clone(), i + 1));
            }
            best.get_or_insert((source.origin.clone(), i + 1));
        }
    }
    best
}

#[derive(Debug, PartialEq, Eq)]
enum Needle {
    Function(String),
    Filter(String),
    Text(String),
}

impl Needle {
    fn matches(&self, line: &str) -> bool {
        match self {
            Needle::Function(name) => line.match_indices(name.as_str()).any(|(at, _)| {
                let before = line[..at].chars().next_back();
                let after = line[at + name.len()..].trim_start();
                !before.is_some_and(|c| c.is_alphanumeric() || c == '_') && after.starts_with('(')
            }),
            Needle::Filter(name) => line.match_indices('|').any(|(at, _)| {
                let rest = line[at + 1..].trim_start();
                rest.starts_with(name.as_str())
                    && !rest[name.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_')
            }),
            Needle::Text(text) => line.contains(text.as_str()),
        }
    }
}

/// What to look for, from the deepest cause Tera gives.
fn needle(chain: &str) -> Option<Needle> {
    let between = |start: &str, end: char| -> Option<String> {
        let rest = chain.rsplit(start).next().filter(|_| chain.contains(start))?;
        Some(rest.split(end).next()?.to_string())
    };
    if let Some(name) = between("Function call '", '\'') {
        return Some(Needle::Function(name));
    }
    if let Some(name) = between("Filter call '", '\'') {
        return Some(Needle::Filter(name));
    }
    if let Some(name) = between("Test call '", '\'') {
        return Some(Needle::Text(format!("is {name}")));
    }
    if let Some(name) = between("Variable `", '`') {
        // `page.extra.x` may be written `page.extra["x"]`; its first part is still there.
        return Some(Needle::Text(name));
    }
    if let Some(name) = between("Template '", '\'') {
        return Some(Needle::Text(name));
    }
    if let Some(name) = between("Macro `", '`') {
        return Some(Needle::Text(name));
    }
    None
}

/// A value the message quotes in backticks (`nope.md`), to pick the right call among several.
fn quoted_value(chain: &str, needle: &Needle) -> Option<String> {
    let tail = match needle {
        Needle::Function(name) | Needle::Filter(name) => chain.rsplit(name.as_str()).next()?,
        Needle::Text(_) => return None,
    };
    let value = tail.split('`').nth(1)?;
    (!value.is_empty() && !value.contains(' ')).then(|| value.to_string())
}

/// `template`, the templates it extends, includes and imports, transitively, in that order.
pub(super) fn related(sources: &TemplateSources, template: &str) -> Vec<String> {
    let mut order = vec![template.to_string()];
    let mut seen: BTreeSet<String> = order.iter().cloned().collect();
    let mut i = 0;
    while i < order.len() {
        if let Some(source) = sources.get(&order[i]) {
            for name in referenced(&source.text) {
                if seen.insert(name.clone()) {
                    order.push(name);
                }
            }
        }
        i += 1;
    }
    order
}

/// Names in `{% extends "x" %}`, `{% include "x" %}` and `{% import "x" as m %}` tags.
fn referenced(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for tag in text.split("{%").skip(1) {
        let tag = tag.trim_start_matches('-').trim_start();
        let Some(rest) = ["extends", "include", "import"].iter().find_map(|k| tag.strip_prefix(k)) else {
            continue;
        };
        let rest = rest.trim_start();
        let Some(quote) = rest.chars().next().filter(|c| matches!(c, '"' | '\'' | '`')) else { continue };
        if let Some(name) = rest[1..].split(quote).next() {
            out.push(name.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::templates::test_sources as sources;

    #[test]
    fn finds_the_call_in_a_parent_and_prefers_the_quoted_argument() {
        let s = sources(&[
            ("page.html", "{% extends \"base.html\" %}\n{% block body %}{% endblock %}"),
            ("base.html", "<html>\n{{ get_page(path=\"a.md\") }}\n{{ get_page(path=\"nope.md\") }}\n"),
        ]);
        let chain = "Failed to render 'page.html': Function call 'get_page' failed: get_page: there is no page `nope.md` in content-en";
        assert_eq!(locate(&s, "page.html", chain), Some(("templates/base.html".into(), 3)));
    }

    #[test]
    fn finds_filters_variables_and_macros_in_imports() {
        let s = sources(&[
            ("index.html", "{% import \"m.html\" as m %}\n{{ section.titl }}\n{{ m::x() }}"),
            ("m.html", "{% macro x() %}\n{{ 1 | date(format=\"%Y\") }}\n{% endmacro %}"),
        ]);
        let chain =
            "Failed to render 'index.html': Variable `section.titl` not found in context while rendering 'index.html'";
        assert_eq!(locate(&s, "index.html", chain), Some(("templates/index.html".into(), 2)));
        let chain =
            "Failed to render 'index.html': Filter call 'date' failed: Filter `date` received an incorrect type";
        assert_eq!(locate(&s, "index.html", chain), Some(("templates/m.html".into(), 2)));
    }

    #[test]
    fn the_template_tera_names_is_searched_first() {
        let s = sources(&[
            ("index.html", "{% extends \"base.html\" %}\n{{ config.extra.x }}"),
            ("base.html", "{% include \"footer.html\" %}"),
            ("footer.html", "<p>\n{{ config.extra.x }}\n{% if a is starting_with(\"b\") %}{% endif %}"),
        ]);
        let chain = "Failed to render 'index.html': Variable `config.extra.x` not found in context while rendering 'footer.html'";
        assert_eq!(locate(&s, "index.html", chain), Some(("templates/footer.html".into(), 2)));
        let chain = "Failed to render 'index.html': Test call 'starting_with' failed: Tester `starting_with` was called on an undefined variable";
        assert_eq!(locate(&s, "index.html", chain), Some(("templates/footer.html".into(), 3)));
    }

    #[test]
    fn function_names_match_whole_calls_only() {
        assert!(Needle::Function("get_url".into()).matches("{{ get_url (path='x') }}"));
        assert!(!Needle::Function("get_url".into()).matches("{{ my_get_url(path='x') }}"));
        assert!(!Needle::Filter("date".into()).matches("{{ x | dates }}"));
    }
}
