//! The text a check reads, and the way back to the file's bytes.
//!
//! A template file is not always the text a customer reads: a JSON export escapes it, HTML wraps
//! it in markup and entities, Liquid and Markdown mix in code and comments. A [`Segment`] is one
//! stretch of customer-facing text as decoded (escapes resolved, markup and code blanked), with a
//! map from every decoded byte back to the bytes of the file, and the escaping a replacement must
//! get to be written back (so a fix inside a JSON string stays valid JSON).

use std::ops::Range;

use crate::finding::ByteRange;

/// How text inside a segment is escaped in the file, innermost first: an HTML body inside a
/// JSON string is `[Html, Json]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Escape {
    /// A JSON string literal.
    Json,
    /// HTML text.
    Html,
    /// An HTML attribute value in double quotes.
    HtmlAttribute,
    /// A YAML double-quoted scalar.
    YamlDouble,
    /// A YAML single-quoted scalar.
    YamlSingle,
}

impl Escape {
    fn apply(self, s: &str) -> String {
        match self {
            Escape::Json | Escape::YamlDouble => {
                let quoted = serde_json::to_string(s).expect("a string always serialises");
                quoted[1..quoted.len() - 1].to_string()
            }
            Escape::Html => s
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;"),
            Escape::HtmlAttribute => s
                .replace('&', "&amp;")
                .replace('"', "&quot;")
                .replace('<', "&lt;")
                .replace('>', "&gt;"),
            Escape::YamlSingle => s.replace('\'', "''"),
        }
    }
}

/// A run of decoded text and where it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Piece {
    /// Start in the decoded text.
    text: usize,
    /// Start in the file.
    file: usize,
    text_len: usize,
    file_len: usize,
    /// Byte for byte the same as the file (so offsets inside it map one to one).
    exact: bool,
}

/// One stretch of checkable text.
#[derive(Debug, Clone, Default)]
pub struct Segment {
    pub text: String,
    pieces: Vec<Piece>,
    pub escapes: Vec<Escape>,
    /// The macro (index into `Document::units`) this text belongs to, if the file has several.
    pub unit: Option<usize>,
    /// When this segment was read out of another decoded text (HTML inside a JSON string), the
    /// segment that text is: offsets map through it to the file.
    pub parent: Option<Box<Segment>>,
}

impl Segment {
    /// A segment that is the file's own bytes from `start` on (plain text formats).
    pub fn verbatim(text: &str, start: usize) -> Segment {
        let mut b = SegmentBuilder::default();
        b.same(text, start..text.len());
        b.finish(Vec::new(), None)
    }

    /// The file bytes a decoded range stands for. A range that starts or ends inside an escape
    /// (`&nbsp;`, `\u00a0`) widens to the whole escape.
    pub fn to_file(&self, r: ByteRange) -> ByteRange {
        let own = self.own_range(r);
        match &self.parent {
            Some(p) => p.to_file(own),
            None => own,
        }
    }

    /// `r` mapped through this segment's own pieces (into its parent's text, or the file).
    fn own_range(&self, r: ByteRange) -> ByteRange {
        if self.pieces.is_empty() {
            return r;
        }
        let start = self.map_offset(r.start, false);
        let end = if r.end > r.start {
            self.map_offset(r.end, true)
        } else {
            start
        };
        ByteRange::new(start, end.max(start))
    }

    fn map_offset(&self, offset: usize, is_end: bool) -> usize {
        // The piece holding `offset` (for an end offset: the piece holding the byte before it).
        let probe = if is_end {
            offset.saturating_sub(1)
        } else {
            offset
        };
        let i = self
            .pieces
            .partition_point(|p| p.text + p.text_len <= probe)
            .min(self.pieces.len() - 1);
        let p = self.pieces[i];
        if p.exact {
            p.file + (offset.clamp(p.text, p.text + p.text_len) - p.text).min(p.file_len)
        } else if is_end && offset > p.text {
            p.file + p.file_len
        } else {
            p.file
        }
    }

    /// Whether `r` starts and ends where decoded and file bytes line up (inside copied text, or
    /// at the edge of an escape), here and in every parent. Only such a range can be replaced
    /// in the file without taking neighbouring text with it: an edit that starts or ends inside
    /// `&nbsp;`, or inside a value decoded as one piece, cannot.
    pub fn maps_exactly(&self, r: ByteRange) -> bool {
        // Pieces follow each other in the decoded text, so the one holding an offset is found
        // by binary search (HTML with tens of thousands of fixes used to scan every piece for
        // each of them).
        let inside_coarse = |offset: usize| {
            let i = self
                .pieces
                .partition_point(|p| p.text + p.text_len <= offset);
            self.pieces
                .get(i)
                .is_some_and(|p| !p.exact && offset > p.text)
        };
        if inside_coarse(r.start) || inside_coarse(r.end) {
            return false;
        }
        match &self.parent {
            Some(parent) => parent.maps_exactly(self.own_range(r)),
            None => true,
        }
    }

    /// `replacement` escaped the way this segment's text is escaped in the file.
    pub fn encode(&self, replacement: &str) -> String {
        let own = self
            .escapes
            .iter()
            .fold(replacement.to_string(), |s, e| e.apply(&s));
        match &self.parent {
            Some(p) => p.encode(&own),
            None => own,
        }
    }

    /// Whether decoded byte `offset` is the file's own byte (not blanked, not decoded).
    pub fn is_exact_at(&self, offset: usize) -> bool {
        let i = self
            .pieces
            .partition_point(|p| p.text + p.text_len <= offset);
        let Some(p) = self.pieces.get(i).filter(|p| p.exact) else {
            return false;
        };
        match &self.parent {
            Some(parent) => parent.is_exact_at(p.file + (offset - p.text)),
            None => true,
        }
    }
}

/// Builds a segment piece by piece, in file order.
#[derive(Debug, Default)]
pub struct SegmentBuilder {
    text: String,
    pieces: Vec<Piece>,
}

impl SegmentBuilder {
    fn push(&mut self, file: usize, file_len: usize, decoded: &str, exact: bool) {
        if decoded.is_empty() && file_len == 0 {
            return;
        }
        let text = self.text.len();
        self.text.push_str(decoded);
        if let Some(last) = self.pieces.last_mut()
            && exact
            && last.exact
            && last.text + last.text_len == text
            && last.file + last.file_len == file
        {
            last.text_len += decoded.len();
            last.file_len += file_len;
            return;
        }
        self.pieces.push(Piece {
            text,
            file,
            text_len: decoded.len(),
            file_len,
            exact,
        });
    }

    /// The file's bytes in `range`, unchanged.
    pub fn same(&mut self, file_text: &str, range: Range<usize>) {
        let s = &file_text[range.clone()];
        self.push(range.start, s.len(), s, true);
    }

    /// `decoded` stands for the file bytes in `range` (an escape, an entity, a whole value).
    pub fn decoded(&mut self, range: Range<usize>, decoded: &str) {
        if decoded.len() == range.len() && decoded.is_empty() {
            return;
        }
        self.push(range.start, range.len(), decoded, false);
    }

    /// The file bytes in `range` are not customer text (markup, code, a comment): they become
    /// spaces, line breaks kept, so offsets, lines and sentences stay where they were.
    pub fn blank(&mut self, file_text: &str, range: Range<usize>) {
        let blanked: String = file_text[range.clone()]
            .chars()
            .flat_map(|c| {
                let n = c.len_utf8();
                let fill = if c == '\n' || c == '\r' { c } else { ' ' };
                std::iter::repeat_n(fill, if fill == ' ' { n } else { 1 })
            })
            .collect();
        self.push(range.start, range.len(), &blanked, true);
    }

    /// A separator that stands for nothing in the file (between two JSON strings of one macro).
    pub fn separator(&mut self, at: usize, s: &str) {
        self.push(at, 0, s, false);
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    pub fn finish(self, escapes: Vec<Escape>, unit: Option<usize>) -> Segment {
        Segment {
            text: self.text,
            pieces: self.pieces,
            escapes,
            unit,
            parent: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_pieces_map_one_to_one_and_escapes_widen() {
        // File: `"a\u00a0b&amp;c"`; decoded: `a\u{a0}b&c`.
        let file = r#""a\u00a0b&amp;c""#;
        let mut b = SegmentBuilder::default();
        b.same(file, 1..2);
        b.decoded(2..8, "\u{a0}");
        b.same(file, 8..9);
        b.decoded(9..14, "&");
        b.same(file, 14..15);
        let s = b.finish(vec![Escape::Html, Escape::Json], None);
        assert_eq!(s.text, "a\u{a0}b&c");
        let r = |a, b| s.to_file(ByteRange::new(a, b));
        assert_eq!(r(0, 1), ByteRange::new(1, 2));
        assert_eq!(
            r(1, 3),
            ByteRange::new(2, 8),
            "the decoded nbsp covers the whole escape"
        );
        assert_eq!(r(3, 4), ByteRange::new(8, 9));
        assert_eq!(r(0, s.text.len()), ByteRange::new(1, 15));
    }

    #[test]
    fn edits_inside_a_coarse_piece_do_not_map_exactly() {
        let file = "ab&nbsp;cd";
        let mut b = SegmentBuilder::default();
        b.same(file, 0..2);
        b.decoded(2..8, "\u{a0}");
        b.same(file, 8..10);
        let s = b.finish(vec![], None);
        assert!(s.maps_exactly(ByteRange::new(0, s.text.len())));
        assert!(s.maps_exactly(ByteRange::new(2, 4)), "the whole escape");
        let mut b = SegmentBuilder::default();
        b.decoded(0..10, "whole value");
        let coarse = b.finish(vec![], None);
        assert!(!coarse.maps_exactly(ByteRange::new(2, 5)));
        assert!(coarse.maps_exactly(ByteRange::new(0, 11)));
    }

    #[test]
    fn blanking_keeps_offsets_and_lines() {
        let file = "ab <b>жж</b>\ncd";
        let mut b = SegmentBuilder::default();
        b.same(file, 0..3);
        b.blank(file, 3..6);
        b.same(file, 6..10);
        b.blank(file, 10..14);
        b.same(file, 14..file.len());
        let s = b.finish(vec![], None);
        assert_eq!(s.text.len(), file.len());
        assert_eq!(s.text, "ab    жж    \ncd");
        assert_eq!(s.to_file(ByteRange::new(15, 17)), ByteRange::new(15, 17));
    }

    #[test]
    fn replacements_are_escaped_for_their_container() {
        let s = SegmentBuilder::default().finish(vec![Escape::Html, Escape::Json], None);
        assert_eq!(s.encode("a\"b<c>&\n"), r#"a\"b&lt;c&gt;&amp;\n"#);
        let s = SegmentBuilder::default().finish(vec![Escape::YamlSingle], None);
        assert_eq!(s.encode("it's"), "it''s");
    }
}
