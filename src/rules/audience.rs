//! `wrong-audience`: a channel meant for someone else than the template's readers
//! (sellersup@ in a buyer template). Silent when the audience is unknown (DESIGN §4).

use super::{Input, replace_with};
use crate::catalog::Channel;
use crate::finding::{Finding, Lang, Message};
use crate::rules::Rule;

fn list(a: &crate::catalog::Audience) -> String {
    a.iter().map(String::as_str).collect::<Vec<_>>().join(", ")
}

pub(super) fn check(input: &Input<'_>, out: &mut Vec<Finding>) {
    let Some(audience) = input.audience else {
        return;
    };
    for r in &input.refs {
        let c = input.channel(r);
        if c.serves(audience) {
            continue;
        }
        let msg = Message::new(
            format!(
                "Канал «{}» предназначен для: {}; этот шаблон для: {}.",
                c.display_name(Lang::Ru),
                list(&c.audience),
                list(audience)
            ),
            format!(
                "Channel «{}» is meant for: {}; this template is for: {}.",
                c.display_name(Lang::En),
                list(&c.audience),
                list(audience)
            ),
        );
        let Some(mut f) = input.finding(Rule::WrongAudience, r.range, msg) else {
            continue;
        };
        f = f.with_channel(&c.id);
        if let Some(alt) = alternative(input, c, audience) {
            f = f.with_channel(&alt.id);
            if let Some(fix) = replace_with(r, alt) {
                f = f.with_fix(fix);
            }
        }
        out.push(f);
    }
}

/// A channel of the same kind that this audience may use (active ones first).
fn alternative<'a>(
    input: &Input<'a>,
    c: &Channel,
    audience: &crate::catalog::Audience,
) -> Option<&'a Channel> {
    let as_of = input.ctx.as_of;
    let fits = |x: &&Channel| {
        x.kind == c.kind
            && x.value.is_some()
            && !x.status_on(as_of).is_outdated()
            && !x.audience.is_empty()
            && !x.audience.is_disjoint(audience)
    };
    let candidates = input.catalog.channels.iter().filter(fits);
    candidates
        .clone()
        .find(|x| x.status_on(as_of) == crate::catalog::Status::Active)
        .or_else(|| candidates.clone().next())
}

#[cfg(test)]
mod tests {
    use crate::rules::Rule;
    use crate::rules::testing::{findings, of};

    #[test]
    fn a_contact_for_another_audience_offers_one_for_this_audience() {
        let f = findings("Пишите на sellersup@ozon.ru.", &["buyer"]);
        assert_eq!(f[0].rule, Rule::WrongAudience);
        assert_eq!(f[0].fixes[0].edits[0].replacement, "help@ozon.ru");
        assert!(!f[0].fixes[0].safe);
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
    fn placeholders_are_judged_too() {
        assert_eq!(
            of("{{contact.email.ir}}", &["buyer"], Rule::WrongAudience).len(),
            1
        );
    }
}
