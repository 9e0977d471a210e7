//! The format readers (JSON exports with escapes, HTML, Liquid, YAML, Markdown): every
//! decoded offset maps back inside the file, in order; and applying all safe fixes to a JSON
//! export that parsed leaves it parseable, with the same macros. The same holds for the input
//! made one long line (line breaks become spaces, repeated past 16 KiB, as a one-line export
//! is), whose line index gives the same columns as counting and windows of bounded size.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use macrolint::fix::{Safety, apply, edits_for};
use macrolint::{ByteRange, Catalog, Format, check};

const FORMATS: [Format; 5] = [
    Format::Json,
    Format::Html,
    Format::Liquid,
    Format::Yaml,
    Format::Markdown,
];

fuzz_target!(|data: &[u8]| {
    let Some((format, opts, sel, text)) = common::split(data, &FORMATS) else {
        return;
    };
    let long = one_long_line(&text);
    read_and_map(text, format, opts, sel);
    if let Some(long) = long {
        lines_of(&long);
        read_and_map(long, format, opts, sel);
    }
});

/// `text` with its line breaks made spaces, repeated to at least 16 KiB (none if empty): many
/// times the line index's mark distance, and a line no template has.
fn one_long_line(text: &str) -> Option<String> {
    let unit = text.replace(['\n', '\r'], " ");
    if unit.is_empty() {
        return None;
    }
    Some(unit.repeat((16 * 1024) / unit.len() + 1))
}

/// The line index on one long line: columns as counted, windows as long as asked.
fn lines_of(text: &str) {
    use macrolint::source::LineIndex;
    let lines = LineIndex::new(text);
    // Columns counted character by character, once, against the index at every 97th.
    let mut counted = 0;
    for (k, (at, c)) in text.char_indices().chain([(text.len(), ' ')]).enumerate() {
        if k % 97 != 0 {
            if c != '\u{feff}' {
                counted += 1;
            }
            continue;
        }
        assert_eq!(lines.position(text, at).1, counted + 1, "column at {at}");
        if c != '\u{feff}' {
            counted += 1;
        }
        let w = lines.window(text, at..at, 80);
        assert!(w.text.chars().count() <= 160, "window of {}", w.text.len());
        assert!(w.start <= at && at <= w.start + w.text.len());
    }
}

fn read_and_map(text: String, format: Format, opts: macrolint::source::ReadOptions, sel: u8) {
    let doc = common::document(text, format, opts);
    if let Some((r, _)) = &doc.error {
        assert!(r.start <= r.end && r.end <= doc.text.len(), "error range {r:?}");
    }
    for u in &doc.units {
        common::assert_range(&doc.text, u.range, "unit");
    }
    for seg in &doc.segments {
        if let Some(u) = seg.unit {
            assert!(u < doc.units.len(), "segment names unit {u} of {}", doc.units.len());
        }
        // Every char boundary of the decoded text (at most a few hundred, evenly spread).
        let bounds: Vec<usize> = (0..=seg.text.len())
            .filter(|&i| seg.text.is_char_boundary(i))
            .collect();
        let step = (bounds.len() / 300).max(1);
        let probes: Vec<usize> = bounds.iter().copied().step_by(step).collect();
        let mut last = 0;
        for &at in &probes {
            let r = seg.to_file(ByteRange::new(at, at));
            assert!(r.start <= r.end && r.end <= doc.text.len(), "offset {at} -> {r}");
            assert!(r.start >= last, "offset {at} maps to {r}, before {last}");
            last = r.start;
        }
        for w in probes.windows(2) {
            let r = seg.to_file(ByteRange::new(w[0], w[1]));
            assert!(r.start <= r.end && r.end <= doc.text.len(), "{w:?} -> {r}");
        }
        let all = seg.to_file(ByteRange::new(0, seg.text.len()));
        assert!(all.end <= doc.text.len(), "whole segment -> {all}");
    }

    // Safe fixes keep a parsed JSON export parseable, with as many macros.
    if format == Format::Json && doc.error.is_none() {
        let catalog = Catalog::default_catalog();
        let ctx = common::context(&catalog, sel);
        let edits = edits_for(&check(&doc, &ctx), Safety::All);
        if edits.is_empty() {
            return;
        }
        let strict = serde_json::from_str::<serde_json::Value>(&doc.text).is_ok();
        let fixed = apply(&doc.text, &edits).expect("the check's own edits apply");
        let again = common::document(fixed.clone(), Format::Json, opts);
        assert!(
            again.error.is_none(),
            "fixing broke the export: {:?}\nbefore: {:?}\nafter:  {fixed:?}",
            again.error,
            doc.text
        );
        assert_eq!(again.units.len(), doc.units.len(), "fixing changed the macros");
        if strict {
            assert!(
                serde_json::from_str::<serde_json::Value>(&fixed).is_ok(),
                "fixing broke strict JSON: {fixed:?}"
            );
        }
    }
}
