//! `unknown-contact`, `unofficial-channel` and `unknown-placeholder`: what a template names that
//! the catalog does not know.

use super::{Input, Reference, labels};
use crate::catalog::{Catalog, Channel};
use crate::finding::{ByteRange, Finding, Fix, Lang, Message};
use crate::rules::Rule;

pub(super) fn check(input: &Input<'_>, out: &mut Vec<Finding>) {
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
        unknown_contact(input, out, p.range, &shown, near);
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
            unofficial(input, out, u.range, &net.name);
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
    for net in &input.catalog.unofficial {
        for (_, range) in crate::catalog::find_all(&net.patterns, input.text, &input.scan.sentences)
        {
            if unofficial_ranges
                .iter()
                .any(|r: &ByteRange| r.overlaps(&range))
            {
                continue;
            }
            unofficial_ranges.push(range);
            unofficial(input, out, range, &net.name);
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
        out.push(f);
    }
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
    out: &mut Vec<Finding>,
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
    out.push(f);
}

fn unofficial(input: &Input<'_>, out: &mut Vec<Finding>, range: ByteRange, name: &str) {
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
        out.push(f);
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
    fn any_other_valid_number_is_unknown_without_a_guess() {
        let f = findings("Звоните +7 495 111-22-33.", &[]);
        assert_eq!(f[0].rule, Rule::UnknownContact);
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
