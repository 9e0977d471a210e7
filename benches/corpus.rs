//! A deterministic corpus of realistic reply templates, for benches and the comparison script.
//!
//! Russian and English templates with front matter, placeholders, contacts in every written
//! form the seed and real helpdesks use (minus signs, no-break spaces, parentheses, no
//! separators), and outdated items (the removed Premium line, the dead Travel hotline, typos,
//! unofficial networks) in a known share of templates.

#![allow(dead_code)]

/// How many templates carry at least one outdated item, out of 100.
pub const OUTDATED_PERCENT: u32 = 10;

const GREETINGS_RU: &[&str] = &[
    "Здравствуйте, {{ticket.requester.first_name}}!",
    "Добрый день, {{ticket.requester.name}}.",
    "Спасибо, что обратились в поддержку Ozon.",
];
const GREETINGS_EN: &[&str] = &[
    "Hello {{ticket.requester.first_name}},",
    "Hi there,",
    "Thank you for contacting Ozon support.",
];

const BODY_RU: &[&str] = &[
    "Мы проверили ваш заказ {{ticket.order_id}}: он передан в доставку и прибудет в пункт выдачи в ближайшие дни.",
    "Возврат денег оформлен, средства поступят на карту в течение нескольких рабочих дней в зависимости от банка.",
    "Чтобы ускорить решение, напишите в онлайн-чат: «Помощь» → «Контакты» → онлайн-чат, выберите тему и заказ.",
    "В приложении откройте «Мой Ozon» → уведомления → «Поддержка Ozon» и опишите ситуацию, приложив фото.",
    "Если вопрос остался, пишите на help@ozon.ru: укажите тему в заголовке письма и приложите документы.",
    "Продавцам, если чат не подходит, лучше написать на sellersup@ozon.ru с номером отправления.",
    "Наша официальная группа ВКонтакте: vk.com/ozon, там отвечают администраторы и модераторы.",
    "Позвонить можно по номеру {phone}, линия работает круглосуточно, но чат обычно быстрее.",
    "Из-за рубежа звоните по номеру +7 495 232-10-00, звонки тарифицируются по условиям оператора.",
    "Среднее время ответа в чате 5–10 минут, иногда дольше, если вопрос требует изучения.",
    "Трек-номер посылки и статус доставки видны в разделе «Мои заказы» в профиле.",
    "Для клиентов Ozon Банка работает номер {bank}, для звонков из-за рубежа: +7 499 300-30-00.",
];
const BODY_EN: &[&str] = &[
    "We checked your order {{ticket.order_id}}: it is on its way and will reach the pickup point soon.",
    "Your refund has been issued; the money reaches your card within a few business days.",
    "The fastest way to reach us is the online chat: {{contact.chat.web}}. Pick a topic and the order first.",
    "You can also write to help@ozon.ru with the topic in the subject line and documents attached.",
    "Our official VK group is https://vk.com/ozon, where moderators answer questions.",
    "You can call {phone} around the clock, although the chat is usually faster.",
    "The chat usually answers within 10 minutes; complex questions may take longer.",
];
const PHONES: &[&str] = &[
    "+7 495 232-10-00",
    "+7\u{a0}495\u{a0}232−10−00",
    "8 (495) 232-10-00",
    "84952321000",
    "+7 812 494-06-06",
    "7 (812) 494−06−06",
    "8 (800)234−70−70",
    "+7 800 234-70-70",
];
const BANK: &[&str] = &[
    "8−800−300−30−00",
    "+7 800 300-30-00",
    "+7 (495) 215−24−08",
    "+7 495 120-29-81",
];
const OUTDATED: &[&str] = &[
    "Для клиентов Premium работает выделенная телефонная линия: {{contact.phone.premium}}.",
    "Позвоните на горячую линию Ozon Travel, там помогут с бронированием.",
    "Premium customers get priority support in the chat.",
    "Пишите нам в Telegram: t.me/ozon_help, отвечаем быстро.",
    "Звоните +7 495 232-10-01 или пишите на hlep@ozon.ru.",
    "Оператор ответит в чате за 1–3 минуты.",
    "Мы расследуем мошенничество и вернём украденное.",
];

fn pick<'a>(rng: &mut fastrand::Rng, items: &[&'a str]) -> &'a str {
    items[rng.usize(..items.len())]
}

/// One template of about `target` bytes.
pub fn template(rng: &mut fastrand::Rng, target: usize) -> String {
    let ru = rng.u32(..100) < 70;
    let mut out = String::with_capacity(target + 256);
    if rng.bool() {
        let audience = pick(
            rng,
            &[
                "[buyer]",
                "[seller]",
                "[seller, premium]",
                "[buyer, premium]",
                "[bank]",
            ],
        );
        out.push_str(&format!(
            "---\ntitle: Шаблон {}\naudience: {audience}\n---\n",
            rng.u32(..100_000)
        ));
    }
    out.push_str(pick(rng, if ru { GREETINGS_RU } else { GREETINGS_EN }));
    out.push_str("\n\n");
    let outdated = rng.u32(..100) < OUTDATED_PERCENT;
    let mut placed = false;
    while out.len() < target {
        if outdated && !placed && (rng.u32(..4) == 0 || out.len() * 2 > target) {
            out.push_str(pick(rng, OUTDATED));
            placed = true;
        } else {
            let line = pick(rng, if ru { BODY_RU } else { BODY_EN });
            out.push_str(
                &line
                    .replace("{phone}", pick(rng, PHONES))
                    .replace("{bank}", pick(rng, BANK)),
            );
        }
        out.push(if rng.u32(..3) == 0 { '\n' } else { ' ' });
    }
    out.push_str(if ru {
        "\n\nС уважением, команда поддержки Ozon.\n"
    } else {
        "\n\nBest regards, Ozon support.\n"
    });
    out
}

/// Lines for the dense corpus: every one carries a phone, an e-mail, a link or a claim, written
/// the way the seed writes them (U+2212 minus signs, en dashes, no-break spaces). `{phone}` and
/// `{bank}` are filled from [`PHONES`] and [`BANK`].
const DENSE_RU: &[&str] = &[
    "Позвоните нам по номеру {phone}, линия работает круглосуточно.",
    "Для клиентов Ozon Банка: {bank}, из-за рубежа\u{a0}— +7\u{a0}499\u{a0}300−30−00.",
    "Напишите на help@ozon.ru, укажите номер заказа {{ticket.order_id}} в теме письма.",
    "Продавцам удобнее писать на sellersup@ozon.ru с номером отправления.",
    "Официальная группа ВКонтакте: vk.com/ozon, отвечают модераторы.",
    "Статус заказа смотрите на https://www.ozon.ru/my/orderlist, раздел «Мои заказы».",
    "Оператор ответит в чате за 1–3 минуты, звонить на {phone} не нужно.",
    "Для клиентов Premium работает выделенная телефонная линия: {phone}.",
    "Покупатели Premium получают ответ в чате вне очереди.",
    "Из-за рубежа звоните на +7\u{a0}495\u{a0}232−10−00, звонки по тарифу оператора.",
    "Пишите нам в Telegram: t.me/ozon_help или на hlep@ozon.ru.",
    "Горячая линия Ozon Travel больше не работает, звоните {phone}.",
];
const DENSE_EN: &[&str] = &[
    "Call us on {phone}, the line is open around the clock.",
    "Ozon Bank customers can call {bank}; from abroad, +7 499 300−30−00.",
    "Write to help@ozon.ru with the order {{ticket.order_id}} in the subject line.",
    "Sellers should write to sellersup@ozon.ru with the shipment number.",
    "Our official VK group is https://vk.com/ozon, where moderators answer.",
    "Track the parcel at https://www.ozon.ru/my/orderlist under “My orders”.",
    "The chat answers within 1–3 minutes; there is no need to call {phone}.",
    "Premium customers have a dedicated phone line: {phone}.",
    "Premium buyers get priority support in the chat.",
    "From abroad call +7\u{a0}495\u{a0}232−10−00; your operator's rates apply.",
];

/// One contact-dense template of about `target` bytes: every line a phone, an e-mail, a link
/// or a claim (the sparse corpus hides the recognisers' cost).
pub fn dense_template(rng: &mut fastrand::Rng, target: usize) -> String {
    let ru = rng.u32(..100) < 70;
    let mut out = String::with_capacity(target + 256);
    out.push_str(pick(rng, if ru { GREETINGS_RU } else { GREETINGS_EN }));
    out.push_str("\n\n");
    while out.len() < target {
        let line = pick(rng, if ru { DENSE_RU } else { DENSE_EN });
        out.push_str(
            &line
                .replace("{phone}", pick(rng, PHONES))
                .replace("{bank}", pick(rng, BANK)),
        );
        out.push('\n');
    }
    out
}

/// `n` dense templates of ~2.5 KB, deterministic for a seed.
pub fn dense_templates(seed: u64, n: usize) -> Vec<String> {
    let mut rng = fastrand::Rng::with_seed(seed);
    (0..n)
        .map(|_| {
            let size = 1_500 + rng.usize(..2_000);
            dense_template(&mut rng, size)
        })
        .collect()
}

/// One large dense template.
pub fn dense_large(seed: u64, bytes: usize) -> String {
    let mut rng = fastrand::Rng::with_seed(seed);
    dense_template(&mut rng, bytes)
}

/// `n` templates of ~2.5 KB, deterministic for a seed.
pub fn templates(seed: u64, n: usize) -> Vec<String> {
    let mut rng = fastrand::Rng::with_seed(seed);
    (0..n)
        .map(|_| {
            let size = 1_500 + rng.usize(..2_000);
            template(&mut rng, size)
        })
        .collect()
}

/// One large template (a long knowledge-base article pasted into a macro).
pub fn large(seed: u64, bytes: usize) -> String {
    let mut rng = fastrand::Rng::with_seed(seed);
    template(&mut rng, bytes)
}
