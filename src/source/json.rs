//! JSON exports: the parser's tree handed to [`super::shapes`] (Zendesk macros and Dynamic
//! Content, Freshdesk canned responses, Intercom and Gorgias macros, Front message templates,
//! Help Scout saved replies, a map of titles to texts, or any other shape string by string),
//! each text found mapped back through every JSON escape to the bytes of its string literal.

use jsonc_parser::ast::{StringLit, Value};
use jsonc_parser::{CollectOptions, ParseOptions, parse_to_ast};

use super::Unit;
use super::segment::{Escape, Segment, SegmentBuilder};
use super::shapes::{self, Node, NodeKind, Shape};
use super::template::{Checked, Dialect};
use crate::finding::ByteRange;

/// What a JSON or YAML export holds for checking.
#[derive(Debug)]
pub struct JsonRead {
    pub segments: Vec<Segment>,
    pub units: Vec<Unit>,
    /// What kind of export it is.
    pub shape: Shape,
    /// Why the file is not a readable export: where, and what.
    pub error: Option<(ByteRange, String)>,
}

impl Default for JsonRead {
    fn default() -> Self {
        Self {
            segments: Vec::new(),
            units: Vec::new(),
            shape: Shape::Unrecognised,
            error: None,
        }
    }
}

/// Reads a JSON export; `forced` is the shape `[formats]` names, if any.
pub fn read(text: &str, dialect: Dialect, checked: Checked) -> JsonRead {
    read_as(text, dialect, checked, None)
}

/// Reads a JSON export as `forced` (or as its content says when `None`).
pub fn read_as(text: &str, dialect: Dialect, checked: Checked, forced: Option<Shape>) -> JsonRead {
    let options = ParseOptions {
        allow_comments: false,
        allow_single_quoted_strings: false,
        allow_loose_object_property_names: false,
        ..ParseOptions::default()
    };
    let mut out = JsonRead::default();
    let value = match parse_to_ast(text, &CollectOptions::default(), &options) {
        Ok(r) => r.value,
        Err(e) => {
            let r = e.range();
            out.error = Some((ByteRange::new(r.start, r.end), e.kind().to_string()));
            return out;
        }
    };
    let Some(value) = value else { return out };
    let mut lits: Vec<&StringLit<'_>> = Vec::new();
    let root = node(&value, &mut lits);
    let reading = shapes::find(&root, forced);
    shapes::read_units(
        reading,
        |i, unit| Some(string_segment(text, lits[i], Some(unit))),
        dialect,
        checked,
        &mut out,
    );
    out
}

/// The parser's tree as a [`Node`], its string literals listed in `lits`.
fn node<'v, 'a>(v: &'v Value<'a>, lits: &mut Vec<&'v StringLit<'a>>) -> Node {
    let (start, end, kind) = match v {
        Value::Object(o) => (
            o.range.start,
            o.range.end,
            NodeKind::Map(
                o.properties
                    .iter()
                    .map(|p| (p.name.as_str().to_string(), node(&p.value, lits)))
                    .collect(),
            ),
        ),
        Value::Array(a) => (
            a.range.start,
            a.range.end,
            NodeKind::List(a.elements.iter().map(|e| node(e, lits)).collect()),
        ),
        Value::StringLit(s) => {
            lits.push(s);
            (
                s.range.start,
                s.range.end,
                NodeKind::Str(s.value.to_string(), lits.len() - 1),
            )
        }
        Value::NumberLit(n) => (
            n.range.start,
            n.range.end,
            NodeKind::Other(Some(n.value.to_string())),
        ),
        Value::BooleanLit(b) => (
            b.range.start,
            b.range.end,
            NodeKind::Other(Some(b.value.to_string())),
        ),
        Value::NullKeyword(n) => (n.range.start, n.range.end, NodeKind::Other(None)),
    };
    Node {
        span: ByteRange::new(start, end),
        kind,
    }
}

/// The decoded text of a JSON string literal, every escape mapped to its bytes.
pub fn string_segment(text: &str, lit: &StringLit<'_>, unit: Option<usize>) -> Segment {
    let (start, end) = (
        lit.range.start + 1,
        lit.range.end.saturating_sub(1).max(lit.range.start + 1),
    );
    let mut b = SegmentBuilder::default();
    let raw = &text[start..end];
    let bytes = raw.as_bytes();
    let mut i = 0;
    let mut run = 0;
    while i < bytes.len() {
        if bytes[i] != b'\\' {
            i += 1;
            continue;
        }
        b.same(text, start + run..start + i);
        let (decoded, len) = unescape(&raw[i..]);
        b.decoded(start + i..start + i + len, &decoded);
        i += len;
        run = i;
    }
    b.same(text, start + run..end);
    let seg = b.finish(vec![Escape::Json], unit);
    if seg.text == lit.value {
        seg
    } else {
        // Should not happen; keep the parser's text and map it to the whole literal.
        let mut b = SegmentBuilder::default();
        b.decoded(start..end, &lit.value);
        b.finish(vec![Escape::Json], unit)
    }
}

/// One escape at the start of `s` (which starts with `\`): its text and its length in bytes.
fn unescape(s: &str) -> (String, usize) {
    let b = s.as_bytes();
    let simple = |c: char| (c.to_string(), 2);
    match b.get(1) {
        Some(b'"') => simple('"'),
        Some(b'\\') => simple('\\'),
        Some(b'/') => simple('/'),
        Some(b'b') => simple('\u{8}'),
        Some(b'f') => simple('\u{c}'),
        Some(b'n') => simple('\n'),
        Some(b'r') => simple('\r'),
        Some(b't') => simple('\t'),
        Some(b'u') => {
            let hex = |at: usize| {
                s.get(at..at + 4)
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
            };
            let Some(first) = hex(2) else {
                return (String::new(), 2.min(s.len()));
            };
            if (0xD800..0xDC00).contains(&first)
                && s.get(6..8) == Some("\\u")
                && let Some(second) = hex(8).filter(|c| (0xDC00..0xE000).contains(c))
            {
                let c = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                return (char::from_u32(c).unwrap_or('\u{FFFD}').to_string(), 12);
            }
            (char::from_u32(first).unwrap_or('\u{FFFD}').to_string(), 6)
        }
        Some(_) => {
            let c = s[1..].chars().next().unwrap_or('\\');
            (c.to_string(), 1 + c.len_utf8())
        }
        None => (String::new(), 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_map_back_to_their_bytes() {
        let text = r#"{"macros":[{"id":1,"title":"T","actions":[{"field":"comment_value","value":"A\n\"q\"\t\\ \u00a0\ud83d\ude00 +7 495 232\u201310\u201300"}]}]}"#;
        let r = read(text, Dialect::Liquid, Checked::default());
        assert!(r.error.is_none());
        let s = &r.segments[0];
        assert_eq!(s.text, "A\n\"q\"\t\\ \u{a0}😀 +7 495 232–10–00");
        let at = s.text.find("+7").unwrap();
        let file = s.to_file(ByteRange::new(at, s.text.len()));
        assert_eq!(&text[file.start..file.end], r"+7 495 232\u201310\u201300");
        let emoji = s.text.find('😀').unwrap();
        let file = s.to_file(ByteRange::new(emoji, emoji + 4));
        assert_eq!(&text[file.start..file.end], r"\ud83d\ude00");
        assert_eq!(s.encode("a\"b"), r#"a\"b"#);
    }

    #[test]
    fn zendesk_shapes_pairs_html_and_freshdesk() {
        let single = r#"{"macro":{"id":"m1","title":"Продавцы::Возврат","actions":[{"field":"comment_value","value":["channel:all","Текст"]},{"field":"current_tags","value":"sellers vip"}]}}"#;
        let r = read(single, Dialect::Liquid, Checked::default());
        assert_eq!(r.segments[0].text, "Текст");
        assert_eq!(r.units[0].title.as_deref(), Some("Продавцы::Возврат"));
        assert_eq!(r.units[0].tags, ["sellers", "vip"]);
        let bare = r#"[{"id":2,"actions":[{"field":"comment_value_html","value":"<p>Пишите на <a href=\"mailto:help@ozon.ru\">help@ozon.ru</a></p>"},{"field":"subject","value":"+7 495"}]}]"#;
        let r = read(bare, Dialect::Liquid, Checked::default());
        assert_eq!(r.segments.len(), 1, "only reply bodies");
        let s = &r.segments[0];
        assert!(s.text.contains("mailto:help@ozon.ru") && !s.text.contains('<'));
        let at = s.text.find("help@").unwrap();
        let file = s.to_file(ByteRange::new(at, at + 12));
        assert_eq!(&bare[file.start..file.end], "help@ozon.ru");
        assert_eq!(s.encode("<a&\"b\">"), r#"&lt;a&amp;&quot;b&quot;&gt;"#);
        let fresh = r#"{"canned_responses":[{"id":7,"title":"x","content":"A","content_html":"<b>A</b>"}]}"#;
        assert_eq!(
            read(fresh, Dialect::Liquid, Checked::default())
                .segments
                .len(),
            2
        );
    }

    #[test]
    fn invalid_json_is_an_error_with_a_position() {
        let r = read("{\"macros\": [", Dialect::Liquid, Checked::default());
        assert!(r.error.is_some());
        let deep = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
        assert!(
            read(&deep, Dialect::Liquid, Checked::default())
                .error
                .is_some()
        );
    }
}
