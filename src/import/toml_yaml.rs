//! TOML documents (Zola's `config.toml` and `+++` front matter) as YAML values, keys in the
//! order they were written.
//!
//! `toml::Table` sorts its keys (the crate is built without `preserve_order`), so the document
//! is parsed twice: once for the values, once as `toml::de::DeTable`, whose keys carry their
//! byte spans, to put each table's keys back in the order of the file. Datetimes become their
//! text, as Zola keeps front-matter dates as strings.

use serde_yaml::{Mapping, Value};
use toml::de::{DeTable, DeValue};

/// A TOML document that does not parse: the 1-based line inside the document and the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TomlError {
    pub line: usize,
    pub message: String,
}

/// Parses a whole TOML document into a YAML mapping.
pub fn document(text: &str) -> Result<Mapping, TomlError> {
    let table: toml::Table = toml::from_str(text).map_err(|err| TomlError {
        line: err.span().map_or(1, |span| line_of(text, span.start)),
        message: err.message().trim().to_string(),
    })?;
    let spans = DeTable::parse(text).ok();
    Ok(table_to_yaml(&table, spans.as_ref().map(|spanned| spanned.get_ref())))
}

/// A TOML value (already parsed, without order) as YAML.
pub fn value(value: &toml::Value) -> Value {
    value_to_yaml(value, None)
}

fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end].iter().filter(|&&b| b == b'\n').count() + 1
}

fn table_to_yaml(table: &toml::Table, order: Option<&DeTable<'_>>) -> Mapping {
    let mut entries: Vec<(usize, &String, &toml::Value, Option<&DeValue<'_>>)> = table
        .iter()
        .map(|(key, value)| {
            let spanned = order.and_then(|o| o.iter().find(|(k, _)| k.get_ref().as_ref() == key.as_str()));
            match spanned {
                Some((k, v)) => (k.span().start, key, value, Some(v.get_ref())),
                None => (usize::MAX, key, value, None),
            }
        })
        .collect();
    // Stable: keys without a span keep the table's (alphabetical) order, after the others.
    entries.sort_by_key(|(position, ..)| *position);
    entries.into_iter().map(|(_, key, value, de)| (Value::String(key.clone()), value_to_yaml(value, de))).collect()
}

fn value_to_yaml(value: &toml::Value, de: Option<&DeValue<'_>>) -> Value {
    match value {
        toml::Value::String(text) => Value::String(text.clone()),
        toml::Value::Integer(n) => Value::Number((*n).into()),
        toml::Value::Float(f) => Value::Number((*f).into()),
        toml::Value::Boolean(b) => Value::Bool(*b),
        toml::Value::Datetime(datetime) => Value::String(datetime.to_string()),
        toml::Value::Array(items) => {
            let de_items = match de {
                Some(DeValue::Array(array)) => Some(array),
                _ => None,
            };
            let items = items.iter().enumerate().map(|(i, item)| {
                let de_item = de_items.and_then(|array| array.get(i)).map(|spanned| spanned.get_ref());
                value_to_yaml(item, de_item)
            });
            Value::Sequence(items.collect())
        }
        toml::Value::Table(table) => {
            let de_table = match de {
                Some(DeValue::Table(table)) => Some(table),
                _ => None,
            };
            Value::Mapping(table_to_yaml(table, de_table))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(mapping: &Mapping) -> Vec<&str> {
        mapping.keys().filter_map(Value::as_str).collect()
    }

    #[test]
    fn keys_keep_the_order_of_the_file() {
        let doc = document(
            "title = \"T\"\ndate = 2024-03-05\nweight = 2\n[taxonomies]\ntags = [\"b\", \"a\"]\n[extra]\nzeta = 1\nalpha = { y = 1, x = 2 }\n",
        )
        .unwrap();
        assert_eq!(keys(&doc), ["title", "date", "weight", "taxonomies", "extra"]);
        assert_eq!(doc["date"], Value::String("2024-03-05".into()));
        let extra = doc["extra"].as_mapping().unwrap();
        assert_eq!(keys(extra), ["zeta", "alpha"]);
        assert_eq!(keys(extra["alpha"].as_mapping().unwrap()), ["y", "x"]);
        assert_eq!(doc["taxonomies"]["tags"], Value::Sequence(vec!["b".into(), "a".into()]));
    }

    #[test]
    fn datetimes_become_text() {
        let doc =
            document("a = 2024-03-05T10:00:00Z\nb = 2024-03-05T10:00:00\nc = 1979-05-27T00:32:00-07:00\n").unwrap();
        assert_eq!(doc["a"], Value::String("2024-03-05T10:00:00Z".into()));
        assert_eq!(doc["b"], Value::String("2024-03-05T10:00:00".into()));
        assert_eq!(doc["c"], Value::String("1979-05-27T00:32:00-07:00".into()));
    }

    #[test]
    fn arrays_of_tables_keep_order_inside() {
        let doc = document("[[menu]]\nname = \"a\"\nurl = \"/\"\n[[menu]]\nurl = \"/b\"\nname = \"b\"\n").unwrap();
        let menu = doc["menu"].as_sequence().unwrap();
        assert_eq!(keys(menu[0].as_mapping().unwrap()), ["name", "url"]);
        assert_eq!(keys(menu[1].as_mapping().unwrap()), ["url", "name"]);
    }

    #[test]
    fn errors_name_the_line() {
        let err = document("title = \"a\"\n\nweight = = 3\n").unwrap_err();
        assert_eq!(err.line, 3);
        assert!(!err.message.is_empty());
    }
}
