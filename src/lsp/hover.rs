//! Hover in LSP terms: the core's card ([`crate::assist::hover`]) as Markdown at a range.

use tower_lsp_server::ls_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position};

use crate::assist::{self, HoverQuery};

use super::analysis::Analysis;
use super::position::Encoding;

pub fn hover(a: &Analysis, position: Position, enc: Encoding) -> Option<Hover> {
    let card = assist::hover(&HoverQuery {
        text: a.text(),
        scan: a.scan(),
        findings: &a.findings,
        silences: &a.silences,
        catalog: a.catalog(),
        as_of: a.profile.as_of,
        lang: a.lang(),
        offset: a.offset(position, enc),
    })?;
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: card.markdown,
        }),
        range: Some(a.range(card.range, enc)),
    })
}
