//! `contact-format`: a known contact written in a way that misleads or does not dial. Every
//! spelling that dials the same number with ordinary separators — spaces, no-break spaces,
//! hyphens, brackets, digits run together, `8` or `+7` for callers at home — is fine. What is
//! not: a bare leading `7` without `+`, dashes and minus signs a dialler rejects, a leading `8`
//! for a reader abroad (on a line that can be called from there: an 8-800 line is a
//! `wrong-region` instead), a `tel:` link not in its link form, a stray space or capitals in an
//! e-mail address. The fix is safe: it repairs the same contact, keeping the writer's spelling
//! where it dials.

use super::{Form, Input, Out};
use crate::finding::{ByteRange, Edit, Fix, Lang, Message};
use crate::rules::Rule;
use crate::scan::Prefix;

/// Characters a dialler rejects where a hyphen belongs.
fn is_bad_dash(c: char) -> bool {
    matches!(
        c,
        '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}' | '\u{2212}' | '\u{fe63}' | '\u{ff0d}'
    )
}

/// White space that is as good as a space inside a value.
fn same_spacing(a: &str, b: &str) -> bool {
    let norm = |s: &str| -> String {
        s.chars()
            .map(|c| {
                if matches!(c, '\u{a0}' | '\u{202f}') {
                    ' '
                } else {
                    c
                }
            })
            .collect()
    };
    norm(a) == norm(b)
}

/// Whether `text` ends with a link scheme (`tel:`, `mailto:`), case-insensitively.
fn after_scheme(text: &str, at: usize, scheme: &str) -> bool {
    let from = text.floor_char_boundary(at.saturating_sub(scheme.len() + 2));
    let before = text[from..at].to_ascii_lowercase();
    before.ends_with(scheme) || before.ends_with(&format!("{scheme}//"))
}

pub(super) fn check(input: &Input<'_>, out: &mut Out) {
    for r in &input.refs {
        let c = input.channel(r);
        let Some(value) = &c.value else { continue };
        let written = input.written(r.range);
        let accepted =
            same_spacing(written, value) || c.variants.iter().any(|v| same_spacing(written, v));
        let mut why: Vec<(String, String)> = Vec::new();
        let repaired: String;
        // The smallest edits that repair it (only the characters at fault change, so an
        // `&nbsp;` or a `\u00a0` around them stays as written), in the written text's offsets.
        let mut edits: Vec<Edit> = Vec::new();
        match r.form {
            Form::Phone(p) => {
                if after_scheme(input.text, r.range.start, "tel:") {
                    let link = &p.key.e164;
                    let global = written.starts_with('+')
                        && written.chars().all(|ch| {
                            ch.is_ascii_digit() || matches!(ch, '+' | '-' | '.' | '(' | ')')
                        });
                    if global
                        && written
                            .chars()
                            .filter(char::is_ascii_digit)
                            .eq(link.chars().skip(1))
                    {
                        continue;
                    }
                    why.push((
                        "в ссылке tel: номер пишут в международном формате, без пробелов".into(),
                        "a tel: link takes the number in international form, without spaces".into(),
                    ));
                    repaired = link.clone();
                    edits.push(Edit {
                        range: r.range,
                        replacement: link.clone(),
                    });
                } else {
                    let at = |i: usize| ByteRange::new(r.range.start + i, r.range.start + i);
                    if written.chars().any(is_bad_dash) {
                        why.push((
                            "тире или знак минус вместо дефиса: такой номер не набрать".into(),
                            "a dash or minus sign instead of a hyphen, which does not dial".into(),
                        ));
                        for (i, ch) in written.char_indices().filter(|(_, ch)| is_bad_dash(*ch)) {
                            let start = r.range.start + i;
                            edits.push(Edit {
                                range: ByteRange::new(start, start + ch.len_utf8()),
                                replacement: "-".into(),
                            });
                        }
                    }
                    let first_digit = written.find(|ch: char| ch.is_ascii_digit()).unwrap_or(0);
                    if p.prefix == Prefix::BareCountry {
                        why.push((
                            "нет «+» перед кодом страны".into(),
                            "no + before the country code".into(),
                        ));
                        edits.push(Edit {
                            range: at(first_digit),
                            replacement: "+".into(),
                        });
                    }
                    if p.prefix == Prefix::Trunk
                        && let Some(region) = foreign_reader(input, r.range.start, c, p)
                        && input.catalog.regions.can_call(&c.callable_from, &region)
                    {
                        let from = input.catalog.regions.from_words(&region, Lang::Ru);
                        let from_en = input.catalog.regions.from_words(&region, Lang::En);
                        let cc = country_prefix(p);
                        let trunk = trunk_of(written, p);
                        why.push((
                            format!("«{trunk}» не набрать {from}, нужен {cc}"),
                            format!("a leading {trunk} cannot be dialled {from_en}; use {cc}"),
                        ));
                        let start = r.range.start + first_digit;
                        edits.push(Edit {
                            range: ByteRange::new(start, start + trunk.len()),
                            replacement: cc,
                        });
                    }
                    if why.is_empty() {
                        continue;
                    }
                    edits.sort_by_key(|e| (e.range.start, e.range.end));
                    repaired = apply_local(written, r.range.start, &edits);
                }
            }
            Form::Email => {
                let mailto = after_scheme(input.text, r.range.start, "mailto:");
                if accepted {
                    continue;
                }
                if written.chars().any(char::is_whitespace) {
                    why.push((
                        "лишний пробел в адресе".into(),
                        "a stray space in the address".into(),
                    ));
                }
                if written.chars().any(char::is_uppercase) {
                    why.push(("заглавные буквы".into(), "capital letters".into()));
                }
                if why.is_empty() {
                    continue;
                }
                if mailto {
                    why.push((
                        "в ссылке mailto: это ломает адрес".into(),
                        "in a mailto: link this breaks the address".into(),
                    ));
                }
                repaired = value.clone();
                edits.push(Edit {
                    range: r.range,
                    replacement: value.clone(),
                });
            }
            Form::Url | Form::Literal | Form::Placeholder => continue,
        }
        let ru = why
            .iter()
            .map(|w| w.0.as_str())
            .collect::<Vec<_>>()
            .join("; ");
        let en = why
            .iter()
            .map(|w| w.1.as_str())
            .collect::<Vec<_>>()
            .join("; ");
        let msg = Message::new(
            format!(
                "{} записан неверно ({ru}): пишите {repaired}.",
                kind_noun(r, Lang::Ru)
            ),
            format!(
                "The {} is written wrong ({en}): write {repaired}.",
                kind_noun(r, Lang::En)
            ),
        );
        if let Some(f) = input.finding(Rule::ContactFormat, r.range, msg) {
            let fix = Fix {
                title: Message::new(
                    format!("Записать как {repaired}"),
                    format!("Write as {repaired}"),
                ),
                safe: true,
                display_only: false,
                edits,
            };
            out.findings.push(f.with_channel(&c.id).with_fix(fix));
        }
    }
}

/// `written` (which starts at byte `base` of the text) with `edits` applied.
fn apply_local(written: &str, base: usize, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(written.len() + 2);
    let mut pos = 0;
    for e in edits {
        let (s, t) = (e.range.start - base, e.range.end - base);
        out.push_str(&written[pos..s]);
        out.push_str(&e.replacement);
        pos = t;
    }
    out.push_str(&written[pos..]);
    out
}

fn kind_noun(r: &super::Reference<'_>, lang: Lang) -> &'static str {
    match (r.form, lang) {
        (Form::Phone(_), Lang::Ru) => "Номер",
        (Form::Phone(_), Lang::En) => "number",
        (_, Lang::Ru) => "Адрес",
        (_, Lang::En) => "address",
    }
}

/// `+7` for a Russian number: the country code of the number as parsed.
fn country_prefix(p: &crate::scan::PhoneMatch) -> String {
    let cc: String = p
        .key
        .international
        .trim_start_matches('+')
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    format!("+{cc}")
}

/// The trunk prefix a number is written with: its digits before the national number («8» of
/// «8 800 …», "0" of "020 …", "1" of "1-844-…").
fn trunk_of(written: &str, p: &crate::scan::PhoneMatch) -> String {
    let digits: String = written.chars().filter(char::is_ascii_digit).collect();
    let national = p
        .key
        .digits()
        .strip_prefix(country_prefix(p).trim_start_matches('+'))
        .unwrap_or("");
    digits
        .strip_suffix(national)
        .filter(|t| !t.is_empty() && t.len() <= 2)
        .unwrap_or(&digits[..1])
        .to_string()
}

/// The region of a reader outside the number's country at `offset`, if the text places one
/// there; a line callable only from abroad puts its readers abroad by itself.
fn foreign_reader(
    input: &Input<'_>,
    offset: usize,
    c: &crate::catalog::Channel,
    p: &crate::scan::PhoneMatch,
) -> Option<String> {
    let regions = &input.catalog.regions;
    let home = p
        .key
        .country
        .clone()
        .unwrap_or_else(|| input.catalog.region.to_string());
    if let Some(r) = input.region_at(offset)
        && regions.is_outside(r, &home)
    {
        return Some(r.to_string());
    }
    let only_outside =
        !c.callable_from.is_empty() && c.callable_from.iter().all(|r| regions.is_outside(r, &home));
    only_outside
        .then(|| c.callable_from.iter().next().cloned())
        .flatten()
}

#[cfg(test)]
mod tests {
    use crate::rules::Rule;
    use crate::rules::testing::{findings, of};

    fn fix_of(text: &str) -> String {
        let f = findings(text, &[]);
        let f = f
            .iter()
            .find(|f| f.rule == Rule::ContactFormat)
            .unwrap_or_else(|| panic!("a contact-format finding in {text:?}: {f:#?}"));
        assert!(f.fixes[0].safe);
        let start = f.range.start;
        let mut written = text[start..f.range.end].to_string();
        for e in f.fixes[0].edits.iter().rev() {
            written.replace_range(e.range.start - start..e.range.end - start, &e.replacement);
        }
        written
    }

    #[test]
    fn every_ordinary_spelling_dials_and_passes() {
        for ok in [
            "+7 495 232-10-00",
            "+7\u{a0}495\u{a0}232-10-00",
            "8 (495) 232-10-00",
            "84952321000",
            "+74952321000",
            "8-495-232-10-00",
            "(495) 232-10-00",
            "+7 (495) 232 10 00",
            "8 800 234-70-70",
            "8 (800) 234-70-70",
            "8800 234 70 70",
            "help@ozon.ru",
            "vk.com/ozon",
            "https://vk.com/ozon",
            "http://www.vk.com/ozon",
        ] {
            let text = format!("Звоните или пишите: {ok}.");
            assert!(of(&text, &[], Rule::ContactFormat).is_empty(), "{ok}");
        }
    }

    #[test]
    fn what_does_not_dial_is_repaired_in_the_writers_own_spelling() {
        assert_eq!(fix_of("+7 (495) 232−10−00"), "+7 (495) 232-10-00");
        assert_eq!(fix_of("7 (812) 494−06−06"), "+7 (812) 494-06-06");
        assert_eq!(fix_of("7 495 232 10 00"), "+7 495 232 10 00");
        assert_eq!(fix_of("Help@Ozon.ru"), "help@ozon.ru");
        assert_eq!(
            fix_of("marketplace. crossborder@ozon.ru"),
            "marketplace.crossborder@ozon.ru"
        );
    }

    #[test]
    fn two_spellings_of_one_number_stay_two() {
        let t = "Звоните +7 495 232−10−00 (или 8 495 232−10−00).";
        let f = findings(t, &[]);
        let fixed =
            crate::fix::apply(t, &crate::fix::edits_for(&f, crate::fix::Safety::SafeOnly)).unwrap();
        assert_eq!(fixed, "Звоните +7 495 232-10-00 (или 8 495 232-10-00).");
    }

    #[test]
    fn a_leading_eight_abroad_on_a_line_callable_from_abroad() {
        assert_eq!(
            fix_of("Из-за рубежа звоните 8 (495) 232-10-00"),
            "+7 (495) 232-10-00"
        );
        let f = findings("Из-за рубежа звоните 8 800 234-70-70", &[]);
        assert!(f.iter().all(|f| f.rule != Rule::ContactFormat), "{f:#?}");
        assert!(f.iter().any(|f| f.rule == Rule::WrongRegion), "{f:#?}");
    }

    #[test]
    fn tel_links_take_the_link_form() {
        assert_eq!(fix_of("tel:8 (495) 232-10-00"), "+74952321000");
        assert!(of("tel:+74952321000", &[], Rule::ContactFormat).is_empty());
        assert!(of("tel:+7-495-232-10-00", &[], Rule::ContactFormat).is_empty());
    }
}
