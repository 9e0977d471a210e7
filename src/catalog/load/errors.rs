//! Collecting every problem of a catalog against the file, line and column it stands at.

use std::collections::BTreeSet;
use std::ops::Range;
use toml::Spanned;

use crate::catalog::error::{CatalogError, Location};
use crate::catalog::{Audience, ChannelId};
use jiff::civil::Date;

/// A catalog text being loaded, with the name errors use for it and its line starts (built
/// once, so placing a thousand errors does not rescan the file a thousand times).
pub(super) struct SourceFile<'a> {
    pub name: String,
    pub text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> SourceFile<'a> {
    pub fn new(name: String, text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self {
            name,
            text,
            line_starts,
        }
    }

    /// 1-based line and character column of a byte offset.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = self.text.floor_char_boundary(offset.min(self.text.len()));
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1);
        let start = self.line_starts[line - 1];
        (line, self.text[start..offset].chars().count() + 1)
    }
}

/// 1-based line and character column of a byte offset (for one-off positions).
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    SourceFile::new(String::new(), text).line_column(offset)
}

/// An item of the merged catalog and the file it came from.
pub(super) struct From<T> {
    pub file: usize,
    pub item: T,
}

/// Collects errors against the files they belong to.
pub(super) struct Errors<'a> {
    pub files: &'a [SourceFile<'a>],
    pub list: Vec<CatalogError>,
    /// Compile patterns on first use instead of now (the embedded catalog only).
    pub deferred: bool,
    /// Ids of entries left out for a problem of their shape (already reported): a reference to
    /// one is not a second error.
    pub withheld: BTreeSet<String>,
}

impl<'a> Errors<'a> {
    pub fn location(&self, file: usize, span: Range<usize>) -> Location {
        let f = &self.files[file];
        let (line, column) = f.line_column(span.start);
        Location {
            file: f.name.clone(),
            line,
            column,
        }
    }

    pub fn help(
        &mut self,
        file: usize,
        span: Range<usize>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let at = self.location(file, span);
        self.list.push(at.error(message, help));
    }

    /// The errors in the order of the files and, within each, of lines and columns.
    pub fn in_file_order(self) -> Vec<CatalogError> {
        let order = |name: &str| self.files.iter().position(|f| f.name == name);
        let mut list = self.list;
        list.sort_by(|a, b| {
            (order(&a.file), a.line, a.column).cmp(&(order(&b.file), b.line, b.column))
        });
        list
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }
}

pub(super) fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .next()
            .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_'))
}

/// A set of ids of one kind (audiences, regions), each checked against the declared ones.
pub(super) fn id_set(
    errors: &mut Errors<'_>,
    file: usize,
    items: &[Spanned<String>],
    declared: &BTreeSet<String>,
    what: &str,
    example: &str,
) -> Audience {
    let mut out = Audience::new();
    for a in items {
        let id = a.get_ref();
        if errors.withheld.contains(id) {
            continue;
        }
        if !is_id(id) {
            let lower = id.to_lowercase();
            let help = if declared.contains(&lower) {
                format!("did you mean `{lower}`? {what} ids are lower-case")
            } else if declared.is_empty() {
                format!("{what} ids are lower-case words such as {example}")
            } else {
                let all: Vec<&str> = declared.iter().map(String::as_str).collect();
                format!(
                    "{what} ids are lower-case words; the catalog declares: {}",
                    all.join(", ")
                )
            };
            errors.help(
                file,
                a.span(),
                format!("`{id}` is not a valid {what} id"),
                help,
            );
        } else if !declared.is_empty() && !declared.contains(id) {
            let near = declared
                .iter()
                .map(|d| (strsim::levenshtein(d, id), d))
                .min()
                .filter(|(d, _)| *d <= 3)
                .map(|(_, d)| format!("did you mean `{d}`? "))
                .unwrap_or_default();
            let all: Vec<&str> = declared.iter().map(String::as_str).collect();
            errors.help(
                file,
                a.span(),
                format!("`{id}` is not a declared {what}"),
                format!("{near}the catalog declares: {}", all.join(", ")),
            );
        } else {
            out.insert(id.clone());
        }
    }
    out
}

/// A date as the catalog writes it: a TOML date, or a quoted ISO date (what editors that
/// validate TOML against a JSON schema expect).
pub(super) fn date(
    errors: &mut Errors<'_>,
    file: usize,
    value: &Spanned<super::raw::RawDate>,
) -> Option<Date> {
    let shown = match value.get_ref() {
        super::raw::RawDate::Toml(dt) => dt.to_string(),
        super::raw::RawDate::Text(s) => s.clone(),
    };
    let bad = |errors: &mut Errors<'_>| {
        errors.help(
            file,
            value.span(),
            format!("`{shown}` is not a date"),
            "write a plain date such as 2023-03-01 (no time, no offset)",
        );
        None
    };
    match value.get_ref() {
        super::raw::RawDate::Toml(dt) => match (dt.date, dt.time, dt.offset) {
            (Some(d), None, None) => match Date::new(d.year as i16, d.month as i8, d.day as i8) {
                Ok(date) => Some(date),
                Err(_) => bad(errors),
            },
            _ => bad(errors),
        },
        super::raw::RawDate::Text(s) => match s.trim().parse::<Date>() {
            Ok(date) if s.trim().len() == 10 => Some(date),
            _ => bad(errors),
        },
    }
}

pub(super) fn ids_exist(
    errors: &mut Errors<'_>,
    file: usize,
    items: &[Spanned<String>],
    ids: &BTreeSet<String>,
    what: &str,
) -> Vec<ChannelId> {
    let mut out = Vec::new();
    for r in items {
        if ids.contains(r.get_ref()) {
            out.push(ChannelId(r.get_ref().clone()));
        } else if errors.withheld.contains(r.get_ref()) {
            // Its entry was left out for a problem already reported.
        } else {
            let nearest = ids
                .iter()
                .map(|id| (strsim::levenshtein(id, r.get_ref()), id))
                .min()
                .filter(|(d, _)| *d <= 3)
                .map(|(_, id)| format!("did you mean `{id}`? "))
                .unwrap_or_default();
            errors.help(
                file,
                r.span(),
                format!("{what} names `{}`, which is no channel id", r.get_ref()),
                format!("{nearest}use the id of a `[[channel]]` in this catalog"),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_in_characters() {
        let f = SourceFile::new("x".into(), "ab\nжжc\n");
        assert_eq!(f.line_column(0), (1, 1));
        assert_eq!(f.line_column(3), (2, 1));
        assert_eq!(f.line_column(7), (2, 3));
        assert_eq!(f.line_column(100), (3, 1));
    }
}
