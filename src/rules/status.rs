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
