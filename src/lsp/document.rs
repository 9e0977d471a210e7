//! Open documents: a rope per document, edited in place by full and incremental changes.

use ropey::Rope;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use tokio::sync::OnceCell;
use tower_lsp_server::ls_types::{TextDocumentContentChangeEvent, Uri};

use crate::Format;
use crate::chunk::Judged;

use super::analysis::Analysis;
use super::position::{Encoding, rope_char};

/// One document the editor has open.
pub struct OpenDocument {
    pub rope: Rope,
    pub version: i32,
    pub format: Format,
    /// Bumped by every change to the text or to what governs its check (settings, catalog).
    pub generation: u64,
    /// The analysis of this generation, computed once however many tasks ask for it at once
    /// (the push check, a hover, a code action); replaced by an empty cell on every change.
    pub analysis: Arc<OnceCell<Arc<Analysis>>>,
    /// `generation`, readable without the server's lock: a check running on another thread
    /// looks at it between chunks and stops once a newer edit came in.
    pub latest: Arc<AtomicU64>,
    /// Held while a check of this document runs: at most one at a time, however many edits,
    /// hovers and pushes want one.
    pub gate: Arc<tokio::sync::Mutex<()>>,
    /// The verdicts of the pieces of the last check, so the next one re-judges only the pieces
    /// an edit touched. Locked only by the check in flight (see `gate`).
    pub judged: Arc<std::sync::Mutex<Judged>>,
    /// The diagnostics of the last publish, serialised (see [`super::diagnostics::rendered`]).
    pub rendered: std::sync::Mutex<super::diagnostics::Rendered>,
}

impl OpenDocument {
    pub fn new(text: &str, version: i32, format: Format, generation: u64) -> Self {
        Self {
            rope: Rope::from_str(text),
            version,
            format,
            generation,
            analysis: Arc::default(),
            latest: Arc::new(AtomicU64::new(generation)),
            gate: Arc::default(),
            judged: Arc::default(),
            rendered: Default::default(),
        }
    }

    /// Applies changes in order; a change with a range edits it (clamped to the text), one
    /// without replaces the whole text.
    pub fn apply(&mut self, changes: Vec<TextDocumentContentChangeEvent>, enc: Encoding) {
        for change in changes {
            match change.range {
                Some(range) => {
                    let a = rope_char(&self.rope, range.start, enc);
                    let b = rope_char(&self.rope, range.end, enc);
                    let (start, end) = (a.min(b), a.max(b));
                    self.rope.remove(start..end);
                    self.rope.insert(start, &change.text);
                }
                None => self.rope = Rope::from_str(&change.text),
            }
        }
    }

    /// Marks the document changed (text, settings or catalog): generation `g`, no analysis.
    pub fn touch(&mut self, g: u64) {
        self.generation = g;
        self.latest.store(g, Ordering::SeqCst);
        self.analysis = Arc::default();
    }

    /// The analysis of the current generation, if it is done.
    pub fn current(&self) -> Option<Arc<Analysis>> {
        self.analysis.get().cloned()
    }
}

/// The template format for an LSP language id (or a common alias such as `md`, `hbs`), else
/// for the file's extension, else plain text.
pub fn format_for(language_id: &str, uri: &Uri) -> Format {
    let id = language_id.to_ascii_lowercase();
    Format::from_language_id(&id)
        .or_else(|| Format::from_extension(&id))
        .or_else(|| Format::from_path(Path::new(uri.path().as_str())))
        .unwrap_or(Format::Plain)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::ls_types::{Position, Range};

    fn change(
        range: Option<((u32, u32), (u32, u32))>,
        text: &str,
    ) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: range
                .map(|((a, b), (c, d))| Range::new(Position::new(a, b), Position::new(c, d))),
            range_length: None,
            text: text.into(),
        }
    }

    #[test]
    fn incremental_edits_in_both_encodings() {
        let mut d = OpenDocument::new("👍🏽 да\r\nнет", 1, Format::Plain, 1);
        // After "👍🏽 " (5 UTF-16 units, 9 bytes) replace "да".
        d.apply(vec![change(Some(((0, 5), (0, 7))), "ok")], Encoding::Utf16);
        assert_eq!(d.rope.to_string(), "👍🏽 ok\r\nнет");
        d.apply(vec![change(Some(((1, 2), (1, 4))), "Т")], Encoding::Utf8);
        assert_eq!(d.rope.to_string(), "👍🏽 ok\r\nнТт");
        // Out of range: clamped to the end.
        d.apply(vec![change(Some(((9, 0), (9, 9))), "!")], Encoding::Utf16);
        assert_eq!(d.rope.to_string(), "👍🏽 ok\r\nнТт!");
        d.apply(vec![change(None, "new")], Encoding::Utf16);
        assert_eq!(d.rope.to_string(), "new");
    }
}
