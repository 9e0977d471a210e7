//! File formats and the text a check works on.
//!
//! A [`Document`] is the text of one template as it is on disk (byte-order mark included, so
//! byte ranges point into the file) with what its front matter says.

pub mod frontmatter;
pub mod html;
pub mod json;
pub mod lines;
pub mod segment;
pub mod shapes;
pub mod template;
pub mod yaml;

use std::path::Path;

pub use frontmatter::FrontMatter;
pub use lines::LineIndex;
pub use segment::{Escape, Segment, SegmentBuilder};
pub use shapes::{Shape, UnitKind};
pub use template::{Checked, Dialect};

use crate::finding::ByteRange;

/// The file formats macrolint reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Plain,
    Markdown,
    Liquid,
    Handlebars,
    Jinja,
    Html,
    /// A helpdesk export: Zendesk macros, Freshdesk canned responses.
    Json,
    /// One macro per file, as helpdesk sync repositories keep them.
    Yaml,
}

impl Format {
    /// The format for a file name, or `None` for files `check` does not read.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Self::from_extension(&ext)
    }

    pub fn from_extension(ext: &str) -> Option<Format> {
        Some(match ext {
            "txt" | "text" => Format::Plain,
            "md" | "markdown" => Format::Markdown,
            "liquid" => Format::Liquid,
            "hbs" | "handlebars" | "mustache" => Format::Handlebars,
            "j2" | "jinja" | "jinja2" => Format::Jinja,
            "html" | "htm" => Format::Html,
            "json" => Format::Json,
            "yaml" | "yml" => Format::Yaml,
            _ => return None,
        })
    }

    /// The format an LSP `languageId` names.
    pub fn from_language_id(id: &str) -> Option<Format> {
        Some(match id {
            "plaintext" => Format::Plain,
            "markdown" => Format::Markdown,
            "liquid" => Format::Liquid,
            "handlebars" => Format::Handlebars,
            "jinja" | "jinja-html" | "django-html" => Format::Jinja,
            "html" => Format::Html,
            "json" | "jsonc" => Format::Json,
            "yaml" => Format::Yaml,
            _ => return None,
        })
    }

    pub fn parse(s: &str) -> Option<Format> {
        match s.to_ascii_lowercase().as_str() {
            "plain" | "text" | "plaintext" => Some(Format::Plain),
            other => Self::from_extension(other).or_else(|| Self::from_language_id(other)),
        }
    }

    /// Guesses the format of text whose file name says nothing: a JSON export, a YAML macro,
    /// HTML, or plain text.
    pub fn sniff(text: &str) -> Format {
        let t = text.trim_start_matches('\u{feff}').trim_start();
        if (t.starts_with('{') || t.starts_with('[')) && t.contains('"') {
            Format::Json
        } else if t.starts_with("<!DOCTYPE")
            || t.starts_with("<html")
            || t.starts_with("<p")
            || t.starts_with("<div")
        {
            Format::Html
        } else if t
            .lines()
            .take(5)
            .any(|l| l.starts_with("title:") || l.starts_with("actions:"))
        {
            Format::Yaml
        } else if t.starts_with("---") || t.contains("\n#") || t.starts_with('#') {
            Format::Markdown
        } else {
            Format::Plain
        }
    }

    /// The comment that silences `rule` on the next line, in this format's own syntax; `None`
    /// for formats that cannot carry comments (use `[per-file-ignores]` or a baseline there).
    pub fn suppression_comment(self, rule: &str) -> Option<String> {
        match self {
            Format::Liquid => Some(format!(
                "{{% comment %}}macrolint-disable-next-line {rule}{{% endcomment %}}"
            )),
            Format::Handlebars => Some(format!("{{{{! macrolint-disable-next-line {rule} }}}}")),
            Format::Jinja => Some(format!("{{# macrolint-disable-next-line {rule} #}}")),
            Format::Plain | Format::Markdown | Format::Html => {
                Some(format!("<!-- macrolint-disable-next-line {rule} -->"))
            }
            Format::Json | Format::Yaml => None,
        }
    }

    /// The placeholder language a format implies, if any.
    pub fn dialect(self) -> Option<Dialect> {
        match self {
            Format::Liquid => Some(Dialect::Liquid),
            Format::Handlebars => Some(Dialect::Handlebars),
            Format::Jinja => Some(Dialect::Jinja),
            _ => None,
        }
    }
}

/// How a document is read: the placeholder dialect where the format leaves it open, and
/// whether comments and code are checked.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadOptions {
    pub dialect: Option<Dialect>,
    pub checked: Checked,
    /// The export shape `[formats]` names for the file; `None`: decided by its content.
    pub shape: Option<Shape>,
    /// The file was asked for by name (on the command line, or by `[formats]`): a file with no
    /// template text in it is then worth a word, whatever its shape.
    pub explicit: bool,
}

/// One macro of a multi-macro file (a JSON export): what reports name, and what `[[scope]]`
/// matches on to find its audience.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Unit {
    pub id: Option<String>,
    pub title: Option<String>,
    pub tags: Vec<String>,
    pub range: ByteRange,
    /// A macro, a Dynamic Content variant, or a string of a file of no known shape (its title
    /// is then its path).
    pub kind: UnitKind,
    /// For a Dynamic Content variant: the item's placeholder name (`{{dc.<name>}}`).
    pub dynamic_content: Option<String>,
}

/// One template file to check.
#[derive(Debug, Clone)]
pub struct Document {
    /// The file's text as it is on disk (byte-order mark included).
    pub text: String,
    pub format: Format,
    pub front_matter: FrontMatter,
    /// The part of `text` after the front matter.
    pub body: ByteRange,
    /// The customer-facing text, decoded, with the way back to `text`.
    pub segments: Vec<Segment>,
    /// The macros of a multi-macro file.
    pub units: Vec<Unit>,
    /// What kind of file it is: a template, or the export shape its content (or `[formats]`)
    /// says.
    pub shape: Shape,
    /// Asked for by name (see [`ReadOptions::explicit`]).
    pub explicit: bool,
    /// Why the file could not be read in its format (invalid JSON, say): where and what.
    pub error: Option<(ByteRange, String)>,
}

impl Document {
    pub fn new(text: impl Into<String>, format: Format) -> Self {
        Self::with_options(text, format, ReadOptions::default())
    }

    pub fn with_options(text: impl Into<String>, format: Format, opts: ReadOptions) -> Self {
        let text = text.into();
        let dialect = format.dialect().or(opts.dialect).unwrap_or(Dialect::Liquid);
        let mut doc = Document {
            front_matter: FrontMatter::default(),
            body: ByteRange::new(0, text.len()),
            segments: Vec::new(),
            units: Vec::new(),
            error: None,
            format,
            text: String::new(),
            shape: Shape::Template,
            explicit: opts.explicit,
        };
        match format {
            Format::Json | Format::Yaml => {
                let r = if format == Format::Json {
                    json::read_as(&text, dialect, opts.checked, opts.shape)
                } else {
                    yaml::read_as(&text, dialect, opts.checked, opts.shape)
                };
                doc.segments = r.segments;
                doc.units = r.units;
                doc.error = r.error;
                doc.shape = r.shape;
            }
            _ => {
                doc.front_matter = frontmatter::parse(&text);
                let start = doc
                    .front_matter
                    .range
                    .map_or(if text.starts_with('\u{feff}') { 3 } else { 0 }, |r| r.end);
                doc.body = ByteRange::new(start, text.len());
                let mut b = SegmentBuilder::default();
                if format == Format::Html {
                    html::read(&text, start..text.len(), opts.checked.comments, &mut b);
                    doc.segments.push(b.finish(vec![Escape::Html], None));
                } else {
                    template::read(
                        &text,
                        start..text.len(),
                        format == Format::Markdown,
                        dialect,
                        opts.checked,
                        &mut b,
                    );
                    let seg = b.finish(vec![], None);
                    doc.segments.push(seg);
                }
            }
        }
        doc.text = text;
        doc
    }

    /// How many templates the file held: each unit with text (a macro, a variant, a string of an
    /// export), or one for a template file with text.
    pub fn templates(&self) -> usize {
        if self.units.is_empty() {
            return usize::from(!self.has_no_text());
        }
        let mut with_text = vec![false; self.units.len()];
        for s in &self.segments {
            if let Some(u) = s.unit
                && !s.text.trim().is_empty()
            {
                with_text[u] = true;
            }
        }
        with_text.into_iter().filter(|&b| b).count()
    }

    /// Whether no template text at all was found: every segment empty or blank.
    pub fn has_no_text(&self) -> bool {
        self.segments.iter().all(|s| s.text.trim().is_empty())
    }

    /// Whether a file with no text should say so: its shape is one macrolint knows (a
    /// template, a helpdesk export), or it was asked for by name. A file merely met while
    /// walking a folder (a `package.json`) is checked quietly.
    pub fn owes_text(&self) -> bool {
        self.error.is_none() && (self.shape.is_known() || self.explicit) && self.has_no_text()
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
