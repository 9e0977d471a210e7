//! One checked snapshot of a document: its text, what governed the check, and the findings.
//!
//! Every feature (diagnostics, hover, code actions, completion, hints, links) reads the same
//! analysis, so a code action's ranges are the ranges the diagnostic was shown at, and a
//! document is checked once per change, not once per request.

use jiff::civil::Date;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use tower_lsp_server::ls_types::{Position, Range, Uri};

use crate::catalog::Audience;
use crate::context::{Level, UnitScope};
use crate::scan::Scan;
use crate::source::ReadOptions;
use crate::{ByteRange, Catalog, Context, Document, Finding, Format, Lang, Rule};

use super::position::{Encoding, LineMap};
use crate::assist::CompletionStyle;

/// Documents larger than this are checked on tokio's blocking pool, off the async threads.
pub const LARGE_DOCUMENT: usize = 64 * 1024;

/// Everything a check needs besides the text, resolved from the settings, `macrolint.toml` and
/// the catalog store.
#[derive(Debug, Clone)]
pub struct Profile {
    pub catalog: Arc<Catalog>,
    pub as_of: Date,
    pub audience: Option<Audience>,
    pub region: Option<String>,
    pub levels: BTreeMap<Rule, Level>,
    pub lang: Lang,
    pub completion_style: CompletionStyle,
    /// Audiences for the macros of an export (`[[scope]]` by title prefix or tag).
    pub unit_scopes: Vec<UnitScope>,
    /// How the config says templates are read (dialect, comments and code).
    pub read: ReadOptions,
    /// A `[formats]` entry of the config for the file's extension: beats the language id.
    pub format: Option<Format>,
}

impl Profile {
    pub fn context(&self) -> Context<'_> {
        let mut ctx = Context::new(&self.catalog, self.as_of);
        ctx.audience = self.audience.clone();
        ctx.region = self.region.clone();
        ctx.levels = self.levels.clone();
        ctx.unit_scopes = self.unit_scopes.clone();
        ctx
    }
}

/// What to check: taken under the state lock, checked without it.
pub struct Snapshot {
    pub uri: Uri,
    pub generation: u64,
    pub version: i32,
    pub text: String,
    pub format: Format,
    pub profile: Profile,
    /// The document's piece verdicts (see [`crate::chunk`]).
    pub judged: Arc<std::sync::Mutex<crate::chunk::Judged>>,
}

/// A checked snapshot.
pub struct Analysis {
    pub uri: Uri,
    /// The server's edit counter when the text was taken; results are kept and published only
    /// while it is still the document's.
    pub generation: u64,
    pub version: i32,
    pub doc: Document,
    pub lines: LineMap,
    pub profile: Profile,
    pub findings: Vec<Finding>,
    /// What was not reported and why, for hover ("why is this silent?").
    pub silences: Vec<crate::Silence>,
    scan: OnceLock<Scan>,
}

impl Analysis {
    /// Checks a snapshot (synchronous; see [`analyse`]).
    pub fn run(s: Snapshot) -> Analysis {
        Self::run_unless(s, &|| false).expect("never cancelled")
    }

    /// Checks a snapshot, looking at `cancelled` between chunks of a large document: `None`
    /// once it says yes (a newer edit came in, whose check will replace this one).
    ///
    /// The core's `check` is synchronous and cannot be interrupted, so a large document with
    /// several bodies (an export) is checked a few bodies at a time (see [`crate::parts`]).
    pub fn run_unless(s: Snapshot, cancelled: &dyn Fn() -> bool) -> Option<Analysis> {
        let judged = s.judged.clone();
        let mut a = Self::unchecked(s);
        // A check that panicked while holding the verdicts left them as they were: still sound.
        let mut judged = judged.lock().unwrap_or_else(|p| p.into_inner());
        let (findings, silences) =
            crate::parts::check_unless(&a.doc, &a.profile.context(), cancelled, Some(&mut judged))?;
        // An empty template in the editor is one being written, not one left unread: only an
        // export of a known shape with no text says so here.
        let mut findings = findings;
        if a.doc.shape == crate::source::Shape::Template {
            findings.retain(|f| f.rule != crate::Rule::NoTemplateText);
        }
        a.findings = findings;
        a.silences = silences;
        // The decoded segments are a second copy of the text; only hover, hints and links read
        // them again (through `scan`, once), so they are read again from the text then, and a
        // thousand open documents do not each hold them.
        a.doc.segments = Vec::new();
        Some(a)
    }

    /// The snapshot without a check: for completion, which needs the text but no findings.
    /// Never stored as the document's analysis.
    pub fn unchecked(s: Snapshot) -> Analysis {
        let doc = Document::with_options(s.text, s.format, s.profile.read);
        Analysis {
            uri: s.uri,
            generation: s.generation,
            version: s.version,
            lines: LineMap::new(&doc.text),
            doc,
            profile: s.profile,
            findings: Vec::new(),
            silences: Vec::new(),
            scan: OnceLock::new(),
        }
    }

    pub fn text(&self) -> &str {
        &self.doc.text
    }

    pub fn catalog(&self) -> &Catalog {
        &self.profile.catalog
    }

    pub fn lang(&self) -> Lang {
        self.profile.lang
    }

    /// What the recognisers found in the customer-facing text, with ranges in the file
    /// (computed on first use: only hover, hints and links need it).
    pub fn scan(&self) -> &Scan {
        self.scan.get_or_init(|| {
            if self.doc.segments.is_empty() && !self.doc.text.is_empty() {
                let doc = Document::with_options(
                    self.doc.text.clone(),
                    self.doc.format,
                    self.profile.read,
                );
                crate::assist::scan_file(&doc, &self.profile.catalog)
            } else {
                crate::assist::scan_file(&self.doc, &self.profile.catalog)
            }
        })
    }

    /// The audience the template is for: its front matter, else the configuration's.
    pub fn audience(&self) -> Option<Audience> {
        crate::assist::audience(
            &self.doc,
            self.profile.audience.as_ref(),
            &self.profile.catalog,
        )
    }

    pub fn range(&self, r: ByteRange, enc: Encoding) -> Range {
        self.lines.range(&self.doc.text, r, enc)
    }

    pub fn position(&self, offset: usize, enc: Encoding) -> Position {
        self.lines.position(&self.doc.text, offset, enc)
    }

    pub fn offset(&self, p: Position, enc: Encoding) -> usize {
        self.lines.offset(&self.doc.text, p, enc)
    }

    pub fn byte_range(&self, r: Range, enc: Encoding) -> ByteRange {
        self.lines.byte_range(&self.doc.text, r, enc)
    }
}

/// Why a check gave no analysis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// A newer edit came in first.
    Cancelled,
    /// The core panicked, with this message (for the log).
    Panicked(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Cancelled => f.write_str("cancelled by a newer edit"),
            Failure::Panicked(m) => f.write_str(m),
        }
    }
}

/// Checks a snapshot: large documents on the blocking pool, small ones right here. The check
/// stops early once `latest` (the document's generation) is no longer the snapshot's.
pub async fn analyse(s: Snapshot, latest: Arc<AtomicU64>) -> Result<Analysis, Failure> {
    let large = s.text.len() > LARGE_DOCUMENT;
    let generation = s.generation;
    let run = move || {
        let cancelled = || latest.load(Ordering::SeqCst) != generation;
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            Analysis::run_unless(s, &cancelled)
        }))
        .map_err(|p| {
            Failure::Panicked(
                p.downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| p.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "(no message)".into()),
            )
        })?
        .ok_or(Failure::Cancelled)
    };
    if large {
        tokio::task::spawn_blocking(run)
            .await
            .map_err(|e| Failure::Panicked(e.to_string()))?
    } else {
        run()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot(text: String) -> Snapshot {
        Snapshot {
            uri: "file:///export.json".parse().unwrap(),
            generation: 1,
            version: 1,
            text,
            format: Format::Json,
            judged: Arc::default(),
            profile: Profile {
                catalog: Catalog::default_catalog(),
                as_of: "2026-01-01".parse().unwrap(),
                audience: None,
                region: None,
                levels: BTreeMap::new(),
                lang: Lang::En,
                completion_style: CompletionStyle::default(),
                unit_scopes: Vec::new(),
                read: ReadOptions::default(),
                format: None,
            },
        }
    }

    fn export(n: usize) -> String {
        let macros: Vec<String> = (0..n)
            .map(|i| format!(r#"{{"id":{i},"title":"m{i}","actions":[{{"field":"comment_value","value":"Звоните +7 495 232−10−00 или пишите sellersup@ozon.ru, {{{{contact.phone.premium}}}} {}"}}]}}"#, "а".repeat(i % 50)))
            .collect();
        format!(r#"{{"macros":[{}]}}"#, macros.join(","))
    }

    /// A check of a large document given up between parts gives no analysis.
    #[test]
    fn a_cancelled_check_gives_no_analysis() {
        assert!(Analysis::run_unless(snapshot(export(1500)), &|| true).is_none());
        let a = Analysis::run(snapshot(export(1500)));
        assert!(!a.findings.is_empty());
    }
}
