//! Findings and catalog errors as LSP diagnostics: a pure conversion, below the server (the
//! debounced push that publishes them is the server's).
//!
//! A diagnostic carries its finding's fixes, as ready text edits, in `data`: a code action
//! turns them into a workspace edit without checking the document again.

use serde::{Deserialize, Serialize};
use std::path::Path;
use std::sync::Arc;
use tower_lsp_server::ls_types::{
    Diagnostic, DiagnosticSeverity, DiagnosticTag, NumberOrString, Position, Range, TextEdit,
};

use crate::catalog::CatalogErrors;
use crate::{Finding, Rule, Severity};

use super::analysis::Analysis;
use super::position::Encoding;

/// What `source` says on every diagnostic of ours.
pub const SOURCE: &str = "macrolint";

/// The `data` of a diagnostic: its finding's fixes, ready to apply.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct DiagnosticData {
    pub fixes: Vec<FixData>,
}

/// One fix of a finding, in editor coordinates.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FixData {
    pub title: String,
    pub safe: bool,
    pub edits: Vec<TextEdit>,
}

fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

pub fn to_diagnostic(f: &Finding, a: &Analysis, enc: Encoding) -> Diagnostic {
    let lang = a.lang();
    let fixes = f
        .fixes
        .iter()
        .map(|fix| FixData {
            title: fix.title.get(lang).to_string(),
            safe: fix.safe,
            edits: fix
                .edits
                .iter()
                .map(|e| TextEdit::new(a.range(e.range, enc), e.replacement.clone()))
                .collect(),
        })
        .collect();
    Diagnostic {
        range: a.range(f.range, enc),
        severity: Some(severity(f.severity)),
        code: Some(NumberOrString::String(f.rule.id().to_string())),
        code_description: None,
        source: Some(SOURCE.to_string()),
        message: f.message.get(lang).to_string(),
        related_information: None,
        tags: (f.rule == Rule::RemovedChannel).then(|| vec![DiagnosticTag::DEPRECATED]),
        data: serde_json::to_value(DiagnosticData { fixes }).ok(),
    }
}

pub fn diagnostics(a: &Analysis, enc: Encoding) -> Vec<Diagnostic> {
    a.findings
        .iter()
        .map(|f| to_diagnostic(f, a, enc))
        .collect()
}

/// Diagnostics already written as JSON, by what they say and where: a keystroke changes a few
/// findings of a document, and the rest were converted and serialised by the last publish
/// (building `data`'s value tree and writing it was a third of a keystroke's server time).
///
/// Kept from a document's second publish on, like the pieces' verdicts: a thousand restored
/// tabs hold no second copy of their diagnostics.
#[derive(Debug, Default)]
pub struct Rendered {
    by_key: rustc_hash::FxHashMap<u64, Arc<str>>,
    publishes: u32,
}

/// The diagnostics of `a` as JSON texts, in order, each one exactly what serialising
/// [`to_diagnostic`] gives; those `cache` holds are reused, and it is left holding this
/// publish's.
pub fn rendered(a: &Analysis, enc: Encoding, cache: &mut Rendered) -> Vec<Arc<str>> {
    let keep = cache.publishes > 0;
    cache.publishes = cache.publishes.saturating_add(1);
    let mut next = rustc_hash::FxHashMap::default();
    let out = a
        .findings
        .iter()
        .map(|f| {
            let key = key(f, a, enc);
            let json = match cache.by_key.get(&key) {
                Some(j) => j.clone(),
                None => Arc::from(
                    serde_json::to_string(&to_diagnostic(f, a, enc))
                        .expect("a diagnostic is plain data"),
                ),
            };
            if keep {
                next.insert(key, json.clone());
            }
            json
        })
        .collect();
    cache.by_key = next;
    out
}

/// Everything [`to_diagnostic`] reads of a finding, with its ranges as the editor counts them.
fn key(f: &Finding, a: &Analysis, enc: Encoding) -> u64 {
    use std::hash::{Hash, Hasher};
    let lang = a.lang();
    let mut h = std::hash::DefaultHasher::new();
    let range = |r: crate::ByteRange, h: &mut std::hash::DefaultHasher| {
        let r = a.range(r, enc);
        (r.start.line, r.start.character, r.end.line, r.end.character).hash(h);
    };
    range(f.range, &mut h);
    (f.rule, f.severity, f.message.get(lang)).hash(&mut h);
    f.fixes.len().hash(&mut h);
    for fix in &f.fixes {
        (fix.title.get(lang), fix.safe, fix.edits.len()).hash(&mut h);
        for e in &fix.edits {
            range(e.range, &mut h);
            e.replacement.hash(&mut h);
        }
    }
    h.finish()
}

/// Diagnostics for a broken catalog or `macrolint.toml`, at the line and column each error
/// names (1-based characters, converted to the negotiated encoding with the file's `text`,
/// which the caller read the way the file itself is read: never a FIFO, never outside its
/// workspace).
pub fn file_errors(
    errors: &CatalogErrors,
    path: &Path,
    text: &str,
    enc: Encoding,
) -> Vec<Diagnostic> {
    let lines: Vec<&str> = text.split('\n').collect();
    let shown = path.display().to_string();
    errors
        .0
        .iter()
        .map(|e| {
            let line_no = e.line.saturating_sub(1);
            let line = lines.get(line_no).map_or("", |l| l.trim_end_matches('\r'));
            let chars_before: String = line.chars().take(e.column.saturating_sub(1)).collect();
            let start = enc.len(&chars_before);
            let end = enc.len(line).max(start + 1);
            let mut message = e.message.clone();
            if e.file != shown && !e.file.is_empty() {
                message = format!("{}: {message}", e.file);
            }
            if let Some(help) = &e.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            Diagnostic {
                range: Range::new(
                    Position::new(line_no as u32, start),
                    Position::new(line_no as u32, end),
                ),
                severity: Some(DiagnosticSeverity::ERROR),
                source: Some(SOURCE.to_string()),
                message,
                ..Diagnostic::default()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{Catalog, CatalogError};
    use crate::lsp::analysis::{Profile, Snapshot};
    use crate::lsp::settings::CompletionStyle;
    use crate::{Format, Lang};

    fn analysis(
        text: &str,
        version: i32,
        judged: &Arc<std::sync::Mutex<crate::chunk::Judged>>,
    ) -> Analysis {
        Analysis::run(Snapshot {
            uri: "file:///t.md".parse().unwrap(),
            generation: version as u64,
            version,
            text: text.to_string(),
            format: Format::Markdown,
            judged: judged.clone(),
            profile: Profile {
                catalog: Catalog::default_catalog(),
                as_of: "2026-06-01".parse().unwrap(),
                audience: None,
                region: None,
                levels: Default::default(),
                lang: Lang::Ru,
                completion_style: CompletionStyle::default(),
                unit_scopes: Vec::new(),
                read: Default::default(),
                format: None,
            },
        })
    }

    /// The serialised diagnostics kept between publishes are, edit after edit, exactly what
    /// converting and serialising every finding anew gives, in both encodings: an edit before
    /// a finding moves its line or column, one inside it changes its words.
    #[test]
    fn rendered_diagnostics_match_fresh_ones_after_every_edit() {
        let mut text = String::from(
            "Здравствуйте! Звоните на 8 800 234-48-48 или пишите на hlep@ozon.ru.\n\n\
             Для Premium есть выделенная линия 8 (800) 600-55-55.\n\n\
             👍 Пишите также sellersup@ozon.ru, мы ответим.\n",
        );
        let judged = Arc::default();
        for enc in [Encoding::Utf16, Encoding::Utf8] {
            let mut cache = Rendered::default();
            let edits: [(&str, &str); 6] = [
                ("Здравствуйте!", "Здравствуйте, Анна!"),
                ("hlep@", "hlpe@"),
                ("\n\nДля", "\nДля"),
                ("👍", "🙂🙂"),
                ("мы ответим", "мы ответим быстро"),
                ("8 800 234-48-48", "8 800 234-48-49"),
            ];
            let mut reused = 0;
            for (k, (from, to)) in std::iter::once(("", "")).chain(edits).enumerate() {
                if !from.is_empty() {
                    text = text.replacen(from, to, 1);
                }
                let a = analysis(&text, k as i32 + 1, &judged);
                assert!(!a.findings.is_empty());
                let before: Vec<Arc<str>> = cache.by_key.values().cloned().collect();
                let got = rendered(&a, enc, &mut cache);
                let want: Vec<String> = diagnostics(&a, enc)
                    .iter()
                    .map(|d| serde_json::to_string(d).unwrap())
                    .collect();
                let got: Vec<&str> = got.iter().map(|g| &**g).collect();
                assert_eq!(got, want, "after edit {k} ({enc:?})");
                reused += got
                    .iter()
                    .filter(|g| before.iter().any(|b| &**b == **g))
                    .count();
            }
            assert!(reused > 0, "nothing was reused ({enc:?})");
        }
    }

    /// A FIFO named as the catalog: its errors are placed without its text (reading it would
    /// block the server while it holds its state).
    #[cfg(unix)]
    #[test]
    fn errors_of_a_fifo_are_placed_without_reading_it() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("catalog.toml");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            return; // no mkfifo here
        }
        let errors = CatalogErrors(vec![CatalogError {
            file: fifo.display().to_string(),
            line: 1,
            column: 1,
            message: "is not a regular file".into(),
            help: None,
        }]);
        let d = file_errors(&errors, &fifo, "", Encoding::Utf16);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].range.start, Position::new(0, 0));
    }
}
