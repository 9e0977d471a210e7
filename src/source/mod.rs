//! File formats and the text a check works on.
//!
//! A [`Document`] is the text of one template as it is on disk (byte-order mark included, so
//! byte ranges point into the file) with what its front matter says.

pub mod frontmatter;
pub mod lines;

use std::path::Path;

pub use frontmatter::FrontMatter;
pub use lines::LineIndex;

use crate::finding::ByteRange;

/// The template formats `macrolint check` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Plain,
    Markdown,
    Liquid,
    Handlebars,
    Html,
}

impl Format {
    /// The format for a file name, or `None` for files `check` does not read.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "txt" | "text" => Format::Plain,
            "md" | "markdown" => Format::Markdown,
            "liquid" => Format::Liquid,
            "hbs" | "handlebars" | "mustache" => Format::Handlebars,
            "html" | "htm" => Format::Html,
            _ => return None,
        })
    }
}

/// One template to check.
#[derive(Debug, Clone)]
pub struct Document {
    pub text: String,
    pub format: Format,
    pub front_matter: FrontMatter,
    /// The part of `text` that is checked: everything after the front matter.
    pub body: ByteRange,
}

impl Document {
    pub fn new(text: impl Into<String>, format: Format) -> Self {
        let text = text.into();
        let front_matter = frontmatter::parse(&text);
        let start = front_matter
            .range
            .map_or(if text.starts_with('\u{feff}') { 3 } else { 0 }, |r| r.end);
        let body = ByteRange::new(start, text.len());
        Self {
            text,
            format,
            front_matter,
            body,
        }
    }
}

/// Why bytes are not a template's text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("the file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8")]
    Utf16,
    #[error("the file looks binary (it contains NUL bytes); only text templates are checked")]
    Binary,
    #[error(
        "the file is not UTF-8: invalid byte at line {line}, column {column} (byte {offset}); save it as UTF-8"
    )]
    NotUtf8 {
        offset: usize,
        line: usize,
        column: usize,
    },
}

/// The text of a template file. A UTF-8 byte-order mark is kept (so byte ranges still point
/// into the file); UTF-16 is reported, never guessed.
pub fn decode(bytes: Vec<u8>) -> Result<String, DecodeError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(DecodeError::Utf16);
    }
    if bytes[..bytes.len().min(8192)].contains(&0) {
        return Err(DecodeError::Binary);
    }
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let valid = std::str::from_utf8(&e.as_bytes()[..offset]).unwrap_or_default();
        let (line, column) = LineIndex::new(valid).position(valid, offset);
        DecodeError::NotUtf8 {
            offset,
            line,
            column,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_utf8_and_keeps_the_bom() {
        assert_eq!(decode(b"\xEF\xBB\xBFhi".to_vec()).unwrap(), "\u{feff}hi");
    }

    #[test]
    fn reports_utf16_binary_and_bad_bytes() {
        assert_eq!(decode(b"\xFF\xFEh\0i\0".to_vec()), Err(DecodeError::Utf16));
        assert_eq!(decode(b"PK\0\0".to_vec()), Err(DecodeError::Binary));
        assert_eq!(
            decode(b"ok\nab\xFFc".to_vec()),
            Err(DecodeError::NotUtf8 {
                offset: 5,
                line: 2,
                column: 3
            })
        );
    }

    #[test]
    fn document_body_skips_front_matter_and_bom() {
        let d = Document::new("\u{feff}Текст", Format::Plain);
        assert_eq!(d.body.start, 3);
        let d = Document::new("---\naudience: [buyer]\n---\nТекст", Format::Markdown);
        assert_eq!(&d.text[d.body.start..], "Текст");
    }

    #[test]
    fn formats_by_extension() {
        assert_eq!(
            Format::from_path(Path::new("a/b.MD")),
            Some(Format::Markdown)
        );
        assert_eq!(
            Format::from_path(Path::new("a/b.hbs")),
            Some(Format::Handlebars)
        );
        assert_eq!(Format::from_path(Path::new("a/b.rs")), None);
    }
}
