//! `puente build`: render both languages and swap the result into the output folder.

use super::report::{Format, render};
use super::{ExitStatus, Global, report};
use crate::pipeline::{self, BuildError, BuildOptions};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output folder (default: public/ in the site's folder)
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Publish under this address instead of site.yaml's base_url, for this build only
    #[arg(long)]
    pub base_url: Option<String>,
    /// Include pages marked `draft: true`
    #[arg(long)]
    pub drafts: bool,
}

pub fn run(args: Args, global: &Global) -> ExitStatus {
    let options = BuildOptions {
        root: global.root.clone(),
        out: args
            .out
            .map(|out| if out.is_absolute() { out } else { std::env::current_dir().unwrap_or_default().join(out) }),
        base_url: args.base_url,
        drafts: args.drafts,
        verbose: global.verbose,
    };
    let started = std::time::Instant::now();
    match pipeline::build(&options) {
        Ok(summary) => {
            let warnings = summary.report.findings.len();
            if warnings > 0 && !global.quiet {
                eprintln!("{warnings} translation warnings (run `puente check` to read them).");
            }
            if !global.quiet {
                eprintln!(
                    "Built {} English and {} Spanish pages ({} files) into {} in {:.0} ms.",
                    summary.pages[0],
                    summary.pages[1],
                    summary.files,
                    summary.out.display(),
                    started.elapsed().as_secs_f64() * 1000.0
                );
            }
            ExitStatus::Success
        }
        Err(BuildError::Failure(failure)) => report(&failure, global),
        Err(BuildError::Findings(checked)) => {
            eprint!("{}", render(&checked, Format::Human, global));
            eprintln!("Nothing was published: fix the errors above (the previous output is unchanged).");
            ExitStatus::Failure
        }
    }
}
