//! `contact-format`: a known contact written in a non-canonical or undiallable way. The fix is
//! safe: it rewrites the same contact in the catalog's canonical form.

use super::{ABROAD, Form, Input};
use crate::finding::{Finding, Fix, Message};
use crate::rules::Rule;
use crate::scan::Prefix;

/// White space that is as good as a space inside a number (and keeps it on one line).
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

pub(super) fn check(input: &Input<'_>, out: &mut Vec<Finding>) {
    for r in &input.refs {
        let c = input.channel(r);
        let Some(value) = &c.value else { continue };
        let written = input.written(r.range);
        let accepted =
            same_spacing(written, value) || c.variants.iter().any(|v| same_spacing(written, v));
        let mut why: Vec<(&str, &str)> = Vec::new();
        match r.form {
            Form::Phone(p) => {
                let abroad = input.region_at(r.range.start) == Some(ABROAD)
                    || (c.callable_from.len() == 1 && c.callable_from.contains(ABROAD));
                if p.prefix == Prefix::Trunk && abroad {
                    why.push((
                        "«8» не набрать из-за рубежа, нужен +7",
                        "a leading 8 cannot be dialled from abroad; use +7",
                    ));
                } else if accepted {
                    continue;
                }
                if written.contains([
                    '\u{2212}', '\u{2010}', '\u{2011}', '\u{2012}', '\u{2013}', '\u{2014}',
                ]) {
                    why.push((
                        "тире или знак минус вместо дефиса",
                        "a dash or minus sign instead of a hyphen",
                    ));
                }
                if matches!(p.prefix, Prefix::BareCountry | Prefix::None) {
                    why.push(("нет «+»", "no leading +"));
                }
            }
            Form::Email => {
                if accepted {
                    continue;
                }
                if written.chars().any(char::is_whitespace) {
                    why.push(("лишний пробел в адресе", "a stray space in the address"));
                }
                if written.chars().any(char::is_uppercase) {
                    why.push(("заглавные буквы", "capital letters"));
                }
            }
            Form::Url => {
                if accepted {
                    continue;
                }
            }
            Form::Literal | Form::Placeholder => continue,
        }
        let (ru, en) = if why.is_empty() {
            (
                "не в канонической форме".to_string(),
                "is not in canonical form".to_string(),
            )
        } else {
            (
                why.iter().map(|w| w.0).collect::<Vec<_>>().join(", "),
                why.iter().map(|w| w.1).collect::<Vec<_>>().join(", "),
            )
        };
        let msg = Message::new(
            format!("Контакт записан не так, как в каталоге ({ru}): пишите {value}."),
            format!("The contact is not written as in the catalog ({en}): write {value}."),
        );
        if let Some(f) = input.finding(Rule::ContactFormat, r.range, msg) {
            let fix = Fix::replace(
                Message::new(format!("Записать как {value}"), format!("Write as {value}")),
                true,
                r.range,
                value.clone(),
            );
            out.push(f.with_channel(&c.id).with_fix(fix));
        }
    }
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
            .expect("a contact-format finding");
        assert!(f.fixes[0].safe);
        f.fixes[0].edits[0].replacement.clone()
    }

    #[test]
    fn canonical_forms_and_accepted_variants_pass() {
        for ok in [
            "+7 495 232-10-00",
            "+7\u{a0}495\u{a0}232-10-00",
            "8 (800) 234-70-70",
            "help@ozon.ru",
            "vk.com/ozon",
            "https://vk.com/ozon",
        ] {
            assert!(of(ok, &[], Rule::ContactFormat).is_empty(), "{ok}");
        }
    }

    #[test]
    fn non_canonical_forms_are_rewritten() {
        assert_eq!(fix_of("+7 (495) 232−10−00"), "+7 495 232-10-00");
        assert_eq!(fix_of("84952321000"), "+7 495 232-10-00");
        assert_eq!(fix_of("Help@Ozon.ru"), "help@ozon.ru");
        assert_eq!(fix_of("http://www.vk.com/ozon"), "https://vk.com/ozon");
    }

    #[test]
    fn a_trunk_eight_abroad_is_undiallable_even_in_an_accepted_form() {
        let f = findings("Из-за рубежа: 8 (800) 234-70-70", &[]);
        let f = f.iter().find(|f| f.rule == Rule::ContactFormat).unwrap();
        assert!(f.message.en.contains("cannot be dialled from abroad"));
    }
}
