//! `--format github`: GitHub Actions workflow commands, one line per finding, so a `run:` step
//! annotates the files of a pull request without any upload.
//!
//! `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=macrolint (rule)::message`, with
//! `warning` for warnings and `notice` for infos. Lines and columns are 1-based, columns count
//! characters and `endColumn` is the column just past the finding, as in the JSON report.

use std::fmt::Write;

use super::{CheckedFile, Options};
use crate::finding::Severity;

/// The workflow command of a severity.
pub const fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// The annotations, one per line.
pub fn render(files: &[CheckedFile], opts: Options) -> String {
    let mut out = String::new();
    for file in files {
        if file.findings.is_empty() {
            continue;
        }
        let lines = file.line_index();
        let path = escape_property(&file.path.replace('\\', "/"));
        for finding in &file.findings {
            let _ = write!(out, "::{} file={path}", command(finding.severity));
            // A file that could not be read has no text: the annotation is for the whole file.
            if !file.text.is_empty() {
                let (line, col) = lines.position(&file.text, finding.range.start);
                let (end_line, end_col) = lines.position(&file.text, finding.range.end);
                let _ = write!(
                    out,
                    ",line={line},col={col},endLine={end_line},endColumn={end_col}"
                );
            }
            let title = escape_property(&format!("macrolint ({})", finding.rule.id()));
            let message = escape_data(finding.message.get(opts.lang));
            let _ = writeln!(out, ",title={title}::{message}");
        }
    }
    out
}

/// Escapes a command's message: `%`, CR and LF.
pub fn escape_data(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes a command's property value: as a message, plus `:` and `,`.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}
