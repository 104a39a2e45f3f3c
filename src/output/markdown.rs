//! The Markdown pass: every page and section body rendered once, in parallel, with `@/` links
//! resolved in the page's own language, then every `#anchor` of those links checked against
//! the headings of the page it points to.

use crate::config::{Config, Lang};
use crate::content::{ContentRef, Library, Source};
use crate::diagnostics::{Location, Problem};
use crate::fluent::Strings;
use crate::markdown::{self, MarkdownOptions, Rendered};
use rayon::prelude::*;
use std::collections::BTreeMap;

pub struct Bodies {
    pub pages: Vec<Rendered>,
    pub sections: Vec<Rendered>,
}

pub fn render_bodies(
    config: &Config,
    library: &Library,
    strings: &Strings,
) -> (Bodies, Vec<Problem>) {
    let options = Lang::ALL.map(|lang| MarkdownOptions {
        smart_punctuation: config.markdown.smart_punctuation,
        anchor_links: config.markdown.anchor_links,
        anchor_label: strings
            .format(lang, "anchor-link-label", &BTreeMap::new())
            .unwrap_or_else(|_| {
                if lang == Lang::Es {
                    "Enlace a esta sección"
                } else {
                    "Link to this section"
                }
                .to_string()
            }),
    });
    let render = |source: &Source| -> (Rendered, Vec<Problem>) {
        let lang = source.lang;
        let resolve = |path: &str| {
            library
                .find(lang, path)
                .map(|found| config.permalink(library.path(found)))
        };
        let (rendered, unresolved) =
            markdown::render(source.body(), &options[lang.index()], &resolve);
        let problems = unresolved
            .into_iter()
            .map(|link| {
                Problem::new(format!("the link `{}` points to a file that does not exist in {}/", link.target, lang.content_dir()))
                    .at(Location::new(&source.site_path, source.body_line(link.offset)))
                    .hint(format!(
                        "write the path of a Markdown file inside {}/, for example `@/news/_index.md` or `@/about.md`",
                        lang.content_dir()
                    ))
            })
            .collect();
        (rendered, problems)
    };
    let pages: Vec<(Rendered, Vec<Problem>)> = library
        .pages
        .par_iter()
        .map(|p| render(&p.source))
        .collect();
    let sections: Vec<(Rendered, Vec<Problem>)> = library
        .sections
        .par_iter()
        .map(|s| render(&s.source))
        .collect();
    let mut problems = Vec::new();
    let mut split = |list: Vec<(Rendered, Vec<Problem>)>| -> Vec<Rendered> {
        list.into_iter()
            .map(|(rendered, found)| {
                problems.extend(found);
                rendered
            })
            .collect()
    };
    let bodies = Bodies {
        pages: split(pages),
        sections: split(sections),
    };
    problems.extend(check_anchors(library, &bodies));
    (bodies, problems)
}

/// `@/page.md#anchor` must name a heading of that page, in the same language.
fn check_anchors(library: &Library, bodies: &Bodies) -> Vec<Problem> {
    let rendered_of = |content: ContentRef| match content {
        ContentRef::Page(i) => &bodies.pages[i],
        ContentRef::Section(i) => &bodies.sections[i],
    };
    let all = library
        .pages
        .iter()
        .zip(&bodies.pages)
        .map(|(p, r)| (&p.source, r))
        .chain(
            library
                .sections
                .iter()
                .zip(&bodies.sections)
                .map(|(s, r)| (&s.source, r)),
        );
    let mut problems = Vec::new();
    for (source, rendered) in all {
        for link in &rendered.internal_links {
            let Some(anchor) = &link.anchor else { continue };
            let Some(target) = library.find(source.lang, &link.path) else {
                continue;
            };
            if !rendered_of(target)
                .heading_ids
                .iter()
                .any(|id| id == anchor)
            {
                let target_path = &library.source(target).site_path;
                problems.push(
                    Problem::new(format!("the link `@/{}#{anchor}` names a heading that {target_path} does not have", link.path))
                        .at(Location::new(&source.site_path, source.body_line(link.offset)))
                        .hint("use the id of one of that page's headings (shown in its address bar when you click the heading), or remove `#…`"),
                );
            }
        }
    }
    problems
}
