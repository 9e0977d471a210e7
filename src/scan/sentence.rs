//! Sentence boundaries: the window in which a phrase, a claim's `unless` and an "abroad"
//! phrase must stand together with what they qualify.

use crate::vocab::ByteRange;

/// The sentences of `text`, trimmed of surrounding white space, in order.
///
/// A sentence ends after `.`, `!`, `?` or `…` followed by white space, or at a line break:
/// templates put one thought per line or list item far more often than they wrap prose. A
/// full stop after a short word that goes on in lower case is an abbreviation's («до 1 марта
/// 2023 г. клиенты…», «т. е. вы…»), not a sentence's end.
pub fn sentences(text: &str) -> Vec<ByteRange> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let end = match c {
            '\n' | '\r' => Some(i),
            '.' if abbreviation(text, i) => None,
            '.' | '!' | '?' | '…' => match chars.peek() {
                Some((_, next)) if next.is_whitespace() => Some(i + c.len_utf8()),
                None => Some(i + c.len_utf8()),
                _ => None,
            },
            _ => None,
        };
        if let Some(end) = end {
            push_trimmed(text, start, end, &mut out);
            start = end;
        }
    }
    push_trimmed(text, start, text.len(), &mut out);
    out
}

/// Whether the full stop at `dot` closes an abbreviation: a word of at most three letters
/// standing on its own (not the end of `ozon.ru`), then spaces on the same line and a lower-case
/// letter.
fn abbreviation(text: &str, dot: usize) -> bool {
    let before = &text[..dot];
    let word = before.len() - before.trim_end_matches(|c: char| c.is_alphabetic()).len();
    let letters = before[before.len() - word..].chars().count();
    let standalone = before[..before.len() - word]
        .chars()
        .next_back()
        .is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '«' | '"'));
    let after = &text[dot + 1..];
    let rest = after.trim_start_matches([' ', '\t', '\u{a0}']);
    (1..=3).contains(&letters)
        && standalone
        && rest.len() < after.len()
        && rest.chars().next().is_some_and(char::is_lowercase)
}

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<ByteRange>) {
    let slice = &text[start..end];
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    if lead + trail < slice.len() {
        out.push(ByteRange::new(start + lead, end - trail));
    }
}

/// The sentence that contains byte `offset`, if any.
pub fn containing(sentences: &[ByteRange], offset: usize) -> Option<ByteRange> {
    let i = sentences.partition_point(|s| s.end <= offset);
    sentences.get(i).copied().filter(|s| s.start <= offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(t: &str) -> Vec<&str> {
        sentences(t).iter().map(|r| &t[r.start..r.end]).collect()
    }

    #[test]
    fn splits_on_terminators_and_lines() {
        assert_eq!(
            texts("Позвоните нам. Или напишите!\n• help@ozon.ru\n\nvk.com/ozon"),
            vec![
                "Позвоните нам.",
                "Или напишите!",
                "• help@ozon.ru",
                "vk.com/ozon"
            ]
        );
    }

    #[test]
    fn dots_inside_addresses_do_not_split() {
        assert_eq!(
            texts("Пишите на help@ozon.ru или vk.com/ozon."),
            vec!["Пишите на help@ozon.ru или vk.com/ozon."]
        );
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        assert_eq!(
            texts("До 1 марта 2023 г. клиенты звонили. Теперь пишут в чат."),
            vec!["До 1 марта 2023 г. клиенты звонили.", "Теперь пишут в чат."]
        );
        assert_eq!(
            texts("Т. е. вы можете написать."),
            vec!["Т. е. вы можете написать."]
        );
        // An address's last part, a capital, a number or a new line: the sentence ends.
        assert_eq!(texts("Пишите на help@ozon.ru. vk.com/ozon").len(), 2);
        assert_eq!(texts("Это всё. Звоните.").len(), 2);
        assert_eq!(texts("Это всё. 8 800 234-70-70").len(), 2);
        assert_eq!(texts("До 2023 г.\nклиенты").len(), 2);
    }

    #[test]
    fn containing_finds_the_sentence() {
        let t = "Один. Два три.";
        let s = sentences(t);
        assert_eq!(containing(&s, t.find("три").unwrap()), Some(s[1]));
        assert_eq!(containing(&s, t.find(' ').unwrap()), None);
    }
}
