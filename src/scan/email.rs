//! E-mail addresses, including the broken `marketplace. crossborder@ozon.ru` form (a stray
//! space after a dot in the local part, as the seed prints it).

use regex::Regex;
use std::sync::LazyLock;

use crate::contact::addresses;
use crate::vocab::ByteRange;

/// A local-part fragment ending in a dot and white space, right before an address.
static STRAY_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)([a-z0-9_%+\-]+(?:\.[a-z0-9_%+\-]+)*)\.[ \t\u{a0}]{1,2}$").unwrap()
});

/// An address with a stray space beside its `@` (`help@ ozon.ru`, `sellersup @ozon.ru`): taken
/// only when the joined address is a known one.
static SPACED_AT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[\p{L}\p{N}._%+\-]+(?:[ \t\u{a0}]@[ \t\u{a0}]?|@[ \t\u{a0}])(?:[\p{L}\p{N}](?:[\p{L}\p{N}\-]*[\p{L}\p{N}])?\.)+\p{L}{2,}").unwrap()
});

/// An address found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailMatch {
    pub range: ByteRange,
    /// The address without white space (what it was meant to be).
    pub address: String,
}

impl EmailMatch {
    pub fn domain(&self) -> &str {
        self.address.rsplit_once('@').map_or("", |(_, d)| d)
    }
}

/// The addresses in `text` outside `masked`. `joins` decides whether a stray-space form is one
/// address (it is when the joined address is a known one), so prose like "см. выше. info@…" is
/// not glued to the address that follows it.
pub fn find(text: &str, masked: &[ByteRange], joins: impl Fn(&str) -> bool) -> Vec<EmailMatch> {
    let mut out = Vec::new();
    for (start, end) in addresses(text) {
        let mut range = ByteRange::new(start, end);
        if masked.iter().any(|r| r.overlaps(&range)) {
            continue;
        }
        let found = &text[start..end];
        let mut address = found.to_string();
        let window_start = text.floor_char_boundary(start.saturating_sub(80));
        let window = &text[window_start..start];
        // Only a full stop and a space or two before the address can be a stray prefix.
        let stray = window
            .trim_end_matches([' ', '\t', '\u{a0}'])
            .ends_with('.');
        if stray && let Some(p) = STRAY_PREFIX.captures(window) {
            let joined = format!("{}.{}", &p[1], found);
            if joins(&joined) {
                range.start = window_start + p.get(0).map_or(0, |g| g.start());
                address = joined;
            }
        }
        out.push(EmailMatch { range, address });
    }
    // `@` with a space beside it: the address `addresses` missed, if it is a known one.
    if text.contains(" @")
        || text.contains("@ ")
        || text.contains("@\u{a0}")
        || text.contains("\u{a0}@")
    {
        for m in SPACED_AT.find_iter(text) {
            let range = ByteRange::new(m.start(), m.end());
            if masked.iter().any(|r| r.overlaps(&range))
                || out.iter().any(|e: &EmailMatch| e.range.overlaps(&range))
            {
                continue;
            }
            let joined: String = m.as_str().chars().filter(|c| !c.is_whitespace()).collect();
            if joins(&joined) {
                out.push(EmailMatch {
                    range,
                    address: joined,
                });
            }
        }
        out.sort_by_key(|e| e.range.start);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_plain_and_cyrillic_addresses() {
        let t = "Пишите на help@ozon.ru или на почта@пример.рф.";
        let found: Vec<_> = find(t, &[], |_| false)
            .into_iter()
            .map(|m| m.address)
            .collect();
        assert_eq!(found, ["help@ozon.ru", "почта@пример.рф"]);
    }

    #[test]
    fn joins_the_stray_space_form_when_told() {
        let t = "адрес – marketplace. crossborder@ozon.ru.";
        let m = &find(t, &[], |a| a == "marketplace.crossborder@ozon.ru")[0];
        assert_eq!(
            &t[m.range.start..m.range.end],
            "marketplace. crossborder@ozon.ru"
        );
        assert_eq!(m.address, "marketplace.crossborder@ozon.ru");
        let m = &find(t, &[], |_| false)[0];
        assert_eq!(&t[m.range.start..m.range.end], "crossborder@ozon.ru");
    }

    #[test]
    fn a_space_beside_the_at_sign_of_a_known_address() {
        let known = |a: &str| a == "help@ozon.ru" || a == "sellersup@ozon.ru";
        for (t, written) in [
            ("Пишите на help@ ozon.ru.", "help@ ozon.ru"),
            ("Write to sellersup @ozon.ru today", "sellersup @ozon.ru"),
        ] {
            let m = find(t, &[], known);
            assert_eq!(m.len(), 1, "{t}: {m:?}");
            assert_eq!(&t[m[0].range.start..m[0].range.end], written);
        }
        assert!(find("meet @ noon.com", &[], known).is_empty());
    }

    #[test]
    fn guillemets_are_not_part_of_the_address() {
        let t = "«help@ozon.ru»";
        assert_eq!(find(t, &[], |_| false)[0].address, "help@ozon.ru");
    }
}
