//! `puente import zola SRC DEST`: a Zola site turned into a Puente site.
//!
//! `config.rs` writes `site.yaml` from `zola.toml` or `config.toml`; `content.rs` splits
//! `content/` into `content-en/` and `content-es/`; `front_matter.rs` converts each Markdown file.
//! Every other top-level folder and file (the theme, `templates/`, `static/`, `sass/`, data
//! files for `load_data`) is copied as it is, because Puente reads Zola's templates unchanged.
//! Zola's default language stays at the root of the site (`default_language_in_subdir: false`),
//! so every address stays what it was.

mod config;
mod content;
mod front_matter;

use super::{Output, Plan, Report, check_dest, write};
use crate::config::{CONFIG_FILE, Config, Lang};
use crate::diagnostics::{Failure, Location, Problem};
use serde_yaml::{Mapping, Value};
use std::path::{Path, PathBuf};

/// Top-level names of a Puente site that a copied Zola file must not take.
const PUENTE_NAMES: &[&str] = &["site.yaml", "content-en", "content-es", "translations.lock"];

/// Converts the Zola site in `src` into a new Puente site in `dest` (missing or empty).
pub fn import(src: &Path, dest: &Path) -> Result<Report, Failure> {
    if !src.is_dir() {
        return Err(Failure::config(
            Problem::new(format!("{} is not a folder", src.display()))
                .hint("give the folder that holds the Zola site's config.toml and content/"),
        ));
    }
    check_dest(dest)?;
    let mut report = Report::default();
    let config = config::read(src, &mut report).map_err(Failure::config)?;
    let skip: Vec<PathBuf> =
        [dest.to_path_buf(), src.join(&config.output_dir), src.join(".git")].iter().map(|p| canonical(p)).collect();
    let mut plan = Plan::default();
    content::convert(src, &config, &skip, &mut plan, &mut report);
    copy_top_level(src, &skip, &mut plan, &mut report);

    let mut site = config.site.clone();
    let theme = theme(src, &config, &mut plan, &mut report);
    insert_after(&mut site, "default_language_in_subdir", "theme", Value::String(theme));
    let both_published = Lang::ALL.iter().all(|l| config.languages.iter().any(|(_, p)| *p == Some(*l)));
    let one_sided = Lang::ALL.iter().any(|&l| !report.only_in(l).is_empty());
    if both_published && one_sided {
        // Zola publishes a page that has no translation; Puente's check refuses to, by default.
        // The import keeps the site building as it did, and the report says how to tighten it.
        let mut parity = Mapping::new();
        parity.insert("missing-translation".into(), "warning".into());
        site.insert("parity".into(), Value::Mapping(parity));
        report.relaxed_missing_translation = true;
    }
    let yaml = serde_yaml::to_string(&site).map_err(|err| internal(format!("cannot write site.yaml: {err}")))?;
    let yaml = format!(
        "# Imported from a Zola site ({}) by `puente import zola`; every key is described in Puente's README.\n{yaml}",
        config.file
    );
    if let Err(problem) = Config::parse(&yaml) {
        return Err(internal(format!("the site.yaml the import wrote does not load: {}", problem.message)));
    }
    plan.add(CONFIG_FILE.to_string(), Output::Bytes(yaml.into_bytes()));

    let [en, es] = &report.written;
    report.pairs = en.iter().filter(|path| es.contains(path)).count();
    report.group_notes();
    write(&plan, dest)?;
    Ok(report)
}

fn internal(message: String) -> Failure {
    Failure::build(vec![
        Problem::new(message)
            .at(Location::file(CONFIG_FILE))
            .hint("this is a bug in Puente's importer; please report it with the Zola config.toml"),
    ])
}

/// `site.yaml`'s `theme`: Zola's theme, or an empty theme when the Zola site had none, so Puente
/// does not fill in missing templates and files from its default theme.
fn theme(src: &Path, config: &config::ZolaConfig, plan: &mut Plan, report: &mut Report) -> String {
    if let Some(name) = &config.theme {
        if !src.join("themes").join(name).is_dir() {
            report.note(
                &config.file,
                format!(
                    "the theme `{name}` is not in themes/{name}/ (perhaps a git submodule that was not checked out)"
                ),
                format!("put the theme in themes/{name}/ of the new site before building"),
            );
        }
        return name.clone();
    }
    let name = ["none", "none-imported"]
        .into_iter()
        .find(|name| !plan.files.keys().any(|path| path.starts_with(&format!("themes/{name}/"))))
        .unwrap_or("none-imported");
    let text = format!(
        "# An empty theme: this site's templates are in templates/ and its files in static/, as they\n# were in Zola. `puente import zola` wrote it so that Puente does not mix in its default\n# theme; set `theme: puente` in site.yaml to use the default theme instead.\nname = \"{name}\"\n"
    );
    plan.add(format!("themes/{name}/theme.toml"), Output::Bytes(text.into_bytes()));
    name.to_string()
}

/// Copies every top-level folder and file that is not Zola's configuration, content or output.
fn copy_top_level(src: &Path, skip: &[PathBuf], plan: &mut Plan, report: &mut Report) {
    let mut entries: Vec<_> = match std::fs::read_dir(src) {
        Ok(entries) => entries.flatten().collect(),
        Err(_) => return,
    };
    entries.sort_by_key(|entry| entry.file_name());
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        if matches!(name.as_str(), "content" | "config.toml" | "zola.toml") || is_skipped(&entry.path(), skip) {
            continue;
        }
        if PUENTE_NAMES.contains(&name.as_str()) {
            report.note(
                &name,
                "this name is taken by a Puente site's own files, so it was not copied",
                "rename it in the Zola site, then copy it into the new site by hand",
            );
            continue;
        }
        let before = plan.files.len();
        let walker = walkdir::WalkDir::new(entry.path())
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.file_name() != ".git" && !is_skipped(e.path(), skip));
        for item in walker {
            let item = match item {
                Ok(item) => item,
                Err(err) => {
                    let at = err.path().map_or_else(|| name.clone(), |p| relative(src, p));
                    let reason = err.io_error().map_or_else(|| err.to_string(), crate::io_reason);
                    report.note(
                        at,
                        format!("this could not be read ({reason}), so it was not copied"),
                        "copy it by hand",
                    );
                    continue;
                }
            };
            let rel = relative(src, item.path());
            if item.file_type().is_symlink() {
                report.note(rel, "a symbolic link was not followed", "copy what it points to by hand");
            } else if item.file_type().is_file() {
                plan.add(rel, Output::Copy(item.path().to_path_buf()));
            }
        }
        if plan.files.len() > before {
            let shown = if entry.path().is_dir() { format!("{name}/") } else { name };
            report.copied.push(shown);
        }
    }
}

/// Inserts `key` right after `after` (or at the end), keeping the rest of the order.
fn insert_after(map: &mut Mapping, after: &str, key: &str, value: Value) {
    let position = map
        .keys()
        .position(|k| k.as_str() == Some(after))
        .or_else(|| map.keys().position(|k| k.as_str() == Some("default_language")));
    let old = std::mem::take(map);
    let mut value = Some(value);
    for (i, (k, v)) in old.into_iter().enumerate() {
        map.insert(k, v);
        if Some(i) == position
            && let Some(value) = value.take()
        {
            map.insert(key.into(), value);
        }
    }
    if let Some(value) = value {
        map.insert(key.into(), value);
    }
}

/// A path relative to `root`, with `/` separators, for messages and the plan.
fn relative(root: &Path, path: &Path) -> String {
    crate::slash_path(path.strip_prefix(root).unwrap_or(path))
}

/// The absolute, resolved form of a path that may not exist yet.
fn canonical(path: &Path) -> PathBuf {
    if let Ok(resolved) = path.canonicalize() {
        return resolved;
    }
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) => {
            canonical(if parent.as_os_str().is_empty() { Path::new(".") } else { parent }).join(name)
        }
        _ => path.to_path_buf(),
    }
}

/// Whether `path` is one of the folders an import never reads (the destination, Zola's output).
fn is_skipped(path: &Path, skip: &[PathBuf]) -> bool {
    !skip.is_empty() && path.is_dir() && skip.contains(&canonical(path))
}
