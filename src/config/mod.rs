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
        let text = std::fs::read_to_string(&path).map_err(|err| {
            let problem = Problem::new(format!("cannot read {CONFIG_FILE}: {}", crate::io_reason(&err)));
            if err.kind() == std::io::ErrorKind::NotFound {
                problem.hint(format!(
                    "run Puente in the site's folder (or pass --root DIR), or create a site with `puente init DIR`; {CONFIG_FILE} needs at least `base_url: https://example.org`"
                ))
            } else {
                problem
            }
        })?;
        Config::parse(&text)
    }

    pub fn parse(text: &str) -> Result<Config, Problem> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut config: Config = serde_yaml::from_str(text).map_err(|err| yaml_problem(&err))?;
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
fn yaml_problem(err: &serde_yaml::Error) -> Problem {
    let message = err.to_string();
    let at = match err.location() {
        Some(location) => Location::new(CONFIG_FILE, location.line()),
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
    Problem::new(format!("{CONFIG_FILE} is not valid: {}", plain(&message)))
        .at(at)
        .hint("check the spelling and indentation of that line; lists start with `- ` and maps use `key: value`")
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
