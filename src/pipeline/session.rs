//! A build kept alive between edits, for `serve`: the same stages as `render_site` (through the
//! same `prepare`), but the
//! pieces stay in memory so a one-page edit re-reads one file, renders its Markdown once,
//! updates the site data in place and re-checks that page's pair only. Anything that may move
//! pages (a new, deleted or renamed file, a changed `slug`, `date` or `taxonomies`) builds the
//! session again from scratch, which is always correct.

use super::{
    BuildError, BuildOptions, CheckContext, CheckReport, Loaded, Prepared, Timer, pair_infos, prepare, run_check_subset,
};
use crate::checks::Skeletons;
use crate::config::Lang;
use crate::content::front_matter::FrontMatter;
use crate::content::{self, ContentRef};
use crate::diagnostics::{Failure, Finding};
use crate::fluent::Strings;
use crate::lock::Lock;
use crate::output::{self, Bodies, Job, OutputTree, Renderer};
use crate::templates::{self, Shortcodes, Templates};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub struct Session {
    pub options: BuildOptions,
    loaded: Loaded,
    strings: Arc<Strings>,
    shortcodes: Shortcodes,
    bodies: Bodies,
    skeletons: Skeletons,
    /// Read once per session: an edit to the lock (a review) builds the session again.
    lock: Lock,
    pub renderer: Renderer,
    /// Output path → the job that makes it.
    pub index: BTreeMap<String, Job>,
    pub report: CheckReport,
    /// Output file → its pair's sources (English, Spanish).
    pub sources: BTreeMap<String, [Option<String>; 2]>,
}

/// How an update was done, for the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Update {
    /// One page (and its pair) refreshed in place.
    Page,
    /// Templates or Fluent strings reloaded; no Markdown parsed.
    Templates,
    /// Everything built again.
    Full,
}

impl Session {
    /// Builds everything; error-level findings do not stop it (serve shows them).
    pub fn new(options: &BuildOptions) -> Result<Session, BuildError> {
        let mut timer = Timer::new(options.verbose);
        let root = &options.root;
        let Prepared { mut loaded, strings, shortcodes, statics, images, bodies, skeletons, lock, report } =
            prepare(options, &mut timer)?;
        let library = std::mem::take(&mut loaded.library);
        let sources = source_map(&library);
        let renderer = Renderer::new(
            root,
            loaded.config.clone(),
            library,
            &bodies,
            None,
            statics,
            images,
            strings.clone(),
            &loaded.sources,
        )?;
        let (_, index) = renderer.render_all()?;
        timer.lap("serve session");
        Ok(Session {
            options: options.clone(),
            loaded,
            strings,
            shortcodes,
            bodies,
            skeletons,
            lock,
            renderer,
            index,
            report,
            sources,
        })
    }

    /// Takes in a batch of changed files. Returns how it was done, or why it could not be.
    pub fn update(
        &mut self,
        changes: &[(crate::serve::watch::ChangeKind, std::path::PathBuf)],
    ) -> Result<Update, BuildError> {
        use crate::serve::watch::ChangeKind;
        if changes.iter().all(|(kind, _)| *kind == ChangeKind::Content) {
            let mut all_done = true;
            for (_, path) in changes {
                if !self.refresh_page(path)? {
                    all_done = false;
                    break;
                }
            }
            if all_done {
                return Ok(Update::Page);
            }
        } else if changes.iter().all(|(kind, _)| matches!(kind, ChangeKind::Templates | ChangeKind::Fluent))
            && changes.iter().all(|(_, path)| !path.components().any(|c| c.as_os_str() == "theme.toml"))
        {
            self.reload_templates()?;
            return Ok(Update::Templates);
        }
        *self = Session::new(&self.options)?;
        Ok(Update::Full)
    }

    /// A one-page edit in place. `Ok(false)` when the edit may move pages (a full build is
    /// needed); `Err` never leaves the session half-updated.
    fn refresh_page(&mut self, path: &Path) -> Result<bool, BuildError> {
        let root = &self.options.root;
        let Some((lang, rel)) = content_file(root, path) else { return Ok(false) };
        let site = self.renderer.site.read_recursive();
        let Some(&content) = site.library.by_rel_path[lang.index()].get(&rel) else { return Ok(false) };
        let Ok(source) = content::read_source(root, lang, &rel) else { return Ok(false) };
        let old = site.library.source(content);
        if !same_place(&old.front, &source.front) {
            return Ok(false);
        }
        let Ok(mut rendered) =
            output::render_body(&self.loaded.config, &site.library, &self.strings, &self.shortcodes, &source)
        else {
            return Ok(false);
        };
        let old_body = match content {
            ContentRef::Page(i) => &self.bodies.pages[i],
            ContentRef::Section(i) => &self.bodies.sections[i],
        };
        // Backlinks are computed once for the whole site; a changed set of links rebuilds.
        let links = |r: &crate::markdown::Rendered| r.internal_links.iter().map(|l| l.path.clone()).collect::<Vec<_>>();
        if links(&rendered) != links(old_body) {
            return Ok(false);
        }
        drop(site);
        let mut timer = Timer::new(self.options.verbose);
        timer.lap("  edit: read and render one page");
        let skeleton = std::mem::take(&mut rendered.skeleton);
        match content {
            ContentRef::Page(i) => {
                self.bodies.pages[i] = rendered;
                self.skeletons.pages[i] = skeleton;
            }
            ContentRef::Section(i) => {
                self.bodies.sections[i] = rendered;
                self.skeletons.sections[i] = skeleton;
            }
        }
        self.renderer.site.write().refresh(content, source, &self.bodies.pages, &self.bodies.sections);
        timer.lap("  edit: refresh site data");
        let site = self.renderer.site.read_recursive();
        let pair = match content {
            ContentRef::Page(i) => site.library.pages[i].pair,
            ContentRef::Section(i) => site.library.sections[i].pair,
        };
        let paths: Vec<String> = site.library.pairs[pair]
            .members
            .iter()
            .flatten()
            .map(|&m| site.library.source(m).site_path.clone())
            .collect();
        let cx = CheckContext::of(root, &self.loaded);
        let fresh = run_check_subset(&cx, &site.library, &self.skeletons, &self.lock, Some(&[pair]));
        timer.lap("  edit: check the pair");
        let belongs = |f: &Finding| {
            let on = |at: &Option<crate::diagnostics::Location>| at.as_ref().is_some_and(|a| paths.contains(&a.path));
            // Front-matter and Fluent findings are not re-checked here; keep them.
            f.code != crate::diagnostics::Code::FrontMatterInvalid && (on(&f.en) || on(&f.es))
        };
        self.report.findings.retain(|f| !belongs(f));
        self.report.findings.extend(fresh);
        self.report.findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.report.findings.dedup();
        timer.lap("  edit: merge findings");
        Ok(true)
    }

    /// Templates or Fluent files changed: new templates and strings over the same site data.
    fn reload_templates(&mut self) -> Result<(), BuildError> {
        let root = &self.options.root;
        let theme = crate::theme::Theme::load(root, &self.loaded.config.theme).map_err(Failure::config)?;
        let ftl = crate::fluent::find_files(&theme, root).map_err(|p| Failure::build(vec![p]))?;
        let strings = Arc::new(Strings::load(&ftl).map_err(Failure::build)?);
        let sources = templates::collect_sources(&theme, root).map_err(Failure::build)?;
        let templates =
            Templates::new(&sources, self.renderer.site.clone(), strings.clone()).map_err(Failure::build)?;
        // Shortcodes are rendered into bodies: a changed shortcode template needs the Markdown
        // rendered again, so it builds the session anew.
        let shortcodes_before: Vec<(&String, &String)> = self
            .loaded
            .sources
            .iter()
            .filter(|(n, _)| n.starts_with("shortcodes/"))
            .map(|(n, s)| (n, &s.text))
            .collect();
        let shortcodes_after: Vec<(&String, &String)> =
            sources.iter().filter(|(n, _)| n.starts_with("shortcodes/")).map(|(n, s)| (n, &s.text)).collect();
        if shortcodes_before != shortcodes_after {
            *self = Session::new(&self.options)?;
            return Ok(());
        }
        self.renderer.templates = templates;
        self.strings = strings;
        self.loaded.theme = theme;
        self.loaded.ftl = ftl;
        self.loaded.sources = sources;
        let site = self.renderer.site.read_recursive();
        let cx = CheckContext::of(root, &self.loaded);
        let findings = run_check_subset(&cx, &site.library, &self.skeletons, &self.lock, None);
        self.report = CheckReport { findings, pairs: pair_infos(&site.library) };
        Ok(())
    }

    /// The files copied rather than rendered (static files, content assets).
    pub fn copied(&self) -> &OutputTree {
        &self.renderer.copied
    }

    /// Renders the job that makes `path` (a page, a listing, a feed…), if any.
    /// The cached file of an image `resize_image` made for a page already rendered.
    pub fn processed_image(&self, path: &str) -> Option<PathBuf> {
        self.renderer.site.read_recursive().images.lookup(path)
    }

    pub fn render_path(&self, path: &str) -> Option<Result<RenderedFiles, crate::diagnostics::Problem>> {
        let job = *self.index.get(path)?;
        Some(self.renderer.render_one(job))
    }
}

/// Output paths and bytes of one render job.
pub type RenderedFiles = Vec<(String, Vec<u8>)>;

/// Output file → the site paths of its pair, for the findings panel.
fn source_map(library: &content::Library) -> BTreeMap<String, [Option<String>; 2]> {
    let contents =
        (0..library.pages.len()).map(ContentRef::Page).chain((0..library.sections.len()).map(ContentRef::Section));
    contents
        .map(|c| {
            let members = library.pair_of(c).members.map(|m| m.map(|m| library.source(m).site_path.clone()));
            (output::tree::index_file(library.path(c)), members)
        })
        .collect()
}

/// `content-es/news/a.md` under the root → (Spanish, `news/a.md`).
fn content_file(root: &Path, path: &Path) -> Option<(Lang, String)> {
    let rel = crate::slash_path(path.strip_prefix(root).ok()?);
    Lang::ALL
        .iter()
        .find_map(|&lang| rel.strip_prefix(&format!("{}/", lang.content_dir())).map(|r| (lang, r.to_string())))
        .filter(|(_, r)| r.ends_with(".md"))
}

/// Whether two versions of a file's front matter keep the page where it was: same address,
/// same place in its section, same taxonomy terms. Title, description and `extra` may change.
fn same_place(a: &FrontMatter, b: &FrontMatter) -> bool {
    a.slug == b.slug
        && a.path == b.path
        && a.translation_key == b.translation_key
        && a.draft == b.draft
        && a.aliases == b.aliases
        && a.template == b.template
        && a.taxonomies == b.taxonomies
        && a.date == b.date
        && a.updated == b.updated
        && a.weight == b.weight
        && a.sort_by == b.sort_by
        && a.paginate_by == b.paginate_by
        && a.paginate_path == b.paginate_path
        && a.paginate_reversed == b.paginate_reversed
        && a.page_template == b.page_template
        && a.render == b.render
        && a.transparent == b.transparent
        && a.redirect_to == b.redirect_to
        && a.insert_anchor_links == b.insert_anchor_links
        && a.generate_feeds == b.generate_feeds
        && a.title.is_some() == b.title.is_some()
}
