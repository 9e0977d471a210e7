//! `--format gitlab`: a GitLab Code Quality report (a JSON array of Code Climate issues), for
//! teams that review their macros in GitLab merge requests (`artifacts: reports: codequality:`).
//!
//! Each issue has the fields GitLab documents: `description`, `check_name` (the rule id),
//! `fingerprint` (the line-independent fingerprint of baselines and the SARIF report, unique
//! within the report), `severity` and `location` (`path`, and `lines.begin`/`lines.end`, 1-based).

use serde::Serialize;

use super::{CheckedFile, Options};
use crate::baseline::fingerprints;
use crate::finding::Severity;

#[derive(Serialize)]
struct Issue<'a> {
    description: &'a str,
    check_name: &'static str,
    fingerprint: String,
    severity: &'static str,
    location: Location,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
    end: usize,
}

/// The Code Quality severity of a severity.
pub const fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Info => "info",
    }
}

/// The report, pretty-printed, with a trailing newline (`[]` when nothing was found).
pub fn render(files: &[CheckedFile], opts: Options) -> String {
    let mut issues = Vec::new();
    for file in files {
        if file.findings.is_empty() {
            continue;
        }
        let lines = file.line_index();
        let path = file.path.replace('\\', "/");
        let path = path.strip_prefix("./").unwrap_or(&path);
        for (finding, fingerprint) in file.findings.iter().zip(fingerprints(file)) {
            let (begin, _) = lines.position(&file.text, finding.range.start);
            // The line of the last covered character, not of the one after it.
            let last = finding.range.end.max(finding.range.start + 1) - 1;
            let (end, _) = lines.position(&file.text, last);
            issues.push(Issue {
                description: finding.message.get(opts.lang),
                check_name: finding.rule.id(),
                fingerprint,
                severity: severity(finding.severity),
                location: Location {
                    path: path.to_string(),
                    lines: Lines {
                        begin,
                        end: end.max(begin),
                    },
                },
            });
        }
    }
    let mut out = serde_json::to_string_pretty(&issues).expect("the report is plain data");
    out.push('\n');
    out
}
