//! `/_review/`: English and Spanish side by side, block aligned exactly as the checker aligns
//! them, findings marked at their blocks, and the `puente review` command to copy.
//! Reads the two files fresh from disk on each request, so it always shows the current text.

use super::page::escape;
use super::{Shared, State};
use crate::checks::align::align;
use crate::content::front_matter;
use crate::diagnostics::Finding;
use crate::markdown::skeleton_only;
use std::collections::BTreeSet;

pub fn render(state: &Shared, rel: &str) -> Option<String> {
    let state = state.read().ok()?;
    if rel.is_empty() {
        return Some(index(&state));
    }
    let pair = state
        .sources()
        .values()
        .find(|[en, es]| {
            [en, es].iter().any(|p| p.as_ref().is_some_and(|p| p.split_once('/').is_some_and(|(_, r)| r == rel)))
        })?
        .clone();
    Some(pair_view(&state, &pair))
}

fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}</title><style>body{{font:15px/1.5 system-ui,sans-serif;margin:1.5rem;color:#1b1b1b}}table{{border-collapse:collapse;width:100%}}\
         td,th{{border:1px solid #ccc;vertical-align:top;padding:.4rem .6rem;width:50%}}td pre{{white-space:pre-wrap;margin:0;font:13px/1.45 ui-monospace,monospace}}\
         .gap{{background:#fff0f0}}.finding{{background:#fff8e1}}.line{{color:#555;font-size:12px}}ul.f{{margin:.3rem 0 0;padding-left:1.1rem;color:#7a2e00}}\
         code.cmd{{background:#f0f0f0;padding:.2rem .4rem}}</style></head><body>{body}<script src=\"/__puente/live.js\"></script></body></html>",
        escape(title)
    )
}

fn index(state: &State) -> String {
    let pairs: BTreeSet<&[Option<String>; 2]> = state.sources().values().collect();
    let items: String = pairs
        .iter()
        .map(|[en, es]| {
            let any = en.as_ref().or(es.as_ref()).cloned().unwrap_or_default();
            let rel = any.split_once('/').map_or(any.as_str(), |(_, r)| r).to_string();
            let count = findings_of(state, en, es).len();
            format!(
                "<li><a href=\"/_review/{}\">{}</a> — {} finding(s)</li>",
                escape(&rel),
                escape(&format!("{} ↔ {}", en.as_deref().unwrap_or("(none)"), es.as_deref().unwrap_or("(none)"))),
                count
            )
        })
        .collect();
    page("Review", &format!("<h1>Review: English and Spanish side by side</h1><ul>{items}</ul>"))
}

fn findings_of<'a>(state: &'a State, en: &Option<String>, es: &Option<String>) -> Vec<&'a Finding> {
    state
        .report()
        .findings
        .iter()
        .filter(|f| {
            f.en.as_ref().zip(en.as_ref()).is_some_and(|(a, p)| &a.path == p)
                || f.es.as_ref().zip(es.as_ref()).is_some_and(|(a, p)| &a.path == p)
        })
        .collect()
}

/// One side's blocks: (first line, last line, source text) after the front matter.
fn blocks(
    state: &State,
    path: &Option<String>,
) -> (Vec<(usize, usize, String)>, Vec<crate::markdown::skeleton::Block>) {
    let Some(path) = path else { return (Vec::new(), Vec::new()) };
    let Ok(text) = std::fs::read_to_string(state.root.join(path)) else { return (Vec::new(), Vec::new()) };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_string();
    let Ok(parsed) = front_matter::parse(&text, front_matter::PAGE_KEYS) else { return (Vec::new(), Vec::new()) };
    let body = &text[parsed.body_start..];
    let index = crate::diagnostics::LineIndex::new(&text);
    let skeleton = skeleton_only(body, true);
    let shown = skeleton
        .blocks
        .iter()
        .map(|b| {
            let first = index.line_of(parsed.body_start + b.start);
            let last = index.line_of(parsed.body_start + b.end.saturating_sub(1).max(b.start));
            (first, last, body.get(b.start..b.end).unwrap_or_default().trim_end().to_string())
        })
        .collect();
    (shown, skeleton.blocks)
}

fn pair_view(state: &State, pair: &[Option<String>; 2]) -> String {
    let [en, es] = pair;
    let (en_shown, en_blocks) = blocks(state, en);
    let (es_shown, es_blocks) = blocks(state, es);
    let findings = findings_of(state, en, es);
    let notes = |side: usize, range: Option<&(usize, usize, String)>| -> String {
        let Some((first, last, _)) = range else { return String::new() };
        let items: String = findings
            .iter()
            .filter(|f| {
                let at = if side == 0 { &f.en } else { &f.es };
                at.as_ref().and_then(|a| a.line).is_some_and(|line| line >= *first && line <= *last)
            })
            .map(|f| format!("<li>{} <code>{}</code>: {}</li>", f.severity.as_str(), f.code, escape(&f.message)))
            .collect();
        if items.is_empty() { String::new() } else { format!("<ul class=\"f\">{items}</ul>") }
    };
    let cell = |side: usize, block: Option<usize>, shown: &[(usize, usize, String)]| -> String {
        match block.and_then(|k| shown.get(k)) {
            Some(range @ (first, _, text)) => {
                let notes = notes(side, Some(range));
                let class = if notes.is_empty() { "" } else { " class=\"finding\"" };
                format!("<td{class}><div class=\"line\">line {first}</div><pre>{}</pre>{notes}</td>", escape(text))
            }
            None => "<td class=\"gap\"><em>(nothing here in this language)</em></td>".to_string(),
        }
    };
    let rows: String = align(&en_blocks, &es_blocks)
        .into_iter()
        .map(|(a, b)| format!("<tr>{}{}</tr>", cell(0, a, &en_shown), cell(1, b, &es_shown)))
        .collect();
    let page_level: String = findings
        .iter()
        .filter(|f| {
            let inside = |at: &Option<crate::diagnostics::Location>, shown: &[(usize, usize, String)]| {
                at.as_ref().and_then(|a| a.line).is_some_and(|l| shown.iter().any(|(s, e, _)| l >= *s && l <= *e))
            };
            !inside(&f.en, &en_shown) && !inside(&f.es, &es_shown)
        })
        .map(|f| format!("<li>{} <code>{}</code>: {}</li>", f.severity.as_str(), f.code, escape(&f.message)))
        .collect();
    let command = match es {
        Some(es) => format!(
            "<p>When the Spanish says what the English says, record it: <code class=\"cmd\">puente review {}</code></p>",
            escape(es)
        ),
        None => String::new(),
    };
    let title = format!("{} ↔ {}", en.as_deref().unwrap_or("(no English)"), es.as_deref().unwrap_or("(no Spanish)"));
    let body = format!(
        "<p><a href=\"/_review/\">All pages</a></p><h1>{}</h1>{command}{}<table><thead><tr><th lang=\"en\">English</th><th lang=\"es\">Español</th></tr></thead><tbody>{rows}</tbody></table>",
        escape(&title),
        if page_level.is_empty() {
            String::new()
        } else {
            format!("<h2>Whole page</h2><ul class=\"f\">{page_level}</ul>")
        }
    );
    page(&title, &body)
}
