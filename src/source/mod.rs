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
