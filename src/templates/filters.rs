//! Template filters: Puente's `local_date`, which writes a date the way each language writes it
//! ("November 27, 2026" / "27 de noviembre de 2026"), and Zola's `markdown`, `base64_encode`,
//! `base64_decode`, `regex_replace` and `num_format` (research/zola-reference.md §1.8). Tera's
//! own `date` keeps Tera's meaning.

use crate::config::Lang;
use serde_json::{Value, json};
use std::collections::HashMap;
use tera::Tera;

pub fn register(tera: &mut Tera, lang: Lang, site: &super::SharedSite) {
    register_zola(tera, lang, site);
    tera.register_filter("local_date", move |value: &Value, args: &HashMap<String, Value>| {
        let lang = match args.get("lang").and_then(Value::as_str) {
            Some(code) => {
                Lang::from_code(code).ok_or_else(|| tera::Error::msg(format!("local_date: unknown lang `{code}`")))?
            }
            None => lang,
        };
        let text = value
            .as_str()
            .ok_or_else(|| tera::Error::msg("local_date: the value must be a date such as 2026-11-27"))?;
        let date = text
            .get(..10)
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .ok_or_else(|| tera::Error::msg(format!("local_date: `{text}` is not a date such as 2026-11-27")))?;
        Ok(json!(long_date(date, lang)))
    });
}

/// Zola's filters, with Zola's argument names and defaults.
fn register_zola(tera: &mut Tera, lang: Lang, site: &super::SharedSite) {
    use base64::Engine;
    let text = |value: &Value, filter: &str| -> tera::Result<String> {
        value.as_str().map(str::to_string).ok_or_else(|| tera::Error::msg(format!("{filter}: the value must be text")))
    };
    tera.register_filter("base64_encode", move |value: &Value, _: &HashMap<String, Value>| {
        Ok(json!(base64::engine::general_purpose::STANDARD.encode(text(value, "base64_encode")?)))
    });
    tera.register_filter("base64_decode", move |value: &Value, _: &HashMap<String, Value>| {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(text(value, "base64_decode")?)
            .map_err(|e| tera::Error::msg(format!("base64_decode: not base64 ({e})")))?;
        String::from_utf8(bytes)
            .map(|s| json!(s))
            .map_err(|_| tera::Error::msg("base64_decode: the decoded bytes are not UTF-8 text"))
    });
    // Compiled patterns are kept: themes call this in loops over every page.
    let cache: std::sync::Arc<parking_lot::Mutex<HashMap<String, regex::Regex>>> = Default::default();
    tera.register_filter("regex_replace", move |value: &Value, args: &HashMap<String, Value>| {
        let input = text(value, "regex_replace")?;
        let pattern = args
            .get("pattern")
            .and_then(Value::as_str)
            .ok_or_else(|| tera::Error::msg("regex_replace: `pattern` is required"))?;
        let rep = args
            .get("rep")
            .and_then(Value::as_str)
            .ok_or_else(|| tera::Error::msg("regex_replace: `rep` is required"))?;
        let mut cache = cache.lock();
        if !cache.contains_key(pattern) {
            let compiled = regex::Regex::new(pattern)
                .map_err(|e| tera::Error::msg(format!("regex_replace: `{pattern}` is not a valid pattern: {e}")))?;
            cache.insert(pattern.to_string(), compiled);
        }
        Ok(json!(cache[pattern].replace_all(&input, rep).into_owned()))
    });
    let s = site.clone();
    tera.register_filter("num_format", move |value: &Value, args: &HashMap<String, Value>| {
        use num_format::{Locale, ToFormattedString};
        let n = value.as_i64().ok_or_else(|| tera::Error::msg("num_format: the value must be a whole number"))?;
        let code = match args.get("locale").and_then(Value::as_str) {
            Some(code) => code.to_string(),
            // The page's language, read the site's Spanish variant (es-MX groups like English).
            None if lang == Lang::Es => s.read_recursive().config.spanish_variant_name().to_string(),
            None => "en".to_string(),
        };
        // CLDR names Spain's Spanish plain `es`; accept `es_ES`/`es-ES` too, and any region
        // the formatter lacks falls back to its language.
        let dashed = code.replace('_', "-");
        let locale = Locale::from_name(&dashed)
            .or_else(|_| Locale::from_name(dashed.split('-').next().unwrap_or_default()))
            .map_err(|_| tera::Error::msg(format!("num_format: unknown locale `{code}`")))?;
        Ok(json!(n.to_formatted_string(&locale)))
    });
    let s = site.clone();
    tera.register_filter("markdown", move |value: &Value, args: &HashMap<String, Value>| {
        let input = text(value, "markdown")?;
        let inline = args.get("inline").and_then(Value::as_bool).unwrap_or(false);
        let site = s.read_recursive();
        let options = crate::markdown::MarkdownOptions {
            smart_punctuation: site.config.markdown.smart_punctuation,
            anchor_links: crate::config::AnchorLinks::None,
            anchor_label: String::new(),
            overrides: None,
        };
        let resolve = |path: &str| site.library.find(lang, path).map(|found| site.permalink(found));
        let mut html = crate::markdown::render(&input, &options, &resolve).0.html;
        if inline {
            // Zola strips the paragraph around a one-paragraph text.
            let trimmed = html.trim_end();
            if let Some(inner) = trimmed.strip_prefix("<p>").and_then(|h| h.strip_suffix("</p>"))
                && !inner.contains("<p>")
            {
                html = inner.to_string();
            }
        }
        Ok(json!(html))
    });
}

pub fn long_date(date: chrono::NaiveDate, lang: Lang) -> String {
    use chrono::Datelike;
    let month = crate::locale::month_name(date.month(), lang == Lang::Es);
    match lang {
        Lang::En => format!("{month} {}, {}", date.day(), date.year()),
        Lang::Es => format!("{} de {month} de {}", date.day(), date.year()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_language_writes_dates_its_way() {
        let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        assert_eq!(long_date(date, Lang::En), "November 27, 2026");
        assert_eq!(long_date(date, Lang::Es), "27 de noviembre de 2026");
    }
}
