//! Byte offsets and UTF-16 offsets of one text: the core speaks bytes, JavaScript strings (and
//! CodeMirror, the DOM, a textarea's selection) index UTF-16 code units.

/// Every this many bytes, a mark remembers the UTF-16 offset, so a conversion counts at most
/// one stretch of characters whatever the text's length.
const EVERY: usize = 64;

/// The conversions for one text.
#[derive(Debug, Clone)]
pub struct Utf16Map<'a> {
    text: &'a str,
    /// (byte offset at a character boundary, UTF-16 offset there), ascending in both.
    marks: Vec<(usize, usize)>,
}

impl<'a> Utf16Map<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut marks = vec![(0, 0)];
        let mut units = 0;
        let mut next = EVERY;
        for (i, c) in text.char_indices() {
            if i >= next {
                marks.push((i, units));
                next = i + EVERY;
            }
            units += c.len_utf16();
        }
        Utf16Map { text, marks }
    }

    /// The UTF-16 offset of byte `offset` (clamped to the text, floored to a character).
    pub fn to_utf16(&self, offset: usize) -> usize {
        let offset = self.text.floor_char_boundary(offset.min(self.text.len()));
        let k = self.marks.partition_point(|&(b, _)| b <= offset) - 1;
        let (byte, units) = self.marks[k];
        units + self.text[byte..offset].encode_utf16().count()
    }

    /// The byte offset of UTF-16 offset `units` (clamped to the text; inside a surrogate pair,
    /// the start of its character).
    pub fn to_byte(&self, units: usize) -> usize {
        let k = self.marks.partition_point(|&(_, u)| u <= units) - 1;
        let (mut byte, mut at) = self.marks[k];
        for c in self.text[byte..].chars() {
            if at + c.len_utf16() > units {
                break;
            }
            at += c.len_utf16();
            byte += c.len_utf8();
        }
        byte
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cyrillic_and_emoji_round_trip() {
        let text = "Привет 👋 +7 495 232-10-00".repeat(10);
        let map = Utf16Map::new(&text);
        let units: Vec<u16> = text.encode_utf16().collect();
        for (byte, _) in text.char_indices().chain([(text.len(), ' ')]) {
            let u = map.to_utf16(byte);
            assert_eq!(String::from_utf16(&units[..u]).unwrap(), text[..byte]);
            assert_eq!(map.to_byte(u), byte);
        }
    }

    #[test]
    fn inside_a_pair_or_past_the_end_is_clamped() {
        let text = "a👋b";
        let map = Utf16Map::new(text);
        assert_eq!(
            map.to_byte(2),
            1,
            "the middle of the emoji's pair: its start"
        );
        assert_eq!(map.to_byte(99), text.len());
        assert_eq!(map.to_utf16(3), 1, "inside the emoji's bytes: its start");
        assert_eq!(map.to_utf16(99), 4);
    }
}
