//! # `shortcode-mismatch`
//! What it finds: a shortcode (`{{ name(…) }}`, `{% name(…) %}`) lost, added or renamed, or a
//! non-translatable argument changed (anything but title, alt, caption, label, text).
//! Why it matters: a shortcode embeds a video, a map or a form; the Spanish must embed the same.
//! Example: EN `{{ video(id="abc") }}`, ES `{{ video(id="xyz") }}` → error.
//! Not flagged: translated `title=`/`caption=`/`alt=` arguments.
//! Silence it: `<!-- puente-ignore shortcode-mismatch: reason -->` above the block.

use super::{Out, PairCx};
use crate::diagnostics::{Code, Finding};
use crate::markdown::shortcodes::{self, Call};

/// Arguments that hold words for readers, so they are translated.
const TRANSLATABLE: &[&str] = &["title", "alt", "caption", "label", "text", "description", "summary"];

pub fn check(p: &PairCx, out: &mut Out) {
    for (i, j) in p.matched() {
        let (en, es) = (p.en_block(i), p.es_block(j));
        let a = shortcodes::find(p.en_src.body().get(en.start..en.end).unwrap_or_default());
        let b = shortcodes::find(p.es_src.body().get(es.start..es.end).unwrap_or_default());
        if a.is_empty() && b.is_empty() {
            continue;
        }
        let names = |calls: &[Call]| {
            let mut n: Vec<String> = calls.iter().map(|c| c.name.clone()).collect();
            n.sort();
            n
        };
        let message = if names(&a) != names(&b) {
            let lost = a.iter().find(|c| !b.iter().any(|d| d.name == c.name));
            let added = b.iter().find(|c| !a.iter().any(|d| d.name == c.name));
            match (lost, added) {
                (Some(l), Some(n)) => {
                    Some(format!("The English uses the shortcode `{}` where the Spanish uses `{}`.", l.name, n.name))
                }
                (Some(l), None) => {
                    Some(format!("The shortcode `{}` of the English is missing from the Spanish.", l.name))
                }
                (None, Some(n)) => {
                    Some(format!("The Spanish uses the shortcode `{}`, which the English does not.", n.name))
                }
                (None, None) => {
                    Some("A shortcode is used a different number of times in English and Spanish.".to_string())
                }
            }
        } else {
            a.iter().zip(b.iter()).find_map(|(x, y)| changed_argument(x, y))
        };
        if let Some(message) = message {
            let finding = Finding::new(Code::ShortcodeMismatch, message)
                .hint("copy the shortcode from the English; translate only title, alt, caption, label or text")
                .at(Some(p.en_at(i)), Some(p.es_at(j)));
            out.pair(p, finding, Some(i), Some(j));
        }
    }
}

fn changed_argument(en: &Call, es: &Call) -> Option<String> {
    for (key, value) in &en.args {
        if TRANSLATABLE.contains(&key.as_str()) {
            continue;
        }
        let other = es.args.iter().find(|(k, _)| k == key).map(|(_, v)| v);
        if other != Some(value) {
            let shown = other.map_or("nothing".to_string(), |v| format!("`{v}`"));
            return Some(format!("The shortcode `{}` has {key}=`{value}` in English but {shown} in Spanish.", en.name));
        }
    }
    None
}
