//! `puente status`: every page pair with its state (paired, missing, unreviewed, stale), its
//! number of findings, and the coverage of the site.

use super::{ExitStatus, Global, report};
use crate::diagnostics::{Code, Finding};
use crate::pipeline::{self, CheckReport, PairInfo};
use serde_json::json;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StatusFormat {
    Human,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format
    #[arg(long, value_enum, default_value_t = StatusFormat::Human)]
    pub format: StatusFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Paired,
    Missing,
    Unreviewed,
    Stale,
}

impl State {
    fn as_str(self) -> &'static str {
        match self {
            State::Paired => "paired",
            State::Missing => "missing",
            State::Unreviewed => "unreviewed",
            State::Stale => "stale",
        }
    }
}

pub fn run(args: Args, global: &Global) -> ExitStatus {
    let checked = match pipeline::check(&global.root, global.verbose) {
        Ok(checked) => checked,
        Err(failure) => return report(&failure, global),
    };
    let rows: Vec<(&PairInfo, State, usize)> = checked.pairs.iter().map(|pair| row(pair, &checked)).collect();
    let total = rows.len();
    let translated = rows.iter().filter(|(_, s, _)| *s != State::Missing).count();
    let current = rows.iter().filter(|(_, s, _)| *s == State::Paired).count();
    let percent = |n: usize| {
        if total == 0 { 100.0 } else { (n as f64 * 1000.0 / total as f64).round() / 10.0 }
    };
    match args.format {
        StatusFormat::Json => {
            let pairs: Vec<_> = rows
                .iter()
                .map(|(p, state, findings)| json!({"en": p.en, "es": p.es, "state": state.as_str(), "findings": findings}))
                .collect();
            let value = json!({
                "pairs": pairs,
                "summary": {"pairs": total, "translated": translated, "reviewed_and_current": current,
                            "coverage_percent": percent(translated), "current_percent": percent(current)},
            });
            println!("{}", serde_json::to_string_pretty(&value).unwrap_or_default());
        }
        StatusFormat::Human => {
            let width = rows.iter().map(|(p, _, _)| name(p).len()).max().unwrap_or(10);
            println!("{:<width$}  {:<10}  findings", "page", "state");
            for (pair, state, findings) in &rows {
                println!("{:<width$}  {:<10}  {findings}", name(pair), state.as_str());
            }
            println!(
                "\n{translated} of {total} pages exist in both languages ({}%); {current} are reviewed and up to date ({}%).",
                percent(translated),
                percent(current)
            );
        }
    }
    ExitStatus::Success
}

fn name(pair: &PairInfo) -> String {
    match (&pair.en, &pair.es) {
        (Some(en), Some(es)) => format!("{en} <-> {es}"),
        (Some(one), None) | (None, Some(one)) => one.clone(),
        (None, None) => String::new(),
    }
}

fn row<'a>(pair: &'a PairInfo, checked: &CheckReport) -> (&'a PairInfo, State, usize) {
    let belongs = |f: &&Finding| {
        let on = |side: &Option<crate::diagnostics::Location>, path: &Option<String>| {
            side.as_ref().zip(path.as_ref()).is_some_and(|(at, p)| &at.path == p)
        };
        on(&f.en, &pair.en) || on(&f.es, &pair.es)
    };
    let findings: Vec<&Finding> = checked.findings.iter().filter(belongs).collect();
    let state = if pair.en.is_none() || pair.es.is_none() {
        State::Missing
    } else if findings.iter().any(|f| f.code == Code::StaleTranslation) {
        State::Stale
    } else if findings.iter().any(|f| f.code == Code::UnreviewedTranslation) {
        State::Unreviewed
    } else {
        State::Paired
    };
    (pair, state, findings.len())
}
