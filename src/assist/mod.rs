//! What an editor offers at a spot of a template: contact completion and hover cards.
//!
//! Pure: a text, a byte offset and what the check already found go in, plain structs with byte
//! ranges come out. The language server converts them to LSP types and positions; the
//! WebAssembly binding to JavaScript objects. Both shells therefore offer the same contacts and
//! say the same things about them.

pub mod channel_doc;
pub mod completion;
pub mod hover;
pub mod utf16;

pub use completion::{Completion, CompletionKind, CompletionQuery, CompletionStyle, complete};
pub use hover::{HoverCard, HoverQuery, hover};
pub use utf16::Utf16Map;

use crate::catalog::Audience;
use crate::scan::Scan;
use crate::{ByteRange, Catalog, Document};

/// Who completion ranks contacts for: the template's front matter, else the configured
/// audience, in the catalog's ids (`sellers` is `seller`); an empty set is unknown.
pub fn audience(
    doc: &Document,
    configured: Option<&Audience>,
    catalog: &Catalog,
) -> Option<Audience> {
    doc.front_matter
        .audience
        .as_ref()
        .or(configured)
        .filter(|a| !a.is_empty())
        .and_then(|a| catalog.audiences.resolve(a))
}

/// Runs the recognisers over every segment of `doc`, the way `check` does, and maps what they
/// find back to the file's bytes (a JSON export's escapes, HTML entities): what hover, inlay
/// hints and links look at.
pub fn scan_file(doc: &Document, catalog: &Catalog) -> Scan {
    let mut all = Scan::default();
    for seg in &doc.segments {
        let s = crate::scan::scan(&seg.text, ByteRange::new(0, seg.text.len()), catalog);
        let map = |r: ByteRange| seg.to_file(r);
        all.phones.extend(s.phones.into_iter().map(|mut m| {
            m.range = map(m.range);
            m
        }));
        all.emails.extend(s.emails.into_iter().map(|mut m| {
            m.range = map(m.range);
            m
        }));
        all.urls.extend(s.urls.into_iter().map(|mut m| {
            m.range = map(m.range);
            m
        }));
        all.literals.extend(s.literals.into_iter().map(|mut m| {
            m.range = map(m.range);
            m
        }));
        all.placeholders
            .extend(s.placeholders.into_iter().map(|mut m| {
                m.range = map(m.range);
                m.id_range = map(m.id_range);
                m
            }));
    }
    all
}
