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

/// The edits of the first applicable fix of each finding, sorted, with any edit that overlaps an
/// earlier one dropped (it is applied on the next run, against the new text).
pub fn edits_for(findings: &[Finding], safety: Safety) -> Vec<Edit> {
    let mut edits: Vec<Edit> = findings
        .iter()
        .filter_map(|f| f.fixes.iter().find(|fix| fix.safe || safety == Safety::All))
        .flat_map(|fix| fix.edits.iter().cloned())
        .collect();
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out: Vec<Edit> = Vec::with_capacity(edits.len());
    for e in edits {
        if out
            .last()
            .is_some_and(|last| last.range.end > e.range.start)
        {
            continue;
        }
        if out.last() == Some(&e) {
            continue;
        }
        out.push(e);
    }
    out
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
