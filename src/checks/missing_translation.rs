//! # `missing-translation`
//! What it finds: a page or section that exists in one language only.
//! Why it matters: readers of the other language get nothing, and nothing says so.
//! Example: content-en/news/summit.md with no content-es/news/summit.md (and no Spanish page
//! with the same `translation_key`) → error at the English file.
//! Not flagged: a home page Puente made up because `_index.md` is missing in both languages.
//! Silence it: `parity: {missing-translation: off}` in the page's front matter.

use super::{CheckCx, Out};
use crate::config::Lang;
use crate::content::{ContentRef, Pair};
use crate::diagnostics::{Code, Finding, Location};

pub fn check(cx: &CheckCx, pair: &Pair, out: &mut Out) {
    for lang in Lang::ALL {
        let Some(content) = pair.members[lang.index()] else {
            continue;
        };
        if pair.members[lang.other().index()].is_some() {
            continue;
        }
        if let ContentRef::Section(i) = content
            && cx.library.sections[i].synthesized
        {
            continue;
        }
        let source = cx.source(content);
        let other = lang.other();
        let expected = format!("{}/{}", other.content_dir(), source.rel_path);
        // The counterpart exists but its front matter does not read: that is the finding.
        if cx.input.invalid.iter().any(|p| p.at.as_ref().is_some_and(|at| at.path == expected)) {
            continue;
        }
        let (language, message) = match lang {
            Lang::En => ("Spanish", "There is no Spanish version of this English page."),
            Lang::Es => ("English", "There is no English version of this Spanish page."),
        };
        let hint = match &source.front.translation_key {
            Some(key) => format!("write the {language} page with `translation_key: {key}` in its front matter"),
            None => format!("write the {language} page as {expected} (`puente new` creates both files of a new page)"),
        };
        let at = Location::new(&source.site_path, 1);
        let finding = Finding::new(Code::MissingTranslation, message).hint(hint);
        let finding = if lang == Lang::En { finding.en(at) } else { finding.es(at) };
        out.page(lang, content, finding, None);
    }
}
