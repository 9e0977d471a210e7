//! E-mail addresses, including the broken `marketplace. crossborder@ozon.ru` form (a stray
//! space after a dot in the local part, as the seed prints it).

use regex::Regex;
use std::sync::LazyLock;

use crate::contact::ADDRESS;
use crate::vocab::ByteRange;

/// A local-part fragment ending in a dot and white space, right before an address.
static STRAY_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)([a-z0-9_%+\-]+(?:\.[a-z0-9_%+\-]+)*)\.[ \t\u{a0}]{1,2}$").unwrap()
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
    for m in ADDRESS.find_iter(text) {
        let mut range = ByteRange::new(m.start(), m.end());
        if masked.iter().any(|r| r.overlaps(&range)) {
            continue;
        }
        let mut address = m.as_str().to_string();
        let window_start = text.floor_char_boundary(m.start().saturating_sub(80));
        if let Some(p) = STRAY_PREFIX.captures(&text[window_start..m.start()]) {
            let joined = format!("{}.{}", &p[1], m.as_str());
            if joins(&joined) {
                range.start = window_start + p.get(0).map_or(0, |g| g.start());
                address = joined;
            }
        }
        out.push(EmailMatch { range, address });
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
    fn guillemets_are_not_part_of_the_address() {
        let t = "«help@ozon.ru»";
        assert_eq!(find(t, &[], |_| false)[0].address, "help@ozon.ru");
    }
}
