//! The Markdown pass: every page and section body rendered once, in parallel, with `@/` links
//! resolved in the page's own language. Each body's block skeleton comes from the same parse,
//! for the checks. A link that does not resolve is left as written; the `broken-link` check
//! reports it (with file and line) before anything is published.

use crate::config::{Config, Lang};
use crate::content::{ContentRef, Library, Source};
use crate::diagnostics::{Location, Problem};
use crate::fluent::Strings;
use crate::markdown::shortcodes::{Call, Render};
use crate::markdown::{self, MarkdownOptions, Rendered};
use crate::templates::Shortcodes;
use rayon::prelude::*;
use std::collections::BTreeMap;

pub struct Bodies {
    pub pages: Vec<Rendered>,
    pub sections: Vec<Rendered>,
    /// Shortcodes that could not render, at their lines.
    pub problems: Vec<Problem>,
}

impl Bodies {
    /// Takes the rendered HTML out, leaving the rest (tables of contents, summaries, links).
    pub fn take_html(&mut self) -> crate::templates::MovedHtml {
        let take = |bodies: &mut Vec<Rendered>| bodies.iter_mut().map(|r| std::mem::take(&mut r.html)).collect();
        crate::templates::MovedHtml { pages: take(&mut self.pages), sections: take(&mut self.sections) }
    }
}

pub fn render_bodies(config: &Config, library: &Library, strings: &Strings, shortcodes: &Shortcodes) -> Bodies {
    let options = options(config, strings, shortcodes);
    let pages: Vec<Result<Rendered, Problem>> =
        library.pages.par_iter().map(|p| render_one(config, library, &options, shortcodes, &p.source)).collect();
    let sections: Vec<Result<Rendered, Problem>> =
        library.sections.par_iter().map(|s| render_one(config, library, &options, shortcodes, &s.source)).collect();
    let mut problems = Vec::new();
    let mut keep = |results: Vec<Result<Rendered, Problem>>, sources: Vec<&Source>| -> Vec<Rendered> {
        results
            .into_iter()
            .zip(sources)
            .map(|(result, source)| {
                result.unwrap_or_else(|problem| {
                    problems.push(problem);
                    // The page renders without its shortcodes, so the rest of the site can be checked.
                    render_plain(config, library, &options, source)
                })
            })
            .collect()
    };
    let pages = keep(pages, library.pages.iter().map(|p| &p.source).collect());
    let sections = keep(sections, library.sections.iter().map(|s| &s.source).collect());
    Bodies { pages, sections, problems }
}

/// One body, for `serve` after an edit.
pub fn render_body(
    config: &Config,
    library: &Library,
    strings: &Strings,
    shortcodes: &Shortcodes,
    source: &Source,
) -> Result<Rendered, Problem> {
    render_one(config, library, &options(config, strings, shortcodes), shortcodes, source)
}

fn options(config: &Config, strings: &Strings, shortcodes: &Shortcodes) -> [MarkdownOptions; 2] {
    Lang::ALL.map(|lang| MarkdownOptions {
        smart_punctuation: config.markdown.smart_punctuation,
        anchor_links: config.markdown.anchor_links,
        anchor_label: strings.format(lang, "anchor-link-label", &BTreeMap::new()).unwrap_or_else(|_| {
            if lang == Lang::Es { "Enlace a esta sección" } else { "Link to this section" }.to_string()
        }),
        overrides: shortcodes.template_overrides(lang),
    })
}

fn render_one(
    config: &Config,
    library: &Library,
    options: &[MarkdownOptions; 2],
    shortcodes: &Shortcodes,
    source: &Source,
) -> Result<Rendered, Problem> {
    let lang = source.lang;
    let resolve = |path: &str| library.find(lang, path).map(|found| config.permalink(library.path(found)));
    // What Zola gives shortcodes of the page itself: its metadata, no body or listings.
    let owner = std::sync::OnceLock::new();
    let render = |call: &Call, body: Option<&str>, nth: usize| {
        let owner = owner.get_or_init(|| shortcode_owner(config, library, source));
        shortcodes.render(lang, call, body, nth, owner)
    };
    let shortcodes: Option<&Render> = if shortcodes.is_empty() { None } else { Some(&render) };
    let options = with_section_anchors(&options[lang.index()], library, source);
    markdown::render_with(source.body(), &options, &resolve, shortcodes).map(|(rendered, _)| rendered).map_err(
        |(offset, message)| {
            Problem::new(message)
                .at(Location::new(&source.site_path, source.body_line(offset)))
                .hint("fix the shortcode call on that line, or its template in templates/shortcodes/")
        },
    )
}

/// A body without its shortcodes (which cannot fail), after one of them did.
fn render_plain(config: &Config, library: &Library, options: &[MarkdownOptions; 2], source: &Source) -> Rendered {
    let lang = source.lang;
    let resolve = |path: &str| library.find(lang, path).map(|found| config.permalink(library.path(found)));
    markdown::render(source.body(), &with_section_anchors(&options[lang.index()], library, source), &resolve).0
}

/// A section's `insert_anchor_links` overrides the site's for the section and the pages it
/// holds directly, as in Zola.
fn with_section_anchors<'a>(
    options: &'a MarkdownOptions,
    library: &Library,
    source: &Source,
) -> std::borrow::Cow<'a, MarkdownOptions> {
    let section = match library.find(source.lang, &source.rel_path) {
        Some(ContentRef::Page(i)) => &library.sections[library.pages[i].section].source,
        Some(ContentRef::Section(i)) => &library.sections[i].source,
        None => source,
    };
    match section.front.insert_anchor_links {
        Some(anchor_links) if anchor_links != options.anchor_links => {
            std::borrow::Cow::Owned(MarkdownOptions { anchor_links, ..options.clone() })
        }
        _ => std::borrow::Cow::Borrowed(options),
    }
}

/// `("page" | "section", value)` as a shortcode sees the file it is called from: Zola's
/// Markdown-time form, with metadata and addresses but no content, listings or translations.
fn shortcode_owner(config: &Config, library: &Library, source: &Source) -> (&'static str, serde_json::Value) {
    let found = library.find(source.lang, &source.rel_path);
    let path = found.map(|c| library.path(c).to_string()).unwrap_or_default();
    let front = &source.front;
    let mut value = serde_json::json!({
        "title": front.title, "description": front.description, "date": front.date, "updated": front.updated,
        "extra": front.extra.clone().unwrap_or_else(|| serde_json::json!({})), "taxonomies": front.taxonomies,
        "authors": front.authors, "lang": source.lang.code(), "relative_path": source.rel_path,
        "path": path, "permalink": config.permalink(&path), "draft": front.draft, "weight": front.weight,
    });
    match found {
        Some(ContentRef::Page(i)) => {
            value["slug"] = serde_json::json!(library.pages[i].slug);
            ("page", value)
        }
        _ => ("section", value),
    }
}
