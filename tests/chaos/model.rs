//! What the chaos test expects: a small deterministic PRNG, the text of each open document as
//! the editor holds it (edited by LSP positions the way the spec says, out-of-range positions
//! clamped), and the conversion of the core's byte ranges to UTF-16 positions.

use serde_json::{Value, json};

/// xorshift64*: small, seeded, the same sequence on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Where lines start: after `\n`, after `\r\n`, and after a `\r` alone (LSP's three line ends).
pub fn line_starts(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    let mut starts = vec![0];
    for (i, &c) in b.iter().enumerate() {
        if c == b'\n' || (c == b'\r' && b.get(i + 1) != Some(&b'\n')) {
            starts.push(i + 1);
        }
    }
    starts
}

/// The byte offset of an LSP position (UTF-16 columns), clamped as the spec asks: a line past
/// the end is the end of the text, a column past the line's end is the line's end, and a column
/// inside a character (half a surrogate pair) is the start of that character.
pub fn offset(text: &str, line: u32, character: u32) -> usize {
    let starts = line_starts(text);
    let Some(&start) = starts.get(line as usize) else {
        return text.len();
    };
    let mut seen = 0u32;
    for (i, c) in text[start..].char_indices() {
        if c == '\n' || c == '\r' {
            return start + i;
        }
        let w = c.len_utf16() as u32;
        if seen + w > character {
            return start + i;
        }
        seen += w;
    }
    text.len()
}

/// The LSP position (UTF-16 columns) of a byte offset.
pub fn position(text: &str, offset: usize) -> Value {
    let starts = line_starts(text);
    let line = starts.partition_point(|&s| s <= offset) - 1;
    let character = text[starts[line]..offset].encode_utf16().count();
    json!({"line": line, "character": character})
}

pub fn range(text: &str, start: usize, end: usize) -> Value {
    json!({"start": position(text, start), "end": position(text, end)})
}

/// Applies one LSP change to `text`: the range's ends are resolved on the text as it is, in
/// either order.
pub fn apply_change(text: &mut String, start: (u32, u32), end: (u32, u32), new: &str) {
    let a = offset(text, start.0, start.1);
    let b = offset(text, end.0, end.1);
    text.replace_range(a.min(b)..a.max(b), new);
}

/// A position somewhere in `text`: mostly a real character boundary, sometimes past the end of
/// its line or of the text, sometimes inside a surrogate pair.
pub fn random_position(rng: &mut Rng, text: &str) -> (u32, u32) {
    let starts = line_starts(text);
    match rng.below(20) {
        0 => (
            starts.len() as u32 + rng.below(5) as u32,
            rng.below(10) as u32,
        ),
        1 => (
            rng.below(starts.len()) as u32,
            500 + rng.below(100_000) as u32,
        ),
        2 => (u32::MAX - rng.below(2) as u32, u32::MAX),
        _ => {
            let bounds: Vec<usize> = (0..=text.len())
                .filter(|&i| text.is_char_boundary(i))
                .collect();
            let at = *rng.pick(&bounds);
            let p = position(text, at);
            let (line, mut ch) = (
                p["line"].as_u64().unwrap() as u32,
                p["character"].as_u64().unwrap() as u32,
            );
            // Half an emoji: one unit into a surrogate pair.
            if rng.chance(10)
                && text[at..]
                    .chars()
                    .next()
                    .is_some_and(|c| c.len_utf16() == 2)
            {
                ch += 1;
            }
            (line, ch)
        }
    }
}

pub fn lsp_position(p: (u32, u32)) -> Value {
    json!({"line": p.0, "character": p.1})
}

/// Pieces the random edits are made of: Cyrillic, emoji (with modifiers and joiners), every line
/// end, contacts in every state the catalogs know, placeholders, and the markup of each format.
pub const PIECES: &[&str] = &[
    "Здравствуйте! ",
    "Звоните 8 (800)234−70−70",
    "+7 495 232-10-00",
    "+7 (495) 232−10−00",
    "+7 495 111-22-33",
    "8 495 111 22 33",
    "{{contact.phone.premium}}",
    "{{contact.phone.team}}",
    "{{contact.nope}}",
    "{{ user.name }}",
    "sellersup@ozon.ru",
    "help@ozon.ru",
    "marketplace. crossborder@ozon.ru",
    "vk.com/ozon",
    "t.me/ozon_help",
    "Premium-линия для VIP. ",
    "Звонок бесплатный. ",
    "из-за рубежа ",
    "👍🏽",
    "👨‍👩‍👧",
    "🇷🇺",
    "😀",
    "\r\n",
    "\n",
    "\r",
    "ё",
    "Ж",
    "Привет, мир. ",
    "{% if x %}",
    "{% endif %}",
    "{% comment %}",
    "{% endcomment %}",
    "<b>",
    "</p>",
    "&nbsp;",
    "&#43;7 495",
    "<!-- macrolint-disable-next-line -->",
    "\"",
    "\\u2212",
    "\\",
    "{\"macros\": [",
    "]}",
    "  ",
    "\t",
    "\u{2028}",
    "\u{85}",
    "\u{feff}",
    "\u{0}",
    "a",
    "0",
    "-",
    " ",
    "…",
    "—",
    "`",
    "---\n",
    "audience: [seller]\n",
];

/// A short random text made of [`PIECES`].
pub fn random_text(rng: &mut Rng, max_pieces: usize) -> String {
    let n = rng.below(max_pieces + 1);
    (0..n).map(|_| *rng.pick(PIECES)).collect()
}
