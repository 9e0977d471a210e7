//! Completion: catalog ids after `{{contact.`, and contacts after a word that asks for one
//! ("телефон", "почта", "chat", ...) or on explicit invocation.
//!
//! Contacts are inserted as their canonical text by default (most helpdesks cannot expand
//! placeholders); the `completionStyle` setting switches to `{{contact.<id>}}`. Channels that
//! are outdated on the as-of date are only offered tagged deprecated, inserting their successor.

use regex::Regex;
use std::sync::LazyLock;
use tower_lsp_server::ls_types::{
    CompletionContext, CompletionItem, CompletionItemKind, CompletionItemLabelDetails,
    CompletionItemTag, CompletionList, CompletionResponse, CompletionTextEdit,
    CompletionTriggerKind, Documentation, InsertTextFormat, MarkupContent, MarkupKind, Position,
    TextEdit,
};

use crate::catalog::{Audience, Channel, Status};
use crate::{ByteRange, Lang};

use super::analysis::Analysis;
use super::caps::ClientCaps;
use super::channel_doc::{self, tr};
use super::settings::CompletionStyle;

static PLACEHOLDER_PREFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\{\{\s*contact\.([A-Za-z0-9_.\-]*)$").expect("valid regex"));

/// Characters that may stand between the asking word and the contact ("телефон: ", "почта — ").
fn is_gap(c: char) -> bool {
    c.is_whitespace() || matches!(c, ':' | '-' | '–' | '—' | '(' | '«' | '"' | '\'')
}

/// Whether `head` ends with a word that asks for a contact, and only a gap after it.
fn asks_for_contact(a: &Analysis, head: &str) -> bool {
    let from = head.floor_char_boundary(head.len().saturating_sub(120));
    let window = &head[from..];
    let tokens = macrolint_words(window);
    tokens.last().is_some_and(|t| {
        a.catalog().vocabulary.ask_contact.matches_word(t)
            && window[t.range.end..].chars().all(is_gap)
    })
}

/// The words of a short stretch of text.
fn macrolint_words(text: &str) -> Vec<crate::words::Token> {
    crate::words::tokenize(text, &[])
        .into_iter()
        .filter(|t| t.kind == crate::words::TokenKind::Word)
        .collect()
}

/// What the item inserts, as a snippet when the client takes them.
fn insert(text: &str, caps: &ClientCaps) -> (String, InsertTextFormat) {
    if caps.snippets {
        let escaped = text
            .replace('\\', "\\\\")
            .replace('$', "\\$")
            .replace('}', "\\}");
        (format!("{escaped}$0"), InsertTextFormat::SNIPPET)
    } else {
        (text.to_string(), InsertTextFormat::PLAIN_TEXT)
    }
}

fn docs(a: &Analysis, c: &Channel) -> Documentation {
    Documentation::MarkupContent(MarkupContent {
        kind: MarkupKind::Markdown,
        value: channel_doc::markdown(a.catalog(), c, a.profile.as_of, a.lang()),
    })
}

/// Sorts channels for the template's audience first, then anyone's, then others'; working
/// channels before hard-to-reach ones; catalog order last.
fn sort_key(c: &Channel, index: usize, audience: Option<&Audience>, outdated: bool) -> String {
    let fit = match audience {
        _ if outdated => 9,
        None => 1,
        Some(_) if c.audience.is_empty() => 1,
        Some(a) if !c.audience.is_disjoint(a) => 0,
        Some(_) => 2,
    };
    let rank = match c.status {
        Status::Active => 0,
        _ => 1,
    };
    format!("{fit}{rank}{index:04}")
}

/// The channel an outdated one points to, if any works.
fn successor<'c>(a: &'c Analysis, c: &'c Channel, needs_value: bool) -> Option<&'c Channel> {
    a.catalog().channels_for(&c.replacement).find(|s| {
        !s.status_on(a.profile.as_of).is_outdated() && (!needs_value || s.value.is_some())
    })
}

fn deprecated(item: &mut CompletionItem, caps: &ClientCaps) {
    if caps.deprecated_tag {
        item.tags = Some(vec![CompletionItemTag::DEPRECATED]);
    } else {
        #[allow(deprecated)]
        {
            item.deprecated = Some(true);
        }
    }
}

fn outdated_detail(a: &Analysis, c: &Channel, successor: &Channel, lang: Lang) -> String {
    let status = c.status_on(a.profile.as_of);
    let gone = match status {
        Status::Removed => tr(lang, "удалён", "removed"),
        _ => tr(lang, "не работает", "unavailable"),
    };
    let since = c.since.map(|d| format!(" {d}")).unwrap_or_default();
    format!(
        "{gone}{since} → {} ({})",
        successor.display_name(lang),
        successor.id
    )
}

/// Catalog ids after `{{contact.`; `range` is the partial id typed so far.
fn ids(a: &Analysis, range: ByteRange, caps: &ClientCaps) -> Vec<CompletionItem> {
    let enc = caps.encoding;
    let lang = a.lang();
    let rest = &a.text()[range.end..];
    let closing = if rest.trim_start_matches([' ', '\t']).starts_with("}}") {
        ""
    } else {
        "}}"
    };
    let edit_range = a.range(range, enc);
    let audience = a.audience();
    let mut items = Vec::new();
    for (i, c) in a.catalog().channels.iter().enumerate() {
        let outdated = c.status_on(a.profile.as_of).is_outdated();
        let target = if outdated {
            match successor(a, c, false) {
                Some(s) => s,
                None => continue,
            }
        } else {
            c
        };
        let (new_text, format) = insert(&format!("{}{closing}", target.id), caps);
        let mut item = CompletionItem {
            label: c.id.to_string(),
            kind: Some(CompletionItemKind::CONSTANT),
            detail: Some(if outdated {
                outdated_detail(a, c, target, lang)
            } else {
                channel_doc::detail(c, lang)
            }),
            documentation: Some(docs(a, c)),
            sort_text: Some(sort_key(c, i, audience, outdated)),
            filter_text: Some(c.id.to_string()),
            insert_text_format: Some(format),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
                edit_range, new_text,
            ))),
            ..CompletionItem::default()
        };
        if outdated {
            deprecated(&mut item, caps);
        }
        items.push(item);
    }
    items
}

/// The text that puts channel `c` in the template, in the configured style.
fn contact_text(c: &Channel, style: CompletionStyle) -> Option<String> {
    match style {
        CompletionStyle::Literal => c.value.clone(),
        CompletionStyle::Placeholder => Some(format!("{{{{contact.{}}}}}", c.id)),
    }
}

/// Contacts to insert in place of `range` (the word typed so far).
fn contacts(a: &Analysis, range: ByteRange, caps: &ClientCaps) -> Vec<CompletionItem> {
    let lang = a.lang();
    let style = a.profile.completion_style;
    let edit_range = a.range(range, caps.encoding);
    let audience = a.audience();
    let mut items = Vec::new();
    for (i, c) in a.catalog().channels.iter().enumerate() {
        let outdated = c.status_on(a.profile.as_of).is_outdated();
        let target = if outdated {
            match successor(a, c, style == CompletionStyle::Literal) {
                Some(s) => s,
                None => continue,
            }
        } else {
            c
        };
        // A channel with no value has nothing to insert as text.
        let Some(text) = contact_text(target, style) else {
            continue;
        };
        let label = match (&c.value, style) {
            (Some(v), CompletionStyle::Literal) => v.clone(),
            (None, CompletionStyle::Literal) => c.display_name(lang).to_string(),
            (_, CompletionStyle::Placeholder) => format!("{{{{contact.{}}}}}", c.id),
        };
        let (new_text, format) = insert(&text, caps);
        let mut item = CompletionItem {
            label,
            label_details: Some(CompletionItemLabelDetails {
                detail: None,
                description: Some(c.display_name(lang).to_string()),
            }),
            kind: Some(CompletionItemKind::VALUE),
            detail: Some(if outdated {
                outdated_detail(a, c, target, lang)
            } else {
                channel_doc::detail(c, lang)
            }),
            documentation: Some(docs(a, c)),
            sort_text: Some(sort_key(c, i, audience, outdated)),
            filter_text: Some(format!(
                "{} {} {}",
                c.value.as_deref().unwrap_or_default(),
                c.display_name(lang),
                c.id
            )),
            insert_text_format: Some(format),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
                edit_range, new_text,
            ))),
            ..CompletionItem::default()
        };
        if outdated {
            deprecated(&mut item, caps);
        }
        items.push(item);
    }
    items
}

/// The completion list at `position`, or `None` where there is nothing to offer.
pub fn complete(
    a: &Analysis,
    position: Position,
    context: Option<&CompletionContext>,
    caps: &ClientCaps,
) -> Option<CompletionResponse> {
    let offset = a.offset(position, caps.encoding);
    let line_start = a.lines.line_start(a.lines.line_of(offset));
    let before = &a.text()[line_start..offset];
    let list = |items: Vec<CompletionItem>| {
        Some(CompletionResponse::List(CompletionList {
            is_incomplete: false,
            items,
        }))
    };
    if let Some(m) = PLACEHOLDER_PREFIX.captures(before) {
        let id = m.get(1).expect("group 1 always takes part");
        let range = ByteRange::new(line_start + id.start(), offset);
        return list(ids(a, range, caps));
    }
    let word = before.len() - before.trim_end_matches(|c: char| !c.is_whitespace()).len();
    let head = &before[..before.len() - word];
    let typed = context.is_some_and(|c| c.trigger_kind == CompletionTriggerKind::TRIGGER_CHARACTER);
    if typed && !asks_for_contact(a, head) {
        return None;
    }
    list(contacts(a, ByteRange::new(offset - word, offset), caps))
}
