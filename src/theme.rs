//! The theme's files, read once: templates, static files, Fluent strings and `theme.toml`.
//!
//! A site names its theme in `site.yaml`; Puente looks in `themes/<name>/` and, for the default
//! theme only, falls back to the copy compiled into the binary, so a site with no `themes/`
//! folder (or one made by `puente init`) still builds. Nothing here parses what it reads.

use crate::diagnostics::{Location, Problem};
use include_dir::{Dir, include_dir};
use std::collections::BTreeMap;
use std::path::Path;

/// The default theme, as shipped in this repository's `themes/puente/`.
pub static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/puente");
pub const DEFAULT_THEME_NAME: &str = "puente";

#[derive(Debug, Clone, Default)]
pub struct Theme {
    pub name: String,
    /// Site-relative folder the files came from, for messages (`themes/puente`), or
    /// `(built-in puente theme)`.
    pub origin: String,
    /// Relative paths inside the theme (`templates/page.html`), sorted.
    pub files: BTreeMap<String, Vec<u8>>,
}

impl Theme {
    pub fn load(root: &Path, name: &str) -> Result<Theme, Problem> {
        let dir = root.join("themes").join(name);
        if dir.is_dir() {
            let mut files = BTreeMap::new();
            for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
                let entry = entry.map_err(|err| {
                    Problem::new(format!("cannot read the theme folder: {err}"))
                        .at(Location::file(format!("themes/{name}")))
                })?;
                if !entry.file_type().is_file() {
                    continue;
                }
                let rel = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
                let rel = crate::slash_path(rel);
                let bytes = std::fs::read(entry.path()).map_err(|err| {
                    Problem::new(format!("cannot read {}: {}", rel, crate::io_reason(&err)))
                        .at(Location::file(format!("themes/{name}/{rel}")))
                })?;
                files.insert(rel, bytes);
            }
            return Ok(Theme { name: name.to_string(), origin: format!("themes/{name}"), files });
        }
        if name == DEFAULT_THEME_NAME {
            return Ok(Theme::built_in());
        }
        Err(Problem::new(format!("the theme `{name}` named in site.yaml was not found"))
            .at(Location::file("site.yaml"))
            .hint(format!("put the theme in themes/{name}/, or set `theme: puente` to use the default theme")))
    }

    pub fn built_in() -> Theme {
        let mut files = BTreeMap::new();
        collect(&DEFAULT_THEME, &mut files);
        Theme { name: DEFAULT_THEME_NAME.to_string(), origin: "(built-in puente theme)".to_string(), files }
    }

    /// Files under one of the theme's folders (`templates/`, `static/`, `i18n/`), with that
    /// prefix removed.
    pub fn folder<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = (&'a str, &'a [u8])> + 'a {
        self.files.iter().filter_map(move |(path, bytes)| {
            path.strip_prefix(prefix).and_then(|p| p.strip_prefix('/')).map(|rest| (rest, bytes.as_slice()))
        })
    }

    /// The `[extra]` table of `theme.toml`, as JSON, for `Config::merge_theme_extra`.
    pub fn extra(&self) -> Result<serde_json::Value, Problem> {
        let Some(bytes) = self.files.get("theme.toml") else {
            return Ok(serde_json::Value::Null);
        };
        let at = Location::file(format!("{}/theme.toml", self.origin));
        let text =
            std::str::from_utf8(bytes).map_err(|_| Problem::new("theme.toml is not UTF-8 text").at(at.clone()))?;
        let table: toml::Table = toml::from_str(text)
            .map_err(|err| Problem::new(format!("theme.toml does not parse: {}", err.message())).at(at))?;
        match table.get("extra") {
            Some(extra) => Ok(serde_json::to_value(extra).unwrap_or(serde_json::Value::Null)),
            None => Ok(serde_json::Value::Null),
        }
    }
}

fn collect(dir: &Dir<'static>, files: &mut BTreeMap<String, Vec<u8>>) {
    for file in dir.files() {
        files.insert(crate::slash_path(file.path()), file.contents().to_vec());
    }
    for sub in dir.dirs() {
        collect(sub, files);
    }
}
