//! Helpdesk macro exports in JSON: Zendesk macros (`{"macros": [...]}`, `{"macro": {...}}`, a
//! bare array; reply bodies in `actions` as `comment_value` / `comment_value_html`, a string or a
//! `["channel:all", "<text>"]` pair) and Freshdesk canned responses (`content` /
//! `content_html`). Only reply bodies are checked, each mapped back through every JSON escape to
//! the bytes of its string literal.

use jsonc_parser::ast::{Array, Object, StringLit, Value};
use jsonc_parser::{CollectOptions, ParseOptions, parse_to_ast};

use super::segment::{Escape, Segment, SegmentBuilder};
use super::template::{self, Checked, Dialect};
use super::{Unit, html};
use crate::finding::ByteRange;

/// What a JSON export holds for checking.
#[derive(Debug, Default)]
pub struct JsonRead {
    pub segments: Vec<Segment>,
    pub units: Vec<Unit>,
    /// Why the file is not a readable export: where, and what.
    pub error: Option<(ByteRange, String)>,
}

/// Keys under which exports list their macros.
const LIST_KEYS: &[&str] = &["macros", "canned_responses", "responses", "results"];
const ONE_KEYS: &[&str] = &["macro", "canned_response", "response"];

pub fn read(text: &str, dialect: Dialect, checked: Checked) -> JsonRead {
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
    for m in macros(&value) {
        read_macro(text, m, dialect, checked, &mut out);
    }
    out
}

fn get<'v, 'a>(o: &'v Object<'a>, key: &str) -> Option<&'v Value<'a>> {
    o.properties
        .iter()
        .find(|p| p.name.as_str() == key)
        .map(|p| &p.value)
}

fn objects<'v, 'a>(a: &'v Array<'a>) -> impl Iterator<Item = &'v Object<'a>> {
    a.elements.iter().filter_map(|e| match e {
        Value::Object(o) => Some(o),
        _ => None,
    })
}

/// The macro objects of an export, whatever its shape.
fn macros<'v, 'a>(value: &'v Value<'a>) -> Vec<&'v Object<'a>> {
    match value {
        Value::Array(a) => objects(a).collect(),
        Value::Object(o) => {
            for key in LIST_KEYS {
                if let Some(Value::Array(a)) = get(o, key) {
                    return objects(a).collect();
                }
            }
            for key in ONE_KEYS {
                if let Some(Value::Object(m)) = get(o, key) {
                    return vec![m];
                }
            }
            if get(o, "actions").is_some()
                || get(o, "content").is_some()
                || get(o, "content_html").is_some()
            {
                vec![o]
            } else {
                Vec::new()
            }
        }
        _ => Vec::new(),
    }
}

fn scalar(v: Option<&Value<'_>>) -> Option<String> {
    match v? {
        Value::StringLit(s) => Some(s.value.to_string()),
        Value::NumberLit(n) => Some(n.value.to_string()),
        _ => None,
    }
}

fn read_macro(text: &str, m: &Object<'_>, dialect: Dialect, checked: Checked, out: &mut JsonRead) {
    let unit = out.units.len();
    let mut tags: Vec<String> = match get(m, "tags") {
        Some(Value::Array(a)) => a
            .elements
            .iter()
            .filter_map(|e| match e {
                Value::StringLit(s) => Some(s.value.to_string()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    let mut bodies: Vec<(&StringLit<'_>, bool)> = Vec::new();
    if let Some(Value::Array(actions)) = get(m, "actions") {
        for action in objects(actions) {
            let field = scalar(get(action, "field")).unwrap_or_default();
            let html = match field.as_str() {
                "comment_value" => false,
                "comment_value_html" => true,
                "current_tags" | "set_tags" => {
                    if let Some(t) = scalar(get(action, "value")) {
                        tags.extend(t.split_whitespace().map(str::to_string));
                    }
                    continue;
                }
                _ => continue,
            };
            match get(action, "value") {
                Some(Value::StringLit(s)) => bodies.push((s, html)),
                // `["channel:all", "<text>"]`: the text is the last string.
                Some(Value::Array(a)) => {
                    if let Some(Value::StringLit(s)) = a
                        .elements
                        .iter()
                        .rev()
                        .find(|e| matches!(e, Value::StringLit(_)))
                    {
                        bodies.push((s, html));
                    }
                }
                _ => {}
            }
        }
    }
    for (key, html) in [
        ("content", false),
        ("content_html", true),
        ("body", false),
        ("body_html", true),
    ] {
        if let Some(Value::StringLit(s)) = get(m, key) {
            bodies.push((s, html));
        }
    }
    out.units.push(Unit {
        id: scalar(get(m, "id")),
        title: scalar(get(m, "title")).or_else(|| scalar(get(m, "name"))),
        tags,
        range: ByteRange::new(m.range.start, m.range.end),
    });
    for (lit, html) in bodies {
        let literal = string_segment(text, lit, Some(unit));
        let inner_text = literal.text.clone();
        let mut b = SegmentBuilder::default();
        let escapes = if html {
            html::read(&inner_text, 0..inner_text.len(), checked.comments, &mut b);
            vec![Escape::Html]
        } else {
            template::read(
                &inner_text,
                0..inner_text.len(),
                false,
                dialect,
                checked,
                &mut b,
            );
            vec![]
        };
        let mut seg = b.finish(escapes, Some(unit));
        seg.parent = Some(Box::new(literal));
        out.segments.push(seg);
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
