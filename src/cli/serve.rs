//! `puente serve`: preview with live reload. Builds in memory (never touching public/).

use super::{ExitStatus, Global, report};
use crate::serve::{self, ServeConfig};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Port to listen on
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Address to listen on (127.0.0.1: this computer only)
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: String,
    /// Open the site in the default browser
    #[arg(long)]
    pub open: bool,
    /// Include pages marked `draft: true`
    #[arg(long)]
    pub drafts: bool,
}

pub fn run(args: Args, global: &Global) -> ExitStatus {
    let config = ServeConfig {
        root: global.root.clone(),
        bind: args.bind,
        port: args.port,
        open: args.open,
        drafts: args.drafts,
        verbose: global.verbose,
    };
    match serve::run(config) {
        Ok(()) => ExitStatus::Success,
        Err(failure) => report(&failure, global),
    }
}
