//! Byte offsets to 1-based line numbers, built once per file.

/// Start offsets of every line of one text, so each lookup is a binary search.
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
    /// Lines as an editor counts them: a final newline does not start another line.
    lines: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        // Every file of a site passes here: newlines are found with memchr's vector loop, counted
        // first so the offsets fill one allocation of the right size.
        let newlines = || memchr::memchr_iter(b'\n', text.as_bytes());
        let mut line_starts = Vec::with_capacity(newlines().count() + 1);
        line_starts.push(0);
        line_starts.extend(newlines().map(|i| i + 1));
        // As `str::lines` counts them.
        let lines = (line_starts.len() - usize::from(text.ends_with('\n'))).max(1);
        LineIndex { line_starts, lines }
    }

    /// The 1-based line holding `offset`; offsets past the end give the last line.
    pub fn line_of(&self, offset: usize) -> usize {
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        };
        line.min(self.lines)
    }
}

#[cfg(test)]
mod tests {
    use super::LineIndex;

    #[test]
    fn lines_count_from_one() {
        let index = LineIndex::new("a\nbc\n\nd");
        assert_eq!(index.line_of(0), 1);
        assert_eq!(index.line_of(1), 1);
        assert_eq!(index.line_of(2), 2);
        assert_eq!(index.line_of(5), 3);
        assert_eq!(index.line_of(6), 4);
        assert_eq!(index.line_of(100), 4);
        // The end of a file that ends with a newline is on its last line, not one past it.
        assert_eq!(LineIndex::new("a\nb\n").line_of(4), 2);
    }

    proptest::proptest! {
        #[test]
        fn lines_are_counted_as_str_lines_counts_them(text in "[a\r\n\u{e9}]{0,40}") {
            let index = LineIndex::new(&text);
            proptest::prop_assert_eq!(index.lines, text.lines().count().max(1));
            let starts: Vec<usize> =
                std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
            proptest::prop_assert_eq!(&index.line_starts, &starts);
        }
    }
}
