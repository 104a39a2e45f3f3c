//! # `es-punctuation`
//! What it finds: a Spanish question or exclamation without its opening `¿` or `¡`.
//! Why it matters: Spanish marks the start of a question; without it the sentence reads wrong.
//! Example: "Qué cambia para usted?" → warning; write "¿Qué cambia para usted?".
//! Not flagged: `(?)` and `(!)`, questions that open mid-sentence with `¿` ("Si no, ¿qué?"),
//! code and addresses.
//! Silence it: `<!-- puente-ignore es-punctuation: reason -->` above the block.

use super::{Out, block_location};
use crate::config::Lang;
use crate::content::{ContentRef, Source};
use crate::diagnostics::{Code, Finding};
use crate::markdown::Skeleton;
use crate::markdown::skeleton::Kind;

pub fn check(content: ContentRef, source: &Source, skeleton: &Skeleton, out: &mut Out) {
    for (b, block) in skeleton.blocks.iter().enumerate() {
        if matches!(block.kind, Kind::Code { .. } | Kind::Html) {
            continue;
        }
        let texts = std::iter::once(&block.inline.text).chain(block.items.iter().map(|i| &i.inline.text));
        for text in texts {
            if let Some((sentence, mark)) = missing_opening(text) {
                let finding = Finding::new(
                    Code::EsPunctuation,
                    format!(
                        "This Spanish sentence ends with `{mark}` but has no opening `{}`: “{sentence}”.",
                        opening(mark)
                    ),
                )
                .hint(format!("put `{}` where the question or exclamation starts", opening(mark)))
                .es(block_location(source, block.start))
                .mark(None, Some(sentence.to_string()));
                out.page(Lang::Es, content, finding, Some(b));
                break;
            }
        }
    }
}

fn opening(mark: char) -> char {
    if mark == '?' { '¿' } else { '¡' }
}

/// The first sentence that closes with `?`/`!` and has no opening mark since the previous
/// sentence end (RAE: the opening mark goes where the question starts, even mid-sentence).
fn missing_opening(text: &str) -> Option<(&str, char)> {
    // Most sentences are statements: no closing mark, nothing to look for.
    memchr::memchr2(b'?', b'!', text.as_bytes())?;
    let mut start = 0;
    let mut opened = [false, false];
    for (i, c) in text.char_indices() {
        match c {
            '¿' => opened[0] = true,
            '¡' => opened[1] = true,
            '?' | '!' => {
                let k = if c == '?' { 0 } else { 1 };
                let in_parens = text[..i].ends_with('(') && text[i + 1..].starts_with(')');
                let in_address = text[start..i].split_whitespace().last().is_some_and(|w| w.contains("://"));
                if !opened[k] && !in_parens && !in_address {
                    return Some((text[start..i + 1].trim(), c));
                }
                opened[k] = false;
                if !opened[0] && !opened[1] {
                    start = i + c.len_utf8();
                }
            }
            '.' | '…' => {
                start = i + c.len_utf8();
                opened = [false, false];
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::missing_opening;

    #[test]
    fn opening_marks_are_required_where_the_question_starts() {
        assert_eq!(missing_opening("Bien. Qué cambia?").map(|(s, _)| s), Some("Qué cambia?"));
        assert!(missing_opening("¿Qué cambia? ¡Mucho!").is_none());
        assert!(missing_opening("Si no viene, ¿qué hago?").is_none());
        assert!(missing_opening("Es cierto (?) o no.").is_none());
        assert_eq!(missing_opening("Qué bien!").map(|(_, c)| c), Some('!'));
    }
}
