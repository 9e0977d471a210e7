//! The recognisers and `check()` on arbitrary text in every format: every recogniser match,
//! finding, use and fix edit lies inside the text on character boundaries.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use macrolint::{ByteRange, Catalog, check, scan, uses};

fuzz_target!(|data: &[u8]| {
    let Some((format, opts, sel, text)) = common::split(data, &common::FORMATS) else {
        return;
    };
    let catalog = Catalog::default_catalog();

    // The recognisers on the raw text, and on a slice of it.
    let whole = ByteRange::new(0, text.len());
    let mut bodies = vec![whole];
    if let Some(mid) = (0..=text.len()).rev().find(|&i| i <= text.len() / 2 && text.is_char_boundary(i)) {
        bodies.push(ByteRange::new(mid, text.len()));
    }
    for body in bodies {
        let s = scan::scan(&text, body, &catalog);
        let in_body = |r: ByteRange, what: &str| {
            common::assert_range(&text, r, what);
            assert!(body.contains(&r), "{what} {r} outside the body {body}");
        };
        s.sentences.iter().for_each(|r| in_body(*r, "sentence"));
        s.phones.iter().for_each(|m| in_body(m.range, "phone"));
        s.emails.iter().for_each(|m| in_body(m.range, "email"));
        s.urls.iter().for_each(|m| in_body(m.range, "url"));
        s.literals.iter().for_each(|m| in_body(m.range, "literal"));
        s.directives.iter().for_each(|m| in_body(m.range, "directive"));
        for p in &s.placeholders {
            in_body(p.range, "placeholder");
            in_body(p.id_range, "placeholder id");
        }
    }

    // The whole check, through the format's reader.
    let doc = common::document(text, format, opts);
    let ctx = common::context(&catalog, sel);
    let findings = check(&doc, &ctx);
    for f in &findings {
        common::assert_range(&doc.text, f.range, "finding");
        for fix in &f.fixes {
            for e in &fix.edits {
                common::assert_range(&doc.text, e.range, "edit");
            }
        }
    }
    assert!(
        findings.windows(2).all(|w| w[0].range.start <= w[1].range.start),
        "findings out of source order"
    );
    for u in uses(&doc, &catalog) {
        common::assert_range(&doc.text, u.range, "use");
    }
});
