//! Completion: catalog ids after `{{contact.`, and contacts after a word that asks for one
//! ("телефон", "почта", "chat", ...) or on explicit invocation.
//!
//! Contacts are inserted as their canonical text by default (most helpdesks cannot expand
//! placeholders); [`CompletionStyle::Placeholder`] switches to `{{contact.<id>}}`. Channels that
//! are outdated on the as-of date are only offered marked deprecated, inserting their successor.

use jiff::civil::Date;
use regex::Regex;
use std::sync::LazyLock;

use crate::catalog::{Audience, Catalog, Channel, Status};
use crate::{ByteRange, Lang};

use super::channel_doc::{self, tr};

static PLACEHOLDER_PREFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\{\{\s*contact\.([A-Za-z0-9_.\-]*)$").expect("valid regex"));

/// How completion inserts a contact by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CompletionStyle {
    /// The canonical text: most helpdesks cannot expand placeholders.
    #[default]
    Literal,
    /// `{{contact.<id>}}`, for helpdesks that expand them.
    Placeholder,
}

/// What an item completes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompletionKind {
    /// A catalog id after `{{contact.`.
    Id,
    /// A contact to put in the text.
    Contact,
}

/// One completion item: what it shows, and what it writes over which bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    pub label: String,
    /// The channel's name, shown beside a contact's label.
    pub description: Option<String>,
    pub kind: CompletionKind,
    /// One line: name, audience, hours; for an outdated channel, what replaces it.
    pub detail: String,
    /// Everything the catalog says about the channel, in Markdown.
    pub documentation: String,
    pub sort_text: String,
    pub filter_text: String,
    /// The plain text that replaces `range` (a shell that inserts snippets escapes it).
    pub insert: String,
    pub range: ByteRange,
    /// An outdated channel, offered only to insert its successor.
    pub deprecated: bool,
}

/// Where completion is asked, and for whom.
#[derive(Debug, Clone, Copy)]
pub struct CompletionQuery<'a> {
    pub text: &'a str,
    /// A byte offset into `text` (clamped to it, and to a character boundary).
    pub offset: usize,
    pub catalog: &'a Catalog,
    pub as_of: Date,
    pub lang: Lang,
    /// Who the template is for (see [`super::audience`]); `None`: unknown.
    pub audience: Option<&'a Audience>,
    pub style: CompletionStyle,
    /// Asked because a trigger character was typed, not explicitly: contacts are then offered
    /// only after a word that asks for one.
    pub typed: bool,
}

/// Characters that may stand between the asking word and the contact ("телефон: ", "почта — ").
fn is_gap(c: char) -> bool {
    c.is_whitespace() || matches!(c, ':' | '-' | '–' | '—' | '(' | '«' | '"' | '\'')
}

/// Whether `head` ends with a word that asks for a contact, and only a gap after it.
fn asks_for_contact(catalog: &Catalog, head: &str) -> bool {
    let from = head.floor_char_boundary(head.len().saturating_sub(120));
    let window = &head[from..];
    let tokens = words(window);
    tokens.last().is_some_and(|t| {
        catalog.vocabulary.ask_contact.matches_word(t) && window[t.range.end..].chars().all(is_gap)
    })
}

/// The words of a short stretch of text.
fn words(text: &str) -> Vec<crate::words::Token> {
    crate::words::tokenize(text, &[])
        .into_iter()
        .filter(|t| t.kind == crate::words::TokenKind::Word)
        .collect()
}

/// Where the line holding `offset` starts: after a `\n`, or after a `\r` that no `\n` follows.
fn line_start(text: &str, offset: usize) -> usize {
    let bytes = text.as_bytes();
    bytes[..offset]
        .iter()
        .enumerate()
        .rev()
        .find(|&(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
        .map_or(0, |(i, _)| i + 1)
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
fn successor<'c>(
    q: &CompletionQuery<'c>,
    c: &'c Channel,
    needs_value: bool,
) -> Option<&'c Channel> {
    q.catalog
        .channels_for(&c.replacement)
        .find(|s| !s.status_on(q.as_of).is_outdated() && (!needs_value || s.value.is_some()))
}

fn outdated_detail(q: &CompletionQuery<'_>, c: &Channel, successor: &Channel) -> String {
    let lang = q.lang;
    let gone = match c.status_on(q.as_of) {
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

/// The detail line of `c`, offered to insert `target`.
fn detail(q: &CompletionQuery<'_>, c: &Channel, target: &Channel, outdated: bool) -> String {
    if outdated {
        outdated_detail(q, c, target)
    } else {
        channel_doc::detail(c, q.lang)
    }
}

/// Catalog ids after `{{contact.`; `range` is the partial id typed so far.
fn ids(q: &CompletionQuery<'_>, range: ByteRange) -> Vec<Completion> {
    let rest = &q.text[range.end..];
    let closing = if rest.trim_start_matches([' ', '\t']).starts_with("}}") {
        ""
    } else {
        "}}"
    };
    let mut items = Vec::new();
    for (i, c) in q.catalog.channels.iter().enumerate() {
        let outdated = c.status_on(q.as_of).is_outdated();
        let target = if outdated {
            match successor(q, c, false) {
                Some(s) => s,
                None => continue,
            }
        } else {
            c
        };
        items.push(Completion {
            label: c.id.to_string(),
            description: None,
            kind: CompletionKind::Id,
            detail: detail(q, c, target, outdated),
            documentation: channel_doc::markdown(q.catalog, c, q.as_of, q.lang),
            sort_text: sort_key(c, i, q.audience, outdated),
            filter_text: c.id.to_string(),
            insert: format!("{}{closing}", target.id),
            range,
            deprecated: outdated,
        });
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
fn contacts(q: &CompletionQuery<'_>, range: ByteRange) -> Vec<Completion> {
    let lang = q.lang;
    let style = q.style;
    let mut items = Vec::new();
    for (i, c) in q.catalog.channels.iter().enumerate() {
        let outdated = c.status_on(q.as_of).is_outdated();
        let target = if outdated {
            match successor(q, c, style == CompletionStyle::Literal) {
                Some(s) => s,
                None => continue,
            }
        } else {
            c
        };
        // A channel with no value has nothing to insert as text.
        let Some(insert) = contact_text(target, style) else {
            continue;
        };
        let label = match (&c.value, style) {
            (Some(v), CompletionStyle::Literal) => v.clone(),
            (None, CompletionStyle::Literal) => c.display_name(lang).to_string(),
            (_, CompletionStyle::Placeholder) => format!("{{{{contact.{}}}}}", c.id),
        };
        items.push(Completion {
            label,
            description: Some(c.display_name(lang).to_string()),
            kind: CompletionKind::Contact,
            detail: detail(q, c, target, outdated),
            documentation: channel_doc::markdown(q.catalog, c, q.as_of, lang),
            sort_text: sort_key(c, i, q.audience, outdated),
            filter_text: format!(
                "{} {} {}",
                c.value.as_deref().unwrap_or_default(),
                c.display_name(lang),
                c.id
            ),
            insert,
            range,
            deprecated: outdated,
        });
    }
    items
}

/// The completion items at `q.offset`, or `None` where there is nothing to offer.
pub fn complete(q: &CompletionQuery<'_>) -> Option<Vec<Completion>> {
    let text = q.text;
    let offset = text.floor_char_boundary(q.offset.min(text.len()));
    let line_start = line_start(text, offset);
    let before = &text[line_start..offset];
    if let Some(m) = PLACEHOLDER_PREFIX.captures(before) {
        let id = m.get(1).expect("group 1 always takes part");
        return Some(ids(q, ByteRange::new(line_start + id.start(), offset)));
    }
    let word = before.len() - before.trim_end_matches(|c: char| !c.is_whitespace()).len();
    let head = &before[..before.len() - word];
    if q.typed && !asks_for_contact(q.catalog, head) {
        return None;
    }
    Some(contacts(q, ByteRange::new(offset - word, offset)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query<'a>(catalog: &'a Catalog, text: &'a str, typed: bool) -> CompletionQuery<'a> {
        CompletionQuery {
            text,
            offset: text.len(),
            catalog,
            as_of: "2026-01-01".parse().unwrap(),
            lang: Lang::En,
            audience: None,
            style: CompletionStyle::Literal,
            typed,
        }
    }

    #[test]
    fn line_start_counts_lone_cr_but_not_crlf_twice() {
        assert_eq!(line_start("ab\r\ncd", 6), 4);
        assert_eq!(line_start("ab\rcd", 5), 3);
        assert_eq!(
            line_start("ab\r\ncd", 3),
            0,
            "between CR and LF: still the first line"
        );
        assert_eq!(line_start("abc", 2), 0);
    }

    #[test]
    fn ids_after_a_placeholder_replace_the_partial_id() {
        let c = Catalog::default_catalog();
        let text = "Call {{contact.pho";
        let items = complete(&query(&c, text, true)).unwrap();
        let moscow = items.iter().find(|i| i.label == "phone.moscow").unwrap();
        assert_eq!(moscow.insert, "phone.moscow}}");
        assert_eq!(moscow.range, ByteRange::new(15, text.len()));
        assert_eq!(moscow.kind, CompletionKind::Id);
    }

    #[test]
    fn contacts_only_after_an_asking_word_when_typed() {
        let c = Catalog::default_catalog();
        assert!(complete(&query(&c, "Hello ", true)).is_none());
        let items = complete(&query(&c, "Our phone: ", true)).unwrap();
        assert!(items.iter().any(|i| i.insert == "+7 495 232-10-00"));
        assert!(
            complete(&query(&c, "Hello ", false)).is_some(),
            "explicit: always"
        );
    }

    #[test]
    fn an_offset_inside_a_character_is_clamped() {
        let c = Catalog::default_catalog();
        let mut q = query(&c, "телефон ", false);
        q.offset = 1;
        let items = complete(&q).unwrap();
        assert!(items.iter().all(|i| i.range == ByteRange::new(0, 0)));
    }
}
