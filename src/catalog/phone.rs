//! Phone numbers reduced to one key per number, however they are written.
//!
//! Parsing and formatting go through `rlibphonenumber` (a port of Google's libphonenumber):
//! hand-written digit rules get trunk prefixes and toll-free ranges wrong (the `phonenumber`
//! crate truncates 8-800 numbers), and "canonical" means what libphonenumber prints.

use rlibphonenumber::enums::Region;
use rlibphonenumber::{PHONE_NUMBER_UTIL, PhoneNumberFormat};

/// A parsed phone number: its E.164 form identifies it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PhoneKey {
    /// `+74952321000`
    pub e164: String,
    /// Whether libphonenumber's metadata accepts it as a real number of its region.
    pub valid: bool,
    /// `+7 495 232-10-00` for valid numbers, else the E.164 form.
    pub international: String,
    /// `8 (495) 232-10-00` for valid numbers, else the E.164 form.
    pub national: String,
    /// A toll-free line (`8 800 …`): callers of its own country dial it nationally, and the
    /// catalog may write it so.
    pub toll_free: bool,
}

/// Dashes and spaces templates use inside numbers, mapped to what libphonenumber expects.
fn normalise(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{2212}' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' => '-',
            '\u{a0}' | '\u{202f}' | '\u{2009}' | '\u{2007}' => ' ',
            c => c,
        })
        .collect()
}

impl PhoneKey {
    /// Parses a written number; numbers without a country code belong to `region`.
    pub fn parse(text: &str, region: Region) -> Option<PhoneKey> {
        let number = PHONE_NUMBER_UTIL
            .parse(normalise(text), Some(region))
            .ok()?;
        let e164 = number.format_as(PhoneNumberFormat::E164).to_string();
        let valid = number.is_valid();
        let toll_free = valid
            && matches!(
                PHONE_NUMBER_UTIL.get_number_type(&number),
                rlibphonenumber::PhoneNumberType::TollFree
            );
        let (international, national) = if valid {
            (
                number
                    .format_as(PhoneNumberFormat::International)
                    .to_string(),
                number.format_as(PhoneNumberFormat::National).to_string(),
            )
        } else {
            (e164.clone(), e164.clone())
        };
        Some(PhoneKey {
            e164,
            valid,
            international,
            national,
            toll_free,
        })
    }

    /// The digits of the E.164 form, for "one digit away" comparisons.
    pub fn digits(&self) -> &str {
        self.e164.trim_start_matches('+')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every number of the seed article, exactly as the article writes it.
    #[test]
    fn parses_the_seed_numbers_as_written() {
        let cases = [
            ("+7\u{a0}495\u{a0}232−10−00", "+7 495 232-10-00"),
            ("7 (812) 494−06−06", "+7 812 494-06-06"),
            ("8 (800)234−70−70", "+7 800 234-70-70"),
            ("8−800−300−30−00", "+7 800 300-30-00"),
            ("8−499−300−30−00", "+7 499 300-30-00"),
            ("+7 (495) 215−24−08", "+7 495 215-24-08"),
            ("+7 (495) 120−29−81", "+7 495 120-29-81"),
        ];
        for (written, canonical) in cases {
            let key = PhoneKey::parse(written, Region::RU).expect(written);
            assert!(key.valid, "{written}");
            assert_eq!(key.international, canonical, "{written}");
        }
    }

    #[test]
    fn every_written_form_maps_to_one_key() {
        let forms = [
            "+7 495 232-10-00",
            "84952321000",
            "8 (495) 232-10-00",
            "7 495 232 10 00",
            "+7\u{a0}(495)\u{a0}232–10–00",
            "+74952321000",
        ];
        let keys: Vec<_> = forms
            .iter()
            .map(|f| PhoneKey::parse(f, Region::RU).unwrap().e164)
            .collect();
        assert!(keys.iter().all(|k| k == "+74952321000"), "{keys:?}");
    }

    #[test]
    fn short_numbers_are_invalid_but_keyed() {
        let key = PhoneKey::parse("+7 495 232-10-0", Region::RU).unwrap();
        assert!(!key.valid);
        assert_eq!(key.digits(), "7495232100");
    }
}
