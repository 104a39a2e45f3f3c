//! Printing a check report in the format the user chose; shared by `check` and `build`.

use super::Global;
use crate::diagnostics::{Summary, github, human, json};
use crate::pipeline::CheckReport;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Github,
}

/// The report as text: JSON and GitHub commands go to stdout, the human report to stderr
/// (`build`) or stdout (`check`), decided by the caller.
pub fn render(report: &CheckReport, format: Format, global: &Global) -> String {
    let summary = Summary::of(&report.findings, report.pairs.len());
    match format {
        Format::Json => json::render(&report.findings, summary),
        Format::Github => github::render(&report.findings),
        Format::Human => {
            let root = global.root.clone();
            let source = move |path: &str| std::fs::read_to_string(root.join(path)).ok();
            human::render(&report.findings, summary, &human::Style { color: global.use_color() }, &source)
        }
    }
}
