//! `--format json`: stable, versioned, for scripts and other tools.
//!
//! Lines and columns are 1-based, columns count characters; byte ranges point into the file as
//! it is on disk (byte-order mark included).

use serde::Serialize;

use super::{CheckedFile, Options, Summary};
use crate::finding::Severity;
use crate::rules::Rule;

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    files: Vec<File<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct File<'a> {
    path: &'a str,
    findings: Vec<Item<'a>>,
}

#[derive(Serialize)]
struct Position {
    line: usize,
    column: usize,
}

#[derive(Serialize)]
struct Range {
    start: Position,
    end: Position,
}

#[derive(Serialize)]
struct Item<'a> {
    rule: Rule,
    severity: Severity,
    message: &'a str,
    channels: Vec<&'a str>,
    range: Range,
    byte_range: [usize; 2],
    fixes: Vec<FixItem<'a>>,
    /// The macro of an export the finding is in.
    #[serde(rename = "macro", skip_serializing_if = "Option::is_none")]
    unit: Option<&'a crate::finding::MacroRef>,
}

#[derive(Serialize)]
struct FixItem<'a> {
    title: &'a str,
    safe: bool,
    edits: Vec<EditItem<'a>>,
}

#[derive(Serialize)]
struct EditItem<'a> {
    byte_range: [usize; 2],
    replacement: &'a str,
}

/// The JSON report, pretty-printed, with a trailing newline.
pub fn render(files: &[CheckedFile], opts: Options) -> String {
    let report = Report {
        version: 1,
        files: files
            .iter()
            .filter(|f| !f.findings.is_empty())
            .map(|f| {
                let lines = f.line_index();
                let pos = |offset| {
                    let (line, column) = lines.position(&f.text, offset);
                    Position { line, column }
                };
                File {
                    path: &f.path,
                    findings: f
                        .findings
                        .iter()
                        .map(|x| Item {
                            rule: x.rule,
                            severity: x.severity,
                            message: x.message.get(opts.lang),
                            channels: x.channels.iter().map(|c| c.as_str()).collect(),
                            range: Range {
                                start: pos(x.range.start),
                                end: pos(x.range.end),
                            },
                            byte_range: [x.range.start, x.range.end],
                            fixes: x
                                .fixes
                                .iter()
                                .map(|fix| FixItem {
                                    title: fix.title.get(opts.lang),
                                    safe: fix.safe,
                                    edits: fix
                                        .edits
                                        .iter()
                                        .map(|e| EditItem {
                                            byte_range: [e.range.start, e.range.end],
                                            replacement: &e.replacement,
                                        })
                                        .collect(),
                                })
                                .collect(),
                            unit: x.unit.as_ref(),
                        })
                        .collect(),
                }
            })
            .collect(),
        summary: Summary::of(files),
    };
    let mut out = serde_json::to_string_pretty(&report).expect("the report is plain data");
    out.push('\n');
    out
}
