//! # `unreviewed-translation`
//! What it finds: a Spanish page never recorded in `translations.lock`.
//! Why it matters: without a review record, Puente cannot tell when the English changes later.
//! Example: a new pair made with `puente new` → warning until `puente review` records it.
//! Not flagged: pages recorded by `puente review` (they are checked for staleness instead).
//! Silence it: review the page and run `puente review content-es/…`.

use super::{Out, PairCx};
use crate::diagnostics::{Code, Finding, Location};

pub fn check(p: &PairCx, out: &mut Out) {
    let reviewed = p.cx.input.lock.pages.get(&p.es_src.site_path).filter(|entry| entry.en == p.en_src.site_path);
    if reviewed.is_some() {
        return;
    }
    let finding = Finding::new(
        Code::UnreviewedTranslation,
        "This Spanish page has never been recorded as reviewed against the English page.",
    )
    .hint(format!("read both pages side by side; when they say the same, run `puente review {}`", p.es_src.site_path))
    .at(Some(Location::new(&p.en_src.site_path, 1)), Some(Location::new(&p.es_src.site_path, 1)));
    out.pair(p, finding, None, None);
}
