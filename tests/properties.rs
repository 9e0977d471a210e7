//! Property tests: on random templates made of the pieces real ones are made of (the seed's
//! numbers with minus signs and no-break spaces, Cyrillic, emoji, CRLF, addresses, placeholders,
//! claim phrases), ranges stay inside the text on character boundaries, safe fixes converge and
//! are idempotent, fixes touch no byte outside their edits, and decoded export text maps back to
//! exactly its bytes.

use macrolint::catalog::Catalog;
use macrolint::fix::{Safety, apply, edits_for};
use macrolint::{ByteRange, Context, Document, Format, check};
use proptest::prelude::*;

const PIECES: &[&str] = &[
    "Здравствуйте! ",
    "Звоните ",
    "+7\u{a0}495\u{a0}232−10−00",
    "7 (812) 494−06−06",
    "8 (800)234−70−70",
    "8−499−300−30−00",
    "+7 495 232-10-01",
    " из-за рубежа ",
    "бесплатный ",
    "help@ozon.ru",
    "marketplace. crossborder@ozon.ru",
    "Help@Ozon.ru",
    "sellersup@ozon.ru",
    "vk.com/ozon",
    "t.me/ozon",
    "«vk.com/ozon»",
    "{{contact.phone.premium}}",
    "{{contact.phone.moskow}}",
    "{{ticket.id}}",
    "Для клиентов Premium работает выделенная телефонная линия.",
    "Оператор ответит в чате за 1–3 минуты.",
    "👍🏽",
    "🇷🇺",
    "\r\n",
    "\n",
    ". ",
    " ",
    "ё",
    "<!-- macrolint-disable-next-line -->\n",
];

fn template() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..24).prop_map(|v| v.concat())
}

fn ctx(catalog: &Catalog) -> Context<'_> {
    Context::new(catalog, "2026-01-01".parse().unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn ranges_lie_inside_the_text_on_char_boundaries(text in template(), format in prop::sample::select(&[Format::Plain, Format::Markdown, Format::Html, Format::Liquid][..])) {
        let c = Catalog::default_catalog();
        for f in check(&Document::new(text.clone(), format), &ctx(&c)) {
            prop_assert!(f.range.start <= f.range.end && f.range.end <= text.len());
            prop_assert!(text.is_char_boundary(f.range.start) && text.is_char_boundary(f.range.end));
            for e in f.fixes.iter().flat_map(|x| &x.edits) {
                prop_assert!(e.range.end <= text.len() && text.is_char_boundary(e.range.start) && text.is_char_boundary(e.range.end));
            }
        }
    }

    #[test]
    fn safe_fixes_converge_are_idempotent_and_touch_nothing_else(text in template()) {
        let c = Catalog::default_catalog();
        let ctx = ctx(&c);
        let mut current = text.clone();
        for _ in 0..4 {
            let edits = edits_for(&check(&Document::new(current.clone(), Format::Plain), &ctx), Safety::SafeOnly);
            if edits.is_empty() {
                break;
            }
            let next = apply(&current, &edits).unwrap();
            // Every byte outside the edits is the same, in the same order.
            let mut at = 0;
            let mut shift: isize = 0;
            for e in &edits {
                let new_start = (e.range.start as isize + shift) as usize;
                prop_assert_eq!(&current[at..e.range.start], &next[(at as isize + shift) as usize..new_start]);
                shift += e.replacement.len() as isize - e.range.len() as isize;
                at = e.range.end;
            }
            prop_assert_eq!(&current[at..], &next[(at as isize + shift) as usize..]);
            current = next;
        }
        let left = check(&Document::new(current.clone(), Format::Plain), &ctx);
        prop_assert!(left.iter().all(|f| f.fixes.iter().all(|x| !x.safe)), "safe fixes left: {:?}", left);
        prop_assert!(edits_for(&left, Safety::SafeOnly).is_empty());
    }

    #[test]
    fn json_string_text_maps_back_to_its_bytes(body in "[а-яa-z0-9 \"\\\\\n\t😀ё+@.−–\u{a0}]{0,40}") {
        let export = serde_json::json!({"macros": [{"id": 1, "title": "t", "actions": [{"field": "comment_value", "value": body}]}]}).to_string();
        // Escape non-ASCII too, as many exporters do.
        let escaped: String = export.chars().map(|c| if c.is_ascii() { c.to_string() } else { c.encode_utf16(&mut [0; 2]).iter().map(|u| format!("\\u{u:04x}")).collect() }).collect();
        for file in [export, escaped] {
            let doc = Document::new(file.clone(), Format::Json);
            prop_assert!(doc.error.is_none());
            let seg = &doc.segments[0];
            prop_assert_eq!(&seg.text, &body);
            // Each character maps to bytes of the file that decode to exactly that character.
            for (i, ch) in body.char_indices() {
                let r = seg.to_file(ByteRange::new(i, i + ch.len_utf8()));
                let raw = &file[r.start..r.end];
                let decoded: String = serde_json::from_str(&format!("\"{raw}\"")).unwrap();
                prop_assert_eq!(decoded, ch.to_string());
            }
        }
    }

    #[test]
    fn html_text_maps_back_to_its_bytes(body in "[а-яa-z0-9 +@.−<>&\"]{0,40}") {
        let html = format!("<p>{}</p>", body.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('−', "&minus;"));
        let doc = Document::new(html.clone(), Format::Html);
        let seg = &doc.segments[0];
        let text = seg.text.trim();
        prop_assert_eq!(text, body.trim());
        let offset = seg.text.find(text).unwrap_or(0);
        for (i, ch) in text.char_indices() {
            let r = seg.to_file(ByteRange::new(offset + i, offset + i + ch.len_utf8()));
            prop_assert_eq!(htmlize::unescape(&html[r.start..r.end]).to_string(), ch.to_string());
        }
    }
}
