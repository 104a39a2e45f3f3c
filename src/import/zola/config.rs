//! Zola's `zola.toml` or `config.toml` → the keys of Puente's `site.yaml`.
//!
//! Only keys that `config::Config` accepts are written, so the result always loads. Zola's
//! settings that Puente has no counterpart for become notes, unless their value already matches
//! what Puente does (`compile_sass = true`, `generate_feeds = true`): a note must be something
//! the person has to look at. Both generations of Zola's multilingual settings are read:
//! `[languages.es]` tables (0.15 and later) and the older `languages = [{code = "es"}]` list with
//! `[translations]` at the root.

use super::super::{Report, toml_yaml};
use crate::config::Lang;
use crate::diagnostics::{Location, Problem};
use serde_yaml::{Mapping, Value};
use std::path::Path;

/// What the rest of the import needs from Zola's configuration.
#[derive(Debug, Clone)]
pub struct ZolaConfig {
    /// The file read, `zola.toml` or `config.toml`.
    pub file: String,
    /// Every language Zola builds, default first, with the Puente language it becomes; `None`
    /// for a language Puente does not publish.
    pub languages: Vec<(String, Option<Lang>)>,
    /// Zola's default language as written (`en`).
    pub default_code: String,
    /// Zola's `theme`, if any.
    pub theme: Option<String>,
    /// Zola's output folder (`public`), never copied.
    pub output_dir: String,
    /// The site's title per language, for pages that had none.
    pub titles: [Option<String>; 2],
    /// The keys of `site.yaml`, in the order they are written; `theme` and `parity` are added
    /// by the caller.
    pub site: Mapping,
}

impl ZolaConfig {
    /// The language of a Zola code: `None` if Zola does not build that language, `Some(None)` if
    /// it does but Puente does not publish it.
    pub fn lang_of(&self, code: &str) -> Option<Option<Lang>> {
        self.languages.iter().find(|(known, _)| known == code).map(|(_, lang)| *lang)
    }
}

/// Settings of one Zola language, gathered from the root or a `[languages.x]` table.
#[derive(Debug, Default)]
struct LangSettings {
    code: String,
    title: Option<String>,
    description: Option<String>,
    taxonomies: Vec<toml::Value>,
    translations: toml::Table,
}

/// The language Puente publishes for a Zola code: `en`, `en-US`, `es`, `es-MX`…
fn puente_lang(code: &str) -> Option<Lang> {
    let primary = code.split(['-', '_']).next().unwrap_or(code).to_ascii_lowercase();
    Lang::from_code(&primary)
}

pub fn read(src: &Path, report: &mut Report) -> Result<ZolaConfig, Problem> {
    let file = ["zola.toml", "config.toml"].into_iter().find(|name| src.join(name).is_file()).ok_or_else(|| {
        Problem::new(format!("{} has no config.toml or zola.toml, so it is not a Zola site", src.display()))
            .hint("give the folder that holds the Zola site's config.toml and content/")
    })?;
    let text = std::fs::read_to_string(src.join(file)).map_err(|err| {
        Problem::new(format!("cannot read this file: {}", crate::io_reason(&err))).at(Location::file(file))
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let table: toml::Table = toml::from_str(text).map_err(|err| {
        let start = err.span().map_or(0, |span| span.start.min(text.len()));
        let line = text.as_bytes()[..start].iter().filter(|&&b| b == b'\n').count() + 1;
        Problem::new(format!("this file is not valid TOML: {}", err.message().trim()))
            .at(Location::new(file, line))
            .hint("fix that line (Zola would refuse it too), then import again")
    })?;
    Ok(convert(file, text, &table, report))
}

fn convert(file: &str, text: &str, table: &toml::Table, report: &mut Report) -> ZolaConfig {
    let str_of = |key: &str| table.get(key).and_then(toml::Value::as_str).map(str::to_string);
    let default_code = str_of("default_language").unwrap_or_else(|| "en".to_string());
    let mut settings = vec![LangSettings {
        code: default_code.clone(),
        title: str_of("title"),
        description: str_of("description"),
        taxonomies: table.get("taxonomies").and_then(toml::Value::as_array).cloned().unwrap_or_default(),
        translations: Default::default(),
    }];
    read_languages(file, table, &default_code, &mut settings, report);
    read_root_translations(file, table, &mut settings, report);

    // Which Zola language becomes which Puente language; a second Zola language for the same
    // Puente language (es and es-MX) cannot be published.
    let mut languages: Vec<(String, Option<Lang>)> = Vec::new();
    for lang in &settings {
        let mut puente = puente_lang(&lang.code);
        if puente.is_some() && languages.iter().any(|(_, taken)| *taken == puente) {
            puente = None;
        }
        if puente.is_none() {
            report.note(
                file,
                format!("Zola builds this site in `{}` too; Puente publishes one English and one Spanish version, so the `{}` pages were not converted", lang.code, lang.code),
                "keep those pages elsewhere, or translate them into English or Spanish",
            );
        }
        languages.push((lang.code.clone(), puente));
    }
    let zola_default = languages.first().and_then(|(_, lang)| *lang);
    let default_lang = zola_default
        .or_else(|| languages.iter().find_map(|(_, lang)| *lang).filter(|l| *l == Lang::En))
        .or_else(|| languages.iter().find_map(|(_, lang)| *lang))
        .unwrap_or(Lang::En);

    let mut site = Mapping::new();
    let base_url = str_of("base_url").unwrap_or_default();
    let base_ok = base_url.starts_with("http://") || base_url.starts_with("https://") || base_url.starts_with('/');
    if !base_ok {
        report.note(
            file,
            format!("`base_url = \"{base_url}\"` is not a web address; site.yaml says `base_url: /` instead"),
            "put the address the site is published at in site.yaml's `base_url`",
        );
    }
    site.insert("base_url".into(), Value::String(if base_ok { base_url } else { "/".to_string() }));
    site.insert("default_language".into(), Value::String(default_lang.code().to_string()));
    if zola_default.is_some() {
        // Zola's layout: the default language at the root, the other under /es/ (or /en/), so
        // every address stays what it was.
        site.insert("default_language_in_subdir".into(), Value::Bool(false));
    } else {
        report.note(
            file,
            format!("Zola's default language `{default_code}` is not English or Spanish, so English and Spanish both live under /en/ and /es/ now, with a language chooser at the root"),
            "update links to these pages from other sites",
        );
    }

    let mut titles: [Option<String>; 2] = [None, None];
    let mut languages_map = Mapping::new();
    for (lang_settings, (_, puente)) in settings.iter().zip(&languages) {
        let Some(puente) = puente else { continue };
        // Zola shows the root title and description for a language that has none of its own.
        let title = lang_settings.title.clone().or_else(|| settings[0].title.clone());
        let description = lang_settings.description.clone().or_else(|| settings[0].description.clone());
        let mut options = Mapping::new();
        if let Some(title) = &title {
            options.insert("title".into(), Value::String(title.clone()));
        }
        if let Some(description) = description {
            options.insert("description".into(), Value::String(description));
        }
        titles[puente.index()] = title;
        languages_map.insert(Value::String(puente.code().to_string()), Value::Mapping(options));
    }
    if !languages_map.is_empty() {
        site.insert("languages".into(), Value::Mapping(languages_map));
    }
    match table.get("author") {
        Some(toml::Value::String(author)) => {
            site.insert("author".into(), Value::String(author.clone()));
        }
        Some(_) => report.note(
            file,
            "`author` is not text, so it was left out",
            "write the author's name in site.yaml's `author`",
        ),
        None => {}
    }
    let taxonomies = taxonomies(file, &settings, &languages, report);
    if !taxonomies.is_empty() {
        site.insert("taxonomies".into(), Value::Sequence(taxonomies));
    }
    let translations = translations(file, &settings, &languages, report);
    if !translations.is_empty() {
        site.insert("translations".into(), Value::Mapping(translations));
    }
    site.insert("markdown".into(), Value::Mapping(markdown(file, table, report)));
    if let Some(extra) = table.get("extra") {
        let ordered = toml_yaml::document(text).ok().and_then(|doc| doc.get("extra").cloned());
        site.insert("extra".into(), ordered.unwrap_or_else(|| toml_yaml::value(extra)));
    }
    for (key, value) in table {
        if let Some((message, todo)) = root_setting(key, value) {
            report.note(file, message, todo);
        }
    }
    ZolaConfig {
        file: file.to_string(),
        languages,
        default_code,
        theme: str_of("theme"),
        output_dir: str_of("output_dir").unwrap_or_else(|| "public".to_string()),
        titles,
        site,
    }
}

/// The other languages: `[languages.es]` tables, or Zola's older `languages = [{code = "es"}]`.
fn read_languages(
    file: &str,
    table: &toml::Table,
    default_code: &str,
    settings: &mut Vec<LangSettings>,
    report: &mut Report,
) {
    let entries: Vec<(String, &toml::Table)> = match table.get("languages") {
        Some(toml::Value::Table(languages)) => languages
            .iter()
            .filter_map(|(code, value)| value.as_table().map(|options| (code.clone(), options)))
            .collect(),
        Some(toml::Value::Array(list)) => list
            .iter()
            .filter_map(|value| value.as_table())
            .filter_map(|options| options.get("code").and_then(toml::Value::as_str).map(|c| (c.to_string(), options)))
            .collect(),
        _ => Vec::new(),
    };
    for (code, options) in entries {
        let index = if code == default_code {
            0
        } else {
            settings.push(LangSettings { code: code.clone(), ..Default::default() });
            settings.len() - 1
        };
        let lang = &mut settings[index];
        for (key, value) in options {
            match (key.as_str(), value) {
                ("code", _) => {}
                ("title", toml::Value::String(title)) => lang.title = Some(title.clone()),
                ("description", toml::Value::String(text)) => lang.description = Some(text.clone()),
                ("taxonomies", toml::Value::Array(list)) => lang.taxonomies = list.clone(),
                ("translations", toml::Value::Table(strings)) => lang.translations.extend(strings.clone()),
                _ => {
                    let key = format!("languages.{code}.{key}");
                    if let Some((message, todo)) = root_setting(&key, value) {
                        report.note(file, message, todo);
                    }
                }
            }
        }
    }
}

/// Root `[translations]`: flat strings for the default language, or (Zola before 0.15) one table
/// per language code.
fn read_root_translations(file: &str, table: &toml::Table, settings: &mut [LangSettings], report: &mut Report) {
    let Some(toml::Value::Table(root)) = table.get("translations") else { return };
    for (key, value) in root {
        match value {
            toml::Value::Table(strings) => match settings.iter_mut().find(|lang| &lang.code == key) {
                Some(lang) => lang.translations.extend(strings.clone()),
                None => report.note(
                    file,
                    format!("`[translations.{key}]` is for a language this site does not declare, so it was left out"),
                    "nothing to do, unless those strings belong to English or Spanish",
                ),
            },
            _ => {
                settings[0].translations.insert(key.clone(), value.clone());
            }
        }
    }
}

/// One list of taxonomies for both languages: Puente uses the same name in both.
fn taxonomies(
    file: &str,
    settings: &[LangSettings],
    languages: &[(String, Option<Lang>)],
    report: &mut Report,
) -> Vec<Value> {
    let mut out: Vec<(String, Mapping)> = Vec::new();
    let mut declared_in: Vec<(String, Vec<Lang>)> = Vec::new();
    for (lang_settings, (_, puente)) in settings.iter().zip(languages) {
        let Some(puente) = puente else { continue };
        for taxonomy in &lang_settings.taxonomies {
            let Some(options) = taxonomy.as_table() else { continue };
            let Some(name) = options.get("name").and_then(toml::Value::as_str) else {
                report.note(file, "a taxonomy without a `name` was left out", "add the taxonomy to site.yaml by hand");
                continue;
            };
            match declared_in.iter_mut().find(|(known, _)| known == name) {
                Some((_, langs)) => langs.push(*puente),
                None => declared_in.push((name.to_string(), vec![*puente])),
            }
            if out.iter().any(|(known, _)| known == name) {
                continue;
            }
            let mut entry = Mapping::new();
            entry.insert("name".into(), Value::String(name.to_string()));
            for (key, value) in options {
                match (key.as_str(), value) {
                    ("name" | "lang", _) => {}
                    ("feed" | "rss", toml::Value::Boolean(feed)) => {
                        entry.insert("feed".into(), Value::Bool(*feed));
                    }
                    ("paginate_by", toml::Value::Integer(n)) if *n > 0 => {
                        entry.insert("paginate_by".into(), Value::Number((*n).into()));
                    }
                    ("paginate_by", _) => {}
                    ("paginate_path", toml::Value::String(path)) if path == "page" => {}
                    ("render", toml::Value::Boolean(true)) => {}
                    ("render", toml::Value::Boolean(false)) => report.note(
                        file,
                        format!("taxonomy `{name}` had `render = false`; Puente writes its pages anyway"),
                        "nothing to do; do not link to those pages if you do not want them",
                    ),
                    _ => report.note(
                        file,
                        format!("taxonomy `{name}`: `{key}` has no counterpart in Puente and was left out"),
                        "nothing to do (Puente does not paginate term pages)",
                    ),
                }
            }
            out.push((name.to_string(), entry));
        }
    }
    let publishing: Vec<Lang> = languages.iter().filter_map(|(_, lang)| *lang).collect();
    if publishing.len() == 2 {
        for (name, langs) in &declared_in {
            if let [only] = langs.as_slice() {
                let language = match only {
                    Lang::En => "English",
                    Lang::Es => "Spanish",
                };
                report.note(
                    file,
                    format!("taxonomy `{name}` is declared for {language} only; Puente declares it for both languages"),
                    format!("if `{name}` is the translation of another taxonomy, use one name in both languages' front matter and set its Spanish address with `slug: {{es: …}}` in site.yaml"),
                );
            }
        }
    }
    out.into_iter().map(|(_, entry)| Value::Mapping(entry)).collect()
}

fn translations(
    file: &str,
    settings: &[LangSettings],
    languages: &[(String, Option<Lang>)],
    report: &mut Report,
) -> Mapping {
    let mut out = Mapping::new();
    for (lang_settings, (_, puente)) in settings.iter().zip(languages) {
        let Some(puente) = puente else { continue };
        let mut strings = Mapping::new();
        for (key, value) in &lang_settings.translations {
            let text = match value {
                toml::Value::String(text) => text.clone(),
                toml::Value::Integer(n) => n.to_string(),
                toml::Value::Float(f) => f.to_string(),
                toml::Value::Boolean(b) => b.to_string(),
                _ => {
                    report.note(
                        file,
                        format!("translation `{key}` is not a single text, so it was left out"),
                        "add it to site.yaml's `translations:` as text, or move it to a Fluent file in i18n/",
                    );
                    continue;
                }
            };
            strings.insert(Value::String(key.clone()), Value::String(text));
        }
        if !strings.is_empty() {
            out.insert(Value::String(puente.code().to_string()), Value::Mapping(strings));
        }
    }
    out
}

/// `[markdown]` (and the older root `smart_punctuation`): Zola's default is plain punctuation,
/// Puente's is smart, so the value is always written.
fn markdown(file: &str, table: &toml::Table, report: &mut Report) -> Mapping {
    let empty = toml::Table::new();
    let options = table.get("markdown").and_then(toml::Value::as_table).unwrap_or(&empty);
    let mut out = Mapping::new();
    let smart = options.get("smart_punctuation").and_then(toml::Value::as_bool).unwrap_or(false);
    out.insert("smart_punctuation".into(), Value::Bool(smart));
    if let Some(anchors) = options.get("insert_anchor_links").and_then(toml::Value::as_str)
        && matches!(anchors, "none" | "left" | "right" | "heading")
    {
        out.insert("anchor_links".into(), Value::String(anchors.to_string()));
    }
    for (key, value) in options {
        let note = match (key.as_str(), value) {
            ("smart_punctuation" | "insert_anchor_links", _) => None,
            (_, toml::Value::Boolean(false)) => None,
            ("highlight_code", _) => Some((
                "`[markdown] highlight_code = true`: Puente does not colour code blocks; they are shown plain"
                    .to_string(),
                "nothing to do, or style `pre code` in the theme's CSS".to_string(),
            )),
            // Only meaningful with highlighting, which the note above covers.
            ("highlight_theme" | "highlight_themes_css" | "extra_syntaxes_and_themes", _) => None,
            _ => Some((
                format!("`[markdown] {key}` has no counterpart in Puente's Markdown and was left out"),
                "check the pages that relied on it once the site is built".to_string(),
            )),
        };
        if let Some((message, todo)) = note {
            report.note(file, message, todo);
        }
    }
    out
}

/// A note for a root (or `[languages.x]`) setting, or `None` when Puente reads it elsewhere or
/// already behaves that way.
fn root_setting(key: &str, value: &toml::Value) -> Option<(String, String)> {
    let name = key.rsplit('.').next().unwrap_or(key);
    let is = |b: bool| value.as_bool() == Some(b);
    let note = |message: String, todo: &str| Some((message, todo.to_string()));
    match name {
        "base_url" | "title" | "description" | "default_language" | "theme" | "taxonomies" | "markdown" | "extra"
        | "translations" | "languages" | "author" => None,
        "compile_sass" if is(false) => note(
            format!("`{key} = false`: Puente always compiles the files in sass/"),
            "remove sass/ if it should not be published",
        ),
        "generate_feeds" | "generate_feed" | "rss" if is(false) => note(
            format!("`{key} = false`: Puente always writes an Atom feed for each language (atom.xml)"),
            "nothing to do; do not link to the feed if you do not want it",
        ),
        "feed_filenames" | "feed_filename" => {
            let names: Vec<&str> = match value {
                toml::Value::Array(list) => list.iter().filter_map(toml::Value::as_str).collect(),
                toml::Value::String(name) => vec![name.as_str()],
                _ => Vec::new(),
            };
            if names == ["atom.xml"] {
                None
            } else {
                note(
                    format!("`{key}`: Puente writes its feeds as atom.xml only"),
                    "link to atom.xml in the templates; an RSS file (rss.xml) is no longer written",
                )
            }
        }
        "build_search_index" if is(true) => note(
            format!("`{key} = true`: Puente builds no search index"),
            "remove the search box from the templates, or use a search service",
        ),
        "minify_html" if is(true) => {
            note(format!("`{key} = true`: Puente does not minify HTML"), "nothing to do (pages are a little larger)")
        }
        "generate_sitemap" | "generate_robots_txt" if is(false) => note(
            format!("`{key} = false`: Puente always writes sitemap.xml and robots.txt"),
            "nothing to do, or give the site a template of that name",
        ),
        "output_dir" if value.as_str() != Some("public") => note(
            format!("`{key}`: Puente writes into public/ unless told otherwise"),
            "build with `puente build --out FOLDER`",
        ),
        "ignored_content" | "ignored_static" if value.as_array().is_some_and(|list| !list.is_empty()) => note(
            format!("`{key}`: Puente has no list of ignored files, so every file was converted or copied"),
            "delete the files that should not be published from content-en/, content-es/ or static/",
        ),
        "highlight_code" if is(true) => note(
            format!("`{key} = true`: Puente does not colour code blocks; they are shown plain"),
            "nothing to do, or style `pre code` in the theme's CSS",
        ),
        "compile_sass"
        | "generate_feeds"
        | "generate_feed"
        | "rss"
        | "build_search_index"
        | "minify_html"
        | "generate_sitemap"
        | "generate_robots_txt"
        | "output_dir"
        | "ignored_content"
        | "ignored_static"
        | "highlight_code"
        | "highlight_theme"
        | "search" => None,
        _ => note(
            format!("`{key}` has no counterpart in Puente and was left out"),
            "nothing to do, unless a template reads it: then put it under `extra:` in site.yaml and read `config.extra`",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn convert_text(text: &str) -> (ZolaConfig, Report) {
        let mut report = Report::default();
        let table: toml::Table = toml::from_str(text).unwrap();
        let config = convert("config.toml", text, &table, &mut report);
        (config, report)
    }

    #[test]
    fn languages_tables_become_site_yaml_keys() {
        let (config, report) = convert_text(
            "base_url = \"https://x.org\"\ntitle = \"News\"\ntaxonomies = [{name = \"tags\", feed = true}]\n[translations]\nmore = \"More\"\n[languages.es]\ntitle = \"Noticias\"\ntaxonomies = [{name = \"tags\"}]\n[languages.es.translations]\nmore = \"Más\"\n",
        );
        assert!(report.notes.is_empty(), "{:?}", report.notes);
        assert_eq!(config.lang_of("es"), Some(Some(Lang::Es)));
        let yaml = serde_yaml::to_string(&config.site).unwrap();
        assert!(yaml.contains("default_language_in_subdir: false"), "{yaml}");
        assert!(yaml.contains("es:\n    title: Noticias"), "{yaml}");
        assert!(yaml.contains("- name: tags\n  feed: true"), "{yaml}");
        assert!(yaml.contains("es:\n    more: Más"), "{yaml}");
        assert!(yaml.contains("smart_punctuation: false"), "{yaml}");
        assert!(crate::config::Config::parse(&yaml).is_ok());
    }

    #[test]
    fn older_language_list_and_spanish_default() {
        let (config, _) = convert_text(
            "base_url = \"/\"\ndefault_language = \"es\"\nlanguages = [{code = \"en\"}]\n[translations.en]\nhi = \"Hi\"\n[translations.es]\nhi = \"Hola\"\n",
        );
        assert_eq!(config.lang_of("en"), Some(Some(Lang::En)));
        let yaml = serde_yaml::to_string(&config.site).unwrap();
        assert!(yaml.contains("default_language: es"), "{yaml}");
        assert!(yaml.contains("translations:\n  es:\n    hi: Hola\n  en:\n    hi: Hi\n"), "{yaml}");
    }

    #[test]
    fn unsupported_settings_and_languages_are_notes() {
        let (config, report) = convert_text(
            "base_url = \"https://x.org\"\nbuild_search_index = true\ncompile_sass = true\nfoo = 1\n[languages.fr]\ntitle = \"Nouvelles\"\n",
        );
        assert_eq!(config.lang_of("fr"), Some(None));
        let messages: Vec<&str> = report.notes.iter().map(|n| n.message.as_str()).collect();
        assert!(messages.iter().any(|m| m.contains("build_search_index")), "{messages:?}");
        assert!(messages.iter().any(|m| m.contains("`foo`")), "{messages:?}");
        assert!(messages.iter().any(|m| m.contains("`fr`")), "{messages:?}");
        assert!(!messages.iter().any(|m| m.contains("compile_sass")), "true is what Puente does: {messages:?}");
    }
}
