//! `site.yaml` → a typed `Config`.
//!
//! Every key is optional except `base_url` (SPEC §1). An unknown key is an error that names the
//! key, the line, and the closest known key, because a misspelt key that is silently ignored is a
//! setting the user believes is on. This module reads `site.yaml` and nothing else; merging the
//! theme's `[extra]` happens here too, but the theme's files are read by `theme`.

mod lang;
pub mod suggest;

pub use lang::Lang;

use crate::diagnostics::{Location, Problem, plain};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

pub const CONFIG_FILE: &str = "site.yaml";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Without a trailing slash, as Zola exposes it; permalinks are `base_url + path`.
    pub base_url: String,
    #[serde(default = "default_language")]
    pub default_language: Lang,
    #[serde(default = "yes")]
    pub default_language_in_subdir: bool,
    #[serde(default = "default_theme")]
    pub theme: String,
    #[serde(default)]
    pub languages: Languages,
    #[serde(default)]
    pub author: Option<String>,
    #[serde(default)]
    pub taxonomies: Vec<TaxonomyConfig>,
    #[serde(default)]
    pub translations: BTreeMap<Lang, BTreeMap<String, String>>,
    #[serde(default)]
    pub markdown: MarkdownConfig,
    #[serde(default = "empty_map")]
    pub extra: serde_json::Value,
    // Translation checks (SPEC §4). Read and validated here so a typo fails early.
    #[serde(default)]
    pub parity: BTreeMap<String, Level>,
    #[serde(default)]
    pub spanish_variant: SpanishVariant,
    #[serde(default)]
    pub link_equivalents: Vec<LinkEquivalent>,
    #[serde(default)]
    pub unchanged_allow: Vec<String>,
    #[serde(default)]
    pub shared_extra_keys: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Languages {
    #[serde(default)]
    pub en: LanguageOptions,
    #[serde(default)]
    pub es: LanguageOptions,
}

impl Languages {
    pub fn get(&self, lang: Lang) -> &LanguageOptions {
        match lang {
            Lang::En => &self.en,
            Lang::Es => &self.es,
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageOptions {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaxonomyConfig {
    pub name: String,
    #[serde(default)]
    pub title: BTreeMap<Lang, String>,
    #[serde(default)]
    pub slug: BTreeMap<Lang, String>,
    #[serde(default)]
    pub feed: bool,
    #[serde(default)]
    pub paginate_by: Option<usize>,
}

impl TaxonomyConfig {
    /// The URL segment of this taxonomy in `lang`: the configured slug, else its name.
    pub fn slug_in(&self, lang: Lang) -> String {
        self.slug.get(&lang).cloned().unwrap_or_else(|| slug::slugify(&self.name))
    }

    /// The display name in `lang`: the configured title, else the name.
    pub fn title_in(&self, lang: Lang) -> String {
        self.title.get(&lang).cloned().unwrap_or_else(|| self.name.clone())
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarkdownConfig {
    #[serde(default = "yes")]
    pub smart_punctuation: bool,
    #[serde(default)]
    pub anchor_links: AnchorLinks,
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig { smart_punctuation: true, anchor_links: AnchorLinks::None }
    }
}

/// Where a heading's own link goes, as in Zola's `insert_anchor_links`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AnchorLinks {
    #[default]
    None,
    Left,
    Right,
    Heading,
}

/// A check's severity as a user sets it (`parity:` in site.yaml or front matter).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
    Off,
}

/// How Spanish numbers are written (SPEC §4): Mexico and the US group with commas.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
pub enum SpanishVariant {
    #[default]
    #[serde(rename = "es-MX")]
    EsMx,
    #[serde(rename = "es-US")]
    EsUs,
    #[serde(rename = "es-419")]
    Es419,
    #[serde(rename = "es-ES")]
    EsEs,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkEquivalent {
    pub en: String,
    pub es: String,
}

fn default_language() -> Lang {
    Lang::En
}
fn default_theme() -> String {
    "puente".to_string()
}
fn yes() -> bool {
    true
}
fn empty_map() -> serde_json::Value {
    serde_json::Value::Object(Default::default())
}

impl Config {
    /// Reads `<root>/site.yaml`. Every error here is a setup error (exit 2).
    pub fn load(root: &Path) -> Result<Config, Problem> {
        let path = root.join(CONFIG_FILE);
        let bytes = std::fs::read(&path).map_err(|err| {
            let problem = Problem::new(format!("cannot read {CONFIG_FILE}: {}", crate::io_reason(&err)));
            if err.kind() == std::io::ErrorKind::NotFound {
                problem.hint(format!(
                    "run Puente in the site's folder (or pass --root DIR), or create a site with `puente init DIR`; {CONFIG_FILE} needs at least `base_url: https://example.org`"
                ))
            } else {
                problem
            }
        })?;
        let text = String::from_utf8(bytes).map_err(|err| {
            let valid = &err.as_bytes()[..err.utf8_error().valid_up_to()];
            let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
            Problem::new(format!("{CONFIG_FILE} is not UTF-8 text"))
                .at(Location::new(CONFIG_FILE, line))
                .hint("save the file as UTF-8 in your editor")
        })?;
        Config::parse(&text)
    }

    pub fn parse(text: &str) -> Result<Config, Problem> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        // Parsed once as plain YAML first: that refuses a key written twice at any depth, which
        // the maps below (`parity`, `translations`) would otherwise keep silently, last one winning.
        serde_yaml::from_str::<serde_yaml::Value>(text).map_err(|err| yaml_problem(&err, text))?;
        let mut config: Config = serde_yaml::from_str(text).map_err(|err| yaml_problem(&err, text))?;
        config.validate()?;
        config.base_url = config.base_url.trim_end_matches('/').to_string();
        Ok(config)
    }

    fn validate(&self) -> Result<(), Problem> {
        let base = self.base_url.trim();
        if !(base.starts_with("http://") || base.starts_with("https://") || base.starts_with('/')) {
            return Err(Problem::new(format!("base_url `{base}` is not a web address"))
                .at(Location::file(CONFIG_FILE))
                .hint("write the address the site will be published at, for example `base_url: https://example.gov/outreach/`"));
        }
        for code in self.parity.keys() {
            if crate::diagnostics::Code::from_name(code).is_none() {
                let names = crate::diagnostics::Code::ALL.iter().map(|c| c.as_str());
                let problem = Problem::new(format!("`parity:` names `{code}`, which is not a check code"))
                    .at(Location::file(CONFIG_FILE));
                return Err(match suggest::closest(code, names) {
                    Some(close) => problem.hint(format!("did you mean `{close}`?")),
                    None => problem.hint("use a code from the table in the README, such as `number-mismatch`"),
                });
            }
        }
        let mut seen = std::collections::BTreeSet::new();
        for taxonomy in &self.taxonomies {
            if taxonomy.name.is_empty() || !seen.insert(taxonomy.name.as_str()) {
                return Err(Problem::new(format!("taxonomy `{}` is declared twice or has no name", taxonomy.name))
                    .at(Location::file(CONFIG_FILE))
                    .hint("give each entry under `taxonomies:` its own `name`"));
            }
        }
        Ok(())
    }

    /// The Spanish variant as written in site.yaml, for messages.
    pub fn spanish_variant_name(&self) -> &'static str {
        match self.spanish_variant {
            SpanishVariant::EsMx => "es-MX",
            SpanishVariant::EsUs => "es-US",
            SpanishVariant::Es419 => "es-419",
            SpanishVariant::EsEs => "es-ES",
        }
    }

    /// Overrides `base_url` for one build (`--base-url`).
    pub fn set_base_url(&mut self, base_url: &str) {
        self.base_url = base_url.trim_end_matches('/').to_string();
    }

    pub fn taxonomy(&self, name: &str) -> Option<&TaxonomyConfig> {
        self.taxonomies.iter().find(|t| t.name == name)
    }

    /// The URL prefix of a language's pages, such as `/es/`; `/` for the default language when
    /// `default_language_in_subdir` is false (Zola's layout).
    pub fn lang_prefix(&self, lang: Lang) -> String {
        if !self.default_language_in_subdir && lang == self.default_language {
            "/".to_string()
        } else {
            format!("/{}/", lang.code())
        }
    }

    /// `base_url` + a site path that starts with `/`.
    pub fn permalink(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }

    /// Deep-merges a theme's `[extra]` under the site's `extra` (site values win).
    pub fn merge_theme_extra(&mut self, theme_extra: serde_json::Value) {
        fn merge(site: &mut serde_json::Value, theme: serde_json::Value) {
            match (site, theme) {
                (serde_json::Value::Object(site), serde_json::Value::Object(theme)) => {
                    for (key, value) in theme {
                        match site.get_mut(&key) {
                            Some(existing) => merge(existing, value),
                            None => {
                                site.insert(key, value);
                            }
                        }
                    }
                }
                (site @ serde_json::Value::Null, theme) => *site = theme,
                _ => {}
            }
        }
        merge(&mut self.extra, theme_extra);
    }
}

/// Turns a serde_yaml error into words: the line, the key, and for an unknown key the closest
/// known one. serde's message lists the expected keys in backticks; we reuse that list.
fn yaml_problem(err: &serde_yaml::Error, text: &str) -> Problem {
    let message = err.to_string();
    let at = match yaml_line(text, err) {
        Some(line) => Location::new(CONFIG_FILE, line),
        None => Location::file(CONFIG_FILE),
    };
    if let Some(rest) = message.split("unknown field `").nth(1) {
        let unknown = rest.split('`').next().unwrap_or_default();
        let known: Vec<&str> = rest.split('`').skip(2).step_by(2).collect();
        let scope = message.split(": unknown field").next().filter(|s| *s != message && !s.contains(' '));
        let key = match scope {
            Some(scope) => format!("{scope}.{unknown}"),
            None => unknown.to_string(),
        };
        let problem = Problem::new(format!("unknown key `{key}` in {CONFIG_FILE}")).at(at);
        return match suggest::closest(unknown, known.iter().copied()) {
            Some(close) => problem.hint(format!("did you mean `{close}`? Rename the key, or remove it")),
            None => problem.hint(format!("remove the key; the keys allowed here are: {}", known.join(", "))),
        };
    }
    if message.contains("missing field `base_url`") {
        return Problem::new(format!("{CONFIG_FILE} has no `base_url`"))
            .at(Location::file(CONFIG_FILE))
            .hint("add a line such as `base_url: https://example.gov/` (the address the site is published at)");
    }
    let message = plain(&message);
    // serde prefixes the key path ("languages: invalid type: …"); name the key in words.
    let message = match message.split_once(": ") {
        Some((key, what)) if !key.contains(' ') => format!("the key `{key}` {}", value_error_in_words(what)),
        _ => match value_error_in_words(&message) {
            words if words == message => message.clone(),
            words => format!("it {words}"),
        },
    };
    // serde_yaml places a duplicate at the start of its mapping; point at the second one.
    let raw = err.to_string();
    let at = match (duplicate_key_of(&raw), yaml_line(text, err)) {
        (Some(key), Some(line)) => Location::new(CONFIG_FILE, repeated_key_line(text, key, line).unwrap_or(line)),
        _ => at,
    };
    Problem::new(format!("{CONFIG_FILE} is not valid: {message}"))
        .at(at)
        .hint("check the spelling and indentation of that line; lists start with `- ` and maps use `key: value`")
}

/// The 1-based line of a YAML error, counting `\n` as every other line number of Puente does.
/// serde_yaml's own line count also breaks at a lone `\r` (YAML's rule), which put errors past
/// the end of a file that had one (found by the `front_matter` fuzz target); its byte index does not.
pub(crate) fn yaml_line(text: &str, err: &serde_yaml::Error) -> Option<usize> {
    let index = err.location()?.index().min(text.len());
    Some(text.as_bytes()[..index].iter().filter(|&&b| b == b'\n').count() + 1)
}

/// The key of serde's "duplicate field `x`" or serde_yaml's "duplicate entry with key \"x\"".
pub(crate) fn duplicate_key_of(message: &str) -> Option<&str> {
    let (_, rest) =
        message.split_once("duplicate field `").or_else(|| message.split_once("duplicate entry with key \""))?;
    rest.split(['`', '"']).next()
}

/// The 1-based line where `key:` is written a second time, searching from `from_line`.
pub(crate) fn repeated_key_line(text: &str, key: &str, from_line: usize) -> Option<usize> {
    let mut lines = text.lines().enumerate().skip(from_line.saturating_sub(1)).filter(|(_, line)| {
        let line = line.trim_start().trim_start_matches("- ");
        line.strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with(':'))
    });
    lines.nth(1).map(|(i, _)| i + 1)
}

/// serde's account of a wrong value in words a site author knows: "invalid type: integer `3`,
/// expected struct Languages" becomes "has the number 3 where a set of keys was expected".
/// Shared by `site.yaml` and front matter; text it does not recognise is returned as it is.
pub(crate) fn value_error_in_words(what: &str) -> String {
    if let Some(rest) = what.strip_prefix("invalid type: ").or_else(|| what.strip_prefix("invalid value: "))
        && let Some((found, expected)) = rest.rsplit_once(", expected ")
    {
        return format!("has {} where {} was expected", found_in_words(found), expected_in_words(expected));
    }
    if let Some(rest) = what.strip_prefix("unknown variant ")
        && let Some((found, allowed)) = rest.split_once(", expected ")
    {
        let allowed = allowed.trim_start_matches("one of ");
        return format!("is {found}, which is not one of the allowed values: {allowed}");
    }
    if let Some(key) = what.strip_prefix("missing field ") {
        return format!("needs the key {key}, which is missing");
    }
    if let Some(key) = what.strip_prefix("duplicate field ") {
        return format!("has the key {key} twice");
    }
    if let Some(rest) = what.strip_prefix("duplicate entry with key ") {
        return format!("has the key {rest} twice");
    }
    // serde_yaml's guards against hostile YAML: deep nesting and anchors expanded without end.
    match what {
        "recursion limit exceeded" => "nests lists or sets of keys too deeply".to_string(),
        "repetition limit exceeded" => "repeats its anchors (`*name`) too many times".to_string(),
        _ => what.to_string(),
    }
}

/// serde's `Unexpected` ("integer `3`", "sequence") as a user would say it.
fn found_in_words(found: &str) -> String {
    let quoted = |rest: &str| rest.trim_matches('`').to_string();
    match found {
        "sequence" => "a list".to_string(),
        "map" => "a set of keys".to_string(),
        "unit value" | "null" => "an empty value".to_string(),
        _ => match found.split_once(' ') {
            Some(("string", text)) => format!("the text {text}"),
            Some(("integer", n)) => format!("the number {}", quoted(n)),
            Some(("floating", rest)) => format!("the number {}", quoted(rest.trim_start_matches("point "))),
            Some(("boolean", b)) => format!("the value {}", quoted(b)),
            _ => found.to_string(),
        },
    }
}

/// serde's `expecting` text ("i64", "struct Languages", "a sequence") as a user would say it.
fn expected_in_words(expected: &str) -> String {
    match expected {
        "a string" | "string" | "a borrowed string" | "a character" | "char" => "text".to_string(),
        "a boolean" | "bool" => "true or false".to_string(),
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" | "an integer" => "a whole number".to_string(),
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" => "a whole number (0 or more)".to_string(),
        "f32" | "f64" | "a number" => "a number".to_string(),
        "a sequence" | "sequence" | "a list" => "a list".to_string(),
        "a map" | "map" | "a YAML mapping" => "a set of keys".to_string(),
        _ if expected.starts_with("struct ") => "a set of keys".to_string(),
        _ if expected.starts_with("enum ") => "one of the allowed values".to_string(),
        _ => expected.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimal_config_has_defaults() {
        let config = Config::parse("base_url: https://example.gov/outreach/\n").unwrap();
        assert_eq!(config.base_url, "https://example.gov/outreach");
        assert_eq!(config.default_language, Lang::En);
        assert!(config.default_language_in_subdir);
        assert_eq!(config.theme, "puente");
        assert_eq!(config.lang_prefix(Lang::Es), "/es/");
        assert_eq!(config.permalink("/es/"), "https://example.gov/outreach/es/");
    }

    #[test]
    fn unknown_key_names_line_and_closest_key() {
        let err = Config::parse("theme: puente\nbase_ulr: https://x.org\n").unwrap_err();
        assert_eq!(err.at, Some(Location::new("site.yaml", 2)));
        assert!(err.message.contains("`base_ulr`"), "{}", err.message);
        assert_eq!(err.hint.as_deref(), Some("did you mean `base_url`? Rename the key, or remove it"));
        let err = Config::parse("base_url: https://x.org\ncolour_scheme: dark\n").unwrap_err();
        assert!(err.hint.unwrap().contains("base_url, default_language"), "lists the allowed keys");
    }

    #[test]
    fn nested_unknown_key_is_named_with_its_parent() {
        let err = Config::parse("base_url: https://x.org\nlanguages:\n  en:\n    titel: Hi\n").unwrap_err();
        assert_eq!(err.at, Some(Location::new("site.yaml", 4)));
        assert!(err.message.contains("titel"), "{}", err.message);
        assert_eq!(err.hint.as_deref(), Some("did you mean `title`? Rename the key, or remove it"));
    }

    #[test]
    fn wrong_values_are_in_words_not_rust_types() {
        // Issue 7: this said "invalid type: integer `3`, expected struct Languages".
        let err = Config::parse("base_url: https://x.org\nlanguages: 3\n").unwrap_err();
        assert_eq!(
            err.message,
            "site.yaml is not valid: the key `languages` has the number 3 where a set of keys was expected"
        );
        assert_eq!(err.at, Some(Location::new("site.yaml", 2)));
        let err = Config::parse("base_url: https://x.org\ndefault_language: fr\n").unwrap_err();
        assert_eq!(
            err.message,
            "site.yaml is not valid: the key `default_language` is `fr`, which is not one of the allowed values: `en` or `es`"
        );
    }

    #[test]
    fn a_key_written_twice_names_the_second_line() {
        let err = Config::parse("base_url: https://x.org\ntheme: puente\nbase_url: https://y.org\n").unwrap_err();
        assert!(err.message.contains("base_url") && err.message.contains("twice"), "{}", err.message);
        assert_eq!(err.at, Some(Location::new("site.yaml", 3)));
        let err = Config::parse("base_url: https://x.org\nparity:\n  number-mismatch: off\n  number-mismatch: error\n")
            .unwrap_err();
        assert!(err.message.contains("number-mismatch") && err.message.contains("twice"), "{}", err.message);
        assert_eq!(err.at, Some(Location::new("site.yaml", 4)));
    }

    #[test]
    fn missing_base_url_is_explained() {
        let err = Config::parse("theme: puente\n").unwrap_err();
        assert!(err.message.contains("base_url"));
    }

    #[test]
    fn zola_layout_puts_default_language_at_root() {
        let config = Config::parse("base_url: https://x.org\ndefault_language_in_subdir: false\n").unwrap();
        assert_eq!(config.lang_prefix(Lang::En), "/");
        assert_eq!(config.lang_prefix(Lang::Es), "/es/");
    }

    #[test]
    fn theme_extra_goes_under_site_extra() {
        let mut config = Config::parse("base_url: https://x.org\nextra: {a: 1}\n").unwrap();
        config.merge_theme_extra(serde_json::json!({"a": 2, "b": 3}));
        assert_eq!(config.extra, serde_json::json!({"a": 1, "b": 3}));
    }
}
