//! Phone-number candidates: a fast pass over the text finds digit runs shaped like numbers;
//! libphonenumber then parses each one (see `catalog::phone`).

use crate::catalog::PhoneKey;
use crate::catalog::phone::{DialPlan, Dialling};
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

/// What a catalog knows of a number: whether it is one of its own, or one digit from one.
pub struct Known<'a> {
    /// A catalog number exactly.
    pub exact: &'a dyn Fn(&PhoneKey) -> bool,
    /// Worth keeping though libphonenumber rejects it (one digit from a catalog number).
    pub keep_invalid: &'a dyn Fn(&PhoneKey) -> bool,
}

/// How a written number starts for dial plan `plan`.
fn prefix_for(written: &str, digits: &str, plan: &DialPlan) -> Prefix {
    if written.starts_with('+') {
        Prefix::Plus
    } else if written.starts_with('(') {
        Prefix::None
    } else if plan.trunk.as_deref().is_some_and(|t| digits.starts_with(t)) {
        Prefix::Trunk
    } else if digits.starts_with(plan.country_code.as_str())
        && digits.len() > plan.country_code.len() + plan.national_len - 2
    {
        Prefix::BareCountry
    } else {
        Prefix::None
    }
}

/// Whether a candidate looks like a number of `plan` written with `prefix` (rather than an
/// id, a date or an amount): only such candidates may be numbers the catalog does not know.
fn shaped(written: &str, digits: &str, prefix: Prefix, plan: &DialPlan) -> bool {
    let lead = match prefix {
        Prefix::Trunk => plan.trunk.as_deref().map_or(0, str::len),
        Prefix::BareCountry => plan.country_code.len(),
        _ => 0,
    };
    let full = lead + plan.national_len;
    match prefix {
        // Dots appear in dates, versions and amounts far more often than in numbers: a
        // dotted candidate counts only as a full number with its country code or trunk prefix.
        _ if written.contains('.') => {
            digits.len() == full
                && matches!(prefix, Prefix::Plus | Prefix::Trunk | Prefix::BareCountry)
                && !written.contains(['-', ' ', '(', ')'])
        }
        Prefix::Plus => (8..=15).contains(&digits.len()),
        Prefix::Trunk | Prefix::BareCountry => (full - 1..=full + 1).contains(&digits.len()),
        Prefix::None => (full - 1..=full + 1).contains(&digits.len()) && written.contains('('),
    }
}

/// The phone numbers in `text` (skipping the `masked` ranges).
///
/// A candidate is read with each of `dialling`'s plans, the catalog's own region first: the
/// first reading that is a catalog number wins, whatever its region (a US line written
/// "1-(844) 555-0140" in a catalog for the UK). Otherwise the candidate counts only when it is
/// number-shaped for the catalog's region and libphonenumber accepts it there, or when it is
/// one digit from a catalog number (a typo worth reporting, not noise).
pub fn find(
    text: &str,
    dialling: &Dialling,
    masked: &[ByteRange],
    known: &Known<'_>,
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
        let Some(end) = extend(text, i, dialling) else {
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
        if digits.len() < 7 {
            continue;
        }
        let mut readings = dialling.plans.iter().filter_map(|plan| {
            let prefix = prefix_for(written, &digits, plan);
            // `7 (812) …` is how the seed writes a number with its country code but no plus.
            let parse_text = if prefix == Prefix::BareCountry {
                format!("+{written}")
            } else {
                written.to_string()
            };
            let key = PhoneKey::parse(&parse_text, plan.region)?;
            Some((key, prefix, shaped(written, &digits, prefix, plan)))
        });
        // A bare run of digits one digit longer or shorter than a number is an ID far more often
        // than a typo (an INN «7812494060» beside «78124940606»): only a run of a number's own
        // length, or one written with separators, is taken as a mistyped number.
        let id_like = written.bytes().all(|b| b.is_ascii_digit())
            && digits.len() != dialling.max_digits(&digits[..digits.len().min(4)]);
        let mut fallback: Option<(PhoneKey, Prefix)> = None;
        let mut first = true;
        let found = readings.find_map(|(key, prefix, is_shaped)| {
            if (known.exact)(&key) {
                return Some((key, prefix));
            }
            let counts =
                is_shaped && ((first && key.valid) || (!id_like && (known.keep_invalid)(&key)));
            if counts && fallback.is_none() {
                fallback = Some((key, prefix));
            }
            first = false;
            None
        });
        if let Some((key, prefix)) = found.or(fallback) {
            out.push(PhoneMatch { range, key, prefix });
        }
    }
    out
}

/// The end of the number starting at `start`, or `None` when it is not number-shaped.
///
/// A run of digits and separators (at most two separators in a row). A number stops at a
/// separator once it has the digits its country's numbers have (eleven for «8 800 …»), so
/// "… 10-00 1 раз" does not swallow the "1".
fn extend(text: &str, start: usize, dialling: &Dialling) -> Option<usize> {
    let mut digits = 0usize;
    let mut last_digit_end = None;
    let mut sep_run = 0;
    let mut seen = String::new();
    let plus = text[start..].starts_with('+');
    // How many digits a number written this way has: past them, a separator ends it.
    let limit = |seen: &str| -> usize { if plus { 15 } else { dialling.max_digits(seen) } };
    for (off, c) in text[start..].char_indices() {
        let pos = start + off;
        if c.is_ascii_digit() {
            if sep_run > 0 && digits >= limit(&seen) {
                break;
            }
            if seen.len() < 4 {
                seen.push(c);
            }
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
    use rlibphonenumber::enums::Region;

    fn ru() -> Dialling {
        Dialling::new(Region::RU, [])
    }

    fn find_ru(text: &str, keep_invalid: &dyn Fn(&PhoneKey) -> bool) -> Vec<PhoneMatch> {
        let exact = |_: &PhoneKey| false;
        find(
            text,
            &ru(),
            &[],
            &Known {
                exact: &exact,
                keep_invalid,
            },
        )
    }

    fn found(text: &str) -> Vec<(&str, String)> {
        find_ru(text, &|_| false)
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
    fn a_bare_id_one_digit_off_a_number_is_no_typo_but_a_number_of_its_length_is() {
        // Even when every invalid number would be kept as a typo of a catalog number.
        let typos = |text: &str| -> Vec<String> {
            find_ru(text, &|_| true)
                .into_iter()
                .map(|m| text[m.range.start..m.range.end].to_string())
                .collect()
        };
        assert!(typos("Продавец: ИНН 7812494060, ОГРН 1127847494061.").is_empty());
        assert_eq!(typos("Звоните 78124940607."), vec!["78124940607"]);
        assert_eq!(typos("Звоните +7 812 494-06-0."), vec!["+7 812 494-06-0"]);
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
        let kept = find_ru(text, &|k| !k.valid);
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].key.digits(), "749523210001");
    }

    #[test]
    fn prefixes() {
        let p = |t: &str| find_ru(t, &|_| false)[0].prefix;
        assert_eq!(p("+7 499 300-30-00"), Prefix::Plus);
        assert_eq!(p("8−499−300−30−00"), Prefix::Trunk);
        assert_eq!(p("7 (812) 494−06−06"), Prefix::BareCountry);
        assert_eq!(p("(812) 494-06-06"), Prefix::None);
    }

    /// A catalog's own numbers are read in their own country's ways, whatever the catalog's
    /// region; other numbers only in the catalog's region.
    #[test]
    fn the_catalogs_own_numbers_in_any_countrys_spelling() {
        let d = Dialling::new(Region::GB, [Region::US, Region::CA]);
        let own = ["+18445550140", "+442079460321", "+16045550188"];
        let exact = |k: &PhoneKey| own.contains(&k.e164.as_str());
        let none = |_: &PhoneKey| false;
        let known = Known {
            exact: &exact,
            keep_invalid: &none,
        };
        for (written, e164) in [
            ("1-(844) 555-0140", "+18445550140"),
            ("1 844 555 0140", "+18445550140"),
            ("844-555-0140", "+18445550140"),
            ("(844) 555-0140", "+18445550140"),
            ("+1 844 555 0140", "+18445550140"),
            ("020 7946 0321", "+442079460321"),
            ("+44 (0)20 7946 0321", "+442079460321"),
            ("604-555-0188", "+16045550188"),
        ] {
            let text = format!("Call {written} today.");
            let m = find(&text, &d, &[], &known);
            assert_eq!(m.len(), 1, "{written}: {m:?}");
            assert_eq!(m[0].key.e164, e164, "{written}");
            assert_eq!(&text[m[0].range.start..m[0].range.end], written);
        }
        // A number the catalog does not know is read only as the catalog's region reads it.
        assert!(find("Order 844-555-0199 shipped.", &d, &[], &known).is_empty());
        let p = |t: &str| find(t, &d, &[], &known)[0].prefix;
        assert_eq!(p("1-(844) 555-0140"), Prefix::Trunk);
        assert_eq!(p("020 7946 0321"), Prefix::Trunk);
    }
}
