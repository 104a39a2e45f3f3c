//! Both content folders, read once: pages, sections, assets, and which page pairs with which.
//!
//! `load` walks `content-en/` and `content-es/`, reads and splits every Markdown file in
//! parallel, builds the section tree, gives each page its URL (localized slugs included), and
//! pairs the two languages by relative path or `translation_key`. It never renders Markdown,
//! calls Tera or prints; problems come back as a list so one run reports all of them.

pub mod front_matter;
mod library;
pub mod taxonomies;
mod walk;

pub use library::{Asset, ContentRef, Library, Page, Pair, Section, Source};
pub use walk::read_source;

use crate::config::{Config, Lang};
use crate::diagnostics::Problem;
use std::path::Path;

#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    pub drafts: bool,
}

/// Reads every content file of the site. Returns the library even when some files had
/// problems (those files are left out), so callers can decide whether problems are fatal.
pub fn load(root: &Path, config: &Config, options: LoadOptions) -> (Library, Vec<Problem>) {
    let mut problems = Vec::new();
    // One folder per core: listing 20,000 files is tens of milliseconds on one thread.
    let ((en, en_problems), (es, es_problems)) = rayon::join(|| walk_one(root, Lang::En), || walk_one(root, Lang::Es));
    problems.extend(en_problems.into_iter().chain(es_problems));
    let files = [en, es];
    if files.iter().all(|f| f.markdown.is_empty() && f.assets.is_empty()) && problems.is_empty() {
        problems.push(
            Problem::new("the site has no content: content-en/ and content-es/ are missing or empty")
                .hint("write pages in content-en/ and content-es/, or create a starter site with `puente init DIR`"),
        );
    }
    let sources = walk::read_sources(root, &files, &mut problems);
    let library = library::build(config, sources, files, options, &mut problems);
    (library, problems)
}

fn walk_one(root: &Path, lang: Lang) -> (walk::LangFiles, Vec<Problem>) {
    let mut problems = Vec::new();
    let files = walk::walk(root, lang, &mut problems);
    (files, problems)
}
