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
/// The header that starts every frame.
const HEADER_NAME: &[u8] = b"content-length";

/// Reads frames from a byte stream.
pub struct FrameReader<R> {
    input: R,
    buf: Vec<u8>,
    eof: bool,
}

/// Where a header block could start: `Content-Length` or `Content-Type`, any case.
fn header_start(hay: &[u8]) -> Option<usize> {
    [b"content-length".as_slice(), b"content-type".as_slice()]
        .iter()
        .filter_map(|needle| find_ci(hay, needle))
        .min()
}

/// The first occurrence of an ASCII `needle` in `hay`, ignoring ASCII case.
fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    let first = needle[0].to_ascii_lowercase();
    let upper = first.to_ascii_uppercase();
    let mut from = 0;
    while from + needle.len() <= hay.len() {
        let i = from + memchr2(first, upper, &hay[from..=hay.len() - needle.len()])?;
        if hay[i..i + needle.len()].eq_ignore_ascii_case(needle) {
            return Some(i);
        }
        from = i + 1;
    }
    None
}

fn memchr2(a: u8, b: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&c| c == a || c == b)
}

/// A header line inside what claims to be a body: a valid JSON body never holds a raw line
/// break followed by a header name, so the body was cut short by a wrong length.
fn header_inside(body: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(nl) = body[from..].iter().position(|&c| c == b'\n') {
        let line = from + nl + 1;
        let rest = &body[line..];
        let probe = &rest[..rest.len().min(14)];
        if b"content-length"[..probe.len()].eq_ignore_ascii_case(probe) && !probe.is_empty() {
            // Only a complete name counts; a prefix at the end of the buffer waits for more.
            if probe.len() == 14 {
                return Some(line);
            }
        }
        from = line;
    }
    None
}

/// Whether `buf` ends with the start of a header name on a line that starts before `limit`
/// (inside a body): only more input can tell whether the body was cut short there. A valid JSON
/// body never has a line starting with `c`, so a valid frame is never held back.
fn header_pending(buf: &[u8], limit: usize) -> bool {
    let limit = limit.min(buf.len());
    buf[..limit].iter().enumerate().any(|(i, &c)| {
        let rest = &buf[i + 1..];
        c == b'\n'
            && i + 1 < limit
            && rest.len() < HEADER_NAME.len()
            && HEADER_NAME[..rest.len()].eq_ignore_ascii_case(rest)
    })
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

impl<R: Read> FrameReader<R> {
    pub fn new(input: R) -> Self {
        Self {
            input,
            buf: Vec::new(),
            eof: false,
        }
    }

    /// Reads more input; false at the end of it.
    fn fill(&mut self) -> bool {
        if self.eof {
            return false;
        }
        let mut chunk = vec![0; READ_CHUNK];
        loop {
            match self.input.read(&mut chunk) {
                Ok(0) => {
                    self.eof = true;
                    return false;
                }
                Ok(n) => {
                    self.buf.extend_from_slice(&chunk[..n]);
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
        self.buf.drain(..bytes);
        Inbound::Skipped { bytes, why }
    }

    /// The next frame or skipped stretch; `None` at the end of the input.
    pub fn next_inbound(&mut self) -> Option<Inbound> {
        loop {
            // 1. A header must come first; anything before it is stray.
            match header_start(&self.buf) {
                Some(0) => {}
                Some(i) => return Some(self.skip(i, "stray bytes before a header")),
                None => {
                    // Keep a tail that may be the start of a header name.
                    let keep = self.buf.len().min(13);
                    let stray = self.buf.len() - keep;
                    if stray > 0 {
                        return Some(self.skip(stray, "stray bytes before a header"));
                    }
                    if !self.fill() {
                        return (!self.buf.is_empty()).then(|| {
                            let n = self.buf.len();
                            self.skip(n, "stray bytes at the end of the input")
                        });
                    }
                    continue;
                }
            }
            // 2. The header block.
            let Some((end, sep)) = header_end(&self.buf) else {
                if self.buf.len() > MAX_HEADER {
                    return Some(self.skip(1, "a header block that never ends"));
                }
                if !self.fill() {
                    let n = self.buf.len();
                    return Some(self.skip(n, "a header cut off by the end of the input"));
                }
                continue;
            };
            let length = match content_length(&self.buf[..end]) {
                Some(n) if n <= MAX_BODY => n,
                // Past the first byte, so the search resumes at the next header.
                Some(_) => return Some(self.skip(1, "a Content-Length over the limit")),
                None => return Some(self.skip(1, "a malformed header")),
            };
            // 3. The body.
            let start = end + sep;
            let body_end = start + length;
            let mut scanned = start;
            loop {
                let have = self.buf.len().min(body_end);
                // Re-scan from one line back so a header split across reads is still seen. The
                // blank line's own `\n` counts, so a header right at the body's start is seen.
                let from = self.buf[start..scanned]
                    .iter()
                    .rposition(|&c| c == b'\n')
                    .map_or(start - 1, |i| start + i);
                // A header starting inside the body may run past its declared end (a length a
                // few bytes too long): look a header name's length beyond it.
                let look = self.buf.len().min(body_end + HEADER_NAME.len());
                if let Some(cut) = header_inside(&self.buf[from..look]).map(|c| from + c)
                    && cut <= body_end
                {
                    let body = self.buf[start..cut].to_vec();
                    self.buf.drain(..cut);
                    return Some(Inbound::Frame(body));
                }
                scanned = have;
                if have == body_end {
                    // The start of a header name at the end of what came so far: wait for the
                    // rest of it before deciding where the body ends.
                    if header_pending(&self.buf[from..], body_end - from) && self.fill() {
                        continue;
                    }
                    let body = self.buf[start..body_end].to_vec();
                    self.buf.drain(..body_end);
                    return Some(Inbound::Frame(body));
                }
                if !self.fill() {
                    let body = self.buf[start..].to_vec();
                    self.buf.clear();
                    return Some(Inbound::Frame(body));
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
