//! Shortcode calls in Markdown source, with Zola's grammar (research/zola-reference.md §1.10):
//! inline `{{ name(key=value, …) }}` and body `{% name(…) %}…{% end %}`; escaped forms
//! `{{/* … */}}` print the call as written. `find` lists calls (the checks compare them);
//! `expand` replaces them with what a renderer returns. Rendering templates is the caller's.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    pub name: String,
    /// `key` → the value as written (strings without their quotes).
    pub args: Vec<(String, String)>,
    pub has_body: bool,
    /// Byte offset of `{{` / `{%` in the text.
    pub offset: usize,
    /// Byte offset just after the call's closing `}}` / `%}` (before a body).
    pub end: usize,
}

/// What a shortcode renders to: Markdown is spliced into the page before it is parsed (so its
/// headings reach the table of contents, as in Zola); HTML goes in as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expansion {
    Markdown(String),
    Html(String),
}

/// Renders one call (`body` for body shortcodes, `nth` counts calls of that name from 1);
/// `None` when no shortcode has that name, so the text stays as written.
pub type Render<'a> = dyn Fn(&Call, Option<&str>, usize) -> Option<Result<Expansion, String>> + 'a;

/// A placeholder for an HTML expansion, made of letters and digits so Markdown keeps it whole.
pub fn token(n: usize) -> String {
    format!("PUENTESHORTCODE{n}X")
}

/// Replaces every known call in `text`. Returns the new Markdown and the HTML pieces its
/// tokens stand for, or the byte offset and message of the first call that failed.
pub fn expand(text: &str, render: &Render) -> Result<(String, Vec<String>), (usize, String)> {
    let mut html = Vec::new();
    let mut counts = std::collections::BTreeMap::new();
    let out = expand_into(text, render, &mut html, &mut counts, 0)?;
    Ok((out, html))
}

fn expand_into(
    text: &str,
    render: &Render,
    html: &mut Vec<String>,
    counts: &mut std::collections::BTreeMap<String, usize>,
    base: usize,
) -> Result<String, (usize, String)> {
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while let Some(found) = text[i..].find(['{']) {
        let at = i + found;
        let two = text.get(at..at + 2).unwrap_or_default();
        let close = match two {
            "{{" => "}}",
            "{%" => "%}",
            _ => {
                out.push_str(&text[i..at + 1]);
                i = at + 1;
                continue;
            }
        };
        out.push_str(&text[i..at]);
        let rest = &text[at + 2..];
        // `{{/* call */}}` prints `{{ call }}`: how a page shows shortcode syntax.
        if let Some(inner) = rest.trim_start().strip_prefix("/*") {
            let end_marker = format!("*/{close}");
            if let Some(stop) = inner.find(&end_marker) {
                out.push_str(two);
                out.push_str(&inner[..stop]);
                out.push_str(close);
                i = text.len() - inner.len() + stop + end_marker.len();
                continue;
            }
        }
        let Some((name, args, used)) = parse_call(rest, close).filter(|(name, _, _)| name != "end") else {
            out.push_str(two);
            i = at + 2;
            continue;
        };
        let call_end = at + 2 + used;
        let call = Call { name, args, has_body: close == "%}", offset: base + at, end: base + call_end };
        let (body, next) = if call.has_body {
            match body_end(text, call_end) {
                Some((body_stop, after)) => {
                    let inner = expand_into(&text[call_end..body_stop], render, html, counts, base + call_end)?;
                    // Inner HTML shortcodes go into the body as HTML: the body is template input.
                    (Some(untokenize(&inner, html)), after)
                }
                None => {
                    return Err((
                        base + at,
                        format!("the shortcode `{}` opens with {{% … %}} but has no {{% end %}}", call.name),
                    ));
                }
            }
        } else {
            (None, call_end)
        };
        let nth = {
            let n = counts.entry(call.name.clone()).or_insert(0);
            *n += 1;
            *n
        };
        match render(&call, body.as_deref(), nth) {
            None => out.push_str(&text[at..next]),
            Some(Ok(Expansion::Markdown(markdown))) => out.push_str(&markdown),
            Some(Ok(Expansion::Html(piece))) => {
                out.push_str(&token(html.len()));
                html.push(piece);
            }
            Some(Err(message)) => return Err((base + at, message)),
        }
        i = next;
    }
    out.push_str(&text[i..]);
    Ok(out)
}

/// Where a body ends: (start of its `{% end %}`, offset after it), counting nested bodies.
fn body_end(text: &str, from: usize) -> Option<(usize, usize)> {
    let mut depth = 1;
    let mut i = from;
    while let Some(found) = text[i..].find("{%") {
        let at = i + found;
        let rest = &text[at + 2..];
        let trimmed = rest.trim_start();
        if let Some(after_end) = trimmed.strip_prefix("end") {
            let tail = after_end.trim_start();
            if tail.starts_with("%}") {
                depth -= 1;
                let after = text.len() - tail.len() + 2;
                if depth == 0 {
                    return Some((at, after));
                }
                i = after;
                continue;
            }
        }
        if parse_call(rest, "%}").is_some() {
            depth += 1;
        }
        i = at + 2;
    }
    None
}

/// Puts the HTML of tokens back into a text (for bodies passed to templates).
pub fn untokenize(text: &str, html: &[String]) -> String {
    let mut out = text.to_string();
    for (n, piece) in html.iter().enumerate().rev() {
        out = out.replace(&token(n), piece);
    }
    out
}

/// `text` with the inside of every call (`{{ name(…) }}`, `{% name(…) %}`, `{% end %}`) and
/// every escaped call blanked out, byte for byte, so offsets and line numbers stay. The braces
/// stay, so a paragraph holding only a call stays a paragraph; a body stays as written.
pub fn mask_calls(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("{{") && !text.contains("{%") {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut spans: Vec<(usize, usize)> = find(text).iter().map(|c| (c.offset + 2, c.end - 2)).collect();
    for (open, close) in [("{{/*", "*/}}"), ("{%/*", "*/%}"), ("{% end %}", ""), ("{%end%}", "")] {
        let mut from = 0;
        while let Some(at) = text[from..].find(open).map(|i| from + i) {
            let end = if close.is_empty() {
                at + open.len()
            } else {
                match text[at..].find(close) {
                    Some(i) => at + i + close.len(),
                    None => break,
                }
            };
            spans.push((at + 2, end - 2));
            from = end;
        }
    }
    let mut bytes = text.as_bytes().to_vec();
    for (start, end) in spans {
        let mut line_start = false;
        for b in bytes.iter_mut().take(end).skip(start) {
            if *b == b'\n' {
                line_start = true;
            } else {
                // A line left blank would end the paragraph; a dot keeps it going.
                *b = if line_start { b'.' } else { b' ' };
                line_start = false;
            }
        }
    }
    // Only ASCII bytes were written, each over a whole span of bytes: still UTF-8.
    std::borrow::Cow::Owned(String::from_utf8(bytes).unwrap_or_else(|_| text.to_string()))
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
                calls.push(Call { name, args, has_body, offset: i, end: i + open.len() + used });
                i += open.len() + used;
            }
            _ => i += 2,
        }
    }
    calls
}

/// A call's arguments: `key` → the value as written.
type Args = Vec<(String, String)>;

/// `␠name(args)␠}}` → (name, args, bytes used including the closing delimiter).
fn parse_call(rest: &str, close: &str) -> Option<(String, Args, usize)> {
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

/// Calls `at` with each character outside quoted strings and `[…]` arrays, with its offset,
/// until it returns true; gives that offset. One scanner for both questions below, so they
/// agree on what is quoted.
fn top_level(text: &str, mut at: impl FnMut(usize, char) -> bool) -> Option<usize> {
    let mut quote: Option<char> = None;
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'' | '`') => quote = Some(c),
            (None, '[') => depth += 1,
            (None, ']') => depth = depth.saturating_sub(1),
            (None, c) if depth == 0 && at(i, c) => return Some(i),
            _ => {}
        }
    }
    None
}

/// Splits at the `)` that closes the argument list. A call spanning more than 50 lines is not
/// a call (an unclosed `(` in prose must not swallow the page).
fn split_args(text: &str) -> Option<(&str, &str)> {
    let mut newlines = 0;
    let mut too_long = false;
    let close = top_level(text, |_, c| {
        if c == '\n' {
            newlines += 1;
            too_long = newlines > 50;
        }
        c == ')' || too_long
    })?;
    (!too_long).then(|| (&text[..close], &text[close + 1..]))
}

fn parse_args(text: &str) -> Vec<(String, String)> {
    let mut args = Vec::new();
    let mut parts = Vec::new();
    let mut start = 0;
    top_level(text, |i, c| {
        if c == ',' {
            parts.push(&text[start..i]);
            start = i + 1;
        }
        false
    });
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
    fn masking_keeps_offsets_braces_and_bodies() {
        let text = "A {{ fig(alt=\"Sí\", c=`x`) }} b\n{% note(k=\"i\") %}\nBody \"q\"\n{% end %}\n{{/* raw(\"x\") */}}";
        let masked = mask_calls(text);
        assert_eq!(masked.len(), text.len());
        assert!(!masked.contains('`') && masked.contains("Body \"q\""), "{masked}");
        assert!(masked.starts_with("A {{ ") && masked.contains("}} b\n{%"), "{masked}");
        assert_eq!(masked.lines().count(), text.lines().count());
    }

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

    #[test]
    fn expand_splices_markdown_tokens_html_and_counts_nth() {
        let render = |call: &Call, body: Option<&str>, nth: usize| -> Option<Result<Expansion, String>> {
            match call.name.as_str() {
                "note" => Some(Ok(Expansion::Markdown(format!("**{}** {nth}", body.unwrap_or_default().trim())))),
                "video" => Some(Ok(Expansion::Html(format!("<iframe title=\"{}\"></iframe>", call.args[0].1)))),
                "broken" => Some(Err("no template".into())),
                _ => None,
            }
        };
        let (text, html) = expand("A {{ video(id=\"x\") }} {% note() %}one {{ video(id=\"y\") }}{% end %} {{ other(a=1) }} {{/* video(id=1) */}}", &render).unwrap();
        assert_eq!(
            text,
            "A PUENTESHORTCODE0X **one <iframe title=\"y\"></iframe>** 1 {{ other(a=1) }} {{ video(id=1) }}"
        );
        assert_eq!(html[0], "<iframe title=\"x\"></iframe>");
        assert_eq!(expand("x {{ broken() }}", &render), Err((2, "no template".to_string())));
        assert!(expand("{% note() %} never closed", &render).is_err());
    }

    proptest::proptest! {
        #[test]
        fn never_panics(text in "[{}%()=,'\"a-z0-9 /*\\[\\]]{0,120}") {
            let _ = find(&text);
            let render = |_: &Call, _: Option<&str>, _: usize| -> Option<Result<Expansion, String>> {
                Some(Ok(Expansion::Html(String::new())))
            };
            let _ = expand(&text, &render);
        }
    }
}
