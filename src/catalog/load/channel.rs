//! Reading `[[channel]]` entries.

use std::collections::{BTreeSet, HashMap};

use super::errors::{Errors, From, date, id_set, ids_exist, is_id};
use super::raw::RawChannel;
use crate::catalog::index::{normalise_email, normalise_url};
use crate::catalog::phone::PhoneKey;
use crate::catalog::{Channel, ChannelId, Kind, Text, Wait};

/// What the channels may name: the declared audiences, regions and channel ids.
pub(super) struct Names<'a> {
    pub ids: &'a BTreeSet<String>,
    pub audiences: &'a BTreeSet<String>,
    pub regions: &'a BTreeSet<String>,
}

pub(super) fn build(
    errors: &mut Errors<'_>,
    file: usize,
    raw: &RawChannel,
    names: &Names<'_>,
    region: rlibphonenumber::enums::Region,
) -> Option<Channel> {
    let start = errors.len();
    let id = raw.id.get_ref();
    if !is_id(id) {
        errors.help(
            file,
            raw.id.span(),
            format!("`{id}` is not a valid channel id"),
            "ids are lower-case ASCII letters, digits, `.`, `-` and `_`, like phone.moscow",
        );
    }
    if raw.source.get_ref().is_empty() {
        errors.help(
            file,
            raw.source.span(),
            format!("channel `{id}` quotes no source"),
            "add the sentence(s) of the source document this channel comes from",
        );
    }
    let mut phone = None;
    if let Some(value) = &raw.value {
        let v = value.get_ref();
        match raw.kind {
            Kind::Phone => match PhoneKey::parse(v, region) {
                Some(key) if key.valid => {
                    let national = !v.trim_start().starts_with('+');
                    if national && !key.toll_free {
                        errors.help(
                            file,
                            value.span(),
                            format!("phone value `{v}` is not in international form"),
                            format!(
                                "write it as \"{}\": only a toll-free line may be written the national way (other forms go in `variants`)",
                                key.international
                            ),
                        );
                    } else if !dials_as_written(v) {
                        errors.help(
                            file,
                            value.span(),
                            format!("phone value `{v}` has characters a dialler rejects"),
                            format!(
                                "write it with spaces and hyphens, as \"{}\"",
                                if national {
                                    &key.national
                                } else {
                                    &key.international
                                }
                            ),
                        );
                    }
                    phone = Some(key);
                }
                _ => errors.help(
                    file,
                    value.span(),
                    format!("`{v}` is not a valid phone number"),
                    "write the number in international form, with + and its country code, such as \"+1 212 555 0100\"",
                ),
            },
            Kind::Email if !crate::contact::is_address(v) => {
                errors.help(
                    file,
                    value.span(),
                    format!("`{v}` is not an e-mail address"),
                    "write the address without spaces, such as \"help@example.com\"",
                );
            }
            _ => {}
        }
    }
    for variant in &raw.variants {
        if raw.kind == Kind::Phone {
            let same = PhoneKey::parse(variant.get_ref(), region).map(|k| k.e164);
            if same.is_none() || same != phone.as_ref().map(|p| p.e164.clone()) {
                errors.help(
                    file,
                    variant.span(),
                    format!(
                        "variant `{}` is not the same number as the value",
                        variant.get_ref()
                    ),
                    "a variant is another way to write the same contact",
                );
            }
        }
    }
    let replacement = ids_exist(errors, file, &raw.replacement, names.ids, "replacement");
    if replacement.iter().any(|r| r.as_str() == id) {
        errors.help(
            file,
            raw.id.span(),
            format!("channel `{id}` replaces itself"),
            "name another channel in `replacement`",
        );
    }
    let since = raw.since.as_ref().and_then(|d| date(errors, file, d));
    let audience = id_set(
        errors,
        file,
        &raw.audience,
        names.audiences,
        "audience",
        "customer, seller",
    );
    let callable_from = id_set(
        errors,
        file,
        &raw.callable_from,
        names.regions,
        "region",
        "us, abroad",
    );
    let wait = raw
        .wait
        .iter()
        .map(|w| Wait {
            audience: id_set(
                errors,
                file,
                &w.audience,
                names.audiences,
                "audience",
                "customer, seller",
            ),
            text: Text {
                ru: w.ru.clone(),
                en: w.en.clone(),
            },
            source: w.source.clone(),
        })
        .collect();
    let hours = raw
        .hours
        .as_ref()
        .map(|h| super::hours::channel_hours(errors, file, h.get_ref(), h.span()));
    if errors.len() > start {
        return None;
    }
    Some(Channel {
        id: ChannelId(id.clone()),
        kind: raw.kind,
        name: raw.name.clone(),
        label: raw.label.clone(),
        value: raw.value.as_ref().map(|v| v.get_ref().clone()),
        variants: raw.variants.iter().map(|v| v.get_ref().clone()).collect(),
        status: raw.status,
        since,
        replacement,
        audience,
        callable_from,
        topic: raw.topic.clone(),
        cost: raw.cost,
        hours,
        wait,
        note: raw.note.clone(),
        source: raw.source.get_ref().clone(),
        phone,
    })
}

/// Whether a written number holds only what a dialler takes: digits, `+`, spaces, hyphens and
/// brackets (no minus signs, no dashes).
pub(crate) fn dials_as_written(v: &str) -> bool {
    v.chars().all(|c| {
        c.is_ascii_digit()
            || matches!(
                c,
                '+' | ' ' | '\u{a0}' | '\u{202f}' | '-' | '\u{2010}' | '\u{2011}' | '(' | ')' | '.'
            )
    })
}

/// Two channels with the same contact make every lookup ambiguous. One pass with a hash map:
/// a catalog of many thousand channels loads in linear time.
pub(super) fn check_unique_values(
    errors: &mut Errors<'_>,
    raws: &[From<RawChannel>],
    built: &[Channel],
) {
    let by_id: HashMap<&str, &From<RawChannel>> = raws
        .iter()
        .map(|r| (r.item.id.get_ref().as_str(), r))
        .collect();
    let mut seen: HashMap<String, &str> = HashMap::with_capacity(built.len());
    for ch in built {
        let Some(raw) = by_id.get(ch.id.as_str()) else {
            continue;
        };
        let Some(value) = &raw.item.value else {
            continue;
        };
        let key = match (&ch.phone, ch.kind) {
            (Some(p), _) => p.e164.clone(),
            (None, Kind::Email) => normalise_email(value.get_ref()),
            (None, Kind::Url | Kind::Social | Kind::Messenger) => normalise_url(value.get_ref()),
            (None, _) => value.get_ref().to_lowercase(),
        };
        if let Some(other) = seen.insert(key, ch.id.as_str()) {
            errors.help(
                raw.file,
                value.span(),
                format!("channel `{}` has the same value as `{other}`", ch.id),
                "each contact belongs to one channel: merge the two, or fix the value",
            );
        }
    }
}

/// A chain of replacements that comes back to where it started (a → b → a) sends a fix in a
/// circle: each channel's successors are followed once, so the check is linear.
pub(super) fn check_replacement_cycles(
    errors: &mut Errors<'_>,
    raws: &[From<RawChannel>],
    built: &[Channel],
) {
    let index: HashMap<&str, usize> = built
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    let by_id: HashMap<&str, &From<RawChannel>> = raws
        .iter()
        .map(|r| (r.item.id.get_ref().as_str(), r))
        .collect();
    // 0: not seen, 1: on the current path, 2: done.
    let mut state = vec![0u8; built.len()];
    for start in 0..built.len() {
        if state[start] != 0 {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        state[start] = 1;
        while let Some(&(node, next)) = stack.last() {
            let succ = &built[node].replacement;
            if next >= succ.len() {
                state[node] = 2;
                stack.pop();
                continue;
            }
            let target = succ[next].as_str();
            if let Some(top) = stack.last_mut() {
                top.1 += 1;
            }
            let Some(&t) = index.get(target) else {
                continue;
            };
            match state[t] {
                0 => {
                    state[t] = 1;
                    stack.push((t, 0));
                }
                1 => {
                    let path: Vec<&str> = stack
                        .iter()
                        .skip_while(|(n, _)| *n != t)
                        .map(|(n, _)| built[*n].id.as_str())
                        .chain(std::iter::once(target))
                        .collect();
                    let at = by_id[built[node].id.as_str()];
                    errors.help(
                        at.file,
                        at.item.id.span(),
                        format!("replacements go in a circle: {}", path.join(" → ")),
                        "a replacement must lead to a channel that is not replaced back",
                    );
                }
                _ => {}
            }
        }
    }
}
