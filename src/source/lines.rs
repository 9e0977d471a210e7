//! Byte offsets to lines and columns, the way people and editors count them.
//!
//! Built once per file and asked once per finding, so every question is answered without
//! re-reading the file: a helpdesk export is often one line of megabytes with thousands of
//! findings, and counting a column from the start of its line for each of them was quadratic.

/// Line starts of a text, for turning byte offsets into 1-based lines and character columns.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// Characters (byte-order marks not counted) before byte `k * MARK_EVERY`, for every `k`:
    /// a column is the difference of two counts, each at most [`MARK_EVERY`] bytes from a mark.
    marks: Vec<usize>,
}

/// Bytes between two marks: memory is one `usize` per 1 KiB of text, and a column costs at most
/// twice this many bytes of counting.
const MARK_EVERY: usize = 1024;

/// The UTF-8 encoding of U+FEFF, which is not a character anyone sees.
const BOM: &[u8] = "\u{feff}".as_bytes();

/// Characters that start in `bytes[from..to]` (`to` a character boundary), byte-order marks
/// not counted.
fn count_chars(bytes: &[u8], from: usize, to: usize) -> usize {
    // Every byte that is not a continuation byte starts a character (a loop the compiler
    // vectorises); then the marks starting in the range, which may end past it, are taken off.
    let starts = bytes[from..to]
        .iter()
        .filter(|&&b| b & 0xC0 != 0x80)
        .count();
    if memchr::memchr(BOM[0], &bytes[from..to]).is_none() {
        return starts;
    }
    let reach = (to + BOM.len() - 1).min(bytes.len());
    let boms = memchr::memmem::find_iter(&bytes[from..reach], BOM)
        .filter(|&i| from + i < to)
        .count();
    starts - boms
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        let bytes = text.as_bytes();
        let mut marks = Vec::with_capacity(bytes.len() / MARK_EVERY + 1);
        let mut seen = 0;
        let mut at = 0;
        marks.push(0);
        while at + MARK_EVERY <= bytes.len() {
            // A mark may fall inside a character: the count covers the characters that *start*
            // before it, which is what a boundary at or after it needs.
            seen += count_chars(bytes, at, at + MARK_EVERY);
            at += MARK_EVERY;
            marks.push(seen);
        }
        Self { starts, marks }
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

    /// Characters before byte `offset` (a character boundary) in the whole text.
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        let k = (offset / MARK_EVERY).min(self.marks.len() - 1);
        self.marks[k] + count_chars(text.as_bytes(), k * MARK_EVERY, offset)
    }

    /// 1-based line and 1-based column in characters. A byte-order mark is not a character
    /// anyone sees, so it does not count; offsets inside a character round down to it.
    pub fn position(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = text.floor_char_boundary(offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.starts[line];
        // A short way into its line, counting from the line's start is the cheaper count.
        let column = if offset - start <= MARK_EVERY {
            count_chars(text.as_bytes(), start, offset)
        } else {
            self.chars_before(text, offset) - self.chars_before(text, start)
        };
        (line + 1, column + 1)
    }

    /// Byte offset where 0-based `line`'s content ends, before its line ending.
    pub fn line_end(&self, text: &str, line: usize) -> usize {
        let start = self.line_start(line).min(text.len());
        let end = self.starts.get(line + 1).copied().unwrap_or(text.len());
        start + text[start..end].trim_end_matches(['\n', '\r']).len()
    }

    /// The text of 0-based `line`, without its line ending.
    pub fn line_text<'a>(&self, text: &'a str, line: usize) -> &'a str {
        let start = self.line_start(line).min(text.len());
        &text[start..self.line_end(text, line)]
    }

    /// The text around `range` on its lines: at most `context` characters before and after it,
    /// never past the lines' own starts and ends. What a report quotes of a finding, so that a
    /// line of megabytes costs what its finding costs; `cut_before` / `cut_after` say whether
    /// the lines go on beyond the window (for an ellipsis).
    pub fn window<'a>(
        &self,
        text: &'a str,
        range: std::ops::Range<usize>,
        context: usize,
    ) -> Window<'a> {
        let start = text.floor_char_boundary(range.start.min(text.len()));
        let end = text.ceil_char_boundary(range.end.clamp(start, text.len()));
        let first = self.line_of(start);
        let last = self.line_of(end.saturating_sub(1).max(start));
        let line_start = self.line_start(first).min(text.len());
        let line_end = self.line_end(text, last).max(end);
        let from = back_chars(text, start, context).max(line_start);
        let to = forward_chars(text, end, context).min(line_end);
        Window {
            text: &text[from..to],
            start: from,
            cut_before: from > line_start,
            cut_after: to < line_end,
        }
    }
}

/// A stretch of a text's lines, cut from a longer line or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window<'a> {
    pub text: &'a str,
    /// Byte offset of `text` in the whole text.
    pub start: usize,
    pub cut_before: bool,
    pub cut_after: bool,
}

impl Window<'_> {
    /// The window as it is quoted: `…` where the line goes on.
    pub fn quoted(&self) -> String {
        let mut s = String::with_capacity(self.text.len() + 6);
        if self.cut_before {
            s.push('…');
        }
        s.push_str(self.text);
        if self.cut_after {
            s.push('…');
        }
        s
    }
}

/// The boundary `n` characters before `at` (or the start).
fn back_chars(text: &str, at: usize, n: usize) -> usize {
    if n == 0 {
        return at;
    }
    text[..at]
        .char_indices()
        .rev()
        .nth(n - 1)
        .map_or(0, |(i, _)| i)
}

/// The boundary `n` characters after `at` (or the end).
fn forward_chars(text: &str, at: usize, n: usize) -> usize {
    text[at..]
        .char_indices()
        .nth(n)
        .map_or(text.len(), |(i, _)| at + i)
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

    /// The marks give the same columns as counting from the line start, on long lines of
    /// multi-byte text, across mark boundaries that fall inside characters, and after a BOM.
    #[test]
    fn marks_agree_with_counting() {
        let line: String = (0..3000)
            .map(|i| ["ж", "a", "👍", "\u{feff}", " "][i % 5])
            .collect();
        let t = format!("\u{feff}{line}\n{line}\nend");
        let ix = LineIndex::new(&t);
        for (offset, _) in t.char_indices().step_by(7).chain([(t.len(), ' ')]) {
            let line_start = t[..offset].rfind('\n').map_or(0, |i| i + 1);
            let expected = t[line_start..offset]
                .chars()
                .filter(|&c| c != '\u{feff}')
                .count()
                + 1;
            assert_eq!(ix.position(&t, offset).1, expected, "offset {offset}");
        }
    }

    #[test]
    fn windows_cut_long_lines_only() {
        let t = "short line with +7 here\nnext";
        let ix = LineIndex::new(t);
        let at = t.find('+').unwrap();
        let w = ix.window(t, at..at + 2, 80);
        assert_eq!(w.quoted(), "short line with +7 here");
        let long = format!("{}+7{}", "ж".repeat(500), "z".repeat(500));
        let ix = LineIndex::new(&long);
        let at = long.find('+').unwrap();
        let w = ix.window(&long, at..at + 2, 10);
        assert_eq!(
            w.quoted(),
            format!("…{}+7{}…", "ж".repeat(10), "z".repeat(10))
        );
        assert_eq!(w.start, at - 20);
        // At the very start and end of a text.
        let w = ix.window(&long, 0..0, 3);
        assert_eq!(w.quoted(), "жжж…");
        let w = ix.window(&long, long.len()..long.len(), 3);
        assert_eq!(w.quoted(), "…zzz");
    }
}
