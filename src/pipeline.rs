//! The one sequence `build` (and later `check` and `serve`) share:
//! config → theme → content → Fluent → templates → output, in that order.
//!
//! Orchestration only: each stage lives in its own module; this file decides which problems
//! are fatal and where the output goes.

use crate::config::Config;
use crate::content::{self, LoadOptions};
use crate::diagnostics::{Failure, FailureKind, Location, Problem};
use crate::fluent::{self, Strings};
use crate::output::{self, OutputTree};
use crate::templates;
use crate::theme::Theme;
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
}

pub fn load_config(root: &Path, base_url: Option<&str>) -> Result<Config, Failure> {
    let mut config = Config::load(root).map_err(Failure::config)?;
    if let Some(base_url) = base_url {
        config.set_base_url(base_url);
    }
    Ok(config)
}

/// Renders the whole site in memory.
pub fn render(options: &BuildOptions) -> Result<(OutputTree, [usize; 2]), Failure> {
    let mut timer = Timer::new(options.verbose);
    let root = &options.root;
    let mut config = load_config(root, options.base_url.as_deref())?;
    let theme = Theme::load(root, &config.theme).map_err(Failure::config)?;
    config.merge_theme_extra(theme.extra().map_err(Failure::config)?);
    timer.lap("config and theme");

    let (library, problems) = content::load(
        root,
        &config,
        LoadOptions {
            drafts: options.drafts,
        },
    );
    if !problems.is_empty() {
        return Err(Failure::build(problems));
    }
    timer.lap("content");

    let ftl = fluent::find_files(&theme, root).map_err(|p| Failure::build(vec![p]))?;
    let strings = Arc::new(Strings::load(&ftl).map_err(Failure::build)?);
    let sources = templates::collect_sources(&theme, root).map_err(Failure::build)?;
    let pages = crate::config::Lang::ALL.map(|lang| {
        library
            .pages
            .iter()
            .filter(|p| p.source.lang == lang)
            .count()
    });
    let tree = output::render(root, config, library, &theme, strings, &sources)?;
    timer.lap("markdown and templates");
    Ok((tree, pages))
}

/// `puente build`: render, then write the output in one swap.
pub fn build(options: &BuildOptions) -> Result<BuildSummary, Failure> {
    let out = output_dir(options)?;
    let (tree, pages) = render(options)?;
    let mut timer = Timer::new(options.verbose);
    output::write(&tree, &out).map_err(|p| Failure::build(vec![p]))?;
    timer.lap("write");
    Ok(BuildSummary {
        out,
        pages,
        files: tree.files.len(),
    })
}

/// The output folder, refused when writing it would replace the site's own sources.
fn output_dir(options: &BuildOptions) -> Result<PathBuf, Failure> {
    let out = options
        .out
        .clone()
        .unwrap_or_else(|| options.root.join("public"));
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (out_abs, root_abs) = (absolute(&out), absolute(&options.root));
    let protected = [
        "content-en",
        "content-es",
        "themes",
        "templates",
        "static",
        "i18n",
    ];
    let clash = root_abs.starts_with(&out_abs)
        || protected
            .iter()
            .any(|dir| out_abs.starts_with(root_abs.join(dir)));
    if clash {
        return Err(Failure {
            kind: FailureKind::Config,
            problems: vec![
                Problem::new(format!(
                    "the output folder {} would replace the site's own files",
                    crate::slash_path(&out)
                ))
                .at(Location::file(crate::slash_path(&out)))
                .hint("choose an output folder of its own, such as `--out public`"),
            ],
        });
    }
    Ok(out)
}

struct Timer {
    verbose: bool,
    last: Instant,
}

impl Timer {
    fn new(verbose: bool) -> Timer {
        Timer {
            verbose,
            last: Instant::now(),
        }
    }

    fn lap(&mut self, stage: &str) {
        if self.verbose {
            eprintln!(
                "  {stage}: {:.1} ms",
                self.last.elapsed().as_secs_f64() * 1000.0
            );
        }
        self.last = Instant::now();
    }
}
