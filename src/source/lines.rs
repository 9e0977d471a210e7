//! Byte offsets to lines and columns, the way people and editors count them.

/// Line starts of a text, for turning byte offsets into 1-based lines and character columns.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self { starts }
    }

    /// 0-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    /// Byte offset where 0-based `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(usize::MAX)
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// 1-based line and 1-based column in characters. A byte-order mark is not a character
    /// anyone sees, so it does not count; offsets inside a character round down to it.
    pub fn position(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = text.floor_char_boundary(offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.starts[line];
        let prefix = &text[start..offset];
        let column = prefix.chars().filter(|&c| c != '\u{feff}').count();
        (line + 1, column + 1)
    }

    /// The text of 0-based `line`, without its line ending.
    pub fn line_text<'a>(&self, text: &'a str, line: usize) -> &'a str {
        let start = self.line_start(line).min(text.len());
        let end = self.starts.get(line + 1).copied().unwrap_or(text.len());
        text[start..end].trim_end_matches(['\n', '\r'])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_not_bytes() {
        let t = "Привет\nзвоните +7 495";
        let ix = LineIndex::new(t);
        assert_eq!(ix.position(t, t.find('+').unwrap()), (2, 9));
        assert_eq!(ix.position(t, 0), (1, 1));
        assert_eq!(ix.line_text(t, 1), "звоните +7 495");
    }

    #[test]
    fn bom_and_crlf() {
        let t = "\u{feff}ab\r\ncd";
        let ix = LineIndex::new(t);
        assert_eq!(ix.position(t, t.find('b').unwrap()), (1, 2));
        assert_eq!(ix.position(t, t.find('d').unwrap()), (2, 2));
        assert_eq!(ix.line_text(t, 0), "\u{feff}ab");
    }
}
