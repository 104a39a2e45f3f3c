//! Puente's template filters. `local_date` writes a date the way each language writes it
//! ("November 27, 2026" / "27 de noviembre de 2026"); Tera's own `date` keeps Tera's meaning.

use crate::config::Lang;
use serde_json::{Value, json};
use std::collections::HashMap;
use tera::Tera;

pub fn register(tera: &mut Tera, lang: Lang) {
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
