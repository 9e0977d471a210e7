//! What an editor shows about a channel, in Markdown: hover and completion documentation share
//! it, so a contact reads the same wherever it is shown.

use jiff::civil::Date;
use std::fmt::Write;

use crate::Lang;
use crate::catalog::{Audience, Catalog, Channel, Status};

/// Picks the Russian or the English wording.
pub fn tr<'a>(lang: Lang, ru: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::Ru => ru,
        Lang::En => en,
    }
}

/// The audience as a reader says it: "buyer, seller", or "everyone".
pub fn audience_label(audience: &Audience, lang: Lang) -> String {
    if audience.is_empty() {
        tr(lang, "все", "everyone").to_string()
    } else {
        audience.iter().cloned().collect::<Vec<_>>().join(", ")
    }
}

fn status_label(status: Status, lang: Lang) -> &'static str {
    match status {
        Status::Active => tr(lang, "работает", "active"),
        Status::Limited => tr(lang, "работает с ограничениями", "limited (hard to reach)"),
        Status::Unavailable => tr(lang, "не работает", "unavailable"),
        Status::Removed => tr(lang, "удалён", "removed"),
    }
}

/// The one-line detail completion shows: name, audience and hours.
pub fn detail(c: &Channel, lang: Lang) -> String {
    let mut s = format!(
        "{} · {}",
        c.display_name(lang),
        audience_label(&c.audience, lang)
    );
    if let Some(h) = c.hours.as_ref().and_then(|h| h.describe(lang)) {
        let _ = write!(s, " · {h}");
    }
    s
}

/// How the channel is named in prose: its value, else its name.
pub fn label(c: &Channel, lang: Lang) -> String {
    match &c.value {
        Some(v) => v.clone(),
        None => format!("«{}»", c.display_name(lang)),
    }
}

/// Everything the catalog says about `c`, as of `as_of`.
pub fn markdown(catalog: &Catalog, c: &Channel, as_of: Date, lang: Lang) -> String {
    let mut md = String::new();
    let _ = writeln!(md, "**{}** (`{}`)\n", c.display_name(lang), c.id);
    if let Some(v) = &c.value {
        let _ = writeln!(md, "`{v}`\n");
    }
    let t = |ru, en| tr(lang, ru, en);
    let _ = writeln!(
        md,
        "- {}: {}",
        t("Для кого", "For"),
        audience_label(&c.audience, lang)
    );
    if !c.callable_from.is_empty() {
        let from = c
            .callable_from
            .iter()
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        let _ = writeln!(md, "- {}: {from}", t("Звонить откуда", "Callable from"));
    }
    if let Some(h) = c.hours.as_ref().and_then(|h| h.describe(lang)) {
        let _ = writeln!(md, "- {}: {h}", t("Часы работы", "Hours"));
    }
    for w in &c.wait {
        let Some(text) = w.text.get(lang) else {
            continue;
        };
        if w.audience.is_empty() {
            let _ = writeln!(md, "- {}: {text}", t("Ожидание", "Waiting time"));
        } else {
            let _ = writeln!(
                md,
                "- {} ({}): {text}",
                t("Ожидание", "Waiting time"),
                audience_label(&w.audience, lang)
            );
        }
    }
    let now = c.status_on(as_of);
    let mut status = format!("- {}: {}", t("Статус", "Status"), status_label(now, lang));
    match (c.since, c.upcoming_on(as_of)) {
        (_, Some((later, date))) => {
            let _ = write!(
                status,
                "; {} {date}: {}",
                t("с", "from"),
                status_label(later, lang)
            );
        }
        (Some(since), None) => {
            let _ = write!(status, " ({} {since})", t("с", "since"));
        }
        (None, None) => {}
    }
    let _ = writeln!(md, "{status}");
    let successors: Vec<String> = catalog
        .channels_for(&c.replacement)
        .map(|r| format!("{} (`{}`)", label(r, lang), r.id))
        .collect();
    if !successors.is_empty() {
        let head = if now.is_outdated() {
            t("Вместо него", "Use instead")
        } else {
            t("Лучше", "Better")
        };
        let _ = writeln!(md, "- {head}: {}", successors.join(", "));
    }
    if let Some(note) = c.note.as_ref().and_then(|n| n.get(lang)) {
        let _ = writeln!(md, "\n{note}");
    }
    if !c.source.is_empty() {
        let _ = writeln!(md, "\n{}:", t("Источник", "Source"));
        for s in &c.source {
            let _ = writeln!(md, "> {s}\n>");
        }
    }
    md.trim_end_matches(['\n', '>']).to_string()
}
