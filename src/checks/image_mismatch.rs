//! # `image-mismatch`
//! What it finds: an image lost, added or replaced inside aligned blocks.
//! Why it matters: a chart or map carries facts; the Spanish reader must see the same one.
//! Example: EN `![map](border.png)`, ES `![mapa](other.png)` → error.
//! Not flagged: a localized variant (`border.es.png` or `border-es.png` for `border.png`), and
//! translated alt text (the `untranslated` check looks at alt text).
//! Silence it: `<!-- puente-ignore image-mismatch: reason -->` above the block.

use super::{Out, PairCx};
use crate::diagnostics::{Code, Finding};
use crate::markdown::skeleton::Block;

pub fn check(p: &PairCx, out: &mut Out) {
    for (i, j) in p.matched() {
        let (a, b) = (images(p.en_block(i)), images(p.es_block(j)));
        let (lost, added) = super::differences(&a, &b);
        if lost.is_empty() && added.is_empty() {
            continue;
        }
        let message = match (lost.first(), added.first()) {
            (Some(l), Some(n)) => {
                format!("The English shows the image {l} where the Spanish shows {n}.")
            }
            (Some(l), None) => format!("The image {l} of the English is missing from the Spanish."),
            (None, Some(n)) => {
                format!("The Spanish shows the image {n}, which the English does not.")
            }
            (None, None) => "An image appears a different number of times in English and Spanish.".to_string(),
        };
        let finding = Finding::new(Code::ImageMismatch, message)
            .hint("use the same image in both languages (a Spanish version may be named like image.es.png)")
            .at(Some(p.en_at(i)), Some(p.es_at(j)))
            .mark(lost.first().map(|s| s.to_string()), added.first().map(|s| s.to_string()));
        out.pair(p, finding, Some(i), Some(j));
    }
}

fn images(block: &Block) -> Vec<String> {
    let inlines = std::iter::once(&block.inline).chain(block.items.iter().map(|i| &i.inline));
    inlines.flat_map(|inline| inline.images().iter().map(|img| unlocalized(&img.dest))).collect()
}

/// `map.es.png` and `map-es.png` are the Spanish variants of `map.png`.
fn unlocalized(dest: &str) -> String {
    for marker in [".es.", "-es.", "_es."] {
        if let Some(pos) = dest.rfind(marker) {
            let ext = &dest[pos + marker.len()..];
            if !ext.contains('/') {
                return format!("{}.{ext}", &dest[..pos]);
            }
        }
    }
    dest.to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn localized_variants_count_as_the_same_image() {
        assert_eq!(super::unlocalized("img/map.es.png"), "img/map.png");
        assert_eq!(super::unlocalized("map-es.png"), "map.png");
        assert_eq!(super::unlocalized("spanish/map.png"), "spanish/map.png");
    }
}
