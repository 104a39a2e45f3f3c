//! # `front-matter-mismatch`
//! What it finds: `date`, `weight`, `draft`, `template`, the number of terms of a taxonomy, or
//! an `extra` key listed in `shared_extra_keys` that differs between the two languages.
//! Why it matters: these are facts, not words: a Spanish page dated a day later, or hidden as a
//! draft, no longer matches the English one.
//! Example: EN `date: 2026-11-27`, ES `date: 2026-11-28` → error at both `date:` lines.
//! Not flagged: `title`, `description`, `slug`, term names (they are translated).
//! Silence it: `parity: {front-matter-mismatch: off}` in either page's front matter.

use super::{Out, PairCx};
use crate::content::front_matter::parse_date;
use crate::diagnostics::{Code, Finding};

pub fn check(p: &PairCx, out: &mut Out) {
    let (en, es) = (&p.en_src.front, &p.es_src.front);
    let same_date = |a: &Option<String>, b: &Option<String>| match (a, b) {
        (Some(a), Some(b)) => parse_date(a).is_some() && parse_date(a) == parse_date(b) || a == b,
        (None, None) => true,
        _ => false,
    };
    let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "(none)".to_string());
    let mut differ = |key: &str, en_value: String, es_value: String| {
        let finding = Finding::new(
            Code::FrontMatterMismatch,
            format!("`{key}` is {en_value} in English but {es_value} in Spanish."),
        )
        .hint(format!("make `{key}` the same in both files; it is not translated"))
        .at(Some(p.en_src.key_location(key)), Some(p.es_src.key_location(key)))
        .mark(Some(en_value.clone()), Some(es_value.clone()));
        out.pair(p, finding, None, None);
    };
    if !same_date(&en.date, &es.date) {
        differ("date", show(&en.date), show(&es.date));
    }
    if en.weight != es.weight {
        differ(
            "weight",
            en.weight.map_or("(none)".into(), |w| w.to_string()),
            es.weight.map_or("(none)".into(), |w| w.to_string()),
        );
    }
    if en.draft != es.draft {
        differ("draft", en.draft.to_string(), es.draft.to_string());
    }
    if en.template != es.template {
        differ("template", show(&en.template), show(&es.template));
    }
    let names: std::collections::BTreeSet<&String> = en.taxonomies.keys().chain(es.taxonomies.keys()).collect();
    for name in names {
        let (a, b) = (en.taxonomies.get(name).map_or(0, Vec::len), es.taxonomies.get(name).map_or(0, Vec::len));
        if a != b {
            let finding = Finding::new(
                Code::FrontMatterMismatch,
                format!("The English page has {a} `{name}` terms and the Spanish page has {b}."),
            )
            .hint(format!("give both pages the same {name}, translated, in the same order"))
            .at(Some(p.en_src.key_location("taxonomies")), Some(p.es_src.key_location("taxonomies")));
            out.pair(p, finding, None, None);
        }
    }
    for key in &p.cx.config.shared_extra_keys {
        let get =
            |front: &crate::content::front_matter::FrontMatter| front.extra.as_ref().and_then(|e| e.get(key)).cloned();
        let (a, b) = (get(en), get(es));
        if a != b {
            let text = |v: Option<serde_json::Value>| v.map_or("(none)".to_string(), |v| v.to_string());
            let finding = Finding::new(
                Code::FrontMatterMismatch,
                format!("`extra.{key}` is {} in English but {} in Spanish.", text(a), text(b)),
            )
            .hint(format!("`{key}` is listed in `shared_extra_keys`: make it the same in both files"))
            .at(Some(p.en_src.key_location("extra")), Some(p.es_src.key_location("extra")));
            out.pair(p, finding, None, None);
        }
    }
}
