//! `puente import`: another generator's site turned into Puente's layout (SPEC §2).
//!
//! Only Zola is read today (`zola/`). An import never changes its source: it first plans every
//! file of the new site in memory (`Plan`), then writes the plan into a temporary folder beside
//! the destination and renames it into place, so a failed import leaves no half-written site.
//! What could not be carried over is not an error but a `Note` in the `Report` (the files, what
//! happened, what to do), for `cli::import` to print. This module prints nothing.

mod toml_yaml;
pub mod zola;

use crate::config::Lang;
use crate::diagnostics::{Failure, Location, Problem};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What an import did, for the person who ran it.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Pages and sections written per language (indexed by `Lang`), as paths inside the
    /// language's content folder.
    pub written: [Vec<String>; 2],
    /// Paths present in both content folders.
    pub pairs: usize,
    /// Non-Markdown content files (images, PDFs…) copied beside their pages.
    pub assets: usize,
    /// Top-level folders and files of the source copied as they were (`themes`, `static`…).
    pub copied: Vec<String>,
    /// `site.yaml` lowers `missing-translation` to a warning because some pages exist in one
    /// language only.
    pub relaxed_missing_translation: bool,
    /// What could not be converted, grouped: one note per message, with every file it concerns.
    pub notes: Vec<Note>,
}

impl Report {
    /// Pages and sections that exist in `lang` only.
    pub fn only_in(&self, lang: Lang) -> Vec<&str> {
        let other = &self.written[lang.other().index()];
        self.written[lang.index()].iter().filter(|p| !other.contains(p)).map(String::as_str).collect()
    }

    fn note(&mut self, file: impl Into<String>, message: impl Into<String>, todo: impl Into<String>) {
        self.notes.push(Note { files: vec![file.into()], message: message.into(), todo: todo.into() });
    }

    /// Merges notes that say the same thing about different files, and sorts them by file.
    fn group_notes(&mut self) {
        let mut grouped: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
        for note in std::mem::take(&mut self.notes) {
            grouped.entry((note.message, note.todo)).or_default().extend(note.files);
        }
        let mut notes: Vec<Note> = grouped
            .into_iter()
            .map(|((message, todo), mut files)| {
                files.sort();
                files.dedup();
                Note { files, message, todo }
            })
            .collect();
        notes.sort_by(|a, b| a.files.cmp(&b.files).then_with(|| a.message.cmp(&b.message)));
        self.notes = notes;
    }
}

/// Something the import could not carry over as it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// Paths relative to the source site (`config.toml`, `content/blog/_index.md`).
    pub files: Vec<String>,
    /// What happened, in words, without a file name (notes are grouped by it).
    pub message: String,
    /// What the person should do about it.
    pub todo: String,
}

/// One file of the new site: text made by the import, or a source file copied as it is.
#[derive(Debug, Clone)]
enum Output {
    Bytes(Vec<u8>),
    Copy(PathBuf),
}

/// Every file of the new site, by path relative to the destination, in path order.
#[derive(Debug, Default)]
struct Plan {
    files: BTreeMap<String, Output>,
}

impl Plan {
    /// Adds a file; `false` when another source already produced this path.
    fn add(&mut self, rel: String, output: Output) -> bool {
        if self.files.contains_key(&rel) {
            return false;
        }
        self.files.insert(rel, output);
        true
    }
}

/// Checks that `dest` may receive a new site: missing, or an empty folder.
fn check_dest(dest: &Path) -> Result<(), Failure> {
    if !dest.exists() {
        return Ok(());
    }
    let empty = dest.is_dir() && std::fs::read_dir(dest).map(|mut entries| entries.next().is_none()).unwrap_or(false);
    if empty {
        return Ok(());
    }
    Err(Failure::config(
        Problem::new(format!("{} already exists and is not empty; nothing was imported", dest.display()))
            .hint("choose a new folder for the Puente site, or empty that folder first"),
    ))
}

/// Writes the plan into a temporary folder beside `dest`, then renames it to `dest`.
fn write(plan: &Plan, dest: &Path) -> Result<(), Failure> {
    let failed = |what: String, err: &std::io::Error| {
        Failure::build(vec![
            Problem::new(format!("cannot write {what}: {}", crate::io_reason(err)))
                .at(Location::file(dest.display().to_string()))
                .hint("check that you may write there and that the disk has room; nothing was imported"),
        ])
    };
    let parent = match dest.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(|err| failed(parent.display().to_string(), &err))?;
    let temp = tempfile::Builder::new()
        .prefix(".puente-import-")
        .tempdir_in(&parent)
        .map_err(|err| failed(format!("a temporary folder in {}", parent.display()), &err))?;
    for (rel, output) in &plan.files {
        let target = temp.path().join(rel);
        if let Some(folder) = target.parent() {
            std::fs::create_dir_all(folder).map_err(|err| failed(rel.clone(), &err))?;
        }
        let written = match output {
            Output::Bytes(bytes) => std::fs::write(&target, bytes),
            Output::Copy(from) => std::fs::copy(from, &target).map(|_| ()),
        };
        written.map_err(|err| failed(rel.clone(), &err))?;
    }
    if dest.is_dir() {
        // `check_dest` made sure it is empty.
        std::fs::remove_dir(dest).map_err(|err| failed(dest.display().to_string(), &err))?;
    }
    let path = temp.keep();
    std::fs::rename(&path, dest).map_err(|err| {
        let _ = std::fs::remove_dir_all(&path);
        failed(dest.display().to_string(), &err)
    })
}

/// A page title made from a file or folder name: `border-cooperation` → `Border cooperation`.
fn title_from(name: &str) -> String {
    let words = name.replace(['-', '_'], " ");
    let words = words.trim();
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_about_the_same_thing_are_grouped() {
        let mut report = Report::default();
        report.note("content/b.md", "key `x` dropped", "nothing");
        report.note("config.toml", "setting", "do it");
        report.note("content/a.md", "key `x` dropped", "nothing");
        report.group_notes();
        assert_eq!(report.notes.len(), 2);
        assert_eq!(report.notes[0].files, ["config.toml"]);
        assert_eq!(report.notes[1].files, ["content/a.md", "content/b.md"]);
    }

    #[test]
    fn titles_from_names() {
        assert_eq!(title_from("border-cooperation"), "Border cooperation");
        assert_eq!(title_from("_x_"), "X");
    }

    #[test]
    fn dest_must_be_missing_or_empty() {
        let dir = tempfile::tempdir().unwrap();
        assert!(check_dest(&dir.path().join("new")).is_ok());
        assert!(check_dest(dir.path()).is_ok());
        std::fs::write(dir.path().join("file"), "x").unwrap();
        assert!(check_dest(dir.path()).is_err());
    }
}
