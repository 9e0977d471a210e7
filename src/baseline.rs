//! Baselines and fingerprints: for teams adopting macrolint on hundreds of old templates, a
//! baseline records today's findings so that only new ones fail the build.
//!
//! A finding is identified by its rule, its file and a content fingerprint, never by its line:
//! editing a template above an old finding must not make it "new".

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

use crate::finding::Finding;
use crate::report::CheckedFile;

/// A fingerprint of `finding` in `text` that survives the finding moving to another line: the
/// rule, the covered text and the words of its line (white space folded).
pub fn fingerprint(path: &str, text: &str, finding: &Finding) -> String {
    let covered = text
        .get(finding.range.start..finding.range.end)
        .unwrap_or_default();
    let line_start = text[..text.floor_char_boundary(finding.range.start.min(text.len()))]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let line_end = text[line_start..]
        .find('\n')
        .map_or(text.len(), |i| line_start + i);
    let line: Vec<&str> = text[line_start..line_end].split_whitespace().collect();
    let mut h = Sha256::new();
    for part in [finding.rule.id(), path, covered, &line.join(" ")] {
        h.update(part.as_bytes());
        h.update([0u8]);
    }
    h.finalize()
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The fingerprints of a file's findings, made unique with an occurrence number where the same
/// finding stands twice.
pub fn fingerprints(file: &CheckedFile) -> Vec<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    file.findings
        .iter()
        .map(|f| {
            let base = fingerprint(&file.path, &file.text, f);
            let n = seen.entry(base.clone()).or_default();
            *n += 1;
            if *n == 1 { base } else { format!("{base}-{n}") }
        })
        .collect()
}

/// One recorded finding.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Entry {
    pub rule: String,
    pub path: String,
    pub fingerprint: String,
}

/// The baseline file (`--write-baseline`, `--baseline`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<Entry>,
}

impl Baseline {
    /// Today's findings.
    pub fn record(files: &[CheckedFile]) -> Baseline {
        let mut findings: Vec<Entry> = files
            .iter()
            .flat_map(|file| {
                fingerprints(file)
                    .into_iter()
                    .zip(&file.findings)
                    .map(|(fingerprint, f)| Entry {
                        rule: f.rule.id().to_string(),
                        path: file.path.clone(),
                        fingerprint,
                    })
            })
            .collect();
        findings.sort_by(|a, b| {
            (&a.path, &a.rule, &a.fingerprint).cmp(&(&b.path, &b.rule, &b.fingerprint))
        });
        Baseline {
            version: 1,
            findings,
        }
    }

    /// Drops the findings the baseline knows; returns how many were dropped.
    pub fn filter(&self, files: &mut [CheckedFile]) -> usize {
        let known: std::collections::HashSet<&Entry> = self.findings.iter().collect();
        let mut dropped = 0;
        for file in files.iter_mut() {
            let prints = fingerprints(file);
            let keep: Vec<bool> = prints
                .iter()
                .zip(&file.findings)
                .map(|(fingerprint, f)| {
                    !known.contains(&Entry {
                        rule: f.rule.id().to_string(),
                        path: file.path.clone(),
                        fingerprint: fingerprint.clone(),
                    })
                })
                .collect();
            let before = file.findings.len();
            let mut keep = keep.into_iter();
            file.findings.retain(|_| keep.next().unwrap_or(true));
            dropped += before - file.findings.len();
        }
        dropped
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::{Context, Document, Format, check};

    fn checked(path: &str, text: &str) -> CheckedFile {
        let c = Catalog::default_catalog();
        let ctx = Context::new(&c, "2026-01-01".parse().unwrap());
        CheckedFile {
            path: path.into(),
            text: text.into(),
            findings: check(&Document::new(text, Format::Plain), &ctx),
        }
    }

    #[test]
    fn fingerprints_ignore_line_moves_but_not_content() {
        let a = checked("a.md", "Звоните {{contact.phone.premium}}.");
        let moved = checked(
            "a.md",
            "Здравствуйте!\n\n  Звоните   {{contact.phone.premium}}.",
        );
        let changed = checked("a.md", "Звоните {{contact.phone.travel}}.");
        assert_eq!(fingerprints(&a), fingerprints(&moved));
        assert_ne!(fingerprints(&a), fingerprints(&changed));
    }

    #[test]
    fn duplicates_get_distinct_fingerprints() {
        let f = checked(
            "a.md",
            "{{contact.phone.premium}}\n{{contact.phone.premium}}",
        );
        let p = fingerprints(&f);
        assert_eq!(p.len(), 2);
        assert_ne!(p[0], p[1]);
    }

    #[test]
    fn baseline_drops_known_findings_only() {
        let old = checked("a.md", "Звоните {{contact.phone.premium}}.");
        let baseline = Baseline::record(std::slice::from_ref(&old));
        let mut now = vec![checked(
            "a.md",
            "Новая строка.\nЗвоните {{contact.phone.premium}}.\nПишите ir@ozon.ru {{contact.phone.travel}}",
        )];
        assert_eq!(baseline.filter(&mut now), 1);
        assert_eq!(now[0].findings.len(), 1);
        assert_eq!(now[0].findings[0].rule, crate::Rule::UnavailableChannel);
    }
}
