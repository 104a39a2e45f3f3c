//! # `broken-link`
//! What it finds: an internal link (`@/path.md#anchor`, or a site path such as `/es/noticias/`)
//! to a page or heading that does not exist in that language.
//! Why it matters: the reader gets a "page not found".
//! Example: ES `[más](@/news/sumit.md)` (a typo) → error at that line.
//! Not flagged: links to files (images, PDFs), external sites.
//! Silence it: `<!-- puente-ignore broken-link: reason -->` above the block.

use super::links::{Target, classify, heading_ids};
use super::{CheckCx, Out, block_location};
use crate::config::Lang;
use crate::content::{ContentRef, Source};
use crate::diagnostics::{Code, Finding};
use crate::markdown::Skeleton;

pub fn check(cx: &CheckCx, lang: Lang, content: ContentRef, source: &Source, skeleton: &Skeleton, out: &mut Out) {
    let language = if lang == Lang::En { "English" } else { "Spanish" };
    for (b, block) in skeleton.blocks.iter().enumerate() {
        let inlines = std::iter::once(&block.inline).chain(block.items.iter().map(|i| &i.inline));
        for link in inlines.flat_map(|inline| inline.links().iter()) {
            let problem = match classify(cx, lang, &link.dest) {
                Target::Internal { content: None, written, .. } => {
                    Some(format!("The link {written} points to a page that does not exist in the {language} content."))
                }
                Target::Internal { content: Some(target), anchor: Some(anchor), written } => (!heading_ids(cx, target)
                    .contains(&anchor.as_str()))
                .then(|| format!("The link {written} points to a heading `#{anchor}` that the page does not have.")),
                Target::Fragment(anchor) => (!heading_ids(cx, content).contains(&anchor.as_str()))
                    .then(|| format!("The link #{anchor} points to a heading this page does not have.")),
                _ => None,
            };
            let Some(message) = problem else { continue };
            let at = block_location(source, link.offset);
            let finding = Finding::new(Code::BrokenLink, message)
                .hint(format!(
                    "fix the address: `@/` links start at {}/ (for example `@/news/summit.md#what-was-agreed`)",
                    lang.content_dir()
                ))
                .mark(Some(link.dest.clone()), Some(link.dest.clone()));
            let finding = if lang == Lang::En { finding.en(at) } else { finding.es(at) };
            out.page(lang, content, finding, Some(b));
        }
    }
}
