//! Completion in LSP terms: the core's items ([`crate::assist::completion`]) as completion items,
//! as snippets when the client takes them, deprecated ones tagged the way the client reads.

use tower_lsp_server::ls_types::{
    CompletionContext, CompletionItem, CompletionItemKind, CompletionItemLabelDetails,
    CompletionItemTag, CompletionList, CompletionResponse, CompletionTextEdit,
    CompletionTriggerKind, Documentation, InsertTextFormat, MarkupContent, MarkupKind, Position,
    TextEdit,
};

use crate::assist::{self, Completion, CompletionKind, CompletionQuery};

use super::analysis::Analysis;
use super::caps::ClientCaps;

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

fn item(a: &Analysis, c: Completion, caps: &ClientCaps) -> CompletionItem {
    let (new_text, format) = insert(&c.insert, caps);
    let mut item = CompletionItem {
        label: c.label,
        label_details: c.description.map(|d| CompletionItemLabelDetails {
            detail: None,
            description: Some(d),
        }),
        kind: Some(match c.kind {
            CompletionKind::Id => CompletionItemKind::CONSTANT,
            CompletionKind::Contact => CompletionItemKind::VALUE,
        }),
        detail: Some(c.detail),
        documentation: Some(Documentation::MarkupContent(MarkupContent {
            kind: MarkupKind::Markdown,
            value: c.documentation,
        })),
        sort_text: Some(c.sort_text),
        filter_text: Some(c.filter_text),
        insert_text_format: Some(format),
        text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
            a.range(c.range, caps.encoding),
            new_text,
        ))),
        ..CompletionItem::default()
    };
    if c.deprecated {
        deprecated(&mut item, caps);
    }
    item
}

/// The completion list at `position`, or `None` where there is nothing to offer.
pub fn complete(
    a: &Analysis,
    position: Position,
    context: Option<&CompletionContext>,
    caps: &ClientCaps,
) -> Option<CompletionResponse> {
    let audience = a.audience();
    let items = assist::complete(&CompletionQuery {
        text: a.text(),
        offset: a.offset(position, caps.encoding),
        catalog: a.catalog(),
        as_of: a.profile.as_of,
        lang: a.lang(),
        audience: audience.as_ref(),
        style: a.profile.completion_style,
        typed: context.is_some_and(|c| c.trigger_kind == CompletionTriggerKind::TRIGGER_CHARACTER),
    })?;
    Some(CompletionResponse::List(CompletionList {
        is_incomplete: false,
        items: items.into_iter().map(|c| item(a, c, caps)).collect(),
    }))
}
