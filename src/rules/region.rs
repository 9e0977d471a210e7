//! `wrong-region`: a number the caller cannot use from where the text says they are (an 8-800
//! line for someone abroad).

use super::{Form, Input, replace_with};
use crate::catalog::{Channel, Kind, Status};
use crate::finding::{Finding, Lang, Message};
use crate::rules::Rule;

pub(super) fn check(input: &Input<'_>, out: &mut Vec<Finding>) {
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
        if c.callable_from.contains(region) {
            continue;
        }
        let from = c
            .callable_from
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(", ");
        let msg = Message::new(
            format!(
                "Номер «{}» не для звонков из региона «{region}» (он для: {from}).",
                c.display_name(Lang::Ru)
            ),
            format!(
                "Number «{}» cannot be used by a caller in «{region}» (it is for: {from}).",
                c.display_name(Lang::En)
            ),
        );
        let Some(mut f) = input.finding(Rule::WrongRegion, r.range, msg) else {
            continue;
        };
        f = f.with_channel(&c.id);
        if let Some(alt) = alternative(input, c, region) {
            f = f.with_channel(&alt.id);
            f.message = f.message.append(&Message::new(
                format!(
                    "Оттуда звонят на {}.",
                    alt.value.as_deref().unwrap_or_default()
                ),
                format!(
                    "From there, call {}.",
                    alt.value.as_deref().unwrap_or_default()
                ),
            ));
            if let Some(fix) = replace_with(r, alt) {
                f = f.with_fix(fix);
            }
        }
        out.push(f);
    }
}

/// A phone for the same audience that can be called from `region` (active ones first).
fn alternative<'a>(input: &Input<'a>, c: &Channel, region: &str) -> Option<&'a Channel> {
    let as_of = input.ctx.as_of;
    let fits = |x: &&Channel| {
        x.kind == Kind::Phone
            && x.value.is_some()
            && x.callable_from.contains(region)
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
        let f = findings("If you are abroad, call +7 800 234-70-70.", &["buyer"]);
        let f = f.iter().find(|f| f.rule == Rule::WrongRegion).unwrap();
        assert_eq!(f.fixes[0].edits[0].replacement, "+7 495 232-10-00");
    }

    #[test]
    fn the_abroad_phrase_counts_only_in_its_sentence() {
        assert!(
            of(
                "Мы работаем за границей. Звоните +7 800 234-70-70.",
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
