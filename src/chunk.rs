//! Pieces of a segment that are judged apart: runs of whole lines, cut only where nothing the
//! rules look at crosses the cut, so judging the pieces one by one finds exactly what judging the
//! segment whole would. `check` always judges pieces; an edit in the editor then re-judges only
//! the piece it touched ([`Judged`]), and every other piece's findings are reused, shifted to
//! where the piece now stands.
//!
//! Why a line break is nearly always such a place: a sentence never crosses one
//! ([`crate::scan::sentence`]), and claims, exceptions, conditions, reported speech, hours and
//! region phrases are all judged within a sentence. What does reach across sentences, and so
//! forbids a cut there:
//! - a list hangs from its header: a line ending with `:` and the list items under it
//!   (a line starting with `-`, `*`, `•`, a dash or `1.`/`1)`);
//! - where the reader is carries over from a question («Вы за границей?») or to a sentence that
//!   says it follows (the catalog's `consequence` cues, «Тогда …»);
//! - a placeholder, a template tag or a comment left open at the end of a line.
//!
//! A cut is made at such a place only when it also falls on a content-chosen line, so pieces do
//! not move when text before them grows: an edit changes its own piece and, at most, the next.
//! That the pieces find what the whole finds is a test here, over every template of the corpus
//! and fixtures and over documents shuffled from their lines.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use crate::catalog::{Audience, CueSet};
use crate::context::Context;
use crate::finding::{Finding, Silence};
use crate::scan::clause::LIST_MARKERS;
use crate::vocab::ByteRange;

/// A piece grows to at least this many bytes before a content-chosen cut ends it.
const MIN_PIECE: usize = 256;
/// A piece is cut at the next safe line once it reaches this size, chosen or not.
const MAX_PIECE: usize = 4096;
/// One safe line in this many (by the hash of its first bytes) may start a piece.
const CUT_EVERY: u64 = 4;

/// The pieces of `text`, in order, covering it whole (empty text: no piece).
pub fn pieces(text: &str, consequence: &CueSet) -> Vec<ByteRange> {
    let mut out = Vec::new();
    if text.is_empty() {
        return out;
    }
    let bytes = text.as_bytes();
    let mut open = Open::default();
    let mut start = 0;
    // The last line with text so far (its trimmed end decides a header or a question).
    let mut last_end_char: Option<char> = None;
    let mut line_start = 0;
    while line_start < text.len() {
        let line_end =
            memchr::memchr(b'\n', &bytes[line_start..]).map_or(text.len(), |i| line_start + i + 1);
        let line = &text[line_start..line_end];
        if line_start > start
            && !line.trim().is_empty()
            && !open.is_open()
            && !matches!(last_end_char, Some(':' | '?'))
            && !starts_list_item(line)
            && !starts_consequence(line, consequence)
        {
            let size = line_start - start;
            if size >= MAX_PIECE || (size >= MIN_PIECE && chosen(line)) {
                out.push(ByteRange::new(start, line_start));
                start = line_start;
            }
        }
        open.feed(line);
        if let Some(c) = line.trim_end().chars().next_back() {
            last_end_char = Some(c);
        }
        line_start = line_end;
    }
    out.push(ByteRange::new(start, text.len()));
    out
}

/// Whether a piece may start at `line`: a property of the line's own first bytes, so the
/// choice does not depend on where the piece before it began.
fn chosen(line: &str) -> bool {
    let head = &line.as_bytes()[..line.len().min(32)];
    let mut h = DefaultHasher::new();
    head.hash(&mut h);
    h.finish().is_multiple_of(CUT_EVERY)
}

/// A list item: the line's first token is a marker (see `scan::clause::list_items`), or a
/// number then `.` or `)` (with a space between, which is never less than the clause
/// splitter's own test).
fn starts_list_item(line: &str) -> bool {
    let t = line.trim_start();
    let mut chars = t.chars();
    match chars.next() {
        Some(c) if LIST_MARKERS.contains(&c) => true,
        Some(c) if c.is_ascii_digit() => {
            let rest = t.trim_start_matches(|c: char| c.is_ascii_digit());
            let rest = rest.trim_start();
            rest.starts_with('.') || rest.starts_with(')')
        }
        _ => false,
    }
}

/// Whether the line's first sentence starts with a consequence cue («Тогда», "Then"): its
/// first word token is where `rules` looks for one. A quick look at the first run of letters
/// settles most lines; a line whose first word may start a cue, or is not plainly one script's
/// letters (where folding does more than lower-casing), is tokenized up to its fourth word.
fn starts_consequence(line: &str, cues: &CueSet) -> bool {
    if cues.is_empty() {
        return false;
    }
    let Some(at) = line.find(|c: char| c.is_alphanumeric()) else {
        return false;
    };
    let rest = &line[at..];
    let end = rest
        .find(|c: char| !c.is_alphanumeric())
        .unwrap_or(rest.len());
    let word = &rest[..end];
    let after = rest[end..].chars().next();
    let plain = word.chars().all(|c| c.is_ascii_alphanumeric())
        || word
            .chars()
            .all(|c| ('а'..='я').contains(&c) || ('А'..='Я').contains(&c) || c.is_ascii_digit());
    let tricky = !plain
        || matches!(
            after,
            Some('\'' | '’' | 'ʼ' | '\u{301}' | '\u{300}' | '\u{ad}')
        );
    if !tricky && !cues.may_start_with(&word.to_lowercase()) {
        return false;
    }
    // The line up to its fourth word, whole words only.
    let mut words = 0;
    let mut cut = line.len();
    let mut in_word = false;
    for (i, c) in line.char_indices() {
        if c.is_whitespace() {
            if in_word && words >= 4 {
                cut = i;
                break;
            }
            in_word = false;
        } else if !in_word && c.is_alphanumeric() {
            in_word = true;
            words += 1;
        }
    }
    let tokens = crate::words::tokenize(&line[..cut], &[]);
    let words: Vec<&crate::words::Token> = tokens.iter().filter(|t| t.is_wordlike()).collect();
    cues.match_at(&words, 0).is_some()
}

/// Placeholders, template tags and comments that may run over lines: a cut inside one would
/// split what the recognisers mask whole.
#[derive(Default)]
struct Open {
    /// The closer being waited for.
    closer: Option<&'static str>,
}

impl Open {
    fn is_open(&self) -> bool {
        self.closer.is_some()
    }

    fn feed(&mut self, line: &str) {
        let mut rest = line;
        loop {
            match self.closer {
                Some(close) => match rest.find(close) {
                    Some(i) => {
                        rest = &rest[i + close.len()..];
                        self.closer = None;
                    }
                    None => return,
                },
                None => {
                    let next = [("{{", "}}"), ("{%", "%}"), ("{#", "#}"), ("<!--", "-->")]
                        .iter()
                        .filter_map(|(o, c)| rest.find(o).map(|i| (i, *o, *c)))
                        .min_by_key(|(i, _, _)| *i);
                    match next {
                        Some((i, o, c)) => {
                            rest = &rest[i + o.len()..];
                            self.closer = Some(c);
                        }
                        None => return,
                    }
                }
            }
        }
    }
}

/// What one piece was found to hold, with ranges from the piece's start.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Verdict {
    pub findings: Vec<Finding>,
    pub silences: Vec<Silence>,
}

impl Verdict {
    /// Moves every range `by` bytes on (from the piece into the segment).
    pub fn shift(&mut self, by: usize) {
        for f in &mut self.findings {
            f.range = f.range.shifted(by);
            for fix in &mut f.fixes {
                for e in &mut fix.edits {
                    e.range = e.range.shifted(by);
                }
            }
        }
        for s in &mut self.silences {
            s.range = s.range.shifted(by);
            s.cue = s.cue.shifted(by);
        }
    }
}

/// Verdicts of pieces kept between checks of one document (the editor's): keyed by the
/// piece's text and who reads it, under one context. A check keeps the verdicts it used and
/// drops the rest, so the cache holds one document's pieces, never its history.
#[derive(Debug, Default)]
pub struct Judged {
    context: u64,
    kept: HashMap<u64, Verdict>,
    used: HashMap<u64, Verdict>,
    /// Checks begun under this context.
    checks: u32,
    /// Pieces judged and reused by the last check (for tests and the bench).
    pub judged: usize,
    pub reused: usize,
}

impl Judged {
    pub fn new() -> Judged {
        Judged::default()
    }

    /// Starts a check of the document under `ctx` (before its first part): verdicts of another
    /// context are dropped, and so are those the last check did not use.
    pub fn begin(&mut self, ctx: &Context<'_>) {
        let stamp = context_stamp(ctx);
        if stamp != self.context {
            self.kept.clear();
            self.used.clear();
            self.context = stamp;
            self.checks = 0;
        }
        self.checks = self.checks.saturating_add(1);
        // What the last check used is what this one may reuse.
        let used = std::mem::take(&mut self.used);
        self.kept = used;
        self.judged = 0;
        self.reused = 0;
    }

    /// The verdict of the piece with `key`: the last check's if it had one, else `judge`'s.
    /// The first check of a document keeps nothing: a document opened and never edited (an
    /// editor restoring a thousand tabs) holds no second copy of its findings.
    pub(crate) fn verdict(&mut self, key: u64, judge: impl FnOnce() -> Verdict) -> Verdict {
        if self.checks < 2 {
            self.judged += 1;
            return judge();
        }
        if let Some(v) = self.used.get(&key) {
            self.reused += 1;
            return v.clone();
        }
        let v = match self.kept.remove(&key) {
            Some(v) => {
                self.reused += 1;
                v
            }
            None => {
                self.judged += 1;
                judge()
            }
        };
        self.used.insert(key, v.clone());
        v
    }
}

/// The key of a piece: its text and its readers (audience and region, one or several).
pub(crate) fn piece_key(text: &str, readers: &[(Option<&Audience>, Option<&str>)]) -> u64 {
    let mut h = DefaultHasher::new();
    text.hash(&mut h);
    readers.hash(&mut h);
    h.finish()
}

/// Everything of a context besides the text that a verdict depends on.
fn context_stamp(ctx: &Context<'_>) -> u64 {
    let mut h = DefaultHasher::new();
    ctx.catalog.hash.hash(&mut h);
    ctx.catalog.name.hash(&mut h);
    ctx.audience.hash(&mut h);
    ctx.region.hash(&mut h);
    ctx.as_of.hash(&mut h);
    ctx.levels.hash(&mut h);
    ctx.third_party_numbers.hash(&mut h);
    h.finish()
}

#[cfg(test)]
mod tests;
