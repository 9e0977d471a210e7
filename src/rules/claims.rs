//! The catalog's claims (`outdated-claim`, `misleading-claim`, `out-of-scope`, and any other
//! phrase rule a claim names), and "free" next to a number that is not free.

use super::{Form, Input, labels};
use crate::catalog::{Cost, Verdict};
use crate::finding::{ByteRange, Finding, Lang, Message, Severity};
use crate::rules::Rule;

pub(super) fn check(input: &Input<'_>, out: &mut Vec<Finding>) {
    let mut taken: Vec<(Rule, ByteRange)> = Vec::new();
    for claim in &input.catalog.claims {
        let verdict = claim.verdict(input.audience);
        if verdict == Verdict::Pass {
            continue;
        }
        for range in claim.find(input.text, &input.scan.sentences) {
            let upcoming = claim.since.filter(|d| *d > input.ctx.as_of);
            let rule = if upcoming.is_some() {
                Rule::UpcomingChange
            } else {
                claim.rule
            };
            // Two claims on the same words (a specific one and a general one): the first wins.
            if taken.iter().any(|(r, t)| *r == rule && t.overlaps(&range)) {
                continue;
            }
            let mut msg = claim.note.to_message();
            if let Some(date) = upcoming {
                msg = Message::new(
                    format!("С {date} это утверждение перестанет быть верным:"),
                    format!("From {date} this will no longer hold:"),
                )
                .append(&msg);
            }
            let better: Vec<_> = input.catalog.channels_for(&claim.replacement).collect();
            if !better.is_empty() {
                let l = labels(better.iter().copied());
                msg = msg.append(&Message::new(
                    format!("Вместо этого: {}.", l.ru),
                    format!("Instead: {}.", l.en),
                ));
            }
            if verdict == Verdict::FireCapped {
                msg = msg.append(&condition(claim));
            }
            let Some(mut f) = input.finding(rule, range, msg) else {
                continue;
            };
            if verdict == Verdict::FireCapped {
                f.severity = f.severity.min(Severity::Warning);
            }
            for id in claim.channels.iter().chain(&claim.replacement) {
                f = f.with_channel(id);
            }
            taken.push((rule, range));
            out.push(f);
        }
    }
    free_next_to_paid_number(input, out);
}

/// Whether checking `text` for `audience` would report `claim` (what a claim's `flags` and
/// `passes` examples assert).
pub(crate) fn fires_on(
    claim: &crate::catalog::Claim,
    text: &str,
    audience: Option<&crate::catalog::Audience>,
) -> bool {
    claim.verdict(audience) != Verdict::Pass
        && !claim
            .find(text, &crate::scan::sentence::sentences(text))
            .is_empty()
}

/// Names the audience condition a claim depends on, for a template whose audience is unknown.
fn condition(claim: &crate::catalog::Claim) -> Message {
    let join =
        |a: &crate::catalog::Audience| a.iter().map(String::as_str).collect::<Vec<_>>().join(" + ");
    let mut m = Message::new(
        "Аудитория шаблона неизвестна, поэтому это предупреждение:".to_string(),
        "The template's audience is unknown, hence a warning:".to_string(),
    );
    if !claim.except_audience.is_empty() {
        let a = join(&claim.except_audience);
        m = m.append(&Message::new(
            format!("верно только для аудитории {a} (укажите `audience:` во front matter)."),
            format!("it holds only for audience {a} (set `audience:` in front matter)."),
        ));
    }
    if !claim.audience.is_empty() {
        let a = claim
            .audience
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(", ");
        m = m.append(&Message::new(
            format!("неверно для аудитории: {a}."),
            format!("it is wrong for audience: {a}."),
        ));
    }
    m
}

/// "Бесплатно" / "free" qualifies the phone number nearest to it in the same sentence; only a
/// number the catalog records as free may carry it ("Звонки могут тарифицироваться").
fn free_next_to_paid_number(input: &Input<'_>, out: &mut Vec<Finding>) {
    let words = input
        .catalog
        .vocabulary
        .free
        .find_in_text(input.text, &input.scan.sentences);
    for word in words {
        {
            let Some(s) = input.sentence_at(word.start) else {
                continue;
            };
            let nearest = input
                .refs
                .iter()
                .filter(|r| {
                    matches!(r.form, Form::Phone(_) | Form::Placeholder) && s.contains(&r.range)
                })
                .filter(|r| input.channel(r).kind == crate::catalog::Kind::Phone)
                .min_by_key(|r| {
                    r.range
                        .start
                        .abs_diff(word.end)
                        .min(r.range.end.abs_diff(word.start))
                });
            let Some(r) = nearest else { continue };
            let c = input.channel(r);
            if c.cost == Some(Cost::Free) {
                continue;
            }
            let (ru, en) = match c.cost {
                Some(Cost::OperatorRate) => (
                    "звонки на него тарифицируются по условиям оператора",
                    "calls to it are charged at the operator's rate",
                ),
                _ => (
                    "каталог не знает, что он бесплатный",
                    "the catalog does not record it as free",
                ),
            };
            let free: Vec<_> = input
                .catalog
                .channels
                .iter()
                .filter(|x| x.cost == Some(Cost::Free) && !x.audience.is_disjoint(&c.audience))
                .collect();
            let mut msg = Message::new(
                format!(
                    "«{}» рядом с номером «{}»: {ru}.",
                    input.written(word),
                    c.display_name(Lang::Ru)
                ),
                format!(
                    "«{}» next to «{}»: {en}.",
                    input.written(word),
                    c.display_name(Lang::En)
                ),
            );
            if !free.is_empty() {
                let l = labels(free.iter().copied());
                msg = msg.append(&Message::new(
                    format!("Бесплатный номер: {}.", l.ru),
                    format!("The free number: {}.", l.en),
                ));
            }
            if let Some(f) = input.finding(Rule::MisleadingClaim, word, msg) {
                out.push(f.with_channel(&c.id));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::finding::Severity;
    use crate::rules::Rule;
    use crate::rules::testing::{findings, findings_on, of};

    #[test]
    fn overlapping_claims_of_one_rule_report_once() {
        let f = findings(
            "Premium customers get priority support in the chat.",
            &["buyer"],
        );
        assert_eq!(
            f.iter().filter(|f| f.rule == Rule::OutdatedClaim).count(),
            1,
            "{f:#?}"
        );
    }

    #[test]
    fn claims_before_their_date_are_upcoming() {
        let f = findings_on(
            "Покупатели Premium получают ответ в чате вне очереди.",
            &[],
            "2023-01-01",
        );
        assert_eq!(f[0].rule, Rule::UpcomingChange);
        assert_eq!(f[0].severity, Severity::Warning);
    }

    #[test]
    fn free_word_without_a_number_is_silent() {
        assert!(of("Доставка бесплатная.", &[], Rule::MisleadingClaim).is_empty());
    }

    #[test]
    fn free_with_a_placeholder_of_a_paid_number() {
        assert_eq!(
            of(
                "Бесплатно: {{contact.phone.spb}}",
                &[],
                Rule::MisleadingClaim
            ),
            ["Бесплатно"]
        );
    }

    #[test]
    fn claims_do_not_span_sentences() {
        assert!(
            of(
                "Premium. Priority mail is slow.",
                &["buyer"],
                Rule::OutdatedClaim
            )
            .is_empty()
        );
    }
}
