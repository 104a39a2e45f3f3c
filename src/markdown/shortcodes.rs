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
///
/// One pass with a stack of open bodies rather than recursion: bodies may nest as deep as a
/// page likes without overflowing the stack, and each byte is scanned once. Inner calls
/// render before the body that holds them, as in Zola.
pub fn expand(text: &str, render: &Render) -> Result<(String, Vec<String>), (usize, String)> {
    let mut expansion = Expansions { render, html: Vec::new(), counts: std::collections::BTreeMap::new() };
    let mut open: Vec<OpenBody> = Vec::new();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while let Some(found) = text[i..].find('{') {
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
        if close == "%}"
            && let Some(used) = end_tag(rest)
            && let Some(OpenBody { call, outer }) = open.pop()
        {
            let next = at + 2 + used;
            let body = untokenize(&std::mem::replace(&mut out, outer), &expansion.html);
            expansion.emit(&call, Some(&body), &text[call.offset..next], &mut out)?;
            i = next;
            continue;
        }
        let Some((name, args, used)) = parse_call(rest, close).filter(|(name, _, _)| name != "end") else {
            out.push_str(two);
            i = at + 2;
            continue;
        };
        let call = Call { name, args, has_body: close == "%}", offset: at, end: at + 2 + used };
        i = call.end;
        if call.has_body {
            open.push(OpenBody { call, outer: std::mem::take(&mut out) });
        } else {
            expansion.emit(&call, None, &text[call.offset..call.end], &mut out)?;
        }
    }
    if let Some(unclosed) = open.first() {
        let name = &unclosed.call.name;
        return Err((
            unclosed.call.offset,
            format!("the shortcode `{name}` opens with {{% … %}} but has no {{% end %}}"),
        ));
    }
    out.push_str(&text[i..]);
    Ok((out, expansion.html))
}

/// A body call whose `{% end %}` is not reached yet, and the output before it.
struct OpenBody {
    call: Call,
    outer: String,
}

/// What `expand` has rendered so far.
struct Expansions<'r, 'a> {
    render: &'r Render<'a>,
    html: Vec<String>,
    /// Calls so far per shortcode name, for `nth`.
    counts: std::collections::BTreeMap<String, usize>,
}

impl Expansions<'_, '_> {
    /// Renders one call into `out`; `written` is the call as the page has it, kept when no
    /// shortcode has that name.
    fn emit(
        &mut self,
        call: &Call,
        body: Option<&str>,
        written: &str,
        out: &mut String,
    ) -> Result<(), (usize, String)> {
        let nth = {
            let n = self.counts.entry(call.name.clone()).or_insert(0);
            *n += 1;
            *n
        };
        match (self.render)(call, body, nth) {
            None => out.push_str(written),
            Some(Ok(Expansion::Markdown(markdown))) => out.push_str(&markdown),
            Some(Ok(Expansion::Html(piece))) => {
                out.push_str(&token(self.html.len()));
                self.html.push(piece);
            }
            Some(Err(message)) => return Err((call.offset, message)),
        }
        Ok(())
    }
}

/// `␠end␠%}` after a `{%` → the bytes it takes.
fn end_tag(rest: &str) -> Option<usize> {
    let tail = rest.trim_start().strip_prefix("end")?.trim_start().strip_prefix("%}")?;
    Some(rest.len() - tail.len())
}

/// Puts the HTML of tokens back into a text (for bodies passed to templates).
pub fn untokenize(text: &str, html: &[String]) -> String {
    fill_tokens(text, html, false)
}

/// Replaces each token in `text` with its HTML piece, in one pass (a page may hold thousands).
/// With `unwrap_paragraphs`, a token alone in a `<p>` replaces the paragraph: an HTML
/// shortcode on its own line is a block, as in Zola's output.
pub fn fill_tokens(text: &str, html: &[String], unwrap_paragraphs: bool) -> String {
    const MARK: &str = "PUENTESHORTCODE";
    let mut out = String::with_capacity(text.len() + html.iter().map(String::len).sum::<usize>());
    let mut i = 0;
    while let Some(found) = text[i..].find(MARK) {
        let at = i + found;
        let digits = at + MARK.len();
        let after = digits + text[digits..].bytes().take_while(u8::is_ascii_digit).count();
        let piece = text[digits..after].parse::<usize>().ok().and_then(|n| html.get(n));
        match piece {
            Some(piece) if text[after..].starts_with('X') => {
                let (mut start, mut end) = (at, after + 1);
                if unwrap_paragraphs && text[..start].ends_with("<p>") && text[end..].starts_with("</p>") {
                    start -= "<p>".len();
                    end += "</p>".len();
                }
                out.push_str(&text[i..start]);
                out.push_str(piece);
                i = end;
            }
            _ => {
                out.push_str(&text[i..digits]);
                i = digits;
            }
        }
    }
    out.push_str(&text[i..]);
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
    // Most blocks have no brace at all: jump from brace to brace.
    while let Some(found) = memchr::memchr(b'{', &bytes[i..]) {
        i += found;
        if i + 1 >= bytes.len() {
            break;
        }
        let (open, close, has_body) = match bytes[i + 1] {
            b'{' => ("{{", "}}", false),
            b'%' => ("{%", "%}", true),
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

    #[test]
    fn bodies_nest_without_limit_and_inner_calls_render_first() {
        let render = |call: &Call, body: Option<&str>, nth: usize| -> Option<Result<Expansion, String>> {
            (call.name == "b")
                .then(|| Ok(Expansion::Html(format!("<b data-n=\"{nth}\">{}</b>", body.unwrap_or_default()))))
        };
        let depth = 3_000;
        let text = format!("{}x{}", "{% b() %}".repeat(depth), "{% end %}".repeat(depth));
        let (out, html) = expand(&text, &render).unwrap();
        let page = fill_tokens(&out, &html, false);
        assert_eq!(page.matches("<b ").count(), depth);
        assert!(page.starts_with(&format!("<b data-n=\"{depth}\"><b data-n=\"{}\">", depth - 1)), "{}", &page[..60]);
        assert!(page.contains("<b data-n=\"1\">x</b></b>"));
        let unclosed = format!("a {}{{% end %}}", "{% b() %}".repeat(3));
        assert_eq!(expand(&unclosed, &render).map(|_| ()).unwrap_err().0, 2, "the outermost unclosed body is named");
    }

    #[test]
    fn tokens_fill_in_one_pass_and_lone_tokens_replace_their_paragraph() {
        let html: Vec<String> = (0..12).map(|n| format!("<i>{n}</i>")).collect();
        let text = "<p>PUENTESHORTCODE11X</p>\n<p>a PUENTESHORTCODE1X PUENTESHORTCODE10X PUENTESHORTCODE99X PUENTESHORTCODE</p>";
        assert_eq!(
            fill_tokens(text, &html, true),
            "<i>11</i>\n<p>a <i>1</i> <i>10</i> PUENTESHORTCODE99X PUENTESHORTCODE</p>"
        );
        assert!(fill_tokens(text, &html, false).starts_with("<p><i>11</i></p>"));
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
