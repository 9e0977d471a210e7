//! HTML bodies (`.html`, Zendesk `comment_value_html`, Freshdesk `content_html`): the text and
//! the values of link-like attributes (`href="mailto:…"`, `tel:`) are checked, entities decoded
//! and mapped back to their bytes; markup itself is blanked and never matches.

use html5tokenizer::offset::PosTrackingReader;
use html5tokenizer::trace::Trace;
use html5tokenizer::{NaiveParser, Token, TracingEmitter};

use super::segment::SegmentBuilder;

/// A character reference at the start of a string.
static CHAR_REF: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"^&(?:#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,8}|[A-Za-z][A-Za-z0-9]{0,31});?")
        .expect("valid")
});

/// Attributes whose values customers read or follow.
const CHECKED_ATTRIBUTES: &[&str] = &[
    "href",
    "title",
    "alt",
    "aria-label",
    "placeholder",
    "value",
    "content",
];

/// Tags whose boundaries end a sentence (they are blanked with a line break).
const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "tr",
    "td",
    "th",
    "table",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "section",
    "article",
    "header",
    "footer",
    "hr",
    "pre",
];

/// Tags whose content is not text for a reader.
const SKIPPED_CONTENT: &[&str] = &["script", "style", "template"];

/// Appends the customer-facing text of `html` (the bytes `file_text[range]`) to `out`.
/// `check_comments` keeps comment text checkable.
pub fn read(
    file_text: &str,
    range: std::ops::Range<usize>,
    check_comments: bool,
    out: &mut SegmentBuilder,
) {
    let html = &file_text[range.clone()];
    let base = range.start;
    let mut pos = 0; // next byte of `html` not yet in `out`
    let mut skipping: Option<String> = None;
    let parser =
        NaiveParser::new_with_emitter(PosTrackingReader::new(html), TracingEmitter::default());
    for item in parser.flatten() {
        let (token, trace) = item;
        match (token, trace) {
            (Token::Char(c), Trace::Char(span)) => {
                if span.start < pos {
                    // A second char of one character reference: already covered.
                    continue;
                }
                if span.start > pos {
                    out.blank(file_text, base + pos..base + span.start);
                }
                let mut span = span;
                if html[span.start..].starts_with('&') && !html[span.start..].starts_with(c) {
                    // The tokenizer's span of a character reference can stop short of its end
                    // (`&nbsp;` comes as `&nbsp`, `&minus;` as `&minu`): measure it here.
                    if let Some(m) = CHAR_REF.find(&html[span.start..]) {
                        span.end = span.start + m.end();
                    }
                }
                let raw = &html[span.clone()];
                if skipping.is_some() {
                    out.blank(file_text, base + span.start..base + span.end);
                } else if raw.len() == c.len_utf8() && raw.starts_with(c) {
                    out.same(file_text, base + span.start..base + span.end);
                } else {
                    // A character reference: decode the whole reference (some give two chars).
                    let decoded = htmlize::unescape(raw);
                    out.decoded(base + span.start..base + span.end, &decoded);
                }
                pos = span.end;
            }
            (Token::StartTag(tag), Trace::StartTag(trace)) => {
                let span = trace.span.clone();
                if span.start < pos {
                    continue;
                }
                if span.start > pos {
                    out.blank(file_text, base + pos..base + span.start);
                }
                let mut values: Vec<std::ops::Range<usize>> = Vec::new();
                for attr in &tag.attributes {
                    if !CHECKED_ATTRIBUTES.contains(&attr.name()) {
                        continue;
                    }
                    if let Some(v) = attr
                        .trace_idx()
                        .and_then(|i| trace.attribute_traces[i].value_span())
                    {
                        values.push(v);
                    }
                }
                values.sort_by_key(|v| v.start);
                blank_tag(
                    file_text,
                    base,
                    span.clone(),
                    &values,
                    BLOCK_TAGS.contains(&tag.name.as_str()),
                    out,
                );
                if SKIPPED_CONTENT.contains(&tag.name.as_str()) && !tag.self_closing {
                    skipping = Some(tag.name.clone());
                }
                pos = span.end;
            }
            (Token::EndTag(tag), Trace::EndTag(trace)) => {
                let span = trace.span.clone();
                if span.start < pos {
                    continue;
                }
                if span.start > pos {
                    out.blank(file_text, base + pos..base + span.start);
                }
                if skipping.as_deref() == Some(tag.name.as_str()) {
                    skipping = None;
                }
                blank_tag(
                    file_text,
                    base,
                    span.clone(),
                    &[],
                    BLOCK_TAGS.contains(&tag.name.as_str()),
                    out,
                );
                pos = span.end;
            }
            (Token::Comment(_), Trace::Comment(trace)) => {
                // `<!--` before the data and `-->` after it are blanked with the gaps around.
                let span = trace.data_span.clone();
                if span.start < pos {
                    continue;
                }
                if span.start > pos {
                    out.blank(file_text, base + pos..base + span.start);
                }
                if check_comments {
                    out.same(file_text, base + span.start..base + span.end);
                } else {
                    out.blank(file_text, base + span.start..base + span.end);
                }
                pos = span.end;
            }
            _ => {}
        }
    }
    if pos < html.len() {
        out.blank(file_text, base + pos..range.end);
    }
}

/// Blanks a tag except the attribute values that are checked; a block tag starts with a line
/// break so sentences end there.
fn blank_tag(
    file_text: &str,
    base: usize,
    span: std::ops::Range<usize>,
    values: &[std::ops::Range<usize>],
    block: bool,
    out: &mut SegmentBuilder,
) {
    let mut at = span.start;
    let mut first = true;
    let blank = |out: &mut SegmentBuilder, from: usize, to: usize, first: &mut bool| {
        if from >= to {
            return;
        }
        if block && *first {
            // One byte of the tag (`<`) becomes the line break.
            out.decoded(base + from..base + from + 1, "\n");
            out.blank(file_text, base + from + 1..base + to);
        } else {
            out.blank(file_text, base + from..base + to);
        }
        *first = false;
    };
    for v in values {
        if v.start < at {
            continue;
        }
        blank(out, at, v.start, &mut first);
        let raw = &file_text[base + v.start..base + v.end];
        if raw.contains('&') {
            out.decoded(base + v.start..base + v.end, &htmlize::unescape(raw));
        } else {
            out.same(file_text, base + v.start..base + v.end);
        }
        at = v.end;
    }
    blank(out, at, span.end, &mut first);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::ByteRange;

    fn read_all(html: &str) -> crate::source::Segment {
        let mut b = SegmentBuilder::default();
        read(html, 0..html.len(), false, &mut b);
        b.finish(vec![crate::source::segment::Escape::Html], None)
    }

    #[test]
    fn text_and_link_values_are_kept_and_markup_blanked() {
        let html = r#"<p>Пишите на <a href="mailto:help@ozon.ru">нам</a>&nbsp;или звоните&#43;7&nbsp;495&minus;1</p>"#;
        let s = read_all(html);
        assert!(s.text.contains("mailto:help@ozon.ru"));
        assert!(
            s.text
                .contains("нам    \u{a0}или звоните+7\u{a0}495\u{2212}1"),
            "{:?}",
            s.text
        );
        assert!(!s.text.contains('<') && !s.text.contains("href"));
        let at = s.text.find("+7").unwrap();
        assert_eq!(
            s.to_file(ByteRange::new(at, at + 1)),
            ByteRange::new(html.find("&#43;").unwrap(), html.find("&#43;").unwrap() + 5)
        );
        let at = s.text.find("help@").unwrap();
        let file = s.to_file(ByteRange::new(at, at + "help@ozon.ru".len()));
        assert_eq!(&html[file.start..file.end], "help@ozon.ru");
    }

    #[test]
    fn comments_scripts_and_blocks() {
        let html = "<div>Один</div><div>Два</div><!-- +7 495 232-10-00 --><script>var t='+7 495 232-10-00'</script>";
        let s = read_all(html);
        assert!(!s.text.contains("495"), "{:?}", s.text);
        assert!(s.text.contains("Один") && s.text.contains('\n'));
        let mut b = SegmentBuilder::default();
        read(html, 0..html.len(), true, &mut b);
        assert!(b.finish(vec![], None).text.contains(" +7 495 232-10-00 "));
    }
}
