//! # `unknown-key`
//! What it finds: a front-matter key Puente does not know, with the closest known key.
//! Why it matters: a misspelt key (`titel`, `dat`) is a setting the writer believes is on.
//! Example: `titel: Cumbre` on line 2 → warning "did you mean `title`?".
//! Not flagged: keys under `extra:` (free for themes).
//! Silence it: `parity: {unknown-key: off}` in the page's front matter, or move it under `extra:`.

use super::Out;
use crate::config::Lang;
use crate::content::{ContentRef, Source};
use crate::diagnostics::{Code, Finding, Location};

pub fn check(lang: Lang, content: ContentRef, source: &Source, out: &mut Out) {
    for unknown in &source.unknown_keys {
        let hint = match unknown.closest {
            Some(close) => {
                format!("did you mean `{close}`? Rename the key, or move it under `extra:` if a theme uses it")
            }
            None => "remove the key, or move it under `extra:` if a theme uses it".to_string(),
        };
        let at = Location::new(&source.site_path, unknown.line);
        let finding =
            Finding::new(Code::UnknownKey, format!("`{}` is not a front-matter key Puente knows.", unknown.key))
                .hint(hint)
                .mark(Some(unknown.key.clone()), Some(unknown.key.clone()));
        let finding = if lang == Lang::En { finding.en(at) } else { finding.es(at) };
        out.page(lang, content, finding, None);
    }
}
