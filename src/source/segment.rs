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
    /// An HTML attribute value in single quotes.
    HtmlAttributeSingle,
    /// An HTML attribute value without quotes.
    HtmlAttributeUnquoted,
    /// A YAML double-quoted scalar.
    YamlDouble,
    /// A YAML single-quoted scalar.
    YamlSingle,
    /// A YAML plain scalar in block context (`content: Звоните ...`).
    YamlPlain,
    /// A YAML plain scalar inside a flow collection (`value: [channel:all, Звоните ...]`).
    YamlFlowPlain,
    /// A YAML literal (`|`) or folded (`>`) block scalar.
    YamlBlock,
}

/// What surrounds a replacement in the decoded text of its container: a plain YAML scalar
/// reads `: ` and ` #` differently depending on the characters next to them.
#[derive(Debug, Clone, Copy, Default)]
struct Around {
    before: Option<char>,
    after: Option<char>,
}

/// Characters a YAML plain scalar may not start with (they are indicators there).
const YAML_INDICATORS: &[char] = &[
    '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`',
];
/// Characters that end a plain scalar inside a flow collection.
const YAML_FLOW_INDICATORS: &[char] = &[',', '[', ']', '{', '}'];

/// Every character as a numeric character reference: what an unquoted attribute value needs
/// for characters that would end it.
fn char_ref(c: char) -> String {
    format!("&#{};", c as u32)
}

impl Escape {
    /// `s` written for this container, or `None` if the container cannot hold it here (a YAML
    /// plain scalar has no escapes, so `a: b` or ` #` would change what the file says).
    fn encode(self, s: &str, around: Around) -> Option<String> {
        Some(match self {
            Escape::Json | Escape::YamlDouble => {
                let quoted = serde_json::to_string(s).expect("a string always serialises");
                quoted[1..quoted.len() - 1].to_string()
            }
            Escape::Html => html_escape(s, &[]),
            Escape::HtmlAttribute => html_escape(s, &['"']),
            Escape::HtmlAttributeSingle => html_escape(s, &['\'']),
            // Unquoted, a value ends at white space or a quote: those are written as references.
            Escape::HtmlAttributeUnquoted => html_escape_with(s, &[], |c| {
                c.is_whitespace() || matches!(c, '"' | '\'' | '=' | '`')
            }),
            Escape::YamlSingle => {
                if s.contains(['\n', '\r']) {
                    return None;
                }
                s.replace('\'', "''")
            }
            Escape::YamlBlock => {
                if s.contains(['\n', '\r']) {
                    return None;
                }
                s.to_string()
            }
            Escape::YamlPlain | Escape::YamlFlowPlain => {
                let flow = self == Escape::YamlFlowPlain;
                yaml_plain_holds(s, around, flow).then(|| s.to_string())?
            }
        })
    }
}

/// `&`, `<`, `>` and the given quotes as character references.
fn html_escape(s: &str, quotes: &[char]) -> String {
    html_escape_with(s, quotes, |_| false)
}

/// As [`html_escape`], and every other character `numeric` picks as a numeric reference.
fn html_escape_with(s: &str, quotes: &[char], numeric: impl Fn(char) -> bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if quotes.contains(&c) => out.push_str("&quot;"),
            '\'' if quotes.contains(&c) => out.push_str("&#39;"),
            c if numeric(c) => out.push_str(&char_ref(c)),
            c => out.push(c),
        }
    }
    out
}

/// Whether `s`, put between `around.before` and `around.after` inside a plain YAML scalar,
/// still reads as itself there: no line break, no `: ` or ` #` that it makes (with its
/// neighbours or alone), no flow indicator inside a flow collection, and at the scalar's edges
/// no indicator first and no white space that would be trimmed.
fn yaml_plain_holds(s: &str, around: Around, flow: bool) -> bool {
    if s.contains(['\n', '\r']) || (flow && s.contains(YAML_FLOW_INDICATORS)) {
        return false;
    }
    let chars: Vec<char> = around
        .before
        .into_iter()
        .chain(s.chars())
        .chain(around.after)
        .collect();
    let lo = usize::from(around.before.is_some());
    let hi = lo + s.chars().count();
    // A pair of characters is new if the replacement is in it, or if an empty replacement
    // brings its neighbours together.
    let joined = lo == hi && around.before.is_some() && around.after.is_some();
    let new_pair =
        |i: usize| (lo..hi).contains(&i) || (lo..hi).contains(&(i + 1)) || (joined && i + 1 == lo);
    let blank = |c: Option<&char>| c.is_none_or(|&c| c == ' ' || c == '\t');
    for (i, &c) in chars.iter().enumerate() {
        let made = match c {
            ':' => {
                let next = chars.get(i + 1);
                let ends =
                    blank(next) || (flow && next.is_some_and(|n| YAML_FLOW_INDICATORS.contains(n)));
                ends && new_pair(i)
            }
            '#' => {
                let prev = i.checked_sub(1).map(|j| &chars[j]);
                blank(prev) && (i == 0 && lo == 0 || i.checked_sub(1).is_some_and(new_pair))
            }
            // saphyr reads `-` or `?` before the end of a flow scalar (a flow indicator comes
            // next) as the start of another one.
            '-' | '?' if flow => {
                let next = chars.get(i + 1);
                next.is_none_or(|n| YAML_FLOW_INDICATORS.contains(n)) && new_pair(i)
            }
            _ => false,
        };
        if made {
            return false;
        }
    }
    // The scalar's first and last characters, where the replacement makes them.
    let first = around
        .before
        .is_none()
        .then(|| s.chars().next().or(around.after))
        .flatten();
    let last = around
        .after
        .is_none()
        .then(|| s.chars().last().or(around.before))
        .flatten();
    let first_bad = first.is_some_and(|c| YAML_INDICATORS.contains(&c) || c == ' ' || c == '\t');
    let last_bad = last.is_some_and(|c| c == ' ' || c == '\t');
    !first_bad && !last_bad
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

/// A stretch of decoded text in a container of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Zone {
    text: Range<usize>,
    escape: Escape,
}

/// One stretch of checkable text.
#[derive(Debug, Clone, Default)]
pub struct Segment {
    pub text: String,
    pieces: Vec<Piece>,
    pub escapes: Vec<Escape>,
    /// Stretches of the text in another container than the rest (HTML attribute values in a
    /// body of HTML text), in order: their escape replaces the innermost of `escapes`.
    zones: Vec<Zone>,
    /// The macro (index into `Document::units`) this text belongs to, if the file has several.
    pub unit: Option<usize>,
    /// When this segment was read out of another decoded text (HTML inside a JSON string), the
    /// segment that text is: offsets map through it to the file.
    pub parent: Option<Box<Segment>>,
    /// The segments of one unit with the same twin group hold the same reply (as text and as
    /// HTML): a mistake in both is one finding whose fix edits both.
    pub twin: Option<u32>,
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

    /// `replacement` escaped the way this segment's text is escaped in the file, without
    /// knowing where it goes. Prefer [`Segment::write_back`], which knows the exact container
    /// (an HTML attribute, a YAML plain scalar) and refuses what it cannot hold; this one
    /// returns the replacement as is where its container has no escape for it.
    pub fn encode(&self, replacement: &str) -> String {
        let own = self
            .escapes
            .iter()
            .fold(replacement.to_string(), |s, e| match e {
                // Text or an attribute in either quotes: safe in all of them.
                Escape::Html => html_escape(&s, &['"', '\'']),
                e => e.encode(&s, Around::default()).unwrap_or(s),
            });
        match &self.parent {
            Some(p) => p.encode(&own),
            None => own,
        }
    }

    /// `replacement` for decoded `range`, escaped for the exact container it lands in (an
    /// attribute value in its quotes, a YAML plain scalar next to its neighbours, every
    /// enclosing string), or `None` when that container cannot hold it.
    pub fn encode_at(&self, range: ByteRange, replacement: &str) -> Option<String> {
        let mut escapes = self.escapes.clone();
        let i = self.zones.partition_point(|z| z.text.end <= range.start);
        match self.zones.get(i) {
            Some(z) if z.text.start <= range.start && range.end <= z.text.end => {
                match escapes.first_mut() {
                    Some(e) => *e = z.escape,
                    None => escapes.push(z.escape),
                }
            }
            // An edit that runs from one container into another crosses markup.
            Some(z) if z.text.start < range.end => return None,
            _ => {}
        }
        let around = Around {
            before: self
                .text
                .get(..range.start)
                .and_then(|t| t.chars().next_back()),
            after: self.text.get(range.end..).and_then(|t| t.chars().next()),
        };
        let mut own = replacement.to_string();
        for (k, e) in escapes.iter().enumerate() {
            let at = if k == 0 { around } else { Around::default() };
            own = e.encode(&own, at)?;
        }
        match &self.parent {
            Some(p) => p.encode_at(self.own_range(range), &own),
            None => Some(own),
        }
    }

    /// Turns `edit` (a decoded range and the text to put there) into the edit of the file's
    /// bytes, escaped for its container; `false` when it cannot be written back exactly (it
    /// starts or ends inside an escape, or its container cannot hold the text), and then the
    /// fix must not be offered.
    pub fn write_back(&self, edit: &mut crate::finding::Edit) -> bool {
        if !self.maps_exactly(edit.range) {
            return false;
        }
        let Some(replacement) = self.encode_at(edit.range, &edit.replacement) else {
            return false;
        };
        edit.range = self.to_file(edit.range);
        edit.replacement = replacement;
        true
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
    zones: Vec<Zone>,
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

    /// Bytes of decoded text so far.
    pub fn len(&self) -> usize {
        self.text.len()
    }

    /// The decoded text from `from` to here is in a container of its own (an attribute value).
    pub fn zone(&mut self, from: usize, escape: Escape) {
        if from < self.text.len() {
            self.zones.push(Zone {
                text: from..self.text.len(),
                escape,
            });
        }
    }

    pub fn finish(self, escapes: Vec<Escape>, unit: Option<usize>) -> Segment {
        Segment {
            text: self.text,
            pieces: self.pieces,
            escapes,
            zones: self.zones,
            unit,
            parent: None,
            twin: None,
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
        // Without knowing where it goes, HTML is escaped for text and both quotes.
        let s = SegmentBuilder::default().finish(vec![Escape::Html, Escape::Json], None);
        assert_eq!(s.encode("a\"b<c>&\n"), r#"a&quot;b&lt;c&gt;&amp;\n"#);
        let s = SegmentBuilder::default().finish(vec![Escape::YamlSingle], None);
        assert_eq!(s.encode("it's"), "it''s");
        // Knowing it: text keeps its quotes; each attribute escapes its own.
        let html = r#"<p>a "b" <a href="x" title='y' alt=z>c</a></p>"#;
        let mut b = SegmentBuilder::default();
        crate::source::html::read(html, 0..html.len(), false, &mut b);
        let s = b.finish(vec![Escape::Html], None);
        let at = |needle: &str| {
            let i = s.text.find(needle).unwrap();
            ByteRange::new(i, i + needle.len())
        };
        let q = "it's \"1 & 2\"";
        assert_eq!(s.encode_at(at("b"), q).unwrap(), "it's \"1 &amp; 2\"");
        assert_eq!(
            s.encode_at(at("x"), q).unwrap(),
            "it's &quot;1 &amp; 2&quot;"
        );
        assert_eq!(s.encode_at(at("y"), q).unwrap(), "it&#39;s \"1 &amp; 2\"");
        assert_eq!(
            s.encode_at(at("z"), q).unwrap(),
            "it&#39;s&#32;&#34;1&#32;&amp;&#32;2&#34;"
        );
    }

    #[test]
    fn plain_yaml_refuses_what_it_cannot_hold() {
        let mut b = SegmentBuilder::default();
        b.same("Звоните x сегодня", 0.."Звоните x сегодня".len());
        let s = b.finish(vec![Escape::YamlPlain], None);
        let x = {
            let i = s.text.find('x').unwrap();
            ByteRange::new(i, i + 1)
        };
        assert_eq!(
            s.encode_at(x, "+7 495 232-10-00").as_deref(),
            Some("+7 495 232-10-00")
        );
        assert_eq!(s.encode_at(x, "a:b").as_deref(), Some("a:b"));
        for bad in ["a: b", "a:", "#1", "a #1", "a\nb"] {
            assert_eq!(s.encode_at(x, bad), None, "{bad:?}");
        }
        let all = ByteRange::new(0, s.text.len());
        for bad in ["- a", "&a", "[a]", " a", "a "] {
            assert_eq!(s.encode_at(all, bad), None, "the whole scalar as {bad:?}");
        }
        let mut b = SegmentBuilder::default();
        b.same("a b", 0..3);
        let flow = b.finish(vec![Escape::YamlFlowPlain], None);
        assert_eq!(flow.encode_at(ByteRange::new(0, 1), "x, y"), None);
        assert_eq!(flow.encode_at(ByteRange::new(0, 1), "x]"), None);
        assert_eq!(
            flow.encode_at(ByteRange::new(0, 1), "x-y").as_deref(),
            Some("x-y")
        );
    }
}
