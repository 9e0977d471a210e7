//! Every fact of DESIGN §3 (the default catalog), as behaviour of `check()` on the seed's own
//! strings (U+2212 minus signs, en dashes, no-break spaces) and on realistic template sentences.

use macrolint::catalog::{Catalog, Cost, Status};
use macrolint::{Context, Document, Format, Rule, Severity, check};

fn run(text: &str, audience: &[&str], as_of: &str) -> Vec<(Rule, Severity, String)> {
    let catalog = Catalog::default_catalog();
    let mut ctx = Context::new(&catalog, as_of.parse().unwrap());
    if !audience.is_empty() {
        ctx.audience = Some(audience.iter().map(|s| s.to_string()).collect());
    }
    let doc = Document::new(text, Format::Plain);
    check(&doc, &ctx)
        .into_iter()
        .map(|f| {
            (
                f.rule,
                f.severity,
                text[f.range.start..f.range.end].to_string(),
            )
        })
        .collect()
}

fn rules(text: &str, audience: &[&str]) -> Vec<Rule> {
    run(text, audience, "2026-01-01")
        .into_iter()
        .map(|f| f.0)
        .collect()
}

fn has(text: &str, audience: &[&str], rule: Rule) -> bool {
    rules(text, audience).contains(&rule)
}

fn channel(id: &str) -> macrolint::catalog::Channel {
    Catalog::default_catalog().channel(id).unwrap().clone()
}

#[test]
fn every_source_sentence_is_quoted_verbatim_from_the_seed() {
    let seed = include_str!("../fixtures/seed/ozon-support.ru.txt");
    let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let seed = norm(seed);
    let c = Catalog::default_catalog();
    let mut quoted = 0;
    let mut sources: Vec<&String> = c
        .channels
        .iter()
        .flat_map(|ch| {
            ch.source
                .iter()
                .chain(ch.wait.iter().flat_map(|w| &w.source))
        })
        .collect();
    sources.extend(c.claims.iter().flat_map(|cl| &cl.source));
    sources.extend(&c.support.source);
    for s in sources {
        assert!(seed.contains(&norm(s)), "not in the seed: {s}");
        quoted += 1;
    }
    assert!(quoted > 60);
    for ch in &c.channels {
        assert!(!ch.source.is_empty(), "{} quotes no source", ch.id);
    }
}

#[test]
fn the_seven_seed_numbers_are_channels() {
    let seed = include_str!("../fixtures/seed/ozon-support.ru.txt");
    let c = Catalog::default_catalog();
    let doc = Document::new(seed, Format::Plain);
    let ctx = Context::new(&c, "2026-01-01".parse().unwrap());
    let found = check(&doc, &ctx);
    assert!(
        !found.iter().any(|f| f.rule == Rule::UnknownContact),
        "{found:#?}"
    );
    for id in [
        "phone.moscow",
        "phone.spb",
        "phone.federal",
        "phone.bank.federal",
        "phone.bank.abroad",
        "phone.bank.moscow-1",
        "phone.bank.moscow-2",
        "email.crossborder",
    ] {
        assert!(
            found
                .iter()
                .any(|f| f.channels.iter().any(|c| c.as_str() == id)),
            "{id} not recognised in the seed"
        );
    }
}

// --- Phones -----------------------------------------------------------------------------------

#[test]
fn moscow_number_for_moscow_region_and_abroad() {
    let c = channel("phone.moscow");
    assert_eq!(c.value.as_deref(), Some("+7 495 232-10-00"));
    assert!(c.callable_from.contains("moscow-region") && c.callable_from.contains("abroad"));
    assert!(!has(
        "Из-за рубежа звоните +7 495 232-10-00.",
        &["buyer"],
        Rule::WrongRegion
    ));
}

#[test]
fn st_petersburg_number_as_the_seed_writes_it() {
    let found = run(
        "номер поддержки для Санкт-Петербурга – 7 (812) 494−06−06;",
        &[],
        "2026-01-01",
    );
    assert!(
        found
            .iter()
            .any(|f| f.0 == Rule::ContactFormat && f.2 == "7 (812) 494−06−06"),
        "{found:?}"
    );
    assert_eq!(
        channel("phone.spb").value.as_deref(),
        Some("+7 812 494-06-06")
    );
}

#[test]
fn federal_number_is_free_but_nearly_impossible_to_reach() {
    let c = channel("phone.federal");
    assert_eq!(c.cost, Some(Cost::Free));
    assert_eq!(c.status, Status::Limited);
    assert!(c.callable_from.contains("russia"));
    let found = run(
        "Бесплатный номер 8 800 234-70-70.",
        &["buyer"],
        "2026-01-01",
    );
    assert_eq!(
        found,
        vec![(Rule::HardToReach, Severity::Info, "8 800 234-70-70".into())]
    );
    let f = check_one("Звоните 8 800 234-70-70.");
    assert!(f.message.ru.contains("практически невозможно"));
    assert!(
        f.message.ru.contains("«Помощь» → «Контакты» → онлайн-чат"),
        "points to the chat: {}",
        f.message.ru
    );
    assert!(
        f.fixes.is_empty(),
        "a phone is never replaced by a chat path"
    );
}

fn check_one(text: &str) -> macrolint::Finding {
    let c = Catalog::default_catalog();
    let ctx = Context::new(&c, "2026-01-01".parse().unwrap());
    check(&Document::new(text, Format::Plain), &ctx)
        .into_iter()
        .next()
        .expect("a finding")
}

#[test]
fn hotline_is_around_the_clock_and_not_always_available() {
    for id in ["phone.moscow", "phone.spb", "phone.federal"] {
        let c = channel(id);
        assert_eq!(c.status, Status::Limited, "{id}");
        assert!(
            c.source
                .iter()
                .any(|s| s.contains("работает круглосуточно")),
            "{id}"
        );
        assert!(
            c.source.iter().any(|s| s.contains("доступен не всегда")),
            "{id}"
        );
    }
}

#[test]
fn free_next_to_a_paid_number_misleads() {
    let found = run(
        "Звоните на бесплатный номер +7 495 232-10-00.",
        &["buyer"],
        "2026-01-01",
    );
    assert!(
        found
            .iter()
            .any(|f| f.0 == Rule::MisleadingClaim && f.2 == "бесплатный"),
        "{found:?}"
    );
    let found = run(
        "Call our free line +7 812 494-06-06.",
        &["buyer"],
        "2026-01-01",
    );
    assert!(
        found
            .iter()
            .any(|f| f.0 == Rule::MisleadingClaim && f.2 == "free"),
        "{found:?}"
    );
    // The free word qualifies the nearest number: the 8 800 line is free, the Moscow one is not.
    let found = run(
        "Бесплатно: +7 800 234-70-70, из Москвы: +7 495 232-10-00.",
        &["buyer"],
        "2026-01-01",
    );
    assert!(
        !found.iter().any(|f| f.0 == Rule::MisleadingClaim),
        "{found:?}"
    );
    assert!(!has(
        "Бесплатный номер Ozon Банка: +7 800 300-30-00.",
        &["bank"],
        Rule::MisleadingClaim
    ));
}

// --- Chats ------------------------------------------------------------------------------------

#[test]
fn chat_paths_waits_and_login_first() {
    let web = channel("chat.web");
    assert!(
        web.value
            .as_deref()
            .unwrap()
            .contains("«Помощь» → «Контакты»")
    );
    assert!(
        web.note
            .as_ref()
            .unwrap()
            .ru
            .as_deref()
            .unwrap()
            .contains("войдите")
    );
    assert!(
        web.wait
            .iter()
            .any(|w| w.audience.is_empty() && w.text.ru.as_deref().unwrap().contains("5–10 минут"))
    );
    let app = channel("chat.app");
    assert!(
        app.value
            .as_deref()
            .unwrap()
            .contains("«Мой Ozon» → уведомления → «Поддержка Ozon»")
    );
    assert!(has(
        "Напишите в чат поддержки без авторизации.",
        &[],
        Rule::MisleadingClaim
    ));
    assert!(has(
        "Откройте чат и сразу напишите оператору.",
        &[],
        Rule::MisleadingClaim
    ));
    assert!(!has(
        "Сразу написать оператору нельзя: выберите тему запроса.",
        &[],
        Rule::MisleadingClaim
    ));
}

#[test]
fn premium_sellers_get_chat_priority_of_one_to_three_minutes() {
    let web = channel("chat.web");
    let premium = web
        .wait
        .iter()
        .find(|w| w.audience.contains("premium"))
        .unwrap();
    assert!(premium.audience.contains("seller"));
    assert!(premium.text.ru.as_deref().unwrap().contains("1–3"));
    let text = "Оператор ответит в чате за 1–3 минуты.";
    assert_eq!(
        run(text, &["buyer"], "2026-01-01")[0].0,
        Rule::MisleadingClaim
    );
    assert!(run(text, &["seller", "premium"], "2026-01-01").is_empty());
    assert!(has(
        "The chat answers within 1-3 minutes.",
        &["seller"],
        Rule::MisleadingClaim
    ));
}

// --- E-mail -----------------------------------------------------------------------------------

#[test]
fn help_address_for_everyone_around_the_clock_within_a_day() {
    let c = channel("email.help");
    assert_eq!(c.value.as_deref(), Some("help@ozon.ru"));
    assert!(c.audience.contains("buyer") && c.audience.contains("seller"));
    assert!(
        c.wait[0]
            .text
            .ru
            .as_deref()
            .unwrap()
            .contains("в течение дня")
    );
    assert!(
        c.note
            .as_ref()
            .unwrap()
            .ru
            .as_deref()
            .unwrap()
            .contains("В теме письма")
    );
    assert!(rules("Пишите на help@ozon.ru.", &["buyer"]).is_empty());
}

#[test]
fn investor_and_press_addresses_are_for_them_only() {
    assert!(has(
        "Пишите на ir@ozon.ru.",
        &["buyer"],
        Rule::WrongAudience
    ));
    assert!(!has(
        "Пишите на ir@ozon.ru.",
        &["investor"],
        Rule::WrongAudience
    ));
    assert!(has(
        "Write to pr@ozon.ru.",
        &["seller"],
        Rule::WrongAudience
    ));
    assert!(!has(
        "Write to pr@ozon.ru.",
        &["press"],
        Rule::WrongAudience
    ));
}

#[test]
fn crossborder_address_has_no_space_and_is_a_topic_not_a_place() {
    let c = channel("email.crossborder");
    assert_eq!(c.value.as_deref(), Some("marketplace.crossborder@ozon.ru"));
    assert_eq!(c.topic.as_deref(), Some("crossborder"));
    let f = check_one("адрес – marketplace. crossborder@ozon.ru.");
    assert_eq!(f.rule, Rule::ContactFormat);
    assert!(f.fixes[0].safe);
    assert_eq!(
        f.fixes[0].edits[0].replacement,
        "marketplace.crossborder@ozon.ru"
    );
    // Goods from abroad do not put the caller abroad.
    assert!(!has(
        "По товарам из-за рубежа звоните +7 800 234-70-70.",
        &["buyer"],
        Rule::WrongRegion
    ));
}

#[test]
fn seller_address_in_a_buyer_template_is_the_wrong_audience() {
    let found = run("Напишите на sellersup@ozon.ru.", &["buyer"], "2026-01-01");
    assert_eq!(
        found,
        vec![(
            Rule::WrongAudience,
            Severity::Error,
            "sellersup@ozon.ru".into()
        )]
    );
    assert!(rules("Напишите на sellersup@ozon.ru.", &["seller"]).is_empty());
    assert!(
        rules("Напишите на sellersup@ozon.ru.", &[]).is_empty(),
        "unknown audience: silent"
    );
}

// --- Social -----------------------------------------------------------------------------------

#[test]
fn vk_is_the_only_social_network() {
    assert!(rules("Наша группа: vk.com/ozon", &["buyer"]).is_empty());
    assert!(rules("Наша группа: https://vk.com/ozon", &["seller"]).is_empty());
    assert!(has(
        "Пишите в Telegram: t.me/ozon_support",
        &[],
        Rule::UnofficialChannel
    ));
    assert!(has(
        "Напишите нам в WhatsApp.",
        &[],
        Rule::UnofficialChannel
    ));
    assert!(has("Группа vk.com/ozon_help", &[], Rule::UnknownContact));
}

// --- Premium ----------------------------------------------------------------------------------

#[test]
fn dedicated_premium_line_is_flagged_everywhere() {
    for aud in [
        &[][..],
        &["buyer", "premium"][..],
        &["seller", "premium"][..],
    ] {
        let found = run(
            "Для клиентов Premium работает выделенная телефонная линия.",
            aud,
            "2026-01-01",
        );
        assert!(
            found
                .iter()
                .any(|f| f.0 == Rule::OutdatedClaim && f.1 == Severity::Error),
            "{aud:?}: {found:?}"
        );
    }
    let c = channel("phone.premium");
    assert_eq!(
        (c.status, c.since.unwrap().to_string().as_str()),
        (Status::Removed, "2023-03-01")
    );
    assert!(has(
        "Звоните {{contact.phone.premium}}.",
        &[],
        Rule::RemovedChannel
    ));
}

#[test]
fn premium_buyer_priority_is_flagged_and_seller_chat_priority_passes() {
    assert!(has(
        "Покупатели Premium получают ответ в чате вне очереди.",
        &["buyer", "premium"],
        Rule::OutdatedClaim
    ));
    assert!(has(
        "Premium customers get priority support by phone.",
        &[],
        Rule::OutdatedClaim
    ));
    let text = "С Premium ваши запросы в чате обрабатываются в приоритете.";
    assert!(rules(text, &["seller", "premium"]).is_empty());
    let found = run(text, &["buyer"], "2026-01-01");
    assert_eq!(found[0].0, Rule::OutdatedClaim);
    assert_eq!(found[0].1, Severity::Error);
}

#[test]
fn unknown_audience_premium_priority_is_a_warning_naming_the_condition() {
    let c = Catalog::default_catalog();
    let ctx = Context::new(&c, "2026-01-01".parse().unwrap());
    let doc = Document::new(
        "С Premium ваши запросы в чате обрабатываются в приоритете.",
        Format::Plain,
    );
    let f = &check(&doc, &ctx)[0];
    assert_eq!(
        (f.rule, f.severity),
        (Rule::OutdatedClaim, Severity::Warning)
    );
    assert!(f.message.en.contains("seller"), "{}", f.message.en);
    assert!(f.message.ru.contains("audience:"), "{}", f.message.ru);
}

#[test]
fn premium_change_is_upcoming_before_march_2023() {
    let found = run(
        "Для клиентов Premium работает выделенная телефонная линия.",
        &[],
        "2023-02-01",
    );
    assert!(
        found.iter().all(|f| f.0 == Rule::UpcomingChange),
        "{found:?}"
    );
    assert!(!found.is_empty());
    assert_eq!(
        run("Звоните {{contact.phone.premium}}.", &[], "2023-02-01")[0].0,
        Rule::UpcomingChange
    );
}

// --- Travel -----------------------------------------------------------------------------------

#[test]
fn travel_has_no_hotline_and_a_chat_around_the_clock() {
    assert_eq!(channel("phone.travel").status, Status::Unavailable);
    let found = run(
        "Позвоните на горячую линию Ozon Travel.",
        &["travel"],
        "2026-01-01",
    );
    assert_eq!(found[0].0, Rule::UnavailableChannel, "{found:?}");
    assert!(!has(
        "Горячая линия Ozon Travel не работает, напишите в чат.",
        &["travel"],
        Rule::UnavailableChannel
    ));
    let chat = channel("chat.travel");
    assert!(
        chat.value
            .as_deref()
            .unwrap()
            .contains("«Билеты, туры, отели»")
    );
    let hours = chat.hours.as_ref().unwrap();
    assert!(hours.text.ru.as_deref().unwrap().contains("без выходных"));
    // «круглосуточно без выходных» is data the hours rule checks against, not only words.
    assert!(hours.week.as_ref().is_some_and(|w| w.is_always()));
    let note = chat.note.as_ref().unwrap().ru.clone().unwrap();
    for item in [
        "номер",
        "отель",
        "корпоратив",
        "«Приоритет»",
        "«Всё включено»",
        "менее суток",
    ] {
        assert!(
            note.contains(item),
            "{item} missing from the travel chat note"
        );
    }
}

#[test]
fn travel_personal_number_only_from_the_phone_in_the_order() {
    let c = channel("phone.travel-personal");
    assert!(c.value.is_none());
    assert!(c.note.unwrap().ru.unwrap().contains("только с того номера"));
    assert!(!has(
        "Позвоните по персональному номеру из электронного билета Ozon Travel.",
        &["travel"],
        Rule::UnavailableChannel
    ));
}

// --- Sellers, delivery ------------------------------------------------------------------------

#[test]
fn sellers_and_delivery_use_the_same_channels_with_the_delivery_topic() {
    for id in ["chat.web", "chat.app", "email.help"] {
        let c = channel(id);
        assert!(c.audience.contains("seller"), "{id}");
        assert!(c.note.unwrap().ru.unwrap().contains("«Доставка»"), "{id}");
    }
    assert!(channel("social.vk").audience.contains("seller"));
}

// --- Ozon Bank --------------------------------------------------------------------------------

#[test]
fn bank_numbers_by_region() {
    assert_eq!(channel("phone.bank.federal").cost, Some(Cost::Free));
    assert!(has(
        "Из-за рубежа звоните в Ozon Банк: 8-800-300-30-00.",
        &["bank"],
        Rule::WrongRegion
    ));
    let f = run(
        "Из-за рубежа звоните в банк: 8−499−300−30−00.",
        &["bank"],
        "2026-01-01",
    );
    assert_eq!(
        f,
        vec![(
            Rule::ContactFormat,
            Severity::Warning,
            "8−499−300−30−00".into()
        )]
    );
    let text = "для обращений из-за рубежа действует номер 8−499−300−30−00.";
    let f = check_one(text);
    assert!(f.fixes[0].safe);
    let fixed = macrolint::fix::apply(
        text,
        &macrolint::fix::edits_for(&[f], macrolint::fix::Safety::SafeOnly),
    )
    .unwrap();
    assert_eq!(
        fixed, "для обращений из-за рубежа действует номер +7-499-300-30-00.",
        "the same number, dialled with +7, the writer's hyphens kept"
    );
    for written in ["+7 (495) 215−24−08", "+7 (495) 120−29−81"] {
        let text = format!("Из-за границы звоните {written}.");
        assert!(!has(&text, &["bank"], Rule::WrongRegion), "{written}");
    }
    let f = run("Звоните +7 495 215-24-08.", &["buyer"], "2026-01-01");
    assert!(
        f.contains(&(
            Rule::WrongAudience,
            Severity::Info,
            "+7 495 215-24-08".into()
        )),
        "a related service's number in a marketplace template is a note: {f:?}"
    );
}

// --- What support does not do -----------------------------------------------------------------

#[test]
fn support_scope() {
    let c = Catalog::default_catalog();
    assert_eq!(c.support.helps_with.ru.len(), 13);
    assert!(has(
        "Мы расследуем случай мошенничества.",
        &[],
        Rule::OutOfScope
    ));
    assert!(has(
        "We will disclose the seller's trade secrets.",
        &[],
        Rule::OutOfScope
    ));
    assert!(has(
        "Наши специалисты проконсультируют по любым вопросам.",
        &[],
        Rule::OutOfScope
    ));
    assert!(!has(
        "Поддержка не решает проблемы мошенничества и воровства.",
        &[],
        Rule::OutOfScope
    ));
    assert!(
        c.support
            .helps_with
            .ru
            .iter()
            .any(|s| s.contains("приложите документы"))
    );
}
