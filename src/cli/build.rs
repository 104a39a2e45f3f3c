//! `puente build`: render both languages and swap the result into the output folder.

use super::{ExitStatus, Global, report};
use crate::pipeline::{self, BuildOptions};
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
        out: args.out.map(|out| {
            if out.is_absolute() {
                out
            } else {
                std::env::current_dir().unwrap_or_default().join(out)
            }
        }),
        base_url: args.base_url,
        drafts: args.drafts,
        verbose: global.verbose,
    };
    let started = std::time::Instant::now();
    match pipeline::build(&options) {
        Ok(summary) => {
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
        Err(failure) => report(&failure, global),
    }
}
