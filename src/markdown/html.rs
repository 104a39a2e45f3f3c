//! Markdown → HTML for one page: unique heading ids, optional anchor links, `@/` links resolved
//! in the page's own language, `<!-- more -->` summaries, and the table of contents.
//!
//! One parse per page: events are collected once, edited in place, and written once.

use super::parser_options;
use super::shortcodes::{Render, expand, fill_tokens};
use super::skeleton::{self, Skeleton};
use crate::config::AnchorLinks;
use pulldown_cmark::{CowStr, Event, Parser, Tag, TagEnd};
use serde::Serialize;
use std::collections::HashSet;

/// Marks where `<!-- more -->` was; the summary is everything before it.
const CONTINUE_READING: &str = "<span id=\"continue-reading\"></span>";

#[derive(Debug, Clone)]
pub struct MarkdownOptions {
    pub smart_punctuation: bool,
    pub anchor_links: AnchorLinks,
    /// Accessible name of anchor links, in the page's language.
    pub anchor_label: String,
    /// A theme's `anchor-link.html` and `summary-cutoff.html`, rendered (Zola's overrides).
    pub overrides: Option<TemplateOverrides>,
}

/// Renders a heading's anchor link from its id and level.
pub type AnchorTemplate = std::sync::Arc<dyn Fn(&str, u32) -> String + Send + Sync>;
/// Renders what ends a summary, from the summary.
pub type CutoffTemplate = std::sync::Arc<dyn Fn(&str) -> String + Send + Sync>;

/// Renders a theme's `anchor-link.html` (heading id, level) and `summary-cutoff.html` (summary).
#[derive(Clone)]
pub struct TemplateOverrides {
    pub anchor: Option<AnchorTemplate>,
    pub summary_cutoff: Option<CutoffTemplate>,
}

impl std::fmt::Debug for TemplateOverrides {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TemplateOverrides")
            .field("anchor", &self.anchor.is_some())
            .field("summary_cutoff", &self.summary_cutoff.is_some())
            .finish()
    }
}

/// A heading of the table of contents (Zola's shape, minus `permalink`, which templates add).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    pub level: u32,
    pub id: String,
    pub title: String,
    pub children: Vec<Heading>,
}

#[derive(Debug, Clone)]
pub struct Rendered {
    pub html: String,
    pub summary: Option<String>,
    pub toc: Vec<Heading>,
    /// Every heading id of the page, in order, for anchor checks.
    pub heading_ids: Vec<String>,
    pub word_count: usize,
    pub reading_time: usize,
    /// `@/` links of the page, for backlinks and anchor checks.
    pub internal_links: Vec<InternalLink>,
    /// The block skeleton the translation checks compare, from the same parse.
    pub skeleton: Skeleton,
}

/// An `@/path.md#anchor` link that resolved; `offset` is a byte offset into the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalLink {
    pub path: String,
    pub anchor: Option<String>,
    pub offset: usize,
}

/// An `@/` link whose target does not exist; `offset` is a byte offset into the Markdown body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnresolvedLink {
    pub target: String,
    pub offset: usize,
}

/// Renders `body`. `resolve` maps the path of an `@/path.md` link to a URL, or `None`.
pub fn render(
    body: &str,
    options: &MarkdownOptions,
    resolve: &dyn Fn(&str) -> Option<String>,
) -> (Rendered, Vec<UnresolvedLink>) {
    match render_with(body, options, resolve, None) {
        Ok(rendered) => rendered,
        // Without shortcodes nothing can fail.
        Err(_) => render_plain(body, body, options, resolve, &[]),
    }
}

/// Renders with shortcodes: calls are expanded first (Markdown spliced in, HTML through
/// placeholders). Fails with the byte offset and message of a shortcode that could not render.
pub fn render_with(
    body: &str,
    options: &MarkdownOptions,
    resolve: &dyn Fn(&str) -> Option<String>,
    shortcodes: Option<&Render>,
) -> Result<(Rendered, Vec<UnresolvedLink>), (usize, String)> {
    match shortcodes {
        Some(render) if body.contains("{{") || body.contains("{%") => {
            let (expanded, pieces) = expand(body, render)?;
            Ok(render_plain(&expanded, body, options, resolve, &pieces))
        }
        _ => Ok(render_plain(body, body, options, resolve, &[])),
    }
}

/// `text` is what is parsed (shortcodes expanded); `original` is what the user wrote, which
/// the checks' skeleton must describe (its offsets are lines of the file).
fn render_plain(
    text: &str,
    original: &str,
    options: &MarkdownOptions,
    resolve: &dyn Fn(&str) -> Option<String>,
    pieces: &[String],
) -> (Rendered, Vec<UnresolvedLink>) {
    let body = text;
    let mut events = parse(body, options.smart_punctuation);
    let headings = assign_heading_ids(&mut events);
    let has_calls = original.contains("{{") || original.contains("{%");
    let skeleton = if !has_calls && pieces.is_empty() && text == original {
        skeleton::build(&events, body)
    } else {
        skeleton_only(original, options.smart_punctuation)
    };
    let mut unresolved = Vec::new();
    let mut internal_links = Vec::new();
    let mut has_summary = false;

    for (event, offset) in &mut events {
        match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) if dest_url.starts_with("@/") => {
                let (path, anchor) = match dest_url.split_once('#') {
                    Some((path, anchor)) => (path[2..].to_string(), Some(anchor.to_string())),
                    None => (dest_url[2..].to_string(), None),
                };
                match resolve(&path) {
                    Some(url) => {
                        let url = match &anchor {
                            Some(anchor) => format!("{url}#{anchor}"),
                            None => url,
                        };
                        internal_links.push(InternalLink { path, anchor, offset: *offset });
                        *dest_url = CowStr::from(url);
                    }
                    None => unresolved.push(UnresolvedLink { target: dest_url.to_string(), offset: *offset }),
                }
            }
            Event::Html(text) | Event::InlineHtml(text) => {
                let trimmed = text.trim();
                if trimmed == "<!-- more -->" && !has_summary {
                    has_summary = true;
                    *text = CowStr::from(CONTINUE_READING);
                } else if trimmed.starts_with("<!--")
                    && trimmed.ends_with("-->")
                    && trimmed[4..].trim_start().starts_with("puente-ignore")
                {
                    // Suppression comments are for the checker, never for readers (SPEC §4).
                    *text = CowStr::from("");
                }
            }
            _ => {}
        }
    }

    let events = insert_anchor_links(events, &headings, options);
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    if !pieces.is_empty() {
        html = fill_tokens(&html, pieces, true);
    }
    // Reserved for Markdown heavy in markup; prose takes about as much HTML as text.
    super::fit_text(&mut html);
    let mut summary = has_summary.then(|| html.find(CONTINUE_READING).map(|i| html[..i].to_string())).flatten();
    if let (Some(summary), Some(cutoff)) =
        (summary.as_mut(), options.overrides.as_ref().and_then(|o| o.summary_cutoff.as_ref()))
    {
        let rendered = cutoff(summary);
        summary.push_str(&rendered);
    }
    let word_count = super::word_count::count_words(original);
    let rendered = Rendered {
        summary,
        toc: toc_tree(&headings),
        heading_ids: headings.iter().map(|h| h.id.clone()).collect(),
        word_count,
        // Zola's rule: 200 words a minute, rounded up.
        reading_time: word_count.div_ceil(200),
        internal_links,
        skeleton,
        html,
    };
    (rendered, unresolved)
}

/// One parse of a body: events with their start offsets.
pub fn parse(body: &str, smart_punctuation: bool) -> Vec<(Event<'_>, usize)> {
    // Prose makes an event per 25 to 60 bytes: reserved up front, the list is not grown (and
    // copied) eight times for every page.
    let mut events = Vec::with_capacity(body.len() / 32 + 8);
    events.extend(
        Parser::new_ext(body, parser_options(smart_punctuation)).into_offset_iter().map(|(e, range)| (e, range.start)),
    );
    events
}

/// The skeleton alone, for `puente check` (no HTML is written).
pub fn skeleton_only(body: &str, smart_punctuation: bool) -> Skeleton {
    // A shortcode's arguments are not prose: their quotes and backticks must not read as
    // Spanish style or inline code. `shortcode-mismatch` compares them as written.
    let masked = super::shortcodes::mask_calls(body);
    let mut events = parse(&masked, smart_punctuation);
    assign_heading_ids(&mut events);
    skeleton::build(&events, &masked)
}

struct FlatHeading {
    level: u32,
    id: String,
    title: String,
    start: usize,
}

/// Gives every heading an id: its own `{#id}`, else a slug of its text, made unique per page
/// with `-1`, `-2`… as Zola does.
fn assign_heading_ids(events: &mut [(Event, usize)]) -> Vec<FlatHeading> {
    let mut headings = Vec::new();
    let mut taken = HashSet::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, id, .. }) = &events[i].0 {
            let level = *level as u32;
            let explicit = id.as_ref().map(|id| id.to_string());
            let mut title = String::new();
            let mut j = i + 1;
            while j < events.len() && !matches!(events[j].0, Event::End(TagEnd::Heading(_))) {
                if let Event::Text(text) | Event::Code(text) = &events[j].0 {
                    title.push_str(text);
                }
                j += 1;
            }
            let base = explicit.unwrap_or_else(|| {
                let slug = slug::slugify(&title);
                if slug.is_empty() { "section".to_string() } else { slug }
            });
            let mut unique = base.clone();
            let mut n = 1;
            while !taken.insert(unique.clone()) {
                unique = format!("{base}-{n}");
                n += 1;
            }
            if let Event::Start(Tag::Heading { id, .. }) = &mut events[i].0 {
                *id = Some(CowStr::from(unique.clone()));
            }
            headings.push(FlatHeading { level, id: unique, title, start: i });
            i = j;
        }
        i += 1;
    }
    headings
}

fn insert_anchor_links<'a>(
    events: Vec<(Event<'a>, usize)>,
    headings: &[FlatHeading],
    options: &MarkdownOptions,
) -> Vec<Event<'a>> {
    if options.anchor_links == AnchorLinks::None || headings.is_empty() {
        return events.into_iter().map(|(e, _)| e).collect();
    }
    let label = html_escape(&options.anchor_label);
    let custom = options.overrides.as_ref().and_then(|o| o.anchor.as_ref());
    let anchor = |heading: &FlatHeading| match custom {
        Some(render) => render(&heading.id, heading.level),
        None => anchor_html(&heading.id, &label),
    };
    let mut out = Vec::with_capacity(events.len() + headings.len() * 2);
    let mut next = headings.iter().peekable();
    let mut open: Option<&FlatHeading> = None;
    for (i, (event, _)) in events.into_iter().enumerate() {
        let is_end = matches!(event, Event::End(TagEnd::Heading(_)));
        if is_end && let Some(heading) = open.take() {
            match options.anchor_links {
                AnchorLinks::Right => out.push(Event::Html(anchor(heading).into())),
                AnchorLinks::Heading => out.push(Event::Html("</a>".into())),
                _ => {}
            }
        }
        let starts_heading = next.peek().is_some_and(|h| h.start == i);
        out.push(event);
        if starts_heading && let Some(heading) = next.next() {
            match options.anchor_links {
                AnchorLinks::Left => out.push(Event::Html(anchor(heading).into())),
                AnchorLinks::Heading => {
                    out.push(Event::Html(format!("<a class=\"heading-anchor\" href=\"#{}\">", heading.id).into()))
                }
                _ => {}
            }
            open = Some(heading);
        }
    }
    out
}

fn anchor_html(id: &str, label: &str) -> String {
    format!("<a class=\"heading-anchor\" href=\"#{id}\" aria-label=\"{label}\">#</a>")
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;")
}

/// Nests the flat heading list: each heading holds the deeper ones that follow it.
fn toc_tree(flat: &[FlatHeading]) -> Vec<Heading> {
    fn build(flat: &[FlatHeading], i: &mut usize, parent_level: u32) -> Vec<Heading> {
        let mut out = Vec::new();
        while *i < flat.len() && flat[*i].level > parent_level {
            let h = &flat[*i];
            *i += 1;
            let children = build(flat, i, h.level);
            out.push(Heading { level: h.level, id: h.id.clone(), title: h.title.clone(), children });
        }
        out
    }
    let mut i = 0;
    let mut out = Vec::new();
    while i < flat.len() {
        out.extend(build(flat, &mut i, 0));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(anchor_links: AnchorLinks) -> MarkdownOptions {
        MarkdownOptions { smart_punctuation: true, anchor_links, anchor_label: "Link".into(), overrides: None }
    }

    fn html(md: &str) -> Rendered {
        render(md, &opts(AnchorLinks::None), &|p| (p == "about.md").then(|| "https://x.org/es/acerca/".to_string())).0
    }

    #[test]
    fn heading_ids_are_unique_per_page() {
        let r = html("# Hola\n\n## Hola\n\n## ¿Qué es? {#que}\n\n## Hola\n");
        assert_eq!(r.heading_ids, ["hola", "hola-1", "que", "hola-2"]);
        assert!(r.html.contains("<h2 id=\"hola-1\">Hola</h2>"), "{}", r.html);
        assert_eq!(r.toc.len(), 1);
        assert_eq!(r.toc[0].children.len(), 3);
    }

    #[test]
    fn internal_links_resolve_and_keep_their_anchor() {
        let r = html("[About](@/about.md#team)\n");
        assert!(r.html.contains("href=\"https://x.org/es/acerca/#team\""), "{}", r.html);
        let (_, unresolved) = render("Text\n\n[x](@/nope.md)\n", &opts(AnchorLinks::None), &|_| None);
        assert_eq!(unresolved, vec![UnresolvedLink { target: "@/nope.md".into(), offset: 6 }]);
    }

    #[test]
    fn summary_stops_at_more() {
        let r = html("First.\n\n<!-- more -->\n\nSecond.\n");
        assert_eq!(r.summary.as_deref(), Some("<p>First.</p>\n"));
        assert!(r.html.contains("Second"));
    }

    #[test]
    fn ignore_comments_never_reach_the_page() {
        let r = html("<!-- puente-ignore number-mismatch: a date -->\nText 5\n");
        assert!(!r.html.contains("puente-ignore"), "{}", r.html);
    }

    #[test]
    fn anchor_links_go_where_configured() {
        let (r, _) = render("## Hi\n", &opts(AnchorLinks::Left), &|_| None);
        assert_eq!(r.html, "<h2 id=\"hi\"><a class=\"heading-anchor\" href=\"#hi\" aria-label=\"Link\">#</a>Hi</h2>\n");
        let (r, _) = render("## Hi\n", &opts(AnchorLinks::Heading), &|_| None);
        assert_eq!(r.html, "<h2 id=\"hi\"><a class=\"heading-anchor\" href=\"#hi\">Hi</a></h2>\n");
    }

    #[test]
    fn gfm_extensions_are_on() {
        let r = html("| a |\n|---|\n| b |\n\n~~x~~\n\n- [x] done\n\nNote[^1].\n\n[^1]: Foot.\n");
        for needle in ["<table>", "<del>", "checkbox", "footnote"] {
            assert!(r.html.contains(needle), "{needle} missing in {}", r.html);
        }
    }
}
