//! Zola's `load_data`: a file of the site (or a literal) read as toml, json, csv, yaml, xml,
//! bibtex or plain text, into the shapes Zola gives themes. There is no network here, so
//! `url=` is refused with a clear message.

use super::SiteData;
use super::functions::{Args, find_file};
use crate::config::Lang;
use serde_json::{Map, Value, json};
use tera::Error;

pub fn load_data(site: &SiteData, lang: Lang, args: &Args) -> tera::Result<Value> {
    if args.contains_key("url") {
        return Err(Error::msg(
            "load_data: `url=` is not supported: Puente builds without the network; save the data in the site and use `path=`",
        ));
    }
    let required = match args.get("required") {
        None => true,
        Some(Value::Bool(b)) => *b,
        Some(other) => return Err(Error::msg(format!("load_data: `required` must be true or false, not {other}"))),
    };
    let (text, name) = match (args.get("path").and_then(Value::as_str), args.get("literal").and_then(Value::as_str)) {
        (Some(path), None) => match find_file(site, lang, path) {
            Some((bytes, found)) => (
                String::from_utf8(bytes).map_err(|_| Error::msg(format!("load_data: `{path}` is not UTF-8 text")))?,
                found,
            ),
            None if !required => return Ok(Value::Null),
            None => {
                return Err(Error::msg(format!(
                    "load_data: there is no file `{path}` in the site (or it is outside the site folder)"
                )));
            }
        },
        (None, Some(literal)) => (literal.to_string(), String::new()),
        _ => return Err(Error::msg("load_data: give exactly one of `path` or `literal`")),
    };
    let format = match args.get("format").and_then(Value::as_str) {
        Some(format) => format.to_ascii_lowercase(),
        None => name.rsplit_once('.').map(|(_, ext)| ext.to_ascii_lowercase()).unwrap_or_else(|| "plain".to_string()),
    };
    let what = if name.is_empty() { "the literal".to_string() } else { format!("`{name}`") };
    let failed = |e: String| Error::msg(format!("load_data: {what} is not valid {format}: {e}"));
    match format.as_str() {
        "json" => serde_json::from_str(&text).map_err(|e| failed(e.to_string())),
        "toml" => toml::from_str::<toml::Value>(&text)
            .map_err(|e| failed(e.message().to_string()))
            .map(|v| serde_json::to_value(v).unwrap_or(Value::Null)),
        "yaml" | "yml" => serde_yaml::from_str(&text).map_err(|e| failed(e.to_string())),
        "csv" => csv(&text).map_err(|e| failed(e.to_string())),
        "xml" => xml(&text).map_err(|e| failed(e.to_string())),
        "bibtex" | "bib" => bibtex(&text).map_err(failed),
        "plain" | "txt" | "text" | "html" | "md" => Ok(Value::String(text)),
        other => Err(Error::msg(format!(
            "load_data: unknown format `{other}`; use toml, json, csv, yaml, xml, bibtex or plain"
        ))),
    }
}

/// `{headers: [...], records: [[...], ...]}`, Zola's shape.
fn csv(text: &str) -> Result<Value, csv::Error> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers: Vec<String> = reader.headers()?.iter().map(str::to_string).collect();
    let mut records = Vec::new();
    for record in reader.records() {
        records.push(record?.iter().map(str::to_string).collect::<Vec<_>>());
    }
    Ok(json!({"headers": headers, "records": records}))
}

/// XML as Zola's `quickxml_to_serde` gives it: `{root: {...}}`, attributes as `@name`, text as
/// `#text` (or the element's value when it has nothing else), repeated children as arrays,
/// and numbers and booleans as such.
fn xml(text: &str) -> Result<Value, roxmltree::Error> {
    let document = roxmltree::Document::parse(text)?;
    let root = document.root_element();
    let mut out = Map::new();
    out.insert(root.tag_name().name().to_string(), element(root));
    Ok(Value::Object(out))
}

fn element(node: roxmltree::Node) -> Value {
    let mut map = Map::new();
    for attribute in node.attributes() {
        map.insert(format!("@{}", attribute.name()), scalar(attribute.value()));
    }
    let mut text = String::new();
    for child in node.children() {
        if child.is_element() {
            let name = child.tag_name().name().to_string();
            let value = element(child);
            match map.get_mut(&name) {
                Some(Value::Array(list)) => list.push(value),
                Some(existing) => *existing = Value::Array(vec![existing.take(), value]),
                None => {
                    map.insert(name, value);
                }
            }
        } else if let Some(t) = child.text() {
            text.push_str(t);
        }
    }
    let text = text.trim();
    if map.is_empty() {
        return if text.is_empty() { Value::Null } else { scalar(text) };
    }
    if !text.is_empty() {
        map.insert("#text".into(), scalar(text));
    }
    Value::Object(map)
}

/// A literal as written: `true`/`false`, a number, or text (XML values, shortcode arguments).
pub(super) fn scalar(text: &str) -> Value {
    match text {
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        _ => text
            .parse::<i64>()
            .map(Value::from)
            .ok()
            .or_else(|| text.parse::<f64>().ok().and_then(|f| serde_json::Number::from_f64(f).map(Value::Number)))
            .unwrap_or_else(|| Value::String(text.to_string())),
    }
}

/// BibTeX as Zola gives it: `{preambles, comments, variables, bibliographies: [{entry_type,
/// citation_key, tags}]}`, tag names in lower case and values as plain text.
fn bibtex(text: &str) -> Result<Value, String> {
    let bibliography =
        biblatex::RawBibliography::parse(text).map_err(|e| format!("{} (at byte {})", e.kind, e.span.start))?;
    let abbreviations: std::collections::HashMap<&str, &biblatex::Field> =
        bibliography.abbreviations.iter().map(|pair| (pair.key.v, &pair.value.v)).collect();
    let text_of = |field: &biblatex::Field| -> String {
        field
            .iter()
            .map(|chunk| match chunk.v {
                biblatex::RawChunk::Normal(text) => text.to_string(),
                biblatex::RawChunk::Abbreviation(name) => abbreviations
                    .get(name)
                    .map(|value| value.iter().map(|c| chunk_text(&c.v)).collect())
                    .unwrap_or_else(|| name.to_string()),
            })
            .collect()
    };
    let entries: Vec<Value> = bibliography
        .entries
        .iter()
        .map(|entry| {
            let entry = &entry.v;
            let tags: Map<String, Value> = entry
                .fields
                .iter()
                .map(|field| (field.key.v.to_ascii_lowercase(), json!(text_of(&field.value.v))))
                .collect();
            json!({"entry_type": entry.kind.v.to_ascii_lowercase(), "citation_key": entry.key.v, "tags": tags})
        })
        .collect();
    let variables: Map<String, Value> =
        abbreviations.iter().map(|(key, value)| (key.to_string(), json!(text_of(value)))).collect();
    Ok(json!({"preambles": [], "comments": [], "variables": variables, "bibliographies": entries}))
}

fn chunk_text(chunk: &biblatex::RawChunk) -> String {
    match chunk {
        biblatex::RawChunk::Normal(text) | biblatex::RawChunk::Abbreviation(text) => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_has_zolas_shape() {
        let value =
            xml(r#"<site lang="es"><point n="1">Tráfico</point><point n="2">Armas</point><year>2026</year></site>"#)
                .unwrap();
        assert_eq!(
            value,
            json!({"site": {"@lang": "es", "point": [{"@n": 1, "#text": "Tráfico"}, {"@n": 2, "#text": "Armas"}], "year": 2026}})
        );
    }

    #[test]
    fn bibtex_entries_and_tags() {
        let value = bibtex("@article{smith2026, title = {Border Security}, Year = 2026}").unwrap();
        let entry = &value["bibliographies"][0];
        assert_eq!(entry["entry_type"], "article");
        assert_eq!(entry["citation_key"], "smith2026");
        assert_eq!(entry["tags"]["title"], "Border Security");
        assert_eq!(entry["tags"]["year"], "2026");
    }

    #[test]
    fn bad_bibtex_is_an_error_not_a_panic() {
        assert!(bibtex("@article{x, title = {unclosed").is_err());
    }
}
