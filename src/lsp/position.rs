//! Positions the way the editor counts them.
//!
//! The core speaks byte offsets; LSP speaks (line, character) where a character is a UTF-16 or a
//! UTF-8 code unit, as negotiated, and a line ends at `\n`, `\r\n` or `\r`. Everything that
//! crosses that border goes through this module, and out-of-range positions are clamped here so
//! no handler ever slices a string at a bad index.

use ropey::Rope;
use tower_lsp_server::ls_types::{Position, PositionEncodingKind, Range};

use crate::ByteRange;

/// The unit `Position::character` counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    Utf8,
    /// The LSP default, which every client understands.
    #[default]
    Utf16,
}

impl Encoding {
    /// UTF-8 when the client offers it (no transcoding on either side), else UTF-16.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Self {
        match offered {
            Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }

    pub const fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf16 => "utf-16",
        }
    }

    /// How many units `c` takes.
    fn width(self, c: char) -> u32 {
        match self {
            Encoding::Utf8 => c.len_utf8() as u32,
            Encoding::Utf16 => c.len_utf16() as u32,
        }
    }

    /// Units in `s`.
    pub fn len(self, s: &str) -> u32 {
        match self {
            Encoding::Utf8 => s.len() as u32,
            Encoding::Utf16 => s.encode_utf16().count() as u32,
        }
    }
}

/// Line starts of a text snapshot, with LSP's three line ends.
#[derive(Debug, Clone)]
pub struct LineMap {
    starts: Vec<usize>,
    len: usize,
    /// Every [`MARK_EVERY`] bytes: a byte offset and its UTF-16 column, so converting a position
    /// on a very long line (minified HTML, a JSON export) never re-counts the line from its start.
    marks: Vec<Mark>,
}

#[derive(Debug, Clone, Copy)]
struct Mark {
    byte: usize,
    utf16: u32,
}

const MARK_EVERY: usize = 4096;

impl LineMap {
    pub fn new(text: &str) -> Self {
        Self::with_marks(text, MARK_EVERY)
    }

    fn with_marks(text: &str, every: usize) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut marks = Vec::new();
        let mut column = 0u32;
        let mut next_mark = every;
        for (i, c) in text.char_indices() {
            if i >= next_mark {
                marks.push(Mark {
                    byte: i,
                    utf16: column,
                });
                next_mark = i + every;
            }
            match c {
                '\n' => {
                    starts.push(i + 1);
                    column = 0;
                }
                '\r' if bytes.get(i + 1) != Some(&b'\n') => {
                    starts.push(i + 1);
                    column = 0;
                }
                c => column += c.len_utf16() as u32,
            }
        }
        Self {
            starts,
            len: text.len(),
            marks,
        }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Byte where 0-based `line` starts (the end of the text past the last line).
    pub fn line_start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(self.len)
    }

    /// Byte where `line`'s content ends, before its line break.
    pub fn line_end(&self, text: &str, line: usize) -> usize {
        let start = self.line_start(line);
        let next = self.starts.get(line + 1).copied().unwrap_or(self.len);
        let content = text[start..next].trim_end_matches(['\n', '\r']);
        // A line's content never holds a break, so trimming only removes its own line end.
        start + content.len()
    }

    /// The line break at the end of `line` (empty for the last line).
    pub fn line_break<'t>(&self, text: &'t str, line: usize) -> &'t str {
        let end = self.line_end(text, line);
        let next = self.starts.get(line + 1).copied().unwrap_or(self.len);
        &text[end..next]
    }

    /// 0-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    /// The editor position of byte `offset` (clamped to the text, rounded down to a character).
    pub fn position(&self, text: &str, offset: usize, enc: Encoding) -> Position {
        let offset = text.floor_char_boundary(offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.starts[line];
        let (from, base) = match enc {
            Encoding::Utf8 => (start, 0),
            Encoding::Utf16 => {
                let i = self.marks.partition_point(|m| m.byte <= offset);
                match i.checked_sub(1).map(|i| self.marks[i]) {
                    Some(m) if m.byte >= start => (m.byte, m.utf16),
                    _ => (start, 0),
                }
            }
        };
        Position::new(line as u32, base + enc.len(&text[from..offset]))
    }

    pub fn range(&self, text: &str, range: ByteRange, enc: Encoding) -> Range {
        Range::new(
            self.position(text, range.start, enc),
            self.position(text, range.end, enc),
        )
    }

    /// The byte offset of an editor position. A line past the end clamps to the end of the text,
    /// a character past the end of its line to the line's end, and a character inside a
    /// multi-unit character (half a surrogate pair) to that character's start.
    pub fn offset(&self, text: &str, pos: Position, enc: Encoding) -> usize {
        let line = pos.line as usize;
        if line >= self.starts.len() {
            return self.len;
        }
        let start = self.starts[line];
        let end = self.line_end(text, line);
        start + prefix_bytes(&text[start..end], pos.character, enc)
    }

    pub fn byte_range(&self, text: &str, range: Range, enc: Encoding) -> ByteRange {
        let a = self.offset(text, range.start, enc);
        let b = self.offset(text, range.end, enc);
        ByteRange::new(a.min(b), a.max(b))
    }
}

/// Bytes of the longest prefix of `line` that fits in `units` code units.
fn prefix_bytes(line: &str, units: u32, enc: Encoding) -> usize {
    if enc == Encoding::Utf8 {
        return line.floor_char_boundary((units as usize).min(line.len()));
    }
    let mut seen = 0;
    for (i, c) in line.char_indices() {
        let w = enc.width(c);
        if seen + w > units {
            return i;
        }
        seen += w;
    }
    line.len()
}

/// The char index in `rope` of an editor position, clamped like [`LineMap::offset`].
pub fn rope_char(rope: &Rope, pos: Position, enc: Encoding) -> usize {
    let line = pos.line as usize;
    if line >= rope.len_lines() {
        return rope.len_chars();
    }
    let mut idx = rope.line_to_char(line);
    let mut seen = 0;
    for c in rope.line(line).chars() {
        if c == '\n' || c == '\r' {
            break;
        }
        let w = enc.width(c);
        if seen + w > pos.character {
            break;
        }
        seen += w;
        idx += 1;
    }
    idx
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const LINE: &str = "👍🏽 Звоните 8 (800)234−70−70 — ok\r\nвторая\rтретья\n";

    #[test]
    fn emoji_cyrillic_and_crlf_in_both_encodings() {
        let map = LineMap::new(LINE);
        assert_eq!(map.line_count(), 4);
        let eight = LINE.find("8 (").unwrap();
        // 👍 and 🏽 are two UTF-16 units and four bytes each; "Звоните" is 7 units, 14 bytes.
        assert_eq!(
            map.position(LINE, eight, Encoding::Utf16),
            Position::new(0, 2 + 2 + 1 + 7 + 1)
        );
        assert_eq!(
            map.position(LINE, eight, Encoding::Utf8),
            Position::new(0, 4 + 4 + 1 + 14 + 1)
        );
        let second = LINE.find("вторая").unwrap();
        assert_eq!(
            map.position(LINE, second, Encoding::Utf16),
            Position::new(1, 0)
        );
        assert_eq!(map.line_break(LINE, 0), "\r\n");
        assert_eq!(map.line_break(LINE, 1), "\r");
        let third = LINE.find("третья").unwrap();
        assert_eq!(
            map.offset(LINE, Position::new(2, 0), Encoding::Utf16),
            third
        );
    }

    #[test]
    fn clamps_out_of_range_and_half_characters() {
        let map = LineMap::new(LINE);
        assert_eq!(
            map.offset(LINE, Position::new(99, 0), Encoding::Utf16),
            LINE.len()
        );
        let end0 = LINE.find("\r\n").unwrap();
        assert_eq!(
            map.offset(LINE, Position::new(0, 9999), Encoding::Utf16),
            end0
        );
        // Inside the surrogate pair of 👍: back to its start.
        assert_eq!(map.offset(LINE, Position::new(0, 1), Encoding::Utf16), 0);
        // Inside its four UTF-8 bytes.
        assert_eq!(map.offset(LINE, Position::new(0, 3), Encoding::Utf8), 0);
        assert_eq!(map.position(LINE, 2, Encoding::Utf8), Position::new(0, 0));
    }

    #[test]
    fn negotiation_prefers_utf8_only_when_offered() {
        let both = [PositionEncodingKind::UTF16, PositionEncodingKind::UTF8];
        assert_eq!(Encoding::negotiate(Some(&both)), Encoding::Utf8);
        assert_eq!(
            Encoding::negotiate(Some(&[PositionEncodingKind::UTF32])),
            Encoding::Utf16
        );
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
    }

    proptest! {
        /// Positions through the marks of long lines equal counting from the line start.
        #[test]
        fn marks_do_not_change_positions(
            text in "([a-zя👍🏽 ]|\r\n|\r|\n){0,60}",
            offset in 0usize..200,
        ) {
            let marked = LineMap::with_marks(&text, 3);
            let plain = LineMap::with_marks(&text, usize::MAX);
            for enc in [Encoding::Utf16, Encoding::Utf8] {
                prop_assert_eq!(
                    marked.position(&text, offset, enc),
                    plain.position(&text, offset, enc)
                );
            }
        }

        /// The rope (edits) and the line map (findings) agree on every position.
        #[test]
        fn rope_and_line_map_agree(
            text in "([a-zя👍🏽\u{2212} ]|\r\n|\r|\n){0,40}",
            line in 0u32..8,
            character in 0u32..30,
            utf8 in any::<bool>(),
        ) {
            let enc = if utf8 { Encoding::Utf8 } else { Encoding::Utf16 };
            let rope = Rope::from_str(&text);
            let map = LineMap::new(&text);
            prop_assert_eq!(rope.len_lines(), map.line_count());
            let pos = Position::new(line, character);
            let from_rope = rope.char_to_byte(rope_char(&rope, pos, enc));
            prop_assert_eq!(from_rope, map.offset(&text, pos, enc));
            // And a position made from an offset leads back to it.
            let back = map.position(&text, from_rope, enc);
            prop_assert_eq!(map.offset(&text, back, enc), from_rope);
        }
    }
}
