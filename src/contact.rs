//! How contacts are written and compared, at the ground of the core: the catalog validates its
//! own values with these and the recognisers find them in text with the same definitions, so
//! the two can never disagree on what an address is.

use regex::Regex;
use std::sync::LazyLock;

/// An e-mail address (Unicode local parts and domains, as `почта@пример.рф`).
pub(crate) static ADDRESS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)[\p{L}\p{N}._%+\-]+@(?:[\p{L}\p{N}](?:[\p{L}\p{N}\-]*[\p{L}\p{N}])?\.)+\p{L}{2,}",
    )
    .unwrap()
});

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
    ADDRESS
        .find(s)
        .is_some_and(|m| m.start() == 0 && m.end() == s.len())
}

#[cfg(test)]
mod tests {
    use super::*;

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
