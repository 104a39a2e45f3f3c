//! Finding and reading the files of `content-en/` and `content-es/`.
//!
//! Each folder is walked on one thread (its order must be stable), both folders at once;
//! reading and front-matter parsing run in parallel, one file per task.

use super::front_matter::{self, FrontMatterError, PAGE_KEYS, SECTION_KEYS};
use super::library::Source;
use crate::config::Lang;
use crate::diagnostics::{Code, LineIndex, Location, Problem};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// The files of one language's content folder, as paths relative to that folder.
#[derive(Debug, Default)]
pub struct LangFiles {
    pub markdown: Vec<String>,
    pub assets: Vec<String>,
}

pub fn walk(root: &Path, lang: Lang, problems: &mut Vec<Problem>) -> LangFiles {
    let dir = root.join(lang.content_dir());
    let mut files = LangFiles::default();
    if !dir.is_dir() {
        return files;
    }
    let walker = walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !is_ignored(entry.file_name().to_string_lossy().as_ref()));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let at = err.path().map(|p| site_relative(root, p)).unwrap_or_else(|| lang.content_dir().to_string());
                let reason = if err.loop_ancestor().is_some() {
                    "a symbolic link here points back to a folder that contains it".to_string()
                } else {
                    err.io_error().map_or_else(|| err.to_string(), crate::io_reason)
                };
                problems.push(
                    Problem::new(format!("cannot read this content: {reason}"))
                        .at(Location::file(at))
                        .hint("remove the link or fix the folder's permissions"),
                );
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = crate::slash_path(entry.path().strip_prefix(&dir).unwrap_or(entry.path()));
        if rel.ends_with(".md") {
            files.markdown.push(rel);
        } else {
            files.assets.push(rel);
        }
    }
    files
}

/// Dot files and editors' temporary files never become content.
fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
        || name.starts_with("#")
}

pub fn site_relative(root: &Path, path: &Path) -> String {
    crate::slash_path(path.strip_prefix(root).unwrap_or(path))
}

pub fn read_sources(root: &Path, files: &[LangFiles; 2], problems: &mut Vec<Problem>) -> Vec<Source> {
    let jobs: Vec<(Lang, &String)> =
        Lang::ALL.iter().flat_map(|&lang| files[lang.index()].markdown.iter().map(move |rel| (lang, rel))).collect();
    let results: Vec<Result<Source, Problem>> =
        jobs.par_iter().map(|(lang, rel)| read_source(root, *lang, rel)).collect();
    let mut sources = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(mut source) => {
                source.read_order = sources.len();
                sources.push(source);
            }
            Err(problem) => problems.push(problem),
        }
    }
    sources
}

pub fn read_source(root: &Path, lang: Lang, rel: &str) -> Result<Source, Problem> {
    let site_path = format!("{}/{}", lang.content_dir(), rel);
    let path: PathBuf = root.join(lang.content_dir()).join(rel);
    let bytes = std::fs::read(&path).map_err(|err| {
        Problem::new(format!("cannot read this file: {}", crate::io_reason(&err)))
            .at(Location::file(&site_path))
            .hint("check that the file exists and that you may read it")
    })?;
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            let valid = &err.as_bytes()[..err.utf8_error().valid_up_to()];
            let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
            return Err(Problem::new("this file is not UTF-8 text (it may be a binary file or use an old encoding)")
                .at(Location::new(&site_path, line))
                .hint("save the file as UTF-8 in your editor, or move non-Markdown files out of .md names")
                .check(Code::FrontMatterInvalid));
        }
    };
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    let is_section = rel == "_index.md" || rel.ends_with("/_index.md");
    let keys = if is_section { SECTION_KEYS } else { PAGE_KEYS };
    let parsed = front_matter::parse(&text, keys).map_err(|err| front_matter_problem(&site_path, &err))?;
    let lines = LineIndex::new(&text);
    if parsed.front.title.as_deref().is_none_or(|t| t.trim().is_empty()) {
        let line = parsed.key_lines.get("title").copied().unwrap_or(1);
        return Err(Problem::new("the front matter has no `title`")
            .at(Location::new(&site_path, line))
            .hint("add a line such as `title: \"Border cooperation\"` between the `---` lines")
            .check(Code::FrontMatterInvalid));
    }
    Ok(Source {
        lang,
        rel_path: rel.to_string(),
        site_path,
        body_start: parsed.body_start,
        lines,
        front: parsed.front,
        key_lines: parsed.key_lines,
        unknown_keys: parsed.unknown_keys,
        read_order: usize::MAX,
        text,
    })
}

fn front_matter_problem(site_path: &str, err: &FrontMatterError) -> Problem {
    Problem::new(err.to_string())
        .at(Location::new(site_path, err.line()))
        .hint(err.hint())
        .check(Code::FrontMatterInvalid)
}
