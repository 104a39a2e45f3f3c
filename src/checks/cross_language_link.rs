//! # `cross-language-link`
//! What it finds: a page that links into the other language's pages (`/en/…` from Spanish
//! content, or `/es/…` from English content).
//! Why it matters: the Spanish reader is sent to English without warning; the language
//! switcher is the way between languages, not links in the text.
//! Example: ES `[más información](/en/news/summit/)` → error; write `@/news/summit.md`.
//! Not flagged: `@/` links (they resolve in the page's own language).
//! Silence it: `<!-- puente-ignore cross-language-link: reason -->` above the block.

use super::links::{Target, classify};
use super::{CheckCx, Out, block_location};
use crate::config::Lang;
use crate::content::{ContentRef, Source};
use crate::diagnostics::{Code, Finding};
use crate::markdown::Skeleton;

pub fn check(cx: &CheckCx, lang: Lang, content: ContentRef, source: &Source, skeleton: &Skeleton, out: &mut Out) {
    for (b, block) in skeleton.blocks.iter().enumerate() {
        let inlines = std::iter::once(&block.inline).chain(block.items.iter().map(|i| &i.inline));
        for link in inlines.flat_map(|inline| inline.links().iter()) {
            let Target::OtherLanguage { written, .. } = classify(cx, lang, &link.dest) else {
                continue;
            };
            let (this, other) = if lang == Lang::En { ("English", "Spanish") } else { ("Spanish", "English") };
            let at = block_location(source, link.offset);
            let finding = Finding::new(
                Code::CrossLanguageLink,
                format!("This {this} page links to {written}, which is in {other}."),
            )
            .hint("link with `@/path.md` instead: it goes to the page in the reader's own language")
            .mark(Some(written.clone()), Some(written));
            let finding = if lang == Lang::En { finding.en(at) } else { finding.es(at) };
            out.page(lang, content, finding, Some(b));
        }
    }
}
