//! `removed-channel`, `unavailable-channel`, `hard-to-reach` and `upcoming-change` for the
//! channels a template names: the status in force on the as-of date decides.

use super::{Input, Reference, label, labels, replace_with};
use crate::catalog::{Channel, Status};
use crate::finding::{Finding, Lang, Message};
use crate::rules::Rule;

fn status_words(s: Status) -> (&'static str, &'static str) {
    match s {
        Status::Active => ("начнёт работать", "becomes active"),
        Status::Limited => ("станет труднодоступным", "becomes hard to reach"),
        Status::Unavailable => ("перестанет работать", "stops working"),
        Status::Removed => ("будет удалён", "is removed"),
    }
}

fn note(c: &Channel) -> Message {
    c.note_message().unwrap_or_default()
}

pub(super) fn check(input: &Input<'_>, out: &mut Vec<Finding>) {
    let as_of = input.ctx.as_of;
    for r in &input.refs {
        let c = input.channel(r);
        if let Some((status, date)) = c.upcoming_on(as_of) {
            let (ru, en) = status_words(status);
            let msg = Message::new(
                format!("Канал {} {ru} {date}.", label(c, Lang::Ru)),
                format!("Channel {} {en} on {date}.", label(c, Lang::En)),
            )
            .append(&note(c));
            if let Some(f) = input.finding(Rule::UpcomingChange, r.range, msg) {
                out.push(f.with_channel(&c.id));
            }
            continue;
        }
        let (rule, ru, en) = match c.status_on(as_of) {
            Status::Active => continue,
            Status::Removed => (Rule::RemovedChannel, "удалён", "was removed"),
            Status::Unavailable => (Rule::UnavailableChannel, "не работает", "is unavailable"),
            Status::Limited => (
                Rule::HardToReach,
                "работает с ограничениями",
                "is hard to reach",
            ),
        };
        let since = |lang: Lang| match (c.since, lang) {
            (Some(d), Lang::Ru) => format!(" с {d}"),
            (Some(d), Lang::En) => format!(" on {d}"),
            (None, _) => String::new(),
        };
        let mut msg = Message::new(
            format!(
                "Канал «{}» {ru}{}.",
                c.display_name(Lang::Ru),
                since(Lang::Ru)
            ),
            format!(
                "Channel «{}» {en}{}.",
                c.display_name(Lang::En),
                since(Lang::En)
            ),
        )
        .append(&note(c));
        let better: Vec<&Channel> = input.catalog.channels_for(&c.replacement).collect();
        if !better.is_empty() {
            let l = labels(better.iter().copied());
            msg = msg.append(&Message::new(
                format!("Вместо него: {}.", l.ru),
                format!("Use instead: {}.", l.en),
            ));
        }
        if let Some(mut f) = input.finding(rule, r.range, msg) {
            f = f.with_channel(&c.id);
            for id in &c.replacement {
                f = f.with_channel(id);
            }
            if let Some(fix) = successor_fix(input, r, c) {
                f = f.with_fix(fix);
            }
            out.push(f);
        }
    }
}

fn successor_fix(input: &Input<'_>, r: &Reference<'_>, c: &Channel) -> Option<crate::finding::Fix> {
    let successor = input.catalog.successor(&c.replacement)?;
    replace_with(r, successor)
}

#[cfg(test)]
mod tests {
    use crate::rules::Rule;
    use crate::rules::testing::{findings, findings_on, of};

    #[test]
    fn removed_placeholder_offers_the_successor_as_a_placeholder() {
        let f = findings("Звоните {{contact.phone.premium}}.", &[]);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].rule, Rule::RemovedChannel);
        assert!(
            f[0].message.en.contains("was removed on 2023-03-01"),
            "{}",
            f[0].message.en
        );
        let fix = &f[0].fixes[0];
        assert!(!fix.safe);
        assert_eq!(fix.edits[0].replacement, "{{contact.chat.app}}");
    }

    #[test]
    fn unavailable_channel_by_placeholder() {
        assert_eq!(
            of("{{contact.phone.travel}}", &[], Rule::UnavailableChannel),
            ["{{contact.phone.travel}}"]
        );
    }

    #[test]
    fn limited_channels_suggest_the_chat() {
        let f = findings("Звоните +7 812 494-06-06.", &[]);
        assert_eq!(f[0].rule, Rule::HardToReach);
        assert!(f[0].message.ru.contains("онлайн-чат"));
        assert!(f[0].channels.iter().any(|c| c.as_str() == "chat.web"));
    }

    #[test]
    fn a_change_after_as_of_is_upcoming_only() {
        let f = findings_on("{{contact.phone.premium}}", &[], "2023-01-01");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].rule, Rule::UpcomingChange);
        assert!(f[0].message.en.contains("is removed on 2023-03-01"));
    }

    #[test]
    fn active_channels_are_silent() {
        assert!(findings("Пишите на help@ozon.ru.", &["buyer"]).is_empty());
    }
}
