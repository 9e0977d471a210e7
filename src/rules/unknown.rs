//! `unknown-contact`, `unofficial-channel` and `unknown-placeholder`: what a template names that
//! the catalog does not know.
//!
//! A phone number one digit from a catalog number is a typo of it (an error); any other number
//! may well be a third party's (a bank, a courier), so it is only a note. A social network or
//! messenger that is not in the catalog is an error where the text sends the reader there, not
//! where it says there is no support there or warns of scammers there.

use super::{Input, Out, Reference, labels};
use crate::catalog::{Catalog, Channel, Owner};
use crate::finding::{ByteRange, Fix, Lang, Message, Severity, SilenceReason};
use crate::rules::Rule;

pub(super) fn check(input: &Input<'_>, out: &mut Out) {
    let known = |range: ByteRange| input.refs.iter().any(|r: &Reference<'_>| r.range == range);
    let ix = &input.catalog.index;

    for p in &input.scan.phones {
        if known(p.range) {
            continue;
        }
        let near = ix
            .near_phone(p.key.digits())
            .map(|i| &input.catalog.channels[i]);
        let shown = if p.key.valid {
            p.key.international.clone()
        } else {
            input.written(p.range).to_string()
        };
        // The company's own: one digit from a catalog number, in a range the catalog declares
        // its own, or presented as the company's («наша горячая линия», "our hotline").
        let own = near.is_some()
            || input
                .catalog
                .own_numbers
                .iter()
                .any(|o| p.key.digits().starts_with(o.as_str()))
            || presented_as_own(input, p.range);
        if !own && input.ctx.third_party_numbers.is_none() {
            continue;
        }
        let before = out.findings.len();
        unknown_contact(input, out, p.range, &shown, near);
        if !own && let Some(f) = out.findings.get_mut(before) {
            // Not the company's as far as the catalog knows: perhaps a bank's or a courier's.
            f.severity = f.severity.min(Severity::Info);
            f.message = f.message.clone().append(&Message::new(
                "Если это номер компании, добавьте его в каталог.",
                "If it is the company's number, add it to the catalog.",
            ));
        }
    }
    for e in &input.scan.emails {
        if known(e.range) {
            continue;
        }
        let near = ix
            .near_email(&e.address)
            .map(|i| &input.catalog.channels[i]);
        if near.is_some() || ix.is_company_email_domain(e.domain()) {
            unknown_contact(input, out, e.range, &e.address, near);
        }
    }
    let mut unofficial_ranges = Vec::new();
    for u in &input.scan.urls {
        if known(u.range) {
            continue;
        }
        if let Some(net) = input
            .catalog
            .unofficial
            .iter()
            .find(|n| host_matches(u.host(), &n.hosts))
        {
            unofficial_ranges.push(u.range);
            let i = input
                .catalog
                .unofficial
                .iter()
                .position(|n| std::ptr::eq(n, net))
                .unwrap_or(0);
            unofficial(input, out, u.range, i);
            continue;
        }
        let near = ix
            .near_url(&u.normalised)
            .map(|i| &input.catalog.channels[i]);
        if near.is_some() {
            unknown_contact(input, out, u.range, &u.normalised, near);
        } else if ix.is_catalog_url_host(u.host()) {
            let official = input.catalog.channels.iter().find(|c| {
                c.value
                    .as_deref()
                    .is_some_and(|v| crate::contact::normalise_url(v).starts_with(u.host()))
            });
            unknown_contact(input, out, u.range, &u.normalised, official);
        }
    }
    for (i, net) in input.catalog.unofficial.iter().enumerate() {
        let by_words = input.matches_of(Owner::Unofficial(i)).map(|m| m.range);
        let by_patterns =
            crate::catalog::find_all(&net.patterns, &net.gate, input.text, &input.scan.sentences)
                .into_iter()
                .map(|(_, r)| r);
        let ranges: Vec<ByteRange> = by_words.chain(by_patterns).collect();
        for range in ranges {
            if unofficial_ranges
                .iter()
                .any(|r: &ByteRange| r.overlaps(&range))
            {
                continue;
            }
            unofficial_ranges.push(range);
            unofficial(input, out, range, i);
        }
    }
    if let Some(dc) = input.ctx.dynamic_content.filter(|d| d.has_items()) {
        for r in &input.scan.dynamic {
            if dc.defines(&r.name) {
                continue;
            }
            let msg = Message::new(
                format!(
                    "В выгрузке Dynamic Content нет элемента «{}»: клиент увидит пустое место.",
                    r.name
                ),
                format!(
                    "The Dynamic Content export has no item «{}»: the customer would see a blank.",
                    r.name
                ),
            );
            let Some(mut f) = input.finding(Rule::UnknownPlaceholder, r.range, msg) else {
                continue;
            };
            if let Some(near) = dc.nearest(&r.name) {
                f.message = f.message.append(&Message::new(
                    format!("Возможно, {near}?"),
                    format!("Did you mean {near}?"),
                ));
                f = f.with_fix(Fix::replace(
                    Message::new(
                        format!("Заменить на {near}"),
                        format!("Replace with {near}"),
                    ),
                    false,
                    r.name_range,
                    near,
                ));
            }
            out.findings.push(f);
        }
    }
    for p in &input.scan.placeholders {
        if ix.by_id(&p.id).is_some() {
            continue;
        }
        let msg = Message::new(
            format!("В каталоге нет канала «{}» для плейсхолдера.", p.id),
            format!(
                "The catalog has no channel «{}» for this placeholder.",
                p.id
            ),
        );
        let Some(mut f) = input.finding(Rule::UnknownPlaceholder, p.range, msg) else {
            continue;
        };
        if let Some(id) = nearest_id(input.catalog, &p.id) {
            f.message = f.message.append(&Message::new(
                format!("Возможно, {id}?"),
                format!("Did you mean {id}?"),
            ));
            f = f.with_fix(Fix::replace(
                Message::new(format!("Заменить на {id}"), format!("Replace with {id}")),
                false,
                p.id_range,
                id,
            ));
        }
        out.findings.push(f);
    }
}

/// Whether the clause of the contact at `range` presents it as the company's own: the catalog's
/// `own` words stand in it or in the clause it continues («Наша горячая линия: …»), not
/// negated («это не наш номер»).
fn presented_as_own(input: &Input<'_>, range: ByteRange) -> bool {
    let Some((c, _)) = input.contact_place(range) else {
        return false;
    };
    input.matches_of(Owner::Own).any(|m| {
        input.scan.clauses.related(m.clause as usize, c)
            && !matches!(
                input.match_governor(m, false),
                Some(crate::scan::Governor::Negation(_))
            )
    })
}

/// Whether `host` is one of `hosts` or under one of them.
fn host_matches(host: &str, hosts: &[String]) -> bool {
    hosts.iter().any(|h| {
        host == h
            || host
                .strip_suffix(h.as_str())
                .is_some_and(|p| p.ends_with('.'))
    })
}

/// The channel id closest to a mistyped one, if it is close enough to be a typo.
fn nearest_id(catalog: &Catalog, id: &str) -> Option<String> {
    catalog
        .channels
        .iter()
        .map(|c| {
            (
                strsim::damerau_levenshtein(c.id.as_str(), id),
                c.id.as_str(),
            )
        })
        .filter(|(d, _)| *d <= 3)
        .min()
        .map(|(_, id)| id.to_string())
}

fn unknown_contact(
    input: &Input<'_>,
    out: &mut Out,
    range: ByteRange,
    shown: &str,
    near: Option<&Channel>,
) {
    let mut msg = Message::new(
        format!("Контакта {shown} нет в каталоге."),
        format!("{shown} is not in the catalog."),
    );
    if let Some(c) = near {
        let l = labels(std::iter::once(c));
        msg = msg.append(&Message::new(
            format!(
                "Возможно, имелся в виду {} («{}»).",
                l.ru,
                c.display_name(Lang::Ru)
            ),
            format!("Did you mean {} («{}»)?", l.en, c.display_name(Lang::En)),
        ));
    }
    let Some(mut f) = input.finding(Rule::UnknownContact, range, msg) else {
        return;
    };
    if let Some(c) = near {
        f = f.with_channel(&c.id);
        if let Some(value) = &c.value {
            f = f.with_fix(Fix::replace(
                Message::new(
                    format!("Заменить на {value}"),
                    format!("Replace with {value}"),
                ),
                false,
                range,
                value.clone(),
            ));
        }
    }
    out.findings.push(f);
}

/// Reports network `i` at `range`, unless the sentence warns of it or says there is no support
/// there.
fn unofficial(input: &Input<'_>, out: &mut Out, range: ByteRange, i: usize) {
    let name = input.catalog.unofficial[i].name.as_str();
    if let Some(cue) = input.sentence_has(Owner::UnofficialExcept(i), range.start) {
        out.silences.push(input.silence(
            Rule::UnofficialChannel,
            range,
            name,
            SilenceReason::Exception,
            cue,
        ));
        return;
    }
    // Other networks named in the same breath are part of what is negated: "no support on
    // Telegram, WhatsApp or Viber".
    let owners = &input.catalog.frames.owners;
    let place = input.contact_place(range).or_else(|| {
        let m = input.scan.matches.iter().find(|m| m.range == range)?;
        Some((m.clause as usize, m.slots[0].0 as usize))
    });
    let governor = place.and_then(|(c, p)| {
        let mut own: Vec<(usize, usize)> = input
            .scan
            .matches
            .iter()
            .filter(|m| {
                m.clause as usize == c && matches!(owners[m.frame as usize], Owner::Unofficial(_))
            })
            .map(|m| (m.slots[0].0 as usize, m.slots[0].1 as usize))
            .collect();
        own.push((p, p));
        input.governor_with(c, &[(p, p)], &own, true)
    });
    if let Some(s) = input.silenced_by(governor, Rule::UnofficialChannel, range, name) {
        out.silences.push(s);
        return;
    }
    let official: Vec<&Channel> = input
        .catalog
        .channels
        .iter()
        .filter(|c| {
            matches!(
                c.kind,
                crate::catalog::Kind::Social | crate::catalog::Kind::Messenger
            )
        })
        .filter(|c| !c.status.is_outdated())
        .collect();
    let mut msg = Message::new(
        format!("{name} не официальный канал поддержки."),
        format!("{name} is not an official support channel."),
    );
    if !official.is_empty() {
        let l = labels(official.iter().copied());
        msg = msg.append(&Message::new(
            format!("Официально: {}.", l.ru),
            format!("Official: {}.", l.en),
        ));
    }
    if let Some(mut f) = input.finding(Rule::UnofficialChannel, range, msg) {
        for c in &official {
            f = f.with_channel(&c.id);
        }
        out.findings.push(f);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::Rule;
    use crate::rules::testing::{findings, of};

    #[test]
    fn a_number_one_digit_off_names_the_channel() {
        for typo in [
            "+7 495 232-10-01",
            "+7 495 232-10-0",
            "+7 495 232-01-00",
            "+7 495 232-10-000",
        ] {
            let f = findings(&format!("Звоните {typo}."), &[]);
            let f = f
                .iter()
                .find(|f| f.rule == Rule::UnknownContact)
                .unwrap_or_else(|| panic!("{typo}"));
            assert_eq!(f.channels[0].as_str(), "phone.moscow", "{typo}");
            assert_eq!(f.fixes[0].edits[0].replacement, "+7 495 232-10-00");
        }
    }

    #[test]
    fn any_other_valid_number_is_a_note_without_a_guess() {
        let f = findings("Звоните +7 495 111-22-33.", &[]);
        assert_eq!(f[0].rule, Rule::UnknownContact);
        assert_eq!(f[0].severity, crate::Severity::Info);
        assert!(f[0].fixes.is_empty());
    }

    #[test]
    fn company_addresses_and_near_misses_but_not_other_addresses() {
        assert_eq!(
            of(
                "support@ozon.ru, hlep@ozon.ru, help@ozon.ry",
                &[],
                Rule::UnknownContact
            )
            .len(),
            3
        );
        assert!(of("client@mail.ru", &[], Rule::UnknownContact).is_empty());
    }

    #[test]
    fn the_companys_name_under_another_suffix_is_a_slip() {
        // The article's addresses are all @ozon.ru: @ozon.com is a slip, and the same mailbox
        // at ozon.ru is the fix.
        let f = findings("Напишите нам на help@ozon.com, ответим в течение дня.", &[]);
        assert_eq!(f[0].rule, Rule::UnknownContact);
        assert_eq!(f[0].fixes[0].edits[0].replacement, "help@ozon.ru");
        let f = findings("Press enquiries: pr@ozon.net", &[]);
        assert_eq!(f[0].rule, Rule::UnknownContact);
        assert_eq!(f[0].fixes[0].edits[0].replacement, "pr@ozon.ru");
        // An unknown mailbox there is unknown too, without a guess; other names are not ours.
        let f = findings("Пишите на office@ozon.com.", &[]);
        assert_eq!((f[0].rule, f[0].fixes.len()), (Rule::UnknownContact, 0));
        assert!(
            of(
                "Пишите на help@ozonmail.com или help@mail.ru.",
                &[],
                Rule::UnknownContact
            )
            .is_empty()
        );
    }

    #[test]
    fn another_page_on_the_official_network_is_unknown() {
        let f = findings("vk.com/ozon_help", &[]);
        assert_eq!(f[0].rule, Rule::UnknownContact);
        assert_eq!(f[0].channels[0].as_str(), "social.vk");
    }

    #[test]
    fn unofficial_networks_by_host_and_by_name_once() {
        assert_eq!(
            of("https://t.me/ozon", &[], Rule::UnofficialChannel),
            ["https://t.me/ozon"]
        );
        assert_eq!(
            of("https://telegram.me/ozon", &[], Rule::UnofficialChannel).len(),
            1
        );
        assert_eq!(
            of(
                "Пишите в Телеграм или WhatsApp",
                &[],
                Rule::UnofficialChannel
            ),
            ["Телеграм", "WhatsApp"]
        );
    }

    #[test]
    fn no_support_there_and_scam_warnings_are_true() {
        for t in [
            "В Telegram у нас нет официальной поддержки.",
            "Мы не отвечаем в WhatsApp.",
            "Остерегайтесь мошенников, которые пишут в Telegram от имени Ozon.",
            "We have no support on Telegram.",
        ] {
            assert!(of(t, &[], Rule::UnofficialChannel).is_empty(), "{t}");
        }
    }

    #[test]
    fn unknown_placeholder_suggests_the_nearest_id() {
        let f = findings("{{contact.phone.moskow}}", &[]);
        assert_eq!(f[0].rule, Rule::UnknownPlaceholder);
        assert_eq!(f[0].fixes[0].edits[0].replacement, "phone.moscow");
        let f = findings("{{contact.nothing.like.it}}", &[]);
        assert!(f[0].fixes.is_empty());
    }

    #[test]
    fn other_placeholders_are_never_contacts() {
        assert!(
            findings(
                "{{ticket.requester.phone}} {{user.email|fallback:\"help@ozon.ru\"}}",
                &[]
            )
            .is_empty()
        );
    }
}
