//! Checking a large document in parts: a helpdesk export holds thousands of bodies, each a
//! segment of its own, and `check` judges every segment on its own. A few runs of segments,
//! each checked as a document that shares the whole text, find together what one check finds,
//! in the same order; and between parts, a check can be given up (the language server's newer
//! edit) or the parts can run on every core (the CLI).
//!
//! The core stays as it is: synchronous, one call per document. That every part finds what
//! the whole would is a test here (`parts_find_what_the_whole_finds`); a rule that one day
//! judges a body by another body's text must end it.

use std::ops::Range;

use crate::chunk::Judged;
use crate::{Context, Document, Finding, Silence};

/// Documents smaller than this are checked whole.
pub const LARGE: usize = 64 * 1024;
/// At most this many parts: each one copies the document's text.
pub const MAX_PARTS: usize = 16;

/// The segments of `doc`, in runs of about equal text: one run for a small document or a
/// document of one body.
pub fn runs(doc: &Document) -> Vec<Range<usize>> {
    let n = doc.segments.len();
    if doc.text.len() <= LARGE || n < 2 {
        return std::iter::once(0..n).collect();
    }
    let total: usize = doc.segments.iter().map(|s| s.text.len()).sum();
    let target = (total / MAX_PARTS).max(LARGE);
    let mut out = Vec::new();
    let (mut start, mut size) = (0, 0);
    for (i, seg) in doc.segments.iter().enumerate() {
        size += seg.text.len();
        // A unit's segments stay together: its twins (text and HTML) are merged in one part.
        let unit_goes_on = doc
            .segments
            .get(i + 1)
            .is_some_and(|next| next.unit.is_some() && next.unit == seg.unit);
        if size >= target && !unit_goes_on {
            out.push(start..i + 1);
            (start, size) = (i + 1, 0);
        }
    }
    if start < n {
        out.push(start..n);
    }
    out
}

/// Part `k` of `doc`: the segments of `run`, and the document's own read error in the first.
fn part(doc: &Document, k: usize, run: Range<usize>) -> Document {
    Document {
        text: doc.text.clone(),
        format: doc.format,
        front_matter: doc.front_matter.clone(),
        body: doc.body,
        segments: doc.segments[run].to_vec(),
        units: doc.units.clone(),
        error: if k == 0 { doc.error.clone() } else { None },
        // Whether the file has any text is the whole file's to say, once.
        shape: if k == 0 && doc.owes_text() {
            doc.shape
        } else {
            crate::source::Shape::Unrecognised
        },
        explicit: k == 0 && doc.owes_text(),
    }
}

/// What the parts found, in `check`'s own order.
fn merged(results: Vec<(Vec<Finding>, Vec<Silence>)>) -> (Vec<Finding>, Vec<Silence>) {
    let (mut findings, mut silences): (Vec<Finding>, Vec<Silence>) = (Vec::new(), Vec::new());
    for (f, s) in results {
        findings.extend(f);
        silences.extend(s);
    }
    findings.sort_by(|x, y| {
        (x.range.start, x.range.end, x.rule).cmp(&(y.range.start, y.range.end, y.rule))
    });
    silences.sort_by(|x, y| {
        (x.range.start, x.range.end, x.rule, &x.subject).cmp(&(
            y.range.start,
            y.range.end,
            y.rule,
            &y.subject,
        ))
    });
    (findings, silences)
}

/// [`crate::check_explained`], a part at a time, looking at `cancelled` before each: `None`
/// once it says yes.
///
/// With `judged`, the verdicts of pieces the last check of the document saw are reused (see
/// [`crate::check_incremental`]).
pub fn check_unless(
    doc: &Document,
    ctx: &Context<'_>,
    cancelled: &dyn Fn() -> bool,
    mut judged: Option<&mut Judged>,
) -> Option<(Vec<Finding>, Vec<Silence>)> {
    let runs = runs(doc);
    if let Some(j) = judged.as_deref_mut() {
        j.begin(ctx);
    }
    let mut check = |doc: &Document| match judged.as_deref_mut() {
        Some(j) => crate::check_judged(doc, ctx, j),
        None => crate::check_explained(doc, ctx),
    };
    if runs.len() <= 1 {
        return Some(check(doc));
    }
    let mut results = Vec::with_capacity(runs.len());
    for (k, run) in runs.into_iter().enumerate() {
        if cancelled() {
            return None;
        }
        results.push(check(&part(doc, k, run)));
    }
    Some(merged(results))
}

/// [`crate::check_explained`] with the parts on every core.
pub fn check_parallel(doc: &Document, ctx: &Context<'_>) -> (Vec<Finding>, Vec<Silence>) {
    use rayon::prelude::*;
    // The pieces of one large segment (a long article) on every core too.
    let spread = |n: usize, job: &(dyn Fn(usize) -> crate::chunk::Verdict + Sync)| {
        (0..n).into_par_iter().map(job).collect::<Vec<_>>()
    };
    let runs = runs(doc);
    if runs.len() <= 1 {
        return crate::check_spread(doc, ctx, &spread);
    }
    let results: Vec<_> = runs
        .into_par_iter()
        .enumerate()
        .map(|(k, run)| crate::check_spread(&part(doc, k, run), ctx, &spread))
        .collect();
    merged(results)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Catalog, Format};

    fn export(n: usize) -> String {
        let macros: Vec<String> = (0..n)
            .map(|i| format!(r#"{{"id":{i},"title":"m{i}","actions":[{{"field":"comment_value","value":"Звоните +7 495 232−10−00 или пишите sellersup@ozon.ru, {{{{contact.phone.premium}}}}. Выделенной линии для Premium больше нет. {}"}}]}}"#, "а".repeat(i % 50)))
            .collect();
        format!(r#"{{"macros":[{}]}}"#, macros.join(","))
    }

    /// A large export checked in parts finds what one check finds, in the same order, and so
    /// do the parts in parallel.
    #[test]
    fn parts_find_what_the_whole_finds() {
        let catalog = Catalog::default_catalog();
        let ctx = Context::new(&catalog, "2026-01-01".parse().unwrap());
        let doc = Document::new(export(1500), Format::Json);
        assert!(runs(&doc).len() > 1);
        let whole = crate::check_explained(&doc, &ctx);
        assert!(!whole.0.is_empty() && !whole.1.is_empty());
        assert_eq!(check_unless(&doc, &ctx, &|| false, None).unwrap(), whole);
        let mut judged = Judged::new();
        for _ in 0..3 {
            assert_eq!(
                check_unless(&doc, &ctx, &|| false, Some(&mut judged)).unwrap(),
                whole
            );
        }
        assert_eq!(judged.judged, 0, "an unchanged export is judged again");
        assert_eq!(check_parallel(&doc, &ctx), whole);
    }

    /// A check stops at the next part once it is cancelled.
    #[test]
    fn a_cancelled_check_stops_between_parts() {
        let catalog = Catalog::default_catalog();
        let ctx = Context::new(&catalog, "2026-01-01".parse().unwrap());
        let doc = Document::new(export(1500), Format::Json);
        let calls = std::cell::Cell::new(0);
        let stopped = check_unless(
            &doc,
            &ctx,
            &|| {
                calls.set(calls.get() + 1);
                calls.get() > 2
            },
            None,
        );
        assert!(stopped.is_none());
        assert_eq!(calls.get(), 3, "stopped at the third part, not at the end");
    }
}
