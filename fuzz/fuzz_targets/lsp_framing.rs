//! The LSP framing reader (`src/lsp/framing.rs`) on arbitrary bytes, read in chunks of any
//! size: it never panics, always makes progress, accounts for no more bytes than it was given,
//! and resynchronises: after any garbage, a line break and one valid frame, that frame is the
//! last one read, whole. And a long body without a line break (the fuzz bytes repeated past
//! many reads) is read whole, each of its bytes scanned once.
#![no_main]

use libfuzzer_sys::fuzz_target;
use macrolint::lsp::framing::{FrameReader, Inbound};
use std::io::Read;

/// Hands out the input `n` bytes at a time.
struct Trickle<'a>(&'a [u8], usize);

impl Read for Trickle<'_> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let n = self.0.len().min(self.1).min(out.len());
        out[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        Ok(n)
    }
}

const MARKER: &[u8] = "{\"jsonrpc\":\"2.0\",\"method\":\"$/marker\",\"params\":{\"ok\":\"ж\"}}".as_bytes();

fn frames(input: &[u8], chunk: usize) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut accounted = 0;
    let mut steps = 0;
    for item in FrameReader::new(Trickle(input, chunk)) {
        steps += 1;
        assert!(steps <= input.len() + 1, "no progress: {steps} items from {} bytes", input.len());
        match item {
            Inbound::Frame(body) => {
                accounted += body.len();
                out.push(body);
            }
            Inbound::Skipped { bytes, .. } => {
                assert!(bytes > 0, "skipped nothing");
                accounted += bytes;
            }
        }
        assert!(accounted <= input.len(), "more bytes out than in");
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let Some((&c, garbage)) = data.split_first() else {
        return;
    };
    let chunk = [1, 2, 3, 7, 13, 64, 4096, 65536][usize::from(c) % 8];
    frames(garbage, chunk);

    let frame = [
        format!("Content-Length: {}\r\n\r\n", MARKER.len()).as_bytes(),
        MARKER,
    ]
    .concat();
    let input = [garbage, b"\r\n", &frame].concat();
    let got = frames(&input, chunk);
    assert_eq!(
        got.last().map(Vec::as_slice),
        Some(MARKER),
        "did not resynchronise after {garbage:?}"
    );

    long_body(garbage, chunk);
});

/// The fuzz bytes as the text of one JSON string, without line breaks, repeated to at least
/// 160 KiB (more than two reads): one frame, read whole, scanned about once however it is
/// chunked.
fn long_body(garbage: &[u8], chunk: usize) {
    let unit: Vec<u8> = garbage
        .iter()
        .copied()
        .filter(|&b| b.is_ascii_graphic() && b != b'"' && b != b'\\' || b == b' ')
        .collect();
    if unit.is_empty() {
        return;
    }
    let mut body = b"{\"jsonrpc\":\"2.0\",\"method\":\"$/long\",\"params\":{\"t\":\"".to_vec();
    while body.len() < 160 * 1024 {
        body.extend_from_slice(&unit);
    }
    body.extend_from_slice(b"\"}}");
    let input = [format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes(), &body].concat();
    let mut reader = FrameReader::new(Trickle(&input, chunk.max(4096)));
    assert_eq!(reader.next_inbound(), Some(Inbound::Frame(body.clone())));
    assert!(
        reader.scanned_bytes() <= body.len() as u64,
        "{} bytes scanned for a body of {}",
        reader.scanned_bytes(),
        body.len()
    );
    assert_eq!(reader.next_inbound(), None);
}
