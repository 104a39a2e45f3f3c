//! `puente review PATH… | --all`: record that Spanish pages were reviewed against the current
//! English (updates `translations.lock`; only the named entries change).

use super::{ExitStatus, Global, report};
use crate::pipeline;

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("which").required(true).args(["paths", "all"])))]
pub struct Args {
    /// Pages to record, as content-es/…, content-en/… or their path inside those folders
    pub paths: Vec<String>,
    /// Record every page that exists in both languages
    #[arg(long)]
    pub all: bool,
}

pub fn run(args: Args, global: &Global) -> ExitStatus {
    let today = today();
    match pipeline::review(&global.root, &args.paths, args.all, &today) {
        Ok(reviewed) => {
            if !global.quiet {
                for path in &reviewed.recorded {
                    eprintln!("Recorded {path} as reviewed on {today}.");
                }
                eprintln!("Updated translations.lock ({} pages). Commit it with the content.", reviewed.recorded.len());
            }
            ExitStatus::Success
        }
        Err(failure) => report(&failure, global),
    }
}

/// Today's date; `SOURCE_DATE_EPOCH` pins it (reproducible builds and tests).
fn today() -> String {
    let pinned = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.parse::<i64>().ok())
        .and_then(|s| chrono::DateTime::from_timestamp(s, 0));
    match pinned {
        Some(time) => time.format("%Y-%m-%d").to_string(),
        None => chrono::Local::now().format("%Y-%m-%d").to_string(),
    }
}
