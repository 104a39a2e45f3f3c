//! `puente check`: every translation check, nothing written. Exit 1 on error-level findings.

use super::report::{Format, render};
use super::{ExitStatus, Global, report};
use crate::pipeline;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Report format: human (for people), json (SPEC §4 schema), github (workflow annotations)
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

pub fn run(args: Args, global: &Global) -> ExitStatus {
    match pipeline::check(&global.root, global.verbose) {
        Ok(checked) => {
            let text = render(&checked, args.format, global);
            if !(global.quiet && args.format == Format::Human && !checked.has_errors()) {
                print!("{text}");
            }
            if checked.has_errors() { ExitStatus::Failure } else { ExitStatus::Success }
        }
        Err(failure) => report(&failure, global),
    }
}
