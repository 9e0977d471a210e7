//! How contacts are written and compared, at the ground of the core: the catalog validates its
//! own values with these and the recognisers find them in text with the same definitions, so
//! the two can never disagree on what an address is.

use std::sync::LazyLock;

/// What an e-mail address is (Unicode local parts and domains, as `почта@пример.рф`), as a
/// regex: [`addresses`] finds exactly its matches (a property test holds them equal) without
/// compiling it. Its Unicode classes cost tens of milliseconds to compile in WebAssembly, and
/// the regex's leftmost search over every byte is what `check` spends its time on in
/// contact-dense text; a scan from each `@` is linear and touches only the words around it.
#[cfg(test)]
pub(crate) const ADDRESS_PATTERN: &str =
    r"(?i)[\p{L}\p{N}._%+\-]+@(?:[\p{L}\p{N}](?:[\p{L}\p{N}\-]*[\p{L}\p{N}])?\.)+\p{L}{2,}";

/// The characters of an address's parts, as sorted ranges.
struct Classes {
    letter: Vec<(char, char)>,
    number: Vec<(char, char)>,
}

/// `\p{L}` and `\p{N}` from regex-syntax's Unicode tables (the regex's own definitions),
/// without building any automaton.
static CLASSES: LazyLock<Classes> = LazyLock::new(|| {
    let ranges = |p: &str| -> Vec<(char, char)> {
        match regex_syntax::parse(p).map(|h| h.into_kind()) {
            Ok(regex_syntax::hir::HirKind::Class(regex_syntax::hir::Class::Unicode(c))) => {
                c.ranges().iter().map(|r| (r.start(), r.end())).collect()
            }
            _ => unreachable!("{p} is a Unicode class"),
        }
    };
    Classes {
        letter: ranges(r"\p{L}"),
        number: ranges(r"\p{N}"),
    }
});

fn in_ranges(ranges: &[(char, char)], c: char) -> bool {
    let i = ranges.partition_point(|&(_, end)| end < c);
    ranges.get(i).is_some_and(|&(start, _)| start <= c)
}

fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    in_ranges(&CLASSES.letter, c)
}

fn is_alnum(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    in_ranges(&CLASSES.letter, c) || in_ranges(&CLASSES.number, c)
}

fn is_local(c: char) -> bool {
    is_alnum(c) || matches!(c, '.' | '_' | '%' | '+' | '-')
}

/// The end of the domain that starts at `from`: labels of letters, digits and inner hyphens,
/// each followed by a dot, then a top-level part of two or more letters; as many labels as
/// still leave one (the regex's greedy repetition, backtracking one label at a time).
fn domain_end(text: &str, from: usize) -> Option<usize> {
    let mut after_dots: Vec<usize> = Vec::new();
    let mut p = from;
    loop {
        let rest = &text[p..];
        let run = rest
            .char_indices()
            .find(|&(_, c)| !(is_alnum(c) || c == '-'))
            .map_or(rest.len(), |(i, _)| i);
        let label = &rest[..run];
        let valid = !label.is_empty() && !label.starts_with('-') && !label.ends_with('-');
        if !valid || !rest[run..].starts_with('.') {
            break;
        }
        p += run + 1;
        after_dots.push(p);
    }
    after_dots.iter().rev().find_map(|&at| {
        let mut letters = 0;
        let mut end = at;
        for (i, c) in text[at..].char_indices() {
            if !is_letter(c) {
                break;
            }
            letters += 1;
            end = at + i + c.len_utf8();
        }
        (letters >= 2).then_some(end)
    })
}

/// The e-mail addresses in `text` as byte ranges, leftmost first and not overlapping: the
/// matches of [`ADDRESS_PATTERN`], found from each `@`.
pub(crate) fn addresses(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut resume = 0;
    memchr::memchr_iter(b'@', text.as_bytes()).filter_map(move |at| {
        if at < resume {
            return None;
        }
        let start = text[resume..at]
            .char_indices()
            .rev()
            .take_while(|&(_, c)| is_local(c))
            .last()
            .map(|(i, _)| resume + i)?;
        let end = domain_end(text, at + 1)?;
        resume = end;
        Some((start, end))
    })
}

/// An e-mail address as compared: no white space, lower case.
pub fn normalise_email(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A URL as compared: no scheme, no `www.`, no trailing slash, lower case (`vk.com/ozon`).
pub fn normalise_url(s: &str) -> String {
    let s = s.trim();
    let s = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))
        .or_else(|| s.strip_prefix("HTTPS://"))
        .or_else(|| s.strip_prefix("HTTP://"))
        .unwrap_or(s);
    let lower = s.to_lowercase();
    let lower = lower.strip_prefix("www.").unwrap_or(&lower);
    lower.trim_end_matches('/').to_string()
}

/// The host part of a normalised URL.
pub fn url_host(normalised: &str) -> &str {
    normalised
        .split(['/', '?', '#'])
        .next()
        .unwrap_or(normalised)
}

/// Whether `s` is one whole e-mail address.
pub fn is_address(s: &str) -> bool {
    addresses(s).next() == Some((0, s.len()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn by_regex(text: &str) -> Vec<(usize, usize)> {
        regex::Regex::new(ADDRESS_PATTERN)
            .unwrap()
            .find_iter(text)
            .map(|m| (m.start(), m.end()))
            .collect()
    }

    #[test]
    fn addresses_are_the_regexs_matches() {
        for text in [
            "help@ozon.ru",
            "Пишите на help@ozon.ru.",
            "a@b.c.de и x@y.z",
            "a@b.cd.e",
            "a@-b.cd a@b-.cd a@b-c.de",
            "почта@пример.рф, sellersup@ozon.ru;ir@ozon.ru",
            "marketplace. crossborder@ozon.ru",
            "a@@b.cd @x.yz q@ a@b.c1d",
            "x@y.zz@w.vv",
            "user.name+tag@sub.domain.com1",
            "ǅa@ǅ.ǅǅ ⅷ@ⅷ.ab",
        ] {
            assert_eq!(
                addresses(text).collect::<Vec<_>>(),
                by_regex(text),
                "{text}"
            );
        }
        assert!(is_address("help@ozon.ru"));
        assert!(!is_address("help@ozon.ru."));
        assert!(!is_address("help @ozon.ru"));
    }

    proptest! {
        /// Any text built from the characters addresses are made of, and a few others.
        #[test]
        fn addresses_match_the_regex_on_any_text(
            text in proptest::collection::vec(
                prop_oneof![
                    Just('a'), Just('Z'), Just('я'), Just('Ё'), Just('7'), Just('٣'), Just('ⅷ'),
                    Just('ǅ'), Just('.'), Just('@'), Just('-'), Just('_'), Just('+'), Just('%'),
                    Just(' '), Just('\u{a0}'), Just(','), Just('😀'), Just('\u{301}'),
                ],
                0..40,
            ).prop_map(|cs| cs.into_iter().collect::<String>())
        ) {
            prop_assert_eq!(addresses(&text).collect::<Vec<_>>(), by_regex(&text));
        }
    }

    #[test]
    fn normalises_urls_and_emails() {
        assert_eq!(normalise_url("https://www.VK.com/ozon/"), "vk.com/ozon");
        assert_eq!(normalise_url("vk.com/ozon"), "vk.com/ozon");
        assert_eq!(
            normalise_email("marketplace. crossborder@OZON.ru"),
            "marketplace.crossborder@ozon.ru"
        );
    }

    #[test]
    fn whole_address_check() {
        assert!(is_address("help@ozon.ru"));
        assert!(!is_address("marketplace. crossborder@ozon.ru"));
        assert!(!is_address("help@ozon"));
    }
}
