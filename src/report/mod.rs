//! Output formats for `macrolint check`. Each takes the same checked files and writes one
//! format; none of them decides anything about the findings.

pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod sarif;

use serde::Serialize;

use crate::finding::{Finding, Lang, Severity};
use crate::source::LineIndex;

/// One checked file, as the reports need it.
#[derive(Debug, Clone)]
pub struct CheckedFile {
    /// The path as the user gave or the walk found it.
    pub path: String,
    /// The file's text (for snippets and line/column conversion).
    pub text: String,
    pub findings: Vec<Finding>,
}

impl CheckedFile {
    pub fn line_index(&self) -> LineIndex {
        LineIndex::new(&self.text)
    }
}

/// Counts over a run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub files: usize,
    pub files_with_findings: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Summary {
    /// Adds the counts of another part of the same run.
    pub fn add(&mut self, other: &Summary) {
        self.files += other.files;
        self.files_with_findings += other.files_with_findings;
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.infos += other.infos;
    }

    pub fn of(files: &[CheckedFile]) -> Summary {
        let mut s = Summary {
            files: files.len(),
            ..Summary::default()
        };
        for f in files {
            if !f.findings.is_empty() {
                s.files_with_findings += 1;
            }
            for finding in &f.findings {
                match finding.severity {
                    Severity::Error => s.errors += 1,
                    Severity::Warning => s.warnings += 1,
                    Severity::Info => s.infos += 1,
                }
            }
        }
        s
    }
}

/// What every report format is told besides the files.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub lang: Lang,
    pub color: bool,
}
