//! YAML exports, as helpdesk sync repositories keep them: one macro per file (`title`, `id`,
//! `tags`, Zendesk-style `actions` of `{field, value}`, Freshdesk-style `content`), a list of
//! them, any shape the JSON exports have (see [`super::shapes`]), or any other shape string by
//! string.
//!
//! Each text is decoded the way YAML reads it (quotes, escapes, line folding, block scalar
//! indentation and chomping) and mapped back to the bytes of its scalar: text copied verbatim
//! maps byte for byte; an escape, a doubled `''` or a folded line break maps to its whole run of
//! bytes. The `saphyr` parser finds the scalars and their values; where this module's decoding
//! of a scalar differs from the parser's value (a case it does not know), the parser's value is
//! kept and mapped to the whole scalar, coarse but never wrong.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};

use super::json::JsonRead;
use super::segment::{Escape, Segment, SegmentBuilder};
use super::shapes::{self, Node, NodeKind, Shape};
use super::template::{Checked, Dialect};
use crate::finding::ByteRange;

/// A string scalar of the file: where its text stands (an alias's is its anchor's), its value,
/// and whether it stands in a flow collection.
struct Lit {
    range: Range<usize>,
    value: String,
    flow: bool,
}

/// Reads a YAML export: its texts as segments, its macros as units, or why it is not valid
/// YAML.
pub fn read(text: &str, dialect: Dialect, checked: Checked) -> JsonRead {
    read_as(text, dialect, checked, None)
}

/// Reads a YAML export as `forced` (or as its content says when `None`).
pub fn read_as(text: &str, dialect: Dialect, checked: Checked, forced: Option<Shape>) -> JsonRead {
    let mut out = JsonRead::default();
    let chars = CharOffsets::new(text);
    let docs = match MarkedYaml::load_from_str(text) {
        Ok(docs) => docs,
        Err(e) => {
            let at = chars.byte(e.marker().index());
            let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
            out.error = Some((ByteRange::new(at, end), e.info().to_string()));
            return out;
        }
    };
    let mut file = File {
        text,
        chars,
        read: HashSet::new(),
        anchors: None,
    };
    let mut lits: Vec<Lit> = Vec::new();
    let mut roots: Vec<Node> = Vec::new();
    for doc in &docs {
        file.anchors = None;
        roots.push(node(&mut file, doc, doc, false, &mut lits));
    }
    let root = match roots.len() {
        1 => roots.pop().expect("one"),
        _ => Node {
            span: ByteRange::new(0, text.len()),
            kind: NodeKind::List(roots),
        },
    };
    let reading = shapes::find(&root, forced);
    shapes::read_units(
        reading,
        |i, unit| {
            let lit = &lits[i];
            // The same scalar again (through an alias): checked once.
            if !file.read.insert((lit.range.start, lit.range.end)) {
                return None;
            }
            Some(scalar_segment(
                text,
                lit.range.clone(),
                &lit.value,
                Some(unit),
                lit.flow,
            ))
        },
        dialect,
        checked,
        &mut out,
    );
    out
}

/// The parser's tree as a [`Node`], its string scalars listed in `lits`; `in_flow`: the node
/// stands in a flow collection.
fn node(
    file: &mut File<'_>,
    doc: &MarkedYaml<'_>,
    n: &MarkedYaml<'_>,
    in_flow: bool,
    lits: &mut Vec<Lit>,
) -> Node {
    let r = file.span(n);
    let span = ByteRange::new(r.start, r.end);
    let kind = match &n.data {
        YamlData::Mapping(m) => {
            let flow = is_flow(file, n);
            NodeKind::Map(
                m.iter()
                    .map(|(k, v)| {
                        let key = scalar(Some(k)).unwrap_or_default();
                        (key, node(file, doc, v, flow, lits))
                    })
                    .collect(),
            )
        }
        YamlData::Sequence(items) => {
            let flow = is_flow(file, n);
            NodeKind::List(
                items
                    .iter()
                    .map(|v| node(file, doc, v, flow, lits))
                    .collect(),
            )
        }
        // A tagged collection is its collection; a tagged string stays a string whose span
        // holds its properties (`!!str "a b"`), as a scalar segment expects.
        YamlData::Tagged(_, inner) if string(n).is_none() => {
            return node(file, doc, inner, in_flow, lits);
        }
        _ => match string(n) {
            Some(value) => {
                let mut range = r.clone();
                let mut flow = in_flow;
                if file.text[range.clone()].starts_with('*')
                    && let Some(source) = anchored(file, doc, range.start)
                {
                    range = source;
                    // Where the anchor stands is not known here: the stricter rules of a flow
                    // collection apply to a replacement in it.
                    flow = true;
                }
                lits.push(Lit {
                    range,
                    value: value.to_string(),
                    flow,
                });
                NodeKind::Str(value.to_string(), lits.len() - 1)
            }
            None => NodeKind::Other(scalar(Some(n))),
        },
    };
    Node { span, kind }
}

/// The file, the way from the parser's character indices to byte offsets, and the scalars
/// already read (an alias repeats one).
struct File<'t> {
    text: &'t str,
    chars: CharOffsets,
    read: HashSet<(usize, usize)>,
    /// The anchored scalars of the document being read, found once for all its aliases (each
    /// alias used to walk the whole tree: 30,000 aliases took minutes).
    anchors: Option<Anchors>,
}

impl File<'_> {
    fn span(&self, node: &MarkedYaml<'_>) -> Range<usize> {
        self.chars.byte(node.span.start.index())..self.chars.byte(node.span.end.index())
    }
}

/// The spans of a document's anchored string scalars, by anchor name, in file order.
type Anchors = HashMap<String, Vec<Range<usize>>>;

/// Byte offsets of character indices (saphyr's markers count characters).
struct CharOffsets(Vec<usize>);

impl CharOffsets {
    fn new(text: &str) -> Self {
        let mut v: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        v.push(text.len());
        CharOffsets(v)
    }

    fn byte(&self, char_index: usize) -> usize {
        self.0
            .get(char_index)
            .copied()
            .unwrap_or_else(|| *self.0.last().expect("never empty"))
    }
}

fn string<'n>(node: &'n MarkedYaml<'_>) -> Option<&'n str> {
    match &node.data {
        YamlData::Value(Scalar::String(s)) => Some(s),
        YamlData::Tagged(_, inner) => string(inner),
        _ => None,
    }
}

/// Every anchored string scalar of `doc`, in one walk.
fn anchors(file: &File<'_>, doc: &MarkedYaml<'_>) -> Anchors {
    let text = file.text;
    let mut out: Anchors = HashMap::new();
    let mut stack = vec![doc];
    while let Some(node) = stack.pop() {
        match &node.data {
            YamlData::Sequence(s) => stack.extend(s.iter()),
            YamlData::Mapping(m) => stack.extend(m.iter().flat_map(|(k, v)| [k, v])),
            YamlData::Tagged(_, inner) => stack.push(inner),
            _ => {}
        }
        let r = file.span(node);
        if string(node).is_none() || !text[r.start..].starts_with(['&', '!']) {
            continue;
        }
        let properties = &text[r.start..after_properties(text, r.clone())];
        for name in properties
            .split_whitespace()
            .filter_map(|p| p.strip_prefix('&'))
        {
            out.entry(name.to_string()).or_default().push(r.clone());
        }
    }
    for spans in out.values_mut() {
        spans.sort_by_key(|r| r.start);
    }
    out
}

/// The span of the scalar an alias (`*name` at byte `at`) repeats: the last one before it
/// whose properties hold `&name`. (saphyr gives the copy the alias's span.)
fn anchored(file: &mut File<'_>, doc: &MarkedYaml<'_>, at: usize) -> Option<Range<usize>> {
    let name = file.text[at + 1..]
        .split([' ', '\t', '\r', '\n', ',', ']', '}'])
        .next()
        .filter(|n| !n.is_empty())?
        .to_string();
    if file.anchors.is_none() {
        file.anchors = Some(anchors(file, doc));
    }
    let spans = file.anchors.as_ref()?.get(&name)?;
    let before = spans.partition_point(|r| r.start < at);
    before.checked_sub(1).map(|i| spans[i].clone())
}

/// Whether `node` is a flow collection (`[...]`, `{...}`): a plain scalar in it ends at `,`,
/// `]` and `}`.
fn is_flow(file: &File<'_>, node: &MarkedYaml<'_>) -> bool {
    let r = file.span(node);
    let at = after_properties(file.text, r.clone());
    file.text[at.min(file.text.len())..].starts_with(['[', '{'])
}

/// A scalar as text (`id: 360001` is a number to YAML, an id to us).
fn scalar(node: Option<&MarkedYaml<'_>>) -> Option<String> {
    match &node?.data {
        YamlData::Value(Scalar::String(s)) => Some(s.to_string()),
        YamlData::Value(Scalar::Integer(i)) => Some(i.to_string()),
        YamlData::Value(Scalar::FloatingPoint(f)) => Some(f.to_string()),
        YamlData::Value(Scalar::Boolean(b)) => Some(b.to_string()),
        _ => None,
    }
}

/// How a flow scalar is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Plain,
    Single,
    Double,
}

/// What a block scalar does with its final line breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Chomp {
    /// `-`: none kept.
    Strip,
    /// (no indicator): one.
    Clip,
    /// `+`: all.
    Keep,
}

/// A block scalar header (`|`, `>-`, `|2+`, `>+1`), optionally followed by a comment, at the end
/// of its line.
static BLOCK_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[ \t:?-])([|>])([1-9][+-]?|[+-][1-9]?)?[ \t]*(?:#.*)?$")
        .expect("a valid built-in regex")
});

/// The start of the line holding byte `at`.
fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

/// The length of the line break at `at`, 0 if there is none.
fn break_len(s: &[u8], at: usize) -> usize {
    match s.get(at) {
        Some(b'\r') if s.get(at + 1) == Some(&b'\n') => 2,
        Some(b'\n' | b'\r') => 1,
        _ => 0,
    }
}

/// `|` or `>` and the chomping of a block scalar header at the end of `line`, and where in the
/// line the indicator is.
fn parse_header(line: &str) -> Option<(bool, Chomp, usize)> {
    let caps = BLOCK_HEADER.captures(line)?;
    let chomp = match caps.get(2).map(|m| m.as_str()) {
        Some(i) if i.contains('-') => Chomp::Strip,
        Some(i) if i.contains('+') => Chomp::Keep,
        _ => Chomp::Clip,
    };
    let indicator = caps.get(1)?;
    Some((indicator.as_str() == "|", chomp, indicator.start()))
}

/// A block scalar as found in the file.
struct Block {
    literal: bool,
    chomp: Chomp,
    /// The line breaks of the empty lines between the header and the first content line.
    empty_breaks: Vec<Range<usize>>,
    /// Where the first content line starts.
    first_line: usize,
    /// Its possible indentations, the likeliest first.
    indents: Vec<usize>,
}

/// The block scalar whose content starts at `start`, if it is one: saphyr starts the span of a
/// block scalar without properties at its first content character, after the header and the
/// indentation, so the header is on the last non-empty line before.
fn block_before(text: &str, start: usize) -> Option<Block> {
    let first = line_start(text, start);
    if !text[first..start].bytes().all(|c| c == b' ') {
        return None;
    }
    let mut empty_breaks = Vec::new();
    let mut pos = first;
    while pos > 0 {
        let prev = line_start(text, pos - 1);
        let line = text[prev..pos].trim_end_matches(['\r', '\n']);
        if line.trim_matches([' ', '\t']).is_empty() {
            empty_breaks.push(prev + line.len()..pos);
            pos = prev;
            continue;
        }
        let (literal, chomp, _) = parse_header(line)?;
        empty_breaks.reverse();
        return Some(Block {
            literal,
            chomp,
            empty_breaks,
            first_line: first,
            indents: vec![start - first],
        });
    }
    None
}

/// The block scalar whose header is at `at` (after a tag or an anchor, where the span starts),
/// if it is one. Its indentation is not known here (an indentation indicator counts from the
/// parent's), so every one the first content line allows is a candidate.
fn block_at(text: &str, at: usize, end: usize) -> Option<Block> {
    let eol = text[at..].find('\n').map(|i| at + i)?;
    let (literal, chomp, indicator) = parse_header(text[at..eol].trim_end_matches('\r'))?;
    if indicator != 0 {
        return None;
    }
    let mut empty_breaks = Vec::new();
    let mut pos = eol + 1;
    while pos < end {
        let nl = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        let line = text[pos..nl].trim_end_matches('\r');
        let spaces = line.bytes().take_while(|&c| c == b' ').count();
        if spaces < line.len() {
            return Some(Block {
                literal,
                chomp,
                empty_breaks,
                first_line: pos,
                indents: (1..=spaces).rev().collect(),
            });
        }
        empty_breaks.push(pos + line.len()..(nl + 1).min(text.len()));
        pos = nl + 1;
    }
    None
}

/// Where a node's content starts after its properties (`!tag`, `&anchor`): saphyr starts the
/// span of a node with properties at them.
fn after_properties(text: &str, range: Range<usize>) -> usize {
    let s = text.as_bytes();
    let mut i = range.start;
    while i < range.end && (s[i] == b'!' || s[i] == b'&') {
        while i < range.end
            && !matches!(
                s[i],
                b' ' | b'\t' | b'\r' | b'\n' | b',' | b'[' | b']' | b'{' | b'}'
            )
        {
            i += 1;
        }
        loop {
            while i < range.end && matches!(s[i], b' ' | b'\t' | b'\r' | b'\n') {
                i += 1;
            }
            if i < range.end && s[i] == b'#' {
                while i < range.end && s[i] != b'\n' {
                    i += 1;
                }
            } else {
                break;
            }
        }
    }
    i
}

/// The decoded text of the scalar at `range` (its span as saphyr reports it), mapped to the
/// file, with the escaping a replacement needs there. `value` is the parser's value.
/// `in_flow`: the scalar is inside a flow collection.
fn scalar_segment(
    text: &str,
    range: Range<usize>,
    value: &str,
    unit: Option<usize>,
    in_flow: bool,
) -> Segment {
    let at = after_properties(text, range.clone());
    let block_scalar = block_before(text, range.start).or_else(|| {
        (at > range.start)
            .then(|| block_at(text, at, range.end))
            .flatten()
    });
    if let Some(bl) = block_scalar {
        for indent in &bl.indents {
            let mut b = SegmentBuilder::default();
            let content = bl.first_line + indent..range.end;
            if block(
                text,
                content,
                bl.literal,
                bl.chomp,
                &bl.empty_breaks,
                &mut b,
            ) {
                let seg = b.finish(vec![Escape::YamlBlock], unit);
                if seg.text == value {
                    return seg;
                }
            }
        }
        let start = bl.first_line + bl.indents.first().copied().unwrap_or(0);
        let end = start.max(start + text[start.min(range.end)..range.end].trim_end().len());
        return coarse(start..end, value, vec![Escape::YamlBlock], unit);
    }
    let (style, escapes) = match text.as_bytes().get(at) {
        Some(b'"') => (Style::Double, vec![Escape::YamlDouble]),
        Some(b'\'') => (Style::Single, vec![Escape::YamlSingle]),
        _ if in_flow => (Style::Plain, vec![Escape::YamlFlowPlain]),
        _ => (Style::Plain, vec![Escape::YamlPlain]),
    };
    let quoted = style != Style::Plain;
    let closed =
        !quoted || (range.end >= at + 2 && text.as_bytes()[range.end - 1] == text.as_bytes()[at]);
    let content = if quoted && closed {
        at + 1..range.end - 1
    } else {
        at..range.end
    };
    let mut b = SegmentBuilder::default();
    if closed && flow(text, content.clone(), style, &mut b).is_some() {
        let seg = b.finish(escapes.clone(), unit);
        if seg.text == value {
            return seg;
        }
    }
    coarse(content, value, escapes, unit)
}

/// A case this module does not decode: the parser's value stands for the whole scalar.
fn coarse(range: Range<usize>, value: &str, escapes: Vec<Escape>, unit: Option<usize>) -> Segment {
    let mut b = SegmentBuilder::default();
    b.decoded(range, value);
    b.finish(escapes, unit)
}

/// Appends the line break at `brk` as `\n`: the file's own byte when it is one.
fn newline(text: &str, brk: Range<usize>, b: &mut SegmentBuilder) {
    if &text[brk.clone()] == "\n" {
        b.same(text, brk);
    } else {
        b.decoded(brk, "\n");
    }
}

/// From just after a line break at `at` inside a flow scalar: the end of the run of empty
/// lines and indentation that follows, and how many empty lines it holds.
fn fold_run(s: &[u8], at: usize, end: usize) -> (usize, usize) {
    let mut k = at;
    let mut empty = 0;
    loop {
        let mut m = k;
        while m < end && (s[m] == b' ' || s[m] == b'\t') {
            m += 1;
        }
        let n = if m < end { break_len(s, m) } else { 0 };
        if n == 0 {
            return (m, empty);
        }
        empty += 1;
        k = m + n;
    }
}

/// Decodes a plain, single- or double-quoted scalar's content (`text[range]`, quotes excluded):
/// line folding everywhere, `''` in single quotes, escapes in double quotes.
fn flow(text: &str, range: Range<usize>, style: Style, b: &mut SegmentBuilder) -> Option<()> {
    let s = text.as_bytes();
    let end = range.end;
    let mut i = range.start;
    let mut run = i; // start of the bytes not yet appended
    while i < end {
        let c = s[i];
        if c == b' ' || c == b'\t' || break_len(s, i) > 0 {
            let mut j = i;
            while j < end && (s[j] == b' ' || s[j] == b'\t') {
                j += 1;
            }
            let n = if j < end { break_len(s, j) } else { 0 };
            if n == 0 {
                // Spaces inside a line are text.
                i = j;
                continue;
            }
            // Trailing spaces, the break, empty lines and the next line's indentation: one
            // space, or a line break per empty line.
            b.same(text, run..i);
            let (next, empty) = fold_run(s, j + n, end);
            let folded = if empty == 0 {
                " ".to_string()
            } else {
                "\n".repeat(empty)
            };
            b.decoded(i..next, &folded);
            i = next;
            run = i;
            continue;
        }
        if style == Style::Single && c == b'\'' && s.get(i + 1) == Some(&b'\'') {
            b.same(text, run..i);
            b.decoded(i..i + 2, "'");
            i += 2;
            run = i;
            continue;
        }
        if style == Style::Double && c == b'\\' {
            b.same(text, run..i);
            let n = break_len(s, i + 1);
            if n > 0 {
                // An escaped line break: it, empty lines and indentation are removed, only the
                // empty lines leave line breaks.
                let (next, empty) = fold_run(s, i + 1 + n, end);
                if empty > 0 {
                    b.decoded(i..next, &"\n".repeat(empty));
                }
                i = next;
            } else {
                let (decoded, len) = unescape(&text[i..end])?;
                b.decoded(i..i + len, &decoded);
                i += len;
            }
            run = i;
            continue;
        }
        i += 1;
    }
    b.same(text, run..end);
    Some(())
}

/// One double-quoted escape at the start of `s` (which starts with `\`): its text and its length
/// in bytes; `None` for an escape YAML does not have.
fn unescape(s: &str) -> Option<(String, usize)> {
    let c = s[1..].chars().next()?;
    let simple = match c {
        '0' => '\0',
        'a' => '\u{7}',
        'b' => '\u{8}',
        't' | '\t' => '\t',
        'n' => '\n',
        'v' => '\u{b}',
        'f' => '\u{c}',
        'r' => '\r',
        'e' => '\u{1b}',
        ' ' => ' ',
        '"' => '"',
        '/' => '/',
        '\\' => '\\',
        'N' => '\u{85}',
        '_' => '\u{a0}',
        'L' => '\u{2028}',
        'P' => '\u{2029}',
        'x' | 'u' | 'U' => {
            let digits = match c {
                'x' => 2,
                'u' => 4,
                _ => 8,
            };
            let hex = s.get(2..2 + digits)?;
            if !hex.bytes().all(|d| d.is_ascii_hexdigit()) {
                return None;
            }
            let ch = char::from_u32(u32::from_str_radix(hex, 16).ok()?)?;
            return Some((ch.to_string(), 2 + digits));
        }
        _ => return None,
    };
    Some((simple.to_string(), 1 + c.len_utf8()))
}

/// One line of a block scalar: its content (after the indentation) and its line break (empty
/// at the end of the file).
struct BlockLine {
    content: Range<usize>,
    brk: Range<usize>,
    empty: bool,
}

/// Decodes a literal (`|`) or folded (`>`) block scalar whose span is `range` (from the first
/// content character, after the indentation, to where the next token starts).
fn block(
    text: &str,
    range: Range<usize>,
    literal: bool,
    chomp: Chomp,
    empty_breaks: &[Range<usize>],
    b: &mut SegmentBuilder,
) -> bool {
    let first = line_start(text, range.start);
    let indent = range.start - first;
    let mut lines: Vec<BlockLine> = Vec::new();
    let mut pos = first;
    while pos < range.end {
        let nl = text[pos..].find('\n').map(|i| pos + i);
        let (line_end, brk_end) = match nl {
            Some(i) if i > pos && text.as_bytes()[i - 1] == b'\r' => (i - 1, i + 1),
            Some(i) => (i, i + 1),
            None => (text.len(), text.len()),
        };
        let line = &text[pos..line_end];
        let spaces = line.bytes().take_while(|&c| c == b' ').count();
        if line_end > range.end || (nl.is_none() && spaces == line.len()) {
            // The indentation of whatever follows the scalar, or trailing spaces at the end.
            if !text[pos..range.end].bytes().all(|c| c == b' ') {
                return false;
            }
            break;
        }
        let empty = spaces == line.len() && spaces <= indent;
        if !empty && spaces < indent {
            return false;
        }
        lines.push(BlockLine {
            content: if empty {
                line_end..line_end
            } else {
                pos + indent..line_end
            },
            brk: line_end..brk_end,
            empty,
        });
        pos = brk_end;
    }
    let content: Vec<usize> = (0..lines.len()).filter(|&i| !lines[i].empty).collect();
    let (Some(&first_line), Some(&last_line)) = (content.first(), content.last()) else {
        return false;
    };
    for brk in empty_breaks {
        newline(text, brk.clone(), b);
    }
    b.same(text, lines[first_line].content.clone());
    let normal =
        |l: &BlockLine| !matches!(text.as_bytes().get(l.content.start), Some(b' ' | b'\t'));
    for w in content.windows(2) {
        let (prev, next) = (&lines[w[0]], &lines[w[1]]);
        let empty = w[1] - w[0] - 1;
        if !literal && normal(prev) && normal(next) {
            let folded = if empty == 0 {
                " ".to_string()
            } else {
                "\n".repeat(empty)
            };
            b.decoded(prev.brk.start..next.content.start, &folded);
        } else {
            for l in &lines[w[0]..w[1]] {
                newline(text, l.brk.clone(), b);
            }
        }
        b.same(text, next.content.clone());
    }
    let tail = &lines[last_line..];
    let kept = match chomp {
        Chomp::Strip => 0,
        Chomp::Clip => 1,
        Chomp::Keep => tail.len(),
    };
    for l in &tail[..kept] {
        if l.brk.is_empty() {
            // The last line ends the file without a line break; YAML reads one all the same.
            b.separator(l.brk.start, "\n");
        } else {
            newline(text, l.brk.clone(), b);
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fix::{Safety, apply, edits_for};
    use crate::source::{Document, Format};

    const PHONE: &str = "+7 495 232−10−00";

    fn read_ok(text: &str) -> JsonRead {
        let r = read(text, Dialect::Liquid, Checked::default());
        assert!(r.error.is_none(), "{:?}", r.error);
        r
    }

    /// The bytes of the file the first `needle` of `seg`'s text maps to.
    fn file_of<'t>(text: &'t str, seg: &Segment, needle: &str) -> &'t str {
        let at = seg
            .text
            .find(needle)
            .unwrap_or_else(|| panic!("{needle:?} in {:?}", seg.text));
        let r = seg.to_file(ByteRange::new(at, at + needle.len()));
        &text[r.start..r.end]
    }

    /// The segment of the scalar itself (before template or HTML reading).
    fn scalar_of(seg: &Segment) -> &Segment {
        seg.parent
            .as_deref()
            .expect("a body segment has its scalar as parent")
    }

    /// Every byte the scalar segment calls exact is the file's own byte, and it is not the
    /// coarse fallback.
    fn assert_exact(text: &str, seg: &Segment) {
        let s = scalar_of(seg);
        let mut exact = 0;
        for i in 0..s.text.len() {
            if s.is_exact_at(i) {
                exact += 1;
                let r = s.to_file(ByteRange::new(i, i + 1));
                assert_eq!(
                    &text.as_bytes()[r.start..r.end],
                    &s.text.as_bytes()[i..i + 1],
                    "decoded byte {i} of {:?}",
                    s.text
                );
            }
        }
        assert!(exact > 0, "fell back to one piece: {:?}", s.text);
    }

    fn one_body(text: &str) -> Segment {
        let mut r = read_ok(text);
        assert_eq!(r.segments.len(), 1, "{:?}", r.segments);
        let seg = r.segments.remove(0);
        assert_exact(text, &seg);
        seg
    }

    fn body(value_yaml: &str) -> String {
        format!(
            "title: Тест\nactive: true\nactions:\n  - field: comment_value\n    value: {value_yaml}\n"
        )
    }

    /// The value of the first reply body, as the parser reads it.
    fn parsed_body(text: &str) -> String {
        let docs = MarkedYaml::load_from_str(text).expect("valid YAML");
        let mut file = File {
            text,
            chars: CharOffsets::new(text),
            read: HashSet::new(),
            anchors: None,
        };
        let mut lits = Vec::new();
        let root = node(&mut file, &docs[0], &docs[0], false, &mut lits);
        let reading = shapes::find(&root, None);
        let body = reading.units[0].bodies[0];
        lits[body.lit].value.clone()
    }

    #[test]
    fn plain_scalars_fold_lines_and_map_contacts() {
        let text = body(
            "Здравствуйте! Звоните +7 495 232−10−00\n      или пишите на help@ozon.ru,   ответим\n   \n      быстро.",
        );
        let seg = one_body(&text);
        assert_eq!(
            seg.text,
            "Здравствуйте! Звоните +7 495 232−10−00 или пишите на help@ozon.ru,   ответим\nбыстро."
        );
        assert_eq!(file_of(&text, &seg, PHONE), PHONE);
        assert_eq!(file_of(&text, &seg, "help@ozon.ru"), "help@ozon.ru");
        assert_eq!(file_of(&text, &seg, "00 или"), "00\n      или");
        assert_eq!(file_of(&text, &seg, "\nбыстро"), "\n   \n      быстро");
        assert_eq!(scalar_of(&seg).encode("a: b"), "a: b");
    }

    #[test]
    fn single_quoted_scalars_undouble_quotes_and_fold() {
        let text =
            body("'Звоните +7 495 232−10−00, это ''горячая''\n      линия; почта help@ozon.ru  '");
        let seg = one_body(&text);
        assert_eq!(
            seg.text,
            "Звоните +7 495 232−10−00, это 'горячая' линия; почта help@ozon.ru  "
        );
        assert_eq!(file_of(&text, &seg, PHONE), PHONE);
        assert_eq!(file_of(&text, &seg, "'горячая'"), "''горячая''");
        assert_eq!(file_of(&text, &seg, "help@ozon.ru"), "help@ozon.ru");
        assert_eq!(scalar_of(&seg).encode("it's"), "it''s");
    }

    #[test]
    fn double_quoted_escapes_map_to_their_bytes() {
        let text = body(
            r#""Звоните +7 495 232\u221210\u221200\nили пишите: help@ozon.ru\x21 \"Ozon\"\_\U0001F600\N\L\P\/\t\
      \ — продолжение
      строки""#,
        );
        let seg = one_body(&text);
        assert_eq!(seg.text, parsed_body(&text));
        assert_eq!(
            seg.text,
            "Звоните +7 495 232−10−00\nили пишите: help@ozon.ru! \"Ozon\"\u{a0}😀\u{85}\u{2028}\u{2029}/\t — продолжение строки"
        );
        assert_eq!(file_of(&text, &seg, PHONE), r"+7 495 232\u221210\u221200");
        assert_eq!(file_of(&text, &seg, "help@ozon.ru"), "help@ozon.ru");
        assert_eq!(file_of(&text, &seg, "😀"), r"\U0001F600");
        assert_eq!(file_of(&text, &seg, "\"Ozon\""), r#"\"Ozon\""#);
        assert_eq!(scalar_of(&seg).encode("a\"b\\"), r#"a\"b\\"#);
    }

    #[test]
    fn literal_blocks_keep_lines_and_honour_chomping_and_indentation() {
        let cases = [
            ("|", "Звоните +7 495 232−10−00\n  или help@ozon.ru\n"),
            ("|-", "Звоните +7 495 232−10−00\n  или help@ozon.ru"),
            ("|+", "Звоните +7 495 232−10−00\n  или help@ozon.ru\n\n\n"),
            ("|2", "  Звоните +7 495 232−10−00\n    или help@ozon.ru\n"),
            (
                "|-2 # с комментарием | и > внутри",
                "  Звоните +7 495 232−10−00\n    или help@ozon.ru",
            ),
        ];
        for (header, want) in cases {
            let text = format!(
                "title: Тест\nactions:\n  - field: comment_value\n    value: {header}\n\n        Звоните +7 495 232−10−00\n          или help@ozon.ru\n   \n\n  - field: set_tags\n    value: t\n"
            );
            let seg = one_body(&text);
            assert_eq!(seg.text, format!("\n{want}"), "{header}");
            assert_eq!(seg.text, parsed_body(&text), "{header}");
            assert_eq!(file_of(&text, &seg, PHONE), PHONE, "{header}");
            assert_eq!(file_of(&text, &seg, "help@ozon.ru"), "help@ozon.ru");
            assert_eq!(
                file_of(&text, &seg, "00\n"),
                "00\n",
                "{header}: line breaks are the file's own"
            );
            assert_eq!(
                scalar_of(&seg).escapes,
                [Escape::YamlBlock],
                "block scalars escape nothing, but hold no line break"
            );
        }
    }

    #[test]
    fn folded_blocks_fold_normal_lines_only() {
        let text = "title: Тест\ncontent: >-\n  Здравствуйте! Звоните\n  +7 495 232−10−00 или пишите\n  на help@ozon.ru.\n\n    Отступ сохраняется\n  Конец\n\n\nid: 5\n";
        let seg = one_body(text);
        assert_eq!(
            seg.text,
            "Здравствуйте! Звоните +7 495 232−10−00 или пишите на help@ozon.ru.\n\n  Отступ сохраняется\nКонец"
        );
        assert_eq!(seg.text, parsed_body(text));
        assert_eq!(file_of(text, &seg, PHONE), PHONE);
        assert_eq!(file_of(text, &seg, "Звоните +7"), "Звоните\n  +7");
        assert_eq!(file_of(text, &seg, "help@ozon.ru"), "help@ozon.ru");
        let text = "content: >\n  a\n  b\n\n  c\n";
        assert_eq!(one_body(text).text, "a b\nc\n");
    }

    #[test]
    fn crlf_bom_and_cyrillic_comments_keep_byte_offsets() {
        let text = "\u{feff}# Комментарий: ёжик\r\ntitle: Тест # ещё\r\ncontent: |\r\n  Звоните +7 495 232−10−00\r\n  help@ozon.ru\r\ncontent_html: \"<p>\u{a0}+7 495 232\\u221210\\u221200\r\n  </p>\"\r\n";
        let r = read_ok(text);
        assert_eq!(r.segments.len(), 2);
        for seg in &r.segments {
            assert_exact(text, seg);
        }
        assert_eq!(
            r.segments[0].text,
            "Звоните +7 495 232−10−00\nhelp@ozon.ru\n"
        );
        assert_eq!(file_of(text, &r.segments[0], PHONE), PHONE);
        assert_eq!(file_of(text, &r.segments[0], "00\n"), "00\r\n");
        assert_eq!(
            file_of(text, &r.segments[1], PHONE),
            r"+7 495 232\u221210\u221200"
        );
        assert_eq!(r.units[0].title.as_deref(), Some("Тест"));
    }

    #[test]
    fn unknown_shapes_fall_back_to_the_whole_scalar() {
        // A segment the decoder cannot rebuild still carries the parser's value.
        let text = "content: \"a\\u2212b\"\n";
        let s = scalar_segment(text, 9..19, "something else", None, false);
        assert_eq!(s.text, "something else");
        assert_eq!(s.to_file(ByteRange::new(0, 4)), ByteRange::new(10, 18));
        assert!(!s.is_exact_at(0));
    }

    #[test]
    fn fixtures_read_as_units_with_exact_bodies() {
        let refund = include_str!("../../fixtures/yaml/refund.ru.yaml");
        let r = read_ok(refund);
        assert_eq!(r.units.len(), 1);
        let u = &r.units[0];
        assert_eq!(u.id.as_deref(), Some("360004512"));
        assert_eq!(u.title.as_deref(), Some("Покупатели::Возврат денег"));
        assert_eq!(u.tags, ["refund", "buyers", "refund", "returns"]);
        assert_eq!(u.range.end, refund.len());
        assert_eq!(r.segments.len(), 1, "only reply bodies");
        let seg = &r.segments[0];
        assert_exact(refund, seg);
        assert!(seg.text.starts_with("Здравствуйте, "));
        assert!(seg.text.contains("{{ticket.requester.first_name}}"));
        assert_eq!(file_of(refund, seg, PHONE), PHONE);
        assert_eq!(file_of(refund, seg, "help@ozon.ru"), "help@ozon.ru");

        let premium = include_str!("../../fixtures/yaml/premium.ru.yml");
        let r = read_ok(premium);
        assert_eq!(r.units[0].tags, ["premium", "premium", "vip"]);
        assert_eq!(r.segments.len(), 2);
        let html = &r.segments[0];
        assert_exact(premium, html);
        assert_eq!(html.escapes, [Escape::Html]);
        assert_eq!(scalar_of(html).escapes, [Escape::YamlDouble]);
        assert!(!html.text.contains('<'), "markup is blanked");
        assert_eq!(file_of(premium, html, PHONE), r"+7 495 232\u221210\u221200");
        assert_eq!(file_of(premium, html, "premium@ozon.ru"), "premium@ozon.ru");
        assert_eq!(html.encode("<a \"b\">"), r#"&lt;a &quot;b&quot;&gt;"#);
        let pair = &r.segments[1];
        assert_exact(premium, pair);
        assert_eq!(scalar_of(pair).escapes, [Escape::YamlSingle]);
        assert_eq!(
            pair.text,
            "Для клиентов Premium: +7 495 232−10−00, почта premium@ozon.ru. Мы 'всегда' на связи."
        );
        assert_eq!(file_of(premium, pair, PHONE), PHONE);

        let sellers = include_str!("../../fixtures/yaml/sellers-chat.ru.yaml");
        let r = read_ok(sellers);
        assert_eq!(r.units[0].id.as_deref(), Some("7012"));
        assert_eq!(r.segments.len(), 2);
        for seg in &r.segments {
            assert_exact(sellers, seg);
            assert_eq!(
                file_of(sellers, seg, "sellersup@ozon.ru"),
                "sellersup@ozon.ru"
            );
        }
        assert_eq!(file_of(sellers, &r.segments[0], PHONE), PHONE);
        assert_eq!(
            file_of(sellers, &r.segments[1], "+7\u{a0}495\u{a0}232−10−00"),
            "+7&nbsp;495&nbsp;232&minus;10&minus;00"
        );
    }

    /// Checks `text`, applies every safe fix, and returns the result after checking that it is
    /// still YAML and that every byte outside the edits is unchanged.
    fn fix_all(text: &str) -> String {
        let catalog = crate::Catalog::default_catalog();
        let ctx = crate::Context::new(&catalog, "2026-01-01".parse().unwrap());
        let doc = Document::new(text, Format::Yaml);
        assert!(doc.error.is_none());
        let edits = edits_for(&crate::check(&doc, &ctx), Safety::SafeOnly);
        assert!(!edits.is_empty(), "nothing to fix in {text}");
        let fixed = apply(text, &edits).expect("edits apply");
        MarkedYaml::load_from_str(&fixed).expect("the fixed file is still YAML");
        let (mut from, mut to) = (0, 0);
        for e in &edits {
            let same = e.range.start - from;
            assert_eq!(text[from..e.range.start], fixed[to..to + same]);
            to += same + e.replacement.len();
            from = e.range.end;
        }
        assert_eq!(text[from..], fixed[to..], "the tail is unchanged");
        fixed
    }

    #[test]
    fn safe_fixes_round_trip_through_every_style() {
        let fixtures = [
            include_str!("../../fixtures/yaml/refund.ru.yaml"),
            include_str!("../../fixtures/yaml/premium.ru.yml"),
            include_str!("../../fixtures/yaml/sellers-chat.ru.yaml"),
        ];
        let inline = [
            body("Звоните +7 495 232−10−00 или help@ozon.ru"),
            body("Звоните +7 495\n      232−10−00 или help@ozon.ru"),
            body("'Звоните +7 495 232−10−00, ''это'' help@ozon.ru'"),
            body(r#""Звоните +7 495 232\u221210\u221200\nhelp@ozon.ru""#),
            body("|-\n      Звоните\n      +7 495 232−10−00\n      help@ozon.ru"),
            body(">\n      Звоните\n      +7 495 232−10−00\n      help@ozon.ru"),
        ];
        for text in fixtures
            .iter()
            .copied()
            .chain(inline.iter().map(String::as_str))
        {
            let fixed = fix_all(text);
            let value = parsed_body(&fixed);
            assert!(value.contains("+7 495 232-10-00"), "{value:?} from {fixed}");
            let r = read_ok(&fixed);
            for seg in &r.segments {
                assert_exact(&fixed, seg);
            }
        }
    }

    /// A body written once with an anchor and repeated by aliases is checked once, at the
    /// anchored scalar; an anchor name defined again applies from there on.
    #[test]
    fn aliases_are_read_once_at_their_anchor() {
        let text = "macros:\n  - title: a\n    content: &b \"Звоните +7 495\"\n  - title: b\n    content: *b\n  - title: c\n    content: &b 'Пишите help@ozon.ru'\n  - title: d\n    content: *b\n  - title: e\n    content: *b\n";
        let r = read_ok(text);
        assert_eq!(r.units.len(), 5);
        assert_eq!(r.segments.len(), 2, "{:?}", r.segments);
        assert_eq!(file_of(text, &r.segments[0], "+7 495"), "+7 495");
        let second = text.find("Пишите").unwrap();
        let at = r.segments[1].text.find("help@").unwrap();
        let file = r.segments[1].to_file(ByteRange::new(at, at + 5));
        assert!(file.start > second, "the second anchor's scalar");
    }

    #[test]
    fn syntax_errors_are_reported_with_a_position() {
        let text = "title: \"Возврат\nactions: [\n";
        let r = read(text, Dialect::Liquid, Checked::default());
        let (range, why) = r.error.expect("invalid YAML");
        assert!(
            range.start <= text.len() && range.end <= text.len(),
            "{range:?}"
        );
        assert!(!why.is_empty());
        let text = "title: Тест\n  actions: - bad: [\n";
        assert!(
            read(text, Dialect::Liquid, Checked::default())
                .error
                .is_some()
        );
        let doc = Document::new("title: [x", Format::Yaml);
        assert!(doc.error.is_some());
    }

    #[test]
    fn properties_flow_collections_and_edge_cases_map_exactly() {
        let cases: &[(&str, &[&str])] = &[
            ("content: !!str \"a b\"\n", &["a b"]),
            ("content: !custom 'a b'\n", &["a b"]),
            ("content: !!str |\n  a\n  b\n", &["a\nb\n"]),
            ("content: &y >-\n  a\n  b\n", &["a b"]),
            ("content: !!str |2\n    a\n", &["  a\n"]),
            ("content: &x 'a b'\nbody: *x\n", &["a b"]),
            (
                "snippets:\n  - &sig |-\n    С уважением,\n    Ozon\ncontent: *sig\n",
                &["С уважением,\nOzon"],
            ),
            (
                "actions:\n  - {field: comment_value, value: \"a\n    b\"}\n  - {field: comment_value, value: plain\n    folded}\n",
                &["a b", "plain folded"],
            ),
            (
                "actions:\n  - field: comment_value\n    value:\n      - channel:all\n      - |\n        a\n        b\n",
                &["a\nb\n"],
            ),
            (
                "actions:\n- field: comment_value\n  value: |\n    a\n\n    b\n",
                &["a\n\nb\n"],
            ),
            (
                "content: |\n  a\n  # not a comment\n  b\n# comment\n",
                &["a\n# not a comment\nb\n"],
            ),
            ("content: \"a\tb  \t\n  c\"\n", &["a\tb c"]),
            ("content: |\n  a\tb\n   \n  c\n", &["a\tb\n \nc\n"]),
            ("content: >\n  a\n   b\n  c\n", &["a\n b\nc\n"]),
            ("content: |\n  a", &["a\n"]),
            ("content: |-\n  a\n  ", &["a"]),
            ("content: >+\n\n  a\n", &["\na\n"]),
            ("content: x\n---\ncontent: y\n...\n", &["x", "y"]),
            ("content:\n  \"x y\"\n", &["x y"]),
            ("content:\n  plain\n  more\n", &["plain more"]),
            ("content: |\n  \"quoted\" text\n", &["\"quoted\" text\n"]),
            ("content: \"x\\\n\"\n", &["x"]),
            ("content: \" \\\n  x \\t\"\n", &[" x \t"]),
            ("? content\n: x y # comment\n", &["x y"]),
            ("content: 'a''\n\n  ''b'\n", &["a'\n'b"]),
            ("content: a\r\n  b\r\n\r\n  c\r\n", &["a b\nc"]),
        ];
        for (text, want) in cases {
            let r = read_ok(text);
            let got: Vec<&str> = r
                .segments
                .iter()
                .map(|s| scalar_of(s).text.as_str())
                .collect();
            assert_eq!(&got, want, "{text:?}");
            for seg in &r.segments {
                assert_exact(text, seg);
            }
        }
        // Empty scalars have nothing to map but are read.
        for text in ["content: \"\"\n", "content: ''\n", "content: |\n\n"] {
            assert_eq!(read_ok(text).segments[0].text, "", "{text:?}");
        }
    }

    #[test]
    fn deep_nesting_is_read_or_reported_without_overflow() {
        let deep = format!("content: {}{}\n", "[".repeat(5000), "]".repeat(5000));
        let r = read(&deep, Dialect::Liquid, Checked::default());
        assert!(r.segments.is_empty());
        let unclosed = format!("content: {}\n", "[".repeat(5000));
        assert!(
            read(&unclosed, Dialect::Liquid, Checked::default())
                .error
                .is_some()
        );
    }
}
