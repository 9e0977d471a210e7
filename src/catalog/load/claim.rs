//! Reading `[[claim]]` entries: frames, exceptions, conditions and examples.

use std::collections::BTreeSet;

use super::errors::{Errors, date, id_set, ids_exist};
use super::raw::{RawClaim, RawExample};
use super::words;
use crate::catalog::frame::{Frame, WordGroups};
use crate::catalog::{Claim, ClaimExample, PhraseSet};
use crate::rule::Rule;

/// Rules a claim may report under: the phrase rules of DESIGN §4.
const CLAIM_RULES: &[Rule] = &[
    Rule::OutdatedClaim,
    Rule::MisleadingClaim,
    Rule::OutOfScope,
    Rule::UnavailableChannel,
    Rule::RemovedChannel,
    Rule::UnofficialChannel,
];

/// Most frames (or exceptions) one claim may have.
const MAX_FRAMES: usize = 32;
/// Most examples one claim may carry: they run when the catalog is checked.
const MAX_EXAMPLES: usize = 200;
/// Longest example text: an example is a sentence or two, not a document.
const MAX_EXAMPLE_LEN: usize = 2_000;

/// A claim with its frames, not yet registered in the catalog's frame index.
pub(super) struct Built {
    pub claim: Claim,
    pub frames: Vec<Frame>,
    pub excepts: Vec<Frame>,
}

/// What claims may name: channel ids, audiences and regions.
pub(super) struct Names<'a> {
    pub ids: &'a BTreeSet<String>,
    pub audiences: &'a BTreeSet<String>,
    pub regions: &'a BTreeSet<String>,
    pub groups: &'a WordGroups,
}

pub(super) fn build(
    errors: &mut Errors<'_>,
    file: usize,
    raw: &RawClaim,
    names: &Names<'_>,
) -> Option<Built> {
    let start = errors.len();
    let id = raw.id.get_ref();
    let rule = match raw.rule.get_ref().parse::<Rule>() {
        Ok(r) if CLAIM_RULES.contains(&r) => Some(r),
        Ok(r) => {
            errors.help(
                file,
                raw.rule.span(),
                format!("a claim cannot report `{r}`"),
                format!(
                    "use one of: {}",
                    CLAIM_RULES
                        .iter()
                        .map(|r| r.id())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
            None
        }
        Err(e) => {
            errors.help(
                file,
                raw.rule.span(),
                e.to_string(),
                "write one of the rule ids",
            );
            None
        }
    };
    if raw.frame.is_empty() && raw.patterns.is_empty() {
        errors.help(
            file,
            raw.id.span(),
            format!("claim `{id}` has no frames"),
            "add a [[claim.frame]] with `words = [[\"…\"], [\"…\"]]` (or, as an escape hatch, regex `patterns`)",
        );
    }
    for (what, n) in [
        ("frames", raw.frame.len()),
        ("exceptions", raw.except.len()),
    ] {
        if n > MAX_FRAMES {
            errors.help(
                file,
                raw.id.span(),
                format!("claim `{id}` has {n} {what}, more than {MAX_FRAMES}"),
                "split it into several claims",
            );
        }
    }
    let frames: Vec<Frame> = raw
        .frame
        .iter()
        .take(MAX_FRAMES)
        .filter_map(|f| words::frame(errors, file, f, names.groups))
        .collect();
    let excepts: Vec<Frame> = raw
        .except
        .iter()
        .take(MAX_FRAMES)
        .filter_map(|f| words::frame(errors, file, f, names.groups))
        .collect();
    for f in raw.frame.iter().chain(&raw.except) {
        id_set(
            errors,
            file,
            &f.get_ref().reader,
            names.audiences,
            "audience",
            "premium",
        );
    }
    let patterns = words::compile_all(errors, file, &raw.patterns);
    let unless = words::compile_all(errors, file, &raw.unless);
    let audience_ids = |errors: &mut Errors<'_>, items: &[toml::Spanned<String>]| {
        id_set(
            errors,
            file,
            items,
            names.audiences,
            "audience",
            "customer, seller",
        )
    };
    let audience = audience_ids(errors, &raw.audience);
    let except_audience = audience_ids(errors, &raw.except_audience);
    let region = id_set(
        errors,
        file,
        &raw.region,
        names.regions,
        "region",
        "us, abroad",
    );
    let channels = ids_exist(errors, file, &raw.channels, names.ids, "channels");
    let replacement = ids_exist(errors, file, &raw.replacement, names.ids, "replacement");
    let since = raw.since.as_ref().and_then(|d| date(errors, file, d));
    let examples = raw.flags.len() + raw.passes.len();
    if examples > MAX_EXAMPLES {
        errors.help(
            file,
            raw.id.span(),
            format!("claim `{id}` has {examples} examples, more than {MAX_EXAMPLES}"),
            "keep the examples that show the edges of the claim",
        );
    }
    let example = |errors: &mut Errors<'_>, e: &toml::Spanned<RawExample>| {
        let (text, audience, region) = match e.get_ref() {
            RawExample::Text(t) => (t.clone(), None, None),
            RawExample::WithContext {
                text,
                audience,
                region,
            } => {
                let items: Vec<toml::Spanned<String>> = audience
                    .iter()
                    .map(|a| toml::Spanned::new(e.span(), a.clone()))
                    .collect();
                let a = (!audience.is_empty()).then(|| audience_ids(errors, &items));
                let r = region.as_ref().and_then(|r| {
                    id_set(
                        errors,
                        file,
                        &[toml::Spanned::new(e.span(), r.clone())],
                        names.regions,
                        "region",
                        "us, abroad",
                    )
                    .into_iter()
                    .next()
                });
                (text.clone(), a, r)
            }
        };
        if text.len() > MAX_EXAMPLE_LEN {
            errors.help(
                file,
                e.span(),
                format!(
                    "an example of claim `{id}` is {} bytes long, over the limit of {MAX_EXAMPLE_LEN}",
                    text.len()
                ),
                "an example is a sentence or two: shorten it",
            );
        }
        if text.trim().is_empty() {
            errors.help(
                file,
                e.span(),
                format!("an example of claim `{id}` is empty"),
                "write the sentence the claim must flag or pass",
            );
        }
        ClaimExample {
            text,
            audience,
            region,
            at: errors.location(file, e.span()),
        }
    };
    let flags = raw.flags.iter().map(|e| example(errors, e)).collect();
    let passes = raw.passes.iter().map(|e| example(errors, e)).collect();
    if errors.len() > start {
        return None;
    }
    let rule = rule?;
    let in_conditions = raw.in_conditions.unwrap_or(matches!(
        rule,
        Rule::OutdatedClaim | Rule::RemovedChannel | Rule::UnavailableChannel
    ));
    Some(Built {
        claim: Claim {
            id: id.clone(),
            rule,
            frames: Vec::new(),
            excepts: Vec::new(),
            phrases: PhraseSet {
                patterns,
                unless,
                gate: Default::default(),
            },
            in_conditions,
            region,
            audience,
            except_audience,
            channels,
            since,
            replacement,
            note: raw.note.clone(),
            rewrite: raw.rewrite.clone(),
            flags,
            passes,
            source: raw.source.clone(),
        },
        frames,
        excepts,
    })
}
