//! Byte offsets are what the checker computes with; people read lines and columns. Columns are
//! 1-based and counted in characters, as editors show them.

use ruff_source_file::{LineIndex, OneIndexed};
use ruff_text_size::TextSize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineColumn {
    /// 1-based line.
    pub line: usize,
    /// 1-based column in characters.
    pub column: usize,
}

/// Maps byte offsets of one source text to line/column positions.
pub struct SourcePositions<'a> {
    source: &'a str,
    index: LineIndex,
}

impl<'a> SourcePositions<'a> {
    pub fn new(source: &'a str) -> Self {
        SourcePositions {
            source,
            index: LineIndex::from_source_text(source),
        }
    }

    pub fn source(&self) -> &'a str {
        self.source
    }

    pub fn line_column(&self, offset: TextSize) -> LineColumn {
        let offset = offset.min(TextSize::try_from(self.source.len()).unwrap_or(TextSize::new(u32::MAX)));
        let lc = self.index.line_column(offset, self.source);
        LineColumn {
            line: lc.line.get(),
            column: lc.column.get(),
        }
    }

    /// The text of a 1-based line, without its line terminator.
    pub fn line_text(&self, line: usize) -> &'a str {
        let Some(line) = OneIndexed::new(line) else {
            return "";
        };
        if line.get() > self.index.line_count() {
            return "";
        }
        let range = self.index.line_range(line, self.source);
        self.source[range].trim_end_matches(['\n', '\r'])
    }

    pub fn line_count(&self) -> usize {
        self.index.line_count()
    }

    pub fn line_start(&self, line: usize) -> TextSize {
        match OneIndexed::new(line) {
            Some(line) if line.get() <= self.index.line_count() => self.index.line_start(line, self.source),
            _ => TextSize::try_from(self.source.len()).unwrap_or_default(),
        }
    }
}
