//! Splitting a Markdown file into front matter and body, and reading the front matter.
//!
//! Lines in errors are lines of the user's file: serde_yaml counts from the first YAML line, people
//! count from the top of the file, so every YAML line number is shifted by the opening `---`.
//! Unknown keys are not errors here (SPEC §1 makes them the `unknown-key` warning); they are
//! returned with their lines for the checks to report.

use crate::config::{duplicate_key_of, repeated_key_line, suggest, value_error_in_words, yaml_line};
use crate::diagnostics::plain;
use serde::Deserialize;
use std::collections::BTreeMap;

/// Where the parts of a file are, as byte offsets into the file's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split {
    /// Byte range of the YAML between the `---` lines.
    pub yaml_start: usize,
    pub yaml_end: usize,
    /// 1-based file line of the first YAML line.
    pub yaml_first_line: usize,
    /// Byte offset where the Markdown body starts.
    pub body_start: usize,
    /// TOML between `+++` lines (Zola's other form) rather than YAML between `---` lines.
    pub toml: bool,
}

/// Why a file's front matter could not be read; `line` is a 1-based line of the file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FrontMatterError {
    #[error("the file has no front matter")]
    Missing,
    #[error("the front matter that starts on line 1 is never closed with a `---` line")]
    Unclosed,
    #[error("{message}")]
    Invalid { line: usize, message: String, hint: String },
}

impl FrontMatterError {
    pub fn line(&self) -> usize {
        match self {
            FrontMatterError::Missing | FrontMatterError::Unclosed => 1,
            FrontMatterError::Invalid { line, .. } => *line,
        }
    }

    pub fn hint(&self) -> String {
        match self {
            FrontMatterError::Missing => {
                "start the file with front matter: a `---` line, `title: …`, and another `---` line".to_string()
            }
            FrontMatterError::Unclosed => "add a line with only `---` after the last front-matter key".to_string(),
            FrontMatterError::Invalid { hint, .. } => hint.clone(),
        }
    }
}

/// Front-matter keys of pages and sections (Zola's names, plus Puente's `translation_key` and
/// `parity`). One struct for both: which keys a section ignores is a check's business.
#[derive(Debug, Clone, Deserialize)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub description: Option<String>,
    #[serde(default, deserialize_with = "date_text")]
    pub date: Option<String>,
    #[serde(default, deserialize_with = "date_text")]
    pub updated: Option<String>,
    pub weight: Option<i64>,
    #[serde(default)]
    pub draft: bool,
    pub slug: Option<String>,
    pub path: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub template: Option<String>,
    #[serde(default, deserialize_with = "unique_keys")]
    pub taxonomies: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub authors: Vec<String>,
    #[serde(default, deserialize_with = "unique_extra")]
    pub extra: Option<serde_json::Value>,
    /// `false`: the file is loaded and listed but gets no output file of its own (Zola's `render`).
    #[serde(default = "yes")]
    pub render: bool,
    /// Kept for themes that read it; Puente builds no search index.
    #[serde(default = "yes")]
    pub in_search_index: bool,
    pub translation_key: Option<String>,
    #[serde(default, deserialize_with = "unique_keys")]
    pub parity: BTreeMap<String, String>,
    // Section keys.
    pub sort_by: Option<SortBy>,
    pub paginate_by: Option<usize>,
    pub paginate_path: Option<String>,
    #[serde(default)]
    pub paginate_reversed: bool,
    pub page_template: Option<String>,
    /// The section's pages are also listed by its parent section.
    #[serde(default)]
    pub transparent: bool,
    /// The section's address redirects here instead of rendering it.
    pub redirect_to: Option<String>,
    /// Overrides `markdown.anchor_links` for the section and its pages.
    pub insert_anchor_links: Option<crate::config::AnchorLinks>,
    /// Renders an Atom feed of the section's pages at `<section>/atom.xml`.
    #[serde(default)]
    pub generate_feeds: bool,
}

fn yes() -> bool {
    true
}

impl Default for FrontMatter {
    /// What an empty front matter means, so the serde defaults (`render: true`) hold here too.
    fn default() -> Self {
        #[allow(clippy::expect_used)] // a constant input: every key has a default
        serde_json::from_value(serde_json::json!({})).expect("every front-matter key is optional")
    }
}

/// serde_yaml's words for a key written twice, which `yaml_error` turns into a message with
/// the repeated line.
fn duplicate<E: serde::de::Error>(key: &str) -> E {
    E::custom(format_args!("duplicate entry with key \"{key}\""))
}

/// A map that refuses a key written twice, which a `BTreeMap` would keep silently (the last
/// one winning). serde_yaml reads front matter straight into `FrontMatter` this way, in one
/// pass, without a `serde_yaml::Value` first.
fn unique_keys<'de, D, V>(deserializer: D) -> Result<BTreeMap<String, V>, D::Error>
where
    D: serde::Deserializer<'de>,
    V: Deserialize<'de>,
{
    struct UniqueKeys<V>(std::marker::PhantomData<V>);
    impl<'de, V: Deserialize<'de>> serde::de::Visitor<'de> for UniqueKeys<V> {
        type Value = BTreeMap<String, V>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a map")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = BTreeMap::new();
            while let Some(key) = map.next_key::<String>()? {
                if out.contains_key(&key) {
                    return Err(duplicate(&key));
                }
                let value = map.next_value()?;
                out.insert(key, value);
            }
            Ok(out)
        }
    }
    deserializer.deserialize_map(UniqueKeys(std::marker::PhantomData))
}

/// `extra`: any value, as `serde_json::Value` reads it, but a key written twice in any of its
/// maps is an error.
fn unique_extra<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<serde_json::Value>, D::Error> {
    Option::<UniqueValue>::deserialize(deserializer).map(|value| value.map(|v| v.0))
}

struct UniqueValue(serde_json::Value);

impl<'de> Deserialize<'de> for UniqueValue {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(UniqueValueVisitor).map(UniqueValue)
    }
}

/// `serde_json::Value`'s own visitor, with the duplicate-key test added to maps.
struct UniqueValueVisitor;

impl<'de> serde::de::Visitor<'de> for UniqueValueVisitor {
    type Value = serde_json::Value;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any valid JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(serde_json::Value::Null, serde_json::Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(serde_json::Value::Null)
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(serde_json::Value::Null)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::new();
        while let Some(UniqueValue(value)) = seq.next_element()? {
            out.push(value);
        }
        Ok(serde_json::Value::Array(out))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.contains_key(&key) {
                return Err(duplicate(&key));
            }
            let UniqueValue(value) = map.next_value()?;
            out.insert(key, value);
        }
        Ok(serde_json::Value::Object(out))
    }
}

/// A date kept as written: YAML gives text, TOML a datetime value, which becomes its text
/// (Zola keeps front-matter dates as strings too).
fn date_text<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    struct DateText;
    impl<'de> serde::de::Visitor<'de> for DateText {
        type Value = Option<String>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a date such as 2026-11-27")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(DateText)
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            // toml's datetime arrives as a one-entry map holding its text.
            let value = map.next_entry::<String, String>()?.map(|(_, text)| text);
            Ok(value)
        }
    }
    deserializer.deserialize_any(DateText)
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SortBy {
    Date,
    UpdateDate,
    Title,
    TitleBytes,
    Weight,
    Slug,
    #[default]
    None,
}

pub const PAGE_KEYS: &[&str] = &[
    "title",
    "description",
    "date",
    "updated",
    "weight",
    "draft",
    "slug",
    "path",
    "aliases",
    "template",
    "taxonomies",
    "authors",
    "extra",
    "translation_key",
    "parity",
    "render",
    "in_search_index",
];
pub const SECTION_KEYS: &[&str] = &[
    "title",
    "description",
    "weight",
    "draft",
    "slug",
    "aliases",
    "template",
    "extra",
    "translation_key",
    "parity",
    "sort_by",
    "paginate_by",
    "paginate_path",
    "paginate_reversed",
    "page_template",
    "render",
    "in_search_index",
    "transparent",
    "redirect_to",
    "insert_anchor_links",
    "generate_feeds",
];

/// A front-matter key Puente does not know, where it is, and the closest known key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownKey {
    pub key: String,
    pub line: usize,
    pub closest: Option<&'static str>,
}

#[derive(Debug, Clone, Default)]
pub struct Parsed {
    pub front: FrontMatter,
    pub body_start: usize,
    /// File line of each top-level key, for messages about a key's value.
    pub key_lines: BTreeMap<String, usize>,
    pub unknown_keys: Vec<UnknownKey>,
}

/// Finds the `---` (YAML) or `+++` (TOML) fences. `text` must already be free of a
/// byte-order mark.
pub fn split(text: &str) -> Result<Split, FrontMatterError> {
    let (marker, first_len) = match (fence_len(text, "---"), fence_len(text, "+++")) {
        (Some(len), _) => ("---", len),
        (None, Some(len)) => ("+++", len),
        (None, None) => return Err(FrontMatterError::Missing),
    };
    let toml = marker == "+++";
    let mut offset = first_len;
    while offset < text.len() {
        let rest = &text[offset..];
        if let Some(len) = fence_len(rest, marker) {
            return Ok(Split {
                yaml_start: first_len,
                yaml_end: offset,
                yaml_first_line: 2,
                body_start: offset + len,
                toml,
            });
        }
        match rest.find('\n') {
            Some(newline) => offset += newline + 1,
            None => break,
        }
    }
    Err(FrontMatterError::Unclosed)
}

/// Length of a `---` (or `+++`) line at the start of `text` (with its line ending), if any.
fn fence_len(text: &str, marker: &str) -> Option<usize> {
    let rest = text.strip_prefix(marker)?;
    let line_end = rest.find('\n').map_or(rest.len(), |i| i + 1);
    rest[..line_end].trim().is_empty().then_some(3 + line_end)
}

/// Splits and parses; `known_keys` decides which keys are reported as unknown.
pub fn parse(text: &str, known_keys: &[&'static str]) -> Result<Parsed, FrontMatterError> {
    let split = split(text)?;
    let yaml = &text[split.yaml_start..split.yaml_end];
    let shift = split.yaml_first_line - 1;
    if split.toml {
        let front = if yaml.trim().is_empty() {
            FrontMatter::default()
        } else {
            toml::from_str::<FrontMatter>(yaml).map_err(|err| toml_error(&err, yaml, shift))?
        };
        return Ok(finish(front, split, yaml, known_keys));
    }
    if let Some((key, line)) = duplicate_key(yaml, split.yaml_first_line) {
        return Err(FrontMatterError::Invalid {
            line,
            message: format!("front matter has the key `{key}` twice"),
            hint: format!("keep one `{key}:` line and delete the other"),
        });
    }
    let front = if yaml.trim().is_empty() {
        FrontMatter::default()
    } else {
        // One pass into the typed form; `unique_keys` and `unique_extra` refuse a key written
        // twice inside `extra`, `taxonomies` or `parity`. serde_yaml reports a syntax error
        // only once it reaches it, so a value of the wrong type before it would hide it: a
        // file refused is read again as plain YAML, whose error, if any, comes first.
        match serde_yaml::from_str::<FrontMatter>(yaml) {
            Ok(front) => front,
            Err(typed) => {
                let err = serde_yaml::from_str::<serde_yaml::Value>(yaml).err().unwrap_or(typed);
                return Err(yaml_error(&err, yaml, shift));
            }
        }
    };
    Ok(finish(front, split, yaml, known_keys))
}

/// Key lines and unknown keys, the same for both front-matter forms.
fn finish(front: FrontMatter, split: Split, yaml: &str, known_keys: &[&'static str]) -> Parsed {
    let key_lines = top_level_keys(yaml, split.yaml_first_line, split.toml);
    let unknown_keys = key_lines
        .iter()
        .filter(|(key, _)| !known_keys.contains(&key.as_str()))
        .map(|(key, line)| UnknownKey {
            key: key.clone(),
            line: *line,
            closest: suggest::closest(key, known_keys.iter().copied()),
        })
        .collect();
    Parsed { front, body_start: split.body_start, key_lines, unknown_keys }
}

/// A TOML error at its line of the file.
fn toml_error(err: &toml::de::Error, toml_text: &str, shift: usize) -> FrontMatterError {
    let line =
        err.span().map_or(1, |span| toml_text[..span.start.min(toml_text.len())].matches('\n').count() + 1) + shift;
    FrontMatterError::Invalid {
        line,
        message: format!("front matter (TOML) is not valid: {}", err.message()),
        hint: "check that line: `key = \"value\"`, dates as 2026-11-27, lists as [\"a\", \"b\"]".to_string(),
    }
}

fn yaml_error(err: &serde_yaml::Error, yaml: &str, shift: usize) -> FrontMatterError {
    let raw = err.to_string();
    let mut line = yaml_line(yaml, err).unwrap_or(1);
    // serde_yaml places a key written twice at the start of its mapping; point at the repeat.
    if let Some(key) = duplicate_key_of(&raw) {
        line = repeated_key_line(yaml, key, line).unwrap_or(line);
    }
    let line = line + shift;
    let message = plain(&raw);
    // serde_yaml prefixes the key path ("title: invalid type: …"); say it in words.
    let (key, what) = match message.split_once(": ") {
        Some((key, what)) if !key.contains(' ') => (Some(key.to_string()), what.to_string()),
        _ => (None, message.clone()),
    };
    let words = value_error_in_words(&what);
    let message = match &key {
        Some(key) if what.starts_with("invalid type: ") => {
            format!("front matter key `{key}` has the wrong kind of value: {}", words.trim_start_matches("has "))
        }
        Some(key) => format!("front matter key `{key}` {words}"),
        None if words != what => format!("front matter {words}"),
        None => format!("front matter is not valid YAML: {what}"),
    };
    let hint = match key.as_deref() {
        Some("title" | "description" | "slug" | "template" | "translation_key") => {
            "write the value as plain text on the same line, for example `title: \"News\"`".to_string()
        }
        Some("weight" | "paginate_by") => "write a whole number, for example `weight: 3`".to_string(),
        Some("draft") => "write `draft: true` or `draft: false`".to_string(),
        Some("aliases" | "authors") => "write a list, for example `aliases: [\"/old/address/\"]`".to_string(),
        Some("taxonomies") => {
            "write each taxonomy as a list, for example `taxonomies: {topics: [\"Border\"]}`".to_string()
        }
        Some("sort_by") => "use one of: date, update_date, title, title_bytes, weight, slug, none".to_string(),
        _ => "check that line: `key: value`, lists as `[a, b]`, and each key only once".to_string(),
    };
    FrontMatterError::Invalid { line, message, hint }
}

/// The first top-level key written a second time, with the line of the repeat.
fn duplicate_key(yaml: &str, first_line: usize) -> Option<(String, usize)> {
    let mut seen = std::collections::BTreeSet::new();
    top_level_key_lines(yaml, first_line, false).find(|(key, _)| !seen.insert(key.clone()))
}

/// Top-level keys of a block-style YAML mapping with their file lines. Front matter is nearly
/// always written this way; the few that are not simply get no per-key lines.
fn top_level_keys(text: &str, first_line: usize, toml: bool) -> BTreeMap<String, usize> {
    let mut keys = BTreeMap::new();
    for (key, line) in top_level_key_lines(text, first_line, toml) {
        keys.entry(key).or_insert(line);
    }
    keys
}

/// `key: value` (YAML) or `key = value` (TOML) lines at column 0. In TOML a `[table]` header
/// ends the top level, so the keys under `[extra]` are not taken for top-level keys.
fn top_level_key_lines(text: &str, first_line: usize, toml: bool) -> impl Iterator<Item = (String, usize)> + '_ {
    let separator = if toml { '=' } else { ':' };
    text.lines().enumerate().take_while(move |(_, line)| !(toml && line.starts_with('['))).filter_map(
        move |(i, line)| {
            let first = line.chars().next()?;
            if !(first.is_ascii_alphabetic() || first == '_') {
                return None;
            }
            let (key, _) = line.split_once(separator)?;
            let key = key.trim_end();
            key.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                .then(|| (key.to_string(), first_line + i))
        },
    )
}

/// A date as written in front matter: `2026-11-27`, `2026-11-27T10:00:00Z`, `2026-11-27 10:00`.
pub fn parse_date(text: &str) -> Option<chrono::NaiveDateTime> {
    let text = text.trim();
    if let Ok(date) = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return date.and_hms_opt(0, 0, 0);
    }
    if let Ok(datetime) = chrono::DateTime::parse_from_rfc3339(text) {
        return Some(datetime.naive_utc());
    }
    ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"]
        .iter()
        .find_map(|format| chrono::NaiveDateTime::parse_from_str(text, format).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_gives_what_serde_yaml_reads_into_the_typed_form() {
        for yaml in [
            "title: 2026\nweight: 3\ndescription: 1.50\n",
            "title: \"A\"\ndate: 2026-11-27\nupdated: 2026-11-27T10:00:00\ndraft: true\n",
            "title: yes\ntaxonomies:\n  tags: [a, b]\naliases: [/x/]\n",
            "extra: {1: a, b: [1, 2], c: {d: null}}\ntitle: ~\n",
            "translation_key: 18\nparity:\n  number-mismatch: off\n",
            "title: !custom x\n",
        ] {
            let text = format!("---\n{yaml}---\nBody\n");
            let parsed = parse(&text, &[]).map(|p| format!("{:?}", p.front)).map_err(|e| format!("{e:?}"));
            let direct = serde_yaml::from_str::<FrontMatter>(yaml).map(|f| format!("{f:?}"));
            match (parsed, direct) {
                (Ok(parsed), Ok(direct)) => assert_eq!(parsed, direct, "{yaml}"),
                (Err(_), Err(_)) => {}
                (parsed, direct) => panic!("{yaml}: {parsed:?} against {direct:?}"),
            }
        }
    }

    #[test]
    fn splits_lf_and_crlf() {
        let split = split("---\ntitle: A\n---\nBody\n").unwrap();
        assert_eq!(split.body_start, 17);
        let text = "---\r\ntitle: A\r\n---\r\nBody\r\n";
        let split = super::split(text).unwrap();
        assert_eq!(&text[split.body_start..], "Body\r\n");
        assert_eq!(&text[split.yaml_start..split.yaml_end], "title: A\r\n");
    }

    #[test]
    fn toml_front_matter_reads_like_zolas() {
        let text = "+++\ntitle = \"Cumbre\"\ndate = 2026-11-27\nweight = 3\n[taxonomies]\ntags = [\"a\"]\n[extra]\nkey = 1\n+++\nBody\n";
        let parsed = parse(text, PAGE_KEYS).unwrap();
        assert_eq!(parsed.front.title.as_deref(), Some("Cumbre"));
        assert_eq!(parsed.front.date.as_deref(), Some("2026-11-27"));
        assert_eq!(parsed.front.taxonomies["tags"], ["a"]);
        assert!(parsed.unknown_keys.is_empty(), "{:?}", parsed.unknown_keys);
        assert_eq!(&text[parsed.body_start..], "Body\n");
        let err = parse("+++\ntitle = \"A\"\nweight = \"x\"\n+++\n", PAGE_KEYS).unwrap_err();
        assert_eq!(err.line(), 3, "{err}");
    }

    #[test]
    fn unclosed_and_missing_are_told_apart() {
        assert_eq!(split("---\ntitle: A\nBody\n"), Err(FrontMatterError::Unclosed));
        assert_eq!(split("# Just markdown\n"), Err(FrontMatterError::Missing));
        assert_eq!(split(""), Err(FrontMatterError::Missing));
        assert_eq!(split("----\n"), Err(FrontMatterError::Missing));
    }

    #[test]
    fn wrong_type_points_at_its_file_line() {
        let err = parse("---\ntitle: A\nweight: \"x\"\n---\n", PAGE_KEYS).unwrap_err();
        assert_eq!(err.line(), 3);
        assert!(err.to_string().contains("`weight`"), "{err}");
        let err = parse("---\ntitle: [a]\n---\n", PAGE_KEYS).unwrap_err();
        assert_eq!(err.line(), 2);
        assert!(err.to_string().contains("`title`"), "{err}");
    }

    #[test]
    fn duplicate_keys_are_an_error() {
        let err = parse("---\ntitle: A\ntitle: B\n---\n", PAGE_KEYS).unwrap_err();
        assert_eq!(err.line(), 3, "{err}");
    }

    #[test]
    fn errors_are_in_words_not_rust_types() {
        // Issue 7: these said "expected i64", "expected a a list" and "a set of keysping values".
        let says = |yaml: &str| parse(&format!("---\n{yaml}\n---\n"), PAGE_KEYS).unwrap_err().to_string();
        assert_eq!(
            says("title: A\nweight: \"x\""),
            "front matter key `weight` has the wrong kind of value: the text \"x\" where a whole number was expected"
        );
        assert_eq!(
            says("title: A\naliases: 3"),
            "front matter key `aliases` has the wrong kind of value: the number 3 where a list was expected"
        );
        assert_eq!(
            says("title: A\nsort_by: size"),
            "front matter key `sort_by` is `size`, which is not one of the allowed values: `date`, `update_date`, `title`, `title_bytes`, `weight`, `slug`, `none`"
        );
        assert_eq!(
            says("title: A\n  x: y"),
            "front matter is not valid YAML: mapping values are not allowed in this context"
        );
    }

    #[test]
    fn duplicate_keys_inside_a_map_are_an_error() {
        let err = parse("---\ntitle: A\nextra:\n  a: 1\n  a: 2\n---\n", PAGE_KEYS).unwrap_err();
        assert!(err.to_string().contains("`a`") || err.to_string().contains("\"a\""), "{err}");
        assert!(err.to_string().contains("twice"), "{err}");
        assert_eq!(err.line(), 5, "{err}");
    }

    #[test]
    fn duplicate_keys_in_taxonomies_parity_and_deep_in_extra_are_errors_on_their_line() {
        for (yaml, line) in [
            ("title: A\ntaxonomies:\n  tags: [a]\n  tags: [b]\n", 5),
            ("title: A\nparity:\n  number-mismatch: off\n  number-mismatch: warning\n", 5),
            ("title: A\nextra:\n  x:\n    - {b: 1, c: 2}\n    - y:\n        b: 1\n        b: 2\n", 8),
        ] {
            let err = parse(&format!("---\n{yaml}---\n"), PAGE_KEYS).unwrap_err();
            assert!(err.to_string().contains("twice"), "{yaml}: {err}");
            assert_eq!(err.line(), line, "{yaml}: {err}");
        }
    }

    #[test]
    fn a_syntax_error_is_reported_before_a_wrong_type_ahead_of_it() {
        let err = parse("---\ntitle: Summit\ndate: [2026\n---\nText\n", PAGE_KEYS).unwrap_err();
        assert!(err.to_string().contains("not valid YAML"), "{err}");
    }

    #[test]
    fn extra_reads_as_serde_json_reads_it() {
        for yaml in [
            "{a: 1, b: -2, c: 1.5, d: .nan, e: ~, f: [x, true, null], g: {h: {i: 'j'}}, 3: k}",
            "[1, [2]]",
            "x",
            "!tag x",
        ] {
            let ours = serde_yaml::from_str::<UniqueValue>(yaml).map(|v| v.0).map_err(|e| e.to_string());
            let theirs = serde_yaml::from_str::<serde_json::Value>(yaml).map_err(|e| e.to_string());
            assert_eq!(ours, theirs, "{yaml}");
        }
    }

    #[test]
    fn a_lone_carriage_return_does_not_move_the_error_line() {
        // Found by the `front_matter` fuzz target (tests/fuzz-regressions/front_matter/): YAML
        // counts a lone `\r` as a line break, people and Puente's line index do not, so the error
        // was placed on line 5 of a 4-line file.
        let text = "---\ntNitltNitle: \"Noti26\r05-ate\n- date\n---\n";
        let err = parse(text, PAGE_KEYS).unwrap_err();
        assert!(err.line() <= text.lines().count(), "line {} of {}: {err}", err.line(), text.lines().count());
    }

    #[test]
    fn unknown_keys_come_back_with_lines() {
        let parsed = parse("---\ntitle: A\ntitel: B\n---\n", PAGE_KEYS).unwrap();
        assert_eq!(parsed.unknown_keys, vec![UnknownKey { key: "titel".into(), line: 3, closest: Some("title") }]);
    }

    #[test]
    fn dates_in_the_forms_people_write() {
        assert!(parse_date("2026-11-27").is_some());
        assert!(parse_date("2026-11-27T10:00:00Z").is_some());
        assert!(parse_date("2026-11-27 10:00").is_some());
        assert!(parse_date("2026-13-45").is_none());
        assert!(parse_date("27/11/2026").is_none());
    }

    proptest::proptest! {
        #[test]
        fn splitting_never_panics_and_stays_in_bounds(text in "(---\r?\n)?[a-z:\\- \r\n\"\\[\\]]{0,80}(---\r?\n)?.{0,20}") {
            if let Ok(split) = split(&text) {
                assert!(split.yaml_start <= split.yaml_end && split.yaml_end <= split.body_start && split.body_start <= text.len());
                let _ = parse(&text, PAGE_KEYS);
            }
        }
    }
}
