//! URLs and bare domains (`vk.com/ozon`, `https://t.me/x`, `пример.рф`), also inside «guillemets»
//! and parentheses: the `linkify` crate misses `.рф` and swallows `»`, hence this recogniser.

use regex::Regex;
use std::sync::LazyLock;

use crate::contact::{normalise_url, url_host};
use crate::vocab::ByteRange;

/// Top-level domains a bare domain must end in to count: without a scheme, "file.txt" or
/// "т.д." must not be taken for links.
const BARE_TLDS: &str = "ru|рф|su|рус|com|net|org|info|biz|me|io|co|app|dog|am|be|ly|travel|dev|tv|online|site|shop|store|club|pro";

static URL: LazyLock<Regex> = LazyLock::new(|| {
    // No `\b`: a Unicode word boundary makes the regex crate fall back to its slowest engine on
    // Cyrillic text. The boundaries are checked in code instead (`find`).
    Regex::new(&format!(
        r#"(?i)(?:https?://[^\s<>"'«»“”\[\]{{}}|\\^`]+)|(?:(?:www\.)?(?:[\p{{L}}\p{{N}}](?:[\p{{L}}\p{{N}}\-]*[\p{{L}}\p{{N}}])?\.)+(?:{BARE_TLDS})(?:/[^\s<>"'«»“”\[\]{{}}|\\^`]*)?)"#
    ))
    .unwrap()
});

/// A URL found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlMatch {
    pub range: ByteRange,
    /// Normalised: no scheme, no `www.`, lower case (`vk.com/ozon`).
    pub normalised: String,
}

impl UrlMatch {
    pub fn host(&self) -> &str {
        url_host(&self.normalised)
    }
}

/// Drops trailing punctuation that ends the sentence rather than the URL, and a closing
/// parenthesis that has no opening one inside the URL.
fn trim_end(s: &str) -> &str {
    let mut s = s;
    loop {
        let Some(last) = s.chars().next_back() else {
            return s;
        };
        let drop = match last {
            '.' | ',' | ';' | ':' | '!' | '?' | '…' => true,
            ')' => s.matches('(').count() < s.matches(')').count(),
            _ => false,
        };
        if !drop {
            return s;
        }
        s = &s[..s.len() - last.len_utf8()];
    }
}

/// The URLs in `text` outside `masked` (e-mail ranges among them: a domain after `@` is not a
/// link).
pub fn find(text: &str, masked: &[ByteRange]) -> Vec<UrlMatch> {
    let mut out = Vec::new();
    for m in URL.find_iter(text) {
        let before = text[..m.start()].chars().next_back();
        if before
            .is_some_and(|c| c.is_alphanumeric() || matches!(c, '@' | '.' | '-' | '_' | '/' | ':'))
        {
            continue;
        }
        // A bare domain must end at its top-level domain: "report.russian" is not "report.ru".
        if !m.as_str().contains("://") {
            let host_end = m.as_str().find('/').map_or(m.end(), |i| m.start() + i);
            if text[host_end..]
                .chars()
                .next()
                .is_some_and(|c| c.is_alphanumeric() || c == '_')
            {
                continue;
            }
        }
        let trimmed = trim_end(m.as_str());
        let range = ByteRange::new(m.start(), m.start() + trimmed.len());
        if range.is_empty() || masked.iter().any(|r| r.overlaps(&range)) {
            continue;
        }
        out.push(UrlMatch {
            range,
            normalised: normalise_url(trimmed),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(t: &str) -> Vec<&str> {
        find(t, &[])
            .into_iter()
            .map(|m| &t[m.range.start..m.range.end])
            .collect()
    }

    #[test]
    fn seed_link_in_parentheses() {
        assert_eq!(
            found("страница (https://vk.com/ozon) ВКонтакте"),
            ["https://vk.com/ozon"]
        );
    }

    #[test]
    fn bare_domains_guillemets_and_cyrillic() {
        assert_eq!(found("Группа «vk.com/ozon»."), ["vk.com/ozon"]);
        assert_eq!(
            found("Сайт поддержка.рф, канал t.me/ozon_help!"),
            ["поддержка.рф", "t.me/ozon_help"]
        );
        assert_eq!(found("https://пример.рф/путь»"), ["https://пример.рф/путь"]);
    }

    #[test]
    fn not_abbreviations_or_files() {
        assert!(found("и т.д. и т.п., см. report.pdf").is_empty());
        assert!(found("read report.russian and fooozon.ru_x").is_empty());
        assert!(found("id@vk.com/ozon").is_empty());
    }

    #[test]
    fn not_the_domain_of_an_email() {
        let t = "help@ozon.ru";
        let email = ByteRange::new(0, t.len());
        assert!(find(t, &[email]).is_empty());
    }

    #[test]
    fn normalised_host() {
        let m = &find("https://WWW.T.me/Ozon/", &[])[0];
        assert_eq!(m.normalised, "t.me/ozon");
        assert_eq!(m.host(), "t.me");
    }
}
