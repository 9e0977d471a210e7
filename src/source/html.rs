//! HTML bodies (`.html`, Zendesk `comment_value_html`, Freshdesk `content_html`): the text and
//! the values of link-like attributes (`href="mailto:…"`, `tel:`) are checked, entities decoded
//! and mapped back to their bytes; markup itself is blanked and never matches.

use regex::Regex;
use std::sync::LazyLock;

use super::segment::{Escape, SegmentBuilder};

/// A character reference at the start of a string.
static CHAR_REF: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    Regex::new(r"^&(?:#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,8}|[A-Za-z][A-Za-z0-9]{0,31});?")
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

/// Tags whose content is not text for a reader (a full page's `<head>`: its title and meta
/// tags are no part of the reply).
const SKIPPED_CONTENT: &[&str] = &["script", "style", "template", "head"];

/// A tag: `<name attr="value" …>` or `</name>`, or a comment, doctype or processing instruction.
static MARKUP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?s)<!--.*?(?:-->|\z)|<![^>]*>?|<\?[^>]*>?|</?[A-Za-z][^\s/>]*(?:[^>"']|"[^"]*"|'[^']*')*>?"#)
        .expect("valid")
});
/// An attribute inside a start tag, with its value (quoted or not).
static ATTRIBUTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"([^\s"'>/=]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))"#).expect("valid")
});

/// Appends the customer-facing text of `html` (the bytes `file_text[range]`) to `out`.
/// `check_comments` keeps comment text checkable.
///
/// A small scanner of its own rather than an HTML5 tokenizer: what matters here is exact byte
/// spans through character references, and html5tokenizer 0.5 reports spans that stop short of
/// `&nbsp;` and drift after `&amp;` (found by the property tests; kept as a regression test).
pub fn read(
    file_text: &str,
    range: std::ops::Range<usize>,
    check_comments: bool,
    out: &mut SegmentBuilder,
) {
    let html = &file_text[range.clone()];
    let base = range.start;
    let mut pos = 0;
    let mut skipping: Option<String> = None;
    for m in MARKUP.find_iter(html) {
        if m.start() > pos {
            if skipping.is_some() {
                out.blank(file_text, base + pos..base + m.start());
            } else {
                text(file_text, base + pos..base + m.start(), out);
            }
        }
        let tag = m.as_str();
        if tag.starts_with("<!--") {
            let inner_start = m.start() + 4;
            let inner_end = if tag.ends_with("-->") && tag.len() >= 7 {
                m.end() - 3
            } else {
                m.end()
            };
            out.blank(
                file_text,
                base + m.start()..base + inner_start.min(inner_end),
            );
            if check_comments && skipping.is_none() {
                out.same(
                    file_text,
                    base + inner_start.min(inner_end)..base + inner_end,
                );
            } else {
                out.blank(
                    file_text,
                    base + inner_start.min(inner_end)..base + inner_end,
                );
            }
            out.blank(file_text, base + inner_end..base + m.end());
        } else if tag.starts_with("<!") || tag.starts_with("<?") {
            out.blank(file_text, base + m.start()..base + m.end());
        } else {
            let closing = tag.starts_with("</");
            let name: String = tag[if closing { 2 } else { 1 }..]
                .chars()
                .take_while(|c| !c.is_whitespace() && *c != '/' && *c != '>')
                .flat_map(char::to_lowercase)
                .collect();
            if let Some(skipped) = &skipping {
                if closing && *skipped == name {
                    skipping = None;
                }
                out.blank(file_text, base + m.start()..base + m.end());
                pos = m.end();
                continue;
            }
            let mut values = Vec::new();
            if !closing {
                for a in ATTRIBUTE.captures_iter(tag) {
                    let attr = a[1].to_ascii_lowercase();
                    if let Some((i, v)) = (2..=4).find_map(|i| a.get(i).map(|v| (i, v)))
                        && CHECKED_ATTRIBUTES.contains(&attr.as_str())
                    {
                        let container = match i {
                            2 => Escape::HtmlAttribute,
                            3 => Escape::HtmlAttributeSingle,
                            _ => Escape::HtmlAttributeUnquoted,
                        };
                        values.push((m.start() + v.start()..m.start() + v.end(), container));
                    }
                }
                if SKIPPED_CONTENT.contains(&name.as_str()) && !tag.ends_with("/>") {
                    skipping = Some(name.clone());
                }
            }
            blank_tag(
                file_text,
                base,
                m.range(),
                &values,
                BLOCK_TAGS.contains(&name.as_str()),
                out,
            );
        }
        pos = m.end();
    }
    if pos < html.len() {
        if skipping.is_some() {
            out.blank(file_text, base + pos..range.end);
        } else {
            text(file_text, base + pos..range.end, out);
        }
    }
}

/// Text between tags: character references decoded, everything else as is.
fn text(file_text: &str, range: std::ops::Range<usize>, out: &mut SegmentBuilder) {
    let s = &file_text[range.clone()];
    let mut at = 0;
    while let Some(amp) = s[at..].find('&') {
        let start = at + amp;
        out.same(file_text, range.start + at..range.start + start);
        match CHAR_REF.find(&s[start..]) {
            Some(r) => {
                let raw = &s[start..start + r.end()];
                let decoded = htmlize::unescape(raw);
                if decoded == raw {
                    out.same(
                        file_text,
                        range.start + start..range.start + start + r.end(),
                    );
                } else {
                    out.decoded(range.start + start..range.start + start + r.end(), &decoded);
                }
                at = start + r.end();
            }
            None => {
                out.same(file_text, range.start + start..range.start + start + 1);
                at = start + 1;
            }
        }
    }
    out.same(file_text, range.start + at..range.end);
}

/// Blanks a tag except the attribute values that are checked; a block tag starts with a line
/// break so sentences end there.
fn blank_tag(
    file_text: &str,
    base: usize,
    span: std::ops::Range<usize>,
    values: &[(std::ops::Range<usize>, Escape)],
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
    for (v, container) in values {
        if v.start < at {
            continue;
        }
        blank(out, at, v.start, &mut first);
        let raw = &file_text[base + v.start..base + v.end];
        let from = out.len();
        if raw.contains('&') {
            out.decoded(base + v.start..base + v.end, &htmlize::unescape(raw));
        } else {
            out.same(file_text, base + v.start..base + v.end);
        }
        // A replacement here is escaped for the attribute's quotes, not as text.
        out.zone(from, *container);
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

    /// Found by the property tests with html5tokenizer: spans drifted after `&amp;`.
    #[test]
    fn references_before_multibyte_text_map_exactly() {
        let html = "<p>&amp;щ.&quot;e&minus;ю</p>";
        let s = read_all(html);
        let t = s.text.trim();
        assert_eq!(t, "&щ.\"e\u{2212}ю");
        let off = s.text.find(t).unwrap();
        let mut got = Vec::new();
        for (i, c) in t.char_indices() {
            let r = s.to_file(ByteRange::new(off + i, off + i + c.len_utf8()));
            got.push(&html[r.start..r.end]);
        }
        assert_eq!(got, ["&amp;", "щ", ".", "&quot;", "e", "&minus;", "ю"]);
    }
}
