//! Splitting text into tokens: words, numbers, punctuation, and contacts found by the
//! recognisers (a phone number is one token, never a row of numbers).

use crate::vocab::ByteRange;

use super::fold::fold;
use super::stem::forms;
use std::sync::{Arc, LazyLock};

/// The folded form and stem of a token that has none (punctuation, a contact): one shared
/// empty text.
fn no_stem() -> Arc<str> {
    static EMPTY: LazyLock<Arc<str>> = LazyLock::new(|| Arc::from(""));
    EMPTY.clone()
}

/// What a contact token is, as the recognisers found it; frames can ask for one by shape
/// (`<phone>`, `<email>`) without knowing the catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ContactShape {
    Phone,
    Email,
    Link,
    /// A chat path from the catalog («Помощь» → «Контакты» → онлайн-чат).
    ChatPath,
    /// Any other `{{…}}` placeholder: a word-sized hole in the sentence, never a contact.
    Placeholder,
}

/// A punctuation mark and what stands around it, which decides whether it ends a clause: the
/// dash in «линия – не работает» does, the one in «5–10 минут» does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Punct {
    pub ch: char,
    pub spaced_before: bool,
    pub spaced_after: bool,
    /// A digit right before and right after it, no space: `5–10`, `10:00`, `1,5`.
    pub between_digits: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    Number,
    /// A contact the recognisers found, with the caller's tag for it.
    Contact(ContactShape, u32),
    Punct(Punct),
}

/// One token of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub range: ByteRange,
    pub kind: TokenKind,
    /// Folded surface form (words and numbers; empty otherwise): what cues are matched on.
    pub folded: Arc<str>,
    /// Stem (words; numbers as written; empty otherwise): what claim words are matched on.
    pub stem: Arc<str>,
    /// Joined to the previous word by a hyphen with no space (`онлайн-чат`, `из-за`): one
    /// compound, whose parts still match claim words one by one.
    pub joined: bool,
}

impl Token {
    /// Whether the token counts as a word of the sentence (for the distances frames allow).
    pub fn is_wordlike(&self) -> bool {
        !matches!(self.kind, TokenKind::Punct(_))
    }
}

/// What a character is to the tokenizer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Letter,
    /// Any numeric character (`7`, `٣`, `Ⅻ`): numbers are split from letters.
    Digit,
    Space,
    Other,
}

/// The class of `c`, with ASCII and the Cyrillic letters (nearly every character of a template)
/// answered without Unicode's tables; the rest as `char`'s own predicates answer.
#[inline]
fn class(c: char) -> Class {
    match c {
        'a'..='z' | 'A'..='Z' => Class::Letter,
        '0'..='9' => Class::Digit,
        ' ' | '\n' | '\t' | '\r' | '\x0b' | '\x0c' => Class::Space,
        c if c.is_ascii() => Class::Other,
        // The Cyrillic block's letters (its signs and combining marks U+0482–U+0489 excluded).
        '\u{400}'..='\u{481}' | '\u{48a}'..='\u{4ff}' => Class::Letter,
        c if c.is_whitespace() => Class::Space,
        c if c.is_numeric() => Class::Digit,
        c if c.is_alphanumeric() => Class::Letter,
        _ => Class::Other,
    }
}

fn is_alphanumeric(c: char) -> bool {
    matches!(class(c), Class::Letter | Class::Digit)
}

fn is_space(c: char) -> bool {
    class(c) == Class::Space
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ')
}

/// The bytes from the start of `words[a]` to the end of `words[end - 1]`: where a cue or phrase
/// found at word positions `a..end` of a clause or sentence stands in the text.
pub fn span_of(words: &[&Token], (a, end): (usize, usize)) -> ByteRange {
    ByteRange::new(words[a].range.start, words[end - 1].range.end)
}

/// The tokens of `text`. `contacts` are the spans the recognisers found (sorted, not
/// overlapping), each with its shape and a tag the caller uses to find it again; each becomes
/// one token, whatever it contains.
pub fn tokenize(text: &str, contacts: &[(ByteRange, ContactShape, u32)]) -> Vec<Token> {
    tokenize_in(text, ByteRange::new(0, text.len()), contacts)
}

/// The tokens of `text[body.start..body.end]`, with ranges into `text`.
pub fn tokenize_in(
    text: &str,
    body: ByteRange,
    contacts: &[(ByteRange, ContactShape, u32)],
) -> Vec<Token> {
    let end_of_body = body.end.min(text.len());
    let text = &text[..end_of_body];
    let mut out: Vec<Token> = Vec::with_capacity(body.len() / 5);
    let mut next_contact = 0;
    let mut i = body.start;
    // Whether a hyphen between two word characters was just passed.
    let mut hyphen_join = false;
    while i < text.len() {
        while next_contact < contacts.len() && contacts[next_contact].0.end <= i {
            next_contact += 1;
        }
        if let Some(&(range, shape, tag)) = contacts.get(next_contact)
            && range.start <= i
        {
            out.push(Token {
                range,
                kind: TokenKind::Contact(shape, tag),
                folded: no_stem(),
                stem: no_stem(),
                joined: false,
            });
            i = range.end.max(i + 1);
            hyphen_join = false;
            continue;
        }
        let c = text[i..].chars().next().expect("i is on a char boundary");
        let len = c.len_utf8();
        let class_c = class(c);
        if class_c == Class::Space {
            hyphen_join = false;
            i += len;
            continue;
        }
        if matches!(class_c, Class::Letter | Class::Digit) {
            let digits = class_c == Class::Digit;
            let start = i;
            let mut end = i + len;
            let limit = contacts.get(next_contact).map_or(text.len(), |c| c.0.start);
            while end < limit {
                let d = text[end..].chars().next().expect("boundary");
                let same_class = class(d) == class_c;
                let apostrophe = !digits
                    && is_apostrophe(d)
                    && text[end + d.len_utf8()..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphabetic);
                if same_class || apostrophe || matches!(d, '\u{301}' | '\u{300}' | '\u{ad}') {
                    end += d.len_utf8();
                } else {
                    break;
                }
            }
            let surface = &text[start..end];
            let (kind, (folded, stem)) = if digits {
                // Numbers are their own stem, and too varied to be worth a cache entry.
                let folded: Arc<str> = if surface.bytes().all(|b| b.is_ascii_digit()) {
                    surface.into()
                } else {
                    fold(surface).into()
                };
                (TokenKind::Number, (folded.clone(), folded))
            } else {
                (TokenKind::Word, forms(surface))
            };
            out.push(Token {
                range: ByteRange::new(start, end),
                kind,
                folded,
                stem,
                joined: hyphen_join,
            });
            hyphen_join = false;
            i = end;
            continue;
        }
        let prev = text[..i].chars().next_back();
        let next = text[i + len..].chars().next();
        if is_hyphen(c)
            && prev.is_some_and(is_alphanumeric)
            && next.is_some_and(is_alphanumeric)
            && !(prev.is_some_and(|p| p.is_ascii_digit())
                && next.is_some_and(|n| n.is_ascii_digit()))
        {
            hyphen_join = true;
            i += len;
            continue;
        }
        out.push(Token {
            range: ByteRange::new(i, i + len),
            kind: TokenKind::Punct(Punct {
                ch: c,
                spaced_before: prev.is_none_or(is_space),
                spaced_after: next.is_none_or(is_space),
                between_digits: prev.is_some_and(|p| p.is_ascii_digit())
                    && next.is_some_and(|n| n.is_ascii_digit()),
            }),
            folded: no_stem(),
            stem: no_stem(),
            joined: false,
        });
        hyphen_join = false;
        i += len;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<(String, bool)> {
        tokenize(text, &[])
            .into_iter()
            .filter(Token::is_wordlike)
            .map(|t| (t.folded.to_string(), t.joined))
            .collect()
    }

    #[test]
    fn words_numbers_and_compounds() {
        assert_eq!(
            words("Premium-продавцы из-за рубежа: 1–3 мин."),
            [
                ("premium".into(), false),
                ("продавцы".into(), true),
                ("из".into(), false),
                ("за".into(), true),
                ("рубежа".into(), false),
                ("1".into(), false),
                ("3".into(), false),
                ("мин".into(), false),
            ]
        );
    }

    #[test]
    fn apostrophes_stay_inside_words() {
        assert_eq!(words("We can’t help")[1].0, "can't");
    }

    #[test]
    fn digits_and_letters_split() {
        assert_eq!(words("10мин")[0].0, "10");
        assert_eq!(words("10мин")[1].0, "мин");
    }

    #[test]
    fn dashes_know_their_surroundings() {
        let t = tokenize("линия – нет, 5–10", &[]);
        let dashes: Vec<Punct> = t
            .iter()
            .filter_map(|t| match t.kind {
                TokenKind::Punct(p) if p.ch == '–' => Some(p),
                _ => None,
            })
            .collect();
        assert!(dashes[0].spaced_before && dashes[0].spaced_after && !dashes[0].between_digits);
        assert!(dashes[1].between_digits);
    }

    #[test]
    fn contacts_are_single_tokens() {
        let text = "Звоните +7 495 232-10-00 сейчас";
        let start = text.find('+').unwrap();
        let end = start + "+7 495 232-10-00".len();
        let t = tokenize(
            text,
            &[(ByteRange::new(start, end), ContactShape::Phone, 7)],
        );
        assert_eq!(t.len(), 3);
        assert_eq!(t[1].kind, TokenKind::Contact(ContactShape::Phone, 7));
    }

    #[test]
    fn character_classes_agree_with_unicode() {
        // The fast paths answer as `char`'s own predicates do, over every character of the
        // planes templates are written in.
        for c in (0..0x3_0000).filter_map(char::from_u32) {
            let want = if c.is_whitespace() {
                Class::Space
            } else if c.is_numeric() {
                Class::Digit
            } else if c.is_alphanumeric() {
                Class::Letter
            } else {
                Class::Other
            };
            assert_eq!(class(c), want, "{c:?} U+{:04X}", c as u32);
        }
    }

    #[test]
    fn stems_are_computed() {
        let t = tokenize("выделенную линию", &[]);
        assert_eq!(&*t[0].stem, "выделен");
        assert_eq!(&*t[1].stem, "лин");
    }
}
