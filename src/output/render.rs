//! Rendering jobs: what each output file is made from and with which template and context.

use super::markdown::Bodies;
use super::tree::{OutputFile, OutputTree, index_file};
use crate::config::{Config, Lang};
use crate::content::taxonomies::{self, Taxonomy};
use crate::content::{ContentRef, Library};
use crate::diagnostics::{Failure, Location, Problem};
use crate::fluent::Strings;
use crate::templates::images::Images;
use crate::templates::{Listed, MovedHtml, SharedSite, SiteData, TemplateSources, Templates};
use crate::theme::Theme;
use rayon::prelude::*;
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

/// Root files Puente generates; `get_url(path="sitemap.xml")` must point at the root copy.
const GENERATED_ROOT_FILES: &[&str] = &["sitemap.xml", "robots.txt", "404.html"];

/// Renders the site from Markdown bodies already rendered by `render_bodies` (the pipeline
/// runs the checks on their skeletons in between).
#[allow(clippy::too_many_arguments)]
pub fn render(
    root: &Path,
    config: Config,
    library: Library,
    bodies: Bodies,
    statics: Statics,
    images: Arc<Images>,
    strings: Arc<Strings>,
    template_sources: &TemplateSources,
) -> Result<OutputTree, Failure> {
    let renderer = Renderer::new(root, config, library, &bodies, None, statics, images, strings, template_sources)?;
    drop(bodies);
    Ok(renderer.render_all()?.0)
}

/// The files a build copies (or compiles, for Sass) rather than renders, and which of them
/// live at the root, for `get_url` and `get_hash`. Made before the Markdown pass, so
/// shortcodes can call `get_url` as they can in Zola.
pub struct Statics {
    pub copied: OutputTree,
    pub static_files: BTreeSet<String>,
    pub static_sources: BTreeMap<String, OutputFile>,
}

impl Statics {
    pub fn collect(root: &Path, config: &Config, theme: &Theme, library: &Library) -> Result<Statics, Failure> {
        let mut copied = OutputTree::default();
        let mut problems = Vec::new();
        add_static_files(root, theme, &mut copied, &mut problems);
        add_sass(root, &config.theme, &mut copied, &mut problems);
        add_assets(root, library, &mut copied, &mut problems);
        if !problems.is_empty() {
            return Err(Failure::build(problems));
        }
        let root_level = |p: &String| !is_lang_path(config, p);
        let mut static_files: BTreeSet<String> = copied.files.keys().filter(|p| root_level(p)).cloned().collect();
        static_files.extend(GENERATED_ROOT_FILES.iter().map(|s| s.to_string()));
        let static_sources =
            copied.files.iter().filter(|(p, _)| root_level(p)).map(|(p, f)| (p.clone(), f.clone())).collect();
        Ok(Statics { copied, static_files, static_sources })
    }
}

/// Everything needed to render any output file: the site data, the templates, and the files
/// that are copied rather than rendered. `build` renders everything once; `serve` renders a
/// file when it is asked for, and updates the site data in place when one page changes.
pub struct Renderer {
    pub site: SharedSite,
    pub templates: Templates,
    /// Static files and content assets.
    pub copied: OutputTree,
}

impl Renderer {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        root: &Path,
        config: Config,
        library: Library,
        bodies: &Bodies,
        moved_html: Option<MovedHtml>,
        statics: Statics,
        images: Arc<Images>,
        strings: Arc<Strings>,
        template_sources: &TemplateSources,
    ) -> Result<Renderer, Failure> {
        let Statics { copied, static_files, static_sources } = statics;
        // Parsing the templates (one thread) overlaps building the site's values (parallel).
        let (parsed, mut site) = rayon::join(
            || Templates::parse(template_sources),
            || {
                let taxonomies = taxonomies::collect(&config, &library);
                SiteData::new(config, library, taxonomies, &bodies.pages, &bodies.sections, moved_html, static_files)
            },
        );
        site.static_sources = static_sources;
        site.root = root.to_path_buf();
        site.images = images;
        let site: SharedSite = Arc::new(parking_lot::RwLock::new(site));
        let templates = parsed.map_err(Failure::build)?.bind(site.clone(), strings);
        Ok(Renderer { site, templates, copied })
    }

    /// Every output file, and which job made each (so `serve` can re-render one on demand).
    pub fn render_all(&self) -> Result<(OutputTree, BTreeMap<String, Job>), Failure> {
        let site = self.site.read_recursive();
        let mut tree = OutputTree::default();
        for (path, file) in &self.copied.files {
            tree.insert_overriding(path.clone(), file.clone(), "a static file");
        }
        let mut index = BTreeMap::new();
        let mut problems = Vec::new();
        let jobs = jobs(&site);
        let rendered: Vec<Result<Rendered, Problem>> =
            jobs.par_iter().map(|job| render_job(&site, &self.templates, job)).collect();
        for (job, result) in jobs.iter().zip(rendered) {
            match result {
                Ok(files) => {
                    for (path, bytes, owner) in files {
                        index.insert(path.clone(), *job);
                        if let Err(problem) = tree.insert(path, OutputFile::Data(bytes), &owner) {
                            problems.push(problem);
                        }
                    }
                }
                Err(problem) => problems.push(problem),
            }
        }
        for (path, cached) in site.images.produced() {
            tree.insert_overriding(path, OutputFile::Copy(cached), "resize_image");
        }
        if problems.is_empty() { Ok((tree, index)) } else { Err(Failure::build(problems)) }
    }

    /// Renders every output file straight into `staging` (what `build` does): files go to disk
    /// as they are made, in parallel, so the site is never held in memory whole.
    pub fn render_into(&self, staging: &super::write::Staging) -> Result<(), Failure> {
        let site = self.site.read_recursive();
        let mut problems: Vec<Problem> =
            self.copied.files.par_iter().filter_map(|(path, file)| staging.put_overriding(path, file).err()).collect();
        let jobs = jobs(&site);
        let rendered: Vec<Vec<Problem>> = jobs
            .par_iter()
            // One task per job, so no thread takes the long jobs at the front as one batch.
            .with_max_len(1)
            .map(|job| {
                // The files that hold every page are written as they are made, never whole.
                if let Some((path, owner, write)) = streamed(&site, &self.templates, *job) {
                    return stream(staging, &path, owner, write).err().into_iter().collect();
                }
                match render_job(&site, &self.templates, job) {
                    Ok(files) => files
                        .into_iter()
                        .filter_map(|(path, bytes, owner)| staging.put(&path, &OutputFile::Data(bytes), &owner).err())
                        .collect(),
                    Err(problem) => vec![problem],
                }
            })
            .collect();
        problems.extend(rendered.into_iter().flatten());
        for (path, cached) in site.images.produced() {
            if let Err(problem) = staging.put_overriding(&path, &OutputFile::Copy(cached)) {
                problems.push(problem);
            }
        }
        if problems.is_empty() { Ok(()) } else { Err(Failure::build(problems)) }
    }

    /// The files one job makes (a page and its aliases, a section's pagers, the root files…).
    pub fn render_one(&self, job: Job) -> Result<Vec<(String, Vec<u8>)>, Problem> {
        let site = self.site.read_recursive();
        render_job(&site, &self.templates, &job).map(|files| files.into_iter().map(|(p, b, _)| (p, b)).collect())
    }
}

fn is_lang_path(config: &Config, path: &str) -> bool {
    Lang::ALL.iter().any(|&lang| {
        let prefix = config.lang_prefix(lang);
        prefix != "/" && path.starts_with(prefix.trim_start_matches('/'))
    })
}

/// The theme's `static/`, then the site's `static/` over it, at the output root (Zola's rule).
fn add_static_files(root: &Path, theme: &Theme, tree: &mut OutputTree, problems: &mut Vec<Problem>) {
    for (path, bytes) in theme.folder("static") {
        tree.insert_overriding(
            path.to_string(),
            OutputFile::Data(bytes.to_vec()),
            &format!("{}/static/{path}", theme.origin),
        );
    }
    let dir = root.join("static");
    if !dir.is_dir() {
        return;
    }
    for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                let rel = crate::slash_path(entry.path().strip_prefix(&dir).unwrap_or(entry.path()));
                let owner = format!("static/{rel}");
                tree.insert_overriding(rel, OutputFile::Copy(entry.path().to_path_buf()), &owner);
            }
            Ok(_) => {}
            Err(err) => problems
                .push(Problem::new(format!("cannot read the static folder: {err}")).at(Location::file("static"))),
        }
    }
}

/// The theme's `sass/`, then the site's, compiled to CSS at the output root (`sass/main.scss`
/// → `main.css`), as Zola does; files whose names start with `_` are partials, only imported.
fn add_sass(root: &Path, theme: &str, tree: &mut OutputTree, problems: &mut Vec<Problem>) {
    for dir in [root.join("themes").join(theme).join("sass"), root.join("sass")] {
        if !dir.is_dir() {
            continue;
        }
        for entry in walkdir::WalkDir::new(&dir).sort_by_file_name().into_iter().flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy();
            let is_sass = path.extension().is_some_and(|e| e == "scss" || e == "sass");
            if !entry.file_type().is_file() || !is_sass || name.starts_with('_') {
                continue;
            }
            let rel = crate::slash_path(path.strip_prefix(&dir).unwrap_or(path));
            let css_path = format!("{}.css", rel.rsplit_once('.').map_or(rel.as_str(), |(stem, _)| stem));
            let site_path = crate::slash_path(path.strip_prefix(root).unwrap_or(path));
            match grass::from_path(path, &grass::Options::default()) {
                Ok(css) => tree.insert_overriding(css_path, OutputFile::Data(css.into_bytes()), &site_path),
                Err(err) => {
                    // grass reports "Error: …" then the excerpt; its first line is the reason.
                    let text = err.to_string();
                    let reason = text.lines().next().unwrap_or_default().trim_start_matches("Error: ").to_string();
                    let line = text.lines().find_map(|l| {
                        let (n, rest) = l.trim().split_once(' ')?;
                        rest.trim_start().starts_with(['|', '│']).then(|| n.parse::<usize>().ok()).flatten()
                    });
                    let at = match line {
                        Some(line) => Location::new(&site_path, line),
                        None => Location::file(&site_path),
                    };
                    problems.push(
                        Problem::new(format!("this Sass file does not compile: {reason}"))
                            .at(at)
                            .hint("fix the Sass at that line"),
                    );
                }
            }
        }
    }
}

fn add_assets(root: &Path, library: &Library, tree: &mut OutputTree, problems: &mut Vec<Problem>) {
    for asset in &library.assets {
        let file = OutputFile::Copy(root.join(&asset.site_path));
        if let Err(problem) = tree.insert(asset.output_path.clone(), file, &asset.site_path) {
            problems.push(problem.at(Location::file(&asset.site_path)));
        }
    }
}

/// One unit of rendering; `Root` is the language chooser, the bilingual 404 and robots.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Job {
    Page(usize),
    Section(usize),
    TaxonomyList(usize),
    Term(usize, usize),
    NotFound(Lang),
    Feed(Lang),
    Sitemap,
    Root,
}

/// Every job, the long ones first (feeds and the root hold every page; term, taxonomy and
/// section pages list many): started last, one of them would run alone while the other cores
/// wait at the end.
fn jobs(site: &SiteData) -> Vec<Job> {
    let mut jobs: Vec<Job> = Vec::with_capacity(site.library.pages.len() + site.library.sections.len() + 8);
    for lang in Lang::ALL {
        jobs.push(Job::Feed(lang));
    }
    jobs.push(Job::Sitemap);
    jobs.push(Job::Root);
    for (t, taxonomy) in site.taxonomies.iter().enumerate() {
        jobs.extend((0..taxonomy.terms.len()).map(|term| Job::Term(t, term)));
        jobs.push(Job::TaxonomyList(t));
    }
    jobs.extend((0..site.library.sections.len()).map(Job::Section));
    for lang in Lang::ALL {
        jobs.push(Job::NotFound(lang));
    }
    jobs.extend((0..site.library.pages.len()).map(Job::Page));
    jobs
}

type Rendered = Vec<(String, Vec<u8>, String)>;

fn render_job(site: &SiteData, templates: &Templates, job: &Job) -> Result<Rendered, Problem> {
    if let Some((path, owner, write)) = streamed(site, templates, *job) {
        return Ok(vec![(path, collect(write)?, owner.to_string())]);
    }
    match *job {
        Job::Page(i) => render_page(site, templates, i),
        Job::Section(i) => render_section(site, templates, i),
        Job::TaxonomyList(t) => render_taxonomy_list(site, templates, &site.taxonomies[t]),
        Job::Term(t, term) => render_term(site, templates, &site.taxonomies[t], term),
        Job::NotFound(lang) => render_not_found(site, templates, lang),
        Job::Root => render_root(site, templates),
        // Made by `streamed` above.
        Job::Feed(_) | Job::Sitemap => Ok(Vec::new()),
    }
}

/// Writes the text of a file a piece at a time.
type Writer<'a> = Box<dyn FnOnce(&mut Sink) -> Result<(), Problem> + 'a>;

/// For the jobs whose file holds every page (a language's feed, the sitemap): its path, who
/// makes it (for messages) and how it is written a piece at a time, into the staging folder or
/// into memory.
fn streamed<'a>(site: &'a SiteData, templates: &'a Templates, job: Job) -> Option<(String, &'static str, Writer<'a>)> {
    match job {
        Job::Feed(lang) => Some((
            feed_path(site, lang, None),
            FEED_OWNER,
            Box::new(move |out: &mut Sink| write_feed(site, templates, lang, None, out)),
        )),
        Job::Sitemap => {
            Some((SITEMAP.to_string(), SITEMAP_OWNER, Box::new(|out: &mut Sink| write_sitemap(site, templates, out))))
        }
        _ => None,
    }
}

/// What every HTML template gets: Zola's `config`, `lang`, `current_path`, `current_url`, plus
/// Puente's `other_lang` and `alternates`.
fn base_context(site: &SiteData, lang: Lang, path: &str, alternates: Value, translation: Value) -> Map<String, Value> {
    let mut map = Map::new();
    map.insert("config".into(), site.config_values[lang.index()].clone());
    map.insert("lang".into(), json!(lang.code()));
    map.insert("other_lang".into(), json!(lang.other().code()));
    map.insert("current_path".into(), json!(path));
    map.insert("current_url".into(), json!(site.config.permalink(path)));
    map.insert("alternates".into(), alternates);
    map.insert("translation".into(), translation);
    map.insert("zola_version".into(), json!("0.22.1"));
    map.insert("puente_version".into(), json!(env!("CARGO_PKG_VERSION")));
    map
}

/// Renders an HTML page, then makes sure its `<head>` has the canonical link and the hreflang
/// alternates (SPEC §3): themes written for Zola rarely have them, and a bilingual site
/// without them is indexed as two unrelated sites. A theme that writes its own is left as is.
fn render_html(templates: &Templates, lang: Lang, template: &str, map: Map<String, Value>) -> Result<String, Problem> {
    let alternates = map.get("alternates").cloned().unwrap_or(Value::Null);
    let canonical = map.get("current_url").and_then(Value::as_str).unwrap_or_default().to_string();
    let html = templates.render(lang, template, &tera_context(map))?;
    Ok(ensure_head_links(html, &canonical, &alternates))
}

pub fn ensure_head_links(html: String, canonical: &str, alternates: &Value) -> String {
    // Only the head is lowercased: pages are large, heads are small.
    let Some(head_end) = html.as_bytes().windows(7).position(|w| w.eq_ignore_ascii_case(b"</head>")) else {
        return html;
    };
    let head = html[..head_end].to_ascii_lowercase();
    let mut links = String::new();
    if !head.contains("rel=\"canonical\"") && !head.contains("rel='canonical'") && !canonical.is_empty() {
        links.push_str(&format!("<link rel=\"canonical\" href=\"{}\">\n", attr(canonical)));
    }
    if !head.contains("hreflang") {
        for alternate in alternates.as_array().into_iter().flatten() {
            let (Some(lang), Some(href)) = (alternate["hreflang"].as_str(), alternate["href"].as_str()) else {
                continue;
            };
            links.push_str(&format!("<link rel=\"alternate\" hreflang=\"{}\" href=\"{}\">\n", attr(lang), attr(href)));
        }
    }
    if links.is_empty() {
        return html;
    }
    format!("{}{links}{}", &html[..head_end], &html[head_end..])
}

fn attr(text: &str) -> String {
    text.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;")
}

fn tera_context(map: Map<String, Value>) -> tera::Context {
    tera::Context::from_value(Value::Object(map)).unwrap_or_default()
}

/// A content file's own template, else the nearest section's `page_template`, else `default`;
/// a name that does not exist is an error at the front-matter line that asked for it.
fn pick_template<'a>(
    templates: &Templates,
    site: &'a SiteData,
    content: ContentRef,
    default: &'a str,
) -> Result<&'a str, Problem> {
    let source = site.library.source(content);
    let (name, key) = match content {
        ContentRef::Page(i) => {
            let mut section = Some(site.library.pages[i].section);
            let mut inherited = None;
            while let Some(s) = section {
                if let Some(t) = site.library.sections[s].source.front.page_template.as_deref() {
                    inherited = Some((t, s));
                    break;
                }
                section = site.library.sections[s].parent;
            }
            match (source.front.template.as_deref(), inherited) {
                (Some(t), _) => (t, Some(source.key_location("template"))),
                (None, Some((t, s))) => (t, Some(site.library.sections[s].source.key_location("page_template"))),
                (None, None) => (default, None),
            }
        }
        ContentRef::Section(_) => match source.front.template.as_deref() {
            Some(t) => (t, Some(source.key_location("template"))),
            None => (default, None),
        },
    };
    if templates.has(name) {
        return Ok(name);
    }
    match key {
        Some(at) => Err(Problem::new(format!("the template `{name}` does not exist"))
            .at(at)
            .hint(format!("create templates/{name} in the site or the theme, or remove the `template` line"))),
        None => Ok("__puente/fallback.html"),
    }
}

fn render_page(site: &SiteData, templates: &Templates, i: usize) -> Result<Rendered, Problem> {
    let page = &site.library.pages[i];
    let content = ContentRef::Page(i);
    let lang = page.source.lang;
    if !page.source.front.render {
        return Ok(Vec::new());
    }
    let template = pick_template(templates, site, content, "page.html")?;
    let listed = templates.listed(template);
    let translation = site.translation_value(content, listed);
    let mut map = base_context(site, lang, &page.path, site.alternates(content), translation);
    map.insert("page".into(), site.page_full(i, listed));
    let html = render_html(templates, lang, template, map).map_err(|p| with_content(p, &page.source.site_path))?;
    let mut files = vec![(index_file(&page.path), html.into_bytes(), page.source.site_path.clone())];
    files.extend(aliases(site, templates, content)?);
    Ok(files)
}

fn render_section(site: &SiteData, templates: &Templates, i: usize) -> Result<Rendered, Problem> {
    let section = &site.library.sections[i];
    let content = ContentRef::Section(i);
    let lang = section.source.lang;
    let default = if section.dir.is_empty() { "index.html" } else { "section.html" };
    let owner = section.source.site_path.clone();
    let front = &section.source.front;
    let mut files = Vec::new();
    if !front.render {
        return Ok(files);
    }
    if front.generate_feeds {
        files.extend(render_section_feed(site, templates, lang, i)?);
    }
    if let Some(target) = &front.redirect_to {
        let url = redirect_target(site, lang, target).ok_or_else(|| {
            Problem::new(format!("`redirect_to: {target}` names a page that does not exist"))
                .at(section.source.key_location("redirect_to"))
                .hint(format!(
                    "write `@/` and a file of {} (`@/news/_index.md`), or a full address",
                    lang.content_dir()
                ))
        })?;
        files.push((index_file(&section.path), redirect(templates, lang, &url)?, owner.clone()));
        files.extend(aliases(site, templates, content)?);
        return Ok(files);
    }
    let template = pick_template(templates, site, content, default)?;
    match section.source.front.paginate_by.filter(|&n| n > 0) {
        None => {
            let mut map = base_context(
                site,
                lang,
                &section.path,
                site.alternates(content),
                site.translation_value(content, Listed::WHOLE),
            );
            map.insert("section".into(), site.section_with_pages(i, templates.listed(template)));
            let html = render_html(templates, lang, template, map).map_err(|p| with_content(p, &owner))?;
            files.push((index_file(&section.path), html.into_bytes(), owner.clone()));
        }
        Some(per_page) => {
            let pager_word = section.source.front.paginate_path.clone().unwrap_or_else(|| "page".to_string());
            let mut pages: Vec<usize> = section.pages.clone();
            if section.source.front.paginate_reversed {
                pages.reverse();
            }
            let total = pages.len().div_ceil(per_page).max(1);
            let pager_path = |k: usize| {
                if k == 1 { section.path.clone() } else { format!("{}{pager_word}/{k}/", section.path) }
            };
            for k in 1..=total {
                let listed = templates.listed(template);
                let chunk: Vec<Value> = pages
                    .iter()
                    .skip((k - 1) * per_page)
                    .take(per_page)
                    .map(|&p| site.page_in_listing(p, listed))
                    .collect();
                let path = pager_path(k);
                let alternates = pager_alternates(site, content, k);
                let mut map =
                    base_context(site, lang, &path, alternates.clone(), pager_translation(site, content, &alternates));
                map.insert("section".into(), site.section_meta[i].clone());
                map.insert(
                    "paginator".into(),
                    json!({
                        "paginate_by": per_page,
                        "first": site.config.permalink(&pager_path(1)),
                        "last": site.config.permalink(&pager_path(total)),
                        "previous": (k > 1).then(|| site.config.permalink(&pager_path(k - 1))),
                        "next": (k < total).then(|| site.config.permalink(&pager_path(k + 1))),
                        "number_pagers": total,
                        "base_url": site.config.permalink(&format!("{}{pager_word}/", section.path)),
                        "pages": chunk,
                        "current_index": k,
                        "total_pages": pages.len(),
                    }),
                );
                let html = render_html(templates, lang, template, map).map_err(|p| with_content(p, &owner))?;
                files.push((index_file(&path), html.into_bytes(), owner.clone()));
            }
            // `page/1/` is the section itself, as in Zola.
            let first = format!("{}{pager_word}/1/", section.path);
            files.push((
                index_file(&first),
                redirect(templates, lang, &site.config.permalink(&section.path))?,
                owner.clone(),
            ));
        }
    }
    files.extend(aliases(site, templates, content)?);
    Ok(files)
}

/// The counterpart section as `translation`, pointing at its pager of the same number when it
/// has one, so the language switcher on page 2 goes to page 2.
fn pager_translation(site: &SiteData, content: ContentRef, alternates: &Value) -> Value {
    let mut translation = site.translation_value(content, Listed::WHOLE);
    let other = site.lang_of(content).other().code();
    let href =
        alternates.as_array().and_then(|list| list.iter().find(|a| a["hreflang"] == other)).map(|a| a["href"].clone());
    if let (Some(map), Some(href)) = (translation.as_object_mut(), href) {
        map.insert("permalink".into(), href);
    }
    translation
}

/// hreflang entries of the k-th pager: the counterpart's k-th pager when it has one.
fn pager_alternates(site: &SiteData, content: ContentRef, k: usize) -> Value {
    if k == 1 {
        return site.alternates(content);
    }
    let ContentRef::Section(i) = content else {
        return site.alternates(content);
    };
    let pager = |s: usize| -> Option<String> {
        let section = &site.library.sections[s];
        let per = section.source.front.paginate_by.filter(|&n| n > 0)?;
        let word = section.source.front.paginate_path.clone().unwrap_or_else(|| "page".to_string());
        (section.pages.len().div_ceil(per) >= k).then(|| format!("{}{word}/{k}/", section.path))
    };
    let lang = site.lang_of(content);
    let mut paths: [Option<String>; 2] = [None, None];
    paths[lang.index()] = pager(i);
    if let Some(ContentRef::Section(other)) = site.library.counterpart(content) {
        paths[lang.other().index()] = pager(other);
    }
    let x_default =
        paths[site.config.default_language.index()].clone().or_else(|| paths[lang.index()].clone()).unwrap_or_default();
    site.alternates_for_path([paths[0].as_deref(), paths[1].as_deref()], &x_default)
}

fn render_taxonomy_list(site: &SiteData, templates: &Templates, taxonomy: &Taxonomy) -> Result<Rendered, Problem> {
    let declared = &site.config.taxonomies[taxonomy.config];
    let lang = taxonomy.lang;
    let specific = format!("{}/list.html", declared.name);
    let template = templates.first_of(&[&specific, "taxonomy_list.html"]).unwrap_or("__puente/fallback.html");
    let other = site.taxonomy(&declared.name, lang.other());
    let alternates = taxonomy_alternates(site, taxonomy, None);
    let translation = other.map_or(Value::Null, |o| {
        json!({"title": declared.title_in(lang.other()), "permalink": site.config.permalink(&o.path), "path": o.path, "lang": lang.other().code()})
    });
    let mut map = base_context(site, lang, &taxonomy.path, alternates, translation);
    let listed = templates.term_pages(template);
    let terms: Vec<Value> = (0..taxonomy.terms.len()).map(|t| site.term_value(taxonomy, t, listed)).collect();
    map.insert("taxonomy".into(), site.taxonomy_value(taxonomy));
    map.insert("terms".into(), Value::Array(terms));
    let html = render_html(templates, lang, template, map)?;
    Ok(vec![(index_file(&taxonomy.path), html.into_bytes(), format!("the {} taxonomy", declared.name))])
}

fn render_term(site: &SiteData, templates: &Templates, taxonomy: &Taxonomy, t: usize) -> Result<Rendered, Problem> {
    let declared = &site.config.taxonomies[taxonomy.config];
    let lang = taxonomy.lang;
    let term = &taxonomy.terms[t];
    let specific = format!("{}/single.html", declared.name);
    let template = templates.first_of(&[&specific, "taxonomy_single.html"]).unwrap_or("__puente/fallback.html");
    let other_term =
        site.taxonomy(&declared.name, lang.other()).and_then(|other| term.counterpart.map(|c| &other.terms[c]));
    let alternates = taxonomy_alternates(site, taxonomy, Some(t));
    let translation = other_term.map_or(Value::Null, |o| {
        json!({"title": o.name, "permalink": site.config.permalink(&o.path), "path": o.path, "lang": lang.other().code()})
    });
    let mut map = base_context(site, lang, &term.path, alternates, translation);
    map.insert("taxonomy".into(), site.taxonomy_value(taxonomy));
    map.insert("term".into(), site.term_value(taxonomy, t, Some(templates.listed(template))));
    let html = render_html(templates, lang, template, map)?;
    Ok(vec![(index_file(&term.path), html.into_bytes(), format!("the {} term {}", declared.name, term.name))])
}

/// hreflang entries of a taxonomy's list page (`term: None`) or of one of its terms.
fn taxonomy_alternates(site: &SiteData, taxonomy: &Taxonomy, term: Option<usize>) -> Value {
    let lang = taxonomy.lang;
    let name = &site.config.taxonomies[taxonomy.config].name;
    let other = site.taxonomy(name, lang.other());
    let (own, counterpart) = match term {
        None => (taxonomy.path.as_str(), other.map(|o| o.path.as_str())),
        Some(t) => {
            let term = &taxonomy.terms[t];
            (term.path.as_str(), other.and_then(|o| term.counterpart.map(|c| o.terms[c].path.as_str())))
        }
    };
    let mut paths: [Option<&str>; 2] = [None, None];
    paths[lang.index()] = Some(own);
    paths[lang.other().index()] = counterpart;
    let x_default = paths[site.config.default_language.index()].unwrap_or(own);
    site.alternates_for_path(paths, x_default)
}

fn render_not_found(site: &SiteData, templates: &Templates, lang: Lang) -> Result<Rendered, Problem> {
    let prefix = site.config.lang_prefix(lang);
    let path = format!("{prefix}404.html");
    let other_home = site.config.lang_prefix(lang.other());
    let paths = {
        let mut p: [Option<String>; 2] = [None, None];
        p[lang.index()] = Some(path.clone());
        p[lang.other().index()] = Some(format!("{other_home}404.html"));
        p
    };
    let x_default = paths[site.config.default_language.index()].clone().unwrap_or_default();
    let alternates = site.alternates_for_path([paths[0].as_deref(), paths[1].as_deref()], &x_default);
    let translation = json!({
        "title": site.config.languages.get(lang.other()).title,
        "permalink": site.config.permalink(&other_home),
        "path": other_home,
        "lang": lang.other().code(),
    });
    let map = base_context(site, lang, &path, alternates, translation);
    let template = templates.first_of(&["404.html"]).unwrap_or("__puente/fallback.html");
    let html = render_html(templates, lang, template, map)?;
    let out = path.trim_start_matches('/').to_string();
    // With the default language at the root (Zola's layout) its 404 is the root one.
    if out == "404.html" {
        return Ok(Vec::new());
    }
    Ok(vec![(out, html.into_bytes(), "the 404 page".to_string())])
}

/// Where a section's `redirect_to` goes: `@/` files resolve in the section's language, full
/// addresses stay, and other paths are read as `get_url` reads them.
fn redirect_target(site: &SiteData, lang: Lang, target: &str) -> Option<String> {
    let target = target.trim();
    if let Some(file) = target.strip_prefix("@/") {
        let (file, anchor) = file.split_once('#').map_or((file, None), |(f, a)| (f, Some(a)));
        let url = site.permalink(site.library.find(lang, file)?);
        return Some(anchor.map_or(url.clone(), |a| format!("{url}#{a}")));
    }
    if target.contains("://") || target.starts_with("//") {
        return Some(target.to_string());
    }
    let trimmed = target.trim_start_matches('/');
    let in_some_language = Lang::ALL.iter().any(|&l| {
        let prefix = site.config.lang_prefix(l);
        prefix != "/" && format!("/{trimmed}").starts_with(&prefix)
    });
    if in_some_language || site.static_files.contains(trimmed) {
        Some(site.config.permalink(&format!("/{trimmed}")))
    } else {
        Some(site.config.permalink(&format!("{}{trimmed}", site.config.lang_prefix(lang))))
    }
}

/// Where the text of a file that holds every page goes, a piece at a time: the staging folder
/// (`build`) or one buffer (`serve`, tests).
type Sink<'a> = dyn FnMut(&str) -> Result<(), Problem> + 'a;

const FEED_OWNER: &str = "the Atom feed";
const SITEMAP: &str = "sitemap.xml";
const SITEMAP_OWNER: &str = "the sitemap";

/// Writes a file piece by piece into the staging folder.
fn stream(
    staging: &super::write::Staging,
    path: &str,
    owner: &str,
    write: impl FnOnce(&mut Sink) -> Result<(), Problem>,
) -> Result<(), Problem> {
    let mut file = staging.stream(path, owner)?;
    write(&mut |text: &str| file.push(text.as_bytes()))?;
    file.finish()
}

/// The pieces joined in memory.
fn collect(write: impl FnOnce(&mut Sink) -> Result<(), Problem>) -> Result<Vec<u8>, Problem> {
    let mut text = String::new();
    write(&mut |piece: &str| {
        text.push_str(piece);
        Ok(())
    })?;
    Ok(text.into_bytes())
}

/// Pages per piece of a feed or the sitemap: each piece is rendered in parallel, then written.
const PIECE: usize = 256;

fn feed_path(site: &SiteData, lang: Lang, section: Option<usize>) -> String {
    let path = match section {
        Some(s) => format!("{}atom.xml", site.library.sections[s].path),
        None => format!("{}atom.xml", site.config.lang_prefix(lang)),
    };
    path.trim_start_matches('/').to_string()
}

/// The Atom feed of a section with `generate_feeds` (a language's feed is `streamed`).
fn render_section_feed(
    site: &SiteData,
    templates: &Templates,
    lang: Lang,
    section: usize,
) -> Result<Rendered, Problem> {
    let xml = collect(|out| write_feed(site, templates, lang, Some(section), out))?;
    Ok(vec![(feed_path(site, lang, Some(section)), xml, FEED_OWNER.to_string())])
}

/// Writes the feed: its dated pages, newest first.
fn write_feed(
    site: &SiteData,
    templates: &Templates,
    lang: Lang,
    section: Option<usize>,
    out: &mut Sink,
) -> Result<(), Problem> {
    let listed = |i: &usize| {
        let page = &site.library.pages[*i];
        page.source.lang == lang && page.date.is_some() && page.source.front.render
    };
    let mut pages: Vec<usize> = match section {
        Some(s) => site.library.sections[s].pages.iter().copied().filter(listed).collect(),
        None => (0..site.library.pages.len()).filter(listed).collect(),
    };
    pages.sort_by(|&a, &b| {
        let (pa, pb) = (&site.library.pages[a], &site.library.pages[b]);
        pb.date.cmp(&pa.date).then_with(|| pa.source.rel_path.cmp(&pb.source.rel_path))
    });
    let last_updated = pages
        .iter()
        .filter_map(|&i| {
            let page = &site.library.pages[i];
            page.updated
                .max(page.date)
                .map(|_| page.source.front.updated.clone().or_else(|| page.source.front.date.clone()))
        })
        .flatten()
        .max_by_key(|d| crate::content::front_matter::parse_date(d));
    let mut map = Map::new();
    map.insert("config".into(), site.config_values[lang.index()].clone());
    map.insert("lang".into(), json!(lang.code()));
    if let Some(s) = section {
        map.insert("section".into(), site.section_meta[s].clone());
    }
    map.insert("feed_url".into(), json!(site.config.permalink(&format!("/{}", feed_path(site, lang, section)))));
    map.insert("last_updated".into(), json!(last_updated));
    if !templates.is_builtin("atom.xml") {
        map.insert("pages".into(), Value::Array(pages.iter().map(|&i| site.page_base[i].clone()).collect()));
        return out(&templates.render(lang, "atom.xml", &tera_context(map))?);
    }
    // The built-in feed is its head and one `__puente/atom_entry.xml` per page: each entry is
    // rendered on its own from the fields it shows, so the feed never holds every page with
    // its body in one context (330 MB of a 20,000-page build's peak memory), and the text is
    // written a piece at a time (the feed of a big site is tens of megabytes).
    let config = &site.config_values[lang.index()];
    let entry_config = json!({"author": config["author"], "title": config["title"]});
    const ENTRY_FIELDS: [&str; 7] = ["lang", "title", "date", "updated", "permalink", "summary", "content"];
    let render_entry = |&i: &usize| {
        let base = &site.page_base[i];
        let page: Map<String, Value> = ENTRY_FIELDS.iter().map(|&f| (f.to_string(), base[f].clone())).collect();
        let mut entry = Map::new();
        entry.insert("page".into(), Value::Object(page));
        entry.insert("config".into(), entry_config.clone());
        templates.render(lang, "__puente/atom_entry.xml", &tera_context(entry))
    };
    map.insert("pages".into(), Value::Array(Vec::new()));
    let head = templates.render(lang, "atom.xml", &tera_context(map))?;
    write_entries(&head, "\n</feed>", &pages, render_entry, out)
}

/// Writes `head` (a template rendered over no entries) with `entries` rendered one by one
/// where its loop left nothing, just before `closing`.
fn write_entries<T: Sync>(
    head: &str,
    closing: &str,
    entries: &[T],
    render: impl Fn(&T) -> Result<String, Problem> + Sync,
    out: &mut Sink,
) -> Result<(), Problem> {
    let at = head.rfind(closing).unwrap_or(head.len());
    out(&head[..at])?;
    for chunk in entries.chunks(PIECE) {
        let rendered: Vec<String> = chunk.par_iter().map(&render).collect::<Result<_, _>>()?;
        let mut piece = String::with_capacity(rendered.iter().map(|e| e.len() + 3).sum());
        for entry in &rendered {
            piece.push_str("\n  ");
            piece.push_str(entry);
        }
        out(&piece)?;
    }
    out(&head[at..])
}

/// Redirect pages for a page's or section's `aliases`, each refused if it would leave the
/// output folder.
fn aliases(site: &SiteData, templates: &Templates, content: ContentRef) -> Result<Rendered, Problem> {
    let source = site.library.source(content);
    let mut out = Vec::new();
    for alias in &source.front.aliases {
        let Some(file) = alias_file(alias) else {
            return Err(Problem::new(format!("the alias `{alias}` is not an address inside the site"))
                .at(source.key_location("aliases"))
                .hint("write an old address of this page such as `/news/old-name/` (or `/old.html`), without `..`, `\\`, `http://` or a file name such as `sitemap.xml`"));
        };
        let target = site.permalink(content);
        out.push((file, redirect(templates, source.lang, &target)?, source.site_path.clone()));
    }
    Ok(out)
}

/// `/old/path/` → `old/path/index.html`; `old.html` stays a file. `None` when unsafe.
fn alias_file(alias: &str) -> Option<String> {
    let trimmed = alias.trim();
    if trimmed.contains("://") || trimmed.contains('\\') || trimmed.starts_with("//") {
        return None;
    }
    let path = trimmed.trim_start_matches('/');
    if path.is_empty() || path.split('/').any(|s| s == ".." || s == ".") {
        return None;
    }
    // An old page address, not a file: `/sitemap.xml` would become a folder over the sitemap.
    let last = path.trim_end_matches('/').rsplit('/').next().unwrap_or_default();
    if last.contains('.') && !(last.ends_with(".html") || last.ends_with(".htm")) {
        return None;
    }
    if path.ends_with(".html") || path.ends_with(".htm") { Some(path.to_string()) } else { Some(index_file(path)) }
}

fn redirect(templates: &Templates, lang: Lang, url: &str) -> Result<Vec<u8>, Problem> {
    let mut context = tera::Context::new();
    context.insert("url", url);
    context.insert("lang", lang.code());
    templates.render(lang, "internal/alias.html", &context).map(String::into_bytes)
}

fn with_content(problem: Problem, site_path: &str) -> Problem {
    let message = format!("{} (while rendering {site_path})", problem.message);
    Problem { message, ..problem }
}

/// The root files: language chooser, bilingual 404, robots.txt.
fn render_root(site: &SiteData, templates: &Templates) -> Result<Rendered, Problem> {
    let default = site.config.default_language;
    let languages: Vec<Value> = [default, default.other()]
        .iter()
        .map(|&l| {
            let options = site.config.languages.get(l);
            json!({
                "code": l.code(),
                "name": if l == Lang::En { "English" } else { "Español" },
                "title": options.title,
                "description": options.description,
                "url": site.config.permalink(&site.config.lang_prefix(l)),
            })
        })
        .collect();
    let mut root = Map::new();
    root.insert("config".into(), site.config_values[default.index()].clone());
    root.insert("lang".into(), json!(default.code()));
    root.insert("default_language".into(), json!(default.code()));
    root.insert("languages".into(), Value::Array(languages));
    root.insert("current_path".into(), json!("/"));
    root.insert("current_url".into(), json!(site.config.permalink("/")));
    let home_paths = Lang::ALL.map(|l| site.config.lang_prefix(l));
    root.insert("alternates".into(), site.alternates_for_path([Some(&home_paths[0]), Some(&home_paths[1])], "/"));
    let root_context = tera_context(root);
    let mut files = Vec::new();
    if site.config.default_language_in_subdir {
        let chooser = templates.first_of(&["chooser.html", "__puente/chooser.html"]).unwrap_or("__puente/chooser.html");
        files.push((
            "index.html".to_string(),
            templates.render(default, chooser, &root_context)?.into_bytes(),
            "the language chooser".to_string(),
        ));
    }
    files.push((
        "404.html".to_string(),
        templates.render(default, "__puente/404.html", &root_context)?.into_bytes(),
        "the 404 page".to_string(),
    ));
    let mut robots = tera::Context::new();
    robots.insert("config", &site.config_values[default.index()]);
    files.push((
        "robots.txt".to_string(),
        templates.render(default, "robots.txt", &robots)?.into_bytes(),
        "robots.txt".to_string(),
    ));
    Ok(files)
}

/// What one sitemap entry is about.
#[derive(Clone, Copy)]
enum Listing {
    Content(ContentRef),
    Taxonomy(usize, Option<usize>),
}

/// Writes Zola's sitemap: every page, section, taxonomy and term, by address, each with its
/// hreflang `alternates`. The built-in template's entries are made and rendered a piece at a
/// time: all of them at once (20,000 maps of maps) were 50 MB of a big build's peak.
fn write_sitemap(site: &SiteData, templates: &Templates, out: &mut Sink) -> Result<(), Problem> {
    let mut listed: Vec<(String, Listing)> = Vec::new();
    for (i, section) in site.library.sections.iter().enumerate() {
        if section.source.front.render && section.source.front.redirect_to.is_none() {
            listed.push((site.config.permalink(&section.path), Listing::Content(ContentRef::Section(i))));
        }
    }
    for (i, page) in site.library.pages.iter().enumerate() {
        if page.source.front.render {
            listed.push((site.config.permalink(&page.path), Listing::Content(ContentRef::Page(i))));
        }
    }
    for (t, taxonomy) in site.taxonomies.iter().enumerate() {
        listed.push((site.config.permalink(&taxonomy.path), Listing::Taxonomy(t, None)));
        for (term, entry) in taxonomy.terms.iter().enumerate() {
            listed.push((site.config.permalink(&entry.path), Listing::Taxonomy(t, Some(term))));
        }
    }
    // Stable, as the whole-list sort was: equal addresses keep this order.
    listed.sort_by(|a, b| a.0.cmp(&b.0));
    let default = site.config.default_language;
    let lastmod = |date: &Option<String>| date.as_ref().map(|d| d.get(..10).unwrap_or(d).to_string());
    let entry = |(permalink, listing): &(String, Listing)| -> Value {
        match *listing {
            Listing::Content(content) => {
                let front = &site.library.source(content).front;
                let updated = match content {
                    ContentRef::Page(_) => lastmod(&front.updated.clone().or_else(|| front.date.clone())),
                    ContentRef::Section(_) => None,
                };
                json!({"permalink": permalink, "updated": updated, "alternates": site.alternates(content),
                       "extra": front.extra})
            }
            Listing::Taxonomy(t, term) => json!({"permalink": permalink, "updated": Value::Null,
                "alternates": taxonomy_alternates(site, &site.taxonomies[t], term)}),
        }
    };
    if !templates.is_builtin(SITEMAP) {
        let entries: Vec<Value> = listed.par_iter().map(entry).collect();
        let context = tera_context(Map::from_iter([("entries".to_string(), Value::Array(entries))]));
        return out(&templates.render(default, SITEMAP, &context)?);
    }
    let head = templates.render(default, SITEMAP, &tera_context(Map::from_iter([("entries".into(), json!([]))])))?;
    let render_entry = |listed: &(String, Listing)| {
        let context = tera_context(Map::from_iter([("entry".to_string(), entry(listed))]));
        templates.render(default, "__puente/sitemap_entry.xml", &context)
    };
    write_entries(&head, "\n</urlset>", &listed, render_entry, out)
}
