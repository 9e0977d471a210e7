//! `wrong-region`: a number the caller cannot use from where the text says they are (an 8-800
//! line for someone abroad), judged through the catalog's regions: both the line's regions and
//! the reader's are expanded upward (a Moscow line is a Russian line). A sentence that says the
//! number does not work from there is true, and silent.

use super::{Form, Input, Out, label, replace_with};
use crate::catalog::{Channel, Kind, Status};
use crate::finding::{Lang, Message};
use crate::rules::Rule;

pub(super) fn check(input: &Input<'_>, out: &mut Out) {
    let regions = &input.catalog.regions;
    for r in &input.refs {
        let c = input.channel(r);
        if c.kind != Kind::Phone
            || c.callable_from.is_empty()
            || !matches!(r.form, Form::Phone(_) | Form::Placeholder)
        {
            continue;
        }
        let Some(region) = input.region_at(r.range.start) else {
            continue;
        };
        if regions.can_call(&c.callable_from, region) {
            continue;
        }
        // The sentence says where the number is for («бесплатный для звонков из городов
        // России, а из-за рубежа он не предназначен»): it names the number with its condition.
        // Or it gives the number that does serve callers there («8 800 … бесплатно, а из-за
        // границы — +7 495 …», "call 8 800 …, or +7 495 … if you are abroad"): its place phrase
        // is that number's, not this one's.
        if let Some(cue) = names_its_region(input, c, r.range.start)
            .or_else(|| serving_number_beside(input, r, region))
        {
            out.silences.push(input.silence(
                Rule::WrongRegion,
                r.range,
                c.id.as_str(),
                crate::finding::SilenceReason::Addressed,
                cue,
            ));
            continue;
        }
        let governor = input.contact_governor(r.range).or_else(|| {
            let phrase = input.region_phrase_at(r.range.start)?;
            let m = input.scan.matches.iter().find(|m| m.range == phrase)?;
            input.match_governor(m, false)
        });
        if let Some(s) = input.silenced_by(governor, Rule::WrongRegion, r.range, c.id.as_str()) {
            out.silences.push(s);
            continue;
        }
        let alt = alternative(input, c, region);
        let msg = |lang: Lang| {
            let is_for = regions.list_from(&c.callable_from, lang);
            let reader = regions.from_words(region, lang);
            let head = match lang {
                Lang::Ru => format!("{} — для звонков {is_for}", label(c, lang)),
                Lang::En => format!("{} is for calls {is_for}", label(c, lang)),
            };
            match (alt, lang) {
                (Some(a), Lang::Ru) => format!("{head}; {reader} звоните на {}.", label(a, lang)),
                (Some(a), Lang::En) => format!("{head}; {reader}, call {}.", label(a, lang)),
                (None, _) => format!("{head}."),
            }
        };
        let Some(mut f) = input.finding(
            Rule::WrongRegion,
            r.range,
            Message::new(msg(Lang::Ru), msg(Lang::En)),
        ) else {
            continue;
        };
        f = f.with_channel(&c.id);
        if let Some(alt) = alt {
            f = f.with_channel(&alt.id);
            if let Some(fix) = replace_with(input, r, alt) {
                f = f.with_fix(fix);
            }
        }
        out.findings.push(f);
    }
}

/// A phrase of the sentence at `offset`, not negated, that places a caller where `c` can be
/// called from.
fn names_its_region(
    input: &Input<'_>,
    c: &Channel,
    offset: usize,
) -> Option<crate::finding::ByteRange> {
    let regions = &input.catalog.regions;
    let s = input.sentence_at(offset)?;
    let owners = &input.catalog.frames.owners;
    let phrases: Vec<(&crate::scan::FrameMatch, bool)> = input
        .scan
        .matches
        .iter()
        .filter(|m| s.contains(&m.range))
        .filter_map(|m| match owners[m.frame as usize] {
            crate::catalog::Owner::Region(i) => {
                Some((m, regions.can_call(&c.callable_from, &regions.defs[i].id)))
            }
            _ => None,
        })
        .collect();
    // A sentence naming both where the number works and where it does not contrasts them
    // («для звонков из городов России, из-за границы он не работает»): whatever its negation
    // governs, it tells the restriction.
    let contrast = phrases.iter().any(|(_, serves)| !serves);
    phrases
        .iter()
        .find(|(m, serves)| {
            *serves
                && (contrast
                    || !matches!(
                        input.match_governor(m, false),
                        Some(crate::scan::Governor::Negation(_))
                    ))
        })
        .map(|(m, _)| m.range)
}

/// Another number of the same sentence that can be called from `region` and that the phrase
/// placing the caller there belongs to: the phrase stands after this number, and the other one
/// after this one too (between them: «8 800 …; из-за границы — +7 495 …»; last, nearer the
/// other: "8 800 …, or +7 495 … if you are abroad"). A phrase before both governs both («Из-за
/// рубежа звоните: 8 800 … или 8 499 …» offers the 8 800 line for abroad, which is wrong).
fn serving_number_beside(
    input: &Input<'_>,
    r: &super::Reference<'_>,
    region: &str,
) -> Option<crate::finding::ByteRange> {
    let phrase = input.region_phrase_at(r.range.start)?;
    if phrase.start < r.range.start {
        return None;
    }
    let s = input.sentence_at(r.range.start)?;
    let regions = &input.catalog.regions;
    input
        .refs
        .iter()
        .filter(|o| o.range.start > r.range.start && s.contains(&o.range))
        .find(|o| {
            let x = input.channel(o);
            x.kind == Kind::Phone
                && x.id != input.channel(r).id
                && !x.callable_from.is_empty()
                && regions.can_call(&x.callable_from, region)
        })
        .map(|o| o.range)
}

/// A phone for the same audience that can be called from `region` (active ones first).
fn alternative<'a>(input: &Input<'a>, c: &Channel, region: &str) -> Option<&'a Channel> {
    let as_of = input.ctx.as_of;
    let regions = &input.catalog.regions;
    let fits = |x: &&Channel| {
        x.kind == Kind::Phone
            && x.value.is_some()
            && !x.callable_from.is_empty()
            && regions.can_call(&x.callable_from, region)
            && !x.status_on(as_of).is_outdated()
            && (c.audience.is_empty() || !x.audience.is_disjoint(&c.audience))
    };
    let candidates = input.catalog.channels.iter().filter(fits);
    candidates
        .clone()
        .find(|x| x.status_on(as_of) == Status::Active)
        .or_else(|| candidates.clone().next())
}

#[cfg(test)]
mod tests {
    use crate::rules::Rule;
    use crate::rules::testing::{findings, of};
    use crate::{Context, Document, Format, catalog::Catalog, check};

    #[test]
    fn a_domestic_number_for_a_caller_abroad() {
        let f = findings("If you are abroad, call 8 800 234-70-70.", &["buyer"]);
        let f = f.iter().find(|f| f.rule == Rule::WrongRegion).unwrap();
        assert_eq!(f.fixes[0].edits[0].replacement, "+7 495 232-10-00");
        assert_eq!(
            f.message.en,
            "8 800 234-70-70 is for calls from Russia; from abroad, call +7 495 232-10-00."
        );
    }

    #[test]
    fn the_abroad_phrase_counts_only_in_its_sentence() {
        assert!(
            of(
                "Мы работаем за границей. Звоните 8 800 234-70-70.",
                &["buyer"],
                Rule::WrongRegion
            )
            .is_empty()
        );
    }

    #[test]
    fn a_sentence_saying_it_does_not_work_from_abroad_is_true() {
        assert!(
            of(
                "Из-за рубежа на 8 800 234-70-70 не дозвониться.",
                &["buyer"],
                Rule::WrongRegion
            )
            .is_empty()
        );
    }

    #[test]
    fn the_abroad_phrase_belongs_to_the_number_that_serves_abroad() {
        for text in [
            "Звоните на 8 800 234-70-70, а если вы за границей — на +7 495 232-10-00.",
            "Бесплатный номер 8 800 234-70-70 работает по всей России; находясь за рубежом, набирайте +7 495 232-10-00.",
            "Dial 8 800 234-70-70 for free, or +7 495 232-10-00 when you are outside Russia.",
        ] {
            assert!(of(text, &["buyer"], Rule::WrongRegion).is_empty(), "{text}");
        }
        // The phrase before both numbers, or nearer the wrong one: the wrong one is offered
        // for abroad.
        for text in [
            "Из-за границы звоните на 8 800 234-70-70 или +7 495 232-10-00.",
            "Call +7 495 232-10-00, or 8 800 234-70-70 if you are abroad.",
            "Из-за границы звоните на 8 800 234-70-70.",
        ] {
            assert_eq!(of(text, &["buyer"], Rule::WrongRegion).len(), 1, "{text}");
        }
    }

    #[test]
    fn goods_from_abroad_are_a_topic_not_a_place() {
        assert!(
            of(
                "По товарам из-за рубежа звоните 8 800 234-70-70.",
                &["buyer"],
                Rule::WrongRegion
            )
            .is_empty()
        );
    }

    #[test]
    fn region_from_front_matter_covers_the_whole_document() {
        let c = Catalog::default_catalog();
        let ctx = Context::new(&c, "2026-01-01".parse().unwrap());
        let doc = Document::new(
            "---\nregion: abroad\n---\nЗвоните {{contact.phone.federal}}.",
            Format::Markdown,
        );
        assert!(
            check(&doc, &ctx)
                .iter()
                .any(|f| f.rule == Rule::WrongRegion)
        );
    }

    #[test]
    fn channels_without_callable_from_are_not_judged() {
        assert!(
            of(
                "Из-за рубежа звоните +7 812 494-06-06.",
                &[],
                Rule::WrongRegion
            )
            .is_empty()
        );
    }
}
