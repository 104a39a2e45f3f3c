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
use rayon::prelude::*;
use std::path::Path;

#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    pub drafts: bool,
}

/// Reads every content file of the site. Returns the library even when some files had
/// problems (those files are left out), so callers can decide whether problems are fatal.
pub fn load(root: &Path, config: &Config, options: LoadOptions) -> (Library, Vec<Problem>) {
    let (library, problems, _) = load_with(root, config, options, |_, _| ());
    (library, problems)
}

/// What a load's side work made of each body, indexed like `Library::pages` and `sections`.
#[derive(Debug, Default)]
pub struct Beside<T> {
    pub pages: Vec<T>,
    pub sections: Vec<T>,
}

/// `load`, with `side` run over every Markdown body while the library is built. Building it
/// is one thread's work (50 ms for 20,000 files): `check` parses its skeletons on the other
/// cores meanwhile instead of after it.
pub fn load_with<T: Send>(
    root: &Path,
    config: &Config,
    options: LoadOptions,
    side: impl Fn(&Config, &str) -> T + Sync,
) -> (Library, Vec<Problem>, Beside<T>) {
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
    let mut sources = walk::read_sources(root, &files, &mut problems);
    // The library never reads the texts: they stay here for the side work, then go back.
    let mut texts: Vec<(String, usize)> =
        sources.iter_mut().map(|s| (std::mem::take(&mut s.text), s.body_start)).collect();
    let (mut library, mut made) = rayon::join(
        || library::build(config, sources, files, options, &mut problems),
        || texts.par_iter().map(|(text, start)| Some(side(config, &text[*start..]))).collect::<Vec<_>>(),
    );
    let mut beside = |source: &mut Source| match texts.get_mut(source.read_order) {
        Some((text, _)) => {
            source.text = std::mem::take(text);
            made[source.read_order].take().unwrap_or_else(|| side(config, source.body()))
        }
        None => side(config, source.body()),
    };
    let pages = library.pages.iter_mut().map(|p| beside(&mut p.source)).collect();
    let sections = library.sections.iter_mut().map(|s| beside(&mut s.source)).collect();
    (library, problems, Beside { pages, sections })
}

fn walk_one(root: &Path, lang: Lang) -> (walk::LangFiles, Vec<Problem>) {
    let mut problems = Vec::new();
    let files = walk::walk(root, lang, &mut problems);
    (files, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn side_work_comes_back_with_its_own_page_and_the_texts_with_it() {
        let dir = tempfile::tempdir().unwrap();
        let write = |rel: &str, text: &str| {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        // Files whose read order differs from the library's (sections first, bundles first,
        // drafts and unreadable files left out) and a made-up Spanish home.
        write("content-en/_index.md", "---\ntitle: Home\n---\nhome body\n");
        write("content-en/b.md", "---\ntitle: B\n---\nb body\n");
        write("content-en/a/index.md", "---\ntitle: A\n---\na body\n");
        write("content-en/news/_index.md", "---\ntitle: News\n---\nnews body\n");
        write("content-en/news/draft.md", "---\ntitle: Draft\ndraft: true\n---\ndraft body\n");
        write("content-es/b.md", "---\ntitle: B\n---\nb cuerpo\n");
        write("content-es/broken.md", "---\ntitle: [\n---\nnunca\n");
        let config = Config::parse("base_url: https://example.gov\n").unwrap();
        let (library, problems, beside) =
            load_with(dir.path(), &config, LoadOptions::default(), |_, body| format!("seen: {body}"));
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(beside.pages.len(), library.pages.len());
        assert_eq!(beside.sections.len(), library.sections.len());
        for (page, seen) in library.pages.iter().zip(&beside.pages) {
            assert!(!page.source.body().is_empty(), "{}", page.source.site_path);
            assert_eq!(seen, &format!("seen: {}", page.source.body()));
        }
        for (section, seen) in library.sections.iter().zip(&beside.sections) {
            assert_eq!(seen, &format!("seen: {}", section.source.body()));
        }
        let bodies: Vec<&str> = library.pages.iter().map(|p| p.source.body().trim()).collect();
        assert_eq!(bodies.len(), 3);
        assert!(bodies.contains(&"a body") && bodies.contains(&"b body") && bodies.contains(&"b cuerpo"), "{bodies:?}");
    }
}
