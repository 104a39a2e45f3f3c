//! The in-memory site: pages and sections of both languages, their URLs, the section tree and
//! the pairs. Built once per load; everything after this stage reads it and never changes it.

use super::LoadOptions;
use super::front_matter::{FrontMatter, SortBy, UnknownKey, parse_date};
use super::walk::LangFiles;
use crate::config::{Config, Lang};
use crate::diagnostics::{Code, LineIndex, Location, Problem};
use chrono::NaiveDateTime;
use std::collections::{BTreeMap, BTreeSet};

/// One Markdown file as read from disk.
#[derive(Debug, Clone)]
pub struct Source {
    pub lang: Lang,
    /// Path inside the language's content folder: `news/summit.md`.
    pub rel_path: String,
    /// Path from the site root: `content-en/news/summit.md`.
    pub site_path: String,
    /// The whole file, without a byte-order mark.
    pub text: String,
    pub body_start: usize,
    pub lines: LineIndex,
    pub front: FrontMatter,
    pub key_lines: BTreeMap<String, usize>,
    pub unknown_keys: Vec<UnknownKey>,
    /// Its place among the files one load read (`usize::MAX` when made up or read alone): how
    /// a load's side work, done while the library is built, finds its page again.
    pub read_order: usize,
}

impl Source {
    pub fn body(&self) -> &str {
        &self.text[self.body_start..]
    }

    /// Frees the Markdown body, keeping the front matter: `body()` is empty afterwards.
    fn drop_body(&mut self) {
        self.text.truncate(self.body_start);
        self.text.shrink_to_fit();
    }

    /// File line of a byte offset into `body()`.
    pub fn body_line(&self, body_offset: usize) -> usize {
        self.lines.line_of(self.body_start + body_offset)
    }

    /// Where a front-matter key is written (line 1 when it is not).
    pub fn key_location(&self, key: &str) -> Location {
        Location::new(&self.site_path, self.key_lines.get(key).copied().unwrap_or(1))
    }

    pub fn title(&self) -> &str {
        self.front.title.as_deref().unwrap_or_default()
    }

    /// A root section made up for a language whose `_index.md` is missing.
    fn synthesized_home(lang: Lang, config: &Config) -> Source {
        let title = config.languages.get(lang).title.clone();
        Source {
            lang,
            rel_path: "_index.md".to_string(),
            site_path: format!("{}/_index.md", lang.content_dir()),
            text: String::new(),
            body_start: 0,
            lines: LineIndex::new(""),
            front: FrontMatter { title: Some(title), ..FrontMatter::default() },
            key_lines: BTreeMap::new(),
            unknown_keys: Vec::new(),
            read_order: usize::MAX,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Page {
    pub source: Source,
    pub slug: String,
    /// URL path inside the site, starting and ending with `/`: `/es/noticias/cumbre/`.
    pub path: String,
    /// The section that lists this page (nearest ancestor folder with an `_index.md`).
    pub section: usize,
    pub date: Option<NaiveDateTime>,
    pub updated: Option<NaiveDateTime>,
    pub pair: usize,
    /// URLs (site paths) of the files beside a bundle's `index.md`.
    pub assets: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Section {
    pub source: Source,
    /// Folder inside the content folder, `""` for the home section.
    pub dir: String,
    pub path: String,
    pub parent: Option<usize>,
    /// Sorted by the section's `sort_by`.
    pub pages: Vec<usize>,
    /// Sorted by weight, then path.
    pub subsections: Vec<usize>,
    pub pair: usize,
    pub synthesized: bool,
    pub assets: Vec<String>,
}

/// A non-Markdown file of a content folder, copied beside the pages of its folder.
#[derive(Debug, Clone)]
pub struct Asset {
    pub lang: Lang,
    pub site_path: String,
    /// Path inside the output folder, no leading slash: `es/noticias/mapa.png`.
    pub output_path: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ContentRef {
    Page(usize),
    Section(usize),
}

/// A page or section and its counterpart: the key they pair by, and each language's member.
#[derive(Debug, Clone)]
pub struct Pair {
    pub key: String,
    pub members: [Option<ContentRef>; 2],
}

#[derive(Debug, Clone, Default)]
pub struct Library {
    pub pages: Vec<Page>,
    pub sections: Vec<Section>,
    pub assets: Vec<Asset>,
    pub pairs: Vec<Pair>,
    /// Per language: relative path (`news/summit.md`, `news/_index.md`) → content.
    pub by_rel_path: [BTreeMap<String, ContentRef>; 2],
    pub homes: [usize; 2],
}

impl Library {
    /// Frees every page's and section's Markdown once it is rendered and checked: `build`
    /// renders templates from the rendered HTML, and the text of 20,000 pages is 130 MB.
    pub fn drop_bodies(&mut self) {
        self.pages.iter_mut().for_each(|p| p.source.drop_body());
        self.sections.iter_mut().for_each(|s| s.source.drop_body());
    }

    pub fn source(&self, content: ContentRef) -> &Source {
        match content {
            ContentRef::Page(i) => &self.pages[i].source,
            ContentRef::Section(i) => &self.sections[i].source,
        }
    }

    pub fn path(&self, content: ContentRef) -> &str {
        match content {
            ContentRef::Page(i) => &self.pages[i].path,
            ContentRef::Section(i) => &self.sections[i].path,
        }
    }

    pub fn pair_of(&self, content: ContentRef) -> &Pair {
        match content {
            ContentRef::Page(i) => &self.pairs[self.pages[i].pair],
            ContentRef::Section(i) => &self.pairs[self.sections[i].pair],
        }
    }

    /// The same page or section in the other language, if it exists.
    pub fn counterpart(&self, content: ContentRef) -> Option<ContentRef> {
        let lang = self.source(content).lang;
        self.pair_of(content).members[lang.other().index()]
    }

    /// Looks a path up the way `@/` links and `get_page` do: relative to the language's
    /// content folder, with or without a leading `/`.
    pub fn find(&self, lang: Lang, rel_path: &str) -> Option<ContentRef> {
        let rel = rel_path.trim_start_matches('/');
        let map = &self.by_rel_path[lang.index()];
        map.get(rel).copied().or_else(|| {
            // `news/` or `news` name the section `news/_index.md`.
            let dir = rel.trim_end_matches('/');
            let index = if dir.is_empty() { "_index.md".to_string() } else { format!("{dir}/_index.md") };
            map.get(&index).copied()
        })
    }
}

pub(super) fn build(
    config: &Config,
    sources: Vec<Source>,
    files: [LangFiles; 2],
    options: LoadOptions,
    problems: &mut Vec<Problem>,
) -> Library {
    let mut library = Library::default();
    let mut page_sources = Vec::with_capacity(sources.len());
    let mut draft_dirs: [BTreeSet<String>; 2] = Default::default();

    // Sections first: their folders decide the URLs of everything below them.
    for source in sources {
        if is_section_file(&source.rel_path) {
            if source.front.draft && !options.drafts {
                draft_dirs[source.lang.index()].insert(dir_of_index(&source.rel_path));
                continue;
            }
            let dir = dir_of_index(&source.rel_path);
            library.sections.push(Section {
                source,
                dir,
                path: String::new(),
                parent: None,
                pages: Vec::new(),
                subsections: Vec::new(),
                pair: 0,
                synthesized: false,
                assets: Vec::new(),
            });
        } else {
            page_sources.push(source);
        }
    }
    for lang in Lang::ALL {
        let has_home = library.sections.iter().any(|s| s.source.lang == lang && s.dir.is_empty());
        if !has_home {
            library.sections.push(Section {
                source: Source::synthesized_home(lang, config),
                dir: String::new(),
                path: String::new(),
                parent: None,
                pages: Vec::new(),
                subsections: Vec::new(),
                pair: 0,
                synthesized: true,
                assets: Vec::new(),
            });
        }
    }
    // Drafts hide their whole folder, as in Zola.
    library.sections.retain(|s| !in_draft_dir(&s.dir, &draft_dirs[s.source.lang.index()]));
    library
        .sections
        .sort_by(|a, b| (a.source.lang, depth(&a.dir), &a.dir).cmp(&(b.source.lang, depth(&b.dir), &b.dir)));

    // Folder → URL, per language. Sections come sorted by depth, so parents are known first.
    let mut dir_urls: [BTreeMap<String, String>; 2] = Default::default();
    let mut section_of_dir: [BTreeMap<String, usize>; 2] = Default::default();
    for i in 0..library.sections.len() {
        let lang = library.sections[i].source.lang;
        let dir = library.sections[i].dir.clone();
        let path = if dir.is_empty() {
            config.lang_prefix(lang)
        } else {
            let (parent_dir, name) = split_dir(&dir);
            let segment = match checked_segment(&library.sections[i].source, "slug") {
                Ok(Some(slug)) => slug,
                Ok(None) => slugify_segment(name),
                Err(problem) => {
                    problems.push(problem);
                    slugify_segment(name)
                }
            };
            format!("{}{}/", dir_url(&mut dir_urls[lang.index()], config, lang, parent_dir), segment)
        };
        dir_urls[lang.index()].insert(dir.clone(), path.clone());
        section_of_dir[lang.index()].insert(dir.clone(), i);
        library.sections[i].path = path;
        if !dir.is_empty() {
            library.sections[i].parent = Some(nearest_section(&section_of_dir[lang.index()], split_dir(&dir).0));
        }
        library.homes[lang.index()] = if dir.is_empty() { i } else { library.homes[lang.index()] };
    }

    // Pages: bundles (`dir/index.md`) first, because their folder's URL is the page's URL.
    page_sources.retain(|p| !p.front.draft || options.drafts);
    page_sources.retain(|p| !in_draft_dir(parent_dir_of(&p.rel_path), &draft_dirs[p.lang.index()]));
    // A comparator, not a key: a key function would clone every path on every comparison.
    page_sources.sort_by(|a, b| {
        (a.lang, !is_bundle(&a.rel_path), &a.rel_path).cmp(&(b.lang, !is_bundle(&b.rel_path), &b.rel_path))
    });
    library.pages.reserve(page_sources.len());
    for mut source in page_sources {
        let lang = source.lang;
        let urls = &mut dir_urls[lang.index()];
        let bundle = is_bundle(&source.rel_path);
        let (listing_dir, default_slug) = if bundle {
            let dir = parent_dir_of(&source.rel_path);
            let (parent, name) = split_dir(dir);
            (parent.to_string(), name.to_string())
        } else {
            let file = source.rel_path.rsplit('/').next().unwrap_or(&source.rel_path);
            (parent_dir_of(&source.rel_path).to_string(), file.trim_end_matches(".md").to_string())
        };
        // Zola reads a date from `2026-11-27-summit.md` (or `_summit`): the rest is the slug,
        // and the date counts unless the front matter has its own.
        let (default_slug, file_date) = match date_prefix(&default_slug) {
            Some((date, rest)) => (rest.to_string(), Some(date.to_string())),
            None => (default_slug, None),
        };
        if source.front.date.is_none() {
            source.front.date = file_date;
        }
        let slug = match checked_segment(&source, "slug") {
            Ok(Some(slug)) => slug,
            Ok(None) => slugify_segment(&default_slug),
            Err(problem) => {
                problems.push(problem);
                continue;
            }
        };
        let path = match source.front.path.as_deref() {
            Some(custom) => {
                match checked_path(custom) {
                    Some(custom) => format!("{}{}/", config.lang_prefix(lang), custom),
                    None => {
                        problems.push(
                        Problem::new(format!("`path: {custom}` would put the page outside its language's folder"))
                            .at(source.key_location("path"))
                            .hint("write a path inside the site such as `path: news/summit`, without `..` or backslashes"),
                    );
                        continue;
                    }
                }
            }
            None => format!("{}{}/", dir_url(urls, config, lang, &listing_dir), slug),
        };
        if bundle {
            urls.insert(parent_dir_of(&source.rel_path).to_string(), path.clone());
        }
        let date = checked_date(&source, "date", problems);
        let updated = checked_date(&source, "updated", problems);
        for taxonomy in source.front.taxonomies.keys() {
            if config.taxonomy(taxonomy).is_none() {
                problems.push(
                    Problem::new(format!("the taxonomy `{taxonomy}` is not declared in site.yaml"))
                        .at(source.key_location("taxonomies"))
                        .hint(format!("add `- name: {taxonomy}` under `taxonomies:` in site.yaml, or fix the name"))
                        .check(Code::FrontMatterInvalid),
                );
            }
        }
        let section = nearest_section(&section_of_dir[lang.index()], &listing_dir);
        library.pages.push(Page { source, slug, path, section, date, updated, pair: 0, assets: Vec::new() });
    }

    assign_assets(&mut library, config, files, &mut dir_urls);
    link_tree(&mut library);
    pair(&mut library, problems);
    find_collisions(&library, problems);
    library
}

/// `2026-11-27-summit` → (`2026-11-27`, `summit`).
fn date_prefix(stem: &str) -> Option<(&str, &str)> {
    let date = stem.get(..10)?;
    let rest = stem.get(11..).filter(|r| !r.is_empty())?;
    let separator = stem.as_bytes().get(10)?;
    let shaped = date.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
    (shaped && matches!(separator, b'-' | b'_') && parse_date(date).is_some()).then_some((date, rest))
}

fn is_section_file(rel: &str) -> bool {
    rel == "_index.md" || rel.ends_with("/_index.md")
}

fn is_bundle(rel: &str) -> bool {
    rel == "index.md" || rel.ends_with("/index.md")
}

fn dir_of_index(rel: &str) -> String {
    parent_dir_of(rel).to_string()
}

fn parent_dir_of(rel: &str) -> &str {
    rel.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// `a/b/c` → (`a/b`, `c`); `c` → (``, `c`).
fn split_dir(dir: &str) -> (&str, &str) {
    dir.rsplit_once('/').unwrap_or(("", dir))
}

fn depth(dir: &str) -> usize {
    if dir.is_empty() { 0 } else { dir.matches('/').count() + 1 }
}

fn in_draft_dir(dir: &str, drafts: &BTreeSet<String>) -> bool {
    drafts.iter().any(|d| d.is_empty() || dir == d || dir.starts_with(&format!("{d}/")))
}

/// URL of a folder: its section's URL, else its parent's URL plus its own name.
fn dir_url(urls: &mut BTreeMap<String, String>, config: &Config, lang: Lang, dir: &str) -> String {
    if let Some(url) = urls.get(dir) {
        return url.clone();
    }
    let url = if dir.is_empty() {
        config.lang_prefix(lang)
    } else {
        let (parent, name) = split_dir(dir);
        format!("{}{}/", dir_url(urls, config, lang, parent), slugify_segment(name))
    };
    urls.insert(dir.to_string(), url.clone());
    url
}

fn nearest_section(sections: &BTreeMap<String, usize>, mut dir: &str) -> usize {
    loop {
        if let Some(&i) = sections.get(dir) {
            return i;
        }
        if dir.is_empty() {
            // The home section always exists (it is synthesized when missing).
            return sections.get("").copied().unwrap_or(0);
        }
        dir = split_dir(dir).0;
    }
}

/// A URL segment as written by a person: kept when already safe, slugified otherwise.
fn slugify_segment(name: &str) -> String {
    let safe =
        !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~'));
    if safe && name != "." && name != ".." { name.to_string() } else { slug::slugify(name) }
}

/// The `slug` of a file, refused when it is not one URL segment.
fn checked_segment(source: &Source, key: &str) -> Result<Option<String>, Problem> {
    let Some(slug) = source.front.slug.as_deref() else {
        return Ok(None);
    };
    let slug = slug.trim();
    if slug.is_empty() || slug.contains('/') || slug.contains('\\') || slug == "." || slug == ".." {
        return Err(Problem::new(format!("`{key}: {slug}` is not a single part of a web address"))
            .at(source.key_location(key))
            .hint("write the last part of the address only, for example `slug: cumbre` (no `/`, `\\` or `..`)"));
    }
    Ok(Some(slugify_segment(slug)))
}

/// A custom `path` without `..`, backslashes or empty segments, trimmed of slashes.
fn checked_path(path: &str) -> Option<String> {
    let trimmed = path.trim().trim_matches('/');
    let ok = !trimmed.is_empty()
        && !trimmed.contains('\\')
        && trimmed.split('/').all(|segment| !segment.is_empty() && segment != "." && segment != "..");
    ok.then(|| trimmed.split('/').map(slugify_segment).collect::<Vec<_>>().join("/"))
}

fn checked_date(source: &Source, key: &str, problems: &mut Vec<Problem>) -> Option<NaiveDateTime> {
    let text = match key {
        "date" => source.front.date.as_deref()?,
        _ => source.front.updated.as_deref()?,
    };
    let parsed = parse_date(text);
    if parsed.is_none() {
        problems.push(
            Problem::new(format!("`{key}: {text}` is not a date"))
                .at(source.key_location(key))
                .hint(format!("write the date as year-month-day, for example `{key}: 2026-11-27`"))
                .check(Code::FrontMatterInvalid),
        );
    }
    parsed
}

fn assign_assets(
    library: &mut Library,
    config: &Config,
    files: [LangFiles; 2],
    dir_urls: &mut [BTreeMap<String, String>; 2],
) {
    let bundle_page: BTreeMap<(Lang, String), usize> = library
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| is_bundle(&p.source.rel_path))
        .map(|(i, p)| ((p.source.lang, parent_dir_of(&p.source.rel_path).to_string()), i))
        .collect();
    let section_of: BTreeMap<(Lang, String), usize> =
        library.sections.iter().enumerate().map(|(i, s)| ((s.source.lang, s.dir.clone()), i)).collect();
    for lang in Lang::ALL {
        for rel in &files[lang.index()].assets {
            let dir = parent_dir_of(rel);
            let name = rel.rsplit('/').next().unwrap_or(rel);
            let url = format!("{}{}", dir_url(&mut dir_urls[lang.index()], config, lang, dir), name);
            let key = (lang, dir.to_string());
            if let Some(&page) = bundle_page.get(&key) {
                library.pages[page].assets.push(url.clone());
            } else if let Some(&section) = section_of.get(&key) {
                library.sections[section].assets.push(url.clone());
            }
            library.assets.push(Asset {
                lang,
                site_path: format!("{}/{}", lang.content_dir(), rel),
                output_path: url.trim_start_matches('/').to_string(),
            });
        }
    }
}

/// Fills `pages` and `subsections` of every section, sorted as the section asks.
fn link_tree(library: &mut Library) {
    for i in 0..library.pages.len() {
        let mut section = library.pages[i].section;
        library.sections[section].pages.push(i);
        // A transparent section's pages are listed by its parent too (Zola's `transparent`).
        while library.sections[section].source.front.transparent
            && let Some(parent) = library.sections[section].parent
        {
            library.sections[parent].pages.push(i);
            section = parent;
        }
    }
    for i in 0..library.sections.len() {
        if let Some(parent) = library.sections[i].parent {
            library.sections[parent].subsections.push(i);
        }
    }
    let pages = &library.pages;
    for section in &mut library.sections {
        let sort_by = section.source.front.sort_by.unwrap_or_default();
        sort_pages(&mut section.pages, pages, sort_by);
    }
    let snapshot: Vec<(Option<i64>, String)> =
        library.sections.iter().map(|s| (s.source.front.weight, s.dir.clone())).collect();
    for section in &mut library.sections {
        section.subsections.sort_by(|&a, &b| {
            let (wa, da) = &snapshot[a];
            let (wb, db) = &snapshot[b];
            (wa.is_none(), wa, da).cmp(&(wb.is_none(), wb, db))
        });
    }
}

fn sort_pages(list: &mut [usize], pages: &[Page], sort_by: SortBy) {
    let path = |i: &usize| pages[*i].source.rel_path.clone();
    match sort_by {
        // Newest first; undated pages after the dated ones, by path.
        SortBy::Date => list.sort_by(|a, b| pages[*b].date.cmp(&pages[*a].date).then_with(|| path(a).cmp(&path(b)))),
        SortBy::UpdateDate => list.sort_by(|a, b| {
            let (pa, pb) = (&pages[*a], &pages[*b]);
            pb.updated.or(pb.date).cmp(&pa.updated.or(pa.date)).then_with(|| path(a).cmp(&path(b)))
        }),
        SortBy::Weight => list.sort_by(|a, b| {
            let (wa, wb) = (pages[*a].source.front.weight, pages[*b].source.front.weight);
            (wa.is_none(), wa).cmp(&(wb.is_none(), wb)).then_with(|| path(a).cmp(&path(b)))
        }),
        SortBy::Title => list.sort_by(|a, b| {
            let (ta, tb) = (pages[*a].source.title().to_lowercase(), pages[*b].source.title().to_lowercase());
            ta.cmp(&tb).then_with(|| path(a).cmp(&path(b)))
        }),
        SortBy::TitleBytes => list.sort_by(|a, b| pages[*a].source.title().cmp(pages[*b].source.title())),
        SortBy::Slug => list.sort_by(|a, b| pages[*a].slug.cmp(&pages[*b].slug).then_with(|| path(a).cmp(&path(b)))),
        SortBy::None => list.sort_by_key(path),
    }
}

/// Pairs pages and sections across languages by `translation_key`, else by relative path.
fn pair(library: &mut Library, problems: &mut Vec<Problem>) {
    let mut pairs: BTreeMap<(bool, String), [Option<ContentRef>; 2]> = BTreeMap::new();
    let contents: Vec<ContentRef> = (0..library.sections.len())
        .map(ContentRef::Section)
        .chain((0..library.pages.len()).map(ContentRef::Page))
        .collect();
    for content in contents {
        let source = library.source(content);
        let (lang, rel_path) = (source.lang, source.rel_path.clone());
        let is_section = matches!(content, ContentRef::Section(_));
        let key = match &source.front.translation_key {
            Some(key) => format!("key:{key}"),
            None => rel_path.clone(),
        };
        library.by_rel_path[lang.index()].insert(rel_path, content);
        let source = library.source(content);
        let slot = &mut pairs.entry((is_section, key.clone())).or_default()[lang.index()];
        if let Some(previous) = slot {
            let previous = library.source(*previous).site_path.clone();
            problems.push(
                Problem::new(format!(
                    "two files share the translation key `{}` (the other is {previous})",
                    key.trim_start_matches("key:")
                ))
                .at(source.key_location("translation_key"))
                .hint("give each page its own `translation_key`; the English and Spanish page of one pair share it"),
            );
            continue;
        }
        *slot = Some(content);
    }
    for ((_, key), members) in pairs {
        let index = library.pairs.len();
        for member in members.iter().flatten() {
            match *member {
                ContentRef::Page(i) => library.pages[i].pair = index,
                ContentRef::Section(i) => library.sections[i].pair = index,
            }
        }
        library.pairs.push(Pair { key: key.trim_start_matches("key:").to_string(), members });
    }
}

/// Two files on one URL would overwrite each other in the output: refuse, naming both.
fn find_collisions(library: &Library, problems: &mut Vec<Problem>) {
    let mut owners: BTreeMap<&str, &Source> = BTreeMap::new();
    let sources = library
        .sections
        .iter()
        .filter(|s| !s.synthesized)
        .map(|s| (s.path.as_str(), &s.source))
        .chain(library.pages.iter().map(|p| (p.path.as_str(), &p.source)));
    for (path, source) in sources {
        if let Some(first) = owners.insert(path, source) {
            problems.push(
                Problem::new(format!("this file and {} both publish to {path}", first.site_path))
                    .at(Location::file(&source.site_path))
                    .hint("change the `slug` (or the file name) of one of them so each has its own address"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::front_matter;

    fn source(lang: Lang, rel: &str, yaml: &str) -> Source {
        let text = format!("---\n{yaml}\n---\nBody\n");
        let parsed = front_matter::parse(&text, front_matter::PAGE_KEYS).unwrap();
        Source {
            lang,
            rel_path: rel.into(),
            site_path: format!("{}/{rel}", lang.content_dir()),
            lines: LineIndex::new(&text),
            body_start: parsed.body_start,
            front: parsed.front,
            key_lines: parsed.key_lines,
            unknown_keys: parsed.unknown_keys,
            read_order: usize::MAX,
            text,
        }
    }

    fn library(sources: Vec<Source>) -> (Library, Vec<Problem>) {
        let config = Config::parse("base_url: https://example.gov\ntaxonomies: [{name: topics}]\n").unwrap();
        let mut problems = Vec::new();
        let lib = build(&config, sources, Default::default(), LoadOptions::default(), &mut problems);
        (lib, problems)
    }

    #[test]
    fn spanish_slugs_localize_section_and_page_urls() {
        let (lib, problems) = library(vec![
            source(Lang::En, "news/_index.md", "title: News"),
            source(Lang::Es, "news/_index.md", "title: Noticias\nslug: noticias"),
            source(Lang::En, "news/summit.md", "title: Summit"),
            source(Lang::Es, "news/summit.md", "title: Cumbre\nslug: cumbre"),
        ]);
        assert!(problems.is_empty(), "{problems:?}");
        let paths: Vec<&str> = lib.pages.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["/en/news/summit/", "/es/noticias/cumbre/"]);
        let en = lib.find(Lang::En, "news/summit.md").unwrap();
        assert_eq!(lib.counterpart(en), lib.find(Lang::Es, "news/summit.md"));
    }

    #[test]
    fn translation_key_pairs_files_with_different_names() {
        let (lib, _) = library(vec![
            source(Lang::En, "summit.md", "title: Summit\ntranslation_key: summit"),
            source(Lang::Es, "cumbre.md", "title: Cumbre\ntranslation_key: summit"),
        ]);
        let en = lib.find(Lang::En, "summit.md").unwrap();
        assert_eq!(lib.counterpart(en), lib.find(Lang::Es, "cumbre.md"));
    }

    #[test]
    fn same_url_twice_names_both_files() {
        let (_, problems) = library(vec![
            source(Lang::En, "a.md", "title: A\nslug: same"),
            source(Lang::En, "b.md", "title: B\nslug: same"),
        ]);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.contains("content-en/a.md"), "{}", problems[0].message);
    }

    #[test]
    fn slugs_that_leave_their_folder_are_refused() {
        let (_, problems) = library(vec![source(Lang::En, "a.md", "title: A\nslug: ../../etc")]);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].at, Some(Location::new("content-en/a.md", 3)));
    }

    #[test]
    fn dates_come_from_file_names_as_in_zola() {
        let (lib, problems) = library(vec![
            source(Lang::En, "2026-11-27-summit.md", "title: Summit"),
            source(Lang::En, "2026-11-20_talks.md", "title: Talks\ndate: 2026-11-21"),
        ]);
        assert!(problems.is_empty(), "{problems:?}");
        let page = |rel: &str| match lib.find(Lang::En, rel) {
            Some(ContentRef::Page(i)) => &lib.pages[i],
            _ => panic!("{rel} missing"),
        };
        assert_eq!(page("2026-11-27-summit.md").path, "/en/summit/");
        assert_eq!(page("2026-11-27-summit.md").source.front.date.as_deref(), Some("2026-11-27"));
        assert_eq!(page("2026-11-20_talks.md").path, "/en/talks/");
        assert_eq!(page("2026-11-20_talks.md").source.front.date.as_deref(), Some("2026-11-21"), "front matter wins");
        assert_eq!(super::date_prefix("2026-13-45-x"), None);
        assert_eq!(super::date_prefix("01-joint-action"), None);
    }

    #[test]
    fn date_sorted_sections_list_newest_first() {
        let (lib, _) = library(vec![
            source(Lang::En, "news/_index.md", "title: News\nsort_by: date"),
            source(Lang::En, "news/old.md", "title: Old\ndate: 2026-01-01"),
            source(Lang::En, "news/new.md", "title: New\ndate: 2026-11-27"),
        ]);
        let news = lib.find(Lang::En, "news/_index.md").unwrap();
        let ContentRef::Section(news) = news else { panic!() };
        let titles: Vec<&str> = lib.sections[news].pages.iter().map(|&p| lib.pages[p].source.title()).collect();
        assert_eq!(titles, ["New", "Old"]);
    }

    #[test]
    fn undeclared_taxonomy_is_an_error_at_its_line() {
        let (_, problems) = library(vec![source(Lang::En, "a.md", "title: A\ntaxonomies: {tags: [x]}")]);
        assert_eq!(problems[0].at, Some(Location::new("content-en/a.md", 3)));
    }
}
