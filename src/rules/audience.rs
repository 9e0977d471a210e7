//! `wrong-audience`: a channel meant for someone else than the template's readers
//! (sellersup@ in a buyer template), judged through the catalog's audience hierarchy: a channel
//! for buyers serves Premium and Travel customers, a related service's channel (the Bank) is at
//! most a note. Silent when the audience is unknown (DESIGN §4), when the sentence addresses
//! the channel's own audience («Продавцам: sellersup@ozon.ru»), and when it says not to use it.

use super::{Input, Out, kind_word, label, replace_with};
use crate::catalog::{Audience, Channel, Fit, Owner, Status};
use crate::finding::{Lang, Message, Severity, SilenceReason};
use crate::rules::Rule;

pub(super) fn check(input: &Input<'_>, out: &mut Out) {
    let Some(audience) = input.audience else {
        return;
    };
    let audiences = &input.catalog.audiences;
    for r in &input.refs {
        let c = input.channel(r);
        let fit = audiences.fit(&c.audience, audience);
        if fit == Fit::Serves {
            continue;
        }
        if let Some(cue) = addressed(input, c, r.range.start) {
            out.silences.push(input.silence(
                Rule::WrongAudience,
                r.range,
                c.id.as_str(),
                SilenceReason::Addressed,
                cue,
            ));
            continue;
        }
        if let Some(s) = input.silenced_by(
            input.contact_governor(r.range),
            Rule::WrongAudience,
            r.range,
            c.id.as_str(),
        ) {
            out.silences.push(s);
            continue;
        }
        let msg = |lang: Lang| {
            let is_for = audiences.for_whom(&c.audience, lang);
            let template_for = audiences.for_whom(audience, lang);
            match lang {
                Lang::Ru => format!(
                    "{} {} — {is_for}, а этот шаблон — {template_for}.",
                    kind_word(c.kind, lang),
                    label(c, lang)
                ),
                Lang::En => format!(
                    "{} {} is {is_for}, and this template is {template_for}.",
                    kind_word(c.kind, lang),
                    label(c, lang)
                ),
            }
        };
        let mut message = Message::new(msg(Lang::Ru), msg(Lang::En));
        let alt = alternative(input, c, audience);
        if let Some(alt) = alt {
            message = message.append(&Message::new(
                format!(
                    "{}: {}.",
                    capitalised(&audiences.for_whom(audience, Lang::Ru)),
                    label(alt, Lang::Ru)
                ),
                format!(
                    "{}: {}.",
                    capitalised(&audiences.for_whom(audience, Lang::En)),
                    label(alt, Lang::En)
                ),
            ));
        }
        let Some(mut f) = input.finding(Rule::WrongAudience, r.range, message) else {
            continue;
        };
        if fit == Fit::Near {
            f.severity = f.severity.min(Severity::Info);
        }
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

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The words of the contact's sentence that address an audience the channel serves
/// («продавцам», "if you are a seller").
fn addressed(input: &Input<'_>, c: &Channel, offset: usize) -> Option<crate::finding::ByteRange> {
    let s = input.sentence_at(offset)?;
    let audiences = &input.catalog.audiences;
    input.scan.matches.iter().find_map(|m| {
        let Owner::Audience(i) = input.catalog.frames.owners[m.frame as usize] else {
            return None;
        };
        let named = Audience::from([audiences.defs[i].id.clone()]);
        (s.contains(&m.range) && audiences.fit(&c.audience, &named) == Fit::Serves)
            .then_some(m.range)
    })
}

/// A channel of the same kind that this audience may use (active ones first).
fn alternative<'a>(input: &Input<'a>, c: &Channel, audience: &Audience) -> Option<&'a Channel> {
    let as_of = input.ctx.as_of;
    let audiences = &input.catalog.audiences;
    let fits = |x: &&Channel| {
        x.kind == c.kind
            && x.value.is_some()
            && !x.status_on(as_of).is_outdated()
            && !x.audience.is_empty()
            && audiences.fit(&x.audience, audience) == Fit::Serves
    };
    let candidates = input.catalog.channels.iter().filter(fits);
    candidates
        .clone()
        .find(|x| x.status_on(as_of) == Status::Active)
        .or_else(|| candidates.clone().next())
}

#[cfg(test)]
mod tests {
    use crate::finding::Severity;
    use crate::rules::Rule;
    use crate::rules::testing::{findings, of};

    #[test]
    fn a_contact_for_another_audience_offers_one_for_this_audience() {
        let f = findings("Пишите на sellersup@ozon.ru.", &["buyer"]);
        assert_eq!(f[0].rule, Rule::WrongAudience);
        assert_eq!(f[0].fixes[0].edits[0].replacement, "help@ozon.ru");
        assert!(!f[0].fixes[0].safe);
        assert_eq!(
            f[0].message.ru,
            "Адрес sellersup@ozon.ru — для продавцов, а этот шаблон — для покупателей. Для покупателей: help@ozon.ru."
        );
    }

    #[test]
    fn the_hierarchy_serves_premium_and_travel_customers() {
        assert!(of("Пишите на help@ozon.ru.", &["premium"], Rule::WrongAudience).is_empty());
        assert!(of("Пишите на help@ozon.ru.", &["travel"], Rule::WrongAudience).is_empty());
        assert!(
            of(
                "Звоните 8 800 234-70-70.",
                &["premium"],
                Rule::WrongAudience
            )
            .is_empty()
        );
    }

    #[test]
    fn a_related_service_is_a_note() {
        let f = findings("Звоните +7 495 215-24-08.", &["buyer"]);
        let f = f.iter().find(|f| f.rule == Rule::WrongAudience).unwrap();
        assert_eq!(f.severity, Severity::Info);
    }

    #[test]
    fn overlapping_audiences_are_fine_and_unknown_is_silent() {
        assert!(
            of(
                "sellersup@ozon.ru",
                &["seller", "premium"],
                Rule::WrongAudience
            )
            .is_empty()
        );
        assert!(of("ir@ozon.ru", &[], Rule::WrongAudience).is_empty());
        assert!(
            of(
                "marketplace.crossborder@ozon.ru",
                &["seller"],
                Rule::WrongAudience
            )
            .is_empty(),
            "no audience on the channel: anyone"
        );
    }

    #[test]
    fn a_sentence_naming_the_related_service_addresses_its_customers() {
        assert!(
            of(
                "Ozon Банк: +7 495 215-24-08.",
                &["buyer"],
                Rule::WrongAudience
            )
            .is_empty()
        );
    }

    #[test]
    fn a_sentence_for_the_channels_own_audience_or_against_it_is_fine() {
        assert!(
            of(
                "Продавцам: sellersup@ozon.ru.",
                &["buyer"],
                Rule::WrongAudience
            )
            .is_empty()
        );
        assert!(
            of(
                "Покупателям не нужно писать на sellersup@ozon.ru.",
                &["buyer"],
                Rule::WrongAudience
            )
            .is_empty()
        );
    }

    #[test]
    fn placeholders_are_judged_too() {
        assert_eq!(
            of("{{contact.email.ir}}", &["buyer"], Rule::WrongAudience).len(),
            1
        );
    }
}
