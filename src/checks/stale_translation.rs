//! # `stale-translation`
//! What it finds: English blocks that changed since the Spanish page was last reviewed (their
//! digests differ from `translations.lock`), each named with its line; with git history, also
//! what the English said before and says now.
//! Why it matters: the Spanish still says what the English used to say.
//! Example: an English paragraph edited after `puente review` → one error at that paragraph.
//! Not flagged: re-wrapped lines (digests ignore whitespace); pages never reviewed (that is
//! `unreviewed-translation`).
//! Silence it: update the Spanish, then `puente review content-es/…`.

use super::{Out, PairCx, quote};
use crate::diagnostics::{Code, Finding, Location};
use crate::lock::{history, page_digests};
use similar::{Algorithm, DiffOp, capture_diff_slices};

pub fn check(p: &PairCx, out: &mut Out) {
    let Some(entry) = p.cx.input.lock.pages.get(&p.es_src.site_path) else {
        return;
    };
    if entry.en != p.en_src.site_path {
        return;
    }
    let Some(reviewed_text) = p.cx.input.changed_since_review.get(&p.es_src.site_path) else {
        return;
    };
    let front = &p.en_src.front;
    let now = page_digests(
        front.title.as_deref().unwrap_or_default(),
        front.description.as_deref().unwrap_or_default(),
        p.en_src.body(),
        p.en_sk,
    );
    if now == entry.blocks {
        return;
    }
    let smart = p.cx.config.markdown.smart_punctuation;
    let old_texts = reviewed_text.as_deref().map(|text| history::block_texts(text, smart));
    let new_text = |k: usize| -> String {
        if k == 0 {
            format!(
                "{}\n{}",
                front.title.as_deref().unwrap_or_default(),
                front.description.as_deref().unwrap_or_default()
            )
        } else {
            let block = p.en_block(k - 1);
            p.en_src.body().get(block.start..block.end).unwrap_or_default().trim().to_string()
        }
    };
    let en_at = |k: usize| -> Location { if k == 0 { p.en_src.key_location("title") } else { p.en_at(k - 1) } };
    let es_for = |k: usize| -> (Location, Option<usize>) {
        if k == 0 {
            return (p.es_src.key_location("title"), None);
        }
        match p.aligned.iter().find(|(a, _)| *a == Some(k - 1)).and_then(|(_, b)| *b) {
            Some(j) => (p.es_at(j), Some(j)),
            None => (Location::new(&p.es_src.site_path, 1), None),
        }
    };
    let what = |k: usize| {
        if k == 0 { "title or description".to_string() } else { p.en_block(k - 1).kind.describe() }
    };
    let mut report = |k: usize, old: Option<String>| {
        let (es_at, es_block) = es_for(k);
        let mut message = format!(
            "The English {} on line {} changed after this page was reviewed on {}.",
            what(k),
            en_at(k).line.unwrap_or(1),
            entry.reviewed
        );
        match old {
            Some(old) => message.push_str(&format!(" It said {}; it now says {}.", quote(&old), quote(&new_text(k)))),
            None if k > 0 => message.push_str(&format!(" It now says {}.", quote(&new_text(k)))),
            None => {}
        }
        let finding = Finding::new(Code::StaleTranslation, message)
            .hint(format!("update the Spanish to say the same, then run `puente review {}`", p.es_src.site_path))
            .at(Some(en_at(k)), Some(es_at));
        out.pair(p, finding, if k == 0 { None } else { Some(k - 1) }, es_block);
    };
    let old_of = |i: usize| old_texts.as_ref().and_then(|t| t.get(i).cloned());
    let mut removed = 0;
    for op in capture_diff_slices(Algorithm::Myers, &entry.blocks, &now) {
        match op {
            DiffOp::Equal { .. } => {}
            DiffOp::Delete { old_len, .. } => removed += old_len,
            DiffOp::Insert { new_index, new_len, .. } => (new_index..new_index + new_len).for_each(|k| report(k, None)),
            DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                for n in 0..new_len {
                    let old = (n < old_len).then(|| old_of(old_index + n)).flatten();
                    report(new_index + n, old);
                }
                removed += old_len.saturating_sub(new_len);
            }
        }
    }
    if removed > 0 {
        let finding = Finding::new(
            Code::StaleTranslation,
            format!("{removed} English block(s) were removed after this page was reviewed on {}.", entry.reviewed),
        )
        .hint(format!("remove the same text from the Spanish, then run `puente review {}`", p.es_src.site_path))
        .at(Some(Location::new(&p.en_src.site_path, 1)), Some(Location::new(&p.es_src.site_path, 1)));
        out.pair(p, finding, None, None);
    }
}
