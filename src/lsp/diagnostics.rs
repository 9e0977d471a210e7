//! Findings and catalog errors as LSP diagnostics: a pure conversion, below the server (the
//! debounced push that publishes them is the server's).
//!
//! A diagnostic carries its finding's fixes, as ready text edits, in `data`: a code action
//! turns them into a workspace edit without checking the document again.

use serde::{Deserialize, Serialize};
use std::path::Path;
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
    use crate::catalog::CatalogError;

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
