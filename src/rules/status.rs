//! `removed-channel`, `unavailable-channel`, `hard-to-reach` and `upcoming-change` for the
//! channels a template names: the status in force on the as-of date decides. A contact the
//! sentence itself says is gone («номер … больше не работает») or speaks of in the past is not
//! reported: the sentence is true.

use super::{Input, Out, Reference, label, replace_with, with_alternatives};
use crate::catalog::{Channel, Status};
use crate::dates::in_words;
use crate::finding::{Fix, Lang, Message};
use crate::rules::Rule;

fn note(c: &Channel) -> Message {
    c.note_message().unwrap_or_default()
}

/// `s` ending with one full stop (a date in words already ends with «г.»).
pub(super) fn sentence(s: String) -> String {
    if s.ends_with('.') { s } else { s + "." }
}

/// `s` with a lower-case first letter, to follow a colon.
fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

pub(super) fn check(input: &Input<'_>, out: &mut Out) {
    let as_of = input.ctx.as_of;
    for r in &input.refs {
        let c = input.channel(r);
        if let Some((status, date)) = c.upcoming_on(as_of) {
            if status == Status::Active {
                continue;
            }
            if let Some(s) = input.silenced_by(
                input.contact_governor(r.range),
                Rule::UpcomingChange,
                r.range,
                c.id.as_str(),
            ) {
                out.silences.push(s);
                continue;
            }
            let (ru, en) = match status {
                Status::Limited => ("станет труднодоступным", "becomes hard to reach"),
                Status::Unavailable => ("перестанет работать", "stops working"),
                _ => ("будет закрыт", "closes"),
            };
            let msg = Message::new(
                format!(
                    "С {} канал «{}» {ru}.",
                    in_words(date, Lang::Ru),
                    c.display_name(Lang::Ru)
                ),
                format!(
                    "On {} the channel «{}» {en}.",
                    in_words(date, Lang::En),
                    c.display_name(Lang::En)
                ),
            );
            let better: Vec<&Channel> = input.catalog.channels_for(&c.replacement).collect();
            let msg = with_alternatives(msg, &better, "Подготовьте замену:", "Prepare to use:");
            if let Some(f) = input.finding(Rule::UpcomingChange, r.range, msg) {
                out.findings.push(f.with_channel(&c.id));
            }
            continue;
        }
        let (rule, ru, en) = match c.status_on(as_of) {
            Status::Active => continue,
            Status::Removed => (Rule::RemovedChannel, "закрыт", "was closed"),
            Status::Unavailable => (Rule::UnavailableChannel, "не работает", "does not work"),
            Status::Limited => (
                Rule::HardToReach,
                "работает с перебоями",
                "is hard to reach",
            ),
        };
        if let Some(s) = input.silenced_by(
            input.contact_governor(r.range),
            rule,
            r.range,
            c.id.as_str(),
        ) {
            out.silences.push(s);
            continue;
        }
        let when = |lang: Lang| match (c.since, rule) {
            (Some(d), Rule::RemovedChannel) => match lang {
                Lang::Ru => format!(" с {}", in_words(d, lang)),
                Lang::En => format!(" on {}", in_words(d, lang)),
            },
            _ => String::new(),
        };
        let mut msg = match (rule, c.note_message()) {
            // A hint: the note says what makes the channel hard to reach.
            (Rule::HardToReach, Some(note)) => Message::new(
                format!("{}: {}", label(c, Lang::Ru), lower_first(&note.ru)),
                format!("{}: {}", label(c, Lang::En), lower_first(&note.en)),
            ),
            _ => Message::new(
                sentence(format!(
                    "Канал «{}» {ru}{}",
                    c.display_name(Lang::Ru),
                    when(Lang::Ru)
                )),
                sentence(format!(
                    "The channel «{}» {en}{}",
                    c.display_name(Lang::En),
                    when(Lang::En)
                )),
            )
            .append(&note(c)),
        };
        let better: Vec<&Channel> = input.catalog.channels_for(&c.replacement).collect();
        msg = with_alternatives(msg, &better, "Вместо него:", "Use instead:");
        if let Some(mut f) = input.finding(rule, r.range, msg) {
            f = f.with_channel(&c.id);
            for id in &c.replacement {
                f = f.with_channel(id);
            }
            // A hint carries no fix `fix` would apply: pointing elsewhere is the agent's call.
            if rule != Rule::HardToReach
                && let Some(fix) = successor_fix(input, r, c)
            {
                f = f.with_fix(fix);
            }
            out.findings.push(f);
        }
    }
}

/// The first successor of the same kind (a phone for a phone) that works, as an unsafe fix.
fn successor_fix(input: &Input<'_>, r: &Reference<'_>, c: &Channel) -> Option<Fix> {
    let successor = input.catalog.channels_for(&c.replacement).find(|s| {
        s.kind == c.kind && s.value.is_some() && !s.status_on(input.ctx.as_of).is_outdated()
    })?;
    replace_with(input, r, successor)
}

#[cfg(test)]
mod tests {
    use crate::rules::Rule;
    use crate::rules::testing::{findings, findings_on, of};

    #[test]
    fn removed_placeholder_offers_a_successor_of_the_same_kind() {
        let f = findings("Звоните {{contact.phone.premium}}.", &[]);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].rule, Rule::RemovedChannel);
        assert!(
            f[0].message.en.starts_with(
                "The channel «Dedicated Premium phone line» was closed on 1 March 2023."
            ),
            "{}",
            f[0].message.en
        );
        assert!(!f[0].message.ru.contains(".."), "{}", f[0].message.ru);
        let fix = &f[0].fixes[0];
        assert!(!fix.safe);
        assert_eq!(fix.edits[0].replacement, "{{contact.phone.federal}}");
    }

    #[test]
    fn unavailable_channel_by_placeholder() {
        assert_eq!(
            of("{{contact.phone.travel}}", &[], Rule::UnavailableChannel),
            ["{{contact.phone.travel}}"]
        );
    }

    #[test]
    fn limited_channels_suggest_the_chat_without_a_fix() {
        let f = findings("Звоните +7 812 494-06-06.", &[]);
        assert_eq!(f[0].rule, Rule::HardToReach);
        assert!(f[0].message.ru.contains("онлайн-чат"));
        assert!(f[0].channels.iter().any(|c| c.as_str() == "chat.web"));
        assert!(
            f[0].fixes.is_empty(),
            "a phone is never replaced by a chat path"
        );
    }

    #[test]
    fn a_change_after_as_of_is_upcoming_only() {
        let f = findings_on("{{contact.phone.premium}}", &[], "2023-01-01");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].rule, Rule::UpcomingChange);
        assert!(
            f[0].message.en.contains("On 1 March 2023 the channel"),
            "{}",
            f[0].message.en
        );
    }

    #[test]
    fn a_contact_the_sentence_says_is_gone_is_not_reported() {
        assert!(
            of(
                "Номер {{contact.phone.premium}} больше не работает.",
                &[],
                Rule::RemovedChannel
            )
            .is_empty()
        );
    }

    #[test]
    fn active_channels_are_silent() {
        assert!(findings("Пишите на help@ozon.ru.", &["buyer"]).is_empty());
    }
}
