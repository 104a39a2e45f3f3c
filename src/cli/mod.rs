//! The command line: global flags, one file per subcommand, and the exit code (SPEC §2:
//! 0 ok, 1 findings or build failure, 2 usage or config error).

mod build;
mod check;
mod import;
mod init;
mod new;
mod report;
mod review;
mod serve;
mod status;

use crate::diagnostics::{Failure, FailureKind};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "puente",
    version,
    about = "Build a bilingual English/Spanish site, and refuse to publish a Spanish page that no longer matches its English"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Flags every subcommand accepts.
#[derive(Debug, Clone, clap::Args)]
pub struct Global {
    /// The site's folder (the one holding site.yaml)
    #[arg(long, global = true, default_value = ".")]
    pub root: PathBuf,
    /// Print only errors
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print what each stage did and how long it took
    #[arg(long, short, global = true)]
    pub verbose: bool,
    /// When to use colour in messages
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

impl Global {
    pub fn use_color(&self) -> bool {
        match self.color {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Render both languages into the output folder (public/ by default)
    Build(build::Args),
    /// Create a working bilingual site with the default theme in DIR
    Init(init::Args),
    /// Create content-en/PATH.md and content-es/PATH.md with matching front matter
    New(new::Args),
    /// Run every translation check; write nothing (exit 1 on errors)
    Check(check::Args),
    /// Show every page pair's translation state and the site's coverage
    Status(status::Args),
    /// Record that Spanish pages were reviewed against the current English
    Review(review::Args),
    /// Preview the site with live reload while you edit
    Serve(serve::Args),
    /// Convert a Zola site into a new Puente site, reporting what could not be converted
    Import(import::Args),
}

/// How a command ended, mapped to the exit code in one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    Success,
    /// Findings or a build failure.
    Failure,
    /// Usage or configuration error.
    Error,
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> ExitCode {
        match status {
            ExitStatus::Success => ExitCode::SUCCESS,
            ExitStatus::Failure => ExitCode::from(1),
            ExitStatus::Error => ExitCode::from(2),
        }
    }
}

pub fn run(cli: Cli) -> ExitStatus {
    let global = cli.global;
    match cli.command {
        Command::Build(args) => build::run(args, &global),
        Command::Init(args) => init::run(args, &global),
        Command::New(args) => new::run(args, &global),
        Command::Check(args) => check::run(args, &global),
        Command::Status(args) => status::run(args, &global),
        Command::Review(args) => review::run(args, &global),
        Command::Serve(args) => serve::run(args, &global),
        Command::Import(args) => import::run(args, &global),
    }
}

/// Prints every problem of a failure to stderr and returns its exit status.
pub fn report(failure: &Failure, global: &Global) -> ExitStatus {
    let color = global.use_color();
    for problem in &failure.problems {
        let head = match &problem.at {
            Some(at) => format!("{at}: {}", problem.message),
            None => problem.message.clone(),
        };
        if color {
            eprintln!("\x1b[1;31merror\x1b[0m: {head}");
        } else {
            eprintln!("error: {head}");
        }
        if let Some(hint) = &problem.hint {
            eprintln!("  To fix: {hint}");
        }
    }
    let count = failure.problems.len();
    if count > 1 {
        eprintln!("{count} problems; nothing was published.");
    }
    match failure.kind {
        FailureKind::Config => ExitStatus::Error,
        FailureKind::Build => ExitStatus::Failure,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn cli_definition_is_consistent() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}
