//! The one sequence `build`, `check`, `status` and `serve` share:
//! config → theme → content → Markdown (HTML + skeletons, one parse) → checks → templates →
//! output. `check` stops after the checks and never renders HTML; it parses its skeletons while
//! the library is built.
//!
//! Orchestration only: each stage lives in its own module; this file decides which problems
//! are fatal, gathers what the checks read (lock, git history, Fluent files, template keys),
//! and where the output goes.

use crate::checks::{self, Skeletons, fluent::FluentInput};
use crate::config::{Config, Lang};
use crate::content::{self, Library, LoadOptions};
use crate::diagnostics::{Failure, FailureKind, Finding, Location, Problem, Severity};

mod session;
use crate::fluent::{self, Strings};
use crate::lock::{self, Lock};
use crate::markdown::skeleton_only;
use crate::output::{self, Bodies};
use crate::templates::{self, TemplateSources};
use crate::theme::Theme;
use rayon::prelude::*;
pub use session::{Session, Update};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Output folder; `public/` under the root when `None`.
    pub out: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// Print stage timings to stderr.
    pub verbose: bool,
}

/// What a successful build made, for the summary line.
#[derive(Debug, Clone)]
pub struct BuildSummary {
    pub out: PathBuf,
    pub pages: [usize; 2],
    pub files: usize,
    /// Warnings of the checks (errors stop the build).
    pub report: CheckReport,
}

/// The checks' result for one run.
#[derive(Debug, Clone, Default)]
pub struct CheckReport {
    pub findings: Vec<Finding>,
    pub pairs: Vec<PairInfo>,
}

/// One page pair as `status` shows it.
#[derive(Debug, Clone)]
pub struct PairInfo {
    pub en: Option<String>,
    pub es: Option<String>,
}

impl CheckReport {
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }
}

/// Why a build did not publish: it could not run, or the checks found errors.
#[derive(Debug, Clone)]
pub enum BuildError {
    Failure(Failure),
    Findings(CheckReport),
}

impl From<Failure> for BuildError {
    fn from(failure: Failure) -> BuildError {
        BuildError::Failure(failure)
    }
}

pub fn load_config(root: &Path, base_url: Option<&str>) -> Result<Config, Failure> {
    let mut config = Config::load(root).map_err(Failure::config)?;
    if let Some(base_url) = base_url {
        config.set_base_url(base_url);
    }
    Ok(config)
}

/// The stages every command needs: config, theme, content, Fluent files, template sources.
struct Loaded {
    config: Config,
    theme: Theme,
    library: Library,
    /// Content problems that are findings (`front-matter-invalid`), not failures.
    invalid: Vec<Problem>,
    ftl: [Vec<fluent::FtlFile>; 2],
    sources: TemplateSources,
}

fn load(root: &Path, base_url: Option<&str>, drafts: bool, timer: &mut Timer) -> Result<Loaded, Failure> {
    load_with(root, base_url, drafts, timer, "content", |_, _| ()).map(|(loaded, _)| loaded)
}

/// `load`, with `side` run over every body while the library is built (`content::load_with`);
/// `stage` names the two for `-v`.
fn load_with<T: Send>(
    root: &Path,
    base_url: Option<&str>,
    drafts: bool,
    timer: &mut Timer,
    stage: &str,
    side: impl Fn(&Config, &str) -> T + Sync,
) -> Result<(Loaded, content::Beside<T>), Failure> {
    let mut config = load_config(root, base_url)?;
    let theme = Theme::load(root, &config.theme).map_err(Failure::config)?;
    config.merge_theme_extra(theme.extra().map_err(Failure::config)?);
    timer.lap("config and theme");
    let (library, problems, beside) = content::load_with(root, &config, LoadOptions { drafts }, side);
    let (invalid, fatal): (Vec<Problem>, Vec<Problem>) = problems.into_iter().partition(|p| p.check.is_some());
    if !fatal.is_empty() {
        return Err(Failure::build(fatal));
    }
    timer.lap(stage);
    let ftl = fluent::find_files(&theme, root).map_err(|p| Failure::build(vec![p]))?;
    let sources = templates::collect_sources(&theme, root).map_err(Failure::build)?;
    Ok((Loaded { config, theme, library, invalid, ftl, sources }, beside))
}

/// What the checks read besides the content: gathered once per run.
struct CheckContext<'a> {
    root: &'a Path,
    config: &'a Config,
    invalid: &'a [Problem],
    ftl: &'a [Vec<fluent::FtlFile>; 2],
    sources: &'a TemplateSources,
}

impl<'a> CheckContext<'a> {
    fn of(root: &'a Path, loaded: &'a Loaded) -> CheckContext<'a> {
        CheckContext {
            root,
            config: &loaded.config,
            invalid: &loaded.invalid,
            ftl: &loaded.ftl,
            sources: &loaded.sources,
        }
    }
}

/// Runs every check over loaded content and its skeletons.
fn run_checks(root: &Path, loaded: &Loaded, skeletons: &Skeletons, lock: &Lock) -> CheckReport {
    let findings = run_check_subset(&CheckContext::of(root, loaded), &loaded.library, skeletons, lock, None);
    CheckReport { findings, pairs: pair_infos(&loaded.library) }
}

/// The checks of some pairs (or all, with the site-wide ones, when `only` is `None`).
fn run_check_subset(
    cx: &CheckContext,
    library: &Library,
    skeletons: &Skeletons,
    lock: &Lock,
    only: Option<&[usize]>,
) -> Vec<Finding> {
    let changed_since_review = changed_since_review(cx.root, cx.config, library, skeletons, lock, only);
    let template_texts: Vec<(String, String)> =
        cx.sources.values().filter(|s| !s.builtin).map(|s| (s.origin.clone(), s.text.clone())).collect();
    let fluent = FluentInput { files: cx.ftl.clone(), template_keys: checks::fluent::template_keys(&template_texts) };
    let input = checks::Input {
        config: cx.config,
        library,
        skeletons,
        lock,
        changed_since_review: &changed_since_review,
        fluent: &fluent,
        invalid: cx.invalid,
    };
    checks::run_pairs(&input, only)
}

/// Every page pair as `status` lists it (the home pages Puente made up are not listed).
fn pair_infos(library: &Library) -> Vec<PairInfo> {
    library
        .pairs
        .iter()
        .filter(|pair| {
            !pair
                .members
                .iter()
                .flatten()
                .any(|&m| matches!(m, content::ContentRef::Section(i) if library.sections[i].synthesized))
        })
        .map(|pair| {
            let side = |lang: Lang| pair.members[lang.index()].map(|m| library.source(m).site_path.clone());
            PairInfo { en: side(Lang::En), es: side(Lang::Es) }
        })
        .collect()
}

/// The Spanish pages whose English changed since review, each with the reviewed English text
/// when git history has it (see `checks::Input::changed_since_review`).
fn changed_since_review(
    root: &Path,
    config: &Config,
    library: &Library,
    skeletons: &Skeletons,
    lock: &Lock,
    only: Option<&[usize]>,
) -> BTreeMap<String, Option<String>> {
    let smart = config.markdown.smart_punctuation;
    let chosen: Vec<usize> = match only {
        Some(pairs) => pairs.to_vec(),
        None => (0..library.pairs.len()).collect(),
    };
    chosen
        .par_iter()
        .filter_map(|&k| {
            let [Some(en), Some(es)] = library.pairs[k].members else {
                return None;
            };
            let (en_src, es_src) = (library.source(en), library.source(es));
            let entry = lock.pages.get(&es_src.site_path)?;
            let front = &en_src.front;
            let now = lock::page_digests(
                front.title.as_deref().unwrap_or_default(),
                front.description.as_deref().unwrap_or_default(),
                en_src.body(),
                skeletons.get(en),
            );
            if now == entry.blocks {
                return None;
            }
            let text = lock::history::reviewed_version(root, &en_src.site_path, &entry.blocks, smart);
            Some((es_src.site_path.clone(), text))
        })
        .collect()
}

/// `puente check` (and `status`): every check, no HTML.
pub fn check(root: &Path, verbose: bool) -> Result<CheckReport, Failure> {
    let mut timer = Timer::new(verbose);
    // The skeletons are parsed while the library is built, and the lock (one YAML document,
    // read on one thread) while the files are read.
    let (loaded, lock) = rayon::join(
        || {
            let skeleton = |config: &Config, body: &str| skeleton_only(body, config.markdown.smart_punctuation);
            load_with(root, None, false, &mut timer, "content and markdown skeletons", skeleton)
        },
        || Lock::read(root),
    );
    let (loaded, skeletons) = loaded?;
    let skeletons = Skeletons { pages: skeletons.pages, sections: skeletons.sections };
    let lock = lock.map_err(Failure::config)?;
    let report = run_checks(root, &loaded, &skeletons, &lock);
    timer.lap("checks");
    // Freeing every page and skeleton is a long walk on one thread: it runs beside the
    // report instead of before it (and ends with the process when `check` exits first).
    std::thread::spawn(move || drop((loaded, skeletons, lock)));
    Ok(report)
}

/// The stages `build` and `serve` share up to the checks: content, Markdown rendered once
/// (HTML and skeletons from one parse), and every check.
struct Prepared {
    loaded: Loaded,
    strings: Arc<Strings>,
    shortcodes: templates::Shortcodes,
    statics: output::Statics,
    images: Arc<templates::images::Images>,
    bodies: Bodies,
    skeletons: Skeletons,
    lock: Lock,
    report: CheckReport,
}

fn prepare(options: &BuildOptions, timer: &mut Timer) -> Result<Prepared, BuildError> {
    let root = &options.root;
    let loaded = load(root, options.base_url.as_deref(), options.drafts, timer)?;
    let strings = Arc::new(Strings::load(&loaded.ftl).map_err(Failure::build)?);
    let statics = output::Statics::collect(root, &loaded.config, &loaded.theme, &loaded.library)?;
    let images = Arc::new(templates::images::Images::new(root));
    // Shortcodes may call `get_url`, `resize_image`…; they see the site before its bodies.
    let early = templates::Shortcodes::any_in(&loaded.sources).then(|| {
        let mut site = templates::SiteData::early(loaded.config.clone(), loaded.library.clone(), &statics, root);
        site.images = images.clone();
        Arc::new(parking_lot::RwLock::new(site))
    });
    let shortcodes = templates::Shortcodes::new(&loaded.sources, &strings, &loaded.config, early.as_ref())
        .map_err(Failure::build)?;
    // The lock is one YAML document read on one thread: it overlaps the parallel render.
    let (mut bodies, lock) = rayon::join(
        || output::render_bodies(&loaded.config, &loaded.library, &strings, &shortcodes),
        || Lock::read(root),
    );
    if !bodies.problems.is_empty() {
        return Err(Failure::build(std::mem::take(&mut bodies.problems)).into());
    }
    timer.lap("markdown");
    // The skeletons move out of the rendered bodies: templates never need them.
    let skeletons = Skeletons {
        pages: bodies.pages.iter_mut().map(|r| std::mem::take(&mut r.skeleton)).collect(),
        sections: bodies.sections.iter_mut().map(|r| std::mem::take(&mut r.skeleton)).collect(),
    };
    let lock = lock.map_err(Failure::config)?;
    let report = run_checks(root, &loaded, &skeletons, &lock);
    timer.lap("checks");
    Ok(Prepared { loaded, strings, shortcodes, statics, images, bodies, skeletons, lock, report })
}

/// A site rendered in memory: what `build` writes.
#[derive(Debug, Default)]
pub struct RenderedSite {
    pub tree: output::OutputTree,
    pub report: CheckReport,
    pub pages: [usize; 2],
}

/// Checks, then renders both languages in memory. Error-level findings stop it before
/// rendering.
pub fn render_site(options: &BuildOptions) -> Result<RenderedSite, BuildError> {
    let mut timer = Timer::new(options.verbose);
    let Prepared { loaded, strings, bodies, statics, images, report, .. } = prepare(options, &mut timer)?;
    if report.has_errors() {
        return Err(BuildError::Findings(report));
    }
    let library = &loaded.library;
    let pages = Lang::ALL.map(|lang| library.pages.iter().filter(|p| p.source.lang == lang).count());
    let Loaded { config, library, sources: templates, .. } = loaded;
    let tree = output::render(&options.root, config, library, bodies, statics, images, strings, &templates)?;
    timer.lap("templates");
    Ok(RenderedSite { tree, report, pages })
}

/// `puente build`: checks, then render, then write the output in one swap. Error-level
/// findings stop it before anything is written.
pub fn build(options: &BuildOptions) -> Result<BuildSummary, BuildError> {
    let out = output_dir(options)?;
    let mut timer = Timer::new(options.verbose);
    let Prepared { loaded, strings, bodies, statics, images, report, skeletons, lock, shortcodes } =
        prepare(options, &mut timer)?;
    // Only the checks needed these; freeing 20,000 skeletons is a walk best done off the
    // main thread.
    std::thread::spawn(move || drop((skeletons, lock, shortcodes)));
    if report.has_errors() {
        return Err(BuildError::Findings(report));
    }
    let pages = Lang::ALL.map(|lang| loaded.library.pages.iter().filter(|p| p.source.lang == lang).count());
    let Loaded { config, mut library, sources: templates, .. } = loaded;
    // What only the checks needed goes before the site data is built: the Markdown text, and
    // the HTML moves into the page values instead of being copied.
    library.drop_bodies();
    let mut bodies = bodies;
    let html = bodies.take_html();
    let renderer = output::Renderer::new(
        &options.root,
        config,
        library,
        &bodies,
        Some(html),
        statics,
        images,
        strings,
        &templates,
    )?;
    drop(bodies);
    timer.lap("site data");
    // Rendered files go straight to a staging folder; an error anywhere removes it.
    let staging = output::Staging::begin(&out).map_err(|p| Failure::build(vec![p]))?;
    renderer.render_into(&staging)?;
    let files = staging.files();
    timer.lap("templates and write");
    // The process ends after a build: freeing 20,000 serialized pages one by one would only
    // add to its wall time.
    std::mem::forget(renderer);
    let cleanup = staging.finish().map_err(|p| Failure::build(vec![p]))?;
    timer.lap("swap");
    cleanup.wait(std::time::Duration::from_millis(300));
    Ok(BuildSummary { out, pages, files, report })
}

/// The output folder, refused when writing it would replace the site's own sources.
fn output_dir(options: &BuildOptions) -> Result<PathBuf, Failure> {
    let out = options.out.clone().unwrap_or_else(|| options.root.join("public"));
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (out_abs, root_abs) = (absolute(&out), absolute(&options.root));
    let protected = ["content-en", "content-es", "themes", "templates", "static", "i18n"];
    let clash = root_abs.starts_with(&out_abs) || protected.iter().any(|dir| out_abs.starts_with(root_abs.join(dir)));
    if clash {
        // As the user wrote it (relative to the site when it is inside it), not the absolute path.
        let shown = crate::slash_path(out.strip_prefix(&options.root).unwrap_or(&out));
        let shown = if shown.is_empty() { ".".to_string() } else { shown };
        return Err(Failure {
            kind: FailureKind::Config,
            problems: vec![
                Problem::new(format!("the output folder {} would replace the site's own files", shown))
                    .at(Location::file(shown.clone()))
                    .hint("choose an output folder of its own, such as `--out public`"),
            ],
        });
    }
    Ok(out)
}

/// Stage timings for `-v`: wall time, the process's CPU time (user + system, all threads) so
/// a stage that leaves a core idle shows up as CPU close to its wall time, and the peak memory
/// so far (on this machine, first touching a page of memory costs more than using it).
struct Timer {
    verbose: bool,
    last: Instant,
    last_cpu: f64,
}

impl Timer {
    fn new(verbose: bool) -> Timer {
        Timer { verbose, last: Instant::now(), last_cpu: process_usage().0 }
    }

    fn lap(&mut self, stage: &str) {
        if self.verbose {
            let (cpu, peak_mib) = process_usage();
            let wall = self.last.elapsed().as_secs_f64() * 1000.0;
            let stage_cpu = (cpu - self.last_cpu) * 1000.0;
            eprintln!("  {stage}: {wall:.1} ms (CPU {stage_cpu:.0} ms, peak RSS {peak_mib} MiB)");
            self.last_cpu = cpu;
        }
        self.last = Instant::now();
    }
}

/// CPU seconds (user + system) and peak resident memory in MiB.
fn process_usage() -> (f64, i64) {
    // SAFETY: getrusage only writes the struct it is given.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage
    };
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    (seconds(usage.ru_utime) + seconds(usage.ru_stime), usage.ru_maxrss / 1024)
}

/// What `puente review` recorded.
#[derive(Debug, Clone, Default)]
pub struct Reviewed {
    pub recorded: Vec<String>,
}

/// `puente review`: records that the named Spanish pages (or all pairs) were reviewed against
/// the current English; only their entries of `translations.lock` change.
pub fn review(root: &Path, paths: &[String], all: bool, today: &str) -> Result<Reviewed, Failure> {
    let mut timer = Timer::new(false);
    let loaded = load(root, None, true, &mut timer)?;
    let library = &loaded.library;
    let smart = loaded.config.markdown.smart_punctuation;
    let mut lock = Lock::read(root).map_err(Failure::config)?;
    let mut wanted: Vec<usize> = Vec::new();
    if all {
        wanted.extend((0..library.pairs.len()).filter(|&k| library.pairs[k].members.iter().all(Option::is_some)));
    }
    let mut problems = Vec::new();
    for path in paths {
        match find_pair(library, path) {
            Some(k) if library.pairs[k].members.iter().all(Option::is_some) => wanted.push(k),
            Some(_) => problems.push(
                Problem::new(format!("{path} has no page in the other language, so there is nothing to review"))
                    .hint("write the missing translation first (`puente check` names it)"),
            ),
            None => problems.push(
                Problem::new(format!("{path} is not a page of this site"))
                    .hint("name the page as content-es/… or content-en/… (or its path inside those folders)"),
            ),
        }
    }
    if !problems.is_empty() {
        return Err(Failure { kind: FailureKind::Config, problems });
    }
    wanted.sort_unstable();
    wanted.dedup();
    let mut recorded = Vec::new();
    for k in wanted {
        let [Some(en), Some(es)] = library.pairs[k].members else {
            continue;
        };
        let (en_src, es_src) = (library.source(en), library.source(es));
        let front = &en_src.front;
        let skeleton = skeleton_only(en_src.body(), smart);
        let blocks = lock::page_digests(
            front.title.as_deref().unwrap_or_default(),
            front.description.as_deref().unwrap_or_default(),
            en_src.body(),
            &skeleton,
        );
        let entry = lock::Entry { en: en_src.site_path.clone(), reviewed: today.to_string(), blocks };
        lock.pages.insert(es_src.site_path.clone(), entry);
        recorded.push(es_src.site_path.clone());
    }
    lock.write(root).map_err(|p| Failure::build(vec![p]))?;
    Ok(Reviewed { recorded })
}

/// The pair a user-typed path names: `content-es/x.md`, `content-en/x.md` or `x.md`.
fn find_pair(library: &Library, path: &str) -> Option<usize> {
    let path = path.trim().trim_start_matches("./");
    for lang in Lang::ALL {
        let rel = path.strip_prefix(&format!("{}/", lang.content_dir()));
        let candidates: Vec<(Lang, &str)> = match rel {
            Some(rel) => vec![(lang, rel)],
            None => Lang::ALL.iter().map(|&l| (l, path)).collect(),
        };
        for (l, rel) in candidates {
            if let Some(content) = library.by_rel_path[l.index()].get(rel) {
                return Some(match *content {
                    content::ContentRef::Page(i) => library.pages[i].pair,
                    content::ContentRef::Section(i) => library.sections[i].pair,
                });
            }
        }
    }
    None
}
