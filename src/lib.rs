//! macrolint: a linter and language server for customer-support reply templates.
//!
//! The core is pure: [`check`] takes a [`Document`] and a [`Context`] and returns [`Finding`]s.
//! It reads no files and runs no async code, so the CLI, the LSP server, tests and benches all
//! call the same function and always agree.

pub mod assist;
#[cfg(feature = "native")]
pub mod baseline;
pub mod catalog;
pub mod chunk;
#[cfg(feature = "native")]
pub mod cleanup;
pub mod config;
pub mod contact;
pub mod context;
pub mod dates;
#[cfg(feature = "native")]
pub mod disk;
pub mod dynamic;
pub mod examples;
pub mod finding;
pub mod fix;
pub mod ids;
#[cfg(feature = "native")]
pub mod lsp;
#[cfg(feature = "native")]
pub mod parts;
#[cfg(feature = "native")]
pub mod report;
pub mod rule;
pub mod rules;
pub mod scan;
pub mod source;
pub mod vocab;
#[cfg(feature = "wasm")]
pub mod wasm;
pub mod words;
#[cfg(feature = "native")]
pub mod workspace;

pub use catalog::{Catalog, ChannelId};
pub use context::Context;
pub use dynamic::DynamicContent;
pub use finding::{ByteRange, Edit, Finding, Fix, Lang, Message, Severity, Silence, SilenceReason};
pub use rules::{ChannelUse, Rule, UseKind};
pub use source::{Document, Format};

use scan::directive::{Directive, Scope};
use source::LineIndex;

/// Checks one document: every rule over every segment of customer text, ranges and fixes mapped
/// back to the file's bytes, then suppression comments, in source order.
pub fn check(doc: &Document, ctx: &Context<'_>) -> Vec<Finding> {
    check_explained(doc, ctx).0
}

/// [`check`], and what was not reported and why: the claims a negation, a history cue or an
/// exception silenced, the contacts a sentence says not to use (`check --explain-silence`,
/// the editor's hover).
pub fn check_explained(doc: &Document, ctx: &Context<'_>) -> (Vec<Finding>, Vec<Silence>) {
    judge(doc, ctx, None, Split::Pieces)
}

/// [`check_explained`] for a document checked again and again (the editor's): the verdicts of
/// pieces whose text did not change since the last check with `judged` are reused, shifted to
/// where the pieces now stand, so an edit re-judges only the piece it touched.
pub fn check_incremental(
    doc: &Document,
    ctx: &Context<'_>,
    judged: &mut chunk::Judged,
) -> (Vec<Finding>, Vec<Silence>) {
    judged.begin(ctx);
    check_judged(doc, ctx, judged)
}

/// [`check_incremental`] of one part of a document, after [`chunk::Judged::begin`].
pub(crate) fn check_judged(
    doc: &Document,
    ctx: &Context<'_>,
    judged: &mut chunk::Judged,
) -> (Vec<Finding>, Vec<Silence>) {
    judge(doc, ctx, Some(judged), Split::Pieces)
}

/// Runs `job(0) … job(n - 1)` and returns their results in that order, on as many threads as
/// the caller likes: the core has none of its own, so a shell with a pool (the CLI) hands one
/// in through [`check_spread`].
pub type Spread<'a> =
    dyn Fn(usize, &(dyn Fn(usize) -> chunk::Verdict + Sync)) -> Vec<chunk::Verdict> + Sync + 'a;

/// A segment smaller than this is judged piece after piece even when a [`Spread`] is given:
/// handing pieces to other threads costs more than it saves on a template's few kilobytes.
pub(crate) const SPREAD_FROM: usize = 64 * 1024;

/// How a segment is judged: piece by piece (always, see [`chunk`]), the pieces of a large one
/// perhaps spread over threads, or whole (for the test that the two agree).
#[derive(Clone, Copy)]
enum Split<'s> {
    Pieces,
    Spread(&'s Spread<'s>),
    #[cfg_attr(not(test), allow(dead_code))]
    Whole,
}

/// [`check_explained`] with the pieces of each large segment judged through `spread` (a
/// thread pool's): the same findings in the same order, sooner on a large file.
pub fn check_spread(
    doc: &Document,
    ctx: &Context<'_>,
    spread: &Spread<'_>,
) -> (Vec<Finding>, Vec<Silence>) {
    judge(doc, ctx, None, Split::Spread(spread))
}

fn judge(
    doc: &Document,
    ctx: &Context<'_>,
    mut judged: Option<&mut chunk::Judged>,
    split: Split<'_>,
) -> (Vec<Finding>, Vec<Silence>) {
    let mut findings = Vec::new();
    let mut silences = Vec::new();
    if let Some((range, why)) = &doc.error
        && let Some(severity) = ctx.level(Rule::IoError)
    {
        let mut f = Finding::new(
            Rule::IoError,
            *range,
            Message::new(
                format!("Файл не читается как {:?}: {why}.", doc.format),
                format!("The file cannot be read as {:?}: {why}.", doc.format),
            ),
        );
        f.severity = severity;
        findings.push(f);
    }
    if doc.owes_text()
        && let Some(severity) = ctx.level(Rule::NoTemplateText)
    {
        let mut f = Finding::new(
            Rule::NoTemplateText,
            ByteRange::new(doc.body.start, doc.body.start),
            Message::new(
                format!(
                    "В файле не найдено текста шаблонов (прочитан как {}): проверять было нечего.",
                    doc.shape.describe_in(Lang::Ru)
                ),
                format!(
                    "No template text was found in this file (read as {}): nothing was checked.",
                    doc.shape.describe_in(Lang::En)
                ),
            ),
        );
        f.severity = severity;
        findings.push(f);
    }
    // Findings of the segments that hold a reply twice (as text and as HTML), kept apart to be
    // merged: (segment, the finding's decoded range, the finding).
    let mut twinned: Vec<(usize, ByteRange, Finding)> = Vec::new();
    for (si, seg) in doc.segments.iter().enumerate() {
        let unit = seg.unit.and_then(|i| doc.units.get(i));
        let (audience, region) = ctx.reader_of(doc, seg);
        // A Dynamic Content variant speaks to every reader of the macros that send it.
        let readers: Vec<(Option<&catalog::Audience>, Option<&str>)> = unit
            .and_then(|u| u.dynamic_content.as_deref())
            .zip(ctx.dynamic_content)
            .map(|(name, dc)| {
                dc.readers(name)
                    .map(|r| (r.audience.as_ref(), r.region.as_deref()))
                    .collect()
            })
            .filter(|r: &Vec<_>| !r.is_empty())
            .unwrap_or_else(|| vec![(audience, region)]);
        let (found, silenced) =
            judge_segment(&seg.text, ctx, &readers, judged.as_deref_mut(), split);
        silences.extend(silenced.into_iter().map(|mut s| {
            s.range = seg.to_file(s.range);
            s.cue = seg.to_file(s.cue);
            s
        }));
        for mut f in found {
            let decoded = f.range;
            f.range = seg.to_file(f.range);
            // Each edit goes back into the file escaped for the exact container it lands in; a
            // fix with an edit that cannot (it starts or ends inside an escape decoded as a
            // whole, or its container cannot hold the text) is dropped, the finding kept.
            f.fixes
                .retain_mut(|fix| fix.edits.iter_mut().all(|e| seg.write_back(e)));
            f.unit = unit.map(|u| finding::MacroRef {
                id: u.id.clone(),
                title: u.title.clone(),
                kind: u.kind.clone(),
            });
            if seg.twin.is_some() {
                twinned.push((si, decoded, f));
            } else {
                findings.push(f);
            }
        }
    }
    findings.extend(merge_twins(doc, twinned));
    let directives = scan::directive::find(&doc.text);
    if !directives.is_empty() {
        let lines = LineIndex::new(&doc.text);
        findings.retain(|f| !suppressed(f, &directives, &lines));
    }
    let mut findings = rules::one_per_words(findings);
    findings.sort_by(|a, b| {
        (a.range.start, a.range.end, a.rule).cmp(&(b.range.start, b.range.end, b.rule))
    });
    silences.sort_by(|a, b| {
        (a.range.start, a.range.end, a.rule, &a.subject).cmp(&(
            b.range.start,
            b.range.end,
            b.rule,
            &b.subject,
        ))
    });
    // Two frames of one claim on the same words were silenced by the same cue: say it once.
    silences.dedup_by(|a, b| a.range == b.range && a.rule == b.rule && a.subject == b.subject);
    // Words that were reported after all (by another claim or frame) are no silence.
    // Per rule, the findings' starts in order and the furthest end so far: a silence overlaps
    // one of them when one starting before its end reaches past its start.
    let mut reach: std::collections::HashMap<Rule, Vec<(usize, usize)>> = Default::default();
    for f in &findings {
        let list = reach.entry(f.rule).or_default();
        let furthest = list
            .last()
            .map_or(f.range.end, |&(_, e)| e.max(f.range.end));
        list.push((f.range.start, furthest));
    }
    silences.retain(|s| {
        let Some(list) = reach.get(&s.rule) else {
            return true;
        };
        let k = list.partition_point(|&(start, _)| start < s.range.end);
        !(k > 0 && list[k - 1].1 > s.range.start)
    });
    (findings, silences)
}

/// Every piece of a segment's text judged (or its verdict reused), ranges into the segment.
fn judge_segment(
    text: &str,
    ctx: &Context<'_>,
    readers: &[(Option<&catalog::Audience>, Option<&str>)],
    mut judged: Option<&mut chunk::Judged>,
    split: Split<'_>,
) -> (Vec<Finding>, Vec<Silence>) {
    let mut found = Vec::new();
    let mut silenced = Vec::new();
    let pieces = match split {
        Split::Pieces | Split::Spread(_) => {
            chunk::pieces(text, &ctx.catalog.vocabulary.cues.consequence)
        }
        Split::Whole => vec![ByteRange::new(0, text.len())],
    };
    if let Split::Spread(spread) = split
        && judged.is_none()
        && pieces.len() > 1
        && text.len() >= SPREAD_FROM
    {
        let job = |k: usize| judge_piece(&text[pieces[k].start..pieces[k].end], ctx, readers);
        let verdicts = spread(pieces.len(), &job);
        assert_eq!(
            verdicts.len(),
            pieces.len(),
            "a spread returns one verdict per job"
        );
        for (piece, mut v) in pieces.iter().zip(verdicts) {
            v.shift(piece.start);
            found.extend(v.findings);
            silenced.extend(v.silences);
        }
        return (found, silenced);
    }
    for piece in pieces {
        let sub = &text[piece.start..piece.end];
        let judge = || judge_piece(sub, ctx, readers);
        let mut v = match judged.as_deref_mut() {
            Some(j) => j.verdict(chunk::piece_key(sub, readers), judge),
            None => judge(),
        };
        v.shift(piece.start);
        found.extend(v.findings);
        silenced.extend(v.silences);
    }
    (found, silenced)
}

/// One piece judged for each of its readers; a finding every reader gets is reported once.
fn judge_piece(
    text: &str,
    ctx: &Context<'_>,
    readers: &[(Option<&catalog::Audience>, Option<&str>)],
) -> chunk::Verdict {
    let scan = scan::scan(text, ByteRange::new(0, text.len()), ctx.catalog);
    if let [(audience, region)] = readers {
        let (findings, silences) = rules::run(text, &scan, ctx, *audience, *region);
        return chunk::Verdict { findings, silences };
    }
    let mut v = chunk::Verdict::default();
    for (audience, region) in readers {
        let (f, s) = rules::run(text, &scan, ctx, *audience, *region);
        for f in f {
            if !v
                .findings
                .iter()
                .any(|x| x.rule == f.rule && x.range == f.range && x.message == f.message)
            {
                v.findings.push(f);
            }
        }
        v.silences.extend(s);
    }
    v
}

/// One mistake in a reply kept twice (as text and as HTML) is one finding: the first segment's,
/// its fixes editing the twin too. A finding of the twin matches one of the first segment's by
/// its rule and the decoded words it covers (the n-th such finding pairs with the n-th).
fn merge_twins(doc: &Document, twinned: Vec<(usize, ByteRange, Finding)>) -> Vec<Finding> {
    use std::collections::HashMap;
    // (unit, twin group) → the first segment of the group.
    let mut first: HashMap<(Option<usize>, u32), usize> = HashMap::new();
    for (si, seg) in doc.segments.iter().enumerate() {
        if let Some(g) = seg.twin {
            first.entry((seg.unit, g)).or_insert(si);
        }
    }
    // The same mistake reads the same in both twins up to spacing and a link's scheme: the
    // HTML twin spells a space as `&nbsp;` (U+00A0, whitespace too) and carries a link as
    // `href="https://t.me/…"` where the text twin writes `t.me/…`.
    let words = |si: usize, r: ByteRange| -> String {
        let t = &doc.segments[si].text;
        let w: Vec<&str> = t
            .get(r.start..r.end)
            .unwrap_or_default()
            .split_whitespace()
            .map(|w| {
                ["https://", "http://", "mailto:", "tel:"]
                    .iter()
                    .find_map(|p| w.strip_prefix(p))
                    .unwrap_or(w)
                    .trim_end_matches('/')
            })
            .collect();
        w.join(" ")
    };
    let mut out: Vec<Finding> = Vec::new();
    // (group, rule, words) → the indices in `out` of the first segment's findings, in order.
    // (the unit and twin group, the rule, the words covered): one mistake in either twin.
    type Key = ((Option<usize>, u32), Rule, String);
    let mut primary: HashMap<Key, Vec<usize>> = HashMap::new();
    let mut used: HashMap<Key, usize> = HashMap::new();
    let (firsts, rest): (Vec<_>, Vec<_>) = twinned.into_iter().partition(|(si, _, _)| {
        let seg = &doc.segments[*si];
        seg.twin
            .is_some_and(|g| first.get(&(seg.unit, g)) == Some(si))
    });
    for (si, decoded, f) in firsts {
        let seg = &doc.segments[si];
        let group = (seg.unit, seg.twin.unwrap_or_default());
        primary
            .entry((group, f.rule, words(si, decoded)))
            .or_default()
            .push(out.len());
        out.push(f);
    }
    for (si, decoded, f) in rest {
        let seg = &doc.segments[si];
        let key = (
            (seg.unit, seg.twin.unwrap_or_default()),
            f.rule,
            words(si, decoded),
        );
        let n = used.entry(key.clone()).or_insert(0);
        // The n-th such finding of the twin pairs with the first segment's n-th; one more (an
        // HTML link's `href` and its visible text, where the text twin writes the link once)
        // is the same mistake again and joins the last.
        match primary
            .get(&key)
            .and_then(|list| list.get(*n).or(list.last()))
        {
            Some(&at) => {
                *n += 1;
                let p = &mut out[at];
                // The twins' fixes come in the same order; their titles may differ in
                // spacing (a no-break space kept from the HTML).
                let same_count = p.fixes.len() == f.fixes.len();
                for (i, fix) in p.fixes.iter_mut().enumerate() {
                    let twin_fix = f
                        .fixes
                        .iter()
                        .find(|x| x.title == fix.title)
                        .or_else(|| f.fixes.get(i).filter(|_| same_count));
                    if let Some(twin_fix) = twin_fix {
                        fix.edits.extend(twin_fix.edits.iter().cloned());
                        fix.edits.sort_by_key(|e| e.range.start);
                    }
                }
            }
            None => out.push(f),
        }
    }
    out
}

/// Where `doc` uses catalog channels: written contacts, placeholders and claim mentions, in
/// source order (what `macrolint usage` lists before a channel is retired).
pub fn uses(doc: &Document, catalog: &Catalog) -> Vec<ChannelUse> {
    let mut out = Vec::new();
    for seg in &doc.segments {
        let scan = scan::scan(&seg.text, ByteRange::new(0, seg.text.len()), catalog);
        out.extend(
            rules::uses(&seg.text, &scan, catalog)
                .into_iter()
                .map(|mut u| {
                    u.range = seg.to_file(u.range);
                    u
                }),
        );
    }
    out.sort_by(|a, b| {
        (a.range.start, a.range.end, &a.channel).cmp(&(b.range.start, b.range.end, &b.channel))
    });
    out
}

/// Whether a suppression comment silences `f`.
fn suppressed(f: &Finding, directives: &[Directive], lines: &LineIndex) -> bool {
    let line = lines.line_of(f.range.start);
    directives.iter().any(|d| {
        let applies = d.rules.is_empty() || d.rules.contains(&f.rule);
        let first = lines.line_of(d.range.start);
        let last = lines.line_of(d.range.end.saturating_sub(1).max(d.range.start));
        applies
            && match d.scope {
                Scope::File => true,
                Scope::Line => (first..=last).contains(&line),
                Scope::NextLine => line == last + 1,
            }
    })
}

/// [`check_explained`] with every segment judged whole, not in pieces.
#[cfg(test)]
pub(crate) fn check_whole(doc: &Document, ctx: &Context<'_>) -> (Vec<Finding>, Vec<Silence>) {
    judge(doc, ctx, None, Split::Whole)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(text: &str) -> Vec<Rule> {
        let c = Catalog::default_catalog();
        let ctx = Context::new(&c, "2026-01-01".parse().unwrap());
        check(&Document::new(text, Format::Markdown), &ctx)
            .into_iter()
            .map(|f| f.rule)
            .collect()
    }

    #[test]
    fn suppression_next_line_line_and_file() {
        let t = "<!-- macrolint-disable-next-line removed-channel -- archived -->\n{{contact.phone.premium}}\n{{contact.phone.premium}}";
        assert_eq!(
            rules(t),
            [Rule::RemovedChannel],
            "only the second line is reported"
        );
        let t = "{{contact.phone.premium}} {{! macrolint-disable-line }}";
        assert!(rules(t).is_empty());
        let t = "{# macrolint-disable-file removed-channel #}\n{{contact.phone.premium}}\nЗвоните +7 812 494-06-06";
        assert_eq!(rules(t), [Rule::HardToReach]);
    }

    #[test]
    fn suppression_names_only_its_rules() {
        let t = "<!-- macrolint-disable-next-line hard-to-reach -->\n{{contact.phone.premium}}";
        assert_eq!(rules(t), [Rule::RemovedChannel]);
    }

    #[test]
    fn findings_are_in_source_order() {
        let c = Catalog::default_catalog();
        let ctx = Context::new(&c, "2026-01-01".parse().unwrap());
        let f = check(
            &Document::new(
                "ir@ozon.ru {{contact.x}} +7 812 494-06-06 t.me/a",
                Format::Plain,
            ),
            &ctx,
        );
        assert!(f.windows(2).all(|w| w[0].range.start <= w[1].range.start));
    }

    #[test]
    fn severity_overrides_and_off() {
        let c = Catalog::default_catalog();
        let mut ctx = Context::new(&c, "2026-01-01".parse().unwrap());
        ctx.levels.insert(Rule::HardToReach, None);
        ctx.levels
            .insert(Rule::ContactFormat, Some(Severity::Error));
        let f = check(&Document::new("7 (812) 494−06−06", Format::Plain), &ctx);
        assert_eq!(f.len(), 1);
        assert_eq!(
            (f[0].rule, f[0].severity),
            (Rule::ContactFormat, Severity::Error)
        );
    }
}
