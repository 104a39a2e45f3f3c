//! Zola's `content/` → `content-en/` and `content-es/`.
//!
//! Zola keeps both languages in one folder and names the language in the file name
//! (`post.es.md`, `_index.es.md`, `bundle/index.es.md`); Puente keeps one folder per language with
//! the same relative paths, which is how it pairs pages. Files without a suffix are in Zola's
//! default language. Other files (images, PDFs) are shared by a folder's pages in Zola, so they
//! are copied beside the pages of every language that has Markdown in that folder.

use super::super::{Output, Plan, Report};
use super::config::ZolaConfig;
use super::front_matter::{self, FileCx};
use crate::config::Lang;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

pub fn convert(src: &Path, config: &ZolaConfig, skip: &[PathBuf], plan: &mut Plan, report: &mut Report) {
    let content = src.join("content");
    if !content.is_dir() {
        report.note(
            "content/",
            "the site has no content/ folder, so there were no pages to convert",
            "write pages with `puente new PATH`",
        );
        return;
    }
    let (markdown, assets) = list(src, &content, skip, report);
    let mut markdown_dirs: [BTreeSet<String>; 2] = Default::default();
    // Which Zola file each converted file came from, to name both when two files collide.
    let mut sources = BTreeMap::new();
    for rel in &markdown {
        if let Some((lang, dir)) = page(src, rel, config, &mut sources, plan, report) {
            markdown_dirs[lang.index()].insert(dir);
        }
    }
    let published: Vec<Lang> =
        Lang::ALL.into_iter().filter(|l| config.languages.iter().any(|(_, p)| *p == Some(*l))).collect();
    for rel in &assets {
        let dir = rel.rsplit_once('/').map_or("", |(dir, _)| dir);
        let mut langs: Vec<Lang> =
            published.iter().copied().filter(|l| markdown_dirs[l.index()].contains(dir)).collect();
        if langs.is_empty() {
            langs = published.clone();
        }
        for lang in langs {
            plan.add(format!("{}/{rel}", lang.content_dir()), Output::Copy(content.join(rel)));
        }
        report.assets += 1;
    }
}

/// The Markdown files and the other files of `content/`, relative to it, in path order.
fn list(src: &Path, content: &Path, skip: &[PathBuf], report: &mut Report) -> (Vec<String>, Vec<String>) {
    let mut markdown = Vec::new();
    let mut assets = Vec::new();
    let walker = walkdir::WalkDir::new(content)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !(is_ignored(entry) || super::is_skipped(entry.path(), skip)));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let at = err.path().map_or_else(|| "content/".to_string(), |p| super::relative(src, p));
                let reason = err.io_error().map_or_else(|| err.to_string(), crate::io_reason);
                report.note(
                    at,
                    format!("this could not be read ({reason}), so it was not converted"),
                    "copy it by hand",
                );
                continue;
            }
        };
        let rel = crate::slash_path(entry.path().strip_prefix(content).unwrap_or(entry.path()));
        if entry.file_type().is_symlink() {
            report.note(format!("content/{rel}"), "a symbolic link was not followed", "copy what it points to by hand");
        } else if entry.file_type().is_file() {
            if rel.ends_with(".md") { markdown.push(rel) } else { assets.push(rel) }
        }
    }
    (markdown, assets)
}

/// Dot files and editors' temporary files, as Puente's own content walk skips them.
fn is_ignored(entry: &walkdir::DirEntry) -> bool {
    let name = entry.file_name().to_string_lossy();
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
        || name.starts_with('#')
}

/// Converts one Markdown file into the plan; returns its language and folder when written.
fn page(
    src: &Path,
    rel: &str,
    config: &ZolaConfig,
    sources: &mut BTreeMap<String, String>,
    plan: &mut Plan,
    report: &mut Report,
) -> Option<(Lang, String)> {
    let at = format!("content/{rel}");
    let (dir, name) = rel.rsplit_once('/').unwrap_or(("", rel));
    let stem = name.strip_suffix(".md").unwrap_or(name);
    let (base, code) = match stem.rsplit_once('.') {
        Some((base, code)) if config.lang_of(code).is_some() => (base, code),
        _ => (stem, config.default_code.as_str()),
    };
    let Some(Some(lang)) = config.lang_of(code) else {
        report.note(
            at,
            format!("this page is in `{code}`, a language Puente does not publish, so it was not converted"),
            "keep it elsewhere, or translate it into English or Spanish",
        );
        return None;
    };
    let out_rel = if dir.is_empty() { format!("{base}.md") } else { format!("{dir}/{base}.md") };
    let target = format!("{}/{out_rel}", lang.content_dir());
    if let Some(first) = sources.get(&target) {
        report.note(
            at,
            format!("{first} is the same page in the same language and was converted instead of this file"),
            format!("merge the two files by hand into {target}"),
        );
        return None;
    }
    sources.insert(target.clone(), at.clone());
    let fallback_title = if base == "_index" && dir.is_empty() {
        config.titles[lang.index()].clone().unwrap_or_else(|| match lang {
            Lang::En => "Home".to_string(),
            Lang::Es => "Inicio".to_string(),
        })
    } else {
        front_matter::fallback_title(dir, base)
    };
    let output = match std::fs::read(src.join("content").join(rel)) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => {
                let cx = FileCx {
                    at: &at,
                    section: base == "_index",
                    code,
                    default: code == config.default_code,
                    languages: &config.languages,
                    fallback_title,
                };
                match front_matter::convert(&text, &cx, report) {
                    Some(converted) => Output::Bytes(converted.into_bytes()),
                    None => Output::Copy(src.join("content").join(rel)),
                }
            }
            Err(_) => {
                report.note(
                    &at,
                    "this file is not UTF-8 text, so it was copied unchanged",
                    "save it as UTF-8 in an editor, then check its front matter",
                );
                Output::Copy(src.join("content").join(rel))
            }
        },
        Err(err) => {
            report.note(&at, format!("this file could not be read ({})", crate::io_reason(&err)), "copy it by hand");
            return None;
        }
    };
    plan.add(target, output);
    report.written[lang.index()].push(out_rel);
    Some((lang, dir.to_string()))
}
