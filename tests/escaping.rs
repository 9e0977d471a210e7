//! A replacement is escaped for the exact container it lands in: every container a template
//! body can be in (YAML plain, quoted, flow and block scalars; HTML text and attribute values
//! in each kind of quotes; JSON strings; HTML inside JSON and YAML), random replacements, and
//! the result read back by the same readers: the value holds exactly the replacement, the file
//! still parses with the same macros, or the fix is refused (only where the container has no
//! way to write the text, as a plain YAML scalar has none for `: `).

use macrolint::source::{Escape, Segment};
use macrolint::{ByteRange, Document, Edit, Format};
use proptest::prelude::*;

/// Where the marker stands, and whether that container may refuse a replacement.
struct Container {
    name: &'static str,
    format: Format,
    text: &'static str,
    may_refuse: bool,
}

const MARK: &str = "QQQ";

const CONTAINERS: &[Container] = &[
    Container {
        name: "JSON string",
        format: Format::Json,
        text: r#"{"macros":[{"id":1,"title":"t","actions":[{"field":"comment_value","value":"Звоните QQQ сегодня"}]}]}"#,
        may_refuse: false,
    },
    Container {
        name: "JSON pair",
        format: Format::Json,
        text: r#"[{"id":1,"actions":[{"field":"comment_value","value":["channel:all","QQQ"]}]}]"#,
        may_refuse: false,
    },
    Container {
        name: "HTML text in JSON",
        format: Format::Json,
        text: r#"{"macro":{"id":1,"actions":[{"field":"comment_value_html","value":"<p>Звоните QQQ</p>"}]}}"#,
        may_refuse: false,
    },
    Container {
        name: "HTML attribute in double quotes in JSON",
        format: Format::Json,
        text: r#"{"macro":{"id":1,"actions":[{"field":"comment_value_html","value":"<a href=\"QQQ\">x</a>"}]}}"#,
        may_refuse: false,
    },
    Container {
        name: "HTML attribute in single quotes in JSON",
        format: Format::Json,
        text: r#"{"canned_responses":[{"id":1,"content_html":"<a title='QQQ'>x</a>"}]}"#,
        may_refuse: false,
    },
    Container {
        name: "unquoted HTML attribute in JSON",
        format: Format::Json,
        text: r#"{"canned_responses":[{"id":1,"content_html":"<a href=QQQ>x</a>"}]}"#,
        may_refuse: false,
    },
    Container {
        name: "HTML text",
        format: Format::Html,
        text: "<p>Звоните QQQ сегодня</p>",
        may_refuse: false,
    },
    Container {
        name: "HTML attribute in double quotes",
        format: Format::Html,
        text: "<p><a href=\"tel:QQQ\">x</a></p>",
        may_refuse: false,
    },
    Container {
        name: "HTML attribute in single quotes",
        format: Format::Html,
        text: "<p><a href='QQQ' title=\"t\">x</a></p>",
        may_refuse: false,
    },
    Container {
        name: "unquoted HTML attribute",
        format: Format::Html,
        text: "<p><a href=QQQ>x</a> после</p>",
        may_refuse: false,
    },
    Container {
        name: "YAML plain scalar",
        format: Format::Yaml,
        text: "title: t\ncontent: Звоните QQQ сегодня\nid: 1\n",
        may_refuse: true,
    },
    Container {
        name: "YAML plain scalar, at its start",
        format: Format::Yaml,
        text: "title: t\ncontent: QQQ сегодня\n",
        may_refuse: true,
    },
    Container {
        name: "YAML plain scalar, at its end",
        format: Format::Yaml,
        text: "title: t\ncontent: Звоните QQQ\nid: 1\n",
        may_refuse: true,
    },
    Container {
        name: "YAML plain scalar in a flow sequence",
        format: Format::Yaml,
        text: "title: t\nactions:\n  - field: comment_value\n    value: [channel:all, Звоните QQQ сегодня]\n",
        may_refuse: true,
    },
    Container {
        name: "YAML plain scalar in a flow mapping",
        format: Format::Yaml,
        text: "macros:\n  - {title: t, content: Звоните QQQ}\n  - {title: u, content: b}\n",
        may_refuse: true,
    },
    Container {
        name: "YAML single-quoted scalar",
        format: Format::Yaml,
        text: "title: t\ncontent: 'Звоните QQQ'\n",
        may_refuse: true,
    },
    Container {
        name: "YAML double-quoted scalar",
        format: Format::Yaml,
        text: "title: t\ncontent: \"Звоните QQQ\"\n",
        may_refuse: false,
    },
    Container {
        name: "YAML literal block",
        format: Format::Yaml,
        text: "title: t\ncontent: |\n  Звоните QQQ\n  сегодня\nid: 1\n",
        may_refuse: true,
    },
    Container {
        name: "YAML folded block",
        format: Format::Yaml,
        text: "title: t\ncontent: >-\n  Звоните QQQ\n  сегодня\n",
        may_refuse: true,
    },
    Container {
        name: "HTML attribute in a YAML double-quoted scalar",
        format: Format::Yaml,
        text: "title: t\ncontent_html: \"<a title='QQQ'>x</a>\"\n",
        may_refuse: false,
    },
];

/// What a reader makes of a body: for JSON and YAML, the string value itself (the parent of a
/// body segment); for HTML, the text with markup blanked and references decoded.
fn value(seg: &Segment) -> &str {
    match &seg.parent {
        Some(p) if p.parent.is_none() && !seg.escapes.contains(&Escape::Html) => &p.text,
        _ => &seg.text,
    }
}

/// Characters and sequences that mean something to one container or another.
const PIECES: &[&str] = &[
    "a", "Z", "ж", "7", "+", " ", "\u{a0}", "\t", "\n", "\r\n", ":", ": ", "#", " #", ",", "[",
    "]", "{", "}", "'", "''", "\"", "&", "&amp;", "&nbsp;", "&#43;", "<", ">", "<b>", "</p>", "=",
    "`", "-", "- ", "!", "%", "@", "*", "&x", "|", "?", ".", "\\", "\\n", "\\u0041", "👍", "---",
];

fn replacement() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..8).prop_map(|v| v.concat())
}

/// Writes `r` where the marker is, through the segment, and reads the file back; whether it
/// was written.
fn round_trip(c: &Container, r: &str) -> Result<bool, TestCaseError> {
    let doc = Document::new(c.text, c.format);
    prop_assert!(doc.error.is_none(), "{}: {:?}", c.name, doc.error);
    let (seg_index, seg) = doc
        .segments
        .iter()
        .enumerate()
        .find(|(_, s)| s.text.contains(MARK))
        .unwrap_or_else(|| panic!("{}: the marker in a body: {:?}", c.name, doc.segments));
    let at = seg.text.find(MARK).unwrap();
    let mut edit = Edit {
        range: ByteRange::new(at, at + MARK.len()),
        replacement: r.to_string(),
    };
    if !seg.write_back(&mut edit) {
        prop_assert!(c.may_refuse, "{}: refused {r:?}", c.name);
        return Ok(false);
    }
    let fixed = macrolint::fix::apply(c.text, std::slice::from_ref(&edit)).unwrap();
    let again = Document::new(fixed.as_str(), c.format);
    prop_assert!(
        again.error.is_none(),
        "{}: {r:?} written as {:?} broke the file: {:?}\n{fixed}",
        c.name,
        edit.replacement,
        again.error
    );
    prop_assert_eq!(again.units.len(), doc.units.len(), "{}: {}", c.name, fixed);
    prop_assert_eq!(
        again.segments.len(),
        doc.segments.len(),
        "{}: {}",
        c.name,
        fixed
    );
    let expected = value(seg).replacen(MARK, r, 1);
    prop_assert_eq!(
        value(&again.segments[seg_index]),
        expected.as_str(),
        "{}: {:?} written as {:?}:\n{}",
        c.name,
        r,
        edit.replacement,
        fixed
    );
    Ok(true)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4096, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn replacements_read_back_as_themselves(r in replacement(), which in 0..CONTAINERS.len()) {
        round_trip(&CONTAINERS[which], &r)?;
    }
}

/// Every container, with the replacements that broke files before: a seller address with a
/// `: ` note, a `#` extension, a comma in a flow sequence, quotes in attributes.
#[test]
fn the_replacements_that_broke_files() {
    for c in CONTAINERS {
        for r in [
            "+7 495 232-10-00",
            "help@ozon.ru",
            "Чат: «Помощь» → «Контакты»",
            "+1 202-555-0173 #5",
            "a, b",
            "[x]",
            "\"x\" & 'y'",
            "x > y < z",
            "<b>x</b>",
            "&amp; &nbsp; a&#43;b",
            "",
        ] {
            let written = round_trip(c, r).unwrap_or_else(|e| panic!("{e}"));
            if !r.is_empty() && !r.contains([':', '#', ',', '[', '"']) {
                assert!(written, "{}: refused {r:?}", c.name);
            }
        }
    }
}
