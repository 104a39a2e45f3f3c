//! Template loops Tera 1 would follow until the stack overflows (the process aborts, with no
//! message a person can act on): an `{% include %}` that comes back to itself, and a macro
//! that calls itself unconditionally. Found before anything renders, with file and line.
//! (Tera itself refuses a template that extends itself.) A macro that calls itself inside an
//! `{% if %}` or `{% for %}` may stop, as a table of contents does, and is left alone.

use super::TemplateSources;
use crate::diagnostics::{Location, Problem};
use std::collections::BTreeMap;

pub fn check(sources: &TemplateSources) -> Vec<Problem> {
    let mut problems = include_cycles(sources);
    for source in sources.values().filter(|s| !s.builtin) {
        problems.extend(endless_macros(&source.text, &source.origin));
    }
    problems.sort_by(|a, b| a.message.cmp(&b.message));
    problems.dedup_by(|a, b| a.message == b.message);
    problems
}

/// `{% include "x" %}` edges: template → (included name, line).
fn includes(text: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        for tag in line.split("{%").skip(1) {
            let tag = tag.trim_start_matches('-').trim_start();
            let Some(rest) = tag.strip_prefix("include") else { continue };
            let rest = rest.trim_start();
            let Some(quote) = rest.chars().next().filter(|c| matches!(c, '"' | '\'' | '`')) else { continue };
            if let Some(name) = rest[1..].split(quote).next() {
                out.push((name.to_string(), i + 1));
            }
        }
    }
    out
}

fn include_cycles(sources: &TemplateSources) -> Vec<Problem> {
    let graph: BTreeMap<&str, Vec<(String, usize)>> =
        sources.iter().map(|(name, s)| (name.as_str(), includes(&s.text))).collect();
    let mut problems = Vec::new();
    for start in graph.keys() {
        // Depth-first from `start`, looking for a way back to it.
        let mut stack: Vec<(&str, Vec<&str>)> = vec![(start, vec![start])];
        let mut seen = std::collections::BTreeSet::new();
        while let Some((name, path)) = stack.pop() {
            for (next, line) in graph.get(name).into_iter().flatten() {
                if next == start {
                    let mut chain = path.clone();
                    chain.push(next);
                    let origin = sources.get(name).map_or(name, |s| s.origin.as_str());
                    problems.push(
                        Problem::new(format!("templates include each other in a loop: {}", chain.join(" → ")))
                            .at(Location::new(origin, *line))
                            .hint("remove the `{% include %}` on that line, or include a smaller partial that does not come back"),
                    );
                } else if seen.insert(next.as_str()) && graph.contains_key(next.as_str()) {
                    let mut chain = path.clone();
                    chain.push(next);
                    stack.push((next.as_str(), chain));
                }
            }
        }
    }
    // Each loop is found from each of its templates; report it once, from its first name.
    problems.sort_by(|a, b| a.message.cmp(&b.message));
    let mut kept: Vec<Problem> = Vec::new();
    for problem in problems {
        let members: std::collections::BTreeSet<String> =
            problem.message.rsplit(": ").next().unwrap_or_default().split(" → ").map(str::to_string).collect();
        let duplicate = kept.iter().any(|k| {
            let other: std::collections::BTreeSet<String> =
                k.message.rsplit(": ").next().unwrap_or_default().split(" → ").map(str::to_string).collect();
            other == members
        });
        if !duplicate {
            kept.push(problem);
        }
    }
    kept
}

/// Macros whose body calls the macro itself outside any `{% if %}` or `{% for %}`.
fn endless_macros(text: &str, origin: &str) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut current: Option<(String, usize)> = None;
    let mut depth = 0usize;
    for (i, line) in text.lines().enumerate() {
        let mut rest = line;
        while let Some(open) = rest.find(['{']) {
            let after = &rest[open..];
            if let Some(tag) = after.strip_prefix("{%") {
                let body = tag.trim_start_matches('-').trim_start();
                let word = body.split(|c: char| !c.is_alphanumeric() && c != '_').next().unwrap_or_default();
                match word {
                    "macro" => {
                        let name = body[5..].trim_start().split('(').next().unwrap_or_default().trim().to_string();
                        current = Some((name, i + 1));
                        depth = 0;
                    }
                    "endmacro" => current = None,
                    "if" | "for" => depth += 1,
                    "endif" | "endfor" => depth = depth.saturating_sub(1),
                    _ => {}
                }
            }
            if let Some((name, _)) = &current
                && depth == 0
                && (after.starts_with("{{") || after.starts_with("{%"))
            {
                let end = after.find(['}']).unwrap_or(after.len());
                let expression = &after[..end];
                if expression.contains(&format!("self::{name}(")) {
                    problems.push(
                        Problem::new(format!("the macro `{name}` always calls itself, so it never ends"))
                            .at(Location::new(origin, i + 1))
                            .hint("call it again only inside an `{% if %}` (or a `{% for %}`) that eventually stops"),
                    );
                }
            }
            rest = &after[1..];
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::templates::test_sources as sources;

    #[test]
    fn an_include_loop_is_found_once_with_its_line() {
        let s =
            sources(&[("page.html", "<p>\n{% include \"a.html\" %}"), ("a.html", "x\n{% include \"page.html\" %}")]);
        let problems = check(&s);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].message.contains("a.html → page.html → a.html"), "{}", problems[0].message);
        assert_eq!(problems[0].at, Some(Location::new("templates/page.html", 2)));
    }

    #[test]
    fn a_template_including_itself_is_a_loop() {
        let s = sources(&[("shortcodes/loop.html", "{% include \"shortcodes/loop.html\" %}")]);
        assert_eq!(check(&s).len(), 1);
    }

    #[test]
    fn unconditional_recursion_is_found_but_a_guarded_one_is_not() {
        let s = sources(&[
            ("m.html", "{% macro f() %}{{ self::f() }}{% endmacro f %}"),
            (
                "toc.html",
                "{% macro toc(items) %}{% for i in items %}{{ self::toc(items=i.children) }}{% endfor %}{% endmacro %}",
            ),
        ]);
        let problems = check(&s);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].message.contains("`f` always calls itself"));
    }

    #[test]
    fn includes_without_a_loop_are_fine() {
        let s = sources(&[
            ("page.html", "{% include \"a.html\" %}{% include \"a.html\" %}"),
            ("a.html", "{% include \"b.html\" %}"),
            ("b.html", "x"),
        ]);
        assert!(check(&s).is_empty());
    }
}
