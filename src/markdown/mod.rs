//! Every pulldown-cmark call of Puente lives here.
//!
//! `html::render` turns one Markdown body into HTML, heading ids, a table of contents, a summary
//! and the list of `@/` links it could not resolve (with byte offsets, which the caller turns
//! into file lines). This module knows nothing about pairs, Tera or the disk: it gets the
//! Markdown text and a resolver closure, and returns data.

pub mod html;
pub mod shortcodes;
pub mod skeleton;
mod word_count;

pub use html::{
    Heading, InternalLink, MarkdownOptions, Rendered, TemplateOverrides, UnresolvedLink, render, render_with,
    skeleton_only,
};
pub use skeleton::Skeleton;

use pulldown_cmark::Options;

/// The extensions every Puente page gets, as in Zola (SPEC §1 promises Zola's Markdown).
pub fn parser_options(smart_punctuation: bool) -> Options {
    let mut options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    if smart_punctuation {
        options |= Options::ENABLE_SMART_PUNCTUATION;
    }
    options
}

/// Copies `text` to its exact size when more than an eighth of its room is spare. Text this
/// module returns is kept until the checks end or the site is written, and would otherwise keep
/// its reserve or what growing by doubling left (15 MiB of skeleton text and 37 MiB of HTML at
/// 20,000 pages).
pub(crate) fn fit_text(text: &mut String) {
    if text.capacity() - text.len() > text.len() / 8 {
        *text = text.as_str().to_owned();
    }
}
