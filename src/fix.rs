//! Applying fixes to text: edits never overlap, and applying the result's fixes again changes
//! nothing (a fix writes the canonical form, which no rule flags).

use crate::finding::{Edit, Finding};

/// Which fixes to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Safety {
    /// Only fixes that keep the same contact (formatting).
    SafeOnly,
    /// Also replacements with successors and nearest channels.
    All,
}

/// The edits of the first applicable fix of each finding, sorted. Where two edits overlap, the
/// same-entity repair (a safe fix) wins over a replacement, else the first in the text; the
/// other is dropped (it is applied on the next run, against the new text, if it still holds).
/// Editor suggestions are never applied.
pub fn edits_for(findings: &[Finding], safety: Safety) -> Vec<Edit> {
    // (rank, edit): rank 0 for a safe fix, 1 for an unsafe one.
    let mut edits: Vec<(u8, Edit)> = findings
        .iter()
        .filter_map(|f| {
            f.fixes
                .iter()
                .find(|fix| fix.applies(safety == Safety::All))
        })
        .flat_map(|fix| fix.edits.iter().map(|e| (u8::from(!fix.safe), e.clone())))
        .collect();
    edits.sort_by_key(|(rank, e)| (e.range.start, e.range.end, *rank));
    let mut chosen: Vec<(u8, Edit)> = Vec::with_capacity(edits.len());
    for (rank, e) in edits {
        match chosen.last_mut() {
            Some((_, last)) if *last == e => {}
            Some((last_rank, last)) if last.range.end > e.range.start => {
                if rank < *last_rank {
                    *last_rank = rank;
                    *last = e;
                }
            }
            _ => chosen.push((rank, e)),
        }
    }
    chosen.into_iter().map(|(_, e)| e).collect()
}

/// How many of `findings` the chosen `edits` fix (a fix of several edits counts once). The
/// edits are looked up in a set: a one-line export has tens of thousands of both.
pub fn fixed_count(findings: &[Finding], edits: &[Edit], safety: Safety) -> usize {
    let chosen: std::collections::HashSet<&Edit> = edits.iter().collect();
    findings
        .iter()
        .filter_map(|f| {
            f.fixes
                .iter()
                .find(|fix| fix.applies(safety == Safety::All))
        })
        .filter(|fix| !fix.edits.is_empty() && fix.edits.iter().all(|e| chosen.contains(e)))
        .count()
}

/// Why a set of edits cannot be applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FixError {
    #[error("edit {start}..{end} is outside the text ({len} bytes)")]
    OutOfRange {
        start: usize,
        end: usize,
        len: usize,
    },
    #[error("edit {start}..{end} does not fall on character boundaries")]
    NotCharBoundary { start: usize, end: usize },
    #[error("edits {0} and {1} overlap")]
    Overlap(usize, usize),
}

/// Applies sorted, non-overlapping edits; every byte outside them is copied unchanged.
pub fn apply(text: &str, edits: &[Edit]) -> Result<String, FixError> {
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for (i, e) in edits.iter().enumerate() {
        let (start, end) = (e.range.start, e.range.end);
        if start > end || end > text.len() {
            return Err(FixError::OutOfRange {
                start,
                end,
                len: text.len(),
            });
        }
        if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            return Err(FixError::NotCharBoundary { start, end });
        }
        if start < pos {
            return Err(FixError::Overlap(i.saturating_sub(1), i));
        }
        out.push_str(&text[pos..start]);
        out.push_str(&e.replacement);
        pos = end;
    }
    out.push_str(&text[pos..]);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::ByteRange;

    fn edit(s: usize, e: usize, r: &str) -> Edit {
        Edit {
            range: ByteRange::new(s, e),
            replacement: r.into(),
        }
    }

    #[test]
    fn applies_edits_and_keeps_the_rest() {
        assert_eq!(
            apply("abcdef", &[edit(1, 2, "X"), edit(4, 6, "")]).unwrap(),
            "aXcd"
        );
        assert_eq!(apply("abc", &[]).unwrap(), "abc");
    }

    fn finding(range: (usize, usize), safe: bool, text: &str) -> Finding {
        use crate::finding::{Fix, Message};
        use crate::rule::Rule;
        Finding::new(
            Rule::ContactFormat,
            ByteRange::new(range.0, range.1),
            Message::default(),
        )
        .with_fix(Fix::replace(
            Message::default(),
            safe,
            ByteRange::new(range.0, range.1),
            text,
        ))
    }

    #[test]
    fn the_same_entity_repair_wins_an_overlap() {
        let f = [
            finding((0, 10), false, "other"),
            finding((2, 8), true, "repair"),
        ];
        let e = edits_for(&f, Safety::All);
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].replacement, "repair");
    }

    #[test]
    fn suggestions_are_never_applied() {
        use crate::finding::{Fix, Message};
        use crate::rule::Rule;
        let f = Finding::new(
            Rule::OutdatedClaim,
            ByteRange::new(0, 4),
            Message::default(),
        )
        .with_fix(Fix::suggestion(
            Message::default(),
            ByteRange::new(0, 4),
            "new",
        ));
        assert!(edits_for(&[f], Safety::All).is_empty());
    }

    #[test]
    fn rejects_bad_edits() {
        assert!(matches!(
            apply("abc", &[edit(2, 9, "")]),
            Err(FixError::OutOfRange { .. })
        ));
        assert!(matches!(
            apply("жж", &[edit(1, 2, "")]),
            Err(FixError::NotCharBoundary { .. })
        ));
        assert!(matches!(
            apply("abcd", &[edit(0, 2, ""), edit(1, 3, "")]),
            Err(FixError::Overlap(..))
        ));
    }
}
