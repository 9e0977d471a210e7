//! `--format json`: stable, versioned, for scripts and other tools.
//!
//! Lines and columns are 1-based, columns count characters; byte ranges point into the file as
//! it is on disk (byte-order mark included).

use serde::Serialize;
use std::io::Write;

use super::{CheckedFile, Options, Summary};
use crate::finding::Severity;
use crate::rules::Rule;

#[derive(Serialize)]
struct File<'a> {
    path: &'a str,
    findings: Vec<Item<'a>>,
}

#[derive(Serialize)]
struct Position {
    line: usize,
    column: usize,
}

#[derive(Serialize)]
struct Range {
    start: Position,
    end: Position,
}

#[derive(Serialize)]
struct Item<'a> {
    rule: Rule,
    severity: Severity,
    message: &'a str,
    channels: Vec<&'a str>,
    range: Range,
    byte_range: [usize; 2],
    fixes: Vec<FixItem<'a>>,
    /// The macro of an export the finding is in.
    #[serde(rename = "macro", skip_serializing_if = "Option::is_none")]
    unit: Option<&'a crate::finding::MacroRef>,
}

#[derive(Serialize)]
struct FixItem<'a> {
    title: &'a str,
    safe: bool,
    /// An editor suggestion (a clause rewrite) that `fix` never applies.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    display_only: bool,
    edits: Vec<EditItem<'a>>,
}

#[derive(Serialize)]
struct EditItem<'a> {
    byte_range: [usize; 2],
    replacement: &'a str,
}

/// The file entry of one checked file (`None` when it has no findings).
fn entry<'a>(f: &'a CheckedFile, opts: Options) -> Option<File<'a>> {
    if f.findings.is_empty() {
        return None;
    }
    let make = |f: &'a CheckedFile| {
        let lines = f.line_index();
        let pos = |offset| {
            let (line, column) = lines.position(&f.text, offset);
            Position { line, column }
        };
        File {
            path: &f.path,
            findings: f
                .findings
                .iter()
                .map(|x| Item {
                    rule: x.rule,
                    severity: x.severity,
                    message: x.message.get(opts.lang),
                    channels: x.channels.iter().map(|c| c.as_str()).collect(),
                    range: Range {
                        start: pos(x.range.start),
                        end: pos(x.range.end),
                    },
                    byte_range: [x.range.start, x.range.end],
                    fixes: x
                        .fixes
                        .iter()
                        .map(|fix| FixItem {
                            title: fix.title.get(opts.lang),
                            safe: fix.safe,
                            display_only: fix.display_only,
                            edits: fix
                                .edits
                                .iter()
                                .map(|e| EditItem {
                                    byte_range: [e.range.start, e.range.end],
                                    replacement: &e.replacement,
                                })
                                .collect(),
                        })
                        .collect(),
                    unit: x.unit.as_ref(),
                })
                .collect(),
        }
    };
    Some(make(f))
}

/// Indents every line after the first by four spaces, as the entry of a file stands in the
/// whole report: JSON strings hold no raw line break, so every one is the layout's own.
/// serde_json writes a token at a time; they are gathered here and indented a block at a time.
struct Indented<'w> {
    out: &'w mut dyn Write,
    pending: Vec<u8>,
}

/// Bytes gathered before they are indented and written.
const BLOCK: usize = 64 * 1024;

impl<'w> Indented<'w> {
    fn new(out: &'w mut dyn Write) -> Self {
        Self {
            out,
            pending: Vec::with_capacity(BLOCK),
        }
    }

    fn write_pending(&mut self) -> std::io::Result<()> {
        let mut from = 0;
        for nl in memchr::memchr_iter(b'\n', &self.pending) {
            self.out.write_all(&self.pending[from..=nl])?;
            self.out.write_all(b"    ")?;
            from = nl + 1;
        }
        self.out.write_all(&self.pending[from..])?;
        self.pending.clear();
        Ok(())
    }
}

impl Write for Indented<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.pending.extend_from_slice(buf);
        if self.pending.len() >= BLOCK {
            self.write_pending()?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.write_pending()?;
        self.out.flush()
    }
}

/// Writes the report incrementally, file by file, so a run over any number of templates holds
/// only the files being checked in memory: `begin`, `file` for each file in order, `finish`.
pub struct Stream {
    opts: Options,
    first: bool,
}

impl Stream {
    /// The opening of the report.
    pub fn begin(opts: Options) -> (Stream, String) {
        (
            Stream { opts, first: true },
            "{\n  \"version\": 1,\n  \"files\": [".to_string(),
        )
    }

    /// One file's entry (empty when it has no findings), indented as in the whole report.
    pub fn file(&mut self, f: &CheckedFile) -> String {
        let mut out = Vec::new();
        self.write_file(f, &mut out)
            .expect("writing to memory cannot fail");
        String::from_utf8(out).expect("serde_json writes UTF-8")
    }

    /// [`Stream::file`] written straight to `out`: a file with a hundred thousand findings is
    /// never held as text, only written.
    pub fn write_file(&mut self, f: &CheckedFile, out: &mut dyn Write) -> std::io::Result<()> {
        let Some(e) = entry(f, self.opts) else {
            return Ok(());
        };
        out.write_all(if self.first { b"\n    " } else { b",\n    " })?;
        self.first = false;
        let mut indented = Indented::new(out);
        serde_json::to_writer_pretty(&mut indented, &e).map_err(std::io::Error::other)?;
        indented.write_pending()
    }

    /// The closing of the report, with the summary of everything streamed.
    pub fn finish(self, summary: &Summary) -> String {
        let summary = serde_json::to_string_pretty(summary)
            .expect("plain data")
            .replace('\n', "\n  ");
        let files_end = if self.first { "]" } else { "\n  ]" };
        format!("{files_end},\n  \"summary\": {summary}\n}}\n")
    }
}

/// The JSON report, pretty-printed, with a trailing newline.
pub fn render(files: &[CheckedFile], opts: Options) -> String {
    let (mut stream, mut out) = Stream::begin(opts);
    for f in files {
        out.push_str(&stream.file(f));
    }
    out.push_str(&stream.finish(&Summary::of(files)));
    out
}
