//! Finding the literal keys templates ask for: `fluent(key="x")` and `trans(key="x")` inside Tera
//! tags (`{{ … }}`, `{% … %}`), in any argument order, with either quote style (or Tera's
//! backticks) and line breaks inside the call.
//!
//! Only text inside tags is read: Tera comments `{# … #}` and `{% raw %}` blocks are skipped,
//! and so is a key that is computed (`key=item.key`, `key="nav-" ~ name`). This is a scanner,
//! not Tera's parser, so it never fails: something it cannot read is simply not a key.

use super::{KeyFunction, TemplateKey};
use crate::config::Lang;
use crate::diagnostics::{LineIndex, Location};

/// Scans template sources for `fluent(...)`/`trans(...)` calls with a literal `key=` argument.
/// `templates` is (origin path, text); keys come back in template order, then text order.
pub fn template_keys(templates: &[(String, String)]) -> Vec<TemplateKey> {
    let mut keys = Vec::new();
    for (path, text) in templates {
        let lines = LineIndex::new(text);
        for (start, end) in tag_bodies(text) {
            calls(text, start, end, &mut |function, key, offset, lang| {
                keys.push(TemplateKey { key, function, at: Location::new(path, lines.line_of(offset)), lang });
            });
        }
    }
    keys
}

/// Byte ranges of the insides of `{{ … }}` and `{% … %}` tags, skipping comments and raw blocks.
fn tag_bodies(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut bodies = Vec::new();
    let mut i = 0;
    while let Some(found) = text[i..].find('{') {
        let open = i + found;
        let Some(&kind) = bytes.get(open + 1) else {
            break;
        };
        match kind {
            b'#' => {
                i = text[open + 2..].find("#}").map_or(text.len(), |e| open + 2 + e + 2);
            }
            b'{' | b'%' => {
                let close = if kind == b'{' { "}}" } else { "%}" };
                let start = open + 2;
                let end = closing(text, start, close);
                bodies.push((start, end));
                i = (end + 2).min(text.len());
                if kind == b'%' && is_raw(&text[start..end]) {
                    i = end_of_raw(text, i);
                }
            }
            _ => i = open + 1,
        }
    }
    bodies
}

/// The offset of `close` after `start`, outside quoted strings (or the end of the text).
fn closing(text: &str, start: usize, close: &str) -> usize {
    let mut quote: Option<char> = None;
    for (k, c) in text[start..].char_indices() {
        let at = start + k;
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if matches!(c, '"' | '\'' | '`') => quote = Some(c),
            None if text[at..].starts_with(close) => return at,
            None => {}
        }
    }
    text.len()
}

fn tag_word(body: &str) -> &str {
    body.trim_matches(|c: char| c == '-' || c.is_whitespace()).split_whitespace().next().unwrap_or("")
}

fn is_raw(body: &str) -> bool {
    tag_word(body) == "raw"
}

/// Just past the `{% endraw %}` tag after `from`.
fn end_of_raw(text: &str, from: usize) -> usize {
    let mut i = from;
    while let Some(found) = text[i..].find("{%") {
        let start = i + found + 2;
        let end = closing(text, start, "%}");
        if tag_word(&text[start..end]) == "endraw" {
            return (end + 2).min(text.len());
        }
        i = start;
    }
    text.len()
}

/// Calls `found(function, key, offset of the key's opening quote, literal lang)` for each
/// `fluent(`/`trans(` call in `text[start..end]` whose `key=` is a literal string.
fn calls(text: &str, start: usize, end: usize, found: &mut dyn FnMut(KeyFunction, String, usize, Option<Lang>)) {
    let body = &text[start..end];
    let bytes = body.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if matches!(c, b'"' | b'\'' | b'`') {
            i = body[i + 1..].find(c as char).map_or(bytes.len(), |e| i + 1 + e + 1);
            continue;
        }
        if !is_ident_start(c) {
            i += 1;
            continue;
        }
        let word_start = i;
        while i < bytes.len() && is_ident(bytes[i]) {
            i += 1;
        }
        let word = &body[word_start..i];
        // `x.fluent(` or `macros::trans(` are someone else's functions.
        let qualified = body[..word_start].ends_with(['.', ':']);
        let function = match word {
            "fluent" => KeyFunction::Fluent,
            "trans" => KeyFunction::Trans,
            _ => continue,
        };
        let after = body[i..].trim_start();
        if qualified || !after.starts_with('(') {
            continue;
        }
        let open = body.len() - after.len();
        let args_end = matching_paren(body, open);
        let mut key = None;
        let mut lang = None;
        for (name, value, value_at) in arguments(body, open + 1, args_end) {
            match name {
                "key" => key = Some((value, value_at)),
                "lang" => lang = Lang::from_code(&value),
                _ => {}
            }
        }
        if let Some((key, at)) = key {
            found(function, key, start + at, lang);
        }
        // Go on inside the call: an argument may itself be a call.
        i = open + 1;
    }
}

fn is_ident_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_'
}

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// The offset of the `)` that closes the `(` at `open`, outside strings (or the end).
fn matching_paren(body: &str, open: usize) -> usize {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    for (k, c) in body[open..].char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                '"' | '\'' | '`' => quote = Some(c),
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return open + k;
                    }
                }
                _ => {}
            },
        }
    }
    body.len()
}

/// The `name=literal` arguments of a call in `body[start..end]`: (name, text, offset of the
/// literal's opening quote in `body`). Arguments whose value is not one string literal are left
/// out.
fn arguments(body: &str, start: usize, end: usize) -> Vec<(&str, String, usize)> {
    let mut found = Vec::new();
    for (from, to) in split_top_level(body, start, end) {
        let arg = &body[from..to];
        let Some(eq) = arg.find('=') else { continue };
        let name = arg[..eq].trim();
        if name.is_empty() || !name.bytes().all(is_ident) || arg[eq + 1..].starts_with('=') {
            continue;
        }
        let value = &arg[eq + 1..];
        let trimmed = value.trim();
        let Some(q) = trimmed.chars().next().filter(|c| matches!(c, '"' | '\'' | '`')) else {
            continue;
        };
        if trimmed.len() < 2 || !trimmed.ends_with(q) || trimmed[1..trimmed.len() - 1].contains(q) {
            continue;
        }
        let value_at = from + eq + 1 + (value.len() - value.trim_start().len());
        found.push((name, trimmed[1..trimmed.len() - 1].to_string(), value_at));
    }
    found
}

/// Ranges between the commas of `body[start..end]` that are not inside brackets or strings.
fn split_top_level(body: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut parts = Vec::new();
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut from = start;
    for (k, c) in body[start..end].char_indices() {
        let at = start + k;
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                '"' | '\'' | '`' => quote = Some(c),
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' => depth = depth.saturating_sub(1),
                ',' if depth == 0 => {
                    parts.push((from, at));
                    from = at + 1;
                }
                _ => {}
            },
        }
    }
    parts.push((from, end));
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<String> {
        template_keys(&[("templates/t.html".to_string(), text.to_string())])
            .into_iter()
            .map(|k| {
                let lang = k.lang.map_or(String::new(), |l| format!(" ({l})"));
                format!("{}:{}:{}{lang}", k.function.name(), k.key, k.at.line.unwrap_or(0))
            })
            .collect()
    }

    #[test]
    fn both_functions_both_quote_styles_any_order() {
        let text = "<p>{{ fluent(key=\"read-more\", lang=lang) }}</p>\n{{ trans(lang=lang, key='read_more') }}\n";
        assert_eq!(keys(text), ["fluent:read-more:1", "trans:read_more:2"]);
    }

    #[test]
    fn calls_across_lines_are_located_at_the_key() {
        let text = "{% set label = fluent(\n    lang=lang,\n    count=n,\n    key = `pages-count`\n) %}\n";
        assert_eq!(keys(text), ["fluent:pages-count:4"]);
    }

    #[test]
    fn computed_keys_and_other_functions_are_not_keys() {
        let text = "{{ fluent(key=item.key) }}{{ fluent(key=\"nav-\" ~ name) }}{{ get_translation(key=\"x\") }}{{ m::trans(key=\"y\") }}";
        assert!(keys(text).is_empty(), "{:?}", keys(text));
    }

    #[test]
    fn comments_raw_blocks_and_plain_text_are_skipped() {
        let text = "fluent(key=\"prose\")\n{# {{ fluent(key=\"commented\") }} #}\n{% raw %}{{ fluent(key=\"raw\") }}{% endraw %}\n{{ fluent(key=\"real\") }}";
        assert_eq!(keys(text), ["fluent:real:4"]);
    }

    #[test]
    fn literal_lang_is_kept_and_nested_calls_are_found() {
        let text = "{{ fluent(key=\"a\", lang=\"es\", title=trans(key=\"b\")) }}";
        assert_eq!(keys(text), ["fluent:a:1 (es)", "trans:b:1"]);
    }

    #[test]
    fn strings_with_braces_do_not_end_the_tag() {
        let text = "{{ fluent(key=\"a\", sep=\"}}\") }}\n{{ trans(key=\"b\") }}";
        assert_eq!(keys(text), ["fluent:a:1", "trans:b:2"]);
    }
}
