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
    /// The country the number belongs to (ISO 3166, "RU"), when libphonenumber knows it.
    pub country: Option<String>,
}

/// How numbers are dialled in one country: what its numbers start with when written with the
/// country code or with the trunk prefix, and how long they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DialPlan {
    pub region: Region,
    /// `7`, `1`, `44`.
    pub country_code: String,
    /// The domestic trunk prefix: `8` in Russia, `0` in the UK, `1` in the US.
    pub trunk: Option<String>,
    /// The most digits of a number without its country code or trunk prefix.
    pub national_len: usize,
}

impl DialPlan {
    pub fn of(region: Region) -> Option<DialPlan> {
        let cc = PHONE_NUMBER_UTIL.get_country_code_for_region(region)?;
        // The trunk prefix is what the national form of a number writes before its national
        // digits: «8 (301) 123-45-67», "0121 234 5678"; none in "(201) 555-0123".
        let example = PHONE_NUMBER_UTIL.get_example_number(region).ok();
        let (trunk, national_len) = match &example {
            Some(n) => {
                let nsn = n.get_national_significant_number();
                let national: String = n
                    .format_as(PhoneNumberFormat::National)
                    .chars()
                    .filter(char::is_ascii_digit)
                    .collect();
                let trunk = national
                    .strip_suffix(nsn.as_str())
                    .filter(|t| !t.is_empty())
                    .map(str::to_string);
                (trunk, nsn.len())
            }
            None => (None, 10),
        };
        // In North America the leading 1 of a long-distance call is the trunk prefix too.
        let trunk = trunk.or_else(|| {
            PHONE_NUMBER_UTIL
                .is_nanpa_country(region)
                .then(|| cc.to_string())
        });
        Some(DialPlan {
            region,
            country_code: cc.to_string(),
            trunk,
            national_len: national_len.max(10),
        })
    }
}

/// The countries numbers are read for: the catalog's own region first (how a number without
/// a country code is read), then every other country one of its numbers belongs to, so the
/// catalog's own numbers are recognised in any written form whatever its region.
#[derive(Debug, Clone)]
pub struct Dialling {
    pub plans: Vec<DialPlan>,
}

impl Dialling {
    pub fn new(default: Region, others: impl IntoIterator<Item = Region>) -> Dialling {
        let mut plans: Vec<DialPlan> = DialPlan::of(default).into_iter().collect();
        for r in others {
            if !plans.iter().any(|p| p.region == r)
                && let Some(p) = DialPlan::of(r)
            {
                plans.push(p);
            }
        }
        Dialling { plans }
    }

    /// The region a number without a country code belongs to.
    pub fn default_region(&self) -> Region {
        self.plans.first().map_or(Region::RU, |p| p.region)
    }

    /// The most digits a number starting with `digits` may have when written without a plus.
    pub fn max_digits(&self, digits: &str) -> usize {
        self.plans
            .iter()
            .map(|p| {
                let lead = [p.trunk.as_deref(), Some(p.country_code.as_str())]
                    .into_iter()
                    .flatten()
                    .filter(|l| digits.starts_with(l))
                    .map(str::len)
                    .max()
                    .unwrap_or(0);
                lead + p.national_len
            })
            .max()
            .unwrap_or(11)
    }
}

impl Default for Dialling {
    fn default() -> Self {
        Dialling::new(Region::RU, [])
    }
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

/// Written numbers kept per thread before the memo starts over: a bound, so a document of
/// random digits cannot grow it without limit.
const MEMO_LIMIT: usize = 4096;

/// `PhoneKey::parse`'s answers by region and written form.
type Memo = rustc_hash::FxHashMap<(Region, Box<str>), Option<PhoneKey>>;

thread_local! {
    /// `parse`'s answers by region and written form: templates quote the same few numbers in
    /// the same few spellings, and each parse and format costs libphonenumber's regexes.
    static MEMO: std::cell::RefCell<Memo> = std::cell::RefCell::new(Default::default());
}

impl PhoneKey {
    /// Parses a written number; numbers without a country code belong to `region`.
    pub fn parse(text: &str, region: Region) -> Option<PhoneKey> {
        let key = (region, Box::<str>::from(text));
        if let Some(found) = MEMO.with(|memo| memo.borrow().get(&key).cloned()) {
            return found;
        }
        let found = Self::parse_uncached(text, region);
        MEMO.with(|memo| {
            let mut memo = memo.borrow_mut();
            if memo.len() >= MEMO_LIMIT {
                memo.clear();
            }
            memo.insert(key, found.clone());
        });
        found
    }

    fn parse_uncached(text: &str, region: Region) -> Option<PhoneKey> {
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
        let country = PHONE_NUMBER_UTIL
            .get_region_for_number(&number)
            .map(|r| r.to_string());
        Some(PhoneKey {
            e164,
            valid,
            international,
            national,
            toll_free,
            country,
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

    /// The memo answers as a parse does, for a number asked again and after it started over.
    #[test]
    fn memoised_parses_answer_as_fresh_ones() {
        let fresh = PhoneKey::parse_uncached("8 (812) 494−06−06", Region::RU);
        assert!(fresh.as_ref().is_some_and(|k| k.valid));
        assert_eq!(PhoneKey::parse("8 (812) 494−06−06", Region::RU), fresh);
        assert_eq!(PhoneKey::parse("8 (812) 494−06−06", Region::RU), fresh);
        for i in 0..MEMO_LIMIT + 1 {
            let _ = PhoneKey::parse(&format!("8 495 {:07}", i), Region::RU);
        }
        assert_eq!(PhoneKey::parse("8 (812) 494−06−06", Region::RU), fresh);
        assert_eq!(
            PhoneKey::parse("8 (812) 494−06−06", Region::GB),
            PhoneKey::parse_uncached("8 (812) 494−06−06", Region::GB)
        );
        MEMO.with(|m| assert!(m.borrow().len() <= MEMO_LIMIT));
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
    fn dial_plans_come_from_the_numbering_metadata() {
        let ru = DialPlan::of(Region::RU).unwrap();
        assert_eq!(
            (ru.country_code.as_str(), ru.trunk.as_deref()),
            ("7", Some("8"))
        );
        let gb = DialPlan::of(Region::GB).unwrap();
        assert_eq!(
            (gb.country_code.as_str(), gb.trunk.as_deref()),
            ("44", Some("0"))
        );
        let us = DialPlan::of(Region::US).unwrap();
        assert_eq!(us.country_code, "1");
        let d = Dialling::new(Region::GB, [Region::US, Region::RU]);
        assert_eq!(d.default_region(), Region::GB);
        assert_eq!(d.max_digits("0207"), 11);
        assert_eq!(d.max_digits("1844"), 11);
        assert_eq!(d.max_digits("8495"), 11);
        assert_eq!(d.max_digits("4420"), 12);
        let key = PhoneKey::parse("+1 844 555 0140", Region::GB).unwrap();
        assert_eq!(key.country.as_deref(), Some("US"));
    }

    #[test]
    fn short_numbers_are_invalid_but_keyed() {
        let key = PhoneKey::parse("+7 495 232-10-0", Region::RU).unwrap();
        assert!(!key.valid);
        assert_eq!(key.digits(), "7495232100");
    }
}
