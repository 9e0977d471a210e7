//! The ground vocabulary every layer speaks: byte ranges, severities, the two languages and a
//! message in both. It imports nothing of the crate, so findings, rules, the catalog and the
//! recognisers can all use it without depending on one another.

use serde::Serialize;
use std::fmt;

/// A half-open range of bytes in the text a finding refers to.
///
/// Byte offsets (not characters) because the core works on `&str` slices; the shells convert
/// them to lines and columns, or to UTF-16 positions for editors.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct ByteRange {
    pub start: usize,
    pub end: usize,
}

impl ByteRange {
    pub const fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    pub const fn len(&self) -> usize {
        self.end - self.start
    }

    pub const fn is_empty(&self) -> bool {
        self.start >= self.end
    }

    /// Whether the two ranges share at least one byte.
    pub const fn overlaps(&self, other: &ByteRange) -> bool {
        self.start < other.end && other.start < self.end
    }

    pub const fn contains(&self, other: &ByteRange) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// The smallest range that holds both.
    pub fn cover(&self, other: &ByteRange) -> Self {
        Self::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// The range moved by `offset` bytes, for ranges found in a slice of a larger text.
    pub const fn shifted(&self, offset: usize) -> Self {
        Self::new(self.start + offset, self.end + offset)
    }
}

impl fmt::Display for ByteRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

/// How serious a finding is. Ordered, so `--deny warning` means "warning or worse".
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "info" => Some(Severity::Info),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The language messages are shown in. Every message is carried in both; the shell picks one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Ru,
    En,
}

impl Lang {
    pub fn parse(s: &str) -> Option<Self> {
        match s.to_ascii_lowercase().as_str() {
            "ru" => Some(Lang::Ru),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language a POSIX locale string (`LANG`, `LC_ALL`, an editor's `locale`) asks for:
    /// Russian for `ru*`, English for anything else that is set.
    pub fn from_locale(locale: &str) -> Self {
        if locale.to_ascii_lowercase().starts_with("ru") {
            Lang::Ru
        } else {
            Lang::En
        }
    }
}

/// A text in Russian and English; findings, hovers and completion docs carry both.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Default)]
pub struct Message {
    pub ru: String,
    pub en: String,
}

impl Message {
    pub fn new(ru: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            ru: ru.into(),
            en: en.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ru => &self.ru,
            Lang::En => &self.en,
        }
    }

    /// Both languages with `suffix` appended (its own language each).
    pub fn append(mut self, suffix: &Message) -> Self {
        if !suffix.ru.is_empty() {
            self.ru.push(' ');
            self.ru.push_str(&suffix.ru);
        }
        if !suffix.en.is_empty() {
            self.en.push(' ');
            self.en.push_str(&suffix.en);
        }
        self
    }
}
