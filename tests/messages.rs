//! What agents read: every rule's message, in both languages, as a snapshot. A change to any
//! message shows up here for review (`cargo insta review`, or INSTA_UPDATE=always).

use macrolint::catalog::Catalog;
use macrolint::{Context, Document, Format, Rule, check};

/// A rule, a template that breaks it, the audience and region that make it wrong, the date.
type Case = (
    Rule,
    &'static str,
    &'static [&'static str],
    Option<&'static str>,
    &'static str,
);

/// One template per rule (two where a rule speaks in two ways).
const CASES: &[Case] = &[
    (
        Rule::RemovedChannel,
        "Звоните {{contact.phone.premium}}.",
        &[],
        None,
        "2026-06-01",
    ),
    (
        Rule::UnavailableChannel,
        "Позвоните на горячую линию Ozon Travel.",
        &["travel"],
        None,
        "2026-06-01",
    ),
    (
        Rule::OutdatedClaim,
        "Для клиентов Premium работает выделенная линия.",
        &["premium"],
        None,
        "2026-06-01",
    ),
    (
        Rule::OutdatedClaim,
        "Premium-клиенты получают ответ вне очереди.",
        &[],
        None,
        "2026-06-01",
    ),
    (
        Rule::MisleadingClaim,
        "Оператор чата ответит за 1–3 минуты.",
        &["buyer"],
        None,
        "2026-06-01",
    ),
    (
        Rule::MisleadingClaim,
        "Бесплатный номер: +7 495 232-10-00.",
        &["buyer"],
        None,
        "2026-06-01",
    ),
    (
        Rule::OutOfScope,
        "Мы расследуем мошенничество с вашим заказом.",
        &[],
        None,
        "2026-06-01",
    ),
    (
        Rule::UnknownContact,
        "Звоните +7 495 232-10-01.",
        &[],
        None,
        "2026-06-01",
    ),
    (
        Rule::WrongAudience,
        "Пишите на sellersup@ozon.ru.",
        &["buyer"],
        None,
        "2026-06-01",
    ),
    (
        Rule::WrongRegion,
        "Звоните 8 800 234-70-70.",
        &["buyer"],
        Some("abroad"),
        "2026-06-01",
    ),
    (
        Rule::ContactFormat,
        "Звоните 7 (812) 494−06−06.",
        &[],
        None,
        "2026-06-01",
    ),
    (
        Rule::ContactFormat,
        "Из-за рубежа звоните 8 (495) 232-10-00.",
        &["buyer"],
        None,
        "2026-06-01",
    ),
    (
        Rule::HardToReach,
        "Звоните 8 800 234-70-70.",
        &[],
        None,
        "2026-06-01",
    ),
    (
        Rule::UnofficialChannel,
        "Пишите нам в Telegram.",
        &[],
        None,
        "2026-06-01",
    ),
    (
        Rule::UnknownPlaceholder,
        "{{contact.phone.moskow}}",
        &[],
        None,
        "2026-06-01",
    ),
    (
        Rule::UpcomingChange,
        "{{contact.phone.premium}}",
        &[],
        None,
        "2023-01-15",
    ),
    (
        Rule::UpcomingChange,
        "Для клиентов Premium работает выделенная линия.",
        &[],
        None,
        "2023-01-15",
    ),
    (Rule::NoTemplateText, "  \n\n", &[], None, "2026-01-01"),
];

#[test]
fn every_rules_message_in_both_languages() {
    let catalog = Catalog::default_catalog();
    let mut out = String::new();
    let mut seen: Vec<Rule> = Vec::new();
    for (rule, text, audience, region, as_of) in CASES {
        let mut ctx = Context::new(&catalog, as_of.parse().unwrap());
        if !audience.is_empty() {
            ctx.audience = Some(audience.iter().map(|s| s.to_string()).collect());
        }
        ctx.region = region.map(str::to_string);
        let found = check(&Document::new(*text, Format::Markdown), &ctx);
        let f = found
            .iter()
            .find(|f| f.rule == *rule)
            .unwrap_or_else(|| panic!("{rule} in {text:?}: {found:#?}"));
        seen.push(*rule);
        out.push_str(&format!(
            "## {rule} ({}) — {text}\nru: {}\nen: {}\n\n",
            f.severity, f.message.ru, f.message.en
        ));
    }
    let not_checked: Vec<&Rule> = Rule::ALL
        .iter()
        .filter(|r| !seen.contains(r) && **r != Rule::IoError)
        .collect();
    assert!(
        not_checked.is_empty(),
        "no message case for {not_checked:?}"
    );
    insta::assert_snapshot!(out);
}
