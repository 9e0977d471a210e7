//! Phone-number candidates: a fast pass over the text finds digit runs shaped like numbers;
//! libphonenumber then parses each one (see `catalog::phone`).

use rlibphonenumber::enums::Region;

use crate::catalog::PhoneKey;
use crate::vocab::ByteRange;

/// How a written number starts: it decides whether it can be dialled from abroad.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prefix {
    /// `+7 …`
    Plus,
    /// `8 …`: the domestic trunk prefix; cannot be dialled from abroad.
    Trunk,
    /// `7 …` without a plus.
    BareCountry,
    /// `(495) …`: no prefix at all.
    None,
}

/// A phone number found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhoneMatch {
    pub range: ByteRange,
    pub key: PhoneKey,
    pub prefix: Prefix,
}

/// Characters that may stand between the digits of one number.
fn is_separator(c: char) -> bool {
    matches!(
        c,
        ' ' | '\u{a0}'
            | '\u{202f}'
            | '\u{2009}'
            | '\u{2007}'
            | '-'
            | '\u{2010}'
            | '\u{2011}'
            | '\u{2012}'
            | '\u{2013}'
            | '\u{2014}'
            | '\u{2212}'
            | '('
            | ')'
    )
}

/// A character before a number that makes the digits part of something else (an id, a URL
/// path, an amount).
fn blocks_start(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '+' | '-' | '.' | '/' | '_' | '@' | '#' | '=' | '&' | ',')
}

/// The phone numbers in `text` (skipping the `masked` ranges), each parsed in `region`.
///
/// Numbers are kept when libphonenumber accepts them, or when `keep_invalid` says so (a number
/// one digit away from a catalog number is a typo worth reporting, not noise).
pub fn find(
    text: &str,
    region: Region,
    masked: &[ByteRange],
    keep_invalid: impl Fn(&PhoneKey) -> bool,
) -> Vec<PhoneMatch> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let starts = match b {
            b'0'..=b'9' => true,
            b'+' | b'(' => bytes.get(i + 1).is_some_and(u8::is_ascii_digit),
            _ => false,
        };
        if !starts || text[..i].chars().next_back().is_some_and(blocks_start) {
            i += 1;
            continue;
        }
        let Some(end) = extend(text, i) else {
            i += 1;
            continue;
        };
        let range = ByteRange::new(i, end);
        i = end;
        if masked.iter().any(|m| m.overlaps(&range)) {
            continue;
        }
        let written = &text[range.start..range.end];
        let digits: String = written.chars().filter(char::is_ascii_digit).collect();
        let prefix = if written.starts_with('+') {
            Prefix::Plus
        } else if written.starts_with('(') {
            Prefix::None
        } else if digits.starts_with('8') {
            Prefix::Trunk
        } else if digits.starts_with('7') {
            Prefix::BareCountry
        } else {
            Prefix::None
        };
        let shaped = match prefix {
            // Dots appear in dates, versions and amounts far more often than in numbers: a
            // dotted candidate counts only as a full number with its country code or trunk 8.
            _ if written.contains('.') => {
                digits.len() == 11
                    && matches!(prefix, Prefix::Plus | Prefix::Trunk | Prefix::BareCountry)
                    && !written.contains(['-', ' ', '(', ')'])
            }
            Prefix::Plus => (10..=15).contains(&digits.len()),
            Prefix::Trunk | Prefix::BareCountry => (10..=12).contains(&digits.len()),
            Prefix::None => (9..=11).contains(&digits.len()) && written.contains('('),
        };
        if !shaped {
            continue;
        }
        // `7 (812) …` is how the seed writes a number with its country code but no plus.
        let parse_text = if prefix == Prefix::BareCountry && digits.len() >= 11 {
            format!("+{written}")
        } else {
            written.to_string()
        };
        let Some(key) = PhoneKey::parse(&parse_text, region) else {
            continue;
        };
        if key.valid || keep_invalid(&key) {
            out.push(PhoneMatch { range, key, prefix });
        }
    }
    out
}

/// The end of the number starting at `start`, or `None` when it is not number-shaped.
///
/// A run of digits and separators (at most two separators in a row). Russian numbers stop after
/// their eleventh digit at a separator, so "… 10-00 1 раз" does not swallow the "1".
fn extend(text: &str, start: usize) -> Option<usize> {
    let mut digits = 0usize;
    let mut last_digit_end = None;
    let mut sep_run = 0;
    let mut first_digit = None;
    let limit = |first: Option<char>, plus: bool| -> usize {
        match (first, plus) {
            (Some('7'), _) | (Some('8'), false) => 11,
            (_, true) => 15,
            _ => 10,
        }
    };
    let plus = text[start..].starts_with('+');
    for (off, c) in text[start..].char_indices() {
        let pos = start + off;
        if c.is_ascii_digit() {
            if sep_run > 0 && digits >= limit(first_digit, plus) {
                break;
            }
            first_digit.get_or_insert(c);
            digits += 1;
            last_digit_end = Some(pos + 1);
            sep_run = 0;
        } else if off == 0 && c == '+' {
            continue;
        } else if is_separator(c)
            || (c == '.'
                && text[..pos].ends_with(|p: char| p.is_ascii_digit())
                && text[pos + 1..].starts_with(|n: char| n.is_ascii_digit()))
        {
            sep_run += 1;
            if sep_run > 2 {
                break;
            }
        } else {
            break;
        }
    }
    let end = last_digit_end?;
    // A letter or '@' right after the digits: an amount ("1000руб"), an id or an address.
    if text[end..]
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric() || c == '@')
    {
        return None;
    }
    Some(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(&str, String)> {
        find(text, Region::RU, &[], |_| false)
            .into_iter()
            .map(|m| (&text[m.range.start..m.range.end], m.key.international))
            .collect()
    }

    #[test]
    fn finds_all_seven_seed_numbers() {
        let seed = include_str!("../../fixtures/seed/ozon-support.ru.txt");
        let numbers: Vec<String> = found(seed).into_iter().map(|(_, n)| n).collect();
        assert_eq!(
            numbers,
            [
                "+7 495 232-10-00",
                "+7 812 494-06-06",
                "+7 800 234-70-70",
                "+7 800 300-30-00",
                "+7 499 300-30-00",
                "+7 495 215-24-08",
                "+7 495 120-29-81"
            ]
        );
    }

    #[test]
    fn every_separator_style() {
        for written in [
            "+7 495 232-10-00",
            "+7\u{a0}495\u{a0}232−10−00",
            "8 (495) 232–10–00",
            "+7(495)2321000",
            "84952321000",
            "+74952321000",
            "7 495 232 10 00",
            "8-495-232-10-00",
            "(495) 232-10-00",
            "8.495.232.10.00",
        ] {
            let text = format!("Звоните: {written}.");
            assert_eq!(
                found(&text),
                vec![(written, "+7 495 232-10-00".to_string())],
                "{written}"
            );
        }
    }

    #[test]
    fn does_not_take_ids_dates_and_amounts() {
        for text in [
            "Заказ 12345678-0001 доставлен.",
            "С 01.03.2023 года",
            "ИНН 7707083893",
            "vk.com/id74952321000",
            "Стоимость 84952321000руб",
            "2020–2023",
            "Заказ от 01.03.2023.",
            "Версия 8.1.2 вышла.",
            "Сумма 7.990 руб.",
            "IP 192.168.100.101",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }

    #[test]
    fn a_full_stop_after_another_number_does_not_swallow_the_phone() {
        assert_eq!(
            found("Заказ 12345678. 8 800 234-70-70")[0].0,
            "8 800 234-70-70"
        );
    }

    #[test]
    fn stops_after_the_eleventh_digit_at_a_separator() {
        assert_eq!(found("8 800 234-70-70 1 раз")[0].0, "8 800 234-70-70");
    }

    #[test]
    fn keeps_invalid_numbers_only_when_asked() {
        let text = "+7 495 232-10-001";
        assert!(found(text).is_empty());
        let kept = find(text, Region::RU, &[], |k| !k.valid);
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].key.digits(), "749523210001");
    }

    #[test]
    fn prefixes() {
        let p = |t: &str| find(t, Region::RU, &[], |_| false)[0].prefix;
        assert_eq!(p("+7 499 300-30-00"), Prefix::Plus);
        assert_eq!(p("8−499−300−30−00"), Prefix::Trunk);
        assert_eq!(p("7 (812) 494−06−06"), Prefix::BareCountry);
        assert_eq!(p("(812) 494-06-06"), Prefix::None);
    }
}
