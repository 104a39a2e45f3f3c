//! The Zola-shaped values templates see: `config`, `page`, `section`, `translations`, terms.
//!
//! Every page and section is serialized exactly once, here, into a `serde_json::Value` that
//! every render and every `get_page`/`get_section` call then clones. Tera 1 keeps its context as
//! owned JSON values, so a clone is the cheapest share it allows; serializing per render is what
//! makes large Zola sites slow (research/zola-reference.md §4.2).

use crate::config::{Config, Lang};
use crate::content::taxonomies::Taxonomy;
use crate::content::{ContentRef, Library, Page, Section, Source};
use crate::markdown::{Heading, Rendered};
use serde::Serialize;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// Everything templates can reach, built once per build and shared by all render threads.
#[derive(Debug)]
pub struct SiteData {
    pub config: Config,
    /// `config` as seen from each language (title, description, `languages` without itself).
    pub config_values: [Value; 2],
    pub library: Library,
    pub taxonomies: Vec<Taxonomy>,
    /// Per page: without `lower`/`higher` (used for siblings, translations, listings' neighbours).
    pub page_base: Vec<Value>,
    /// Per section: `pages` empty (Zola's metadata-only form).
    pub section_meta: Vec<Value>,
    /// Per section: with `pages`.
    /// Built when first asked for (a section page or `get_section`), then shared; a one-page
    /// edit in `serve` only forgets the entries of the sections that list the page.
    section_full: Vec<std::sync::OnceLock<Value>>,
    /// Root-level static files (`style.css`), for `get_url` on non-`@/` paths.
    pub static_files: std::collections::BTreeSet<String>,
    /// Root-level static files' contents (bytes, or a file to read), for `get_hash` and
    /// `get_url(cachebust=true)`.
    pub static_sources: BTreeMap<String, crate::output::OutputFile>,
    /// The site root, for `get_hash(path=…)` on other files of the site.
    pub root: std::path::PathBuf,
    /// Images resized by `resize_image` during this build.
    pub images: std::sync::Arc<super::images::Images>,
    backlinks: Backlinks,
    neighbours: Vec<(Option<usize>, Option<usize>)>,
    /// Site path → page or section, built when `get_url` first needs it.
    by_path: std::sync::OnceLock<std::collections::HashMap<String, ContentRef>>,
}

/// Rendered HTML taken out of the bodies, per page and per section, for `SiteData::new` to
/// move into the values instead of copying (the HTML of 20,000 pages is 200 MB).
pub struct MovedHtml {
    pub pages: Vec<String>,
    pub sections: Vec<String>,
}

impl SiteData {
    pub fn new(
        config: Config,
        library: Library,
        taxonomies: Vec<Taxonomy>,
        page_bodies: &[Rendered],
        section_bodies: &[Rendered],
        moved_html: Option<MovedHtml>,
        static_files: std::collections::BTreeSet<String>,
    ) -> SiteData {
        use rayon::prelude::*;
        let config_values = Lang::ALL.map(|lang| config_value(&config, lang));
        let backlinks = backlinks(&config, &library, page_bodies, section_bodies);
        // The HTML goes into the values: moved when the caller hands it over (`build`), else
        // copied (`serve` keeps its bodies to refresh pages later).
        let (page_html, section_html) = match moved_html {
            Some(MovedHtml { pages, sections }) => (pages, sections),
            None => (
                page_bodies.par_iter().map(|r| r.html.clone()).collect(),
                section_bodies.par_iter().map(|r| r.html.clone()).collect(),
            ),
        };
        let page_base: Vec<Value> = page_html
            .into_par_iter()
            .enumerate()
            .map(|(i, html)| page_value(&config, &library, i, &page_bodies[i], html, &backlinks))
            .collect();
        let neighbours = neighbours(&library);
        let section_meta: Vec<Value> = section_html
            .into_par_iter()
            .enumerate()
            .map(|(i, html)| section_value(&config, &library, i, &section_bodies[i], html, &backlinks))
            .collect();
        let section_full = (0..library.sections.len()).map(|_| std::sync::OnceLock::new()).collect();
        SiteData {
            config,
            config_values,
            library,
            taxonomies,
            page_base,
            section_meta,
            section_full,
            static_files,
            static_sources: BTreeMap::new(),
            root: std::path::PathBuf::new(),
            images: Default::default(),
            backlinks,
            neighbours,
            by_path: Default::default(),
        }
    }

    /// The site before any body is rendered: addresses, taxonomies and files, for the
    /// functions shortcodes may call (Zola's "early" ones). Page and section values are empty.
    pub fn early(
        config: Config,
        library: Library,
        statics: &crate::output::Statics,
        root: &std::path::Path,
    ) -> SiteData {
        let taxonomies = crate::content::taxonomies::collect(&config, &library);
        let config_values = Lang::ALL.map(|lang| config_value(&config, lang));
        SiteData {
            config,
            config_values,
            library,
            taxonomies,
            page_base: Vec::new(),
            section_meta: Vec::new(),
            section_full: Vec::new(),
            static_files: statics.static_files.clone(),
            static_sources: statics.static_sources.clone(),
            root: root.to_path_buf(),
            images: Default::default(),
            backlinks: BTreeMap::new(),
            neighbours: Vec::new(),
            by_path: Default::default(),
        }
    }

    /// Puts a new version of one page or section in place (same address, same place in the
    /// site) and recomputes every value that shows it: the page and its counterpart (whose
    /// `translations` name it), their neighbours (`lower`/`higher`), and their sections.
    /// This is how `serve` answers a one-page edit without serializing the whole site again.
    pub fn refresh(
        &mut self,
        content: ContentRef,
        source: Source,
        page_bodies: &[Rendered],
        section_bodies: &[Rendered],
    ) {
        match content {
            ContentRef::Page(i) => self.library.pages[i].source = source,
            ContentRef::Section(i) => self.library.sections[i].source = source,
        }
        let members: Vec<ContentRef> = self.library.pair_of(content).members.iter().flatten().copied().collect();
        let mut sections: std::collections::BTreeSet<usize> = std::collections::BTreeSet::new();
        let mut changed: std::collections::BTreeSet<usize> = std::collections::BTreeSet::new();
        for member in members {
            match member {
                ContentRef::Page(p) => {
                    let html = page_bodies[p].html.clone();
                    self.page_base[p] =
                        page_value(&self.config, &self.library, p, &page_bodies[p], html, &self.backlinks);
                    let (lower, higher) = self.neighbours[p];
                    changed.extend([Some(p), lower, higher].into_iter().flatten());
                }
                ContentRef::Section(s) => {
                    self.section_meta[s] = section_value(
                        &self.config,
                        &self.library,
                        s,
                        &section_bodies[s],
                        section_bodies[s].html.clone(),
                        &self.backlinks,
                    );
                    sections.insert(s);
                }
            }
        }
        for &q in &changed {
            let mut section = self.library.pages[q].section;
            sections.insert(section);
            while self.library.sections[section].source.front.transparent
                && let Some(parent) = self.library.sections[section].parent
            {
                sections.insert(parent);
                section = parent;
            }
        }
        for s in sections {
            self.section_full[s] = std::sync::OnceLock::new();
        }
    }

    /// A section with its `pages` (Zola's full form), kept for the next `get_section`.
    pub fn section_full(&self, i: usize) -> &Value {
        self.section_full[i].get_or_init(|| self.section_with_pages(i, Listed::WHOLE))
    }

    /// A section with its `pages`, made now (a section page is rendered once: keeping it would
    /// cost a second copy), or cloned from `section_full` when a function already made it.
    pub fn section_with_pages(&self, i: usize, listed: Listed) -> Value {
        if let Some(kept) = self.section_full[i].get().filter(|_| listed == Listed::WHOLE) {
            return kept.clone();
        }
        let mut value = self.section_meta[i].clone();
        if let Some(map) = value.as_object_mut() {
            let pages = self.library.sections[i].pages.iter().map(|&p| self.page_in_listing(p, listed)).collect();
            map.insert("pages".into(), Value::Array(pages));
        }
        value
    }

    /// A page as its own template shows it (the keys `listed` keeps): with `lower` and
    /// `higher` (its neighbours in its section, their `content` empty). Made when asked for
    /// rather than kept for every page, which would hold each page's data three times.
    pub fn page_full(&self, i: usize, listed: Listed) -> Value {
        let (lower, higher) = self.neighbours[i];
        let neighbour = |j: Option<usize>| j.map_or(Value::Null, |j| keys_of(&self.page_base[j], listed, Body::Empty));
        let mut value = keys_of(&self.page_base[i], listed, Body::Kept);
        if let Some(map) = value.as_object_mut() {
            if let Some(slot) = map.get_mut("lower") {
                *slot = neighbour(lower);
            }
            if let Some(slot) = map.get_mut("higher") {
                *slot = neighbour(higher);
            }
        }
        value
    }

    /// A page in a listing (a section's or a pager's `pages`): as in Zola, without `lower` and
    /// `higher`, and with only the keys the listing's template could read.
    pub fn page_in_listing(&self, i: usize, listed: Listed) -> Value {
        keys_of(&self.page_base[i], listed, Body::Kept)
    }

    /// The page or section at a site path (`/es/noticias/`). Paths never change in place.
    pub fn content_at(&self, path: &str) -> Option<ContentRef> {
        let index = self.by_path.get_or_init(|| {
            let pages = (0..self.library.pages.len()).map(ContentRef::Page);
            let sections = (0..self.library.sections.len()).map(ContentRef::Section);
            pages.chain(sections).map(|c| (self.library.path(c).to_string(), c)).collect()
        });
        index.get(path).copied()
    }

    pub fn lang_of(&self, content: ContentRef) -> Lang {
        self.library.source(content).lang
    }

    pub fn permalink(&self, content: ContentRef) -> String {
        self.config.permalink(self.library.path(content))
    }

    /// The counterpart page or section as templates get it in `translation`; a page with only
    /// the keys the template could read (see `Templates::listed`).
    pub fn translation_value(&self, content: ContentRef, listed: Listed) -> Value {
        match self.library.counterpart(content) {
            Some(ContentRef::Page(i)) => self.page_in_listing(i, listed),
            Some(ContentRef::Section(i)) => self.section_meta[i].clone(),
            None => Value::Null,
        }
    }

    /// `<link rel="alternate" hreflang>` entries for a page or section (SPEC §3): itself, its
    /// counterpart, and `x-default`. Both pages of a pair compute the same `x-default`.
    pub fn alternates(&self, content: ContentRef) -> Value {
        let lang = self.lang_of(content);
        let mut members: [Option<ContentRef>; 2] = [None, None];
        members[lang.index()] = Some(content);
        members[lang.other().index()] = self.library.counterpart(content);
        let mut out = Vec::new();
        for l in Lang::ALL {
            if let Some(m) = members[l.index()] {
                out.push(json!({"hreflang": l.code(), "href": self.permalink(m)}));
            }
        }
        let is_home = matches!(content, ContentRef::Section(i) if self.library.sections[i].dir.is_empty());
        let x_default = if is_home && self.config.default_language_in_subdir {
            self.config.permalink("/")
        } else {
            let preferred = members[self.config.default_language.index()].or(Some(content));
            preferred.map(|m| self.permalink(m)).unwrap_or_default()
        };
        out.push(json!({"hreflang": "x-default", "href": x_default}));
        Value::Array(out)
    }

    pub fn alternates_for_path(&self, paths: [Option<&str>; 2], x_default: &str) -> Value {
        let mut out = Vec::new();
        for l in Lang::ALL {
            if let Some(path) = paths[l.index()] {
                out.push(json!({"hreflang": l.code(), "href": self.config.permalink(path)}));
            }
        }
        out.push(json!({"hreflang": "x-default", "href": self.config.permalink(x_default)}));
        Value::Array(out)
    }

    /// `{name, slug, path, permalink, pages, page_count}` for one term (Zola's shape).
    /// A term as Zola serializes it; `pages: None` leaves its pages out (`include_pages=false`).
    pub fn term_value(&self, taxonomy: &Taxonomy, term: usize, pages: Option<Listed>) -> Value {
        let term = &taxonomy.terms[term];
        let pages: Vec<Value> = match pages {
            None => Vec::new(),
            Some(listed) => term.pages.iter().map(|&p| self.page_in_listing(p, listed)).collect(),
        };
        // Built by hand: `json!` would copy `pages` once more.
        let mut map = Map::new();
        map.insert("name".into(), json!(term.name));
        map.insert("slug".into(), json!(term.slug));
        map.insert("path".into(), json!(term.path));
        map.insert("permalink".into(), json!(self.config.permalink(&term.path)));
        map.insert("pages".into(), Value::Array(pages));
        map.insert("page_count".into(), json!(term.pages.len()));
        Value::Object(map)
    }

    pub fn taxonomy_value(&self, taxonomy: &Taxonomy) -> Value {
        let declared = &self.config.taxonomies[taxonomy.config];
        json!({
            "name": declared.name,
            "slug": declared.slug_in(taxonomy.lang),
            "title": declared.title_in(taxonomy.lang),
            "lang": taxonomy.lang.code(),
            "path": taxonomy.path,
            "permalink": self.config.permalink(&taxonomy.path),
            "feed": declared.feed,
            "paginate_by": declared.paginate_by,
        })
    }

    pub fn taxonomy(&self, name: &str, lang: Lang) -> Option<&Taxonomy> {
        self.taxonomies.iter().find(|t| t.lang == lang && self.config.taxonomies[t.config].name == name)
    }
}

/// `config` as Zola serializes it for one language (research/zola-reference.md §1.3).
pub(super) fn config_value(config: &Config, lang: Lang) -> Value {
    let options = config.languages.get(lang);
    let other = lang.other();
    let other_options = config.languages.get(other);
    let taxonomies = language_taxonomies(config, lang);
    json!({
        "base_url": config.base_url,
        "mode": "build",
        "title": options.title,
        "description": options.description,
        "default_language": config.default_language.code(),
        // Zola lists every language but the one being rendered, each with its own options.
        "languages": { other.code(): {
            "title": other_options.title, "description": other_options.description,
            "generate_feeds": true, "generate_feed": true, "feed_filenames": ["atom.xml"],
            "taxonomies": language_taxonomies(config, other), "build_search_index": false,
            "translations": config.translations.get(&other).cloned().unwrap_or_default(),
        } },
        "author": config.author,
        "extra": config.extra,
        "markdown": {
            "smart_punctuation": config.markdown.smart_punctuation,
            "insert_anchor_links": config.markdown.anchor_links,
            // Zola 0.22's other Markdown settings, at their defaults: themes test them.
            "highlight_code": false, "highlighting": null, "render_emoji": false,
            "external_links_class": null, "external_links_target_blank": false,
            "external_links_no_follow": false, "external_links_no_referrer": false,
            "definition_list": false, "bottom_footnotes": false, "lazy_async_image": false,
            "github_alerts": false,
        },
        "search": {"index_format": "elasticlunr_javascript"},
        "exclude_paginated_pages_in_sitemap": "none",
        "taxonomies": taxonomies,
        "generate_feeds": true,
        "generate_feed": true,
        "feed_filenames": ["atom.xml"],
        "generate_sitemap": true,
        "generate_robots_txt": true,
        "build_search_index": false,
    })
}

fn language_taxonomies(config: &Config, lang: Lang) -> Vec<Value> {
    config
        .taxonomies
        .iter()
        .map(|t| {
            json!({"name": t.name, "slug": t.slug_in(lang), "title": t.title_in(lang), "feed": t.feed,
                   "paginate_by": t.paginate_by, "paginate_path": "page", "render": true})
        })
        .collect()
}

#[derive(Serialize)]
struct TocEntry {
    level: u32,
    id: String,
    permalink: String,
    title: String,
    children: Vec<TocEntry>,
}

fn toc(headings: &[Heading], permalink: &str) -> Vec<TocEntry> {
    headings
        .iter()
        .map(|h| TocEntry {
            level: h.level,
            id: h.id.clone(),
            permalink: format!("{permalink}#{}", h.id),
            title: h.title.clone(),
            children: toc(&h.children, permalink),
        })
        .collect()
}

fn components(path: &str) -> Vec<&str> {
    path.split('/').filter(|s| !s.is_empty()).collect()
}

/// Relative paths of the sections above a section, the home first (Zola's `ancestors`).
fn ancestors(library: &Library, mut section: Option<usize>) -> Vec<String> {
    let mut out = Vec::new();
    while let Some(i) = section {
        out.push(library.sections[i].source.rel_path.clone());
        section = library.sections[i].parent;
    }
    out.reverse();
    out
}

fn translations(config: &Config, library: &Library, content: ContentRef) -> Vec<Value> {
    library
        .pair_of(content)
        .members
        .iter()
        .flatten()
        .map(|&m| {
            let source = library.source(m);
            json!({"lang": source.lang.code(), "permalink": config.permalink(library.path(m)),
                   "title": source.title(), "path": source.rel_path})
        })
        .collect()
}

fn date_parts(date: Option<chrono::NaiveDateTime>) -> (Value, Value, Value) {
    use chrono::Datelike;
    match date {
        Some(d) => (json!(d.year()), json!(d.month()), json!(d.day())),
        None => (Value::Null, Value::Null, Value::Null),
    }
}

fn common(config: &Config, source: &Source, body: &Rendered, html: String, path: &str) -> Map<String, Value> {
    let permalink = config.permalink(path);
    let mut map = Map::with_capacity(PAGE_KEYS.len());
    map.insert("relative_path".into(), json!(source.rel_path));
    map.insert("content".into(), Value::String(html));
    map.insert("permalink".into(), json!(permalink));
    map.insert("path".into(), json!(path));
    map.insert("components".into(), json!(components(path)));
    map.insert("title".into(), json!(source.front.title));
    map.insert("description".into(), json!(source.front.description));
    map.insert("extra".into(), source.front.extra.clone().unwrap_or_else(|| json!({})));
    map.insert("toc".into(), serde_json::to_value(toc(&body.toc, &permalink)).unwrap_or(Value::Null));
    map.insert("word_count".into(), json!(body.word_count));
    map.insert("reading_time".into(), json!(body.reading_time));
    map.insert("lang".into(), json!(source.lang.code()));
    map.insert("draft".into(), json!(source.front.draft));
    map.insert("translation_key".into(), json!(source.front.translation_key));
    map
}

type Backlinks = BTreeMap<(Lang, String), Vec<Value>>;

/// Who links to whom with `@/` links, per language: target relative path → `{permalink, title}`.
fn backlinks(config: &Config, library: &Library, pages: &[Rendered], sections: &[Rendered]) -> Backlinks {
    let mut map: Backlinks = BTreeMap::new();
    let sources = library
        .pages
        .iter()
        .zip(pages)
        .map(|(p, r)| (&p.source, &p.path, r))
        .chain(library.sections.iter().zip(sections).map(|(s, r)| (&s.source, &s.path, r)));
    for (source, path, rendered) in sources {
        // Each linking page is listed once per page it links to, however often it links
        // there: its targets are deduplicated here, not by searching the lists (a page that
        // thousands of pages link to would make that quadratic).
        let mut targets: Vec<ContentRef> =
            rendered.internal_links.iter().filter_map(|link| library.find(source.lang, &link.path)).collect();
        targets.sort_unstable();
        targets.dedup();
        for found in targets {
            let key = (source.lang, library.source(found).rel_path.clone());
            map.entry(key).or_default().push(json!({"permalink": config.permalink(path), "title": source.title()}));
        }
    }
    map
}

fn page_value(
    config: &Config,
    library: &Library,
    i: usize,
    body: &Rendered,
    html: String,
    backlinks: &Backlinks,
) -> Value {
    let page: &Page = &library.pages[i];
    let source = &page.source;
    let mut map = common(config, source, body, html, &page.path);
    let (year, month, day) = date_parts(page.date);
    let colocated = source.rel_path.strip_suffix("index.md").filter(|_| source.rel_path.ends_with("/index.md"));
    map.insert("colocated_path".into(), json!(colocated));
    map.insert("slug".into(), json!(page.slug));
    map.insert("ancestors".into(), json!(ancestors(library, Some(page.section))));
    map.insert("date".into(), json!(source.front.date));
    map.insert("updated".into(), json!(source.front.updated));
    map.insert("year".into(), year);
    map.insert("month".into(), month);
    map.insert("day".into(), day);
    map.insert("weight".into(), json!(source.front.weight));
    map.insert("taxonomies".into(), json!(source.front.taxonomies));
    map.insert("authors".into(), json!(source.front.authors));
    map.insert("summary".into(), json!(body.summary));
    map.insert("assets".into(), json!(page.assets));
    map.insert("lower".into(), Value::Null);
    map.insert("higher".into(), Value::Null);
    map.insert("translations".into(), json!(translations(config, library, ContentRef::Page(i))));
    let links = backlinks.get(&(source.lang, source.rel_path.clone())).cloned().unwrap_or_default();
    map.insert("backlinks".into(), Value::Array(links));
    map.values_mut().for_each(fit);
    Value::Object(map)
}

/// Remakes the maps inside `value` at their size. A map filled key by key keeps room for up
/// to twice its keys (its entries grow with its hash table); page values live until the
/// site is written, and the nested maps (table of contents, translations) are most of a
/// page's maps.
fn fit(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.values_mut().for_each(fit);
            *map = std::mem::take(map).into_iter().collect();
        }
        Value::Array(items) => items.iter_mut().for_each(fit),
        _ => {}
    }
}

fn section_value(
    config: &Config,
    library: &Library,
    i: usize,
    body: &Rendered,
    html: String,
    backlinks: &Backlinks,
) -> Value {
    let section: &Section = &library.sections[i];
    let source = &section.source;
    let mut map = common(config, source, body, html, &section.path);
    let subsections: Vec<&str> =
        section.subsections.iter().map(|&s| library.sections[s].source.rel_path.as_str()).collect();
    map.insert("colocated_path".into(), Value::Null);
    map.insert("ancestors".into(), json!(ancestors(library, section.parent)));
    map.insert("assets".into(), json!(section.assets));
    map.insert("pages".into(), json!([]));
    map.insert("subsections".into(), json!(subsections));
    map.insert("translations".into(), json!(translations(config, library, ContentRef::Section(i))));
    let links = backlinks.get(&(source.lang, source.rel_path.clone())).cloned().unwrap_or_default();
    map.insert("backlinks".into(), Value::Array(links));
    map.insert("generate_feeds".into(), json!(source.front.generate_feeds));
    map.insert("transparent".into(), json!(source.front.transparent));
    map.insert("render".into(), json!(source.front.render));
    map.insert("redirect_to".into(), json!(source.front.redirect_to));
    map.insert("in_search_index".into(), json!(source.front.in_search_index));
    map.insert("sort_by".into(), json!(source.front.sort_by.unwrap_or_default()));
    map.insert("weight".into(), json!(source.front.weight.unwrap_or(0)));
    map.insert("paginate_by".into(), json!(source.front.paginate_by));
    map.insert("paginate_reversed".into(), json!(source.front.paginate_reversed));
    map.insert("paginate_path".into(), json!(source.front.paginate_path.as_deref().unwrap_or("page")));
    Value::Object(map)
}

/// The keys of every page value, in the order `common` and `page_value` insert them.
pub const PAGE_KEYS: [&str; 31] = [
    "relative_path",
    "content",
    "permalink",
    "path",
    "components",
    "title",
    "description",
    "extra",
    "toc",
    "word_count",
    "reading_time",
    "lang",
    "draft",
    "translation_key",
    "colocated_path",
    "slug",
    "ancestors",
    "date",
    "updated",
    "year",
    "month",
    "day",
    "weight",
    "taxonomies",
    "authors",
    "summary",
    "assets",
    "lower",
    "higher",
    "translations",
    "backlinks",
];

// `Listed` keeps one bit per key.
const _: () = assert!(PAGE_KEYS.len() <= u32::BITS as usize);

/// Which keys of a page a template is given: those it could read (`Templates::listed`).
/// A term page listing 2,000 pages copied each page whole into its context, and the copies
/// were a tenth of a 20,000-page build; most templates read five keys of a listed page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Listed {
    /// Bit `k` keeps `PAGE_KEYS[k]`.
    keys: u32,
}

impl Listed {
    pub const WHOLE: Listed = Listed { keys: u32::MAX };

    /// The page keys for which `could_read` says yes.
    pub fn reading(could_read: impl Fn(&str) -> bool) -> Listed {
        let keys =
            PAGE_KEYS.iter().enumerate().filter(|(_, key)| could_read(key)).fold(0, |bits, (k, _)| bits | 1 << k);
        Listed { keys }
    }

    fn keeps(self, k: usize) -> bool {
        self.keys & (1 << k) != 0
    }
}

/// What a copy of a page does with its body: `lower` and `higher` show it empty, as in Zola.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Body {
    Kept,
    Empty,
}

/// A copy of a page value with the keys `listed` keeps. Keys are matched by position (every
/// page value has `PAGE_KEYS` in order, which a test pins) and checked by name: a key out of
/// place is kept. Copies only what is kept, so a body that is not shown is never copied.
fn keys_of(base: &Value, listed: Listed, body: Body) -> Value {
    match base {
        _ if listed == Listed::WHOLE && body == Body::Kept => base.clone(),
        Value::Object(map) => Value::Object(
            map.iter()
                .enumerate()
                .filter(|&(k, (key, _))| listed.keeps(k) || PAGE_KEYS.get(k) != Some(&key.as_str()))
                .map(|(_, (key, value))| {
                    let value = if key == "content" && body == Body::Empty {
                        Value::String(String::new())
                    } else {
                        value.clone()
                    };
                    (key.clone(), value)
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

/// `(lower, higher)` of every page: the previous and next page in its section's order.
fn neighbours(library: &Library) -> Vec<(Option<usize>, Option<usize>)> {
    let mut out = vec![(None, None); library.pages.len()];
    for (s, section) in library.sections.iter().enumerate() {
        // Only the page's own section: a transparent section's pages are listed by its parent too.
        let own: Vec<usize> = section.pages.iter().copied().filter(|&p| library.pages[p].section == s).collect();
        for (k, &page) in own.iter().enumerate() {
            let lower = k.checked_sub(1).map(|j| own[j]);
            let higher = own.get(k + 1).copied();
            out[page] = (lower, higher);
        }
    }
    out
}
