//! UI strings from Fluent files: the theme's `i18n/{en,es}.ftl`, overridden message by message
//! by the site's `i18n/{en,es}.ftl`.
//!
//! Lookup only: whether the two languages' files agree is a check's business, not this module's.
//! A syntax error stops the build with the file and line, because a template that asks for a
//! message from a broken file would otherwise print nothing the reader could use.

use crate::config::Lang;
use crate::diagnostics::{LineIndex, Location, Problem};
use crate::theme::Theme;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::collections::BTreeMap;
use std::path::Path;

/// The two languages' bundles, ready for `fluent()` calls from any render thread.
pub struct Strings {
    bundles: [FluentBundle<FluentResource>; 2],
}

impl std::fmt::Debug for Strings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Strings")
    }
}

/// One `.ftl` file as found: site-relative path for messages, and its text.
#[derive(Debug, Clone)]
pub struct FtlFile {
    pub path: String,
    pub text: String,
}

/// The Fluent files of each language, theme first, then the site's (which override).
pub fn find_files(theme: &Theme, root: &Path) -> Result<[Vec<FtlFile>; 2], Problem> {
    let mut files: [Vec<FtlFile>; 2] = Default::default();
    for lang in Lang::ALL {
        let name = format!("{}.ftl", lang.code());
        if let Some((_, bytes)) = theme.folder("i18n").find(|(path, _)| *path == name) {
            let path = format!("{}/i18n/{name}", theme.origin);
            files[lang.index()].push(FtlFile { text: utf8(bytes, &path)?, path });
        }
        let site_file = root.join("i18n").join(&name);
        if site_file.is_file() {
            let path = format!("i18n/{name}");
            let bytes = std::fs::read(&site_file).map_err(|err| {
                Problem::new(format!("cannot read this file: {}", crate::io_reason(&err))).at(Location::file(&path))
            })?;
            files[lang.index()].push(FtlFile { text: utf8(&bytes, &path)?, path });
        }
    }
    Ok(files)
}

fn utf8(bytes: &[u8], path: &str) -> Result<String, Problem> {
    String::from_utf8(bytes.to_vec())
        .map(|text| text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(text))
        .map_err(|_| {
            Problem::new("this Fluent file is not UTF-8 text").at(Location::file(path)).hint("save it as UTF-8")
        })
}

impl Strings {
    pub fn load(files: &[Vec<FtlFile>; 2]) -> Result<Strings, Vec<Problem>> {
        let mut problems = Vec::new();
        let bundles = Lang::ALL.map(|lang| {
            let code = match lang {
                Lang::En => "en-US",
                Lang::Es => "es-MX",
            };
            let locale: unic_langid::LanguageIdentifier = code.parse().unwrap_or_default();
            let mut bundle = FluentBundle::new_concurrent(vec![locale]);
            // Unicode isolation marks around arguments would land in HTML attributes and titles.
            bundle.set_use_isolating(false);
            for file in &files[lang.index()] {
                match FluentResource::try_new(file.text.clone()) {
                    Ok(resource) => bundle.add_resource_overriding(resource),
                    Err((_, errors)) => {
                        let lines = LineIndex::new(&file.text);
                        for error in errors {
                            let line = lines.line_of(error.pos.start);
                            problems.push(
                                Problem::new(format!("this Fluent file does not parse: {}", error.kind))
                                    .at(Location::new(&file.path, line))
                                    .hint("each message is `id = text`; continuation lines start with spaces; variables are `{ $name }`"),
                            );
                        }
                    }
                }
            }
            bundle
        });
        if problems.is_empty() { Ok(Strings { bundles }) } else { Err(problems) }
    }

    pub fn has(&self, lang: Lang, key: &str) -> bool {
        let (id, attribute) = split_key(key);
        let bundle = &self.bundles[lang.index()];
        match bundle.get_message(id) {
            Some(message) => match attribute {
                Some(attribute) => message.get_attribute(attribute).is_some(),
                None => message.value().is_some(),
            },
            None => false,
        }
    }

    /// Formats `key` (`id` or `id.attribute`) in `lang` with template arguments.
    pub fn format(&self, lang: Lang, key: &str, args: &BTreeMap<String, serde_json::Value>) -> Result<String, String> {
        let bundle = &self.bundles[lang.index()];
        let (id, attribute) = split_key(key);
        let message = bundle
            .get_message(id)
            .ok_or_else(|| format!("the Fluent message `{id}` is missing from {}.ftl", lang.code()))?;
        let pattern = match attribute {
            Some(attribute) => message.get_attribute(attribute).map(|a| a.value()),
            None => message.value(),
        }
        .ok_or_else(|| format!("the Fluent message `{key}` has no text in {}.ftl", lang.code()))?;
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            let value = match value {
                serde_json::Value::Number(n) => match n.as_f64() {
                    Some(f) => FluentValue::from(f),
                    None => FluentValue::from(n.to_string()),
                },
                serde_json::Value::String(s) => FluentValue::from(s.clone()),
                serde_json::Value::Null => FluentValue::None,
                other => FluentValue::from(other.to_string()),
            };
            fluent_args.set(name.clone(), value);
        }
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors).into_owned();
        match errors.first() {
            Some(error) => {
                Err(format!("the Fluent message `{key}` in {}.ftl {}", lang.code(), resolver_error_in_words(error)))
            }
            None => Ok(text),
        }
    }
}

/// fluent-bundle's resolver errors ("Cyclical dependency detected") in words a translator knows.
fn resolver_error_in_words(error: &fluent_bundle::FluentError) -> String {
    use fluent_bundle::resolver::ResolverError;
    use fluent_bundle::resolver::errors::ReferenceKind;
    let fluent_bundle::FluentError::ResolverError(error) = error else {
        return format!("could not be formatted: {error}");
    };
    match error {
        ResolverError::Cyclic => {
            "refers back to itself through other messages (a loop), so it has no text: break the loop".to_string()
        }
        ResolverError::TooManyPlaceables => "expands to too many parts (over 100) to be shown".to_string(),
        ResolverError::MissingDefault => "has a selector without a default variant (`*[other]`)".to_string(),
        ResolverError::NoValue(id) => format!("uses `{id}`, which has no text of its own"),
        ResolverError::Reference(reference) => match reference {
            ReferenceKind::Variable { id } => format!("uses `${id}`, which the template does not pass"),
            ReferenceKind::Function { id } => format!("calls `{id}()`, which Puente does not provide"),
            ReferenceKind::Message { id, attribute: None } => format!("uses the message `{id}`, which does not exist"),
            ReferenceKind::Message { id, attribute: Some(attribute) } => {
                format!("uses `{id}.{attribute}`, which does not exist")
            }
            ReferenceKind::Term { id, attribute: None } => format!("uses the term `-{id}`, which does not exist"),
            ReferenceKind::Term { id, attribute: Some(attribute) } => {
                format!("uses `-{id}.{attribute}`, which does not exist")
            }
        },
    }
}

fn split_key(key: &str) -> (&str, Option<&str>) {
    match key.split_once('.') {
        Some((id, attribute)) => (id, Some(attribute)),
        None => (key, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(en: &str, es: &str) -> Strings {
        let files = [
            vec![FtlFile { path: "en.ftl".into(), text: en.into() }],
            vec![FtlFile { path: "es.ftl".into(), text: es.into() }],
        ];
        Strings::load(&files).unwrap()
    }

    #[test]
    fn plurals_follow_each_language() {
        let s = strings(
            "read = { $minutes ->\n    [one] 1 minute\n   *[other] { $minutes } minutes\n}\n",
            "read = { $minutes ->\n    [one] 1 minuto\n   *[other] { $minutes } minutos\n}\n",
        );
        let args = |n: i64| BTreeMap::from([("minutes".to_string(), serde_json::json!(n))]);
        assert_eq!(s.format(Lang::En, "read", &args(1)).unwrap(), "1 minute");
        assert_eq!(s.format(Lang::Es, "read", &args(4)).unwrap(), "4 minutos");
    }

    #[test]
    fn missing_message_is_an_error_not_english() {
        let s = strings("hello = Hello\n", "");
        assert!(s.format(Lang::Es, "hello", &BTreeMap::new()).unwrap_err().contains("es.ftl"));
    }

    #[test]
    fn syntax_errors_have_lines() {
        let files = [vec![FtlFile { path: "i18n/en.ftl".into(), text: "ok = fine\nbroken\n".into() }], vec![]];
        let problems = Strings::load(&files).unwrap_err();
        assert_eq!(problems[0].at, Some(Location::new("i18n/en.ftl", 2)));
    }
}
