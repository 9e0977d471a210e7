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

/// How far a fingerprint looks along the finding's line, in characters each way. Lines of
/// templates are shorter than this, so their fingerprint hashes the whole line; a one-line
/// export of megabytes costs this much per finding, not the line (which was quadratic).
pub const FINGERPRINT_CONTEXT: usize = 160;

/// A fingerprint of `finding` in `text` that survives the finding moving to another line: the
/// rule, the covered text and the words of its line around it (white space folded; at most
/// [`FINGERPRINT_CONTEXT`] characters each way, whole words only).
pub fn fingerprint(path: &str, text: &str, finding: &Finding) -> String {
    let start = text.floor_char_boundary(finding.range.start.min(text.len()));
    let end = text.ceil_char_boundary(finding.range.end.clamp(start, text.len()));
    let covered = &text[start..end];
    let (from, cut_before) = match text[..start]
        .char_indices()
        .rev()
        .take(FINGERPRINT_CONTEXT)
        .find(|&(_, c)| c == '\n')
    {
        Some((i, _)) => (i + 1, false),
        None => {
            let limit = text[..start]
                .char_indices()
                .rev()
                .nth(FINGERPRINT_CONTEXT - 1)
                .map(|(i, _)| i);
            (limit.unwrap_or(0), limit.is_some_and(|i| i > 0))
        }
    };
    let (to, cut_after) = match text[start..]
        .char_indices()
        .take(FINGERPRINT_CONTEXT + covered.chars().count())
        .find(|&(_, c)| c == '\n')
    {
        Some((i, _)) => (start + i, false),
        None => {
            let limit = text[end..]
                .char_indices()
                .nth(FINGERPRINT_CONTEXT)
                .map(|(i, _)| end + i);
            let to = limit.unwrap_or(text.len());
            (to, limit.is_some() && !text[to..].starts_with(['\n', '\r']))
        }
    };
    let mut words: Vec<&str> = text[from..to].split_whitespace().collect();
    // A window cut inside a line may cut a word: only whole words count.
    if cut_after {
        words.pop();
    }
    if cut_before && !words.is_empty() {
        words.remove(0);
    }
    let mut h = Sha256::new();
    for part in [finding.rule.id(), path, covered, &words.join(" ")] {
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

    /// On a line of megabytes (a one-line export) a fingerprint reads a bounded window around
    /// its finding: text far along the line changes nothing, text next to it does.
    #[test]
    fn fingerprints_of_long_lines_read_a_window() {
        let far = "слово ".repeat(2000);
        let text = format!("{far}Звоните {{{{contact.phone.premium}}}} сегодня. {far}");
        let a = checked("a.md", &text);
        let edited_far = checked("a.md", &format!("x{text}x"));
        let edited_near = checked("a.md", &text.replace("Звоните {{", "Звоните нам {{"));
        assert_eq!(a.findings.len(), 1);
        assert_eq!(fingerprints(&a), fingerprints(&edited_far));
        assert_ne!(fingerprints(&a), fingerprints(&edited_near));
        // A short line hashes the whole line, as it always did.
        let short = checked("a.md", "Звоните {{contact.phone.premium}}.");
        let spaced = checked("a.md", "Звоните   {{contact.phone.premium}}.");
        assert_eq!(fingerprints(&short), fingerprints(&spaced));
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
