//! Fixes: the check's edits always apply, change no byte outside the edits, and fixing is
//! idempotent (the fixed text, checked again, has no safe fix left, unless an edit was left
//! for the next pass because it overlapped another).
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use macrolint::fix::{Safety, apply, edits_for};
use macrolint::{Catalog, check};

fuzz_target!(|data: &[u8]| {
    let Some((format, opts, sel, text)) = common::split(data, &common::FORMATS) else {
        return;
    };
    let catalog = Catalog::default_catalog();
    let ctx = common::context(&catalog, sel);
    let safety = if sel & 0x20 != 0 { Safety::All } else { Safety::SafeOnly };

    let doc = common::document(text.clone(), format, opts);
    let findings = check(&doc, &ctx);
    let edits = edits_for(&findings, safety);
    let fixed = apply(&text, &edits).expect("the check's own edits apply");

    // Every byte outside the edits is copied, in order.
    let mut pos = 0; // in `text`
    let mut out = 0; // in `fixed`
    for e in &edits {
        let kept = &text[pos..e.range.start];
        assert_eq!(&fixed[out..out + kept.len()], kept, "bytes before {} changed", e.range);
        out += kept.len();
        assert_eq!(&fixed[out..out + e.replacement.len()], e.replacement);
        out += e.replacement.len();
        pos = e.range.end;
    }
    assert_eq!(&fixed[out..], &text[pos..], "the tail changed");

    // Idempotent: a second application of the same edits is what `fix` would write again
    // only if nothing was dropped; with every edit applied, the fixed text needs no more.
    let wanted: usize = findings
        .iter()
        .filter_map(|f| f.fixes.iter().find(|x| x.applies(safety == Safety::All)))
        .map(|x| x.edits.len())
        .sum();
    if safety == Safety::SafeOnly && wanted == edits.len() && !edits.is_empty() {
        let doc2 = common::document(fixed.clone(), format, opts);
        let edits2 = edits_for(&check(&doc2, &ctx), safety);
        let twice = apply(&fixed, &edits2).expect("the second pass's edits apply");
        assert_eq!(
            twice, fixed,
            "fixing is not idempotent\noriginal: {text:?}\nonce:  {fixed:?}\ntwice: {twice:?}\nsecond edits: {edits2:?}"
        );
    }
});
