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
        if let Some(p) = prepared::plan(region) {
            return Some(p);
        }
        Self::from_metadata(region)
    }

    fn from_metadata(region: Region) -> Option<DialPlan> {
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
        let found = prepared::phone(text, region).unwrap_or_else(|| {
            #[cfg(test)]
            prepared::record_miss(text, region);
            #[cfg(test)]
            prepared::UNPREPARED.with(|n| n.set(n.get() + 1));
            Self::parse_uncached(text, region)
        });
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

/// libphonenumber's answers for the embedded catalogs' own numbers and dial plans, written
/// down ahead of time (`phone_prepared.rs`, checked against libphonenumber by the tests):
/// loading the embedded catalog then needs no libphonenumber, whose metadata and regexes take
/// ~100 ms to set up in WebAssembly, and a text without numbers never pays for it.
mod prepared {
    use super::{DialPlan, PhoneKey, Region};

    /// One prepared answer of [`PhoneKey::parse`].
    struct Phone {
        written: &'static str,
        region: &'static str,
        key: Option<Key>,
    }

    struct Key {
        e164: &'static str,
        valid: bool,
        international: &'static str,
        national: &'static str,
        toll_free: bool,
        country: Option<&'static str>,
    }

    /// One prepared answer of [`DialPlan::of`].
    struct Plan {
        region: &'static str,
        country_code: &'static str,
        trunk: Option<&'static str>,
        national_len: usize,
    }

    // The generated tables: `PHONES` and `PLANS`.
    include!("phone_prepared.rs");

    pub(super) fn phone(text: &str, region: Region) -> Option<Option<PhoneKey>> {
        #[cfg(test)]
        if MISSES.with(|m| m.borrow().is_some()) {
            return None;
        }
        let code = region.to_string();
        let p = PHONES
            .iter()
            .find(|p| p.written == text && p.region == code)?;
        Some(p.key.as_ref().map(|k| PhoneKey {
            e164: k.e164.to_string(),
            valid: k.valid,
            international: k.international.to_string(),
            national: k.national.to_string(),
            toll_free: k.toll_free,
            country: k.country.map(str::to_string),
        }))
    }

    pub(super) fn plan(region: Region) -> Option<DialPlan> {
        #[cfg(test)]
        if MISSES.with(|m| m.borrow().is_some()) {
            PLAN_REQUESTS.with(|r| r.borrow_mut().push(region));
            return None;
        }
        let code = region.to_string();
        let p = PLANS.iter().find(|p| p.region == code)?;
        Some(DialPlan {
            region,
            country_code: p.country_code.to_string(),
            trunk: p.trunk.map(str::to_string),
            national_len: p.national_len,
        })
    }

    #[cfg(test)]
    thread_local! {
        /// While a test records (`Some`), every number parsed, and no prepared answer is used.
        pub(super) static MISSES: std::cell::RefCell<Option<Vec<(String, Region)>>> =
            const { std::cell::RefCell::new(None) };
        /// Numbers parsed by libphonenumber itself (no memo, no prepared answer).
        pub(super) static UNPREPARED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
        /// The dial plans asked for while recording.
        pub(super) static PLAN_REQUESTS: std::cell::RefCell<Vec<Region>> =
            const { std::cell::RefCell::new(Vec::new()) };
    }

    #[cfg(test)]
    pub(super) fn record_miss(text: &str, region: Region) {
        MISSES.with(|m| {
            if let Some(v) = m.borrow_mut().as_mut() {
                v.push((text.to_string(), region));
            }
        });
    }

    /// What loading the embedded catalogs asks libphonenumber, with its answers.
    #[cfg(test)]
    pub(super) type Answers = (Vec<(String, String, Option<PhoneKey>)>, Vec<DialPlan>);

    #[cfg(test)]
    pub(super) fn asked() -> Answers {
        super::MEMO.with(|m| m.borrow_mut().clear());
        MISSES.with(|m| *m.borrow_mut() = Some(Vec::new()));
        PLAN_REQUESTS.with(|r| r.borrow_mut().clear());
        for (toml, origin) in [
            (
                crate::catalog::load::DEFAULT_CATALOG_TOML,
                crate::catalog::Origin::Default,
            ),
            (
                crate::catalog::load::BASE_CATALOG_TOML,
                crate::catalog::Origin::Base,
            ),
        ] {
            crate::catalog::Catalog::from_toml(toml, origin).expect("the embedded catalog loads");
        }
        let mut phones = MISSES.with(|m| m.borrow_mut().take()).unwrap_or_default();
        super::MEMO.with(|m| m.borrow_mut().clear());
        phones.sort_by_key(|(t, r)| (r.to_string(), t.clone()));
        phones.dedup();
        let mut plans = PLAN_REQUESTS.with(|r| std::mem::take(&mut *r.borrow_mut()));
        plans.sort_by_key(|r| r.to_string());
        plans.dedup();
        (
            phones
                .into_iter()
                .map(|(t, r)| {
                    let key = PhoneKey::parse_uncached(&t, r);
                    (t, r.to_string(), key)
                })
                .collect(),
            plans
                .into_iter()
                .filter_map(DialPlan::from_metadata)
                .collect(),
        )
    }

    /// The prepared tables, in the same shape.
    #[cfg(test)]
    pub(super) fn tables() -> Answers {
        (
            PHONES
                .iter()
                .map(|p| {
                    let region = Region::from_code(p.region).expect("a region code");
                    (
                        p.written.to_string(),
                        p.region.to_string(),
                        phone(p.written, region).flatten(),
                    )
                })
                .collect(),
            PLANS
                .iter()
                .filter_map(|p| plan(Region::from_code(p.region).ok()?))
                .collect(),
        )
    }

    /// `phone_prepared.rs` for `answers`.
    #[cfg(test)]
    pub(super) fn render((phones, plans): &Answers) -> String {
        use std::fmt::Write;
        let mut out = String::from(
            "// @generated by `MACROLINT_BLESS=1 cargo test --lib prepared_answers`: libphonenumber's\n\
             // answers for the embedded catalogs' numbers, included into `phone.rs`'s `mod prepared`\n\
             // (which defines `Phone`, `Key` and `Plan`). Do not edit.\n\n\
             const PHONES: &[Phone] = &[\n",
        );
        for (text, region, key) in phones {
            let key = match key {
                None => "None".to_string(),
                Some(k) => format!(
                    "Some(Key {{ e164: {:?}, valid: {}, international: {:?}, national: {:?}, toll_free: {}, country: {:?} }})",
                    k.e164, k.valid, k.international, k.national, k.toll_free, k.country
                ),
            };
            let _ = writeln!(
                out,
                "    Phone {{ written: {text:?}, region: {region:?}, key: {key} }},"
            );
        }
        out.push_str("];\n\nconst PLANS: &[Plan] = &[\n");
        for p in plans {
            let _ = writeln!(
                out,
                "    Plan {{ region: {:?}, country_code: {:?}, trunk: {:?}, national_len: {} }},",
                p.region.to_string(),
                p.country_code,
                p.trunk,
                p.national_len
            );
        }
        out.push_str("];\n");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The prepared answers are libphonenumber's, for every number and dial plan loading the
    /// embedded catalogs asks about (the file is regenerated with `MACROLINT_BLESS=1`).
    #[test]
    fn prepared_answers_are_libphonenumbers() {
        let want = prepared::asked();
        if std::env::var_os("MACROLINT_BLESS").is_some() {
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/catalog/phone_prepared.rs");
            std::fs::write(path, prepared::render(&want)).expect("write phone_prepared.rs");
            return;
        }
        assert!(
            prepared::tables() == want,
            "src/catalog/phone_prepared.rs is out of date: run `MACROLINT_BLESS=1 cargo test --lib prepared_answers`"
        );
        // With the answers in place, loading asks libphonenumber nothing.
        MEMO.with(|m| m.borrow_mut().clear());
        prepared::UNPREPARED.with(|n| n.set(0));
        let loaded = crate::catalog::Catalog::from_toml(
            crate::catalog::load::DEFAULT_CATALOG_TOML,
            crate::catalog::Origin::Default,
        )
        .unwrap();
        assert!(loaded.channels.iter().any(|c| c.phone.is_some()));
        assert_eq!(prepared::UNPREPARED.with(|n| n.get()), 0);
        for p in &loaded.dialling.plans {
            assert_eq!(Some(p.clone()), DialPlan::from_metadata(p.region));
        }
    }

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
