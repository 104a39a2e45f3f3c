//! Finding shortcode calls in Markdown source, with Zola's grammar (research/zola-reference.md
//! §1.10): inline `{{ name(key=value, …) }}` and body `{% name(…) %}…{% end %}`. Escaped forms
//! `{{/* … */}}` are not calls. This file only finds calls; `templates` renders them.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    pub name: String,
    /// `key` → the value as written (strings without their quotes).
    pub args: Vec<(String, String)>,
    pub has_body: bool,
    /// Byte offset of `{{` / `{%` in the text.
    pub offset: usize,
}

/// Every call in `text`, in order. Malformed calls are not calls (they render as text).
pub fn find(text: &str) -> Vec<Call> {
    let mut calls = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i + 1 < bytes.len() {
        let (open, close, has_body) = match &bytes[i..i + 2] {
            b"{{" => ("{{", "}}", false),
            b"{%" => ("{%", "%}", true),
            _ => {
                i += 1;
                continue;
            }
        };
        let rest = &text[i + open.len()..];
        if rest.trim_start().starts_with("/*") {
            i += 2;
            continue;
        }
        match parse_call(rest, close) {
            Some((name, args, used)) if name != "end" => {
                calls.push(Call { name, args, has_body, offset: i });
                i += open.len() + used;
            }
            _ => i += 2,
        }
    }
    calls
}

/// `␠name(args)␠}}` → (name, args, bytes used including the closing delimiter).
fn parse_call(rest: &str, close: &str) -> Option<(String, Vec<(String, String)>, usize)> {
    let trimmed = rest.trim_start();
    let name_len = trimmed.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))?;
    let name = &trimmed[..name_len];
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let after = trimmed[name_len..].trim_start();
    let args_start = after.strip_prefix('(')?;
    let (args_text, after_args) = split_args(args_start)?;
    let tail = after_args.trim_start();
    if !tail.starts_with(close) {
        return None;
    }
    let used = rest.len() - tail.len() + close.len();
    Some((name.to_string(), parse_args(args_text), used))
}

/// Splits at the `)` that closes the argument list, skipping quoted strings.
fn split_args(text: &str) -> Option<(&str, &str)> {
    let mut quote: Option<char> = None;
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'' | '`') => quote = Some(c),
            (None, '[') => depth += 1,
            (None, ']') => depth = depth.saturating_sub(1),
            (None, ')') if depth == 0 => return Some((&text[..i], &text[i + 1..])),
            (None, '\n') if text[..i].matches('\n').count() > 50 => return None,
            _ => {}
        }
    }
    None
}

fn parse_args(text: &str) -> Vec<(String, String)> {
    let mut args = Vec::new();
    let mut quote: Option<char> = None;
    let mut depth = 0usize;
    let mut start = 0;
    let mut parts = Vec::new();
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'' | '`') => quote = Some(c),
            (None, '[') => depth += 1,
            (None, ']') => depth = depth.saturating_sub(1),
            (None, ',') if depth == 0 => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    for part in parts {
        if let Some((key, value)) = part.split_once('=') {
            let value = value.trim();
            let unquoted =
                value.strip_prefix(['"', '\'', '`']).and_then(|v| v.strip_suffix(['"', '\'', '`'])).unwrap_or(value);
            args.push((key.trim().to_string(), unquoted.to_string()));
        }
    }
    args
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_inline_and_body_calls_with_arguments() {
        let calls = find("A {{ youtube(id=\"abc\", autoplay=true) }} and {% note(title='Ojo, aquí') %}x{% end %}.");
        assert_eq!(calls.len(), 2);
        assert_eq!(calls[0].name, "youtube");
        assert_eq!(calls[0].args, vec![("id".into(), "abc".into()), ("autoplay".into(), "true".into())]);
        assert!(calls[1].has_body);
        assert_eq!(calls[1].args, vec![("title".into(), "Ojo, aquí".into())]);
    }

    #[test]
    fn escaped_and_malformed_calls_are_text() {
        assert!(find("{{/* youtube(id=1) */}}").is_empty());
        assert!(find("{{ not a call }} {{ x( }}").is_empty());
        assert!(find("{{ page.title }}").is_empty());
    }

    proptest::proptest! {
        #[test]
        fn never_panics(text in "[{}%()=,'\"a-z0-9 /*\\[\\]]{0,120}") {
            let _ = find(&text);
        }
    }
}
