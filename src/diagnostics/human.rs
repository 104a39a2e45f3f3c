//! The report for communications staff: findings grouped by page pair, both lines shown with
//! the differing part marked, one line on what to do, and a summary line.

use super::{Finding, Location, Severity, Summary};
use rayon::prelude::*;
use std::fmt::Write;

pub struct Style {
    pub color: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color { format!("\x1b[{code}m{text}\x1b[0m") } else { text.to_string() }
    }
}

/// `source(path)` gives a file's text, for the excerpts; `None` skips the excerpt.
pub fn render(
    findings: &[Finding],
    summary: Summary,
    style: &Style,
    source: &(dyn Fn(&str) -> Option<String> + Sync),
) -> String {
    fn pair_of(f: &Finding) -> (Option<&str>, Option<&str>) {
        (f.en.as_ref().map(|l| l.path.as_str()), f.es.as_ref().map(|l| l.path.as_str()))
    }
    // Each finding reads its files for the excerpts: a big site's thousands of warnings are
    // rendered in parallel, then joined in order.
    let pieces: Vec<String> = findings
        .par_iter()
        .enumerate()
        .map(|(i, f)| {
            let mut out = String::new();
            let pair = pair_of(f);
            if i == 0 || pair_of(&findings[i - 1]) != pair {
                if i > 0 {
                    out.push('\n');
                }
                let title = match pair {
                    (Some(en), Some(es)) => format!("{en}  <->  {es}"),
                    (Some(one), None) | (None, Some(one)) => one.to_string(),
                    (None, None) => "site".to_string(),
                };
                let _ = writeln!(out, "{}", style.paint("1", &format!("== {title}")));
            }
            finding(&mut out, f, style, source);
            out
        })
        .collect();
    let mut out = pieces.concat();
    if !findings.is_empty() {
        out.push('\n');
    }
    let verdict = if summary.errors > 0 {
        style.paint("1;31", "Not ready to publish")
    } else {
        style.paint("1;32", "Ready to publish")
    };
    let _ = writeln!(
        out,
        "{verdict}: {} {}, {} {} in {} page {}.",
        summary.errors,
        plural(summary.errors, "error", "errors"),
        summary.warnings,
        plural(summary.warnings, "warning", "warnings"),
        summary.pairs,
        plural(summary.pairs, "pair", "pairs"),
    );
    out
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

/// One finding: its code and places, the message, both excerpts and the hint.
fn finding(out: &mut String, f: &Finding, style: &Style, source: &(dyn Fn(&str) -> Option<String> + Sync)) {
    let (label, color) = match f.severity {
        Severity::Error => ("error", "1;31"),
        Severity::Warning => ("warning", "1;33"),
    };
    let place = match (&f.en, &f.es) {
        (Some(en), Some(es)) => format!("{en}  <->  {es}"),
        (Some(one), None) | (None, Some(one)) => one.to_string(),
        (None, None) => String::new(),
    };
    let _ = writeln!(out, "{} {place}", style.paint(color, &format!("{label}[{}]", f.code)));
    let _ = writeln!(out, "  {}", f.message);
    for (side, at, mark) in [("en", &f.en, &f.marks[0]), ("es", &f.es, &f.marks[1])] {
        if let Some(at) = at {
            excerpt(out, side, at, mark.as_deref(), style, source);
        }
    }
    if !f.hint.is_empty() {
        let _ = writeln!(out, "  {} {}", style.paint("1", "To fix:"), f.hint);
    }
}

/// ` en 12 | the line` with `^^^` under the marked part.
fn excerpt(
    out: &mut String,
    side: &str,
    at: &Location,
    mark: Option<&str>,
    style: &Style,
    source: &(dyn Fn(&str) -> Option<String> + Sync),
) {
    let Some(line_no) = at.line else { return };
    let Some(text) = source(&at.path) else { return };
    let Some(line) = text.lines().nth(line_no.saturating_sub(1)) else {
        return;
    };
    let line = line.trim_end();
    let shown: String = line.chars().take(160).collect();
    let gutter = format!("  {side} {line_no:>4} | ");
    let _ = writeln!(out, "{}{shown}", style.paint("2", &gutter));
    if let Some(mark) = mark.filter(|m| !m.is_empty())
        && let Some(start) = shown.find(mark)
    {
        let pad = gutter.chars().count() + shown[..start].chars().count();
        let width = mark.chars().count().max(1);
        let _ = writeln!(out, "{}{}", " ".repeat(pad), style.paint("1;35", &"^".repeat(width)));
    }
}
