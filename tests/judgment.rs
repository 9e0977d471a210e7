//! Regression tests for each class of misjudgment found by trying macrolint on templates as
//! agents write them (issue 11): negation and history, exceptions that were too broad,
//! paraphrases, seed facts no rule checked, contact spellings, fixes that damaged sentences,
//! flat audiences, and messages in the code's language. The sentences are written for these
//! tests, not taken from the catalog's own examples.

use macrolint::catalog::Catalog;
use macrolint::fix::{Safety, apply, edits_for};
use macrolint::{Context, Document, Finding, Format, Lang, Rule, Severity, check, check_explained};

fn ctx<'a>(catalog: &'a Catalog, audience: &[&str], region: Option<&str>) -> Context<'a> {
    let mut ctx = Context::new(catalog, "2026-06-01".parse().unwrap());
    if !audience.is_empty() {
        ctx.audience = Some(audience.iter().map(|s| s.to_string()).collect());
    }
    ctx.region = region.map(str::to_string);
    ctx
}

fn findings_in(
    text: &str,
    format: Format,
    audience: &[&str],
    region: Option<&str>,
) -> Vec<Finding> {
    let c = Catalog::default_catalog();
    check(&Document::new(text, format), &ctx(&c, audience, region))
}

fn findings(text: &str, audience: &[&str]) -> Vec<Finding> {
    findings_in(text, Format::Plain, audience, None)
}

/// (rule, covered text) of every finding of warning or above.
fn loud(text: &str, audience: &[&str]) -> Vec<(Rule, String)> {
    findings(text, audience)
        .into_iter()
        .filter(|f| f.severity >= Severity::Warning)
        .map(|f| (f.rule, text[f.range.start..f.range.end].to_string()))
        .collect()
}

fn silent(text: &str, audience: &[&str]) {
    let l = loud(text, audience);
    assert!(
        l.is_empty(),
        "expected no warning or error in {text:?}: {l:?}"
    );
}

fn reports(text: &str, audience: &[&str], rule: Rule) {
    let l = loud(text, audience);
    assert!(
        l.iter().any(|(r, _)| *r == rule),
        "expected {rule} in {text:?}: {l:?}"
    );
}

// --- Negation and history --------------------------------------------------------------------

#[test]
fn a_negated_premium_line_is_a_true_sentence() {
    for t in [
        "Отдельного телефона для клиентов Premium сейчас нет, пишите в чат.",
        "Выделенная линия для Premium уже не работает.",
        "К сожалению, персональной линии для подписчиков Premium больше нет.",
        "Специальный номер для Premium упразднили в 2023 году.",
        "We don't run a dedicated Premium line any more.",
        "There isn't a separate hotline for Premium members.",
    ] {
        silent(t, &["buyer", "premium"]);
    }
}

#[test]
fn history_of_the_premium_line_is_a_true_sentence() {
    for t in [
        "Когда-то для Premium была отдельная телефонная линия.",
        "До марта 2023 года клиенты Premium звонили на выделенную линию.",
        "Прежде у Premium-клиентов был свой номер поддержки.",
        "Premium members used to have their own hotline.",
        "Until 2023 there was a dedicated line for Premium customers.",
    ] {
        silent(t, &["buyer", "premium"]);
    }
}

#[test]
fn since_a_date_is_history_only_with_a_negation() {
    silent(
        "С 1 марта 2023 года выделенной линии для Premium нет.",
        &["premium"],
    );
    reports(
        "С 1 марта 2023 года для клиентов Premium работает выделенная линия.",
        &["premium"],
        Rule::OutdatedClaim,
    );
}

#[test]
fn a_negation_in_a_condition_never_governs() {
    reports(
        "Если выделенная линия Premium не отвечает, напишите в чат.",
        &["premium"],
        Rule::OutdatedClaim,
    );
    reports(
        "If the dedicated Premium line doesn't pick up, try the chat.",
        &["premium"],
        Rule::OutdatedClaim,
    );
}

#[test]
fn not_only_and_dont_forget_are_no_negations() {
    reports(
        "Клиенты Premium могут звонить не только на общий номер, но и на свою выделенную линию.",
        &["premium"],
        Rule::OutdatedClaim,
    );
    reports(
        "Не забудьте: у клиентов Premium есть выделенная линия.",
        &["premium"],
        Rule::OutdatedClaim,
    );
}

#[test]
fn without_counts_only_when_its_object_is_the_claim() {
    silent(
        "Клиенты Premium обслуживаются без выделенной линии.",
        &["premium"],
    );
    reports(
        "Клиенты Premium обслуживаются без очереди.",
        &["buyer", "premium"],
        Rule::OutdatedClaim,
    );
}

#[test]
fn the_travel_hotline_negated_in_many_ways() {
    for t in [
        "У Ozon Travel горячей линии нет.",
        "Телефонной поддержки у Ozon Travel не существует, пишите в чат.",
        "Горячая линия Озон Тревел — не работает.",
        "Ozon Travel doesn't have a phone line.",
    ] {
        silent(t, &["travel"]);
    }
}

#[test]
fn no_official_support_on_a_network_is_true() {
    for t in [
        "Официальной поддержки в Telegram у Ozon нет.",
        "В WhatsApp и Viber мы не отвечаем.",
        "Ozon has no official account on Instagram.",
        "Мошенники создают в Telegram поддельные чаты поддержки — не пишите туда.",
    ] {
        silent(t, &[]);
    }
    reports("Напишите нам в Telegram.", &[], Rule::UnofficialChannel);
}

#[test]
fn support_cannot_help_with_stolen_money_is_true() {
    silent("Поддержка не может помочь вернуть украденные деньги.", &[]);
    silent("Support can't recover stolen funds.", &[]);
    reports(
        "Наша поддержка поможет вернуть украденные деньги.",
        &[],
        Rule::OutOfScope,
    );
}

#[test]
fn explain_silence_names_the_cue() {
    let c = Catalog::default_catalog();
    let text = "Выделенной линии для клиентов Premium больше нет.";
    let (f, s) = check_explained(&Document::new(text, Format::Plain), &ctx(&c, &[], None));
    assert!(f.is_empty(), "{f:?}");
    assert_eq!(s.len(), 1, "{s:?}");
    assert_eq!(&text[s[0].cue.start..s[0].cue.end], "больше нет");
    assert!(
        s[0].message.en.contains("«больше нет» negates it"),
        "{}",
        s[0].message.en
    );
}

// --- Exceptions ----------------------------------------------------------------------------

#[test]
fn ticket_words_do_not_silence_the_travel_hotline() {
    for t in [
        "Чтобы поменять билет, позвоните на горячую линию Ozon Travel.",
        "По билетам и ваучерам звоните в колл-центр Ozon Travel.",
        "Авиабилеты Ozon Travel можно сдать по телефону поддержки Ozon Travel.",
    ] {
        reports(t, &["travel"], Rule::UnavailableChannel);
    }
}

#[test]
fn the_e_ticket_number_is_its_own_frame() {
    silent(
        "Позвоните по номеру, указанному в вашем электронном билете.",
        &["travel"],
    );
    silent(
        "Звоните по персональному номеру из ваучера Ozon Travel.",
        &["travel"],
    );
}

// --- Paraphrases -----------------------------------------------------------------------------

#[test]
fn more_words_a_comma_a_typo_and_english() {
    for t in [
        "Для наших клиентов с подпиской Premium работает отдельная, круглосуточная телефонная линия.",
        "Клиенты Premium могут позвонить на выделеную линию.",
        "Для клиентов Premium есть выделенная линия поддержки, по которой отвечают круглосуточно.",
        "Premium customers have a dedicated support number.",
    ] {
        reports(t, &["buyer", "premium"], Rule::OutdatedClaim);
    }
}

// --- Seed facts no rule checked ------------------------------------------------------------------

#[test]
fn premium_seller_priority_holds_in_the_chat_only() {
    let seller = ["seller", "premium"];
    silent(
        "У вас, как у Premium-продавца, приоритет в очереди чата.",
        &seller,
    );
    reports(
        "Как Premium-продавцу, вам ответят вне очереди и по телефону горячей линии.",
        &seller,
        Rule::OutdatedClaim,
    );
}

#[test]
fn email_is_answered_within_a_day() {
    reports(
        "На письмо в поддержку ответят в течение получаса.",
        &[],
        Rule::MisleadingClaim,
    );
    silent("На письмо в поддержку ответят в течение дня.", &[]);
}

#[test]
fn the_e_ticket_number_only_from_the_orders_phone() {
    reports(
        "Номер из электронного билета можно набрать с любого телефона.",
        &["travel"],
        Rule::MisleadingClaim,
    );
    silent(
        "Номер из электронного билета набирайте только с телефона, указанного в заказе.",
        &["travel"],
    );
}

#[test]
fn the_chat_needs_a_login_and_a_topic() {
    for t in [
        "Авторизация для чата не нужна.",
        "Без регистрации тоже можно написать в чат.",
        "В чате можно сразу написать оператору.",
        "Тему в чате можно не выбирать, специалист разберётся.",
    ] {
        reports(t, &[], Rule::MisleadingClaim);
    }
    silent("Войдите в профиль, выберите тему и напишите в чат.", &[]);
}

// --- Contact spellings -------------------------------------------------------------------------

#[test]
fn ordinary_spellings_dial() {
    for n in [
        "8 495 232 10 00",
        "8(495)2321000",
        "+7-495-232-10-00",
        "+7 (495) 232 10 00",
        "8\u{a0}800\u{a0}234\u{a0}70\u{a0}70",
        "8-800-234-70-70",
        "88002347070",
    ] {
        let t = format!("Звоните: {n}");
        let f: Vec<Rule> = findings(&t, &["buyer"]).iter().map(|f| f.rule).collect();
        assert!(!f.contains(&Rule::ContactFormat), "{n}: {f:?}");
        assert!(!f.contains(&Rule::UnknownContact), "{n}: {f:?}");
    }
}

#[test]
fn what_misleads_or_does_not_dial_is_reported() {
    for n in ["7 495 232-10-00", "+7 495 232–10–00", "8 800 234−70−70"] {
        reports(&format!("Звоните {n}."), &["buyer"], Rule::ContactFormat);
    }
    reports("Пишите на HELP@ozon.ru", &[], Rule::ContactFormat);
}

#[test]
fn tel_links_are_fixed_in_link_form() {
    let html = "<p><a href=\"tel:8 (495) 232-10-00\">8 (495) 232-10-00</a></p>";
    let f = findings_in(html, Format::Html, &["buyer"], None);
    let fixed = apply(html, &edits_for(&f, Safety::SafeOnly)).unwrap();
    assert_eq!(
        fixed, "<p><a href=\"tel:+74952321000\">8 (495) 232-10-00</a></p>",
        "the link takes its link form, the visible number stays"
    );
}

#[test]
fn abroad_an_8_800_line_is_a_wrong_region_and_nothing_else() {
    let f = findings_in(
        "Звоните 8 (800) 234−70−70.",
        Format::Plain,
        &["buyer"],
        Some("abroad"),
    );
    let rules: Vec<Rule> = f.iter().map(|f| f.rule).collect();
    assert_eq!(rules, [Rule::WrongRegion], "{f:#?}");
    assert!(
        f[0].message
            .en
            .contains("from abroad, call +7 495 232-10-00")
    );
}

#[test]
fn abroad_a_line_callable_from_there_gets_plus_seven() {
    let text = "Из-за границы звоните 8 (495) 232-10-00.";
    let f = findings(text, &["buyer"]);
    let fixed = apply(text, &edits_for(&f, Safety::SafeOnly)).unwrap();
    assert_eq!(fixed, "Из-за границы звоните +7 (495) 232-10-00.");
}

// --- Fixes that keep the sentence ------------------------------------------------------------------

#[test]
fn unsafe_fixes_never_put_a_chat_path_where_a_phone_stood() {
    for text in [
        "Позвоните нам: 8 800 234-70-70.",
        "<a href=\"tel:+74952321000\">+7 495 232-10-00</a>",
        "Звоните {{contact.phone.premium}}.",
    ] {
        let format = if text.starts_with('<') {
            Format::Html
        } else {
            Format::Markdown
        };
        let f = findings_in(text, format, &["buyer"], None);
        let fixed = apply(text, &edits_for(&f, Safety::All)).unwrap();
        assert!(
            !fixed.contains("→") && !fixed.contains("chat."),
            "{text:?} became {fixed:?}"
        );
    }
}

#[test]
fn hint_findings_carry_no_applicable_fix() {
    for f in findings("Звоните +7 812 494-06-06.", &[]) {
        if f.severity == Severity::Info {
            assert!(f.fixes.iter().all(|x| !x.applies(true)), "{f:?}");
        }
    }
}

#[test]
fn the_safe_typo_repair_wins_over_any_other_fix_on_the_number() {
    let text = "Звоните 8 800 234−70−70.";
    let f = findings(text, &[]);
    let fixed = apply(text, &edits_for(&f, Safety::All)).unwrap();
    assert_eq!(fixed, "Звоните 8 800 234-70-70.");
}

#[test]
fn every_error_in_the_editor_has_a_way_out() {
    let f = findings(
        "Для клиентов Premium работает выделенная линия.",
        &["premium"],
    );
    let claim = f.iter().find(|f| f.rule == Rule::OutdatedClaim).unwrap();
    let rewrite = claim
        .fixes
        .iter()
        .find(|x| x.display_only)
        .expect("a rewrite");
    assert!(!rewrite.applies(true), "never applied by fix");
    assert!(rewrite.edits[0].replacement.contains("те же каналы"));
    let en = findings("Premium members have a dedicated line.", &["premium"]);
    let rewrite = en[0].fixes.iter().find(|x| x.display_only).unwrap();
    assert!(
        rewrite.edits[0]
            .replacement
            .starts_with("Premium customers use the same channels"),
        "in the clause's language: {rewrite:?}"
    );
}

// --- Audiences -----------------------------------------------------------------------------------

#[test]
fn audiences_expand_upward() {
    silent("Звоните на бесплатную линию 8 800 234-70-70.", &["premium"]);
    silent("Пишите на help@ozon.ru.", &["premium"]);
    silent("Пишите на help@ozon.ru.", &["travel"]);
    reports(
        "Пишите на sellersup@ozon.ru.",
        &["buyer"],
        Rule::WrongAudience,
    );
    reports(
        "Пишите на sellersup@ozon.ru.",
        &["premium"],
        Rule::WrongAudience,
    );
    let f = findings("Звоните +7 495 120-29-81.", &["buyer"]);
    assert!(
        f.iter()
            .all(|f| f.rule != Rule::WrongAudience || f.severity == Severity::Info),
        "the Bank is a related service: {f:?}"
    );
}

// --- Messages --------------------------------------------------------------------------------------

#[test]
fn messages_speak_the_agents_language() {
    let ids = ["buyer", "seller", "abroad", "russia", "moscow-region"];
    for (text, audience, region) in [
        ("Пишите на sellersup@ozon.ru.", vec!["buyer"], None),
        ("Звоните 8 800 234-70-70.", vec!["buyer"], Some("abroad")),
        ("Звоните {{contact.phone.premium}}.", vec![], None),
        ("Для Premium есть выделенная линия.", vec![], None),
    ] {
        let f = findings_in(text, Format::Markdown, &audience, region);
        assert!(!f.is_empty(), "{text}");
        for f in &f {
            let words = |m: &str| -> Vec<String> {
                m.split(|c: char| !c.is_alphanumeric() && c != '-')
                    .map(str::to_string)
                    .collect()
            };
            for id in ids {
                assert!(
                    !words(&f.message.ru).contains(&id.to_string()),
                    "the Russian message names `{id}`: {}",
                    f.message.ru
                );
                assert!(
                    !f.message.en.contains(&format!("«{id}»"))
                        && !f.message.en.contains(&format!(": {id}")),
                    "the English message names `{id}` as an id: {}",
                    f.message.en
                );
            }
            for lang in [Lang::Ru, Lang::En] {
                let m = f.message.get(lang);
                assert!(!m.contains("2023-03-01"), "dates in words: {m}");
            }
            assert!(
                !f.message.en.chars().any(|c| ('а'..='я').contains(&c))
                    || f.message.en.contains('«'),
                "Russian only inside a quoted UI label: {}",
                f.message.en
            );
        }
    }
}

#[test]
fn the_travel_chat_path_is_said_once() {
    let f = findings("Позвоните на горячую линию Ozon Travel.", &["travel"]);
    for lang in [Lang::Ru, Lang::En] {
        let m = f[0].message.get(lang);
        assert_eq!(m.matches("Билеты, туры, отели").count(), 1, "{m}");
    }
}

// --- The README's catalog example --------------------------------------------------------------

#[test]
fn the_readmes_catalog_example_loads_and_its_examples_hold() {
    let readme = include_str!("../README.md");
    let section = &readme[readme.find("## The catalog").expect("the section")..];
    let start = section.find("```toml\n").expect("a toml block") + "```toml\n".len();
    let end = start + section[start..].find("```").expect("its end");
    let toml = &section[start..end];
    let loaded =
        macrolint::examples::load_text(toml, macrolint::catalog::Origin::File("README.md".into()));
    assert!(loaded.is_ok(), "{}", loaded.err().unwrap());
}

// --- Ranges point where the message says ----------------------------------------------------------

#[test]
fn an_io_error_points_at_the_byte_its_message_names() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cp1251.txt");
    std::fs::write(
        &path,
        b"\xd0\x9e\xd0\xb7\xd0\xbe\xd0\xbd\nline two \xcf\xf0\xe8",
    )
    .unwrap();
    let out = assert_cmd::Command::cargo_bin("macrolint")
        .unwrap()
        .args(["check", "--format", "json", "--lang", "en"])
        .arg(&path)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let f = &v["files"][0]["findings"][0];
    assert_eq!(f["rule"], "io-error");
    assert!(
        f["message"].as_str().unwrap().contains("line 2, column 10"),
        "{f}"
    );
    assert_eq!(f["range"]["start"]["line"], 2);
    assert_eq!(f["range"]["start"]["column"], 10);
}

// --- Round two: the harder phrasings --------------------------------------------------------

#[test]
fn a_question_asserts_nothing() {
    silent(
        "Ищете выделенную линию Premium? Её закрыли 1 марта 2023 года.",
        &["premium"],
    );
    silent(
        "Is there an Ozon Travel hotline? No, use the chat.",
        &["travel"],
    );
}

#[test]
fn a_negated_closing_says_it_still_exists() {
    reports(
        "Выделенную линию для Premium пока не отменили, звоните.",
        &["premium"],
        Rule::OutdatedClaim,
    );
    reports(
        "The dedicated Premium line hasn't been discontinued.",
        &["premium"],
        Rule::OutdatedClaim,
    );
}

#[test]
fn continuity_is_no_history() {
    reports(
        "Как и прежде, для клиентов Premium открыта отдельная линия.",
        &["premium"],
        Rule::OutdatedClaim,
    );
    reports(
        "As mentioned before, Premium members have a dedicated hotline.",
        &["premium"],
        Rule::OutdatedClaim,
    );
}

#[test]
fn a_list_item_speaks_of_its_header() {
    let md =
        "Что получают клиенты Premium:\n- отдельную телефонную линию;\n- скидки на доставку.\n";
    let f = findings_in(md, Format::Markdown, &["premium"], None);
    assert!(
        f.iter().any(|f| f.rule == Rule::OutdatedClaim
            && md[f.range.start..f.range.end].starts_with("отдельную телефонную")),
        "{f:#?}"
    );
}

#[test]
fn where_the_reader_is_carries_into_the_answer() {
    reports(
        "Вы сейчас в другой стране? Тогда наберите 8 800 234-70-70.",
        &["buyer"],
        Rule::WrongRegion,
    );
    silent(
        "Вы сейчас в другой стране? Наберите +7 495 232-10-00.",
        &["buyer"],
    );
}

#[test]
fn unusual_spellings_of_contacts_are_still_contacts() {
    reports(
        "Из-за рубежа: 8.800.234.70.70",
        &["buyer"],
        Rule::WrongRegion,
    );
    reports("Пишите на help @ozon.ru", &[], Rule::ContactFormat);
    let f = findings_in(
        "Звоните {{ contact.phone.premium | default: \"\" }}.",
        Format::Liquid,
        &[],
        None,
    );
    assert!(f.iter().any(|f| f.rule == Rule::RemovedChannel), "{f:#?}");
    reports(
        "Для клиентов Premium работает выдeленная линия.",
        &["premium"],
        Rule::OutdatedClaim,
    );
}

#[test]
fn a_condition_can_make_the_reader_a_premium_seller() {
    silent(
        "Если у вас Premium, ваши обращения в чате обработают вне очереди.",
        &["seller"],
    );
    reports(
        "Если у вас Premium, ваши обращения в чате обработают вне очереди.",
        &["buyer"],
        Rule::OutdatedClaim,
    );
}

#[test]
fn or_not_undoes_an_exception() {
    reports(
        "Ответим на любой вопрос, связанный с заказом или нет.",
        &[],
        Rule::OutOfScope,
    );
}

// --- Retold words, hours, reader frames (round three of the corpus) ---------------------------

/// What a template retells of the customer's words is the customer's belief, not a claim: it
/// is silent, and the same words said by the agent are not.
#[test]
fn retold_words_are_not_the_templates_claims() {
    silent(
        "Вы написали, что подписчикам Premium полагается своя горячая линия. С марта 2023 года её нет.",
        &["buyer", "premium"],
    );
    silent(
        "You mentioned you were told to \"call the Ozon Travel hotline\". That line does not work; please use the Travel chat.",
        &["travel"],
    );
    silent(
        "Вам написали в WhatsApp от имени Ozon? Это мошенники: мы не ведём поддержку в мессенджерах.",
        &["buyer"],
    );
    reports(
        "Подписчикам Premium полагается своя горячая линия.",
        &["buyer", "premium"],
        Rule::OutdatedClaim,
    );
    // The agent's own words after a «но» are judged again.
    reports(
        "Вы пишете, что чат медленный, но горячая линия Premium ответит быстрее.",
        &["buyer", "premium"],
        Rule::OutdatedClaim,
    );
    let c = Catalog::default_catalog();
    let (_, silences) = check_explained(
        &Document::new(
            "You heard that Premium members have a separate phone line.",
            Format::Plain,
        ),
        &ctx(&c, &["buyer", "premium"], None),
    );
    assert!(
        silences
            .iter()
            .any(|s| s.reason == macrolint::finding::SilenceReason::Reported),
        "{silences:#?}"
    );
}

/// The channels' hours are data: around-the-clock channels take «круглосуточно» and "24/7"
/// in any wording, and a restriction they do not have misleads.
#[test]
fn hours_are_checked_against_the_catalog() {
    for text in [
        "Пишите в онлайн-чат в любое время суток.",
        "Наша почта help@ozon.ru принимает письма круглосуточно и без выходных.",
        "The Ozon Travel chat is staffed day and night, weekends included.",
        "Горячая линия принимает звонки круглосуточно, хотя дозвониться бывает непросто.",
        "Ответим на письмо в течение рабочего дня.",
        "Доставка по выходным не работает, а чат — круглосуточно.",
    ] {
        silent(text, &["buyer"]);
    }
    for text in [
        "Чат поддержки отвечает только по будням.",
        "The chat is closed on Sundays, so please write on Monday.",
        "Онлайн-чат работает с 8:00 до 20:00.",
        "help@ozon.ru reads your e-mails on weekdays only.",
    ] {
        reports(text, &["buyer"], Rule::MisleadingClaim);
    }
}

/// A frame for a known reader: in a Premium template "you" is the Premium customer.
#[test]
fn a_frame_can_speak_to_a_known_reader() {
    reports(
        "Ваши обращения теперь рассматриваются вне общей очереди.",
        &["buyer", "premium"],
        Rule::OutdatedClaim,
    );
    silent(
        "Ваши обращения теперь рассматриваются вне общей очереди.",
        &["seller", "premium"],
    );
}

/// A number named with the region it is for is told truly, even in a template for callers
/// abroad.
#[test]
fn a_number_named_with_its_own_region_is_true_abroad() {
    let text =
        "Номер 8 800 234-70-70 — для звонков из городов России, из-за границы он не работает.";
    let l: Vec<_> = findings_in(text, Format::Plain, &["buyer"], Some("abroad"))
        .into_iter()
        .filter(|f| f.rule == Rule::WrongRegion)
        .collect();
    assert!(l.is_empty(), "{l:#?}");
    let l: Vec<_> = findings_in(
        "Звоните на 8 800 234-70-70.",
        Format::Plain,
        &["buyer"],
        Some("abroad"),
    )
    .into_iter()
    .filter(|f| f.rule == Rule::WrongRegion)
    .collect();
    assert_eq!(l.len(), 1);
}

/// `unknown-contact` is for the company's own contacts; a bank's or a courier's number is a
/// note at most, and off when the team says so.
#[test]
fn unknown_numbers_are_errors_only_when_they_are_the_companys() {
    let c = Catalog::default_catalog();
    let sev = |text: &str, cx: &Context<'_>| -> Vec<Severity> {
        check(&Document::new(text, Format::Plain), cx)
            .into_iter()
            .filter(|f| f.rule == Rule::UnknownContact)
            .map(|f| f.severity)
            .collect()
    };
    let cx = ctx(&c, &["buyer"], None);
    assert_eq!(
        sev("Позвоните в свой банк по номеру +7 495 777-77-77.", &cx),
        [Severity::Info]
    );
    assert_eq!(
        sev("Наша горячая линия теперь: +7 495 111-22-33.", &cx),
        [Severity::Error]
    );
    assert_eq!(
        sev("Call our hotline on +7 495 111-22-33.", &cx),
        [Severity::Error]
    );
    // One digit from a catalog number is a typo of it, whatever the words around.
    assert_eq!(
        sev("Курьерская служба: +7 495 232-10-01.", &cx),
        [Severity::Error]
    );
    let mut off = ctx(&c, &["buyer"], None);
    off.third_party_numbers = None;
    assert!(sev("Позвоните в свой банк по номеру +7 495 777-77-77.", &off).is_empty());
    assert_eq!(
        sev("Наша горячая линия теперь: +7 495 111-22-33.", &off),
        [Severity::Error]
    );
}
