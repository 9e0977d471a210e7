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

/// The catalog a run judged by: named in every summary, so a forgotten `--catalog` never looks
/// like a clean pass against the right one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CatalogRef {
    /// `[catalog] name`, or the file's path.
    pub name: String,
    /// "default" for the embedded catalog, else the file it was read from.
    pub source: String,
    /// A short hash of the catalog's text (the files it was built from).
    pub hash: String,
}

impl CatalogRef {
    pub fn of(c: &crate::catalog::Catalog) -> CatalogRef {
        CatalogRef {
            name: c.name.clone(),
            source: c.origin.to_string(),
            hash: c.hash.clone(),
        }
    }

    /// «Ozon (default)» (the embedded catalog), «Acme Pay» (catalogs/acme.toml).
    pub fn describe(&self, lang: Lang) -> String {
        match (self.source.as_str(), lang) {
            ("default", Lang::Ru) => format!("«{}» (встроенный)", self.name),
            ("default", Lang::En) => format!("«{}» (embedded)", self.name),
            (path, _) => format!("«{}» ({path})", self.name),
        }
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
    /// Templates read: a template file's text, each macro, Dynamic Content variant or string
    /// of an export.
    pub templates: usize,
    /// Files in which no template text at all was found.
    pub files_without_text: usize,
    /// The catalogs the files were judged by (one, unless configs differ by folder).
    pub catalogs: Vec<CatalogRef>,
}

impl Summary {
    /// Adds the counts of another part of the same run.
    pub fn add(&mut self, other: &Summary) {
        self.files += other.files;
        self.files_with_findings += other.files_with_findings;
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.infos += other.infos;
        self.templates += other.templates;
        self.files_without_text += other.files_without_text;
        for c in &other.catalogs {
            self.note_catalog(c.clone());
        }
    }

    /// Records a catalog the run used (once).
    pub fn note_catalog(&mut self, c: CatalogRef) {
        if !self.catalogs.contains(&c) {
            self.catalogs.push(c);
        }
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

/// `s` (a file name) as it may be printed on a terminal: control characters, and the bidi
/// controls that reorder what a reader sees, written as `\u{..}` escapes. A repository
/// chooses its file names; they must not move the cursor, set the window title or hide text.
pub fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    let hidden = |c: char| {
        (c.is_control() && c != '\t')
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !s.chars().any(hidden) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if hidden(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// What every report format is told besides the files.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub lang: Lang,
    pub color: bool,
}
