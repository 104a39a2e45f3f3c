//! Aligning two block skeletons, so one missing block is one finding and not a cascade.
//!
//! Blocks are compared by kind only (levels, item counts and languages are checked after
//! alignment). Myers' diff (the `similar` crate) finds the fewest insertions and deletions in
//! O((N+M)·D), so a long page with a few differences aligns in near-linear time; a replaced run
//! of blocks is paired one to one where the kinds agree, the rest become gaps.

use crate::markdown::skeleton::Block;
use similar::{Algorithm, DiffOp, capture_diff_slices};

/// `(English block, Spanish block)` in document order; `None` is a gap on that side.
pub type Alignment = Vec<(Option<usize>, Option<usize>)>;

pub fn align(en: &[Block], es: &[Block]) -> Alignment {
    let en_kinds: Vec<u8> = en.iter().map(|b| b.kind.class()).collect();
    let es_kinds: Vec<u8> = es.iter().map(|b| b.kind.class()).collect();
    let mut out = Vec::with_capacity(en.len().max(es.len()));
    for op in capture_diff_slices(Algorithm::Myers, &en_kinds, &es_kinds) {
        match op {
            DiffOp::Equal { old_index, new_index, len } => {
                out.extend((0..len).map(|k| (Some(old_index + k), Some(new_index + k))));
            }
            DiffOp::Delete { old_index, old_len, .. } => {
                out.extend((old_index..old_index + old_len).map(|i| (Some(i), None)))
            }
            DiffOp::Insert { new_index, new_len, .. } => {
                out.extend((new_index..new_index + new_len).map(|j| (None, Some(j))))
            }
            DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                out.extend((old_index..old_index + old_len).map(|i| (Some(i), None)));
                out.extend((new_index..new_index + new_len).map(|j| (None, Some(j))));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::skeleton_only;

    fn aligned(en: &str, es: &str) -> Alignment {
        align(&skeleton_only(en, false).blocks, &skeleton_only(es, false).blocks)
    }

    #[test]
    fn identical_structures_pair_one_to_one() {
        assert_eq!(
            aligned("# A\n\nB\n\n- c\n", "# X\n\nY\n\n- z\n"),
            vec![(Some(0), Some(0)), (Some(1), Some(1)), (Some(2), Some(2))]
        );
    }

    #[test]
    fn one_missing_block_is_one_gap() {
        let en = "# A\n\nP1\n\n## B\n\n- x\n\n## C\n\nP2\n";
        let es = "# A\n\nP1\n\n## B\n\n## C\n\nP2\n";
        let gaps: Vec<_> = aligned(en, es).into_iter().filter(|(a, b)| a.is_none() || b.is_none()).collect();
        assert_eq!(gaps, vec![(Some(3), None)]);
    }
}
