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
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        let lines = text.lines().count().max(1);
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
}
