//! The LSP base protocol's framing (`Content-Length` headers), read so that garbage never ends
//! the session.
//!
//! tower-lsp-server's own reader stops at the first malformed frame. This one skips stray bytes
//! up to the next header, drops headers it cannot read, and cuts a frame short when the next
//! header shows up inside its body (a `Content-Length` that was too long), so the next valid
//! message is always read. What a frame's bytes mean is the transport's business.

use std::io::Read;

/// What the reader found next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inbound {
    /// The body of one frame (not yet known to be valid JSON).
    Frame(Vec<u8>),
    /// Bytes dropped to get back in step, and why.
    Skipped { bytes: usize, why: &'static str },
}

/// A header block larger than this is not a header block.
const MAX_HEADER: usize = 8 * 1024;
/// Larger bodies are refused (their bytes are then skipped as stray data).
pub const MAX_BODY: usize = 256 * 1024 * 1024;
const READ_CHUNK: usize = 64 * 1024;

/// Reads frames from a byte stream.
///
/// Every byte is looked at a bounded number of times: the buffer is consumed from a moving
/// head (not shifted per frame), and a body is scanned once as it arrives, its state kept
/// across reads. (A 100 MB `didOpen` without line breaks used to be rescanned on every 64 KB
/// read: 67 s.)
pub struct FrameReader<R> {
    input: R,
    buf: Vec<u8>,
    /// Where the unread part of `buf` starts.
    head: usize,
    chunk: Vec<u8>,
    eof: bool,
    /// Bytes looked at while scanning bodies, for the scaling tests.
    scanned: u64,
}

/// Where a header block could start: `Content-Length` or `Content-Type`, any case.
fn header_start(hay: &[u8]) -> Option<usize> {
    HEADER_NAMES
        .iter()
        .filter_map(|needle| find_ci(hay, needle))
        .min()
}

/// The header names a block may hold.
const HEADER_NAMES: [&[u8]; 2] = [b"content-length", b"content-type"];

/// The first occurrence of an ASCII `needle` in `hay`, ignoring ASCII case.
fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    let first = needle[0].to_ascii_lowercase();
    let upper = first.to_ascii_uppercase();
    let mut from = 0;
    while from + needle.len() <= hay.len() {
        let i = from + memchr::memchr2(first, upper, &hay[from..=hay.len() - needle.len()])?;
        if hay[i..i + needle.len()].eq_ignore_ascii_case(needle) {
            return Some(i);
        }
        from = i + 1;
    }
    None
}

/// What the bytes at the start of `rest` say about a header name there.
#[derive(Debug, PartialEq, Eq)]
enum NameAt {
    /// A whole header name.
    Yes,
    /// Not one.
    No,
    /// The start of one (or nothing yet), cut off by the end of what came so far.
    Maybe,
}

fn name_at(rest: &[u8]) -> NameAt {
    let mut maybe = false;
    for name in HEADER_NAMES {
        let n = rest.len().min(name.len());
        if rest[..n].eq_ignore_ascii_case(&name[..n]) {
            if n == name.len() {
                return NameAt::Yes;
            }
            maybe = true;
        }
    }
    if maybe { NameAt::Maybe } else { NameAt::No }
}

/// The end of the header block starting at 0: the index of the blank line and its length.
fn header_end(buf: &[u8]) -> Option<(usize, usize)> {
    let crlf = buf
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| (i, 4));
    let lf = buf.windows(2).position(|w| w == b"\n\n").map(|i| (i, 2));
    match (crlf, lf) {
        (Some(a), Some(b)) => Some(if a.0 <= b.0 { a } else { b }),
        (a, b) => a.or(b),
    }
}

/// The `Content-Length` of a header block, if every line is a header and it has one.
fn content_length(block: &[u8]) -> Option<usize> {
    let text = std::str::from_utf8(block).ok()?;
    let mut length = None;
    for line in text.split('\n').map(|l| l.trim_end_matches('\r')) {
        let (name, value) = line.split_once(':')?;
        if name.trim().eq_ignore_ascii_case("content-length") {
            length = Some(value.trim().parse::<usize>().ok()?);
        } else if !name.trim().eq_ignore_ascii_case("content-type") {
            return None;
        }
    }
    length
}

/// Where a JSON object or array body stands, byte by byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Json {
    /// Before the first byte that is not white space.
    Before,
    /// Inside the value: nesting depth, inside a string, after a backslash in it.
    Inside {
        depth: u32,
        string: bool,
        escaped: bool,
    },
    /// The value ended; white space since.
    After,
    /// Not an object or array, or something other than white space after it.
    Off,
}

/// The scan of one body, kept across reads so every byte is looked at once. A body is cut
/// short where the next frame's header shows up inside it (a `Content-Length` that was too
/// long): at the start of a line (a valid JSON body never holds a raw line break followed by a
/// header name), or right after the body's JSON value ends (frames written back to back).
struct BodyScan {
    /// Absolute index in the buffer up to which bytes were scanned.
    scanned: usize,
    /// Where a header could start, not yet decided (at most a header name's length before the
    /// end of the buffer), in order.
    candidates: Vec<usize>,
    json: Json,
}

impl BodyScan {
    fn new(start: usize) -> Self {
        Self {
            scanned: start,
            // The blank line's own line break counts: a header right at the body's start.
            candidates: vec![start],
            json: Json::Before,
        }
    }

    /// Scans `buf[self.scanned..to]`.
    fn scan(&mut self, buf: &[u8], to: usize) {
        let from = self.scanned;
        if to <= from {
            return;
        }
        self.candidates
            .extend(memchr::memchr_iter(b'\n', &buf[from..to]).map(|i| from + i + 1));
        for (i, &c) in buf[from..to].iter().enumerate() {
            self.json = match (self.json, c) {
                (Json::Off, _) => break,
                (Json::Before | Json::After, b' ' | b'\t' | b'\r' | b'\n') => continue,
                (Json::Before, b'{' | b'[') => Json::Inside {
                    depth: 1,
                    string: false,
                    escaped: false,
                },
                (Json::After, _) => {
                    self.candidates.push(from + i);
                    Json::Off
                }
                (
                    Json::Inside {
                        depth,
                        string: true,
                        escaped,
                    },
                    c,
                ) => Json::Inside {
                    depth,
                    string: escaped || c != b'"',
                    escaped: !escaped && c == b'\\',
                },
                (Json::Inside { depth, .. }, b'"') => Json::Inside {
                    depth,
                    string: true,
                    escaped: false,
                },
                (Json::Inside { depth, .. }, b'{' | b'[') => Json::Inside {
                    depth: depth.saturating_add(1),
                    string: false,
                    escaped: false,
                },
                (Json::Inside { depth: 1, .. }, b'}' | b']') => Json::After,
                (Json::Inside { depth, .. }, b'}' | b']') => Json::Inside {
                    depth: depth - 1,
                    string: false,
                    escaped: false,
                },
                (inside @ Json::Inside { .. }, _) => inside,
                (Json::Before, _) => Json::Off,
            };
        }
        self.scanned = to;
    }

    /// The first candidate that is a header, dropping those that are not; `Err(true)` if the
    /// earliest undecided one needs more input.
    fn cut(&mut self, buf: &[u8], limit: usize) -> Result<usize, bool> {
        // Candidates are never past `limit`: they come from the body's own bytes.
        let mut keep = 0;
        let mut pending = false;
        for k in 0..self.candidates.len() {
            let at = self.candidates[k];
            match name_at(&buf[at..]) {
                NameAt::Yes => return Ok(at),
                NameAt::No => {}
                NameAt::Maybe => {
                    // Only a header that starts inside the body can cut it.
                    pending |= at < limit;
                    self.candidates[keep] = at;
                    keep += 1;
                }
            }
        }
        self.candidates.truncate(keep);
        Err(pending)
    }
}

impl<R: Read> FrameReader<R> {
    pub fn new(input: R) -> Self {
        Self {
            input,
            buf: Vec::new(),
            head: 0,
            chunk: vec![0; READ_CHUNK],
            eof: false,
            scanned: 0,
        }
    }

    /// Bytes of bodies scanned so far: about one per byte of input, however it is chunked.
    pub fn scanned_bytes(&self) -> u64 {
        self.scanned
    }

    /// The unread input.
    fn live(&self) -> &[u8] {
        &self.buf[self.head..]
    }

    /// Marks `n` more bytes read; the buffer is compacted once the read part dominates.
    fn consume(&mut self, n: usize) {
        self.head += n;
        if self.head == self.buf.len() {
            self.buf.clear();
            self.head = 0;
        } else if self.head > READ_CHUNK && self.head * 2 > self.buf.len() {
            self.buf.drain(..self.head);
            self.head = 0;
        }
    }

    /// Reads more input; false at the end of it.
    fn fill(&mut self) -> bool {
        if self.eof {
            return false;
        }
        loop {
            match self.input.read(&mut self.chunk) {
                Ok(0) => {
                    self.eof = true;
                    return false;
                }
                Ok(n) => {
                    self.buf.extend_from_slice(&self.chunk[..n]);
                    return true;
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(_) => {
                    self.eof = true;
                    return false;
                }
            }
        }
    }

    fn skip(&mut self, bytes: usize, why: &'static str) -> Inbound {
        self.consume(bytes);
        Inbound::Skipped { bytes, why }
    }

    /// The body `live()[start..end]`, consuming the input up to `end`.
    fn frame(&mut self, start: usize, end: usize) -> Inbound {
        let body = self.live()[start..end].to_vec();
        self.consume(end);
        Inbound::Frame(body)
    }

    /// The next frame or skipped stretch; `None` at the end of the input.
    pub fn next_inbound(&mut self) -> Option<Inbound> {
        loop {
            // 1. A header must come first; anything before it is stray.
            match header_start(self.live()) {
                Some(0) => {}
                Some(i) => return Some(self.skip(i, "stray bytes before a header")),
                None => {
                    // Keep a tail that may be the start of a header name.
                    let keep = self.live().len().min(13);
                    let stray = self.live().len() - keep;
                    if stray > 0 {
                        return Some(self.skip(stray, "stray bytes before a header"));
                    }
                    if !self.fill() {
                        return (!self.live().is_empty()).then(|| {
                            let n = self.live().len();
                            self.skip(n, "stray bytes at the end of the input")
                        });
                    }
                    continue;
                }
            }
            // 2. The header block (never longer than MAX_HEADER, so never scanned further).
            let live = self.live();
            let Some((end, sep)) = header_end(&live[..live.len().min(MAX_HEADER + 4)]) else {
                if self.live().len() > MAX_HEADER {
                    return Some(self.skip(1, "a header block that never ends"));
                }
                if !self.fill() {
                    let n = self.live().len();
                    return Some(self.skip(n, "a header cut off by the end of the input"));
                }
                continue;
            };
            let length = match content_length(&self.live()[..end]) {
                Some(n) if n <= MAX_BODY => n,
                // Past the first byte, so the search resumes at the next header.
                Some(_) => return Some(self.skip(1, "a Content-Length over the limit")),
                None => return Some(self.skip(1, "a malformed header")),
            };
            // 3. The body, in positions relative to the unread input.
            let start = end + sep;
            let body_end = start + length;
            let mut scan = BodyScan::new(start);
            loop {
                let have = self.live().len().min(body_end);
                let before = scan.scanned;
                scan.scan(self.live(), have);
                self.scanned += (scan.scanned - before) as u64;
                match scan.cut(self.live(), body_end) {
                    Ok(cut) => return Some(self.frame(start, cut)),
                    // The start of a header name at the end of what came so far: wait for
                    // the rest of it before deciding where the body ends.
                    Err(true) if have == body_end => {
                        if self.fill() {
                            continue;
                        }
                        return Some(self.frame(start, body_end));
                    }
                    Err(_) if have == body_end => return Some(self.frame(start, body_end)),
                    Err(_) => {}
                }
                if !self.fill() {
                    let n = self.live().len();
                    return Some(self.frame(start, n));
                }
            }
        }
    }
}

impl<R: Read> Iterator for FrameReader<R> {
    type Item = Inbound;
    fn next(&mut self) -> Option<Inbound> {
        self.next_inbound()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    /// Reads in chunks of `n` bytes, to exercise headers and bodies split across reads.
    struct Trickle<'a>(&'a [u8], usize);
    impl Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            let n = self.0.len().min(self.1).min(out.len());
            out[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    fn frames(input: &str, chunk: usize) -> Vec<String> {
        FrameReader::new(Trickle(input.as_bytes(), chunk))
            .filter_map(|i| match i {
                Inbound::Frame(b) => Some(String::from_utf8_lossy(&b).into_owned()),
                Inbound::Skipped { .. } => None,
            })
            .collect()
    }

    #[test]
    fn reads_consecutive_frames_in_any_chunking() {
        let input = format!("{}{}", frame(r#"{"a":1}"#), frame("{\"b\":\"ж\"}"));
        for chunk in [1, 2, 3, 7, 1000] {
            assert_eq!(frames(&input, chunk), [r#"{"a":1}"#, "{\"b\":\"ж\"}"]);
        }
    }

    #[test]
    fn skips_stray_bytes_and_bad_headers() {
        let input = format!(
            "xx{}garbage\r\n{}Content-Length: abc\r\n\r\n{}Content-Lenght: 3\r\n\r\n{}",
            frame("{}"),
            frame("[1]"),
            frame("{\"c\":3}"),
            frame("{\"d\":4}")
        );
        for chunk in [1, 5, 4096] {
            assert_eq!(
                frames(&input, chunk),
                ["{}", "[1]", "{\"c\":3}", "{\"d\":4}"]
            );
        }
    }

    #[test]
    fn a_too_long_length_does_not_swallow_the_next_frame() {
        let input = format!(
            "Content-Length: 500\r\n\r\n{{\"a\":1}}\r\n{}",
            frame("{\"b\":2}")
        );
        for chunk in [1, 3, 4096] {
            assert_eq!(frames(&input, chunk), ["{\"a\":1}\r\n", "{\"b\":2}"]);
        }
    }

    #[test]
    fn a_length_a_few_bytes_too_long_does_not_eat_the_next_header() {
        // Found by the `lsp_framing` fuzz target: the declared end fell inside the next
        // header's name, which was cut in two and the next frame lost.
        let input = format!("Content-Length: 10\r\n\r\n{{}}\r\n{}", frame("{\"b\":2}"));
        for chunk in [1, 2, 3, 5, 4096] {
            assert_eq!(
                frames(&input, chunk),
                ["{}\r\n", "{\"b\":2}"],
                "chunk {chunk}"
            );
        }
        // The end falls on the line break itself, or one byte into the name.
        for length in [3, 4, 5] {
            let input = format!("Content-Length: {length}\r\n\r\n{{}}\r\n{}", frame("[1]"));
            assert_eq!(
                frames(&input, 4096).last().unwrap(),
                "[1]",
                "length {length}"
            );
        }
    }

    /// Frames written back to back, with no line break between them, after a length that was
    /// too long: the first body ends where its JSON value does.
    #[test]
    fn a_too_long_length_does_not_swallow_frames_back_to_back() {
        let input = format!(
            "Content-Length: 500\r\n\r\n{{\"a\":\"}}Content-Length\"}}{}{}",
            frame("{\"b\":2}"),
            frame("[3]")
        );
        for chunk in [1, 2, 5, 4096] {
            assert_eq!(
                frames(&input, chunk),
                ["{\"a\":\"}Content-Length\"}", "{\"b\":2}", "[3]"],
                "chunk {chunk}"
            );
        }
        // A header name inside a string is text, and a value that is not over is not cut.
        let body = "{\"a\":[\"Content-Length: 3\", {\"b\":\"\\\"}Content-Type\"}]}";
        assert_eq!(frames(&frame(body), 3), [body]);
    }

    /// A body without line breaks is scanned once, however it is chunked: 10 MB in 64 KB
    /// reads used to be rescanned from its start on every read.
    #[test]
    fn a_long_body_is_scanned_once() {
        for body in [
            format!("{{\"text\":\"{}\"}}", "ж".repeat(1 << 20)),
            format!("{{\"text\":\"{}\"}}", "c\\n".repeat(1 << 18)),
        ] {
            let input = frame(&body);
            let mut r = FrameReader::new(Trickle(input.as_bytes(), 4096));
            assert_eq!(
                r.next_inbound(),
                Some(Inbound::Frame(body.clone().into_bytes()))
            );
            assert!(
                r.scanned_bytes() <= body.len() as u64,
                "{} bytes scanned for a body of {}",
                r.scanned_bytes(),
                body.len()
            );
        }
    }

    #[test]
    fn a_header_right_where_the_body_should_start() {
        // A header block with no body before the next frame: the next frame is not the body.
        let input = format!("Content-Length: 5\r\n\r\n{}", frame("{\"b\":2}"));
        for chunk in [1, 4, 4096] {
            assert_eq!(frames(&input, chunk), ["", "{\"b\":2}"], "chunk {chunk}");
        }
    }

    /// Hands out its bytes, then fails the test if asked for more: a client that sent one
    /// frame and waits for the answer.
    struct ThenBlock<'a>(&'a [u8]);
    impl Read for ThenBlock<'_> {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            assert!(
                !self.0.is_empty(),
                "read past a complete frame: it would block"
            );
            let n = self.0.len().min(out.len());
            out[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    #[test]
    fn a_complete_frame_is_never_held_back() {
        for body in ["{\"a\":1}\n", "{\n\"a\":1\n}\r\n", "{}"] {
            let input = frame(body);
            let mut r = FrameReader::new(ThenBlock(input.as_bytes()));
            assert_eq!(
                r.next_inbound(),
                Some(Inbound::Frame(body.as_bytes().to_vec()))
            );
        }
    }

    #[test]
    fn content_type_and_lowercase_headers() {
        let input = "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\ncontent-length: 2\r\n\r\n{}";
        assert_eq!(frames(input, 4096), ["{}"]);
    }

    #[test]
    fn end_of_input_in_the_middle() {
        assert_eq!(frames("Content-Length: 10\r\n\r\n{}", 4096), ["{}"]);
        assert!(frames("Content-Len", 4096).is_empty());
    }
}
