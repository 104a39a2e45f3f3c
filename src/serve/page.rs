//! What serve mode adds to every HTML page: the live-reload script, the error overlay while the
//! current files do not build, and a small panel with the findings of the page being viewed.
//! None of it is ever in `build` output.

use super::State;
use crate::diagnostics::{Finding, Location, Severity};

pub fn decorate(html: &str, output_key: &str, state: &State) -> String {
    let mut extra = String::from("<script src=\"/__puente/live.js\"></script>\n");
    extra.push_str(&overlay(state));
    extra.push_str(&panel(output_key, state));
    match html.rfind("</body>") {
        Some(at) => format!("{}{extra}{}", &html[..at], &html[at..]),
        None => format!("{html}{extra}"),
    }
}

pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn place(at: &Option<Location>) -> String {
    at.as_ref().map(|a| a.to_string()).unwrap_or_default()
}

/// The errors that stop publishing, over the last good page.
fn overlay(state: &State) -> String {
    let mut items = Vec::new();
    let heading = if state.failure.is_some() {
        "The site does not build: this page is the last version that did."
    } else {
        "Not ready to publish: `puente build` would refuse these translation errors."
    };
    if let Some(failure) = &state.failure {
        for problem in &failure.problems {
            items.push((place(&problem.at), problem.message.clone(), problem.hint.clone().unwrap_or_default()));
        }
    } else {
        for f in state.report().findings.iter().filter(|f| f.severity == Severity::Error) {
            let at =
                [place(&f.en), place(&f.es)].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join("  ↔  ");
            items.push((at, format!("[{}] {}", f.code, f.message), f.hint.clone()));
        }
    }
    if items.is_empty() {
        return String::new();
    }
    let list: String = items
        .iter()
        .map(|(at, message, hint)| {
            let excerpt = excerpt(&state.root, at)
                .map(|line| format!("<pre style=\"margin:.2rem 0;white-space:pre-wrap\">{}</pre>", escape(&line)))
                .unwrap_or_default();
            format!(
                "<li><code>{}</code><br>{}{excerpt}<em>To fix: {}</em></li>",
                escape(at),
                escape(message),
                escape(hint)
            )
        })
        .collect();
    format!(
        "<div id=\"puente-overlay\" role=\"alert\" style=\"position:fixed;inset:0 0 auto 0;max-height:60vh;overflow:auto;z-index:2147483647;\
         background:#fff5f5;color:#1b1b1b;border-bottom:4px solid #b50909;padding:1rem 1.5rem;font:15px/1.45 system-ui,sans-serif\">\
         <strong style=\"color:#b50909\">{heading} ({} problem(s))</strong>\
         <ul style=\"margin:.5rem 0 0;padding-left:1.2rem\">{list}</ul></div>\n",
        items.len()
    )
}

/// The line a location names (`path:line`, or the first of `a  ↔  b`), read from disk.
fn excerpt(root: &std::path::Path, at: &str) -> Option<String> {
    let first = at.split("  ↔  ").last()?;
    let (path, line) = first.rsplit_once(':')?;
    let line: usize = line.parse().ok()?;
    let text = std::fs::read_to_string(root.join(path)).ok()?;
    let shown = text.lines().nth(line.checked_sub(1)?)?.trim_end();
    Some(format!("{line} | {}", shown.chars().take(200).collect::<String>()))
}

/// The findings (warnings too) of the pair this page belongs to, with a link to its review view.
fn panel(output_key: &str, state: &State) -> String {
    let Some(sources) = state.sources().get(output_key) else { return String::new() };
    let mine: Vec<&Finding> = state
        .report()
        .findings
        .iter()
        .filter(|f| {
            let on = |at: &Option<Location>, path: &Option<String>| {
                at.as_ref().zip(path.as_ref()).is_some_and(|(a, p)| &a.path == p)
            };
            on(&f.en, &sources[0]) || on(&f.es, &sources[1])
        })
        .collect();
    let rel = sources
        .iter()
        .flatten()
        .next()
        .map(|p| p.split_once('/').map_or(p.as_str(), |(_, rest)| rest).to_string())
        .unwrap_or_default();
    let items: String = mine
        .iter()
        .map(|f| format!("<li>{} <code>{}</code>: {}</li>", f.severity.as_str(), f.code, escape(&f.message)))
        .collect();
    format!(
        "<details id=\"puente-findings\" style=\"position:fixed;right:1rem;bottom:1rem;max-width:28rem;max-height:50vh;overflow:auto;\
         z-index:2147483646;background:#fff;color:#1b1b1b;border:2px solid #1a4480;border-radius:.4rem;padding:.5rem .8rem;\
         font:14px/1.4 system-ui,sans-serif\"><summary>Translation: {} finding(s)</summary><ul style=\"padding-left:1.1rem\">{items}</ul>\
         <a href=\"/_review/{}\">Review English and Spanish side by side</a></details>\n",
        mine.len(),
        escape(&rel)
    )
}
