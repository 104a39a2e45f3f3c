//! The Markdown pass: every page and section body rendered once, in parallel, with `@/` links
//! resolved in the page's own language. Each body's block skeleton comes from the same parse,
//! for the checks. A link that does not resolve is left as written; the `broken-link` check
//! reports it (with file and line) before anything is published.

use crate::config::{Config, Lang};
use crate::content::{Library, Source};
use crate::fluent::Strings;
use crate::markdown::{self, MarkdownOptions, Rendered};
use rayon::prelude::*;
use std::collections::BTreeMap;

pub struct Bodies {
    pub pages: Vec<Rendered>,
    pub sections: Vec<Rendered>,
}

pub fn render_bodies(config: &Config, library: &Library, strings: &Strings) -> Bodies {
    let options = options(config, strings);
    Bodies {
        pages: library.pages.par_iter().map(|p| render_one(config, library, &options, &p.source)).collect(),
        sections: library.sections.par_iter().map(|s| render_one(config, library, &options, &s.source)).collect(),
    }
}

/// One body, for `serve` after an edit.
pub fn render_body(config: &Config, library: &Library, strings: &Strings, source: &Source) -> Rendered {
    render_one(config, library, &options(config, strings), source)
}

fn options(config: &Config, strings: &Strings) -> [MarkdownOptions; 2] {
    Lang::ALL.map(|lang| MarkdownOptions {
        smart_punctuation: config.markdown.smart_punctuation,
        anchor_links: config.markdown.anchor_links,
        anchor_label: strings.format(lang, "anchor-link-label", &BTreeMap::new()).unwrap_or_else(|_| {
            if lang == Lang::Es { "Enlace a esta sección" } else { "Link to this section" }.to_string()
        }),
    })
}

fn render_one(config: &Config, library: &Library, options: &[MarkdownOptions; 2], source: &Source) -> Rendered {
    let lang = source.lang;
    let resolve = |path: &str| library.find(lang, path).map(|found| config.permalink(library.path(found)));
    markdown::render(source.body(), &options[lang.index()], &resolve).0
}
